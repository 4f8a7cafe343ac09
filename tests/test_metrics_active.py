"""Correctness of the six "active" metrics against a plain-Python oracle.

dau, wau, mau, daily_active_accounts, weekly_active_accounts and monthly_active_accounts are
checked against ``Oracle`` below, written only from the definitions (shared/METRICS.md and the
declarations' descriptions), never from the plugin's code:

* an event is active when its event_name is in ``active_events`` (None: every event); its day is
  the UTC date of occurred_at (a tz-aware instant is converted to UTC first);
* the oracle files each active event under (UTC day, group) in two sets: its user_id and its
  account_id; the group is None without ``by``, else the segment of the event's account (a null
  segment and an account missing from accounts are the one null group), so a user active in two
  accounts of different segments is in both groups and once overall;
* dau / daily_active_accounts: the number of distinct users / accounts of each day; at a coarser
  grain the mean over the bucket's days up to today (idle days count 0);
* wau, mau and the weekly / monthly accounts: the distinct users / accounts over the days of a
  window ending on the bucket's last day: ``calendar`` (default) from the Monday of that day's
  ISO week / the 1st of its month; ``rolling`` the 7 / 30 days ending on it, both ends included.

Hand-made rows pin the edges with literal numbers (each derivation in a comment); a seeded random
data set and hypothesis properties (containments of the windows, accounts vs users) cover the
rest. Tests taking ``make_kit`` run on DuckDB and on a real PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import csm_kit as ck
from tests.conftest import MakeKit, canonical
from tests.oracle_calendar import bucket_of, buckets, days_between, last_day
from tests.oracle_results import result
from tests.strategies import MONTHS, account_rows, around_a_month_end, event_rows, fast, instants

D = dt.date
T = dt.datetime
ONE_DAY = dt.timedelta(days=1)
END_OF_DAY = dt.time(23, 59, 59, 999999)
NY = "America/New_York"

USERS_METRICS = ("dau", "wau", "mau")
ACCOUNTS_METRICS = ("daily_active_accounts", "weekly_active_accounts", "monthly_active_accounts")
METRICS = (*USERS_METRICS, *ACCOUNTS_METRICS)
# metric -> (what is counted, the window's period; None: the mean of daily counts)
DEFINITION: dict[str, tuple[str, str | None]] = {
    "dau": ("users", None), "wau": ("users", "week"), "mau": ("users", "month"),
    "daily_active_accounts": ("accounts", None), "weekly_active_accounts": ("accounts", "week"),
    "monthly_active_accounts": ("accounts", "month"),
}
WINDOWED = [m for m in METRICS if DEFINITION[m][1] is not None]
ROLLING_DAYS = {"week": 7, "month": 30}

ACCOUNTS = [
    {"account_id": "a1", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a2", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a3", "segment": "ent", "created_at": T(2024, 1, 1)},
    {"account_id": "a4", "segment": None, "created_at": T(2024, 1, 1)},
    {"account_id": "a5", "segment": "mid", "created_at": T(2024, 1, 1)},  # no events at all
]  # "a9", used by some events, is missing from accounts: the null group, with a4
SEGMENT: dict[str, str | None] = {a["account_id"]: a["segment"] for a in ACCOUNTS}


def ev(user: str, account: str, at: Any, name: str = "login") -> dict[str, Any]:
    return {"user_id": user, "account_id": account, "occurred_at": at, "event_name": name}


def end_of(day: dt.date) -> dt.datetime:
    """The last microsecond of `day`."""
    return T.combine(day, END_OF_DAY)


# -- the definitions, in plain Python ---------------------------------------------------------

def utc_day(at: Any) -> dt.date:
    """The UTC date of an instant: a naive one is UTC already, an aware one is converted."""
    if getattr(at, "tzinfo", None) is not None:
        at = at.astimezone(dt.UTC)
    return at.date()


class Oracle:
    """Active users and accounts from event rows, per (UTC day, group)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]], active_events: Sequence[str] | None = None,
                 by_segment: bool = False, segments: Mapping[str, str | None] | None = None,
                 today: dt.date | None = None) -> None:
        self.segments = SEGMENT if segments is None else segments
        self.by_segment = by_segment
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.active: dict[tuple[dt.date, str | None], dict[str, set[str]]] = {}
        groups: set[str | None] = set(self.segments.values()) if by_segment else {None}
        for r in rows:
            group = self.group(r["account_id"])
            groups.add(group)
            if active_events is not None and r["event_name"] not in active_events:
                continue
            cell = self.active.setdefault((utc_day(r["occurred_at"]), group),
                                          {"users": set(), "accounts": set()})
            cell["users"].add(r["user_id"])
            cell["accounts"].add(r["account_id"])
        self.groups = sorted(groups, key=repr)

    def group(self, account: str) -> str | None:
        return self.segments.get(account) if self.by_segment else None

    def who(self, family: str, lo: dt.date, hi: dt.date, group: str | None) -> set[str]:
        """Distinct users or accounts active on a day from lo to hi, both included."""
        out: set[str] = set()
        for day in days_between(lo, hi):
            out |= self.active.get((day, group), {}).get(family, set())
        return out

    @staticmethod
    def window(period: str, last: dt.date, window: str) -> tuple[dt.date, dt.date]:
        """The days of the window ending on `last`."""
        if window == "rolling":
            return last - dt.timedelta(days=ROLLING_DAYS[period] - 1), last
        if period == "week":
            return last - dt.timedelta(days=last.isoweekday() - 1), last
        return D(last.year, last.month, 1), last

    def value(self, metric: str, b: dt.date, grain: str, group: str | None,
              window: str = "calendar") -> float:
        family, period = DEFINITION[metric]
        last = last_day(b, grain)
        if period is None:
            days = [d for d in days_between(b, last) if d <= self.today]
            return sum(len(self.who(family, d, d, group)) for d in days) / len(days)
        lo, hi = self.window(period, last, window)
        return float(len(self.who(family, lo, hi, group)))

    def expected(self, metric: str, grain: str, first: dt.date, last: dt.date,
                 window: str = "calendar") -> dict[tuple, float | None]:
        out: dict[tuple, float | None] = {}
        for b in buckets(first, last, grain):
            for g in self.groups:
                key = (b, g) if self.by_segment else (b,)
                out[key] = self.value(metric, b, grain, g, window)
        return out


