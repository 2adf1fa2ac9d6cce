"""The playground's numbers a row per class: points drawn and labelled, then each run's
accuracy and mean probability of the true class; and its loss curves as CSV text."""

from __future__ import annotations

import csv
import io

import numpy as np

__all__ = ["class_table", "curves_csv"]


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


def curves_csv(curves: dict[str, np.ndarray], step_header: str) -> str:
    """The loss curves as CSV text: a row per step, the step, then each curve's loss at it
    (an empty cell once a curve has ended), full float precision.

    ``curves`` maps column titles to losses by step (``TrainingSnapshot.losses``).

    >>> print(curves_csv({"A": np.array([0.5, 0.25]), "B": np.array([0.75])}, "step"), end="")
    step,A,B
    0,0.5,0.75
    1,0.25,
    """
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([step_header, *curves])
    longest = max((len(losses) for losses in curves.values()), default=0)
    for step in range(longest):
        cells = [
            repr(float(losses[step])) if step < len(losses) else "" for losses in curves.values()
        ]
        writer.writerow([step, *cells])
    return text.getvalue()
