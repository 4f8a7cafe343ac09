"""Shared fixtures: canonical test tables and the same test body on every backend.

``make_kit(tables)`` binds plain rows onto a Kit on the backend of the test's parameter:
DuckDB (in memory) or a real PostgreSQL (pgserver, or CSM_KIT_TEST_POSTGRES_URL when set).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import ibis
import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit.schema import TABLES

BACKENDS = ["duckdb", "postgres"]


def canonical(name: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """`rows` (dicts keyed by canonical column) as a pyarrow table with the canonical schema of
    table `name`; columns a row leaves out are null."""
    schema = TABLES[name].schema.to_pyarrow()
    data = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(data, schema=schema)


def load_into_postgres(url: str, tables: Mapping[str, pa.Table]) -> dict[str, str]:
    """Copy `tables` into a new schema of the PostgreSQL at `url`; the tables= mapping to them."""
    con = ibis.connect(url)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    con.create_database(schema)
    for name, table in tables.items():
        con.create_table(name, table, database=schema)
    con.disconnect()
    return {name: f"{schema}.{name}" for name in tables}


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server: CSM_KIT_TEST_POSTGRES_URL, or one started by pgserver."""
    url = os.environ.get("CSM_KIT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    import pgserver  # the dev extra installs it; a missing server is a failure, not a skip

    # not under pytest's basetemp: concurrent pytest runs prune each other's old basetemps
    data_dir = tempfile.mkdtemp(prefix="csm_kit_pg_")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a conformance test runs on."""
    return request.param


MakeKit = Callable[..., ck.Kit]


@pytest.fixture
def make_kit(backend: str, request: pytest.FixtureRequest) -> MakeKit:
    """A function: ``make_kit({"survey_responses": [row, ...]}, columns=...) -> Kit`` on the
    test's backend. Rows are dicts of canonical columns (pyarrow tables pass through)."""

    def make(tables: Mapping[str, Any], **kwargs: Any) -> ck.Kit:
        arrow = {
            name: rows if isinstance(rows, pa.Table) else canonical(name, rows)
            for name, rows in tables.items()
        }
        if backend == "duckdb":
            return ck.connect(tables=arrow, **kwargs)
        url = request.getfixturevalue("postgres_url")
        return ck.connect(url, tables=load_into_postgres(url, arrow), **kwargs)

    return make
