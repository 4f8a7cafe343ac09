"""Contract metrics (acv, renewal_rate, net_renewal_rate) against a plain-Python oracle.

The oracle below is written from the words of the issue-7 spec ("Contracts") and never looks at
the Ibis code in plugins/. It walks the contract rows with dicts and loops:

* contract years = months / 12, months = 12 * (end.year - start.year) + (end.month -
  start.month) + (end.day - start.day) / 30.4375 (end_date exclusive);
* annualised value = recurring_value / contract years; with ``include_one_time`` (acv only) the
  one-time value (null counting as 0) is added to the recurring value before dividing;
* acv = the mean annualised value of the contracts whose start_date falls in the bucket;
* contracts up for renewal = those whose end_date itself falls in the bucket
  (bucket start <= end_date < next bucket start);
* the renewals of a contract = every contract whose renewal_of is its contract_id, whatever
  their dates (early, on time, late, or outside the computed range) and however many;
* renewal_rate = renewed / up (counts); ``by_value``: sum of min(annualised renewals summed,
  own annualised) / sum of own annualised; net_renewal_rate = sum of annualised renewals /
  sum of own annualised; all three null when nothing is up, acv null when nothing starts;
* ``by=["segment"]``: a contract's group is its account's segment; a null segment and an account
  missing from accounts are one None group; every group appears in every bucket.

Hand-made contracts with hand-derived numbers pin the definitions down; outside worked examples
(seed 004, two published renewal-rate examples) are reproduced; seeded random contract sets are
compared with the oracle. Every test runs on DuckDB and on PostgreSQL (the `make_kit` fixture).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pytest

import csm_kit as ck
from tests.oracle_calendar import bucket_of, buckets
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime
MakeKit = Callable[..., ck.Kit]
Expected = dict[tuple, float | None]

# The five variants checked: name -> (metric id, params).
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "acv": ("acv", {}),
    "acv_one_time": ("acv", {"include_one_time": True}),
    "renewal_rate": ("renewal_rate", {}),
    "renewal_rate_value": ("renewal_rate", {"by_value": True}),
    "net_renewal_rate": ("net_renewal_rate", {}),
}
RENEWAL = ("renewal_rate", "renewal_rate_value", "net_renewal_rate")


# -- statuses (spec: renewal_rate good >= 0.85, net_renewal_rate good >= 1.0, acv no band) ----
def no_status(v: float | None) -> None:
    return None


def renewal_status(v: float | None) -> str | None:
    return None if v is None else "good" if v >= 0.85 else "bad"


def net_status(v: float | None) -> str | None:
    return None if v is None else "good" if v >= 1.0 else "bad"


STATUS: dict[str, Callable[[float | None], str | None]] = {
    "acv": no_status,
    "acv_one_time": no_status,
    "renewal_rate": renewal_status,
    "renewal_rate_value": renewal_status,  # the spec's band has no variant condition
    "net_renewal_rate": net_status,
}


# -- rows --------------------------------------------------------------------------------------
def con(cid: str, acc: str, start: dt.date, end: dt.date, recurring: float, *,
        one_time: float | None = None, renewal_of: str | None = None) -> dict[str, Any]:
    return {"contract_id": cid, "account_id": acc, "start_date": start, "end_date": end,
            "recurring_value": recurring, "one_time_value": one_time, "renewal_of": renewal_of}


def accounts_rows(segments: Mapping[str, str | None]) -> list[dict[str, Any]]:
    return [{"account_id": a, "segment": s, "created_at": T(2020, 1, 1)}
            for a, s in segments.items()]


# -- the oracle --------------------------------------------------------------------------------
def contract_years(start: dt.date, end: dt.date) -> float:
    months = (12 * (end.year - start.year) + (end.month - start.month)
              + (end.day - start.day) / 30.4375)
    return months / 12


def annualised(c: Mapping[str, Any], include_one_time: bool = False) -> float:
    value = c["recurring_value"]
    if include_one_time and c["one_time_value"] is not None:
        value += c["one_time_value"]
    return value / contract_years(c["start_date"], c["end_date"])


def groups_of(contracts: Iterable[Mapping[str, Any]],
              segment_of: Mapping[str, str | None]) -> list[str | None]:
    """Every accounts segment (null = None) plus None when a contract's account is missing."""
    out = set(segment_of.values())
    if any(c["account_id"] not in segment_of for c in contracts):
        out.add(None)
    return sorted(out, key=repr)


