"""What every csm_kit chart shares: units on axes and tooltips, status colours, inline data.

Charts carry only aggregated rows (buckets x groups), which the warehouse computed; they are
given to Altair as inline values, so Altair's 5,000-row guard for raw data frames (a
safeguard against shipping raw rows to the browser) does not apply to them, and nothing
global is switched off.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from csm_kit.formatting import STATUS_COLOURS
from csm_kit.frame import NULL_GROUP

# d3-format of a value in each unit, for axes and tooltips
FORMATS: dict[str, str] = {
    "fraction": ".1%", "currency": "$,.0f", "count": ",.0f", "duration": ",.1f",
    "score": ",.1f",
}
BAND_COLOURS = {"good": STATUS_COLOURS["good"], "ok": "#d4a72c", "bad": STATUS_COLOURS["bad"]}
BAND_OPACITY = 0.08
NO_STATUS = "#8c959f"
WIDTH = 560
HEIGHT = 220


def value_format(unit: str) -> str:
    """The d3-format string of a value in `unit`."""
    return FORMATS.get(unit, ",.2f")


def duration_scale(largest_hours: float) -> tuple[float, str]:
    """(factor, name) to draw durations whose largest is `largest_hours` in a readable unit:
    seconds under a minute, minutes under an hour, hours under two days, else days."""
    if largest_hours < 1 / 60:
        return 3600.0, "seconds"
    if largest_hours < 1:
        return 60.0, "minutes"
    if largest_hours < 48:
        return 1.0, "hours"
    return 1 / 24, "days"


def axis_title(title: str, unit: str, duration_unit: str = "hours") -> str:
    """An axis title that says the unit where the format cannot (durations)."""
    return f"{title} ({duration_unit})" if unit == "duration" else title


def stable(value: float) -> float:
    """`value` to 12 significant digits: the last bits of a parallel sum vary from run to run,
    and a chart (a notebook's SVG) must not."""
    return float(f"{value:.12g}")


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """`df` as JSON-ready records: dates as ISO text, NaN as None, floats to 12 significant
    digits."""
    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            elif isinstance(v, float) and math.isnan(v):
                v = None
            elif isinstance(v, float):
                v = stable(v)
            elif hasattr(v, "item"):  # numpy scalars
                v = v.item()
            clean[k] = v
        out.append(clean)
    return out


def group_labels(df: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> list[str]:
    """Each row's group as one label: its `columns` joined by ' · ', the null group shown as
    the tables show it."""
    parts = [df[c].map(lambda v: NULL_GROUP if v is None else str(v)) for c in columns]
    return [" · ".join(values) for values in zip(*parts, strict=True)]


def inline(df: pd.DataFrame) -> alt.InlineData:
    """Aggregated rows as inline chart data (see the module docstring)."""
    return alt.InlineData(values=records(df))


def status_scale() -> alt.Scale:
    """Status colours: good, ok, bad, and grey for none."""
    return alt.Scale(domain=["good", "ok", "bad", "none"],
                     range=[BAND_COLOURS["good"], BAND_COLOURS["ok"], BAND_COLOURS["bad"],
                            NO_STATUS])
