"""Calendar arithmetic on integer days and microsecond timestamps, and the simulated window."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

#: Last day of data when none is given.
DEFAULT_END = "2026-10-31"

US_SEC = 1_000_000
US_MIN = 60 * US_SEC
US_HOUR = 60 * US_MIN
US_DAY = 24 * US_HOUR


def month_start(month: Any) -> np.ndarray:
    """First day (days since epoch) of months given as months since 1970-01."""
    return np.asarray(month, np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def month_index(day: Any) -> np.ndarray:
    """Months since 1970-01 of days since epoch."""
    return np.asarray(day, np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def add_months(day: Any, k: Any) -> np.ndarray:
    """The same day of the month `k` months later (clamped to the month's last day)."""
    day = np.asarray(day, np.int64)
    mon = month_index(day)
    dom = day - month_start(mon)
    target = mon + np.asarray(k, np.int64)
    first = month_start(target)
    return first + np.minimum(dom, month_start(target + 1) - first - 1)


def cal_month(day: np.ndarray) -> np.ndarray:
    """Calendar month 1..12 of days since epoch."""
    return month_index(day) % 12 + 1


def time_of_day(rng: np.random.Generator, hour_mu: Any, sd: float = 2.5) -> np.ndarray:
    """Microseconds into the day, around each region's working hours (UTC)."""
    hours = rng.normal(np.asarray(hour_mu, float), sd) % 24.0
    return (hours * US_HOUR).astype(np.int64)


def _parse_end(end: str | _dt.date) -> _dt.date:
    if isinstance(end, _dt.datetime):
        return end.date()
    if isinstance(end, _dt.date):
        return end
    if isinstance(end, str):
        return _dt.date.fromisoformat(end)
    raise TypeError(f"end must be an ISO date string or a date, not {type(end).__name__}")


class Window:
    """The calendar months covered: days are integers (days since 1970-01-01)."""

    def __init__(self, end: str | _dt.date, months: int) -> None:
        end_d = _parse_end(end)
        self.end = int(np.datetime64(end_d, "D").astype(np.int64))  # last day, inclusive
        em = int(month_index(self.end))
        self.months = months
        self.month_starts = month_start(np.arange(em - months + 1, em + 2))
        self.start = int(self.month_starts[0])
        self.stop = self.end + 1  # exclusive
        self.n_days = self.stop - self.start

    def lo(self, m: int) -> int:
        """First day of month `m` of the window."""
        return int(self.month_starts[m])

    def hi(self, m: int) -> int:
        """Day after the last day of month `m` of the window (exclusive)."""
        return int(min(self.month_starts[m + 1], self.stop))

    def month_of(self, day: Any) -> np.ndarray:
        """Month of the window (0-based, clipped into range) of each day."""
        m = np.searchsorted(self.month_starts, np.asarray(day, np.int64), side="right") - 1
        return np.clip(m, 0, self.months - 1)
