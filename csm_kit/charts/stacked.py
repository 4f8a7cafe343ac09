"""Parts of a whole per bucket: a metric split by its `stack` dimension (survey answers, health
bands) as 100% stacked bars, the parts ordered by their leading number and coloured from red
to green in the metric's direction; the tooltip gives the count and the share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import altair as alt

from csm_kit.charts.encoding import HEIGHT, WIDTH, group_labels, inline, value_format

if TYPE_CHECKING:
    from csm_kit.frame import MetricFrame


def part_order(values: list[str]) -> list[str]:
    """Parts ordered by their leading number ('0-6 detractors' < '7-8 passives' <
    '9-10 promoters'; '2' < '10'), then by text."""
    def key(v: str) -> tuple[float, str]:
        m = re.match(r"\s*(-?\d+(?:\.\d+)?)", v)
        return (float(m.group(1)) if m else float("inf"), v)

    return sorted(values, key=key)


def stacked_chart(frame: MetricFrame, metric_id: str) -> alt.TopLevelMixin:
    """The stacked bars of `metric_id` in `frame`, split by its stack dimension."""
    m = frame.metrics[metric_id]
    part = m.stack
    df = frame.data[frame.data["metric"] == metric_id].sort_values("period_start").copy()
    df[part] = group_labels(df, [part])
    others = [b for b in frame.by if b != part]
    if others:
        df["group"] = group_labels(df, others)
    keys = ["period_start", *(["group"] if others else [])]
    totals = df.groupby(keys)["value"].transform("sum")
    df["share"] = (df["value"] / totals).where(totals > 0)
    df["period"] = [frame.period_label(p) + ("" if c else " (incomplete)")
                    for p, c in zip(df["period_start"], df["complete"], strict=True)]
    order = part_order(list(dict.fromkeys(df[part])))
    scheme = alt.Scale(domain=order, scheme="redyellowgreen",
                       reverse=m.direction == "lower_is_better")
    fmt = value_format(frame.unit(metric_id))
    bars = alt.Chart().mark_bar().encode(
        x=alt.X("period:O", title=None, sort=None),
        y=alt.Y("sum(value):Q", stack="normalize", title=f"share of {m.title}",
                axis=alt.Axis(format=".0%")),
        color=alt.Color(f"{part}:N", title=part, sort=order, scale=scheme),
        order=alt.Order("part_rank:Q"),
        opacity=alt.condition("datum.complete", alt.value(1.0), alt.value(0.5)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip(f"{part}:N"),
                 alt.Tooltip("value:Q", format=fmt, title="count"),
                 alt.Tooltip("share:Q", format=".1%")])
    df["part_rank"] = df[part].map({v: i for i, v in enumerate(order)})
    chart = alt.layer(bars, data=inline(df))
    title = f"{m.title} by {part} per {frame.grain}"
    if others:
        return chart.properties(width=220, height=140).facet(
            facet=alt.Facet("group:N", title=" · ".join(others)), columns=3,
        ).properties(title=title)
    return chart.properties(width=WIDTH, height=HEIGHT, title=title)
