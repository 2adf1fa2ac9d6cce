"""The training loop's core: it learns, it is reproducible, its losses are PyTorch's, and focal
loss with gamma = 0 trains exactly like cross-entropy."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import lossviz
from lossviz.errors import InputError
from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.training import (
    LOSSES,
    Comparison,
    TrainingConfig,
    TrainingRun,
    build_model,
    check_loss,
    decision_grid,
    inverse_frequency_weights,
    training_loss,
)

CPU = torch.device("cpu")
#: Well-separated blobs: any of the losses should fit them.
SEPARABLE = make_dataset("blobs", points=300, classes=3, seed=0)
IMBALANCED = make_dataset("blobs", points=400, classes=3, imbalance=8.0, label_noise=0.1, seed=2)
rng = np.random.default_rng(0)
LOGITS = rng.normal(size=(12, 4)) * 3
LABELS = rng.integers(0, 4, size=12)


def _run(dataset, steps=200, **options) -> TrainingRun:
    run = TrainingRun(dataset, TrainingConfig(steps=steps, **options), CPU)
    run.step(steps)
    return run


def _parameters(run: TrainingRun) -> list[np.ndarray]:
    return [p.detach().numpy().copy() for p in run.model.parameters()]


# The losses, checked against PyTorch in float64 (values and gradients).


def _reference(config: TrainingConfig, weight: np.ndarray | None):
    """lossviz's step-by-step loss for ``config``, itself checked against PyTorch."""
    if config.loss == "focal":
        return lossviz.focal_loss(LOGITS, LABELS, gamma=config.focal_gamma)
    return lossviz.cross_entropy(
        LOGITS,
        LABELS,
        weight=weight if config.loss == "weighted_cross_entropy" else None,
        label_smoothing=config.smoothing if config.loss == "label_smoothing" else 0.0,
    )


@pytest.mark.parametrize(
    "config",
    [
        TrainingConfig(loss="cross_entropy"),
        TrainingConfig(loss="weighted_cross_entropy"),
        TrainingConfig(loss="focal", focal_gamma=0.0),
        TrainingConfig(loss="focal", focal_gamma=0.5),
        TrainingConfig(loss="focal", focal_gamma=2.0),
        TrainingConfig(loss="label_smoothing", smoothing=0.1),
        TrainingConfig(loss="label_smoothing", smoothing=0.7),
    ],
)
def test_training_loss_values_and_gradients_match_pytorch(config):
    weight = inverse_frequency_weights(LABELS, 4)
    z = torch.tensor(LOGITS, requires_grad=True)
    loss = training_loss(z, torch.tensor(LABELS), config, torch.tensor(weight))
    loss.backward()
    reference = _reference(config, weight)
    assert loss.item() == pytest.approx(reference.loss, rel=1e-12)
    np.testing.assert_allclose(z.grad.numpy(), reference.grad, rtol=1e-10, atol=1e-14)


def test_weighted_cross_entropy_is_pytorchs_weighted_mean():
    weight = torch.tensor([0.5, 2.0, 1.0, 3.0], dtype=torch.float64)
    z, y = torch.tensor(LOGITS), torch.tensor(LABELS)
    expected = F.cross_entropy(z, y, weight=weight)
    config = TrainingConfig(loss="weighted_cross_entropy")
    assert training_loss(z, y, config, weight).item() == pytest.approx(expected.item(), rel=1e-15)


def test_inverse_frequency_weights():
    labels = np.array([0] * 6 + [1] * 3 + [2])
    weights = inverse_frequency_weights(labels, 3)
    np.testing.assert_allclose(weights, [10 / 18, 10 / 9, 10 / 3])
    np.testing.assert_allclose(weights * np.bincount(labels), 10 / 3)  # N / C per class
    np.testing.assert_array_equal(inverse_frequency_weights(np.array([0, 1, 2]), 3), [1, 1, 1])
    assert inverse_frequency_weights(np.array([0, 0]), 2)[1] == 1.0  # an empty class counts once


