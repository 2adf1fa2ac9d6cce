"""The common mistakes, checked against PyTorch itself in float64: every value a demonstration
shows is what running its code gives, every error is the one PyTorch raises."""

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import InputError, cross_entropy
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import random_batch
from lossviz.kl import kl_div_calls
from lossviz.lessons.code import CSV_NAME
from lossviz.lessons.mistakes import (
    BATCH_MISTAKES,
    MISTAKES,
    SAMPLE_MISTAKES,
    batch_problem,
    demonstrate,
)
from lossviz.views.mistakes.tables import calls_table

X = torch.tensor([[2.0, 1.0, -1.0]], dtype=torch.float64)
Y = torch.tensor([0])

#: A batch every batch mistake can run on: labels 0..2 with the last class present, weights
#: whose label sum is not N.
LOGITS = np.array([[0.5, 2.0, -1.0], [1.3, 1.3, 2.6], [3.0, -2.0, 0.0], [0.1, 0.2, 0.3]])
LABELS = np.array([1, 2, 0, 2])
WEIGHT = np.array([1.0, 3.0, 0.5])


def _namespace(demo) -> dict:
    namespace: dict = {}
    exec(compile(demo.setup, "<setup>", "exec"), namespace)
    return namespace


def _run_code(demo, call):
    """What running the call's code after the setup gives: the value (and the gradient on
    ``logits`` when the setup asks for one), or the error as ``Type: message``."""
    namespace = _namespace(demo)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = eval(call.code, namespace)
    except (RuntimeError, IndexError) as error:
        return None, f"{type(error).__name__}: {str(error).splitlines()[0]}", None
    grad = None
    logits = namespace.get("logits")
    if isinstance(logits, torch.Tensor) and logits.requires_grad:
        (grad,) = torch.autograd.grad(out, logits)
        grad = grad.numpy()
    return out.item(), None, grad


def _check_every_call(demo):
    for call in demo.calls:
        value, error, grad = _run_code(demo, call)
        assert call.error == error, call.case
        if error is None:
            assert call.value == pytest.approx(value, rel=1e-12, abs=1e-14), call.case
        if call.grad is not None:
            np.testing.assert_allclose(call.grad, grad, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_every_value_is_what_the_code_gives(mistake):
    demo = demonstrate(mistake)
    assert demo.source == "example" and demo.mistake == mistake
    assert demo.wrong and demo.right
    _check_every_call(demo)
    assert demo.check.agrees, demo.check


@pytest.mark.parametrize("mistake", BATCH_MISTAKES)
def test_on_a_batch_every_value_is_what_the_code_gives(mistake):
    demo = demonstrate(mistake, LOGITS, LABELS, WEIGHT, sample=1)
    assert demo.source == "batch"
    assert demo.sample == (1 if mistake in SAMPLE_MISTAKES else None)
    _check_every_call(demo)
    assert demo.check.agrees


def test_a_large_batch_loads_its_csv(tmp_path, monkeypatch):
    batch = random_batch(seed=3, samples=200, classes=3)
    labels = batch.labels.copy()
    labels[0] = 2
    demo = demonstrate("ignore_index_minus_one", batch.logits, labels)
    assert CSV_NAME in demo.setup
    monkeypatch.chdir(tmp_path)
    with_labels = type(batch)(batch.logits, labels, batch.class_names)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(with_labels))
    _check_every_call(demo)


def test_softmax_before_cross_entropy_pinned():
    demo = demonstrate("softmax_before_cross_entropy")
    right, wrong = demo.call("logits"), demo.call("softmax_first")
    assert round(right.value, 3) == 0.349 and round(wrong.value, 3) == 0.766
    assert right.value == F.cross_entropy(X, Y).item()
    assert wrong.value == F.cross_entropy(torch.softmax(X, dim=1), Y).item()
    x = X.clone().requires_grad_()
    F.cross_entropy(torch.softmax(x, dim=1), Y).backward()
    np.testing.assert_allclose(wrong.grad, x.grad.numpy(), rtol=1e-13)
    assert np.linalg.norm(wrong.grad) < np.linalg.norm(right.grad)
    assert demo.facts["floor"] == pytest.approx(math.log(1 + 2 / math.e))
    assert demo.facts["ceiling"] == pytest.approx(math.log(math.e + 2))


def test_softmax_before_cross_entropy_charts():
    demo = demonstrate("softmax_before_cross_entropy")
    loss, grad_norm = demo.series
    at = int(np.argmin(np.abs(loss.x - 1.0)))
    assert loss.x[at] == 1.0
    wrong, right = (curve.y for curve in loss.curves)
    assert wrong[at] == pytest.approx(demo.call("softmax_first").value, rel=1e-13)
    assert right[at] == pytest.approx(demo.call("logits").value, rel=1e-13)
    # The double-softmax loss stays between its floor and floor + 1; the right one does not.
    assert (wrong >= demo.facts["floor"] - 1e-12).all()
    assert (wrong <= demo.facts["ceiling"] + 1e-12).all()
    assert right.max() > 10
    norms = [curve.y for curve in grad_norm.curves]
    assert norms[0][at] == pytest.approx(demo.facts["grad_norm_wrong"], rel=1e-12)
    # A confidently wrong prediction (the most negative scale): the right gradient is large,
    # the double-softmax one vanishes.
    assert norms[1][0] > 1.4 and norms[0][0] < 1e-3


