"""Customer value metrics (arpa, clv, clv_cac_ratio, spend_lift, repeat_purchase_rate,
customer_retention_cost, free_trial_conversion_rate) against plain-Python oracles.

The oracle (class `Oracle`) is written from the words of the definitions (spec of issue 7,
"Subscription metrics" for arpa and "Invoices, accounts, costs, trials"), never from the Ibis code
in plugins/. It walks plain rows with dicts and loops, bucket by bucket (tests/oracle_calendar.py):

* an account's MRR on a day = sum of the mrr of its subscriptions with start_date <= day <
  end_date (`mrr_on` of tests/test_metrics_revenue.py); "paying at the start" = MRR > 0 on the
  day before the bucket, "paying at the end" = MRR > 0 on its last day;
* arpa = sum of MRR at the end / accounts paying at the end;
* customer churn rate r = accounts paying at the start not paying at the end / accounts paying
  at the start; monthly churn c = 1 - (1 - r) ** (1 / months in the bucket);
* clv "purchases" = (invoice sum / distinct invoiced accounts) / months x (1 / c) x gross_margin,
  clv "arpa_churn" = arpa / c x gross_margin; null when r is null or 0, no invoice, no payer;
* clv_cac_ratio = clv / mean acquisition_cost (nulls ignored) of the accounts whose first ever
  state bucket (the month for quarter/year) with MRR > 0 lies in the bucket;
* spend_lift = (S_now - S_before) / S_before, S_before from the previous bucket or the same bucket
  a year earlier (an invoice dated d counts a year later on the same calendar date, Feb 29 on
  Feb 28);
* repeat_purchase_rate = accounts with >= 2 purchases (amount > 0, optional kind filter; a null
  kind only without filter) / accounts with >= 1;
* customer_retention_cost = cs_costs in the bucket / accounts paying at the end (no `by`);
* free_trial_conversion_rate "trials_ended" = converted / trials ended in the bucket,
  "free_to_paid" = trials open in the bucket (not converted before it) that convert in it.

With `by`, everything is computed within the group of the account (the accounts row's value;
null or missing is the None group). Hand-built rows carry hand-computed values (each derived in a
comment); seeded random worlds are compared with the oracle. Every test runs on DuckDB and on
PostgreSQL (the `make_kit` fixture).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

import csm_kit as ck
from tests.oracle_calendar import bucket_of, buckets, last_day, next_bucket
from tests.oracle_results import check, result
from tests.test_metrics_revenue import mrr_on, random_history, sub

D = dt.date
DAY = dt.timedelta(days=1)
MakeKit = Callable[..., ck.Kit]

MONTHS_IN = {"day": 12 / 365, "week": 12 / 52, "month": 1.0, "quarter": 3.0, "year": 12.0}
ALL = ["arpa", "clv", "clv_cac_ratio", "spend_lift", "repeat_purchase_rate",
       "customer_retention_cost", "free_trial_conversion_rate"]
SPLITTABLE = [m for m in ALL if m != "customer_retention_cost"]
# the non-default variant of every metric that has one
VARIANTS: dict[str, dict[str, Any]] = {
    "clv": {"method": "arpa_churn", "gross_margin": 0.8},
    "clv_cac_ratio": {"method": "arpa_churn", "gross_margin": 0.8},
    "spend_lift": {"compare": "same_bucket_last_year"},
    "repeat_purchase_rate": {"kinds": ["one_time", "upsell"]},
    "free_trial_conversion_rate": {"method": "free_to_paid"},
}


class _Skip:
    """An oracle value the spec leaves open (see `Oracle.clv`): present, not compared."""

    def __repr__(self) -> str:
        return "SKIP"


SKIP = _Skip()
Expected = float | None | _Skip


def ts(y: int, m: int, d: int, h: int = 12, mi: int = 0, s: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, s)


def as_date(x: str | dt.date) -> dt.date:
    return x if isinstance(x, dt.date) else D.fromisoformat(x)


def inv(iid: str, acc: str, at: dt.datetime, amount: float, kind: str | None) -> dict[str, Any]:
    return {"invoice_id": iid, "account_id": acc, "issued_at": at, "amount": amount, "kind": kind}


def trial(tid: str, acc: str, started: dt.datetime, ended: dt.datetime,
          converted: dt.datetime | None) -> dict[str, Any]:
    return {"trial_id": tid, "account_id": acc, "started_at": started, "ended_at": ended,
            "converted_at": converted}


def cost(day: dt.date, amount: float, category: str | None = None) -> dict[str, Any]:
    return {"period_start": day, "amount": amount, "category": category}


def account(acc: str, segment: str | None, acquisition_cost: float | None) -> dict[str, Any]:
    return {"account_id": acc, "created_at": dt.datetime(2023, 1, 1), "segment": segment,
            "acquisition_cost": acquisition_cost}


def status_of(metric: str) -> Callable[[float | None], str | None]:
    """clv_cac_ratio: good >= 3 else bad; every other metric here has no band."""
    if metric == "clv_cac_ratio":
        return lambda v: None if v is None else ("good" if v >= 3 else "bad")
    return lambda v: None


@dataclass
class World:
    subs: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    trials: list[dict[str, Any]] = field(default_factory=list)
    costs: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {"subscriptions": self.subs, "invoices": self.invoices, "trials": self.trials,
                "cs_costs": self.costs, "accounts": self.accounts}


# -- the oracle --------------------------------------------------------------------------------
def year_later(d: dt.date) -> dt.date:
    """The same calendar date one year later; Feb 29 goes to Feb 28."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return D(d.year + 1, 2, 28)


def acquired_bucket(subs: Sequence[Mapping[str, Any]], grain: str, until: dt.date) -> dict[str, dt.date]:
    """Per account: the bucket (of `grain`) of its first state bucket with MRR > 0 at its last day;
    state buckets are the grain for day/week/month, the month for quarter/year."""
    sg = grain if grain in ("day", "week", "month") else "month"
    by_acc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for s in subs:
        by_acc[s["account_id"]].append(s)
    out: dict[str, dt.date] = {}
    for acc, rows in by_acc.items():
        b = bucket_of(min(s["start_date"] for s in rows), sg)
        while b <= until:
            if mrr_on(rows, last_day(b, sg))[acc] > 0:
                out[acc] = bucket_of(b, grain)
                break
            b = next_bucket(b, sg)
    return out


