"""Retention metrics (grr, nrr, logo_churn, unsubscribes, retention_rate,
deviation_from_target_churn) against a plain-Python oracle.

The oracle is written from the definitions of issue 7 ("Subscription metrics"), never from the Ibis
code. It walks the subscription rows with dicts and loops:

* an account's MRR on a day = sum of the mrr of its subscriptions with
  start_date <= day < end_date (end_date None = still active);
* "start" of a bucket = the day before its first day, "end" = its last day; an account is paying
  on a day when its MRR that day is > 0;
* movements (new / reactivation / churn) per account and state bucket (the grain itself for
  day / week / month, the month for quarter / year) against the previous state bucket, 0 before
  any subscription; a quarter or year collects the movements of its months;
* grr = sum over the cohort paying at the start of min(end MRR, start MRR) / their start MRR,
  nrr = sum of their end MRR / their start MRR; with window="12m" the two days are "then" (month,
  quarter, year: the last day of the bucket starting 12 months earlier; day, week: the same
  calendar date 12 months before the bucket's last day, Feb 29 -> Feb 28) and "now" (the last
  day); null on an empty cohort;
* logo_churn = distinct accounts with a churn movement in the bucket; unsubscribes at level
  "account" is the same, at level "subscription" it counts subscriptions with mrr > 0 whose
  end_date falls in the bucket and that no other subscription of the account starts on that day;
* retention_rate = (E - N) / S (S paying at the start, E at the end, N those of E with a "new"
  movement in the bucket, plus a "reactivation" one with reactivation_as="new");
* deviation_from_target_churn = customer churn rate (accounts paying at the start not paying at
  the end / accounts paying at the start) minus the one 'customer_churn_rate' target whose
  period_start falls in the bucket (none or several: null).

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
from csm_kit import engine
from tests.oracle_calendar import bucket_of, buckets, last_day, next_bucket
from tests.test_metrics_revenue import mrr_on, random_history, sub

D = dt.date
DAY = dt.timedelta(days=1)
MakeKit = Callable[..., ck.Kit]
Row = dict[str, Any]
Params = Mapping[str, Mapping[str, Any]]

ALL = ["grr", "nrr", "logo_churn", "unsubscribes", "retention_rate", "deviation_from_target_churn"]
SUBS_ONLY = ALL[:-1]  # the metrics that read no targets
COUNTS = {"logo_churn", "unsubscribes"}
VARIANTS: dict[str, dict[str, Any]] = {
    "grr": {"window": "12m"},
    "nrr": {"window": "12m"},
    "unsubscribes": {"level": "subscription"},
    "retention_rate": {"reactivation_as": "new"},
}
NONE = None  # the null group of a `by` dimension


def as_date(x: str | dt.date) -> dt.date:
    return x if isinstance(x, dt.date) else D.fromisoformat(x)


def target(period_start: dt.date, value: float, metric: str = "customer_churn_rate") -> Row:
    return {"metric": metric, "period_start": period_start, "target": value}


# -- the oracle --------------------------------------------------------------------------------
def then_day(p: dt.date, grain: str) -> dt.date:
    """The "then" day of window="12m" for the bucket starting at `p`."""
    if grain in ("month", "quarter", "year"):
        return last_day(D(p.year - 1, p.month, 1), grain)
    now = last_day(p, grain)
    try:
        return now.replace(year=now.year - 1)
    except ValueError:  # Feb 29 -> Feb 28
        return D(now.year - 1, 2, 28)


def movements(subs: Sequence[Mapping[str, Any]], grain: str, periods: list[dt.date]
              ) -> dict[tuple[str, dt.date], set[str]]:
    """{(kind, bucket start): accounts} for kind new / reactivation / churn, walking the state
    buckets from before the first subscription to the end of the last bucket."""
    out: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    if not subs:
        return out
    sg = grain if grain in ("day", "week", "month") else "month"
    accounts = sorted({s["account_id"] for s in subs})
    prev = dict.fromkeys(accounts, 0.0)
    ever = dict.fromkeys(accounts, False)
    b = bucket_of(min(min(s["start_date"] for s in subs), periods[0]) - DAY, sg)
    while b <= last_day(periods[-1], grain):
        now = mrr_on(subs, last_day(b, sg))
        p = bucket_of(b, grain)
        for acc in accounts:
            if prev[acc] == 0 and now[acc] > 0:
                out[("reactivation" if ever[acc] else "new", p)].add(acc)
            elif prev[acc] > 0 and now[acc] == 0:
                out[("churn", p)].add(acc)
            ever[acc] = ever[acc] or now[acc] > 0
        prev = now
        b = next_bucket(b, sg)
    return out


def oracle(
    subs: Sequence[Mapping[str, Any]],
    grain: str,
    start: str | dt.date,
    end: str | dt.date,
    *,
    params: Params | None = None,
    targets: Sequence[Mapping[str, Any]] = (),
    segment_of: Mapping[str, str | None] | None = None,
    segments: Iterable[str | None] = (),
) -> dict[tuple, float | None]:
    """{(metric, period_start[, segment]): value or None} for every metric in ALL, with the
    metric params of `params` (as in Kit.compute).

    With `segment_of` the result is split by segment: the groups are `segments` (every accounts
    row) plus the groups of the subscribing accounts; a null segment or an account missing from
    `segment_of` is the None group."""
    params = params or {}
    window = {m: params.get(m, {}).get("window", "bucket") for m in ("grr", "nrr")}
    level = params.get("unsubscribes", {}).get("level", "account")
    react_as = params.get("retention_rate", {}).get("reactivation_as", "reactivation")
    periods = buckets(as_date(start), as_date(end), grain)
    by = segment_of is not None

    def group(acc: str) -> str | None:
        return segment_of.get(acc) if segment_of is not None else ""

    accounts = sorted({s["account_id"] for s in subs})
    groups = {group(a) for a in accounts} | (set(segments) if by else {""})
    members = {g: [a for a in accounts if group(a) == g] for g in groups}
    moved = movements(subs, grain, periods)

    def mrr(day: dt.date) -> dict[str, float]:
        return defaultdict(float, mrr_on(subs, day))

    def retention(then: Mapping[str, float], now: Mapping[str, float], accs: list[str],
                  gross: bool) -> float | None:
        cohort = [a for a in accs if then[a] > 0]
        if not cohort:
            return None
        kept = sum(min(now[a], then[a]) if gross else now[a] for a in cohort)
        return kept / sum(then[a] for a in cohort)

    def continued(s: Mapping[str, Any]) -> bool:
        return any(o is not s and o["account_id"] == s["account_id"]
                   and o["start_date"] == s["end_date"] for o in subs)

    out: dict[tuple, float | None] = {}
    for p in periods:
        nxt = next_bucket(p, grain)
        before, after = mrr(p - DAY), mrr(last_day(p, grain))
        then12 = mrr(then_day(p, grain))
        ended = [s for s in subs if s["mrr"] > 0 and s["end_date"] is not None
                 and p <= s["end_date"] < nxt and not continued(s)]
        wanted = [t for t in targets
                  if t["metric"] == "customer_churn_rate" and p <= t["period_start"] < nxt]
        for g in groups:
            accs = members[g]
            key = (p, g) if by else (p,)
            for m in ("grr", "nrr"):
                then = then12 if window[m] == "12m" else before
                out[(m, *key)] = retention(then, after, accs, gross=m == "grr")
            churned = len(moved[("churn", p)] & set(accs))
            out[("logo_churn", *key)] = churned
            out[("unsubscribes", *key)] = (
                churned if level == "account"
                else sum(1 for s in ended if group(s["account_id"]) == g))
            paying_start = {a for a in accs if before[a] > 0}
            paying_end = {a for a in accs if after[a] > 0}
            acquired = moved[("new", p)] | (moved[("reactivation", p)] if react_as == "new"
                                            else set())
            n = len(paying_end & acquired)
            out[("retention_rate", *key)] = (
                (len(paying_end) - n) / len(paying_start) if paying_start else None)
            rate = (len(paying_start - paying_end) / len(paying_start)
                    if paying_start else None)
            out[("deviation_from_target_churn", *key)] = (
                rate - wanted[0]["target"] if rate is not None and len(wanted) == 1 else None)
    return out


def expected_status(metric: str, value: float | None, grain: str, params: Params) -> str | None:
    """The status the spec's benchmarks promise (None where a metric has no band)."""
    if value is None:
        return None
    if metric in ("grr", "nrr"):
        if grain != "year" and params.get(metric, {}).get("window") != "12m":
            return None  # the bands are stated for a yearly value
        if metric == "grr":
            return "good" if value >= 0.90 else "bad"
        return "good" if value >= 1.0 else "ok" if value >= 0.9 else "bad"
    if metric == "deviation_from_target_churn":
        return "good" if value <= 0 else "bad"
    return None


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


