"""Benchmark: csm_kit's compute() against hand-written DuckDB SQL and against pandas.

Times the first metrics (nps, csat, ces, mrr and its five movements, customer_churn_rate, mau,
dau_mau_ratio) at grain month over the sample data with N events, in one run, and reports ratios.
The three implementations must agree on every number (checked before timing is reported).

    python benchmarks/bench_compute.py --events 10000000 [--repeat 3] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import csm_kit as ck
from csm_kit import datasets
from csm_kit.kit import generator_key

METRICS = ["nps", "csat", "ces", "mrr", "new_mrr", "expansion_mrr", "contraction_mrr",
           "churned_mrr", "reactivation_mrr", "customer_churn_rate", "mau", "dau_mau_ratio"]
DATA = Path(__file__).parent / "data"

SQL = """
WITH months AS (
  SELECT range::DATE AS m, (range + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS last_day
  FROM range(DATE '{history}', DATE '{end}', INTERVAL 1 MONTH)
),
surveys AS (
  SELECT date_trunc('month', responded_at)::DATE AS m,
    100.0 * (count(*) FILTER (survey = 'nps' AND score >= 9)
             - count(*) FILTER (survey = 'nps' AND score <= 6))
      / nullif(count(*) FILTER (survey = 'nps' AND score BETWEEN 0 AND 10), 0) AS nps,
    avg(CASE WHEN score >= 4 THEN 1.0 ELSE 0.0 END) FILTER (survey = 'csat' AND score BETWEEN 1 AND 5)
      AS csat,
    avg(score) FILTER (survey = 'ces' AND score BETWEEN 1 AND 7) AS ces
  FROM survey_responses
  WHERE responded_at >= TIMESTAMP '{start}' AND responded_at < TIMESTAMP '{end}'
  GROUP BY 1
),
daily AS (
  SELECT occurred_at::DATE AS d, count(DISTINCT user_id) AS users
  FROM events WHERE occurred_at >= TIMESTAMP '{start}' AND occurred_at < TIMESTAMP '{end}'
  GROUP BY 1
),
dau AS (
  SELECT date_trunc('month', d)::DATE AS m, sum(users) AS users FROM daily GROUP BY 1
),
mau AS (
  SELECT date_trunc('month', occurred_at)::DATE AS m, count(DISTINCT user_id) AS mau
  FROM events WHERE occurred_at >= TIMESTAMP '{start}' AND occurred_at < TIMESTAMP '{end}'
  GROUP BY 1
),
snap AS (
  SELECT months.m, s.account_id, sum(s.mrr) AS mrr
  FROM months JOIN subscriptions s
    ON s.start_date <= months.last_day AND (s.end_date IS NULL OR s.end_date > months.last_day)
  GROUP BY ALL
),
firsts AS (SELECT account_id, min(start_date) AS first_day FROM subscriptions GROUP BY 1),
grid AS (
  SELECT f.account_id, months.m FROM firsts f JOIN months ON f.first_day <= months.last_day
),
state AS (
  SELECT g.account_id, g.m, coalesce(snap.mrr, 0) AS mrr
  FROM grid g LEFT JOIN snap ON snap.account_id = g.account_id AND snap.m = g.m
),
moves AS (
  SELECT *, coalesce(lag(mrr) OVER w, 0) AS prev,
    coalesce(sum(CASE WHEN mrr > 0 THEN 1 ELSE 0 END)
      OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM state WINDOW w AS (PARTITION BY account_id ORDER BY m)
),
revenue AS (
  SELECT m, sum(mrr) AS mrr,
    sum(CASE WHEN mrr > 0 AND prev = 0 AND before = 0 THEN mrr ELSE 0 END) AS new_mrr,
    sum(CASE WHEN prev > 0 AND mrr > prev THEN mrr - prev ELSE 0 END) AS expansion_mrr,
    sum(CASE WHEN prev > 0 AND mrr > 0 AND mrr < prev THEN prev - mrr ELSE 0 END) AS contraction_mrr,
    sum(CASE WHEN prev > 0 AND mrr = 0 THEN prev ELSE 0 END) AS churned_mrr,
    sum(CASE WHEN mrr > 0 AND prev = 0 AND before > 0 THEN mrr ELSE 0 END) AS reactivation_mrr,
    sum(CASE WHEN prev > 0 AND mrr = 0 THEN 1 ELSE 0 END)::DOUBLE
      / nullif(sum(CASE WHEN prev > 0 THEN 1 ELSE 0 END), 0) AS customer_churn_rate
  FROM moves GROUP BY 1
)
SELECT months.m AS period_start, surveys.nps, surveys.csat, surveys.ces,
  coalesce(revenue.mrr, 0) AS mrr, coalesce(revenue.new_mrr, 0) AS new_mrr,
  coalesce(revenue.expansion_mrr, 0) AS expansion_mrr,
  coalesce(revenue.contraction_mrr, 0) AS contraction_mrr,
  coalesce(revenue.churned_mrr, 0) AS churned_mrr,
  coalesce(revenue.reactivation_mrr, 0) AS reactivation_mrr, revenue.customer_churn_rate,
  coalesce(mau.mau, 0) AS mau,
  (dau.users / datediff('day', months.m, (months.m + INTERVAL 1 MONTH)::DATE)) / nullif(mau.mau, 0)
    AS dau_mau_ratio
FROM months
LEFT JOIN surveys USING (m) LEFT JOIN revenue USING (m) LEFT JOIN dau USING (m)
LEFT JOIN mau USING (m)
WHERE months.m >= DATE '{start}'
ORDER BY 1
"""


def hand_sql(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date,
             history: dt.date) -> pd.DataFrame:
    """The same numbers in hand-written DuckDB SQL (wide: one column per metric)."""
    sql = SQL.format(start=start, end=end, history=history)
    df = con.execute(sql).df()
    df["period_start"] = pd.to_datetime(df["period_start"]).dt.date
    return df.set_index("period_start")


def with_pandas(frames: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The same numbers in pandas, from DataFrames already in memory."""
    months = pd.period_range(start, end - dt.timedelta(days=1), freq="M")
    out = pd.DataFrame(index=months.to_timestamp().date)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
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
    state_months = pd.period_range(history, end - dt.timedelta(days=1), freq="M")
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
    days = pd.Series({d: pd.Period(d, "M").days_in_month for d in out.index})
    out["mau"] = mau.reindex(out.index).fillna(0)
    out["dau_mau_ratio"] = (dau_sum.reindex(out.index) / days) / mau.reindex(out.index)
    return out


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
            f"DuckDB {duckdb.__version__}, pandas {pd.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, help="append the results to this file")
    args = parser.parse_args()

    DATA.mkdir(exist_ok=True)
    path = DATA / f"sample-{args.events}-{generator_key()}.duckdb"  # never a stale generator's
    if not path.exists():
        t0 = time.perf_counter()
        datasets.write_duckdb(path, events=args.events, progress=True)
        print(f"built {path} in {time.perf_counter() - t0:.0f} s")

    kit = ck.connect(f"duckdb:///{path}")
    plan = kit.plan(METRICS, grain="month")
    start, end = plan.start, plan.end
    history = min(plan.data_start("subscriptions") or start, start).replace(day=1)

    t_kit, res = timed(lambda: kit.compute(METRICS, grain="month"), args.repeat)
    ours = res.to_pandas().pivot(index="period_start", columns="metric", values="value")

    con = duckdb.connect(str(path), read_only=True)
    t_sql, sql_df = timed(lambda: hand_sql(con, start, end, history), args.repeat)

    t_load0 = time.perf_counter()
    frames = {name: con.execute(f"select * from {name}").df()
              for name in ("survey_responses", "subscriptions", "events")}
    for f in frames.values():
        for col in f.columns:
            if col in ("start_date", "end_date"):
                f[col] = pd.to_datetime(f[col]).dt.date
    t_load = time.perf_counter() - t_load0
    t_pd, pd_df = timed(lambda: with_pandas(frames, start, end), args.repeat)

    for name in METRICS:
        a = ours[name].to_numpy(dtype=float)
        b = sql_df[name].reindex(ours.index).to_numpy(dtype=float)
        c = pd_df[name].reindex(ours.index).to_numpy(dtype=float)
        assert np.allclose(a, b, equal_nan=True, rtol=1e-9), f"{name}: csm_kit != hand SQL"
        assert np.allclose(a, c, equal_nan=True, rtol=1e-9), f"{name}: csm_kit != pandas"

    lines = [
        f"### {dt.date.today()}: {len(METRICS)} metrics, grain month, {args.events:,} events",
        "",
        f"Machine: {machine()}. Median of {args.repeat} runs; all three agree on every number.",
        "",
        "| implementation | seconds | ratio to hand-written DuckDB SQL |",
        "|---|---|---|",
        "| csm_kit `compute()` (Ibis on DuckDB: one query, plus the profile query for the date "
        f"range and data checks) | {t_kit:.2f} | {t_kit / t_sql:.2f} |",
        f"| hand-written DuckDB SQL | {t_sql:.2f} | 1.00 |",
        f"| pandas (data already in memory; loading it took {t_load:.1f} s more) | {t_pd:.2f} | "
        f"{t_pd / t_sql:.2f} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        with args.write.open("a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
