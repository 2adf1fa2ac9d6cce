"""A built chart fitted to the screen it is drawn on, and the numbers it draws as a table.

Figure builders make one figure for every screen. Before it is drawn, ``for_screen`` fits a copy
of its dict (``figure.to_dict()``) to the screen: a title wrapped onto lines that fit the chart's
width (Plotly never wraps one, and cuts what does not fit), the legend between the title and the
plot, room for both above the plot, every font scaled for a projector, the tool bar standing on
the right so that it covers no title; on a phone, panels side by side stacked one above the other.
``figure_table`` lists every value a chart draws, one row a point, bar or cell, under the chart's
own axis titles: the numbers behind the chart, for a screen reader and for copying.

Both are pure: they read the dict and return new ones, and never change what they are given.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_FONT",
    "TITLE_FONT",
    "figure_table",
    "for_screen",
    "legend_rows",
    "plain_title",
    "stack_panels",
    "text_width",
    "wrap_title",
]

#: Plotly's default font size, and that of a title (1.4 times it), in pixels.
DEFAULT_FONT = 12.0
TITLE_FONT = 17.0
#: The width a chart is assumed to have when its title and legend are fitted: a chart in one
#: of two columns on a laptop, the narrow column of a two-to-one row on a 1280-pixel projector
#: (where the type is larger), and the whole width of a phone, in pixels.
CHART_WIDTH = 500.0
PROJECTED_CHART_WIDTH = 380.0
PHONE_CHART_WIDTH = 340.0
#: Height of one panel when a row of panels is stacked, in pixels.
PANEL_HEIGHT = 260

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def plain_title(text: str) -> str:
    """A Plotly text as plain text: line breaks as spaces, tags out, entities decoded.

    >>> plain_title("Loss of <b>x</b><br>and &lt;y&gt;")
    'Loss of x and <y>'
    """
    return html.unescape(_TAG.sub("", _BREAK.sub(" ", text))).strip()


def text_width(text: str) -> float:
    """The width of plain ``text`` in ems, roughly: half an em a character, a whole one for a
    wide (CJK) character.

    >>> text_width("ab"), text_width("猪八戒")
    (1.0, 3.0)
    """
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def wrap_title(text: str, width_em: float) -> list[str]:
    """A Plotly title's lines, each at most ``width_em`` ems wide where its words allow: breaks
    between words, keeps the breaks it has, and never cuts a word, a tag or an entity.

    >>> wrap_title("Sample 0: softmax vs sigmoid (each on its own)", 12)
    ['Sample 0: softmax vs', 'sigmoid (each on its', 'own)']
    >>> wrap_title("a<br>b", 40)
    ['a', 'b']
    """
    lines: list[str] = []
    for given in _BREAK.split(text):
        line = ""
        for word in given.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(plain_title(candidate)) > width_em:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _legend_items(spec: Mapping[str, Any]) -> list[str]:
    names = []
    for trace in spec.get("data", ()):
        if trace.get("showlegend") is False or not trace.get("name"):
            continue
        if trace.get("type") in ("heatmap", "histogram2d", "contour") and not trace.get(
            "showlegend"
        ):
            continue
        names.append(plain_title(str(trace["name"])))
    return list(dict.fromkeys(names))


def legend_rows(names: Sequence[str], width_px: float, font_px: float) -> int:
    """How many rows a horizontal legend of ``names`` takes in ``width_px``: each item is its
    text and a 40-pixel symbol and gap.

    >>> legend_rows(["cat", "dog", "pig"], 500, 12), legend_rows(["a long name"] * 8, 300, 12)
    (1, 4)
    """
    rows, used = (1 if names else 0), 0.0
    for name in names:
        item = text_width(name) * font_px + 40 * font_px / DEFAULT_FONT
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    return rows


def _scaled_font(font: Mapping[str, Any] | None, size: float, scale: float) -> dict:
    font = dict(font or {})
    font["size"] = float(font.get("size") or size) * scale
    return font


def for_screen(spec: Mapping[str, Any], scale: float = 1.0, phone: bool = False) -> dict:
    """``spec`` (a figure's dict) fitted to the screen: fonts ``scale`` times their size (a
    projector), the title wrapped to the chart's assumed width at the top, the horizontal legend
    under it, the top margin holding both, the tool bar upright on the right; on a ``phone``, a
    row of panels stacked (``stack_panels``).

    >>> fitted = for_screen({"data": [], "layout": {"title": {"text": "A " * 40}}}, scale=1.5)
    >>> fitted["layout"]["font"]["size"], fitted["layout"]["title"]["text"].count("<br>")
    (18.0, 2)
    """
    if phone:
        spec = stack_panels(spec)
    layout = dict(spec.get("layout", {}))
    width = PHONE_CHART_WIDTH if phone else PROJECTED_CHART_WIDTH if scale > 1 else CHART_WIDTH
    layout["font"] = _scaled_font(layout.get("font"), DEFAULT_FONT, scale)
    font = layout["font"]["size"]
    top = 14.0 * scale  # above the title: larger type needs more room for its ascenders
    title = layout.get("title")
    if isinstance(title, Mapping) and title.get("text"):
        title_font = _scaled_font(title.get("font"), TITLE_FONT, scale)
        lines = wrap_title(str(title["text"]), width / title_font["size"])
        layout["title"] = {
            **title,
            "text": "<br>".join(lines),
            "font": title_font,
            "yref": "container",
            "y": 1.0,
            "yanchor": "top",
            "pad": {"t": top},
        }
        top += len(lines) * title_font["size"] * 1.3 + 6
    legend = layout.get("legend")
    if isinstance(legend, Mapping) and layout.get("showlegend", True) is not False:
        layout["legend"] = {**legend, "font": _scaled_font(legend.get("font"), font, 1.0)}
        if float(legend.get("y", 1)) < 0:  # under the axis: as far below as the ticks grew
            layout["legend"]["y"] = float(legend["y"]) * scale
        if legend.get("orientation") == "h" and float(legend.get("y", 0)) >= 1:
            top += legend_rows(_legend_items(spec), width, font) * font * 1.9
    if layout.get("annotations"):
        layout["annotations"] = [
            {**note, "font": _scaled_font(note.get("font"), font, scale if "font" in note else 1)}
            for note in layout["annotations"]
        ]
        if any(
            note.get("yref") == "paper" and note.get("y", 0) >= 1 for note in layout["annotations"]
        ):
            top += font * 1.6
    if scale != 1.0:  # axes' ticks and titles: Streamlit's theme sizes them unless told
        for key in [key for key in layout if re.fullmatch(r"[xy]axis\d*", key)]:
            axis = dict(layout[key])
            axis["tickfont"] = _scaled_font(axis.get("tickfont"), DEFAULT_FONT, scale)
            title = axis.get("title")
            if isinstance(title, Mapping):
                axis["title"] = {
                    **title,
                    "font": _scaled_font(title.get("font"), DEFAULT_FONT, scale),
                }
            layout[key] = axis
    margin = dict(layout.get("margin", {}))
    margin["t"] = max(top + 10, 20.0)
    layout["margin"] = margin
    layout["modebar"] = {**layout.get("modebar", {}), "orientation": "v"}
    return {**spec, "layout": layout}


def _row_of_panels(layout: Mapping[str, Any]) -> list[str]:
    """The x axes (``xaxis``, ``xaxis2``...) of panels side by side, left to right; empty
    when the figure has one panel or its panels are not in one row."""
    axes = [key for key in layout if re.fullmatch(r"xaxis\d*", key)]
    domains = {key: tuple(layout[key].get("domain", (0, 1))) for key in axes}
    if len(axes) < 2 or len(set(domains.values())) < len(axes):
        return []
    return sorted(axes, key=lambda key: domains[key][0])


def stack_panels(spec: Mapping[str, Any]) -> dict:
    """A figure with panels side by side (subplots in one row) with the panels one above the
    other instead, each the whole width and ``PANEL_HEIGHT`` high; the annotations above a
    panel (its title) move with it. Other figures are returned as they are.

    >>> spec = {"data": [], "layout": {"xaxis": {"domain": [0, 0.4]}, "yaxis": {},
    ...     "xaxis2": {"domain": [0.6, 1], "anchor": "y2"}, "yaxis2": {"anchor": "x2"}}}
    >>> stacked = stack_panels(spec)["layout"]
    >>> stacked["xaxis2"]["domain"], stacked["yaxis2"]["domain"], stacked["height"]
    ([0.0, 1.0], [0.0, 0.425], 520)
    """
    layout = dict(spec.get("layout", {}))
    row = _row_of_panels(layout)
    if not row:
        return dict(spec)
    n = len(row)
    gap = 0.3 / n  # of the height, between two panels: room for the lower one's title
    height = (1.0 - gap * (n - 1)) / n
    moved = []
    for k, key in enumerate(row):
        top = 1.0 - k * (height + gap)
        y_key = "yaxis" + key[len("xaxis") :]
        moved.append((tuple(layout[key].get("domain", (0, 1))), round(top, 6)))
        layout[key] = {**layout[key], "domain": [0.0, 1.0]}
        layout[y_key] = {
            **layout.get(y_key, {}),
            "domain": [round(max(top - height, 0.0), 6), round(top, 6)],
        }
    notes = []
    for note in layout.get("annotations", ()):
        if note.get("xref") == "paper" and note.get("yref") == "paper":
            x = float(note.get("x", -1))
            top = next((top for (left, right), top in moved if left <= x <= right), None)
            if top is not None:
                note = {**note, "x": 0.5, "xanchor": "center", "y": top}
        notes.append(note)
    if notes:
        layout["annotations"] = notes
    layout["height"] = PANEL_HEIGHT * n
    return {**spec, "layout": layout}


def _array(values: Any) -> np.ndarray:
    """A trace's array: a list, a NumPy array or Plotly's typed array (base64 ``bdata`` of a
    ``dtype``, with a ``shape`` when it has two dimensions), as ``figure.to_dict()`` gives it.

    >>> _array({"dtype": "i1", "bdata": "AQID", "shape": "1, 3"}).tolist()
    [[1, 2, 3]]
    """
    if isinstance(values, Mapping) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        shape = values.get("shape")
        if shape:
            array = array.reshape([int(n) for n in str(shape).split(",")])
        return array
    return np.asarray(values if values is not None else [], dtype=object)


def _values(values: Any) -> list:
    """A trace's array as a list of Python numbers or texts."""
    return _array(values).tolist()