# -- computing and reading back ----------------------------------------------------------------

def params_for(window: str | None = None, active_events: Sequence[str] | None = None,
               ) -> dict[str, dict[str, Any]]:
    """The params of the six metrics: `window` for the four that take one (the daily ones
    refuse it), `active_events` for all."""
    out: dict[str, dict[str, Any]] = {}
    for m in METRICS:
        p: dict[str, Any] = {}
        if window is not None and m in WINDOWED:
            p["window"] = window
        if active_events is not None:
            p["active_events"] = list(active_events)
        out[m] = p
    return out


def compute(kit: ck.Kit, grain: str, start: Any, end: Any, window: str | None = None,
            active_events: Sequence[str] | None = None, by: Sequence[str] = ()) -> Any:
    return kit.compute(list(METRICS), grain=grain, start=start, end=end, by=list(by),
                       params=params_for(window, active_events), strict=True)


def series(res: Any, metric: str) -> list[float | None]:
    """The metric's values in bucket order (no `by`)."""
    return [v for _, (v, _) in sorted(result(res, metric).items())]


def approx_list(xs: Sequence[float]) -> list[Any]:
    return [pytest.approx(x, rel=1e-9, abs=1e-12) for x in xs]


def check_all(res: Any, oracle: Oracle, grain: str, first: dt.date, last: dt.date,
              window: str = "calendar", by: Sequence[str] = (), what: str = "") -> None:
    """Every bucket/group of the six metrics equals the oracle; no bucket missing or extra; a
    count has no status (no benchmark)."""
    for metric in METRICS:
        got = result(res, metric, by)
        want = oracle.expected(metric, grain, first, last, window)
        label = f"{metric} {grain} {window} {list(by)} {what}"
        assert sorted(got, key=repr) == sorted(want, key=repr), f"{label}: buckets differ"
        bad = {k: (got[k][0], w) for k, w in want.items()
               if got[k][0] is None or w is None or got[k][0] != pytest.approx(w, rel=1e-9)}
        assert not bad, f"{label}: got vs expected {bad}"
        assert {s for _, s in got.values()} == {None}, label


# -- a user active in two accounts -----------------------------------------------------------

TWO_ACCOUNT_ROWS = [
    ev("u1", "a1", T(2025, 3, 5, 9, 0)),  # a1: smb
    ev("u1", "a3", T(2025, 3, 5, 15, 0)),  # the same user, same day, in a3: ent
    ev("u2", "a1", T(2025, 3, 12, 10, 0)),
]


def test_a_user_active_in_two_accounts(make_kit: MakeKit) -> None:
    kit = make_kit({"events": TWO_ACCOUNT_ROWS, "accounts": ACCOUNTS})
    res = compute(kit, "day", "2025-03-05", "2025-03-05")
    # one user but two accounts on Mar 5: there can be more active accounts than users
    assert [series(res, m) for m in METRICS] == [[1], [1], [1], [2], [2], [2]]

    res = compute(kit, "month", "2025-03-01", "2025-03-31")
    # users: u1 on Mar 5, u2 on Mar 12 -> 2 user-days over 31; accounts: a1 + a3 on Mar 5, a1 on
    # Mar 12 -> 3 account-days over 31; the week ending Mon Mar 31 is Mar 31 alone: nobody
    assert series(res, "dau") == approx_list([2 / 31])
    assert series(res, "daily_active_accounts") == approx_list([3 / 31])
    assert series(res, "wau") == [0] and series(res, "weekly_active_accounts") == [0]
    assert series(res, "mau") == [2] and series(res, "monthly_active_accounts") == [2]

    res = compute(kit, "month", "2025-03-01", "2025-03-31", by=["segment"])
    mau = result(res, "mau", ["segment"])
    maa = result(res, "monthly_active_accounts", ["segment"])
    dau = result(res, "dau", ["segment"])
    march = D(2025, 3, 1)
    # smb: u1 (through a1) and u2; ent: u1 again (through a3): 2 + 1 = 3 > 2 users overall
    assert {g: v for (_, g), (v, _) in mau.items()} == {"smb": 2, "ent": 1, "mid": 0, None: 0}
    # each account is in one segment: smb {a1}, ent {a3}
    assert {g: v for (_, g), (v, _) in maa.items()} == {"smb": 1, "ent": 1, "mid": 0, None: 0}
    assert dau[(march, "smb")][0] == pytest.approx(2 / 31)  # u1 Mar 5, u2 Mar 12
    assert dau[(march, "ent")][0] == pytest.approx(1 / 31)  # u1 Mar 5
    check_all(res, Oracle(TWO_ACCOUNT_ROWS, by_segment=True), "month", march, march,
              by=["segment"])


