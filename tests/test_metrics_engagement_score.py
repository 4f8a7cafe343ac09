"""engagement_score against a plain-Python oracle written from its description.

The oracle never looks at plugins/csm_kit_engagement: it reads the words of
``csm-kit metrics show engagement_score`` and walks the rows with dicts and loops. For a bucket
whose last day is L:

* the accounts scored are those paying on L: MRR > 0, the MRR on a day being the sum of the mrr of
  the account's subscriptions with start_date <= day < end_date (no end = still active); at
  quarter and year grain the same, on the bucket's last day;
* a touchpoint belongs to the UTC date of its (naive UTC) occurred_at; "the 90 days to L" are
  L-89 .. L;
* a touchpoint is two-way when its direction is 'inbound' or its responded_at is set (counted
  once when both); a touchpoint with a null direction is neither inbound nor outbound;
* frequency = 100 * min(1, two-way / target), target 6 by default;
* responsiveness = 100 * (outbound touchpoints with responded_at set) / (outbound touchpoints);
  null (left out of the score) when there is no outbound touchpoint;
* score = sum(w * c) / sum(w) over the components that are not null; default weights frequency
  0.5, responsiveness 0.5; a `weights` dict replaces them (a name it leaves out weighs 0);
* the bucket's value: with by=['account_id'] each account's own score (null when it is not
  scored); otherwise the mean of the scores of the group's scored accounts, null when it has
  none; the status is always None.

Hand-made data with hand-derived scores pin the words down (derivations in comments; the oracle
must agree with them); seeded random data are compared with the oracle at month and week grain,
by account, by segment and in total, with default and custom parameters; a hypothesis property
checks that every score is in [0, 100]; bad parameters raise ck.ParamError. Every test taking
``make_kit`` runs on DuckDB and on a real PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import csm_kit as ck
from tests.conftest import canonical
from tests.oracle_calendar import buckets, last_day
from tests.oracle_results import result
from tests.strategies import ACCOUNT_IDS, fast, subscription_rows

D = dt.date
T = dt.datetime
DAY = dt.timedelta(days=1)
MakeKit = Callable[..., ck.Kit]
Row = dict[str, Any]
Tables = Mapping[str, Sequence[Row]]
Expected = dict[tuple, float | None]

METRIC = "engagement_score"
DEFAULT_WEIGHTS = {"frequency": 0.5, "responsiveness": 0.5}
DEFAULT_TARGET = 6
FREQ_ONLY = {"frequency": 1.0}


# -- rows --------------------------------------------------------------------------------------
def sub(sid: str, acc: str, start: dt.date, end: dt.date | None, mrr: float) -> Row:
    return {"subscription_id": sid, "account_id": acc, "start_date": start, "end_date": end,
            "mrr": mrr}


def touch(tid: str, acc: str, at: dt.datetime, direction: str | None,
          responded: dt.datetime | None = None, kind: str = "email") -> Row:
    return {"touchpoint_id": tid, "account_id": acc, "occurred_at": at, "kind": kind,
            "direction": direction, "responded_at": responded}


def accounts_rows(segments: Mapping[str, str | None]) -> list[Row]:
    return [{"account_id": a, "segment": s, "created_at": T(2020, 1, 1)}
            for a, s in segments.items()]


# -- the oracle --------------------------------------------------------------------------------
def mrr_on(subs: Iterable[Mapping[str, Any]], day: dt.date) -> dict[str, float]:
    """{account: MRR on `day`} (start_date <= day < end_date; no end = still active)."""
    out: dict[str, float] = defaultdict(float)
    for s in subs:
        if s["start_date"] <= day and (s["end_date"] is None or day < s["end_date"]):
            out[s["account_id"]] += s["mrr"]
    return out


class Oracle:
    """Components and scores for one data set (the rows of the canonical tables)."""

    def __init__(self, data: Tables) -> None:
        self.subs = list(data.get("subscriptions", []))
        # {account: [(UTC day, direction, answered)]}
        self.touches: dict[str, list[tuple[dt.date, str | None, bool]]] = defaultdict(list)
        for t in data.get("touchpoints", []):
            self.touches[t["account_id"]].append(
                (t["occurred_at"].date(), t["direction"], t["responded_at"] is not None))
        self.segment = {a["account_id"]: a.get("segment") for a in data.get("accounts", [])}

    def components(self, last: dt.date, target: int = DEFAULT_TARGET
                   ) -> dict[str, dict[str, float | None]]:
        """{account paying on `last`: {component: value, or None when left out}}."""
        out: dict[str, dict[str, float | None]] = {}
        for acc, m in mrr_on(self.subs, last).items():
            if not m > 0:
                continue
            window = [(direction, answered) for d_, direction, answered in self.touches[acc]
                      if last - 89 * DAY <= d_ <= last]
            two_way = sum(1 for direction, answered in window
                          if direction == "inbound" or answered)
            outbound = [answered for direction, answered in window if direction == "outbound"]
            frequency = 100 * min(1.0, two_way / target)
            responsiveness = 100 * sum(outbound) / len(outbound) if outbound else None
            out[acc] = {"frequency": frequency, "responsiveness": responsiveness}
        return out

    def scores(self, last: dt.date, weights: Mapping[str, float] | None = None,
               target: int = DEFAULT_TARGET) -> dict[str, float | None]:
        """{account paying on `last`: its score (None when nothing it has weighs)}."""
        w = DEFAULT_WEIGHTS if weights is None else weights
        out: dict[str, float | None] = {}
        for acc, comps in self.components(last, target).items():
            used = [(w.get(k, 0.0), v) for k, v in comps.items() if v is not None]
            total = sum(x for x, _ in used)
            out[acc] = sum(x * v for x, v in used) / total if total else None
        return out

    def expected(self, grain: str, first: dt.date, last: dt.date,
                 weights: Mapping[str, float] | None = None, target: int = DEFAULT_TARGET,
                 by: str | None = None) -> Expected:
        """{(period_start[, group]): value or None} for every bucket (and group)."""
        out: Expected = {}
        for p in buckets(first, last, grain):
            scores = self.scores(last_day(p, grain), weights, target)
            if by == "account_id":
                for acc in self.segment:
                    out[(p, acc)] = scores.get(acc)
                continue
            group: dict[Any, list[float]] = defaultdict(list)
            for acc, s in scores.items():
                if s is not None:
                    group[self.segment.get(acc) if by else ""].append(s)
            groups = set(self.segment.values()) | set(group) if by else {""}
            for g in groups:
                key = (p, g) if by else (p,)
                out[key] = sum(group[g]) / len(group[g]) if group[g] else None
        return out


# -- computing and comparing -------------------------------------------------------------------
def compute(kit: ck.Kit, grain: str, start: str, end: str, *, by: Any = None,
            weights: Mapping[str, float] | None = None, target: int | None = None
            ) -> ck.MetricFrame:
    kwargs: dict[str, Any] = {"grain": grain, "start": start, "end": end}
    if by is not None:
        kwargs["by"] = by
    params: dict[str, Any] = {}
    if weights is not None:
        params["weights"] = dict(weights)
    if target is not None:
        params["target"] = target
    if params:
        kwargs["params"] = {METRIC: params}
    res = kit.compute([METRIC], **kwargs)
    assert not res.errors, res.errors
    return res


def check(res: ck.MetricFrame, expected: Expected, by: Sequence[str] = (), what: str = ""
          ) -> None:
    """Same buckets and groups as `expected`, values to 1e-9, every status None."""
    got = result(res, METRIC, by)
    assert sorted(got, key=repr) == sorted(expected, key=repr), f"{what}: keys differ"
    bad = {k: (got[k][0], w) for k, w in expected.items()
           if not (got[k][0] is None if w is None else
                   got[k][0] is not None and got[k][0] == pytest.approx(w, rel=1e-9, abs=1e-9))}
    assert not bad, f"{what}: {len(bad)} (got, expected), e.g. {dict(list(bad.items())[:8])}"
    statuses = {k: s for k, (_, s) in got.items() if s is not None}
    assert not statuses, f"{what}: statuses should be None: {statuses}"


def values(res: ck.MetricFrame, by: Sequence[str] = ()) -> dict[tuple, float | None]:
    return {k: v for k, (v, _) in result(res, METRIC, by).items()}


# -- hand-made data ----------------------------------------------------------------------------
# Month buckets Jan-Apr 2025. For March, L = 2025-03-31 and the 90 days to L are
# 2025-01-01 (L-89) .. 2025-03-31; 2024-12-31 is L-90. For February, L = 2025-02-28 and the 90
# days are 2024-12-01 .. 2025-02-28.
JAN, FEB, MAR, APR = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)
SEGMENTS: dict[str, str | None] = {"quiet": "smb", "mixed": "smb", "inbound": "ent",
                                   "gone": "ent", "busy": None, "free": "mid"}
EDGE: dict[str, list[Row]] = {
    "accounts": accounts_rows(SEGMENTS),
    "subscriptions": [
        sub("q1", "quiet", D(2024, 6, 1), None, 100.0),
        # two subscriptions add up: 30 + 20
        sub("m1", "mixed", D(2024, 6, 1), None, 30.0),
        sub("m2", "mixed", D(2024, 9, 1), None, 20.0),
        sub("i1", "inbound", D(2024, 6, 1), None, 200.0),
        sub("b1", "busy", D(2024, 6, 1), None, 500.0),
        # churned on Mar 15: scored in Jan and Feb, not in Mar or Apr
        sub("g1", "gone", D(2024, 6, 1), D(2025, 3, 15), 80.0),
        sub("f1", "free", D(2024, 6, 1), None, 0.0),  # MRR 0: never scored
    ],
    "touchpoints": [
        # quiet: no touchpoint at all
        # inbound: only inbound ones (one also answered: still one two-way touchpoint)
        touch("i-0", "inbound", T(2024, 12, 5, 9), "inbound"),
        touch("i-1", "inbound", T(2024, 12, 31, 23, 59, 59), "inbound"),  # Mar: L-90, out
        touch("i-2", "inbound", T(2025, 1, 1), "inbound", kind="call"),  # Mar: L-89, in
        touch("i-3", "inbound", T(2025, 2, 10, 14), "inbound", T(2025, 2, 10, 15)),
        touch("i-4", "inbound", T(2025, 3, 31, 23, 59, 59), "inbound"),  # Mar: on L, in
        touch("i-5", "inbound", T(2025, 4, 1), "inbound"),  # Mar: after L
        # mixed: outbound answered and not, inbound, null direction answered and not
        touch("m-0", "mixed", T(2024, 12, 20, 10), "outbound", T(2024, 12, 21, 8)),
        touch("m-1", "mixed", T(2025, 1, 15, 10), "outbound"),
        touch("m-2", "mixed", T(2025, 1, 20, 10), None, T(2025, 1, 21, 10)),
        touch("m-3", "mixed", T(2025, 2, 3, 10), "outbound", T(2025, 2, 4, 9)),
        touch("m-4", "mixed", T(2025, 2, 20, 10), "outbound"),
        touch("m-5", "mixed", T(2025, 3, 5, 10), "inbound", T(2025, 3, 5, 12)),
        touch("m-6", "mixed", T(2025, 3, 12, 10), "outbound"),
        touch("m-7", "mixed", T(2025, 3, 20, 10), None),
        # busy: 8 outbound in Jan..Mar, 7 answered, plus 2 inbound: more two-way than target
        *(touch(f"b-{i}", "busy", T(2025, m, d, 11), "outbound", T(2025, m, d, 11) + DAY)
          for i, (m, d) in enumerate([(1, 5), (1, 19), (2, 2), (2, 16), (3, 2), (3, 16),
                                      (3, 28)])),
        touch("b-7", "busy", T(2025, 3, 30, 9), "outbound"),
        touch("b-8", "busy", T(2025, 2, 9, 9), "inbound", kind="meeting"),
        touch("b-9", "busy", T(2025, 3, 9, 9), "inbound", kind="meeting"),
        # gone: churns Mar 15
        touch("g-0", "gone", T(2025, 2, 5, 10), "outbound", T(2025, 2, 6, 10)),
        touch("g-1", "gone", T(2025, 2, 12, 10), "outbound"),
        touch("g-2", "gone", T(2025, 3, 10, 10), "inbound"),
        # free: pays 0, so never scored however engaged
        *(touch(f"f-{i}", "free", T(2025, 3, 1 + i, 10), "inbound") for i in range(6)),
    ],
}
MARCH_COMPONENTS: dict[str, dict[str, float | None]] = {
    # no touchpoint: frequency 0, responsiveness left out -> score 0
    "quiet": {"frequency": 0.0, "responsiveness": None},
    # outbound in Jan 1 .. Mar 31: m-1, m-3, m-4, m-6 = 4, answered m-3 -> 25; two-way: m-2
    # (null direction, answered), m-3 (answered), m-5 (inbound) = 3 -> 100 * 3/6 = 50; m-7 (null
    # direction, unanswered) is nothing; m-0 (Dec 20) is out
    "mixed": {"frequency": 50.0, "responsiveness": 25.0},
    # i-2 (Jan 1 = L-89), i-3, i-4 (Mar 31 23:59:59 = L) = 3 -> 50; i-1 (Dec 31 = L-90) and i-5
    # (Apr 1) out; no outbound -> responsiveness left out
    "inbound": {"frequency": 50.0, "responsiveness": None},
    # two-way: 7 answered outbound + 2 inbound = 9 > 6 -> capped at 100; responsiveness 7/8
    "busy": {"frequency": 100.0, "responsiveness": 87.5},
}
MARCH = {
    "quiet": 0.0,  # only frequency counts: 0
    "mixed": 37.5,  # (50 + 25) / 2
    "inbound": 50.0,  # only frequency counts: 50
    "busy": 93.75,  # (100 + 87.5) / 2
}
# the bucket: (0 + 37.5 + 50 + 93.75) / 4 = 181.25 / 4
MARCH_MEAN = 45.3125
# by segment: smb quiet, mixed: 37.5 / 2; ent inbound alone (gone is not paying on Mar 31): 50;
# the null segment busy: 93.75; mid (free, MRR 0) has nobody scored: null
MARCH_SEGMENT: dict[str | None, float | None] = {"smb": 18.75, "ent": 50.0, None: 93.75,
                                                  "mid": None}
# target 12, weights {"frequency": 1}: the score is frequency = 100 * min(1, two-way / 12)
MARCH_T12 = {
    "quiet": 0.0,
    "mixed": 25.0,  # 3 / 12
    "inbound": 25.0,  # 3 / 12
    "busy": 75.0,  # 9 / 12, no longer capped
}
MARCH_T12_MEAN = 31.25  # (0 + 25 + 25 + 75) / 4
# target 12, default weights: quiet 0, mixed (25 + 25) / 2 = 25, inbound 25 (alone),
# busy (75 + 87.5) / 2 = 81.25
MARCH_T12_DEFAULT = {"quiet": 0.0, "mixed": 25.0, "inbound": 25.0, "busy": 81.25}
FEBRUARY = {
    # 90 days Dec 1 .. Feb 28: outbound g-0 (answered), g-1 -> 50; two-way g-0 = 1 -> 100/6;
    # (100/6 + 50) / 2 = 100/3
    "gone": 100 / 3,
    # i-0 (Dec 5), i-1 (Dec 31 23:59:59), i-2, i-3 = 4 -> 100 * 4/6, responsiveness left out
    "inbound": 200 / 3,
    # outbound m-0, m-1, m-3, m-4, answered m-0, m-3 -> 50; two-way m-0, m-2, m-3 = 3 -> 50
    "mixed": 50.0,
    # outbound b-0 .. b-3 all answered -> 100; two-way 4 + b-8 = 5 -> 500/6; (500/6 + 100) / 2
    "busy": 275 / 3,
    "quiet": 0.0,
}
# the week Mon Mar 24 .. Sun Mar 30 (L = Mar 30): 90 days Dec 31 .. Mar 30, so inbound's
# Dec 31 23:59:59 (now L-89) is in and Mar 31 is out: i-1, i-2, i-3 = 3 -> 50 again
# busy on Mar 30: b-7 (Mar 30 09:00, unanswered) is in: the same 9 two-way and 7/8 -> 93.75
WEEK_MAR24 = {"inbound": 50.0, "busy": 93.75, "quiet": 0.0, "mixed": 37.5}
# the week Mon Mar 31 .. Sun Apr 6 (L = Apr 6): 90 days Jan 7 .. Apr 6: inbound i-3, i-4, i-5 ->
# 50; busy loses b-0 (Jan 5): 6 answered of 7 outbound -> 600/7, two-way 6 + 2 = 8 -> 100
WEEK_MAR31 = {"inbound": 50.0, "busy": (100 + 600 / 7) / 2}


def edge_kit(make_kit: MakeKit) -> ck.Kit:
    return make_kit(EDGE)


def test_oracle_agrees_with_the_hand_derived_numbers() -> None:
    o = Oracle(EDGE)
    last = D(2025, 3, 31)
    comps = o.components(last)
    assert set(comps) == set(MARCH_COMPONENTS)  # gone, free not scored
    for acc, want in MARCH_COMPONENTS.items():
        for k, v in want.items():
            got = comps[acc][k]
            assert (got is None) if v is None else got == pytest.approx(v), (acc, k, got, v)
    assert o.scores(last) == pytest.approx(MARCH)
    assert o.scores(last, FREQ_ONLY, 12) == pytest.approx(MARCH_T12)
    assert o.scores(last, None, 12) == pytest.approx(MARCH_T12_DEFAULT)
    assert o.scores(D(2025, 2, 28)) == pytest.approx(FEBRUARY)
    assert o.expected("month", MAR, last)[(MAR,)] == pytest.approx(MARCH_MEAN)
    seg = o.expected("month", MAR, last, by="segment")
    assert seg == {(MAR, g): (None if v is None else pytest.approx(v))
                   for g, v in MARCH_SEGMENT.items()}
    week = o.expected("week", D(2025, 3, 24), D(2025, 4, 6), by="account_id")
    for acc, want in WEEK_MAR24.items():
        assert week[(D(2025, 3, 24), acc)] == pytest.approx(want), acc
    for acc, want in WEEK_MAR31.items():
        assert week[(D(2025, 3, 31), acc)] == pytest.approx(want), acc


def test_edge_month_per_account(make_kit: MakeKit) -> None:
    kit = edge_kit(make_kit)
    res = compute(kit, "month", "2025-01-01", "2025-04-30", by=["account_id"])
    got = result(res, METRIC, ["account_id"])
    assert set(got) == {(p, a) for p in (JAN, FEB, MAR, APR) for a in SEGMENTS}
    for acc, want in MARCH.items():
        assert got[(MAR, acc)] == (pytest.approx(want, rel=1e-9, abs=1e-12), None), acc
    for acc, want in FEBRUARY.items():
        assert got[(FEB, acc)][0] == pytest.approx(want, rel=1e-9, abs=1e-12), acc
    # churned and free accounts are not scored
    assert got[(MAR, "gone")] == (None, None) and got[(APR, "gone")] == (None, None)
    assert all(got[(p, "free")] == (None, None) for p in (JAN, FEB, MAR, APR))
    check(res, Oracle(EDGE).expected("month", JAN, D(2025, 4, 30), by="account_id"),
          by=["account_id"], what="month by account")


def test_edge_month_buckets_and_segments(make_kit: MakeKit) -> None:
    kit = edge_kit(make_kit)
    o = Oracle(EDGE)
    res = compute(kit, "month", "2025-01-01", "2025-04-30")
    got = result(res, METRIC)
    assert got[(MAR,)] == (pytest.approx(MARCH_MEAN, rel=1e-9), None)
    # February: (100/3 + 200/3 + 50 + 275/3 + 0) / 5 = (575/3 + 50) / 5
    assert got[(FEB,)][0] == pytest.approx((575 / 3 + 50) / 5, rel=1e-9)
    check(res, o.expected("month", JAN, D(2025, 4, 30)), what="month")
    for by in (["segment"], "segment"):
        seg = result(compute(kit, "month", "2025-03-01", "2025-03-31", by=by), METRIC,
                     ["segment"])
        assert set(seg) == {(MAR, g) for g in MARCH_SEGMENT}
        for g, want in MARCH_SEGMENT.items():
            v, st_ = seg[(MAR, g)]
            assert st_ is None, g
            assert (v is None) if want is None else v == pytest.approx(want, rel=1e-9), g
    res = compute(kit, "month", "2025-01-01", "2025-04-30", by="segment")
    check(res, o.expected("month", JAN, D(2025, 4, 30), by="segment"), by=["segment"],
          what="month by segment")


def test_edge_custom_target_and_weights(make_kit: MakeKit) -> None:
    kit = edge_kit(make_kit)
    o = Oracle(EDGE)
    res = compute(kit, "month", "2025-01-01", "2025-04-30", by=["account_id"],
                  weights=FREQ_ONLY, target=12)
    got = values(res, ["account_id"])
    assert {a: got[(MAR, a)] for a in MARCH_T12} == pytest.approx(MARCH_T12, rel=1e-9)
    check(res, o.expected("month", JAN, D(2025, 4, 30), FREQ_ONLY, 12, by="account_id"),
          by=["account_id"], what="target 12, frequency only")
    total = values(compute(kit, "month", "2025-03-01", "2025-03-31", weights=FREQ_ONLY,
                           target=12))
    assert total == {(MAR,): pytest.approx(MARCH_T12_MEAN, rel=1e-9)}
    # target alone
    got = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                         target=12), ["account_id"])
    assert {a: got[(MAR, a)] for a in MARCH_T12_DEFAULT} == pytest.approx(MARCH_T12_DEFAULT)
    # weights alone, default target: frequency only -> quiet 0, mixed 50, inbound 50, busy 100
    got = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                         weights=FREQ_ONLY), ["account_id"])
    assert {a: got[(MAR, a)] for a in MARCH} == pytest.approx(
        {"quiet": 0.0, "mixed": 50.0, "inbound": 50.0, "busy": 100.0})
    # 3 : 1 toward responsiveness: mixed (50 + 3 * 25) / 4 = 31.25, busy (100 + 262.5) / 4;
    # quiet and inbound have no responsiveness, so their score is frequency alone
    skew = {"frequency": 1.0, "responsiveness": 3.0}
    got = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                         weights=skew), ["account_id"])
    assert {a: got[(MAR, a)] for a in MARCH} == pytest.approx(
        {"quiet": 0.0, "mixed": 31.25, "inbound": 50.0, "busy": 90.625})
    # the defaults spelled out, and scaled by 10, give the default scores
    for weights in (DEFAULT_WEIGHTS, {"frequency": 5.0, "responsiveness": 5.0}):
        got = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                             weights=weights), ["account_id"])
        assert {a: got[(MAR, a)] for a in MARCH} == pytest.approx(MARCH)


def test_edge_week_and_quarter(make_kit: MakeKit) -> None:
    kit = edge_kit(make_kit)
    o = Oracle(EDGE)
    first, last = D(2025, 3, 17), D(2025, 4, 6)  # ISO weeks ending Mar 23, Mar 30, Apr 6
    for by in (None, "account_id", "segment"):
        res = compute(kit, "week", first.isoformat(), last.isoformat(),
                      by=None if by is None else [by])
        check(res, o.expected("week", first, last, by=by), by=() if by is None else [by],
              what=f"week by {by}")
        if by == "account_id":
            got = values(res, ["account_id"])
            for acc, want in WEEK_MAR24.items():
                assert got[(D(2025, 3, 24), acc)] == pytest.approx(want, rel=1e-9), acc
            for acc, want in WEEK_MAR31.items():
                assert got[(D(2025, 3, 31), acc)] == pytest.approx(want, rel=1e-9), acc
    res = compute(kit, "week", first.isoformat(), last.isoformat(), weights=FREQ_ONLY,
                  target=12)
    check(res, o.expected("week", first, last, FREQ_ONLY, 12), what="week custom")
    # Q1 2025 ends Mar 31: the March numbers; Q4 2024 ends Dec 31
    res = compute(kit, "quarter", "2024-10-01", "2025-06-30", by=["account_id"])
    got = values(res, ["account_id"])
    for acc, want in MARCH.items():
        assert got[(JAN, acc)] == pytest.approx(want, rel=1e-9, abs=1e-12), acc
    assert got[(JAN, "gone")] is None
    check(res, o.expected("quarter", D(2024, 10, 1), D(2025, 6, 30), by="account_id"),
          by=["account_id"], what="quarter by account")
    total = values(compute(kit, "quarter", "2025-01-01", "2025-03-31"))
    assert total == {(JAN,): pytest.approx(MARCH_MEAN, rel=1e-9)}


def test_no_paying_account_gives_null_buckets(make_kit: MakeKit) -> None:
    data = {**EDGE, "subscriptions": [sub("f1", "free", D(2024, 1, 1), None, 0.0)]}
    kit = make_kit(data)
    res = compute(kit, "month", "2025-02-01", "2025-03-31")
    assert result(res, METRIC) == {(FEB,): (None, None), (MAR,): (None, None)}


@pytest.mark.parametrize("weights", [
    {"frequency": 1.0, "loyalty": 1.0},  # an unknown name
    {"frequency": -0.1, "responsiveness": 1.0},  # negative
    {"frequency": float("nan"), "responsiveness": 1.0},  # NaN
    {"frequency": 0.0, "responsiveness": 0.0},  # all zero
    {"responsiveness": 0.0},  # all zero (the other left out)
    {},  # nothing weighs
    [0.5, 0.5],  # not a dict
    "frequency",  # not a dict
], ids=["unknown", "negative", "nan", "all-zero", "all-zero-partial", "empty", "list",
        "string"])
def test_bad_weights_raise(make_kit: MakeKit, weights: Any) -> None:
    kit = edge_kit(make_kit)
    with pytest.raises(ck.ParamError):
        kit.compute([METRIC], grain="month", start="2025-03-01", end="2025-03-31",
                    params={METRIC: {"weights": weights}})


@pytest.mark.parametrize("target", [0, -1, 1001, 2.5, "6", None, float("nan")],
                         ids=["zero", "negative", "too-big", "fraction", "string", "none", "nan"])
def test_bad_target_raises(target: Any) -> None:
    kit = ck.connect(tables={n: canonical(n, r) for n, r in EDGE.items()})
    with pytest.raises(ck.ParamError):
        kit.compute([METRIC], grain="month", start="2025-03-01", end="2025-03-31",
                    params={METRIC: {"target": target}})


def test_target_bounds_are_accepted() -> None:
    """target 1 and 1000 are in range: any two-way touchpoint gives 100 / 0.1 per touchpoint."""
    kit = ck.connect(tables={n: canonical(n, r) for n, r in EDGE.items()})
    one = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                         target=1), ["account_id"])
    # target 1: frequency 100 for mixed, inbound, busy -> mixed (100 + 25) / 2, busy 93.75
    assert {a: one[(MAR, a)] for a in MARCH} == pytest.approx(
        {"quiet": 0.0, "mixed": 62.5, "inbound": 100.0, "busy": 93.75})
    big = values(compute(kit, "month", "2025-03-01", "2025-03-31", by=["account_id"],
                         target=1000), ["account_id"])
    # target 1000: frequency 0.3 (mixed, inbound), 0.9 (busy)
    assert {a: big[(MAR, a)] for a in MARCH} == pytest.approx(
        {"quiet": 0.0, "mixed": 25.3 / 2, "inbound": 0.3, "busy": 88.4 / 2})


# -- seeded random data ------------------------------------------------------------------------
RANDOM_SEGMENTS: dict[str, str | None] = {f"r{i:02d}": s for i, s in enumerate(
    ["smb", "smb", "ent", "mid", None, "ent", "smb", "mid", "ent", None])}
DIRECTIONS = ["inbound", "outbound", "outbound", None]


def random_data(seed: int) -> dict[str, list[Row]]:
    """Ten accounts from mid-2024 to autumn 2025: touchpoints from none to a flood, inbound,
    outbound and null direction, answered or not (some answers after the bucket's end), on
    midnights and one microsecond before; subscriptions that start, change, stop, come back and
    cost 0."""
    rng = random.Random(seed)
    lo, hi = D(2024, 6, 1), D(2025, 10, 31)
    span = (hi - lo).days
    data: dict[str, list[Row]] = {"accounts": accounts_rows(RANDOM_SEGMENTS),
                                  "subscriptions": [], "touchpoints": []}

    def instant(d: dt.date) -> dt.datetime:
        kind = rng.random()
        if kind < 0.15:
            return T(d.year, d.month, d.day)
        if kind < 0.3:
            return T(d.year, d.month, d.day, 23, 59, 59, 999999)
        return T(d.year, d.month, d.day) + dt.timedelta(seconds=rng.randrange(86400))

    for acc in RANDOM_SEGMENTS:
        day = lo + dt.timedelta(days=rng.randrange(span // 2))
        mrr = rng.choice([0.0, 50.0, 99.5, 120.0, 400.0])
        for j in range(5):
            end = None if rng.random() < 0.25 else day + rng.choice([30, 75, 120, 200]) * DAY
            data["subscriptions"].append(sub(f"{acc}-s{j}", acc, day, end, mrr))
            if end is None:
                break
            step = rng.random()
            if step < 0.6:
                day, mrr = end, rng.choice([mrr / 2, 2 * mrr, mrr, 0.0, 80.0])
            elif step < 0.85:
                day, mrr = end + rng.choice([10, 60]) * DAY, rng.choice([50.0, 250.0])
            else:
                break
        rate = rng.choice([0.0, 0.01, 0.03, 0.08, 0.2])
        p_in, p_answer = rng.random(), rng.random()
        for i in range(span + 1):
            if rng.random() < rate:
                at = instant(lo + i * DAY)
                direction = ("inbound" if rng.random() < p_in * 0.5
                             else rng.choice(DIRECTIONS[1:]))
                answered = rng.random() < p_answer
                responded = at + dt.timedelta(hours=rng.randrange(1, 200)) if answered else None
                data["touchpoints"].append(touch(f"{acc}-t{i}", acc, at, direction, responded,
                                                 rng.choice(["email", "call", "meeting"])))
    return data


SEEDS = [8, 2025]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_against_oracle(make_kit: MakeKit, seed: int) -> None:
    data = random_data(seed)
    kit = make_kit(data)
    o = Oracle(data)
    months = (D(2025, 1, 1), D(2025, 9, 30))
    # the data exercise what they should: responsiveness left out and not, frequency at 0,
    # capped at 100 and in between, unpaid accounts
    comps = [c for m in buckets(*months, "month")
             for c in o.components(last_day(m, "month")).values()]
    assert any(c["responsiveness"] is None for c in comps)
    assert any(c["responsiveness"] is not None and 0 < c["responsiveness"] < 100 for c in comps)
    assert any(c["frequency"] == 0 for c in comps) and any(c["frequency"] == 100 for c in comps)
    assert any(0 < (c["frequency"] or 0) < 100 for c in comps)
    per = o.expected("month", *months, by="account_id")
    assert any(v is None for v in per.values())
    weeks = (D(2025, 3, 3), D(2025, 5, 25))
    for grain, (first, last) in (("month", months), ("week", weeks)):
        for weights, target in ((None, None), ({"frequency": 0.2, "responsiveness": 0.8}, 3)):
            for by in (None, "account_id", "segment"):
                res = compute(kit, grain, first.isoformat(), last.isoformat(),
                              by=None if by is None else [by], weights=weights, target=target)
                want = o.expected(grain, first, last, weights,
                                  DEFAULT_TARGET if target is None else target, by=by)
                check(res, want, by=() if by is None else [by],
                      what=f"seed {seed} {grain} {by} {weights} {target}")


# -- a property: every score is in [0, 100] ----------------------------------------------------
touch_st = st.lists(st.builds(
    lambda acc, minutes, direction, reply: {
        "account_id": acc, "occurred_at": T(2024, 11, 1) + dt.timedelta(minutes=minutes),
        "kind": "email", "direction": direction,
        "responded_at": None if reply is None
        else T(2024, 11, 1) + dt.timedelta(minutes=minutes + reply)},
    st.sampled_from(ACCOUNT_IDS), st.integers(0, 181 * 24 * 60 - 1),
    st.sampled_from(["inbound", "outbound", None]), st.one_of(st.none(), st.integers(1, 9999))),
    max_size=40)
weights_st = st.fixed_dictionaries(
    {"frequency": st.sampled_from([0.1, 0.5, 1.0, 7.0])},
    optional={"responsiveness": st.sampled_from([0.0, 0.5, 3.0])})


@fast(15)
@given(subs=subscription_rows(min_size=1), tps=touch_st,
       weights=st.one_of(st.none(), weights_st), target=st.sampled_from([1, 2, 6, 1000]),
       grain=st.sampled_from(["week", "month"]))
def test_property_scores_in_range(subs: list[Row], tps: list[Row],
                                  weights: dict[str, float] | None, target: int,
                                  grain: str) -> None:
    tps = [dict(t, touchpoint_id=f"t{i}") for i, t in enumerate(tps)]
    data = {"subscriptions": subs, "touchpoints": tps,
            "accounts": accounts_rows(dict.fromkeys(ACCOUNT_IDS, "smb"))}
    kit = ck.connect(tables={name: canonical(name, rows) for name, rows in data.items()})
    first, last = D(2024, 12, 1), D(2025, 5, 31)
    res = compute(kit, grain, first.isoformat(), last.isoformat(), by=["account_id"],
                  weights=weights, target=target)
    for key, (v, st_) in result(res, METRIC, ["account_id"]).items():
        if v is not None:
            assert math.isfinite(v) and 0 <= v <= 100, (key, v)
        assert st_ is None, (key, st_)
    check(res, Oracle(data).expected(grain, first, last, weights, target, by="account_id"),
          by=["account_id"], what=f"{grain} {weights} {target}")
