r"""The training loop of the tutorials, one step at a time: a small classifier on toy 2-D data.

A two-layer network (``Linear(2, H) -> ReLU -> Linear(H, C)``) is trained full-batch with Adam
on one of four losses of its logits :math:`z_i` and labels :math:`y_i`, with
:math:`p_t = \mathrm{softmax}(z_i)_{y_i}`:

.. math::
    \text{cross-entropy: } -\frac{1}{N} \sum_i \log p_t
    \qquad
    \text{weighted: } -\frac{\sum_i w_{y_i} \log p_t}{\sum_i w_{y_i}},
    \quad w_c = \frac{N}{C\, n_c}

.. math::
    \text{focal: } -\frac{1}{N} \sum_i (1 - p_t)^\gamma \log p_t
    \qquad
    \text{label smoothing: } -\frac{1}{N} \sum_i \sum_c
        \Big((1 - \varepsilon)\, [c = y_i] + \frac{\varepsilon}{C}\Big) \log p_{i,c}

A :class:`TrainingRun` owns the model, the optimiser and the loss; ``step(n)`` advances it by up
to ``n`` steps and returns, so a caller can train in small chunks and draw in between (the page
does that to stay responsive). ``snapshot()`` gives what the charts need, as NumPy arrays.

Training computes in float32, as training code usually does: the gradient steps do not need
float64's precision, and float32 is what GPUs are fast at (Apple's MPS has no float64). It runs
on ``lossviz.default_device()``. The same seed gives the same initial weights on every device
(they are drawn on the CPU), and on one device the same curve every time: full-batch steps have
no randomness besides the initial weights.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.cross_entropy import cross_entropy
from lossviz.device import default_device
from lossviz.errors import InputError
from lossviz.focal import focal_loss
from lossviz.lessons.datasets import ToyDataset
from lossviz.lessons.pool import TrainingPool
from lossviz.validation import as_real_number, as_whole_number

__all__ = [
    "LOSSES",
    "Comparison",
    "LossCheck",
    "TrainingConfig",
    "TrainingRun",
    "TrainingSnapshot",
    "build_model",
    "check_loss",
    "decision_grid",
    "inverse_frequency_weights",
    "training_loss",
]

#: The losses a run can train with.
LOSSES = ("cross_entropy", "weighted_cross_entropy", "focal", "label_smoothing")
MAX_HIDDEN = 1024
MAX_STEPS = 10_000
MAX_GAMMA = 10.0
#: Cells per side of the grid the decision regions are drawn on.
GRID_SIZE = 80
#: About how many steps of a run keep their weights, evenly spaced (and the last): a few
#: kilobytes each, for stepping back through training once it is over.
RECORDS = 50


@dataclass(frozen=True)
class TrainingConfig:
    """How to train: the model's width, the loss and its parameter, Adam's step size, how long.

    ``lr`` defaults to 0.01, ten times Adam's usual 0.001: the tutorial's 0.001 suits a large
    network trained for many epochs, but a 64-unit network on 2-D points learns too little in a
    few hundred steps at 0.001 to show the losses' differences; 0.01 converges in about 300
    full-batch steps and stays stable.

    Attributes:
        hidden: units in the hidden layer (1 to 1024).
        loss: one of ``LOSSES``.
        focal_gamma: the focal loss's gamma (0 to 10; 0 is cross-entropy); other losses ignore it.
        smoothing: the label-smoothing epsilon (0 to 1); other losses ignore it.
        lr: Adam's learning rate (above 0, at most 1).
        steps: full-batch steps to train (1 to 10,000).
        seed: the seed of the initial weights.

    >>> TrainingConfig(loss="focal").focal_gamma
    2.0
    """

    hidden: int = 64
    loss: str = "cross_entropy"
    focal_gamma: float = 2.0
    smoothing: float = 0.1
    lr: float = 0.01
    steps: int = 300
    seed: int = 0

    def canonical(self) -> TrainingConfig:
        """This configuration with the parameters its loss ignores at their defaults: two
        configurations that train alike are equal.

        >>> TrainingConfig(focal_gamma=1.0).canonical() == TrainingConfig()
        True
        """
        return replace(
            self,
            focal_gamma=self.focal_gamma if self.loss == "focal" else 2.0,
            smoothing=self.smoothing if self.loss == "label_smoothing" else 0.1,
        )

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise InputError(f"loss must be one of {', '.join(LOSSES)}; got {self.loss!r}")
        as_whole_number(self.hidden, "hidden", 1, MAX_HIDDEN)
        as_real_number(self.focal_gamma, "focal_gamma", 0.0, MAX_GAMMA)
        as_real_number(self.smoothing, "smoothing", 0.0, 1.0)
        as_real_number(self.lr, "lr", 0.0, 1.0, low_open=True)
        as_whole_number(self.steps, "steps", 1, MAX_STEPS)
        as_whole_number(self.seed, "seed", 0, 2**32 - 1)


def inverse_frequency_weights(labels: np.ndarray, num_classes: int) -> np.ndarray:
    r"""Class weights inversely proportional to how often each class occurs (a class with no
    points counts as one):

    .. math::
        w_c = \frac{N}{C\, n_c}

    so a balanced data set gets weight 1 for every class and each class's total weight is
    :math:`N / C`.

    >>> inverse_frequency_weights(np.array([0, 0, 0, 1]), 2).round(4).tolist()
    [0.6667, 2.0]
    """
    counts = np.bincount(np.asarray(labels), minlength=num_classes)
    return len(labels) / (num_classes * np.maximum(counts, 1))


def training_loss(
    logits: torch.Tensor,
    labels: torch.Tensor,
    config: TrainingConfig,
    class_weight: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""The loss ``config.loss`` of a batch of logits, written as a PyTorch training loop writes it.

    Focal is the common formulation :math:`(1 - p_t)^\gamma \cdot \mathrm{CE}` with
    :math:`p_t = e^{-\mathrm{CE}}`, averaged over samples. At :math:`\gamma = 0` the factor is
    exactly 1 and its gradient exactly 0 (PyTorch's ``pow`` backward returns zeros for the
    exponent 0), so focal trains exactly like cross-entropy.

    ``class_weight`` is used by ``"weighted_cross_entropy"`` only.

    >>> z, y = torch.tensor([[1.3, 1.3, 2.6]]), torch.tensor([2])
    >>> round(training_loss(z, y, TrainingConfig()).item(), 4)
    0.4351
    >>> round(training_loss(z, y, TrainingConfig(loss="focal")).item(), 4)
    0.0541
    """
    if config.loss == "weighted_cross_entropy":
        return F.cross_entropy(logits, labels, weight=class_weight)
    if config.loss == "label_smoothing":
        return F.cross_entropy(logits, labels, label_smoothing=config.smoothing)
    if config.loss == "focal":
        ce = F.cross_entropy(logits, labels, reduction="none")
        pt = torch.exp(-ce)
        return ((1 - pt) ** config.focal_gamma * ce).mean()
    return F.cross_entropy(logits, labels)


