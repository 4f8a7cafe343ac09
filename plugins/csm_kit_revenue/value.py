"""Customer value and spend: ARPA, CLV (and CLV/CAC), spend lift, repeat purchases, retention cost
and free-trial conversion, from subscriptions (``account_periods``), invoices, accounts,
cs_costs and trials.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric
from csm_kit_revenue.churn import PERIODS_PER_YEAR

CATEGORY = "Revenue and retention"
PERIODS = ["account_periods"]
BY_TREND = Benchmark.unbanded("depends on the business model: judge it by its trend")
METHOD = Param("method", "purchases", ("purchases", "arpa_churn"),
               "'purchases': average purchase value x purchase frequency x lifespan, from "
               "invoices (seeds 002-004); 'arpa_churn': ARPA / monthly customer churn")
MARGIN = Param("gross_margin", 1.0, None, "multiply by the gross margin, a fraction in (0, 1] "
               "(1: revenue CLV)", type=(int, float), minimum=0.01, maximum=1.0,
               examples=(0.8,))
@metric(id="arpa", title="Average Revenue Per Account", category=CATEGORY, unit="currency",
        direction="higher_is_better", kind="ratio", inputs={}, facts=PERIODS,
        benchmark=BY_TREND, source=["convention"])
def arpa(t: Any, ctx: Any) -> ir.Table:
    """MRR at the bucket's end divided by the accounts paying then (MRR > 0); null when no
    account pays."""
    p = ctx.fact("account_periods")
    return ctx.ratio_bucketed(p, numerator=p.end_mrr, denominator=(p.end_mrr > 0).ifelse(1, 0))


def _months(ctx: Any, bucket: ir.DateValue) -> ir.FloatingValue:
    """How many months the bucket starting at `bucket` covers: 12 / buckets per year, or for the
    bucket under way the months elapsed up to today (days / 30.4375)."""
    whole = 12 / PERIODS_PER_YEAR[ctx.grain]
    end = (bucket + ctx.step(1)).cast("date")
    upto = ibis.date(ctx.as_of + dt.timedelta(days=1))
    elapsed = upto.delta(bucket, unit="day").cast("float64") / 30.4375
    return ibis.ifelse(end > upto, elapsed, ibis.literal(whole))


def _monthly_churn(ctx: Any) -> ir.Table:
    """customer_churn_rate of each bucket and group, expressed per month:
    1 - (1 - rate) ** (1 / months in the bucket)."""
    rate = ctx.metric("customer_churn_rate")
    months = _months(ctx, rate.period_start)
    return rate.mutate(value=ibis.ifelse(months == 1, rate.value,
                                         1 - (1 - rate.value) ** (1 / months)))


@metric(id="clv", title="Customer Lifetime Value", category=CATEGORY, unit="currency",
        direction="higher_is_better", kind="ratio",
        inputs={"invoices": ["account_id", "issued_at", "amount"]}, facts=PERIODS,
        depends_on=["customer_churn_rate"], params=[METHOD, MARGIN], benchmark=BY_TREND,
        source=["002", "003", "004"])
def clv(t: Any, ctx: Any) -> ir.Table:
    """Revenue a customer brings over its lifetime. By default the seed formula: average purchase
    value x purchase frequency (per month) x average lifespan (months), i.e. the bucket's
    invoiced amount per invoiced account, per month, divided by the monthly customer churn
    rate (lifespan = 1 / churn). With method='arpa_churn': ARPA / monthly customer churn. Both
    times gross_margin. The churn rate of a quarter or year is converted to a monthly one (for the
    bucket under way, over the months elapsed up to today). Null
    when no account churned (an unbounded lifespan) or nothing was invoiced."""
    if ctx.params["method"] == "arpa_churn":
        per_month = ctx.metric("arpa")
    else:
        inv = t.invoices
        per_bucket = ctx.aggregate(inv, at=inv.issued_at,
                                   value=lambda r: r.amount.sum() / r.account_id.nunique())
        per_month = per_bucket.mutate(
            value=per_bucket.value / _months(ctx, per_bucket.period_start))
    clv = ctx.divide(per_month, _monthly_churn(ctx))  # x lifespan = / monthly churn
    return clv.mutate(value=clv.value * ctx.params["gross_margin"])


@metric(id="clv_cac_ratio", title="CLV to CAC Ratio", category=CATEGORY, unit="ratio",
        direction="higher_is_better",
        inputs={"accounts": ["account_id", "acquisition_cost"]}, facts=PERIODS,
        depends_on=["clv"], params=[METHOD, MARGIN],
        benchmark=Benchmark(good=3.0, source="003",
                            note="CLV should exceed the acquisition cost at least 3x (seed 003)"),
        source=["003"])
def clv_cac_ratio(t: Any, ctx: Any) -> ir.Table:
    """clv of the bucket (same method and gross_margin) divided by the customer acquisition
    cost: the mean accounts.acquisition_cost of the accounts acquired in the bucket (first
    MRR), ignoring accounts with no cost. Null when no acquired account has a cost."""
    value = ctx.metric("clv", method=ctx.params["method"],
                       gross_margin=ctx.params["gross_margin"])
    p = ctx.fact("account_periods")
    acc = t.accounts
    new = p.filter(p.acquired == 1)
    costs = acc.select(cost_account=acc.account_id, cost=acc.acquisition_cost)
    new = new.inner_join(costs, new.account_id == costs.cost_account)
    cac = ctx.aggregate_bucketed(new, value=ibis._.cost.mean())
    return ctx.divide(value, cac)


@metric(id="spend_lift", title="Spend Lift", category=CATEGORY, unit="fraction",
        direction="higher_is_better", inputs={"invoices": ["account_id", "issued_at", "amount"]},
        params=[Param("compare", "previous", ("previous", "same_bucket_last_year"),
                      "compare with the previous bucket, or the same bucket a year earlier")],
        benchmark=BY_TREND, source=["001"])
def spend_lift(t: Any, ctx: Any) -> ir.Table:
    """(spend in the bucket - spend in the bucket compared with) / spend in the bucket compared
    with: invoiced amounts of the group (per customer with by=['account_id']). Compared with
    the previous bucket, or with compare='same_bucket_last_year' the bucket a year earlier (12
    months; 52 weeks at grain week; the same date at grain day). Null when nothing was spent
    then."""
    inv = t.invoices
    bucket = ctx.bucket(inv.issued_at)
    if ctx.params["compare"] == "previous":
        shift = ctx.step(1)
    else:
        shift = ibis.interval(weeks=52) if ctx.grain == "week" else ibis.interval(months=12)
    same = {"now": "float64", "then": "float64"}  # one schema for the union
    now = inv.select(inv.account_id, period_start=bucket, now=inv.amount, then=0.0).cast(same)
    then = inv.select(inv.account_id, period_start=(bucket + shift).cast("date"), now=0.0,
                      then=inv.amount).cast(same)
    rows = now.union(then)
    return ctx.ratio_bucketed(rows, numerator=rows.now - rows.then, denominator=rows.then)


@metric(id="repeat_purchase_rate", title="Repeat Purchase Rate", category=CATEGORY,
        unit="fraction", direction="higher_is_better",
        inputs={"invoices": ["account_id", "issued_at", "amount", "kind"]},
        params=[Param("kinds", None, None, "count only invoices of these kinds (e.g. "
                      "['one_time', 'upsell']); None: every invoice", type=(list, tuple),
                      items=str, examples=(["one_time", "upsell"],))],
        benchmark=BY_TREND, source=["004"])
def repeat_purchase_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the accounts with a purchase in the bucket, the share with two or more (the 'rebuy
    rate' of seed 004). A purchase is an invoice with a positive amount (refunds and credits
    are not), of the given kinds when `kinds` is set."""
    inv = t.invoices.filter(t.invoices.amount > 0)
    if ctx.params["kinds"] is not None:
        inv = inv.filter(inv.kind.isin(list(ctx.params["kinds"])))
    rows = inv.filter(ctx.in_range(inv.issued_at)).mutate(period_start=ctx.bucket(inv.issued_at))
    per = rows.group_by(["account_id", "period_start"]).aggregate(n=rows.count())
    return ctx.ratio_bucketed(per, numerator=(per.n >= 2).ifelse(1, 0), denominator=1)