def test_weighted_runs_use_the_weights_of_the_training_labels():
    run = TrainingRun(IMBALANCED, TrainingConfig(loss="weighted_cross_entropy"), CPU)
    np.testing.assert_array_equal(
        run.class_weight, inverse_frequency_weights(IMBALANCED.labels, IMBALANCED.num_classes)
    )
    assert TrainingRun(IMBALANCED, TrainingConfig(), CPU).class_weight is None


# Training.


@pytest.mark.parametrize("loss", LOSSES)
def test_the_loss_goes_down_on_separable_data(loss):
    run = _run(SEPARABLE, steps=200, loss=loss)
    history = run.history
    assert history.shape == (200,) and np.isfinite(history).all()
    assert history[-1] < 0.5 * history[0]
    assert history[-20:].mean() < history[:20].mean()
    snapshot = run.snapshot()
    assert snapshot.accuracy > 0.95
    assert (snapshot.per_class_accuracy > 0.9).all()


@pytest.mark.parametrize("loss", LOSSES)
def test_the_same_seed_gives_the_same_curve(loss):
    first, again = _run(IMBALANCED, 80, loss=loss, seed=3), _run(IMBALANCED, 80, loss=loss, seed=3)
    np.testing.assert_array_equal(first.history, again.history)
    for a, b in zip(_parameters(first), _parameters(again), strict=True):
        np.testing.assert_array_equal(a, b)
    other = _run(IMBALANCED, 80, loss=loss, seed=4)
    assert not np.array_equal(first.history, other.history)