def oracle(contracts: Sequence[Mapping[str, Any]], grain: str, first: dt.date, last: dt.date,
           segment_of: Mapping[str, str | None] | None = None) -> dict[str, Expected]:
    """{variant: {(period_start[, segment]): value or None}} for every bucket (and group)."""
    spine = buckets(first, last, grain)

    def key(b: dt.date, acc: str) -> tuple:
        return (b, segment_of.get(acc)) if segment_of is not None else (b,)

    keys = ([(b, g) for b in spine for g in groups_of(contracts, segment_of)]
            if segment_of is not None else [(b,) for b in spine])
    renewals: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    starting: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    up: dict[tuple, list[Mapping[str, Any]]] = defaultdict(list)
    for c in contracts:
        if c["renewal_of"] is not None:
            renewals[c["renewal_of"]].append(c)
        if (b := bucket_of(c["start_date"], grain)) in spine:
            starting[key(b, c["account_id"])].append(c)
        if (b := bucket_of(c["end_date"], grain)) in spine:  # the end_date itself
            up[key(b, c["account_id"])].append(c)
    out: dict[str, Expected] = {v: {} for v in VARIANTS}
    for k in keys:
        s = starting[k]
        out["acv"][k] = sum(annualised(c) for c in s) / len(s) if s else None
        out["acv_one_time"][k] = sum(annualised(c, True) for c in s) / len(s) if s else None
        u = up[k]
        if not u:
            for v in RENEWAL:
                out[v][k] = None
            continue
        own = [annualised(c) for c in u]
        renewed = [sum(annualised(r) for r in renewals[c["contract_id"]]) for c in u]
        out["renewal_rate"][k] = sum(1 for c in u if renewals[c["contract_id"]]) / len(u)
        out["renewal_rate_value"][k] = sum(map(min, renewed, own)) / sum(own)
        out["net_renewal_rate"][k] = sum(renewed) / sum(own)
    return out


# -- computing and comparing -------------------------------------------------------------------
def compute_all(kit: ck.Kit, **kwargs: Any) -> dict[str, ck.MetricFrame]:
    """{variant: the frame holding it}: defaults in one compute, the param variants in another."""
    plain = kit.compute(["acv", "renewal_rate", "net_renewal_rate"], **kwargs)
    switched = kit.compute(["acv", "renewal_rate"], **kwargs,
                           params={"acv": {"include_one_time": True},
                                   "renewal_rate": {"by_value": True}})
    assert not plain.errors and not switched.errors, {**plain.errors, **switched.errors}
    return {"acv": plain, "acv_one_time": switched, "renewal_rate": plain,
            "renewal_rate_value": switched, "net_renewal_rate": plain}


def check_all(frames: Mapping[str, ck.MetricFrame], expected: Mapping[str, Expected],
              by: Sequence[str] = (), what: str = "") -> None:
    """Every variant in `expected`: every bucket/group value and status, none missing or extra."""
    for variant, want in expected.items():
        metric = VARIANTS[variant][0]
        check(frames[variant], metric, dict(want), STATUS[variant], by=by, what=f"{variant} {what}")


def assert_same(got: Mapping[str, Expected], want: Mapping[str, Expected]) -> None:
    """The oracle agrees with hand-derived numbers (same keys, values to 1e-12)."""
    for variant, rows in want.items():
        assert set(got[variant]) == set(rows), variant
        for k, v in rows.items():
            g = got[variant][k]
            assert (g is None) if v is None else g == pytest.approx(v, abs=1e-12), (variant, k, g, v)


def months_2025(values: Sequence[float | None]) -> Expected:
    """{(first of month,): value} for Jan..Dec 2025."""
    assert len(values) == 12
    return {(D(2025, m, 1),): v for m, v in enumerate(values, start=1)}


