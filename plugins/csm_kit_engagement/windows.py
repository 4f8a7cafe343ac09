"""Distinct active users (or accounts) in a window ending on each bucket's last day (today, for
the bucket under way), in O(events): no join of every event to every window.

Each entity's distinct active days are turned into the days its activity covers: with a rolling
window of n days, an active day d covers d .. d + n - 1 (cut at the entity's next active day,
so no day is covered twice); with a calendar window, the entity's first active day of a
week or month covers the rest of that week or month. A +1 where a covered stretch begins and a
-1 where it ends, summed day by day in a running total, give the number of entities active in
the window ending on each day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit.periods import bucket_start

ROLLING_DAYS = {"week": 7, "month": 30}
WINDOW_DOC = ("calendar: the calendar {period} holding the bucket's last day, up to that day; "
              "rolling: the {n} days ending on the bucket's last day")


def active_in_window(ctx: Any, events: ir.Table, entity: str, period: str) -> ir.Table:
    """`period_start, <by...>, value`: the distinct `entity` values (user_id or account_id) with
    an event in the window of `period` ('week' or 'month') that ends on each bucket's last day;
    ``ctx.params['window']`` is 'calendar' or 'rolling'."""
    rolling = ctx.params["window"] == "rolling"
    if not rolling and ctx.grain == period:  # the window is the bucket itself
        return ctx.aggregate(events, at=events.occurred_at,
                             value=lambda r: r[entity].nunique())
    n = ROLLING_DAYS[period]
    first = (ctx.start - dt.timedelta(days=n - 1) if rolling
             else bucket_start(ctx.start, period))
    lo = dt.datetime.combine(first, dt.time())
    hi = dt.datetime.combine(ctx.end, dt.time())
    e = events.filter((events.occurred_at >= lo) & (events.occurred_at < hi))
    e = ctx.with_dims(e)
    keys = [entity, *ctx.by]
    days = e.select(*keys, day=e.occurred_at.date()).distinct()
    if rolling:
        nxt = days.day.lead().over(group_by=keys, order_by=days.day)
        reach = (days.day + ibis.interval(days=n)).cast("date")
        stop = ibis.least(reach, nxt.fill_null(reach))
        starts = days.select(*ctx.by, day=days.day)
        stops = days.select(*ctx.by, day=stop.cast("date"))
    else:
        days = days.mutate(period=days.day.truncate({"week": "W", "month": "M"}[period])
                           .cast("date"))
        firsts = days.group_by([*keys, "period"]).aggregate(day=days.day.min())
        starts = firsts.select(*ctx.by, day=firsts.day)
        stops = firsts.select(*ctx.by, day=(firsts.period + ctx.step(1, period)).cast("date"))
    deltas = starts.mutate(delta=ibis.literal(1)).union(stops.mutate(delta=ibis.literal(-1)))
    per_day = deltas.group_by(["day", *ctx.by]).aggregate(delta=deltas.delta.sum())
    spine = ctx.spine(grain="day", start=first).rename(day="period_start")
    grid = spine
    if ctx.by:
        grid = spine.cross_join(per_day.select(*ctx.by).distinct())
    j = grid.left_join(per_day, [grid.day == per_day.day,
                                 *[grid[b].identical_to(per_day[b]) for b in ctx.by]])
    j = j.select(grid.day, *[grid[b] for b in ctx.by], delta=per_day.delta.fill_null(0))
    running = j.delta.sum().over(ibis.cumulative_window(group_by=list(ctx.by), order_by=j.day))
    counts = j.mutate(active=running, period_start=ctx.bucket(j.day))
    last = counts.filter(ctx.is_reading_day(counts.day))
    return last.select("period_start", *ctx.by, value=last.active)


def daily_mean(ctx: Any, events: ir.Table, entity: str) -> ir.Table:
    """`period_start, <by...>, value`: the distinct `entity` values active each day, averaged
    over the bucket's days up to today (days without activity count as 0)."""
    e = events.filter(ctx.in_range(events.occurred_at))
    e = ctx.with_dims(e.mutate(day=e.occurred_at.date()))
    daily = e.group_by(["day", *ctx.by]).aggregate(n=e[entity].nunique())
    daily = daily.mutate(period_start=ctx.bucket(daily.day))
    per_bucket = daily.group_by(["period_start", *ctx.by]).aggregate(n=daily.n.sum())
    bucket_end = (per_bucket.period_start + ctx.step(1)).cast("date")
    tomorrow = ibis.date(ctx.today + dt.timedelta(days=1))
    days = ibis.least(bucket_end, tomorrow).delta(per_bucket.period_start, unit="day")
    return per_bucket.mutate(value=per_bucket.n.cast("float64") / days)
