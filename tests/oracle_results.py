"""Reading a MetricFrame back for the oracle tests."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest


def result(res: Any, metric: str, by: Sequence[str] = ()) -> dict[tuple, tuple]:
    """{(period_start, *by values): (value or None, status)} for one metric; no duplicate keys."""
    df = res.to_pandas()
    df = df[df["metric"] == metric]
    out = {}
    for row in df.to_dict("records"):
        key = (row["period_start"].date(), *(row[b] for b in by))
        assert key not in out, f"{metric}: duplicate row {key}"
        v = row["value"]
        out[key] = (None if v is None or math.isnan(v) else float(v), row["status"])
    return out


def check(
    res: Any, metric: str, expected: dict[tuple, float | None],
    status: Callable[[float | None], str | None], by: Sequence[str] = (), what: str = "",
) -> None:
    """Every bucket/group of `metric` in `res` equals `expected` (None = null), with the status
    `status(expected value)`; no bucket missing, none extra."""
    got = result(res, metric, by)
    assert sorted(got, key=repr) == sorted(expected, key=repr), f"{metric} {what}: buckets/groups differ"
    for key, want in expected.items():
        value, st = got[key]
        if want is None:
            assert value is None, f"{metric} {what} {key}: expected null, got {value}"
        else:
            assert value == pytest.approx(want, rel=1e-9, abs=1e-12), f"{metric} {what} {key}"
        assert st == status(want), f"{metric} {what} {key}: status {st} for {want}"
