"""The benchmark suite of issue 11: csm_kit against the engine's own speed, at every size.

    python benchmarks/bench_suite.py --events 1000000 10000000 100000000 [--repeat 3]
        [--spark 10000000] [--frames-max 10000000] [--write docs/benchmarks.md]

For each sample size, each implementation runs in a process of its own (so its peak memory is
its own): csm_kit (every catalog metric in one compute() per configuration: grain month, week,
day, and month split by segment; the whole scorecard; the Python time around the engine for a
10-metric compute), the hand-written DuckDB SQL of benchmarks/hand/ (one query per metric), and
Polars and pandas for the 12 metrics of benchmarks/dataframes.py at grain month (where the data
fit in memory). Every implementation's first run is kept and compared with csm_kit's, number by
number; the suite stops on any difference, before a single timing is reported. With --spark,
csm_kit also runs on a local[2] SparkSession at that size, compared with its DuckDB numbers.

Results go to benchmarks/results/<size>.json; --write replaces the results part of
docs/benchmarks.md and redraws docs/img/benchmarks.svg.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from common import CONFIGS, compare, date_range, machine, open_sample, query_for, sample_path, split  # noqa: E402
from hand import Query, load  # noqa: E402
from measure import PeakMemory, engine_seconds, timed  # noqa: E402

import csm_kit as ck  # noqa: E402

HERE = Path(__file__).parent
RESULTS = HERE / "results"
SKIP = {"feedback_sentiment": "scored in Python (VADER) after the query: no SQL to compare"}
SPARK_CONFIGS = ("month", "month+segment")  # a day-grain catalog on local[2] takes hours
OVERHEAD_METRICS = ["nps", "csat", "ces", "mrr", "new_mrr", "expansion_mrr", "churned_mrr",
                    "customer_churn_rate", "mau", "dau_mau_ratio"]


# -- the children: one implementation each ----------------------------------------------------
def catalog(kit: ck.Kit) -> list[str]:
    """Every metric of the registry that has hand-written SQL, in registry order."""
    hand = load()
    return [m for m in kit.metrics()["id"] if m in hand and m not in SKIP]


def runnable(kit: ck.Kit, ids: list[str], config: str,
             span: tuple[dt.date, dt.date]) -> tuple[list[str], dict[str, str]]:
    """The metrics csm_kit computes in `config`, and the others with the reason."""
    grain, by = split(config)
    plan = kit.plan(ids, grain=grain, start=span[0], end=span[1], by=by or None)
    plan.expressions()  # builds (nothing runs): a formula may refuse a grain or a split
    return ([m for m in ids if m not in plan.failures],
            {m: str(e).splitlines()[0] for m, e in plan.failures.items()})


def child_csm(events: int, repeat: int, out: Path, period: str = "") -> dict[str, Any]:
    """csm_kit: the catalog per configuration, the scorecard, the overhead."""
    kit, con = open_sample(events)
    span = date_range(con)
    ids = catalog(kit)
    report: dict[str, Any] = {"configs": {}, "metrics": ids}
    frames = {}
    for config in CONFIGS:
        ok, refused = runnable(kit, ids, config, span)
        grain, by = split(config)
        t = timed(lambda ok=ok, grain=grain, by=by: kit.computed(
            ok, grain=grain, start=span[0], end=span[1], by=by or None)[0], repeat)
        frames[config] = t.result.to_pandas()
        report["configs"][config] = {"first": t.first, "median": t.median, "peak": t.peak,
                                     "metrics": ok, "refused": refused,
                                     "rows": len(frames[config])}
    import dataframes

    twelve = timed(lambda: kit.computed(dataframes.METRICS, grain="month", start=span[0],
                                        end=span[1])[0], repeat)
    report["twelve"] = {"first": twelve.first, "median": twelve.median, "peak": twelve.peak}
    profile = timed(lambda: kit.plan(ids, grain="month", start=span[0], end=span[1]), repeat)
    report["profile"] = {"first": profile.first, "median": profile.median}
    card = timed(lambda: kit.scorecard(), repeat)
    frames["scorecard"] = card.result.to_pandas()
    report["scorecard"] = {"first": card.first, "median": card.median, "peak": card.peak,
                           "period": str(card.result.start)}
    # the Python around the engine, for a 10-metric compute on a kit that has seen nothing
    fresh = ck.connect(f"duckdb:///{sample_path(events)}")
    t0 = time.perf_counter()
    fresh.compute(OVERHEAD_METRICS, grain="month", start=span[0], end=span[1])
    cold = time.perf_counter() - t0
    warm, engine = engine_seconds(fresh.binding.backend, lambda: fresh.compute(
        OVERHEAD_METRICS, grain="month", start=span[0], end=span[1]), repeat=max(repeat, 3))
    report["overhead"] = {"cold_total": cold, "warm_total": warm, "engine": engine}
    with open(out / "csm.pkl", "wb") as fh:
        pickle.dump(frames, fh)
    return report


def child_hand(events: int, repeat: int, out: Path, period: str) -> dict[str, Any]:
    """The hand-written SQL: each metric's query, one after another, per configuration."""
    kit, con = open_sample(events)
    span = date_range(con)
    hand = load()
    computed = json.loads((out / "csm.json").read_text())["configs"]  # what csm_kit ran
    report: dict[str, Any] = {"configs": {}}
    frames: dict[str, dict[str, pd.DataFrame]] = {}
    for config in CONFIGS:
        ok = computed[config]["metrics"]
        q = query_for(kit, config, ok, span)  # the same buckets for every metric: one plan
        queries = {m: hand[m](q) for m in ok}

        def run_all(queries: dict[str, str] = queries) -> dict[str, pd.DataFrame]:
            return {m: con.execute(sql).df() for m, sql in queries.items()}

        t = timed(run_all, repeat)
        frames[config] = t.result
        per_metric = {}
        for m, sql in queries.items():
            t0 = time.perf_counter()
            con.execute(sql).df()
            per_metric[m] = time.perf_counter() - t0
        report["configs"][config] = {"first": t.first, "median": t.median, "peak": t.peak,
                                     "per_metric": per_metric}
    # the scorecard's numbers: each metric at grain month over the period and the one before
    card_ids = computed["month"]["metrics"]
    period = dt.date.fromisoformat(period)  # the month csm_kit's scorecard showed
    before = (period - dt.timedelta(days=1)).replace(day=1)
    end = (period + dt.timedelta(days=32)).replace(day=1)
    q = Query(grain="month", start=before, end=end, today=dt.date.today())
    card_sql = {m: hand[m](q) for m in card_ids}
    t = timed(lambda: {m: con.execute(sql).df() for m, sql in card_sql.items()}, repeat)
    frames["scorecard"] = t.result
    report["scorecard"] = {"first": t.first, "median": t.median, "peak": t.peak,
                           "period": str(period)}
    with open(out / "hand.pkl", "wb") as fh:
        pickle.dump(frames, fh)
    return report


