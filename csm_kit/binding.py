"""Binding: the user's backend, tables and column names onto the canonical tables.

A :class:`Binding` holds, for each canonical table, an Ibis table whose columns carry the
canonical names and types (renamed and cast from the user's), or the reason it is unavailable.
Nothing here executes a query except listing the backend's tables.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandas as pd

from csm_kit.compiled import Compiled, PlanCache, compile_sql, run_sql, runs_sql_text
from csm_kit.errors import (
    BackendError,
    ColumnTypeError,
    CsmKitError,
    MappingError,
    MissingColumnError,
    MissingTableError,
    did_you_mean,
)
from csm_kit.mapping import TableSource
from csm_kit.schema import TABLES


@dataclass(frozen=True)
class ColumnProblem:
    """Why a canonical column cannot be read from the user's table."""

    kind: str  # 'missing' | 'type'
    message: str


@dataclass
class BoundTable:
    """One canonical table bound onto the user's data (or the reason it is not)."""

    name: str
    source: str
    table: ir.Table | None
    source_columns: tuple[str, ...] = ()
    problems: dict[str, ColumnProblem] = field(default_factory=dict)
    unavailable: str = ""


def _compatible(found: dt.DataType, wanted: dt.DataType) -> str | None:
    """'' if usable as is, 'cast' if a safe cast makes it usable, None if incompatible."""
    if found.copy(nullable=True) == wanted.copy(nullable=True):
        return ""
    if found.is_null():  # a column with no value at all (e.g. every end_date still open)
        return "cast"
    if wanted.is_timestamp() and found.is_timestamp() and found.timezone is None and (
        found.scale in (None, 6)
    ):
        return ""  # timestamp(6) is the canonical microsecond timestamp: no cast needed
    if wanted.is_string() and (found.is_integer() or found.is_uuid()):
        return "cast"
    if wanted.is_timestamp() and (found.is_timestamp() or found.is_date()):
        return "cast"
    if wanted.is_date() and found.is_timestamp():
        return "cast"
    if wanted.is_floating() and (found.is_numeric()):
        return "cast"
    if wanted.is_integer() and found.is_integer():
        return "cast"
    return None


def _listing(columns: tuple[str, ...], limit: int = 25) -> str:
    """'the columns a, b, c' (the first `limit`)."""
    shown = ", ".join(columns[:limit]) + (f" … ({len(columns)} in all)" if len(columns) > limit else "")
    return f"the columns {shown}" if columns else "no columns"


def _mapping_hint(table: str, column: str) -> str:
    return (f"map it with columns={{'{table}': {{'{column}': '<your column>'}}}} "
            "(or in mapping.yaml under columns:)")


_LOCKS_GUARD = threading.Lock()
_LOCK_ATTRIBUTE = "_csm_kit_lock"


def connection_lock(backend: Any) -> threading.RLock:
    """The one lock of a backend connection, shared by every kit bound to it.

    One query at a time per connection: a DuckDB connection is not safe to share between threads
    (and Arrow scans of in-memory tables deadlock against the GIL), PostgreSQL connections
    serialise anyway. Kept on the backend object itself, so two kits made from one Ibis backend
    share it. Re-entrant, so a computation may nest calls."""
    with _LOCKS_GUARD:
        lock = getattr(backend, _LOCK_ATTRIBUTE, None)
        if lock is None:
            lock = threading.RLock()
            # an object that takes no attribute keeps the lock only in this binding
            with contextlib.suppress(AttributeError, TypeError):
                setattr(backend, _LOCK_ATTRIBUTE, lock)
        return lock


