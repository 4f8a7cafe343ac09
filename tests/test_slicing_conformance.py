"""Conformance of the slicing arguments on every engine: filters, compare, fiscal calendars and
cohorts give DuckDB's numbers on PostgreSQL, Spark and through BigQuery SQL.

DuckDB is the reference (tests/test_slicing.py and tests/test_cohorts.py check it against plain
Python oracles). Each engine runs one computation that uses every slicing argument at once:
fiscal quarters (fiscal_year_start=2, so no calendar quarter lines up), filters on two columns,
a `by` split and compare='year_ago' (the range reaches four quarters back) or 'previous'.
PostgreSQL and BigQuery run every metric; Spark, whose planning is slow, one metric of each
kind (stock, flow, distinct, ratio, a metric scored in Python, a split by its own dimension).
"""

from __future__ import annotations

import datetime as dt
import warnings

import duckdb
import ibis
import pandas as pd
import pytest
import sqlglot

import csm_kit as ck
from csm_kit import engine
from csm_kit.registry import load_registry
from csm_kit.testing import assert_same_results, engine_kit

REGISTRY = load_registry()
METRIC_IDS = [m.id for m in REGISTRY]
SPARK_METRICS = ["mrr", "new_mrr", "mau", "nps", "customer_churn_rate", "nrr",
                 "feedback_sentiment", "product_usage"]
FISCAL = 2
SETTINGS = [
    pytest.param({"grain": "quarter", "by": "segment", "compare": "year_ago",
                  "filters": {"region": ["EMEA", "NA"], "plan": ["Growth", "Scale"]}},
                 id="fiscal-quarter-year_ago-filtered-by-segment"),
    pytest.param({"grain": "month", "compare": "previous", "filters": {"segment": "SMB"}},
                 id="month-previous-filtered"),
]
RANGE = {"start": "2026-05-01", "end": "2026-10-31"}
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def fixed_today():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "utc_today", lambda: TODAY)
        yield


@pytest.fixture(scope="module")
def sample() -> dict:
    return ck.datasets.generate(seed=1, accounts=60, months=6, events=20_000)


def _compute(kit: ck.Kit, ids: list[str], settings: dict) -> tuple[pd.DataFrame, dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.ComputeWarning)
        res = kit.compute(ids, **settings, **RANGE)
    return res.to_pandas(), {m: type(e) for m, e in res.errors.items()}


def _same(ref: pd.DataFrame, ours: pd.DataFrame, what: str) -> None:
    """Same rows, values and previous values (change is value - previous on both)."""
    assert len(ref) > 0
    for column in ("value", "previous"):
        drop = [c for c in ("value", "previous", "change") if c != column and c in ref.columns]
        a, b = ref.drop(columns=drop), ours.drop(columns=drop)
        assert_same_results(a.rename(columns={column: "value"}),
                            b.rename(columns={column: "value"}), what=f"{what}: {column}")


def _check_sample_values(kit: ck.Kit) -> None:
    """The filter values of SETTINGS occur in the sample (else the test would compare empties)."""
    acc = kit.binding.execute(kit.binding.table("accounts"))
    assert {"EMEA", "NA"} <= set(acc.region) and {"Growth", "Scale"} <= set(acc.plan)
    assert "SMB" in set(acc.segment)


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("name", [pytest.param("postgres", marks=pytest.mark.postgres),
                                  pytest.param("spark", marks=pytest.mark.spark)])
def test_slicing_gives_the_reference_numbers_on_every_engine(sample, settings, name, request):
    server = {"postgres": ("postgres_url", "csm_kit_postgres_url"),
              "spark": ("spark", "csm_kit_spark")}[name]
    ours_kit = engine_kit(name, sample, fiscal_year_start=FISCAL,
                          **{server[0]: request.getfixturevalue(server[1])})
    ref_kit = ck.connect(tables=sample, fiscal_year_start=FISCAL)
    _check_sample_values(ref_kit)
    ids = SPARK_METRICS if name == "spark" else METRIC_IDS
    if name == "spark" and settings["grain"] != "month":  # a stock, a flow and a ratio
        ids = ["mrr", "new_mrr", "nps"]
    if name == "spark" and settings["grain"] == "month":  # Spark plans slowly: CI's budget
        ids = ["mrr", "nps", "feedback_sentiment", "product_usage"]
    ref, ref_refused = _compute(ref_kit, ids, settings)
    ours, ours_refused = _compute(ours_kit, ids, settings)
    assert ours_refused == ref_refused
    assert all(issubclass(t, ck.ArgumentError) for t in ref_refused.values()), ref_refused
    assert ref.previous.notna().any()
    for m in ids:
        if m not in ref_refused:
            _same(ref[ref.metric == m], ours[ours.metric == m], f"{m} {settings} on {name}")