def child_frames(events: int, repeat: int, out: Path, period: str = "") -> dict[str, Any]:
    """Polars and pandas on the 12 metrics of benchmarks/dataframes.py, data in memory."""
    import dataframes

    con = duckdb.connect(str(sample_path(events)), read_only=True)
    span = date_range(con)
    report: dict[str, Any] = {}
    frames = {}
    for name, load_fn, run_fn in [("polars", dataframes.load_polars, dataframes.with_polars),
                                  ("pandas", dataframes.load_pandas, dataframes.with_pandas)]:
        with PeakMemory() as peak:
            t0 = time.perf_counter()
            data = load_fn(con)
            loading = time.perf_counter() - t0
            t = timed(lambda data=data, run_fn=run_fn: run_fn(data, *span), repeat)
        frames[name] = t.result
        report[name] = {"first": t.first, "median": t.median, "load": loading,
                        "peak": max(peak.bytes, t.peak)}
        del data
    with open(out / "frames.pkl", "wb") as fh:
        pickle.dump(frames, fh)
    return report


def child_spark(events: int, repeat: int, out: Path, period: str = "") -> dict[str, Any]:
    """csm_kit on a local[2] SparkSession over the sample's tables (Parquet files)."""
    from csm_kit.testing import local_spark

    path = sample_path(events)
    parquet = path.with_suffix(".parquet.d")
    con = duckdb.connect(str(path), read_only=True)
    span = date_range(con)
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()]
    if not parquet.exists():
        parquet.mkdir()
        for name in tables:
            con.execute(f"COPY {name} TO '{parquet / name}.parquet' (FORMAT parquet)")
    t0 = time.perf_counter()
    spark = local_spark()
    for name in tables:
        spark.read.parquet(str(parquet / f"{name}.parquet")).createOrReplaceTempView(name)
    start_up = time.perf_counter() - t0
    kit = ck.connect(spark)
    ids = catalog(ck.connect(f"duckdb:///{path}"))
    report: dict[str, Any] = {"configs": {}, "start_up": start_up}
    frames = {}
    for config in SPARK_CONFIGS:
        print(f"[{time.strftime('%H:%M:%S')}] Spark: {config}", flush=True)
        ok, refused = runnable(kit, ids, config, span)
        grain, by = split(config)
        t = timed(lambda ok=ok, grain=grain, by=by: kit.computed(
            ok, grain=grain, start=span[0], end=span[1], by=by or None)[0], repeat)
        frames[config] = t.result.to_pandas()
        report["configs"][config] = {"first": t.first, "median": t.median, "metrics": ok,
                                     "refused": refused}
    spark.stop()
    with open(out / "spark.pkl", "wb") as fh:
        pickle.dump(frames, fh)
    return report


