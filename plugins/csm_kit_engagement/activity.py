"""Active users. "Active" means at least one qualifying event; the qualifying event names are
the `active_events` param (default: every event)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

CATEGORY = "Engagement and adoption"
INPUTS = {"events": ["user_id", "account_id", "occurred_at", "event_name"]}
ACTIVE_EVENTS = Param("active_events", None, None,
                      "event names that make a user active (default: every event)", (list, tuple),
                      items=str, examples=(("login", "view_dashboard"),))
NO_BAND = Benchmark.unbanded("a count: judge it by its trend")


def active_events(t: Any, ctx: Any) -> ir.Table:
    """The events that qualify a user as active."""
    e = t.events
    names = ctx.params.get("active_events")
    if names is None:
        return e
    return e.filter(e.event_name.isin(list(names)))


@metric(id="dau", title="Daily Active Users", category=CATEGORY, unit="count",
        direction="higher_is_better", inputs=INPUTS, params=[ACTIVE_EVENTS], benchmark=NO_BAND,
        source=["000", "001", "004"])
def dau(t: Any, ctx: Any) -> ir.Table:
    """Distinct active users per day; at a coarser grain, the mean over the bucket's days up to
    today (days without activity count as 0; days to come are not counted)."""
    e = active_events(t, ctx)
    e = e.filter(ctx.in_range(e.occurred_at))
    e = ctx.with_dims(e.mutate(day=e.occurred_at.date()))
    daily = e.group_by(["day", *ctx.by]).aggregate(users=e.user_id.nunique())
    daily = daily.mutate(period_start=ctx.bucket(daily.day))
    per_bucket = daily.group_by(["period_start", *ctx.by]).aggregate(users=daily.users.sum())
    bucket_end = (per_bucket.period_start + ctx.step(1)).cast("date")
    tomorrow = ibis.date(ctx.today + dt.timedelta(days=1))
    days = ibis.least(bucket_end, tomorrow).delta(per_bucket.period_start, unit="day")
    return per_bucket.mutate(value=per_bucket.users.cast("float64") / days)


@metric(id="mau", title="Monthly Active Users", category=CATEGORY, unit="count",
        direction="higher_is_better", inputs=INPUTS, benchmark=NO_BAND,
        params=[
            Param("window", "calendar", ("calendar", "rolling"),
                  "calendar: the calendar month holding the bucket's last day, up to that day; "
                  "rolling: the 30 days ending on the bucket's last day"),
            ACTIVE_EVENTS,
        ],
        source=["000", "001", "004"])
def mau(t: Any, ctx: Any) -> ir.Table:
    """Distinct active users in the month that ends the bucket (the calendar month at grain
    month)."""
    e = active_events(t, ctx)
    if ctx.grain == "month" and ctx.params["window"] == "calendar":
        return ctx.aggregate(e, at=e.occurred_at, value=ibis._.user_id.nunique())
    spine = ctx.spine()
    last_day = (spine.period_start + ctx.step(1) - ibis.interval(days=1)).cast("date")
    if ctx.params["window"] == "calendar":
        first_day = last_day.truncate("M").cast("date")
    else:
        first_day = (last_day - ibis.interval(days=29)).cast("date")
    windows = spine.mutate(lo=first_day.cast("timestamp"),
                           hi=(last_day + ibis.interval(days=1)).cast("date").cast("timestamp"))
    earliest = dt.datetime.combine(ctx.start - dt.timedelta(days=31), dt.time())
    latest = dt.datetime.combine(ctx.end, dt.time())
    e = e.filter((e.occurred_at >= earliest) & (e.occurred_at < latest))
    e = ctx.with_dims(e)
    j = windows.inner_join(e, [e.occurred_at >= windows.lo, e.occurred_at < windows.hi])
    return j.group_by(["period_start", *ctx.by]).aggregate(value=j.user_id.nunique())


@metric(id="dau_mau_ratio", title="DAU/MAU ratio (stickiness)", category=CATEGORY,
        unit="fraction", direction="higher_is_better", inputs=INPUTS, params=[ACTIVE_EVENTS],
        benchmark=Benchmark(good=0.20, source="000"), source=["000"])
def dau_mau_ratio(t: Any, ctx: Any) -> ir.Table:
    """Stickiness: the daily active users of each day of the bucket, summed, divided by the
    active users of each day's calendar month, summed over the same days. At grain month this is
    the mean DAU over the month divided by the month's MAU; at other grains every day is judged
    against its own month, so a week or quarter that spans months never exceeds 1. Days to come
    (after today) count in neither."""
    e = active_events(t, ctx)
    first = ctx.start.replace(day=1)  # every month that a day of the range falls in
    last_day = ctx.end - dt.timedelta(days=1)
    after = (last_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    lo, hi = (dt.datetime.combine(d, dt.time()) for d in (first, after))
    e = ctx.with_dims(e.filter((e.occurred_at >= lo) & (e.occurred_at < hi)))
    active = e.select("user_id", *ctx.by, day=e.occurred_at.date(),
                      month=e.occurred_at.truncate("M").cast("date")).distinct()  # one scan
    monthly = active.group_by(["month", *ctx.by]).aggregate(mau=active.user_id.nunique())
    daily = active.filter(ctx.in_range(active.day)).group_by(["day", *ctx.by]).aggregate(
        dau=ibis._.count())
    daily = daily.mutate(period_start=ctx.bucket(daily.day))
    num = daily.group_by(["period_start", *ctx.by]).aggregate(num=daily.dau.sum())
    days = ctx.days()
    days = days.mutate(month=days.day.truncate("M").cast("date"))
    per_day = days.inner_join(monthly, "month")  # each day of the range, its month's MAU
    den = per_day.group_by(["period_start", *ctx.by]).aggregate(den=per_day.mau.sum())
    j = ctx.join(den, num, how="left")
    value = j.num.fill_null(0).cast("float64") / ibis.ifelse(den.den == 0, ibis.null("float64"),
                                                              den.den)
    return j.select(den.period_start, *[den[b] for b in ctx.by], value=value)
