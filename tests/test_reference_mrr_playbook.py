"""MRR movements on dbt-labs' public mrr-playbook seed against the playbook's own classification.

The oracle re-enacts, in plain Python, the playbook models customer_revenue_by_month and mrr:

* util_months: a month spine from 2018-01-01;
* customer_months: per customer, the spine months from the month of its first start_date up to
  (excluding) the month of its last end_date;
* joined: a customer-month takes the monthly_amount of the subscription with
  start_date <= date_month < end_date (a month-START snapshot), else 0;
* is_active = mrr > 0; first / last active month per customer; customer_churn_month adds a 0 row
  for the month after the last active month;
* mrr: lag over the customer's rows; change_category = new (first active month), churn
  (inactive after active), reactivation (active after inactive), upgrade (mrr up),
  downgrade (mrr down).

csm_kit snapshots at the END of each month instead; on this data every start and end date is the
first of a month, so both snapshots coincide (checked below) and the monthly totals must agree:
new <-> new_mrr, upgrade <-> expansion_mrr, downgrade <-> contraction_mrr, churn <-> churned_mrr,
reactivation <-> reactivation_mrr.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import csm_kit as ck

CSV = Path(__file__).parent / "data" / "mrr_playbook_subscription_periods.csv"  # MIT, see data/README.md
SPINE_START = dt.date(2018, 1, 1)
LAST_MONTH = dt.date(2020, 12, 1)  # well after the data's last end_date (2020-02-01)

CATEGORIES = {"new": "new_mrr", "upgrade": "expansion_mrr", "downgrade": "contraction_mrr",
              "churn": "churned_mrr", "reactivation": "reactivation_mrr"}


def next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def month_of(d: dt.date) -> dt.date:
    return d.replace(day=1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def load() -> list[dict[str, Any]]:
    with CSV.open(newline="") as fh:
        return [
            {
                "subscription_id": str(r["subscription_id"]),
                "account_id": str(r["customer_id"]),
                "start_date": dt.date.fromisoformat(r["start_date"]),
                "end_date": dt.date.fromisoformat(r["end_date"]) if r["end_date"] else None,
                "mrr": float(r["monthly_amount"]),
            }
            for r in csv.DictReader(fh)
        ]


def playbook(subs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the playbook's `mrr` model: date_month, customer_id, mrr, mrr_change,
    change_category (None when unchanged)."""
    spine = months(SPINE_START, LAST_MONTH)
    by_customer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in subs:
        by_customer[s["account_id"]].append(s)

    rows: list[dict[str, Any]] = []
    for customer, own in by_customer.items():
        # customers: first and last month (the seed has no open-ended subscription)
        first = month_of(min(s["start_date"] for s in own))
        last = month_of(max(s["end_date"] for s in own))
        # customer_months + joined (left join on the month-start snapshot)
        revenue = []
        for m in spine:
            if not first <= m < last:
                continue
            hits = [s["mrr"] for s in own if s["start_date"] <= m < s["end_date"]]
            # the playbook's left join yields one row per matching subscription: it assumes
            # they do not overlap within a customer
            assert len(hits) <= 1, f"customer {customer} has overlapping subscriptions in {m}"
            revenue.append({"date_month": m, "mrr": hits[0] if hits else 0.0})
        if not revenue:
            continue  # ended before the spine starts: not in the playbook's output
        for r in revenue:
            r["is_active"] = r["mrr"] > 0
        active = [r["date_month"] for r in revenue if r["is_active"]]
        first_active, last_active = (min(active), max(active)) if active else (None, None)
        for r in revenue:
            r["is_first_month"] = r["date_month"] == first_active
        # customer_churn_month: a 0 row for the month after the last active month
        unioned = revenue + [
            {"date_month": next_month(r["date_month"]), "mrr": 0.0, "is_active": False,
             "is_first_month": False}
            for r in revenue if r["date_month"] == last_active
        ]
        unioned.sort(key=lambda r: r["date_month"])
        prev_active, prev_mrr = False, 0.0
        for r in unioned:
            change = r["mrr"] - prev_mrr
            if r["is_first_month"]:
                category = "new"
            elif not r["is_active"] and prev_active:
                category = "churn"
            elif r["is_active"] and not prev_active:
                category = "reactivation"
            elif change > 0:
                category = "upgrade"
            elif change < 0:
                category = "downgrade"
            else:
                category = None
            rows.append({"date_month": r["date_month"], "customer_id": customer, "mrr": r["mrr"],
                         "mrr_change": change, "change_category": category})
            prev_active, prev_mrr = r["is_active"], r["mrr"]
    return rows