class Oracle:
    """Expected values per bucket (and group) for one world, grain, range and `by`."""

    def __init__(self, world: World, grain: str, start: str | dt.date, end: str | dt.date,
                 by: str | None = None) -> None:
        self.w, self.grain, self.by = world, grain, by
        self.periods = buckets(as_date(start), as_date(end), grain)
        self.rows = {a["account_id"]: a for a in world.accounts}
        self.months = MONTHS_IN[grain]
        if by is None:
            self.groups: list[str | None] = [""]
        else:
            seen = {r["account_id"] for r in [*world.subs, *world.invoices, *world.trials]}
            self.groups = sorted({a.get(by) for a in world.accounts} |
                                 {self.group(a) for a in seen}, key=repr)
        self.acquired = acquired_bucket(world.subs, grain, last_day(self.periods[-1], grain))
        self.start_mrr = {p: mrr_on(world.subs, p - DAY) for p in self.periods}
        self.end_mrr = {p: mrr_on(world.subs, last_day(p, grain)) for p in self.periods}

    def group(self, acc: str) -> str | None:
        if self.by is None:
            return ""
        row = self.rows.get(acc)
        return None if row is None else row.get(self.by)

    def key(self, p: dt.date, g: str | None) -> tuple:
        return (p,) if self.by is None else (p, g)

    def table(self, fn: Callable[[dt.date, str | None], Expected]) -> dict[tuple, Expected]:
        return {self.key(p, g): fn(p, g) for p in self.periods for g in self.groups}

    # building blocks, per bucket p and group g
    def paying_end(self, p: dt.date, g: str | None) -> list[str]:
        return [a for a, v in self.end_mrr[p].items() if v > 0 and self.group(a) == g]

    def arpa_of(self, p: dt.date, g: str | None) -> float | None:
        payers = self.paying_end(p, g)
        total = sum(v for a, v in self.end_mrr[p].items() if self.group(a) == g)
        return total / len(payers) if payers else None

    def churn_rate(self, p: dt.date, g: str | None) -> float | None:
        cohort = [a for a, v in self.start_mrr[p].items() if v > 0 and self.group(a) == g]
        if not cohort:
            return None
        return sum(1 for a in cohort if not self.end_mrr[p][a] > 0) / len(cohort)

    def invoices_in(self, lo: dt.date, hi: dt.date, g: str | None) -> list[Mapping[str, Any]]:
        return [i for i in self.w.invoices
                if lo <= i["issued_at"].date() < hi and self.group(i["account_id"]) == g]

    def spend(self, lo: dt.date, hi: dt.date, g: str | None) -> float:
        return sum(i["amount"] for i in self.invoices_in(lo, hi, g))

    # the metrics
    def arpa(self) -> dict[tuple, Expected]:
        return self.table(self.arpa_of)

    def clv_of(self, p: dt.date, g: str | None, method: str, gross_margin: float) -> Expected:
        r = self.churn_rate(p, g)
        if r is None or r == 0:
            return None
        c = 1 - (1 - r) ** (1 / self.months)
        if method == "arpa_churn":
            arpa = self.arpa_of(p, g)
            return None if arpa is None else arpa / c * gross_margin
        rows = self.invoices_in(p, next_bucket(p, self.grain), g)
        if not rows:
            return None
        if not self.paying_end(p, g):
            # every account of the cohort churned and nobody else pays at the end: the spec's
            # "no paying accounts" may or may not null the purchases method here; not compared
            return SKIP
        per_month = sum(i["amount"] for i in rows) / len({i["account_id"] for i in rows}) / self.months
        return per_month / c * gross_margin

    def clv(self, method: str = "purchases", gross_margin: float = 1.0) -> dict[tuple, Expected]:
        return self.table(lambda p, g: self.clv_of(p, g, method, gross_margin))

    def clv_cac_ratio(self, method: str = "purchases",
                      gross_margin: float = 1.0) -> dict[tuple, Expected]:
        def one(p: dt.date, g: str | None) -> Expected:
            acquired = [a for a, b in self.acquired.items() if b == p and self.group(a) == g]
            costs = [self.rows[a]["acquisition_cost"] for a in acquired
                     if a in self.rows and self.rows[a].get("acquisition_cost") is not None]
            if not costs:
                return None
            cac = sum(costs) / len(costs)
            value = self.clv_of(p, g, method, gross_margin)
            if cac == 0 or value is None:
                return None
            return SKIP if isinstance(value, _Skip) else value / cac
        return self.table(one)

    def spend_before(self, p: dt.date, g: str | None, compare: str) -> float:
        if compare == "previous":
            return self.spend(bucket_of(p - DAY, self.grain), p, g)
        if self.grain == "day":
            return sum(i["amount"] for i in self.w.invoices
                       if year_later(i["issued_at"].date()) == p and self.group(i["account_id"]) == g)
        if self.grain == "week":
            lo = p - dt.timedelta(weeks=52)
            return self.spend(lo, lo + dt.timedelta(weeks=1), g)
        lo = D(p.year - 1, p.month, 1)
        return self.spend(lo, next_bucket(lo, self.grain), g)

    def spend_lift(self, compare: str = "previous") -> dict[tuple, Expected]:
        def one(p: dt.date, g: str | None) -> Expected:
            before = self.spend_before(p, g, compare)
            if before == 0:
                return None
            return (self.spend(p, next_bucket(p, self.grain), g) - before) / before
        return self.table(one)

    def repeat_purchase_rate(self, kinds: Sequence[str] | None = None) -> dict[tuple, Expected]:
        def one(p: dt.date, g: str | None) -> Expected:
            count: dict[str, int] = defaultdict(int)
            for i in self.invoices_in(p, next_bucket(p, self.grain), g):
                if i["amount"] > 0 and (kinds is None or i["kind"] in kinds):
                    count[i["account_id"]] += 1
            if not count:
                return None
            return sum(1 for n in count.values() if n >= 2) / len(count)
        return self.table(one)

    def customer_retention_cost(self) -> dict[tuple, Expected]:
        assert self.by is None, "customer_retention_cost cannot be split"

        def one(p: dt.date, g: str | None) -> Expected:
            payers = self.paying_end(p, g)
            spent = sum(c["amount"] for c in self.w.costs
                        if p <= c["period_start"] < next_bucket(p, self.grain))
            return spent / len(payers) if payers else None
        return self.table(one)

    def free_trial_conversion_rate(self, method: str = "trials_ended") -> dict[tuple, Expected]:
        def one(p: dt.date, g: str | None) -> Expected:
            lo = dt.datetime.combine(p, dt.time())
            hi = dt.datetime.combine(next_bucket(p, self.grain), dt.time())
            mine = [t for t in self.w.trials if self.group(t["account_id"]) == g]
            if method == "trials_ended":
                ended = [t for t in mine if lo <= t["ended_at"] < hi]
                converted = [t for t in ended if t["converted_at"] is not None]
                return len(converted) / len(ended) if ended else None
            open_ = [t for t in mine if t["started_at"] < hi and t["ended_at"] >= lo
                     and not (t["converted_at"] is not None and t["converted_at"] < lo)]
            won = [t for t in open_ if t["converted_at"] is not None and lo <= t["converted_at"] < hi]
            return len(won) / len(open_) if open_ else None
        return self.table(one)

    def expected(self, metric: str, params: Mapping[str, Any] | None = None) -> dict[tuple, Expected]:
        fn: Callable[..., dict[tuple, Expected]] = getattr(self, metric)
        return fn(**(params or {}))


