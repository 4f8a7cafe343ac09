"""A metric's trend: one line per group over the buckets, on its benchmark bands.

- Bands: the good / ok / bad regions of the metric's benchmark in its direction, drawn behind
  the line where the benchmark applies to the params and grain computed (as the status does).
- Incomplete buckets: the line runs dashed into them and their points are hollow; the tooltip
  says so.
- compare=: the previous values as a thin dashed grey line, with the change in the tooltip.
- by: a colour per group; past :data:`SMALL_MULTIPLES` groups, one small chart per group.
- The value axis of a rate or score is not forced to zero; counts and amounts start at zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from csm_kit.charts.encoding import (
    BAND_COLOURS,
    BAND_OPACITY,
    HEIGHT,
    WIDTH,
    axis_title,
    duration_scale,
    group_labels,
    inline,
    stable,
    value_format,
)
from csm_kit.formatting import format_change, format_value

if TYPE_CHECKING:
    from csm_kit.frame import MetricFrame
    from csm_kit.metric import Metric

SMALL_MULTIPLES = 6  # more groups than this: one small chart per group


def variant_title(m: Metric, params: dict) -> str:
    """The metric's title, with the params that differ from its defaults: 'Support Tickets
    (per=active_account)'."""
    defaults = m.resolve_params(None)
    changed = [f"{k}={v}" for k, v in params.items() if defaults.get(k) != v]
    return m.title + (f" ({', '.join(changed)})" if changed else "")


def band_edges(metric: Metric, low: float, high: float) -> list[tuple[str, float, float]]:
    """(band, from, to) of each region of `metric`'s benchmark over a value axis from `low` to
    `high` (widened to show every threshold)."""
    b = metric.benchmark
    cuts = [c for c in (b.good, b.ok) if c is not None]
    low, high = min([low, *cuts]), max([high, *cuts])
    pad = (high - low) * 0.05 or abs(high) * 0.05 or 1.0
    low, high = low - pad, high + pad
    ok = b.ok if b.ok is not None else b.good
    if metric.direction == "higher_is_better":
        edges = [("good", b.good, high), ("ok", ok, b.good), ("bad", low, ok)]
    else:
        edges = [("good", low, b.good), ("ok", b.good, ok), ("bad", ok, high)]
    return [(name, stable(lo), stable(hi)) for name, lo, hi in edges if hi > lo]


def _prepare(frame: MetricFrame, metric_id: str) -> pd.DataFrame:
    df = frame.data[frame.data["metric"] == metric_id].copy()
    df["period"] = [frame.period_label(p) for p in df["period_start"]]
    if frame.by:
        df["group"] = group_labels(df, frame.by)
    else:
        df["group"] = frame.metrics[metric_id].title
    df["state"] = df["complete"].map({True: "complete", False: "incomplete (under way)"})
    # the dashed tail: the incomplete buckets and the last complete one before them
    group = df["group"]
    last_complete = df["period_start"].where(df["complete"]).groupby(group).transform("max")
    under_way = (~df["complete"]).groupby(group).transform("any")
    df["tail"] = ~df["complete"] | ((df["period_start"] == last_complete) & under_way)
    return df


def metric_trend(frame: MetricFrame, metric_id: str, *, bands: bool = True) -> alt.TopLevelMixin:
    """The trend chart of one metric of `frame`."""
    m = frame.metrics[metric_id]
    unit = frame.unit(metric_id)
    df = _prepare(frame, metric_id)
    params = frame.params[metric_id]
    fmt = value_format(unit)
    values = df["value"].dropna()
    factor, duration_unit = (duration_scale(float(values.abs().max()) if len(values) else 1.0)
                             if unit == "duration" else (1.0, ""))
    df["value_text"] = [format_value(v, unit) for v in df["value"]]
    compared = ["previous", "change"] if frame.compare else []
    if frame.compare:
        df["previous_text"] = [format_value(v, unit) for v in df["previous"]]
        df["change_text"] = [format_change(v, unit) for v in df["change"]]
    for column in ("value", *compared):
        df[column] = df[column] * factor
    groups = df["group"].nunique()
    many = groups > SMALL_MULTIPLES
    coloured = bool(frame.by) and not many
    x = (alt.X("period:O", title=None, sort=None) if frame.grain in ("quarter", "year")
         else alt.X("period_start:T", title=None))  # quarters read as quarters, not months
    y = alt.Y("value:Q", title=axis_title(m.title, unit, duration_unit),
              axis=alt.Axis(format=fmt), scale=alt.Scale(zero=m.kind_for(params) != "ratio"))
    colour = (alt.Color("group:N", title=" · ".join(frame.by)) if coloured
              else alt.value("#0969da"))
    tooltip = [alt.Tooltip("period:N", title="period"),
               *([alt.Tooltip("group:N", title=" · ".join(frame.by))] if frame.by else []),
               alt.Tooltip("value_text:N", title=m.title),
               alt.Tooltip("status:N"), alt.Tooltip("state:N", title="bucket")]
    if frame.compare:
        tooltip += [alt.Tooltip("previous_text:N",
                                title="year ago" if frame.compare == "year_ago" else "previous"),
                    alt.Tooltip("change_text:N", title="change")]
    base = alt.Chart().encode(x=x, y=y, color=colour, detail="group:N")
    layers: list[alt.Chart] = []
    if bands and m.benchmark_applies(params, frame.grain) and len(values):
        for name, lo, hi in band_edges(m, float(values.min()), float(values.max())):
            layers.append(  # one rect per chart (per small multiple): the window keeps one row
                alt.Chart().mark_rect(color=BAND_COLOURS[name], opacity=BAND_OPACITY)
                .encode(y=alt.datum(stable(lo * factor)), y2=alt.datum(stable(hi * factor)))
                .transform_window(band_row="row_number()", groupby=["group"])
                .transform_filter("datum.band_row == 1"))
    if frame.compare:
        layers.append(base.mark_line(strokeDash=[2, 2], strokeWidth=1, color="#8c959f")
                      .encode(y=alt.Y("previous:Q"), color=alt.value("#8c959f")))
    layers.append(base.mark_line().transform_filter("datum.complete"))
    layers.append(base.mark_line(strokeDash=[4, 3]).transform_filter("datum.tail"))
    layers.append(base.mark_point(filled=True, size=30).encode(
        opacity=alt.condition("datum.complete", alt.value(1.0), alt.value(0.0)),
        tooltip=tooltip))
    layers.append(base.mark_point(filled=False, size=40).transform_filter("!datum.complete")
                  .encode(tooltip=tooltip))
    title = f"{variant_title(m, params)} per {frame.grain}"
    chart = alt.layer(*layers, data=inline(df))
    if many:
        return chart.properties(width=180, height=110).facet(
            facet=alt.Facet("group:N", title=" · ".join(frame.by)), columns=3,
        ).properties(title=title)
    return chart.properties(width=WIDTH, height=HEIGHT, title=title)
