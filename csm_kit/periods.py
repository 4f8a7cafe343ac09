"""Grains and period arithmetic in Python (for the time spine and for parsing user input)."""

from __future__ import annotations

import datetime as dt
import re

from csm_kit.errors import PeriodError

# the dates csm_kit computes on: wide enough for any business data, narrow enough that a
# sentinel such as 0001-01-01 or 9999-12-31 is caught rather than turned into a million buckets,
# and within pandas' datetime64[ns] (which ends in April 2262), the type of period_start
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2261, 12, 31)
GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
# Ibis truncate units
TRUNCATE_UNIT = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
# one bucket as (count, ibis interval unit)
STEP = {"day": (1, "D"), "week": (7, "D"), "month": (1, "M"), "quarter": (3, "M"), "year": (12, "M")}


def check_grain(grain: str) -> str:
    """`grain` if it is one of GRAINS, else PeriodError."""
    if not isinstance(grain, str) or grain not in GRAINS:
        raise PeriodError(f"grain {grain!r} is not one of {', '.join(GRAINS)}")
    return grain


def supported(day: dt.date, what: str = "date") -> dt.date:
    """`day` if csm_kit computes on it (years 1900-2261), else PeriodError naming `what`."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise PeriodError(f"{what} {day.isoformat()} is outside the dates csm_kit computes on "
                          f"({FIRST_DATE.year}-{LAST_DATE.year})")
    return day


def to_date(value: str | dt.date | dt.datetime, what: str = "date",
            fiscal_year_start: int = 1) -> dt.date:
    """A date from a date, a datetime or an ISO string ('2025-06-01', '2025-06', '2025'; in a
    fiscal calendar 'FY2026-Q1' and 'FY2026', as periods are named there)."""
    if (isinstance(value, float) and value != value) or type(value).__name__ == "NaTType":
        raise PeriodError(f"{what} is missing (NaN or NaT); give a date such as '2025-06-01'")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_period(value, fiscal_year_start)[0]
        except PeriodError as exc:
            if fiscal_year_start != 1 and re.match(r"^\s*(FY)?\d{4}(-Q\d)?\s*$", value, re.I):
                raise PeriodError(f"{what}: {exc}") from None  # a calendar quarter on a fiscal kit
            raise PeriodError(f"{what} {value!r} is not a date such as '2025-06-01'") from None
    raise PeriodError(f"{what} must be a date or an ISO string, not {type(value).__name__}")


def check_fiscal_year_start(month: object) -> int:
    """`month` (1-12: the month in which the fiscal year starts) if valid, else PeriodError."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise PeriodError(f"fiscal_year_start must be the month in which the fiscal year starts, "
                          f"1 (January) to 12, not {month!r}; e.g. 4 for a year starting in April")
    return month


def fiscal_offset(grain: str, fiscal_year_start: int) -> int:
    """How many months the buckets of `grain` are shifted from the calendar's (0 but for
    quarter and year in a fiscal calendar)."""
    if grain == "quarter":
        return (fiscal_year_start - 1) % 3
    if grain == "year":
        return fiscal_year_start - 1
    return 0


def bucket_start(d: dt.date, grain: str, fiscal_year_start: int = 1) -> dt.date:
    """The first day of the bucket of `grain` that contains `d` (weeks start on Monday; quarters
    and years start in the fiscal year's first month)."""
    if grain == "day":
        return d
    if grain == "week":
        return d - dt.timedelta(days=d.weekday())
    if grain == "month":
        return d.replace(day=1)
    size = 3 if grain == "quarter" else 12
    offset = fiscal_offset(grain, fiscal_year_start)
    months = d.year * 12 + d.month - 1 - offset
    months = months - months % size + offset
    return dt.date(months // 12, months % 12 + 1, 1)


def fiscal_year(d: dt.date, fiscal_year_start: int) -> int:
    """The fiscal year holding `d`, named by the calendar year in which it ends."""
    return d.year + (1 if fiscal_year_start > 1 and d.month >= fiscal_year_start else 0)


def add_buckets(d: dt.date, grain: str, n: int) -> dt.date:
    """The bucket start `n` buckets after the bucket start `d`."""
    count, unit = STEP[grain]
    if unit == "D":
        return d + dt.timedelta(days=count * n)
    months = d.year * 12 + d.month - 1 + count * n
    return dt.date(months // 12, months % 12 + 1, 1)


def bucket_count(first: dt.date, last: dt.date, grain: str) -> int:
    """How many buckets from bucket start `first` through bucket start `last`, both included."""
    count, unit = STEP[grain]
    if unit == "D":
        return (last - first).days // count + 1
    return ((last.year - first.year) * 12 + last.month - first.month) // count + 1


_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})$"), "year"),
]
_FISCAL = re.compile(r"^FY(\d{4})(?:-Q([1-4]))?$", re.IGNORECASE)


