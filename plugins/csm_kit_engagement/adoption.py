"""Adoption, time on platform, onboarding and time to value, from events, sessions and accounts.

Onboarding and time to value follow accounts from their start (accounts.created_at): each
account is counted in the bucket it started in.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric
from csm_kit_engagement.activity import ACTIVE_EVENTS, CATEGORY

BY_TREND = Benchmark.unbanded("depends on the product: judge it by its trend")
ONBOARDING_STEPS = ("onboarding_step_1", "onboarding_step_2", "onboarding_step_3")


@metric(id="adoption_rate", title="Feature Adoption Rate", category=CATEGORY, unit="fraction",
        direction="higher_is_better",
        inputs={"events": ["user_id", "account_id", "occurred_at", "event_name", "feature"]},
        params=[Param("key_features", None, None, "the features that count as adoption "
                      "(default: any feature)", type=(list, tuple), items=str,
                      examples=(["reports", "api"],)),
                Param("level", "user", ("user", "account"), "count users or accounts"),
                ACTIVE_EVENTS],
        benchmark=BY_TREND, source=["003", "004"])
def adoption_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the users active in the bucket, the share that used a key feature in it (an event on
    one of `key_features`; by default any feature); level='account' counts accounts."""
    entity = "user_id" if ctx.params["level"] == "user" else "account_id"
    e = t.events
    names = ctx.params["active_events"]
    features = ctx.params["key_features"]
    is_active = e.event_name.notnull() if names is None else e.event_name.isin(list(names))
    on_key = e.feature.notnull() if features is None else e.feature.isin(list(features))
    rows = ctx.with_dims(e.filter(ctx.in_range(e.occurred_at)))  # one scan: no join
    rows = rows.mutate(period_start=ctx.bucket(rows.occurred_at),
                       active=is_active.ifelse(1, 0), adopted=on_key.ifelse(1, 0))
    per = rows.group_by([entity, "period_start", *ctx.by]).aggregate(
        active=rows.active.max(), adopted=rows.adopted.max())
    per = per.filter(per.active == 1)
    return per.group_by(["period_start", *ctx.by]).aggregate(
        value=per.adopted.sum().cast("float64") / per.count())


_USAGE = {"users": ibis._.user_id.nunique(), "accounts": ibis._.account_id.nunique(),
          "events": ibis._.count()}


@metric(id="product_usage", title="Product Usage by Feature", category=CATEGORY, unit="count",
        direction="higher_is_better", kind="distinct",
        inputs={"events": ["user_id", "account_id", "occurred_at", "feature"]},
        dimensions=["feature"],
        params=[Param("measure", "users", ("users", "accounts", "events"),
                      "what is counted per feature: distinct users, distinct accounts, or "
                      "events (events add up over buckets and features; users and accounts "
                      "do not)")],
        benchmark=BY_TREND, source=["002"])
def product_usage(t: Any, ctx: Any) -> ir.Table:
    """Use of each product feature in the bucket: the distinct users who fired an event on it
    (`measure`: or accounts, or the events themselves). A breakdown: split it with
    ``by=["feature"]`` (one row per feature; combine with accounts columns such as segment).
    Unsplit, it counts the users (accounts, events) of any feature; events with no feature are
    left out."""
    e = t.events.filter(t.events.feature.notnull())
    return ctx.aggregate(e, at=e.occurred_at, value=_USAGE[ctx.params["measure"]])


@metric(id="avg_time_on_platform", title="Average Time on Platform", category=CATEGORY,
        unit="duration", direction="higher_is_better",
        inputs={"sessions": ["user_id", "account_id", "started_at", "ended_at"]},
        params=[Param("per", "user", ("user", "session"),
                      "user: session hours per user with a session; session: mean session "
                      "length (seed 003's 'per visit')")],
        benchmark=BY_TREND, source=["003"])
