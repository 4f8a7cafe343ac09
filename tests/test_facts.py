"""Shared facts: declared with @csm_kit.fact, contributed through the csm_kit_facts hook, reused by
any pack, and checked like metrics."""

from __future__ import annotations

import datetime as dt
import types

import ibis
import pytest

import csm_kit as ck
from csm_kit.registry import PluginWarning, load_registry
from tests.conftest import canonical

SUBS = [{"subscription_id": f"s{i}", "account_id": a, "start_date": dt.date(2025, m, 1),
         "end_date": e, "mrr": v}
        for i, (a, m, e, v) in enumerate([("a1", 1, None, 100.0), ("a2", 1, dt.date(2025, 3, 1), 50.0),
                                           ("a3", 2, None, 80.0)])]


def plugin(*metrics: ck.Metric, facts: tuple[ck.Fact, ...] = ()) -> types.SimpleNamespace:
    return types.SimpleNamespace(csm_kit_metrics=ck.hookimpl(lambda: list(metrics)),
                                 csm_kit_facts=ck.hookimpl(lambda: list(facts)))


def kit_with(registry) -> ck.Kit:
    return ck.Kit(ck.connect(tables={"subscriptions": canonical("subscriptions", SUBS)}).binding,
                  registry)


@ck.metric(id="paying_accounts", title="Paying accounts", category="Test", unit="count",
           direction="higher_is_better", inputs={}, facts=["account_mrr"],
           benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
def paying_accounts(t, ctx):
    """Accounts with MRR > 0 at the end of the bucket (a third party reusing account_mrr)."""
    f = ctx.fact("account_mrr")
    return ctx.aggregate_bucketed(f.filter(f.is_last & (f.mrr > 0)),
                                  value=ibis._.account_id.nunique())


def test_the_builtin_fact_comes_through_the_hook():
    registry = load_registry()
    assert registry.facts_by_id["account_mrr"].plugin == "revenue"
    assert {p.name: p.facts for p in registry.plugins}["revenue"] == (
        "account_mrr", "account_periods", "contract_terms")
    # a metric that reads a fact is checked on the fact's inputs, as its own
    assert registry.get("mrr").inputs["subscriptions"] == ("account_id", "start_date", "end_date",
                                                          "mrr")
    # also through a fact built on a fact: account_periods reads account_mrr
    assert registry.facts_by_id["account_periods"].facts == ("account_mrr",)
    assert registry.get("logo_churn").inputs == {
        "subscriptions": ("account_id", "start_date", "end_date", "mrr")}


def test_a_third_party_metric_reuses_a_builtin_fact():
    registry = load_registry(extra_plugins=[("acme", plugin(paying_accounts))])
    df = kit_with(registry).compute("paying_accounts", start="2025-01-01",
                                    end="2025-03-31").to_pandas()
    assert df.value.tolist() == [2, 3, 2]  # a1 a2; + a3; a2 ended Mar 1


def test_a_third_party_fact_is_registered_and_built_once_per_computation():
    calls = []

    @ck.fact(id="first_month", title="Each account's first month of MRR",
             inputs={"subscriptions": ["account_id", "start_date"]})
    def first_month(t, ctx):
        """One row per account: account_id, first (the month of its first subscription)."""
        calls.append(ctx.metric_id)
        s = t.subscriptions
        return s.group_by("account_id").aggregate(first=s.start_date.min().truncate("M"))

    def cohort_counter(metric_id):
        @ck.metric(id=metric_id, title="New accounts", category="Test", unit="count",
                   direction="higher_is_better", inputs={}, facts=["first_month"],
                   benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
        def formula(t, ctx):
            """Accounts whose first month is the bucket."""
            f = ctx.fact("first_month")
            return ctx.aggregate(f, at=f.first, value=ibis._.account_id.count())
        return formula

    registry = load_registry(extra_plugins=[
        ("acme", plugin(cohort_counter("new_accounts"), cohort_counter("new_accounts_2"),
                        facts=(first_month,)))])
    assert registry.facts_by_id["first_month"].plugin == "acme"
    res = kit_with(registry).compute(["new_accounts", "new_accounts_2"], start="2025-01-01",
                                     end="2025-02-28")
    assert res.to_pandas().value.tolist() == [2, 1, 2, 1]
    assert calls == ["first_month"]  # built once, with a context of its own (no metric params)


def test_a_metric_reading_an_unknown_fact_is_rejected_and_the_rest_load():
    @ck.metric(id="needs_ghost", title="Needs a ghost fact", category="Test", unit="count",
               direction="higher_is_better", inputs={}, facts=["acount_mrr"],
               benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
    def needs_ghost(t, ctx):
        """Never built."""
        return ctx.fact("acount_mrr")

    with pytest.warns(PluginWarning, match="reads fact acount_mrr.*Did you mean 'account_mrr'"):
        registry = load_registry(extra_plugins=[("acme", plugin(needs_ghost))])
    assert "needs_ghost" not in registry and "mrr" in registry


def test_a_fact_read_without_declaring_it_is_a_declaration_error():
    @ck.metric(id="sneaky", title="Reads an undeclared fact", category="Test", unit="count",
               direction="higher_is_better", inputs={"subscriptions": ["account_id"]},
               benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
    def sneaky(t, ctx):
        """Reads account_mrr without saying so."""
        return ctx.aggregate_bucketed(ctx.fact("account_mrr"), value=ibis._.mrr.sum())

    registry = load_registry(extra_plugins=[("acme", plugin(sneaky))])
    with pytest.raises(ck.DeclarationError, match=r"add facts=\['account_mrr'\]"):
        kit_with(registry).compute("sneaky", start="2025-01-01", end="2025-01-31")


def test_invalid_and_duplicate_facts_are_reported():
    @ck.fact(id="Bad Id", title="", inputs={"subscriptions": ["nope"]})
    def bad(t, ctx):
        return t.subscriptions

    @ck.fact(id="account_mrr", title="A second account_mrr", inputs={"subscriptions": ["mrr"]})
    def clash(t, ctx):
        """Clashes with the revenue pack's."""
        return t.subscriptions

    with pytest.warns(PluginWarning) as caught:
        registry = load_registry(extra_plugins=[("acme", plugin(facts=(bad, clash)))])
    messages = " | ".join(str(w.message) for w in caught)
    assert "lower_snake_case" in messages and "unknown column subscriptions.nope" in messages
    assert "description is empty" in messages
    assert "fact 'account_mrr' is declared by plugins 'revenue' and 'acme'" in messages
    assert "account_mrr" not in registry.facts_by_id and "mrr" not in registry  # neither is used


def test_a_third_party_fact_builds_on_a_builtin_fact():
    @ck.fact(id="paying_days", title="Accounts paying at each bucket's end", inputs={},
             facts=["account_periods"])
    def paying_days(t, ctx):
        """One row per account and bucket it pays at the end of: account_id, period_start."""
        p = ctx.fact("account_periods")
        return p.filter(p.end_mrr > 0).select("account_id", "period_start")

    @ck.metric(id="paying", title="Paying accounts", category="Test", unit="count",
               direction="higher_is_better", inputs={}, facts=["paying_days"],
               benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
    def paying(t, ctx):
        """Accounts paying at the bucket's end."""
        return ctx.aggregate_bucketed(ctx.fact("paying_days"), value=ibis._.count())

    registry = load_registry(extra_plugins=[("acme", plugin(paying, facts=(paying_days,)))])
    # the inputs of account_mrr reach the metric through two facts
    assert registry.get("paying").inputs["subscriptions"] == ("account_id", "start_date",
                                                             "end_date", "mrr")
    df = kit_with(registry).compute("paying", start="2025-01-01", end="2025-03-31").to_pandas()
    assert df.value.tolist() == [2, 3, 2]


def test_facts_reading_unknown_facts_or_each_other_are_rejected():
    def reader(fact_id, reads):
        @ck.fact(id=fact_id, title=fact_id, inputs={}, facts=reads)
        def build(t, ctx):
            """Never built."""
            return ctx.fact(reads[0])
        return build

    @ck.metric(id="on_loop", title="Reads a cycle", category="Test", unit="count",
               direction="higher_is_better", inputs={}, facts=["loop_a"],
               benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
    def on_loop(t, ctx):
        """Never built."""
        return ctx.fact("loop_a")

    facts = (reader("loop_a", ["loop_b"]), reader("loop_b", ["loop_a"]),
             reader("orphan", ["no_such_fact"]))
    with pytest.warns(PluginWarning) as caught:
        registry = load_registry(extra_plugins=[("acme", plugin(on_loop, facts=facts))])
    messages = " | ".join(str(w.message) for w in caught)
    assert "fact 'orphan' (plugin 'acme') reads fact no_such_fact" in messages
    assert "fact 'loop_a'" in messages and "cycle" in messages
    assert not {"loop_a", "loop_b", "orphan"} & set(registry.facts_by_id)
    assert "on_loop" not in registry and "logo_churn" in registry


def test_a_fact_reading_an_undeclared_fact_is_a_declaration_error():
    @ck.fact(id="sly", title="Reads account_mrr unannounced",
             inputs={"subscriptions": ["account_id"]})
    def sly(t, ctx):
        """One row per account_mrr row."""
        return ctx.fact("account_mrr")

    @ck.metric(id="on_sly", title="Reads sly", category="Test", unit="count",
               direction="higher_is_better", inputs={}, facts=["sly"],
               benchmark=ck.Benchmark.unbanded("test"), source=["convention"])
    def on_sly(t, ctx):
        """Rows of sly."""
        return ctx.aggregate_bucketed(ctx.fact("sly"), value=ibis._.count())

    registry = load_registry(extra_plugins=[("acme", plugin(on_sly, facts=(sly,)))])
    with pytest.raises(ck.DeclarationError, match=r"fact 'sly' reads fact 'account_mrr'.*"
                                                  r"add facts=\['account_mrr'\] to its @fact"):
        kit_with(registry).compute("on_sly", start="2025-01-01", end="2025-01-31", strict=True)
