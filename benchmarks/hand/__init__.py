"""Hand-written DuckDB SQL for every catalog metric, written from the definitions in
docs/metrics.md (never from csm_kit's plugins or its generated SQL), so the benchmark can time
csm_kit against the engine's own speed on the same numbers.

Each metric is a function ``(q: Query) -> str`` registered with :func:`hand`; the SQL returns
``period_start DATE, [segment VARCHAR,] value DOUBLE``: one row per bucket of the range (and per
segment when ``q.by``), where a flow or stock is 0 in an empty bucket. A row whose value is null
may be left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

GRAINS = ("day", "week", "month")


@dataclass(frozen=True)
class Query:
    """What one hand-written query computes: buckets of `grain` from `start` (the first
    bucket's first day) up to `end` (exclusive: the first day after the last bucket), split by
    accounts.segment when `by` is 'segment'. `today` is the day the run treats as today."""

    grain: str
    start: dt.date
    end: dt.date
    by: str | None = None
    today: dt.date = dt.date.today()

    def bucket(self, expr: str) -> str:
        """SQL for the first day of the bucket holding the date or timestamp `expr`."""
        return f"date_trunc('{self.grain}', {expr})::DATE"

    @property
    def step(self) -> str:
        """One bucket as a DuckDB interval literal."""
        return f"INTERVAL 1 {self.grain.upper()}"

    @property
    def spine(self) -> str:
        """SQL for every bucket of the range: one column, period_start DATE."""
        return (f"SELECT range::DATE AS period_start FROM range(DATE '{self.start}', "
                f"DATE '{self.end}', {self.step})")

    def lit(self, day: dt.date) -> str:
        """A DATE literal."""
        return f"DATE '{day}'"


HAND: dict[str, Callable[[Query], str]] = {}


def hand(metric_id: str) -> Callable[[Callable[[Query], str]], Callable[[Query], str]]:
    """Register the hand-written SQL of `metric_id`."""

    def register(fn: Callable[[Query], str]) -> Callable[[Query], str]:
        if metric_id in HAND:
            raise ValueError(f"hand SQL for {metric_id!r} is registered twice")
        HAND[metric_id] = fn
        return fn

    return register


def load() -> dict[str, Callable[[Query], str]]:
    """Every registered hand-written query, by metric id (imports the modules of this package)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return HAND
