r"""The temperature's log scale: the stops of its slider and the ticks of its axis.

Temperatures from 0.05 to 20 span 2.6 decades. On a linear slider T = 1, where softmax is
itself, sits at 5% of the track and everything below 1 is squeezed into that 5%; on a log scale
:math:`\log T` is spread evenly, so 0.1 and 10 sit as far from 1 on either side.
"""

from __future__ import annotations

import numpy as np

__all__ = ["TEMPERATURE_STOPS", "TEMPERATURE_TICKS", "temperature_axis", "temperature_stops"]

#: Stops of the temperature slider: 21 a decade at round values (finer where the leading digit is
#: small, as on a log scale), from 0.05 to 20.
MANTISSAS = (1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.2, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9)
TEMPERATURE_STOPS = tuple(
    stop
    for stop in sorted({round(m * 10.0**e, 6) for e in (-2, -1, 0, 1) for m in MANTISSAS})
    if 0.05 <= stop <= 20.0
)
#: Labelled ticks of a temperature axis, 1-2-5 in each decade.
TEMPERATURE_TICKS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)


def temperature_stops(current: float) -> list[float]:
    """The slider's stops, with ``current`` among them (a link may carry any temperature in
    range), in increasing order.

    >>> stops = temperature_stops(1.0)
    >>> len(stops), round(stops.index(1.0) / (len(stops) - 1), 2)  # T = 1 mid-track
    (56, 0.47)
    >>> 1.37 in temperature_stops(1.37)
    True
    """
    return sorted({*TEMPERATURE_STOPS, float(current)})


def temperature_axis() -> dict:
    """A log axis of temperatures with each labelled tick written out in full (Plotly's own log
    ticks label 0.05 as "5" and 20 as "2"): ticks at round temperatures, each written with the
    d3 format ``~g`` (0.05 as "0.05", 20 as "20"). The ticks stay numbers, so what reads the
    figure's points by their ticks finds numbers.

    >>> axis = temperature_axis()
    >>> axis["type"], axis["tickvals"][:3], axis["tickvals"][-1], axis["tickformat"]
    ('log', [0.05, 0.1, 0.2], 20.0, '~g')
    """
    return {
        "type": "log",
        "tickmode": "array",
        "tickvals": list(TEMPERATURE_TICKS),
        "tickformat": "~g",
        "range": [float(np.log10(TEMPERATURE_STOPS[0])), float(np.log10(TEMPERATURE_STOPS[-1]))],
    }