def _parse_fiscal(text: str, fiscal_year_start: int) -> tuple[dt.date, str] | None:
    m = _FISCAL.match(text.strip())
    if not m:
        return None
    if fiscal_year_start == 1:
        raise PeriodError(
            f"period {text!r} names a fiscal period, but the calendar is the calendar year "
            f"(fiscal_year_start=1): use {m.group(1)}{'-Q' + m.group(2) if m.group(2) else ''}, "
            "or connect with fiscal_year_start= the month your fiscal year starts in")
    first = dt.date(int(m.group(1)) - 1, fiscal_year_start, 1)  # named by the year it ends in
    if m.group(2) is None:
        return first, "year"
    months = first.year * 12 + first.month - 1 + 3 * (int(m.group(2)) - 1)
    return dt.date(months // 12, months % 12 + 1, 1), "quarter"


def parse_period(text: str, fiscal_year_start: int = 1) -> tuple[dt.date, str]:
    """('2025-06' -> (2025-06-01, 'month')); also '2025-06-03', '2025-W23', '2025-Q2', '2025';
    in a fiscal calendar quarters and years are 'FY2026-Q1' and 'FY2026' (2025-Q2 and 2025 are
    not fiscal periods there)."""
    if not isinstance(text, str):
        raise PeriodError(f"period must be text such as '2025-06', not {type(text).__name__}")
    fiscal = _parse_fiscal(text, fiscal_year_start)
    if fiscal is not None:
        return fiscal
    for pattern, grain in _PATTERNS:
        m = pattern.match(text.strip())
        if not m:
            continue
        if grain in ("quarter", "year") and fiscal_year_start != 1:
            raise PeriodError(
                f"period {text!r} is a calendar {grain}, but quarters and years follow the fiscal "
                f"year starting in month {fiscal_year_start}: name it like 'FY2026-Q1' or "
                "'FY2026' (a fiscal year is named by the calendar year in which it ends)")
        try:
            y = int(m.group(1))
            if grain == "day":
                return dt.date(y, int(m.group(2)), int(m.group(3))), grain
            if grain == "week":
                return dt.date.fromisocalendar(y, int(m.group(2)), 1), grain
            if grain == "month":
                return dt.date(y, int(m.group(2)), 1), grain
            if grain == "quarter":
                return dt.date(y, 3 * (int(m.group(2)) - 1) + 1, 1), grain
            return dt.date(y, 1, 1), grain
        except ValueError:
            break
    raise PeriodError(
        f"period {text!r} is not one of 2025-06-03 (day), 2025-W23 (week), 2025-06 (month), "
        "2025-Q2 (quarter), 2025 (year)"
    )


def format_period(d: dt.date, grain: str, fiscal_year_start: int = 1) -> str:
    """The label of the bucket starting at `d`, in the form parse_period reads ('FY2026-Q1'
    and 'FY2026' for fiscal quarters and years)."""
    if grain in ("quarter", "year") and fiscal_year_start != 1:
        year = fiscal_year(d, fiscal_year_start)
        if grain == "year":
            return f"FY{year}"
        quarter = ((d.month - fiscal_year_start) % 12) // 3 + 1
        return f"FY{year}-Q{quarter}"
    if grain == "day":
        return d.isoformat()
    if grain == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if grain == "month":
        return f"{d.year}-{d.month:02d}"
    if grain == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)