# -- the first and last instants of buckets, and a session across midnight ------------------

EDGE_ROWS = [
    ev("u1", "a1", T(2025, 3, 3, 0, 0, 0)),  # Mon 00:00:00: first instant of the week Mar 3-9
    ev("u2", "a2", end_of(D(2025, 3, 9))),  # Sun 23:59:59.999999: its last instant
    ev("u3", "a3", end_of(D(2025, 3, 2))),  # the last instant of the week before
    ev("u4", "a4", T(2025, 3, 10, 0, 0, 0)),  # the first instant of the week after
    ev("u5", "a1", T(2025, 3, 1, 0, 0, 0)),  # first instant of March
    ev("u6", "a2", end_of(D(2025, 3, 31))),  # last instant of March
    ev("u7", "a3", end_of(D(2025, 2, 28))),  # last instant of February
    ev("u8", "a4", T(2025, 4, 1, 0, 0, 0)),  # first instant of April
]


def test_first_and_last_instant_of_a_bucket(make_kit: MakeKit) -> None:
    kit = make_kit({"events": EDGE_ROWS})
    res = compute(kit, "week", "2025-03-03", "2025-03-09")
    # days Mar 3 (u1, a1) and Mar 9 (u2, a2) active: 2 / 7 for users and accounts alike
    assert series(res, "dau") == approx_list([2 / 7])
    assert series(res, "daily_active_accounts") == approx_list([2 / 7])
    # the week Mar 3..9: u1, u2 (u3 one microsecond before, u4 at 00:00 after)
    assert series(res, "wau") == [2] and series(res, "weekly_active_accounts") == [2]
    # the month of Sunday Mar 9, to Mar 9: u5 (a1), u3 (a3), u1 (a1), u2 (a2)
    assert series(res, "mau") == [4] and series(res, "monthly_active_accounts") == [3]
    res = compute(kit, "week", "2025-03-03", "2025-03-09", window="rolling")
    assert series(res, "wau") == [2] and series(res, "weekly_active_accounts") == [2]
    # Feb 8..Mar 9: u7 (a3), u5, u3, u1, u2 -> 5 users in a1, a2, a3
    assert series(res, "mau") == [5] and series(res, "monthly_active_accounts") == [3]

    res = compute(kit, "month", "2025-03-01", "2025-03-31")
    # one user (one account) on each of Mar 1, 2, 3, 9, 10, 31: 6 / 31
    assert series(res, "dau") == approx_list([6 / 31])
    assert series(res, "daily_active_accounts") == approx_list([6 / 31])
    # March: u5, u3, u1, u2, u4, u6 (not u7 on Feb 28 23:59:59.999999 nor u8 on Apr 1 00:00)
    assert series(res, "mau") == [6] and series(res, "monthly_active_accounts") == [4]
    # the ISO week holding Mon Mar 31, up to it: Mar 31 alone -> u6
    assert series(res, "wau") == [1] and series(res, "weekly_active_accounts") == [1]
    res = compute(kit, "month", "2025-03-01", "2025-03-31", window="rolling")
    # Mar 25..31: u6; Mar 2..31: u3, u1, u2, u4, u6 (u5 at Mar 1 00:00 is one day out)
    assert series(res, "wau") == [1] and series(res, "weekly_active_accounts") == [1]
    assert series(res, "mau") == [5] and series(res, "monthly_active_accounts") == [4]

    for window in ("calendar", "rolling"):
        res = compute(kit, "day", D(2025, 2, 27), D(2025, 3, 11), window=window)
        check_all(res, Oracle(EDGE_ROWS), "day", D(2025, 2, 27), D(2025, 3, 11), window)


SESSION_ROWS = [
    ev("u1", "a1", T(2025, 3, 4, 23, 50)),
    ev("u1", "a1", end_of(D(2025, 3, 4))),
    ev("u1", "a1", T(2025, 3, 5, 0, 0, 0)),
    ev("u1", "a1", T(2025, 3, 5, 0, 20)),  # one session, 23:50 to 00:20, across midnight
    ev("u2", "a2", T(2025, 3, 5, 0, 5)),
]


def test_a_session_across_midnight(make_kit: MakeKit) -> None:
    kit = make_kit({"events": SESSION_ROWS})
    res = compute(kit, "day", "2025-03-04", "2025-03-06")
    # u1 is active on Mar 4 and on Mar 5 (each event on its own UTC day); u2 on Mar 5
    assert series(res, "dau") == [1, 2, 0]
    assert series(res, "daily_active_accounts") == [1, 2, 0]
    assert series(res, "wau") == [1, 2, 2]  # the week from Mon Mar 3
    assert series(res, "mau") == [1, 2, 2]
    assert series(res, "monthly_active_accounts") == [1, 2, 2]
    res = compute(kit, "week", "2025-03-03", "2025-03-09")
    # 1 user on Mar 4 + 2 users on Mar 5 over the week's 7 days; 2 distinct users in the week
    assert series(res, "dau") == approx_list([3 / 7])
    assert series(res, "wau") == [2] and series(res, "weekly_active_accounts") == [2]


# -- rolling windows: a gap of exactly 7 and 30 days -----------------------------------------