def assert_oracle(res: ck.MetricFrame, metric: str, expected: Mapping[tuple, Expected],
                  by: Sequence[str] = (), what: str = "") -> None:
    """Same buckets/groups as the oracle; values within 1e-9 (null where None; SKIP not
    compared); the declared status."""
    got = result(res, metric, by)
    assert set(got) == set(expected), (
        f"{metric} {what}: missing {sorted(set(expected) - set(got), key=repr)[:5]}, "
        f"extra {sorted(set(got) - set(expected), key=repr)[:5]}")
    status, bad = status_of(metric), []
    for key in sorted(expected, key=repr):
        want, (value, st) = expected[key], got[key]
        if isinstance(want, _Skip):
            continue
        if want is None:
            ok = value is None and st is None
        else:
            ok = (value is not None and value == pytest.approx(want, rel=1e-9, abs=1e-9)
                  and st == status(want))
        if not ok:
            bad.append(f"{key}: got {value} ({st}), expected {want} ({status(want)})")
    assert not bad, f"{metric} {what}: {len(bad)} mismatches\n" + "\n".join(bad[:15])


# -- hand-built world --------------------------------------------------------------------------
# acme pays 100 from Dec 2024 on; bolt pays 50 Dec 2024 .. Feb 14 2025 (churns in Feb); cora pays
# 200 from Jan 10 2025 (new in Jan); dune pays 30 Feb 1 .. Mar 31 2025 (new in Feb, churns in Apr);
# echo only buys one-off; zeta has no data at all.
EDGE_SUBS = [
    sub("a1", "acme", D(2024, 12, 1), None, 100.0),
    sub("b1", "bolt", D(2024, 12, 1), D(2025, 2, 15), 50.0),
    sub("c1", "cora", D(2025, 1, 10), None, 200.0),
    sub("d1", "dune", D(2025, 2, 1), D(2025, 4, 1), 30.0),
]
EDGE_INVOICES = [
    # a year earlier (only spend_lift compare="same_bucket_last_year" reads them)
    inv("o1", "acme", ts(2024, 1, 15), 130.0, "recurring"),
    inv("o2", "acme", ts(2024, 3, 5), 50.0, "one_time"),
    # Dec 2024: 150 from acme, bolt
    inv("i1", "acme", ts(2024, 12, 1), 100.0, "recurring"),
    inv("i2", "bolt", ts(2024, 12, 1), 50.0, "recurring"),
    # Jan 2025: 390; acme buys twice in Jan (the second on Jan 31 23:59:59) and once in Feb
    inv("i3", "acme", ts(2025, 1, 1), 100.0, "recurring"),
    inv("i4", "acme", ts(2025, 1, 31, 23, 59, 59), 40.0, "one_time"),
    inv("i5", "bolt", ts(2025, 1, 1), 50.0, "recurring"),
    inv("i6", "cora", ts(2025, 1, 10), 200.0, "recurring"),
    # Feb 2025: 100 + 25 + 200 - 60 + 30 + 20 = 315 (the refund counts in the sum)
    inv("i7", "acme", ts(2025, 2, 1, 0, 0, 0), 100.0, "recurring"),
    inv("i8", "bolt", ts(2025, 2, 1), 25.0, None),  # null kind
    inv("i9", "cora", ts(2025, 2, 10), 200.0, "recurring"),
    inv("i10", "cora", ts(2025, 2, 20), -60.0, "one_time"),  # a refund: not a purchase
    inv("i11", "dune", ts(2025, 2, 1), 30.0, "upsell"),
    inv("i12", "dune", ts(2025, 2, 14), 20.0, None),  # null kind
    # Mar 2025: 100 + 200 + 30 + 15 + 80 = 425
    inv("i13", "acme", ts(2025, 3, 1), 100.0, "recurring"),
    inv("i14", "cora", ts(2025, 3, 10), 200.0, "recurring"),
    inv("i15", "dune", ts(2025, 3, 1), 30.0, "upsell"),
    inv("i16", "dune", ts(2025, 3, 15), 15.0, "one_time"),
    inv("i17", "echo", ts(2025, 3, 5), 80.0, "one_time"),
    # Apr 2025 and Nov 2024: no invoice
]
EDGE_TRIALS = [
    # Dec 20 .. Jan 3, converted Dec 28 (in Dec, before Jan)
    trial("t6", "acme", ts(2024, 12, 20), ts(2025, 1, 3), ts(2024, 12, 28)),
    # converted inside the trial, in Jan
    trial("t1", "bolt", ts(2025, 1, 5), ts(2025, 1, 19), ts(2025, 1, 15)),
    # converted after the trial ended (Jan 24), in Feb
    trial("t2", "cora", ts(2025, 1, 10), ts(2025, 1, 24), ts(2025, 2, 3)),
    # never converted; spans Jan and Feb
    trial("t3", "dune", ts(2025, 1, 20), ts(2025, 2, 3), None),
    # spans Jan and Feb, converted in Feb
    trial("t4", "echo", ts(2025, 1, 25), ts(2025, 2, 8), ts(2025, 2, 5)),
    # spans Feb and Mar, converted in Feb
    trial("t5", "cora", ts(2025, 2, 20), ts(2025, 3, 6), ts(2025, 2, 25)),
]
EDGE_COSTS = [
    cost(D(2024, 11, 1), 500.0, "tools"),  # nobody pays at the end of Nov
    cost(D(2024, 12, 1), 300.0, "team"),
    cost(D(2024, 12, 15), 100.0, None),
    cost(D(2025, 1, 1), 600.0, "team"),
    cost(D(2025, 3, 1), 330.0, "team"),
    cost(D(2025, 3, 20), 0.0, "tools"),
    cost(D(2025, 4, 1), 90.0, "team"),
]
EDGE_ACCOUNTS = [
    account("acme", "smb", 80.0),
    account("bolt", "smb", 120.0),
    account("cora", "ent", None),
    account("dune", None, 100.0),
    account("echo", "ent", 10.0),
    account("zeta", "mid", 5.0),
]
EDGE = World(EDGE_SUBS, EDGE_INVOICES, EDGE_TRIALS, EDGE_COSTS, EDGE_ACCOUNTS)

NOV, DEC = D(2024, 11, 1), D(2024, 12, 1)
JAN, FEB, MAR, APR = (D(2025, m, 1) for m in (1, 2, 3, 4))
MONTHS = [NOV, DEC, JAN, FEB, MAR, APR]
Q4, Q1, Q2 = D(2024, 10, 1), D(2025, 1, 1), D(2025, 4, 1)
QUARTERS = [Q4, Q1, Q2]
M_RANGE = {"start": "2024-11-01", "end": "2025-04-30"}
Q_RANGE = {"start": "2024-10-01", "end": "2025-06-30"}

