"""Revenue and logo retention of the start-of-bucket cohort: GRR, NRR, logo churn, unsubscribes,
retention rate and the deviation of churn from its target, from ``account_periods``.

The starting cohort of a bucket is the accounts paying at its start (MRR > 0 on the previous
bucket's last day); new accounts are not in it. With ``window="12m"`` the cohort is instead the
accounts paying 12 months before the bucket's end (trailing-twelve-month retention).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import ArgumentError, Benchmark, Param, metric
from csm_kit_revenue.facts import mrr_on
from csm_kit_revenue.mrr import REACTIVATION

CATEGORY = "Revenue and retention"
PERIODS = ["account_periods"]
WINDOW = Param("window", "bucket", ("bucket", "12m"),
               "'bucket': the cohort paying at the bucket's start, compared with its end; '12m': "
               "the accounts paying 12 months before the bucket's end, compared with its end")
YEARLY = {"window": "12m"}  # the bands are stated for a year: they apply at grain year, or here
NO_BAND = Benchmark.unbanded("a count: judge it by its trend and against the customer base")


def _twelve_months(t: Any, ctx: Any) -> ir.Table:
    """Per bucket and account paying 12 months before the bucket's end: ``then`` (its MRR then)
    and ``now`` (its MRR on the bucket's last day, or today for the bucket under way, 0 when
    it stopped paying)."""
    spine = ctx.spine()
    last = (spine.period_start + ctx.step(1) - ibis.interval(days=1)).cast("date")
    if ctx.grain in ("month", "quarter", "year"):  # the end of the same bucket a year earlier
        then = (spine.period_start - ibis.interval(months=12) + ctx.step(1)
                - ibis.interval(days=1)).cast("date")
    else:  # day, week: the same calendar date a year before the bucket's last day
        then = (last - ibis.interval(months=12)).cast("date")
    # the bucket under way is read as of today, against the same day a year earlier
    today = ibis.date(ctx.today)
    later = (spine.period_start <= today) & (last > today)
    days = spine.mutate(last_day=ibis.ifelse(later, today, last),
                        then_day=ibis.ifelse(later, (today - ibis.interval(months=12)).cast("date"),
                                             then))
    before = mrr_on(t.subscriptions, days, "then_day")
    after = mrr_on(t.subscriptions, days, "last_day")
    before = before.filter(before.mrr > 0)
    joined = before.left_join(after, [before.period_start == after.period_start,
                                      before.account_id == after.account_id])
    return joined.select(before.period_start, before.account_id, then=before.mrr,
                         now=after.mrr.fill_null(0.0))


def _retention(t: Any, ctx: Any, net: bool) -> ir.Table:
    if ctx.params["window"] == "12m":
        c = _twelve_months(t, ctx)
        kept = c.now if net else ibis.least(c.now, c.then)
        return ctx.ratio_bucketed(c, numerator=kept, denominator=c.then)
    p = ctx.fact("account_periods")
    cohort = p.filter(p.start_mrr > 0)
    kept = cohort.end_mrr if net else ibis.least(cohort.end_mrr, cohort.start_mrr)
    return ctx.ratio_bucketed(cohort, numerator=kept, denominator=cohort.start_mrr)


@metric(id="grr", title="Gross Revenue Retention", category=CATEGORY, unit="fraction",
        direction="higher_is_better", inputs={"subscriptions": ["account_id", "start_date",
                                                               "end_date", "mrr"]},
        facts=PERIODS, params=[WINDOW], yearly_when=YEARLY,
        benchmark=Benchmark(good=0.90, source="convention", grain="year",
                            note="a common SaaS target for a year (not in the seeds): read at "
                                 "grain year or with window='12m'"),
        source=["000"])
def grr(t: Any, ctx: Any) -> ir.Table:
    """Of the accounts paying at the bucket's start, the MRR they still pay at its end, counting
    no account above its starting MRR (expansion excluded, contraction and churn included),
    divided by their MRR at the start; at most 1. New accounts are not in the cohort. At grain
    month this is (start MRR - contraction - churn) / start MRR; at quarter and year each
    account's end is compared with its start."""
    return _retention(t, ctx, net=False)


@metric(id="nrr", title="Net Revenue Retention", category=CATEGORY, unit="fraction",
        direction="higher_is_better", inputs={"subscriptions": ["account_id", "start_date",
                                                               "end_date", "mrr"]},
        facts=PERIODS, params=[WINDOW], yearly_when=YEARLY,
        benchmark=Benchmark(good=1.0, ok=0.9, source="003",
                            grain="year",
                            note="best-in-class 100-130% (seed 003); a good NDR is 90-125% "
                                 "(seed 001); stated for a year: read at grain year or with "
                                 "window='12m'"),
        source=["001", "003"])
def nrr(t: Any, ctx: Any) -> ir.Table:
    """Of the accounts paying at the bucket's start, the MRR they pay at its end (expansion
    included; churned accounts count 0) divided by their MRR at the start. New accounts are
    not in the cohort. With window='12m': the MRR now of the accounts paying 12 months earlier
    divided by their MRR then."""
    return _retention(t, ctx, net=True)


