"""Measuring: wall time, the process's peak memory during a call, and the time DuckDB itself
spends on the SQL a call sends (to tell csm_kit's own Python time apart)."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    """The process's resident memory now, in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


class PeakMemory:
    """Samples the process's resident memory every few milliseconds while in use:
    ``with PeakMemory() as peak: ...; peak.bytes``."""

    def __init__(self, every: float = 0.005) -> None:
        self.every = every
        self.bytes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self.bytes = max(self.bytes, rss())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self.bytes = rss()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.bytes = max(self.bytes, rss())


@dataclass
class Timing:
    """The first run's seconds, the later runs' median, the peak memory over all runs (bytes)
    and the first run's result."""

    first: float
    median: float
    peak: int
    result: Any = field(repr=False, default=None)


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    """Run `fn` once (its result is kept: the one checked), then `repeat` more times."""
    with PeakMemory() as peak:
        t0 = time.perf_counter()
        result = fn()
        first = time.perf_counter() - t0
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return Timing(first, statistics.median(times) if times else first, peak.bytes, result)


class _Recording:
    """A DuckDB connection that notes every SQL text sent through ``.sql`` (what Ibis and
    csm_kit run a query with) and passes everything on."""

    def __init__(self, con: Any, sent: list[str]) -> None:
        self._con, self._sent = con, sent

    def sql(self, query: str, *args: Any, **kwargs: Any) -> Any:
        self._sent.append(query)
        return self._con.sql(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def engine_seconds(backend: Any, fn: Callable[[], Any], repeat: int = 3) -> tuple[float, float]:
    """(median seconds of `fn`, median seconds DuckDB takes to run the queries `fn` sends, to
    Arrow): their difference is the Python time around the engine."""
    sent: list[str] = []
    raw = backend.con
    backend.con = _Recording(raw, sent)
    try:
        fn()
    finally:
        backend.con = raw
    queries = list(sent)
    total, engine = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        total.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for q in queries:
            raw.sql(q).to_arrow_table()
        engine.append(time.perf_counter() - t0)
    return statistics.median(total), statistics.median(engine)