def series(got: Mapping[tuple, Any], metric: str, periods: Sequence[dt.date],
           *group: str | None) -> list[Any]:
    return [got[(metric, p, *group)] for p in periods]


def approx_list(row: Sequence[float | None]) -> list[Any]:
    return [None if v is None else pytest.approx(v, rel=1e-9, abs=1e-12) for v in row]


def assert_matches(
    res: ck.MetricFrame,
    expected: Mapping[tuple, float | None],
    metrics: Sequence[str],
    *,
    grain: str,
    params: Params | None = None,
    by: Sequence[str] = (),
) -> None:
    """Exactly the expected keys of `metrics`, values within 1e-9 (null where None), statuses as
    the benchmarks say (either side of a band edge accepted within 1e-9)."""
    params = params or {}
    got = result(res, by)
    want = {k: v for k, v in expected.items() if k[0] in metrics}
    assert set(got) == set(want), (
        f"missing {sorted(set(want) - set(got), key=repr)[:5]}, "
        f"extra {sorted(set(got) - set(want), key=repr)[:5]}"
    )
    bad = []
    for key in sorted(want, key=repr):
        (v, status), w = got[key], want[key]
        ok = v is None if w is None else (
            v is not None and v == pytest.approx(w, rel=1e-9, abs=1e-9))
        statuses = {expected_status(key[0], w, grain, params)} if w is None else {
            expected_status(key[0], w + d, grain, params) for d in (-1e-9, 0.0, 1e-9)}
        if not ok or status not in statuses:
            bad.append(f"{key}: got {v} ({status}), expected {w} {statuses}")
    assert not bad, f"{len(bad)} mismatches:\n" + "\n".join(bad[:20])