def mrr_on(subs: list[dict[str, Any]], day: dt.date) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for s in subs:
        if s["start_date"] <= day and (s["end_date"] is None or day < s["end_date"]):
            out[s["account_id"]] += s["mrr"]
    return out


def test_reference_data_shape() -> None:
    subs = load()
    assert len(subs) == 121
    assert len({s["account_id"] for s in subs}) == 55
    # the assumption that makes month-start (playbook) and month-end (csm_kit) snapshots agree
    assert all(s["start_date"].day == 1 for s in subs)
    assert all(s["end_date"] is not None and s["end_date"].day == 1 for s in subs)
    assert all(s["start_date"] < s["end_date"] for s in subs)
    for m in months(dt.date(2017, 1, 1), LAST_MONTH):
        end_of_month = next_month(m) - dt.timedelta(days=1)
        assert mrr_on(subs, m) == mrr_on(subs, end_of_month), m
    # three customers ended in 2017 and are not in the playbook's output
    ended_2017 = {c for c in {s["account_id"] for s in subs}
                  if max(s["end_date"] for s in subs if s["account_id"] == c) < SPINE_START}
    assert len(ended_2017) == 3
    assert not ended_2017 & {r["customer_id"] for r in playbook(subs)}
    # nobody pays across the spine's start: the playbook's 2018-01 'new' are really new
    assert not mrr_on(subs, SPINE_START - dt.timedelta(days=1))


def test_movements_match_the_playbook(make_kit: Callable[..., ck.Kit]) -> None:
    subs = load()
    rows = playbook(subs)
    expected: dict[tuple[str, dt.date], float] = defaultdict(float)
    for r in rows:
        if r["change_category"] is not None:
            # churn and downgrade amounts are the (positive) MRR lost
            sign = -1 if r["change_category"] in ("churn", "downgrade") else 1
            expected[(CATEGORIES[r["change_category"]], r["date_month"])] += sign * r["mrr_change"]
        expected[("mrr", r["date_month"])] += r["mrr"]
    assert all(v >= 0 for v in expected.values())
    assert {c for c in CATEGORIES if any(r["change_category"] == c for r in rows)} == set(
        CATEGORIES)

    kit = make_kit({"subscriptions": subs})
    metrics = ["mrr", *CATEGORIES.values(), "net_new_mrr"]
    res = kit.compute(metrics, grain="month", start=SPINE_START, end=LAST_MONTH)
    df = res.to_pandas()
    got = {(r["metric"], r["period_start"].date()): float(r["value"]) for r in df.to_dict("records")}
    spine = months(SPINE_START, LAST_MONTH)
    assert set(got) == {(m, p) for m in metrics for p in spine}

    mismatches = []
    for p in spine:
        for metric in ["mrr", *CATEGORIES.values()]:
            want = expected.get((metric, p), 0.0)
            if got[(metric, p)] != pytest.approx(want, abs=1e-9):
                mismatches.append(f"{p} {metric}: csm_kit {got[(metric, p)]}, playbook {want}")
    assert not mismatches, "\n".join(mismatches)

    # start MRR + new + expansion + reactivation - contraction - churn = end MRR, every month
    prev = sum(mrr_on(subs, SPINE_START - dt.timedelta(days=1)).values())
    for p in spine:
        moved = (got[("new_mrr", p)] + got[("expansion_mrr", p)] + got[("reactivation_mrr", p)]
                 - got[("contraction_mrr", p)] - got[("churned_mrr", p)])
        assert prev + moved == pytest.approx(got[("mrr", p)], abs=1e-9), p
        assert got[("net_new_mrr", p)] == pytest.approx(moved, abs=1e-9), p
        prev = got[("mrr", p)]