# -- hand-made contracts -----------------------------------------------------------------------
# Annualised values (recurring / contract years) are in the comments.
EDGE = [
    # a renewal chain of three: A1 -> A2 -> A3
    con("A1", "a", D(2024, 3, 1), D(2025, 3, 1), 12000.0),  # 1 y: 12000; up Mar 2025
    # renewed on time at a higher value: 6 months (0.5 y) for 7000 -> 14000; up Sep 2025
    con("A2", "a", D(2025, 3, 1), D(2025, 9, 1), 7000.0, renewal_of="A1"),
    # A2 renewed at a lower value: 13000 < 14000; up Sep 2026, never renewed
    con("A3", "a", D(2025, 9, 1), D(2026, 9, 1), 13000.0, renewal_of="A2"),
    # renewed early (B2 starts Mar 20, before B1 ends Apr 15) at a lower value
    con("B1", "b", D(2024, 4, 15), D(2025, 4, 15), 24000.0),  # 24000; up Apr 2025
    # 18000; its one-time value only moves acv with include_one_time: (18000 + 2000) / 1
    con("B2", "b", D(2025, 3, 20), D(2026, 3, 20), 18000.0, one_time=2000.0, renewal_of="B1"),
    # renewed late (a gap in May and June) by a 2-year contract: 26000 / 2 = 13000 vs 10000
    con("C1", "c", D(2024, 5, 1), D(2025, 5, 1), 10000.0),  # 10000; up May 2025
    con("C2", "c", D(2025, 7, 1), D(2027, 7, 1), 26000.0, one_time=4000.0, renewal_of="C1"),
    # renewed by two contracts (a split): 8000 + 7000 / 0.5 = 8000 + 14000 = 22000 vs 20000
    con("D1", "d", D(2024, 6, 1), D(2025, 6, 1), 20000.0),  # 20000; ends Sunday 2025-06-01
    con("D2", "d", D(2025, 6, 1), D(2026, 6, 1), 8000.0, renewal_of="D1"),
    con("D3", "d", D(2025, 6, 1), D(2025, 12, 1), 7000.0, renewal_of="D1"),  # up Dec 2025
    # never renewed
    con("E1", "e", D(2024, 6, 10), D(2025, 6, 10), 6000.0),  # 6000; up Tuesday 2025-06-10
    # one-time value set (F1) and null (F2)
    con("F1", "f", D(2025, 2, 1), D(2026, 2, 1), 9000.0, one_time=1000.0),  # 9000 / 10000
    con("F2", "f", D(2025, 2, 15), D(2025, 8, 15), 3000.0),  # 0.5 y: 6000; up Aug 2025
]
# d is missing from accounts, c has a null segment: both in the None group; g has no contract
EDGE_SEGMENTS: dict[str, str | None] = {"a": "smb", "b": "ent", "c": None, "e": "smb", "f": "mid",
                                        "g": "mid"}

# month by month in 2025
EDGE_MONTH: dict[str, Expected] = {
    # starts: Feb F1 9000, F2 6000; Mar A2 14000, B2 18000; Jun D2 8000, D3 14000; Jul C2 13000;
    # Sep A3 13000; no contract starts in the other months (null)
    "acv": months_2025([None, 7500, 16000, None, None, 11000, 13000, None, 13000, None, None,
                        None]),
    # one-time values: F1 (9000 + 1000) / 1, B2 (18000 + 2000) / 1, C2 (26000 + 4000) / 2
    "acv_one_time": months_2025([None, 8000, 17000, None, None, 11000, 15000, None, 13000, None,
                                 None, None]),
    # up: Mar A1 (renewed), Apr B1 (renewed), May C1 (renewed), Jun D1 (renewed), E1 (not),
    # Aug F2 (not), Sep A2 (renewed), Dec D3 (not); nothing up in Jan, Feb, Jul, Oct, Nov
    "renewal_rate": months_2025([None, None, 1.0, 1.0, 1.0, 0.5, None, 0.0, 1.0, None, None,
                                 0.0]),
    # Mar min(14000, 12000) / 12000; Apr min(18000, 24000) / 24000; May min(13000, 10000) /
    # 10000; Jun (min(22000, 20000) + 0) / (20000 + 6000); Sep min(13000, 14000) / 14000
    "renewal_rate_value": months_2025([None, None, 1.0, 0.75, 1.0, 20000 / 26000, None, 0.0,
                                       13000 / 14000, None, None, 0.0]),
    # Mar 14000 / 12000; Apr 18000 / 24000; May 13000 / 10000; Jun 22000 / 26000;
    # Sep 13000 / 14000
    "net_renewal_rate": months_2025([None, None, 14000 / 12000, 0.75, 1.3, 22000 / 26000, None,
                                     0.0, 13000 / 14000, None, None, 0.0]),
}


def test_contract_years_spec_examples() -> None:
    # the oracle's formula reproduces the spec's own examples
    assert contract_years(D(2025, 1, 15), D(2026, 1, 15)) == 1.0
    assert contract_years(D(2025, 1, 1), D(2025, 7, 1)) == 0.5
    # and the hand-made table above: the oracle agrees with every hand-derived number
    assert_same(oracle(EDGE, "month", D(2025, 1, 1), D(2025, 12, 31)), EDGE_MONTH)


def test_edge_contracts_month(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE})
    frames = compute_all(kit, grain="month", start="2025-01-01", end="2025-12-31")
    check_all(frames, EDGE_MONTH)
    # the statuses spelled out: Apr 0.75 bad, Sep 13000 / 14000 = 0.93 good by value but its
    # net rate is below 1.0
    rates = result(frames["renewal_rate_value"], "renewal_rate")
    assert rates[(D(2025, 4, 1),)] == (0.75, "bad")
    assert rates[(D(2025, 9, 1),)][1] == "good"
    net = result(frames["net_renewal_rate"], "net_renewal_rate")
    assert net[(D(2025, 9, 1),)][1] == "bad" and net[(D(2025, 5, 1),)] == (1.3, "good")
    assert all(s is None for _, s in result(frames["acv"], "acv").values())