class Binding:
    """The canonical tables bound onto one Ibis backend."""

    def __init__(
        self,
        backend: Any,
        tables: Mapping[str, TableSource] | None = None,
        columns: Mapping[str, Mapping[str, str]] | None = None,
        description: str = "",
    ) -> None:
        self.backend = backend
        self.description = description
        self._sources = dict(tables or {})
        self._columns = {k: dict(v) for k, v in (columns or {}).items()}
        self._listed: list[str] | None = None
        self._bound: dict[str, BoundTable] | None = None
        self.lock = connection_lock(backend)
        self.plans = PlanCache()  # compiled plans: a repeated computation skips Ibis

    @property
    def tables(self) -> dict[str, BoundTable]:
        """Every canonical table, bound on first use (a lazy backend connects only then)."""
        if self._bound is None:
            with self.lock:
                if self._bound is None:
                    try:
                        self._bound = {
                            name: self._bind(name, self._sources.get(name),
                                             self._columns.get(name, {}))
                            for name in TABLES
                        }
                    except CsmKitError:
                        raise
                    except Exception as exc:  # a closed connection, a network or permission error
                        text = str(exc).strip()
                        raise BackendError(
                            f"could not read the tables of {self.description}: "
                            f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"
                        ) from None
        return self._bound

    def execute(self, expr: ir.Expr) -> pd.DataFrame:
        """Run `expr` on the backend, one query at a time per binding."""
        with self.lock:
            return self.backend.execute(expr)

    def compile(self, expr: ir.Table) -> Compiled | None:
        """`expr` compiled for :meth:`execute_compiled`, or None where the backend does not
        run cached SQL text (then run `expr` with :meth:`execute`)."""
        if not runs_sql_text(self.backend):
            return None
        with self.lock:
            return Compiled(compile_sql(self.backend, expr), expr)

    def execute_compiled(self, compiled: Compiled) -> pd.DataFrame:
        """Run a compiled plan's SQL, one query at a time per binding."""
        with self.lock:
            return run_sql(self.backend, compiled)

    # -- binding ---------------------------------------------------------------------------
    def _backend_tables(self) -> list[str]:
        if self._listed is None:
            self._listed = list(self.backend.list_tables()) if self.backend is not None else []
        return self._listed

    def _resolve(self, name: str, source: TableSource) -> tuple[ir.Table | None, str, str]:
        """(ibis table or None, source label, reason when None)."""
        if source is None:
            listed = self._backend_tables()
            if name in listed:
                return self.backend.table(name), name, ""
            return None, "", (
                f"no table {name!r} in the data.{did_you_mean(name, listed)} "
                f"Map it with tables={{'{name}': '<your table>'}} (or mapping.yaml tables:)"
            )
        if isinstance(source, ir.Table):
            return source, "<ibis table>", ""
        if isinstance(source, str):
            if self.backend is None:
                raise MappingError(f"tables[{name!r}] is a table name but no connection was given")
            db = None
            table_name = source
            if "." in source:
                db, table_name = source.rsplit(".", 1)
            try:
                return self.backend.table(table_name, database=db), source, ""
            except Exception as exc:  # the backend's own not-found error varies by backend
                try:
                    listed = (list(self.backend.list_tables(database=db)) if db
                              else self._backend_tables())
                    where = f" in {db!r}" if db else ""
                    hint = did_you_mean(table_name, listed) or (
                        f" Tables{where}: {', '.join(listed[:20])}" if listed
                        else f" There are no tables{where}.")
                except Exception:  # e.g. the schema itself does not exist
                    hint = f" Is {db!r} the right schema?" if db else ""
                return None, source, (
                    f"mapped table {source!r} could not be read ({type(exc).__name__}).{hint}"
                )
        raise MappingError(
            f"tables[{name!r}] is a {type(source).__name__}; on a connection give the name of a "
            "table in it (or an Ibis table); DataFrames go with connect(tables=...) and no URL"
        )

    def _cast_sql(self, column: str, dtype: dt.DataType) -> str:
        """'CAST(column AS <the backend's type>)', the cast a user adds in a view."""
        try:
            compiler = self.backend.compiler
            typ = compiler.type_mapper.from_ibis(dtype).sql(compiler.dialect)
        except Exception:  # a backend without a SQL compiler: say it in Ibis's words
            typ = str(dtype).upper()
        return f"CAST({column} AS {typ})"

    def _bind(self, name: str, source: TableSource, colmap: Mapping[str, str]) -> BoundTable:
        table, label, reason = self._resolve(name, source)
        if table is None:
            return BoundTable(name, label, None, unavailable=reason)
        schema = table.schema()
        available = tuple(schema.names)
        selected: dict[str, ir.Value] = {}
        problems: dict[str, ColumnProblem] = {}
        for col in TABLES[name].columns:
            src = colmap.get(col.name, col.name)
            if src not in schema:
                mapped = f"mapped to {src!r} but " if src != col.name else ""
                problems[col.name] = ColumnProblem("missing", (
                    f"column {name}.{col.name} is {mapped}missing from {label!r}."
                    f"{did_you_mean(src, available)} {_mapping_hint(name, col.name)}; "
                    f"{label!r} has {_listing(available)}"
                ))
                continue
            found = schema[src]
            how = _compatible(found, col.dtype)
            if how is None:
                problems[col.name] = ColumnProblem("type", (
                    f"column {name}.{col.name} (mapped from {label}.{src}) has type {found}, "
                    f"but {col.dtype} is needed; add the cast in a view "
                    f"({self._cast_sql(src, col.dtype)}), or map a column of type {col.dtype}"
                ))
                continue
            expr = table[src]
            expr = expr.cast(col.dtype) if how == "cast" else expr
            if col.nullable and col.dtype.is_floating():  # NaN means "no value", like null
                expr = expr.isnan().ifelse(ibis.null(col.dtype), expr)
            selected[col.name] = expr
        bound = table.select(**selected) if selected else None
        first_problem = next(iter(problems.values())).message if problems else ""
        unavailable = "" if selected else f"none of its columns is usable: {first_problem}"
        return BoundTable(name, label, bound, available, problems, unavailable)

    # -- checks ----------------------------------------------------------------------------
    def problem(self, table: str, columns: tuple[str, ...], *, metric_id: str) -> MappingError | None:
        """The first reason `metric_id` cannot read `table.columns`, as a typed error (or None)."""
        bound = self.tables[table]
        who = f"metric {metric_id!r} needs"
        if bound.table is None and not bound.problems:
            return MissingTableError(f"{who} table {table!r}: {bound.unavailable}")
        for col in columns:
            p = bound.problems.get(col)
            if p is None:
                continue
            cls = MissingColumnError if p.kind == "missing" else ColumnTypeError
            return cls(f"{who} {table}.{col}: {p.message}")
        if bound.table is None:
            return MissingTableError(f"{who} table {table!r}: {bound.unavailable}")
        return None

    def table(self, name: str) -> ir.Table:
        """The bound canonical table `name` (MissingTableError if unavailable)."""
        bound = self.tables[name]
        if bound.table is None:
            raise MissingTableError(bound.unavailable)
        return bound.table