def test_sample_of_a_batch():
    demo = demonstrate("softmax_before_cross_entropy", LOGITS, LABELS, sample=2)
    x = torch.tensor(LOGITS[2:3])
    y = torch.tensor([0])
    assert demo.call("logits").value == F.cross_entropy(x, y).item()
    assert demo.facts["label"] == 0
    assert "[[3.0, -2.0, 0.0]]" in demo.setup


def test_probabilities_into_nll_loss():
    demo = demonstrate("probabilities_into_nll_loss")
    assert demo.call("nll_probabilities").value == pytest.approx(-0.7053845126982412)
    assert demo.call("nll_probabilities").value == -torch.softmax(X, dim=1)[0, 0].item()
    assert demo.call("nll_logits").value == -2.0
    assert demo.call("nll_log_softmax").value == pytest.approx(0.349012216768186, rel=1e-12)
    probs, logits, right = demo.series[0].curves
    assert (probs.y <= 0).all() and (probs.y >= -1).all()
    assert logits.y.min() == -10.0 and (right.y > 0).all()


def test_targets_not_class_indices():
    demo = demonstrate("targets_not_class_indices")
    assert demo.call("labels_from_one").error == "IndexError: Target 3 is out of bounds."
    assert demo.call("one_hot_long").error.startswith("RuntimeError:")
    assert demo.call("float_labels").error.startswith("RuntimeError:")
    assert demo.call("nll_one_hot").error.startswith("RuntimeError:")
    logits = torch.tensor([[1.3, 1.3, 2.6], [2.0, 1.0, -1.0]], dtype=torch.float64)
    right = F.cross_entropy(logits, torch.tensor([2, 0]))
    for case in ("class_indices", "one_hot_float", "labels_shifted_back"):
        assert demo.call(case).value == pytest.approx(right.item(), rel=1e-13)
    assert math.isnan(demo.facts["loss_from_one"])


def test_labels_from_one_without_the_last_class_are_silently_wrong():
    logits = np.array([[2.0, 1.0, -1.0], [0.0, 3.0, 1.0]])
    demo = demonstrate("targets_not_class_indices", logits, np.array([0, 1]))
    call = demo.call("labels_from_one")
    assert call.error is None and call.note == "silently_wrong"
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor([1, 2])).item()
    assert call.value == pytest.approx(expected, rel=1e-13)
    assert demo.facts["loss_from_one"] == call.value


def test_bce_targets_minus_one():
    demo = demonstrate("bce_targets_minus_one")
    x = torch.tensor([2.0, -2.0], dtype=torch.float64)
    y = torch.tensor([1.0, -1.0], dtype=torch.float64)
    wrong = demo.call("bce_logits_minus_one")
    assert wrong.value == F.binary_cross_entropy_with_logits(x, y).item() < 0
    assert demo.call("bce_minus_one").error == (
        "RuntimeError: all elements of target should be between 0 and 1"
    )
    right = F.binary_cross_entropy_with_logits(x, (y + 1) / 2).item()
    assert demo.call("bce_logits_zero_one").value == right
    assert demo.call("soft_margin").value == pytest.approx(right, rel=1e-13)
    loss, grad = demo.series
    # With the label -1 the loss has no lower bound and its gradient never falls below 1.
    assert loss.curves[0].y[0] < -5 and loss.curves[1].y.min() > 0
    assert (grad.curves[0].y >= 1).all() and (grad.curves[1].y < 1).all()


def test_sigmoid_before_bce_with_logits_floor():
    demo = demonstrate("sigmoid_before_bce_with_logits")
    floor = math.log1p(math.exp(-1.0))
    assert demo.facts["floor"] == pytest.approx(floor)
    x = torch.tensor([3.0], dtype=torch.float64)
    t = torch.tensor([1.0], dtype=torch.float64)
    wrong = F.binary_cross_entropy_with_logits(torch.sigmoid(x), t).item()
    assert demo.call("sigmoid_first").value == wrong > floor
    loss, grad = demo.series
    assert (loss.curves[0].y > floor).all() and loss.curves[1].y.min() < floor
    big = torch.tensor([50.0], dtype=torch.float64)
    big = F.binary_cross_entropy_with_logits(torch.sigmoid(big), t)
    assert big.item() == pytest.approx(floor, rel=1e-12)
    assert np.abs(grad.curves[0].y).max() <= 0.25
    assert demo.facts["grad_wrong"] == pytest.approx(demo.call("sigmoid_first").grad[0])