GAP_ROWS = [
    ev("u1", "a1", T(2025, 3, 3, 0, 0, 0)),  # 6 days before Mar 9, 7 before Mar 10
    ev("u2", "a2", end_of(D(2025, 2, 8))),  # 29 days before Mar 9, 30 before Mar 10
    ev("u3", "a3", end_of(D(2025, 3, 9))),  # the day before the week from Mon Mar 10
    ev("u4", "a4", T(2025, 2, 15, 0, 0, 0)),  # first day of the 30 days ending Sun Mar 16
    ev("u5", "a4", end_of(D(2025, 2, 14))),  # the day before them
]


def test_rolling_gap_of_exactly_7_and_30_days(make_kit: MakeKit) -> None:
    kit = make_kit({"events": GAP_ROWS})
    res = compute(kit, "day", "2025-03-09", "2025-03-10", window="rolling")
    # 7 days ending Mar 9 = Mar 3..9: u1, u3; ending Mar 10 = Mar 4..10: u3 only (u1 is 7 days
    # back)
    assert series(res, "wau") == [2, 1]
    assert series(res, "weekly_active_accounts") == [2, 1]
    # 30 days ending Mar 9 = Feb 8..Mar 9: u2, u4, u5, u1, u3; ending Mar 10 = Feb 9..Mar 10:
    # u2 (30 days back) leaves; u4 and u5 share a4
    assert series(res, "mau") == [5, 4]
    assert series(res, "monthly_active_accounts") == [4, 3]
    res = compute(kit, "week", "2025-03-10", "2025-03-16", window="rolling")
    # the week from Mon Mar 10 ends Sun Mar 16: Mar 10..16 has nobody (u3 is at Mar 9 23:59:59.9)
    assert series(res, "wau") == [0]
    # Feb 15..Mar 16: u4 (Feb 15 00:00), u1, u3; not u5 (Feb 14 23:59:59.999999), not u2
    assert series(res, "mau") == [3] and series(res, "monthly_active_accounts") == [3]
    res = compute(kit, "day", "2025-03-09", "2025-03-10", window="calendar")
    # calendar: Mon Mar 10 starts a week; March to date has u1 and u3
    assert series(res, "wau") == [2, 0]
    assert series(res, "mau") == [2, 2]


# -- calendar windows ------------------------------------------------------------------------

RESET_ROWS = [
    ev("u4", "a4", T(2025, 1, 30, 12)),  # 29 days before Feb 28: in its rolling 30 days
    ev("u1", "a1", T(2025, 2, 28, 12)),  # Fri
    ev("u2", "a3", T(2025, 3, 1, 12)),  # Sat: March, same ISO week as Feb 28
    ev("u3", "a2", T(2025, 3, 3, 12)),  # Mon: a new week
]


def test_calendar_windows_reset_at_grain_day(make_kit: MakeKit) -> None:
    kit = make_kit({"events": RESET_ROWS})
    res = compute(kit, "day", "2025-02-28", "2025-03-04")  # Fri Feb 28 .. Tue Mar 4
    assert series(res, "dau") == [1, 1, 0, 1, 0]
    # the week to date: Feb 24..: u1, then u2 joins; resets on Monday Mar 3: u3
    assert series(res, "wau") == [1, 2, 2, 1, 1]
    assert series(res, "weekly_active_accounts") == [1, 2, 2, 1, 1]
    # the month to date: February u1; resets on Mar 1: u2, then u3 joins on Mar 3
    assert series(res, "mau") == [1, 1, 1, 2, 2]
    assert series(res, "monthly_active_accounts") == [1, 1, 1, 2, 2]
    # so on Mar 1 and 2 the calendar wau (2) is above the calendar mau (1): the week began in
    # February, the month on Saturday
    res = compute(kit, "day", "2025-02-28", "2025-03-04", window="rolling")
    # 7 days ending Feb 28 (Feb 22..): u1; Mar 1: u1, u2; Mar 3 (Feb 25..): u1, u2, u3
    assert series(res, "wau") == [1, 2, 2, 3, 3]
    # 30 days ending Feb 28 = Jan 30..Feb 28: u4, u1; from Mar 1 (Jan 31..) u4 is out
    assert series(res, "mau") == [2, 2, 2, 3, 3]
    assert series(res, "monthly_active_accounts") == [2, 2, 2, 3, 3]


MONTH_AT_WEEK_ROWS = [
    ev("u1", "a1", T(2025, 2, 25, 8)),  # Tue of the week Feb 24..Mar 2, in February
    ev("u2", "a2", T(2025, 3, 1, 8)),  # Sat of that week, in March
    ev("u3", "a1", T(2025, 3, 10, 8)),
    ev("u4", "a3", T(2025, 3, 31, 8)),  # Mon of the week Mar 31..Apr 6, in March
    ev("u5", "a3", end_of(D(2025, 4, 6))),  # its Sunday's last instant
    ev("u6", "a1", T(2025, 4, 7, 0)),  # after the range
]