def test_edge_contracts_quarter_and_year(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE})
    q1, q2, q3, q4 = (D(2025, m, 1) for m in (1, 4, 7, 10))
    quarter: dict[str, Expected] = {
        # Q1 starts F1 9000, F2 6000, A2 14000, B2 18000; Q2 D2 8000, D3 14000;
        # Q3 C2 13000, A3 13000; Q4 none
        "acv": {(q1,): 47000 / 4, (q2,): 11000.0, (q3,): 13000.0, (q4,): None},
        # Q1 10000 + 6000 + 14000 + 20000; Q3 15000 + 13000
        "acv_one_time": {(q1,): 50000 / 4, (q2,): 11000.0, (q3,): 14000.0, (q4,): None},
        # Q1 up A1 (renewed); Q2 B1, C1, D1 renewed, E1 not; Q3 F2 not, A2 renewed; Q4 D3 not
        "renewal_rate": {(q1,): 1.0, (q2,): 3 / 4, (q3,): 1 / 2, (q4,): 0.0},
        # Q2 (18000 + 10000 + 20000 + 0) / (24000 + 10000 + 20000 + 6000);
        # Q3 (0 + 13000) / (6000 + 14000)
        "renewal_rate_value": {(q1,): 1.0, (q2,): 48000 / 60000, (q3,): 13000 / 20000,
                               (q4,): 0.0},
        # Q2 (18000 + 13000 + 22000 + 0) / 60000
        "net_renewal_rate": {(q1,): 14000 / 12000, (q2,): 53000 / 60000, (q3,): 13000 / 20000,
                             (q4,): 0.0},
    }
    assert_same(oracle(EDGE, "quarter", q1, D(2025, 12, 31)), quarter)
    check_all(compute_all(kit, grain="quarter", start="2025-01-01", end="2025-12-31"), quarter)

    y24, y25, y26 = D(2024, 1, 1), D(2025, 1, 1), D(2026, 1, 1)
    year: dict[str, Expected] = {
        # 2024 starts A1 12000, B1 24000, C1 10000, D1 20000, E1 6000 (no one-time values);
        # 2025: the eight starts of the quarters above; 2026: none
        "acv": {(y24,): 72000 / 5, (y25,): 95000 / 8, (y26,): None},
        "acv_one_time": {(y24,): 72000 / 5, (y25,): 100000 / 8, (y26,): None},
        # 2024: nothing up; 2025: 8 up (A1 B1 C1 D1 E1 F2 A2 D3), 5 renewed (A1 B1 C1 D1 A2);
        # 2026: F1, B2, D2, A3 up and none renewed
        "renewal_rate": {(y24,): None, (y25,): 5 / 8, (y26,): 0.0},
        # 2025 capped: 12000 + 18000 + 10000 + 20000 + 13000 over
        # 12000 + 24000 + 10000 + 20000 + 6000 + 6000 + 14000 + 14000 = 106000
        "renewal_rate_value": {(y24,): None, (y25,): 73000 / 106000, (y26,): 0.0},
        # 2025 renewals: 14000 + 18000 + 13000 + 22000 + 13000
        "net_renewal_rate": {(y24,): None, (y25,): 80000 / 106000, (y26,): 0.0},
    }
    assert_same(oracle(EDGE, "year", y24, D(2026, 12, 31)), year)
    check_all(compute_all(kit, grain="year", start="2024-01-01", end="2026-12-31"), year)


def test_edge_contracts_week(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE})
    w1, w2, w3 = D(2025, 5, 26), D(2025, 6, 2), D(2025, 6, 9)  # ISO weeks (Mondays)
    week: dict[str, Expected] = {
        # D2 and D3 start on Sunday 2025-06-01: the week of Monday May 26
        "acv": {(w1,): 11000.0, (w2,): None, (w3,): None},
        "acv_one_time": {(w1,): 11000.0, (w2,): None, (w3,): None},
        # D1 ends on Sunday 2025-06-01 (renewed, 22000 vs 20000); E1 on Tuesday 2025-06-10
        "renewal_rate": {(w1,): 1.0, (w2,): None, (w3,): 0.0},
        "renewal_rate_value": {(w1,): 1.0, (w2,): None, (w3,): 0.0},
        "net_renewal_rate": {(w1,): 22000 / 20000, (w2,): None, (w3,): 0.0},
    }
    assert_same(oracle(EDGE, "week", w1, D(2025, 6, 15)), week)
    check_all(compute_all(kit, grain="week", start="2025-05-26", end="2025-06-15"), week)
    # and every week of 2025 against the oracle
    check_all(compute_all(kit, grain="week", start="2025-01-01", end="2025-12-31"),
              oracle(EDGE, "week", D(2025, 1, 1), D(2025, 12, 31)), what="2025 weeks")


