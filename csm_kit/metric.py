"""The declaration types: :class:`Metric`, :class:`Param`, :class:`Benchmark` and ``@metric``.

A declaration is frozen data plus a formula. The formula is a pure function
``formula(tables, ctx) -> ibis.Table`` with columns ``period_start, <by...>, value``; it never
executes anything (see :mod:`csm_kit.context` for the helpers it may call).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from csm_kit.errors import CsmKitError, DeclarationError, did_you_mean
from csm_kit.schema import TABLES

Unit = Literal["fraction", "score", "currency", "count", "duration", "ratio"]
Direction = Literal["higher_is_better", "lower_is_better"]
Status = Literal["good", "ok", "bad"]
Kind = Literal["flow", "stock", "distinct", "ratio"]

UNITS: tuple[str, ...] = ("fraction", "score", "currency", "count", "duration", "ratio")
DIRECTIONS: tuple[str, ...] = ("higher_is_better", "lower_is_better")
KINDS: tuple[str, ...] = ("flow", "stock", "distinct", "ratio")


def _same_kind(a: Any, b: Any) -> bool:
    """Equal and of the same kind: True is not 1, '1' is not 1; 1 and 1.0 are both numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _type_name(t: type | tuple[type, ...]) -> str:
    types = t if isinstance(t, tuple) else (t,)
    return " or ".join(x.__name__ for x in types)


@dataclass(frozen=True)
class Param:
    """A parameter of a metric: its default and what it allows.

    `allowed` lists the only values accepted; `type` the accepted Python type(s) (a bool is
    never taken for a number unless `bool` is listed); `items` the type of each element of a
    list value; `minimum` / `maximum` bound a number. NaN and infinite numbers are always refused.
    `examples` are values the conformance suite runs as variants, for a param with no `allowed`;
    `validate(value)` is a last check of the param's own (raising ParamError), e.g. a dict's keys.
    """

    name: str
    default: Any
    allowed: tuple[Any, ...] | None = None
    description: str = ""
    type: type | tuple[type, ...] | None = None
    items: type | None = None
    minimum: float | None = None
    maximum: float | None = None
    examples: tuple[Any, ...] = ()  # values besides `allowed` that conformance tests run
    validate: Callable[[Any], Any] | None = None  # a last check; raises ParamError when bad

    @classmethod
    def weights(cls, name: str, default: Mapping[str, float], description: str,
                examples: tuple[Any, ...] = ()) -> Param:
        """A dict param of weights over the components named in `default`: each weight a
        finite number >= 0, not all 0; a component left out weighs 0."""
        components = tuple(default)

        def validate(value: Any) -> None:
            from csm_kit.errors import ParamError

            where = f"param {name!r}"
            if not value:
                raise ParamError(f"{where} is empty; give weights such as {dict(default)}")
            unknown = [k for k in value if k not in components]
            if unknown:
                raise ParamError(f"{where} names {unknown[0]!r};{did_you_mean(str(unknown[0]), components)} "
                                 f"components: {', '.join(components)}")
            for k, v in value.items():
                if (isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)
                        or v < 0):
                    raise ParamError(f"{where}: {k!r} = {v!r} must be a finite number >= 0")
            if not any(value.values()):
                raise ParamError(f"{where} are all 0: give at least one component a weight")

        return cls(name, dict(default), None, description, type=dict, validate=validate,
                   examples=examples)

    def check(self, value: Any, metric_id: str) -> Any:
        """Return `value` if it is allowed, else raise ParamError naming metric, param and what is
        allowed."""
        from csm_kit.errors import ParamError

        where = f"metric {metric_id!r}: param {self.name!r} = {value!r}"
        if self.allowed is not None:
            if not any(_same_kind(value, a) for a in self.allowed):
                raise ParamError(f"{where} is not allowed; allowed: "
                                 f"{', '.join(repr(a) for a in self.allowed)}")
            return value
        if value is None:
            if self.default is None:
                return value
            raise ParamError(f"{where}: a value is needed (default {self.default!r})")
        if self.type is not None:
            types = self.type if isinstance(self.type, tuple) else (self.type,)
            is_bool_ok = bool in types
            if not isinstance(value, types) or (isinstance(value, bool) and not is_bool_ok):
                raise ParamError(f"{where} must be of type {_type_name(self.type)}, not "
                                 f"{type(value).__name__}")
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise ParamError(f"{where} must be a finite number")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ParamError(f"{where} is below the minimum {self.minimum:g}")
            if self.maximum is not None and value > self.maximum:
                raise ParamError(f"{where} is above the maximum {self.maximum:g}")
        if self.items is not None and isinstance(value, list | tuple):
            if not value:
                raise ParamError(f"{where} is empty; give at least one value, or None for the "
                                 f"default ({self.description or 'see the metric'})")
            bad = [v for v in value if not isinstance(v, self.items) or isinstance(v, bool)]
            if bad:
                raise ParamError(f"{where} holds {bad[0]!r}; every element must be of type "
                                 f"{self.items.__name__}")
        if self.validate is not None:
            try:
                self.validate(value)
            except ParamError as exc:
                raise ParamError(f"metric {metric_id!r}: {exc}") from None
        return value


