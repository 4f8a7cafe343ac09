"""Shared fixtures: canonical test tables and the same test body on every backend.

``make_kit(tables)`` binds plain rows onto a Kit on the backend of the test's parameter:
DuckDB (in memory) or a real PostgreSQL (pgserver, or CSM_KIT_TEST_POSTGRES_URL when set).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit.schema import TABLES
from csm_kit.testing import load_postgres

BACKENDS = ["duckdb", "postgres"]


def canonical(name: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """`rows` (dicts keyed by canonical column) as a pyarrow table with the canonical schema of
    table `name`; columns a row leaves out are null."""
    schema = TABLES[name].schema.to_pyarrow()
    data = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(data, schema=schema)


@pytest.fixture(scope="session")
def postgres_url(csm_kit_postgres_url: str) -> str:
    """A real PostgreSQL server (see csm_kit.testing.csm_kit_postgres_url)."""
    return csm_kit_postgres_url


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
        return ck.connect(url, tables=load_postgres(url, arrow), **kwargs)

    return make


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current SQL (then review the diff)")
