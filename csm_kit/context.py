"""What a formula sees: the bound tables and a :class:`Context` of helpers.

The helpers own bucketing, the date range and the join to ``accounts`` for ``by`` dimensions,
so a formula only says what to count. Every helper returns a lazy Ibis table with the columns
``period_start, <by...>, value``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
from ibis.common.deferred import Deferred

from csm_kit.errors import DimensionError
from csm_kit.periods import STEP, TRUNCATE_UNIT, fiscal_offset
from csm_kit.scoring import COUNT, TEXT, TextScore, TextScoring

if TYPE_CHECKING:
    from csm_kit.engine import Plan

ValueSpec = Callable[[ir.Table], ir.Scalar] | Deferred


class Tables:
    """Attribute access to the bound canonical tables: ``t.survey_responses``."""

    def __init__(self, tables: Mapping[str, ir.Table]) -> None:
        self._tables = dict(tables)

    def __getattr__(self, name: str) -> ir.Table:
        try:
            return self._tables[name]
        except KeyError:
            raise AttributeError(
                f"table {name!r} is not among this metric's declared inputs "
                f"({', '.join(self._tables)}); add it to inputs="
            ) from None

    def __getitem__(self, name: str) -> ir.Table:
        return getattr(self, name)


@dataclass
class Context:
    """The grain, range, `by` dimensions and params of one metric's computation."""

    metric_id: str
    grain: str
    by: tuple[str, ...]
    params: dict[str, Any]
    start: dt.date  # first bucket start
    end: dt.date  # exclusive end of the last bucket
    plan: Plan

    # -- time ------------------------------------------------------------------------------
    def bucket(self, at: ir.Value, grain: str | None = None) -> ir.DateValue:
        """The start date of the bucket holding `at` (a date or timestamp column); quarters
        and years follow the fiscal calendar."""
        grain = grain or self.grain
        offset = fiscal_offset(grain, self.plan.fiscal_year_start)
        if not offset:
            return at.truncate(TRUNCATE_UNIT[grain]).cast("date")
        size = 3 if grain == "quarter" else 12  # month numbers, shifted to the fiscal year
        months = at.year() * 12 + at.month() - 1 - offset
        months = months - months % size + offset
        return ibis.date(months // 12, months % 12 + 1, 1)

    def step(self, n: int | ir.IntegerValue = 1, grain: str | None = None) -> ir.IntervalValue:
        """An interval of `n` buckets of the grain."""
        count, unit = STEP[grain or self.grain]
        return ibis.literal(n * count).as_interval(unit) if isinstance(n, int) else (
            (n * count).as_interval(unit)
        )

    def in_range(self, at: ir.Value) -> ir.BooleanValue:
        """Whether `at` falls in the computed range of buckets."""
        if at.type().is_date():
            return (at >= ibis.date(self.start)) & (at < ibis.date(self.end))
        lo = dt.datetime.combine(self.start, dt.time())
        hi = dt.datetime.combine(self.end, dt.time())
        return (at >= ibis.timestamp(lo)) & (at < ibis.timestamp(hi))

    @property
    def today(self) -> dt.date:
        """Today (UTC) for this computation: days after it have not happened yet."""
        return self.plan.today

    @property
    def as_of(self) -> dt.date:
        """The last day a window can end on: the range's last day, or today when that is
        earlier (a bucket under way is read as of today, not on a last day yet to come)."""
        return min(self.end - dt.timedelta(days=1), self.today)

    def is_reading_day(self, day: ir.DateValue) -> ir.BooleanValue:
        """Whether `day` (a date) is the day its bucket's trailing windows are read on: the
        bucket's last day, or :attr:`as_of` for the bucket under way; never a day to come."""
        cap = ibis.date(self.as_of)
        last = self.bucket((day + ibis.interval(days=1)).cast("date")) != self.bucket(day)
        return (last | (day == cap)) & (day <= cap) & self.in_range(day)

    def days(self) -> ir.Table:
        """One row per day of the computed range up to today (days to come are not counted):
        `day` (a date) and `period_start` (its bucket), generated in SQL."""
        last = min(self.end, self.today + dt.timedelta(days=1))
        i = sequence(max((last - self.start).days, 0))
        day = (ibis.date(self.start) + i.i.as_interval("D")).cast("date")
        return i.select(day=day).mutate(period_start=self.bucket(ibis._.day))

    # -- dimensions ------------------------------------------------------------------------
    def with_dims(self, table: ir.Table, key: str = "account_id") -> ir.Table:
        """`table` with the `by` columns of its account added (null where the account has no
        value, or is missing from accounts: one null group, apart from any real value). A `by`
        column that is one of the metric's own dimensions must be on `table` already."""
        if not self.by:
            return table
        missing = [b for b in self.by if b not in self.plan.account_by and b not in table.columns]
        if missing:
            raise DimensionError(
                f"metric {self.metric_id!r} cannot be split by {missing[0]!r}: its rows carry "
                f"no {missing[0]!r} column (declare it in dimensions= and keep it on the rows)")
        if not self.plan.account_by:
            return table
        if key not in table.columns:
            raise DimensionError(
                f"metric {self.metric_id!r} cannot be split by {', '.join(self.by)}: its rows "
                "carry no account"
            )
        dims = self.plan.dims()
        joined = table.left_join(dims, table[key] == dims.dim_account_id)
        return joined.drop("dim_account_id")

    # -- aggregation -----------------------------------------------------------------------
    def aggregate(
        self, table: ir.Table, *, at: ir.Value, value: ValueSpec, key: str = "account_id"
    ) -> ir.Table:
        """Rows of `table` in range, bucketed by `at`, grouped by `by`, aggregated by `value`.

        `value` is a deferred (``ibis._.user_id.nunique()``) or a function of the table.
        """
        rows = table.filter(self.in_range(at)).mutate(period_start=self.bucket(at))
        return self._group(rows, value, key)

    def aggregate_bucketed(
        self, table: ir.Table, *, value: ValueSpec, key: str = "account_id"
    ) -> ir.Table:
        """Like :meth:`aggregate` for a table that already has a `period_start` column."""
        return self._group(table.filter(self.in_range(table.period_start)), value, key)

    def _group(self, rows: ir.Table, value: ValueSpec, key: str) -> ir.Table:
        rows = self.with_dims(rows, key)
        agg = value.resolve(rows) if isinstance(value, Deferred) else value(rows)
        return rows.group_by(["period_start", *self.by]).aggregate(value=agg.cast("float64"))

    def ratio(
        self,
        table: ir.Table,
        *,
        at: ir.Value,
        numerator: ir.Value | float,
        denominator: ir.Value | float,
        key: str = "account_id",
    ) -> ir.Table:
        """sum(numerator) / sum(denominator) per bucket and group; null where the sum is 0."""
        rows = table.mutate(_num=numerator, _den=denominator)
        return self.aggregate(rows, at=at, value=ratio_of_sums, key=key)

    def ratio_bucketed(
        self,
        table: ir.Table,
        *,
        numerator: ir.Value | float,
        denominator: ir.Value | float,
        key: str = "account_id",
    ) -> ir.Table:
        """Like :meth:`ratio` for a table that already has a `period_start` column."""
        rows = table.mutate(_num=numerator, _den=denominator)
        return self.aggregate_bucketed(rows, value=ratio_of_sums, key=key)

    def statistic(
        self,
        table: ir.Table,
        *,
        at: ir.Value,
        value: ir.NumericValue,
        statistic: str = "median",
        key: str = "account_id",
    ) -> ir.Table:
        """The median or mean of `value` over the rows of each bucket and group (rows where it
        is null are left out). The median is the middle value, or the mean of the two middle
        ones for an even count (PERCENTILE_CONT(0.5)), computed with window functions so that
        it is exact and the same on every engine (BigQuery has no exact median aggregate)."""
        rows = table.mutate(_v=value.cast("float64"))
        rows = rows.filter(self.in_range(at) & rows._v.notnull()).mutate(
            period_start=self.bucket(at))
        rows = self.with_dims(rows, key)
        keys = ["period_start", *self.by]
        if statistic == "mean":
            return rows.group_by(keys).aggregate(value=rows._v.mean())
        if statistic != "median":
            raise ValueError(f"statistic must be 'median' or 'mean', not {statistic!r}")
        ranked = rows.mutate(_i=ibis.row_number().over(group_by=keys, order_by=rows._v),
                             _n=rows._v.count().over(group_by=keys))
        middle = ranked.filter((ranked._i == (ranked._n - 1) // 2) | (ranked._i == ranked._n // 2))
        return middle.group_by(keys).aggregate(value=middle._v.mean())

    @staticmethod
    def weighted_mean(components: Mapping[str, ir.NumericValue],
                      weights: Mapping[str, float]) -> ir.FloatingValue:
        """Σ weight × component / Σ weight over the weighted components that are not null (a
        component with no data is left out and the others re-weighted); null when none is left.
        For composite scores with a ``Param.weights`` param."""
        num = sum((components[k].fill_null(0.0) * float(w) for k, w in weights.items()),
                  ibis.literal(0.0))
        den = sum((components[k].notnull().ifelse(float(w), 0.0) for k, w in weights.items()),
                  ibis.literal(0.0))
        return num / ibis.ifelse(den == 0, ibis.null("float64"), den)

    @staticmethod
    def hours(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.FloatingValue:
        """Hours from `start` to `end`, to the microsecond and the same on every engine."""
        return end.delta(start, unit="microsecond").cast("float64") / 3_600_000_000

    def score_text(self, table: ir.Table, *, at: ir.Value, text: ir.StringValue,
                   score: TextScore, key: str = "account_id") -> ir.Table:
        """The mean of ``score(text)`` over the rows of each bucket and group, for a score only
        Python can compute (a lexicon model on free text). Rows whose text is null or blank, or
        whose score is None, are left out; the value is null where none is left.

        The backend buckets, groups and counts the rows per distinct text; only those distinct
        texts with their counts come to Python (:mod:`csm_kit.scoring`), where `score` runs once
        per distinct text. Say so in the metric's description. A metric built on this cannot be
        read by another metric's formula."""
        rows = table.mutate(_text=text)
        rows = rows.filter(self.in_range(at) & rows._text.notnull() & (rows._text.strip() != ""))
        rows = self.with_dims(rows.mutate(period_start=self.bucket(at)), key)
        keys = ["period_start", *self.by]
        counts = rows.group_by([*keys, TEXT]).aggregate(**{COUNT: rows.count()})
        self.plan.add_text_scoring(self, TextScoring(counts, score))
        return counts.group_by(keys).aggregate(value=ibis.null("float64"))

    def divide(self, numerator: ir.Table, denominator: ir.Table, *,
               numerator_missing: float | None = None) -> ir.Table:
        """Two results (``period_start, <by...>, value``) divided bucket by bucket and group by
        group: the denominator's rows, its value 0 giving null; a numerator row that is missing
        counts as `numerator_missing` (0 for a count, null by default)."""
        j = self.join(denominator, numerator, how="left")
        num = numerator.value.cast("float64")
        if numerator_missing is not None:
            num = num.fill_null(numerator_missing)
        den = denominator.value.cast("float64")
        return j.select(denominator.period_start, *[denominator[b] for b in self.by],
                        value=num / ibis.ifelse(den == 0, ibis.null("float64"), den))

    def join(self, left: ir.Table, right: ir.Table, how: str = "inner") -> ir.Table:
        """`left` joined to `right` on period_start and the `by` columns, a null group matching
        the null group (IS NOT DISTINCT FROM). Select the keys from `left` afterwards."""
        predicates = [left.period_start == right.period_start,
                      *[left[b].identical_to(right[b]) for b in self.by]]
        return left.join(right, predicates, how=how)

    def account_days(self, accounts: ir.Table, daily: ir.Table, *, start: dt.date,
                     columns: Sequence[str], fill: float = 0) -> ir.Table:
        """Every account of `accounts` (a column ``account``) x every day from `start` to the
        range's end (``date``), with the `columns` of `daily` (rows keyed by ``acc`` and
        ``day``), `fill` where it has no row: the grid on which a trailing window is a running
        sum over a fixed number of rows (``ibis.window(group_by="account", order_by="date",
        rows=(-29, 0))`` for 30 days), never a join of rows to windows."""
        days = self.spine(grain="day", start=start).select(date=ibis._.period_start)
        grid = accounts.cross_join(days)
        grid = grid.left_join(daily, [grid.account == daily.acc, grid.date == daily.day])
        return grid.select("account", "date", *[daily[c].fill_null(fill).name(c)
                                                for c in columns])

    # -- other metrics and shared facts -----------------------------------------------------
    def metric(self, metric_id: str, **params: Any) -> ir.Table:
        """Another metric's result (``period_start, <by...>, value``) at this grain and range."""
        return self.plan.metric_table(metric_id, params, reader=self.metric_id)

    def fact(self, name: str) -> ir.Table:
        """A shared fact the metric declares in ``facts=``, built once per computation."""
        return self.plan.fact(name, self)

    def spine(self, grain: str | None = None, start: dt.date | None = None) -> ir.Table:
        """One row per bucket of `grain` (default: the computation's) from the bucket holding
        `start` (default: the range's start) to the range's end: ``period_start``."""
        return self.plan.spine(grain, start)

    def data_start(self, table: str) -> dt.date | None:
        """The first date in canonical table `table` (None when it is empty): history before the
        range that a stateful fact must replay."""
        return self.plan.data_start(table)


def sequence(n: int) -> ir.Table:
    """A table of one column `i` holding 0 .. n-1, generated in SQL (no data is sent).

    Built as a one-row array unnested as a table (``CROSS JOIN UNNEST``), which every engine
    compiles simply; unnesting the array as a column instead compiles for BigQuery to a zip of
    two ``UNNEST ... WITH OFFSET``, which tools that transpile BigQuery SQL get wrong."""
    return ibis.range(0, n).name("i").as_table().unnest("i")


def ratio_of_sums(t: ir.Table) -> ir.FloatingScalar:
    """sum(_num) / sum(_den), null when the denominator sums to 0."""
    den = t._den.sum().cast("float64")
    return t._num.sum().cast("float64") / ibis.ifelse(den == 0, ibis.null("float64"), den)
