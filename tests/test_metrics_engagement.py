"""Correctness of the activity metrics (dau, mau, dau_mau_ratio) against plain-Python oracles.

The oracles are written from the definitions (shared/METRICS.md and the declarations' params and
docstrings) with loops and sets over the same event rows; they share no code with the Ibis
formulas. Each test runs on DuckDB and on a real PostgreSQL (``make_kit``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Any

import pytest

import csm_kit as ck
from tests.oracle_calendar import buckets, days_between, next_bucket
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime
ONE_DAY = dt.timedelta(days=1)

# -- rows -------------------------------------------------------------------------------------

ACCOUNTS = [
    {"account_id": "a1", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a2", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a3", "segment": "ent", "created_at": T(2024, 1, 1)},
    {"account_id": "a4", "segment": None, "created_at": T(2024, 1, 1)},
    {"account_id": "a5", "segment": "mid", "created_at": T(2024, 1, 1)},  # no events at all
]
SEGMENT = {a["account_id"]: a["segment"] for a in ACCOUNTS}  # None: the null group
GROUPS = sorted(set(SEGMENT.values()), key=repr)


def ev(user: str, account: str, at: dt.datetime, name: str = "login") -> dict[str, Any]:
    return {"user_id": user, "account_id": account, "occurred_at": at, "event_name": name}


# -- the definitions, in plain Python ---------------------------------------------------------

class Oracle:
    """Active users from event rows: users active on a day, or in a window of days."""

    def __init__(self, rows: Iterable[dict[str, Any]], active_events: Sequence[str] | None,
                 by_segment: bool) -> None:
        self.by_segment = by_segment
        self.active: dict[tuple, set[str]] = {}  # (day, group) -> users
        for r in rows:
            if active_events is not None and r["event_name"] not in active_events:
                continue
            key = (r["occurred_at"].date(), self.group(r["account_id"]))
            self.active.setdefault(key, set()).add(r["user_id"])

    def group(self, account: str) -> str | None:
        return SEGMENT[account] if self.by_segment else None

    def users(self, lo: dt.date, hi: dt.date, group: str | None) -> set[str]:
        out: set[str] = set()
        for day in days_between(lo, hi):
            out |= self.active.get((day, group), set())
        return out

    def dau(self, b: dt.date, grain: str, group: str | None) -> float:
        days = days_between(b, next_bucket(b, grain) - ONE_DAY)
        return sum(len(self.users(d, d, group)) for d in days) / len(days)

    def mau(self, b: dt.date, grain: str, group: str | None, window: str = "calendar") -> float:
        last = next_bucket(b, grain) - ONE_DAY
        first = D(last.year, last.month, 1) if window == "calendar" else last - dt.timedelta(29)
        return float(len(self.users(first, last, group)))

    def ratio(self, b: dt.date, grain: str, group: str | None) -> float | None:
        """Each day's active users over the active users of that day's calendar month, summed
        over the bucket's days (at grain month: mean DAU / MAU)."""
        days = days_between(b, next_bucket(b, grain) - ONE_DAY)
        month_users = {}
        for d in days:
            start = D(d.year, d.month, 1)
            if start not in month_users:
                month_users[start] = len(self.users(start, next_bucket(start, "month") - ONE_DAY,
                                                    group))
        den = sum(month_users[D(d.year, d.month, 1)] for d in days)
        num = sum(len(self.users(d, d, group)) for d in days)
        return None if den == 0 else num / den

    def expected(self, metric: str, grain: str, first: dt.date, last: dt.date,
                 **kw: Any) -> dict[tuple, float | None]:
        fn = {"dau": self.dau, "mau": self.mau, "dau_mau_ratio": self.ratio}[metric]
        groups = GROUPS if self.by_segment else [None]
        out = {}
        for b in buckets(first, last, grain):
            for g in groups:
                out[(b, g) if self.by_segment else (b,)] = fn(b, grain, g, **kw)
        return out


def ratio_status(v: float | None) -> str | None:
    return None if v is None else "good" if v >= 0.20 else "bad"


def no_status(v: float | None) -> None:
    return None


STATUS = {"dau": no_status, "mau": no_status, "dau_mau_ratio": ratio_status}


# -- reading results ---------------------------------------------------------------------------

def series(res: Any, metric: str) -> list[float | None]:
    return [v for _, (v, _) in sorted(result(res, metric).items())]


def statuses(res: Any, metric: str) -> list[str | None]:
    return [s for _, (_, s) in sorted(result(res, metric).items())]


def approx_list(xs: list[float | None]) -> list[Any]:
    return [None if x is None else pytest.approx(x, rel=1e-9, abs=1e-12) for x in xs]


# -- hand-built: grain day, edges of days and windows ------------------------------------------

