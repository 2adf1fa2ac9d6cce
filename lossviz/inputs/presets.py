"""Ready-made batches a teacher can open with one click, each showing one idea."""

from __future__ import annotations

import numpy as np

from lossviz.errors import InputError
from lossviz.inputs.batch import Batch
from lossviz.validation import as_real_number, as_whole_number

__all__ = ["PRESETS", "imbalanced_batch", "preset", "random_batch"]

SEED_NAMES = ("cat", "dog", "猪八戒")

#: name -> (logits, labels, class names, weight)
PRESETS: dict[str, tuple[list, list, tuple[str, ...], list | None]] = {
    # The tutorials' picture: scored cat / dog / 猪八戒, and it is 猪八戒.
    "seed": ([[1.3, 1.3, 2.6]], [2], SEED_NAMES, None),
    "confident_right": (
        [[6.0, -1.0, 0.5], [-2.0, 7.5, 1.0], [0.0, 1.0, 8.0]],
        [0, 1, 2],
        SEED_NAMES,
        None,
    ),
    "confident_wrong": (
        [[6.0, -1.0, 0.5], [-2.0, 7.5, 1.0], [0.0, 1.0, 8.0]],
        [2, 0, 1],
        SEED_NAMES,
        None,
    ),
    "uniform": ([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]], [0, 2], SEED_NAMES, None),
    "imbalanced": (
        [
            [2.0, 0.5, -1.0],
            [1.8, 0.2, 0.1],
            [2.5, -0.3, 0.4],
            [1.1, 0.9, -0.5],
            [0.3, 0.8, 1.2],
            [1.5, 1.0, 0.2],
        ],
        [0, 0, 0, 0, 2, 1],
        SEED_NAMES,
        [1.0, 4.0, 6.0],
    ),
    "extreme": ([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0]], [0, 2], SEED_NAMES, None),
}


def preset(name: str) -> Batch:
    """The named preset batch.

    >>> preset("seed").logits.tolist(), preset("seed").class_names
    ([[1.3, 1.3, 2.6]], ('cat', 'dog', '猪八戒'))
    """
    if name not in PRESETS:
        raise InputError(f"unknown preset {name!r}: use one of " + ", ".join(PRESETS))
    logits, labels, names, weight = PRESETS[name]
    return Batch(np.array(logits, dtype=np.float64), np.array(labels), names, weight)


def random_batch(seed: int = 0, samples: int = 8, classes: int = 3, scale: float = 2.0) -> Batch:
    """A reproducible random batch: normal logits times ``scale``, uniform labels.

    >>> b = random_batch(seed=1, samples=4, classes=5)
    >>> b.logits.shape, np.array_equal(b.logits, random_batch(seed=1, samples=4, classes=5).logits)
    ((4, 5), True)
    """
    if not 1 <= samples <= 10_000 or not 2 <= classes <= 100:
        raise InputError("a random batch has 1 to 10,000 samples and 2 to 100 classes")
    generator = np.random.default_rng(seed)
    logits = np.round(generator.normal(size=(samples, classes)) * scale, 2)
    labels = generator.integers(0, classes, size=samples)
    names = SEED_NAMES if classes == 3 else tuple(f"class {i}" for i in range(classes))
    return Batch(logits, labels, names)


def imbalanced_batch(
    ratio: float,
    samples: int = 60,
    classes: int = 3,
    seed: int = 0,
    signal: float = 2.0,
    noise: float = 1.0,
) -> Batch:
    r"""A reproducible imbalanced batch, scored by a model that leans toward the majority class.

    Class 0 is the majority and class :math:`C-1` the minority; the counts fall geometrically,
    :math:`n_c = \mathrm{round}(m\, r^{(C-1-c)/(C-1)})`, so :math:`n_0 / n_{C-1} = r` (exactly
    for a whole ratio), with the minority count :math:`m \ge 1` as large as keeps the batch
    near ``samples`` (a large ratio gives more samples: at least one per minority). The first
    :math:`C` rows hold one sample of each class, in class order; the rest are shuffled.

    The logits are those of a model that learnt the class prior:

    .. math::
        x_{i,c} = \log \frac{n_c}{N} + s\,[c = y_i] + \sigma\, \xi_{i,c},
        \qquad \xi_{i,c} \sim \mathcal{N}(0, 1)

    rounded to 2 decimals, so the majority is mostly right and confident and the minority
    mostly wrong.

    Args:
        ratio: majority : minority, 1 to 1000.
        samples: about how many samples (at least one per class), up to 10,000.
        classes: C, 2 to 100 (3 gives the seed example's class names).
        seed: the random seed (the same arguments always give the same batch).
        signal: :math:`s`, what the model learnt about the true class.
        noise: :math:`\sigma`, the spread of the scores.

    Raises:
        InputError: an argument out of range.

    >>> b = imbalanced_batch(10)
    >>> np.bincount(b.target).tolist(), b.class_names, b.weight is None
    ([40, 13, 4], ('cat', 'dog', '猪八戒'), True)
    >>> b.target[:3].tolist(), np.array_equal(b.logits, imbalanced_batch(10).logits)
    ([0, 1, 2], True)
    >>> np.bincount(imbalanced_batch(100).target).tolist()
    [100, 10, 1]
    """
    ratio = as_real_number(ratio, "ratio", 1.0, 1000.0)
    classes = as_whole_number(classes, "classes", 2, 100)
    samples = as_whole_number(samples, "samples", classes, 10_000)
    seed = as_whole_number(seed, "seed", 0, 2**32 - 1)
    signal = as_real_number(signal, "signal", -100.0, 100.0)
    noise = as_real_number(noise, "noise", 0.0, 100.0)

    exponents = np.arange(classes - 1, -1, -1) / (classes - 1)
    profile = ratio**exponents
    minority = max(1, int(samples // profile.sum()))
    counts = np.maximum(1, np.round(minority * profile)).astype(np.int64)
    generator = np.random.default_rng(seed)
    rest = np.repeat(np.arange(classes), counts - 1)
    labels = np.concatenate([np.arange(classes), generator.permutation(rest)])
    n = labels.shape[0]
    prior = np.log(counts / n)
    scores = prior[None, :] + signal * np.eye(classes)[labels]
    scores = scores + noise * generator.normal(size=(n, classes))
    names = SEED_NAMES if classes == 3 else tuple(f"class {c}" for c in range(classes))
    return Batch(np.round(scores, 2) + 0.0, labels, names)