@pytest.mark.parametrize("dataset", [SEPARABLE, IMBALANCED])
def test_focal_with_gamma_zero_trains_exactly_like_cross_entropy(dataset):
    """At gamma = 0 the factor (1 - p_t)^0 is exactly 1 and its gradient exactly 0, so every
    gradient, hence every Adam step and every weight, is identical bit for bit. The recorded
    loss values may differ in the last bit of float32 (about 1e-7): F.cross_entropy and
    ``.mean()`` add the per-sample losses in different orders."""
    ce = _run(dataset, 150, loss="cross_entropy")
    focal = _run(dataset, 150, loss="focal", focal_gamma=0.0)
    for a, b in zip(_parameters(ce), _parameters(focal), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(focal.history, ce.history, rtol=1e-6, atol=0)
    np.testing.assert_array_equal(focal.snapshot().probs, ce.snapshot().probs)


def test_focal_with_gamma_two_trains_differently():
    ce = _run(IMBALANCED, 50, loss="cross_entropy")
    focal = _run(IMBALANCED, 50, loss="focal", focal_gamma=2.0)
    assert focal.history[0] < ce.history[0]  # the factor is below 1 for every point
    assert not np.allclose(_parameters(ce)[0], _parameters(focal)[0])


def test_chunks_do_not_change_the_run():
    whole = _run(IMBALANCED, 90, loss="focal")
    chunked = TrainingRun(IMBALANCED, TrainingConfig(steps=90, loss="focal"), CPU)
    assert [chunked.step(n) for n in (1, 29, 0, 40, 100)] == [1, 29, 0, 40, 20]
    np.testing.assert_array_equal(chunked.history, whole.history)
    timed = TrainingRun(IMBALANCED, TrainingConfig(steps=90, loss="focal"), CPU)
    while not timed.done:
        assert timed.train_for(0.001) >= 1
    np.testing.assert_array_equal(timed.history, whole.history)
    assert timed.train_for(1.0) == 0 and timed.step(5) == 0


def test_train_for_stops_at_max_steps():
    run = TrainingRun(SEPARABLE, TrainingConfig(steps=50), CPU)
    assert run.train_for(60.0, max_steps=7) == 7 and run.steps_done == 7


def test_training_leaves_the_thread_count_as_it_was():
    before = torch.get_num_threads()
    _run(SEPARABLE, 5)
    assert torch.get_num_threads() == before


def test_the_initial_weights_follow_pytorchs_default_bounds():
    model = build_model(3, 64, seed=0, device=CPU)
    first, _, second = model
    assert first.weight.dtype == torch.float32
    assert first.weight.abs().max() <= 1 / np.sqrt(2)
    assert second.weight.abs().max() <= 1 / 8 and second.bias.abs().max() <= 1 / 8
    again = build_model(3, 64, seed=0, device=CPU)
    for a, b in zip(model.parameters(), again.parameters(), strict=True):
        assert torch.equal(a, b)
    other = build_model(3, 64, seed=1, device=CPU)
    assert not torch.equal(first.weight, other[0].weight)


def test_building_a_model_leaves_the_global_generator_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    build_model(3, 16, seed=5, device=CPU)
    assert torch.equal(torch.rand(3), expected)


# Snapshots.


def test_a_snapshot_holds_what_the_charts_need():
    run = _run(IMBALANCED, 60, loss="weighted_cross_entropy")
    snap = run.snapshot()
    n, c = IMBALANCED.num_points, IMBALANCED.num_classes
    assert (snap.step, snap.steps, snap.done) == (60, 60, True)
    np.testing.assert_array_equal(snap.losses, run.history)
    assert snap.logits.shape == snap.probs.shape == (n, c)
    np.testing.assert_allclose(snap.probs.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_array_equal(snap.predicted, snap.probs.argmax(axis=1))
    truth = IMBALANCED.clean_labels
    np.testing.assert_array_equal(snap.true_class_prob, snap.probs[np.arange(n), truth])
    assert snap.accuracy == pytest.approx((snap.predicted == truth).mean())
    for k in range(c):
        mine = truth == k
        assert snap.per_class_accuracy[k] == pytest.approx((snap.predicted[mine] == k).mean())
        assert snap.per_class_true_prob[k] == pytest.approx(snap.true_class_prob[mine].mean())
    g = snap.grid.shape[1]
    assert snap.grid_probs.shape == (g, g, c) and snap.grid_class.shape == (g, g)
    assert (
        snap.grid[0][0] < IMBALANCED.x[:, 0].min() and snap.grid[1][-1] > IMBALANCED.x[:, 1].max()
    )
    assert snap.loss == pytest.approx(
        training_loss(
            run.model(torch.tensor(IMBALANCED.x, dtype=torch.float32)),
            torch.tensor(IMBALANCED.labels),
            run.config,
            torch.tensor(run.class_weight, dtype=torch.float32),
        ).item()
    )
    with pytest.raises(ValueError):
        snap.probs[0, 0] = 1.0


def test_the_grid_rows_are_y_and_columns_are_x():
    run = _run(SEPARABLE, 100)
    snap = run.snapshot()
    row, column = 5, 60
    point = torch.tensor([[snap.grid[0][column], snap.grid[1][row]]], dtype=torch.float32)
    expected = torch.softmax(run.model(point), dim=1).detach().numpy()[0]
    np.testing.assert_allclose(snap.grid_probs[row, column], expected, rtol=1e-5)


def test_a_snapshot_is_computed_once_per_step():
    run = TrainingRun(SEPARABLE, TrainingConfig(steps=10), CPU)
    first = run.snapshot()
    assert run.snapshot() is first and first.step == 0 and first.losses.shape == (0,)
    run.step(1)
    assert run.snapshot() is not first and run.snapshot().step == 1


def test_decision_grid_spans_the_points():
    grid = decision_grid(np.array([[-1.0, 2.0], [3.0, 4.0]]), size=5, margin=1.0)
    assert grid.shape == (2, 5)
    assert grid[0].tolist() == [-2.0, -0.5, 1.0, 2.5, 4.0]
    assert grid[1][0] == 1.0 and grid[1][-1] == 5.0


@pytest.mark.parametrize("loss", LOSSES)
def test_the_training_loss_agrees_with_lossvizs_step_by_step_loss(loss):
    run = _run(IMBALANCED, 30, loss=loss, focal_gamma=1.5, smoothing=0.2)
    snap = run.snapshot()
    check = check_loss(snap.logits, IMBALANCED.labels, run.config, snap.loss, run.class_weight)
    assert check.agrees and check.difference < 1e-6
    assert check.training == snap.loss
    wrong = check_loss(snap.logits, IMBALANCED.labels, run.config, snap.loss + 1e-3)
    assert not wrong.agrees


# Bad input.


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss": "hinge"}, "loss must be one of cross_entropy, weighted_cross_entropy"),
        ({"hidden": 0}, "hidden must be a whole number between 1 and 1024"),
        ({"hidden": 8.0}, "hidden must be a whole number"),
        ({"focal_gamma": -1.0}, "focal_gamma must be a number between 0 and 10"),
        ({"smoothing": 1.5}, "smoothing must be a number between 0 and 1"),
        ({"lr": 0.0}, "lr must be a number above 0 and at most 1"),
        ({"lr": float("inf")}, "lr must be a number above 0"),
        ({"steps": 0}, "steps must be a whole number between 1 and 10000"),
        ({"seed": -3}, "seed must be a whole number"),
    ],
)
def test_bad_configurations_raise_an_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        TrainingConfig(**kwargs)


