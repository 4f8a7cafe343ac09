"""MRR and its movements, from the shared per-account MRR state (``ctx.fact("account_mrr")``).

An account's MRR in a bucket is the sum of its subscriptions active on the bucket's last day.
Movements against the previous bucket: new (first bucket with MRR > 0), expansion (up, both > 0),
contraction (down, still > 0), churn (previous > 0, now 0), reactivation (previous 0, earlier > 0).
start MRR + new + expansion + reactivation - contraction - churn = end MRR.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

CATEGORY = "Revenue and retention"
FACTS = ["account_mrr"]  # its inputs (subscriptions) become these metrics' inputs
SOURCE = ["002", "004"]
NO_BAND = Benchmark.unbanded("an amount: judge it by its trend, not a universal band")


@metric(id="mrr", title="Monthly Recurring Revenue", category=CATEGORY, unit="currency", kind="stock",
        direction="higher_is_better", inputs={}, facts=FACTS, benchmark=NO_BAND, source=SOURCE)
def mrr(t: Any, ctx: Any) -> ir.Table:
    """Sum of the MRR of subscriptions active on the last day of the bucket (today, for the
    bucket under way; no value for a bucket to come)."""
    f = ctx.fact("account_mrr")
    return ctx.aggregate_bucketed(f.filter(f.is_last), value=ibis._.mrr.sum())


@metric(id="arr", title="Annual Recurring Revenue", category=CATEGORY, unit="currency", kind="stock",
        direction="higher_is_better", inputs={}, facts=FACTS, benchmark=NO_BAND, source=SOURCE,
        depends_on=["mrr"])
def arr(t: Any, ctx: Any) -> ir.Table:
    """12 x MRR at the end of the bucket."""
    m = ctx.metric("mrr")
    return m.mutate(value=m.value * 12)


REACTIVATION = Param("reactivation_as", "reactivation", ("reactivation", "new"),
                     "count a returning account's MRR as reactivation (default) or as new")


def _movement(column: str, title: str, doc: str, params: list[Param] | None = None) -> Any:
    @metric(id=f"{column}_mrr" if column != "churn" else "churned_mrr", title=title,
            category=CATEGORY, unit="currency",
            direction="lower_is_better" if column in ("churn", "contraction") else
            "higher_is_better",
            inputs={}, facts=FACTS, benchmark=NO_BAND, source=SOURCE, params=params or [],
            description=doc, movement="out" if column in ("churn", "contraction") else "in")
    def formula(t: Any, ctx: Any) -> ir.Table:
        f = ctx.fact("account_mrr")
        amount = f[column]
        as_new = ctx.params.get("reactivation_as") == "new"
        if column == "new" and as_new:
            amount = f.new + f.reactivation
        elif column == "reactivation" and as_new:
            amount = ibis.literal(0.0)
        return ctx.aggregate_bucketed(f.mutate(amount=amount), value=ibis._.amount.sum())

    return formula


MOVEMENT_METRICS = [
    _movement("new", "New MRR", "MRR of accounts in their first bucket with MRR > 0.",
              [REACTIVATION]),
    _movement("expansion", "Expansion MRR", "MRR increase of accounts paying before and after."),
    _movement("contraction", "Contraction MRR",
              "MRR decrease of accounts still paying after it."),
    _movement("churn", "Churned MRR", "Previous MRR of accounts whose MRR fell to 0."),
    _movement("reactivation", "Reactivation MRR",
              "MRR of accounts paying again after a bucket at 0.", [REACTIVATION]),
]


@metric(id="net_new_mrr", title="Net New MRR", category=CATEGORY, unit="currency",
        direction="higher_is_better", inputs={}, facts=FACTS, benchmark=NO_BAND, source=SOURCE)
def net_new_mrr(t: Any, ctx: Any) -> ir.Table:
    """new + expansion + reactivation - contraction - churn MRR: the change of MRR in the bucket."""
    f = ctx.fact("account_mrr")
    net = f.new + f.expansion + f.reactivation - f.contraction - f.churn
    return ctx.aggregate_bucketed(f.mutate(amount=net), value=ibis._.amount.sum())
