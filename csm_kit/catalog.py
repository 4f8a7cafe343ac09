"""The metric reference, generated from the registry: docs/metrics.md and ``csm-kit metrics show``.

Both render the same fields of each metric (:func:`metric_fields`), so the documentation cannot
drift from the declarations. Regenerate the page with::

    python -m csm_kit.catalog > docs/metrics.md
"""

from __future__ import annotations

import importlib
import inspect
import sys

from csm_kit.metric import Fact, Metric, Param
from csm_kit.registry import Registry, load_registry

CONVENTIONS = """\
Conventions: rates are fractions (0.07 shows as 7.0%); NPS is a score in [-100, 100]; durations
are hours. Every metric is computed per bucket (`grain`: day, week — ISO, starting Monday —,
month, quarter, year) and per `by` group (any text column of `accounts`; accounts with no value,
or missing from `accounts`, form their own null group). Ratios are sums of numerators over sums of
denominators per bucket and group, never averages of per-account ratios. Every bucket in range is
present: flows (counts, amounts over the bucket) and stocks (levels such as MRR) are 0 in an
empty bucket; ratios (rates, averages, scores) are null. A bucket to come (it begins after
today) holds no value for a stock or a ratio, and 0 for a flow. `sources` cite
the documents listed in [sources.md](sources.md)."""


def _param(p: Param) -> str:
    allowed = f" (one of {', '.join(repr(a) for a in p.allowed)})" if p.allowed else ""
    return f"`{p.name}` = `{p.default!r}`{allowed}: {p.description}".rstrip(": ")


def benchmark_text(m: Metric) -> str:
    """The benchmark bands with their source and note, or why there is none."""
    b = m.benchmark
    if not b.banded:
        return f"none — {b.note}" if b.note else "none"
    text = m.describe_benchmark()
    if b.source:
        text += f" (source {b.source})"
    if m.benchmark_when:
        text += " — only with " + ", ".join(f"{k}={v!r}" for k, v in m.benchmark_when.items())
    if m.yearly_when and b.grain == "year":
        text += " — also at any grain with " + ", ".join(
            f"{k}={v!r}" for k, v in m.yearly_when.items())
    if b.note:
        text += f" — {b.note}"
    return text


def metric_fields(m: Metric) -> list[tuple[str, str]]:
    """(label, text) for every documented field of `m`, in order."""
    direction = m.direction.replace("_", " ")
    units = "; ".join(f"{v} with {k}={value!r}" for k, vs in m.variant_units.items()
                      for value, v in vs.items())
    adds = {"flow": "flow: buckets and groups sum", "stock": "stock: a level at the bucket's "
            "end; groups sum, buckets do not", "distinct": "distinct count: 0 when empty; "
            "buckets and groups do not sum (one user can count in several)",
            "ratio": "ratio: does not sum; empty buckets are null"}[m.value_kind]
    fields = [
        ("category", m.category),
        ("unit", f"{m.unit}, {direction}" + (f" ({units})" if units else "")),
        ("adds up", adds + ("" if m.splittable else "; cannot be split by an accounts column")),
        ("inputs", "; ".join(f"{t}({', '.join(c)})" for t, c in m.inputs.items())),
    ]
    if m.facts:
        fields.append(("facts", ", ".join(m.facts)))
    for name, by_value in m.variant_facts.items():
        for value, fs in by_value.items():
            extra = m.variant_inputs.get(name, {}).get(value, {})
            reads = "; ".join(f"{t}({', '.join(c)})" for t, c in extra.items())
            fields.append((f"with {name}={value!r}", f"also facts {', '.join(fs)}"
                           + (f", reading {reads}" if reads else "")))
    if m.depends_on:
        fields.append(("depends on", ", ".join(m.depends_on)))
    fields += [("params", "; ".join(_param(p) for p in m.params) or "none"),
               ("benchmark", benchmark_text(m)),
               ("sources", ", ".join(m.source)),
               ("plugin", m.plugin)]
    return fields


def render_text(m: Metric, available: str | None = None) -> str:
    """What ``csm-kit metrics show ID`` prints: the same fields as docs/metrics.md."""
    lines = [f"{m.id} — {m.title}", "", m.description, ""]
    fields = metric_fields(m) + ([("available", available)] if available is not None else [])
    width = max(len(label) for label, _ in fields) + 1
    lines += [f"{(label + ':').ljust(width)} {text}" for label, text in fields]
    return "\n".join(lines)


def _pack_intro(module_name: str) -> str:
    try:
        doc = inspect.getdoc(importlib.import_module(module_name)) or ""
    except Exception:  # a pack that imports badly is reported by the registry already
        return ""
    return doc.strip()


def _fact_section(f: Fact) -> list[str]:
    return [f"### fact `{f.id}` — {f.title}", "", f.description, "",
            "Inputs: " + "; ".join(f"{t}({', '.join(c)})" for t, c in f.inputs.items()), ""]


def _metric_section(m: Metric) -> list[str]:
    out = [f"### `{m.id}` — {m.title}", "", m.description, "", "| | |", "|---|---|"]
    out += [f"| {label} | {text.replace('|', '∣')} |" for label, text in metric_fields(m)]
    return [*out, ""]


def render_markdown(registry: Registry | None = None) -> str:
    """docs/metrics.md: every pack's introduction, facts and metrics, from the registry."""
    registry = registry if registry is not None else load_registry()
    out = ["# Metric reference", "",
           "<!-- generated from the registry by `python -m csm_kit.catalog > docs/metrics.md`; "
           "a test fails when it is stale. Do not edit by hand. -->", "", CONVENTIONS, ""]
    for info in registry.plugins:
        metrics = [registry.get(i) for i in info.metrics if i in registry]
        facts = [registry.facts_by_id[f] for f in info.facts if f in registry.facts_by_id]
        if not metrics and not facts:
            continue
        categories = list(dict.fromkeys(m.category for m in metrics))
        out += [f"## {' / '.join(categories) or 'Facts'} (the `{info.name}` pack)", ""]
        intro = _pack_intro(info.module)
        if intro:
            out += [intro, ""]
        for f in facts:
            out += _fact_section(f)
        for m in metrics:
            out += _metric_section(m)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # python -m csm_kit.catalog > docs/metrics.md
    sys.stdout.write(render_markdown())
