"""Value attainment: how much value each paying account is getting from the product, from its
engagement with the CS team, how regularly it uses the product, how its support issues end and
how much of the product it uses (seed 002's four areas), with its trend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

COMPONENTS = ("engagement", "consumption", "operations", "product_usage")
WEIGHTS = dict.fromkeys(COMPONENTS, 0.25)
TWO_WAY_TARGET = 6  # two-way touchpoints in 90 days for full engagement marks (engagement_score's)
ACTIVE_DAYS_TARGET = 20  # active days in 30 for full consumption marks: every working day
TREND_DAYS = 90
LOOKBACK = 90 + TREND_DAYS  # days of history before the range the windows and the trend read


@metric(id="value_attainment", title="Value Attainment", category="Composite and predictive",
        unit="score", direction="higher_is_better",
        inputs={"events": ["account_id", "occurred_at", "feature"],
                "touchpoints": ["account_id", "occurred_at", "direction", "responded_at"],
                "tickets": ["account_id", "resolved_at", "replies", "reopens"],
                "subscriptions": ["account_id", "start_date", "mrr"]},
        facts=["account_periods"],
        params=[Param.weights("weights", WEIGHTS,
                              "weight of each component (engagement, consumption, operations, "
                              "product_usage); a component with no data for an account is left "
                              "out and the others re-weighted",
                              examples=({"consumption": 1, "product_usage": 1},)),
                Param("measure", "level", ("level", "trend"),
                      "level: the score on the bucket's last day; trend: its change in points "
                      "over the 90 days to that day")],
        benchmark_when={"measure": "level"},
        benchmark=Benchmark(good=70, ok=40, source="convention",
                            note="green >= 70, yellow >= 40, red below, as the health score"),
        source=["002"])
def value_attainment(t: Any, ctx: Any) -> ir.Table:
    """Per account paying at the bucket's end, 0-100: a weighted mean (0.25 each by default) of
    four components on windows ending on the bucket's last day L (today, for the bucket under
    way):

    - engagement: 100 * min(1, two-way touchpoints / 6) in the 90 days to L (inbound, or
      answered by the customer: engagement_score's frequency);
    - consumption: 100 * min(1, active days / 20) in the 30 days to L (a day with any event;
      20 is every working day);
    - operations: 100 * the share of the tickets resolved in the 90 days to L that were
      resolved with one agent reply and never reopened; left out when none was resolved
      (tickets with an unknown reply count are left out);
    - product_usage: 100 * the features the account used in the 30 days to L / the features
      any account used in them.

    measure='trend': the score on L minus the account's score 90 days earlier, in points, for
    the accounts whose first paid subscription had started by then. With by=['account_id']
    each account's value; otherwise the mean over the group's paying accounts."""
    p = ctx.fact("account_periods")
    ends = p.filter((p.end_mrr > 0) & ctx.in_range(p.period_start))
    last_day = (ends.period_start + ctx.step(1) - ibis.interval(days=1)).cast("date")
    ends = ends.select("account_id", "period_start", at=ibis.least(last_day, ibis.date(ctx.as_of)))
    score = _scores(t, ctx, ends)
    if ctx.params["measure"] == "level":
        return ctx.aggregate_bucketed(score, value=ibis._.score.mean())
    s = t.subscriptions
    since = s.filter(s.mrr > 0).group_by(s.account_id).aggregate(since=s.start_date.min())
    earlier = ends.mutate(at=(ends["at"] - ibis.interval(days=TREND_DAYS)).cast("date"))
    earlier = earlier.join(since, "account_id").filter(lambda x: x.since <= x["at"]).drop("since")
    before = _scores(t, ctx, earlier).rename(score_before="score", acc_before="account_id",
                                             ps_before="period_start")
    j = score.join(before, [score.account_id == before.acc_before,
                            score.period_start == before.ps_before])
    change = j.select("account_id", "period_start", change=j.score - j.score_before)
    return ctx.aggregate_bucketed(change.filter(change.change.notnull()),
                                  value=ibis._.change.mean())


def _scores(t: Any, ctx: Any, points: ir.Table) -> ir.Table:
    """account_id, period_start, score: each account's weighted score as of its point `at`."""
    first = ctx.start - dt.timedelta(days=LOOKBACK)
    lo, hi = (dt.datetime.combine(d, dt.time()) for d in (first, ctx.end))
    e, tp, tk = t.events, t.touchpoints, t.tickets
    e = e.filter((e.occurred_at >= lo) & (e.occurred_at < hi))
    tp = tp.filter((tp.occurred_at >= lo) & (tp.occurred_at < hi))
    tk = tk.filter(tk.replies.notnull() & (tk.resolved_at >= lo) & (tk.resolved_at < hi))
    active = e.select(acc=e.account_id, day=e.occurred_at.date()).distinct()
    used = e.filter(e.feature.notnull()).select(acc=e.account_id, day=e.occurred_at.date(),
                                                feature=e.feature).distinct()
    two_way = tp.filter((tp.direction == "inbound") | tp.responded_at.notnull()).select(
        acc=tp.account_id, day=tp.occurred_at.date())
    resolved = tk.select(acc=tk.account_id, day=tk.resolved_at.date(),
                         first=((tk.replies == 1) & (tk.reopens.fill_null(0) == 0)).ifelse(1, 0))

    def within(rows: ir.Table, days: int, **aggs: Any) -> ir.Table:
        """Per point, `aggs` over the account's `rows` in the `days` days to its `at`."""
        j = points.left_join(rows, [points.account_id == rows.acc, rows.day <= points["at"],
                                    rows.day > (points["at"] - ibis.interval(days=days)).cast(
                                        "date")])
        return j.group_by([points.account_id, points.period_start]).aggregate(
            **{k: f(j) for k, f in aggs.items()})

    parts = [
        within(two_way, 90, two_way=lambda j: j.acc.count()),
        within(active, 30, active=lambda j: j.acc.count()),
        within(resolved, 90, resolved=lambda j: j.acc.count(), first=lambda j: j["first"].sum()),
        within(used, 30, features=lambda j: j.feature.nunique()),
    ]
    # the features any account used in each point's 30 days (the product's breadth then)
    days = points.select(d_at=points["at"]).distinct()
    catalog = days.join(used, [used.day <= days.d_at,
                               used.day > (days.d_at - ibis.interval(days=30)).cast("date")])
    catalog = catalog.group_by("d_at").aggregate(all_features=catalog.feature.nunique())
    keys = ["account_id", "period_start"]
    per = points
    for part in parts:
        part = part.rename(p_account="account_id", p_start="period_start")
        per = per.left_join(part, [per.account_id == part.p_account,
                                   per.period_start == part.p_start]).drop("p_account", "p_start")
    per = per.left_join(catalog, per["at"] == catalog.d_at)
    component = {
        "engagement": 100.0 * ibis.least(1.0, per.two_way / TWO_WAY_TARGET),
        "consumption": 100.0 * ibis.least(1.0, per.active / ACTIVE_DAYS_TARGET),
        "operations": ibis.ifelse(per.resolved == 0, ibis.null("float64"),
                                  100.0 * per["first"] / per.resolved),
        "product_usage": ibis.ifelse(per.all_features.fill_null(0) == 0, 0.0,
                                     100.0 * per.features / per.all_features),
    }
    return per.select(*keys, score=ctx.weighted_mean(component, ctx.params["weights"]))
