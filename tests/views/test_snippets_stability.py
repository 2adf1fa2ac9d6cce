"""The stability page's PyTorch snippet, run: it reproduces lossviz's numbers bit for bit,
inf and NaN included."""

import numpy as np
import pytest

from lossviz.lessons.stability import ROUTES, binary_routes, softmax_routes
from lossviz.views.stability.snippets import ROUTE_CODE, stability_snippet
from snippet_utils import run_snippet

CASES = [
    ([1.3, 1.3, 2.6], 2, 100.0),
    ([1.3, 1.3, 2.6], 0, 40.0),
    ([1.3, 1.3, 2.6], 2, 1.0),
    ([0.0, -5.0, 0.0], 1, 25.0),
    ([6.0, -1.0, 0.5, 2.0, 3.0, -4.0], 3, 0.001),
]


def _same(tensor, values):
    np.testing.assert_array_equal(tensor.detach().double().numpy().ravel() + 0.0, values)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("row, label, scale", CASES)
def test_the_snippet_reproduces_the_page(row, label, scale, dtype):
    ns, printed = run_snippet(stability_snippet(np.array(row), label, scale, dtype, sample=0))
    steps = softmax_routes(row, label, scale, dtype)
    _same(ns["x"], steps.logits)
    _same(ns["e"], steps.exp)
    _same(ns["p"], steps.naive_probs)
    _same(ns["q"], steps.softmax_probs)
    for name, leaf, route in [
        ("naive", "x1", "naive"),
        ("softmax_log", "x2", "softmax_log"),
        ("fused", "x3", "fused"),
    ]:
        _same(ns[name], [steps.route_loss(route)])
        _same(ns[leaf].grad, steps.route_grad(route))
    binary = binary_routes(row, label, scale, dtype)
    _same(ns["bce"], binary.bce)
    _same(ns["x4"].grad, binary.bce_grad)
    _same(ns["bce_logits"], binary.with_logits)
    _same(ns["x5"].grad, binary.with_logits_grad)
    assert "by hand: loss" in printed and "BCEWithLogitsLoss:" in printed


def test_the_seed_at_scale_100_prints_the_breakage():
    _, printed = run_snippet(stability_snippet(np.array([1.3, 1.3, 2.6]), 2, 100.0, "float32", 0))
    assert "by hand: loss nan, gradient [[nan, nan, nan]]" in printed
    assert "softmax, log: loss 0.0, gradient [[nan, nan, nan]]" in printed
    assert "fused: loss 0.0, gradient [[0.0, 0.0, 0.0]]" in printed
    assert "BCELoss: [[100.0, 100.0" in printed


def test_the_route_code_shown_is_what_the_snippet_runs():
    """The code above each route's number is the snippet's, with its own copy of x."""
    code = stability_snippet(np.array([1.0, 2.0]), 0, 1.0, "float64", 0)
    assert "dtype = torch.float64  # try torch.float32" in code
    names = {
        "naive": ("x1", "naive"),
        "softmax_log": ("x2", "softmax_log"),
        "fused": ("x3", "fused"),
    }
    for route in ROUTES:
        leaf, loss = names[route]
        for line in ROUTE_CODE[route].splitlines():
            assert line.replace("(x", f"({leaf}").replace("loss = ", f"{loss} = ") in code, line
