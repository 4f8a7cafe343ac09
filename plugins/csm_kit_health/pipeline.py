"""Sales pipeline outcomes from opportunities."""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric


@metric(id="win_rate", title="Win Rate", category="Composite and predictive", unit="fraction",
        direction="higher_is_better",
        inputs={"opportunities": ["account_id", "kind", "closed_at", "is_won"]},
        params=[Param("kinds", None, None, "count only opportunities of these kinds (e.g. "
                      "['renewal']); None: every kind", type=(list, tuple), items=str,
                      examples=(["renewal"],))],
        benchmark=Benchmark.unbanded("depends on the sales motion and the kind of opportunity: "
                                     "judge it by its trend"),
        source=["002"])
def win_rate(t: Any, ctx: Any) -> ir.Table:
    """Opportunities won divided by opportunities closed (won or lost) in the bucket. Open
    opportunities, and closed ones whose outcome is unknown, are not counted."""
    o = t.opportunities
    if ctx.params["kinds"] is not None:
        o = o.filter(o.kind.isin(list(ctx.params["kinds"])))
    closed = o.filter(o.closed_at.notnull() & o.is_won.notnull())
    return ctx.ratio(closed, at=closed.closed_at, numerator=closed.is_won.ifelse(1, 0),
                     denominator=1)
