"""Binding: the user's backend, tables and column names onto the canonical tables.

A :class:`Binding` holds, for each canonical table, an Ibis table whose columns carry the
canonical names and types (renamed and cast from the user's), or the reason it is unavailable.
Nothing here executes a query except listing the backend's tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from csm_kit.errors import (
    ColumnTypeError,
    CsmKitError,
    MappingError,
    MissingColumnError,
    MissingTableError,
    did_you_mean,
)
from csm_kit.schema import TABLES

TableSource = Any  # str (a table name in the backend), pandas.DataFrame, pyarrow.Table, ibis.Table


def redact(url: str) -> str:
    """The URL with any password replaced by '***', safe to print."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


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


def _mapping_hint(table: str, column: str) -> str:
    return (f"map it with columns={{'{table}': {{'{column}': '<your column>'}}}} "
            "(or in mapping.yaml under columns:)")


class Binding:
    """The canonical tables bound onto one Ibis backend."""

    def __init__(
        self,
        backend: Any,
        tables: Mapping[str, TableSource] | None = None,
        columns: Mapping[str, Mapping[str, str]] | None = None,
        description: str = "",
    ) -> None:
        tables = dict(tables or {})
        columns = {k: dict(v) for k, v in (columns or {}).items()}
        for name in [*tables, *columns]:
            if name not in TABLES:
                raise MappingError(
                    f"the mapping names {name!r}, which is not a canonical table."
                    f"{did_you_mean(name, TABLES)} Canonical tables: {', '.join(TABLES)}"
                )
        for name, cols in columns.items():
            known = TABLES[name].column_names
            for col in cols:
                if col not in known:
                    raise MappingError(
                        f"columns mapping for {name!r} names {col!r}, which is not one of its "
                        f"canonical columns.{did_you_mean(col, known)} "
                        f"Its columns: {', '.join(known)} (the mapping goes canonical: yours)"
                    )
        self.backend = backend
        self.description = description
        self._listed: list[str] | None = None
        self.tables: dict[str, BoundTable] = {
            name: self._bind(name, tables.get(name), columns.get(name, {})) for name in TABLES
        }

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
                listed = self._backend_tables()
                return None, source, (
                    f"mapped table {source!r} could not be read ({type(exc).__name__})."
                    f"{did_you_mean(table_name, listed)}"
                )
        raise MappingError(
            f"tables[{name!r}] is a {type(source).__name__}; give a table name, a pandas "
            "DataFrame, a pyarrow Table or an Ibis table"
        )

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
                    f"{did_you_mean(src, available)} {_mapping_hint(name, col.name)}"
                ))
                continue
            found = schema[src]
            how = _compatible(found, col.dtype)
            if how is None:
                problems[col.name] = ColumnProblem("type", (
                    f"column {name}.{col.name} (mapped from {label}.{src}) has type {found}, "
                    f"but {col.dtype} is needed; cast it in a view, or map a column of type "
                    f"{col.dtype}"
                ))
                continue
            expr = table[src]
            selected[col.name] = expr.cast(col.dtype) if how == "cast" else expr
        bound = table.select(**selected) if selected else None
        return BoundTable(name, label, bound, available, problems)

    # -- checks ----------------------------------------------------------------------------
    def problem(self, table: str, columns: tuple[str, ...], *, metric_id: str) -> MappingError | None:
        """The first reason `metric_id` cannot read `table.columns`, as a typed error (or None)."""
        bound = self.tables[table]
        who = f"metric {metric_id!r} needs"
        if bound.table is None:
            return MissingTableError(f"{who} table {table!r}: {bound.unavailable}")
        for col in columns:
            p = bound.problems.get(col)
            if p is None:
                continue
            cls = MissingColumnError if p.kind == "missing" else ColumnTypeError
            return cls(f"{who} {table}.{col}: {p.message}")
        return None

    def table(self, name: str) -> ir.Table:
        """The bound canonical table `name` (MissingTableError if unavailable)."""
        bound = self.tables[name]
        if bound.table is None:
            raise MissingTableError(bound.unavailable)
        return bound.table


