"""The mistakes page's PyTorch script, run: it prints exactly what the page shows."""

import warnings

import numpy as np
import pytest

from lossviz.lessons.mistakes import BATCH_MISTAKES, MISTAKES, demonstrate
from lossviz.views.mistakes.snippets import mistake_snippet
from snippet_utils import run_snippet

LOGITS = np.array([[0.5, 2.0, -1.0], [1.3, 1.3, 2.6], [3.0, -2.0, 0.0]])
LABELS = np.array([1, 2, 0])
WEIGHT = np.array([1.0, 3.0, 0.5])


def _printed(code: str) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, printed = run_snippet(code)
    lines = {}
    for line in printed.splitlines():
        case, _, rest = line.partition(": ")
        lines[case] = rest
    return lines


def _check(demo):
    printed = _printed(mistake_snippet(demo))
    assert set(printed) == {call.case for call in demo.calls}
    for call in demo.calls:
        text = printed[call.case]
        if call.raised:
            assert text == call.error
        elif call.grad is not None:
            value, _, grad = text.partition(" ")
            assert float(value) == call.value
            np.testing.assert_array_equal(np.array(eval(grad)), call.grad)
        else:
            assert float(text) == call.value


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_script_prints_the_page_numbers(mistake):
    _check(demonstrate(mistake))


@pytest.mark.parametrize("mistake", BATCH_MISTAKES)
def test_the_script_on_a_batch(mistake):
    _check(demonstrate(mistake, LOGITS, LABELS, WEIGHT, sample=2))


def test_refused_calls_are_caught():
    code = mistake_snippet(demonstrate("targets_not_class_indices"))
    assert "try:\n    F.cross_entropy(logits, target_from_1)\nexcept" in code
    assert code.startswith("import torch\n")