def build_model(
    num_classes: int, hidden: int, seed: int, device: torch.device | None = None
) -> torch.nn.Sequential:
    r"""``Linear(2, hidden) -> ReLU -> Linear(hidden, num_classes)`` in float32, with PyTorch's
    default initialisation drawn from a generator seeded with ``seed`` (on the CPU, so every
    device starts from the same weights): every weight and bias uniform in
    :math:`\pm 1 / \sqrt{\text{fan-in}}`, layer by layer, weight before bias.

    >>> model = build_model(3, 64, seed=0, device=torch.device("cpu"))
    >>> [tuple(p.shape) for p in model.parameters()]
    [(64, 2), (64,), (3, 64), (3,)]
    >>> round(model[0].weight[0, 0].item(), 4)
    -0.0053
    """
    generator = torch.Generator().manual_seed(seed)
    layers = []
    for fan_in, fan_out in ((2, hidden), (hidden, num_classes)):
        layer = torch.nn.utils.skip_init(torch.nn.Linear, fan_in, fan_out)
        bound = 1 / math.sqrt(fan_in)
        with torch.no_grad():
            for parameter in (layer.weight, layer.bias):
                parameter.uniform_(-bound, bound, generator=generator)
        layers.append(layer)
    model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1])
    return model.to(device or torch.device("cpu"))


