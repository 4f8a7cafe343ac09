"""Write the sample data set into a DuckDB file, streaming the big tables in chunks."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import duckdb
import ibis.expr.datatypes as dt
import pyarrow as pa
from tqdm.auto import tqdm

from csm_kit.datasets.generate import DEFAULT_END, EVENTS_PER_SESSION, SampleWorld, accounts_for
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


def _temp_path(path: Path) -> Path:
    """Where `path` is built: a hidden file next to it (so the final rename stays on one file
    system and is atomic), unique to this process."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _wal(path: Path) -> Path:
    """DuckDB's write-ahead log of the database file `path`."""
    return path.with_name(path.name + ".wal")


def _remove(*paths: Path) -> None:
    """Delete the files that exist among `paths`."""
    for p in paths:
        p.unlink(missing_ok=True)


def _refuse_existing(path: Path) -> None:
    """FileExistsError when `path` exists (for ``overwrite=False``)."""
    if path.exists():
        raise FileExistsError(f"{str(path)!r} already exists")


def _fill(path: Path, world: SampleWorld, events: int, progress: bool) -> None:
    """Create every canonical table in the new DuckDB file `path` and insert `world`'s rows."""
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")  # tqdm reports progress instead
        for table in TABLES.values():
            con.execute(_ddl(table))
        for name, table in world.small_tables().items():
            _insert(con, name, table)
        n_sessions = events // EVENTS_PER_SESSION
        for name, total, chunks in (
            ("events", events, world.iter_events(events)),
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


def write_duckdb(
    path: str | os.PathLike,
    *,
    seed: int = 0,
    accounts: int | None = None,
    months: int = 24,
    events: int = 1_000_000,
    end: str | _dt.date = DEFAULT_END,
    progress: bool = True,
    overwrite: bool = True,
) -> Path:
    """Write every canonical table of the sample data set into a DuckDB file.

    The tables carry the canonical names, columns and types (non-nullable columns are
    ``NOT NULL``). The data are exactly those of :func:`csm_kit.datasets.generate` with the same
    arguments, but the events and sessions tables are produced and inserted chunk by chunk (about
    a million rows at a time), so even ``events=100_000_000`` stays within a few GB of memory.

    The file is built under a temporary name in the same directory (``.{name}.{pid}.tmp``) and
    renamed to `path` only once complete, so `path` never holds a partial data set: on any
    failure (or Ctrl-C) the temporary file is removed and an existing `path` is left untouched.
    An existing `path` is replaced (and a stale ``path.wal`` removed) unless `overwrite` is
    false; the ``csm-kit sample`` command passes ``overwrite=False`` unless given ``--force``.

    Args:
        path: the DuckDB file to write.
        seed, accounts, months, events, end: as for :func:`csm_kit.datasets.generate` (by
            default the accounts grow with the events: 5,000 at 10M, 50,000 at 100M).
        progress: show a tqdm progress bar over the events (and sessions) written.
        overwrite: replace `path` if it exists (the default); when false, raise
            FileExistsError instead, both before generating and just before the rename (the
            check is not atomic against another process creating `path` in between).

    Returns:
        The path of the written file.

    Raises:
        ValueError: a negative `seed` or `events`, or `accounts` or `months` below 1, before
            any file is touched.
        FileExistsError: `path` exists and `overwrite` is false.
    """
    path = Path(path)
    if int(events) < 0:
        raise ValueError("events must be non-negative")
    # validates the other arguments
    world = SampleWorld(seed, accounts_for(events) if accounts is None else accounts, months, end)
    if not overwrite:
        _refuse_existing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(path)
    _remove(tmp, _wal(tmp))  # a leftover of a killed run that had the same pid
    try:
        _fill(tmp, world, int(events), progress)
        if not overwrite:
            _refuse_existing(path)
        _remove(_wal(path))  # DuckDB would replay a stale log into the new file
        tmp.replace(path)
    except BaseException:
        _remove(tmp, _wal(tmp))
        raise
    return path