def test_renewals_are_found_outside_the_range(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE})
    # May alone: C1 is up, its renewal C2 starts in July, after the range: renewed, 13000/10000
    frames = compute_all(kit, grain="month", start="2025-05-01", end="2025-05-31")
    may = (D(2025, 5, 1),)
    check_all(frames, {"renewal_rate": {may: 1.0}, "renewal_rate_value": {may: 1.0},
                       "net_renewal_rate": {may: 1.3}, "acv": {may: None}})
    # April alone: B1 is up, its renewal B2 started in March, before the range: 18000 / 24000
    frames = compute_all(kit, grain="month", start="2025-04-01", end="2025-04-30")
    apr = (D(2025, 4, 1),)
    check_all(frames, {"renewal_rate": {apr: 1.0}, "renewal_rate_value": {apr: 0.75},
                       "net_renewal_rate": {apr: 0.75}})


def test_end_date_exclusive_bucket_boundary(make_kit: MakeKit) -> None:
    rows = [
        # ends (exclusive) on 2025-07-01: up in July, not June (end_date falls in the bucket)
        con("J1", "j", D(2024, 7, 1), D(2025, 7, 1), 1200.0),
        con("J2", "j", D(2025, 7, 1), D(2026, 7, 1), 1500.0, renewal_of="J1"),
        # ends on 2025-06-30: up in June, not renewed
        con("K1", "k", D(2024, 6, 30), D(2025, 6, 30), 800.0),
    ]
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2025-06-01", end="2025-07-31")
    jun, jul = (D(2025, 6, 1),), (D(2025, 7, 1),)
    check_all(frames, {
        "renewal_rate": {jun: 0.0, jul: 1.0},
        "renewal_rate_value": {jun: 0.0, jul: 1.0},
        "net_renewal_rate": {jun: 0.0, jul: 1500 / 1200},
        "acv": {jun: None, jul: 1500.0},  # J2 starts on July 1
    })


def test_contract_years_day_fraction(make_kit: MakeKit) -> None:
    rows = [
        # 2025-01-31 -> 2025-03-01: months = 2 + (1 - 31) / 30.4375 (not 29 days / 365)
        con("M1", "m", D(2025, 1, 31), D(2025, 3, 1), 1000.0, one_time=500.0),
        # 2025-01-15 -> 2026-01-15 is exactly 1 year (the spec's example)
        con("M2", "m", D(2025, 1, 15), D(2026, 1, 15), 3000.0),
        # 2024-02-29 -> 2025-02-28: months = 12 + (28 - 29) / 30.4375
        con("M3", "m", D(2024, 2, 29), D(2025, 2, 28), 2400.0),
    ]
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2025-01-01", end="2025-01-31")
    jan = (D(2025, 1, 1),)
    m1 = 1000 * 12 / (2 - 30 / 30.4375)
    m1_one_time = 1500 * 12 / (2 - 30 / 30.4375)
    check_all(frames, {"acv": {jan: (m1 + 3000) / 2}, "acv_one_time": {jan: (m1_one_time + 3000) / 2}})
    frames = compute_all(kit, grain="month", start="2024-02-01", end="2024-02-29")
    m3 = 2400 * 12 / (12 - 1 / 30.4375)
    check_all(frames, {"acv": {(D(2024, 2, 1),): m3}})


def test_by_segment_null_segment_and_missing_account(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE, "accounts": accounts_rows(EDGE_SEGMENTS)})
    q1, q2 = D(2025, 1, 1), D(2025, 4, 1)
    n = None  # the None group: c (null segment) and d (missing from accounts)
    expected: dict[str, Expected] = {
        # Q1 starts: smb A2 14000; ent B2 18000; mid F1 9000, F2 6000; Q2: D2 8000, D3 14000 (d)
        "acv": {(q1, "smb"): 14000.0, (q1, "ent"): 18000.0, (q1, "mid"): 7500.0, (q1, n): None,
                (q2, "smb"): None, (q2, "ent"): None, (q2, "mid"): None, (q2, n): 11000.0},
        "acv_one_time": {(q1, "smb"): 14000.0, (q1, "ent"): 20000.0, (q1, "mid"): 8000.0,
                         (q1, n): None, (q2, "smb"): None, (q2, "ent"): None, (q2, "mid"): None,
                         (q2, n): 11000.0},
        # Q1 up: A1 (smb); Q2 up: E1 (smb, not renewed), B1 (ent), C1 and D1 (None, renewed)
        "renewal_rate": {(q1, "smb"): 1.0, (q1, "ent"): None, (q1, "mid"): None, (q1, n): None,
                         (q2, "smb"): 0.0, (q2, "ent"): 1.0, (q2, "mid"): None, (q2, n): 1.0},
        # None group Q2: (min(13000, 10000) + min(22000, 20000)) / (10000 + 20000)
        "renewal_rate_value": {(q1, "smb"): 1.0, (q1, "ent"): None, (q1, "mid"): None,
                               (q1, n): None, (q2, "smb"): 0.0, (q2, "ent"): 0.75,
                               (q2, "mid"): None, (q2, n): 1.0},
        # None group Q2: (13000 + 22000) / 30000
        "net_renewal_rate": {(q1, "smb"): 14000 / 12000, (q1, "ent"): None, (q1, "mid"): None,
                             (q1, n): None, (q2, "smb"): 0.0, (q2, "ent"): 0.75,
                             (q2, "mid"): None, (q2, n): 35000 / 30000},
    }
    assert_same(oracle(EDGE, "quarter", q1, D(2025, 6, 30), EDGE_SEGMENTS), expected)
    frames = compute_all(kit, grain="quarter", start="2025-01-01", end="2025-06-30", by="segment")
    check_all(frames, expected, by=["segment"])
    # every month of 2025, every group
    frames = compute_all(kit, grain="month", start="2025-01-01", end="2025-12-31", by=["segment"])
    check_all(frames, oracle(EDGE, "month", D(2025, 1, 1), D(2025, 12, 31), EDGE_SEGMENTS),
              by=["segment"], what="by month")


