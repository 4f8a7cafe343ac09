"""Conformance testing for metric packs: the checks csm_kit runs on its own built-in packs.

A plugin author adds one line to a ``conftest.py``::

    pytest_plugins = ["csm_kit.testing"]

and gets session fixtures for the engines (``csm_kit_postgres_url``: a real PostgreSQL started
by pgserver or given by ``CSM_KIT_TEST_POSTGRES_URL``; ``csm_kit_spark``: a local[2] SparkSession,
skipped with the reason where Java or pyspark is missing) plus these helpers:

- :func:`engine_kit` binds the same canonical rows (pyarrow tables) onto a Kit on any engine;
- :func:`variants` lists a metric's default and every variant its params declare;
- :func:`check_declaration` checks what the registry cannot: a description and cited sources;
- :func:`assert_same_results` compares two results: the same rows, nulls in the same places,
  values within 1e-9 relative.

Nothing here is needed at run time; it imports pytest, pgserver and pyspark only when used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from csm_kit.kit import Kit, connect
from csm_kit.metric import Metric
from csm_kit.registry import Registry

ENGINES: tuple[str, ...] = ("duckdb", "postgres", "spark")
POSTGRES_ENV = "CSM_KIT_TEST_POSTGRES_URL"


# -- engines ---------------------------------------------------------------------------------
def load_postgres(url: str, tables: Mapping[str, pa.Table]) -> dict[str, str]:
    """Copy `tables` into a new schema of the PostgreSQL at `url`; the tables= mapping to them.
    (A test helper: it writes, on a test server. csm_kit itself never does.)"""
    import ibis

    con = ibis.connect(url)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    con.create_database(schema)
    for name, table in tables.items():
        con.create_table(name, table, database=schema)
    con.disconnect()
    return {name: f"{schema}.{name}" for name in tables}


def load_spark(session: Any, tables: Mapping[str, pa.Table]) -> dict[str, str]:
    """Register `tables` as temporary views of `session`, through Parquet files (Arrow to Parquet
    to Spark: far faster than from pandas); the tables= mapping to the views."""
    import pyarrow.parquet as pq

    folder = Path(tempfile.mkdtemp(prefix="csm_kit_spark_"))
    prefix = f"t_{uuid.uuid4().hex[:12]}"
    out = {}
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        view = f"{prefix}_{name}"
        session.read.parquet(str(path)).createOrReplaceTempView(view)
        out[name] = view
    return out


def spark_unavailable() -> str:
    """Why a local Spark cannot run here ('' when it can)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed: pip install 'csm-kit[spark]'"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "Spark needs Java (17): no java on PATH and no JAVA_HOME"
    return ""


def local_spark(cores: int = 2) -> Any:
    """A small local SparkSession for tests: UTC, few shuffle partitions, no UI."""
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(f"local[{cores}]").appName("csm_kit_tests")
            .config("spark.sql.shuffle.partitions", str(cores))
            .config("spark.default.parallelism", str(cores))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "2g")
            .getOrCreate())


def engine_kit(
    engine: str,
    tables: Mapping[str, pa.Table],
    *,
    postgres_url: str | None = None,
    spark: Any = None,
    registry: Registry | None = None,
    **connect_kwargs: Any,
) -> Kit:
    """A Kit on `engine` ('duckdb', 'postgres' or 'spark') holding `tables` (canonical name ->
    pyarrow table); PostgreSQL and Spark need their server URL / session."""
    if engine == "duckdb":
        kit = connect(tables=dict(tables), **connect_kwargs)
    elif engine == "postgres":
        if postgres_url is None:
            raise ValueError("engine_kit('postgres', ...) needs postgres_url=")
        kit = connect(postgres_url, tables=load_postgres(postgres_url, tables), **connect_kwargs)
    elif engine == "spark":
        if spark is None:
            raise ValueError("engine_kit('spark', ...) needs spark=")
        kit = connect(spark, tables=load_spark(spark, tables), **connect_kwargs)
    else:
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    if registry is not None:
        kit = Kit(kit.binding, registry)
    return kit


# -- what to check ---------------------------------------------------------------------------
def variants(metric: Metric) -> list[tuple[str, dict[str, Any]]]:
    """('default', {}) and one (label, params) per declared variant: each allowed value other
    than the default, and each of a param's `examples`."""
    out: list[tuple[str, dict[str, Any]]] = [("default", {})]
    for p in metric.params:
        values = [v for v in (p.allowed or ()) if v != p.default or type(v) is not type(p.default)]
        values += list(p.examples)
        for v in values:
            out.append((f"{p.name}={v!r}", {p.name: v}))
    return out


def check_declaration(metric: Metric, sources: Sequence[str] = ()) -> None:
    """Assert what registration does not: a plain-words description, a benchmark whose source
    is cited, and (with `sources`, the ids a pack may cite) only known sources."""
    assert metric.description.strip(), f"{metric.id}: the description explains the definition"
    known = set(sources) | {"convention"}
    if sources:
        for s in metric.source:
            assert s in known, f"{metric.id} cites {s!r}, which is not a known source"
        if metric.benchmark.banded and metric.benchmark.source:
            assert metric.benchmark.source in known, f"{metric.id}: unknown benchmark source"


def assert_same_results(
    reference: pd.DataFrame, other: pd.DataFrame, *, rtol: float = 1e-9, what: str = ""
) -> None:
    """Two ``MetricFrame.to_pandas()`` frames agree: the same rows (metric, period, groups),
    nulls in the same places, values within `rtol` relative, the same statuses."""
    keys = [c for c in reference.columns if c not in ("value", "status", "previous", "change")]
    assert list(reference.columns) == list(other.columns), f"{what}: columns differ"
    a = reference.sort_values(keys, key=_sortable).reset_index(drop=True)
    b = other.sort_values(keys, key=_sortable).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[keys], b[keys], obj=f"{what} rows")
    va, vb = a["value"].to_numpy(float), b["value"].to_numpy(float)
    assert (np.isnan(va) == np.isnan(vb)).all(), f"{what}: nulls differ at rows " + str(
        np.flatnonzero(np.isnan(va) != np.isnan(vb))[:5].tolist())
    ok = np.isclose(va, vb, rtol=rtol, atol=0, equal_nan=True)
    assert ok.all(), f"{what}: values differ, e.g. {a[~ok].head(3).to_dict('records')} vs " \
                     f"{b[~ok].head(3).value.tolist()}"
    assert a["status"].tolist() == b["status"].tolist(), f"{what}: statuses differ"


def _sortable(s: pd.Series) -> pd.Series:
    return s.map(lambda v: "\x00" if v is None else v) if s.dtype == object else s


# -- pytest fixtures -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def csm_kit_postgres_url() -> Iterator[str]:
    """A real PostgreSQL server: $CSM_KIT_TEST_POSTGRES_URL, or one started by pgserver."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        yield url
        return
    import pgserver  # a missing server is a failure, not a skip

    # not under pytest's basetemp: concurrent pytest runs prune each other's old basetemps
    data_dir = tempfile.mkdtemp(prefix="csm_kit_pg_")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def csm_kit_spark() -> Iterator[Any]:
    """One local[2] SparkSession for the whole run (skipped, saying why, without Java/pyspark)."""
    reason = spark_unavailable()
    if reason:
        pytest.skip(reason)
    session = local_spark()
    yield session
    session.stop()
