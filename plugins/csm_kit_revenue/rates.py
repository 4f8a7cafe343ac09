"""MRR rates: gross and net MRR churn, expansion rate and quick ratio, from ``account_mrr``.

Start MRR is the MRR at the end of the previous bucket (of the accounts paying then); the
movements are those of the bucket (monthly, summed, at quarter and year).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric
from csm_kit_revenue.churn import PERIODS_PER_YEAR

CATEGORY = "Revenue and retention"
FACTS = ["account_periods"]


def _per_bucket(ctx: Any, numerator: Any, denominator: Any) -> ir.Table:
    """sum(numerator) / sum(denominator) over the account_periods rows of each bucket and group,
    null where the denominator is 0; both are functions of the fact (start_mrr, movements)."""
    p = ctx.fact("account_periods")
    return ctx.ratio_bucketed(p, numerator=numerator(p), denominator=denominator(p))


@metric(id="gross_mrr_churn_rate", title="Gross MRR Churn Rate", category=CATEGORY,
        unit="fraction", direction="lower_is_better", inputs={}, facts=FACTS,
        params=[Param("annualize", False, (False, True),
                      "compound to a yearly rate (Gross ARR churn): 1 - (1 - rate)^buckets-per-year")],
        benchmark_when={"annualize": False},
        benchmark=Benchmark(good=0.01, source="000", grain="month",
                            note="seed 000: under 1% a month is good"),
        source=["000", "002"])
def gross_mrr_churn_rate(t: Any, ctx: Any) -> ir.Table:
    """MRR lost in the bucket to churn and contraction, divided by the MRR at the bucket's start.
    Expansion and reactivation do not offset it (see net_mrr_churn_rate)."""
    rate = _per_bucket(ctx, lambda f: f.churn + f.contraction, lambda f: f.start_mrr)
    if ctx.params["annualize"]:
        k = PERIODS_PER_YEAR[ctx.grain]
        rate = rate.mutate(value=1 - (1 - ibis.least(rate.value, 1.0)) ** k)
    return rate


@metric(id="net_mrr_churn_rate", title="Net MRR Churn Rate", category=CATEGORY,
        unit="fraction", direction="lower_is_better", inputs={}, facts=FACTS,
        params=[Param("include_reactivation", True, (True, False),
                      "count returning accounts' MRR as an offset, like expansion (default; "
                      "billing tools differ)")],
        benchmark=Benchmark(good=0.0, source="001",
                            note="seed 001: negative net churn (expansion beyond losses) is a "
                                 "strong sign of health"),
        source=["001", "002"])
def net_mrr_churn_rate(t: Any, ctx: Any) -> ir.Table:
    """(churned + contraction - expansion - reactivation MRR) divided by the MRR at the bucket's
    start; negative when expansion outgrows the losses."""
    react = ctx.params["include_reactivation"]
    return _per_bucket(
        ctx, lambda f: f.churn + f.contraction - f.expansion - (f.reactivation if react else 0.0),
        lambda f: f.start_mrr)


@metric(id="expansion_revenue_rate", title="Expansion Revenue Rate", category=CATEGORY,
        unit="fraction", direction="higher_is_better", inputs={}, facts=FACTS,
        benchmark=Benchmark.unbanded("depends on the pricing model: judge it by its trend"),
        source=["002", "004"])
def expansion_revenue_rate(t: Any, ctx: Any) -> ir.Table:
    """Expansion (upsell) MRR in the bucket divided by the MRR at its start (the previous
    bucket's MRR)."""
    return _per_bucket(ctx, lambda f: f.expansion, lambda f: f.start_mrr)


@metric(id="quick_ratio", title="SaaS Quick Ratio", category=CATEGORY, unit="ratio",
        direction="higher_is_better", inputs={}, facts=FACTS,
        benchmark=Benchmark(good=4.0, source="convention",
                            note="a growth-investor convention (not in the seeds): 4 or more"),
        source=["convention"])
def quick_ratio(t: Any, ctx: Any) -> ir.Table:
    """MRR gained (new + expansion + reactivation) divided by MRR lost (churned + contraction)
    in the bucket; null when nothing was lost."""
    return _per_bucket(ctx, lambda f: f.new + f.expansion + f.reactivation,
                       lambda f: f.churn + f.contraction)