def _check_frame(name: str, value: Any) -> Any:
    """`value` if it is a table csm_kit can bind in memory, else MappingError saying why."""
    kind = type(value).__name__
    if isinstance(value, pd.Series):
        raise MappingError(f"tables[{name!r}] is a pandas Series; give a DataFrame "
                           "(series.to_frame(), or a DataFrame with the table's columns)")
    is_arrow = kind == "Table" and hasattr(value, "schema") and hasattr(value, "num_rows")
    if isinstance(value, pd.DataFrame) or is_arrow:
        columns = list(value.column_names if is_arrow else value.columns)
        odd = [repr(c) for c in columns if not isinstance(c, str)]
        if odd:
            raise MappingError(f"tables[{name!r}] has non-text column names ({', '.join(odd)}); "
                               "name the columns")
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        if dupes:
            raise MappingError(f"tables[{name!r}] has duplicate column names: {', '.join(dupes)}; "
                               "rename them so each column is named once")
        return value
    if isinstance(value, str):
        raise MappingError(
            f"tables[{name!r}] is the table name {value!r}, but no connection was given: "
            "pass connect(url, tables=...) or give a DataFrame"
        )
    raise MappingError(
        f"tables[{name!r}] is a {kind}; give a pandas DataFrame, a pyarrow Table or an Ibis table"
    )


def _backends_of(tables: Mapping[str, TableSource]) -> list[Any]:
    """The distinct backends the Ibis tables among `tables` are bound to (memtables: none)."""
    found: dict[int, Any] = {}
    for value in tables.values():
        if isinstance(value, ir.Table):
            for backend in value._find_backends()[0]:
                found[id(backend)] = backend
    return list(found.values())


def in_memory_backend(tables: Mapping[str, TableSource]) -> tuple[Any, dict[str, TableSource]]:
    """The backend for tables given without a connection: pandas / pyarrow tables in an in-memory
    DuckDB; Ibis tables on the connection they come from (all from one)."""
    backends = _backends_of(tables)
    if len(backends) > 1:
        raise MappingError("tables= holds Ibis tables of several connections; csm_kit computes on "
                           "one: copy them into one engine first")
    if backends:
        frames = [name for name, v in tables.items() if not isinstance(v, ir.Table)]
        if frames:
            raise MappingError(
                f"tables= mixes Ibis tables of a connection with in-memory tables "
                f"({', '.join(frames)}); pass connect(backend, tables=...) with tables of that "
                "connection only, or give every table as a DataFrame")
        return backends[0], dict(tables)
    # DuckDB spills big intermediate results to `.tmp/` in the working directory by default:
    # keep them in the system's temporary directory instead
    con = ibis.duckdb.connect(temp_directory=str(Path(tempfile.gettempdir()) / "csm_kit_duckdb"))
    out: dict[str, TableSource] = {}
    for name, value in tables.items():
        if isinstance(value, ir.Table):
            out[name] = value
            continue
        frame = _check_frame(name, value)
        try:
            out[name] = ibis.memtable(frame)
        except Exception as exc:  # an unsupported column type, mixed objects...
            raise MappingError(f"tables[{name!r}] cannot be read as a table: {type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    return con, out
