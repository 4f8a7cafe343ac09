"""compute(): checks inputs, builds every requested metric on one time spine and runs them as
one query.

A :class:`Plan` is one computation: grain, range, `by` and params for a list of metrics. It
checks every input before anything runs, builds each formula lazily, fills the time spine
(counts 0, rates null) and unions all metrics into a single query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from csm_kit import arguments, scoring
from csm_kit.comparison import check_compare, lag, previous_in_pandas, with_previous
from csm_kit.context import Context, Tables, sequence
from csm_kit.errors import (
    ArgumentError,
    ComputeError,
    CsmKitError,
    DeclarationError,
    DimensionError,
    PeriodError,
    did_you_mean,
)
from csm_kit.filters import account_key, check_columns, check_filters, restrict, unmatched_values
from csm_kit.metric import Metric
from csm_kit.periods import (
    FIRST_DATE,
    add_buckets,
    bucket_count,
    bucket_start,
    check_fiscal_year_start,
    check_grain,
    supported,
    to_date,
)
from csm_kit.profile import Profile, run_profile
from csm_kit.schema import TABLES
from csm_kit.scoring import TextScoring

if TYPE_CHECKING:
    from csm_kit.binding import Binding
    from csm_kit.registry import Registry

AS_OF = ("today", "data")


def check_as_of(as_of: Any) -> str:
    """`as_of` in normal form: 'today' (None) or 'data'."""
    if as_of is None:
        return "today"
    if isinstance(as_of, str) and as_of in AS_OF:
        return as_of
    raise ArgumentError(
        f"as_of must be 'today' (buckets ending after today are incomplete; the default) or "
        f"'data' (after the data's last day, when that is earlier), not {as_of!r:.60}")


def utc_today() -> dt.date:
    """Today in UTC: the day after which buckets have not happened yet."""
    return dt.datetime.now(dt.UTC).date()


MAX_BUCKETS = 100_000  # a spine longer than this is a mistake (a sentinel date in the data...)
MAX_ROWS = 10_000_000  # buckets x groups x metrics: more is a runaway split, not an analysis


class Plan:
    """One computation of several metrics at one grain, range and `by`.

    Arguments are checked first (typed errors, nothing runs). Then each metric's inputs and data
    are checked; a metric that fails a check is set aside in :attr:`failures` with its typed
    error while the others go on, unless `strict` is set. When every requested metric fails,
    the first failure is raised.
    """

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
        filters: Mapping[str, Any] | None = None,
        compare: str | None = None,
        as_of: str | None = None,
        fiscal_year_start: int = 1,
        today: dt.date | None = None,
        strict: bool = False,
        declared: Sequence[Metric] = (),
        profile: tuple[Any, Profile] | None = None,
    ) -> None:
        self.registry = registry
        self.binding = binding
        self.grain = check_grain(grain)
        # `declared`: computations the caller declares itself (kit.cohorts), checked like metrics
        ids = arguments.metric_ids(metrics) if metrics or not declared else []
        self.requested: list[Metric] = [registry.get(m) for m in ids] + list(declared)
        ids = [m.id for m in self.requested]
        self.by: tuple[str, ...] = arguments.by_columns(by)
        account_columns = {c.name for c in TABLES["accounts"].columns}
        # the `by` columns read from accounts; the others are metrics' own dimensions
        self.account_by = tuple(b for b in self.by if b in account_columns)
        given = arguments.params_by_metric(params, ids)
        self.params: dict[str, dict[str, Any]] = {
            m.id: m.resolve_params(given.get(m.id)) for m in self.requested
        }
        self.strict = arguments.flag(strict, "strict")
        self.filters = check_filters(filters)
        self.compare = check_compare(compare)
        as_of = check_as_of(as_of)
        self.fiscal_year_start = fys = check_fiscal_year_start(fiscal_year_start)
        start_day = supported(to_date(start, "start", fys), "start") if start is not None else None
        end_day = supported(to_date(end, "end", fys), "end") if end is not None else None
        if start_day is not None and end_day is not None and end_day < start_day:
            raise PeriodError(f"end {end_day} is before start {start_day}")
        self.all_metrics = self._with_dependencies(self.requested)
        self._check_by_names()
        check_columns(self.filters)
        self.failures: dict[str, CsmKitError] = {}
        # the `profile` of a plan made moments ago for the same reads, reused rather than run
        # again (kit.scorecard asks for the range first); any other reads run their own
        self._given_profile = profile
        self._check_inputs()
        self.today = today or utc_today()
        self._ranges = self._check_data()
        self._settle()
        if as_of == "data":
            self.today = min(self.today, self._data_end())
        # notes for the caller to show (FilterWarning): a filter value that no account holds
        self.notes: list[str] = (unmatched_values(self.binding, self.filters)
                                 if self.filters and self.ok_metrics else [])
        self._start_given = start_day is not None
        first, last = self._bucket_range(start_day, end_day)
        self._check_size(bucket_count(first, last, self.grain))
        self.shown_start = first  # the first bucket shown; the range begins `lag` buckets earlier
        self.lag = lag(self.compare, self.grain)
        self.start = add_buckets(first, self.grain, -self.lag)
        self.end = add_buckets(last, self.grain, 1)
        self._built: dict[tuple[str, tuple], ir.Table] = {}
        self._scorings: dict[tuple[str, tuple], TextScoring] = {}  # Python steps, by build key
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

    def _params_of(self, m: Metric) -> dict[str, Any]:
        """The resolved params of `m` in this plan (defaults for a dependency)."""
        return self.params.get(m.id) or m.resolve_params(None)

    @property
    def ok_metrics(self) -> list[Metric]:
        """The metrics (with their dependencies) that passed every check so far."""
        return [m for m in self.all_metrics if m.id not in self.failures]

    def _fail(self, metric_id: str, error: CsmKitError) -> None:
        self.failures.setdefault(metric_id, error)

    def _check_by_names(self) -> None:
        if not self.by:
            return
        accounts = TABLES["accounts"]
        allowed = [c.name for c in accounts.columns if c.dtype.is_string()]
        own = list(dict.fromkeys(d for m in self.requested for d in m.dimensions))
        for b in self.by:
            if b in allowed or b in own:
                continue
            owners = [m.id for m in self.registry if b in m.dimensions]
            if owners:
                raise DimensionError(
                    f"by={b!r} splits only {', '.join(owners)} (a column of its own rows, not "
                    "of accounts); ask for it, or split by an accounts column: "
                    f"{', '.join(allowed)}")
            every = allowed + sorted({d for m in self.registry for d in m.dimensions})
            raise DimensionError(
                f"by={b!r} is not a text column of accounts.{did_you_mean(b, every)} "
                f"Split by one of: {', '.join(allowed + own)}")

    def _needs(self, m: Metric) -> dict[str, tuple[str, ...]]:
        """The tables and columns `m` reads in this plan: its inputs, the account key of each
        when filtered, and accounts' `by` and filter columns."""
        needs = {t: tuple(c) for t, c in m.inputs_for(self._params_of(m)).items()}
        if self.filters:
            for table, columns in needs.items():
                key = account_key(table)
                if key is not None and key not in columns:
                    needs[table] = (*columns, key)
        if self.account_by or self.filters:  # besides the accounts columns it reads itself
            needs["accounts"] = tuple(dict.fromkeys(
                (*needs.get("accounts", ()), "account_id", *self.account_by, *self.filters)))
        return needs

    def _check_inputs(self) -> None:
        for m in self.all_metrics:
            if self.filters and not m.splittable:
                self._fail(m.id, DimensionError(
                    f"metric {m.id!r} cannot be filtered by {', '.join(self.filters)}: its rows "
                    "carry no account; compute it without filters="))
                continue
            if self.by and not m.splittable:
                self._fail(m.id, DimensionError(
                    f"metric {m.id!r} cannot be split by {', '.join(self.by)}: its rows carry no "
                    "account; compute it without by="))
                continue
            foreign = [b for b in self.by if b not in self.account_by and b not in m.dimensions]
            if foreign:
                owners = [o.id for o in self.registry if foreign[0] in o.dimensions]
                self._fail(m.id, DimensionError(
                    f"metric {m.id!r} cannot be split by {foreign[0]!r}: that is not an accounts "
                    f"column, and it splits only {', '.join(owners)}; compute {m.id!r} without "
                    f"by={foreign[0]!r}"))
                continue
            for table, columns in self._needs(m).items():
                problem = self.binding.problem(table, tuple(columns), metric_id=m.id)
                if problem is not None:
                    self._fail(m.id, problem)
                    break

    def _columns_read(self) -> dict[str, dict[str, list[str]]]:
        """Canonical table -> column -> the metrics that read it (keys and `by` included)."""
        read: dict[str, dict[str, list[str]]] = {}
        for m in self.ok_metrics:
            for table, columns in self._needs(m).items():
                cols = read.setdefault(table, {})
                key = TABLES[table].key
                for c in (*columns, *([key] if key else [])):
                    cols.setdefault(c, []).append(m.id)
        return read

    def _check_data(self) -> dict[str, tuple[dt.date | None, dt.date | None]]:
        """Run the profile query; every metric that reads a failing column (or an unreadable
        table) is set aside with a DataQualityError (ComputeError). Returns the date ranges."""
        read = self._columns_read()
        inputs = {t for m in self.ok_metrics for t in m.inputs_for(self._params_of(m))}  # not `by`
        reads = ({t: frozenset(c) for t, c in read.items()}, frozenset(inputs), self.account_by)
        given = self._given_profile
        profile = (given[1] if given is not None and given[0] == reads
                   else run_profile(self.binding, *reads))
        self.profile = (reads, profile)  # a later plan of the same reads may take it (scorecard)
        self._groups = profile.groups
        for finding in profile.findings:
            readers = (read[finding.table].get(finding.column, []) if finding.kind != "early"
                       else {m for ms in read[finding.table].values() for m in ms})  # the range
            for metric_id in readers:
                self._fail(metric_id, finding.error(metric_id))
        for table, error in profile.unreadable.items():
            for metric_id in {m for ms in read[table].values() for m in ms}:
                self._fail(metric_id, error)
        return profile.ranges

    def _settle(self) -> None:
        """Fail the metrics whose dependencies failed; raise when strict or nothing is left."""
        changed = True
        while changed:
            changed = False
            for m in self.ok_metrics:
                bad = [d for d in m.depends_on if d in self.failures]
                if bad:
                    self._fail(m.id, type(self.failures[bad[0]])(
                        f"metric {m.id!r} needs metric {bad[0]!r}: {self.failures[bad[0]]}"))
                    changed = True
        failed = [m.id for m in self.requested if m.id in self.failures]
        if failed and (self.strict or len(failed) == len(self.requested)):
            raise self.failures[failed[0]]

    def _check_size(self, buckets: int) -> None:
        metrics = len([m for m in self.requested if m.id not in self.failures])
        rows = buckets * self._groups * metrics
        if rows > MAX_ROWS:
            raise ArgumentError(
                f"this computation could return {rows:,} rows ({buckets:,} buckets x up to "
                f"{self._groups:,} groups of {', '.join(self.by) or 'nothing'} x {metrics} metrics), "
                f"more than {MAX_ROWS:,}: narrow start/end, use a coarser grain, or split by fewer "
                "columns"
            )

    # -- the range ---------------------------------------------------------------------------
    def data_start(self, table: str) -> dt.date | None:
        """The first date in `table` (None when it is empty), not before FIRST_DATE."""
        first = self._ranges.get(table, (None, None))[0]
        return None if first is None else max(first, FIRST_DATE)

    def _data_end(self) -> dt.date:
        """The last day with data in the tables the metrics read (as_of='data')."""
        tables = {t for m in self.ok_metrics for t in m.inputs_for(self._params_of(m))}
        highs = [r[1] for t, r in self._ranges.items() if t in tables and r[1] is not None]
        return max(highs) if highs else self.today

    def own_start(self, metric: Metric) -> dt.date:
        """The first bucket of requested `metric`'s rows: with no start= given, the first
        bucket in which every one of its own input tables holds data (NPS rows do not start with
        subscriptions; value attainment, which reads usage of paying accounts, starts with the
        usage data, not with the first subscription); else the first bucket shown."""
        if self._start_given:
            return self.shown_start
        firsts = [self.data_start(t) for t in metric.inputs_for(self._params_of(metric))]
        firsts = [d for d in firsts if d is not None]
        if not firsts:
            return self.shown_start
        return max(self.shown_start, self._bucket_start(max(firsts)))

    def _bucket_start(self, day: dt.date, grain: str | None = None) -> dt.date:
        return bucket_start(day, grain or self.grain, self.fiscal_year_start)

    def _bucket_range(self, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
        tables = {t for m in self.ok_metrics for t in m.inputs_for(self._params_of(m))}
        ranges = [r for t, r in self._ranges.items() if t in tables]
        lows = [max(r[0], FIRST_DATE) for r in ranges if r[0] is not None]
        highs = [min(r[1], self.today) for r in ranges if r[1] is not None]
        s = start if start is not None else (min(lows) if lows else None)
        e = end if end is not None else (max(highs) if highs else None)
        if s is None or e is None:
            raise ComputeError(
                "the input tables hold no rows, so there is no date range: pass start= and end="
            )
        if e < s:
            raise PeriodError(f"end {e} is before start {s}" + (
                "" if start is not None and end is not None else
                " (a default bound comes from the data; pass both start= and end=)"))
        first, last = self._bucket_start(s), self._bucket_start(e)
        n = bucket_count(first, last, self.grain)
        if n > MAX_BUCKETS:
            raise PeriodError(
                f"{first} to {last} at grain {self.grain} is {n:,} buckets (more than "
                f"{MAX_BUCKETS:,}); pass start= and end=, or a coarser grain"
            )
        return first, last

    # -- building blocks for formulas ---------------------------------------------------------
    def table(self, name: str) -> ir.Table:
        """A bound canonical table, reduced to the accounts that match the filters."""
        table = self.binding.table(name)
        if not self.filters:
            return table
        return restrict(name, table, self.binding.table("accounts"), self.filters)

    def dims(self) -> ir.Table:
        """accounts (those matching the filters) reduced to dim_account_id and the `by` columns
        it holds, as text."""
        if self._dims is None:
            acc = self.table("accounts")
            self._dims = acc.select(
                dim_account_id=acc.account_id,
                **{b: acc[b].cast("string") for b in self.account_by},
            )
        return self._dims

    def spine(self, grain: str | None = None, start: dt.date | None = None) -> ir.Table:
        """One row per bucket of `grain` (default: the plan's) from the bucket holding `start`
        (default: the range's start) to the range's end: period_start."""
        grain = grain or self.grain
        first = self._bucket_start(start or self.start, grain)
        last = self._bucket_start(self.end - dt.timedelta(days=1), grain)
        i = sequence(bucket_count(first, last, grain))
        ctx = self._context_for(None, {})
        return i.select(period_start=(ibis.date(first) + ctx.step(i.i, grain)).cast("date"))

    def fact(self, name: str, ctx: Context) -> ir.Table:
        """The shared fact `name`, built once for this plan. A metric reads only the facts it
        declares (their inputs were checked as its own)."""
        if ctx.metric_id in self.registry:
            declared = self.registry.get(ctx.metric_id).facts_for(ctx.params)
        else:
            reader = self.registry.facts_by_id.get(ctx.metric_id)
            declared = reader.facts if reader is not None else ()
        if name not in declared:
            word = "metric" if ctx.metric_id in self.registry else "fact"
            raise DeclarationError(
                f"{word} {ctx.metric_id!r} reads fact {name!r} without declaring it: add "
                f"facts=[{name!r}] to its @{word}")
        if name not in self._facts:
            f = self.registry.facts_by_id[name]
            tables = Tables({t: self.table(t) for t in f.inputs})  # its own, not read ones
            context = Context(metric_id=f.id, grain=self.grain, by=self.by, params={},
                              start=self.start, end=self.end, plan=self)
            self._facts[name] = f.builder(tables, context)
        return self._facts[name]

    def context(self, metric: Metric) -> Context:
        """The context a computation declared as `metric` is built in (its default params)."""
        return self._context_for(metric, self._params_of(metric))

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

    def metric_table(self, metric_id: str, params: Mapping[str, Any] | None = None, *,
                     reader: str | None = None) -> ir.Table:
        """The spine-filled result of `metric_id` under `params` (defaults where not given);
        `reader` is the metric whose formula asks for it, if any."""
        metric = self.registry.get(metric_id)
        resolved = (
            self.params[metric_id] if params is None and metric_id in self.params
            else metric.resolve_params(params)
        )
        key = _build_key(metric_id, resolved)
        if key not in self._built:
            self._built[key] = self._build(metric, resolved)
        if reader is not None and key in self._scorings:
            raise DeclarationError(
                f"metric {reader!r} reads metric {metric_id!r}, whose values are scored in Python "
                "after the query (ctx.score_text), so no formula can build on them")
        return self._built[key]

    def add_text_scoring(self, ctx: Context, step: TextScoring) -> None:
        """Record the Python step of the metric being built under `ctx` (ctx.score_text)."""
        self._scorings[_build_key(ctx.metric_id, ctx.params)] = step

    def text_scoring(self, metric_id: str) -> TextScoring | None:
        """The Python step of requested metric `metric_id` under its params, if it has one."""
        return self._scorings.get(_build_key(metric_id, self.params[metric_id]))

    def _build(self, metric: Metric, params: dict[str, Any]) -> ir.Table:
        ctx = self._context_for(metric, params)
        tables = Tables({name: self.table(name) for name in metric.inputs_for(params)})
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
        try:
            out = out.select(
                period_start=out.period_start.cast("date"),
                **{b: out[b].cast("string") for b in self.by},
                value=out.value.cast("float64"),
            )
        except Exception as exc:  # e.g. a text value or a period_start that is not a date
            raise ComputeError(f"{where}: its result cannot be read as period_start (date), "
                               f"{', '.join(self.by) + ', ' if self.by else ''}value (number): "
                               f"{type(exc).__name__}: {exc}") from None
        groups = self.spine()
        if self.by:  # every group of accounts, and any group only the metric's rows carry
            own = [b for b in self.by if b not in self.account_by]
            every = self.dims().select(*self.account_by) if self.account_by else None
            if own:  # a metric's own dimension: the values its rows hold
                values = out.select(*own).distinct()
                every = values if every is None else every.distinct().cross_join(values)
            seen = every.select(*self.by).union(out.select(*self.by)).distinct()
            groups = groups.cross_join(seen)
        # a null group is a group of its own (not merged with a real '(none)' value): match
        # groups with IS NOT DISTINCT FROM
        joined = groups.left_join(
            out, [groups.period_start == out.period_start,
                  *[groups[b].identical_to(out[b]) for b in self.by]])
        value = joined.value
        empty = metric.empty_value_for(params)
        if empty is not None:
            value = value.fill_null(empty)
        return joined.select(groups.period_start, *[groups[b] for b in self.by], value=value)

    # -- execution ---------------------------------------------------------------------------
    def _score_texts(self, df: pd.DataFrame, metric_ids: list[str]) -> pd.DataFrame:
        """`df` with the values of the metrics scored in Python filled in (csm_kit.scoring); a
        metric whose step fails is set aside like one whose query fails."""
        for mid in metric_ids:
            step = self.text_scoring(mid)
            if step is None or mid in self.failures:
                continue
            try:
                counts = self.binding.execute(step.counts)
                values = scoring.apply(step, counts, self.by)
            except Exception as exc:
                error = _failure(mid, "scoring its texts", exc)
                if self.strict or len(metric_ids) == 1:
                    raise error from None
                self._fail(mid, error)
                df = df[df["metric"] != mid]
                continue
            df = scoring.fill(df, mid, values, self.by)
        return df

    def _compare_scored(self, df: pd.DataFrame, metric_ids: list[str]) -> pd.DataFrame:
        """For the metrics scored in Python: `previous` from their filled values, then only the
        rows from each one's first bucket shown (the query kept the earlier ones for this)."""
        for mid in metric_ids:
            if self.text_scoring(mid) is None or mid in self.failures:
                continue
            mine = df["metric"] == mid
            if self.compare:
                df.loc[mine, "previous"] = previous_in_pandas(df[mine], self.by, self.lag)
            early = mine & (df["period_start"] < pd.Timestamp(self.own_start(
                self.registry.get(mid))))
            df = df[~early]
        return df

    def _mark_complete(self, df: pd.DataFrame) -> pd.DataFrame:
        """`df` with `complete`: whether each row's bucket is over (it ends by today, or by the
        data's last day with as_of='data'). A bucket that has not begun holds no value for a
        stock or a ratio (MRR, NRR, a score: not known ahead; a flow is 0), nor is one the
        previous of another. With
        compare=, `change` is value - previous."""
        today = pd.Timestamp(self.today)
        ends = pd.to_datetime(df["period_start"].map(
            lambda p: pd.Timestamp(add_buckets(p.date(), self.grain, 1))))
        df = df.assign(complete=(ends <= today).astype(bool))
        # a level or a ratio is unknown over a bucket to come (a flow is 0: nothing happened)
        stocks = df["metric"].isin(
            [m.id for m in self.requested if m.kind_for(self._params_of(m)) != "flow"])
        df.loc[stocks & (df["period_start"] > today), "value"] = float("nan")
        if self.compare:
            before = pd.to_datetime(df["period_start"].map(
                lambda p: pd.Timestamp(add_buckets(p.date(), self.grain, -self.lag))))
            df["previous"] = df["previous"].astype("float64")
            df.loc[stocks & (before > today), "previous"] = float("nan")
            df["change"] = df["value"] - df["previous"]
        return df

    def expressions(self) -> dict[str, ir.Table]:
        """The lazy result table of each requested metric that passed its checks; a metric whose
        formula fails to build is set aside in :attr:`failures` (raised when strict, or when
        none is left)."""
        out: dict[str, ir.Table] = {}
        for m in self.requested:
            if m.id in self.failures:
                continue
            try:
                table = self.metric_table(m.id)
                scored = self.text_scoring(m.id) is not None  # its values come after the query
                if self.compare:
                    table = (table.mutate(previous=ibis.null("float64")) if scored
                             else with_previous(table, self.by, self.lag))
                own = self.start if scored else self.own_start(m)
                out[m.id] = table if own == self.start else table.filter(
                    table.period_start >= ibis.date(own))
            except CsmKitError as exc:
                if self.strict:
                    raise
                self._fail(m.id, exc)
        if not out:
            raise self.failures[self.requested[0].id]
        return out

    def _labelled(self, metric_id: str, table: ir.Table) -> ir.Table:
        return table.select(
            metric=ibis.literal(metric_id), period_start=table.period_start,
            **{b: table[b] for b in self.by}, value=table.value,
            **({"previous": table.previous.cast("float64")} if self.compare else {}),
        )

    def cache_key(self) -> tuple:
        """Everything the plan's query depends on: its metrics and their params, what failed its
        checks, the range, the split, filters, comparison, today and the data's date ranges
        (:mod:`csm_kit.compiled`). Two plans with equal keys build the same SQL."""
        return (
            id(self.registry), self.strict, self.grain, self.by,
            tuple(sorted(self.filters.items())),
            self.compare, self.lag, self.start, self.end, self.shown_start, self._start_given,
            self.today, self.fiscal_year_start, tuple(sorted(self._ranges.items())),
            tuple(_build_key(m.id, self.params[m.id]) for m in self.requested),
            tuple(sorted(self.failures)),
        )

    def _run_cached(self, key: tuple) -> pd.DataFrame | None:
        """The result of this plan's query from its compiled SQL, when the binding keeps it."""
        compiled = self.binding.plans.get(key)
        if compiled is None:
            return None
        for mid, error in compiled.build_failures.items():
            self._fail(mid, error)
        self._scorings.update(compiled.scorings)
        try:
            return self.binding.execute_compiled(compiled)
        except Exception:  # run it the long way, which isolates the failing metric
            self.binding.plans.drop(key)
            return None

    def _run_union(self, key: tuple, exprs: dict[str, ir.Table],
                   build_failures: dict[str, CsmKitError]) -> pd.DataFrame:
        """Run every metric's table in one query, keeping its compiled SQL when it succeeds."""
        union = ibis.union(*exprs.values()) if len(exprs) > 1 else next(iter(exprs.values()))
        compiled = self.binding.compile(union)
        if compiled is None:
            return self.binding.execute(union)
        df = self.binding.execute_compiled(compiled)
        self.binding.plans.put(key, replace(compiled, build_failures=build_failures,
                                            scorings=dict(self._scorings)))
        return df

    def execute(self) -> tuple[pd.DataFrame, dict[str, CsmKitError]]:
        """Run every requested metric in one query (its SQL reused when the same plan ran
        before). When that query fails, each metric runs alone, so one failing metric is
        isolated (a ComputeError in the returned failures)."""
        key = self.cache_key()
        df = self._run_cached(key)
        if df is not None:
            return self._finish(df, [m.id for m in self.requested if m.id not in self.failures])
        checked = set(self.failures)
        exprs = {mid: self._labelled(mid, t) for mid, t in self.expressions().items()}
        build_failures = {m: e for m, e in self.failures.items() if m not in checked}
        try:
            df = self._run_union(key, exprs, build_failures)
        except Exception:
            frames = []
            for mid, expr in exprs.items():
                try:
                    frames.append(self.binding.execute(expr))
                except Exception as exc:
                    error = _failure(mid, "on the backend", exc)
                    if self.strict or len(exprs) == 1:
                        raise error from None
                    self._fail(mid, error)
            if not frames:
                raise self.failures[next(iter(exprs))] from None
            df = pd.concat(frames, ignore_index=True)
        return self._finish(df, list(exprs))

    def _finish(self, df: pd.DataFrame, metric_ids: list[str]) -> tuple[
            pd.DataFrame, dict[str, CsmKitError]]:
        """The query's rows, with texts scored, completeness marked, sorted: execute's result."""
        df["period_start"] = pd.to_datetime(df["period_start"])
        df = self._score_texts(df, metric_ids)
        df = self._compare_scored(df, metric_ids)
        if all(mid in self.failures for mid in metric_ids):  # the last one failed scoring
            raise self.failures[metric_ids[0]] from None
        df = self._mark_complete(df)
        if not self._start_given:
            df = _without_leading_nulls(df)
        order = {m.id: i for i, m in enumerate(self.requested)}
        df = df.sort_values(
            ["metric", "period_start", *self.by], key=lambda s: s.map(order) if s.name == "metric"
            else s, na_position="first",
        ).reset_index(drop=True)
        failed = {m.id: self.failures[m.id] for m in self.requested if m.id in self.failures}
        return df, failed


def _without_leading_nulls(df: pd.DataFrame) -> pd.DataFrame:
    """`df` without each metric's leading buckets in which it has no value in any group (a
    churn rate before anyone paid at a bucket's start): with no start= given, rows begin
    where the metric has something to say. A metric with no value at all keeps its rows."""
    first = df[df["value"].notna()].groupby("metric")["period_start"].min().to_dict()
    if not first:
        return df
    since = pd.to_datetime(df["metric"].map(lambda m: first.get(m, pd.NaT)))
    return df[since.isna() | (df["period_start"] >= since)]


def _build_key(metric_id: str, params: Mapping[str, Any]) -> tuple[str, tuple]:
    """How a plan tells one metric's builds apart: its id and resolved params."""
    return metric_id, tuple(sorted((k, repr(v)) for k, v in params.items()))


def _failure(metric_id: str, doing: str, exc: Exception) -> ComputeError:
    """A ComputeError for `metric_id` that failed `doing` with `exc` (its first line only)."""
    text = str(exc).strip()
    return ComputeError(f"metric {metric_id!r} failed {doing}: {type(exc).__name__}: "
                        f"{text.splitlines()[0] if text else ''}")