def test_monthly_metrics_at_grain_week(make_kit: MakeKit) -> None:
    kit = make_kit({"events": MONTH_AT_WEEK_ROWS})
    res = compute(kit, "week", "2025-02-24", "2025-04-06")
    # weeks from Feb 24, Mar 3, 10, 17, 24, 31; each week's month window is the month of its
    # Sunday up to that Sunday: Mar 1..2, Mar 1..9, 1..16, 1..23, 1..30, Apr 1..6
    assert series(res, "mau") == [1, 1, 2, 2, 2, 1]  # u2; u2; u2 u3; ..; u5 (u4 is in March)
    assert series(res, "monthly_active_accounts") == [1, 1, 2, 2, 2, 1]  # a2; ..; a2 a1; ..; a3
    # the whole week: u1 u2; -; u3; -; -; u4 u5
    assert series(res, "wau") == [2, 0, 1, 0, 0, 2]
    assert series(res, "weekly_active_accounts") == [2, 0, 1, 0, 0, 1]  # u4 and u5 share a3
    assert series(res, "dau") == approx_list([2 / 7, 0, 1 / 7, 0, 0, 2 / 7])
    res = compute(kit, "week", "2025-02-24", "2025-04-06", window="rolling")
    # 30 days ending each Sunday: Jan 31..Mar 2: u1 u2; Feb 8..Mar 9: u1 u2; Feb 15..Mar 16 and
    # Feb 22..Mar 23: u1 u2 u3; Mar 1..Mar 30: u2 u3 (u1 on Feb 25 is out); Mar 8..Apr 6: u3 u4 u5
    assert series(res, "mau") == [2, 2, 3, 3, 2, 3]
    check_all(res, Oracle(MONTH_AT_WEEK_ROWS), "week", D(2025, 2, 24), D(2025, 4, 6), "rolling")


WEEK_AT_MONTH_ROWS = [
    ev("u1", "a1", T(2025, 2, 23, 12)),  # Sun before the ISO week of Fri Feb 28
    ev("u2", "a2", T(2025, 2, 24, 0, 0, 0)),  # Mon: that week's first instant
    ev("u9", "a2", end_of(D(2025, 2, 28))),  # February's last instant
    ev("u3", "a3", T(2025, 3, 1, 0, 0, 0)),  # Sat: same ISO week as Feb 28, but after it
    ev("u4", "a4", T(2025, 3, 30, 12)),  # Sun before Mon Mar 31
    ev("u5", "a1", end_of(D(2025, 3, 31))),
    ev("u6", "a2", T(2025, 4, 27, 12)),  # Sun before the week of Wed Apr 30
    ev("u1", "a1", T(2025, 4, 29, 12)),
    ev("u7", "a3", T(2025, 4, 30, 12)),
    ev("u8", "a4", T(2025, 5, 1, 0, 0, 0)),  # Thu: same ISO week as Apr 30, after the range
]


def test_weekly_metrics_at_grain_month(make_kit: MakeKit) -> None:
    kit = make_kit({"events": WEEK_AT_MONTH_ROWS})
    res = compute(kit, "month", "2025-02-01", "2025-04-30")
    # the ISO week holding the month's last day, up to it: Feb 24..28, Mar 31, Apr 28..30
    assert series(res, "wau") == [2, 1, 2]  # u2 u9; u5; u1 u7
    assert series(res, "weekly_active_accounts") == [1, 1, 2]  # a2; a1; a1 a3
    assert series(res, "mau") == [3, 3, 3]  # u1 u2 u9; u3 u4 u5; u6 u1 u7
    assert series(res, "dau") == approx_list([3 / 28, 3 / 31, 3 / 30])
    res = compute(kit, "month", "2025-02-01", "2025-04-30", window="rolling")
    # 7 days ending Feb 28 = Feb 22..: u1 u2 u9; Mar 25..31: u4 u5; Apr 24..30: u6 u1 u7
    assert series(res, "wau") == [3, 2, 3]
    # 30 days: Jan 30..Feb 28: 3; Mar 2..31: u4 u5 (u3 on Mar 1 out); Apr 1..30: 3
    assert series(res, "mau") == [3, 2, 3]


YEAR_ROWS = [
    ev("u5", "a1", T(2024, 6, 15, 12)),
    ev("u1", "a1", T(2024, 12, 1, 0, 0, 0)),  # first day of December
    ev("u2", "a1", T(2024, 12, 29, 12)),  # Sun before Mon Dec 30
    ev("u3", "a2", T(2024, 12, 30, 0, 0, 0)),  # Mon: the ISO week 2025-W01 begins
    ev("u4", "a1", T(2025, 1, 1, 12)),  # same ISO week, next year
    ev("u8", "a1", T(2025, 3, 1, 12)),
    ev("u7", "a1", T(2025, 3, 30, 12)),  # Sun before Mon Mar 31
    ev("u6", "a2", T(2025, 3, 31, 12)),  # Mon: the last day of Q1
    ev("u9", "a1", T(2025, 6, 29, 12)),  # Sun before Mon Jun 30, the last day of Q2
]


