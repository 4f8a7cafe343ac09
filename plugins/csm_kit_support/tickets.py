"""Ticket and call metrics (see the pack's docstring for how they are bucketed)."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

CATEGORY = "Support"
BY_TREND = Benchmark.unbanded("depends on the product and the support model: judge it by its "
                              "trend")
STATISTIC = Param("statistic", "median", ("median", "mean"),
                  "the median (default: robust to a few very long tickets) or the mean")


@metric(id="support_tickets", title="Support Tickets", category=CATEGORY, unit="count",
        direction="lower_is_better", inputs={"tickets": ["account_id", "created_at"]},
        params=[Param("per", "bucket", ("bucket", "active_account"),
                      "'bucket': tickets created; 'active_account': divided by the accounts "
                      "paying at the bucket's end")],
        variant_units={"per": {"active_account": "ratio"}},
        variant_facts={"per": {"active_account": ["account_periods"]}},
        benchmark=BY_TREND, source=["002", "004"])
def support_tickets(t: Any, ctx: Any) -> ir.Table:
    """Tickets created in the bucket; with per='active_account', per account paying at the
    bucket's end (null when none pays)."""
    tk = t.tickets
    count = ctx.aggregate(tk, at=tk.created_at, value=ibis._.count())
    if ctx.params["per"] == "bucket":
        return count
    p = ctx.fact("account_periods")
    paying = ctx.aggregate_bucketed(p, value=lambda r: (r.end_mrr > 0).ifelse(1, 0).sum())
    return ctx.divide(count, paying, numerator_missing=0.0)


@metric(id="first_response_time", title="First Response Time", category=CATEGORY,
        unit="duration", direction="lower_is_better",
        inputs={"tickets": ["account_id", "created_at", "first_response_at"]},
        params=[STATISTIC], benchmark=BY_TREND, source=["004"])
def first_response_time(t: Any, ctx: Any) -> ir.Table:
    """Median hours from a ticket's creation to the first agent response, over the tickets
    first answered in the bucket (statistic='mean' for the mean). Tickets never answered are
    not counted."""
    tk = t.tickets
    return ctx.statistic(tk, at=tk.first_response_at,
                         value=ctx.hours(tk.created_at, tk.first_response_at),
                         statistic=ctx.params["statistic"])


@metric(id="full_resolution_time", title="Full Resolution Time", category=CATEGORY,
        unit="duration", direction="lower_is_better",
        inputs={"tickets": ["account_id", "created_at", "resolved_at"]},
        params=[STATISTIC], benchmark=BY_TREND, source=["000", "004"])
def full_resolution_time(t: Any, ctx: Any) -> ir.Table:
    """Median hours from a ticket's creation to its final resolution (time reopened included),
    over the tickets resolved in the bucket; statistic='mean' gives seed 004's Average Time to
    Resolution."""
    tk = t.tickets
    return ctx.statistic(tk, at=tk.resolved_at, value=ctx.hours(tk.created_at, tk.resolved_at),
                         statistic=ctx.params["statistic"])


@metric(id="first_contact_resolution_rate", title="First Contact Resolution Rate",
        category=CATEGORY, unit="fraction", direction="higher_is_better",
        inputs={"tickets": ["account_id", "resolved_at", "replies", "reopens"]},
        benchmark=Benchmark(good=0.70, source="convention",
                            note="a common help-desk target (not in the seeds): 70% or more"),
        source=["002", "004"])
def first_contact_resolution_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the tickets resolved in the bucket, the share resolved with one agent reply and never
    reopened. Tickets whose reply count is unknown (null) are left out; an unknown reopen count
    is taken as none."""
    tk = t.tickets.filter(t.tickets.replies.notnull())
    first = ((tk.replies == 1) & (tk.reopens.fill_null(0) == 0)).ifelse(1, 0)
    return ctx.ratio(tk, at=tk.resolved_at, numerator=first, denominator=1)


@metric(id="average_speed_to_answer", title="Average Speed to Answer", category=CATEGORY,
        unit="duration", direction="lower_is_better",
        inputs={"calls": ["account_id", "queued_at", "answered_at", "abandoned"]},
        benchmark=Benchmark(good=28 / 3600, source="convention",
                            note="a call-centre convention (not in the seeds): 28 seconds"),
        source=["000"])
def average_speed_to_answer(t: Any, ctx: Any) -> ir.Table:
    """Total time answered calls waited in the queue (after the IVR) divided by the answered
    calls, in hours; abandoned calls are left out. Calls queued in the bucket."""
    c = t.calls
    answered = c.filter(c.answered_at.notnull() & ~c.abandoned)
    return ctx.statistic(answered, at=answered.queued_at,
                         value=ctx.hours(answered.queued_at, answered.answered_at),
                         statistic="mean")