def _axis_title(layout: Mapping[str, Any], ref: str) -> str:
    axis = layout.get(ref[0] + "axis" + ref[1:], {})
    title = axis.get("title", {})
    return plain_title(str(title.get("text", "") if isinstance(title, Mapping) else title or ""))


def _tick_names(layout: Mapping[str, Any], ref: str) -> dict:
    axis = layout.get(ref[0] + "axis" + ref[1:], {})
    values, texts = axis.get("tickvals"), axis.get("ticktext")
    if values is None or texts is None:
        return {}
    return {v: plain_title(str(t)) for v, t in zip(_values(values), _values(texts), strict=False)}


def figure_table(spec: Mapping[str, Any], words: Mapping[str, str]) -> dict[str, list]:
    """Every value ``spec`` draws: one row a bar, point or histogram value (its trace's name,
    then x and y under the axes' titles), or a heatmap cell (its row, its column and its value).
    Category positions are named by their tick labels. ``words`` gives the column names the
    chart does not: ``series``, ``x``, ``y``, ``value`` and ``label``.

    >>> spec = {"data": [{"type": "bar", "name": "cat", "x": ["a", "b"], "y": [0.25, 0.75]}],
    ...         "layout": {"yaxis": {"title": {"text": "p"}}}}
    >>> figure_table(spec, {"series": "series", "x": "x", "y": "y", "value": "v", "label": "l"})
    {'series': ['cat', 'cat'], 'x': ['a', 'b'], 'p': [0.25, 0.75]}
    """
    layout = spec.get("layout", {})
    rows: list[dict] = []
    for trace in spec.get("data", ()):
        kind = trace.get("type", "scatter")
        x_ref, y_ref = trace.get("xaxis", "x"), trace.get("yaxis", "y")
        x_name = _axis_title(layout, x_ref) or words["x"]
        y_name = _axis_title(layout, y_ref) or words["y"]
        if y_name == x_name:
            y_name = f"{y_name} ({words['y']})"
        series = plain_title(str(trace.get("name") or ""))
        x_ticks, y_ticks = _tick_names(layout, x_ref), _tick_names(layout, y_ref)
        if kind in ("heatmap", "contour"):
            grid = _array(trace.get("z")).astype(float)
            if grid.ndim != 2:
                continue
            xs = _values(trace.get("x")) or list(range(grid.shape[1]))
            ys = _values(trace.get("y")) or list(range(grid.shape[0]))
            texts = trace.get("text")
            labels = _array(texts) if texts is not None else None
            for i in range(grid.shape[0]):
                for j in range(grid.shape[1]):
                    row = {words["series"]: series} if series else {}
                    row[y_name] = y_ticks.get(ys[i], ys[i])
                    row[x_name] = x_ticks.get(xs[j], xs[j])
                    if labels is not None and labels.shape == grid.shape and labels[i, j]:
                        row[words["label"]] = plain_title(str(labels[i, j]))
                    row[words["value"]] = float(grid[i, j])
                    rows.append(row)
            continue
        if kind == "histogram":
            for value in _values(trace.get("x")):
                rows.append({words["series"]: series, x_name: value})
            continue
        ys = _values(trace.get("y"))
        xs = _values(trace.get("x")) or list(range(len(ys)))
        if not ys and xs and trace.get("orientation") != "h":
            continue
        for x, y in zip(xs, ys, strict=False):
            rows.append(
                {words["series"]: series, x_name: x_ticks.get(x, x), y_name: y_ticks.get(y, y)}
            )
    columns: dict[str, list] = {}
    for row in rows:
        for name in row:
            columns.setdefault(name, [])
    for name in columns:
        columns[name] = [row.get(name) for row in rows]
    if words["series"] in columns and not any(columns[words["series"]]):
        del columns[words["series"]]
    return columns
