"""Customer (logo) churn rate over a start-of-bucket cohort."""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

PERIODS_PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}


@metric(
    id="customer_churn_rate", title="Customer Churn Rate", category="Revenue and retention",
    unit="fraction", direction="lower_is_better",
    inputs={}, facts=["account_periods"],
    params=[Param("annualize", False, (False, True),
                  "compound the per-bucket rate to a yearly one: 1 - (1 - rate)^buckets-per-year")],
    benchmark_when={"annualize": False},
    benchmark=Benchmark(good=0.03, ok=0.05, source="004", grain="month",
                        note="monthly 3-5% is typical (seed 004); annual 5-7% acceptable (003)"),
    source=["002", "003"],
)
def customer_churn_rate(t: Any, ctx: Any) -> ir.Table:
    """Accounts paying at the start of the bucket that pay nothing at its end, divided by the
    accounts paying at its start. Accounts acquired during the bucket are in neither."""
    p = ctx.fact("account_periods")
    at_start = (p.start_mrr > 0).ifelse(1, 0)
    churned = ((p.start_mrr > 0) & (p.end_mrr == 0)).ifelse(1, 0)
    rate = ctx.ratio_bucketed(p, numerator=churned, denominator=at_start)
    if ctx.params["annualize"]:
        k = PERIODS_PER_YEAR[ctx.grain]
        rate = rate.mutate(value=1 - (1 - rate.value) ** k)
    return rate