@dataclass(frozen=True)
class Benchmark:
    """Benchmark bands of a metric, read in the metric's direction.

    higher_is_better: value >= good is 'good', value >= ok is 'ok', else 'bad'.
    lower_is_better: value <= good is 'good', value <= ok is 'ok', else 'bad'.
    With no `ok`, a value is 'good' or 'bad'. ``Benchmark.unbanded(note)`` declares on purpose that
    a metric has no universal band (its status is then always None).
    """

    good: float | None
    ok: float | None = None
    source: str = ""
    note: str = ""
    grain: str | None = None  # the grain the bands are stated for (None: any grain)

    @classmethod
    def unbanded(cls, note: str) -> Benchmark:
        """A metric with no universal benchmark band; `note` says why."""
        return cls(good=None, ok=None, source="", note=note)

    @property
    def banded(self) -> bool:
        """Whether this benchmark assigns statuses at all."""
        return self.good is not None

    def status(self, value: float | None, direction: Direction) -> Status | None:
        """The status of `value`, or None for a null value or an unbanded benchmark."""
        if value is None or self.good is None or value != value:  # NaN
            return None
        if direction == "higher_is_better":
            if value >= self.good:
                return "good"
            return "ok" if self.ok is not None and value >= self.ok else "bad"
        if value <= self.good:
            return "good"
        return "ok" if self.ok is not None and value <= self.ok else "bad"

    def describe(self, direction: Direction, unit: str = "score") -> str:
        """A short human text of the bands in the metric's unit, e.g. 'good ≥ 80.0%'."""
        from csm_kit.formatting import format_value

        if not self.banded:
            return "—"
        op = "≥" if direction == "higher_is_better" else "≤"
        text = f"good {op} {format_value(self.good, unit)}"
        if self.ok is not None:
            text += f", ok {op} {format_value(self.ok, unit)}"
        return text + (f" (per {self.grain})" if self.grain else "")


