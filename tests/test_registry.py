"""The plugin registry, exercised with a real plugin distribution installed by pip."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import csm_kit as ck
from csm_kit.registry import PluginWarning, load_registry
from tests.conftest import canonical

FIXTURE = Path(__file__).parent / "fixtures" / "plugin_dist"
BUILTIN = {"satisfaction", "revenue", "engagement"}


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory where pip installed the csm-kit-testplugins distribution."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(FIXTURE)],
        check=True, capture_output=True,
    )
    return target


@pytest.fixture
def with_test_plugins(plugin_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(plugin_site))
    monkeypatch.delenv("CSM_KIT_LOAD_PLUGINS", raising=False)


def test_builtin_packs_come_through_entry_points():
    registry = load_registry()
    names = {p.name for p in registry.plugins}
    assert names >= BUILTIN
    assert not registry.errors
    by_plugin = {p.name: set(p.metrics) for p in registry.plugins}
    assert {"nps", "csat", "ces"} <= by_plugin["satisfaction"]
    assert {"mrr", "customer_churn_rate"} <= by_plugin["revenue"]
    assert {"mau", "dau_mau_ratio"} <= by_plugin["engagement"]
    assert all(p.distribution == "csm-kit" for p in registry.plugins if p.name in BUILTIN)


def test_broken_plugins_are_reported_and_the_rest_load(with_test_plugins):
    with pytest.warns(PluginWarning) as caught:
        registry = load_registry()
    messages = [str(e) for e in registry.errors]
    assert len(caught) == len(messages)
    assert any("'broken_import'" in m and "failed to import" in m for m in messages)
    assert any("'raising'" in m and "boom in the hook" in m for m in messages)
    assert any("bad_columns" in m and "tickets.priority_level" in m and "'invalid'" in m
               for m in messages)
    assert any("no_benchmark" in m and "benchmark is missing" in m for m in messages)
    # the good third-party plugin and the built-ins still load
    assert "tickets_opened" in registry
    assert registry.get("tickets_opened").plugin == "tickets"
    assert {"csat", "mrr", "mau"} <= set(registry.metrics_by_id)
    info = {p.name: p for p in registry.plugins}
    assert info["tickets"].distribution == "csm-kit-testplugins"
    assert info["tickets"].version == "0.0.1"


def test_duplicate_ids_name_both_plugins(with_test_plugins):
    with pytest.warns(PluginWarning):
        registry = load_registry()
    dup = [e for e in registry.errors if isinstance(e, ck.DuplicateMetricError)]
    assert len(dup) == 1
    assert "'satisfaction'" in str(dup[0]) and "'duplicate'" in str(dup[0])
    assert "nps" not in registry
    with pytest.raises(ck.DuplicateMetricError) as err:
        registry.get("nps")
    assert "'satisfaction'" in str(err.value) and "'duplicate'" in str(err.value)


def test_load_only_named_plugins(with_test_plugins, monkeypatch):
    monkeypatch.setenv("CSM_KIT_LOAD_PLUGINS", "tickets,satisfaction")
    registry = load_registry()
    assert {p.name for p in registry.plugins} == {"tickets", "satisfaction"}
    assert not registry.errors  # the broken plugins were never imported
    # the satisfaction metrics that read a revenue fact are left out quietly, saying why
    assert set(registry.metrics_by_id) == {"tickets_opened", "nps", "csat", "ces",
                                           "propensity_to_renew", "feedback_volume",
                                           "feedback_sentiment", "referral_count"}
    assert "account_periods" in registry.left_out["referral_rate"]
    assert "CSM_KIT_LOAD_PLUGINS" in registry.left_out["referral_rate"]


def test_load_only_warns_about_unknown_names(monkeypatch):
    monkeypatch.setenv("CSM_KIT_LOAD_PLUGINS", "satisfacton")
    with pytest.warns(PluginWarning, match="satisfacton.*Did you mean 'satisfaction'"):
        registry = load_registry()
    assert len(registry) == 0


def test_third_party_metric_computes(with_test_plugins, monkeypatch):
    monkeypatch.setenv("CSM_KIT_LOAD_PLUGINS", "tickets")
    registry = load_registry()
    rows = [{"ticket_id": str(i), "account_id": "a", "created_at": dt.datetime(2025, m, 3)}
            for i, m in enumerate([1, 1, 3])]
    kit = ck.connect(tables={"tickets": canonical("tickets", rows)})
    kit = ck.Kit(kit.binding, registry)
    df = kit.compute("tickets_opened").to_pandas()
    assert df.value.tolist() == [2.0, 0.0, 1.0]  # February is on the spine with 0


def test_unknown_metric_suggests():
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", [])})
    with pytest.raises(ck.UnknownMetricError, match="Did you mean 'nps'"):
        kit.compute("npss")


def test_every_hookspec_is_documented():
    from csm_kit import hookspecs

    specs = [getattr(hookspecs, n) for n in dir(hookspecs) if n.startswith("csm_kit_")]
    assert specs
    for spec in specs:
        assert spec.__doc__ and len(spec.__doc__.strip()) > 20
    docs = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text()
    for spec in specs:
        assert spec.__name__ in docs


def _plugin(*metrics):
    import types

    return types.SimpleNamespace(csm_kit_metrics=ck.hookimpl(lambda: list(metrics)))


def _derived(metric_id: str, depends_on: list[str]) -> ck.Metric:
    return ck.metric(id=metric_id, title=metric_id, category="Test", unit="count",
                     direction="higher_is_better", inputs={"tickets": ["ticket_id"]},
                     benchmark=ck.Benchmark.unbanded("test"), source=["test"],
                     depends_on=depends_on)(lambda t, ctx: None)


def test_dependency_cycles_and_missing_dependencies_are_rejected(monkeypatch):
    monkeypatch.setenv("CSM_KIT_LOAD_PLUGINS", "satisfaction")
    plugin = _plugin(_derived("a", ["b"]), _derived("b", ["a"]), _derived("c", ["nope"]),
                     _derived("d", ["nps"]))
    with pytest.warns(PluginWarning):
        registry = load_registry(extra_plugins=[("cyclic", plugin)])
    messages = " ".join(str(e) for e in registry.errors)
    assert "'a'" in messages and "'b'" in messages and "depends on itself" in messages
    assert "'c'" in messages and "nope" in messages
    assert "d" in registry and not {"a", "b", "c"} & set(registry.metrics_by_id)