@pytest.mark.parametrize("name", [pytest.param("postgres", marks=pytest.mark.postgres),
                                  pytest.param("spark", marks=pytest.mark.spark)])
def test_cohorts_give_the_reference_numbers_on_every_engine(sample, name, request):
    server = {"postgres": ("postgres_url", "csm_kit_postgres_url"),
              "spark": ("spark", "csm_kit_spark")}[name]
    ours_kit = engine_kit(name, sample, fiscal_year_start=FISCAL,
                          **{server[0]: request.getfixturevalue(server[1])})
    ref_kit = ck.connect(tables=sample, fiscal_year_start=FISCAL)
    for kwargs in ({"measure": "accounts", "grain": "month"},
                   {"measure": "mrr", "grain": "quarter", "by": "segment",
                    "filters": {"region": ["EMEA", "NA"]}}):
        ref = ref_kit.cohorts(**kwargs).to_pandas()
        ours = ours_kit.cohorts(**kwargs).to_pandas()
        assert len(ref) > 3 and ref.value.gt(0).any()
        pd.testing.assert_frame_equal(ref, ours, check_exact=False, rtol=1e-9)


@pytest.fixture(scope="module")
def warehouse(sample) -> tuple[duckdb.DuckDBPyConnection, ck.Kit]:
    """The sample in native DuckDB tables, and a fiscal Kit on them."""
    raw = duckdb.connect()
    for table_name, table in sample.items():
        raw.register("src", table)
        raw.execute(f'create table "{table_name}" as select * from src')
        raw.unregister("src")
    raw.execute("create macro ieee_divide(a, b) as a / b")  # as in tests/test_golden_sql.py
    return raw, ck.connect(ibis.duckdb.from_connection(raw), fiscal_year_start=FISCAL)


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("metric_id", [m.id for m in REGISTRY  # scored text: its SQL counts texts
                                       if m.splittable and m.id != "feedback_sentiment"])
def test_slicing_gives_the_reference_numbers_through_bigquery_sql(warehouse, metric_id, settings):
    """Each metric's BigQuery SQL with every slicing argument, transpiled to DuckDB by sqlglot
    and run: the same value and previous as DuckDB's compute (before the Python steps: change,
    completeness and the text scoring, which are not SQL)."""
    raw, kit = warehouse
    try:
        ref, _ = _compute(kit, [metric_id], {**settings, "strict": True})
    except ck.ArgumentError as refusal:  # churn targets per month at grain quarter: refused
        with pytest.raises(type(refusal)):  # alike in SQL
            kit.to_sql(metric_id, dialect="bigquery", **settings, **RANGE)
        return
    sql = kit.to_sql(metric_id, dialect="bigquery", **settings, **RANGE)
    got = raw.execute(sqlglot.transpile(sql, read="bigquery", write="duckdb")[0]).df()
    keys = ["period_start", *([settings["by"]] if settings.get("by") else [])]
    m = REGISTRY.get(metric_id)
    stock = m.kind_for(m.resolve_params(None)) == "stock"
    got = got.assign(period_start=pd.to_datetime(got.period_start).astype("datetime64[ns]"))
    for by in keys[1:]:
        got[by] = got[by].astype(object).where(got[by].notna(), None)
    if stock:  # a bucket to come holds no stock value: that is set after the query
        got.loc[got.period_start > pd.Timestamp(TODAY), "value"] = float("nan")
    _same(ref[[*keys, "value", "previous"]].assign(status=None),
          got[[*keys, "value", "previous"]].assign(status=None),
          f"{metric_id} {settings} through BigQuery SQL")