RATES = ["gross_mrr_churn_rate", "net_mrr_churn_rate", "expansion_revenue_rate", "quick_ratio",
         "customer_churn_rate", "grr", "nrr", "logo_churn", "unsubscribes", "retention_rate",
         "arpa"]


def playbook_rates(rows: list[dict[str, Any]]) -> dict[tuple[str, dt.date], float | None]:
    """The rates built on the playbook's `mrr` model, month by month, from its customer-month
    rows alone: start = the previous month's rows; movements from change_category."""
    mrr: dict[dt.date, dict[str, float]] = defaultdict(dict)
    moves: dict[tuple[str, dt.date], float] = defaultdict(float)
    churned: dict[dt.date, int] = defaultdict(int)
    new: dict[dt.date, set[str]] = defaultdict(set)
    for r in rows:
        mrr[r["date_month"]][r["customer_id"]] = r["mrr"]
        if r["change_category"] is not None:
            moves[(r["change_category"], r["date_month"])] += abs(r["mrr_change"])
        churned[r["date_month"]] += r["change_category"] == "churn"
        if r["change_category"] == "new":
            new[r["date_month"]].add(r["customer_id"])
    out: dict[tuple[str, dt.date], float | None] = {}

    def ratio(a: float, b: float) -> float | None:
        return a / b if b else None

    for p in months(SPINE_START, LAST_MONTH):
        previous = (p - dt.timedelta(days=1)).replace(day=1)
        before = {c: v for c, v in mrr.get(previous, {}).items() if v > 0}
        now = {c: v for c, v in mrr.get(p, {}).items() if v > 0}
        start = sum(before.values())
        m = {k: moves[(k, p)] for k in ("new", "upgrade", "downgrade", "churn", "reactivation")}
        lost = m["churn"] + m["downgrade"]
        out[("gross_mrr_churn_rate", p)] = ratio(lost, start)
        out[("net_mrr_churn_rate", p)] = ratio(lost - m["upgrade"] - m["reactivation"], start)
        out[("expansion_revenue_rate", p)] = ratio(m["upgrade"], start)
        out[("quick_ratio", p)] = ratio(m["new"] + m["upgrade"] + m["reactivation"], lost)
        out[("customer_churn_rate", p)] = ratio(sum(c not in now for c in before), len(before))
        out[("grr", p)] = ratio(sum(min(now.get(c, 0.0), v) for c, v in before.items()), start)
        out[("nrr", p)] = ratio(sum(now.get(c, 0.0) for c in before), start)
        out[("logo_churn", p)] = float(churned[p])
        out[("unsubscribes", p)] = float(churned[p])
        out[("retention_rate", p)] = ratio(len(set(now) - new[p]), len(before))
        out[("arpa", p)] = ratio(sum(now.values()), len(now))
    return out


def test_rates_match_the_playbook(make_kit: Callable[..., ck.Kit]) -> None:
    """GRR, NRR, churn rates, quick ratio, logo churn, retention and ARPA from the playbook's
    own customer-month rows agree with csm_kit's, every month."""
    expected = playbook_rates(playbook(load()))
    assert any(v for k, v in expected.items() if k[0] == "nrr" and v is not None and v > 1)
    assert any(v for k, v in expected.items() if k[0] == "grr" and v is not None and v < 1)
    kit = make_kit({"subscriptions": load()})
    df = kit.compute(RATES, grain="month", start=SPINE_START, end=LAST_MONTH).to_pandas()
    got = {(r["metric"], r["period_start"].date()): None if r["value"] != r["value"]
           else float(r["value"]) for r in df.to_dict("records")}
    assert set(got) == set(expected)
    bad = [f"{k}: csm_kit {got[k]}, playbook {v}" for k, v in sorted(expected.items())
           if (got[k] is None) != (v is None) or (v is not None and got[k] != pytest.approx(v))]
    assert not bad, "\n".join(bad[:20])
