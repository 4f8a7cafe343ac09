"""Compiled plans: the SQL of a computation, kept per binding so that asking the same question
again (the explorer going back to a view, a notebook cell run twice, a scorecard after a compute)
skips building the Ibis expressions and compiling them, which is most of csm_kit's own time.

A plan's SQL depends only on the plan's arguments and on the date ranges the profile query
found, never on the rows themselves, so the key (:meth:`csm_kit.engine.Plan.cache_key`) holds
exactly those; the query itself runs every time, on the data as it is then.

Only DuckDB runs cached SQL text directly (its relation API takes SQL and returns Arrow); on
other backends csm_kit compiles each time, which their round trips dwarf anyway.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

    from csm_kit.errors import CsmKitError

SIZE = 64  # plans kept per binding: an explorer session's views, a notebook's cells


@dataclass(frozen=True)
class Compiled:
    """One plan's query: its SQL and the expression it came from (kept alive so that tables the
    expression holds in memory stay registered), plus what building it found out."""

    sql: str
    expr: ir.Table
    build_failures: dict[str, CsmKitError] = field(default_factory=dict)
    scorings: dict[Any, Any] = field(default_factory=dict)  # build key -> TextScoring


class PlanCache:
    """The last :data:`SIZE` compiled plans of one binding, least recently used dropped first."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._plans: OrderedDict[Hashable, Compiled] = OrderedDict()
        self.hits = 0  # how often a plan's SQL was reused (tests and benchmarks read it)

    def get(self, key: Hashable) -> Compiled | None:
        """The compiled plan under `key`, if kept."""
        found = self._plans.get(key)
        if found is not None:
            self._plans.move_to_end(key)
            self.hits += 1
        return found

    def put(self, key: Hashable, compiled: Compiled) -> None:
        """Keep `compiled` under `key`."""
        self._plans[key] = compiled
        self._plans.move_to_end(key)
        while len(self._plans) > self.size:
            self._plans.popitem(last=False)

    def drop(self, key: Hashable) -> None:
        """Forget `key` (its SQL failed to run)."""
        self._plans.pop(key, None)

    def __len__(self) -> int:
        return len(self._plans)


def runs_sql_text(backend: Any) -> bool:
    """Whether csm_kit runs cached SQL text on `backend` (DuckDB)."""
    from ibis.backends.duckdb import Backend as DuckDBBackend

    return isinstance(backend, DuckDBBackend)


def compile_sql(backend: Any, expr: ir.Table) -> str:
    """`expr` as SQL text of `backend`'s dialect."""
    return str(backend.compile(expr))


def run_sql(backend: Any, compiled: Compiled) -> pd.DataFrame:
    """Run `compiled` on a DuckDB `backend` and convert the result exactly as Ibis's own
    DuckDB ``execute`` does (same dtypes, same nulls)."""
    import pandas as pd
    import pyarrow.types as pat
    from ibis.backends.duckdb.converter import DuckDBPandasData

    backend._run_pre_execute_hooks(compiled.expr)  # registers in-memory tables, as execute does
    table = backend.con.sql(compiled.sql).to_arrow_table()
    df = pd.DataFrame({
        name: (col.to_pylist() if (pat.is_nested(col.type) or pat.is_dictionary(col.type)
                                   or col.null_count) else col.to_pandas())
        for name, col in zip(table.column_names, table.columns, strict=True)
    })
    df = DuckDBPandasData.convert_table(df, compiled.expr.schema())
    return compiled.expr.__pandas_result__(df)