DAY_ROWS = [
    ev("u8", "a1", T(2025, 1, 31, 0, 0, 0), "view"),  # first day of the 30 days ending Mar 1
    ev("u5", "a3", T(2025, 1, 30, 23, 59, 59)),  # one second before them
    ev("u4", "a3", T(2025, 2, 1, 0, 0, 0)),  # first day of the 30 days ending Mar 2
    ev("u1", "a1", T(2025, 2, 28, 23, 59, 59)),  # February: not in March's calendar month
    ev("u2", "a1", T(2025, 3, 1, 0, 0, 0)),
    ev("u3", "a2", T(2025, 3, 1, 23, 59, 59), "view"),
    ev("u2", "a1", T(2025, 3, 2, 0, 0, 0), "view"),
    ev("u2", "a1", T(2025, 3, 2, 12, 0, 0)),  # same user, same day: counted once
    ev("u7", "a4", T(2025, 3, 4, 8, 0, 0), "logout"),
    ev("u6", "a4", T(2025, 3, 6, 0, 0, 0)),  # after the range
]


def test_dau_mau_grain_day_edges(make_kit):
    kit = make_kit({"events": DAY_ROWS})
    rng = {"grain": "day", "start": "2025-03-01", "end": "2025-03-05"}
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], **rng)
    days = [D(2025, 3, d) for d in range(1, 6)]
    assert sorted(result(res, "dau")) == [(d,) for d in days]
    assert series(res, "dau") == [2, 1, 0, 1, 0]
    assert series(res, "mau") == [2, 2, 2, 3, 3]  # month to date
    # each day against its whole calendar month: March has u2, u3, u7 and u6 (Mar 6) = 4
    assert series(res, "dau_mau_ratio") == approx_list([2 / 4, 1 / 4, 0.0, 1 / 4, 0.0])
    assert statuses(res, "dau_mau_ratio") == ["good", "good", "bad", "good", "bad"]
    assert statuses(res, "dau") == [None] * 5 and statuses(res, "mau") == [None] * 5

    res = kit.compute(["mau"], **rng, params={"mau": {"window": "rolling"}})
    # 30 days ending Mar 1 = Jan 31 .. Mar 1: u8, u4, u1, u2, u3 (not u5 at Jan 30 23:59:59)
    assert series(res, "mau") == [5, 4, 3, 4, 4]
    res = kit.compute(["mau"], **rng, params={"mau": {"window": "calendar"}})
    assert series(res, "mau") == [2, 2, 2, 3, 3]

    login = {"active_events": ["login"]}
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], **rng,
                      params={"dau": login, "mau": login, "dau_mau_ratio": login})
    assert series(res, "dau") == [1, 1, 0, 0, 0]
    assert series(res, "mau") == [1, 1, 1, 1, 1]
    # March's login users: u2 and u6 (Mar 6)
    assert series(res, "dau_mau_ratio") == approx_list([0.5, 0.5, 0.0, 0.0, 0.0])
    res = kit.compute(["mau"], **rng, params={"mau": {"window": "rolling", **login}})
    assert series(res, "mau") == [3, 3, 2, 2, 2]  # u4 (login) leaves after Mar 2
    res = kit.compute(["dau", "mau"], **rng, params={"dau": {"active_events": ("login", "view",
                                                                                "logout")},
                                                     "mau": {"active_events": ["logout"]}})
    assert series(res, "dau") == [2, 1, 0, 1, 0]
    assert series(res, "mau") == [0, 0, 0, 1, 1]

    oracle = Oracle(DAY_ROWS, None, False)
    for metric, params in [("dau", {}), ("dau_mau_ratio", {}), ("mau", {"window": "calendar"}),
                           ("mau", {"window": "rolling"})]:
        res = kit.compute([metric], **rng, params={metric: params})
        check(res, metric, oracle.expected(metric, "day", days[0], days[-1], **params),
              STATUS[metric])


# -- hand-built: coarser grains ----------------------------------------------------------------

COARSE_ROWS = [
    ev("u9", "a1", T(2025, 1, 30, 0, 0, 0)),
    ev("u1", "a1", T(2025, 2, 3, 9, 0, 0)),
    ev("u1", "a1", T(2025, 2, 3, 10, 0, 0)),
    ev("u2", "a2", T(2025, 2, 3, 0, 0, 0)),
    ev("u3", "a3", T(2025, 2, 3, 23, 59, 59)),
    ev("u1", "a1", T(2025, 2, 28, 23, 59, 59)),
    ev("u5", "a4", T(2025, 3, 1, 0, 0, 0)),
    *[ev("u2", "a2", T(2025, 4, d, 12, 0, 0), "view") for d in range(1, 11)],
    *[ev("u3", "a3", T(2025, 6, d, 23, 59, 59)) for d in range(1, 7)],
]


