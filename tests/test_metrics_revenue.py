"""Revenue pack (MRR, ARR, MRR movements, customer churn rate) against plain-Python oracles.

The oracle below never looks at the Ibis code: it walks the subscription rows day by day with
dicts and loops, from the definitions in METRICS.md ("Revenue and retention"):

* an account's MRR on a day = sum of the mrr of its subscriptions with
  start_date <= day < end_date (end_date None = still active);
* an account's MRR in a bucket = its MRR on the bucket's last day; account state is kept per
  "state bucket" (the grain itself for day / week / month, the month for quarter / year);
* movements per account and state bucket against the previous state bucket: new, expansion,
  contraction, churn, reactivation; a quarter or year sums the monthly movements in it;
* customer churn rate: accounts with MRR > 0 on the day before the bucket that have MRR = 0 on
  its last day, over the accounts with MRR > 0 on the day before the bucket.

Every test runs on DuckDB and on PostgreSQL (the `make_kit` fixture).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import pytest

import csm_kit as ck
from tests.oracle_calendar import bucket_of as first_of
from tests.oracle_calendar import buckets, last_day
from tests.oracle_calendar import next_bucket as following

D = dt.date
DAY = dt.timedelta(days=1)

AMOUNTS = ["mrr", "arr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
           "reactivation_mrr", "net_new_mrr"]
RATES = ["gross_mrr_churn_rate", "net_mrr_churn_rate", "expansion_revenue_rate", "quick_ratio"]
ALL = [*AMOUNTS, "customer_churn_rate", *RATES]
MOVES = {"new": "new_mrr", "expansion": "expansion_mrr", "contraction": "contraction_mrr",
         "churn": "churned_mrr", "reactivation": "reactivation_mrr"}
PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
NONE = None  # the null group of a `by` dimension


def as_date(x: str | dt.date) -> dt.date:
    return x if isinstance(x, dt.date) else D.fromisoformat(x)


# -- the oracle --------------------------------------------------------------------------------
def mrr_on(subs: Iterable[Mapping[str, Any]], day: dt.date) -> dict[str, float]:
    """Per account: the MRR of its subscriptions active on `day` (every account present)."""
    out: dict[str, float] = {}
    for s in subs:
        out.setdefault(s["account_id"], 0.0)
        if s["start_date"] <= day and (s["end_date"] is None or day < s["end_date"]):
            out[s["account_id"]] += s["mrr"]
    return out


def oracle(
    subs: Sequence[Mapping[str, Any]],
    grain: str,
    start: str | dt.date,
    end: str | dt.date,
    *,
    segment_of: Mapping[str, str | None] | None = None,
    segments: Iterable[str | None] = (),
    reactivation_as: str = "reactivation",
    annualize: bool = False,
    include_reactivation: bool = True,
) -> dict[tuple, float | None]:
    """{(metric, period_start[, segment]): value or None} for every metric in ALL.

    With `segment_of` the result is split by segment: groups are `segments` (every accounts row)
    plus the segments of the subscribing accounts; a null segment is the None group."""
    periods = buckets(as_date(start), as_date(end), grain)
    by = segment_of is not None

    def group(acc: str) -> str:
        if not by:
            return ""
        seg = segment_of.get(acc)
        return NONE if seg is None else seg

    groups = sorted({group(s["account_id"]) for s in subs} |
                    ({NONE if s is None else s for s in segments} if by else {""}), key=repr)
    sums: dict[tuple, float] = defaultdict(float)

    # MRR, start MRR and churn rate: snapshots on days
    rate: dict[tuple, float | None] = {}
    for p in periods:
        before, after = mrr_on(subs, p - DAY), mrr_on(subs, last_day(p, grain))
        for acc, v in after.items():
            sums[("mrr", p, group(acc))] += v
        for acc, v in before.items():  # MRR at the start: the previous bucket's last day
            sums[("start", p, group(acc))] += v
        cohort: dict[str, int] = defaultdict(int)
        churned: dict[str, int] = defaultdict(int)
        for acc, v in before.items():
            if v > 0:
                cohort[group(acc)] += 1
                churned[group(acc)] += after[acc] == 0
        for g in groups:
            r = churned[g] / cohort[g] if cohort[g] else None
            if r is not None and annualize:
                r = 1 - (1 - r) ** PER_YEAR[grain]
            rate[(p, g)] = r

    # movements: walk the state buckets from before the first subscription
    sg = grain if grain in ("day", "week", "month") else "month"
    accounts = sorted({s["account_id"] for s in subs})
    if subs:
        b = first_of(min(min(s["start_date"] for s in subs), periods[0]) - DAY, sg)
        prev = dict.fromkeys(accounts, 0.0)
        ever = dict.fromkeys(accounts, False)
        while b <= last_day(periods[-1], grain):
            now = mrr_on(subs, last_day(b, sg))
            p = first_of(b, grain)
            for acc in accounts:
                was, cur = prev[acc], now[acc]
                if was == 0 and cur > 0:
                    kind = "reactivation" if ever[acc] else "new"
                    sums[(kind, p, group(acc))] += cur
                elif was > 0 and cur > was:
                    sums[("expansion", p, group(acc))] += cur - was
                elif was > 0 and 0 < cur < was:
                    sums[("contraction", p, group(acc))] += was - cur
                elif was > 0 and cur == 0:
                    sums[("churn", p, group(acc))] += was
                ever[acc] = ever[acc] or cur > 0
            prev = now
            b = following(b, sg)

    out: dict[tuple, float | None] = {}
    for p in periods:
        for g in groups:
            key = (p, g) if by else (p,)
            m = {k: sums[(k, p, g)] for k in ("mrr", *MOVES)}
            out[("mrr", *key)] = m["mrr"]
            out[("arr", *key)] = 12 * m["mrr"]
            new, react = m["new"], m["reactivation"]
            if reactivation_as == "new":
                new, react = new + react, 0.0
            out[("new_mrr", *key)] = new
            out[("reactivation_mrr", *key)] = react
            for k in ("expansion", "contraction", "churn"):
                out[(MOVES[k], *key)] = m[k]
            out[("net_new_mrr", *key)] = (m["new"] + m["expansion"] + m["reactivation"]
                                          - m["contraction"] - m["churn"])
            out[("customer_churn_rate", *key)] = rate[(p, g)]
            start, lost = sums[("start", p, g)], m["churn"] + m["contraction"]
            gross = lost / start if start else None
            if gross is not None and annualize:
                gross = 1 - (1 - min(gross, 1.0)) ** PER_YEAR[grain]
            out[("gross_mrr_churn_rate", *key)] = gross
            offset = m["expansion"] + (m["reactivation"] if include_reactivation else 0.0)
            out[("net_mrr_churn_rate", *key)] = (lost - offset) / start if start else None
            out[("expansion_revenue_rate", *key)] = m["expansion"] / start if start else None
            gained = m["new"] + m["expansion"] + m["reactivation"]
            out[("quick_ratio", *key)] = gained / lost if lost else None
    return out


def expected_status(metric: str, value: float | None, grain: str, annualize: bool) -> str | None:
    """The status each banded metric's declaration promises (None where it has no band)."""
    if value is None:
        return None
    monthly = grain == "month" and not annualize
    if metric == "customer_churn_rate" and monthly:
        return churn_status(value)
    if metric == "gross_mrr_churn_rate" and monthly:
        return "good" if value <= 0.01 else "bad"
    if metric == "net_mrr_churn_rate":
        return "good" if value <= 0 else "bad"
    if metric == "quick_ratio":
        return "good" if value >= 4 else "bad"
    return None


