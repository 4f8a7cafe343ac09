"""Shared facts: intermediate tables several metrics build on, built once per computation.

``account_mrr``: one row per account and state bucket, from the account's first subscription
bucket to the end of the range, with the MRR active at the bucket's last day and its movement
against the previous bucket. The state bucket is the grain itself for day, week and month, and the
month for quarter and year (movements are monthly and summed over the larger bucket).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from csm_kit.context import sequence
from csm_kit.periods import bucket_count, bucket_start

if TYPE_CHECKING:
    from csm_kit.context import Context


def state_grain(grain: str) -> str:
    """The grain at which account state (MRR) is snapshotted for a computation at `grain`."""
    return grain if grain in ("day", "week", "month") else "month"


def account_mrr(ctx: Context) -> ir.Table:
    """Per account and state bucket: mrr at bucket end, prev_mrr, movements and bucket flags.

    Columns: account_id, state_start, period_start (the bucket at ctx.grain), mrr, prev_mrr,
    active_before (how many earlier state buckets had MRR > 0), new, expansion, contraction,
    churn, reactivation (amounts >= 0), is_first / is_last (first / last state bucket of its
    period).
    """
    subs = ctx.plan.table("subscriptions")
    g = state_grain(ctx.grain)
    data_start = ctx.plan.data_start("subscriptions") or ctx.start
    first = bucket_start(min(data_start, ctx.start), g)
    last = bucket_start(ctx.end - dt.timedelta(days=1), g)
    n = bucket_count(first, last, g)
    i = sequence(n)
    spine = i.select(state_start=(ibis.date(first) + ctx.step(i.i, g)).cast("date"))
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


FACTS: dict[str, Callable[[Context], ir.Table]] = {"account_mrr": account_mrr}