def decision_grid(x: np.ndarray, size: int = GRID_SIZE, margin: float = 0.5) -> np.ndarray:
    """The x and y coordinates of a ``size`` by ``size`` grid over the points ``x`` (N, 2),
    extended by ``margin`` on each side: an array (2, size).

    >>> decision_grid(np.array([[0.0, 0.0], [1.0, 2.0]]), size=3, margin=0.0).tolist()
    [[0.0, 0.5, 1.0], [0.0, 1.0, 2.0]]
    """
    low = x.min(axis=0) - margin
    high = x.max(axis=0) + margin
    return np.stack([np.linspace(low[d], high[d], size) for d in range(2)])


@dataclass(frozen=True)
class TrainingSnapshot:
    """A run at one moment, as NumPy arrays (float64 copies of the float32 model's outputs).

    "True class" is the class a point was drawn from (``dataset.clean_labels``); without label
    noise it is the label the model trains on.

    Attributes:
        step: steps taken so far.
        steps: steps the run will take in all.
        losses: (step,) the training loss at each step, before that step's update.
        loss: the training loss at the current weights.
        logits: (N, C) the model's logits on the training points.
        probs: (N, C) their softmax.
        predicted: (N,) the predicted class of each point.
        true_class_prob: (N,) the probability given to each point's true class.
        accuracy: the fraction of points predicted as their true class.
        per_class_accuracy: (C,) for each class, the fraction of its points predicted as it
            (the recall of each class).
        per_class_true_prob: (C,) for each class, the mean probability its points give it.
        grid: (2, G) the x and y coordinates of the decision-region grid.
        grid_probs: (G, G, C) class probabilities on the grid, indexed [row (y), column (x)].
        grid_class: (G, G) the predicted class on the grid.
    """

    step: int
    steps: int
    losses: np.ndarray
    loss: float
    logits: np.ndarray
    probs: np.ndarray
    predicted: np.ndarray
    true_class_prob: np.ndarray
    accuracy: float
    per_class_accuracy: np.ndarray
    per_class_true_prob: np.ndarray
    grid: np.ndarray
    grid_probs: np.ndarray
    grid_class: np.ndarray

    @property
    def done(self) -> bool:
        return self.step >= self.steps


#: Threads a CPU run computes with. The model's matrices are small (1,000 x 64): splitting them
#: across threads costs more than it saves, and on a busy machine (a server with many sessions)
#: waiting for a second thread can make a step ten times slower.
CPU_THREADS = 1


@contextmanager
def _cpu_threads(device: torch.device) -> Iterator[None]:
    """Compute on ``CPU_THREADS`` threads inside the block when ``device`` is the CPU, then put
    the previous count back. (With PyTorch's OpenMP backend the count belongs to the calling
    thread, so other sessions' threads keep theirs.)"""
    previous = torch.get_num_threads()
    if device.type != "cpu" or previous == CPU_THREADS:
        yield
        return
    torch.set_num_threads(CPU_THREADS)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _always() -> bool:
    return True


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu", torch.float64).numpy()


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