def churn_status(value: float | None) -> str | None:
    if value is None:
        return None
    return "good" if value <= 0.03 else "ok" if value <= 0.05 else "bad"


# -- reading and comparing results -------------------------------------------------------------
def result(res: ck.MetricFrame, by: Sequence[str] = ()) -> dict[tuple, tuple[float | None, Any]]:
    """{(metric, period_start[, by...]): (value or None, status)}; every key once."""
    df = res.to_pandas()
    assert list(df.columns) == ["metric", "period_start", *by, "value", "status", "complete"]
    out: dict[tuple, tuple[float | None, Any]] = {}
    for row in df.to_dict("records"):
        assert isinstance(row["period_start"], pd.Timestamp)
        key = (row["metric"], row["period_start"].date(), *(row[b] for b in by))
        assert key not in out, f"duplicate row {key}"
        v = row["value"]
        out[key] = (None if v is None or v != v else float(v), row["status"])
    return out


def values(res: ck.MetricFrame, by: Sequence[str] = ()) -> dict[tuple, float | None]:
    return {k: v for k, (v, _) in result(res, by).items()}


def assert_matches(
    res: ck.MetricFrame,
    expected: Mapping[tuple, float | None],
    *,
    by: Sequence[str] = (),
    grain: str = "month",
    annualize: bool = False,
) -> None:
    """Same keys, values within 1e-6 (null where expected None), statuses as declared."""
    got = result(res, by)
    metrics = {k[0] for k in got}
    want = {k: v for k, v in expected.items() if k[0] in metrics}
    assert set(got) == set(want), (
        f"missing {sorted(set(want) - set(got), key=repr)[:5]}, "
        f"extra {sorted(set(got) - set(want), key=repr)[:5]}"
    )
    bad = []
    for key in sorted(want, key=repr):
        (v, status), w = got[key], want[key]
        close = v is not None and w is not None and v == pytest.approx(w, abs=1e-6, rel=1e-9)
        ok = (v is None) if w is None else close
        ok = ok and status == expected_status(key[0], w, grain, annualize)
        if not ok:
            bad.append(f"{key}: got {v} ({status}), expected {w}")
    assert not bad, f"{len(bad)} mismatches:\n" + "\n".join(bad[:20])


