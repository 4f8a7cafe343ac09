"""The revenue pack's shared facts, declared with ``@csm_kit.fact`` so any pack can reuse them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import fact


def state_grain(grain: str) -> str:
    """The grain at which account state (MRR) is snapshotted for a computation at `grain`:
    the grain itself for day, week and month; the month for quarter and year."""
    return grain if grain in ("day", "week", "month") else "month"


@fact(id="account_mrr", title="MRR per account and bucket, with its movements",
      inputs={"subscriptions": ["account_id", "start_date", "end_date", "mrr"]})
def account_mrr(t: Any, ctx: Any) -> ir.Table:
    """One row per account and state bucket, from the account's first subscription to the end of
    the range: the MRR active on the bucket's last day, or today for the bucket under way
    (several subscriptions add up), and its
    movement against the previous state bucket. The state bucket is the grain for day, week and
    month, and the month for quarter and year (movements are monthly, summed over the bucket).

    Columns: account_id, state_start, period_start (the bucket at the computation's grain), mrr,
    prev_mrr, active_before (earlier state buckets with MRR > 0), new, expansion, contraction,
    churn, reactivation (amounts >= 0: start + new + expansion + reactivation - contraction -
    churn = end), is_first / is_last (first / last state bucket of its period).
    """
    subs = t.subscriptions
    g = state_grain(ctx.grain)
    # state buckets from the one before the range (its MRR is the first bucket's previous);
    # the history before it is folded into one flag per account (paid_earlier, below), so the
    # grid grows with the range, not with the years of subscriptions behind it
    first = ctx.start - dt.timedelta(days=1)
    spine = ctx.spine(grain=g, start=first).rename(state_start="period_start")
    last_day = (spine.state_start + ctx.step(1, g) - ibis.interval(days=1)).cast("date")
    # the bucket under way is read as of today: no subscription change still to come counts
    today = ibis.date(ctx.today)
    under_way = (spine.state_start <= today) & (last_day > today)
    spine = spine.mutate(last_day=ibis.ifelse(under_way, today, last_day))

    active = spine.inner_join(
        subs,
        [
            subs.start_date <= spine.last_day,
            subs.end_date.isnull() | (subs.end_date > spine.last_day),
        ],
    )
    snapshot = active.group_by(["account_id", "state_start"]).aggregate(snap_mrr=active.mrr.sum())

    starts = subs.group_by("account_id").aggregate(first_day=subs.start_date.min())
    grid = starts.inner_join(spine, starts.first_day <= spine.last_day).select(
        "account_id", "state_start"
    )
    full = grid.left_join(
        snapshot,
        [grid.account_id == snapshot.account_id, grid.state_start == snapshot.state_start],
    ).select(grid.account_id, grid.state_start, mrr=snapshot.snap_mrr.fill_null(0.0))

    earlier = _paid_earlier(subs, ctx, g, ctx.bucket(ibis.date(first), g))
    full = full.left_join(earlier, full.account_id == earlier.paid_account).drop("paid_account")
    w = ibis.window(group_by="account_id", order_by="state_start")
    cw = ibis.cumulative_window(group_by="account_id", order_by="state_start")
    is_active = (full.mrr > 0).ifelse(1, 0)
    full = full.mutate(
        prev_mrr=full.mrr.lag().over(w).fill_null(0.0),
        active_before=is_active.sum().over(cw) - is_active + full.paid_earlier.fill_null(0),
    ).drop("paid_earlier")
    up, was = full.mrr, full.prev_mrr
    zero = ibis.literal(0.0)
    full = full.mutate(
        new=((up > 0) & (was == 0) & (full.active_before == 0)).ifelse(up, zero),
        reactivation=((up > 0) & (was == 0) & (full.active_before > 0)).ifelse(up, zero),
        expansion=((was > 0) & (up > was)).ifelse(up - was, zero),
        contraction=((was > 0) & (up > 0) & (up < was)).ifelse(was - up, zero),
        churn=((was > 0) & (up == 0)).ifelse(was, zero),
        period_start=ctx.bucket(full.state_start),
    )
    return full.mutate(
        is_first=ctx.bucket(full.state_start - ctx.step(1, g)) != full.period_start,
        is_last=ctx.bucket(full.state_start + ctx.step(1, g)) != full.period_start,
    )


def _paid_earlier(subs: ir.Table, ctx: Any, g: str, first: ir.DateScalar) -> ir.Table:
    """1 for each account that paid (MRR > 0) on the last day of a state bucket before `first`
    (paid_account, paid_earlier). A subscription is active on the last days of the state
    buckets from its start's to its end's, the end's excluded, where a date after today counts
    from the bucket after today's (the bucket under way is read on today)."""
    today = ibis.date(ctx.today)
    after_today = ctx.bucket(today, g) + ctx.step(1, g)

    def bucket(day: ir.DateValue) -> ir.DateValue:
        return ibis.ifelse(day <= today, ctx.bucket(day, g),
                           ibis.greatest(ctx.bucket(day, g), after_today).cast("date"))

    opens = bucket(subs.start_date)
    closes = subs.end_date.isnull() | (bucket(subs.end_date) > opens)
    paid = subs.filter((subs.mrr > 0) & closes & (opens < first))
    return paid.select(paid_account=paid.account_id).distinct().mutate(
        paid_earlier=ibis.literal(1))


@fact(id="account_periods", title="Each account's MRR at the start and end of each bucket",
      inputs={}, facts=["account_mrr"])
def account_periods(t: Any, ctx: Any) -> ir.Table:
    """One row per account and bucket at the computation's grain, from the account's first
    subscription on: the start-of-bucket cohort and what happened to it.

    Columns: account_id, period_start, start_mrr (MRR at the end of the previous bucket),
    end_mrr (MRR on the bucket's last day), new, expansion, contraction, churn, reactivation
    (the movements of the bucket, summed over its months at quarter and year), churned,
    acquired, reactivated (1 when the bucket holds a churn / new / reactivation movement, else 0).
    "Paying at the start" is start_mrr > 0; "paying at the end" is end_mrr > 0.
    """
    f = ctx.fact("account_mrr")
    flag = lambda c: (c > 0).ifelse(1, 0).max()  # noqa: E731
    return f.group_by(["account_id", "period_start"]).aggregate(
        start_mrr=f.is_first.ifelse(f.prev_mrr, 0.0).max(),
        end_mrr=f.is_last.ifelse(f.mrr, 0.0).max(),
        new=f.new.sum(), expansion=f.expansion.sum(), contraction=f.contraction.sum(),
        churn=f.churn.sum(), reactivation=f.reactivation.sum(),
        churned=flag(f.churn), acquired=flag(f.new), reactivated=flag(f.reactivation),
    )


def mrr_on(subscriptions: ir.Table, days: ir.Table, day: str) -> ir.Table:
    """Per row of `days` (``period_start`` and a date column `day`) and account: the MRR of the
    account's subscriptions active on that day (``period_start, account_id, mrr``; accounts
    paying nothing that day have no row)."""
    s = subscriptions
    on = days.inner_join(s, [s.start_date <= days[day],
                             s.end_date.isnull() | (s.end_date > days[day])])
    return on.group_by(["period_start", "account_id"]).aggregate(mrr=on.mrr.sum())


DAYS_PER_MONTH = 30.4375  # 365.25 / 12


@fact(id="contract_terms", title="Contracts with their term, annualised value and renewals",
      inputs={"contracts": ["contract_id", "account_id", "start_date", "end_date",
                            "recurring_value", "one_time_value", "renewal_of"]})
def contract_terms(t: Any, ctx: Any) -> ir.Table:
    """One row per contract, with its renewals found through ``renewal_of``.

    Columns: contract_id, account_id, start_date, end_date, term_years (calendar months between
    start and end / 12, a part month counted in days / 30.4375: a one-year term is exactly 1),
    annual_value (recurring_value / term_years), annual_one_time (one_time_value / term_years,
    0 when null), renewed (at least one contract renews it, whenever it starts), renewals (how
    many), renewal_annual_value (the summed annual_value of its renewals; 0 when none).
    """
    c = t.contracts
    months = ((c.end_date.year() - c.start_date.year()) * 12
              + (c.end_date.month() - c.start_date.month())
              + (c.end_date.day() - c.start_date.day()) / DAYS_PER_MONTH)
    years = months / 12
    base = c.mutate(term_years=years, annual_value=c.recurring_value / years,
                    annual_one_time=c.one_time_value.fill_null(0.0) / years)
    r = base.filter(base.renewal_of.notnull())
    renewals = r.group_by(renewed_id=r.renewal_of).aggregate(
        renewals=r.count(), renewal_annual_value=r.annual_value.sum())
    out = base.left_join(renewals, base.contract_id == renewals.renewed_id)
    return out.select(
        base.contract_id, base.account_id, base.start_date, base.end_date, base.term_years,
        base.annual_value, base.annual_one_time,
        renewed=renewals.renewals.notnull(), renewals=renewals.renewals.fill_null(0),
        renewal_annual_value=renewals.renewal_annual_value.fill_null(0.0),
    )
