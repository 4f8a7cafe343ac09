"""Reading a MetricFrame back for the oracle tests."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any


def result(res: Any, metric: str, by: Sequence[str] = ()) -> dict[tuple, tuple]:
    """{(period_start, *by values): (value or None, status)} for one metric; no duplicate keys."""
    df = res.to_pandas()
    df = df[df["metric"] == metric]
    out = {}
    for row in df.to_dict("records"):
        key = (row["period_start"], *(row[b] for b in by))
        assert key not in out, f"{metric}: duplicate row {key}"
        v = row["value"]
        out[key] = (None if v is None or math.isnan(v) else float(v), row["status"])
    return out