def assert_identity(vals: Mapping[tuple, float | None], periods: list[dt.date],
                    start_mrr: float, group: tuple = ()) -> None:
    """mrr(previous) + new + expansion + reactivation - contraction - churn = mrr, per bucket;
    and net_new_mrr is that change."""
    prev = start_mrr
    for p in periods:
        def v(m: str, p: dt.date = p) -> float:
            return vals[(m, p, *group)]
        moved = (v("new_mrr") + v("expansion_mrr") + v("reactivation_mrr")
                 - v("contraction_mrr") - v("churned_mrr"))
        assert prev + moved == pytest.approx(v("mrr"), abs=1e-6), p
        assert v("net_new_mrr") == pytest.approx(v("mrr") - prev, abs=1e-6), p
        prev = v("mrr")


def sub(sid: str, acc: str, start: dt.date, end: dt.date | None, mrr: float) -> dict[str, Any]:
    return {"subscription_id": sid, "account_id": acc, "start_date": start, "end_date": end,
            "mrr": mrr}


# -- hand-built edge cases ---------------------------------------------------------------------
EDGE = [
    # mid-month start and end: active at the ends of Jan and Feb, churned at the end of Mar
    sub("m1", "mid", D(2025, 1, 15), D(2025, 3, 10), 100.0),
    # starts on a month's last day (counts for that month); end_date exclusive on the 1st
    sub("x1", "exact", D(2025, 1, 31), D(2025, 3, 1), 40.0),
    # starts and ends inside one month: never active at a month end
    sub("b1", "blip", D(2025, 2, 3), D(2025, 2, 20), 500.0),
    # two concurrent subscriptions add up
    sub("c1", "concurrent", D(2025, 1, 1), D(2025, 4, 1), 100.0),
    sub("c2", "concurrent", D(2025, 2, 10), None, 50.0),
    # upgrade: the replacing subscription starts the day the old one ends
    sub("u1", "upgrade", D(2025, 1, 5), D(2025, 3, 15), 100.0),
    sub("u2", "upgrade", D(2025, 3, 15), None, 180.0),
    # downgrade the same way, then churn
    sub("d1", "downgrade", D(2025, 2, 1), D(2025, 5, 20), 200.0),
    sub("d2", "downgrade", D(2025, 5, 20), D(2025, 7, 1), 120.0),
    # churn in March, reactivation in June at a higher amount
    sub("r1", "react", D(2025, 1, 1), D(2025, 3, 1), 60.0),
    sub("r2", "react", D(2025, 6, 20), None, 90.0),
    # new in July, churned in August, back in September (one quarter: all three movements)
    sub("f1", "flip", D(2025, 7, 1), D(2025, 8, 1), 70.0),
    sub("f2", "flip", D(2025, 9, 1), None, 70.0),
]
SEGMENT = {"mid": "smb", "exact": "smb", "blip": "smb", "concurrent": "ent", "upgrade": None,
           "downgrade": "ent", "react": "smb", "flip": None, "nosubs": "mid"}

M = {m: D(2025, m, 1) for m in range(1, 13)}
NOV, DEC = D(2024, 11, 1), D(2024, 12, 1)
MONTHS = [NOV, DEC, *(M[m] for m in range(1, 11))]
# hand-computed, month by month (Nov and Dec 2024 hold no data at all)
HAND_MONTH = {
    "mrr": [0, 0, 400, 650, 530, 430, 350, 440, 390, 320, 390, 390],
    "new_mrr": [0, 0, 400, 200, 0, 0, 0, 0, 70, 0, 0, 0],
    "expansion_mrr": [0, 0, 0, 50, 80, 0, 0, 0, 0, 0, 0, 0],
    "contraction_mrr": [0, 0, 0, 0, 0, 100, 80, 0, 0, 0, 0, 0],
    "churned_mrr": [0, 0, 0, 0, 200, 0, 0, 0, 120, 70, 0, 0],
    "reactivation_mrr": [0, 0, 0, 0, 0, 0, 0, 90, 0, 0, 70, 0],
    "net_new_mrr": [0, 0, 400, 250, -120, -100, -80, 90, -50, -70, 70, 0],
    # cohorts: Feb 5 (0 lost), Mar 6 (mid, exact, react lost), Jul 4 (downgrade lost; flip is
    # acquired in Jul), Aug 4 (flip lost); Nov-Jan: nobody paying at the start
    "customer_churn_rate": [None, None, None, 0, 0.5, 0, 0, 0, 0.25, 0.25, 0, 0],
    # start MRR = the previous month's MRR: 0, 0, 0, 400, 650, 530, 430, 350, 440, 390, 320, 390
    "gross_mrr_churn_rate": [None, None, None, 0, 200 / 650, 100 / 530, 80 / 430, 0, 120 / 440,
                             70 / 390, 0, 0],
    "net_mrr_churn_rate": [None, None, None, -50 / 400, 120 / 650, 100 / 530, 80 / 430,
                           -90 / 350, 120 / 440, 70 / 390, -70 / 320, 0],
    "expansion_revenue_rate": [None, None, None, 50 / 400, 80 / 650, 0, 0, 0, 0, 0, 0, 0],
    # gained (new + expansion + reactivation) / lost (churn + contraction); null when none lost
    "quick_ratio": [None, None, None, None, 80 / 200, 0, 0, None, 70 / 120, 0, None, None],
}


