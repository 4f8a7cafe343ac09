"""What the benchmark scripts share: the samples, the configurations timed, the range, and the
comparison of csm_kit's numbers with another implementation's."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
from hand import Query

import csm_kit as ck
from csm_kit import datasets
from csm_kit.kit import generator_key

DATA = Path(__file__).parent / "data"
# grain, then the accounts column split by (if any)
CONFIGS = ("month", "week", "day", "month+segment")
MONTHS = 12  # the range: the last 12 months of the sample's events


def machine() -> dict[str, str]:
    """The machine and versions a run measured on."""
    import os
    import platform

    import ibis

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": str(os.cpu_count()), "cpu": platform.processor() or platform.machine(),
            "memory": f"{mem:.0f} GiB", "python": platform.python_version(),
            "duckdb": duckdb.__version__, "ibis": ibis.__version__, "pandas": pd.__version__}


def sample_path(events: int) -> Path:
    """The sample with `events` events, written on first use (never a stale generator's)."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"sample-{events}-{generator_key()}.duckdb"
    if not path.exists():
        t0 = time.perf_counter()
        datasets.write_duckdb(path, events=events, progress=True)
        print(f"built {path} in {time.perf_counter() - t0:.0f} s")
    return path


def open_sample(events: int) -> tuple[ck.Kit, duckdb.DuckDBPyConnection]:
    """A kit on the sample and a plain read-only DuckDB connection to the same file."""
    path = sample_path(events)
    return ck.connect(f"duckdb:///{path}"), duckdb.connect(str(path), read_only=True)


def split(config: str) -> tuple[str, list[str]]:
    """'month+segment' -> ('month', ['segment'])."""
    grain, *by = config.split("+")
    return grain, by


def date_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """The first and last day of the range: the last MONTHS whole months of events."""
    last = con.execute("SELECT max(occurred_at)::DATE FROM events").fetchone()[0]
    first = dt.date(last.year, last.month, 1)
    for _ in range(MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, last


def query_for(kit: ck.Kit, config: str, metrics: list[str],
              span: tuple[dt.date, dt.date]) -> Query:
    """The Query a hand-written implementation answers for `config`: the same buckets as
    csm_kit's plan for the range `span`."""
    grain, by = split(config)
    plan = kit.plan(metrics, grain=grain, start=span[0], end=span[1], by=by or None)
    return Query(grain=grain, start=plan.start, end=plan.end, by=by[0] if by else None,
                 today=plan.today)


def csm_frame(kit: ck.Kit, metrics: list[str], config: str,
              span: tuple[dt.date, dt.date]) -> tuple[pd.DataFrame, dict[str, str]]:
    """csm_kit's rows for `config` (tidy) and the metrics it could not compute, with why."""
    grain, by = split(config)
    frame, _ = kit.computed(metrics, grain=grain, start=span[0], end=span[1], by=by or None)
    return frame.to_pandas(), {m: str(e) for m, e in frame.errors.items()}


def hand_frame(con: duckdb.DuckDBPyConnection, fn: Callable[[Query], str],
               q: Query) -> pd.DataFrame:
    """Run one hand-written query."""
    return con.execute(fn(q)).df()


def _key(row: pd.Series, by: str | None) -> tuple:
    day = pd.Timestamp(row["period_start"]).date()
    if by is None:
        return (day,)
    group = row[by]
    return day, (None if group is None or (isinstance(group, float) and math.isnan(group))
                 else group)


def _value(v: object) -> float | None:
    if v is None or pd.isna(v):
        return None
    return float(v)


def compare(ours: pd.DataFrame, theirs: pd.DataFrame, q: Query,
            rtol: float = 1e-9) -> list[str]:
    """Where `theirs` differs from csm_kit's rows `ours` (one metric): a missing row counts
    only when the other side's value is not null. Returns readable lines ('' when equal)."""
    missing = [c for c in ("period_start", *([q.by] if q.by else []), "value")
               if c not in theirs.columns]
    if missing:
        return [f"hand SQL returns no column {', '.join(missing)} (it has {list(theirs.columns)})"]
    mine = {_key(r, q.by): _value(r["value"]) for _, r in ours.iterrows()}
    other: dict[tuple, float | None] = {}
    problems = []
    for _, r in theirs.iterrows():
        key = _key(r, q.by)
        if key in other:
            problems.append(f"{key}: hand SQL returns this row twice")
        other[key] = _value(r["value"])
    for key in sorted(set(mine) | set(other), key=repr):
        a, b = mine.get(key), other.get(key)
        if a is None and b is None:
            continue
        if a is None or b is None or not math.isclose(a, b, rel_tol=rtol, abs_tol=1e-9):
            where = ("missing in hand SQL" if key not in other else
                     "missing in csm_kit" if key not in mine else "")
            problems.append(f"{key}: csm_kit {a} hand {b} {where}".rstrip())
    return problems
