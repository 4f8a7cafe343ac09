"""Conformance: every registered metric, on every backend, on the generated sample.

New metrics join these tests automatically. The per-metric oracle tests live in
tests/test_metrics_*.py; this file guards that each metric has one, compiles for every dialect,
and gives the same numbers on PostgreSQL as on DuckDB (the reference).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import csm_kit as ck
from csm_kit.registry import load_registry
from tests.conftest import load_into_postgres

TESTS = Path(__file__).parent
SOURCES = TESTS.parent / "docs" / "sources.md"  # the seed documents, listed inside the repo
REGISTRY = load_registry()
METRIC_IDS = [m.id for m in REGISTRY]
DIALECTS = ["duckdb", "postgres", "bigquery"]


@pytest.fixture(scope="module")
def sample() -> dict:
    return ck.datasets.generate(seed=1, accounts=60, months=6, events=20_000)


@pytest.fixture(scope="module")
def duck(sample) -> ck.Kit:
    return ck.connect(tables=sample)


@pytest.fixture(scope="module")
def pg(sample, postgres_url) -> ck.Kit:
    return ck.connect(postgres_url, tables=load_into_postgres(postgres_url, sample))


def test_the_registry_is_not_empty():
    assert len(METRIC_IDS) >= 15


@pytest.mark.parametrize("metric_id", METRIC_IDS)
def test_every_metric_has_an_oracle_test(metric_id):
    text = "".join(p.read_text() for p in TESTS.glob("test_metrics_*.py"))
    assert re.search(rf"[\"']{metric_id}[\"']", text), f"no oracle test mentions {metric_id!r}"


@pytest.mark.parametrize("metric_id", METRIC_IDS)
def test_every_metric_declares_unit_direction_benchmark_and_seed_source(metric_id):
    m = REGISTRY.get(metric_id)
    assert m.inputs and m.unit and m.direction and isinstance(m.benchmark, ck.Benchmark)
    assert m.description, "the description (docstring) explains the definition"
    seeds = set(re.findall(r"^\| (\d{3}) \|", SOURCES.read_text(), flags=re.M))
    assert len(seeds) == 5
    for source in m.source:
        if source != "convention":
            assert source in seeds, f"{metric_id} cites seed {source!r}, which docs/sources.md lacks"
    if m.benchmark.banded and m.benchmark.source not in ("", "convention"):
        assert m.benchmark.source in seeds


@pytest.mark.parametrize("metric_id", METRIC_IDS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_metric_compiles_for_every_dialect(duck, metric_id, dialect):
    for grain in ("day", "week", "month", "quarter", "year"):
        sql = duck.to_sql(metric_id, dialect=dialect, grain=grain, start="2026-06-01",
                          end="2026-09-30", by="segment")
        assert sql.lstrip().upper().startswith(("SELECT", "WITH"))


@pytest.mark.parametrize("metric_id", METRIC_IDS)
def test_every_metric_gives_the_same_numbers_on_postgres(duck, pg, metric_id):
    for grain, by in (("month", None), ("week", "segment"), ("quarter", "plan")):
        kwargs = {"grain": grain, "by": by, "start": "2026-05-01", "end": "2026-10-31"}
        a = duck.compute(metric_id, **kwargs).to_pandas()
        b = pg.compute(metric_id, **kwargs).to_pandas()
        keys = ["metric", "period_start", *([by] if by else [])]
        a, b = a.sort_values(keys).reset_index(drop=True), b.sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(a[keys], b[keys])
        assert np.allclose(a.value.to_numpy(float), b.value.to_numpy(float), rtol=1e-9,
                           equal_nan=True), f"{metric_id} at {grain}: DuckDB and Postgres differ"
        assert a.status.tolist() == b.status.tolist()
        assert a.value.notna().any(), f"{metric_id} at {grain} is all null on the sample"


ADDITIVE = [m.id for m in REGISTRY if m.unit == "currency"]


@pytest.mark.parametrize("by", ["segment", "account_id"])
def test_amounts_split_by_a_dimension_add_up_to_the_total(duck, by):
    """Soundness: an amount split by any accounts column sums back to the unsplit amount."""
    kwargs = {"grain": "month", "start": "2026-05-01", "end": "2026-10-31"}
    total = duck.compute(ADDITIVE, **kwargs).to_pandas()
    split = duck.compute(ADDITIVE, by=by, **kwargs).to_pandas()
    summed = split.groupby(["metric", "period_start"], sort=False).value.sum().reset_index()
    merged = total.merge(summed, on=["metric", "period_start"], suffixes=("", "_split"))
    assert len(merged) == len(total) and len(total) == 6 * len(ADDITIVE)
    assert np.allclose(merged.value, merged.value_split, rtol=1e-9)
    assert (total.value != 0).any()
