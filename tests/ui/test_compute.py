"""The figure cache hands Streamlit the same chart it would have made itself, sooner."""

from __future__ import annotations

import json

import numpy as np
import plotly.io
import plotly.tools
import pytest

from lossviz.ui.compute import PreparedFigure
from lossviz.views.binary import figures as binary
from lossviz.views.entropy import figures as entropy
from lossviz.views.gradients import figures as gradients
from lossviz.views.softmax import figures as softmax

PROBS = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
BUILDERS = {
    "bars": lambda: softmax.probability_bars(PROBS, ["a", "<b>", "c"], "t", "s", "p"),
    "curves": lambda: softmax.temperature_curves(
        np.array([0.5, 1.0, 2.0]), PROBS[[0, 1, 1]], ["a", "b", "c"], 1.0, "t", "x", "y"
    ),
    "histogram": lambda: entropy.decomposition_histogram(
        np.array([0.1, 0.2]), np.array([0.3, np.inf]), "t", "x", "n", ["H", "KL"], "{count}"
    ),
    "heatmap": lambda: gradients.gradient_heatmap(
        PROBS - 0.3,
        PROBS,
        ["a", "b", "c"],
        "t",
        {"sample": "s", "class": "c", "gradient": "g", "probability": "p"},
    ),
    "sweep": lambda: binary.logit_sweep_chart(
        np.linspace(-3, 3, 7),
        *([np.linspace(0, 3, 7)] * 4),
        "t",
        "x",
        "y",
        {
            "logits_if_one": "a",
            "logits_if_zero": "b",
            "probs_if_one": "c",
            "probs_if_zero": "d",
            "loss": "l",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_prepared_figure_is_the_dict_streamlit_would_make(name):
    build = BUILDERS[name]
    expected = plotly.tools.return_figure_from_figure_or_data(build(), validate_figure=True)
    prepared = PreparedFigure(build())
    # st.plotly_chart reads a figure through this Plotly function, then serialises the dict.
    given = plotly.tools.return_figure_from_figure_or_data(prepared, validate_figure=True)
    assert given == expected
    assert json.loads(plotly.io.to_json(given, validate=False)) == json.loads(
        plotly.io.to_json(expected, validate=False)
    )
