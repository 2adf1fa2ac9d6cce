"""The playground's numbers a row per class: points drawn and labelled, then each run's
accuracy and mean probability of the true class."""

from __future__ import annotations

import numpy as np

__all__ = ["class_table"]


def class_table(
    drawn: np.ndarray,
    labelled: np.ndarray,
    snapshots: dict,
    class_names,
    headers: dict[str, str],
) -> dict:
    """One row per class: points drawn from it, points labelled it (after label noise), then each
    run's accuracy on the class and the mean probability its points give it.

    ``snapshots`` maps run names to ``TrainingSnapshot``; ``headers`` maps ``class``, ``drawn``,
    ``labelled``, ``accuracy`` and ``true_prob`` to column titles, the last two with a ``{run}``
    placeholder.

    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(per_class_accuracy=np.array([1.0, 0.5]),
    ...     per_class_true_prob=np.array([0.9, 0.4]))
    >>> headers = {"class": "c", "drawn": "n", "labelled": "l", "accuracy": "acc {run}",
    ...     "true_prob": "p {run}"}
    >>> list(class_table([3, 2], [3, 2], {"A": run}, ["a", "b"], headers))
    ['c', 'n', 'l', 'acc A', 'p A']
    """
    columns: dict = {
        headers["class"]: list(class_names),
        headers["drawn"]: np.asarray(drawn),
        headers["labelled"]: np.asarray(labelled),
    }
    for name, snapshot in snapshots.items():
        columns[headers["accuracy"].format(run=name)] = snapshot.per_class_accuracy
        columns[headers["true_prob"].format(run=name)] = snapshot.per_class_true_prob
    return columns
