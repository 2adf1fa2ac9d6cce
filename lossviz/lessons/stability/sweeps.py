r"""The routes over a range of logit scales, and the exact scale where each first goes wrong."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from lossviz.errors import InputError
from lossviz.lessons.stability.floats import (
    _TORCH_DTYPES,
    DTYPES,
    EVENTS,
    ROUTES,
    SCALE_RANGE,
    _between,
    _numpy,
    _representable,
    _row_and_label,
    _scaled,
    _torch_dtype,
)
from lossviz.lessons.stability.routes import _evaluate, _events, _status
from lossviz.validation import as_float_array

__all__ = [
    "NICE_STEPS",
    "Failure",
    "ScaleSweep",
    "first_failure",
    "first_failures",
    "naive_breaks",
    "scale_grid",
    "scale_options",
    "scale_sweep",
]


def scale_grid(
    per_decade: int = 40, low: float = SCALE_RANGE[0], high: float = SCALE_RANGE[1]
) -> np.ndarray:
    """Scales from ``low`` to ``high``, evenly spaced on a log axis.

    >>> grid = scale_grid(1)
    >>> grid.tolist()
    [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
    """
    decades = math.log10(high / low)
    count = round(decades * per_decade) + 1
    return np.array([float(f"{v:.12g}") for v in np.geomspace(low, high, count)])


#: The slider's scales in each decade: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of 10.
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def scale_options(current: float | None = None) -> list[float]:
    """The scales a slider offers, from 10^-3 to 10^4, with ``current`` among them (a link may
    carry any scale, such as the first one at which a route breaks).

    >>> options = scale_options(34.12417221069336)
    >>> options[:3], options[-1], len(options), 34.12417221069336 in options
    ([0.001, 0.0012, 0.0015], 10000.0, 72, True)
    """
    low, high = SCALE_RANGE
    values = {
        float(f"{step * 10.0**power:.12g}")
        for power in range(round(math.log10(low)), round(math.log10(high)) + 1)
        for step in NICE_STEPS
    }
    values = {v for v in values if low <= v <= high}
    if current is not None:
        values.add(float(current))
    return sorted(values)


@dataclass(frozen=True)
class ScaleSweep:
    """One sample's loss and outcome by each route, over many scales, in both dtypes.

    Attributes:
        scales: (S,) the scales :math:`s`.
        label: the target class.
        loss: ``loss[dtype][route]`` (S,): the route's loss (may be inf or NaN).
        status: ``status[dtype][route]`` (S,): one of ``STATUSES`` per scale.
    """

    scales: np.ndarray
    label: int
    loss: dict
    status: dict


def scale_sweep(row: object, label: int, scales: object) -> ScaleSweep:
    r"""Each route's loss at each scale :math:`s` (logits :math:`s z`), in float32 and float64.

    Raises:
        InputError: as :func:`softmax_routes`, or scales that are not positive.

    >>> sweep = scale_sweep([1.3, 1.3, 2.6], 0, [1.0, 20.0, 40.0])
    >>> sweep.status["float32"]["naive"].tolist(), sweep.status["float64"]["naive"].tolist()
    (['ok', 'ok', 'inf'], ['ok', 'ok', 'ok'])
    >>> sweep.loss["float32"]["fused"].round(4).tolist()
    [1.7351, 26.0, 52.0]
    """
    z, label = _row_and_label(row, label)
    s = as_float_array(scales, "scales")
    if s.ndim != 1 or (s <= 0).any():
        raise InputError("scales must be one row of positive numbers")
    loss: dict = {}
    status: dict = {}
    for dtype in DTYPES:
        torch_dtype = _TORCH_DTYPES[dtype]
        x = _scaled(z, s, torch_dtype)
        values = _evaluate(x, torch.full((s.size,), label, device=x.device))
        loss[dtype] = {route: _numpy(values[f"{route}_loss"]) for route in ROUTES}
        status[dtype] = {
            route: _status(values[f"{route}_loss"], values[f"{route}_grad"]) for route in ROUTES
        }
    return ScaleSweep(scales=s, label=label, loss=loss, status=status)


@dataclass(frozen=True)
class Failure:
    """The smallest scale at which something first goes wrong on a route, in a dtype.

    Attributes:
        dtype, route, event: what (see ``EVENTS``).
        scale: the smallest scale (a number of the dtype) at which it happens; NaN when it does
            not happen up to the top of the range searched.
        last_good: the largest scale below ``scale`` at which it does not happen (the number of
            the dtype just below ``scale``); NaN when it happens already at the bottom of the range.
    """

    dtype: str
    route: str
    event: str
    scale: float
    last_good: float

    @property
    def found(self) -> bool:
        return not math.isnan(self.scale)


class _Flags:
    """The route's ``EVENTS`` flags in one dtype, per scale, as a function of the scales."""

    def __init__(self, z: np.ndarray, label: int, dtype: str, route: str) -> None:
        self.z, self.label, self.route = z, label, route
        self.dtype = _TORCH_DTYPES[dtype]

    def __call__(self, scales: np.ndarray) -> dict[str, np.ndarray]:
        x = _scaled(self.z, scales, self.dtype)
        labels = torch.full((scales.size,), self.label, device=x.device)
        values = _evaluate(x, labels, (self.route,))
        return {name: flag.cpu().numpy() for name, flag in _events(values, self.route).items()}


def _check_search(route: str, event: str | None, low: float, high: float) -> None:
    if route not in EVENTS:
        raise InputError(f"route must be one of {', '.join(ROUTES)}; got {route!r}")
    if event is not None and event not in EVENTS[route]:
        raise InputError(
            f"the {route} route has no event {event!r}: use one of {', '.join(EVENTS[route])}"
        )
    if not (0 < low < high and math.isfinite(high)):
        raise InputError(f"the scales searched must satisfy 0 < low < high; got {low!r}, {high!r}")


def first_failure(
    row: object,
    label: int,
    dtype: str,
    route: str,
    event: str,
    low: float = SCALE_RANGE[0],
    high: float = SCALE_RANGE[1],
) -> Failure:
    r"""The smallest scale :math:`s` in ``[low, high]`` at which ``event`` happens on ``route``.

    A sweep of 40 scales per decade finds where the event first happens; a search between the
    two scales around it then narrows that to neighbouring numbers of the dtype (the scale is
    rounded to the dtype when it multiplies the logits). The scale found is the first number of
    the dtype at which torch itself shows the event.

    Raises:
        InputError: as :func:`softmax_routes`, an unknown route or an event the route does not
            have (see ``EVENTS``), or a range that is not ``0 < low < high``.

    For the seed example, float32's :math:`e^{x}` overflows when :math:`2.6 s > 88.7228`:

    >>> f = first_failure([1.3, 1.3, 2.6], 2, "float32", "naive", "overflow")
    >>> round(f.scale, 4), round(88.72283 / 2.6, 4), f.last_good < f.scale
    (34.1242, 34.1242, True)
    """
    return _first_failures(row, label, low, high, ((dtype, route, event),))[0]


def _narrow(flags: _Flags, dtype: str, grid: np.ndarray, events: tuple[str, ...]) -> dict:
    """For each event, the first scale of ``grid`` where it happens, narrowed to neighbouring
    numbers of the dtype; the events' searches share each evaluation."""
    happened = flags(grid)
    found: dict[str, Failure] = {}
    brackets: dict[str, tuple[float, float]] = {}
    for event in events:
        if not happened[event].any():
            found[event] = Failure(dtype, flags.route, event, math.nan, math.nan)
            continue
        first = int(np.argmax(happened[event]))
        if first == 0:
            found[event] = Failure(dtype, flags.route, event, float(grid[0]), math.nan)
        else:
            brackets[event] = (float(grid[first - 1]), float(grid[first]))
    while brackets:
        between = {event: _between(lo, hi, dtype) for event, (lo, hi) in brackets.items()}
        for event in [event for event, values in between.items() if values.size == 0]:
            lo, hi = brackets.pop(event)
            found[event] = Failure(dtype, flags.route, event, hi, lo)
            del between[event]
        if not between:
            break
        scales = np.unique(np.concatenate(list(between.values())))
        now = flags(scales)
        for event, candidates in between.items():
            hit = now[event][np.searchsorted(scales, candidates)]
            lo, hi = brackets[event]
            if hit.any():
                first = int(np.argmax(hit))
                hi = float(candidates[first])
                lo = float(candidates[first - 1]) if first > 0 else lo
            else:
                lo = float(candidates[-1])
            brackets[event] = (lo, hi)
    return found


def _first_failures(row, label, low, high, wanted) -> tuple[Failure, ...]:
    z, label = _row_and_label(row, label)
    for dtype, route, event in wanted:
        _torch_dtype(dtype)
        _check_search(route, event, low, high)
    found: dict = {}
    for dtype in DTYPES:
        grid = np.unique(_representable(scale_grid(40, low, high), dtype))
        for route in ROUTES:
            events = tuple(e for d, r, e in wanted if (d, r) == (dtype, route))
            if events:
                for event, failure in _narrow(
                    _Flags(z, label, dtype, route), dtype, grid, events
                ).items():
                    found[dtype, route, event] = failure
    return tuple(found[key] for key in wanted)


def first_failures(
    row: object, label: int, low: float = SCALE_RANGE[0], high: float = SCALE_RANGE[1]
) -> tuple[Failure, ...]:
    """:func:`first_failure` for every dtype, route and event, in the order of ``DTYPES``,
    ``ROUTES`` and ``EVENTS``.

    >>> failures = first_failures([1.3, 1.3, 2.6], 2)
    >>> [(f.dtype, f.event, round(f.scale, 2)) for f in failures if f.route == "naive"][:3]
    [('float32', 'overflow', 34.12), ('float32', 'zero', 34.12), ('float32', 'nan', 34.12)]
    >>> [f.found for f in failures if f.route == "fused"]
    [False, False, False, False]
    """
    wanted = [
        (dtype, route, event) for dtype in DTYPES for route in ROUTES for event in EVENTS[route]
    ]
    return _first_failures(row, label, low, high, wanted)


def naive_breaks(failures: tuple[Failure, ...]) -> dict[str, float]:
    """Per dtype, the smallest scale at which the naive route's loss is no longer finite (NaN
    when it stays finite over the range searched).

    >>> breaks = naive_breaks(first_failures([1.3, 1.3, 2.6], 2))
    >>> round(breaks["float32"], 4), round(breaks["float64"], 4)
    (34.1242, 272.9934)
    """
    return {f.dtype: f.scale for f in failures if f.route == "naive" and f.event == "loss"}