# Month by month, for reference:
#   MRR at the end:  Nov 0 | Dec acme 100 + bolt 50 | Jan + cora 200 = 350 (3 payers)
#                    Feb acme, cora, dune = 330 (3) | Mar 330 (3) | Apr acme, cora = 300 (2)
#   churn rate r:    Nov, Dec null (nobody paying at the start) | Jan 0 of 2 | Feb bolt: 1/3
#                    Mar 0 of 3 | Apr dune: 1/3
#   new accounts:    Dec acme, bolt | Jan cora | Feb dune
#   spend S:         Nov 0 | Dec 150 | Jan 390 | Feb 315 | Mar 425 | Apr 0
#   invoiced accts:  Dec 2 | Jan 3 | Feb 4 (acme, bolt, cora, dune) | Mar 4 (acme, cora, dune, echo)
# Quarters: Q4 2024 (MRR at Dec 31), Q1 2025: cohort of Dec 31 acme, bolt -> bolt lost, r = 1/2,
#   S = 390 + 315 + 425 = 1130 over 5 invoiced accounts; Q2: cohort of Mar 31 acme, cora, dune ->
#   dune lost, r = 1/3, no invoice.
C_Q1 = 1 - 0.5 ** (1 / 3)  # monthly churn equivalent to losing 1/2 in a quarter
C_Q2 = 1 - (2 / 3) ** (1 / 3)  # ... to losing 1/3 in a quarter


def months(*values: float | None) -> dict[tuple, float | None]:
    return dict(zip([(p,) for p in MONTHS], values, strict=True))


def quarters(*values: float | None) -> dict[tuple, float | None]:
    return dict(zip([(p,) for p in QUARTERS], values, strict=True))


