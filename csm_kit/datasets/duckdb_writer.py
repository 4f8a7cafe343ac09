"""Write the sample data set into a DuckDB file, streaming the big tables in chunks."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import duckdb
import ibis.expr.datatypes as dt
import pyarrow as pa
from tqdm.auto import tqdm

from csm_kit.datasets.generate import DEFAULT_END, EVENTS_PER_SESSION, SampleWorld
from csm_kit.schema import TABLES, CanonicalTable

__all__ = ["write_duckdb"]

_VIEW = "__csm_kit_sample_chunk"


def _duckdb_type(dtype: dt.DataType) -> str:
    if dtype.is_string():
        return "VARCHAR"
    if dtype.is_timestamp():
        return "TIMESTAMP"
    if dtype.is_date():
        return "DATE"
    if dtype.is_float64():
        return "DOUBLE"
    if dtype.is_int64():
        return "BIGINT"
    if dtype.is_boolean():
        return "BOOLEAN"
    raise TypeError(f"no DuckDB type for {dtype}")  # pragma: no cover - schema.py uses the above


def _ddl(table: CanonicalTable) -> str:
    cols = ", ".join(
        f'"{c.name}" {_duckdb_type(c.dtype)}' + ("" if c.nullable else " NOT NULL")
        for c in table.columns
    )
    return f'CREATE TABLE "{table.name}" ({cols})'


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    if table.num_rows == 0:
        return
    con.register(_VIEW, table)
    try:
        con.execute(f'INSERT INTO "{name}" SELECT * FROM {_VIEW}')
    finally:
        con.unregister(_VIEW)


def write_duckdb(
    path: str | os.PathLike,
    *,
    seed: int = 0,
    accounts: int = 500,
    months: int = 24,
    events: int = 1_000_000,
    end: str | _dt.date = DEFAULT_END,
    progress: bool = True,
) -> Path:
    """Write every canonical table of the sample data set into a DuckDB file.

    The file is created, or overwritten if it exists; its tables carry the canonical names,
    columns and types (non-nullable columns are ``NOT NULL``). The data are exactly those of
    :func:`csm_kit.datasets.generate` with the same arguments, but the events and sessions tables
    are produced and inserted chunk by chunk (about a million rows at a time), so even
    ``events=100_000_000`` stays within a few GB of memory.

    Args:
        path: the DuckDB file to write.
        seed, accounts, months, events, end: as for :func:`csm_kit.datasets.generate`.
        progress: show a tqdm progress bar over the events (and sessions) written.

    Returns:
        The path of the written file.
    """
    path = Path(path)
    world = SampleWorld(seed, accounts, months, end)  # validates the arguments first
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")  # tqdm reports progress instead
        for table in TABLES.values():
            con.execute(_ddl(table))
        for name, table in world.small_tables().items():
            _insert(con, name, table)
        n_sessions = int(events) // EVENTS_PER_SESSION
        for name, total, chunks in (
            ("events", int(events), world.iter_events(events)),
            ("sessions", n_sessions, world.iter_sessions(n_sessions)),
        ):
            with tqdm(total=total, desc=name, unit=" rows", unit_scale=True,
                      disable=not progress) as bar:
                for chunk in chunks:
                    _insert(con, name, chunk)
                    bar.update(chunk.num_rows)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path
