"""kit.cohorts(): logo and revenue retention by acquisition cohort and age.

An account's MRR in a bucket is the MRR of its subscriptions active on the bucket's reading
day: its last day, or today for the bucket under way (the MRR metric's snapshot). Its cohort is
the first bucket in which that MRR is above 0, looking at all of its history (an account that
first paid in 2021 is not a 2025 cohort because the range starts in 2025). At each age (buckets
since the cohort), `value` is how many of the cohort's accounts pay (measure='accounts') or
their MRR (measure='mrr'); `size` is that value at age 0, `retention` = value / size (revenue
retention counts expansion, so it can pass 1).

Computed lazily in the warehouse as one query, like a metric: a numbered bucket spine, the
accounts paying in each bucket, their first bucket, then per cohort, group and age.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from csm_kit.context import sequence
from csm_kit.errors import ArgumentError, ComputeError
from csm_kit.formatting import format_value, html_table, text_table
from csm_kit.frame import NULL_GROUP
from csm_kit.metric import Benchmark, Metric
from csm_kit.periods import add_buckets, bucket_count, bucket_start, format_period

if TYPE_CHECKING:
    from csm_kit.engine import Plan

MEASURES = ("accounts", "mrr")
MAX_ROWS = 10_000_000  # cohorts x ages x groups


def _no_formula(t: Any, ctx: Any) -> Any:  # cohorts are built by cohort_table, not a formula
    raise NotImplementedError


# what kit.cohorts reads, declared like a metric so that the plan checks it like one
COHORTS = Metric(
    id="cohorts", title="Cohort retention", category="Cohorts", unit="count",
    direction="higher_is_better",
    inputs={"subscriptions": ("account_id", "start_date", "end_date", "mrr")},
    benchmark=Benchmark(good=None), source=(), formula=_no_formula,
    description="Logo and revenue retention by acquisition cohort and age.",
)


def check_measure(measure: Any) -> str:
    """`measure` if it is 'accounts' or 'mrr', else ArgumentError."""
    if isinstance(measure, str) and measure in MEASURES:
        return measure
    raise ArgumentError(f"measure must be 'accounts' (logo retention) or 'mrr' (revenue "
                        f"retention), not {measure!r:.60}")


def _last_bucket(plan: Plan) -> dt.date:
    """The last bucket observed: the range's last, never one after today's."""
    last = bucket_start(plan.end - dt.timedelta(days=1), plan.grain, plan.fiscal_year_start)
    current = bucket_start(plan.today, plan.grain, plan.fiscal_year_start)
    return min(last, current)


def cohort_table(plan: Plan, measure: str) -> ir.Table:
    """The lazy cohort table of a plan declared with :data:`COHORTS`: cohort, <by...>, age,
    size, value."""
    ctx = plan.context(COHORTS)
    subs = plan.table("subscriptions")
    history = plan.data_start("subscriptions") or plan.start
    first = bucket_start(min(history, plan.start), plan.grain, plan.fiscal_year_start)
    last = _last_bucket(plan)
    i = sequence(max(bucket_count(first, last, plan.grain), 0))
    spine = i.select(b=i.i, period_start=(ibis.date(first) + ctx.step(i.i)).cast("date"))
    last_day = (spine.period_start + ctx.step(1) - ibis.interval(days=1)).cast("date")
    today = ibis.date(plan.today)
    spine = spine.mutate(reading_day=ibis.ifelse(last_day > today, today, last_day))

    active = spine.inner_join(subs, [
        subs.start_date <= spine.reading_day,
        subs.end_date.isnull() | (subs.end_date > spine.reading_day)])
    paying = active.group_by(["account_id", "b"]).aggregate(mrr=active.mrr.sum())
    paying = paying.filter(paying.mrr > 0)
    firsts = paying.group_by("account_id").aggregate(c=paying.b.min())
    rows = paying.inner_join(firsts, "account_id").select("account_id", "b", "mrr", "c")
    rows = ctx.with_dims(rows)

    by = list(plan.account_by)
    amount = rows.account_id.nunique() if measure == "accounts" else rows.mrr.sum()
    values = rows.group_by(["c", *by, "b"]).aggregate(value=amount.cast("float64"))
    sizes = values.filter(values.b == values.c).select("c", *by, size=values.value)
    shown = bucket_count(first, plan.shown_start, plan.grain) - 1  # the first cohort shown
    sizes = sizes.filter(sizes.c >= shown)
    grid = sizes.inner_join(spine.select("b"), sizes.c <= spine.b)
    out = grid.left_join(values, [grid.c == values.c, grid.b == values.b,
                                  *[grid[g].identical_to(values[g]) for g in by]])
    cohorts = spine.select(cb=spine.b, cohort=spine.period_start)
    out = out.select(grid.c, *[grid[g] for g in by], grid.b, grid.size,
                     value=out.value.fill_null(0.0))
    out = out.inner_join(cohorts, out.c == cohorts.cb)
    return out.select("cohort", *[out[g].cast("string").name(g) for g in by],
                      age=(out.b - out.c).cast("int64"), size=out.size, value=out.value)


def compute_cohorts(plan: Plan, measure: str) -> pd.DataFrame:
    """Run the cohort table of `plan`: cohort, <by...>, age, size, value, retention,
    complete (whether the bucket at that age is over). `measure` is checked by the caller
    (check_measure)."""
    by = list(plan.account_by)
    buckets = bucket_count(plan.shown_start, _last_bucket(plan), plan.grain)
    rows = buckets * (buckets + 1) // 2 * plan._groups
    if rows > MAX_ROWS:
        raise ArgumentError(
            f"these cohorts could hold {rows:,} rows ({buckets:,} buckets at grain {plan.grain} "
            f"x up to {plan._groups:,} groups), more than {MAX_ROWS:,}: narrow start/end or use "
            "a coarser grain")
    try:
        df = plan.binding.execute(cohort_table(plan, measure))
    except Exception as exc:
        text = str(exc).strip()
        raise ComputeError(f"cohorts failed on the backend: {type(exc).__name__}: "
                           f"{text.splitlines()[0] if text else ''}") from None
    df["cohort"] = pd.to_datetime(df["cohort"]).astype("datetime64[ns]")
    for g in by:
        df[g] = df[g].astype(object).where(df[g].notna(), None)
    df["age"] = df["age"].astype("int64")
    df["size"] = df["size"].astype("float64")
    df["value"] = df["value"].astype("float64")
    df["retention"] = df["value"] / df["size"]
    ends = [pd.Timestamp(add_buckets(c.date(), plan.grain, int(a) + 1))
            for c, a in zip(df["cohort"], df["age"], strict=True)]
    df["complete"] = pd.Series([e <= pd.Timestamp(plan.today) for e in ends], index=df.index,
                               dtype=bool)
    df = df.sort_values(["cohort", *by, "age"], na_position="first").reset_index(drop=True)
    return df[["cohort", *by, "age", "size", "value", "retention", "complete"]]


@dataclass
class CohortFrame:
    """The cohort retention table: one row per cohort, group and age.

    ``to_pandas()`` has cohort (datetime64: the first bucket with MRR > 0), <by...>, age
    (buckets since), size (accounts or MRR at age 0), value (accounts paying / their MRR at
    that age), retention (value / size), complete (the bucket at that age is over).
    """

    data: pd.DataFrame
    measure: str
    grain: str
    by: tuple[str, ...] = ()
    fiscal_year_start: int = 1

    def to_pandas(self) -> pd.DataFrame:
        """The tidy cohort table (see the class docstring)."""
        return self.data.copy()

    def __len__(self) -> int:
        return len(self.data)

    def chart(self) -> Any:
        """The retention heatmap: a row per cohort, a column per age."""
        from csm_kit.charts import cohort_heatmap

        return cohort_heatmap(self)

    def pivot(self) -> pd.DataFrame:
        """Retention with one row per cohort (and group) and one column per age."""
        index = ["cohort", *self.by]
        df = self._labelled()
        return df.pivot_table(index=index, columns="age", values="retention",
                              aggfunc="first")

    def _labelled(self) -> pd.DataFrame:
        """The rows with the null group shown as NULL_GROUP (pivots do not keep None keys)."""
        return self.data.assign(**{b: self.data[b].map(lambda v: NULL_GROUP if v is None else v)
                                   for b in self.by})

    def _rows(self, limit: int, ages: int) -> tuple[list[str], list[list[str]]]:
        wide = self.pivot().head(limit)
        cols = [a for a in wide.columns if a < ages]
        df = self._labelled()
        sizes = df[df["age"] == 0].set_index(["cohort", *self.by])["size"]
        unit = "count" if self.measure == "accounts" else "currency"
        headers = ["cohort", *self.by, "size", *[str(a) for a in cols]]
        rows = []
        for key, rec in wide.iterrows():
            key = key if isinstance(key, tuple) else (key,)
            label = format_period(key[0].date(), self.grain, self.fiscal_year_start)
            rows.append([label, *[str(k) for k in key[1:]],
                         format_value(sizes.get(key if len(key) > 1 else key[0]), unit),
                         *[format_value(rec[a], "fraction") for a in cols]])
        return headers, rows

    def __repr__(self) -> str:
        headers, rows = self._rows(40, 13)
        title = f"{'Logo' if self.measure == 'accounts' else 'Revenue'} retention by cohort"
        return f"{title} ({self.grain})\n" + text_table(headers, rows)

    def _repr_html_(self) -> str:
        headers, rows = self._rows(200, 37)
        title = f"{'Logo' if self.measure == 'accounts' else 'Revenue'} retention by cohort"
        return html_table(headers, [[html.escape(c) for c in r] for r in rows],
                          f"{title} ({self.grain})")
