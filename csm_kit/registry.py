"""The plugin registry: loads the ``csm_kit.plugins`` entry points and validates their metrics.

Every plugin, built-in or third party, arrives through the same entry-point group. A plugin that
fails to import, raises in its hook or declares an invalid metric is reported (a warning and an
entry in :attr:`Registry.errors`) while every other plugin loads.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata as md
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pluggy

from csm_kit import hookspecs
from csm_kit.errors import (
    DuplicateMetricError,
    PluginError,
    UnknownMetricError,
    did_you_mean,
)
from csm_kit.metric import Fact, Metric

ENTRY_POINT_GROUP = "csm_kit.plugins"
LOAD_ENV = "CSM_KIT_LOAD_PLUGINS"


class PluginWarning(UserWarning):
    """A plugin could not be loaded or one of its metrics was rejected."""


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its entry-point name, the distribution that ships it and its metrics."""

    name: str
    module: str
    distribution: str
    version: str
    metrics: tuple[str, ...]
    facts: tuple[str, ...] = ()


@dataclass
class Registry:
    """The metrics contributed by the loaded plugins, by id."""

    metrics_by_id: dict[str, Metric] = field(default_factory=dict)
    facts_by_id: dict[str, Fact] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)
    errors: list[PluginError] = field(default_factory=list)
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # metrics left out because they read facts of a plugin that CSM_KIT_LOAD_PLUGINS did not
    # load: id -> why (not an error: the user chose which plugins to load)
    left_out: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Metric]:
        return iter(self.metrics_by_id.values())

    def __len__(self) -> int:
        return len(self.metrics_by_id)

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics_by_id

    def get(self, metric_id: str) -> Metric:
        """The metric `metric_id`; UnknownMetricError (with suggestions) if there is none."""
        if metric_id in self.metrics_by_id:
            return self.metrics_by_id[metric_id]
        if metric_id in self.duplicates:
            a, b = self.duplicates[metric_id][:2]
            raise DuplicateMetricError(
                f"metric {metric_id!r} is declared by two plugins, {a!r} and {b!r}, so neither is "
                f"used; uninstall one or load only one with {LOAD_ENV}"
            )
        raise UnknownMetricError(
            f"unknown metric {metric_id!r}.{did_you_mean(metric_id, self.metrics_by_id)} "
            "List them with kit.metrics() or `csm-kit metrics`."
        )


def _record(errors: list[PluginError], error: PluginError) -> None:
    errors.append(error)
    warnings.warn(str(error), PluginWarning, stacklevel=3)


def _wanted(env: str | None) -> set[str] | None:
    if env is None or not env.strip():
        return None
    return {n.strip() for n in env.split(",") if n.strip()}


def _entry_points() -> Iterable[md.EntryPoint]:
    return md.entry_points(group=ENTRY_POINT_GROUP)