def test_quarter_and_year(make_kit: MakeKit) -> None:
    kit = make_kit({"events": YEAR_ROWS})
    res = compute(kit, "year", "2024-01-01", "2024-12-31")
    # 2024 (366 days) has active users on Jun 15, Dec 1, Dec 29, Dec 30
    assert series(res, "dau") == approx_list([4 / 366])
    # the ISO week of Tue Dec 31 up to it: Dec 30..31 -> u3 (u4 on Jan 1 is next year)
    assert series(res, "wau") == [1]
    assert series(res, "mau") == [3]  # December: u1 u2 u3
    assert series(res, "monthly_active_accounts") == [2]  # a1 a2
    res = compute(kit, "year", "2024-01-01", "2024-12-31", window="rolling")
    assert series(res, "wau") == [2]  # Dec 25..31: u2 u3
    assert series(res, "mau") == [2]  # Dec 2..31: u2 u3 (u1 on Dec 1 is out)

    res = compute(kit, "quarter", "2025-01-01", "2025-06-30")
    # Q1 (90 days): Jan 1, Mar 1, Mar 30, Mar 31; Q2 (91 days): Jun 29
    assert series(res, "dau") == approx_list([4 / 90, 1 / 91])
    # the ISO week to date of Mon Mar 31 / Mon Jun 30 is that Monday alone
    assert series(res, "wau") == [1, 0]
    assert series(res, "weekly_active_accounts") == [1, 0]
    assert series(res, "mau") == [3, 1]  # March: u8 u7 u6; June: u9
    assert series(res, "monthly_active_accounts") == [2, 1]
    res = compute(kit, "quarter", "2025-01-01", "2025-06-30", window="rolling")
    assert series(res, "wau") == [2, 1]  # Mar 25..31: u7 u6; Jun 24..30: u9
    assert series(res, "mau") == [2, 1]  # Mar 2..31: u7 u6 (u8 on Mar 1 out); Jun 1..30: u9
    assert series(res, "monthly_active_accounts") == [2, 1]
    first, last = D(2024, 10, 1), D(2025, 6, 30)
    check_all(compute(kit, "quarter", first, last), Oracle(YEAR_ROWS), "quarter", first, last)


# -- active_events, empty buckets, history before and events after the range ----------------

FILTER_ROWS = [
    ev("u1", "a1", T(2025, 3, 3, 9), "login"),
    ev("u2", "a2", T(2025, 3, 3, 9), "view"),
    ev("u3", "a1", T(2025, 3, 4, 9), "export"),
    ev("u2", "a2", T(2025, 3, 5, 9), "login"),
]


def test_active_events_filter(make_kit: MakeKit) -> None:
    kit = make_kit({"events": FILTER_ROWS})
    rng = ("day", "2025-03-03", "2025-03-05")
    res = compute(kit, *rng)
    assert series(res, "dau") == [2, 1, 1]  # every event is active
    assert series(res, "daily_active_accounts") == [2, 1, 1]
    assert series(res, "wau") == [2, 3, 3]
    assert series(res, "weekly_active_accounts") == [2, 2, 2]
    res = compute(kit, *rng, active_events=["login"])
    # logins: u1 (a1) on Mar 3, u2 (a2) on Mar 5
    assert series(res, "dau") == [1, 0, 1]
    assert series(res, "daily_active_accounts") == [1, 0, 1]
    assert series(res, "wau") == [1, 1, 2] and series(res, "mau") == [1, 1, 2]
    assert series(res, "weekly_active_accounts") == [1, 1, 2]
    assert series(res, "monthly_active_accounts") == [1, 1, 2]
    res = compute(kit, *rng, active_events=["view", "export"])
    # u2 (a2) views on Mar 3, u3 (a1) exports on Mar 4; u2's login on Mar 5 does not count
    assert series(res, "dau") == [1, 1, 0]
    assert series(res, "wau") == [1, 2, 2]
    assert series(res, "monthly_active_accounts") == [1, 2, 2]
    res = compute(kit, *rng, active_events=["purchase"])  # a name no event has
    assert [series(res, m) for m in METRICS] == [[0, 0, 0]] * 6
    res = compute(kit, "month", "2025-03-01", "2025-03-31", window="rolling",
                  active_events=["export"])
    assert series(res, "mau") == [1] and series(res, "dau") == approx_list([1 / 31])


EMPTY_ROWS = [ev("u1", "a1", T(2025, 1, 10, 12)), ev("u2", "a2", T(2025, 4, 20, 12))]


def test_empty_buckets_are_zero(make_kit: MakeKit) -> None:
    kit = make_kit({"events": EMPTY_ROWS})
    for grain, first, last, n in [("month", "2025-02-01", "2025-03-31", 2),
                                  ("week", "2025-02-10", "2025-03-30", 7)]:
        for window in ("calendar", "rolling"):
            # Jan 10 is 37 days before Feb 16, the earliest end of a window here; Apr 20 is
            # after the last one
            res = compute(kit, grain, first, last, window=window)
            for m in METRICS:
                assert series(res, m) == [0] * n, (m, grain, window)
    res = compute(kit, "month", "2025-01-01", "2025-04-30")
    assert series(res, "mau") == [1, 0, 0, 1]  # empty months are present, with 0 (not null)


HISTORY_ROWS = [
    ev("u1", "a1", T(2024, 10, 15, 12)),  # long before the range
    ev("u2", "a2", T(2025, 2, 10, 12)),
    ev("u3", "a3", T(2025, 3, 2, 12)),  # Sun
    ev("u4", "a4", T(2025, 3, 5, 12)),  # after the range
    ev("u5", "a1", T(2025, 3, 31, 12)),  # after the range
]


def test_history_before_the_range_and_events_after_it(make_kit: MakeKit) -> None:
    kit = make_kit({"events": HISTORY_ROWS})
    res = compute(kit, "day", "2025-03-03", "2025-03-04")
    assert sorted(result(res, "mau")) == [(D(2025, 3, 3),), (D(2025, 3, 4),)]
    assert series(res, "dau") == [0, 0]
    assert series(res, "wau") == [0, 0]  # the week from Mon Mar 3 has nobody yet
    assert series(res, "mau") == [1, 1]  # Mar 1..3: u3 (a day before the range)
    res = compute(kit, "day", "2025-03-03", "2025-03-04", window="rolling")
    assert series(res, "wau") == [1, 1]  # Feb 25..Mar 3 and Feb 26..Mar 4: u3
    assert series(res, "mau") == [2, 2]  # Feb 2..Mar 3, Feb 3..Mar 4: u2 u3; never u4, u5
    assert series(res, "monthly_active_accounts") == [2, 2]
    res = compute(kit, "month", "2025-01-01", "2025-02-28", window="rolling")
    assert series(res, "mau") == [0, 1]  # Jan 2..31: none; Jan 30..Feb 28: u2
    for window in ("calendar", "rolling"):
        res = compute(kit, "day", "2025-02-25", "2025-03-04", window=window)
        check_all(res, Oracle(HISTORY_ROWS), "day", D(2025, 2, 25), D(2025, 3, 4), window)


