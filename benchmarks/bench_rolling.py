"""Benchmark: rolling active users at grain day, csm_kit against hand-written DuckDB SQL.

Times `mau` and `wau` with window='rolling' at grain day (the 30 / 7 days ending on each day) on
the sample with N events. Three implementations, in one run:

* csm_kit's compute() (running sums of each user's coverage stretches, O(events));
* a hand-written O(n) DuckDB query: each user's active days, the stretch each covers until the
  user's next active day, +1 / -1 at its ends and a running sum over the days;
* the naive query csm_kit used before: every day's window joined to every event in it.

All three must agree on every number before any time is reported.

    python benchmarks/bench_rolling.py --events 10000000 [--repeat 3] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
from common import DATA, machine  # run as python benchmarks/bench_rolling.py
from measure import timed as measured

import csm_kit as ck
from csm_kit import datasets
from csm_kit.kit import generator_key

WINDOWS = {"mau": 30, "wau": 7}

O_N_SQL = """
WITH days AS (
  SELECT DISTINCT user_id, occurred_at::DATE AS d FROM events
  WHERE occurred_at >= TIMESTAMP '{lo}' AND occurred_at < TIMESTAMP '{hi}'
),
stretches AS (
  SELECT d AS s,
         least(d + {n}, coalesce(lead(d) OVER (PARTITION BY user_id ORDER BY d), d + {n})) AS e
  FROM days
),
deltas AS (
  SELECT s AS d, 1 AS x FROM stretches UNION ALL SELECT e AS d, -1 AS x FROM stretches
),
spine AS (SELECT range::DATE AS d FROM range(DATE '{lo}', DATE '{hi}', INTERVAL 1 DAY))
SELECT spine.d AS day,
       sum(coalesce(x, 0)) OVER (ORDER BY spine.d) AS users
FROM spine LEFT JOIN (SELECT d, sum(x) AS x FROM deltas GROUP BY d) USING (d)
ORDER BY day
"""

NAIVE_SQL = """
WITH spine AS (SELECT range::DATE AS d FROM range(DATE '{start}', DATE '{hi}', INTERVAL 1 DAY))
SELECT spine.d AS day, count(DISTINCT e.user_id) AS users
FROM spine JOIN events e
  ON e.occurred_at >= spine.d - INTERVAL {back} DAY AND e.occurred_at < spine.d + INTERVAL 1 DAY
GROUP BY 1 ORDER BY 1
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--days", type=int, default=365, help="the range: the last N days")
    parser.add_argument("--write", type=Path, default=None, help="append the results to this file")
    args = parser.parse_args()

    DATA.mkdir(exist_ok=True)
    path = DATA / f"sample-{args.events}-{generator_key()}.duckdb"  # never a stale generator's
    if not path.exists():
        datasets.write_duckdb(path, events=args.events, progress=True)
    con = duckdb.connect(str(path), read_only=True)
    last = con.execute("select max(occurred_at)::DATE from events").fetchone()[0]
    start = last - dt.timedelta(days=args.days - 1)
    hi = last + dt.timedelta(days=1)
    kit = ck.connect(f"duckdb:///{path}")
    rows = []
    for metric, n in WINDOWS.items():
        params = {metric: {"window": "rolling"}}
        t_kit, res = timed(lambda m=metric, p=params: kit.compute(
            m, grain="day", start=start, end=last, params=p), args.repeat)
        ours = res.to_pandas().set_index("period_start")["value"].to_numpy(float)
        o_n = O_N_SQL.format(lo=start - dt.timedelta(days=n - 1), hi=hi, n=n)
        t_sql, sql_df = timed(lambda q=o_n: con.execute(q).df(), args.repeat)
        by_sql = sql_df[sql_df.day >= np.datetime64(start)]["users"].to_numpy(float)
        naive = NAIVE_SQL.format(start=start, hi=hi, back=n - 1)
        t_naive, naive_df = timed(lambda q=naive: con.execute(q).df(), 1)
        by_naive = naive_df["users"].to_numpy(float)
        assert np.array_equal(ours, by_sql), f"{metric}: csm_kit != the O(n) SQL"
        assert np.array_equal(ours, by_naive), f"{metric}: csm_kit != the naive SQL"
        rows.append((metric, n, t_kit, t_sql, t_naive))

    lines = [f"### {dt.date.today()}: rolling active users at grain day, {args.days} days, "
             f"{args.events:,} events", "",
             f"Machine: {_described(machine())}. Median of {args.repeat} runs (the naive query: 1 run); all "
             "three agree on every day.", "",
             "| metric | csm_kit `compute()` s | hand-written O(n) SQL s | ratio | naive window "
             "join s | naive / csm_kit |", "|---|---|---|---|---|---|"]
    lines += [f"| `{m}` rolling ({n} days) | {a:.2f} | {b:.2f} | {a / b:.2f} | {c:.2f} | "
              f"{c / a:.1f} |" for m, n, a, b, c in rows]
    text = "\n".join([*lines, ""])
    print(text)
    if args.write:
        with args.write.open("a") as fh:
            fh.write("\n" + text)


def timed(fn, repeat: int) -> tuple[float, object]:
    """(median seconds of `repeat` runs after a first one, the first run's result)."""
    t = measured(fn, repeat)
    return t.median, t.result


def _described(m: dict[str, str]) -> str:
    return (f"{m['cores']} cores ({m['cpu']}), {m['memory']} RAM, Python {m['python']}, "
            f"DuckDB {m['duckdb']}, pandas {m['pandas']}")


if __name__ == "__main__":
    main()