def load_registry(
    extra_plugins: Iterable[tuple[str, Any]] = (), *, only: Iterable[str] | None = None
) -> Registry:
    """Load every plugin of the entry-point group (or only those named by CSM_KIT_LOAD_PLUGINS /
    `only`), plus `extra_plugins` given as (name, module-or-object) pairs, into a Registry."""
    wanted = set(only) if only is not None else _wanted(os.environ.get(LOAD_ENV))
    pm = pluggy.PluginManager("csm_kit")
    pm.add_hookspecs(hookspecs)
    registry = Registry()
    candidates: list[tuple[str, Any, str, str]] = []
    seen_names: set[str] = set()
    for ep in _entry_points():
        if ep.name in seen_names or (wanted is not None and ep.name not in wanted):
            continue
        seen_names.add(ep.name)
        dist = ep.dist.name if ep.dist is not None else "?"
        version = ep.dist.version if ep.dist is not None else "?"
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not break the others
            _record(
                registry.errors,
                PluginError(f"plugin {ep.name!r} ({ep.value}) failed to import: "
                            f"{type(exc).__name__}: {exc}"),
            )
            continue
        candidates.append((ep.name, plugin, dist, version))
    for name, plugin in extra_plugins:
        candidates.append((name, plugin, "(registered in code)", ""))
    if wanted is not None:
        for name in sorted(wanted - seen_names - {c[0] for c in candidates}):
            _record(registry.errors, PluginError(
                f"{LOAD_ENV} names plugin {name!r}, which is not installed."
                f"{did_you_mean(name, [ep.name for ep in _entry_points()])}"))

    owners: dict[str, list[tuple[str, Metric]]] = {}
    fact_owners: dict[str, list[tuple[str, Fact]]] = {}
    for name, plugin, dist, version in candidates:
        try:
            pm.register(plugin, name=name)
        except Exception as exc:
            _record(registry.errors, PluginError(f"plugin {name!r} could not be registered: {exc}"))
            continue
        metrics = _declared(pm.hook.csm_kit_metrics, name, Metric, "metric", registry.errors)
        facts = _declared(pm.hook.csm_kit_facts, name, Fact, "fact", registry.errors)
        for m in metrics:
            owners.setdefault(m.id, []).append((name, m))
        for f in facts:
            fact_owners.setdefault(f.id, []).append((name, f))
        registry.plugins.append(PluginInfo(
            name=name, module=getattr(plugin, "__name__", type(plugin).__name__),
            distribution=dist, version=version, metrics=tuple(m.id for m in metrics),
            facts=tuple(f.id for f in facts)))

    registry.facts_by_id = _unique(fact_owners, "fact", registry.errors)
    for metric_id, claims in owners.items():
        if len(claims) == 1:
            registry.metrics_by_id[metric_id] = claims[0][1]
            continue
        names = tuple(n for n, _ in claims)
        registry.duplicates[metric_id] = names
        _record(registry.errors, DuplicateMetricError(
            f"metric {metric_id!r} is declared by plugins {names[0]!r} and {names[1]!r}; neither "
            f"is used until one is uninstalled or excluded with {LOAD_ENV}"))
    _attach_facts(registry, restricted=wanted is not None)
    _check_dependencies(registry)
    # one stable order everywhere (catalog, scorecard): by category, then as declared
    ordered = sorted(registry.metrics_by_id.values(), key=lambda m: m.category)
    registry.metrics_by_id = {m.id: m for m in ordered}
    return registry


def _declared(hook: Any, name: str, kind: type, word: str, errors: list[PluginError]) -> list[Any]:
    """The valid declarations (metrics or facts) plugin `name` returns from `hook`, each tagged
    with the plugin; everything else is reported and left out."""
    accepted: list[Any] = []
    for impl in hook.get_hookimpls():
        if impl.plugin_name != name:
            continue
        try:
            declared = list(impl.function())
        except Exception as exc:
            _record(errors, PluginError(
                f"plugin {name!r} raised in {hook.name}: {type(exc).__name__}: {exc}"))
            continue
        for item in declared:
            if not isinstance(item, kind):
                _record(errors, PluginError(
                    f"plugin {name!r} returned {item!r}, which is not a {kind.__name__} "
                    f"(decorate it with @csm_kit.{word})"))
                continue
            item = dataclasses.replace(item, plugin=name)
            try:
                item.validate()
            except Exception as exc:
                _record(errors, PluginError(f"rejected: {exc}"))
                continue
            accepted.append(item)
    return accepted


def _unique(owners: dict[str, list[tuple[str, Any]]], word: str,
            errors: list[PluginError]) -> dict[str, Any]:
    """Declarations by id; an id two plugins declare is used by neither (and reported)."""
    out = {}
    for item_id, claims in owners.items():
        if len(claims) == 1:
            out[item_id] = claims[0][1]
            continue
        names = tuple(n for n, _ in claims)
        _record(errors, DuplicateMetricError(
            f"{word} {item_id!r} is declared by plugins {names[0]!r} and {names[1]!r}; neither "
            f"is used until one is uninstalled or excluded with {LOAD_ENV}"))
    return out