# -- tz-aware timestamps ----------------------------------------------------------------------

# New York local times; EST is UTC-5 until Mar 9, EDT UTC-4 after
TZ_LOCAL = [
    ("u5", "a1", "2025-02-28 18:59:59"),  # = Feb 28 23:59:59 UTC (Fri)
    ("u1", "a1", "2025-02-28 19:30:00"),  # = Mar 1 00:30 UTC (Sat)
    ("u2", "a2", "2025-03-02 20:00:00"),  # = Mar 3 01:00 UTC (Mon)
    ("u4", "a4", "2025-03-31 19:59:59"),  # = Mar 31 23:59:59 UTC (Mon)
    ("u3", "a3", "2025-03-31 20:30:00"),  # = Apr 1 00:30 UTC (Tue)
]


def tz_rows() -> list[dict[str, Any]]:
    return [ev(u, a, pd.Timestamp(at, tz=NY)) for u, a, at in TZ_LOCAL]


def tz_expectations(kit: ck.Kit) -> None:
    res = compute(kit, "month", "2025-02-01", "2025-04-30")
    # by UTC date: Feb u5; Mar u1 u2 u4; Apr u3 (by local date it would be 2, 2, 0)
    assert series(res, "mau") == [1, 3, 1]
    assert series(res, "dau") == approx_list([1 / 28, 3 / 31, 1 / 30])
    # the week of Fri Feb 28 to it: u5; Mar 31 alone: u4; Apr 28..30: nobody
    assert series(res, "wau") == [1, 1, 0]
    res = compute(kit, "day", "2025-03-01", "2025-03-03")
    assert series(res, "dau") == [1, 0, 1]
    assert series(res, "wau") == [2, 2, 1]  # Feb 24..: u5 u1; Mon Mar 3: u2
    assert series(res, "mau") == [1, 1, 2]  # Mar 1..: u1, then u2
    check_all(res, Oracle(tz_rows()), "day", D(2025, 3, 1), D(2025, 3, 3))


def test_tz_aware_arrow_timestamps(make_kit: MakeKit) -> None:
    rows = tz_rows()
    table = pa.table({
        "user_id": [r["user_id"] for r in rows], "account_id": [r["account_id"] for r in rows],
        "occurred_at": pa.array([r["occurred_at"] for r in rows], pa.timestamp("us", tz=NY)),
        "event_name": [r["event_name"] for r in rows],
    })
    tz_expectations(make_kit({"events": table}))


def test_tz_aware_pandas_timestamps() -> None:
    df = pd.DataFrame({
        "user_id": [u for u, _, _ in TZ_LOCAL], "account_id": [a for _, a, _ in TZ_LOCAL],
        "occurred_at": pd.to_datetime([at for _, _, at in TZ_LOCAL]).tz_localize(NY),
        "event_name": ["login"] * len(TZ_LOCAL),
    })
    dtype = df["occurred_at"].dtype
    assert isinstance(dtype, pd.DatetimeTZDtype) and str(dtype.tz) == NY
    tz_expectations(ck.connect(tables={"events": df}))


# -- today: days to come are not counted -----------------------------------------------------

def test_days_to_come_are_not_counted_in_the_daily_mean(make_kit: MakeKit) -> None:
    for _ in range(2):  # once more if the UTC date changed while computing
        today = dt.datetime.now(dt.UTC).date()
        kit = make_kit({"events": [ev("u1", "a1", T.combine(today, dt.time(0, 0)))]})
        month = D(today.year, today.month, 1)
        res = compute(kit, "month", month, today)
        if dt.datetime.now(dt.UTC).date() == today:
            break
    # one active user today, over the month's days up to today (today.day of them)
    assert series(res, "dau") == approx_list([1 / today.day])
    assert series(res, "daily_active_accounts") == approx_list([1 / today.day])
    assert series(res, "mau") == [1]


# -- seeded random events against the oracle -------------------------------------------------

def random_events(seed: int) -> list[dict[str, Any]]:
    """A few hundred events of 16 users over ~5 months; each user has a home account and some
    events in another one (a user active in two accounts); "a9" is missing from accounts."""
    rng = random.Random(seed)
    accounts = ["a1", "a2", "a3", "a4", "a9"]
    home = {f"u{i}": accounts[i % len(accounts)] for i in range(16)}
    names = ["login", "view", "export", "logout"]
    start = T(2024, 12, 1)
    span_days = (T(2025, 5, 1) - start).days
    rows = []
    for i in range(360):
        user = rng.choice(list(home))
        account = home[user] if rng.random() < 0.85 else rng.choice(accounts)
        day = start + dt.timedelta(days=rng.randrange(span_days))
        kind = i % 10
        if kind == 0:
            at = day
        elif kind == 1:
            at = day + dt.timedelta(hours=23, minutes=59, seconds=59, microseconds=999999)
        else:
            at = day + dt.timedelta(seconds=rng.randrange(86400))
        rows.append(ev(user, account, at, rng.choice(names)))
    return rows


