r"""Toy two-dimensional data sets to train a small classifier on: blobs, moons and spirals.

Every data set is drawn from a NumPy generator seeded with ``seed``, so the same arguments give
the same points on every machine. Two knobs make the data harder in the ways real data is:

- ``imbalance``, the ratio of the largest class to the smallest. Class sizes decay geometrically
  from class 0 (the majority) to class :math:`C - 1` (the minority):

  .. math::
      n_c \propto r^{-c / (C - 1)}, \qquad \frac{n_0}{n_{C-1}} \approx r

- ``label_noise``, the fraction of points whose label is flipped to another class, chosen
  uniformly. The class each point was drawn from stays in ``clean_labels``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lossviz.errors import InputError
from lossviz.validation import as_real_number, as_whole_number

__all__ = [
    "CSV_NAME",
    "KINDS",
    "MAX_CLASSES",
    "MAX_POINTS",
    "ToyDataset",
    "class_sizes",
    "make_dataset",
    "to_csv",
]

#: The file name the page offers a data set's CSV under (the snippet reads it).
CSV_NAME = "lossviz-toy-data.csv"
#: The shapes a data set can take.
KINDS = ("blobs", "moons", "spirals")
#: Limits on the arguments: one colour per class, and a data set that trains in seconds.
MAX_CLASSES = 8
MIN_POINTS = 20
MAX_POINTS = 20_000
MAX_IMBALANCE = 100.0


@dataclass(frozen=True, eq=False)
class ToyDataset:
    """Points in the plane with a class each (arrays are read-only).

    Attributes:
        kind: ``"blobs"``, ``"moons"`` or ``"spirals"``.
        x: (N, 2) coordinates.
        labels: (N,) the labels a model is trained on (after label noise).
        clean_labels: (N,) the class each point was drawn from.
        num_classes: C.
        class_counts: (C,) how many points carry each label in ``labels``.
        settings: the arguments of ``make_dataset`` that drew it: (kind, points, classes,
            imbalance, label_noise, seed); equal settings give equal data.
    """

    kind: str
    x: np.ndarray
    labels: np.ndarray
    clean_labels: np.ndarray
    num_classes: int
    class_counts: np.ndarray
    settings: tuple = ()

    @property
    def num_points(self) -> int:
        return int(self.x.shape[0])

    @property
    def true_counts(self) -> np.ndarray:
        """(C,) how many points were drawn from each class (before label noise)."""
        return np.bincount(self.clean_labels, minlength=self.num_classes)

    @property
    def num_flipped(self) -> int:
        """How many labels label noise changed."""
        return int(np.count_nonzero(self.labels != self.clean_labels))

    @property
    def flipped(self) -> np.ndarray:
        """(N,) True where label noise changed the label."""
        return self.labels != self.clean_labels


def class_sizes(points: int, classes: int, imbalance: float) -> np.ndarray:
    r"""How many points each class gets: geometric decay from class 0 to class C - 1.

    .. math::
        n_c \approx N \frac{r^{-c/(C-1)}}{\sum_k r^{-k/(C-1)}}

    rounded so the sizes add up to N (largest remainders first), every class keeping at least
    one point.

    >>> class_sizes(1000, 3, 1.0).tolist(), class_sizes(1000, 3, 9.0).tolist()
    ([334, 333, 333], [692, 231, 77])
    """
    shares = imbalance ** (-np.arange(classes) / (classes - 1))
    raw = points * shares / shares.sum()
    sizes = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - sizes), kind="stable")
    sizes[order[: points - int(sizes.sum())]] += 1
    for c in np.flatnonzero(sizes == 0):
        sizes[int(np.argmax(sizes))] -= 1
        sizes[c] = 1
    return sizes


def _blobs(rng: np.random.Generator, sizes: np.ndarray) -> np.ndarray:
    """Gaussian clouds (standard deviation 0.8) around centres on a circle of radius 2."""
    angles = 2 * np.pi * np.arange(len(sizes)) / len(sizes) + np.pi / 2
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return np.concatenate(
        [centres[c] + 0.8 * rng.standard_normal((n, 2)) for c, n in enumerate(sizes)]
    )


def _moons(rng: np.random.Generator, sizes: np.ndarray) -> np.ndarray:
    """Two interleaving half circles (as scikit-learn's ``make_moons``), scaled by 1.5."""
    parts = []
    for c, n in enumerate(sizes):
        t = np.pi * rng.uniform(size=n)
        if c == 0:
            points = np.stack([np.cos(t), np.sin(t)], axis=1)
        else:
            points = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
        parts.append(1.5 * (points - [0.5, 0.25] + 0.15 * rng.standard_normal((n, 2))))
    return np.concatenate(parts)


def _spirals(rng: np.random.Generator, sizes: np.ndarray) -> np.ndarray:
    """One arm per class, winding out three quarters of a turn from the centre."""
    parts = []
    for c, n in enumerate(sizes):
        t = rng.uniform(0.1, 1.0, size=n)
        angle = 2 * np.pi * c / len(sizes) + 1.5 * np.pi * t
        radius = 3.0 * t
        points = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        parts.append(points + 0.15 * rng.standard_normal((n, 2)))
    return np.concatenate(parts)


_SHAPES = {"blobs": _blobs, "moons": _moons, "spirals": _spirals}


def make_dataset(
    kind: str = "blobs",
    points: int = 1000,
    classes: int = 3,
    imbalance: float = 1.0,
    label_noise: float = 0.0,
    seed: int = 0,
) -> ToyDataset:
    """A seeded toy data set in the plane.

    Args:
        kind: ``"blobs"`` (Gaussian clouds), ``"moons"`` (two half circles: always 2 classes)
            or ``"spirals"`` (one arm per class).
        points: N, between 20 and 20,000.
        classes: C, between 2 and 8 (2 for moons).
        imbalance: the ratio of the largest class to the smallest, between 1 (balanced) and 100.
        label_noise: the fraction of labels flipped to another class, between 0 and 1.
        seed: the seed of the generator (0 to 2**32 - 1).

    Raises:
        InputError: an unknown kind or an argument out of range.

    >>> data = make_dataset("moons", points=100, classes=2, imbalance=4.0, label_noise=0.1)
    >>> data.x.shape, data.class_counts.tolist(), int(data.flipped.sum())
    ((100, 2), [74, 26], 10)
    """
    if kind not in _SHAPES:
        raise InputError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    points = as_whole_number(points, "points", MIN_POINTS, MAX_POINTS)
    classes = as_whole_number(classes, "classes", 2, MAX_CLASSES)
    if kind == "moons" and classes != 2:
        raise InputError(f"moons always has 2 classes; got classes={classes}")
    imbalance = as_real_number(imbalance, "imbalance", 1.0, MAX_IMBALANCE)
    label_noise = as_real_number(label_noise, "label_noise", 0.0, 1.0)
    seed = as_whole_number(seed, "seed", 0, 2**32 - 1)

    rng = np.random.default_rng(seed)
    sizes = class_sizes(points, classes, imbalance)
    x = _SHAPES[kind](rng, sizes)
    clean = np.repeat(np.arange(classes), sizes)
    order = rng.permutation(points)
    x, clean = x[order], clean[order]
    labels = clean.copy()
    flips = rng.choice(points, size=round(label_noise * points), replace=False)
    labels[flips] = (clean[flips] + rng.integers(1, classes, size=len(flips))) % classes
    arrays = (x, labels, clean, np.bincount(labels, minlength=classes))
    for array in arrays:
        array.setflags(write=False)
    settings = (kind, points, classes, imbalance, label_noise, seed)
    return ToyDataset(kind, arrays[0], arrays[1], arrays[2], classes, arrays[3], settings)


def to_csv(dataset: ToyDataset) -> str:
    """The points as CSV: ``x1,x2,label,true_class``, one row per point, each coordinate written
    with the fewest digits that read back to the same float64.

    >>> data = make_dataset("blobs", points=20, seed=1)
    >>> first = to_csv(data).splitlines()[1].split(",")
    >>> [float(v) for v in first[:2]] == data.x[0].tolist(), first[2:]
    (True, ['0', '0'])
    """
    rows = ["x1,x2,label,true_class"]
    rows.extend(
        f"{a!r},{b!r},{label},{truth}"
        for (a, b), label, truth in zip(
            dataset.x.tolist(), dataset.labels.tolist(), dataset.clean_labels.tolist(), strict=True
        )
    )
    return "\n".join(rows) + "\n"