def child_explorer(events: int, repeat: int, out: Path, period: str = "") -> dict[str, Any]:
    """Explorer interactions on the default sample (csm_kit.connect()): each view the first
    time (cold: profile, build, compile, query, chart) and again (cached)."""
    kit = ck.connect()
    t0 = time.perf_counter()
    explorer = kit.explore("nps").wait()
    opening = time.perf_counter() - t0
    steps = [("metric", "csat"), ("grain", "week"), ("by", ["segment"]), ("metric", "mrr"),
             ("compare", "previous"), ("grain", "quarter"), ("metric", "dau_mau_ratio")]
    cold, back = [], []
    for name, value in steps:
        t0 = time.perf_counter()
        setattr(explorer, name, value)
        explorer.wait()
        cold.append((f"{name}={value}", time.perf_counter() - t0))
        if explorer.error:
            raise SystemExit(f"explorer: {explorer.error}")
    for name, value in [("metric", "mrr"), ("metric", "dau_mau_ratio")] * repeat:
        t0 = time.perf_counter()
        setattr(explorer, name, value)
        explorer.wait()
        back.append((f"{name}={value}", time.perf_counter() - t0))
    return {"opening": opening, "cold": cold, "cached": back,
            "computations": explorer.computations}


CHILDREN = {"csm": child_csm, "explorer": child_explorer, "hand": child_hand, "frames": child_frames,
            "spark": child_spark}


# -- the parent: run, compare, report ---------------------------------------------------------
def run_child(kind: str, events: int, repeat: int, out: Path,
              period: str = "") -> dict[str, Any]:
    """Run one implementation in a process of its own; its report (JSON)."""
    print(f"[{time.strftime('%H:%M:%S')}] {kind} at {events:,} events", flush=True)
    subprocess.run([sys.executable, __file__, "--child", kind, "--events", str(events),
                    "--repeat", str(repeat), "--out", str(out), "--period", period], check=True)
    return json.loads((out / f"{kind}.json").read_text())


def check_catalog(kit: ck.Kit, csm: dict[str, pd.DataFrame], other: dict[str, Any],
                  span: tuple[dt.date, dt.date], metrics: dict[str, list[str]],
                  what: str) -> list[str]:
    """Every difference between csm_kit's catalog results and `other`'s (one frame per metric
    per configuration), as readable lines."""
    problems = []
    for config, ok in metrics.items():
        q = query_for(kit, config, ok, span)  # the same buckets for every metric: one plan
        for m in ok:
            theirs = other[config][m] if isinstance(other[config], dict) else None
            ours = csm[config]
            ours = ours[ours.metric == m]
            if theirs is None:  # a tidy frame of every metric (Spark)
                theirs = other[config]
                theirs = theirs[theirs.metric == m]
            found = compare(ours, theirs, q)
            problems += [f"{what} {config} {m}: {p}" for p in found[:5]]
    return problems


def check_scorecard(csm: pd.DataFrame, hand: dict[str, pd.DataFrame], period: str) -> list[str]:
    """The scorecard's value and previous against the hand SQL's two months."""
    problems = []
    day = pd.Timestamp(period)
    for m, theirs in hand.items():
        row = csm[csm.metric == m]
        theirs = theirs.assign(period_start=pd.to_datetime(theirs.period_start))
        now = theirs[theirs.period_start == day]["value"]
        prev = theirs[theirs.period_start < day]["value"]
        for label, a, b in [("value", row["value"], now), ("previous", row["previous"], prev)]:
            x = None if a.empty or pd.isna(a.iloc[0]) else float(a.iloc[0])
            y = None if b.empty or pd.isna(b.iloc[0]) else float(b.iloc[0])
            if (x is None) != (y is None) or (x is not None and abs(x - y) > 1e-9 * max(
                    1.0, abs(x))):
                problems.append(f"scorecard {m} {label}: csm_kit {x} hand {y}")
    return problems


