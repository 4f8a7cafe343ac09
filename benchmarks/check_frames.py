"""Check the pandas and Polars baselines (benchmarks/dataframes.py) against csm_kit on a sample.

    python benchmarks/check_frames.py [--events 1000000]

Computes the 12 metrics at grain month over the sample's range (common.date_range) with csm_kit
and with both dataframe implementations, prints OK (or the months that differ) per metric and
implementation, and the time each took. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from common import date_range, sample_path  # noqa: E402
from dataframes import METRICS, load_pandas, load_polars, with_pandas, with_polars  # noqa: E402

import csm_kit as ck  # noqa: E402


def csm_wide(path: Path, start: dt.date, end: dt.date) -> pd.DataFrame:
    """csm_kit's numbers, one column per metric, indexed by period_start (datetime.date)."""
    kit = ck.connect(f"duckdb:///{path}")
    tidy = kit.compute(METRICS, grain="month", start=start, end=end).to_pandas()
    wide = tidy.pivot(index="period_start", columns="metric", values="value")
    wide.index = pd.Index(pd.to_datetime(wide.index).date, name="period_start")
    return wide[METRICS]


def timed(fn: Callable[[], pd.DataFrame]) -> tuple[float, pd.DataFrame]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def differences(ours: pd.DataFrame, theirs: pd.DataFrame, metric: str) -> list[str]:
    """The months where `theirs` differs from csm_kit's `ours` for `metric` ([] when equal)."""
    if list(theirs.index) != list(ours.index):
        return [f"months differ: csm_kit {list(ours.index)}, here {list(theirs.index)}"]
    a = ours[metric].to_numpy(dtype=float)
    b = theirs[metric].to_numpy(dtype=float)
    same = np.isclose(a, b, rtol=1e-9, equal_nan=True)
    if same.all():
        assert np.allclose(a, b, rtol=1e-9, equal_nan=True)
        return []
    return [f"{m}: csm_kit {x!r}, here {y!r}"
            for m, x, y, ok in zip(ours.index, a, b, same, strict=True) if not ok]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    path = sample_path(args.events)
    con = duckdb.connect(str(path), read_only=True)
    start, end = date_range(con)
    print(f"{path.name}: {start} .. {end}, grain month")

    t_kit, ours = timed(lambda: csm_wide(path, start, end))
    t0 = time.perf_counter()
    pd_frames = load_pandas(con)
    t_pd_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    pl_frames = load_polars(con)
    t_pl_load = time.perf_counter() - t0
    t_pl, pl_df = timed(lambda: with_polars(pl_frames, start, end))
    t_pd, pd_df = timed(lambda: with_pandas(pd_frames, start, end))

    bad = 0
    for name, theirs in (("polars", pl_df), ("pandas", pd_df)):
        for metric in METRICS:
            problems = differences(ours, theirs, metric)
            print(f"{name:>6} {metric:>19}: " + ("OK" if not problems else
                                                 f"{len(problems)} differences\n    "
                                                 + "\n    ".join(problems[:12])))
            bad += bool(problems)
    print(f"seconds: csm_kit compute {t_kit:.2f}; polars {t_pl:.2f} (load {t_pl_load:.2f}); "
          f"pandas {t_pd:.2f} (load {t_pd_load:.2f})")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