def test_dau_mau_grain_month(make_kit):
    kit = make_kit({"events": COARSE_ROWS})
    rng = {"grain": "month", "start": "2025-02-01", "end": "2025-06-30"}
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], **rng)
    # DAU is the mean over every calendar day of the month, idle days counting 0
    assert series(res, "dau") == approx_list([4 / 28, 1 / 31, 10 / 30, 0.0, 6 / 30])
    assert series(res, "mau") == [3, 1, 1, 0, 1]
    assert series(res, "dau_mau_ratio") == approx_list([4 / 28 / 3, 1 / 31, 1 / 3, None, 0.2])
    # exactly 0.20 in June is good; May has no MAU: null, no status
    assert statuses(res, "dau_mau_ratio") == ["bad", "bad", "good", None, "good"]

    res = kit.compute(["mau"], **rng, params={"mau": {"window": "rolling"}})
    # Feb: Jan 30..Feb 28 (u9 in); Mar: Mar 2..31 (u5 on Mar 1 out); May: May 2..31; Jun: 1..30
    assert series(res, "mau") == [4, 0, 1, 0, 1]

    res = kit.compute(["dau", "mau"], **rng, params={"dau": {"active_events": ["view"]},
                                                     "mau": {"active_events": ["view"]}})
    assert series(res, "dau") == approx_list([0.0, 0.0, 10 / 30, 0.0, 0.0])
    assert series(res, "mau") == [0, 0, 1, 0, 0]


def test_dau_mau_grain_quarter_and_week(make_kit):
    kit = make_kit({"events": COARSE_ROWS})
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], grain="quarter", start="2025-01-01",
                      end="2025-06-30")
    # Q1 has 90 days with 1 + 3 + 1 + 1 daily users; Q2 91 days with 10 + 6
    assert series(res, "dau") == approx_list([6 / 90, 16 / 91])
    assert series(res, "mau") == [1, 1]  # March alone, June alone
    # each day against its own month: Q1 = 6 / (31 x 1 + 28 x 3 + 31 x 1) (Jan u9; Feb u1-u3;
    # Mar u5), Q2 = 16 / (30 x 1 + 31 x 0 + 30 x 1); never above 1, as a quarter's MAU could give
    assert series(res, "dau_mau_ratio") == approx_list([6 / 146, 16 / 60])
    assert statuses(res, "dau_mau_ratio") == ["bad", "good"]
    res = kit.compute(["mau"], grain="quarter", start="2025-01-01", end="2025-06-30",
                      params={"mau": {"window": "rolling"}})
    assert series(res, "mau") == [0, 1]

    rng = {"grain": "week", "start": "2025-02-26", "end": "2025-03-03"}
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], **rng)
    assert sorted(result(res, "dau")) == [(D(2025, 2, 24),), (D(2025, 3, 3),)]
    assert series(res, "dau") == approx_list([2 / 7, 0.0])  # u1 on Feb 28, u5 on Mar 1
    assert series(res, "mau") == [1, 1]  # Mar 1..2 and Mar 1..9: u5 only
    # Feb 24..28 against February's 3 users, Mar 1..2 against March's 1: 2 / (5 x 3 + 2 x 1)
    assert series(res, "dau_mau_ratio") == approx_list([2 / 17, 0.0])
    assert statuses(res, "dau_mau_ratio") == ["bad", "bad"]
    res = kit.compute(["mau"], **rng, params={"mau": {"window": "rolling"}})
    assert series(res, "mau") == [4, 2]  # Feb 1..Mar 2 and Feb 8..Mar 9

    # without start/end, the range is the data's: Jan 30 .. Jun 6
    res = kit.compute(["dau", "mau"], grain="month")
    oracle = Oracle(COARSE_ROWS, None, False)
    for metric in ("dau", "mau"):
        check(res, metric, oracle.expected(metric, "month", D(2025, 1, 30), D(2025, 6, 6)),
              STATUS[metric])


