"""Dataframe baselines for the benchmark: the first 12 metrics at grain month in pandas and Polars.

Both compute, from tables already in memory, what csm_kit's compute() returns for METRICS at grain
month (definitions in docs/metrics.md), independently of csm_kit:

- nps, csat, ces from survey_responses (scores off the scale left out);
- mrr and its movements (new, expansion, contraction, churned, reactivation) and
  customer_churn_rate from subscriptions: an account's MRR in a month is the MRR of its
  subscriptions active on the month's last day (start_date <= day < end_date, a null end still
  active), compared with the previous month, from the account's first subscription on (history
  before the range included);
- mau and dau_mau_ratio from events.

`start` is the first day of the first month and `end` the last day of the last month (inclusive),
as `common.date_range` returns them. Months after today (a bucket under way) are not handled: the
range is assumed to be over.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

METRICS = ["nps", "csat", "ces", "mrr", "new_mrr", "expansion_mrr", "contraction_mrr",
           "churned_mrr", "reactivation_mrr", "customer_churn_rate", "mau", "dau_mau_ratio"]

# the columns each metric reads, per table
COLUMNS = {
    "survey_responses": ("survey", "score", "responded_at"),
    "subscriptions": ("account_id", "start_date", "end_date", "mrr"),
    "events": ("user_id", "occurred_at"),
}
MOVES = ["new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr"]


def _arrow(con: duckdb.DuckDBPyConnection, table: str) -> pa.Table:
    """The columns of `table` the metrics read, as an Arrow table."""
    return con.execute(f"SELECT {', '.join(COLUMNS[table])} FROM {table}").to_arrow_table()


def load_pandas(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The three tables in pandas (via Arrow); dates as datetime.date, timestamps datetime64."""
    return {table: _arrow(con, table).to_pandas() for table in COLUMNS}


