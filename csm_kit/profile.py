"""The profile query: one small aggregate query over the input tables that finds each table's date
range and runs the data checks that would otherwise give wrong numbers.

Checks, per column a computation reads:
- a required column holds no null (NaN counts as null: a missing number either way);
- a float column holds no infinite value;
- a column with a declared minimum (subscriptions.mrr >= 0) holds nothing below it;
- an end column comes after its start (contracts.end_date > start_date);
- a table's key is unique (a duplicated row would be counted twice).

A failed check is a :class:`Finding`; the engine turns it into a DataQualityError for each metric
that reads the column, so one bad table never takes the metrics that do not read it down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from csm_kit.errors import ComputeError, DataQualityError
from csm_kit.periods import FIRST_DATE
from csm_kit.schema import TABLES

if TYPE_CHECKING:
    from csm_kit.binding import Binding

DateRange = tuple[dt.date | None, dt.date | None]
EXCLUSIVE_ENDS = ("end_date", "ended_at")
EXAMPLES = 3
BELOW_FIX = {
    "subscriptions.mrr": "MRR must be >= 0 for start + movements = end to hold: net discounts "
                         "and credits into the subscription's MRR in a view, or filter those rows",
}


@dataclass(frozen=True)
class Finding:
    """A failed data check on one column."""

    table: str
    column: str
    kind: str  # 'nulls' | 'nonfinite' | 'below' | 'order' | 'early' | 'key'
    found: int
    rows: int
    examples: tuple[str, ...] = ()

    def error(self, metric_id: str) -> DataQualityError:
        """The typed error for `metric_id`, which reads this column."""
        col = f"{self.table}.{self.column}"
        key = TABLES[self.table].key
        shown = ", ".join(repr(e) for e in self.examples)
        if self.kind == "key":
            eg = f" (e.g. {shown})" if self.examples else ""
            return DataQualityError(
                f"metric {metric_id!r} reads {self.table}, whose key {self.column} is not unique "
                f"({self.rows:,} rows, {self.rows - self.found:,} distinct values){eg}: duplicated "
                "rows would be counted twice. Deduplicate in a view, or map the right key column"
            )
        eg = f" (e.g. {key} {shown})" if self.examples and key else ""
        spec = TABLES[self.table]
        minimum = spec.column(self.column).minimum
        start, strict = spec.after(self.column) or ("", True)
        what = {"nulls": "null (or NaN)", "nonfinite": "infinite",
                "below": f"below its minimum {minimum if minimum is not None else ''}",
                "order": f"{'not after' if strict else 'before'} {start}",
                "early": f"before {FIRST_DATE.isoformat()}"}
        fix = {
            "nulls": f"a required column must be filled: filter or fill those rows in a view, or "
                     f"map another column with columns={{'{self.table}': {{'{self.column}': ...}}}}",
            "nonfinite": "filter or fix those rows in a view",
            "below": BELOW_FIX.get(f"{self.table}.{self.column}",
                                   "fix or filter those rows in a view"),
            "order": f"{self.column} must come {'after' if strict else 'no earlier than'} "
                     f"{start}: fix the timestamps (a time zone mix-up?) or filter those rows "
                     "in a view",
            "early": "a sentinel such as 0001-01-01 is not a date csm_kit can replay history "
                     "from: replace it with the real date (or null where the column allows) in "
                     "a view",
        }
        return DataQualityError(
            f"metric {metric_id!r} reads {col}, which is {what[self.kind]} in {self.found:,} of "
            f"{self.rows:,} rows{eg}; {fix[self.kind]}"
        )


@dataclass
class Profile:
    """Date ranges per table, failed checks, and tables that could not be profiled at all."""

    ranges: dict[str, DateRange] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: dict[str, ComputeError] = field(default_factory=dict)
    groups: int = 1  # the `by` groups: distinct combinations in accounts, + 1 for missing accounts


def _checks(name: str, t: ir.Table, columns: set[str], with_range: bool) -> dict[str, ir.Scalar]:
    """The aggregates of one table: rows, min/max of its time columns and the check counts."""
    spec = TABLES[name]
    aggs: dict[str, ir.Scalar] = {f"{name}__rows": t.count()}
    if with_range:  # MIN and MAX of the raw column: engines answer them from metadata
        for c in spec.time_columns:
            if c in t.columns:
                aggs[f"{name}__{c}__min"] = t[c].min()
                aggs[f"{name}__{c}__max"] = t[c].max()
    if spec.key and spec.key in t.columns:
        aggs[f"{name}__{spec.key}__key"] = t[spec.key].count() - t[spec.key].nunique()
    for c in sorted(columns):
        if c not in t.columns:
            continue
        canon = spec.column(c)
        col = t[c]
        if not canon.nullable:
            if canon.dtype.is_floating():  # NaN is missing too: that takes a scan
                aggs[f"{name}__{c}__nulls"] = (col.isnull() | col.isnan()).ifelse(1, 0).sum()
            else:  # COUNT(*) - COUNT(col): null counts are column metadata
                aggs[f"{name}__{c}__nulls"] = t.count() - col.count()
        if canon.dtype.is_floating():
            aggs[f"{name}__{c}__nonfinite"] = col.isinf().ifelse(1, 0).sum()
        if canon.minimum is not None:
            aggs[f"{name}__{c}__below"] = (col < canon.minimum).ifelse(1, 0).sum()
        order = spec.after(c)
        if order is not None and order[0] in t.columns:
            early = col <= t[order[0]] if order[1] else col < t[order[0]]
            aggs[f"{name}__{c}__order"] = early.ifelse(1, 0).sum()
    return aggs


def _examples(binding: Binding, name: str, column: str, kind: str) -> tuple[str, ...]:
    """A few keys of the rows that fail a check (or duplicated keys), for the message."""
    t = binding.table(name)
    key = TABLES[name].key
    if not key or key not in t.columns:
        return ()
    try:
        if kind == "key":
            counts = t.group_by(key).aggregate(n=t.count())
            expr = counts.filter(counts.n > 1).select(key).order_by(key).limit(EXAMPLES)
        else:
            col = t[column]
            conditions = {
                "nulls": lambda: (col.isnull() | col.isnan() if col.type().is_floating()
                                  else col.isnull()),
                "nonfinite": lambda: col.isinf(),
                "below": lambda: col < (TABLES[name].column(column).minimum or 0),
                "order": lambda: _out_of_order(t, name, column),
                "early": lambda: col.cast("date") < ibis.date(FIRST_DATE),
            }
            cond = conditions[kind]()
            expr = t.filter(cond).select(key).order_by(key).limit(EXAMPLES)
        return tuple(str(v) for v in binding.execute(expr)[key].tolist())
    except Exception:  # examples are a courtesy: never let them hide the finding itself
        return ()


def _out_of_order(t: ir.Table, name: str, column: str) -> ir.BooleanValue:
    start, strict = TABLES[name].after(column) or (column, True)
    return t[column] <= t[start] if strict else t[column] < t[start]


def run_profile(binding: Binding, read: Mapping[str, set[str]], range_tables: set[str],
                by: tuple[str, ...] = ()) -> Profile:
    """Profile the tables in `read` (table -> columns read) in one query; when that query fails,
    table by table, so one unreadable table is isolated. `by` columns of accounts are counted."""
    profile = Profile()
    parts = {name: binding.table(name).aggregate(
        **_checks(name, binding.table(name), set(cols), name in range_tables))
        for name, cols in read.items()}
    if by:  # how many groups the split makes: distinct combinations of the by columns
        accounts = binding.table("accounts")
        parts["by"] = accounts.select(*by).distinct().aggregate(by__groups=ibis._.count())
    if not parts:
        return profile
    values: dict[str, Any] = {}
    try:
        row = None
        for p in parts.values():
            row = p if row is None else row.cross_join(p)
        values = binding.execute(row).iloc[0].to_dict()
    except Exception:
        for name, p in parts.items():
            try:
                values.update(binding.execute(p).iloc[0].to_dict())
            except Exception as exc:
                msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                profile.unreadable[name] = ComputeError(
                    f"table {name!r} could not be read: {type(exc).__name__}: {msg}")
    if "by__groups" in values:  # + 1: rows whose account is missing from accounts
        profile.groups = int(values["by__groups"] or 0) + 1
    for name in parts:
        if name in profile.unreadable or name == "by":
            continue
        rows = int(values.get(f"{name}__rows") or 0)
        for alias, raw in values.items():
            table, _, rest = alias.partition("__")
            if table != name or "__" not in rest:
                continue
            column, _, kind = rest.rpartition("__")
            if kind in ("min", "max") or not raw or pd.isna(raw) or int(raw) == 0:
                continue
            profile.findings.append(Finding(name, column, kind, int(raw), rows,
                                            _examples(binding, name, column, kind)))
        if name in range_tables:
            profile.ranges[name] = _range(values, name)
            profile.findings.extend(_early(binding, name, values, rows))
    return profile


def _days(values: Mapping[str, Any], name: str, column: str) -> DateRange:
    """The first and last day `column` covers: an exclusive end's last day is the day before."""
    days = (_as_date(values.get(f"{name}__{column}__min")),
            _as_date(values.get(f"{name}__{column}__max")))
    if column in EXCLUSIVE_ENDS:
        return tuple(d if d is None or d == dt.date.min else d - dt.timedelta(days=1)
                     for d in days)
    return days


def _range(values: Mapping[str, Any], name: str) -> DateRange:
    """A table's date range: the earliest first day and the latest last day of its time
    columns."""
    spans = [_days(values, name, c) for c in TABLES[name].time_columns]
    lows = [lo for lo, _ in spans if lo is not None]
    highs = [hi for _, hi in spans if hi is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _early(binding: Binding, name: str, values: Mapping[str, Any], rows: int) -> list[Finding]:
    """A start before 1900 is a sentinel (0001-01-01), not a date to replay history from: the
    minimum tells, and only then one more query counts the rows."""
    out = []
    for c in TABLES[name].time_columns:
        first = _as_date(values.get(f"{name}__{c}__min"))
        if c in EXCLUSIVE_ENDS or first is None or first >= FIRST_DATE:
            continue
        t = binding.table(name)
        try:
            found = int(binding.execute(
                t.filter(t[c].cast("date") < ibis.date(FIRST_DATE)).count()))
        except Exception:  # the minimum alone is proof enough
            found = 1
        out.append(Finding(name, c, "early", found, rows, _examples(binding, name, c, "early")))
    return out


def _as_date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except Exception:
        return None