# -- hand-built edge cases ---------------------------------------------------------------------
RET = [
    # two overlapping subscriptions; the add-on o2 is cancelled on May 1 while o1 continues
    sub("o1", "overlap", D(2025, 1, 1), None, 100.0),
    sub("o2", "overlap", D(2025, 2, 10), D(2025, 5, 1), 50.0),
    # ends mid-month: paying at the ends of Jan and Feb, churned in Mar
    sub("m1", "mid", D(2025, 1, 15), D(2025, 3, 10), 80.0),
    # upgrade: u2 replaces u1 the same day (a continuation, not an unsubscribe)
    sub("u1", "upgrade", D(2025, 1, 5), D(2025, 3, 15), 100.0),
    sub("u2", "upgrade", D(2025, 3, 15), None, 180.0),
    # churn in Feb (r1 is active on Jan 31), gap, reactivation in Apr at a higher amount
    sub("r1", "react", D(2025, 1, 1), D(2025, 2, 1), 60.0),
    sub("r2", "react", D(2025, 4, 20), None, 90.0),
    # joins and churns inside Q2 (new in Apr, churned in May)
    sub("q1", "quick", D(2025, 4, 10), D(2025, 5, 20), 70.0),
    # churns twice in Q3 (Jul and Sep), reactivated in Aug and Oct
    sub("t1", "twice", D(2025, 1, 1), D(2025, 7, 15), 40.0),
    sub("t2", "twice", D(2025, 8, 5), D(2025, 9, 10), 40.0),
    sub("t3", "twice", D(2025, 10, 1), None, 40.0),
    # paying since Dec 2024, churned in Feb, back at 75 in Mar (inside Q1)
    sub("d1", "dip", D(2024, 12, 1), D(2025, 2, 14), 50.0),
    sub("d2", "dip", D(2025, 3, 3), None, 75.0),
    # paying since Dec 2024, downgraded the same day in Jun
    sub("w1", "down", D(2024, 12, 15), D(2025, 6, 10), 200.0),
    sub("w2", "down", D(2025, 6, 10), None, 170.0),
    # a free subscription: never paying, its end is no unsubscribe
    sub("f1", "free", D(2025, 2, 1), D(2025, 4, 15), 0.0),
]
# MRR on each month's last day (Nov 2024: nobody; nobody pays before Dec 2024):
#            Dec  Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec(2025)
# overlap      0  100  150  150  150  100  100  100  100  100  100  100  100
# mid          0   80   80    0    0    0    0    0    0    0    0    0    0
# upgrade      0  100  100  180  180  180  180  180  180  180  180  180  180
# react        0   60    0    0   90   90   90   90   90   90   90   90   90
# quick        0    0    0    0   70    0    0    0    0    0    0    0    0
# twice        0   40   40   40   40   40   40    0   40    0   40   40   40
# dip         50   50    0   75   75   75   75   75   75   75   75   75   75
# down       200  200  200  200  200  200  170  170  170  170  170  170  170
# total      250  630  570  645  805  685  655  615  655  615  655  655  655
# new: dip, down (Dec 2024); overlap, mid, upgrade, react, twice (Jan); quick (Apr)
# reactivation: dip (Mar), react (Apr), twice (Aug, Oct)
TARGETS = [
    target(D(2024, 12, 1), 0.05),   # Dec 2024: no cohort, the churn rate is null
    target(D(2025, 1, 1), 0.05),
    target(D(2025, 2, 1), 0.10),
    target(D(2025, 3, 1), 0.25),
    target(D(2025, 4, 1), 0.50, metric="nps"),  # another metric's target: ignored
    target(D(2025, 5, 1), 0.10),    # two targets in May: null
    target(D(2025, 5, 15), 0.12),
    target(D(2025, 6, 15), 0.02),   # a period_start inside the month
    target(D(2025, 7, 1), 0.10),
    target(D(2025, 10, 1), 0.0),
]
MONTHS = [D(2024, 11, 1), D(2024, 12, 1), *(D(2025, m, 1) for m in range(1, 13))]
HAND_MONTH: dict[str, list[float | None]] = {
    # cohort = accounts paying on the previous month's last day (see the table);
    # Feb: of 630, overlap keeps min(150, 100), react and dip drop 60 + 50 -> 520 (nrr 570);
    # Mar: of 570, mid drops 80, upgrade keeps min(180, 100) -> 490 (nrr 570 = 1);
    # Apr, Aug, Oct: react, quick and twice come back outside the cohort -> 1
    "grr": [None, None, 1.0, 520 / 630, 490 / 570, 1.0, 685 / 805, 655 / 685, 615 / 655, 1.0,
            615 / 655, 1.0, 1.0, 1.0],
    "nrr": [None, None, 1.0, 570 / 630, 1.0, 1.0, 685 / 805, 655 / 685, 615 / 655, 1.0,
            615 / 655, 1.0, 1.0, 1.0],
    # Feb: react, dip; Mar: mid; May: quick; Jul, Sep: twice
    "logo_churn": [0, 0, 0, 2, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0],
    "unsubscribes": [0, 0, 0, 2, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0],
    # (E - N) / S; Jan: S = 2 (dip, down), E = 7, N = 5 new -> 1; Mar: dip reactivated counts as
    # retained -> 5 / 5; Apr: S = 5, E = 7, N = 1 (quick) -> 6 / 5; Aug, Oct: twice is back
    "retention_rate": [None, None, 1.0, 5 / 7, 1.0, 6 / 5, 6 / 7, 1.0, 5 / 6, 6 / 5, 5 / 6,
                       6 / 5, 1.0, 1.0],
    # churn rates: -, -, 0/2, 2/7, 1/5, 0/5, 1/7, 0/6, 1/6, 0/5, 1/6, 0/5, 0/6, 0/6;
    # Nov: no target, Dec: null rate, Apr: only an nps target, May: two targets
    "deviation_from_target_churn": [None, None, -0.05, 2 / 7 - 0.10, 1 / 5 - 0.25, None, None,
                                    -0.02, 1 / 6 - 0.10, None, None, 0.0, None, None],
}
HAND_MONTH_VARIANTS: dict[str, list[float | None]] = {
    # Feb: r1, d1; Mar: m1 (u1 is continued by u2); Apr: f1 is free; May: o2 (an add-on: no
    # logo churn) and q1; Jun: w1 is continued by w2; Jul: t1; Sep: t2
    "unsubscribes": [0, 0, 0, 2, 1, 0, 2, 0, 1, 0, 1, 0, 0, 0],
    # reactivations count as acquired: Mar dip (4 / 5), Apr react (5 / 5), Aug, Oct twice
    "retention_rate": [None, None, 1.0, 5 / 7, 0.8, 1.0, 6 / 7, 1.0, 5 / 6, 1.0, 5 / 6, 1.0,
                       1.0, 1.0],
}


