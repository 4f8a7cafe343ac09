"""docs/metrics.md is generated from the registry and current; `metrics show` prints the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from csm_kit.catalog import metric_fields, render_markdown, render_text
from csm_kit.cli import main
from csm_kit.registry import load_registry

DOC = Path(__file__).parents[1] / "docs" / "metrics.md"
REGISTRY = load_registry()


def test_docs_metrics_md_is_current():
    assert DOC.read_text() == render_markdown(REGISTRY), (
        "docs/metrics.md is stale: run `python -m csm_kit.catalog > docs/metrics.md`")


@pytest.mark.parametrize("metric_id", [m.id for m in REGISTRY])
def test_every_metric_and_its_fields_are_in_the_docs(metric_id):
    m = REGISTRY.get(metric_id)
    section = DOC.read_text().split(f"### `{metric_id}` — ")[1].split("\n### ")[0]
    assert m.description in section
    for label, text in metric_fields(m):
        assert f"| {label} | {text.replace('|', '∣')} |" in section
    for p in m.params:
        assert f"`{p.name}`" in section


def test_every_fact_is_in_the_docs():
    for f in REGISTRY.facts_by_id.values():
        assert f"### fact `{f.id}` — {f.title}" in DOC.read_text()
        assert f.description in DOC.read_text()


def test_metrics_show_prints_the_documented_fields(capsys, tmp_path):
    import duckdb

    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    assert main(["metrics", "show", "csat", "-c", str(path)]) == 0
    out = capsys.readouterr().out
    m = REGISTRY.get("csat")
    assert out.strip() == render_text(m, available=out.rsplit("available:", 1)[1].strip()).strip()
    for _, text in metric_fields(m):
        assert text in out
    assert "available: no — metric 'csat' needs table 'survey_responses'" in out
