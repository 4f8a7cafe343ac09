"""Correctness of the adoption metrics (adoption_rate, avg_time_on_platform,
onboarding_engagement_rate, time_to_value) against plain-Python oracles.

The oracles are written from the words of the definitions (issue 8, batch B, with the common
rules of batch A: buckets [start, next start), `by=["segment"]` with one null group for a null
segment or an account missing from accounts, empty buckets null, durations in hours to the
microsecond, median = PERCENTILE_CONT(0.5)). They loop over the same plain rows with sets, lists
and dicts:

* adoption_rate: per bucket (and group: the segment of each event's account), the users (or
  accounts) with an active event, and those of them with an event whose feature is a key
  feature (any non-null feature by default), as a share; null when nobody is active;
* avg_time_on_platform: sessions in the bucket of their started_at, whole; total hours over the
  distinct users (or over the sessions with per="session"); null when none;
* onboarding_engagement_rate: accounts in the bucket of their created_at; an account completed
  when every step has an event with created_at <= t < created_at + days; completed / accounts;
* time_to_value: accounts in the bucket of their created_at; hours to the first value event at
  or after created_at; median or mean over those that reached it, or the share that did not.

They share no code with the Ibis formulas in plugins/. Each test runs on DuckDB and on a real
PostgreSQL (``make_kit``), except the tz-aware case, which reads pandas frames on DuckDB.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pytest

import csm_kit as ck
from tests.conftest import MakeKit
from tests.oracle_calendar import bucket_of, buckets
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime
HOUR = dt.timedelta(hours=1)
DAYS = dt.timedelta(days=1)
US = dt.timedelta(microseconds=1)
H_US = 1e-6 / 3600  # one microsecond, in hours

Row = dict[str, Any]
Key = tuple[Any, ...]
Expected = dict[Key, float | None]

STEPS = ["onboarding_step_1", "onboarding_step_2", "onboarding_step_3"]
S1, S2, S3 = STEPS
VALUE = "integration_connected"
BY = ["segment"]


def no_status(v: float | None) -> None:
    """None of these metrics has a band: the status is always None."""
    return None


# -- rows -------------------------------------------------------------------------------------

def ev(user: str, account: str, at: dt.datetime, name: str = "login",
       feature: str | None = None) -> Row:
    return {"user_id": user, "account_id": account, "occurred_at": at, "event_name": name,
            "feature": feature}


def sess(sid: str, user: str, account: str, start: dt.datetime, end: dt.datetime) -> Row:
    return {"session_id": sid, "user_id": user, "account_id": account, "started_at": start,
            "ended_at": end}


def acct(account: str, segment: str | None, created: dt.datetime) -> Row:
    return {"account_id": account, "segment": segment, "created_at": created}


# a1 smb, a2 ent, a3 null segment, a4 mid (never used); "zz" is in no accounts table
ACCOUNTS = [acct("a1", "smb", T(2024, 1, 1)), acct("a2", "ent", T(2024, 1, 1)),
            acct("a3", None, T(2024, 1, 1)), acct("a4", "mid", T(2024, 1, 1))]


# -- the definitions, in plain Python ---------------------------------------------------------

def hours(lo: dt.datetime, hi: dt.datetime) -> float:
    return (hi - lo).total_seconds() / 3600


def median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def group_list(accounts: Sequence[Row]) -> list[str | None]:
    return sorted({a["segment"] for a in accounts}, key=repr)


def table(grain: str, first: dt.date, last: dt.date, groups: list[str | None] | None,
          value: Callable[[dt.date, str | None], float | None]) -> Expected:
    """{(bucket[, group]): value(bucket, group)} over every bucket and group; groups None = no by."""
    out: Expected = {}
    for b in buckets(first, last, grain):
        for g in groups if groups is not None else [None]:
            out[(b, g) if groups is not None else (b,)] = value(b, g)
    return out


def adoption_oracle(events: Sequence[Row], accounts: Sequence[Row], grain: str, first: dt.date,
                    last: dt.date, by_segment: bool = False, *,
                    key_features: Sequence[str] | None = None, level: str = "user",
                    active_events: Sequence[str] | None = None) -> Expected:
    segment = {a["account_id"]: a["segment"] for a in accounts}
    who = "user_id" if level == "user" else "account_id"
    active: dict[Key, set[str]] = defaultdict(set)
    used: dict[Key, set[str]] = defaultdict(set)
    for e in events:
        # a missing account's events are in the null group
        key = (bucket_of(e["occurred_at"].date(), grain),
               segment.get(e["account_id"]) if by_segment else None)
        if active_events is None or e["event_name"] in active_events:
            active[key].add(e[who])
        feature = e.get("feature")
        if feature is not None and (key_features is None or feature in key_features):
            used[key].add(e[who])  # any event_name

    def value(b: dt.date, g: str | None) -> float | None:
        act = active[(b, g)]
        return len(act & used[(b, g)]) / len(act) if act else None

    return table(grain, first, last, group_list(accounts) if by_segment else None, value)


def time_on_platform_oracle(sessions: Sequence[Row], accounts: Sequence[Row], grain: str,
                            first: dt.date, last: dt.date, by_segment: bool = False, *,
                            per: str = "user") -> Expected:
    segment = {a["account_id"]: a["segment"] for a in accounts}
    durations: dict[Key, list[float]] = defaultdict(list)
    users: dict[Key, set[str]] = defaultdict(set)
    for s in sessions:
        key = (bucket_of(s["started_at"].date(), grain),  # wholly where it started
               segment.get(s["account_id"]) if by_segment else None)
        durations[key].append(hours(s["started_at"], s["ended_at"]))
        users[key].add(s["user_id"])

    def value(b: dt.date, g: str | None) -> float | None:
        ds = durations[(b, g)]
        if not ds:
            return None
        return sum(ds) / (len(users[(b, g)]) if per == "user" else len(ds))

    return table(grain, first, last, group_list(accounts) if by_segment else None, value)


def onboarding_oracle(events: Sequence[Row], accounts: Sequence[Row], grain: str,
                      first: dt.date, last: dt.date, by_segment: bool = False, *,
                      steps: Sequence[str] = tuple(STEPS), days: int = 30) -> Expected:
    started: dict[Key, int] = defaultdict(int)
    completed: dict[Key, int] = defaultdict(int)
    for a in accounts:  # only accounts of the accounts table are bucketed
        lo = a["created_at"]
        hi = lo + dt.timedelta(days=days)
        done = {e["event_name"] for e in events
                if e["account_id"] == a["account_id"] and lo <= e["occurred_at"] < hi}
        key = (bucket_of(lo.date(), grain), a["segment"] if by_segment else None)
        started[key] += 1
        completed[key] += set(steps) <= done

    def value(b: dt.date, g: str | None) -> float | None:
        n = started[(b, g)]
        return completed[(b, g)] / n if n else None

    return table(grain, first, last, group_list(accounts) if by_segment else None, value)


def time_to_value_of(events: Sequence[Row], account: Row, value_event: str) -> float | None:
    """Hours from created_at to the first `value_event` at or after it; None: not reached."""
    times = [e["occurred_at"] for e in events
             if e["account_id"] == account["account_id"] and e["event_name"] == value_event
             and e["occurred_at"] >= account["created_at"]]
    return hours(account["created_at"], min(times)) if times else None


def ttv_oracle(events: Sequence[Row], accounts: Sequence[Row], grain: str, first: dt.date,
               last: dt.date, by_segment: bool = False, *, value_event: str = VALUE,
               statistic: str = "median", measure: str = "time") -> Expected:
    started: dict[Key, int] = defaultdict(int)
    reached: dict[Key, list[float]] = defaultdict(list)
    for a in accounts:
        key = (bucket_of(a["created_at"].date(), grain), a["segment"] if by_segment else None)
        started[key] += 1
        ttv = time_to_value_of(events, a, value_event)
        if ttv is not None:
            reached[key].append(ttv)

    def value(b: dt.date, g: str | None) -> float | None:
        n, xs = started[(b, g)], reached[(b, g)]
        if measure == "not_reached":
            return (n - len(xs)) / n if n else None
        if not xs:
            return None
        return median(xs) if statistic == "median" else sum(xs) / len(xs)

    return table(grain, first, last, group_list(accounts) if by_segment else None, value)


def assert_same(hand: Expected, oracle: Expected) -> None:
    """The hand-derived numbers and the oracle's agree (so the oracle is checked too)."""
    assert sorted(hand, key=repr) == sorted(oracle, key=repr)
    for k, v in hand.items():
        w = oracle[k]
        assert (v is None) == (w is None), k
        if v is not None:
            assert w == pytest.approx(v, rel=1e-12, abs=1e-15), k


