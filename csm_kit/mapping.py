"""The mapping of a user's tables and columns onto the canonical ones: `tables=`, `columns=` and
mapping.yaml, checked for shape before anything is bound.

Both directions are canonical name -> the user's name::

    tables:   {subscriptions: billing.subs}
    columns:  {subscriptions: {account_id: customer_id, mrr: monthly_amount}}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from csm_kit.errors import MappingError, did_you_mean
from csm_kit.schema import TABLES

TableSource = Any  # str (a table name in the backend), pandas.DataFrame, pyarrow.Table, ibis.Table
EXAMPLE = "tables: {subscriptions: billing.subs}; columns: {subscriptions: {mrr: monthly_amount}}"


def _check_table_name(name: Any, where: str) -> str:
    if not isinstance(name, str):
        raise MappingError(f"{where} has the key {name!r}; keys are canonical table names "
                           f"({', '.join(TABLES)})")
    if name not in TABLES:
        raise MappingError(
            f"{where} names {name!r}, which is not a canonical table.{did_you_mean(name, TABLES)} "
            f"Canonical tables: {', '.join(TABLES)}"
        )
    return name


def check_tables(tables: Any, where: str = "tables=") -> dict[str, TableSource]:
    """`tables` as a dict of canonical table name -> source, or MappingError."""
    if tables is None:
        return {}
    if not isinstance(tables, Mapping):
        raise MappingError(f"{where} must be a mapping of canonical table name to your table, e.g. "
                           f"{{'subscriptions': 'billing.subs'}}; got a {type(tables).__name__}")
    out: dict[str, TableSource] = {}
    for name, source in tables.items():
        _check_table_name(name, where)
        if source is None or (isinstance(source, str) and not source.strip()):
            raise MappingError(f"{where} maps {name!r} to {source!r}; give a table name or a table")
        out[name] = source
    return out


def check_columns(columns: Any, where: str = "columns=") -> dict[str, dict[str, str]]:
    """`columns` as canonical table -> canonical column -> the user's column, or MappingError."""
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise MappingError(f"{where} must be a mapping of canonical table to a mapping of columns, "
                           f"e.g. {{'subscriptions': {{'mrr': 'monthly_amount'}}}}; got a "
                           f"{type(columns).__name__}")
    out: dict[str, dict[str, str]] = {}
    for name, cols in columns.items():
        _check_table_name(name, where)
        if cols is None:
            cols = {}
        if not isinstance(cols, Mapping):
            raise MappingError(f"{where} for {name!r} must map canonical columns to yours, e.g. "
                               f"{{'mrr': 'monthly_amount'}}; got a {type(cols).__name__}")
        known = TABLES[name].column_names
        out[name] = {}
        for col, theirs in cols.items():
            if not isinstance(col, str) or col not in known:
                raise MappingError(
                    f"{where} for {name!r} names {col!r}, which is not one of its canonical columns."
                    f"{did_you_mean(str(col), known)} Its columns: {', '.join(known)} "
                    "(the mapping goes canonical: yours)"
                )
            if not isinstance(theirs, str) or not theirs.strip():
                raise MappingError(f"{where} maps {name}.{col} to {theirs!r}; give the name of "
                                   "your column as text")
            out[name][col] = theirs
    return out


def load_mapping_file(path: str | os.PathLike) -> tuple[dict[str, TableSource], dict[str, dict[str, str]]]:
    """The tables and columns of a mapping YAML file, checked (MappingError naming the file)."""
    import yaml

    if not isinstance(path, str | os.PathLike):
        raise MappingError(f"mapping= must be the path of a YAML file, not a {type(path).__name__}")
    p = Path(path)
    where = f"mapping file {str(p)!r}"
    if not p.exists():
        raise MappingError(f"{where} does not exist")
    if not p.is_file():
        raise MappingError(f"{where} is not a file")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise MappingError(f"{where} is not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise MappingError(f"{where} is not valid YAML{at}: {problem}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise MappingError(f"{where} must hold a mapping with 'tables:' and/or 'columns:' sections, "
                           f"not a {type(data).__name__}; e.g. {EXAMPLE}")
    unknown = [str(k) for k in data if k not in ("tables", "columns")]
    if unknown:
        raise MappingError(f"{where} may hold only 'tables:' and 'columns:' sections; found "
                           f"{', '.join(unknown)}")
    tables = check_tables(data.get("tables"), f"{where}, tables:")
    for name, source in tables.items():
        if not isinstance(source, str):
            raise MappingError(f"{where}, tables: maps {name!r} to {source!r}; give a table name")
    return tables, check_columns(data.get("columns"), f"{where}, columns:")


def merge_mapping(
    tables: Any, columns: Any, mapping: str | os.PathLike | None
) -> tuple[dict[str, TableSource], dict[str, dict[str, str]]]:
    """The mapping file overlaid with the tables= and columns= arguments (the arguments win)."""
    merged_tables, merged_columns = load_mapping_file(mapping) if mapping is not None else ({}, {})
    merged_tables.update(check_tables(tables))
    for name, cols in check_columns(columns).items():
        merged_columns.setdefault(name, {}).update(cols)
    return merged_tables, merged_columns
