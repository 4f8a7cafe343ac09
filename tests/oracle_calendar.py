"""A plain-Python calendar for the oracle tests, written apart from csm_kit.periods so that the
oracles share no code with what they check."""

from __future__ import annotations

import datetime as dt

DAY = dt.timedelta(days=1)


def bucket_of(d: dt.date, grain: str) -> dt.date:
    """First day of the bucket holding `d` (ISO weeks start on Monday)."""
    if grain == "day":
        return d
    if grain == "week":
        return d - dt.timedelta(days=d.isoweekday() - 1)
    if grain == "month":
        return dt.date(d.year, d.month, 1)
    if grain == "quarter":
        return dt.date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    return dt.date(d.year, 1, 1)


def next_bucket(b: dt.date, grain: str) -> dt.date:
    """First day of the bucket after the one starting at `b`."""
    if grain == "day":
        return b + DAY
    if grain == "week":
        return b + 7 * DAY
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    y, m = divmod(b.month - 1 + months, 12)
    return dt.date(b.year + y, m + 1, 1)


def last_day(b: dt.date, grain: str) -> dt.date:
    """Last day of the bucket starting at `b`."""
    return next_bucket(b, grain) - DAY


def buckets(first: dt.date, last: dt.date, grain: str) -> list[dt.date]:
    """Bucket starts from the bucket holding `first` to the one holding `last`, both included."""
    out, b = [], bucket_of(first, grain)
    while b <= last:
        out.append(b)
        b = next_bucket(b, grain)
    return out


def days_between(lo: dt.date, hi: dt.date) -> list[dt.date]:
    """Every calendar day from lo to hi, both included."""
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
