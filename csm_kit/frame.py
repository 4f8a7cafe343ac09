"""MetricFrame: the tidy result of a computation, and the Scorecard."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from csm_kit.errors import CsmKitError
from csm_kit.formatting import (
    format_change,
    format_value,
    html_table,
    status_html,
    status_text,
    text_table,
)
from csm_kit.metric import Metric
from csm_kit.periods import format_period

NULL_GROUP = "∅ (no value)"  # how the null group of a `by` dimension is shown


@dataclass
class MetricFrame:
    """Tidy metric values: one row per metric, bucket and group.

    ``to_pandas()`` has the columns metric, period_start (datetime64), <by...>, value, status,
    complete (whether the bucket is over: it ends by today) and, computed with compare=,
    previous and change (value - previous).
    A group whose dimension is null (no value, or an account missing from accounts) has None.
    ``errors`` maps each metric that could not be computed to its typed error.
    """

    data: pd.DataFrame
    metrics: Mapping[str, Metric]
    params: Mapping[str, Mapping[str, Any]]
    grain: str
    by: tuple[str, ...] = ()
    errors: Mapping[str, CsmKitError] = field(default_factory=dict)
    compare: str | None = None  # 'previous' or 'year_ago': the frame has previous and change
    fiscal_year_start: int = 1  # the month quarters and years start in (labels FY2026-Q1)

    def __post_init__(self) -> None:
        df = self.data.copy()
        df["period_start"] = pd.to_datetime(df["period_start"]).astype("datetime64[ns]")
        for b in self.by:  # text, with None (not NaN) for the null group
            df[b] = df[b].astype(object).where(df[b].notna(), None)
        df["value"] = df["value"].astype("float64")
        statuses = [
            self.metrics[m].status(None if pd.isna(v) else float(v), self.params[m], self.grain)
            for m, v in zip(df["metric"], df["value"], strict=True)
        ]
        df["status"] = pd.Series(statuses, index=df.index, dtype="object")
        df["complete"] = df["complete"].astype(bool)
        compared = ["previous", "change"] if self.compare else []
        for c in compared:
            df[c] = df[c].astype("float64")
        self.data = df[["metric", "period_start", *self.by, "value", "status", "complete",
                        *compared]].reset_index(drop=True)

    def to_pandas(self) -> pd.DataFrame:
        """The tidy result: metric, period_start (datetime64), <by...>, value, status, complete
        (False for a bucket still under way or to come: it ends after today) and, computed
        with compare=, previous and change."""
        return self.data.copy()

    def chart(self, kind: str = "auto", *, bands: bool = True) -> Any:
        """An Altair chart of this result: each metric's trend on its benchmark bands
        (incomplete buckets dashed, `previous` with compare=, a colour per `by` group or small
        multiples past six), or, for several movements such as new and churned MRR, diverging
        bars (kind='movements'). `bands=False` leaves the bands out."""
        from csm_kit.charts import frame_chart

        return frame_chart(self, kind, bands=bands)

    def period_label(self, period_start: Any) -> str:
        """The label of a bucket: '2025-06', '2025-W23', 'FY2026-Q1' in a fiscal calendar..."""
        return format_period(pd.Timestamp(period_start).date(), self.grain,
                             self.fiscal_year_start)

    def unit(self, metric_id: str) -> str:
        """The unit of `metric_id`'s values under the params used."""
        return self.metrics[metric_id].unit_for(self.params[metric_id])

    def __len__(self) -> int:
        return len(self.data)

    def _rows(self, limit: int | None = None) -> tuple[list[str], list[list[Any]]]:
        compared = ["previous", "change"] if self.compare else []
        headers = ["metric", "period", *self.by, "value", *compared, "status"]
        rows = []
        for rec in self.data.head(limit).itertuples(index=False):
            d = rec._asdict()
            unit = self.unit(d["metric"])
            rows.append([
                d["metric"], self.period_label(d["period_start"])
                + ("" if d["complete"] else " (incomplete)"),
                *[NULL_GROUP if d[b] is None else str(d[b]) for b in self.by],
                format_value(d["value"], unit),
                *([format_value(d["previous"], unit), format_change(d["change"], unit)]
                  if self.compare else []),
                d["status"],
            ])
        return headers, rows

    def __repr__(self) -> str:
        headers, rows = self._rows(60)
        text = text_table(headers, [r[:-1] + [status_text(r[-1])] for r in rows])
        more = len(self.data) - len(rows)
        if more > 0:
            text += f"\n… {more} more rows (to_pandas() for all)"
        for mid, err in self.errors.items():
            text += f"\n! {mid}: {err}"
        return text

    def _repr_html_(self) -> str:
        headers, rows = self._rows(200)
        cells = [[html.escape(str(c)) for c in r[:-1]] + [status_html(r[-1])] for r in rows]
        caption = f"{len(self.data)} rows at grain {self.grain}"
        out = html_table(headers, cells, caption)
        for mid, err in self.errors.items():
            out += f"<p style='color:#cf222e'>{html.escape(mid)}: {html.escape(str(err))}</p>"
        return out


@dataclass
class Scorecard:
    """Every available metric for one period: value, previous, change and status."""

    data: pd.DataFrame  # metric, title, unit, value, previous, change, status, benchmark, note
    period: str
    grain: str
    compare: str = "previous"  # what `previous` is: the bucket before, or a year earlier
    complete: bool = True  # False while the period is under way (its values are partial)
    start: dt.date | None = None  # the period's first day

    def chart(self, columns: int = 4) -> Any:
        """KPI tiles: each metric's value, change and status colour."""
        from csm_kit.charts import scorecard_tiles

        return scorecard_tiles(self, columns)

    @property
    def title(self) -> str:
        """'Scorecard 2025-06' (with ' (incomplete)' while the period is under way)."""
        return f"Scorecard {self.period}" + ("" if self.complete else " (incomplete)")

    def to_pandas(self) -> pd.DataFrame:
        """One row per metric: metric, title, category, unit, value, previous, change, status,
        benchmark, note."""
        return self.data.copy()

    def _rows(self) -> list[list[Any]]:
        return [[
            r.title, format_value(r.value, r.unit), format_value(r.previous, r.unit),
            format_change(r.change, r.unit), r.status, r.benchmark, r.note,
        ] for r in self.data.itertuples(index=False)]

    def _headers(self) -> list[str]:
        previous = "previous" if self.compare == "previous" else "year ago"
        return ["metric", "value", previous, "change", "status", "benchmark", "note"]

    def __repr__(self) -> str:
        rows = [r[:4] + [status_text(r[4])] + r[5:] for r in self._rows()]
        return f"{self.title}\n" + text_table(self._headers(), rows)

    def _repr_html_(self) -> str:
        rows = [[html.escape(str(c)) for c in r[:4]] + [status_html(r[4])] +
                [html.escape(str(c)) for c in r[5:]] for r in self._rows()]
        return html_table(self._headers(), rows, self.title)
