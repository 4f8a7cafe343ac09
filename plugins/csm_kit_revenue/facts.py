"""The revenue pack's shared facts, declared with ``@csm_kit.fact`` so any pack can reuse them."""

from __future__ import annotations

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
    the range: the MRR active on the bucket's last day (several subscriptions add up) and its
    movement against the previous state bucket. The state bucket is the grain for day, week and
    month, and the month for quarter and year (movements are monthly, summed over the bucket).

    Columns: account_id, state_start, period_start (the bucket at the computation's grain), mrr,
    prev_mrr, active_before (earlier state buckets with MRR > 0), new, expansion, contraction,
    churn, reactivation (amounts >= 0: start + new + expansion + reactivation - contraction -
    churn = end), is_first / is_last (first / last state bucket of its period).
    """
    subs = t.subscriptions
    g = state_grain(ctx.grain)
    first = min(ctx.data_start("subscriptions") or ctx.start, ctx.start)
    spine = ctx.spine(grain=g, start=first).rename(state_start="period_start")
    spine = spine.mutate(
        last_day=(spine.state_start + ctx.step(1, g) - ibis.interval(days=1)).cast("date")
    )

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

    w = ibis.window(group_by="account_id", order_by="state_start")
    cw = ibis.cumulative_window(group_by="account_id", order_by="state_start")
    is_active = (full.mrr > 0).ifelse(1, 0)
    full = full.mutate(
        prev_mrr=full.mrr.lag().over(w).fill_null(0.0),
        active_before=is_active.sum().over(cw) - is_active,
    )
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