def test_renewal_found_by_contract_id_only(make_kit: MakeKit) -> None:
    rows = [
        # renewed under another account (e.g. after a merger): renewal_of alone links them
        con("X1", "x", D(2025, 1, 10), D(2026, 1, 10), 5000.0),
        con("X2", "y", D(2026, 1, 10), D(2027, 1, 10), 6000.0, renewal_of="X1"),
        # renewal_of naming no contract renews nothing; it is still a contract for acv
        con("Z1", "z", D(2025, 12, 5), D(2026, 6, 5), 1000.0, renewal_of="ghost"),
        # up in January 2026, not renewed
        con("W1", "w", D(2025, 1, 20), D(2026, 1, 20), 3000.0),
    ]
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2025-12-01", end="2026-01-31")
    dec, jan = (D(2025, 12, 1),), (D(2026, 1, 1),)
    check_all(frames, {
        "acv": {dec: 2000.0, jan: 6000.0},  # Z1: 1000 / 0.5; X2: 6000 / 1
        "renewal_rate": {dec: None, jan: 1 / 2},
        "renewal_rate_value": {dec: None, jan: 5000 / 8000},
        "net_renewal_rate": {dec: None, jan: 6000 / 8000},
    })


# -- outside references ------------------------------------------------------------------------
def test_seed_004_net_customer_renewal_rate(make_kit: MakeKit) -> None:
    """shared/seeds/004_0c68d6b8a90b456c.txt, "14. Net Customer Renewal Rate": $1,000 of contracts
    up for renewal, $500 of them renewed plus $200 of expansion -> (500 + 200) / 1000 = 0.70."""
    rows = [
        # $300/year (a 2-year contract of 600) renewed at $450/year: 300 renewed + 150 expansion
        con("N1", "n1", D(2024, 3, 1), D(2026, 3, 1), 600.0),
        con("N1R", "n1", D(2026, 3, 1), D(2027, 3, 1), 450.0, renewal_of="N1"),
        # $200/year (6 months for 100) renewed by a 2-year contract of 500: 250/year,
        # 200 renewed + 50 expansion
        con("N2", "n2", D(2025, 9, 10), D(2026, 3, 10), 100.0),
        con("N2R", "n2", D(2026, 3, 10), D(2028, 3, 10), 500.0, renewal_of="N2"),
        # $500/year not renewed
        con("N3", "n3", D(2025, 3, 31), D(2026, 3, 31), 500.0),
    ]
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2026-03-01", end="2026-03-31")
    mar = (D(2026, 3, 1),)
    check_all(frames, {
        "net_renewal_rate": {mar: 0.70},  # (300 + 150 + 200 + 50) / (300 + 200 + 500)
        "renewal_rate_value": {mar: 0.5},  # the $500 renewed, capped at the old values
        "renewal_rate": {mar: 2 / 3},
    })
    assert result(frames["net_renewal_rate"], "net_renewal_rate")[mar][1] == "bad"


def test_published_count_examples(make_kit: MakeKit) -> None:
    """Two published worked examples of the (count) renewal rate:
    https://www.zapscale.com/blog/renewal-rate -- 100 contracts expiring in a month, 80 renew:
    80%; https://www.chargebee.com/resources/glossaries/what-is-renewal-rate/ -- 100 customers,
    90 renew: 90%."""
    rows: list[dict[str, Any]] = []
    for month, renewing in ((5, 80), (6, 90)):
        for i in range(100):
            cid = f"P{month}-{i}"
            end = D(2026, month, 1 + i % 28)
            rows.append(con(cid, f"acc{i}", D(2025, month, 1 + i % 28), end, 1000.0))
            if i < renewing:
                rows.append(con(f"{cid}R", f"acc{i}", end, D(2027, month, 1 + i % 28), 1000.0,
                                renewal_of=cid))
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2026-05-01", end="2026-06-30")
    may, jun = (D(2026, 5, 1),), (D(2026, 6, 1),)
    # every contract and renewal is worth 1000 a year: the value rates equal the counts
    check_all(frames, {"renewal_rate": {may: 0.80, jun: 0.90},
                       "renewal_rate_value": {may: 0.80, jun: 0.90},
                       "net_renewal_rate": {may: 0.80, jun: 0.90}})
    rates = result(frames["renewal_rate"], "renewal_rate")
    assert (rates[may][1], rates[jun][1]) == ("bad", "good")


