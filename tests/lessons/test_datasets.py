"""The toy data sets: seeded, the class sizes and the label noise asked for, bad input refused."""

import io

import numpy as np
import pytest

from lossviz.errors import InputError
from lossviz.lessons.datasets import KINDS, class_sizes, make_dataset, to_csv


def _classes(kind: str) -> int:
    return 2 if kind == "moons" else 3


@pytest.mark.parametrize("kind", KINDS)
def test_shapes_and_types(kind):
    data = make_dataset(kind, points=500, classes=_classes(kind), seed=3)
    assert data.kind == kind
    assert data.x.shape == (500, 2) and data.x.dtype == np.float64
    assert data.labels.shape == data.clean_labels.shape == (500,)
    assert data.num_classes == _classes(kind) and data.num_points == 500
    assert np.isfinite(data.x).all()
    assert set(np.unique(data.labels)) == set(range(data.num_classes))
    assert data.class_counts.tolist() == np.bincount(data.labels).tolist()
    assert data.true_counts.sum() == 500


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_points(kind):
    args = {"kind": kind, "points": 300, "classes": _classes(kind), "label_noise": 0.2}
    first, again = make_dataset(**args, seed=7), make_dataset(**args, seed=7)
    np.testing.assert_array_equal(first.x, again.x)
    np.testing.assert_array_equal(first.labels, again.labels)
    other = make_dataset(**args, seed=8)
    assert not np.array_equal(first.x, other.x)
    assert first.settings == again.settings != other.settings


def test_arrays_are_read_only():
    data = make_dataset()
    for array in (data.x, data.labels, data.clean_labels, data.class_counts):
        with pytest.raises(ValueError):
            array[0] = 0


@pytest.mark.parametrize(
    "points, classes, imbalance", [(1000, 3, 1.0), (1000, 3, 10.0), (97, 5, 7.5), (20, 8, 100.0)]
)
def test_class_sizes_add_up_and_decay_geometrically(points, classes, imbalance):
    sizes = class_sizes(points, classes, imbalance)
    assert sizes.sum() == points and (sizes >= 1).all()
    assert (np.diff(sizes) <= 1).all()  # never growing (but for rounding)
    if points >= 1000:
        assert sizes[0] / sizes[-1] == pytest.approx(imbalance, rel=0.05)


def test_imbalance_gives_the_ratio_asked_for():
    data = make_dataset("blobs", points=1000, classes=3, imbalance=10.0)
    assert data.class_counts.tolist() == [706, 223, 71]
    assert data.class_counts[0] / data.class_counts[-1] == pytest.approx(10, rel=0.01)


@pytest.mark.parametrize("noise", [0.0, 0.1, 0.5, 1.0])
def test_label_noise_flips_that_fraction_to_another_class(noise):
    data = make_dataset("spirals", points=400, classes=4, label_noise=noise, seed=1)
    assert int(data.flipped.sum()) == data.num_flipped == round(noise * 400)
    assert (data.labels[data.flipped] != data.clean_labels[data.flipped]).all()
    assert data.labels.min() >= 0 and data.labels.max() < 4
    np.testing.assert_array_equal(data.true_counts, class_sizes(400, 4, 1.0))


def test_noise_does_not_move_the_points():
    clean = make_dataset("moons", classes=2, seed=2)
    noisy = make_dataset("moons", classes=2, seed=2, label_noise=0.3)
    np.testing.assert_array_equal(clean.x, noisy.x)
    np.testing.assert_array_equal(clean.clean_labels, noisy.clean_labels)


def test_blobs_sit_around_their_centres():
    data = make_dataset("blobs", points=3000, classes=4, seed=0)
    centres = np.array([data.x[data.clean_labels == c].mean(axis=0) for c in range(4)])
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0, atol=0.1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "circles"}, "kind must be one of blobs, moons, spirals"),
        ({"points": 10}, "points must be a whole number between 20 and 20000"),
        ({"points": 100.5}, "points must be a whole number"),
        ({"points": True}, "points must be a whole number"),
        ({"classes": 1}, "classes must be a whole number between 2 and 8"),
        ({"classes": 9}, "classes must be a whole number between 2 and 8"),
        ({"kind": "moons", "classes": 3}, "moons always has 2 classes"),
        ({"imbalance": 0.5}, "imbalance must be a number between 1 and 100"),
        ({"imbalance": float("nan")}, "imbalance must be a number"),
        ({"label_noise": -0.1}, "label_noise must be a number between 0 and 1"),
        ({"label_noise": "0.1"}, "label_noise must be a number"),
        ({"seed": -1}, "seed must be a whole number between 0"),
    ],
)
def test_bad_arguments_raise_an_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        make_dataset(**kwargs)


def test_csv_reads_back_exactly():
    data = make_dataset("spirals", points=200, classes=3, label_noise=0.2, seed=5)
    text = to_csv(data)
    assert text.splitlines()[0] == "x1,x2,label,true_class"
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    np.testing.assert_array_equal(table[:, :2], data.x)
    np.testing.assert_array_equal(table[:, 2], data.labels)
    np.testing.assert_array_equal(table[:, 3], data.clean_labels)