def test_dau_mau_by_segment(make_kit):
    kit = make_kit({"events": COARSE_ROWS, "accounts": ACCOUNTS})
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], grain="month", start="2025-02-01",
                      end="2025-04-30", by=["segment"])
    got_dau, got_mau = result(res, "dau", ["segment"]), result(res, "mau", ["segment"])
    feb, mar = D(2025, 2, 1), D(2025, 3, 1)
    assert got_dau[(feb, "smb")][0] == pytest.approx(3 / 28)  # u1, u2 on Feb 3; u1 on Feb 28
    assert got_mau[(feb, "smb")][0] == 2
    assert got_mau[(mar, None)][0] == 1  # u5's account has a null segment
    assert got_mau[(feb, "mid")][0] == 0  # an account without events still has its rows
    assert result(res, "dau_mau_ratio", ["segment"])[(feb, "mid")][0] is None
    oracle = Oracle(COARSE_ROWS, None, True)
    for metric in ("dau", "mau", "dau_mau_ratio"):
        check(res, metric, oracle.expected(metric, "month", feb, D(2025, 4, 30)),
              STATUS[metric], by=["segment"])

    rng = {"grain": "day", "start": "2025-02-27", "end": "2025-03-03", "by": ["segment"]}
    res = kit.compute(["mau"], **rng, params={"mau": {"window": "rolling"}})
    check(res, "mau", oracle.expected("mau", "day", D(2025, 2, 27), D(2025, 3, 3),
                                      window="rolling"), STATUS["mau"], by=["segment"])
    res = kit.compute(["dau", "mau", "dau_mau_ratio"], **rng)
    for metric in ("dau", "mau", "dau_mau_ratio"):
        check(res, metric, oracle.expected(metric, "day", D(2025, 2, 27), D(2025, 3, 3)),
              STATUS[metric], by=["segment"])


def test_engagement_bad_params(make_kit):
    kit = make_kit({"events": COARSE_ROWS})
    bad = [
        ("mau", {"window": "weekly"}),
        ("mau", {"window": "30d"}),
        ("mau", {"active_events": "login"}),  # a string, not a list of names
        ("mau", {"active_event": ["login"]}),
        ("dau", {"window": "rolling"}),
        ("dau", {"active_events": "login"}),
        ("dau_mau_ratio", {"window": "rolling"}),
        ("dau_mau_ratio", {"active_events": 3}),
    ]
    for metric, params in bad:
        with pytest.raises(ck.ParamError):
            kit.compute([metric], grain="month", params={metric: params})


# -- a seeded random comparison with the oracles -------------------------------------------

def random_events(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    users = {f"u{i}": ACCOUNTS[i % 4]["account_id"] for i in range(18)}  # a5 has no users
    names = ["login", "view", "export", "logout"]
    start = T(2024, 12, 28)
    span_days = (T(2025, 5, 1) - start).days
    rows = []
    for i in range(450):
        user = rng.choice(list(users))
        day = start + dt.timedelta(days=rng.randrange(span_days))
        kind = i % 10
        if kind == 0:
            at = day
        elif kind == 1:
            at = day + dt.timedelta(hours=23, minutes=59, seconds=59)
        else:
            at = day + dt.timedelta(seconds=rng.randrange(86400))
        rows.append(ev(user, users[user], at, rng.choice(names)))
    return rows


@pytest.mark.parametrize("seed", [11])
def test_engagement_random_against_oracle(make_kit, seed):
    rows = random_events(seed)
    kit = make_kit({"events": rows, "accounts": ACCOUNTS})
    runs = [
        ("month", "2025-01-01", "2025-04-30", []),
        ("month", "2025-01-01", "2025-04-30", ["segment"]),
        ("week", "2025-01-01", "2025-04-27", []),
        ("quarter", "2025-01-01", "2025-04-30", []),
        ("day", "2025-02-20", "2025-03-08", []),
        ("day", "2025-03-25", "2025-04-03", ["segment"]),
    ]
    for grain, start, end, by in runs:
        first, last = D.fromisoformat(start), D.fromisoformat(end)
        for names in (None, ["login", "export"]):
            oracle = Oracle(rows, names, bool(by))
            p = {"active_events": names} if names else {}
            what = f"{grain} {by} {names}"
            res = kit.compute(["dau", "mau", "dau_mau_ratio"], grain=grain, start=start,
                              end=end, by=by, params={m: p for m in ("dau", "mau",
                                                                     "dau_mau_ratio")})
            for metric in ("dau", "mau", "dau_mau_ratio"):
                check(res, metric, oracle.expected(metric, grain, first, last), STATUS[metric],
                      by=by, what=what)
            res = kit.compute(["mau"], grain=grain, start=start, end=end, by=by,
                              params={"mau": {"window": "rolling", **p}})
            check(res, "mau", oracle.expected("mau", grain, first, last, window="rolling"),
                  STATUS["mau"], by=by, what=f"rolling {what}")


def test_empty_active_events_is_an_error_not_every_event(make_kit):
    kit = make_kit({"events": [{"user_id": "u1", "account_id": "a1", "event_name": "login",
                                "occurred_at": dt.datetime(2025, 3, 1, 12)}]})
    with pytest.raises(ck.ParamError, match=r"'active_events' = \[\] is empty"):
        kit.compute("mau", params={"mau": {"active_events": []}})