def test_a_run_needs_a_dataset_and_a_config():
    with pytest.raises(InputError, match="dataset must be a ToyDataset"):
        TrainingRun(np.zeros((3, 2)), TrainingConfig())
    with pytest.raises(InputError, match="config must be a TrainingConfig"):
        TrainingRun(SEPARABLE, {"steps": 3})


def test_canonical_configurations_ignore_what_their_loss_ignores():
    assert TrainingConfig(smoothing=0.5).canonical() == TrainingConfig()
    assert TrainingConfig(loss="focal", focal_gamma=1.0).canonical().focal_gamma == 1.0
    assert TrainingConfig(loss="focal", smoothing=0.3).canonical().smoothing == 0.1


# Two runs side by side: the state the page drives.


def _pair(steps=40, **b_options) -> tuple[Comparison, dict]:
    configs = {"A": TrainingConfig(steps=steps), "B": TrainingConfig(steps=steps, **b_options)}
    pair = Comparison(CPU)
    assert pair.configure(SEPARABLE, configs) == ("A", "B")
    return pair, configs


def test_start_some_steps_stop_and_resume():
    pair, _ = _pair(40, loss="focal")
    assert not pair.running and not pair.started and pair.advance(10.0) == 0
    pair.start()
    assert pair.running
    taken = pair.advance(0.0)  # one round: one step of each
    assert taken == 2 and pair.started
    pair.stop()
    assert pair.advance(10.0) == 0 and pair.runs["A"].steps_done == 1
    pair.start()
    while pair.running:
        pair.advance(0.01)
        assert pair.runs["A"].steps_done == pair.runs["B"].steps_done  # in lockstep
    assert pair.done and not pair.running
    pair.start()  # nothing left to do
    assert not pair.running


def test_chunked_pairs_train_like_single_runs():
    pair, configs = _pair(30, loss="label_smoothing")
    pair.start()
    while pair.running:
        pair.advance(0.001)
    for name, config in configs.items():
        alone = TrainingRun(SEPARABLE, config, CPU)
        alone.step(30)
        np.testing.assert_array_equal(pair.runs[name].history, alone.history)