@metric(id="customer_retention_cost", title="Customer Retention Cost", category=CATEGORY,
        unit="currency", direction="lower_is_better", kind="ratio",
        inputs={"cs_costs": ["period_start", "amount"]}, facts=PERIODS, splittable=False,
        benchmark=Benchmark.unbanded("depends on the segment served: judge it by its trend and "
                                     "against ARPA"),
        source=["002"])
def customer_retention_cost(t: Any, ctx: Any) -> ir.Table:
    """Customer Success programme cost booked in the bucket (cs_costs by period_start) divided
    by the accounts paying at the bucket's end. Costs carry no account, so this metric cannot
    be split by an account column. Null when no account pays."""
    costs = ctx.aggregate(t.cs_costs, at=t.cs_costs.period_start, value=ibis._.amount.sum())
    p = ctx.fact("account_periods")
    paying = ctx.aggregate_bucketed(p, value=lambda r: (r.end_mrr > 0).ifelse(1, 0).sum())
    return ctx.divide(costs, paying, numerator_missing=0.0)


@metric(id="free_trial_conversion_rate", title="Free Trial Conversion Rate", category=CATEGORY,
        unit="fraction", direction="higher_is_better",
        inputs={"trials": ["account_id", "started_at", "ended_at", "converted_at"]},
        params=[Param("method", "trials_ended", ("trials_ended", "free_to_paid"),
                      "'trials_ended': of the trials ending in the bucket, the share that "
                      "converted; 'free_to_paid' (seed 004): conversions in the bucket / trials "
                      "open during it")],
        benchmark=BY_TREND, source=["003", "004"])
def free_trial_conversion_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the trials ending in the bucket, the share that converted to paying (converted_at
    set, whenever). With method='free_to_paid' (seed 004: converted users / free population):
    of the trials open at some time in the bucket and not converted before it, the share
    converting in it."""
    tr = t.trials
    if ctx.params["method"] == "trials_ended":
        return ctx.ratio(tr, at=tr.ended_at, numerator=tr.converted_at.notnull().ifelse(1, 0),
                         denominator=1)
    spine = ctx.spine()
    lo = spine.period_start.cast("timestamp")
    hi = (spine.period_start + ctx.step(1)).cast("date").cast("timestamp")
    spine = spine.mutate(lo=lo, hi=hi)
    open_ = spine.inner_join(tr, [tr.started_at < spine.hi, tr.ended_at >= spine.lo,
                                  tr.converted_at.isnull() | (tr.converted_at >= spine.lo)])
    converted = (open_.converted_at.notnull() & (open_.converted_at < open_.hi)).ifelse(1, 0)
    return ctx.ratio_bucketed(open_, numerator=converted, denominator=1)