def test_status_boundaries(make_kit: MakeKit) -> None:
    rows: list[dict[str, Any]] = []
    # March 2026: 20 up, 17 renewed at the same value -> exactly 0.85 ("good")
    for i in range(20):
        cid = f"Q{i}"
        rows.append(con(cid, f"q{i}", D(2025, 3, 5), D(2026, 3, 5), 1000.0))
        if i < 17:
            rows.append(con(f"{cid}R", f"q{i}", D(2026, 3, 5), D(2027, 3, 5), 1000.0,
                            renewal_of=cid))
    # April 2026: renewed for two years at 2000 = 1000 a year -> net exactly 1.0 ("good")
    rows.append(con("R1", "r", D(2025, 4, 1), D(2026, 4, 1), 1000.0))
    rows.append(con("R2", "r", D(2026, 4, 1), D(2028, 4, 1), 2000.0, renewal_of="R1"))
    kit = make_kit({"contracts": rows})
    frames = compute_all(kit, grain="month", start="2026-03-01", end="2026-04-30")
    mar, apr = (D(2026, 3, 1),), (D(2026, 4, 1),)
    check_all(frames, {"renewal_rate": {mar: 0.85, apr: 1.0},
                       "renewal_rate_value": {mar: 0.85, apr: 1.0},
                       "net_renewal_rate": {mar: 0.85, apr: 1.0}})
    assert result(frames["renewal_rate"], "renewal_rate")[mar] == (0.85, "good")
    net = result(frames["net_renewal_rate"], "net_renewal_rate")
    assert net[mar][1] == "bad" and net[apr] == (1.0, "good")


# -- data checks and empty data ----------------------------------------------------------------
SUBS = [{"subscription_id": "s1", "account_id": "a", "start_date": D(2025, 1, 10),
         "end_date": None, "mrr": 100.0},
        {"subscription_id": "s2", "account_id": "b", "start_date": D(2025, 2, 1),
         "end_date": D(2025, 3, 1), "mrr": 40.0}]
CONTRACT_IDS = ["acv", "renewal_rate", "net_renewal_rate"]


@pytest.mark.parametrize("end", [D(2025, 3, 1), D(2025, 2, 1)], ids=["end_eq_start", "end_before"])
def test_end_not_after_start_is_a_data_quality_error(make_kit: MakeKit, end: dt.date) -> None:
    rows = [con("ok", "a", D(2025, 1, 1), D(2026, 1, 1), 1200.0),
            con("bad", "b", D(2025, 3, 1), end, 500.0)]
    kit = make_kit({"contracts": rows, "subscriptions": SUBS})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}
    for metric in CONTRACT_IDS:
        with pytest.raises(ck.DataQualityError, match=r"contracts\.end_date"):
            kit.compute([metric], **rng, strict=True)
    with pytest.raises(ck.DataQualityError, match=r"contracts\.end_date"):
        kit.compute(["renewal_rate"], **rng, params={"renewal_rate": {"by_value": True}},
                    strict=True)
    # without strict the bad contracts do not take mrr down
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(["mrr", *CONTRACT_IDS], **rng)
    assert set(res.errors) == set(CONTRACT_IDS)
    for metric, err in res.errors.items():
        assert isinstance(err, ck.DataQualityError), metric
        assert "contracts.end_date" in str(err), metric
    assert set(res.to_pandas()["metric"]) == {"mrr"}
    check(res, "mrr", {(D(2025, 1, 1),): 100.0, (D(2025, 2, 1),): 140.0, (D(2025, 3, 1),): 100.0},
          no_status)