def test_edge_cases_month(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": EDGE})
    res = kit.compute(ALL, grain="month", start="2024-11-15", end="2025-10-31")
    got = result(res)
    assert {k[1] for k in got} == set(MONTHS)
    for metric, row in HAND_MONTH.items():
        want = [None if v is None else pytest.approx(v, abs=1e-9) for v in row]
        assert [got[(metric, p)][0] for p in MONTHS] == want, metric
    assert [got[("arr", p)][0] for p in MONTHS] == pytest.approx(
        [12 * v for v in HAND_MONTH["mrr"]])
    statuses = [got[("customer_churn_rate", p)][1] for p in MONTHS]
    assert statuses == [None, None, None, "good", "bad", "good", "good", "good", "bad", "bad",
                        "good", "good"]
    assert all(s is None for k, (_, s) in got.items() if k[0] in AMOUNTS)
    assert [got[("quick_ratio", p)][1] for p in MONTHS][4:6] == ["bad", "bad"]
    assert [got[("net_mrr_churn_rate", p)][1] for p in MONTHS][3:5] == ["good", "bad"]
    assert_matches(res, oracle(EDGE, "month", "2024-11-15", "2025-10-31"))
    assert_identity(values(res), MONTHS, 0.0)


def test_end_date_exclusive_on_month_boundaries(make_kit: Callable[..., ck.Kit]) -> None:
    subs = [
        sub("1", "a", D(2025, 1, 1), D(2025, 3, 1), 10.0),   # paying at the end of Feb
        sub("2", "b", D(2025, 1, 1), D(2025, 2, 28), 20.0),  # not paying on Feb 28
        sub("3", "c", D(2025, 2, 28), D(2025, 3, 1), 40.0),  # paying on Feb 28 only
        sub("4", "d", D(2025, 3, 1), D(2025, 3, 31), 80.0),  # not paying on Mar 31
    ]
    kit = make_kit({"subscriptions": subs})
    got = values(kit.compute(ALL, start="2025-01", end="2025-04"))
    jan, feb, mar, apr = M[1], M[2], M[3], M[4]
    assert [got[("mrr", p)] for p in (jan, feb, mar, apr)] == [30, 50, 0, 0]
    assert got[("new_mrr", feb)] == 40
    assert got[("churned_mrr", feb)] == 20
    assert got[("churned_mrr", mar)] == 50
    assert got[("new_mrr", mar)] == 0  # d never pays at a month end
    assert got[("customer_churn_rate", feb)] == pytest.approx(0.5)
    assert got[("customer_churn_rate", mar)] == pytest.approx(1.0)
    assert got[("customer_churn_rate", apr)] is None


def test_edge_cases_quarter(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": EDGE})
    res = kit.compute(ALL, grain="quarter", start="2025-01-01", end="2025-12-31")
    got = result(res)
    q = [D(2025, 1, 1), D(2025, 4, 1), D(2025, 7, 1), D(2025, 10, 1)]
    hand = {
        "mrr": [530, 440, 390, 390],
        "new_mrr": [600, 0, 70, 0],
        "expansion_mrr": [130, 0, 0, 0],
        "contraction_mrr": [0, 180, 0, 0],
        # Q3: downgrade's 120 and flip's 70 churn, flip's 70 comes back: monthly sums, not
        # quarter end against quarter end
        "churned_mrr": [200, 0, 190, 0],
        "reactivation_mrr": [0, 90, 70, 0],
        "net_new_mrr": [530, -90, -50, 0],
        # Q1: nobody paying on Dec 31; Q2: concurrent, upgrade, downgrade all keep paying;
        # Q3: of 4 paying on Jun 30 downgrade stops (flip is acquired in the quarter)
        "customer_churn_rate": [None, 0, 0.25, 0],
    }
    for metric, row in hand.items():
        assert [got[(metric, p)][0] for p in q] == pytest.approx(row, abs=1e-9), metric
    # the churn bands are stated per month; net churn and quick ratio hold at any grain
    assert all(s is None for k, (_, s) in got.items()
               if k[0] not in ("net_mrr_churn_rate", "quick_ratio"))
    assert_matches(res, oracle(EDGE, "quarter", "2025-01-01", "2025-12-31"), grain="quarter")
    assert_identity(values(res), q, 0.0)


def test_edge_cases_week(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": EDGE})
    res = kit.compute(ALL, grain="week", start="2025-01-01", end="2025-09-30")
    got = values(res)
    weeks = buckets(D(2025, 1, 1), D(2025, 9, 30), "week")
    assert weeks[0] == D(2024, 12, 30) and all(w.isoweekday() == 1 for w in weeks)
    assert {k[1] for k in got} == set(weeks)
    # mid starts on Wednesday 2025-01-15: new in the week of Monday 2025-01-13
    assert got[("new_mrr", D(2025, 1, 13))] == 100
    # upgrade replaced on Saturday 2025-03-15: paying 180 on Sunday 2025-03-16
    assert got[("expansion_mrr", D(2025, 3, 10))] == 80
    # at week grain the blip (Mon Feb 3 - Thu Feb 20) pays on Sundays Feb 9 and Feb 16
    assert got[("new_mrr", D(2025, 2, 3))] == 500
    assert got[("churned_mrr", D(2025, 2, 17))] == 500
    # exact (Fri Jan 31) and downgrade (Sat Feb 1) are new in the week of Monday 2025-01-27
    assert got[("new_mrr", D(2025, 1, 27))] == 40 + 200
    assert_matches(res, oracle(EDGE, "week", "2025-01-01", "2025-09-30"), grain="week")
    assert_identity(got, weeks, 0.0)


def test_by_segment_with_null_segment(make_kit: Callable[..., ck.Kit]) -> None:
    accounts = [{"account_id": a, "created_at": dt.datetime(2024, 12, 1), "segment": s}
                for a, s in SEGMENT.items()]
    kit = make_kit({"subscriptions": EDGE, "accounts": accounts})
    res = kit.compute(ALL, grain="month", start="2025-01-01", end="2025-10-31", by=["segment"])
    got = values(res, ["segment"])
    # every segment in every month, also 'mid' whose only account never subscribed
    assert {k[2] for k in got} == {"smb", "ent", "mid", NONE}
    assert got[("mrr", M[3], NONE)] == 180  # upgrade
    assert got[("mrr", M[7], NONE)] == 250  # upgrade + flip
    assert got[("mrr", M[7], "mid")] == 0
    assert got[("customer_churn_rate", M[7], "mid")] is None
    assert got[("customer_churn_rate", M[3], "smb")] == pytest.approx(1.0)  # mid, exact, react
    assert got[("customer_churn_rate", M[3], "ent")] == pytest.approx(0.0)
    # the groups add up to the total
    total = values(kit.compute(AMOUNTS, start="2025-01-01", end="2025-10-31"))
    for (metric, p), v in total.items():
        parts = sum(got[(metric, p, g)] for g in ("smb", "ent", "mid", NONE))
        assert parts == pytest.approx(v), (metric, p)
    expected = oracle(EDGE, "month", "2025-01-01", "2025-10-31", segment_of=SEGMENT,
                      segments=SEGMENT.values())
    assert_matches(res, expected, by=["segment"])
    for g in ("smb", "ent", "mid", NONE):
        assert_identity(got, [M[m] for m in range(1, 11)], 0.0, (g,))


def test_reactivation_as_new(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": EDGE})
    res = kit.compute(ALL, start="2025-01-01", end="2025-10-31",
                      params={"new_mrr": {"reactivation_as": "new"},
                              "reactivation_mrr": {"reactivation_as": "new"}})
    got = values(res)
    assert got[("new_mrr", M[6])] == 90 and got[("reactivation_mrr", M[6])] == 0
    assert got[("new_mrr", M[9])] == 70 and got[("reactivation_mrr", M[9])] == 0
    assert got[("new_mrr", M[1])] == 400
    assert all(v == 0 for k, v in got.items() if k[0] == "reactivation_mrr")
    assert got[("net_new_mrr", M[6])] == 90  # unchanged
    assert_matches(res, oracle(EDGE, "month", "2025-01-01", "2025-10-31",
                               reactivation_as="new"))
    assert_identity(got, [M[m] for m in range(1, 11)], 0.0)
    # only one of the two switched: the reactivation is counted twice on purpose
    one = values(kit.compute(["new_mrr", "reactivation_mrr"], start="2025-06", end="2025-06",
                             params={"new_mrr": {"reactivation_as": "new"}}))
    assert one == {("new_mrr", M[6]): 90, ("reactivation_mrr", M[6]): 90}


@pytest.mark.parametrize("grain", ["week", "month", "quarter"])
def test_annualized_churn_rate(make_kit: Callable[..., ck.Kit], grain: str) -> None:
    kit = make_kit({"subscriptions": EDGE})
    plain = result(kit.compute("customer_churn_rate", grain=grain, start="2025-01-01",
                               end="2025-10-31"))
    yearly = kit.compute("customer_churn_rate", grain=grain, start="2025-01-01",
                         end="2025-10-31", params={"customer_churn_rate": {"annualize": True}})
    got = result(yearly)
    assert set(got) == set(plain)
    k = PER_YEAR[grain]
    for key, (v, status) in got.items():
        rate = plain[key][0]
        assert status is None
        if rate is None:
            assert v is None
        else:
            assert v == pytest.approx(1 - (1 - rate) ** k, abs=1e-12)
    if grain == "month":
        assert got[("customer_churn_rate", M[3])][0] == pytest.approx(1 - 0.5 ** 12)
        assert got[("customer_churn_rate", M[2])][0] == 0
    assert_matches(yearly, oracle(EDGE, grain, "2025-01-01", "2025-10-31", annualize=True),
                   grain=grain, annualize=True)


def test_churn_rate_empty_cohort_is_null_and_amounts_zero(make_kit: Callable[..., ck.Kit]) -> None:
    subs = [sub("1", "a", D(2025, 3, 10), D(2025, 5, 1), 25.0)]
    kit = make_kit({"subscriptions": subs})
    got = values(kit.compute(ALL, start="2025-01-01", end="2025-07-31"))
    rates = [got[("customer_churn_rate", M[m])] for m in range(1, 8)]
    # Jan-Mar: nobody paying at the start; Apr: 0 of 1; May: 1 of 1; Jun, Jul: empty again
    assert rates == [None, None, None, 0.0, 1.0, None, None]
    for metric in AMOUNTS:
        for m in (1, 2, 6, 7):
            assert got[(metric, M[m])] == 0, (metric, m)
    assert got[("new_mrr", M[3])] == 25 and got[("churned_mrr", M[5])] == 25


def test_no_subscriptions_at_all(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": []})
    got = values(kit.compute(ALL, start="2025-01-01", end="2025-03-31"))
    assert set(got) == {(m, M[i]) for m in ALL for i in (1, 2, 3)}
    rates = {"customer_churn_rate", *RATES}  # no denominator: null, amounts: 0
    assert all((v is None) if k[0] in rates else v == 0 for k, v in got.items())


def test_history_before_the_range(make_kit: Callable[..., ck.Kit]) -> None:
    """Movements in the range use the history before it: a returning account reactivates."""
    subs = [
        sub("1", "a", D(2024, 2, 1), D(2024, 6, 1), 10.0),
        sub("2", "a", D(2025, 2, 14), None, 15.0),
        sub("3", "b", D(2024, 12, 20), None, 30.0),
        sub("4", "b", D(2025, 3, 1), D(2025, 4, 1), 5.0),
    ]
    kit = make_kit({"subscriptions": subs})
    res = kit.compute(ALL, start="2025-01-01", end="2025-04-30")
    got = values(res)
    assert got[("new_mrr", M[1])] == 0 and got[("mrr", M[1])] == 30
    assert got[("reactivation_mrr", M[2])] == 15 and got[("new_mrr", M[2])] == 0
    assert got[("expansion_mrr", M[3])] == 5 and got[("contraction_mrr", M[4])] == 5
    assert got[("customer_churn_rate", M[1])] == 0
    assert_matches(res, oracle(subs, "month", "2025-01-01", "2025-04-30"))
    assert_identity(got, [M[m] for m in range(1, 5)], 30.0)


def test_default_range_is_the_data_range(make_kit: Callable[..., ck.Kit]) -> None:
    subs = [sub("1", "a", D(2024, 3, 15), D(2024, 7, 1), 10.0),
            sub("2", "b", D(2024, 4, 2), D(2024, 5, 1), 20.0)]
    kit = make_kit({"subscriptions": subs})
    got = values(kit.compute(["mrr", "churned_mrr"]))
    # last day of data: 2024-06-30 (end_date is exclusive)
    months = [D(2024, m, 1) for m in range(3, 7)]
    assert set(got) == {(m, p) for m in ("mrr", "churned_mrr") for p in months}
    assert [got[("mrr", p)] for p in months] == [10, 30, 10, 10]


def test_day_grain(make_kit: Callable[..., ck.Kit]) -> None:
    subs = [sub("1", "a", D(2025, 1, 3), D(2025, 1, 6), 10.0),
            sub("2", "a", D(2025, 1, 6), D(2025, 1, 8), 4.0),
            sub("3", "a", D(2025, 1, 10), None, 7.0),
            sub("4", "b", D(2025, 1, 5), D(2025, 1, 5), 99.0)]  # empty period
    kit = make_kit({"subscriptions": subs})
    res = kit.compute(ALL, grain="day", start="2025-01-01", end="2025-01-12")
    got = values(res)
    days = [D(2025, 1, d) for d in range(1, 13)]
    assert [got[("mrr", d)] for d in days] == [0, 0, 10, 10, 10, 4, 4, 0, 0, 7, 7, 7]
    assert got[("contraction_mrr", D(2025, 1, 6))] == 6
    assert got[("churned_mrr", D(2025, 1, 8))] == 4
    assert got[("reactivation_mrr", D(2025, 1, 10))] == 7
    assert got[("customer_churn_rate", D(2025, 1, 8))] == 1.0
    assert_matches(res, oracle(subs, "day", "2025-01-01", "2025-01-12"), grain="day")


def test_unknown_param_values_raise(make_kit: Callable[..., ck.Kit]) -> None:
    kit = make_kit({"subscriptions": EDGE})
    with pytest.raises(ck.ParamError):
        kit.compute("new_mrr", params={"new_mrr": {"reactivation_as": "returning"}})
    with pytest.raises(ck.ParamError):
        kit.compute("reactivation_mrr", params={"reactivation_mrr": {"reactivation_as": None}})
    with pytest.raises(ck.ParamError):
        kit.compute("customer_churn_rate",
                    params={"customer_churn_rate": {"annualize": "yes"}})
    with pytest.raises(ck.ParamError):
        kit.compute("mrr", params={"mrr": {"reactivation_as": "new"}})
    with pytest.raises(ck.ParamError):
        kit.compute("expansion_mrr", params={"expansion_mrr": {"reactivation_as": "new"}})


# -- seeded random histories -------------------------------------------------------------------
def random_history(seed: int, n_accounts: int = 30) -> tuple[list[dict], dict[str, str | None]]:
    """Subscription histories over 2023-10 .. 2025-09: replacements on the same day, add-ons,
    gaps, free (0 MRR) periods, still-active tails; changes on arbitrary days."""
    rng = random.Random(seed)
    subs: list[dict] = []
    segments: dict[str, str | None] = {}
    lo, hi = D(2023, 10, 1), D(2025, 9, 30)
    n = 0

    def add(acc: str, s: dt.date, e: dt.date | None, mrr: float) -> None:
        nonlocal n
        n += 1
        subs.append(sub(f"s{n}", acc, s, e, mrr))

    for a in range(n_accounts):
        acc = f"acc{a:02d}"
        segments[acc] = rng.choice(["smb", "ent", "mm", None])
        day = lo + dt.timedelta(days=rng.randrange((hi - lo).days - 60))
        mrr = rng.choice([0.0, 19.0, 49.5, 99.99, 250.0, 1000.0, round(rng.uniform(5, 800), 2)])
        while day < hi:
            length = rng.choice([3, 10, 25, 31, 45, 90, 120, 200, 365])
            end = day + dt.timedelta(days=length)
            still_active = end >= hi or rng.random() < 0.08
            add(acc, day, None if still_active else end, mrr)
            if rng.random() < 0.25:  # an add-on somewhere inside the period
                on = day + dt.timedelta(days=rng.randrange(length))
                off = on + dt.timedelta(days=rng.choice([1, 20, 40, 100]))
                add(acc, on, off if rng.random() < 0.8 else None, round(rng.uniform(1, 300), 2))
            if still_active:
                break
            step = rng.random()
            if step < 0.45:  # replaced the same day: upgrade, downgrade or same amount
                day = end
                mrr = rng.choice([mrr, round(mrr * rng.uniform(0.3, 2.5), 2), 0.0])
            elif step < 0.8:  # a gap, then back
                day = end + dt.timedelta(days=rng.choice([1, 12, 30, 75, 200]))
                mrr = rng.choice([mrr, round(rng.uniform(5, 800), 2)])
            else:  # gone
                break
    return subs, segments


SEEDS = [7, 2025]


@pytest.mark.parametrize("grain", ["week", "month", "quarter", "year"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_histories(make_kit: Callable[..., ck.Kit], grain: str, seed: int) -> None:
    subs, _ = random_history(seed)
    start, end = "2024-01-01", "2025-06-30"
    kit = make_kit({"subscriptions": subs})
    res = kit.compute(ALL, grain=grain, start=start, end=end)
    expected = oracle(subs, grain, start, end)
    if grain in ("week", "month"):  # the histories exercise every movement and churn
        for metric in [*MOVES.values(), "customer_churn_rate", *RATES]:
            assert any(v for k, v in expected.items() if k[0] == metric), metric
    assert_matches(res, expected, grain=grain)
    periods = buckets(D(2024, 1, 1), D(2025, 6, 30), grain)
    start_mrr = sum(mrr_on(subs, periods[0] - DAY).values())
    assert_identity(values(res), periods, start_mrr)
    variant = kit.compute(
        ["new_mrr", "reactivation_mrr", "customer_churn_rate", "gross_mrr_churn_rate",
         "net_mrr_churn_rate"], grain=grain, start=start,
        end=end, params={"new_mrr": {"reactivation_as": "new"},
                         "reactivation_mrr": {"reactivation_as": "new"},
                         "customer_churn_rate": {"annualize": True},
                         "gross_mrr_churn_rate": {"annualize": True},
                         "net_mrr_churn_rate": {"include_reactivation": False}})
    assert_matches(variant, oracle(subs, grain, start, end, reactivation_as="new",
                                   annualize=True, include_reactivation=False),
                   grain=grain, annualize=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_histories_by_segment(make_kit: Callable[..., ck.Kit], seed: int) -> None:
    subs, segments = random_history(seed)
    accounts = [{"account_id": a, "created_at": dt.datetime(2023, 1, 1), "segment": s}
                for a, s in segments.items()]
    kit = make_kit({"subscriptions": subs, "accounts": accounts})
    res = kit.compute(ALL, grain="month", start="2024-01-01", end="2025-06-30", by="segment")
    expected = oracle(subs, "month", "2024-01-01", "2025-06-30", segment_of=segments,
                      segments=segments.values())
    assert_matches(res, expected, by=["segment"])


# -- published worked examples ------------------------------------------------------------------
def test_worked_example_net_and_gross_revenue_retention(make_kit: Callable[..., ck.Kit]) -> None:
    """https://www.llamafinancial.com/blog/net-revenue-retention ("Real world case"): 100
    subscribers at $50 (MRR $5,000); in the month 25 new subscribers at $50, 5 upgrade from $50
    to $100 (expansion $250), 2 downgrade from $50 to $10 (contraction $80), 5 cancel (churn
    $250). NRR = (5,000 + 250 - 80 - 250) / 5,000 = 98.4%; new subscribers are left out.
    GRR leaves out the expansion too: (5,000 - 80 - 250) / 5,000 = 93.4%."""
    subs = []
    for i in range(100):
        acc, start = f"base{i:03d}", D(2024, 12, 1)
        if i < 5:  # upgrades on Jan 15
            subs += [sub(f"{acc}a", acc, start, D(2025, 1, 15), 50.0),
                     sub(f"{acc}b", acc, D(2025, 1, 15), None, 100.0)]
        elif i < 7:  # downgrades on Jan 20
            subs += [sub(f"{acc}a", acc, start, D(2025, 1, 20), 50.0),
                     sub(f"{acc}b", acc, D(2025, 1, 20), None, 10.0)]
        elif i < 12:  # cancellations on Jan 10
            subs.append(sub(f"{acc}a", acc, start, D(2025, 1, 10), 50.0))
        else:
            subs.append(sub(f"{acc}a", acc, start, None, 50.0))
    subs += [sub(f"new{i}", f"new{i:02d}", D(2025, 1, 5 + i % 20), None, 50.0) for i in range(25)]
    kit = make_kit({"subscriptions": subs})
    ids = ["nrr", "grr", "gross_mrr_churn_rate", "net_mrr_churn_rate", "quick_ratio",
           "customer_churn_rate", "logo_churn", "retention_rate", "arpa", "mrr"]
    got = values(kit.compute(ids, grain="month", start="2025-01-01", end="2025-01-31"))
    jan = D(2025, 1, 1)
    assert got[("nrr", jan)] == pytest.approx(0.984)
    assert got[("grr", jan)] == pytest.approx(0.934)
    # the same movements read as rates: lost 330 of 5,000; offset by the 250 expansion
    assert got[("gross_mrr_churn_rate", jan)] == pytest.approx(330 / 5000)
    assert got[("net_mrr_churn_rate", jan)] == pytest.approx(80 / 5000)
    assert got[("quick_ratio", jan)] == pytest.approx((1250 + 250) / 330)
    assert got[("customer_churn_rate", jan)] == pytest.approx(0.05)
    assert got[("logo_churn", jan)] == 5
    assert got[("retention_rate", jan)] == pytest.approx((120 - 25) / 100)
    assert got[("mrr", jan)] == 6170
    assert got[("arpa", jan)] == pytest.approx(6170 / 120)


@pytest.mark.parametrize(("moves", "quick"), [
    # https://pitchkit.net/resources/glossary/quick-ratio: new $20k, expansion $8k, churn $5k,
    # contraction $3k -> (20 + 8) / (5 + 3) = 3.5
    ((20_000, 8_000, 5_000, 3_000), 3.5),
    # https://www.theprimecalculator.com/business/saas-quick-ratio-calculator/formula: new
    # $25,000, expansion $10,000, churn $8,000, contraction $4,000 -> 35,000 / 12,000 = 2.92
    ((25_000, 10_000, 8_000, 4_000), 35_000 / 12_000),
])
def test_worked_examples_quick_ratio(make_kit: Callable[..., ck.Kit],
                                     moves: tuple[float, ...], quick: float) -> None:
    new, expansion, churn, contraction = moves
    start, change = D(2025, 1, 1), D(2025, 2, 10)
    subs = [sub("n", "newco", change, None, new),
            sub("c", "leaver", start, change, churn),
            sub("e1", "grower", start, change, 1000.0),
            sub("e2", "grower", change, None, 1000.0 + expansion),
            sub("d1", "shrinker", start, change, contraction + 500.0),
            sub("d2", "shrinker", change, None, 500.0)]
    kit = make_kit({"subscriptions": subs})
    res = kit.compute(["quick_ratio", "new_mrr", "expansion_mrr", "churned_mrr",
                       "contraction_mrr"], start="2025-02-01", end="2025-02-28")
    got = values(res)
    feb = D(2025, 2, 1)
    assert [got[(m, feb)] for m in ("new_mrr", "expansion_mrr", "churned_mrr",
                                    "contraction_mrr")] == list(moves)
    assert got[("quick_ratio", feb)] == pytest.approx(quick)
    assert result(res)[("quick_ratio", feb)][1] == ("good" if quick >= 4 else "bad")