@metric(id="logo_churn", title="Logo Churn", category=CATEGORY, unit="count",
        direction="lower_is_better", inputs={}, facts=PERIODS, benchmark=NO_BAND,
        source=["000"])
def logo_churn(t: Any, ctx: Any) -> ir.Table:
    """Accounts that stopped paying in the bucket: MRR > 0 at the end of one month (or day,
    week) and 0 at the end of the next, counted once per bucket even if an account churns
    twice in a quarter."""
    p = ctx.fact("account_periods")
    return ctx.aggregate_bucketed(p, value=ibis._.churned.sum())


@metric(id="unsubscribes", title="Unsubscribes", category=CATEGORY, unit="count",
        direction="lower_is_better",
        inputs={"subscriptions": ["account_id", "start_date", "end_date", "mrr"]},
        facts=PERIODS,
        params=[Param("level", "account", ("account", "subscription"),
                      "'account': accounts that cancelled or did not renew (= logo_churn); "
                      "'subscription': paid subscriptions that ended without being continued")],
        benchmark=NO_BAND, source=["001"])
def unsubscribes(t: Any, ctx: Any) -> ir.Table:
    """Customers who cancelled or did not renew in the bucket. By default accounts (the same
    number as logo_churn). With level='subscription': paid subscriptions (mrr > 0) whose end
    date falls in the bucket, except those continued by a subscription of the same account
    starting that same day (a renewal or a plan change); a cancelled add-on counts."""
    if ctx.params["level"] == "account":
        return logo_churn.formula(t, ctx)
    s = t.subscriptions
    ended = s.filter(s.end_date.notnull() & (s.mrr > 0))
    nxt = s.select(next_account=s.account_id, next_start=s.start_date).distinct()
    stopped = ended.anti_join(nxt, [ended.account_id == nxt.next_account,
                                    ended.end_date == nxt.next_start])
    return ctx.aggregate(stopped, at=stopped.end_date, value=ibis._.count())


@metric(id="retention_rate", title="Customer Retention Rate", category=CATEGORY,
        unit="fraction", direction="higher_is_better", inputs={}, facts=PERIODS,
        params=[REACTIVATION],
        benchmark=Benchmark.unbanded("depends on the market and contract length: judge it by "
                                     "its trend"),
        source=["004"])
def retention_rate(t: Any, ctx: Any) -> ir.Table:
    """(accounts paying at the bucket's end - those of them acquired during it) / accounts
    paying at its start (seed 004). By default a returning (reactivated) account is not
    'acquired', so it counts as retained and the rate can exceed 1; with reactivation_as='new'
    it counts as acquired, and the rate is the share of the starting cohort still paying."""
    p = ctx.fact("account_periods")
    arrived = p.acquired + (p.reactivated if ctx.params["reactivation_as"] == "new" else 0)
    kept = ((p.end_mrr > 0) & (arrived == 0)).ifelse(1, 0)
    return ctx.ratio_bucketed(p, numerator=kept, denominator=(p.start_mrr > 0).ifelse(1, 0))


@metric(id="deviation_from_target_churn", title="Deviation from Target Churn Rate",
        category=CATEGORY, unit="fraction", direction="lower_is_better",
        inputs={"targets": ["metric", "period_start", "target"]},
        facts=PERIODS, depends_on=["customer_churn_rate"],
        params=[Param("target_grain", "month", ("day", "week", "month", "quarter", "year"),
                      "the grain the churn targets are set for; compute at that grain")],
        benchmark=Benchmark(good=0.0, source="000",
                            note="at or under target (<= 0) is good"),
        source=["000"])
def deviation_from_target_churn(t: Any, ctx: Any) -> ir.Table:
    """customer_churn_rate of the bucket minus its target: the targets row with metric
    'customer_churn_rate' dated in the bucket. Targets are set per month by default (param
    target_grain); computing at another grain is an error, since a monthly target says nothing
    of a quarter. Null where the bucket has no target, or several. With `by`, each group is
    compared with the same target."""
    if ctx.grain != ctx.params["target_grain"]:
        raise ArgumentError(
            f"metric 'deviation_from_target_churn' compares with targets set per "
            f"{ctx.params['target_grain']}, so it needs grain={ctx.params['target_grain']!r} "
            f"(got {ctx.grain!r}); if your targets are set per {ctx.grain}, pass params="
            f"{{'deviation_from_target_churn': {{'target_grain': {ctx.grain!r}}}}}")
    rate = ctx.metric("customer_churn_rate")
    tg = t.targets.filter(t.targets.metric == "customer_churn_rate")
    tg = tg.mutate(target_start=ctx.bucket(tg.period_start))
    tg = tg.group_by("target_start").aggregate(rows=tg.count(), target=tg.target.max())
    j = rate.left_join(tg, rate.period_start == tg.target_start)
    value = ibis.ifelse(j.rows == 1, j.value - j.target, ibis.null("float64"))
    return j.select(rate.period_start, *[rate[b] for b in ctx.by], value=value)
