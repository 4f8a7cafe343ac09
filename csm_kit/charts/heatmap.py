"""Cohorts as a retention heatmap: a row per cohort, a column per age, the cell's colour and
label its retention; partial buckets (still under way) are faded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from csm_kit.charts.encoding import group_labels, inline, value_format
from csm_kit.periods import format_period

if TYPE_CHECKING:
    from csm_kit.cohorts import CohortFrame


def cohort_heatmap(frame: CohortFrame) -> alt.TopLevelMixin:
    """The retention heatmap of `frame` (one small heatmap per group with `by`)."""
    df = frame.data.copy()
    df["cohort_label"] = [format_period(c.date(), frame.grain, frame.fiscal_year_start)
                          for c in df["cohort"]]
    if frame.by:
        df["group"] = group_labels(df, frame.by)
    size_fmt = value_format("count" if frame.measure == "accounts" else "currency")
    top = max(1.0, float(df["retention"].max())) if len(df) else 1.0
    base = alt.Chart().encode(
        x=alt.X("age:O", title=f"age ({frame.grain}s since the cohort)"),
        y=alt.Y("cohort_label:O", title="cohort", sort=None),
        tooltip=[alt.Tooltip("cohort_label:N", title="cohort"), alt.Tooltip("age:O"),
                 alt.Tooltip("size:Q", format=size_fmt), alt.Tooltip("value:Q", format=size_fmt),
                 alt.Tooltip("retention:Q", format=".1%"), alt.Tooltip("complete:N")])
    cells = base.mark_rect().encode(
        color=alt.Color("retention:Q", title="retention", legend=alt.Legend(format=".0%"),
                        scale=alt.Scale(domain=[0, top], scheme="blues")),
        opacity=alt.condition("datum.complete", alt.value(1.0), alt.value(0.5)))
    labels = base.mark_text(fontSize=9).encode(
        text=alt.Text("retention:Q", format=".0%"),
        color=alt.condition("datum.retention > 0.6", alt.value("white"), alt.value("black")))
    what = "Logo" if frame.measure == "accounts" else "Revenue"
    title = f"{what} retention by {frame.grain} cohort"
    chart = alt.layer(cells, labels, data=inline(df)).properties(
        width=alt.Step(30), height=alt.Step(18))
    if frame.by:
        return chart.facet(facet=alt.Facet("group:N", title=" · ".join(frame.by)),
                           columns=2).properties(title=title)
    return chart.properties(title=title)
