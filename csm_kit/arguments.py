"""Checks of the arguments of the public API (compute, to_sql, scorecard...), at the boundary.

Each function returns the argument in its normal form or raises a typed error that names the
argument, what it got and what is allowed, so nothing malformed travels into the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from csm_kit.errors import ArgumentError, DimensionError, ParamError

# the dialect names users know, onto Ibis's SQL compilers
DIALECTS: dict[str, str] = {
    "duckdb": "duckdb", "postgres": "postgres", "postgresql": "postgres", "bigquery": "bigquery",
    "snowflake": "snowflake", "trino": "trino", "spark": "pyspark", "pyspark": "pyspark",
    "databricks": "databricks", "mysql": "mysql", "sqlite": "sqlite", "mssql": "mssql",
    "oracle": "oracle", "clickhouse": "clickhouse", "datafusion": "datafusion", "athena": "athena",
    "impala": "impala", "exasol": "exasol", "risingwave": "risingwave", "flink": "flink",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def metric_ids(metrics: Any, *, what: str = "metrics") -> list[str]:
    """A list of metric ids, de-duplicated in order, from one id or a list of ids."""
    if isinstance(metrics, str):
        if "," in metrics:
            parts = [p.strip() for p in metrics.split(",") if p.strip()]
            raise ArgumentError(
                f"{what}={metrics!r} is one string; pass a list of metric ids: {parts!r}"
            )
        ids = [metrics]
    elif isinstance(metrics, Sequence) and not isinstance(metrics, bytes | bytearray):
        ids = list(metrics)
    else:
        raise ArgumentError(
            f"{what} must be a metric id or a list of metric ids, e.g. ['nps', 'mrr']; got "
            f"{type(metrics).__name__} {_shown(metrics)}"
        )
    if not ids:
        raise ArgumentError(f"{what} is empty: give at least one metric id, e.g. ['nps']")
    for m in ids:
        if not isinstance(m, str) or not m.strip():
            raise ArgumentError(
                f"{what} holds {_shown(m)}; every metric id is a non-empty string such as 'nps'"
            )
    return list(dict.fromkeys(m.strip() for m in ids))


def by_columns(by: Any) -> tuple[str, ...]:
    """The `by` columns as a tuple: None, one column name or a list of distinct names."""
    if by is None:
        return ()
    if isinstance(by, str):
        cols = [by]
    elif isinstance(by, Sequence) and not isinstance(by, bytes | bytearray):
        cols = list(by)
    else:
        raise DimensionError(f"by must be an accounts column name or a list of them, e.g. "
                             f"['segment']; got {type(by).__name__} {_shown(by)}")
    for c in cols:
        if not isinstance(c, str) or not c.strip():
            raise DimensionError(f"by holds {_shown(c)}; give accounts column names such as "
                                 "'segment'")
    dupes = sorted({c for c in cols if cols.count(c) > 1})
    if dupes:
        raise DimensionError(f"by names {', '.join(repr(d) for d in dupes)} more than once; list "
                             "each column once")
    return tuple(cols)


def params_by_metric(params: Any, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`params` keyed by metric id, each a mapping of param name to value."""
    if params is None:
        return {}
    example = "params={'csat': {'method': 'mean'}}"
    if not isinstance(params, Mapping):
        raise ParamError(f"params must be a mapping keyed by metric id, e.g. {example}; got "
                         f"{type(params).__name__} {_shown(params)}")
    out: dict[str, dict[str, Any]] = {}
    for key, values in params.items():
        if key not in ids:
            raise ParamError(
                f"params names {_shown(key)}, which is not among the metrics computed "
                f"({', '.join(ids)}); params are keyed by metric id, e.g. {example}"
            )
        if values is None:
            values = {}
        if not isinstance(values, Mapping):
            raise ParamError(
                f"params[{key!r}] must be a mapping of param name to value, e.g. "
                f"{{'{key}': {{'<param>': <value>}}}}; got {type(values).__name__} {_shown(values)}"
            )
        for name in values:
            if not isinstance(name, str):
                raise ParamError(f"params[{key!r}] has the key {_shown(name)}; param names are text")
        out[key] = dict(values)
    return out


def one_metric_params(params: Any, metric: str) -> dict[str, Any] | None:
    """The params of a single-metric call (to_sql): a mapping of param name to value."""
    if params is None:
        return None
    if not isinstance(params, Mapping):
        raise ParamError(f"params must be a mapping of param name to value for {metric!r}, e.g. "
                         f"{{'scale': '1-10'}}; got {type(params).__name__} {_shown(params)}")
    if metric in params and isinstance(params[metric], Mapping):
        raise ParamError(f"to_sql takes the params of {metric!r} directly: params={{...}}, not "
                         f"keyed by metric id")
    return dict(params)


def dialect(name: Any, default: str) -> str:
    """The Ibis SQL compiler name for a user's dialect name (None: `default`)."""
    if name is None:
        return default
    if not isinstance(name, str) or name.strip().lower() not in DIALECTS:
        raise ArgumentError(f"dialect {_shown(name)} is not one csm_kit compiles to; use one of "
                            f"{', '.join(sorted(DIALECTS))}")
    return DIALECTS[name.strip().lower()]


def flag(value: Any, what: str) -> bool:
    """A True/False argument."""
    if not isinstance(value, bool):
        raise ArgumentError(f"{what} must be True or False, not {_shown(value)}")
    return value