def _load_mapping_file(path: str | os.PathLike) -> dict[str, Any]:
    import yaml

    p = Path(path)
    if not p.exists():
        raise MappingError(f"mapping file {str(p)!r} does not exist")
    try:
        data = yaml.safe_load(p.read_text()) or {}
    except yaml.YAMLError as exc:
        raise MappingError(f"mapping file {str(p)!r} is not valid YAML: {exc}") from None
    unknown = set(data) - {"tables", "columns"}
    if not isinstance(data, dict) or unknown:
        raise MappingError(
            f"mapping file {str(p)!r} may hold only 'tables:' and 'columns:' sections"
            + (f"; found {', '.join(sorted(unknown))}" if unknown else "")
        )
    return data


def open_backend(source: Any) -> tuple[Any, str]:
    """An Ibis backend for `source` (a URL or a backend) and a printable description.

    DuckDB files are opened read-only: csm_kit never writes to a user's warehouse.
    """
    if isinstance(source, str):
        safe = redact(source)
        try:
            if source.startswith("duckdb://") and source not in ("duckdb://", "duckdb:///:memory:"):
                # duckdb:///relative.db and duckdb:////absolute/path.db, as in SQLAlchemy URLs
                path = source.removeprefix("duckdb://").removeprefix("/")
                if not Path(path).exists():
                    raise MappingError(f"DuckDB file {path!r} does not exist")
                return ibis.duckdb.connect(path, read_only=True), safe
            return ibis.connect(source), safe
        except CsmKitError:
            raise
        except Exception as exc:
            msg = redact(str(exc)).splitlines()[0] if str(exc) else ""
            raise MappingError(
                f"could not connect to {safe}: {type(exc).__name__}: {msg}"
            ) from None
    if hasattr(source, "list_tables") and hasattr(source, "table"):
        return source, f"ibis {getattr(source, 'name', type(source).__name__)} backend"
    raise MappingError(
        f"connect() got a {type(source).__name__}; give a URL such as 'duckdb:///file.db' or "
        "'postgres://user@host/db', or an Ibis backend"
    )


def load_tables_into_duckdb(tables: Mapping[str, TableSource]) -> tuple[Any, dict[str, TableSource]]:
    """An in-memory DuckDB holding the given pandas / pyarrow tables; Ibis tables pass through."""
    con = ibis.duckdb.connect()
    out: dict[str, TableSource] = {}
    for name, value in tables.items():
        if isinstance(value, ir.Table):
            out[name] = value
        elif hasattr(value, "__arrow_c_stream__") or type(value).__name__ in ("DataFrame", "Table"):
            out[name] = ibis.memtable(value)
        elif isinstance(value, str):
            raise MappingError(
                f"tables[{name!r}] is the table name {value!r}, but no connection was given: "
                "pass connect(url, tables=...) or give a DataFrame"
            )
        else:
            raise MappingError(
                f"tables[{name!r}] is a {type(value).__name__}; give a pandas DataFrame, a pyarrow "
                "Table or an Ibis table"
            )
    return con, out


def mapping_from(
    tables: Mapping[str, TableSource] | None,
    columns: Mapping[str, Mapping[str, str]] | None,
    mapping: str | os.PathLike | None,
) -> tuple[dict[str, TableSource], dict[str, dict[str, str]]]:
    """Merge a mapping file with the tables= and columns= arguments (the arguments win)."""
    merged_tables: dict[str, TableSource] = {}
    merged_columns: dict[str, dict[str, str]] = {}
    if mapping is not None:
        data = _load_mapping_file(mapping)
        merged_tables.update(data.get("tables") or {})
        for k, v in (data.get("columns") or {}).items():
            merged_columns[k] = dict(v or {})
    merged_tables.update(tables or {})
    for k, v in (columns or {}).items():
        merged_columns.setdefault(k, {}).update(v)
    return merged_tables, merged_columns
