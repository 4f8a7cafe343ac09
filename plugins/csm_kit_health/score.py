"""The customer health score: one 0-100 number per paying account, from usage, satisfaction,
support load and revenue, each scaled to 0-100 on windows that end on the bucket's last day.

Built on a grid of every paying account and every day (from 180 days before the range), so each
window is a running sum over a fixed number of rows: O(accounts x days), never a join of events
to windows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, DimensionError, Param, metric

HEALTH_BANDS = Benchmark(good=70, ok=40, source="convention",
                         note="green >= 70, yellow >= 40, red below: the usual health bands")
BAND = "band"  # the dimension of the health bands: '0-39 red', '40-69 yellow', '70-100 green'
COMPONENTS = ("usage", "satisfaction", "support", "revenue")
WEIGHTS = {"usage": 0.4, "satisfaction": 0.2, "support": 0.2, "revenue": 0.2}
LOOKBACK = 180  # days of history the longest window needs
TICKET_CAP = 10  # tickets in 90 days at which the support component reaches 0
CSAT_SCALES = {"1-3": (1, 3), "1-5": (1, 5), "1-10": (1, 10)}


@metric(id="customer_health_score", title="Customer Health Score",
        category="Composite and predictive", unit="score", direction="higher_is_better",
        inputs={"subscriptions": ["account_id", "start_date", "end_date", "mrr"],
                "events": ["account_id", "occurred_at"],
                "tickets": ["account_id", "created_at"],
                "survey_responses": ["account_id", "survey", "score", "responded_at"]},
        params=[Param.weights("weights", WEIGHTS,
                              "weight of each component (usage, satisfaction, support, "
                              "revenue); a component with no data for an account is left out "
                              "and the others re-weighted", examples=({"usage": 1, "support": 1},)),
                Param("csat_scale", "1-5", tuple(CSAT_SCALES), "the scale of your CSAT answers "
                      "(as csat's scale param); answers off it are left out"),
                Param("measure", "mean", ("mean", "accounts"),
                      "mean: the mean score of the paying accounts; accounts: how many are "
                      "scored, which by=['band'] splits into the health bands")],
        variant_units={"measure": {"accounts": "count"}},
        benchmark_when={"measure": "mean"},
        benchmark=HEALTH_BANDS,
        source=["000", "002"], dimensions=[BAND], stack=BAND)
def customer_health_score(t: Any, ctx: Any) -> ir.Table:
    """Per account paying at the bucket's end, a weighted mean of four components, each 0-100,
    on windows ending on the bucket's last day L (today, for the bucket under way):

    - usage (trend): active days (a day with any event) in the 30 days to L, a, against the 30
      days before, b: 100 * a / (a + b), so 50 is steady use, 100 growing, 0 stopped; 0 when
      there was no use in either;
    - satisfaction: the mean of the account's NPS (0-10, x 10) and CSAT answers (1-5 by
      default, (score - 1) x 25; param csat_scale for 1-3 or 1-10, scaled to 0-100 alike) in
      the 180 days to L; left out when it has none;
    - support: 100 * (1 - tickets / 10) for the tickets created in the 90 days to L, at least 0;
    - revenue (MRR trend): 100 * m / (m + m90), m the MRR on L and m90 the MRR 90 days earlier.

    Default weights 0.4 usage, 0.2 each for the others. With by=['account_id'] the value is each
    account's score; otherwise the mean over the group's paying accounts (each account weighs
    the same). Bands: green >= 70, yellow >= 40, red below. With measure='accounts', the number
    of accounts scored; by=['band'] splits them into '0-39 red', '40-69 yellow' and
    '70-100 green' (the distribution by band)."""
    counting = ctx.params["measure"] == "accounts"
    if BAND in ctx.by and not counting:
        raise DimensionError(
            "metric 'customer_health_score' splits by 'band' only as a count of accounts: pass "
            "params={'customer_health_score': {'measure': 'accounts'}} for the distribution "
            "by band")
    weights = ctx.params["weights"]
    first = ctx.start - dt.timedelta(days=LOOKBACK)
    lo, hi = (dt.datetime.combine(d, dt.time()) for d in (first, ctx.end))
    zero, none = ibis.literal(0), ibis.literal(0.0)

    def part(table: ir.Table, day: ir.Value, **values: Any) -> ir.Table:
        """Rows of (acc, day) with the daily facts, 0 for the facts this part does not carry."""
        cols = {"active": zero, "tickets": zero, "total": none, "answers": zero,
                "mrr_change": none, **values}
        return table.select(acc=table.account_id, day=day.cast("date"),
                            **{k: v.cast("float64") for k, v in cols.items()})

    e, tk, r, s = t.events, t.tickets, t.survey_responses, t.subscriptions
    e = e.filter((e.occurred_at >= lo) & (e.occurred_at < hi))
    tk = tk.filter((tk.created_at >= lo) & (tk.created_at < hi))
    lo_c, hi_c = CSAT_SCALES[ctx.params["csat_scale"]]
    scaled = ibis.cases(((r.survey == "nps") & r.score.between(0, 10), r.score * 10),
                        ((r.survey == "csat") & r.score.between(lo_c, hi_c),
                         (r.score - lo_c) * (100 / (hi_c - lo_c))),
                        else_=ibis.null("float64"))
    r = r.mutate(scaled=scaled)
    r = r.filter(r.scaled.notnull() & (r.responded_at >= lo) & (r.responded_at < hi))
    # MRR on each day as a running sum: + at a subscription's start, - at its (exclusive) end;
    # history before the grid is folded into its first day
    since = ibis.date(first)
    starts = s.filter(s.start_date < ctx.end)
    ends_ = s.filter(s.end_date.notnull() & (s.end_date < ctx.end))
    parts = [
        part(e, e.occurred_at.date(), active=ibis.literal(1)),
        part(tk, tk.created_at.date(), tickets=ibis.literal(1)),
        part(r, r.responded_at.date(), total=r.scaled, answers=ibis.literal(1)),
        part(starts, ibis.greatest(starts.start_date, since), mrr_change=starts.mrr),
        part(ends_, ibis.greatest(ends_.end_date, since), mrr_change=-ends_.mrr),
    ]
    daily = ibis.union(*parts).group_by(["acc", "day"]).aggregate(
        active=ibis._.active.max(), tickets=ibis._.tickets.sum(), total=ibis._.total.sum(),
        answers=ibis._.answers.sum(), mrr_change=ibis._.mrr_change.sum())
    grid = ctx.account_days(s.select(account=s.account_id).distinct(), daily, start=first,
                            columns=("active", "tickets", "total", "answers", "mrr_change"),
                            fill=0.0)

    def over(column: str, back: int, until: int = 0) -> ir.Value:
        w = ibis.window(group_by="account", order_by="date", rows=(-back, -until))
        return grid[column].sum().over(w).fill_null(0.0)

    mrr = grid.mrr_change.sum().over(
        ibis.cumulative_window(group_by="account", order_by="date"))
    grid = grid.mutate(recent=over("active", 29), before=over("active", 59, 30),
                       tickets90=over("tickets", 89), total180=over("total", 179),
                       answers180=over("answers", 179), mrr=mrr)
    grid = grid.mutate(mrr=ibis.ifelse(grid.mrr.abs() < 1e-6, 0.0, grid.mrr))  # float residue
    grid = grid.mutate(mrr90=grid.mrr.lag(90).over(group_by="account", order_by="date")
                       .fill_null(0.0),
                       period_start=ctx.bucket(grid.date))
    ends = grid.filter(ctx.is_reading_day(grid.date) & (grid.mrr > 0))
    component = {
        "usage": ibis.ifelse(ends.recent + ends.before == 0, 0.0,
                             100.0 * ends.recent / (ends.recent + ends.before)),
        "satisfaction": ibis.ifelse(ends.answers180 == 0, ibis.null("float64"),
                                    ends.total180 / ends.answers180),
        "support": ibis.greatest(0.0, 100.0 * (1 - ends.tickets90 / TICKET_CAP)),
        "revenue": 100.0 * ends.mrr / (ends.mrr + ends.mrr90),
    }
    scored = ends.select(account_id=ends.account, period_start=ends.period_start,
                         score=ctx.weighted_mean(component, weights))
    if counting:
        good, ok = HEALTH_BANDS.good, HEALTH_BANDS.ok
        scored = scored.mutate(**{BAND: ibis.cases(
            (scored.score >= good, f"{good:g}-100 green"),
            (scored.score >= ok, f"{ok:g}-{good - 1:g} yellow"), else_=f"0-{ok - 1:g} red")})
        return ctx.aggregate_bucketed(scored, value=ibis._.account_id.nunique())
    return ctx.aggregate_bucketed(scored, value=ibis._.score.mean())
