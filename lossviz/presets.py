"""Ready-made batches a teacher can open with one click, each showing one idea."""

from __future__ import annotations

import numpy as np

from lossviz.batch import Batch
from lossviz.errors import InputError

__all__ = ["PRESETS", "preset", "random_batch"]

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