def test_hand_month(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    res = kit.compute(ALL, grain="month", start="2024-11-01", end="2025-12-31")
    got = result(res)
    assert {k[1] for k in got} == set(MONTHS)
    for metric, row in HAND_MONTH.items():
        assert [v for v, _ in series(got, metric, MONTHS)] == approx_list(row), metric
    # grr / nrr bands are yearly: no status at grain month with the bucket window
    for metric in ("grr", "nrr", "logo_churn", "unsubscribes", "retention_rate"):
        assert all(s is None for _, s in series(got, metric, MONTHS)), metric
    assert [s for _, s in series(got, "deviation_from_target_churn", MONTHS)] == [
        None, None, "good", "bad", "good", None, None, "good", "bad", None, None, "good", None,
        None]
    assert_matches(res, oracle(RET, "month", "2024-11-01", "2025-12-31", targets=TARGETS), ALL,
                   grain="month")


def test_hand_month_variants(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    res = kit.compute(ALL, grain="month", start="2024-11-01", end="2025-12-31", params=VARIANTS)
    got = values(res)
    for metric, row in HAND_MONTH_VARIANTS.items():
        assert series(got, metric, MONTHS) == approx_list(row), metric
    # unsubscribes at level account (explicit) = logo_churn
    account = values(kit.compute(["unsubscribes", "logo_churn"], start="2024-11-01",
                                 end="2025-12-31",
                                 params={"unsubscribes": {"level": "account"}}))
    assert series(account, "unsubscribes", MONTHS) == series(account, "logo_churn", MONTHS)
    assert series(account, "unsubscribes", MONTHS) == HAND_MONTH["unsubscribes"]
    assert_matches(res, oracle(RET, "month", "2024-11-01", "2025-12-31", params=VARIANTS,
                               targets=TARGETS), ALL, grain="month", params=VARIANTS)


QUARTERS = [D(2024, 10, 1), *(D(2025, m, 1) for m in (1, 4, 7, 10))]
HAND_QUARTER: dict[str, list[float | None]] = {
    # quarter start vs quarter end, not the months: Q1 cohort = dip 50, down 200 on Dec 31;
    # on Mar 31 dip pays 75 (churned in Feb, back in Mar): grr 250 / 250, nrr 275 / 250
    # Q2: of 645 on Mar 31, overlap -50 and down -30 on Jun 30 -> 565
    # Q3: of 655 on Jun 30, twice -40 on Sep 30; Q4: twice is back but not in the cohort
    "grr": [None, 1.0, 565 / 645, 615 / 655, 1.0],
    "nrr": [None, 1.1, 565 / 645, 615 / 655, 1.0],
    # Q1: react, dip, mid; Q2: quick (joined and churned inside Q2); Q3: twice, counted once
    "logo_churn": [0, 3, 1, 1, 0],
    "unsubscribes": [0, 3, 1, 1, 0],
    # Q1: S = 2, E = 5 on Mar 31, N = overlap, upgrade, twice -> 1; Q2: S = 5, E = 6, quick
    # (new) is gone by Jun 30 -> 6 / 5; Q3: 5 / 6; Q4: S = 5, E = 6 -> 6 / 5
    "retention_rate": [None, 1.0, 1.2, 5 / 6, 1.2],
}
HAND_QUARTER_VARIANTS: dict[str, list[float | None]] = {
    # Q1 r1 d1 m1; Q2 o2 q1; Q3 t1 t2 (twice ends two subscriptions)
    "unsubscribes": [0, 3, 2, 2, 0],
    # Q1: dip reactivated in Mar -> (5 - 4) / 2; Q2: react reactivated in Apr -> 5 / 5;
    # Q3: twice reactivated in Aug but not paying on Sep 30; Q4: twice back in Oct -> 5 / 5
    "retention_rate": [None, 0.5, 1.0, 5 / 6, 1.0],
}


def test_hand_quarter(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    res = kit.compute(SUBS_ONLY, grain="quarter", start="2024-10-01", end="2025-12-31")
    got = result(res)
    assert {k[1] for k in got} == set(QUARTERS)
    for metric, row in HAND_QUARTER.items():
        assert [v for v, _ in series(got, metric, QUARTERS)] == approx_list(row), metric
    assert all(s is None for _, s in got.values())  # grr / nrr bands are yearly
    monthly = values(kit.compute("logo_churn", start="2025-07-01", end="2025-09-30"))
    assert sum(monthly.values()) == 2  # twice churns in Jul and in Sep
    assert_matches(res, oracle(RET, "quarter", "2024-10-01", "2025-12-31"), SUBS_ONLY,
                   grain="quarter")
    variants = kit.compute(SUBS_ONLY, grain="quarter", start="2024-10-01", end="2025-12-31",
                           params=VARIANTS)
    got_v = values(variants)
    for metric, row in HAND_QUARTER_VARIANTS.items():
        assert series(got_v, metric, QUARTERS) == approx_list(row), metric
    assert_matches(variants, oracle(RET, "quarter", "2024-10-01", "2025-12-31", params=VARIANTS),
                   SUBS_ONLY, grain="quarter", params=VARIANTS)


def test_hand_year(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    res = kit.compute(SUBS_ONLY, grain="year", start="2024-01-01", end="2025-12-31")
    got = result(res)
    y24, y25 = D(2024, 1, 1), D(2025, 1, 1)
    # 2024: nobody paying on Dec 31 2023
    assert got[("grr", y24)] == (None, None) and got[("nrr", y24)] == (None, None)
    # 2025: cohort dip 50, down 200; on Dec 31 2025 dip 75, down 170:
    # grr (50 + 170) / 250 = 0.88 (bad, < 0.90), nrr (75 + 170) / 250 = 0.98 (ok, >= 0.9)
    assert got[("grr", y25)] == (pytest.approx(0.88), "bad")
    assert got[("nrr", y25)] == (pytest.approx(0.98), "ok")
    # react, dip, mid, quick, twice (twice twice)
    assert got[("logo_churn", y25)] == (5, None) and got[("logo_churn", y24)] == (0, None)
    assert got[("unsubscribes", y25)] == (5, None)
    # S = 2, E = 6, N = overlap, upgrade, react, twice (new in Jan)
    assert got[("retention_rate", y25)] == (pytest.approx(1.0), None)
    assert got[("retention_rate", y24)] == (None, None)
    assert_matches(res, oracle(RET, "year", "2024-01-01", "2025-12-31"), SUBS_ONLY, grain="year")
    variants = kit.compute(SUBS_ONLY, grain="year", start="2024-01-01", end="2025-12-31",
                           params=VARIANTS)
    got_v = values(variants)
    assert got_v[("unsubscribes", y25)] == 7  # r1 d1 m1 o2 q1 t1 t2
    assert got_v[("retention_rate", y25)] == pytest.approx(0.5)  # dip reactivated: N = 5
    # at grain year the 12m window's "then" is the day before the bucket: the same numbers
    assert got_v[("grr", y25)] == pytest.approx(0.88)
    assert got_v[("nrr", y25)] == pytest.approx(0.98)
    assert_matches(variants, oracle(RET, "year", "2024-01-01", "2025-12-31", params=VARIANTS),
                   SUBS_ONLY, grain="year", params=VARIANTS)


def test_deviation_from_target_at_other_grains(make_kit: MakeKit) -> None:
    """Targets are set per month unless target_grain says otherwise; at the grain they are set
    for, the target is the one row whose period_start falls in the bucket: none or several
    (monthly targets read as quarterly or yearly ones) give null. At any other grain the metric
    refuses, with a typed error, instead of comparing a quarter with a monthly target."""
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    metric = "deviation_from_target_churn"
    with pytest.raises(ck.ArgumentError, match=r"needs grain='month' \(got 'quarter'\).*"
                                               r"target_grain"):
        kit.compute(metric, grain="quarter", start="2025-01-01", end="2025-12-31")
    with pytest.warns(ck.ComputeWarning):
        mixed = kit.compute([metric, "logo_churn"], grain="quarter", start="2025-01-01",
                            end="2025-12-31")
    assert isinstance(mixed.errors[metric], ck.ArgumentError)
    assert set(mixed.to_pandas().metric) == {"logo_churn"}  # the other metric still computes

    def compute(grain: str, start: str, end: str, on: ck.Kit = kit) -> ck.MetricFrame:
        return on.compute(metric, grain=grain, start=start, end=end,
                          params={metric: {"target_grain": grain}})

    quarters = result(compute("quarter", "2024-10-01", "2025-12-31"))
    # Q4 2024 holds one target (Dec) but nobody pays on Sep 30 2024 (null rate); Q1 and Q2 hold
    # several monthly targets; Q3 exactly one (Jul 1): churn 1/6 (of 6 paying on Jun 30, twice
    # stops) - 0.10; Q4 one (Oct 1): 0/5 - 0.0 = 0, good (<= 0)
    assert series(quarters, metric, QUARTERS) == [
        (None, None), (None, None), (None, None), (pytest.approx(1 / 6 - 0.10), "bad"),
        (0.0, "good")]
    years = result(compute("year", "2024-01-01", "2025-12-31"))
    # 2025 holds many targets; 2024 one (Dec) with a null churn rate
    assert years == {(metric, D(2024, 1, 1)): (None, None), (metric, D(2025, 1, 1)): (None, None)}
    weeks = result(compute("week", "2025-04-28", "2025-07-20"))
    # week of Mon Apr 28: May 1 (0.10); May 12: May 15 (0.12); Jun 9: Jun 15 (0.02); Jun 30:
    # Jul 1 (0.10): nobody of the cohort stops in these weeks (churn rate 0). May 19: no target
    assert weeks[(metric, D(2025, 4, 28))] == (pytest.approx(-0.10), "good")
    assert weeks[(metric, D(2025, 5, 12))] == (pytest.approx(-0.12), "good")
    assert weeks[(metric, D(2025, 6, 9))] == (pytest.approx(-0.02), "good")
    assert weeks[(metric, D(2025, 6, 30))] == (pytest.approx(-0.10), "good")
    assert weeks[(metric, D(2025, 5, 19))] == (None, None)
    assert weeks[(metric, D(2025, 7, 14))] == (None, None)
    for grain, lo, hi in (("week", "2025-04-28", "2025-07-20"),
                          ("quarter", "2024-10-01", "2025-12-31"),
                          ("year", "2024-01-01", "2025-12-31")):
        res = compute(grain, lo, hi)
        assert_matches(res, oracle(RET, grain, lo, hi, targets=TARGETS), [metric], grain=grain)
    # one yearly target: 2025 churn rate 0 (dip and down pay on Dec 31 2024 and 2025) - 0.1
    yearly = make_kit({"subscriptions": RET, "targets": [target(D(2025, 1, 1), 0.1)]})
    assert result(compute("year", "2025-01-01", "2025-12-31", yearly)) == {
        (metric, D(2025, 1, 1)): (pytest.approx(-0.1), "good")}


def test_window_12m_month_and_quarter(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET})
    twelve = {"grr": {"window": "12m"}, "nrr": {"window": "12m"}}
    got = result(kit.compute(["grr", "nrr"], grain="month", start="2025-11-01",
                             end="2026-02-28", params=twelve))
    nov, dec, jan, feb = D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)
    # Nov 2025: nobody paying on Nov 30 2024
    assert got[("grr", nov)] == (None, None) and got[("nrr", nov)] == (None, None)
    # Dec 2025: then Dec 31 2024 (dip 50, down 200), now Dec 31 2025 (75, 170)
    assert got[("grr", dec)] == (pytest.approx(220 / 250), "bad")
    assert got[("nrr", dec)] == (pytest.approx(245 / 250), "ok")
    # Jan 2026: then Jan 31 2025 (630: overlap 100, mid 80, upgrade 100, react 60, twice 40,
    # dip 50, down 200); now: 100, 0, 180, 90, 40, 75, 170
    assert got[("grr", jan)] == (pytest.approx((100 + 0 + 100 + 60 + 40 + 50 + 170) / 630), "bad")
    assert got[("nrr", jan)] == (pytest.approx(655 / 630), "good")
    # Feb 2026: then Feb 28 2025 (570: overlap 150, mid 80, upgrade 100, twice 40, down 200)
    assert got[("grr", feb)] == (pytest.approx((100 + 0 + 100 + 40 + 170) / 570), "bad")
    assert got[("nrr", feb)] == (pytest.approx(490 / 570), "bad")
    quarters = result(kit.compute(["grr", "nrr"], grain="quarter", start="2025-10-01",
                                  end="2026-03-31", params=twelve))
    # Q4 2025: then Dec 31 2024, now Dec 31 2025 (as Dec above)
    assert quarters[("grr", D(2025, 10, 1))] == (pytest.approx(0.88), "bad")
    assert quarters[("nrr", D(2025, 10, 1))] == (pytest.approx(0.98), "ok")
    # Q1 2026: then Mar 31 2025 (645), now Mar 31 2026: overlap -50, down -30 -> 565
    assert quarters[("grr", D(2026, 1, 1))] == (pytest.approx(565 / 645), "bad")
    assert quarters[("nrr", D(2026, 1, 1))] == (pytest.approx(565 / 645), "bad")
    # the bucket window at month grain: Dec 2025 against Nov 30 2025, no status
    plain = result(kit.compute(["grr", "nrr"], start="2025-12-01", end="2025-12-31"))
    assert plain == {("grr", dec): (1.0, None), ("nrr", dec): (1.0, None)}
    for grain, lo, hi in (("month", "2024-11-01", "2026-02-28"),
                          ("quarter", "2024-10-01", "2026-03-31")):
        res = kit.compute(["grr", "nrr"], grain=grain, start=lo, end=hi, params=twelve)
        assert_matches(res, oracle(RET, grain, lo, hi, params=twelve), ["grr", "nrr"],
                       grain=grain, params=twelve)


LEAP = [
    sub("a1", "a", D(2023, 2, 28), D(2023, 3, 1), 100.0),   # pays on 2023-02-28 only
    sub("a2", "a", D(2024, 1, 1), None, 50.0),
    sub("b1", "b", D(2023, 3, 1), D(2023, 3, 2), 200.0),    # pays on 2023-03-01 only
    sub("b2", "b", D(2024, 1, 1), None, 300.0),
    sub("c1", "c", D(2023, 2, 27), D(2023, 2, 28), 40.0),   # pays on 2023-02-27 only
    sub("e1", "e", D(2024, 2, 29), D(2024, 3, 1), 1000.0),  # pays on the leap day only
]
TWELVE = {"grr": {"window": "12m"}, "nrr": {"window": "12m"}}


def test_window_12m_across_a_leap_day_day_and_month(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": LEAP})
    res = kit.compute(["grr", "nrr"], grain="day", start="2024-02-27", end="2024-03-02",
                      params=TWELVE)
    got = result(res)
    days = [D(2024, 2, 27), D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1), D(2024, 3, 2)]
    # then = the same date a year earlier: c (lost: 0), a (100 -> 50), Feb 29 -> Feb 28 (a
    # again; e pays "now" but is not in the cohort), b (200 -> 300), nobody on 2023-03-02
    assert series(got, "grr", days) == [(0.0, "bad"), (0.5, "bad"), (0.5, "bad"), (1.0, "good"),
                                        (None, None)]
    assert series(got, "nrr", days) == [(0.0, "bad"), (0.5, "bad"), (0.5, "bad"), (1.5, "good"),
                                        (None, None)]
    assert_matches(res, oracle(LEAP, "day", "2024-02-27", "2024-03-02", params=TWELVE),
                   ["grr", "nrr"], grain="day", params=TWELVE)
    # the default window at grain day: the day before vs the day, no status. Feb 29: e joins
    # (not in the cohort a 50, b 300) -> 1 and 1; Mar 1: e (1000) leaves -> 350 / 1350
    plain = result(kit.compute(["grr", "nrr"], grain="day", start="2024-02-29",
                               end="2024-03-01"))
    assert series(plain, "grr", days[2:4]) == [(1.0, None), (pytest.approx(350 / 1350), None)]
    assert series(plain, "nrr", days[2:4]) == [(1.0, None), (pytest.approx(350 / 1350), None)]
    # grain month: Feb 2025 looks back to the last day of Feb 2024 = Feb 29, where a 50, b 300
    # and e 1000 pay; on Feb 28 2025 e is gone: 350 / 1350. Feb 2024 looks back to Feb 28 2023
    # (a 100 -> 50); Mar 2024 to Mar 31 2023 (nobody); Mar 2025 to Mar 31 2024 (a, b kept)
    by_month = kit.compute(["grr", "nrr"], grain="month", start="2024-02-01", end="2025-03-31",
                           params=TWELVE)
    months = result(by_month)
    assert months[("grr", D(2025, 2, 1))] == (pytest.approx(350 / 1350), "bad")
    assert months[("nrr", D(2025, 2, 1))] == (pytest.approx(350 / 1350), "bad")
    assert months[("grr", D(2024, 2, 1))] == (0.5, "bad")
    assert months[("nrr", D(2024, 3, 1))] == (None, None)
    assert months[("nrr", D(2025, 3, 1))] == (1.0, "good")
    assert_matches(by_month, oracle(LEAP, "month", "2024-02-01", "2025-03-31", params=TWELVE),
                   ["grr", "nrr"], grain="month", params=TWELVE)


def test_window_12m_across_a_leap_day_week(make_kit: MakeKit,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Sunday 2032-02-29 ends the ISO week of Monday 2032-02-23 (read from a later today: a
    # bucket to come has no ratio)
    monkeypatch.setattr(engine, "utc_today", lambda: D(2033, 1, 1))
    subs = [
        sub("a1", "a", D(2031, 2, 28), D(2031, 3, 1), 100.0),  # pays on 2031-02-28 only
        sub("a2", "a", D(2032, 1, 1), None, 50.0),
        sub("b1", "b", D(2031, 3, 1), D(2031, 3, 2), 200.0),   # pays on 2031-03-01 only
        sub("b2", "b", D(2032, 1, 1), None, 300.0),
        sub("c1", "c", D(2031, 2, 22), D(2031, 2, 23), 40.0),  # pays on 2031-02-22 only
    ]
    kit = make_kit({"subscriptions": subs})
    res = kit.compute(["grr", "nrr"], grain="week", start="2032-02-16", end="2032-03-07",
                      params=TWELVE)
    got = result(res)
    weeks = [D(2032, 2, 16), D(2032, 2, 23), D(2032, 3, 1)]
    # last days Feb 22, Feb 29, Mar 7 -> then 2031-02-22 (c, lost), 2031-02-28 (a, 100 -> 50;
    # not 2031-03-01 where b pays, nor 52 weeks back), 2031-03-07 (nobody)
    assert series(got, "grr", weeks) == [(0.0, "bad"), (0.5, "bad"), (None, None)]
    assert series(got, "nrr", weeks) == [(0.0, "bad"), (0.5, "bad"), (None, None)]
    assert_matches(res, oracle(subs, "week", "2032-02-16", "2032-03-07", params=TWELVE),
                   ["grr", "nrr"], grain="week", params=TWELVE)


UNSUB = [
    # an add-on cancelled while the base continues: an unsubscribe in Mar, no logo churn
    sub("a1", "addon", D(2025, 1, 1), None, 100.0),
    sub("a2", "addon", D(2025, 1, 10), D(2025, 3, 20), 30.0),
    # an upgrade the same day: no unsubscribe
    sub("p1", "upg", D(2025, 1, 1), D(2025, 3, 15), 50.0),
    sub("p2", "upg", D(2025, 3, 15), None, 80.0),
    # renewed on Mar 1 (continued), then not renewed: unsubscribe and logo churn in Apr
    sub("n1", "renew", D(2025, 1, 1), D(2025, 3, 1), 20.0),
    sub("n2", "renew", D(2025, 3, 1), D(2025, 4, 1), 20.0),
    # another account starting the day x1 ends does not continue it
    sub("x1", "other", D(2025, 1, 1), D(2025, 3, 15), 10.0),
    sub("y1", "newcomer", D(2025, 3, 15), None, 10.0),
    # a free subscription ending: not counted (mrr 0)
    sub("z1", "free", D(2025, 1, 1), D(2025, 3, 5), 0.0),
    # replaced the same day by a free plan: continued (another subscription starts that day),
    # so no unsubscribe, but the account stops paying: a logo churn in Feb
    sub("g1", "tofree", D(2025, 1, 1), D(2025, 2, 25), 60.0),
    sub("g2", "tofree", D(2025, 2, 25), None, 0.0),
    # two subscriptions of one account ending in May: two unsubscribes, one logo churn
    sub("k1", "both", D(2025, 1, 1), D(2025, 5, 10), 25.0),
    sub("k2", "both", D(2025, 2, 1), D(2025, 5, 20), 35.0),
]


@pytest.mark.parametrize("grain", ["week", "month"])
def test_unsubscribes_levels(make_kit: MakeKit, grain: str) -> None:
    kit = make_kit({"subscriptions": UNSUB})
    params = {"unsubscribes": {"level": "subscription"}}
    res = kit.compute(["unsubscribes", "logo_churn"], grain=grain, start="2025-01-01",
                      end="2025-06-30", params=params)
    got = result(res)
    if grain == "month":
        months = [D(2025, m, 1) for m in range(1, 7)]
        # unsubscribes: Mar a2, x1 (p1 and n1 continued, z1 free); Apr n2; May k1, k2
        # logo churn: Feb tofree, Mar other, Apr renew, May both
        assert series(got, "unsubscribes", months) == [(v, None) for v in (0, 0, 2, 1, 2, 0)]
        assert series(got, "logo_churn", months) == [(v, None) for v in (0, 1, 1, 1, 1, 0)]
    else:
        # a2 ends Thu Mar 20 (week of Mon Mar 17); x1 ends Sat Mar 15 (week of Mon Mar 10)
        assert got[("unsubscribes", D(2025, 3, 17))] == (1, None)
        assert got[("logo_churn", D(2025, 3, 17))] == (0, None)
        assert got[("unsubscribes", D(2025, 3, 10))] == (1, None)  # x1; p1 is continued
        assert got[("logo_churn", D(2025, 3, 10))] == (1, None)  # other: 0 on Sun Mar 16
        # g1 -> free g2 on Tue Feb 25: a logo churn, not an unsubscribe
        assert got[("unsubscribes", D(2025, 2, 24))] == (0, None)
        assert got[("logo_churn", D(2025, 2, 24))] == (1, None)
    assert_matches(res, oracle(UNSUB, grain, "2025-01-01", "2025-06-30", params=params),
                   ["unsubscribes", "logo_churn"], grain=grain, params=params)
    # the default level is "account": the logo churn
    default = values(kit.compute(["unsubscribes", "logo_churn"], grain=grain,
                                 start="2025-01-01", end="2025-06-30"))
    periods = buckets(D(2025, 1, 1), D(2025, 6, 30), grain)
    assert series(default, "unsubscribes", periods) == series(default, "logo_churn", periods)
    assert series(default, "logo_churn", periods) == [v for v, _ in
                                                      series(got, "logo_churn", periods)]


def test_by_segment_with_null_segment(make_kit: MakeKit) -> None:
    segment = {"overlap": "ent", "mid": "smb", "upgrade": "ent", "react": "smb", "quick": None,
               "dip": "smb", "down": "ent", "free": "mm", "nosubs": "startup"}
    # 'twice' has no accounts row: with quick (a null segment) it is the null group
    accounts = [{"account_id": a, "created_at": dt.datetime(2024, 1, 1), "segment": s}
                for a, s in segment.items()]
    kit = make_kit({"subscriptions": RET, "accounts": accounts, "targets": TARGETS})
    res = kit.compute(ALL, grain="month", start="2024-11-01", end="2025-12-31", by=["segment"])
    got = result(res, ["segment"])
    groups = ("ent", "smb", "mm", "startup", NONE)
    assert {k[2] for k in got} == set(groups)
    feb, apr = D(2025, 2, 1), D(2025, 4, 1)
    # ent: overlap 100 -> 150, upgrade 100, down 200: grr 400 / 400, nrr 450 / 400
    assert got[("grr", feb, "ent")] == (1.0, None)
    assert got[("nrr", feb, "ent")] == (pytest.approx(1.125), None)
    # smb: mid 80, react 60 -> 0, dip 50 -> 0
    assert got[("grr", feb, "smb")] == (pytest.approx(80 / 190), None)
    assert got[("nrr", feb, "smb")] == (pytest.approx(80 / 190), None)
    assert got[("grr", feb, NONE)] == (1.0, None)  # twice
    assert got[("grr", feb, "mm")] == (None, None)  # free never pays
    assert got[("grr", feb, "startup")] == (None, None)  # no subscription at all
    assert [got[("logo_churn", feb, g)][0] for g in groups] == [0, 2, 0, 0, 0]
    assert [got[("retention_rate", feb, g)][0] for g in groups] == [
        1.0, pytest.approx(1 / 3), None, None, 1.0]
    # the same company-wide target (0.10) for every group
    assert [got[("deviation_from_target_churn", feb, g)] for g in groups] == [
        (pytest.approx(-0.1), "good"), (pytest.approx(2 / 3 - 0.1), "bad"), (None, None),
        (None, None), (pytest.approx(-0.1), "good")]
    # null group in Apr: S = {twice}, E = {twice, quick}, quick is new -> 1
    assert got[("retention_rate", apr, NONE)] == (1.0, None)
    # the groups' counts add up to the total
    total = values(kit.compute(["logo_churn", "unsubscribes"], start="2024-11-01",
                               end="2025-12-31"))
    for (metric, p), v in total.items():
        assert sum(got[(metric, p, g)][0] for g in groups) == v, (metric, p)
    expected = oracle(RET, "month", "2024-11-01", "2025-12-31", targets=TARGETS,
                      segment_of=segment, segments=segment.values())
    assert_matches(res, expected, ALL, grain="month", by=["segment"])
    variants = kit.compute(ALL, grain="month", start="2024-11-01", end="2025-12-31",
                           by=["segment"], params=VARIANTS)
    assert values(variants, ["segment"])[("unsubscribes", D(2025, 5, 1), "ent")] == 1  # o2
    assert_matches(variants, oracle(RET, "month", "2024-11-01", "2025-12-31", params=VARIANTS,
                                    targets=TARGETS, segment_of=segment,
                                    segments=segment.values()),
                   ALL, grain="month", params=VARIANTS, by=["segment"])


def test_no_subscriptions_at_all(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": [], "targets": [target(D(2025, 2, 1), 0.05)]})
    months = [D(2025, m, 1) for m in (1, 2, 3)]
    for params in ({}, VARIANTS):
        got = result(kit.compute(ALL, start="2025-01-01", end="2025-03-31", params=params))
        assert set(got) == {(m, p) for m in ALL for p in months}
        # counts 0, rates and ratios null (Feb has a target but no churn rate), no status
        assert all(v == ((0, None) if k[0] in COUNTS else (None, None)) for k, v in got.items())


def test_unknown_param_values_raise(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": RET, "targets": TARGETS})
    bad: list[dict[str, dict[str, Any]]] = [
        {"grr": {"window": "6m"}},
        {"nrr": {"window": "year"}},
        {"unsubscribes": {"level": "user"}},
        {"retention_rate": {"reactivation_as": "returning"}},
        {"logo_churn": {"window": "12m"}},  # a param the metric does not declare
    ]
    for params in bad:
        with pytest.raises(ck.ParamError):
            kit.compute(list(params), params=params)


# -- seeded random histories -------------------------------------------------------------------
SEEDS = [7, 2025]
RANGE = ("2024-01-01", "2025-06-30")


def random_targets(seed: int, grain: str = "month") -> list[Row]:
    """Churn targets per bucket of `grain` over 2023-10 .. 2025-09, on random days of the bucket:
    none, one or two in a bucket; plus targets of another metric."""
    rng = random.Random(f"targets {seed} {grain}")
    rows: list[Row] = []
    b = bucket_of(D(2023, 10, 1), grain)
    while b <= D(2025, 9, 30):
        days = (next_bucket(b, grain) - b).days
        draw = rng.random()
        for _ in range(0 if draw < 0.25 else 2 if draw > 0.85 else 1):
            day = b + dt.timedelta(days=rng.randrange(days))
            rows.append(target(day, rng.choice([0.0, 0.02, 0.05, 0.1, 0.25, 1 / 3])))
        if rng.random() < 0.3:
            rows.append(target(b, 0.5, metric="nrr"))
        b = next_bucket(b, grain)
    return rows


def assert_invariants(got: Mapping[tuple, float | None], variant: Mapping[tuple, float | None],
                      grain: str) -> None:
    """grr in [0, 1] and <= nrr; grr, nrr and retention_rate share their cohort (null
    together); unsubscribes (account) = logo_churn; reactivation_as="new" never raises
    retention; at grain year the 12m window equals the bucket window."""
    for key, g in got.items():
        if key[0] != "grr":
            continue
        rest = key[1:]
        n, r = got[("nrr", *rest)], got[("retention_rate", *rest)]
        assert (g is None) == (n is None) == (r is None), key
        if g is not None and n is not None:
            assert -1e-12 <= g <= 1 + 1e-12, key
            assert n >= g - 1e-12, key
        assert got[("unsubscribes", *rest)] == got[("logo_churn", *rest)], key
        r_new = variant[("retention_rate", *rest)]
        assert (r is None) == (r_new is None), key
        if r is not None and r_new is not None:
            assert r_new <= r + 1e-12, key
        if grain == "year":
            assert variant[("grr", *rest)] == pytest.approx(g), key
            assert variant[("nrr", *rest)] == pytest.approx(n), key


@pytest.mark.parametrize("grain", ["week", "month", "quarter", "year"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_histories(make_kit: MakeKit, grain: str, seed: int) -> None:
    subs, _ = random_history(seed)
    targets = random_targets(seed)
    kit = make_kit({"subscriptions": subs, "targets": targets})
    res = kit.compute(SUBS_ONLY, grain=grain, start=RANGE[0], end=RANGE[1])
    expected = oracle(subs, grain, *RANGE, targets=targets)
    if grain in ("week", "month"):  # the histories exercise every metric
        for metric in ALL:
            assert any(v for k, v in expected.items() if k[0] == metric), metric
    assert_matches(res, expected, SUBS_ONLY, grain=grain)
    variant = kit.compute(SUBS_ONLY, grain=grain, start=RANGE[0], end=RANGE[1], params=VARIANTS)
    expected_v = oracle(subs, grain, *RANGE, params=VARIANTS, targets=targets)
    if grain in ("week", "month"):  # the variants differ from the defaults somewhere
        for metric in VARIANTS:
            assert any(expected_v[k] != expected[k] for k in expected if k[0] == metric), metric
    assert_matches(variant, expected_v, SUBS_ONLY, grain=grain, params=VARIANTS)
    assert_invariants(values(res), values(variant), grain)


@pytest.mark.parametrize("grain", ["week", "month", "quarter", "year"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_deviation_from_target(make_kit: MakeKit, grain: str, seed: int) -> None:
    subs, _ = random_history(seed)
    targets = random_targets(seed, grain)  # targets set per bucket of the grain
    kit = make_kit({"subscriptions": subs, "targets": targets})
    metric = "deviation_from_target_churn"
    res = kit.compute(metric, grain=grain, start=RANGE[0], end=RANGE[1],
                      params={metric: {"target_grain": grain}})
    expected = oracle(subs, grain, *RANGE, targets=targets)
    assert any(v is not None for k, v in expected.items() if k[0] == metric)  # some compare
    assert_matches(res, expected, [metric], grain=grain)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_histories_by_segment(make_kit: MakeKit, seed: int) -> None:
    subs, segments = random_history(seed)
    targets = random_targets(seed)
    # one account without an accounts row: it joins the null group
    missing = sorted(segments)[3]
    accounts = [{"account_id": a, "created_at": dt.datetime(2023, 1, 1), "segment": s}
                for a, s in segments.items() if a != missing]
    segment_of = {a: s for a, s in segments.items() if a != missing}
    kit = make_kit({"subscriptions": subs, "accounts": accounts, "targets": targets})
    for params in ({}, VARIANTS):
        res = kit.compute(ALL, grain="month", start=RANGE[0], end=RANGE[1], by="segment",
                          params=params)
        expected = oracle(subs, "month", *RANGE, params=params, targets=targets,
                          segment_of=segment_of, segments=segment_of.values())
        assert NONE in {k[2] for k in expected}
        assert_matches(res, expected, ALL, grain="month", params=params, by=["segment"])