class TrainingRun:
    """One model trained on one data set with one configuration, a chunk of steps at a time.

    >>> from lossviz.lessons.datasets import make_dataset
    >>> run = TrainingRun(make_dataset("blobs", points=200), TrainingConfig(steps=50), "cpu")
    >>> run.step(30), run.step(100), run.done
    (30, 20, True)
    >>> bool(run.history[-1] < run.history[0])
    True
    """

    def __init__(
        self,
        dataset: ToyDataset,
        config: TrainingConfig,
        device: torch.device | str | None = None,
    ) -> None:
        if not isinstance(dataset, ToyDataset):
            raise InputError(f"dataset must be a ToyDataset; got {type(dataset).__name__}")
        if not isinstance(config, TrainingConfig):
            raise InputError(f"config must be a TrainingConfig; got {type(config).__name__}")
        self.dataset = dataset
        self.config = config
        self.device = torch.device(device) if device is not None else default_device()
        self.class_weight = (
            inverse_frequency_weights(dataset.labels, dataset.num_classes)
            if config.loss == "weighted_cross_entropy"
            else None
        )
        self.model = build_model(dataset.num_classes, config.hidden, config.seed, self.device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.lr)
        self._x = torch.as_tensor(dataset.x.astype(np.float32), device=self.device)
        self._y = torch.as_tensor(dataset.labels.astype(np.int64), device=self.device)
        self._weight = (
            None
            if self.class_weight is None
            else torch.as_tensor(self.class_weight, dtype=torch.float32, device=self.device)
        )
        self._losses = torch.zeros(config.steps, dtype=torch.float32, device=self.device)
        self._step = 0
        self._snapshot: TrainingSnapshot | None = None
        #: The weights at the recorded steps (0, every ``record_every`` steps, the last), for
        #: looking back once trained: {step: a copy of the model's state}.
        self.record_every = max(1, math.ceil(config.steps / RECORDS))
        self._recorded: dict[int, dict[str, torch.Tensor]] = {}
        self._record()

    def _record(self) -> None:
        if self._step % self.record_every == 0 or self._step == self.config.steps:
            state = self.model.state_dict()
            self._recorded[self._step] = {k: v.detach().clone() for k, v in state.items()}

    @property
    def recorded_steps(self) -> list[int]:
        """The steps whose weights were recorded so far, in order (``snapshot_at`` them)."""
        return sorted(self._recorded)

    @property
    def steps_done(self) -> int:
        return self._step

    @property
    def done(self) -> bool:
        return self._step >= self.config.steps

    @property
    def history(self) -> np.ndarray:
        """(steps_done,) the training loss at each step so far, before that step's update."""
        return _numpy(self._losses[: self._step])

    def _loss(self) -> torch.Tensor:
        return training_loss(self.model(self._x), self._y, self.config, self._weight)

    def step(self, n: int = 1) -> int:
        """Take up to ``n`` full-batch steps (fewer when the run ends first); returns how many."""
        n = max(0, min(int(n), self.config.steps - self._step))
        with _cpu_threads(self.device):
            for _ in range(n):
                loss = self._loss()
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                self.optimizer.step()
                self._losses[self._step] = loss.detach()
                self._step += 1
                self._record()
        return n

    def train_for(self, seconds: float, max_steps: int | None = None) -> int:
        """Take steps until ``seconds`` have passed (at least one step), the run ends, or
        ``max_steps`` were taken; returns how many. The steps are the same however a run is
        chunked: only how many happen per call depends on the clock."""
        start = time.perf_counter()
        taken = 0
        limit = self.config.steps if max_steps is None else max_steps
        while taken < limit and self.step(1):
            taken += 1
            if time.perf_counter() - start >= seconds:
                break
        return taken

    def snapshot(self) -> TrainingSnapshot:
        """The run now: losses, predictions on the points and on the decision-region grid
        (computed once per step)."""
        if self._snapshot is None or self._snapshot.step != self._step:
            self._snapshot = self._describe(self.model, self._step)
        return self._snapshot

    def snapshot_at(self, step: int) -> TrainingSnapshot:
        """The run as it was at the last recorded step up to ``step`` (its losses up to then,
        its predictions with the weights it had): a learner steps back through training.

        >>> from lossviz.lessons.datasets import make_dataset
        >>> run = TrainingRun(make_dataset("blobs", points=200), TrainingConfig(steps=50), "cpu")
        >>> run.step(50), run.record_every, run.recorded_steps[:3], run.recorded_steps[-1]
        (50, 1, [0, 1, 2], 50)
        >>> early = run.snapshot_at(10)
        >>> early.step, len(early.losses), bool(early.loss > run.snapshot().loss)
        (10, 10, True)
        """
        steps = [recorded for recorded in self._recorded if recorded <= step]
        chosen = max(steps, default=0)
        if chosen == self._step:
            return self.snapshot()
        model = build_model(
            self.dataset.num_classes, self.config.hidden, self.config.seed, self.device
        )
        model.load_state_dict(self._recorded[chosen])
        return self._describe(model, chosen)

    def _describe(self, model: torch.nn.Module, step: int) -> TrainingSnapshot:
        """``model`` (this run's, or its weights at ``step``) on the points and the grid."""
        grid = decision_grid(self.dataset.x)
        gx, gy = np.meshgrid(grid[0], grid[1])
        cells = torch.as_tensor(
            np.stack([gx.ravel(), gy.ravel()], axis=1), dtype=torch.float32, device=self.device
        )
        with torch.no_grad(), _cpu_threads(self.device):
            logits = model(self._x)
            loss = training_loss(logits, self._y, self.config, self._weight)
            probs = torch.softmax(logits, dim=1)
            grid_probs = torch.softmax(model(cells), dim=1)
        probs_np = _numpy(probs)
        truth = self.dataset.clean_labels
        predicted = probs_np.argmax(axis=1)
        correct = predicted == truth
        counts = np.bincount(truth, minlength=self.dataset.num_classes)
        true_prob = probs_np[np.arange(len(truth)), truth]
        per_class = np.bincount(truth, weights=correct, minlength=self.dataset.num_classes) / (
            np.maximum(counts, 1)
        )
        per_class_prob = np.bincount(
            truth, weights=true_prob, minlength=self.dataset.num_classes
        ) / np.maximum(counts, 1)
        size = grid.shape[1]
        grid_probs_np = _numpy(grid_probs).reshape(size, size, -1)
        return TrainingSnapshot(
            step=step,
            steps=self.config.steps,
            losses=_frozen(_numpy(self._losses[:step])),
            loss=float(loss),
            logits=_frozen(_numpy(logits)),
            probs=_frozen(probs_np),
            predicted=_frozen(predicted),
            true_class_prob=_frozen(true_prob),
            accuracy=float(correct.mean()),
            per_class_accuracy=_frozen(per_class),
            per_class_true_prob=_frozen(per_class_prob),
            grid=_frozen(grid),
            grid_probs=_frozen(grid_probs_np),
            grid_class=_frozen(grid_probs_np.argmax(axis=2)),
        )