def load_polars(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """The three tables in Polars (via Arrow, zero copy where the types allow)."""
    frames = {}
    for table in COLUMNS:
        frame = pl.from_arrow(_arrow(con, table))
        assert isinstance(frame, pl.DataFrame)
        frames[table] = frame
    return frames


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    return [p.to_timestamp().date() for p in pd.period_range(start, end, freq="M")]


def with_pandas(frames: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The 12 metrics in pandas, from DataFrames already in memory (see `load_pandas`).

    Index: period_start (datetime.date), each month from start's to end's; one column per metric.
    """
    months = _month_starts(start, end)
    out = pd.DataFrame(index=pd.Index(months, name="period_start"))
    lo, hi = pd.Timestamp(start), pd.Timestamp(end + dt.timedelta(days=1))
    r = frames["survey_responses"]
    r = r[(r.responded_at >= lo) & (r.responded_at < hi)]
    r = r.assign(m=r.responded_at.dt.to_period("M").dt.to_timestamp().dt.date)
    n = r[(r.survey == "nps") & r.score.between(0, 10)]
    out["nps"] = n.groupby("m").score.apply(lambda s: 100.0 * ((s >= 9).mean() - (s <= 6).mean()))
    c = r[(r.survey == "csat") & r.score.between(1, 5)]
    out["csat"] = c.groupby("m").score.apply(lambda s: (s >= 4).mean())
    e = r[(r.survey == "ces") & r.score.between(1, 7)]
    out["ces"] = e.groupby("m").score.mean()

    s = frames["subscriptions"]
    history = min(s.start_date.min(), start)
    state_months = pd.period_range(history, end, freq="M")
    first_day = s.groupby("account_id").start_date.min()
    snaps = {}
    for p in state_months:
        last = p.to_timestamp(how="end").date()
        active = s[(s.start_date <= last) & (s.end_date.isna() | (s.end_date > last))]
        mrr = active.groupby("account_id").mrr.sum()
        known = first_day.index[first_day <= last]
        snaps[p.to_timestamp().date()] = mrr.reindex(known, fill_value=0.0)
    wide = pd.DataFrame(snaps).T.sort_index()  # months x accounts, NaN before an account starts
    prev = wide.shift(1).fillna(0.0)
    now = wide.fillna(0.0)
    before = (now > 0).astype(int).cumsum().shift(1).fillna(0)
    started = wide.notna()
    moves = {
        "mrr": now.where(started, 0.0),
        "new_mrr": now.where((now > 0) & (prev == 0) & (before == 0), 0.0),
        "expansion_mrr": (now - prev).where((prev > 0) & (now > prev), 0.0),
        "contraction_mrr": (prev - now).where((prev > 0) & (now > 0) & (now < prev), 0.0),
        "churned_mrr": prev.where((prev > 0) & (now == 0), 0.0),
        "reactivation_mrr": now.where((now > 0) & (prev == 0) & (before > 0), 0.0),
    }
    for name, frame in moves.items():
        out[name] = frame.sum(axis=1).reindex(out.index).fillna(0.0)
    cohort = (prev > 0).sum(axis=1)
    churned = ((prev > 0) & (now == 0)).sum(axis=1)
    out["customer_churn_rate"] = (churned / cohort.replace(0, np.nan)).reindex(out.index)

    ev = frames["events"]
    ev = ev[(ev.occurred_at >= lo) & (ev.occurred_at < hi)]
    m = ev.occurred_at.dt.to_period("M").dt.to_timestamp().dt.date
    mau = ev.user_id.groupby(m).nunique()
    daily = ev.user_id.groupby(ev.occurred_at.dt.normalize()).nunique()
    dau_sum = daily.groupby(daily.index.to_period("M").to_timestamp().date).sum()
    days = pd.Series({d: pd.Period(d, "M").days_in_month for d in out.index}, dtype=float)
    out["mau"] = mau.reindex(out.index).fillna(0)
    out["dau_mau_ratio"] = (dau_sum.reindex(out.index) / days) / mau.reindex(out.index)
    return out[METRICS]


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num / den, null when den is 0 (no response, no cohort)."""
    return pl.when(den > 0).then(num / den)


def _surveys(responses: pl.LazyFrame, lo: dt.datetime, hi: dt.datetime) -> pl.LazyFrame:
    score, survey = pl.col("score"), pl.col("survey")
    nps = (survey == "nps") & score.is_between(0, 10)
    csat = (survey == "csat") & score.is_between(1, 5)
    ces = (survey == "ces") & score.is_between(1, 7)
    return (
        responses
        .filter(pl.col("responded_at") >= lo, pl.col("responded_at") < hi,
                survey.is_in(["nps", "csat", "ces"]))
        .group_by(pl.col("responded_at").dt.truncate("1mo").dt.date().alias("period_start"))
        .agg(
            # counts as floats: promoters - detractors is negative at times (unsigned counts)
            nps=_ratio(100.0 * ((nps & (score >= 9)).sum().cast(pl.Float64)
                                - (nps & (score <= 6)).sum().cast(pl.Float64)), nps.sum()),
            csat=_ratio((csat & (score >= 4)).sum().cast(pl.Float64), csat.sum()),
            ces=score.filter(ces).mean(),
        )
    )


def _revenue(subs: pl.LazyFrame, first_month: dt.date, last_month: dt.date) -> pl.LazyFrame:
    """MRR and its movements per month in [first_month, last_month], with each account's
    history from its first subscription (the state before the range included)."""
    after = pl.lit(last_month).dt.offset_by("1mo")
    month = pl.col("start_date").dt.truncate("1mo")
    # a subscription counts on the last day L of month M when start_date <= L < end_date, that is
    # for M in [month(start_date), month(end_date)): exploded into one row per such month
    state = (
        subs
        .with_columns(m=pl.date_ranges(
            month, pl.min_horizontal(pl.col("end_date").dt.truncate("1mo"), after),
            interval="1mo", closed="left"))
        .explode("m")
        .drop_nulls("m")
        .group_by("account_id", "m")
        .agg(pl.col("mrr").sum())
    )
    # every account on every month from its first subscription's to the range's last (0 unpaid)
    grid = (
        subs
        .group_by("account_id")
        .agg(first=month.min())
        .with_columns(m=pl.date_ranges("first", pl.lit(last_month), interval="1mo"))
        .explode("m")
        .drop_nulls("m")
        .select("account_id", "m")
    )
    mrr, prev, before = pl.col("mrr"), pl.col("prev"), pl.col("before")
    moves = (
        grid
        .join(state, on=["account_id", "m"], how="left")
        .with_columns(mrr.fill_null(0.0))
        .with_columns(
            prev=mrr.shift(1, fill_value=0.0).over("account_id", order_by="m"),
            before=(mrr > 0).cum_sum().shift(1, fill_value=0).over("account_id", order_by="m"),
        )
        .filter(pl.col("m") >= first_month)
    )
    paid_before, returning = prev > 0, (mrr > 0) & (prev == 0)
    churn = paid_before & (mrr == 0)
    return (
        moves
        .group_by(pl.col("m").alias("period_start"))
        .agg(
            mrr.sum(),
            new_mrr=mrr.filter(returning & (before == 0)).sum(),
            expansion_mrr=(mrr - prev).filter(paid_before & (mrr > prev)).sum(),
            contraction_mrr=(prev - mrr).filter(paid_before & (mrr > 0) & (mrr < prev)).sum(),
            churned_mrr=prev.filter(churn).sum(),
            reactivation_mrr=mrr.filter(returning & (before > 0)).sum(),
            customer_churn_rate=_ratio(churn.sum().cast(pl.Float64), paid_before.sum()),
        )
    )


def _activity(events: pl.LazyFrame, lo: dt.datetime, hi: dt.datetime) -> pl.LazyFrame:
    # one row per (day, user) active: DAU summed over a month is their count, MAU the distinct
    # users among them
    days = (
        events
        .filter(pl.col("occurred_at") >= lo, pl.col("occurred_at") < hi,
                pl.col("user_id").is_not_null())
        .select(pl.col("occurred_at").dt.date().alias("day"), "user_id")
        .unique()
    )
    month = pl.col("day").dt.truncate("1mo").alias("period_start")
    return (
        days
        .group_by(month)
        .agg(dau=pl.len(), mau=pl.col("user_id").n_unique())
        .with_columns(
            dau_mau_ratio=_ratio(pl.col("dau") / pl.col("period_start").dt.month_end().dt.day(),
                                 pl.col("mau")))
        .drop("dau")
    )


def with_polars(frames: dict[str, pl.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The 12 metrics in Polars (lazy), from DataFrames already in memory (see `load_polars`).

    Same result as `with_pandas`: index period_start (datetime.date), one column per metric.
    """
    first_month, last_month = start.replace(day=1), end.replace(day=1)
    lo = dt.datetime.combine(start, dt.time())
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    months = pl.LazyFrame({"period_start": pl.date_range(first_month, last_month, "1mo",
                                                         eager=True)})
    parts = [
        _surveys(frames["survey_responses"].lazy(), lo, hi),
        _revenue(frames["subscriptions"].lazy(), first_month, last_month),
        _activity(frames["events"].lazy(), lo, hi),
    ]
    joined = months
    for part in parts:
        joined = joined.join(part, on="period_start", how="left")
    result = (
        joined
        .with_columns(pl.col("mrr", *MOVES).fill_null(0.0), pl.col("mau").fill_null(0))
        .sort("period_start")
        .collect(engine="auto")
    )
    index = pd.Index(result["period_start"].to_list(), name="period_start")
    return pd.DataFrame({m: result[m].to_numpy() for m in METRICS}, index=index)
