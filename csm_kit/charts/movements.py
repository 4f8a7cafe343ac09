"""Movements of a stock (MRR): the amounts added and taken each bucket as diverging bars.

Metrics declared with ``movement='in'`` (new, expansion, reactivation MRR) stack above zero,
``movement='out'`` (contraction, churned MRR) below it, and a black tick marks the net
movement of each bucket. With `by`, one small chart per group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from csm_kit.charts.encoding import HEIGHT, WIDTH, group_labels, inline, value_format

if TYPE_CHECKING:
    from csm_kit.frame import MetricFrame

IN_COLOURS = ["#1a7f37", "#4ac26b", "#82e596"]
OUT_COLOURS = ["#cf222e", "#ff8182"]


def movements_chart(frame: MetricFrame) -> alt.TopLevelMixin:
    """Diverging bars of the movement metrics of `frame` (each declares movement='in'/'out')."""
    ids = [m for m in dict.fromkeys(frame.data["metric"]) if frame.metrics[m].movement]
    df = frame.data[frame.data["metric"].isin(ids)].sort_values("period_start").copy()
    sign = df["metric"].map(lambda m: -1.0 if frame.metrics[m].movement == "out" else 1.0)
    df["amount"] = df["value"] * sign
    df["movement"] = df["metric"].map(lambda m: frame.metrics[m].title)
    df["period"] = [frame.period_label(p) + ("" if c else " (incomplete)")
                    for p, c in zip(df["period_start"], df["complete"], strict=True)]
    if frame.by:
        df["group"] = group_labels(df, frame.by)
    unit = frame.unit(ids[0])
    fmt = value_format(unit)
    ins = [frame.metrics[m].title for m in ids if frame.metrics[m].movement == "in"]
    outs = [frame.metrics[m].title for m in ids if frame.metrics[m].movement == "out"]
    colour = alt.Color("movement:N", title=None, sort=ins + outs, scale=alt.Scale(
        domain=ins + outs, range=(IN_COLOURS * 3)[:len(ins)] + (OUT_COLOURS * 3)[:len(outs)]))
    x = alt.X("period:O", title=None, sort=None)  # the buckets in order
    bars = alt.Chart().mark_bar(opacity=1.0).encode(
        x=x, y=alt.Y("sum(amount):Q", title="movement", axis=alt.Axis(format=fmt)),
        color=colour,
        opacity=alt.condition("datum.complete", alt.value(1.0), alt.value(0.45)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("movement:N"),
                 alt.Tooltip("value:Q", format=fmt, title="amount")])
    net = alt.Chart().mark_tick(color="black", thickness=2).encode(
        x=x, y=alt.Y("sum(amount):Q"),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("sum(amount):Q", format=fmt,
                                                    title="net movement")])
    chart = alt.layer(bars, net, data=inline(df))
    title = "Movements: " + ", ".join(ins + outs)
    if frame.by:
        return chart.properties(width=220, height=130).facet(
            facet=alt.Facet("group:N", title=" · ".join(frame.by)), columns=3,
        ).properties(title=title)
    return chart.properties(width=WIDTH, height=HEIGHT, title=title)