@dataclass(frozen=True)
class LossCheck:
    """The training loss (float32, as the loop computes it with PyTorch's functions) beside
    lossviz's step-by-step loss of the same logits (float64, itself checked against PyTorch's
    fused function); they agree within float32's precision (relative 1e-5)."""

    training: float
    step_by_step: float
    difference: float
    agrees: bool


def check_loss(
    logits: np.ndarray,
    labels: np.ndarray,
    config: TrainingConfig,
    loss: float,
    class_weight: np.ndarray | None = None,
) -> LossCheck:
    """Recompute the training loss ``loss`` of ``logits`` (N, C) and ``labels`` (N,) step by
    step with ``lossviz.cross_entropy`` or ``lossviz.focal_loss`` (on ``CPU_THREADS`` threads
    when they compute on the CPU: these arrays are small too).

    >>> z, y = np.array([[1.3, 1.3, 2.6]]), np.array([2])
    >>> check = check_loss(z, y, TrainingConfig(loss="focal"), 0.054145)
    >>> round(check.step_by_step, 6), check.agrees
    (0.054145, True)
    """
    logits, labels = np.array(logits, dtype=np.float64), np.array(labels)
    with _cpu_threads(default_device()):
        if config.loss == "focal":
            reference = focal_loss(logits, labels, gamma=config.focal_gamma).loss
        else:
            reference = cross_entropy(
                logits,
                labels,
                weight=class_weight if config.loss == "weighted_cross_entropy" else None,
                label_smoothing=config.smoothing if config.loss == "label_smoothing" else 0.0,
            ).loss
    difference = abs(loss - reference)
    return LossCheck(loss, reference, difference, difference <= 1e-5 * max(1.0, abs(reference)))


