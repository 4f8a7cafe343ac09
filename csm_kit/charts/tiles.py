"""The scorecard as KPI tiles: each metric's value, change and status colour, in a grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from csm_kit.charts.encoding import inline, status_scale
from csm_kit.formatting import format_change, format_value

if TYPE_CHECKING:
    from csm_kit.frame import Scorecard

COLUMNS = 4
TILE_W, TILE_H = 190, 78


def scorecard_tiles(card: Scorecard, columns: int = COLUMNS) -> alt.Chart:
    """One tile per metric of `card`: title, value and change (formatted in its unit), the
    tile's colour its status (grey for none); a metric with no value shows its note."""
    df = card.data.reset_index(drop=True).copy()
    df["col"] = df.index % columns
    df["row"] = df.index // columns
    df["shown"] = [format_value(v, u) for v, u in zip(df["value"], df["unit"], strict=True)]
    word = "vs year ago" if card.compare == "year_ago" else "vs previous"
    df["delta"] = [("" if pd.isna(c) else f"{format_change(c, u)} {word}")
                   for c, u in zip(df["change"], df["unit"], strict=True)]
    df["state"] = df["status"].fillna("none")
    df["name"] = [t if len(t) <= 28 else t[:27] + "…" for t in df["title"]]
    base = alt.Chart().encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
        tooltip=[alt.Tooltip("title:N", title="metric"), alt.Tooltip("shown:N", title="value"),
                 alt.Tooltip("delta:N", title="change"), alt.Tooltip("status:N"),
                 alt.Tooltip("benchmark:N"), alt.Tooltip("note:N")])
    tile = base.mark_rect(cornerRadius=6, opacity=0.18, stroke="white", strokeWidth=6).encode(
        color=alt.Color("state:N", scale=status_scale(), legend=alt.Legend(title="status")))
    name = base.mark_text(dy=-22, fontSize=11, color="#57606a").encode(text="name:N")
    value = base.mark_text(dy=2, fontSize=20, fontWeight="bold").encode(text="shown:N")
    delta = base.mark_text(dy=24, fontSize=11, color="#57606a").encode(text="delta:N")
    rows = int(df["row"].max()) + 1 if len(df) else 1
    return alt.layer(tile, name, value, delta, data=inline(df)).properties(
        width=TILE_W * min(columns, max(len(df), 1)), height=TILE_H * rows, title=card.title,
    ).configure_view(stroke=None)
