"""Compiled plans (csm_kit.compiled): a repeated computation reuses its SQL, never its numbers.

Each test guards one way a cache could give a wrong number: data that changed since, an
argument the key forgot, a failure remembered as a success.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import ibis
import pandas as pd
import pytest

import csm_kit as ck
from tests.conftest import canonical


def _responses(scores: list[int], day: dt.datetime) -> list[dict]:
    return [{"response_id": f"r{day:%m%d}{i}", "account_id": "a1", "user_id": "u1",
             "survey": "nps", "score": s, "responded_at": day, "comment": None}
            for i, s in enumerate(scores)]


def _db(rows: list[dict]) -> ibis.BaseBackend:
    con = duckdb.connect()
    con.from_arrow(canonical("survey_responses", rows)).create("survey_responses")
    accounts = [{"account_id": "a1", "segment": "SMB", "created_at": dt.datetime(2024, 1, 1)}]
    con.from_arrow(canonical("accounts", accounts)).create("accounts")
    return ibis.duckdb.from_connection(con)


def _count_compiles(kit: ck.Kit, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled = []
    original = kit.binding.compile

    def counting(expr):
        compiled.append("compile")
        return original(expr)

    monkeypatch.setattr(kit.binding, "compile", counting)
    return compiled


def test_the_same_computation_compiles_once(monkeypatch):
    backend = _db(_responses([10, 10, 3], dt.datetime(2025, 1, 5)))
    kit = ck.connect(backend)
    compiles = _count_compiles(kit, monkeypatch)
    first = kit.compute("nps", grain="month").to_pandas()
    again = kit.compute("nps", grain="month").to_pandas()
    assert compiles == ["compile"]
    assert kit.binding.plans.hits == 1
    pd.testing.assert_frame_equal(first, again)
    assert first["value"].tolist() == pytest.approx([100 * (2 - 1) / 3])


def test_changed_rows_give_new_numbers_from_the_same_sql(monkeypatch):
    # the cache keeps SQL, not results: rows added inside the same range are counted
    backend = _db(_responses([10, 10, 3], dt.datetime(2025, 1, 5)))
    kit = ck.connect(backend)
    compiles = _count_compiles(kit, monkeypatch)
    before = kit.compute("nps", grain="month").to_pandas()["value"].tolist()
    backend.con.execute("INSERT INTO survey_responses SELECT * REPLACE ('r9' AS response_id, "
                        "0 AS score) FROM survey_responses LIMIT 1")
    after = kit.compute("nps", grain="month").to_pandas()["value"].tolist()
    assert compiles == ["compile"]  # same range, same SQL
    assert before == pytest.approx([100 / 3])
    assert after == pytest.approx([100 * (2 - 2) / 4])


def test_a_wider_data_range_compiles_a_new_plan(monkeypatch):
    backend = _db(_responses([10], dt.datetime(2025, 1, 5)))
    kit = ck.connect(backend)
    compiles = _count_compiles(kit, monkeypatch)
    assert len(kit.compute("nps", grain="month").to_pandas()) == 1
    backend.con.execute("INSERT INTO survey_responses SELECT * REPLACE ('r9' AS response_id, "
                        "TIMESTAMP '2025-03-02' AS responded_at, 0 AS score) "
                        "FROM survey_responses LIMIT 1")
    out = kit.compute("nps", grain="month").to_pandas()
    assert compiles == ["compile", "compile"]
    assert out["value"].tolist() == pytest.approx([100.0, float("nan"), -100.0], nan_ok=True)


@pytest.mark.parametrize("change", [
    {"grain": "week"}, {"by": "segment"}, {"compare": "previous"},
    {"params": {"nps": {"scale": "1-10"}}}, {"start": "2024-12-01"}, {"as_of": "data"},
])
def test_every_argument_is_part_of_the_key(change, monkeypatch):
    backend = _db(_responses([10, 10, 3], dt.datetime(2025, 1, 5)))
    kit = ck.connect(backend)
    compiles = _count_compiles(kit, monkeypatch)
    kit.compute("nps", grain="month")
    args = {"grain": "month", **change}
    changed = kit.compute("nps", **args).to_pandas()
    fresh = ck.connect(_db(_responses([10, 10, 3], dt.datetime(2025, 1, 5))))
    expected = fresh.compute("nps", **args).to_pandas()
    assert compiles == ["compile", "compile"]
    pd.testing.assert_frame_equal(changed, expected)


def test_filters_are_part_of_the_key():
    kit = ck.connect()
    a = kit.compute("nps", grain="quarter", filters={"segment": "SMB"}).to_pandas()
    b = kit.compute("nps", grain="quarter", filters={"segment": "Enterprise"}).to_pandas()
    assert kit.binding.plans.hits == 0
    assert not a["value"].equals(b["value"])


def test_a_failed_query_is_not_kept(monkeypatch):
    # the union's SQL fails: each metric then runs alone the long way, and nothing is kept
    kit = ck.connect(_db(_responses([10], dt.datetime(2025, 1, 5))))
    original = kit.binding.execute_compiled
    monkeypatch.setattr(kit.binding, "execute_compiled",
                        lambda compiled: (_ for _ in ()).throw(RuntimeError("server gone")))
    assert kit.compute("nps", grain="month").to_pandas()["value"].tolist() == [100.0]
    assert len(kit.binding.plans) == 0
    monkeypatch.setattr(kit.binding, "execute_compiled", original)
    assert kit.compute("nps", grain="month").to_pandas()["value"].tolist() == [100.0]
    assert len(kit.binding.plans) == 1


def test_a_metric_that_failed_to_build_stays_failed_on_a_hit():
    kit = ck.connect()
    ids = ["nps", "customer_retention_cost"]
    with pytest.warns(ck.ComputeWarning, match="customer_retention_cost"):
        first = kit.compute(ids, grain="quarter", by="segment")
    with pytest.warns(ck.ComputeWarning, match="customer_retention_cost"):
        again = kit.compute(ids, grain="quarter", by="segment")
    assert kit.binding.plans.hits == 1
    assert set(again.errors) == set(first.errors) == {"customer_retention_cost"}
    pd.testing.assert_frame_equal(first.to_pandas(), again.to_pandas())


def test_text_scored_metrics_score_on_a_hit():
    kit = ck.connect()
    first = kit.compute("feedback_sentiment", grain="quarter").to_pandas()
    again = kit.compute("feedback_sentiment", grain="quarter").to_pandas()
    assert kit.binding.plans.hits == 1
    assert first["value"].notna().any()
    pd.testing.assert_frame_equal(first, again)


def test_a_scorecard_profiles_the_data_once(monkeypatch):
    import csm_kit.engine as engine

    kit = ck.connect()
    runs = []
    original = engine.run_profile

    def counting(*args, **kwargs):
        runs.append(args[1:])
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "run_profile", counting)
    card = kit.scorecard()
    assert len(runs) == 1
    expected = ck.connect().scorecard(period=card.period)
    pd.testing.assert_frame_equal(card.to_pandas(), expected.to_pandas())


def test_strict_raises_a_build_failure_the_cache_remembers():
    kit = ck.connect()
    ids = ["nps", "customer_retention_cost"]
    with pytest.warns(ck.ComputeWarning):
        kit.compute(ids, grain="quarter", by="segment")
    with pytest.raises(ck.DimensionError, match="customer_retention_cost"):
        kit.compute(ids, grain="quarter", by="segment", strict=True)