def test_arpa_month_and_quarter(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    res = kit.compute("arpa", grain="month", **M_RANGE)
    # Nov: nobody pays -> null; Dec 150/2; Jan 350/3; Feb, Mar 330/3; Apr 300/2
    check(res, "arpa", months(None, 75.0, 350 / 3, 110.0, 110.0, 150.0), status_of("arpa"))
    assert_oracle(res, "arpa", Oracle(EDGE, "month", **M_RANGE).arpa())
    res = kit.compute("arpa", grain="quarter", **Q_RANGE)
    # at each quarter's last day: Dec 31 150/2; Mar 31 330/3; Jun 30 300/2
    check(res, "arpa", quarters(75.0, 110.0, 150.0), status_of("arpa"))


def test_clv_month(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    res = kit.compute("clv", grain="month", **M_RANGE)
    # only Feb: r = 1/3 -> lifespan 3 months; 315 / 4 invoiced accounts = 78.75 a month;
    # 78.75 x 3 = 236.25. Nov/Dec: r null; Jan, Mar: r = 0 (unbounded); Apr: r = 1/3 but no invoice
    check(res, "clv", months(None, None, None, 236.25, None, None), status_of("clv"))
    res = kit.compute("clv", grain="month", **M_RANGE, params={"clv": {"gross_margin": 0.8}})
    check(res, "clv", months(None, None, None, 236.25 * 0.8, None, None), status_of("clv"))
    res = kit.compute("clv", grain="month", **M_RANGE, params={"clv": {"method": "arpa_churn"}})
    # ARPA / c: Feb 110 / (1/3) = 330; Apr 150 / (1/3) = 450 (no invoice needed)
    check(res, "clv", months(None, None, None, 330.0, None, 450.0), status_of("clv"))
    res = kit.compute("clv", grain="month", **M_RANGE, params={"clv": VARIANTS["clv"]})
    check(res, "clv", months(None, None, None, 264.0, None, 360.0), status_of("clv"))
    assert_oracle(res, "clv", Oracle(EDGE, "month", **M_RANGE).clv(**VARIANTS["clv"]))


def test_clv_quarter(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    res = kit.compute("clv", grain="quarter", **Q_RANGE)
    # Q1: 1130 / 5 accounts / 3 months = 75.33 a month; c = 1 - (1 - 1/2) ** (1/3);
    # Q4: nobody paying on Sep 30 (r null); Q2: no invoice
    check(res, "clv", quarters(None, 1130 / 5 / 3 / C_Q1, None), status_of("clv"))  # ~365.16
    res = kit.compute("clv", grain="quarter", **Q_RANGE, params={"clv": {"method": "arpa_churn"}})
    # ARPA at Mar 31 110, at Jun 30 150
    check(res, "clv", quarters(None, 110 / C_Q1, 150 / C_Q2), status_of("clv"))
    assert_oracle(res, "clv", Oracle(EDGE, "quarter", **Q_RANGE).clv("arpa_churn"))


def flat_world(n: int, amount: float, lost_on: dt.date) -> World:
    """`n` accounts paying `amount` a month since Dec 2024, each invoiced `amount` on Jan 1 2025;
    one of them stops paying on `lost_on` (in January): monthly churn exactly 1/n."""
    subs = [sub(f"s{i}", f"acc{i:02d}", D(2024, 12, 1), lost_on if i == 0 else None, amount)
            for i in range(n)]
    invoices = [inv(f"i{i}", f"acc{i:02d}", ts(2025, 1, 1), amount, "recurring") for i in range(n)]
    return World(subs=subs, invoices=invoices)


def test_clv_seed_004_worked_example(make_kit: MakeKit) -> None:
    """Seed 004 (shared/seeds/004_0c68d6b8a90b456c.txt, "Customer Lifetime Value"): "if an average
    customer spends $100 a month, every month for 2 years, then your CLV would be ($100 x 1
    purchase per month) x 24 months = $2,400"."""
    # 24 accounts paying at Jan 1, one stops on Jan 20 (r = 1/24: a lifespan of 24 months), each
    # invoiced $100 in January (100 per customer per month)
    kit = make_kit(flat_world(24, 100.0, D(2025, 1, 20)).tables())
    jan = {"start": "2025-01-01", "end": "2025-01-31"}
    check(kit.compute("clv", **jan), "clv", {(JAN,): 2400.0}, status_of("clv"))
    # ARPA at the end = 23 x 100 / 23 = 100; 100 / (1/24) = 2400
    res = kit.compute(["clv", "arpa"], **jan, params={"clv": {"method": "arpa_churn"}})
    check(res, "clv", {(JAN,): 2400.0}, status_of("clv"))
    check(res, "arpa", {(JAN,): 100.0}, status_of("arpa"))
    for method in ("purchases", "arpa_churn"):
        res = kit.compute("clv", **jan, params={"clv": {"method": method, "gross_margin": 0.8}})
        check(res, "clv", {(JAN,): 1920.0}, status_of("clv"), what=method)  # 2400 x 0.8


def test_clv_published_ltv_example(make_kit: MakeKit) -> None:
    """https://www.joysubscription.com/glossary/how-is-ltv-calculated: "If your ARPU is $30 and
    monthly churn is 5%, average tenure is 1 / 0.05 = 20 months, and LTV is $30 x 20 = $600", and
    with a 60% gross margin "$600 LTV becomes $360"."""
    # 20 accounts paying 30 at Jan 1, one lost on Jan 11: r = 1/20 = 5%; ARPA at the end 30
    kit = make_kit(flat_world(20, 30.0, D(2025, 1, 11)).tables())
    jan = {"start": "2025-01-01", "end": "2025-01-31"}
    for method in ("purchases", "arpa_churn"):
        res = kit.compute("clv", **jan, params={"clv": {"method": method}})
        check(res, "clv", {(JAN,): 600.0}, status_of("clv"), what=method)
        res = kit.compute("clv", **jan, params={"clv": {"method": method, "gross_margin": 0.6}})
        check(res, "clv", {(JAN,): 360.0}, status_of("clv"), what=method)


def test_clv_cac_ratio_month_and_quarter(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    ratio = "clv_cac_ratio"
    res = kit.compute(ratio, grain="month", **M_RANGE)
    # Feb: clv 236.25 / CAC of dune (acquired in Feb) 100 = 2.3625 -> bad. Dec (acme, bolt
    # acquired) and Jan (cora, cost null): clv null; Apr: clv null and nobody acquired
    check(res, ratio, months(None, None, None, 2.3625, None, None), status_of(ratio))
    res = kit.compute(ratio, grain="month", **M_RANGE, params={ratio: {"method": "arpa_churn"}})
    # Feb: 330 / 100 = 3.3 -> good; Apr: clv 450 but no account acquired in Apr -> null
    check(res, ratio, months(None, None, None, 3.3, None, None), status_of(ratio))
    res = kit.compute(ratio, grain="month", **M_RANGE, params={ratio: VARIANTS[ratio]})
    check(res, ratio, months(None, None, None, 2.64, None, None), status_of(ratio))  # 264 / 100
    assert_oracle(res, ratio, Oracle(EDGE, "month", **M_RANGE).clv_cac_ratio(**VARIANTS[ratio]))

    res = kit.compute(ratio, grain="quarter", **Q_RANGE)
    # Q1 acquired cora (cost null: ignored) and dune (100): CAC = 100, not 50;
    # 365.16 / 100 = 3.65 -> good; Q2 acquired nobody; Q4 clv null
    check(res, ratio, quarters(None, 1130 / 15 / C_Q1 / 100, None), status_of(ratio))
    res = kit.compute(ratio, grain="quarter", **Q_RANGE, params={ratio: {"gross_margin": 0.8}})
    check(res, ratio, quarters(None, 0.8 * 1130 / 15 / C_Q1 / 100, None), status_of(ratio))
    assert result(res, ratio)[(Q1,)][1] == "bad"  # 2.92 < 3
    res = kit.compute(ratio, grain="quarter", **Q_RANGE, params={ratio: {"method": "arpa_churn"}})
    check(res, ratio, quarters(None, 110 / C_Q1 / 100, None), status_of(ratio))


def test_clv_cac_ratio_cac_cases(make_kit: MakeKit) -> None:
    # four accounts paying 100 since Dec; one of the cohort lost each month, one account new each
    # month (two/three in Mar); everyone paying is invoiced 100 on the 1st of each month
    subs = [sub("p1", "p1", D(2024, 12, 1), D(2025, 4, 10), 100.0),
            sub("p2", "p2", D(2024, 12, 1), D(2025, 3, 10), 100.0),
            sub("p3", "p3", D(2024, 12, 1), D(2025, 2, 10), 100.0),
            sub("p4", "p4", D(2024, 12, 1), D(2025, 1, 15), 100.0),
            sub("n1", "n1", D(2025, 1, 5), None, 100.0),
            sub("n2", "n2", D(2025, 2, 5), None, 100.0),
            sub("n3", "n3", D(2025, 3, 5), None, 100.0),
            sub("n4", "n4", D(2025, 3, 6), None, 100.0),
            sub("n5", "n5", D(2025, 3, 7), None, 100.0),
            sub("n6", "n6", D(2025, 4, 2), None, 100.0)]
    invoices = [inv(f"{acc}-{m}", acc, ts(2025, m, 1), 100.0, "recurring")
                for m in (1, 2, 3, 4) for acc, mrr in mrr_on(subs, D(2025, m, 1)).items() if mrr > 0]
    accounts = [account("p1", "x", 10.0), account("p2", "x", 10.0), account("p3", "x", 10.0),
                account("p4", "x", 10.0),
                account("n1", "x", 0.0),  # Jan: CAC 0 -> null
                account("n2", "x", None),  # Feb: no acquired account has a cost -> null
                # Mar: n3 missing from accounts, n4 costs 40, n5 null -> CAC 40
                account("n4", "x", 40.0), account("n5", "x", None),
                account("n6", "x", 5000.0)]  # Apr: CAC 5000
    kit = make_kit({"subscriptions": subs, "invoices": invoices, "accounts": accounts})
    rng = {"start": "2025-01-01", "end": "2025-04-30"}
    res = kit.compute(["clv", "clv_cac_ratio"], **rng)
    # Jan: cohort p1..p4, p4 lost: r = 1/4 -> 4 months; 100 per invoiced account -> clv 400
    # Feb: cohort p1 p2 p3 n1, p3 lost -> 400; Mar: cohort p1 p2 n1 n2, p2 lost -> 400;
    # Apr: cohort p1 n1..n5 (6), p1 lost -> 6 months; 100 per invoiced account -> clv 600
    jan_apr = [(D(2025, m, 1),) for m in (1, 2, 3, 4)]
    check(res, "clv", dict(zip(jan_apr, [400.0, 400.0, 400.0, 600.0], strict=True)),
          status_of("clv"))
    # Jan CAC 0 and Feb no cost: null; Mar 400 / 40 = 10 (good); Apr 600 / 5000 = 0.12 (bad)
    check(res, "clv_cac_ratio", dict(zip(jan_apr, [None, None, 10.0, 0.12], strict=True)),
          status_of("clv_cac_ratio"))


def test_spend_lift_month_and_quarter(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    res = kit.compute("spend_lift", grain="month", **M_RANGE)
    # Nov: Oct spend 0 -> null; Dec: Nov 0 -> null; Jan (390 - 150) / 150; Feb (315 - 390) / 390
    # (the refund counts); Mar (425 - 315) / 315; Apr (0 - 425) / 425
    check(res, "spend_lift", months(None, None, 1.6, -75 / 390, 110 / 315, -1.0),
          status_of("spend_lift"))
    res = kit.compute("spend_lift", grain="month", **M_RANGE,
                      params={"spend_lift": VARIANTS["spend_lift"]})
    # a year earlier: Jan 2024 130 -> (390 - 130) / 130 = 2; Mar 2024 50 -> (425 - 50) / 50 = 7.5;
    # the other months of 2023/2024 hold nothing -> null
    check(res, "spend_lift", months(None, None, 2.0, None, 7.5, None), status_of("spend_lift"))
    res = kit.compute("spend_lift", grain="quarter", **Q_RANGE)
    # Q4 2024: Q3 0 -> null; Q1: (1130 - 150) / 150; Q2: (0 - 1130) / 1130
    check(res, "spend_lift", quarters(None, 980 / 150, -1.0), status_of("spend_lift"))
    res = kit.compute("spend_lift", grain="quarter", **Q_RANGE,
                      params={"spend_lift": VARIANTS["spend_lift"]})
    # Q1 2024: 130 + 50 = 180 -> (1130 - 180) / 180; Q4 2023, Q2 2024: nothing -> null
    check(res, "spend_lift", quarters(None, 950 / 180, None), status_of("spend_lift"))


LEAP_INVOICES = [
    inv("l1", "acme", ts(2023, 2, 28), 4.0, "recurring"),
    inv("l2", "acme", ts(2023, 3, 1), 14.0, "recurring"),
    inv("l3", "acme", ts(2024, 2, 28), 10.0, "recurring"),
    inv("l4", "acme", ts(2024, 2, 29, 23, 59, 59), 5.0, "one_time"),
    inv("l5", "acme", ts(2024, 3, 1), 7.0, "recurring"),
    inv("l6", "acme", ts(2025, 2, 28), 30.0, "recurring"),
    inv("l7", "acme", ts(2025, 3, 1), 21.0, "recurring"),
]


def test_spend_lift_leap_day(make_kit: MakeKit) -> None:
    kit = make_kit({"invoices": LEAP_INVOICES})
    last_year = {"spend_lift": {"compare": "same_bucket_last_year"}}
    res = kit.compute("spend_lift", grain="day", start="2025-02-27", end="2025-03-02",
                      params=last_year)
    # Feb 28 2025 compares with Feb 28 2024 (10) + Feb 29 2024 (5): (30 - 15) / 15 = 1;
    # Mar 1 2025 with Mar 1 2024 (7): (21 - 7) / 7 = 2; Feb 27 and Mar 2: nothing a year before
    check(res, "spend_lift", {(D(2025, 2, 27),): None, (D(2025, 2, 28),): 1.0,
                              (D(2025, 3, 1),): 2.0, (D(2025, 3, 2),): None},
          status_of("spend_lift"), what="2025")
    res = kit.compute("spend_lift", grain="day", start="2024-02-27", end="2024-03-01",
                      params=last_year)
    got = result(res, "spend_lift")
    # Feb 28 2024 vs Feb 28 2023: (10 - 4) / 4 = 1.5; Mar 1 2024 vs Mar 1 2023: (7 - 14) / 14
    assert got[(D(2024, 2, 28),)][0] == pytest.approx(1.5)
    assert got[(D(2024, 3, 1),)][0] == pytest.approx(-0.5)
    assert got[(D(2024, 2, 27),)][0] is None
    # Feb 29 2024: 2023 has no Feb 29, and Feb 28 2023 already counts toward Feb 28 2024
    assert got[(D(2024, 2, 29),)][0] is None, "Feb 29 2024 has no same date a year earlier"
    res = kit.compute("spend_lift", grain="day", start="2024-02-27", end="2024-03-01")
    # previous day: Feb 27 (Feb 26: 0) and Feb 28 (Feb 27: 0) null; Feb 29 (5 - 10) / 10;
    # Mar 1 (7 - 5) / 5
    check(res, "spend_lift", {(D(2024, 2, 27),): None, (D(2024, 2, 28),): None,
                              (D(2024, 2, 29),): -0.5, (D(2024, 3, 1),): 0.4},
          status_of("spend_lift"), what="previous day")
    res = kit.compute("spend_lift", grain="month", start="2024-02-01", end="2025-03-31",
                      params=last_year)
    got = result(res, "spend_lift")
    # Feb 2024 (15) vs Feb 2023 (4): 2.75; Feb 2025 (30) vs Feb 2024 (15): 1; Mar 2025 (21) vs 7: 2
    assert got[(D(2024, 2, 1),)][0] == pytest.approx(2.75)
    assert got[(D(2025, 2, 1),)][0] == pytest.approx(1.0)
    assert got[(D(2025, 3, 1),)][0] == pytest.approx(2.0)
    world = World(invoices=LEAP_INVOICES)
    assert_oracle(res, "spend_lift", Oracle(world, "month", "2024-02-01", "2025-03-31")
                  .spend_lift("same_bucket_last_year"))


def test_spend_lift_per_customer(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    res = kit.compute("spend_lift", grain="month", **M_RANGE, by=["account_id"])
    per = {
        # acme: Dec 100, Jan 140 (two invoices), Feb 100, Mar 100, Apr 0
        "acme": [None, None, 0.4, -40 / 140, 0.0, -1.0],
        # bolt: Dec 50, Jan 50, Feb 25, then nothing (Apr: Mar 0 -> null)
        "bolt": [None, None, 0.0, -0.5, -1.0, None],
        # cora: Jan 200, Feb 200 - 60 = 140, Mar 200
        "cora": [None, None, None, -0.3, 60 / 140, -1.0],
        # dune: Feb 50, Mar 45
        "dune": [None, None, None, None, -0.1, -1.0],
        # echo: Mar 80
        "echo": [None, None, None, None, None, -1.0],
        "zeta": [None] * 6,  # no invoice ever: in every month, null
    }
    expected = {(p, acc): v for acc, row in per.items() for p, v in zip(MONTHS, row, strict=True)}
    check(res, "spend_lift", expected, status_of("spend_lift"), by=["account_id"])
    assert_oracle(res, "spend_lift", Oracle(EDGE, "month", **M_RANGE, by="account_id").spend_lift(),
                  by=["account_id"])


def test_repeat_purchase_rate(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    metric = "repeat_purchase_rate"
    res = kit.compute(metric, grain="month", **M_RANGE)
    # Dec acme 1, bolt 1 -> 0/2; Jan acme 2 (Jan 1, Jan 31 23:59:59), bolt 1, cora 1 -> 1/3;
    # Feb acme 1, bolt 1 (null kind), cora 1 (its refund is no purchase), dune 2 -> 1/4;
    # Mar acme 1, cora 1, dune 2, echo 1 -> 1/4; Nov, Apr: nobody purchased -> null
    check(res, metric, months(None, 0.0, 1 / 3, 0.25, 0.25, None), status_of(metric))
    res = kit.compute(metric, grain="month", **M_RANGE, params={metric: VARIANTS[metric]})
    # one_time/upsell only: Dec none -> null; Jan acme 1 -> 0; Feb dune 1 (upsell; its null-kind
    # invoice is not counted, cora's refund is no purchase) -> 0; Mar dune 2, echo 1 -> 1/2
    check(res, metric, months(None, None, 0.0, 0.0, 0.5, None), status_of(metric))
    res = kit.compute(metric, grain="quarter", **Q_RANGE)
    # Q1: acme 4, bolt 2, cora 2 (+ a refund), dune 4, echo 1 -> 4/5; Q4: acme 1, bolt 1 -> 0
    check(res, metric, quarters(0.0, 0.8, None), status_of(metric))
    res = kit.compute(metric, grain="quarter", **Q_RANGE, params={metric: VARIANTS[metric]})
    # Q1: acme 1, dune 3, echo 1 -> 1/3; Q4 only recurring -> null
    check(res, metric, quarters(None, 1 / 3, None), status_of(metric))


def test_customer_retention_cost(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    metric = "customer_retention_cost"
    res = kit.compute(metric, grain="month", **M_RANGE)
    # Nov: 500 of costs but nobody pays at the end -> null; Dec 400 / 2; Jan 600 / 3;
    # Feb no cost 0 / 3; Mar (330 + 0) / 3; Apr 90 / 2
    check(res, metric, months(None, 200.0, 200.0, 0.0, 110.0, 45.0), status_of(metric))
    assert_oracle(res, metric, Oracle(EDGE, "month", **M_RANGE).customer_retention_cost())
    res = kit.compute(metric, grain="quarter", **Q_RANGE)
    # Q4 (500 + 400) / 2 payers on Dec 31; Q1 930 / 3; Q2 90 / 2
    check(res, metric, quarters(450.0, 310.0, 45.0), status_of(metric))


@pytest.mark.parametrize("by", ["segment", "account_id"])
def test_customer_retention_cost_cannot_be_split(make_kit: MakeKit, by: str) -> None:
    kit = make_kit(EDGE.tables())
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(["customer_retention_cost", "arpa"], by=[by], **M_RANGE)
    assert set(res.errors) == {"customer_retention_cost"}
    assert isinstance(res.errors["customer_retention_cost"], ck.DimensionError)
    assert set(res.to_pandas()["metric"]) == {"arpa"}  # the other metric still computes
    assert_oracle(res, "arpa", Oracle(EDGE, "month", **M_RANGE, by=by).arpa(), by=[by])
    with pytest.raises(ck.DimensionError):
        kit.compute(["customer_retention_cost", "arpa"], by=[by], strict=True, **M_RANGE)
    with pytest.raises(ck.DimensionError):  # alone: nothing is left, the error is raised
        kit.compute("customer_retention_cost", by=by, **M_RANGE)


def test_free_trial_conversion_rate(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    metric = "free_trial_conversion_rate"
    res = kit.compute(metric, grain="month", **M_RANGE)
    # ended in Jan: t6 (converted Dec), t1 (inside), t2 (after its end) -> 3/3; Feb: t3 (never),
    # t4 -> 1/2; Mar: t5 -> 1/1; nothing ended in Nov, Dec, Apr -> null
    check(res, metric, months(None, None, 1.0, 0.5, 1.0, None), status_of(metric))
    res = kit.compute(metric, grain="month", **M_RANGE, params={metric: VARIANTS[metric]})
    # Dec: t6 open, converts Dec 28 -> 1/1. Jan: open t1 (converts), t2, t3, t4 (t6 converted
    # before Jan) -> 1/4. Feb: open t3 (ends Feb 3, never), t4 (converts Feb 5), t5 (converts
    # Feb 25); t2 converts in Feb but ended in Jan -> 2/3. Mar: t5 converted before Mar -> no
    # trial -> null; Nov, Apr: null
    check(res, metric, months(None, 1.0, 0.25, 2 / 3, None, None), status_of(metric))
    assert_oracle(res, metric, Oracle(EDGE, "month", **M_RANGE)
                  .free_trial_conversion_rate("free_to_paid"))
    res = kit.compute(metric, grain="quarter", **Q_RANGE)
    # Q1: 6 trials ended (t6 on Jan 3 included), 5 converted; Q4, Q2: none ended
    check(res, metric, quarters(None, 5 / 6, None), status_of(metric))
    res = kit.compute(metric, grain="quarter", **Q_RANGE, params={metric: VARIANTS[metric]})
    # Q4: t6 -> 1/1; Q1: t1..t5 open (t6 converted before), t1 t2 t4 t5 convert -> 4/5; Q2: null
    check(res, metric, quarters(1.0, 0.8, None), status_of(metric))


def test_free_to_paid_trial_spanning_two_months(make_kit: MakeKit) -> None:
    trials = [trial("t", "acme", ts(2025, 1, 20), ts(2025, 2, 10), ts(2025, 2, 5)),
              trial("u", "bolt", ts(2025, 1, 31, 23, 0), ts(2025, 2, 1, 0, 0), None)]
    kit = make_kit({"trials": trials})
    res = kit.compute("free_trial_conversion_rate", start="2025-01-01", end="2025-03-31",
                      params={"free_trial_conversion_rate": {"method": "free_to_paid"}})
    # Jan: t (not yet converted) and u open -> 0/2; Feb: t (converts Feb 5) and u (ends at
    # Feb 1 00:00, on the bucket's start) open -> 1/2; Mar: none open -> null
    check(res, "free_trial_conversion_rate", {(JAN,): 0.0, (FEB,): 0.5, (MAR,): None},
          status_of("free_trial_conversion_rate"))
    res = kit.compute("free_trial_conversion_rate", start="2025-01-01", end="2025-03-31")
    # trials_ended: Jan none ended; Feb both ended, t converted -> 1/2
    check(res, "free_trial_conversion_rate", {(JAN,): None, (FEB,): 0.5, (MAR,): None},
          status_of("free_trial_conversion_rate"))


def test_by_segment_with_null_segment(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    oracle = Oracle(EDGE, "month", **M_RANGE, by="segment")
    segs = ["smb", "ent", "mid", None]
    assert sorted(oracle.groups, key=repr) == sorted(segs, key=repr)
    for params in ({}, VARIANTS):
        res = kit.compute(SPLITTABLE, by="segment", **M_RANGE,
                          params={m: p for m, p in params.items() if m in SPLITTABLE})
        assert not res.errors
        for metric in SPLITTABLE:
            assert_oracle(res, metric, oracle.expected(metric, params.get(metric)),
                          by=["segment"], what=str(params.get(metric)))
    got = {m: result(kit.compute(m, by="segment", **M_RANGE), m, ["segment"])
           for m in SPLITTABLE}
    feb = {m: {s: got[m][(FEB, s)][0] for s in segs} for m in SPLITTABLE}
    # Feb: smb acme 100 (bolt gone); ent cora 200; null segment: dune 30; mid (zeta): no payer
    assert feb["arpa"] == {"smb": 100.0, "ent": 200.0, None: 30.0, "mid": None}
    # smb: cohort acme, bolt -> r = 1/2; invoices 100 + 25 over 2 accounts -> 62.5 x 2 = 125;
    # ent: r = 0; null segment: dune was not paying on Jan 31 (empty cohort)
    assert feb["clv"] == {"smb": pytest.approx(125.0), "ent": None, None: None, "mid": None}
    # smb (125 - 190) / 190; ent (140 - 200) / 200; null segment: Jan 0 -> null
    assert feb["spend_lift"] == {"smb": pytest.approx(-65 / 190), "ent": pytest.approx(-0.3),
                                 None: None, "mid": None}
    # the null segment is dune alone, with 2 purchases
    assert feb["repeat_purchase_rate"] == {"smb": 0.0, "ent": 0.0, None: 1.0, "mid": None}
    # ended in Feb: t3 (dune, never) and t4 (echo, converted)
    assert feb["free_trial_conversion_rate"] == {"smb": None, "ent": 1.0, None: 0.0, "mid": None}


def test_no_data_at_all(make_kit: MakeKit) -> None:
    kit = make_kit(World(accounts=[account("acme", "smb", 10.0)]).tables())
    res = kit.compute(ALL, start="2025-01-01", end="2025-03-31")
    assert not res.errors
    for metric in ALL:  # every bucket present, every value null (no denominator anywhere)
        check(res, metric, {(p,): None for p in (JAN, FEB, MAR)}, status_of(metric))


def test_unknown_param_values_raise(make_kit: MakeKit) -> None:
    kit = make_kit(EDGE.tables())
    bad = [("clv", {"method": "nope"}), ("clv", {"gross_margin": 0.0}),
           ("clv", {"gross_margin": 1.5}), ("clv_cac_ratio", {"gross_margin": -0.2}),
           ("spend_lift", {"compare": "yesterday"}),
           ("free_trial_conversion_rate", {"method": "nope"})]
    for metric, params in bad:
        with pytest.raises(ck.ParamError):
            kit.compute(metric, **M_RANGE, params={metric: params})
    # gross_margin = 1 is the top of (0, 1]
    res = kit.compute("clv", **M_RANGE, params={"clv": {"gross_margin": 1.0}})
    assert result(res, "clv")[(FEB,)][0] == pytest.approx(236.25)


# -- seeded random worlds ----------------------------------------------------------------------
def random_world(seed: int) -> World:
    """Subscriptions (tests/test_metrics_revenue.random_history) plus invoices (recurring while
    paying, one-offs, null kinds, refunds, several a month, buyers with no subscription), trials
    (converted inside, after, never, at the end), CS costs and acquisition costs (null, 0)."""
    subs, segments = random_history(seed, n_accounts=40)
    rng = random.Random(seed * 7919 + 1)
    seg: dict[str, str | None] = dict(segments)
    for i in range(4):
        seg[f"buyer{i}"] = rng.choice(["smb", "ent", None])
    ids = sorted(seg)
    accounts = [account(a, seg[a], rng.choice([None, 0.0, 35.0, round(rng.uniform(20, 3000), 2),
                                               round(rng.uniform(20, 3000), 2)]))
                for a in ids]
    invoices: list[dict[str, Any]] = []
    month_starts = buckets(D(2023, 10, 1), D(2025, 9, 30), "month")

    def at(first: dt.date) -> dt.datetime:
        days = (next_bucket(first, "month") - first).days
        return dt.datetime.combine(first + dt.timedelta(days=rng.randrange(days)),
                                   dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)))

    for first in month_starts:
        paying = mrr_on(subs, first)
        for a in ids:
            def add(amount: float, kind: str | None, first: dt.date = first, a: str = a) -> None:
                invoices.append(inv(f"inv{len(invoices)}", a, at(first), amount, kind))
            if paying.get(a, 0.0) > 0 and rng.random() < 0.9:
                add(paying[a], "recurring")
            if rng.random() < 0.12:
                add(round(rng.uniform(5, 900), 2), rng.choice(["one_time", "upsell", None]))
            if rng.random() < 0.05:
                add(round(rng.uniform(5, 900), 2), rng.choice(["one_time", "upsell", None]))
            if rng.random() < 0.04:
                add(-round(rng.uniform(1, 120), 2), rng.choice(["recurring", "one_time", None]))
    trials = []
    for i in range(90):
        start = dt.datetime(2023, 12, 1) + dt.timedelta(minutes=rng.randrange(600 * 24 * 60))
        end = start + dt.timedelta(days=rng.choice([3, 7, 14, 30, 45]), hours=rng.randrange(24))
        pick = rng.random()
        converted = (None if pick < 0.35 else
                     start + (end - start) * rng.random() if pick < 0.65 else
                     end if pick < 0.7 else
                     end + dt.timedelta(days=rng.randrange(1, 70), minutes=rng.randrange(1000)))
        trials.append(trial(f"tr{i}", rng.choice(ids), start, end, converted))
    costs = [cost(first + dt.timedelta(days=rng.randrange(28)), round(rng.uniform(0, 5000), 2),
                  rng.choice(["team", "tools", None]))
             for first in month_starts for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    return World(subs, invoices, trials, costs, accounts)


SEEDS = [11, 2024]
R_RANGE = {"start": "2024-01-01", "end": "2025-06-30"}


@pytest.mark.parametrize("grain", ["month", "quarter"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_worlds(make_kit: MakeKit, seed: int, grain: str) -> None:
    world = random_world(seed)
    kit = make_kit(world.tables())
    oracle = Oracle(world, grain, **R_RANGE)
    for params in ({}, VARIANTS):
        res = kit.compute(ALL, grain=grain, **R_RANGE, params=params)
        assert not res.errors
        for metric in ALL:
            expected = oracle.expected(metric, params.get(metric))
            if grain == "month":  # the data exercise the metric: some non-null values
                assert any(isinstance(v, float) for v in expected.values()), metric
            assert_oracle(res, metric, expected, what=f"seed {seed} {params.get(metric)}")
    if grain == "month":
        statuses = {status_of("clv_cac_ratio")(v) for params in ({}, VARIANTS["clv_cac_ratio"])
                    for v in oracle.clv_cac_ratio(**params).values() if isinstance(v, float)}
        assert {"good", "bad"} <= statuses


@pytest.mark.parametrize("seed", SEEDS)
def test_random_worlds_by_segment(make_kit: MakeKit, seed: int) -> None:
    world = random_world(seed)
    kit = make_kit(world.tables())
    oracle = Oracle(world, "month", **R_RANGE, by="segment")
    assert None in oracle.groups
    for params in ({}, VARIANTS):
        res = kit.compute(SPLITTABLE, by="segment", **R_RANGE, params=params)
        assert not res.errors
        for metric in SPLITTABLE:
            assert_oracle(res, metric, oracle.expected(metric, params.get(metric)),
                          by=["segment"], what=f"seed {seed} {params.get(metric)}")
