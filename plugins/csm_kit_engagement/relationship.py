"""The engagement score: how much two-way contact the CS team has with each paying account, and
how often the customer answers, from touchpoints."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

WINDOW_DAYS = 90
WEIGHTS = {"frequency": 0.5, "responsiveness": 0.5}


@metric(id="engagement_score", title="Engagement Score", category="Engagement and adoption",
        unit="score", direction="higher_is_better",
        inputs={"touchpoints": ["account_id", "occurred_at", "direction", "responded_at"]},
        facts=["account_periods"],
        params=[Param.weights("weights", WEIGHTS, "weight of frequency and responsiveness; "
                              "responsiveness is left out for an account with no outbound "
                              "touchpoint", examples=({"frequency": 1},)),
                Param("target", 6, None, "two-way touchpoints in 90 days that earn full "
                      "frequency marks", type=int, minimum=1, maximum=1000, examples=(12,))],
        benchmark=Benchmark.unbanded("a relative score: compare accounts and segments, and "
                                     "watch its trend"),
        source=["002"])
def engagement_score(t: Any, ctx: Any) -> ir.Table:
    """Per account paying at the bucket's end, 0-100: a weighted mean (0.5 each by default) of

    - frequency: 100 * min(1, two-way touchpoints / target) over the 90 days to the bucket's
      last day; a touchpoint is two-way when the customer started it (direction 'inbound') or
      answered it (responded_at set); target 6 by default (for the bucket under way, the 90
      days to today);
    - responsiveness: 100 * the share of the CS team's outbound touchpoints in those 90 days
      that the customer answered; left out when there were none.

    With by=['account_id'] each account's score; otherwise the mean over the group's paying
    accounts."""
    p = ctx.fact("account_periods")
    ends = p.filter((p.end_mrr > 0) & ctx.in_range(p.period_start))
    last_day = (ends.period_start + ctx.step(1) - ibis.interval(days=1)).cast("date")
    ends = ends.select("account_id", "period_start",
                       last=ibis.least(last_day, ibis.date(ctx.as_of)))
    tp = t.touchpoints
    tp = tp.select(tp_account=tp.account_id, day=tp.occurred_at.date(),
                   two_way=((tp.direction == "inbound") | tp.responded_at.notnull()).ifelse(1, 0),
                   outbound=(tp.direction == "outbound").ifelse(1, 0),
                   answered=((tp.direction == "outbound") & tp.responded_at.notnull()).ifelse(1, 0))
    j = ends.left_join(tp, [ends.account_id == tp.tp_account, tp.day <= ends["last"],
                            tp.day > (ends["last"] - ibis.interval(days=WINDOW_DAYS)).cast("date")])
    per = j.group_by([ends.account_id, ends.period_start]).aggregate(
        two_way=j.two_way.sum().fill_null(0), outbound=j.outbound.sum().fill_null(0),
        answered=j.answered.sum().fill_null(0))
    components = {
        "frequency": 100.0 * ibis.least(1.0, per.two_way / ctx.params["target"]),
        "responsiveness": ibis.ifelse(per.outbound == 0, ibis.null("float64"),
                                      100.0 * per.answered / per.outbound),
    }
    scored = per.mutate(score=ctx.weighted_mean(components, ctx.params["weights"]))
    return ctx.aggregate_bucketed(scored, value=ibis._.score.mean())