JAN, FEB, MAR, APR = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)
GROUPS = group_list(ACCOUNTS)  # [None, 'ent', 'mid', 'smb']


def by_groups(values: dict[Key, float | None], buckets_: Sequence[dt.date]) -> Expected:
    """Every (bucket, group) null, except the ones given."""
    out: Expected = {(b, g): None for b in buckets_ for g in GROUPS}
    out.update(values)
    return out


# -- adoption_rate ------------------------------------------------------------------------------

ADOPTION_EVENTS = [
    ev("u1", "a1", T(2025, 1, 3, 10), "login"),  # 1: null feature: active, not a key feature
    ev("u1", "a2", T(2025, 1, 4), "view", "reports"),  # 2: u1 again, in another segment (ent)
    ev("u2", "a1", T(2025, 1, 5), "login"),  # 3
    ev("u2", "a1", T(2025, 1, 31, 23, 59, 59), "export", "api"),  # 4: last second of January
    ev("u3", "a2", T(2025, 1, 10), "login"),  # 5
    ev("u4", "zz", T(2025, 1, 12), "view", "billing"),  # 6: account missing from accounts
    ev("u5", "a3", T(2025, 1, 15), "login"),  # 7: null segment
    ev("u6", "a1", T(2025, 1, 20), "view", "reports"),  # 8
    # February: no event at all
    ev("u7", "a2", T(2025, 3, 1, 0, 0, 0), "login"),  # 9
    ev("u7", "a2", T(2025, 3, 31, 23, 59, 59), "view", "reports"),  # 10
    ev("u8", "a2", T(2025, 3, 15), "view"),  # 11
    ev("u8", "a2", T(2025, 4, 1, 0, 0, 0), "view", "api"),  # 12: April, not March
]


