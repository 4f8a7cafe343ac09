"""Value attainment: how much value each paying account is getting from the product, from its
engagement with the CS team, how regularly it uses the product, how its support issues end and
how much of the product it uses (seed 002's four areas), with its trend.

Built on a grid of every account and every day (from 180 days before the range), so each window
is a running sum over a fixed number of rows, and the features used in the last 30 days are a
running sum of +1/-1 where each feature's use starts and stops covering a day: O(accounts x
days + events), never a join of rows to windows (PostgreSQL ran such a range join for minutes).
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
WINDOW_DAYS = 30  # the consumption and product usage window
TREND_DAYS = 90
LOOKBACK = 90 + TREND_DAYS  # days of history before the range the windows and the trend read


@metric(id="value_attainment", title="Value Attainment", category="Composite and predictive",
        unit="score", direction="higher_is_better",
        inputs={"events": ["account_id", "occurred_at", "feature"],
                "touchpoints": ["account_id", "occurred_at", "direction", "responded_at"],
                "tickets": ["account_id", "resolved_at", "replies", "reopens"],
                "subscriptions": ["account_id", "start_date", "end_date", "mrr"]},
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
    """Per account paying (MRR > 0) on the bucket's last day L (today, for the bucket under
    way), 0-100: a weighted mean (0.25 each by default) of four components on windows ending on
    L:

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
    weights = ctx.params["weights"]
    first = ctx.start - dt.timedelta(days=LOOKBACK)
    lo, hi = (dt.datetime.combine(d, dt.time()) for d in (first, ctx.end))
    e, tp, tk, s = t.events, t.touchpoints, t.tickets, t.subscriptions
    e = e.filter((e.occurred_at >= lo) & (e.occurred_at < hi))
    tp = tp.filter((tp.occurred_at >= lo) & (tp.occurred_at < hi)
                   & ((tp.direction == "inbound") | tp.responded_at.notnull()))
    tk = tk.filter(tk.replies.notnull() & (tk.resolved_at >= lo) & (tk.resolved_at < hi))
    zero = ibis.literal(0)

    def part(table: ir.Table, acc: ir.Value, day: ir.Value, **values: Any) -> ir.Table:
        cols = {"active": zero, "two_way": zero, "resolved": zero, "first": zero,
                "features": zero, "paid_starts": zero, "mrr_change": ibis.literal(0.0),
                **values}
        return table.select(acc=acc, day=day.cast("date"),
                            **{k: v.cast("float64" if k == "mrr_change" else "int64")
                               for k, v in cols.items()})

    used = e.filter(e.feature.notnull())
    used = used.select(acc=used.account_id, feature=used.feature, day=used.occurred_at.date())
    used = used.distinct()
    mine = _coverage(used, ["acc", "feature"], WINDOW_DAYS)  # acc, day, delta
    everyone = _coverage(used.select("feature", "day").distinct(), ["feature"], WINDOW_DAYS)
    # MRR on each day and paid subscriptions started so far as running sums (history before
    # the grid folded into its first day), as the health score does
    grid_start = ibis.date(first)
    starts = s.filter(s.start_date < ctx.end)
    ends_ = s.filter(s.end_date.notnull() & (s.end_date < ctx.end))
    daily = ibis.union(
        part(starts, starts.account_id, ibis.greatest(starts.start_date, grid_start),
             mrr_change=starts.mrr, paid_starts=(starts.mrr > 0).ifelse(1, 0)),
        part(ends_, ends_.account_id, ibis.greatest(ends_.end_date, grid_start),
             mrr_change=-ends_.mrr),
        part(e, e.account_id, e.occurred_at.date(), active=ibis.literal(1)),
        part(tp, tp.account_id, tp.occurred_at.date(), two_way=ibis.literal(1)),
        part(tk, tk.account_id, tk.resolved_at.date(), resolved=ibis.literal(1),
             first=((tk.replies == 1) & (tk.reopens.fill_null(0) == 0)).ifelse(1, 0)),
        part(mine, mine.acc, mine.day, features=mine.delta),
    ).group_by(["acc", "day"]).aggregate(
        active=ibis._.active.max(), two_way=ibis._.two_way.sum(),
        resolved=ibis._.resolved.sum(), first=ibis._.first.sum(), features=ibis._.features.sum(),
        paid_starts=ibis._.paid_starts.sum(), mrr_change=ibis._.mrr_change.sum())
    grid = ctx.account_days(s.select(account=s.account_id).distinct(), daily, start=first,
                            columns=("active", "two_way", "resolved", "first", "features",
                                     "paid_starts", "mrr_change"))
    days = ctx.spine(grain="day", start=first).select(date=ibis._.period_start)
    per_day = everyone.group_by("day").aggregate(delta=everyone.delta.sum())
    catalog = days.left_join(per_day, days.date == per_day.day).select(
        c_date=ibis._.date, delta=ibis._.delta.fill_null(0))
    catalog = catalog.mutate(all_features=catalog.delta.sum().over(
        ibis.cumulative_window(order_by=catalog.c_date)))
    grid = grid.join(catalog, grid.date == catalog.c_date)
    grid = grid.select(*[c for c in grid.columns if c not in ("c_date", "delta")])  # in order

    def over(column: str, back: int) -> ir.Value:
        w = ibis.window(group_by="account", order_by="date", rows=(-(back - 1), 0))
        return grid[column].sum().over(w).fill_null(0)

    so_far = ibis.cumulative_window(group_by="account", order_by="date")
    grid = grid.mutate(two_way90=over("two_way", 90), active30=over("active", WINDOW_DAYS),
                       resolved90=over("resolved", 90), first90=over("first", 90),
                       features30=grid.features.sum().over(so_far),
                       mrr=grid.mrr_change.sum().over(so_far),
                       paid=grid.paid_starts.sum().over(so_far))
    component = {
        "engagement": 100.0 * ibis.least(1.0, grid.two_way90 / TWO_WAY_TARGET),
        "consumption": 100.0 * ibis.least(1.0, grid.active30 / ACTIVE_DAYS_TARGET),
        "operations": ibis.ifelse(grid.resolved90 == 0, ibis.null("float64"),
                                  100.0 * grid.first90 / grid.resolved90),
        "product_usage": ibis.ifelse(grid.all_features == 0, 0.0,
                                     100.0 * grid.features30 / grid.all_features),
    }
    grid = grid.mutate(score=ctx.weighted_mean(component, weights))
    back = {"group_by": "account", "order_by": "date"}
    grid = grid.mutate(before=grid.score.lag(TREND_DAYS).over(**back),
                       paid_before=grid.paid.lag(TREND_DAYS).over(**back).fill_null(0),
                       period_start=ctx.bucket(grid.date))
    # scored: the accounts paying on the reading day (MRR > 0, float residue aside)
    read = grid.filter(ctx.is_reading_day(grid.date) & (grid.mrr > 1e-6))
    if ctx.params["measure"] == "level":
        scored = read.select(account_id=read.account, period_start=read.period_start,
                             score=read.score)
        return ctx.aggregate_bucketed(scored, value=ibis._.score.mean())
    read = read.filter(read.paid_before > 0)  # a paid subscription had started 90 days before
    change = read.select(account_id=read.account, period_start=read.period_start,
                         change=read.score - read.before)
    return ctx.aggregate_bucketed(change, value=ibis._.change.mean())


def _coverage(days: ir.Table, keys: list[str], n: int) -> ir.Table:
    """For the distinct use days of each `keys` entity, +1 where a stretch of days covered by a
    use begins and -1 where it ends (day d covers d .. d + n - 1, cut at the entity's next use):
    the keys but the last (the account, or none), day, delta. A running sum of the deltas counts
    the entities used in the `n` days to each day."""
    nxt = days.day.lead().over(group_by=keys, order_by=days.day)
    reach = (days.day + ibis.interval(days=n)).cast("date")
    stop = ibis.least(reach, nxt.fill_null(reach)).cast("date")
    group = keys[:-1]
    starts = days.select(*group, day=days.day, delta=ibis.literal(1))
    stops = days.mutate(stop=stop)
    stops = stops.select(*group, day=stops.stop, delta=ibis.literal(-1))
    return starts.union(stops)
