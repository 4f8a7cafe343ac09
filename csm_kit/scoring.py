"""Scores that only Python can compute (a lexicon model on free text), kept to a narrow step.

A formula asks for one with :meth:`csm_kit.context.Context.score_text`. The warehouse does what
it can: it filters the rows to the range, buckets and groups them, and counts them per distinct
text. Only those counts come back: per bucket and group, each distinct text once with how many
rows hold it. :func:`apply` scores each distinct text once in Python and takes the row-weighted
mean per bucket and group, which the engine writes into the metric's rows (its skeleton of
buckets and groups comes from the one query, like every other metric's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ibis.expr.types as ir
import pandas as pd

TEXT, COUNT = "_text", "_n"

TextScore = Callable[[str], float | None]


@dataclass(frozen=True)
class TextScoring:
    """One metric's Python step: `counts` (``period_start, <by...>, _text, _n``) is run on the
    backend and `score` maps each distinct text to a number (None: left out)."""

    counts: ir.Table
    score: TextScore


def apply(step: TextScoring, counts: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """The row-weighted mean score per bucket and group of the `counts` rows: ``period_start,
    <by...>, value``; a group whose texts all score None gets no row (its value stays null)."""
    keys = ["period_start", *by]
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "value"])
    scores = {text: step.score(text) for text in counts[TEXT].unique()}
    scored = counts.assign(_s=counts[TEXT].map(scores).astype("float64"))
    scored = scored[scored["_s"].notna()]
    weighted = scored.assign(_w=scored["_s"] * scored[COUNT], _c=scored[COUNT].astype("float64"))
    sums = weighted.groupby(keys, dropna=False, sort=False)[["_w", "_c"]].sum().reset_index()
    sums["value"] = sums["_w"] / sums["_c"]
    return sums[[*keys, "value"]]


def fill(frame: pd.DataFrame, metric_id: str, values: pd.DataFrame,
         by: Sequence[str]) -> pd.DataFrame:
    """`frame` (the plan's result rows) with `metric_id`'s values taken from `values`, matched
    on period_start and the `by` columns (a null group matching the null group)."""
    keys = ["period_start", *by]
    mine = frame["metric"] == metric_id
    if not mine.any():
        return frame
    values = values.assign(period_start=pd.to_datetime(values["period_start"]))
    left = frame.loc[mine, keys].reset_index()
    merged = left.merge(values, on=keys, how="left").set_index("index")
    out = frame.copy()
    out.loc[mine, "value"] = merged["value"].reindex(out.index[mine]).astype("float64")
    return out
