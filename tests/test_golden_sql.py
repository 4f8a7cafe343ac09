"""Golden SQL per metric and dialect, and BigQuery proven without a network.

- tests/golden/<dialect>/<metric>.sql holds each metric's SQL (grain month, by segment where
  the metric can be split, the sample's range, default params) for bigquery, postgres, duckdb
  and spark, with Ibis's random identifiers sanitized. A change of SQL fails here; after
  reviewing it, regenerate with ``pytest tests/test_golden_sql.py --update-golden`` and review
  the files' diff.
- Each metric's BigQuery SQL, transpiled to DuckDB by sqlglot and run on the sample, gives the
  reference numbers (DuckDB's own compute), for every variant. The one shim, in this harness
  only: a DuckDB macro ``ieee_divide(a, b)`` (BigQuery's division function, which sqlglot leaves
  as is and DuckDB lacks). Golden files are never edited by hand to pass.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pytest
import sqlglot

import csm_kit as ck
from csm_kit import engine, scoring
from csm_kit.periods import GRAINS
from csm_kit.registry import load_registry
from csm_kit.testing import assert_same_results, variants

GOLDEN = Path(__file__).parent / "golden"
DIALECTS = ["bigquery", "postgres", "duckdb", "spark"]
REGISTRY = load_registry()
METRIC_IDS = [m.id for m in REGISTRY]
SETTINGS = {"grain": "month", "start": "2026-05-01", "end": "2026-10-31", "by": "segment"}
RANDOM_ID = re.compile(r"\b(ibis_[a-z_]+?)_([a-z0-9]{26})\b")


def sanitize(sql: str) -> str:
    """Ibis's random identifiers (memtables, unnest columns, array ranges) numbered in order of
    appearance, so the same query always reads the same."""
    names: dict[str, str] = {}

    def stable(m: re.Match) -> str:
        return names.setdefault(m.group(0), f"{m.group(1)}_{len(names)}")

    return RANDOM_ID.sub(stable, sql).rstrip() + "\n"


TODAY = dt.date(2026, 11, 24)  # SQL that counts days up to today holds it as a literal


@pytest.fixture(autouse=True)
def fixed_today():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "utc_today", lambda: TODAY)
        yield


@pytest.fixture(scope="module")
def warehouse() -> tuple[duckdb.DuckDBPyConnection, ck.Kit]:
    """The sample in native DuckDB tables under their canonical names, and a Kit on them."""
    raw = duckdb.connect()
    for name, table in ck.datasets.generate(seed=1, accounts=60, months=6, events=20_000).items():
        raw.register("src", table)
        raw.execute(f'create table "{name}" as select * from src')
        raw.unregister("src")
    raw.execute("create macro ieee_divide(a, b) as a / b")  # the one shim (see the docstring)
    return raw, ck.connect(ibis.duckdb.from_connection(raw))


@pytest.mark.parametrize("metric_id", METRIC_IDS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_sql_matches_the_golden_file(warehouse, metric_id, dialect, request):
    _, kit = warehouse
    settings = SETTINGS if REGISTRY.get(metric_id).splittable else {**SETTINGS, "by": None}
    sql = sanitize(kit.to_sql(metric_id, dialect=dialect, **settings))
    path = GOLDEN / dialect / f"{metric_id}.sql"
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sql.encode())  # bytes: SQL may hold a bare \r (TRIM of whitespace)
    assert path.exists(), f"no golden SQL {path}: run pytest {__file__} --update-golden"
    assert sql == path.read_bytes().decode(), (
        f"{metric_id}'s {dialect} SQL changed: if intended, run pytest --update-golden and review "
        "the diff of tests/golden/")
    assert not RANDOM_ID.search(sql)


def test_no_golden_file_is_orphaned():
    files = {(p.parent.name, p.stem) for p in GOLDEN.glob("*/*.sql")}
    assert files == {(d, m) for d in DIALECTS for m in METRIC_IDS}


def test_sanitize_numbers_random_identifiers_in_order():
    sql = ("SELECT ibis_table_unnest_column_m2gnl35kevhubketynfukdqagq FROM "
           "ibis_pandas_memtable_g3j4iyyhjvd33dxkwx53qf5v2i, ibis_table_unnest_column_"
           "m2gnl35kevhubketynfukdqagq")
    assert sanitize(sql) == ("SELECT ibis_table_unnest_column_0 FROM ibis_pandas_memtable_1, "
                             "ibis_table_unnest_column_0\n")


def _bigquery_cases() -> list:
    cases = []
    for m in REGISTRY:
        for label, params in variants(m):
            for grain in GRAINS if label == "default" else ["month"]:
                for by in (None, "segment"):
                    cases.append(pytest.param(m.id, params, grain, by,
                                              id=f"{m.id}-{label}-{grain}-{by}"))
    return cases


@pytest.mark.parametrize(("metric_id", "params", "grain", "by"), _bigquery_cases())
def test_bigquery_sql_gives_the_reference_numbers(warehouse, metric_id, params, grain, by):
    raw, kit = warehouse
    kwargs = {"grain": grain, "by": by, "start": SETTINGS["start"], "end": SETTINGS["end"]}
    try:
        ref = kit.compute(metric_id, params={metric_id: params} if params else None,
                          **kwargs).to_pandas()
    except ck.ArgumentError as refusal:  # refused (e.g. not splittable): refused in SQL too
        with pytest.raises(type(refusal)):
            kit.to_sql(metric_id, dialect="bigquery", params=params or None, **kwargs)
        return
    bigquery = kit.to_sql(metric_id, dialect="bigquery", params=params or None, **kwargs)
    on_duckdb = sqlglot.transpile(bigquery, read="bigquery", write="duckdb")[0]
    got = raw.execute(on_duckdb).df()
    keys = ["period_start", *([by] if by else [])]
    plan = kit.plan([metric_id], params={metric_id: params} if params else None, strict=True,
                    **kwargs)
    plan.expressions()
    step = plan.text_scoring(metric_id)
    if step is not None:  # the SQL counts distinct texts: score them as the engine does
        got = scoring.apply(step, got, keys[1:])
        ref = ref[ref.value.notna()]  # buckets with no text have no counts row
    got = got.assign(period_start=pd.to_datetime(got.period_start).astype("datetime64[ns]"),
                     value=got.value.astype("float64"))
    if by:
        got[by] = got[by].astype(object).where(got[by].notna(), None)
    shape = ref[[*keys, "value"]].assign(status=None)
    assert_same_results(shape, got[[*keys, "value"]].assign(status=None),
                        what=f"{metric_id} {params} at {grain} by {by} through BigQuery SQL")
