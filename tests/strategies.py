"""Shared hypothesis strategies and helpers for the property and fuzz tests.

The strategies draw small canonical rows (dicts keyed by canonical column, as `canonical()` in
conftest takes them) inside a six-month window, with the awkward cases on purpose: nulls in
nullable columns, ties on the same day, several overlapping subscriptions of one account,
zero-length subscriptions (start_date == end_date), ends in the middle of a month, open ends
(end_date None), instants a few hours either side of a month boundary, fractional and
off-scale survey scores.

Nothing here calls csm_kit: the helpers only turn rows into tables and read results back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from tests.conftest import canonical
from tests.oracle_calendar import next_bucket

D = dt.date
T = dt.datetime
DAY = dt.timedelta(days=1)

# reproducible in CI: the same examples on every run, no example database on disk; no shrinking,
# so a failing test costs no more time than a passing one (the data are small to begin with).
# CSM_KIT_PROPERTY_SHRINK=1 shrinks failures to a minimal example when investigating one.
COMMON = {
    "phases": (Phase.explicit, Phase.generate,
               *((Phase.shrink,) if os.environ.get("CSM_KIT_PROPERTY_SHRINK") else ())),
    "deadline": None,
    "derandomize": True,
    "database": None,
    "print_blob": False,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.filter_too_much, HealthCheck.large_base_example,
                              HealthCheck.function_scoped_fixture],
}


def fast(n: int) -> settings:
    """Settings for a property test that builds a kit per example: `n` examples (times
    $CSM_KIT_PROPERTY_SCALE, default 1, for a longer search by hand)."""
    return settings(max_examples=n * int(os.environ.get("CSM_KIT_PROPERTY_SCALE", "1")), **COMMON)


# -- the window the data live in ----------------------------------------------------------------
FIRST = D(2024, 11, 1)
LAST = D(2025, 4, 30)
MONTHS = [D(2024, 11, 1), D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1),
          D(2025, 4, 1)]
# a range that holds every row (ends and open subscriptions included) with an empty bucket first
RANGE_START = D(2024, 10, 1)
RANGE_END = D(2025, 7, 31)

ACCOUNT_IDS = [f"a{i}" for i in range(6)]
USER_IDS = [f"u{i}" for i in range(8)]
SEGMENTS = [None, "smb", "ent", "(none)"]
ZONES = ["America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Asia/Tokyo",
         "Pacific/Kiritimati", "Etc/GMT+12", "Europe/Berlin", "UTC"]


def _boundary_days() -> list[dt.date]:
    out = []
    for m in MONTHS:
        last = next_bucket(m, "month") - DAY
        out += [m, m + DAY, D(m.year, m.month, 15), last - DAY, last]
    return out


BOUNDARY_DAYS = _boundary_days()

days = st.one_of(
    st.integers(0, (LAST - FIRST).days).map(lambda i: FIRST + dt.timedelta(days=i)),
    st.sampled_from(BOUNDARY_DAYS),
)

# naive instants, read as UTC; half of them within 6 hours of a month boundary
instants = st.one_of(
    st.datetimes(min_value=T(2024, 11, 1), max_value=T(2025, 4, 30, 23, 59, 59)),
    st.builds(
        lambda m, minutes: T(m.year, m.month, 1) + dt.timedelta(minutes=minutes),
        st.sampled_from(MONTHS[1:]), st.integers(-6 * 60, 6 * 60),
    ),
)

amounts = st.one_of(
    st.sampled_from([0.0, 0.01, 9.99, 10.0, 19.99, 49.5, 100.0, 250.0, 1000.0]),
    st.integers(0, 200_000).map(lambda cents: cents / 100),
)


@st.composite
def subscription_rows(draw: st.DrawFn, max_size: int = 10, min_size: int = 0,
                      accounts: Sequence[str] = ACCOUNT_IDS) -> list[dict[str, Any]]:
    """Subscriptions of a few accounts (so several overlap on one account), every kind of end."""
    n = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(n):
        start = draw(days)
        kind = draw(st.sampled_from(["open", "zero", "days", "month_start", "same_as_other"]))
        if kind == "open":
            end = None
        elif kind == "zero":
            end = start
        elif kind == "days":
            end = start + dt.timedelta(days=draw(st.integers(1, 120)))
        elif kind == "month_start":
            end = next_bucket(D(start.year, start.month, 1), "month")
            end = next_bucket(end, "month") if draw(st.booleans()) else end
        else:  # a replacement: ends where another starts (a tie on the boundary)
            end = draw(st.sampled_from(BOUNDARY_DAYS))
            end = max(end, start)
        rows.append({
            "subscription_id": f"s{i}", "account_id": draw(st.sampled_from(accounts)),
            "start_date": start, "end_date": end, "mrr": draw(amounts),
            "plan": draw(st.sampled_from([None, "basic", "pro"])),
        })
    return rows


scores = st.one_of(
    st.integers(-2, 12).map(float),
    st.sampled_from([0.5, 5.999, 6.0, 6.5, 6.9999, 7.0, 8.5, 8.99, 9.0, 9.5, 10.0, 10.5,
                     -0.5, 100.0, 1.0, 3.5, 4.0, 4.5, 5.0]),
    st.floats(-1, 11, allow_nan=False, allow_infinity=False),
)


@st.composite
def survey_rows(draw: st.DrawFn, max_size: int = 14, min_size: int = 0,
                surveys: Sequence[str] = ("nps", "csat", "ces", "renewal_intent")
                ) -> list[dict[str, Any]]:
    """Survey responses: fractional and off-scale scores, nullable columns sometimes null."""
    n = draw(st.integers(min_size, max_size))
    return [{
        "response_id": f"r{i}", "account_id": draw(st.sampled_from(ACCOUNT_IDS)),
        "user_id": draw(st.sampled_from([None, *USER_IDS[:3]])),
        "survey": draw(st.sampled_from(list(surveys))), "score": draw(scores),
        "responded_at": draw(instants), "comment": draw(st.sampled_from([None, "", "ok ✓"])),
    } for i in range(n)]


def account_of(user: str) -> str:
    """Each user belongs to one account."""
    return ACCOUNT_IDS[int(user[1:]) % len(ACCOUNT_IDS)]


def around_a_month_end(month: dt.date) -> st.SearchStrategy[dt.datetime]:
    """Instants crowded into the six days before `month` and its first two hours (the weeks
    that straddle two months)."""
    return st.integers(-6 * 24 * 60, 120).map(
        lambda minutes: T(month.year, month.month, 1) + dt.timedelta(minutes=minutes))


@st.composite
def event_rows(draw: st.DrawFn, max_size: int = 14, min_size: int = 0,
               at: st.SearchStrategy[dt.datetime] = instants) -> list[dict[str, Any]]:
    """Product events: a few users, ties on the same instant, nullable feature."""
    n = draw(st.integers(min_size, max_size))
    rows = []
    for _ in range(n):
        user = draw(st.sampled_from(USER_IDS))
        rows.append({
            "user_id": user, "account_id": account_of(user), "occurred_at": draw(at),
            "event_name": draw(st.sampled_from(["login", "view", "export"])),
            "feature": draw(st.sampled_from([None, "reports", "api"])),
        })
    return rows


@st.composite
def account_rows(draw: st.DrawFn, ids: Sequence[str] = ACCOUNT_IDS) -> list[dict[str, Any]]:
    """accounts: some ids left out (accounts missing from the table), some segments null, and a
    real segment called '(none)'; an extra account with no activity."""
    rows = []
    for a in [*ids, "zz_quiet"]:
        if draw(st.booleans()) and draw(st.booleans()):  # about a quarter are missing
            continue
        rows.append({"account_id": a, "segment": draw(st.sampled_from(SEGMENTS)),
                     "plan": draw(st.sampled_from([None, "basic"])),
                     "created_at": T(2024, 1, 1), "acquisition_cost": None})
    return rows


# -- tables in the three shapes a user can give them --------------------------------------------
def arrow_tables(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pa.Table]:
    return {name: canonical(name, r) for name, r in rows.items()}


def pandas_tables(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pd.DataFrame]:
    """The rows as plain pandas DataFrames, built the way a user would (from records)."""
    from csm_kit.schema import TABLES

    return {name: pd.DataFrame.from_records(list(r), columns=list(TABLES[name].column_names))
            for name, r in rows.items()}


def with_time_zone(table: pa.Table, columns: Sequence[str], zone: str) -> pa.Table:
    """`table` with its naive (UTC) timestamp `columns` turned tz-aware in `zone`: the same
    instants, shown in another zone."""
    for name in columns:
        i = table.schema.get_field_index(name)
        utc = pc.assume_timezone(table.column(name), "UTC")
        table = table.set_column(i, pa.field(name, pa.timestamp("us", tz=zone)),
                                 utc.cast(pa.timestamp("us", tz=zone)))
    return table


# -- reading results back -----------------------------------------------------------------------
def day_of(value: Any) -> dt.date:
    """A period_start cell as a date, whatever its representation (date or Timestamp)."""
    return pd.Timestamp(value).date()


def as_float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def as_group(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def table_of(res: Any, by: Sequence[str] = ()) -> dict[tuple, float | None]:
    """{(metric, period_start date, *by): value or None}; each key once."""
    df = res.to_pandas()
    out: dict[tuple, float | None] = {}
    for rec in df.to_dict("records"):
        key = (rec["metric"], day_of(rec["period_start"]), *(as_group(rec[b]) for b in by))
        assert key not in out, f"duplicate row {key}"
        out[key] = as_float(rec["value"])
    return out
