"""Checks the figure tests share: the class colours every chart of a class uses."""

from __future__ import annotations

import plotly.graph_objects as go

from lossviz.views.shared.palette import OKABE_ITO


def assert_one_trace_per_class(fig: go.Figure, names: list[str]) -> None:
    """``fig`` is a plotly figure with one trace per class, in the order of ``names``: each
    trace named after its class and drawn in that class's colour (``OKABE_ITO``, by index)."""
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == list(names)
    assert [trace.marker.color for trace in fig.data] == list(OKABE_ITO[: len(names)])
