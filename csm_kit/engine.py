"""compute(): checks inputs, builds every requested metric on one time spine and runs them as
one query.

A :class:`Plan` is one computation: grain, range, `by` and params for a list of metrics. It
checks every input before anything runs, builds each formula lazily, fills the time spine
(counts 0, rates null) and unions all metrics into a single query.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from csm_kit.context import MISSING_DIMENSION, Context, Tables
from csm_kit.errors import (
    ComputeError,
    CsmKitError,
    DataQualityError,
    DimensionError,
    ParamError,
    did_you_mean,
)
from csm_kit.facts import FACTS
from csm_kit.metric import Metric
from csm_kit.periods import (
    add_buckets,
    bucket_count,
    bucket_start,
    check_grain,
    to_date,
)
from csm_kit.schema import TABLES

if TYPE_CHECKING:
    from csm_kit.binding import Binding
    from csm_kit.registry import Registry

class ComputeWarning(UserWarning):
    """A metric failed while the others were computed."""


class Plan:
    """One computation of several metrics at one grain, range and `by`."""

    def __init__(
        self,
        registry: Registry,
        binding: Binding,
        metrics: Sequence[str] | str,
        *,
        grain: str = "month",
        start: Any = None,
        end: Any = None,
        by: Sequence[str] | str | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.registry = registry
        self.binding = binding
        self.grain = check_grain(grain)
        ids = [metrics] if isinstance(metrics, str) else list(metrics)
        if not ids:
            raise ParamError("compute() needs at least one metric id")
        self.requested: list[Metric] = [registry.get(m) for m in dict.fromkeys(ids)]
        self.by: tuple[str, ...] = tuple([by] if isinstance(by, str) else (by or ()))
        params = dict(params or {})
        for key in params:
            if key not in ids:
                raise ParamError(
                    f"params names {key!r}, which is not among the metrics computed "
                    f"({', '.join(ids)}); params are keyed by metric id"
                )
        self.params: dict[str, dict[str, Any]] = {
            m.id: m.resolve_params(params.get(m.id)) for m in self.requested
        }
        self.all_metrics = self._with_dependencies(self.requested)
        self._check_inputs()
        self._check_by()
        self.today = today or dt.datetime.now(dt.UTC).date()
        self._ranges = self._profile()
        first, last = self._bucket_range(start, end)
        self.start = first
        self.end = add_buckets(last, self.grain, 1)
        self._built: dict[tuple[str, tuple], ir.Table] = {}
        self._facts: dict[str, ir.Table] = {}
        self._dims: ir.Table | None = None

    # -- checks before anything runs -------------------------------------------------------
    def _with_dependencies(self, metrics: list[Metric]) -> list[Metric]:
        seen: dict[str, Metric] = {}

        def visit(m: Metric) -> None:
            for dep in m.depends_on:
                visit(self.registry.get(dep))
            seen.setdefault(m.id, m)

        for m in metrics:
            visit(m)
        return list(seen.values())

    def _check_inputs(self) -> None:
        for m in self.all_metrics:
            for table, columns in m.inputs.items():
                problem = self.binding.problem(table, columns, metric_id=m.id)
                if problem is not None:
                    raise problem

    def _check_by(self) -> None:
        if not self.by:
            return
        accounts = TABLES["accounts"]
        for b in self.by:
            if b not in accounts.column_names or not accounts.column(b).dtype.is_string():
                allowed = [c.name for c in accounts.columns if c.dtype.is_string()]
                raise DimensionError(
                    f"by={b!r} is not a text column of accounts.{did_you_mean(b, allowed)} "
                    f"Split by one of: {', '.join(allowed)}"
                )
        for m in self.requested:
            problem = self.binding.problem("accounts", ("account_id", *self.by), metric_id=m.id)
            if problem is not None:
                raise problem

    # -- the range ---------------------------------------------------------------------------
    def _columns_read(self) -> dict[str, dict[str, str]]:
        """Canonical table -> column -> the first metric that reads it (keys and `by` included)."""
        read: dict[str, dict[str, str]] = {}
        for m in self.all_metrics:
            for table, columns in m.inputs.items():
                cols = read.setdefault(table, {})
                key = TABLES[table].key
                for c in (*columns, *([key] if key else [])):
                    cols.setdefault(c, m.id)
        if self.by:
            read.setdefault("accounts", {}).setdefault("account_id", self.requested[0].id)
        return read

    def _profile(self) -> dict[str, tuple[dt.date | None, dt.date | None]]:
        """One query over the input tables: the date range of each (min and max of its time
        columns), and the data checks (duplicate keys, nulls in required columns) that would
        otherwise give wrong numbers; a failed check raises DataQualityError."""
        parts: list[ir.Table] = []
        checks: list[tuple[str, str, str, str]] = []  # (alias, kind, table, column)
        read = self._columns_read()
        inputs = {t for m in self.all_metrics for t in m.inputs}  # `by` alone sets no range
        for name, columns in read.items():
            t = self.binding.table(name)
            aggs: dict[str, ir.Scalar] = {f"{name}__rows": t.count()}
            for c in TABLES[name].time_columns:
                if c not in t.columns or name not in inputs:
                    continue
                col = t[c].cast("date")
                if c in ("end_date", "ended_at"):  # exclusive ends: the last day is the day before
                    col = (col - ibis.interval(days=1)).cast("date")
                aggs[f"{name}__{c}__min"] = col.min()
                aggs[f"{name}__{c}__max"] = col.max()
            key = TABLES[name].key
            if key and key in t.columns:
                aggs[f"{name}__{key}__distinct"] = t[key].nunique()
                checks.append((f"{name}__{key}__distinct", "key", name, key))
            for c in columns:
                if c in t.columns and not TABLES[name].column(c).nullable:
                    aggs[f"{name}__{c}__nulls"] = t[c].isnull().ifelse(1, 0).sum()
                    checks.append((f"{name}__{c}__nulls", "nulls", name, c))
            parts.append(t.aggregate(**aggs))
        if not parts:
            return {}
        row = parts[0]
        for p in parts[1:]:
            row = row.cross_join(p)
        try:
            values = self.binding.backend.execute(row).iloc[0].to_dict()
        except Exception as exc:
            raise ComputeError(f"could not read the date range of {', '.join(read)}: "
                               f"{type(exc).__name__}: {str(exc).splitlines()[0]}") from None
        for alias, kind, table, column in checks:
            rows, found = int(values[f"{table}__rows"] or 0), int(values[alias] or 0)
            metric = read[table][column]
            if kind == "nulls" and found:
                raise DataQualityError(
                    f"metric {metric!r} reads {table}.{column}, which is null in {found:,} of "
                    f"{rows:,} rows; a required column must be filled: filter or fill those rows "
                    f"in a view, or map another column with columns={{'{table}': "
                    f"{{'{column}': ...}}}}"
                )
            if kind == "key" and found < rows - self._null_count(values, table, column):
                raise DataQualityError(
                    f"metric {metric!r} reads {table}, whose key {column} is not unique "
                    f"({rows:,} rows, {found:,} distinct values): duplicated rows would be "
                    f"counted twice. Deduplicate in a view, or map the right key column"
                )
        ranges: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        for name in inputs:
            lows = [_as_date(v) for k, v in values.items() if k.startswith(f"{name}__") and
                    k.endswith("__min")]
            highs = [_as_date(v) for k, v in values.items() if k.startswith(f"{name}__") and
                     k.endswith("__max")]
            lows = [d for d in lows if d is not None]
            highs = [d for d in highs if d is not None]
            ranges[name] = (min(lows) if lows else None, max(highs) if highs else None)
        return ranges

    @staticmethod
    def _null_count(values: Mapping[str, Any], table: str, column: str) -> int:
        return int(values.get(f"{table}__{column}__nulls") or 0)

    def data_start(self, table: str) -> dt.date | None:
        """The first date in `table` (None when it is empty)."""
        return self._ranges.get(table, (None, None))[0]

    def _bucket_range(self, start: Any, end: Any) -> tuple[dt.date, dt.date]:
        lows = [r[0] for r in self._ranges.values() if r[0] is not None]
        highs = [min(r[1], self.today) for r in self._ranges.values() if r[1] is not None]
        s = to_date(start, "start") if start is not None else (min(lows) if lows else None)
        e = to_date(end, "end") if end is not None else (max(highs) if highs else None)
        if s is None or e is None:
            raise ComputeError(
                "the input tables hold no rows, so there is no date range: pass start= and end="
            )
        if e < s:
            raise CsmKitError(f"end {e} is before start {s}")
        return bucket_start(s, self.grain), bucket_start(e, self.grain)

    # -- building blocks for formulas ---------------------------------------------------------
    def table(self, name: str) -> ir.Table:
        """A bound canonical table."""
        return self.binding.table(name)

    def dims(self) -> ir.Table:
        """accounts reduced to dim_account_id and the `by` columns, as text."""
        if self._dims is None:
            acc = self.binding.table("accounts")
            self._dims = acc.select(
                dim_account_id=acc.account_id, **{b: acc[b].cast("string") for b in self.by}
            )
        return self._dims

    def spine(self) -> ir.Table:
        """One row per bucket in range: period_start."""
        n = bucket_count(self.start, add_buckets(self.end, self.grain, -1), self.grain)
        i = ibis.range(0, n).unnest().name("i").as_table()
        ctx = self._context_for(None, {})
        return i.select(period_start=(ibis.date(self.start) + ctx.step(i.i)).cast("date"))

    def fact(self, name: str, ctx: Context) -> ir.Table:
        """The shared fact `name`, built once for this plan."""
        if name not in self._facts:
            if name not in FACTS:
                raise CsmKitError(f"unknown fact {name!r}; known: {', '.join(FACTS)}")
            self._facts[name] = FACTS[name](ctx)
        return self._facts[name]

    def _context_for(self, metric: Metric | None, params: dict[str, Any]) -> Context:
        return Context(
            metric_id=metric.id if metric else "",
            grain=self.grain,
            by=self.by,
            params=params,
            start=self.start,
            end=self.end,
            plan=self,
        )

    def metric_table(self, metric_id: str, params: Mapping[str, Any] | None = None) -> ir.Table:
        """The spine-filled result of `metric_id` under `params` (defaults where not given)."""
        metric = self.registry.get(metric_id)
        resolved = (
            self.params[metric_id] if params is None and metric_id in self.params
            else metric.resolve_params(params)
        )
        key = (metric_id, tuple(sorted((k, repr(v)) for k, v in resolved.items())))
        if key not in self._built:
            self._built[key] = self._build(metric, resolved)
        return self._built[key]

    def _build(self, metric: Metric, params: dict[str, Any]) -> ir.Table:
        ctx = self._context_for(metric, params)
        tables = Tables({name: self.binding.table(name) for name in metric.inputs})
        where = f"metric {metric.id!r} (plugin {metric.plugin!r})"
        try:
            out = metric.formula(tables, ctx)
        except CsmKitError:
            raise
        except Exception as exc:
            raise ComputeError(
                f"{where}: its formula raised {type(exc).__name__}: {exc}"
            ) from exc
        expected = ["period_start", *self.by, "value"]
        if not isinstance(out, ir.Table) or any(c not in out.columns for c in expected):
            got = list(out.columns) if isinstance(out, ir.Table) else type(out).__name__
            raise ComputeError(f"{where}: its formula must return a table with {expected}, got "
                               f"{got}")
        out = out.select(
            period_start=out.period_start.cast("date"),
            **{b: out[b].cast("string") for b in self.by},
            value=out.value.cast("float64"),
        )
        groups = self.spine()
        if self.by:
            dims = self.dims().select(
                **{b: ibis._[b].fill_null(MISSING_DIMENSION) for b in self.by}
            )
            seen = dims.union(out.select(*self.by)).distinct()
            groups = groups.cross_join(seen)
        keys = ["period_start", *self.by]
        joined = groups.left_join(out, keys)
        value = joined.value
        if metric.empty_value is not None:
            value = value.fill_null(metric.empty_value)
        return joined.select(*keys, value=value)

    # -- execution ---------------------------------------------------------------------------
    def expressions(self) -> dict[str, ir.Table]:
        """The lazy result table of each requested metric."""
        return {m.id: self.metric_table(m.id) for m in self.requested}

    def _labelled(self, metric_id: str, table: ir.Table) -> ir.Table:
        return table.select(
            metric=ibis.literal(metric_id), period_start=table.period_start,
            **{b: table[b] for b in self.by}, value=table.value,
        )

    def execute(self) -> tuple[pd.DataFrame, dict[str, str]]:
        """Run every requested metric in one query; a failing metric is isolated and reported."""
        exprs = {mid: self._labelled(mid, t) for mid, t in self.expressions().items()}
        backend = self.binding.backend
        errors: dict[str, str] = {}
        try:
            df = backend.execute(ibis.union(*exprs.values()) if len(exprs) > 1 else
                                 next(iter(exprs.values())))
        except Exception:
            frames = []
            for mid, expr in exprs.items():
                try:
                    frames.append(backend.execute(expr))
                except Exception as exc:
                    msg = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                    errors[mid] = msg
                    warnings.warn(f"metric {mid!r} failed on the backend: {msg}", ComputeWarning,
                                  stacklevel=3)
            df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
                columns=["metric", "period_start", *self.by, "value"])
        df["period_start"] = pd.to_datetime(df["period_start"]).dt.date
        order = {m.id: i for i, m in enumerate(self.requested)}
        df = df.sort_values(
            ["metric", "period_start", *self.by], key=lambda s: s.map(order) if s.name == "metric"
            else s
        ).reset_index(drop=True)
        return df, errors


def _as_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except Exception:
        return None