def test_reset_goes_back_to_the_initial_weights():
    pair, _ = _pair(20)
    initial = _parameters(pair.runs["A"])
    pair.start()
    pair.advance(10.0)
    assert pair.done
    pair.reset()
    assert not pair.running and not pair.started and not pair.done
    for a, b in zip(initial, _parameters(pair.runs["A"]), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_changed_setting_rebuilds_only_that_run():
    pair, configs = _pair(20)
    pair.start()
    pair.advance(10.0)
    run_a = pair.runs["A"]
    changed = {**configs, "B": TrainingConfig(steps=20, loss="focal")}
    pair.start()
    assert pair.configure(SEPARABLE, changed) == ("B",)
    assert pair.runs["A"] is run_a and pair.runs["B"].steps_done == 0 and not pair.running
    ignored = {**changed, "A": TrainingConfig(steps=20, focal_gamma=4.0)}  # CE ignores gamma
    assert pair.configure(SEPARABLE, ignored) == ()
    other_data = make_dataset("blobs", points=300, classes=3, seed=1)
    assert pair.configure(other_data, ignored) == ("A", "B")
    assert pair.configure(other_data, {"A": ignored["A"]}) == () and list(pair.runs) == ["A"]


def test_going_back_to_earlier_settings_finds_their_runs_as_they_were():
    pair, configs = _pair(20)
    pair.start()
    pair.advance(10.0)
    trained = dict(pair.runs)
    other = {name: TrainingConfig(steps=20, lr=0.05) for name in configs}
    assert pair.configure(SEPARABLE, other) == ("A", "B")
    assert pair.runs["A"].steps_done == 0
    assert pair.configure(SEPARABLE, configs) == ("A", "B")
    assert pair.runs == trained and pair.done
    for k in range(Comparison.KEEP + 1):  # the oldest settings are forgotten
        pair.configure(SEPARABLE, {"A": TrainingConfig(steps=20, seed=10 + k)})
    pair.configure(SEPARABLE, configs)
    assert pair.runs["A"] is not trained["A"] and pair.runs["A"].steps_done == 0


def test_reset_also_resets_the_kept_run():
    pair, configs = _pair(10)
    pair.start()
    pair.advance(10.0)
    pair.reset()
    pair.configure(SEPARABLE, {name: TrainingConfig(steps=10, lr=0.05) for name in configs})
    pair.configure(SEPARABLE, configs)
    assert pair.runs["A"].steps_done == 0


def test_a_run_looks_back_at_its_recorded_steps_as_they_were():
    """The weights kept at a step give the same numbers as a run stopped there."""
    data = make_dataset("moons", points=200, classes=2, label_noise=0.1, seed=3)
    config = TrainingConfig(steps=300, loss="focal", seed=2)
    full, short = TrainingRun(data, config, "cpu"), TrainingRun(data, config, "cpu")
    full.step(300)
    short.step(18)
    assert full.record_every == 6 and full.recorded_steps[:4] == [0, 6, 12, 18]
    assert full.recorded_steps[-1] == 300 and len(full.recorded_steps) == 51
    back, there = full.snapshot_at(20), short.snapshot()  # 20 is not recorded: 18 is
    assert back.step == there.step == 18
    np.testing.assert_array_equal(back.losses, there.losses)
    np.testing.assert_array_equal(back.logits, there.logits)
    np.testing.assert_array_equal(back.grid_probs, there.grid_probs)
    assert back.loss == there.loss and back.accuracy == there.accuracy
    assert full.snapshot_at(300) is full.snapshot()
    assert full.snapshot_at(0).step == 0 and len(full.snapshot_at(0).losses) == 0


def test_a_comparison_looks_back_at_the_steps_both_runs_recorded():
    data = make_dataset("blobs", points=200, seed=1)
    pair = Comparison("cpu")
    pair.configure(
        data, {"A": TrainingConfig(steps=40), "B": TrainingConfig(steps=40, loss="focal")}
    )
    pair.start()
    pair.advance(seconds=60.0)
    assert pair.done and pair.recorded_steps() == list(range(41))
    back = pair.snapshots(at=10)
    assert {name: snap.step for name, snap in back.items()} == {"A": 10, "B": 10}
    assert pair.snapshots(at=None)["A"].step == 40