class Comparison:
    """Runs side by side (A and B) on one data set: rebuilt when their settings change, trained
    together, one step of each in turn, either by the caller in chunks (``advance``) or by a
    background thread (``start(background=True)``), which leaves the caller free to draw the runs
    while they train. Every method is safe to call from any thread.

    A background thread given a ``TrainingPool`` waits for one of its slots first (``waiting``,
    ``queue_position``) and gives it back when it ends; given ``alive``, it stops as soon as
    ``alive()`` turns false (the session that asked for it is gone).

    >>> from lossviz.lessons.datasets import make_dataset
    >>> pair = Comparison("cpu")
    >>> data = make_dataset("blobs", points=100)
    >>> pair.configure(data, {"A": TrainingConfig(steps=20), "B": TrainingConfig(steps=20)})
    ('A', 'B')
    >>> pair.start(); pair.advance(seconds=10.0), pair.running, pair.done
    (40, False, True)
    >>> pair.configure(data, {"A": TrainingConfig(steps=20), "B": TrainingConfig(steps=30)})
    ('B',)
    >>> pair.start(background=True)
    >>> pair.wait(), pair.running, pair.runs["B"].steps_done
    (True, False, 30)
    """

    #: Runs kept per name for settings left earlier: going back to them finds them as they were.
    KEEP = 4

    def __init__(self, device: torch.device | str | None = None) -> None:
        self.device = device
        self.runs: dict[str, TrainingRun] = {}
        self.error: Exception | None = None
        self._kept: dict[str, dict[tuple, TrainingRun]] = {}
        self._running = False
        self._lock = threading.RLock()
        self._generation = 0
        self._worker: threading.Thread | None = None
        self._pool: TrainingPool | None = None
        self._waiting = False

    @property
    def running(self) -> bool:
        """Training, or waiting for a slot to train in."""
        return self._running

    @property
    def waiting(self) -> bool:
        """Waiting for a slot of the pool before training."""
        return self._waiting

    @property
    def queue_position(self) -> int | None:
        """How many trainings wait before this one for a slot (None when not waiting)."""
        pool = self._pool
        return pool.position(self) if pool is not None and self._waiting else None

    def configure(self, dataset: ToyDataset, configs: Mapping[str, TrainingConfig]) -> tuple:
        """Give each name the run for its data and configuration: the current one when they are
        unchanged, one of the last ``KEEP`` left when they come back to it, else a new one
        (any change stops training). Returns the names whose run changed."""
        with self._lock:
            changed = []
            for name, config in configs.items():
                settings = (dataset.settings, config.canonical())
                kept = self._kept.setdefault(name, {})
                current = self.runs.get(name)
                if current is not None and dataset.settings and kept.get(settings) is current:
                    continue
                run = kept.pop(settings, None) if dataset.settings else None
                self.runs[name] = run or TrainingRun(dataset, config, self.device)
                kept[settings] = self.runs[name]
                while len(kept) > self.KEEP:
                    del kept[next(iter(kept))]
                changed.append(name)
            for name in set(self.runs) - set(configs):
                del self.runs[name], self._kept[name]
            if changed:
                self.stop()
            return tuple(changed)

    @property
    def done(self) -> bool:
        return all(run.done for run in self.runs.values())

    @property
    def started(self) -> bool:
        return any(run.steps_done for run in self.runs.values())

    def start(
        self,
        background: bool = False,
        pool: TrainingPool | None = None,
        alive: Callable[[], bool] | None = None,
    ) -> None:
        """Train from where the runs are (nothing to do once they are done): in a background
        thread, or, without ``background``, as the caller calls ``advance``. The thread takes a
        slot of ``pool`` first, and stops when ``alive()`` turns false."""
        with self._lock:
            self.stop()
            self.error = None
            self._running = not self.done
            if self._running and background:
                self._pool = pool
                self._waiting = pool is not None
                self._worker = threading.Thread(
                    target=self._work,
                    args=(self._generation, pool, alive or _always),
                    name="lossviz-training",
                    daemon=True,
                )
                self._worker.start()

    def stop(self) -> None:
        """Stop training after the step under way (a background thread ends)."""
        with self._lock:
            self._running = False
            self._waiting = False
            self._generation += 1

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background thread to end; returns whether it has."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return worker is None or not worker.is_alive()

    def reset(self) -> None:
        """Every run back to its initial weights, stopped."""
        with self._lock:
            self.stop()
            for name, run in self.runs.items():
                fresh = TrainingRun(run.dataset, run.config, run.device)
                kept = self._kept[name]
                for settings, old in list(kept.items()):
                    if old is run:
                        kept[settings] = fresh
                self.runs[name] = fresh

    def _round(self) -> int:
        """One step of each unfinished run; running ends when none is left. Call it locked."""
        taken = sum(run.step(1) for run in self.runs.values() if not run.done)
        if self.done:
            self._running = False
        return taken

    def advance(self, seconds: float) -> int:
        """While running: rounds (one step of each unfinished run) until ``seconds`` have passed
        (at least one round) or all are done. Returns the steps taken."""
        start = time.perf_counter()
        taken = 0
        with self._lock:
            while self._running:
                taken += self._round()
                if time.perf_counter() - start >= seconds:
                    break
        return taken

    def _work(self, generation: int, pool: TrainingPool | None, alive: Callable[[], bool]) -> None:
        """The background thread: a slot of ``pool`` first, then rounds until done, stopped or
        no longer ``alive()``, letting other threads in (to take snapshots, to stop) between
        rounds."""

        def over() -> bool:
            return generation != self._generation or not self._running or not alive()

        try:
            if pool is not None:
                acquired = pool.acquire(self, cancelled=over)
                with self._lock:
                    if generation == self._generation:
                        self._waiting = False
                if not acquired:
                    self._end(generation)
                    return
            try:
                while True:
                    with self._lock:
                        if over():
                            break
                        self._round()
                    time.sleep(0)
            finally:
                if pool is not None:
                    pool.release(self)
            self._end(generation)
        except Exception as error:  # reported to whoever shows the runs
            with self._lock:
                self.error = error
                self._running = False
                self._waiting = False

    def _end(self, generation: int) -> None:
        """A thread of ``generation`` ends: training is over unless a newer one started."""
        with self._lock:
            if generation == self._generation:
                self._running = False
                self._waiting = False

    def snapshots(self, at: int | None = None) -> dict[str, TrainingSnapshot]:
        """Each run now, or as it was at the last recorded step up to ``at``."""
        with self._lock:
            if at is None:
                return {name: run.snapshot() for name, run in self.runs.items()}
            return {name: run.snapshot_at(at) for name, run in self.runs.items()}

    def recorded_steps(self) -> list[int]:
        """The steps recorded in every run (the runs train in lockstep)."""
        with self._lock:
            steps = [set(run.recorded_steps) for run in self.runs.values()]
        return sorted(set.intersection(*steps)) if steps else []