def test_no_contracts_is_null_everywhere(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": []})
    frames = compute_all(kit, grain="quarter", start="2025-01-01", end="2025-09-30")
    empty = {(D(2025, m, 1),): None for m in (1, 4, 7)}
    check_all(frames, {v: empty for v in VARIANTS})


def test_bad_params(make_kit: MakeKit) -> None:
    kit = make_kit({"contracts": EDGE})
    for metric, params in (("acv", {"include_one_time": "yes"}), ("acv", {"by_value": True}),
                           ("renewal_rate", {"by_value": "yes"}),
                           ("renewal_rate", {"include_one_time": True}),
                           ("net_renewal_rate", {"by_value": True})):
        with pytest.raises(ck.ParamError):
            kit.compute([metric], params={metric: params})


# -- seeded random contract sets ---------------------------------------------------------------
def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return D(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def random_contracts(seed: int, n_accounts: int = 40) -> tuple[list[dict[str, Any]],
                                                                  dict[str, str | None]]:
    """Renewal chains from 2022 to 2027: terms of months (ends clamped to short months) or days,
    renewals early, on time or late, splits into two, unrenewed ends, null / set / zero one-time
    values, orphan renewal_of ids. Some accounts are missing from accounts."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    segments: dict[str, str | None] = {"lonely": "zz", "nullseg": None}  # zz has no contract
    lo = D(2022, 6, 1)
    n = 0

    def add(acc: str, start: dt.date, renewal_of: str | None) -> dict[str, Any]:
        nonlocal n
        n += 1
        kind, length = rng.choice([("m", 12), ("m", 12), ("m", 6), ("m", 24), ("m", 36), ("m", 1),
                                   ("m", 3), ("d", 90), ("d", 200), ("d", 400), ("d", 45)])
        end = add_months(start, length) if kind == "m" else start + dt.timedelta(days=length)
        one_time = rng.choice([None, None, 0.0, round(rng.uniform(10, 5000), 2)])
        row = con(f"k{n}", acc, start, end, round(rng.uniform(50, 90000), 2), one_time=one_time,
                  renewal_of=renewal_of)
        rows.append(row)
        return row

    for a in range(n_accounts):
        acc = f"acc{a:02d}"
        if a % 7 != 3:  # every seventh account is missing from accounts
            segments[acc] = rng.choice(["smb", "ent", "mm", None])
        current = add(acc, lo + dt.timedelta(days=rng.randrange(1300)),
                      f"ghost{a}" if rng.random() < 0.1 else None)
        while current["start_date"] < D(2026, 6, 1):
            step = rng.random()
            if step < 0.3:
                break  # not renewed
            start = current["end_date"] + dt.timedelta(
                days=rng.choice([-75, -20, -1, 0, 0, 0, 0, 1, 14, 60, 180]))
            renewal = add(acc, start, current["contract_id"])
            if step > 0.85:  # a split: a second contract renews the same one
                add(acc, start + dt.timedelta(days=rng.choice([0, 0, 10, -5])),
                    current["contract_id"])
            current = renewal
    return rows, segments


SEEDS = [11, 2026]


@pytest.mark.parametrize("grain", ["month", "quarter"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_contracts_against_oracle(make_kit: MakeKit, seed: int, grain: str) -> None:
    rows, _ = random_contracts(seed)
    kit = make_kit({"contracts": rows})
    first, last = D(2023, 7, 15), D(2026, 5, 20)
    expected = oracle(rows, grain, first, last)
    # the set exercises what it should: partial renewal, expansion, empty buckets, 0 rates
    rr, net = expected["renewal_rate"].values(), expected["net_renewal_rate"].values()
    assert any(v is not None and 0 < v < 1 for v in rr)
    assert any(v is not None and v > 1 for v in net)
    if grain == "month":
        assert any(v == 0 for v in net) and any(v is None for v in rr)
        assert any(v is None for v in expected["acv"].values())
    frames = compute_all(kit, grain=grain, start=first.isoformat(), end=last.isoformat())
    check_all(frames, expected, what=f"seed {seed}")
    # invariants, on the implementation's own numbers
    plain = result(frames["renewal_rate"], "renewal_rate")
    by_value = result(frames["renewal_rate_value"], "renewal_rate")
    net_got = result(frames["net_renewal_rate"], "net_renewal_rate")
    assert set(plain) == set(by_value) == set(net_got)
    for k in plain:
        (r, _), (bv, _), (nr, _) = plain[k], by_value[k], net_got[k]
        assert (r is None) == (bv is None) == (nr is None), k  # null exactly when nothing is up
        if r is not None and bv is not None and nr is not None:
            assert 0 <= r <= 1 and 0 <= bv <= 1 + 1e-12, k
            assert nr >= bv - 1e-12, k


@pytest.mark.parametrize("seed", SEEDS)
def test_random_contracts_by_segment(make_kit: MakeKit, seed: int) -> None:
    rows, segments = random_contracts(seed)
    kit = make_kit({"contracts": rows, "accounts": accounts_rows(segments)})
    first, last = D(2024, 1, 1), D(2025, 12, 31)
    expected = oracle(rows, "quarter", first, last, segments)
    assert {k[1] for k in expected["acv"]} == {"smb", "ent", "mm", "zz", None}
    frames = compute_all(kit, grain="quarter", start=first.isoformat(), end=last.isoformat(),
                         by=["segment"])
    check_all(frames, expected, by=["segment"], what=f"seed {seed}")