def test_kl_div_arguments_agree_with_kl_div_calls():
    demo = demonstrate("kl_div_arguments")
    p = np.array([[0.2, 0.3, 0.5]])
    q = np.array([[0.1, 0.4, 0.5]])
    calls = kl_div_calls(p, np.log(q))
    assert demo.call("kl_batchmean").value == pytest.approx(calls.right.reference, rel=1e-13)
    assert demo.call("kl_batchmean").value == pytest.approx(calls.kl, rel=1e-12)
    assert demo.call("kl_swapped").value == pytest.approx(calls.swapped_loss, rel=1e-13)
    assert demo.call("kl_swapped").value == pytest.approx(calls.reverse_kl, rel=1e-12)
    assert demo.call("kl_probabilities").value == pytest.approx(
        calls.probabilities.reference, rel=1e-13
    )
    assert demo.call("kl_mean").value == pytest.approx(calls.mean.reference, rel=1e-13)
    assert "batchmean" in demo.call("kl_mean").warning
    partial = F.kl_div(
        torch.tensor(q).log(),
        torch.tensor([[0.1, 0.1, 0.2]], dtype=torch.float64),
        reduction="batchmean",
    )
    assert demo.call("kl_unnormalised").value == partial.item() < 0
    assert round(demo.facts["kl"], 4) == 0.0523 and demo.facts["elements"] == 3


def test_weighted_means_pinned():
    demo = demonstrate("weighted_mean_index_vs_probabilities")
    assert round(demo.call("weighted_indices").value, 4) == 0.8705
    assert round(demo.call("weighted_one_hot").value, 4) == 54.4052
    assert demo.call("weighted_one_hot_rescaled").value == pytest.approx(
        demo.call("weighted_indices").value, rel=1e-13
    )
    assert demo.facts["weight_total"] == 125.0 and demo.facts["samples"] == 2


def test_ignore_index_minus_one():
    demo = demonstrate("ignore_index_minus_one")
    assert demo.call("ignore_minus_one").value == demo.call("no_ignore").value
    expected = cross_entropy(
        [[1.3, 1.3, 2.6], [2.0, 1.0, -1.0], [0.5, 2.0, 0.1]], [2, 0, 1], ignore_index=2
    ).reference
    assert demo.call("ignore_last_class").value == pytest.approx(expected, rel=1e-13)
    assert demo.call("minus_one_labels_ignored").value == demo.call("ignore_last_class").value
    assert demo.call("minus_one_labels_default").error == "IndexError: Target -1 is out of bounds."
    (series,) = demo.series
    wrong, right = (curve.y for curve in series.curves)
    assert right[0] == 0.0 and wrong[0] > 0
    np.testing.assert_array_equal(series.labels, [2, 0, 1])
    assert demo.facts["ignored"] == 1 and demo.facts["kept"] == 2


def test_convex_in_logits_not_weights():
    demo = demonstrate("convex_in_logits_not_weights")
    assert demo.call("weights_midpoint").value == pytest.approx(math.log(2.0), rel=1e-13)
    chord = demo.call("ends_average").value
    assert demo.call("weights_midpoint").value > chord > demo.call("logits_midpoint").value
    (series,) = demo.series
    weights, logits, line = (curve.y for curve in series.curves)
    assert weights[0] == pytest.approx(line[0]) and weights[-1] == pytest.approx(line[-1])
    assert (logits <= line + 1e-12).all()
    assert weights[50] > line[50]


def test_batch_problems():
    assert batch_problem("kl_div_arguments", LOGITS, LABELS) == "example_only"
    assert batch_problem("softmax_before_cross_entropy", LOGITS, np.eye(3)[LABELS]) == "soft_target"
    assert batch_problem("weighted_mean_index_vs_probabilities", LOGITS, LABELS) == "no_weight"
    ones = np.ones(3)
    assert batch_problem("weighted_mean_index_vs_probabilities", LOGITS, LABELS, ones) == (
        "no_difference"
    )
    assert batch_problem("ignore_index_minus_one", LOGITS, [0, 1, 0, 1]) == "no_last_class"
    assert batch_problem("ignore_index_minus_one", LOGITS, [2, 2, 2, 2]) == "only_last_class"
    for mistake in BATCH_MISTAKES:
        assert batch_problem(mistake, LOGITS, LABELS, WEIGHT) is None


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: demonstrate("off_by_one"), "mistake must be one of"),
        (lambda: demonstrate("kl_div_arguments", LOGITS, LABELS), "its own example"),
        (
            lambda: demonstrate("softmax_before_cross_entropy", LOGITS, LABELS, sample=4),
            "outside the batch",
        ),
        (
            lambda: demonstrate("weighted_mean_index_vs_probabilities", LOGITS, LABELS),
            "no weight",
        ),
        (lambda: batch_problem("nope", LOGITS, LABELS), "mistake must be one of"),
    ],
)
def test_bad_input_raises_input_error(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_calls_table():
    demo = demonstrate("ignore_index_minus_one")
    table = calls_table(
        demo,
        {call.case: call.case.upper() for call in demo.calls},
        {"reference": "R", "wrong": "W", "right": "OK"},
        {"role": "role", "case": "case", "code": "code", "result": "result"},
    )
    assert table["role"] == ["R", "W", "W", "OK", "OK"]
    assert table["case"][0] == "NO_IGNORE"
    assert table["result"][2] == "IndexError: Target -1 is out of bounds."
    assert table["code"][3] == "F.cross_entropy(logits, target, ignore_index=2)"
