"""connect() and the Kit: the analyst's entry point."""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ibis
import pandas as pd

from csm_kit import arguments
from csm_kit.binding import Binding, in_memory_backend
from csm_kit.cohorts import COHORTS, CohortFrame, check_measure, compute_cohorts
from csm_kit.comparison import LAGS
from csm_kit.engine import Plan
from csm_kit.errors import ArgumentError, ComputeError, ComputeWarning, CsmKitError, FilterWarning
from csm_kit.frame import MetricFrame, Scorecard
from csm_kit.mapping import TableSource, merge_mapping
from csm_kit.periods import (
    add_buckets,
    check_fiscal_year_start,
    format_period,
    parse_period,
    supported,
)
from csm_kit.registry import Registry, load_registry
from csm_kit.sources import LazyBackend, missing_extra, open_source

SAMPLE_ENV = "CSM_KIT_SAMPLE"
# what an operation Ibis cannot compile for a dialect is used for, in csm_kit's SQL
MISSING_OPERATIONS = {"IntegerRange": "the time spine: a generated range of bucket numbers"}


def sample_path() -> Path:
    """Where the embedded sample DuckDB lives (built on first use): $CSM_KIT_SAMPLE, or the
    user cache directory."""
    if os.environ.get(SAMPLE_ENV):
        return Path(os.environ[SAMPLE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "csm_kit"
    return base / f"sample-seed0-{generator_key()}.duckdb"


def generator_key() -> str:
    """A short hash of the sample generator's source: a file of sample data named with it is
    never read by a changed generator (the embedded sample, the benchmarks' data)."""
    from csm_kit import datasets

    code = b"".join(p.read_bytes() for p in sorted(Path(datasets.__file__).parent.glob("*.py")))
    return hashlib.sha256(code).hexdigest()[:12]


def ensure_sample(path: Path | None = None, *, progress: bool = False) -> Path:
    """Build the default sample DuckDB at `path` unless it is already there."""
    from csm_kit import datasets

    path = path or sample_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        datasets.write_duckdb(tmp, progress=progress)
        tmp.replace(path)
    return path


class Kit:
    """Metrics bound to one data source. Create it with :func:`csm_kit.connect`."""

    def __init__(self, binding: Binding, registry: Registry | None = None, *,
                 fiscal_year_start: int = 1) -> None:
        self.binding = binding
        self.registry = registry if registry is not None else load_registry()
        self.fiscal_year_start = check_fiscal_year_start(fiscal_year_start)

    def __repr__(self) -> str:
        backend = self.binding.backend
        if isinstance(backend, LazyBackend) and not backend.connected:
            return (f"<csm_kit.Kit on {self.binding.description}: not connected yet, "
                    f"{len(self.registry)} metrics registered>")
        ok = sum(1 for m in self.registry if self.why_not(m.id) == "")
        return f"<csm_kit.Kit on {self.binding.description}: {ok}/{len(self.registry)} metrics available>"

    # -- the catalog -----------------------------------------------------------------------
    def why_not(self, metric_id: str) -> str:
        """Why `metric_id` cannot be computed on the bound data ('' when it can)."""
        m = self.registry.get(metric_id)
        for dep in m.depends_on:
            reason = self.why_not(dep)
            if reason:
                return f"needs metric {dep!r}: {reason}"
        for table, columns in m.inputs_for(m.resolve_params(None)).items():  # the default
            problem = self.binding.problem(table, columns, metric_id=m.id)
            if problem is not None:
                return str(problem)
        return ""

    def metrics(self, category: str | None = None) -> pd.DataFrame:
        """The registry as a table: id, title, category, unit, direction, benchmark, available,
        why_not, plugin, source."""
        if category is not None and not isinstance(category, str):
            raise ArgumentError(f"category must be text such as 'Revenue and retention', not "
                                f"{type(category).__name__}")
        rows = []
        for m in self.registry:
            if category is not None and m.category.lower() != category.lower():
                continue
            why = self.why_not(m.id)
            rows.append({
                "id": m.id, "title": m.title, "category": m.category, "unit": m.unit,
                "direction": m.direction, "benchmark": m.describe_benchmark(),
                "available": why == "", "why_not": why, "plugin": m.plugin,
                "source": ", ".join(m.source),
            })
        return pd.DataFrame(rows, columns=["id", "title", "category", "unit", "direction",
                                           "benchmark", "available", "why_not", "plugin",
                                           "source"])

    # -- computing -------------------------------------------------------------------------
    def plan(self, metrics: Sequence[str] | str, **kwargs: Any) -> Plan:
        """A checked computation plan (see :meth:`compute` for the arguments)."""
        return Plan(self.registry, self.binding, metrics,
                    fiscal_year_start=self.fiscal_year_start, **kwargs)

    def compute(
        self,
        metrics: Sequence[str] | str,
        *,
        grain: str = "month",
        start: Any = None,
        end: Any = None,
        by: Sequence[str] | str | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        filters: Mapping[str, Any] | None = None,
        compare: str | None = None,
        as_of: str | None = None,
        strict: bool = False,
    ) -> MetricFrame:
        """Compute `metrics` per bucket of `grain` from `start` to `end` (the buckets holding
        them, both included; default: each metric from the first bucket in which its own input
        tables hold data, to the last bucket with data, today's at the latest), split by accounts
        columns `by`.

        `params` is keyed by metric id: ``params={"csat": {"method": "mean"}}``.
        `filters` restricts every metric to the accounts whose columns hold the given values:
        ``filters={"segment": ["enterprise", "mid-market"], "region": "eu"}``.
        `compare` adds `previous` (the value of the bucket before, 'previous', or of the same
        bucket a year earlier, 'year_ago') and `change` (value - previous).
        `as_of='data'` reads the data as of its last day when that is before today: a bucket
        ending after it is incomplete, and windows end on it.

        A metric whose inputs are missing or fail a data check is left out with its typed error
        in ``MetricFrame.errors`` (and a :class:`ComputeWarning`) while the others compute; with
        ``strict=True`` the first such error is raised instead, as it is when every metric fails.
        """
        frame, notes = self.computed(
            metrics, grain=grain, start=start, end=end, by=by, params=params, filters=filters,
            compare=compare, as_of=as_of, strict=strict)
        for note in notes:
            warnings.warn(note, FilterWarning, stacklevel=2)
        if frame.errors:
            warnings.warn(
                f"{len(frame.errors)} of {len(frame.metrics)} metrics could not be computed and "
                f"are left out: {'; '.join(str(e) for e in frame.errors.values())}",
                ComputeWarning, stacklevel=2)
        return frame

    def computed(self, metrics: Sequence[str] | str, **kwargs: Any) -> tuple[MetricFrame,
                                                                             list[str]]:
        """:meth:`compute` without warnings: the frame and the notes compute would warn with
        (filter values no account holds), for callers that show them their own way (the
        explorer, from a background thread, where Python's warning filters are not safe to
        touch)."""
        plan = self.plan(metrics, **kwargs)
        df, errors = plan.execute()
        frame = MetricFrame(
            df, metrics={m.id: m for m in plan.requested}, params=plan.params, grain=plan.grain,
            by=plan.by, errors=errors, compare=plan.compare,
            fiscal_year_start=self.fiscal_year_start,
        )
        return frame, plan.notes

    def to_sql(
        self,
        metric: str,
        *,
        dialect: str | None = None,
        grain: str = "month",
        start: Any = None,
        end: Any = None,
        by: Sequence[str] | str | None = None,
        params: Mapping[str, Any] | None = None,
        filters: Mapping[str, Any] | None = None,
        compare: str | None = None,
    ) -> str:
        """The SQL of one metric, in `dialect` (default: the backend's): duckdb, postgres,
        bigquery, snowflake, trino, spark, databricks... For a metric scored in Python
        (ctx.score_text, e.g. feedback_sentiment), the query that counts its distinct texts,
        under a comment saying so."""
        if not isinstance(metric, str):
            raise ArgumentError(f"to_sql takes one metric id such as 'nps', not "
                                f"{type(metric).__name__} {metric!r:.60}; call it once per metric")
        compiler = arguments.dialect(dialect, self.binding.backend.name)
        own = arguments.one_metric_params(params, metric)
        plan = self.plan([metric], grain=grain, start=start, end=end, by=by,
                         params={metric: own} if own else None, filters=filters,
                         compare=compare, strict=True)
        for note in plan.notes:
            warnings.warn(note, FilterWarning, stacklevel=2)
        expr = plan.expressions()[plan.requested[0].id]
        step = plan.text_scoring(plan.requested[0].id)
        note = ""
        if step is not None:  # the query is the counts of distinct texts; Python scores them
            expr = step.counts
            note = (f"-- {metric}: this query counts each distinct text per bucket; csm_kit "
                    "scores the texts in Python and takes the weighted mean\n")
        if compiler == "pyspark":  # its compiler reads options that the backend module registers
            try:
                _ = ibis.pyspark  # loading the backend registers them
            except ImportError as exc:
                raise missing_extra("pyspark", exc) from None
        try:
            return note + str(ibis.to_sql(expr, dialect=compiler))
        except Exception as exc:
            text = str(exc).strip()
            text = text.splitlines()[0] if text else ""
            op = re.search(r"rule for '(\w+)' operation", text)
            why = f" ({MISSING_OPERATIONS.get(op.group(1), 'an operation it needs')})" if op else ""
            raise ComputeError(
                f"metric {metric!r} cannot be compiled for {dialect or compiler}: "
                f"{type(exc).__name__}: {text}{why}"
            ) from None

    def explore(self, metric: str | None = None, **state: Any) -> Any:
        """An ipywidgets explorer (:class:`csm_kit.Explorer`) on `metric` (default: the first
        available), with any of its traits set: grain, start, end, by, filters, params,
        compare, bands, dialect. Needs the ``notebook`` extra."""
        try:
            from csm_kit.explorer import Explorer
        except ImportError as exc:
            raise CsmKitError(f"the explorer needs ipywidgets ({exc}); install it with: "
                              "pip install 'csm-kit[notebook]'") from None
        return Explorer(self, metric, **state)

    def cohorts(
        self,
        measure: str = "accounts",
        *,
        grain: str = "month",
        start: Any = None,
        end: Any = None,
        by: Sequence[str] | str | None = None,
        filters: Mapping[str, Any] | None = None,
        as_of: str | None = None,
    ) -> CohortFrame:
        """The retention table by acquisition cohort: for each cohort (the first bucket in which
        an account's MRR is above 0) and age (buckets since), how many of its accounts pay
        (measure='accounts') or their MRR (measure='mrr'), against the cohort's size at age 0.
        `start`/`end` select the buckets (cohorts acquired in them, observed to the end or
        today's bucket); `by` and `filters` as in :meth:`compute`. Computed in one query."""
        measure = check_measure(measure)  # before any query
        plan = self.plan([], grain=grain, start=start, end=end, by=by, filters=filters,
                         as_of=as_of, strict=True, declared=[COHORTS])
        for note in plan.notes:
            warnings.warn(note, FilterWarning, stacklevel=2)
        return CohortFrame(compute_cohorts(plan, measure), measure=measure, grain=plan.grain,
                           by=plan.account_by, fiscal_year_start=self.fiscal_year_start)

    def scorecard(self, period: str | None = None, *, compare: str = "previous",
                  filters: Mapping[str, Any] | None = None,
                  as_of: str | None = None) -> Scorecard:
        """Every available metric for `period` ('2025-06', '2025-Q2', '2025-W23', '2025';
        'FY2026-Q1' and 'FY2026' in a fiscal calendar; default: the last complete month with
        data) beside the bucket `compare` names ('previous' or 'year_ago'), with the change
        and the status, for the accounts matching `filters`. A period still under way is
        marked incomplete. A metric that cannot be computed carries the reason in `note`; the
        rest stand.
        """
        if compare not in LAGS:
            raise ArgumentError(f"a scorecard compares with 'previous' (the period before) or "
                                f"'year_ago' (the same period a year earlier), not {compare!r:.40}")
        available = [m for m in self.registry if self.why_not(m.id) == ""]
        if not available:
            raise CsmKitError("no metric is available on this data; see kit.metrics()")
        ids = [m.id for m in available]
        probe = None
        if period is None:  # the last complete month with data
            probe = self.plan(ids, grain="month", filters=filters, as_of=as_of)
            first, grain = add_buckets(probe.end, "month", -1), "month"
            if probe.end > probe.today:
                first = add_buckets(first, "month", -1)
        else:
            first, grain = parse_period(period, self.fiscal_year_start)
            supported(first, "period")
        notes: dict[str, str] = {}
        try:
            # failures are the notes' to say (no ComputeWarning); the range's profile is reused
            res, filter_notes = self.computed(
                ids, grain=grain, start=first, end=first, compare=compare, filters=filters,
                as_of=as_of, profile=probe.profile if probe is not None else None)
            for note in filter_notes:
                warnings.warn(note, FilterWarning, stacklevel=2)
            notes.update({k: str(v) for k, v in res.errors.items()})
            values = res.to_pandas()
        except CsmKitError as exc:  # every metric failed: the first reason is raised
            if isinstance(exc, ArgumentError):
                raise
            values = pd.DataFrame(columns=["metric", "period_start", "value", "status",
                                           "complete", "previous", "change"])
            notes.update(dict.fromkeys(ids, str(exc)))
        rows = []
        for m in available:
            now = values[(values.metric == m.id) & (values.period_start == pd.Timestamp(first))]

            def cell(column: str, now: pd.DataFrame = now) -> float | None:
                return (float(now[column].iloc[0]) if len(now) and pd.notna(now[column].iloc[0])
                        else None)

            rows.append({
                "metric": m.id, "title": m.title, "category": m.category,
                "unit": m.unit, "value": cell("value"), "previous": cell("previous"),
                "change": cell("change"),
                "status": now.status.iloc[0] if len(now) else None,
                "benchmark": m.describe_benchmark(), "note": notes.get(m.id, ""),
            })
        complete = bool(values["complete"].all()) if len(values) else True
        return Scorecard(pd.DataFrame(rows), period=format_period(first, grain,
                                                                  self.fiscal_year_start),
                         grain=grain, compare=compare, complete=complete, start=first)


def connect(
    source: Any = None,
    *,
    tables: Mapping[str, TableSource] | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    mapping: str | os.PathLike | None = None,
    fiscal_year_start: int = 1,
) -> Kit:
    """Bind data onto the canonical tables and return a :class:`Kit`.

    - ``connect()``: the embedded sample data in DuckDB (built once, then cached).
    - ``connect(tables={"subscriptions": df})``: pandas / pyarrow / Ibis tables, in-memory DuckDB.
    - ``connect("duckdb:///x.db" | "postgres://..." | "bigquery://project/dataset" | backend,
      tables={"subscriptions": "billing.subs"}, columns={"subscriptions": {"mrr": "amount"}})``
    - ``connect(url, mapping="mapping.yaml")``: the same tables/columns, from a YAML file.

    `fiscal_year_start` is the month (1-12) in which the fiscal year starts: quarter and year
    buckets follow it and are labelled like 'FY2026-Q1' (a fiscal year is named by the calendar
    year in which it ends). Month, week and day are unaffected.
    """
    fiscal_year_start = check_fiscal_year_start(fiscal_year_start)
    merged_tables, merged_columns = merge_mapping(tables, columns, mapping)
    if source is None:
        if merged_tables:
            backend, resolved = in_memory_backend(merged_tables)
            return Kit(Binding(backend, resolved, merged_columns, "in-memory DuckDB"),
                       fiscal_year_start=fiscal_year_start)
        path = ensure_sample()
        backend = ibis.duckdb.connect(str(path), read_only=True)
        return Kit(Binding(backend, {}, merged_columns, "the embedded sample (DuckDB)"),
                   fiscal_year_start=fiscal_year_start)
    backend, description = open_source(source)
    return Kit(Binding(backend, merged_tables, merged_columns, description),
               fiscal_year_start=fiscal_year_start)