def test_adoption_rate_hand_made(make_kit: MakeKit) -> None:
    kit = make_kit({"events": ADOPTION_EVENTS, "accounts": ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-04-30"}
    cases: list[tuple[dict[str, Any], Expected]] = [
        # Jan: active u1..u6 (6); with a non-null feature u1 (2), u2 (4), u4 (6), u6 (8) -> 4/6.
        # Feb: nobody active -> null. Mar: u7, u8 active, u7 has 'reports' -> 1/2 (u8's 'api' is
        # on Apr 1). Apr: u8, with 'api' -> 1
        ({}, {(JAN,): 4 / 6, (FEB,): None, (MAR,): 1 / 2, (APR,): 1.0}),
        # only reports/api: u4's 'billing' no longer counts -> Jan 3/6
        ({"key_features": ["reports", "api"]}, {(JAN,): 3 / 6, (FEB,): None, (MAR,): 1 / 2,
                                                (APR,): 1.0}),
        # only billing: Jan u4 -> 1/6; Mar, Apr: people active, none on it -> 0, not null
        ({"key_features": ["billing"]}, {(JAN,): 1 / 6, (FEB,): None, (MAR,): 0.0, (APR,): 0.0}),
        # active = login: Jan u1, u2, u3, u5; u1 (its 'view' on reports) and u2 (its 'export' on
        # api) used a key feature with events of any name -> 2/4; u4 and u6 (views only) are in
        # neither count. Mar: u7 -> 1. Apr: nobody logged in -> null
        ({"active_events": ["login"]}, {(JAN,): 2 / 4, (FEB,): None, (MAR,): 1.0, (APR,): None}),
        # accounts: Jan a1, a2, a3, zz active; a2 (2), a1 (4, 8), zz (6) on features -> 3/4
        ({"level": "account"}, {(JAN,): 3 / 4, (FEB,): None, (MAR,): 1.0, (APR,): 1.0}),
        ({"level": "user"}, {(JAN,): 4 / 6, (FEB,): None, (MAR,): 1 / 2, (APR,): 1.0}),
        # accounts with a login: a1, a2, a3 (zz only viewed); a1 and a2 on reports/api -> 2/3
        ({"level": "account", "active_events": ["login"], "key_features": ["reports", "api"]},
         {(JAN,): 2 / 3, (FEB,): None, (MAR,): 1.0, (APR,): None}),
    ]
    for params, expected in cases:
        res = kit.compute(["adoption_rate"], **rng, params={"adoption_rate": params})
        check(res, "adoption_rate", expected, no_status, what=str(params))
        assert_same(expected, adoption_oracle(ADOPTION_EVENTS, ACCOUNTS, "month", JAN,
                                              D(2025, 4, 30), **params))

    # quarter: Q1 active u1..u8 (8), key u1, u2, u4, u6, u7 (u8's only feature is in Q2) -> 5/8
    res = kit.compute(["adoption_rate"], grain="quarter", start="2025-01-01", end="2025-06-30")
    check(res, "adoption_rate", {(JAN,): 5 / 8, (APR,): 1.0}, no_status)


def test_adoption_rate_by_segment(make_kit: MakeKit) -> None:
    kit = make_kit({"events": ADOPTION_EVENTS, "accounts": ACCOUNTS})
    res = kit.compute(["adoption_rate"], grain="month", start="2025-01-01", end="2025-04-30",
                      by=BY)
    # Jan smb (a1: events 1, 3, 4, 8): active u1, u2, u6; key u2, u6 -> 2/3. u1 is judged in smb
    # on its a1 events only (a login), and in ent on its a2 events (reports).
    # Jan ent (a2: 2, 5): u1, u3; key u1 -> 1/2. Jan null group (a3 null segment + zz missing:
    # 6, 7): u4, u5; key u4 -> 1/2. mid: nobody -> null. Mar ent: u7, u8; key u7 -> 1/2.
    # Apr ent: u8 -> 1. Every other bucket/group: null
    expected = by_groups({(JAN, "smb"): 2 / 3, (JAN, "ent"): 1 / 2, (JAN, None): 1 / 2,
                          (MAR, "ent"): 1 / 2, (APR, "ent"): 1.0}, [JAN, FEB, MAR, APR])
    check(res, "adoption_rate", expected, no_status, by=BY)
    assert_same(expected, adoption_oracle(ADOPTION_EVENTS, ACCOUNTS, "month", JAN,
                                          D(2025, 4, 30), True))

    # accounts: Jan smb a1 (key via 4, 8) -> 1; ent a2 -> 1; null group a3 (no feature) and zz
    # (billing) -> 1/2
    res = kit.compute(["adoption_rate"], grain="month", start="2025-01-01", end="2025-01-31",
                      by=BY, params={"adoption_rate": {"level": "account"}})
    check(res, "adoption_rate", by_groups({(JAN, "smb"): 1.0, (JAN, "ent"): 1.0,
                                           (JAN, None): 1 / 2}, [JAN]), no_status, by=BY)

    # quarter: Q1 ent (2, 5, 9, 10, 11): u1, u3, u7, u8; key u1, u7 -> 2/4
    res = kit.compute(["adoption_rate"], grain="quarter", start="2025-01-01", end="2025-06-30",
                      by=BY)
    check(res, "adoption_rate", by_groups({(JAN, "smb"): 2 / 3, (JAN, "ent"): 2 / 4,
                                           (JAN, None): 1 / 2, (APR, "ent"): 1.0}, [JAN, APR]),
          no_status, by=BY)


# -- avg_time_on_platform -----------------------------------------------------------------------

SESSIONS = [
    # across midnight and the month edge: 2.5 h, wholly on Jan 31 / in January
    sess("s1", "u1", "a1", T(2025, 1, 31, 23, 0), T(2025, 2, 1, 1, 30)),
    sess("s2", "u1", "a2", T(2025, 1, 10, 10, 0), T(2025, 1, 10, 11, 0)),  # u1 in ent too: 1 h
    sess("s3", "u2", "a1", T(2025, 1, 10, 9, 0), T(2025, 1, 10, 9, 0)),  # zero length: 0 h
    sess("s4", "u2", "a1", T(2025, 2, 1, 0, 0), T(2025, 2, 1, 0, 45)),  # 0.75 h
    sess("s5", "u3", "zz", T(2025, 2, 3, 12, 0), T(2025, 2, 3, 13, 20)),  # 4/3 h, missing account
    # across the quarter edge: 1 h, wholly in March / Q1
    sess("s6", "u4", "a3", T(2025, 3, 31, 23, 59, 59), T(2025, 4, 1, 0, 59, 59)),
    sess("s7", "u2", "a1", T(2025, 2, 14, 9, 0), T(2025, 2, 14, 10, 0)),  # 1 h
    sess("s8", "u5", "a2", T(2025, 2, 2, 10, 0), T(2025, 2, 2, 10, 0) + US),  # one microsecond
]


def test_avg_time_on_platform_hand_made(make_kit: MakeKit) -> None:
    kit = make_kit({"sessions": SESSIONS, "accounts": ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-04-30"}
    feb_total = 0.75 + 4 / 3 + 1.0 + H_US  # s4, s5, s7, s8
    # Jan: s1 2.5 + s2 1 + s3 0 = 3.5 h; users u1 (two accounts, counted once), u2 (its only
    # January session lasts 0 h, still a user with a session) -> 3.5 / 2. Feb: u2, u3, u5 -> / 3.
    # Mar: s6 (u4) 1 h -> 1. Apr: no session started (s6 only ends there) -> null
    per_user = {(JAN,): 3.5 / 2, (FEB,): feb_total / 3, (MAR,): 1.0, (APR,): None}
    # per session: Jan 3 sessions, Feb 4, Mar 1
    per_session = {(JAN,): 3.5 / 3, (FEB,): feb_total / 4, (MAR,): 1.0, (APR,): None}
    for params, expected in [({}, per_user), ({"per": "user"}, per_user),
                             ({"per": "session"}, per_session)]:
        res = kit.compute(["avg_time_on_platform"], **rng,
                          params={"avg_time_on_platform": params})
        check(res, "avg_time_on_platform", expected, no_status, what=str(params))
        assert_same(expected, time_on_platform_oracle(SESSIONS, ACCOUNTS, "month", JAN,
                                                      D(2025, 4, 30), **params))

    # days: Jan 30 none -> null; Jan 31 s1 wholly (2.5); Feb 1 s4 only (0.75); Feb 2 s8: one
    # microsecond, to the microsecond (a seconds-only difference would give 0); Feb 3 s5 (4/3)
    res = kit.compute(["avg_time_on_platform"], grain="day", start="2025-01-30", end="2025-02-03")
    check(res, "avg_time_on_platform",
          {(D(2025, 1, 30),): None, (D(2025, 1, 31),): 2.5, (FEB,): 0.75, (D(2025, 2, 2),): H_US,
           (D(2025, 2, 3),): 4 / 3}, no_status)

    # ISO weeks: Mon Jan 27 .. Sun Feb 2: s1 (u1), s4 (u2), s8 (u5) -> (2.5 + 0.75 + 1 us) / 3;
    # Feb 3..9: s5 -> 4/3; Feb 10..16: s7 -> 1; Feb 17..23: none -> null
    res = kit.compute(["avg_time_on_platform"], grain="week", start="2025-01-27",
                      end="2025-02-23")
    check(res, "avg_time_on_platform",
          {(D(2025, 1, 27),): (3.25 + H_US) / 3, (D(2025, 2, 3),): 4 / 3, (D(2025, 2, 10),): 1.0,
           (D(2025, 2, 17),): None}, no_status)

    # quarters: Q1 all 8 sessions (s6 started on Mar 31), 5 users; Q2 none -> null
    q1_total = 3.5 + feb_total + 1.0
    res = kit.compute(["avg_time_on_platform"], grain="quarter", start="2025-01-01",
                      end="2025-06-30")
    check(res, "avg_time_on_platform", {(JAN,): q1_total / 5, (APR,): None}, no_status)
    res = kit.compute(["avg_time_on_platform"], grain="quarter", start="2025-01-01",
                      end="2025-06-30", params={"avg_time_on_platform": {"per": "session"}})
    check(res, "avg_time_on_platform", {(JAN,): q1_total / 8, (APR,): None}, no_status)


def test_avg_time_on_platform_by_segment(make_kit: MakeKit) -> None:
    kit = make_kit({"sessions": SESSIONS, "accounts": ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-04-30", "by": BY}
    res = kit.compute(["avg_time_on_platform"], **rng)
    # Jan smb (a1): s1 u1 2.5 + s3 u2 0 -> 2.5 / 2; ent (a2): s2 u1 1 -> 1 (u1 counts in both).
    # Feb smb: s4 + s7, both u2 -> 1.75 / 1; ent: s8 -> 1 us; null group: s5 of zz (missing) ->
    # 4/3. Mar null group: s6 of a3 (null segment) -> 1. The rest: null
    per_user = {(JAN, "smb"): 1.25, (JAN, "ent"): 1.0, (FEB, "smb"): 1.75, (FEB, "ent"): H_US,
                (FEB, None): 4 / 3, (MAR, None): 1.0}
    expected = by_groups(per_user, [JAN, FEB, MAR, APR])
    check(res, "avg_time_on_platform", expected, no_status, by=BY)
    assert_same(expected, time_on_platform_oracle(SESSIONS, ACCOUNTS, "month", JAN,
                                                  D(2025, 4, 30), True))
    res = kit.compute(["avg_time_on_platform"], **rng,
                      params={"avg_time_on_platform": {"per": "session"}})
    # per session, Feb smb is 1.75 over 2 sessions
    check(res, "avg_time_on_platform", by_groups({**per_user, (FEB, "smb"): 0.875},
                                                 [JAN, FEB, MAR, APR]), no_status, by=BY)


def test_session_ending_before_it_started_is_a_data_quality_error(make_kit: MakeKit) -> None:
    sessions = [
        sess("k1", "u1", "a1", T(2025, 3, 3, 10), T(2025, 3, 3, 11)),  # 1 h
        sess("k2", "u2", "a1", T(2025, 3, 4, 10), T(2025, 3, 4, 9, 59, 59)),  # ends 1 s early
        sess("k3", "u3", "a2", T(2025, 3, 5, 10), T(2025, 3, 5, 10)),  # equal: fine
    ]
    events = [ev("u1", "a1", T(2025, 3, 3), "login"), ev("u1", "a1", T(2025, 3, 3), "view", "api"),
              ev("u2", "a1", T(2025, 3, 4), "login")]
    kit = make_kit({"sessions": sessions, "events": events})
    rng = {"grain": "month", "start": "2025-03-01", "end": "2025-03-31"}
    ids = ["avg_time_on_platform", "adoption_rate"]
    with pytest.raises(ck.DataQualityError, match=r"sessions\.ended_at"):
        kit.compute(ids, **rng, strict=True)
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(ids, **rng)
    assert isinstance(res.errors["avg_time_on_platform"], ck.DataQualityError)
    assert "sessions.ended_at" in str(res.errors["avg_time_on_platform"])
    assert "adoption_rate" not in res.errors
    assert set(res.to_pandas().metric) == {"adoption_rate"}
    check(res, "adoption_rate", {(MAR,): 1 / 2}, no_status)  # u1, u2 active; u1 on api

    # without the bad row it computes: k1 1 h + k3 0 h over u1, u3 -> 0.5
    kit = make_kit({"sessions": [sessions[0], sessions[2]], "events": events})
    res = kit.compute(ids, **rng, strict=True)
    check(res, "avg_time_on_platform", {(MAR,): 0.5}, no_status)


# -- onboarding_engagement_rate -----------------------------------------------------------------

ONB_ACCOUNTS = [
    acct("b0", "smb", T(2024, 12, 31, 23, 59, 59)),  # December (Q4 2024)
    acct("b1", "smb", T(2025, 1, 1)),
    acct("b2", "smb", T(2025, 1, 10, 12)),
    acct("b3", "ent", T(2025, 1, 10, 12)),
    acct("b4", "ent", T(2025, 1, 20)),
    acct("b5", None, T(2025, 1, 25)),
    acct("b6", "mid", T(2025, 2, 5, 8)),
    acct("b7", "mid", T(2025, 2, 20)),
]
ONB_EVENTS = [
    *[ev("w0", "b0", T(2025, 1, 1, 10), s) for s in STEPS],  # b0: done, 10 h after its start
    # b1: out of order (3, 1, 2); the last on day 28 at 23:59:59 -> done within 29 and 30 days
    ev("w1", "b1", T(2025, 1, 2, 9), S3), ev("w1", "b1", T(2025, 1, 3, 9), S1),
    ev("w1", "b1", T(2025, 1, 29, 23, 59, 59), S2),
    # b2: step 3 at created_at + 29 days exactly -> inside 30 days, outside 29
    ev("w2", "b2", T(2025, 1, 11, 9), S1), ev("w2", "b2", T(2025, 1, 11, 9, 30), S2),
    ev("w2", "b2", T(2025, 2, 8, 12), S3),
    # b3: step 3 at created_at + 30 days exactly -> outside 30 days (the end is exclusive)
    ev("w3", "b3", T(2025, 1, 11, 9), S1), ev("w3", "b3", T(2025, 1, 11, 9, 30), S2),
    ev("w3", "b3", T(2025, 2, 9, 12), S3),
    # b4: step 1 twice, step 2, no step 3: three step events, two steps -> not done
    ev("w4", "b4", T(2025, 1, 20, 10), S1), ev("w4", "b4", T(2025, 1, 21, 10), S1),
    ev("w4", "b4", T(2025, 1, 22, 10), S2),
    # b5: step 1 one second before created_at (does not count); 2 and 3 inside -> not done
    ev("w5", "b5", T(2025, 1, 24, 23, 59, 59), S1), ev("w5", "b5", T(2025, 1, 26), S2),
    ev("w5", "b5", T(2025, 1, 26), S3),
    # b6: step 1 exactly at created_at (counts), the last 23:59:59 after it -> done within 1 day
    ev("w6", "b6", T(2025, 2, 5, 8), S1), ev("w6", "b6", T(2025, 2, 6, 7), S2),
    ev("w6", "b6", T(2025, 2, 6, 7, 59, 59), S3),
    ev("w7", "b7", T(2025, 2, 21), "login"),  # b7: no step
    # zz is not an account: its steps count nowhere (its null group has no account started)
    *[ev("w9", "zz", T(2025, 2, 1, 10), s) for s in STEPS],
]


def test_onboarding_engagement_rate_hand_made(make_kit: MakeKit) -> None:
    kit = make_kit({"events": ONB_EVENTS, "accounts": ONB_ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}
    m = "onboarding_engagement_rate"
    cases: list[tuple[dict[str, Any], Expected]] = [
        # Jan: b1..b5 started; b1 and b2 done -> 2/5. Feb: b6, b7; b6 done -> 1/2. Mar: no
        # account started -> null
        ({}, {(JAN,): 2 / 5, (FEB,): 1 / 2, (MAR,): None}),
        ({"days": 30, "steps": STEPS}, {(JAN,): 2 / 5, (FEB,): 1 / 2, (MAR,): None}),
        # 29 days: b1 still (day 28), b2 no longer (its step 3 is on day 29 exactly) -> 1/5
        ({"days": 29}, {(JAN,): 1 / 5, (FEB,): 1 / 2, (MAR,): None}),
        # 31 days: b3's step 3 (day 30) now inside -> b1, b2, b3 -> 3/5
        ({"days": 31}, {(JAN,): 3 / 5, (FEB,): 1 / 2, (MAR,): None}),
        # 1 day: nobody in January (b2's step 3 is late); b6 still -> Jan 0 (not null), Feb 1/2
        ({"days": 1}, {(JAN,): 0.0, (FEB,): 1 / 2, (MAR,): None}),
        # step 3 alone: b1, b2, b5 (b3 too late, b4 never) -> 3/5; Feb b6 -> 1/2
        ({"steps": [S3]}, {(JAN,): 3 / 5, (FEB,): 1 / 2, (MAR,): None}),
        # step 1 alone: b1..b4 (b4 twice: once is enough); b5's was before created_at -> 4/5
        ({"steps": [S1]}, {(JAN,): 4 / 5, (FEB,): 1 / 2, (MAR,): None}),
        # a step nobody does -> 0
        ({"steps": [S1, "onboarding_step_9"]}, {(JAN,): 0.0, (FEB,): 0.0, (MAR,): None}),
    ]
    for params, expected in cases:
        res = kit.compute([m], **rng, params={m: params})
        check(res, m, expected, no_status, what=str(params))
        assert_same(expected, onboarding_oracle(ONB_EVENTS, ONB_ACCOUNTS, "month", JAN,
                                                D(2025, 3, 31), **params))

    # quarters: Q4 2024 b0 (done) -> 1; Q1 b1..b7, done b1, b2, b6 -> 3/7
    res = kit.compute([m], grain="quarter", start="2024-10-01", end="2025-03-31")
    check(res, m, {(D(2024, 10, 1),): 1.0, (JAN,): 3 / 7}, no_status)
    # ISO weeks: Jan 6..12 b2, b3 -> 1/2; Jan 13..19 none -> null; Jan 20..26 b4, b5 -> 0
    res = kit.compute([m], grain="week", start="2025-01-06", end="2025-01-26")
    check(res, m, {(D(2025, 1, 6),): 0.5, (D(2025, 1, 13),): None, (D(2025, 1, 20),): 0.0},
          no_status)
    # days: b2 and b3 started on Jan 10 -> 1/2; nobody on Jan 11 -> null
    res = kit.compute([m], grain="day", start="2025-01-10", end="2025-01-11")
    check(res, m, {(D(2025, 1, 10),): 0.5, (D(2025, 1, 11),): None}, no_status)


def test_onboarding_engagement_rate_by_segment(make_kit: MakeKit) -> None:
    kit = make_kit({"events": ONB_EVENTS, "accounts": ONB_ACCOUNTS})
    m = "onboarding_engagement_rate"
    res = kit.compute([m], grain="month", start="2025-01-01", end="2025-03-31", by=BY)
    # Jan smb b1, b2 -> 1; ent b3, b4 -> 0; null group b5 -> 0; mid none -> null.
    # Feb mid b6, b7 -> 1/2; the null group has no account (zz's steps do not make one) -> null
    expected = by_groups({(JAN, "smb"): 1.0, (JAN, "ent"): 0.0, (JAN, None): 0.0,
                          (FEB, "mid"): 0.5}, [JAN, FEB, MAR])
    assert group_list(ONB_ACCOUNTS) == GROUPS
    check(res, m, expected, no_status, by=BY)
    assert_same(expected, onboarding_oracle(ONB_EVENTS, ONB_ACCOUNTS, "month", JAN,
                                            D(2025, 3, 31), True))


# -- time_to_value ------------------------------------------------------------------------------

TTV_ACCOUNTS = [
    acct("c1", "smb", T(2025, 1, 1)),
    acct("c2", "smb", T(2025, 1, 2)),
    acct("c3", "ent", T(2025, 1, 5, 12)),
    acct("c4", "ent", T(2025, 1, 20)),
    acct("c5", None, T(2025, 1, 31, 23)),
    acct("c6", "mid", T(2025, 2, 10)),
    acct("c7", "mid", T(2025, 2, 15)),
    acct("c8", "smb", T(2025, 2, 20)),
    acct("c9", "mid", T(2025, 2, 25)),
]
TTV_EVENTS = [
    ev("v1", "c1", T(2025, 1, 1, 6), VALUE),  # c1: 6 h (the first)
    ev("v1", "c1", T(2025, 1, 3), VALUE),  # a later one: not the first
    ev("v1", "c1", T(2025, 1, 1, 1, 30), "create_report"),  # c1: 1.5 h to a report
    ev("v2", "c2", T(2025, 1, 2), VALUE),  # c2: exactly at created_at -> 0 h
    ev("v3", "c3", T(2025, 1, 4), VALUE),  # c3: before created_at -> ignored
    ev("v3", "c3", T(2025, 1, 6), VALUE),  # c3: 12 h
    ev("v3", "c3", T(2025, 1, 5, 12), "create_report"),  # c3: a report at created_at -> 0 h
    ev("v4", "c4", T(2025, 1, 21), "login"),  # c4: no value event -> not reached
    ev("v5", "c5", T(2025, 2, 2, 1), VALUE),  # c5: 26 h, bucketed in January by its start
    ev("v6", "c6", T(2025, 2, 11), VALUE),  # c6: 24 h
    ev("v7", "c7", T(2025, 2, 14, 23, 59, 59), VALUE),  # c7: only before its start -> not reached
    ev("v8", "c8", T(2025, 2, 20, 3), VALUE),  # c8: 3 h
    ev("v8", "c8", T(2025, 2, 20, 1), "create_report"),  # c8: 1 h to a report
    ev("v9", "c9", T(2025, 2, 25, 10), VALUE),  # c9: 10 h
    ev("v0", "zz", T(2025, 2, 12), VALUE),  # zz is not an account: counts nowhere
]


def test_time_to_value_hand_made(make_kit: MakeKit) -> None:
    kit = make_kit({"events": TTV_EVENTS, "accounts": TTV_ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}
    m = "time_to_value"
    cases: list[tuple[dict[str, Any], Expected]] = [
        # Jan reached: c1 6, c2 0, c3 12, c5 26 (even count): median (6 + 12) / 2 = 9.
        # Feb reached: c6 24, c8 3, c9 10 (odd count): median 10. Mar: no account -> null
        ({}, {(JAN,): 9.0, (FEB,): 10.0, (MAR,): None}),
        ({"statistic": "median", "measure": "time"}, {(JAN,): 9.0, (FEB,): 10.0, (MAR,): None}),
        # means: Jan 44 / 4, Feb 37 / 3
        ({"statistic": "mean"}, {(JAN,): 11.0, (FEB,): 37 / 3, (MAR,): None}),
        # not reached: Jan c4 of 5; Feb c7 of 4 (its only value event predates its start)
        ({"measure": "not_reached"}, {(JAN,): 1 / 5, (FEB,): 1 / 4, (MAR,): None}),
        # create_report: Jan c1 1.5, c3 0 -> median 0.75; Feb c8 1
        ({"value_event": "create_report"}, {(JAN,): 0.75, (FEB,): 1.0, (MAR,): None}),
        ({"value_event": "create_report", "measure": "not_reached"},
         {(JAN,): 3 / 5, (FEB,): 3 / 4, (MAR,): None}),
        # the only login is c4's, 24 h after its start: Jan 24; Feb: accounts started but none
        # reached it -> null (not 0), and all of them not reached
        ({"value_event": "login"}, {(JAN,): 24.0, (FEB,): None, (MAR,): None}),
        ({"value_event": "login", "measure": "not_reached"},
         {(JAN,): 4 / 5, (FEB,): 1.0, (MAR,): None}),
    ]
    for params, expected in cases:
        res = kit.compute([m], **rng, params={m: params})
        check(res, m, expected, no_status, what=str(params))
        assert_same(expected, ttv_oracle(TTV_EVENTS, TTV_ACCOUNTS, "month", JAN, D(2025, 3, 31),
                                         **params))

    # quarter: Q1 reached [0, 3, 6, 10, 12, 24, 26] -> median 10, mean 81 / 7; 2 of 9 not reached
    q = {"grain": "quarter", "start": "2025-01-01", "end": "2025-06-30"}
    for params, want in [({}, 10.0), ({"statistic": "mean"}, 81 / 7),
                         ({"measure": "not_reached"}, 2 / 9)]:
        res = kit.compute([m], **q, params={m: params})
        check(res, m, {(JAN,): want, (APR,): None}, no_status, what=str(params))

    # ISO weeks from Mon Dec 30: c1 (Wed), c2, c3 (Sun 12:00) -> median of 6, 0, 12 = 6; Jan 6 and
    # Jan 13: none; Jan 20: c4 never reached -> null, all of it not reached; Jan 27: c5 -> 26
    w = {"grain": "week", "start": "2025-01-01", "end": "2025-02-02"}
    weeks = [D(2024, 12, 30), D(2025, 1, 6), D(2025, 1, 13), D(2025, 1, 20), D(2025, 1, 27)]
    res = kit.compute([m], **w)
    check(res, m, dict(zip([(x,) for x in weeks], [6.0, None, None, None, 26.0], strict=True)),
          no_status)
    res = kit.compute([m], **w, params={m: {"measure": "not_reached"}})
    check(res, m, dict(zip([(x,) for x in weeks], [0.0, None, None, 1.0, 0.0], strict=True)),
          no_status)


def test_time_to_value_by_segment(make_kit: MakeKit) -> None:
    kit = make_kit({"events": TTV_EVENTS, "accounts": TTV_ACCOUNTS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31", "by": BY}
    m = "time_to_value"
    res = kit.compute([m], **rng)
    # Jan smb c1 6, c2 0 -> 3; ent c3 12 (c4 not reached) -> 12; null group c5 -> 26.
    # Feb smb c8 -> 3; mid c6 24, c9 10 (c7 not reached) -> 17; null group: zz's event makes no
    # account -> null
    expected = by_groups({(JAN, "smb"): 3.0, (JAN, "ent"): 12.0, (JAN, None): 26.0,
                          (FEB, "smb"): 3.0, (FEB, "mid"): 17.0}, [JAN, FEB, MAR])
    check(res, m, expected, no_status, by=BY)
    assert_same(expected, ttv_oracle(TTV_EVENTS, TTV_ACCOUNTS, "month", JAN, D(2025, 3, 31), True))
    res = kit.compute([m], **rng, params={m: {"measure": "not_reached"}})
    expected = by_groups({(JAN, "smb"): 0.0, (JAN, "ent"): 1 / 2, (JAN, None): 0.0,
                          (FEB, "smb"): 0.0, (FEB, "mid"): 1 / 3}, [JAN, FEB, MAR])
    check(res, m, expected, no_status, by=BY)
    assert_same(expected, ttv_oracle(TTV_EVENTS, TTV_ACCOUNTS, "month", JAN, D(2025, 3, 31), True,
                                     measure="not_reached"))


# -- tz-aware timestamps ------------------------------------------------------------------------

def test_tz_aware_timestamps_are_read_as_utc() -> None:
    ny = "America/New_York"  # UTC-5 in winter
    sessions = pd.DataFrame({
        "session_id": ["t1", "t2"], "user_id": ["u1", "u2"], "account_id": ["x1", "x1"],
        # t1: Jan 31 18:00-19:00 New York = 23:00-00:00 UTC -> January, 1 h
        # t2: Jan 31 20:00-22:30 New York = Feb 1 01:00-03:30 UTC -> February, 2.5 h
        "started_at": pd.to_datetime(["2025-01-31 18:00", "2025-01-31 20:00"]).tz_localize(ny),
        "ended_at": pd.to_datetime(["2025-01-31 19:00", "2025-01-31 22:30"]).tz_localize(ny),
    })
    tokyo = "Asia/Tokyo"  # UTC+9
    accounts = pd.DataFrame({
        "account_id": ["x1", "x2"], "segment": ["smb", "smb"],
        # x1 starts Mar 1 00:30 Tokyo = Feb 28 15:30 UTC -> February; x2 Mar 10 09:00 Tokyo =
        # Mar 10 00:00 UTC
        "created_at": pd.to_datetime(["2025-03-01 00:30", "2025-03-10 09:00"]).tz_localize(tokyo),
    })
    events = pd.DataFrame({
        "user_id": ["v", "v", "v"], "account_id": ["x1", "x2", "x2"],
        "event_name": [VALUE, VALUE, VALUE], "feature": [None, None, None],
        # x1: Mar 1 03:30 Tokyo = 3 h after its start; x2: Mar 10 08:00 Tokyo is an hour before
        # its start (ignored), Mar 11 09:00 Tokyo is 24 h after
        "occurred_at": pd.to_datetime(["2025-03-01 03:30", "2025-03-10 08:00",
                                       "2025-03-11 09:00"]).tz_localize(tokyo),
    })
    kit = ck.connect(tables={"sessions": sessions, "accounts": accounts, "events": events})
    res = kit.compute(["avg_time_on_platform", "time_to_value"], grain="month",
                      start="2025-01-01", end="2025-03-31")
    check(res, "avg_time_on_platform", {(JAN,): 1.0, (FEB,): 2.5, (MAR,): None}, no_status)
    check(res, "time_to_value", {(JAN,): None, (FEB,): 3.0, (MAR,): 24.0}, no_status)


# -- parameters -----------------------------------------------------------------------------

@pytest.mark.parametrize(("metric", "params"), [
    ("onboarding_engagement_rate", {"days": 0}),
    ("onboarding_engagement_rate", {"days": 366}),
    ("onboarding_engagement_rate", {"days": 7.5}),
    ("adoption_rate", {"level": "team"}),
    ("avg_time_on_platform", {"per": "visit"}),
    ("time_to_value", {"statistic": "p90"}),
    ("time_to_value", {"measure": "count"}),
])
def test_bad_params_are_refused(make_kit: MakeKit, metric: str, params: dict[str, Any]) -> None:
    kit = make_kit({"events": TTV_EVENTS, "accounts": TTV_ACCOUNTS, "sessions": SESSIONS})
    with pytest.raises(ck.ParamError):
        kit.compute([metric], grain="month", start="2025-01-01", end="2025-03-31",
                    params={metric: params})


# -- seeded random data against the oracles ---------------------------------------------------

RANDOM_SEGMENTS = ["smb", "ent", "mid", None]
END = T(2025, 7, 1)  # no row at or after it: every window's "so far" is the whole data


def random_data(seed: int) -> dict[str, list[Row]]:
    rng = random.Random(seed)
    first = T(2024, 12, 15)
    accounts = []
    for i in range(16):
        created = first + dt.timedelta(seconds=rng.randrange(int((T(2025, 6, 25) - first)
                                                                  .total_seconds())))
        if i % 4 == 0:
            created = created.replace(hour=0, minute=0, second=0)
        accounts.append(acct(f"a{i}", RANDOM_SEGMENTS[i % 4], created))
    starts = {a["account_id"]: a["created_at"] for a in accounts[:-1]}  # the last: no rows
    starts["zz"] = T(2025, 3, 1)  # rows of an account missing from accounts
    ids = list(starts)
    users = {f"u{i}": rng.sample(ids, 2 if i % 3 == 0 else 1) for i in range(24)}
    names = ["login", "login", "view", "export", "create_report", VALUE, *STEPS]
    features = [None, None, "reports", "api", "billing"]
    span = int((END - T(2024, 12, 20)).total_seconds())
    events = []
    for _ in range(700):
        user = rng.choice(list(users))
        at = T(2024, 12, 20) + dt.timedelta(seconds=rng.randrange(span))
        events.append(ev(user, rng.choice(users[user]), at, rng.choice(names),
                         rng.choice(features)))
    # steps and value events near each account's start, on the edges of the windows
    offsets = [-HOUR, -US, dt.timedelta(0), 7 * DAYS - US, 7 * DAYS, 30 * DAYS - US, 30 * DAYS]
    for account, created in starts.items():
        for name in [*STEPS, VALUE, "create_report"]:
            for _ in range(rng.choice([0, 1, 1, 2])):
                if rng.random() < 0.5:
                    at = created + rng.choice(offsets)
                else:
                    at = created + dt.timedelta(seconds=rng.randrange(40 * 86400))
                events.append(ev("ux", account, at, name, rng.choice(features)))
    sessions = []
    span = int((END - T(2024, 12, 25)).total_seconds())
    for i in range(300):
        user = rng.choice(list(users))
        start = T(2024, 12, 25) + dt.timedelta(seconds=rng.randrange(span))
        if i % 7 == 0:  # late on a day, some on a month's last day: across midnight / an edge
            start = start.replace(hour=23, minute=30)
        length = 0 if i % 10 == 0 else rng.randrange(6 * 3600 * 1000) * 1000
        sessions.append(sess(f"s{i}", user, rng.choice(users[user]), start,
                             start + dt.timedelta(microseconds=length)))
    return {"accounts": accounts,
            "events": [e for e in events if e["occurred_at"] < END],
            "sessions": [s for s in sessions if s["started_at"] < END]}


# (params of each metric, computed together), checked at each run
VARIANTS: list[dict[str, dict[str, Any]]] = [
    {"adoption_rate": {}, "avg_time_on_platform": {}, "onboarding_engagement_rate": {},
     "time_to_value": {}},
    {"adoption_rate": {"key_features": ["reports", "api"], "level": "account",
                       "active_events": ["login", "view"]},
     "avg_time_on_platform": {"per": "session"},
     "onboarding_engagement_rate": {"steps": [S1, S3], "days": 7},
     "time_to_value": {"value_event": "create_report", "statistic": "mean"}},
    {"adoption_rate": {"key_features": ["reports"], "active_events": ["login"]},
     "time_to_value": {"measure": "not_reached"}},
]


def oracle_for(metric: str, data: dict[str, list[Row]], grain: str, first: dt.date,
               last: dt.date, by_segment: bool, params: dict[str, Any]) -> Expected:
    if metric == "adoption_rate":
        return adoption_oracle(data["events"], data["accounts"], grain, first, last, by_segment,
                               **params)
    if metric == "avg_time_on_platform":
        return time_on_platform_oracle(data["sessions"], data["accounts"], grain, first, last,
                                       by_segment, **params)
    if metric == "onboarding_engagement_rate":
        return onboarding_oracle(data["events"], data["accounts"], grain, first, last,
                                 by_segment, **params)
    return ttv_oracle(data["events"], data["accounts"], grain, first, last, by_segment, **params)


@pytest.mark.parametrize("seed", [8])
def test_random_against_oracle(make_kit: MakeKit, seed: int) -> None:
    data = random_data(seed)
    assert None in group_list(data["accounts"])  # the null group is always a group
    kit = make_kit(data)
    first, last = D(2025, 1, 1), D(2025, 6, 30)
    nulls = 0
    for grain in ("month", "quarter"):
        for by in ([], BY):
            for params in VARIANTS:
                res = kit.compute(list(params), grain=grain, start=first.isoformat(),
                                  end=last.isoformat(), by=by, params=params)
                for metric, p in params.items():
                    expected = oracle_for(metric, data, grain, first, last, bool(by), p)
                    nulls += sum(v is None for v in expected.values())
                    check(res, metric, expected, no_status, by=by, what=f"{grain} {by} {p}")
    assert nulls > 0  # some empty buckets/groups are in the comparison


# -- properties ---------------------------------------------------------------------------------

FRACTIONS = {"adoption_rate", "onboarding_engagement_rate"}


def test_rates_are_fractions_and_durations_not_negative(make_kit: MakeKit) -> None:
    data = random_data(3)
    kit = make_kit(data)
    seen: dict[str, int] = defaultdict(int)
    for params in VARIANTS:
        res = kit.compute(list(params), grain="week", start="2025-01-01", end="2025-06-30",
                          by=BY, params=params)
        assert not res.errors
        for metric, p in params.items():
            fraction = metric in FRACTIONS or p.get("measure") == "not_reached"
            for key, (value, status) in result(res, metric, BY).items():
                assert status is None, (metric, key)
                if value is None:
                    continue
                assert not math.isnan(value)
                seen[metric] += 1
                if fraction:
                    assert 0.0 <= value <= 1.0, (metric, p, key, value)
                else:
                    assert value >= 0.0, (metric, p, key, value)
    assert set(seen) == {"adoption_rate", "avg_time_on_platform", "onboarding_engagement_rate",
                         "time_to_value"}
