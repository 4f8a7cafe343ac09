"""Onboarding: the calls that welcome new customers."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric


@metric(id="onboarding_calls", title="Onboarding Calls", category="Engagement and adoption",
        unit="count", direction="higher_is_better",
        inputs={"touchpoints": ["account_id", "occurred_at", "kind"]},
        params=[Param("per", "bucket", ("bucket", "new_account"),
                      "'bucket': onboarding calls made; 'new_account': divided by the accounts "
                      "acquired (first paying) in the bucket")],
        variant_units={"per": {"new_account": "ratio"}},
        variant_facts={"per": {"new_account": ["account_periods"]}},
        benchmark=Benchmark.unbanded("depends on the onboarding programme: judge it against "
                                     "the new accounts"),
        source=["001"])
def onboarding_calls(t: Any, ctx: Any) -> ir.Table:
    """Onboarding calls (touchpoints of kind 'onboarding_call') made in the bucket; with
    per='new_account', per account acquired in the bucket (null when none was)."""
    tp = t.touchpoints
    calls = tp.filter(tp.kind == "onboarding_call")
    count = ctx.aggregate(calls, at=calls.occurred_at, value=ibis._.count())
    if ctx.params["per"] == "bucket":
        return count
    p = ctx.fact("account_periods")
    new = ctx.aggregate_bucketed(p, value=ibis._.acquired.sum())
    return ctx.divide(count, new, numerator_missing=0.0)