def _attach_facts(registry: Registry, restricted: bool = False) -> None:
    """Give each fact and metric the inputs of the facts it reads, through facts that read facts
    (so they are checked as its own); drop a declaration that reads a fact no loaded plugin
    declares, or facts that read each other in a cycle. When only some plugins are loaded
    (`restricted`), a metric reading a fact of an unloaded plugin is left out quietly."""
    resolved: dict[str, dict[str, tuple[str, ...]]] = {}

    def inputs_of(fact_id: str, path: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
        if fact_id in resolved:
            return resolved[fact_id]
        f = registry.facts_by_id.get(fact_id)
        if f is None or fact_id in path:
            return None
        merged = {t: tuple(c) for t, c in f.inputs.items()}
        for dep in f.facts:
            sub = inputs_of(dep, (*path, fact_id))
            if sub is None:
                return None
            for table, columns in sub.items():
                merged[table] = tuple(dict.fromkeys((*merged.get(table, ()), *columns)))
        resolved[fact_id] = merged
        return merged

    for f in list(registry.facts_by_id.values()):
        if inputs_of(f.id, ()) is None:
            del registry.facts_by_id[f.id]
            bad = [d for d in f.facts if d not in registry.facts_by_id or d == f.id]
            _record(registry.errors, PluginError(
                f"fact {f.id!r} (plugin {f.plugin!r}) reads fact "
                f"{', '.join(bad) or ', '.join(f.facts)}, which no loaded plugin declares or "
                "which reads it back (a cycle)"))
    for m in list(registry):
        variant = {f for by_value in m.variant_facts.values() for fs in by_value.values()
                   for f in fs}
        missing = [f for f in (*m.facts, *sorted(variant)) if f not in registry.facts_by_id]
        if missing and restricted:
            del registry.metrics_by_id[m.id]
            registry.left_out[m.id] = (f"reads fact {', '.join(missing)}, from a plugin that "
                                       f"{LOAD_ENV} does not load")
            continue
        if missing:
            del registry.metrics_by_id[m.id]
            _record(registry.errors, PluginError(
                f"metric {m.id!r} (plugin {m.plugin!r}) reads fact {', '.join(missing)}, which no "
                f"loaded plugin declares{did_you_mean(missing[0], registry.facts_by_id)}"))
            continue
        inputs = {t: tuple(c) for t, c in m.inputs.items()}
        for f in m.facts:
            for table, columns in resolved[f].items():
                inputs[table] = tuple(dict.fromkeys((*inputs.get(table, ()), *columns)))
        variant_inputs: dict[str, dict[Any, dict[str, tuple[str, ...]]]] = {}
        for name, by_value in m.variant_facts.items():
            for value, fs in by_value.items():
                extra: dict[str, tuple[str, ...]] = {}
                for f in fs:
                    for table, columns in resolved[f].items():
                        extra[table] = tuple(dict.fromkeys((*extra.get(table, ()), *columns)))
                variant_inputs.setdefault(name, {})[value] = extra
        registry.metrics_by_id[m.id] = dataclasses.replace(m, inputs=inputs,
                                                           variant_inputs=variant_inputs)


def _in_cycle(registry: Registry, start: str) -> bool:
    """Whether `start` reaches itself through depends_on."""
    todo, seen = list(registry.metrics_by_id[start].depends_on), set()
    while todo:
        dep = todo.pop()
        if dep == start:
            return True
        if dep in seen or dep not in registry:
            continue
        seen.add(dep)
        todo.extend(registry.metrics_by_id[dep].depends_on)
    return False


def _check_dependencies(registry: Registry) -> None:
    """Drop metrics that depend on themselves, or on a metric the registry does not hold."""
    for m in [m for m in registry if _in_cycle(registry, m.id)]:
        del registry.metrics_by_id[m.id]
        _record(registry.errors, PluginError(
            f"metric {m.id!r} (plugin {m.plugin!r}) depends on itself through depends_on"))
    changed = True
    while changed:
        changed = False
        for m in list(registry):
            missing = [d for d in m.depends_on if d not in registry]
            if missing:
                del registry.metrics_by_id[m.id]
                _record(registry.errors, PluginError(
                    f"metric {m.id!r} (plugin {m.plugin!r}) depends on {', '.join(missing)}, "
                    "which no loaded plugin declares"))
                changed = True
