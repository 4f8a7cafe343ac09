"""compare=: each bucket's value beside the value of an earlier bucket of the same group.

The engine widens the range back by the comparison's lag, so the first bucket shown has its
earlier bucket, and reads it with a window function in the same query
(``LAG(value, k) OVER (PARTITION BY <by> ORDER BY period_start)``): the time spine gives every
group every bucket, so k rows back is k buckets back. ``change`` is value - previous.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from csm_kit.errors import ArgumentError

# how many buckets back each comparison reads, per grain: year_ago is the same bucket a year
# earlier (52 weeks, or 364 days, keep the weekday)
LAGS: dict[str, dict[str, int]] = {
    "previous": {"day": 1, "week": 1, "month": 1, "quarter": 1, "year": 1},
    "year_ago": {"day": 364, "week": 52, "month": 12, "quarter": 4, "year": 1},
}


def check_compare(compare: Any) -> str | None:
    """`compare` if it is None, 'previous' or 'year_ago', else ArgumentError."""
    if compare is None or (isinstance(compare, str) and compare in LAGS):
        return compare
    raise ArgumentError(f"compare must be 'previous' (the bucket before), 'year_ago' (the same "
                        f"bucket a year earlier) or None, not {compare!r:.60}")


def lag(compare: str | None, grain: str) -> int:
    """How many buckets of `grain` back `compare` reads (0 with no comparison)."""
    return LAGS[compare][grain] if compare else 0


def with_previous(table: ir.Table, by: tuple[str, ...], k: int) -> ir.Table:
    """`table` (period_start, <by...>, value on a full spine) with `previous`: the value k
    buckets earlier in the same group."""
    window = ibis.window(group_by=list(by) or None, order_by="period_start")
    return table.mutate(previous=table.value.lag(k).over(window))


def previous_in_pandas(rows: pd.DataFrame, by: tuple[str, ...], k: int) -> pd.Series:
    """`previous` for one metric's rows computed after the query (a metric scored in Python):
    the value k buckets earlier in the same group, rows ordered by period_start."""
    ordered = rows.sort_values("period_start")
    if by:
        shifted = ordered.groupby(list(by), dropna=False, sort=False)["value"].shift(k)
    else:
        shifted = ordered["value"].shift(k)
    return shifted.reindex(rows.index)