def avg_time_on_platform(t: Any, ctx: Any) -> ir.Table:
    """Total session time in the bucket divided by the users with a session in it, in hours
    (seed 003's time per day/week/month); with per='session', the mean session length. A
    session counts wholly in the bucket it started in."""
    s = t.sessions
    s = s.mutate(hours=ctx.hours(s.started_at, s.ended_at))
    if ctx.params["per"] == "session":
        return ctx.statistic(s, at=s.started_at, value=s.hours, statistic="mean")
    return ctx.aggregate(s, at=s.started_at,
                         value=lambda r: r.hours.sum() / r.user_id.nunique())


@metric(id="onboarding_engagement_rate", title="Onboarding Engagement Rate", category=CATEGORY,
        unit="fraction", direction="higher_is_better",
        inputs={"accounts": ["account_id", "created_at"],
                "events": ["account_id", "occurred_at", "event_name"]},
        params=[Param("steps", ONBOARDING_STEPS, None, "the event names an account must all "
                      "reach to have completed onboarding", type=(list, tuple), items=str,
                      examples=(["onboarding_step_1"],)),
                Param("days", 30, None, "how many days from its start an account has",
                      type=int, minimum=1, maximum=365, examples=(7,))],
        benchmark=BY_TREND, source=["004"])
def onboarding_engagement_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the accounts that started in the bucket (accounts.created_at), the share that
    completed every onboarding step (events named in `steps`) within `days` days of their start.
    Accounts still inside their window count with what they did so far."""
    a, e = t.accounts, t.events
    steps = list(dict.fromkeys(ctx.params["steps"]))
    e = e.filter(e.event_name.isin(steps))
    starts = a.select(start_id=a.account_id, start=a.created_at)
    window = starts.inner_join(e, [e.account_id == starts.start_id,
                                   e.occurred_at >= starts.start,
                                   e.occurred_at < starts.start
                                   + ibis.interval(days=ctx.params["days"])])
    done = window.group_by(done_id=window.start_id).aggregate(
        steps=window.event_name.nunique())
    done = done.filter(done.steps == len(steps))
    j = a.left_join(done, a.account_id == done.done_id)
    rows = j.select(a.account_id, a.created_at, completed=done.done_id.notnull().ifelse(1, 0))
    return ctx.ratio(rows, at=rows.created_at, numerator=rows.completed, denominator=1)


@metric(id="time_to_value", title="Time to Value", category=CATEGORY, unit="duration",
        direction="lower_is_better",
        inputs={"accounts": ["account_id", "created_at"],
                "events": ["account_id", "occurred_at", "event_name"]},
        params=[Param("value_event", "integration_connected", None, "the event that marks "
                      "the first value", type=str, examples=("create_report",)),
                Param("statistic", "median", ("median", "mean"), "median or mean over the "
                      "accounts that reached value"),
                Param("measure", "time", ("time", "not_reached"), "time: the time to value; "
                      "not_reached: the share of the bucket's accounts not at value yet")],
        variant_units={"measure": {"not_reached": "fraction"}},
        benchmark=BY_TREND, source=["001", "004"])
def time_to_value(t: Any, ctx: Any) -> ir.Table:
    """Median hours from an account's start (accounts.created_at) to its first `value_event`,
    over the accounts that started in the bucket and reached value (statistic='mean' for the
    mean); measure='not_reached' gives the share of those accounts with no value event yet.
    Events before the start are ignored."""
    a, e = t.accounts, t.events
    e = e.filter(e.event_name == ctx.params["value_event"])
    j = a.inner_join(e, [e.account_id == a.account_id, e.occurred_at >= a.created_at])
    first = j.group_by(value_id=a.account_id).aggregate(at=j.occurred_at.min())
    rows = a.left_join(first, a.account_id == first.value_id)
    rows = rows.select(a.account_id, a.created_at, at=first.at)
    if ctx.params["measure"] == "not_reached":
        return ctx.ratio(rows, at=rows.created_at, numerator=rows.at.isnull().ifelse(1, 0),
                         denominator=1)
    return ctx.statistic(rows, at=rows.created_at, value=ctx.hours(rows.created_at, rows.at),
                         statistic=ctx.params["statistic"])