RANDOM_RUNS = [
    ("day", D(2025, 2, 20), D(2025, 3, 10)),
    ("week", D(2025, 1, 1), D(2025, 5, 4)),
    ("month", D(2025, 1, 1), D(2025, 5, 31)),
    ("quarter", D(2025, 1, 1), D(2025, 6, 30)),
]


@pytest.mark.parametrize("seed", [7])
def test_random_events_against_the_oracle(make_kit: MakeKit, backend: str, seed: int) -> None:
    rows = random_events(seed)
    kit = make_kit({"events": rows, "accounts": ACCOUNTS})
    for grain, first, last in RANDOM_RUNS:
        for by in ([], ["segment"]):
            oracle = Oracle(rows, by_segment=bool(by))
            for window in ("calendar", "rolling"):
                # every combination on DuckDB; on PostgreSQL (slower to run) each grain once
                # without `by` (calendar) and once by segment (rolling)
                if backend == "postgres" and (window == "rolling") != bool(by):
                    continue
                res = compute(kit, grain, first, last, window=window, by=by)
                check_all(res, oracle, grain, first, last, window, by, f"seed {seed}")
    names = ["login", "export"]
    for grain, first, last in RANDOM_RUNS[:3:2]:  # day and month
        res = compute(kit, grain, first, last, window="rolling", active_events=names,
                      by=["segment"])
        check_all(res, Oracle(rows, names, by_segment=True), grain, first, last, "rolling",
                  ["segment"], f"seed {seed} {names}")


# -- properties --------------------------------------------------------------------------------

def values(res: Any, metric: str) -> dict[dt.date, float]:
    out = {}
    for (b,), (v, _) in result(res, metric).items():
        assert v is not None, f"{metric} {b}: a count is never null"
        out[b] = v
    return out


@fast(6)
@given(data=st.data(), month=st.sampled_from(MONTHS[1:]),
       window=st.sampled_from(["calendar", "rolling"]))
def test_window_containment_at_grain_day(data: st.DataObject, month: dt.date,
                                         window: str) -> None:
    at = st.one_of(around_a_month_end(month), instants)
    rows = data.draw(event_rows(max_size=20, at=at))  # each user in one account
    first, last = month - dt.timedelta(days=9), month + dt.timedelta(days=3)
    kit = ck.connect(tables={"events": canonical("events", rows)})
    res = compute(kit, "day", first, last, window=window)
    check_all(res, Oracle(rows), "day", first, last, window)
    for daily, weekly, monthly in (USERS_METRICS, ACCOUNTS_METRICS):
        d, w, m = values(res, daily), values(res, weekly), values(res, monthly)
        for day in days_between(first, last):
            assert d[day] <= w[day] and d[day] <= m[day], (daily, day)
            if window == "rolling" or bucket_of(day, "week") >= bucket_of(day, "month"):
                assert w[day] <= m[day], (weekly, monthly, day)  # the week within the month
            else:
                assert m[day] <= w[day], (weekly, monthly, day)  # the month within the week
    for users, accts in zip(USERS_METRICS, ACCOUNTS_METRICS, strict=True):
        u, a = values(res, users), values(res, accts)
        assert all(a[b] <= u[b] for b in u), (users, accts)  # one account per user here


@fast(5)
@given(rows=event_rows(max_size=20), accounts=account_rows(),
       grain=st.sampled_from(["week", "month", "quarter"]),
       window=st.sampled_from(["calendar", "rolling"]), mixed=st.booleans())
def test_groups_and_accounts_vs_users_at_coarse_grains(
    rows: list[dict[str, Any]], accounts: list[dict[str, Any]], grain: str, window: str,
    mixed: bool,
) -> None:
    if mixed:  # some users also active in another account: they count in each group
        rows = [*rows, *({**r, "account_id": "a5"} for r in rows[::3])]
    first, last = MONTHS[0], D(2025, 4, 30)
    kit = ck.connect(tables={"events": canonical("events", rows),
                             "accounts": canonical("accounts", accounts)})
    segments = {a["account_id"]: a["segment"] for a in accounts}
    overall = compute(kit, grain, first, last, window=window)
    split = compute(kit, grain, first, last, window=window, by=["segment"])
    check_all(split, Oracle(rows, by_segment=True, segments=segments), grain, first, last,
              window, ["segment"])
    for metric in METRICS:
        total = values(overall, metric)
        summed: dict[dt.date, float] = {}
        for (b, _), (v, _) in result(split, metric, ["segment"]).items():
            summed[b] = summed.get(b, 0.0) + (v or 0.0)
        for b, v in total.items():
            if DEFINITION[metric][0] == "accounts":  # an account is in exactly one group
                assert summed[b] == pytest.approx(v), (metric, b)
            else:  # a user in two groups counts in each: the groups add up to at least the total
                assert summed[b] >= v - 1e-9, (metric, b)
    if not mixed:
        for users, accts in zip(USERS_METRICS, ACCOUNTS_METRICS, strict=True):
            u, a = values(overall, users), values(overall, accts)
            assert all(a[b] <= u[b] + 1e-12 for b in u), (users, accts)
    w, m = values(overall, "wau"), values(overall, "mau")
    if window == "rolling" or grain != "week":  # a month's or quarter's last week is in its month
        assert all(w[b] <= m[b] for b in w)
