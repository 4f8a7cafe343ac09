"""Contract KPIs from ``contract_terms``: annual contract value and renewal rates.

Values are annualised (recurring value / contract years), so a two-year renewal of a one-year
contract compares like for like. A contract is up for renewal in the bucket holding its
end_date; it is renewed when some contract names it in renewal_of, whenever that one starts
(early, on time or late).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

CATEGORY = "Revenue and retention"
TERMS = ["contract_terms"]


@metric(id="acv", title="Annual Contract Value", category=CATEGORY, unit="currency",
        direction="higher_is_better", kind="ratio", inputs={}, facts=TERMS,
        params=[Param("include_one_time", False, (False, True),
                      "add one-time charges (set-up, training) to the recurring value, as some "
                      "companies do (seed 000)")],
        benchmark=Benchmark.unbanded("depends on the market and segment: judge it by its trend"),
        source=["000", "002"])
def acv(t: Any, ctx: Any) -> ir.Table:
    """Mean annualised value of the contracts starting in the bucket: recurring value divided by
    the contract's years (calendar months / 12, so a one-year term is exactly 1). With
    include_one_time=True, one-time charges are added before dividing. Null when no contract
    starts in the bucket."""
    c = ctx.fact("contract_terms")
    value = c.annual_value + (c.annual_one_time if ctx.params["include_one_time"] else 0.0)
    return ctx.aggregate(c.mutate(acv=value), at=c.start_date, value=ibis._.acv.mean())


@metric(id="renewal_rate", title="Renewal Rate", category=CATEGORY, unit="fraction",
        direction="higher_is_better", inputs={}, facts=TERMS,
        params=[Param("by_value", False, (False, True),
                      "weigh contracts by annualised value: renewed value (up to the old value) "
                      "/ value up for renewal")],
        benchmark=Benchmark(good=0.85, source="convention",
                            note="a common SaaS target (not in the seeds): 85% or more"),
        source=["002"])
def renewal_rate(t: Any, ctx: Any) -> ir.Table:
    """Contracts renewed / contracts up for renewal (whose end date falls in the bucket). With
    by_value=True: the annualised value renewed, counting no contract above its old value, /
    the annualised value up for renewal (expansion shows in net_renewal_rate)."""
    c = ctx.fact("contract_terms")
    if ctx.params["by_value"]:
        kept = ibis.least(c.renewal_annual_value, c.annual_value)
        return ctx.ratio(c, at=c.end_date, numerator=kept, denominator=c.annual_value)
    return ctx.ratio(c, at=c.end_date, numerator=c.renewed.ifelse(1, 0), denominator=1)


@metric(id="net_renewal_rate", title="Net Renewal Rate", category=CATEGORY, unit="fraction",
        direction="higher_is_better", inputs={}, facts=TERMS,
        benchmark=Benchmark(good=1.0, source="004",
                            note="over 100%: renewals and expansion outweigh what did not renew "
                                 "(seed 004)"),
        source=["004"])
def net_renewal_rate(t: Any, ctx: Any) -> ir.Table:
    """($ renewed up to the old value + $ expansion above it) / $ up for renewal (seed 004): the
    annualised value of the renewals of the contracts ending in the bucket divided by their own
    annualised value."""
    c = ctx.fact("contract_terms")
    return ctx.ratio(c, at=c.end_date, numerator=c.renewal_annual_value,
                     denominator=c.annual_value)