def check_frames(csm: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[str]:
    """Polars' and pandas' 12 metrics against csm_kit's (grain month)."""
    import dataframes
    import numpy as np

    wide = csm[csm.metric.isin(dataframes.METRICS)].pivot(
        index="period_start", columns="metric", values="value")
    wide.index = [d.date() for d in pd.to_datetime(wide.index)]
    problems = []
    for name, theirs in frames.items():
        for m in dataframes.METRICS:
            a = wide[m].to_numpy(dtype=float)
            b = theirs[m].reindex(wide.index).to_numpy(dtype=float)
            if not np.allclose(a, b, rtol=1e-9, equal_nan=True):
                problems.append(f"{name} {m}: csm_kit {list(a)} {name} {list(b)}")
    return problems


def run_size(events: int, repeat: int, frames_max: int, spark: bool) -> dict[str, Any]:
    """Every implementation at one size, compared; the size's results."""
    sample_path(events)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        csm = run_child("csm", events, repeat, out)
        hand = run_child("hand", events, repeat, out, csm["scorecard"]["period"])
        frames = run_child("frames", events, repeat, out) if events <= frames_max else None
        spark_report = run_child("spark", events, 1, out) if spark else None
        kit, con = open_sample(events)
        span = date_range(con)
        csm_frames = pickle.loads((out / "csm.pkl").read_bytes())
        hand_frames = pickle.loads((out / "hand.pkl").read_bytes())
        metrics = {c: v["metrics"] for c, v in csm["configs"].items()}
        problems = check_catalog(kit, csm_frames, hand_frames, span, metrics, "hand SQL")
        problems += check_scorecard(csm_frames["scorecard"], hand_frames["scorecard"],
                                    csm["scorecard"]["period"])
        if frames is not None:
            problems += check_frames(csm_frames["month"],
                                     pickle.loads((out / "frames.pkl").read_bytes()))
        if spark_report is not None:
            spark_frames = pickle.loads((out / "spark.pkl").read_bytes())
            problems += check_catalog(kit, csm_frames, spark_frames, span,
                                      {c: v["metrics"] for c, v in
                                       spark_report["configs"].items()}, "Spark")
    return result_of(events, repeat, span, csm, hand, frames, spark_report, problems)


def result_of(events: int, repeat: int, span: tuple[dt.date, dt.date], csm: dict[str, Any],
              hand: dict[str, Any], frames: dict[str, Any] | None,
              spark_report: dict[str, Any] | None, problems: list[str]) -> dict[str, Any]:
    """One size's results, or SystemExit listing the differences (then nothing is reported)."""
    if problems:
        raise SystemExit(f"{len(problems)} differences at {events:,} events; no timing is "
                         "reported:\n  " + "\n  ".join(problems[:40]))
    return {"events": events, "date": str(dt.date.today()), "repeat": repeat,
            "range": [str(span[0]), str(span[1])], "machine": machine(), "csm": csm,
            "hand": hand, "frames": frames, "spark": spark_report}


def import_seconds(runs: int = 5) -> float:
    """The median time of `import csm_kit` in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); import csm_kit; "
            "print(time.perf_counter() - t)")
    times = sorted(float(subprocess.run([sys.executable, "-c", code], check=True,
                                        capture_output=True, text=True).stdout)
                   for _ in range(runs))
    return times[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frames-max", type=int, default=10_000_000,
                        help="the largest size Polars and pandas run at (data in memory)")
    parser.add_argument("--spark", type=int, default=None, help="the size to run Spark at")
    parser.add_argument("--write", type=Path, default=None,
                        help="rewrite the results of this markdown file (docs/benchmarks.md)")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--period", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        report = CHILDREN[args.child](args.events[0], args.repeat, args.out, args.period)
        (args.out / f"{args.child}.json").write_text(json.dumps(report, default=str))
        return
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        explorer = run_child("explorer", 0, args.repeat, Path(tmp))
        explorer["import_seconds"] = import_seconds()
        (RESULTS / "explorer.json").write_text(json.dumps(explorer, indent=1))
    for events in args.events:
        repeat = args.repeat if events < 100_000_000 else min(args.repeat, 1)
        result = run_size(events, repeat, args.frames_max, args.spark == events)
        (RESULTS / f"{events}.json").write_text(json.dumps(result, indent=1, default=str))
        print(f"[{time.strftime('%H:%M:%S')}] {events:,} events: equal numbers, results in "
              f"{RESULTS / f'{events}.json'}", flush=True)
    if args.write:
        import report

        report.write(args.write)


if __name__ == "__main__":
    main()