Formula = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Metric:
    """A declared KPI: what it reads, how it is computed, how it is judged, where it comes from."""

    id: str
    title: str
    category: str
    unit: Unit
    direction: Direction
    inputs: Mapping[str, tuple[str, ...]]
    benchmark: Benchmark
    source: tuple[str, ...]
    formula: Formula
    description: str = ""
    params: tuple[Param, ...] = ()
    depends_on: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # shared facts the formula reads with ctx.fact(id)
    variant_units: Mapping[str, Mapping[Any, Unit]] = field(default_factory=dict)
    benchmark_when: Mapping[str, Any] = field(default_factory=dict)
    kind: Kind | None = None  # None: 'flow' for counts and amounts, 'ratio' otherwise
    yearly_when: Mapping[str, Any] = field(default_factory=dict)
    splittable: bool = True  # False: its rows carry no account, so `by` cannot split it
    # `by` names of the metric's own rows, beyond accounts columns (e.g. events' 'feature')
    dimensions: tuple[str, ...] = ()
    # 'in' / 'out': an amount that adds to / takes from a stock over the bucket (MRR movements),
    # charted as diverging bars beside the others
    movement: Literal["in", "out"] | None = None
    # a dimension whose values are parts of a whole (survey answers, health bands): split by
    # it, a count variant of the metric is charted as stacked bars
    stack: str | None = None
    # param -> value -> facts read only under that value (their inputs are needed only then)
    variant_facts: Mapping[str, Mapping[Any, tuple[str, ...]]] = field(default_factory=dict)
    # filled by the registry: param -> value -> the extra inputs of those facts
    variant_inputs: Mapping[str, Mapping[Any, Mapping[str, tuple[str, ...]]]] = field(
        default_factory=dict, compare=False)
    plugin: str = field(default="", compare=False)

    def facts_for(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The facts the formula reads under `params`: `facts` and the variant's own."""
        extra = [f for name, by_value in self.variant_facts.items()
                 for f in by_value.get(params.get(name), ())]
        return tuple(dict.fromkeys((*self.facts, *extra)))

    def inputs_for(self, params: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        """The tables and columns read under `params`: `inputs` and the variant's own."""
        out = {t: tuple(c) for t, c in self.inputs.items()}
        for name, by_value in self.variant_inputs.items():
            for table, columns in by_value.get(params.get(name), {}).items():
                out[table] = tuple(dict.fromkeys((*out.get(table, ()), *columns)))
        return out

    @property
    def value_kind(self) -> Kind:
        """How the value adds up: 'flow' (a count or amount over the bucket: buckets and groups
        sum), 'stock' (a level at the bucket's end, such as MRR: groups sum, buckets do not),
        'distinct' (a count of distinct things, such as active users: 0 when empty, but a user
        active in two buckets or two groups counts in each, so nothing sums) or 'ratio' (a rate,
        average or score: nothing sums, null when empty)."""
        if self.kind is not None:
            return self.kind
        return "flow" if self.unit in ("count", "currency") else "ratio"

    def kind_for(self, params: Mapping[str, Any]) -> Kind:
        """The value's kind under `params`: a variant with a unit of its own (a count per
        account, a share) takes the kind of that unit."""
        unit = self.unit_for(params)
        if unit != self.unit:
            return "flow" if unit in ("count", "currency") else "ratio"
        return self.value_kind

    def empty_value_for(self, params: Mapping[str, Any]) -> float | None:
        """The value of a bucket with no rows under `params`: 0 for flows and stocks, null for
        ratios."""
        return None if self.kind_for(params) == "ratio" else 0.0

    def period_for(self, params: Mapping[str, Any], grain: str) -> str:
        """The period a value covers: the grain, or 'year' under the params of `yearly_when`
        (e.g. an annualized rate or a trailing-12-month window, whatever the grain)."""
        if self.yearly_when and all(params.get(k) == v for k, v in self.yearly_when.items()):
            return "year"
        return grain

    def unit_for(self, params: Mapping[str, Any]) -> Unit:
        """The unit of the value under `params` (a variant may change it, e.g. a mean score)."""
        for name, units in self.variant_units.items():
            if params.get(name) in units:
                return units[params[name]]
        return self.unit

    def status(
        self, value: float | None, params: Mapping[str, Any], grain: str | None = None
    ) -> Status | None:
        """The benchmark status of `value`; None where the benchmark does not apply to `params`
        or to `grain`."""
        if not self.benchmark_applies(params, grain):
            return None
        return self.benchmark.status(value, self.direction)

    def benchmark_applies(self, params: Mapping[str, Any], grain: str | None = None) -> bool:
        """Whether the benchmark bands judge values computed under `params` at `grain` (a
        banded benchmark, stated for these params and for the period a value covers)."""
        if not self.benchmark.banded:
            return False
        if any(params.get(k) != v for k, v in self.benchmark_when.items()):
            return False
        return not (self.benchmark.grain is not None and grain is not None
                    and self.period_for(params, grain) != self.benchmark.grain)

    def describe_benchmark(self) -> str:
        """The benchmark bands in this metric's unit and direction, e.g. 'good ≥ 50.0, ok ≥ 0.0'."""
        return self.benchmark.describe(self.direction, self.unit)

    def param(self, name: str) -> Param:
        """The declared param `name` (ParamError if unknown)."""
        from csm_kit.errors import ParamError

        for p in self.params:
            if p.name == name:
                return p
        names = [p.name for p in self.params]
        raise ParamError(
            f"metric {self.id!r} has no param {name!r}.{did_you_mean(name, names)} "
            f"Its params: {', '.join(names) or 'none'}"
        )

    def resolve_params(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """Defaults overlaid with `given`, each checked against its allowed values."""
        values = {p.name: p.default for p in self.params}
        for name, value in (given or {}).items():
            values[name] = self.param(name).check(value, self.id)
        return values

    def validate(self) -> None:
        """Raise DeclarationError when the declaration is inconsistent."""
        where = f"metric {self.id!r}" + (f" (plugin {self.plugin!r})" if self.plugin else "")
        problems: list[str] = []
        if not _is_id(self.id):
            problems.append("id must be lower_snake_case")
        if not self.title:
            problems.append("title is empty")
        if self.unit not in UNITS:
            problems.append(f"unit {self.unit!r} is not one of {', '.join(UNITS)}")
        if self.kind is not None and self.kind not in KINDS:
            problems.append(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.movement not in (None, "in", "out"):
            problems.append(f"movement {self.movement!r} is not 'in', 'out' or None")
        if self.movement is not None and self.unit not in ("currency", "count"):
            problems.append("a movement is an amount: its unit is currency or count")
        if self.stack is not None and self.stack not in self.dimensions:
            problems.append(f"stack {self.stack!r} is not one of its dimensions")
        if self.direction not in DIRECTIONS:
            problems.append(f"direction {self.direction!r} is not one of {', '.join(DIRECTIONS)}")
        if not isinstance(self.benchmark, Benchmark):
            problems.append("benchmark is missing: declare Benchmark(...) or Benchmark.unbanded(why)")
        elif self.benchmark.banded and self.benchmark.ok is not None:
            higher = self.direction == "higher_is_better"
            if (higher and self.benchmark.ok > self.benchmark.good) or (
                not higher and self.benchmark.ok < self.benchmark.good
            ):
                problems.append("benchmark 'ok' band lies beyond 'good' for this direction")
        if not self.source:
            problems.append("source is empty: cite the seed file(s) or convention it comes from")
        if not callable(self.formula):
            problems.append("formula is not callable")
        if not self.inputs and not self.facts:
            problems.append("inputs are empty")
        problems += _check_inputs(self.inputs)
        account_columns = {c.name for c in TABLES["accounts"].columns}
        problems += [f"dimension {d!r} is not a lower_snake_case name" for d in self.dimensions
                     if not _is_id(d)]
        problems += [f"dimension {d!r} is an accounts column, which every metric splits by "
                     "already" for d in self.dimensions if d in account_columns]
        variant = [f for by_value in self.variant_facts.values() for fs in by_value.values()
                   for f in fs]
        problems += [f"facts names {f!r}, which is not a fact id" for f in (*self.facts, *variant)
                     if not _is_id(f)]
        names = {p.name for p in self.params if isinstance(p, Param)}
        problems += [f"variant_facts names param {n!r}, which it does not declare"
                     for n in self.variant_facts if n not in names]
        seen: set[str] = set()
        for p in self.params:
            if not isinstance(p, Param):
                problems.append(f"param {p!r} is not a Param")
                continue
            if p.name in seen:
                problems.append(f"param {p.name!r} declared twice")
            seen.add(p.name)
            for value in (p.default, *p.examples):
                try:
                    p.check(value, self.id)
                except CsmKitError as exc:
                    problems.append(f"param {p.name!r}: {value!r} fails its own check ({exc})")
        if problems:
            raise DeclarationError(f"{where}: " + "; ".join(problems))


def _check_inputs(inputs: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The problems of an inputs declaration: unknown canonical tables or columns."""
    problems: list[str] = []
    for table, columns in inputs.items():
        if table not in TABLES:
            problems.append(f"unknown canonical table {table!r}.{did_you_mean(table, TABLES)}")
            continue
        known = TABLES[table].column_names
        for col in columns:
            if col not in known:
                problems.append(f"unknown column {table}.{col}.{did_you_mean(col, known)}")
    return problems


def _is_id(text: Any) -> bool:
    return (isinstance(text, str) and bool(text) and text.replace("_", "").isalnum()
            and text == text.lower())


Builder = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Fact:
    """A shared building block: an intermediate table that several metrics read with
    ``ctx.fact(id)``, built once per computation (e.g. each account's MRR per bucket).

    ``builder(tables, ctx)`` returns a lazy Ibis table, like a formula, but of any shape; its
    `description` documents that shape (the columns and what one row is). A metric that reads a
    fact names it in ``facts=``; the fact's inputs are then checked as the metric's own.
    """

    id: str
    title: str
    inputs: Mapping[str, tuple[str, ...]]
    builder: Builder
    description: str = ""
    facts: tuple[str, ...] = ()  # other facts the builder reads with ctx.fact(id)
    plugin: str = field(default="", compare=False)

    def validate(self) -> None:
        """Raise DeclarationError when the declaration is inconsistent."""
        where = f"fact {self.id!r}" + (f" (plugin {self.plugin!r})" if self.plugin else "")
        problems: list[str] = []
        if not _is_id(self.id):
            problems.append("id must be lower_snake_case")
        if not self.title:
            problems.append("title is empty")
        if not self.description.strip():
            problems.append("description is empty: say what one row is and its columns")
        if not callable(self.builder):
            problems.append("builder is not callable")
        if not self.inputs and not self.facts:
            problems.append("inputs are empty")
        problems += _check_inputs(self.inputs)
        problems += [f"facts names {f!r}, which is not a fact id" for f in self.facts
                     if not _is_id(f)]
        if self.id in self.facts:
            problems.append("a fact cannot read itself")
        if problems:
            raise DeclarationError(f"{where}: " + "; ".join(problems))


def fact(*, id: str, title: str, inputs: Mapping[str, Sequence[str]],
         description: str = "", facts: Sequence[str] = ()) -> Callable[[Builder], Fact]:
    """Declare a shared fact: decorate its builder ``f(tables, ctx) -> ibis.Table``. The
    description defaults to the builder's docstring; `facts` names the facts it builds on."""

    def wrap(builder: Builder) -> Fact:
        return Fact(id=id, title=title, inputs={t: tuple(c) for t, c in inputs.items()},
                    builder=builder, facts=tuple(facts),
                    description=description or inspect.cleandoc(builder.__doc__ or ""))

    return wrap


def metric(
    *,
    id: str,
    title: str,
    category: str,
    unit: Unit,
    direction: Direction,
    inputs: Mapping[str, Sequence[str]],
    benchmark: Benchmark,
    source: Sequence[str],
    description: str = "",
    params: Sequence[Param] = (),
    depends_on: Sequence[str] = (),
    facts: Sequence[str] = (),
    variant_units: Mapping[str, Mapping[Any, Unit]] | None = None,
    benchmark_when: Mapping[str, Any] | None = None,
    kind: Kind | None = None,
    yearly_when: Mapping[str, Any] | None = None,
    splittable: bool = True,
    variant_facts: Mapping[str, Mapping[Any, Sequence[str]]] | None = None,
    dimensions: Sequence[str] = (),
    movement: Literal["in", "out"] | None = None,
    stack: str | None = None,
) -> Callable[[Formula], Metric]:
    """Declare a metric: decorate its formula ``f(tables, ctx) -> ibis.Table``.

    The description defaults to the formula's docstring. `kind` says how values add up (see
    :attr:`Metric.value_kind`); `yearly_when` names the params under which a value covers a year
    whatever the grain, for benchmark bands stated per year; ``splittable=False`` says that its
    rows carry no account, so it cannot be split `by` an accounts column; `variant_facts` names
    facts read only under one value of a param (``{"per": {"active_account": ["account_periods"]}}``),
    so their inputs are needed only then; `dimensions` names the columns of the metric's own
    rows that `by` may split it by besides the accounts columns (``dimensions=["feature"]``: the
    formula's rows carry a ``feature`` column, which ``by=["feature"]`` groups on); `movement`
    ('in' or 'out') marks an amount that adds to or takes from a stock over the bucket (new or
    churned MRR), so that a chart of several draws them as diverging bars; `stack` names one of
    the `dimensions` whose values are parts of a whole (answers, bands): split by it, a count
    variant is charted as stacked bars, its values ordered by their leading number ('0-6
    detractors', '7-8 passives', '9-10 promoters').
    """

    def wrap(formula: Formula) -> Metric:
        return Metric(
            id=id,
            title=title,
            category=category,
            unit=unit,
            direction=direction,
            inputs={t: tuple(cols) for t, cols in inputs.items()},
            benchmark=benchmark,
            source=tuple(source),
            formula=formula,
            description=description or inspect.cleandoc(formula.__doc__ or ""),
            params=tuple(params),
            depends_on=tuple(depends_on),
            facts=tuple(facts),
            variant_units=dict(variant_units or {}),
            benchmark_when=dict(benchmark_when or {}),
            kind=kind,
            yearly_when=dict(yearly_when or {}),
            splittable=splittable,
            dimensions=tuple(dimensions),
            movement=movement,
            stack=stack,
            variant_facts={k: {v: tuple(fs) for v, fs in by_value.items()}
                           for k, by_value in (variant_facts or {}).items()},
        )

    return wrap
