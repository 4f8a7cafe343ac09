"""Active users. "Active" means at least one qualifying event; the qualifying event names are
the `active_events` param (default: every event)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric
from csm_kit_engagement.windows import ROLLING_DAYS, WINDOW_DOC, active_in_window, daily_mean

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


def _window(period: str) -> Param:
    return Param("window", "calendar", ("calendar", "rolling"),
                 WINDOW_DOC.format(period=period, n=ROLLING_DAYS[period]))


def _daily(metric_id: str, title: str, entity: str, noun: str) -> Any:
    @metric(id=metric_id, title=title, category=CATEGORY, unit="count", kind="distinct",
            direction="higher_is_better", inputs=INPUTS, params=[ACTIVE_EVENTS],
            benchmark=NO_BAND, source=SOURCES[entity])
    def formula(t: Any, ctx: Any) -> ir.Table:
        return daily_mean(ctx, active_events(t, ctx), entity)

    doc = (f"Distinct {noun} with an active event per day; at a coarser grain, the mean over the "
           "bucket's days up to today (days without activity count as 0; days to come are not "
           "counted). A day's window is the day itself, calendar or rolling alike.")
    return dataclasses.replace(formula, description=doc)


def _windowed(metric_id: str, title: str, entity: str, noun: str, period: str) -> Any:
    @metric(id=metric_id, title=title, category=CATEGORY, unit="count", kind="distinct",
            direction="higher_is_better", inputs=INPUTS, params=[_window(period), ACTIVE_EVENTS],
            benchmark=NO_BAND, source=SOURCES[entity])
    def formula(t: Any, ctx: Any) -> ir.Table:
        return active_in_window(ctx, active_events(t, ctx), entity, period)

    doc = (f"Distinct {noun} with an active event in the {period} that ends the bucket: the "
           f"calendar {period} holding the bucket's last day, up to that day (the whole {period} "
           f"at grain {period}); with window='rolling', the {ROLLING_DAYS[period]} days ending on "
           "the bucket's last day. Computed in O(events) at every grain.")
    return dataclasses.replace(formula, description=doc)


SOURCES = {"user_id": ["000", "001", "004"], "account_id": ["000", "001"]}
dau = _daily("dau", "Daily Active Users", "user_id", "users")
wau = _windowed("wau", "Weekly Active Users", "user_id", "users", "week")
mau = _windowed("mau", "Monthly Active Users", "user_id", "users", "month")
daily_active_accounts = _daily("daily_active_accounts", "Daily Active Accounts", "account_id",
                               "accounts")
weekly_active_accounts = _windowed("weekly_active_accounts", "Weekly Active Accounts",
                                   "account_id", "accounts", "week")
monthly_active_accounts = _windowed("monthly_active_accounts", "Monthly Active Accounts",
                                    "account_id", "accounts", "month")


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
