"""The regression page's PyTorch snippet, run: it reproduces lossviz's numbers exactly."""

import numpy as np
import pytest

from lossviz.regression import LOSS_FUNCTIONS, regression_losses
from lossviz.views.regression.snippets import regression_snippet
from snippet_utils import run_snippet

X = np.array([2.5, 0.0, 2.0, 1.6, 1.0, 1e-7])
Y = np.array([3.0, -0.5, 2.0, 1.0, 8.0, 1 / 3])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(("beta", "delta"), [(1.0, 2.0), (0.3, 0.3), (0.0, 1.0)])
def test_the_snippet_reproduces_the_page(reduction, beta, delta):
    ns, _ = run_snippet(regression_snippet(X, Y, reduction, beta, delta))
    np.testing.assert_array_equal(ns["x"].detach().numpy(), X)
    results = regression_losses(X, Y, reduction, beta, delta)
    variables = {"mse_loss": "mse", "l1_loss": "l1", "smooth_l1_loss": "smooth_l1"}
    variables["huber_loss"] = "huber"
    for name in LOSS_FUNCTIONS:
        value = ns[variables[name]].detach().numpy()
        if reduction == "none":
            np.testing.assert_allclose(value, results[name].per_sample, rtol=1e-15, atol=0)
        assert float(value.sum()) == pytest.approx(results[name].loss, rel=1e-15, abs=0)
        np.testing.assert_allclose(ns["grads"][name].numpy(), results[name].grad, rtol=1e-15)
    if beta > 0:
        identity = ns["huber_over_beta"].detach().numpy()
        np.testing.assert_allclose(identity, ns["smooth_l1"].detach().numpy(), rtol=1e-12)
    else:
        assert ns["huber_over_beta"] is None
