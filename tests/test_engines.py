"""Connecting to each engine: a SparkSession, spark:// URLs, and what the plugin-author helpers do."""

from __future__ import annotations

import datetime as dt

import pytest

import csm_kit as ck
from csm_kit.testing import engine_kit, variants
from tests.conftest import canonical

NPS = [{"response_id": f"r{i}", "account_id": "a1", "survey": "nps", "score": s,
        "responded_at": dt.datetime(2025, m, 10)} for i, (s, m) in enumerate([(10.0, 1), (3.0, 2)])]


@pytest.mark.spark
def test_connect_takes_a_spark_session_and_its_views(csm_kit_spark):
    kit = engine_kit("spark", {"survey_responses": canonical("survey_responses", NPS)},
                     spark=csm_kit_spark)
    assert kit.binding.description.startswith("Spark session (local[2]")
    assert kit.compute("nps").to_pandas().value.tolist() == [100.0, -100.0]


@pytest.mark.spark
def test_a_spark_url_uses_the_active_session(csm_kit_spark):
    kit = ck.connect("spark://local[2]")  # getOrCreate: the running session of this process
    assert kit.binding.backend._session is csm_kit_spark
    assert kit.binding.description == "spark://local[2]"


def test_variants_list_every_allowed_value_and_example():
    registry = ck.load_registry()
    labels = [label for label, _ in variants(registry.get("csat"))]
    assert labels == ["default", "method='mean'", "scale='1-3'", "scale='1-10'", "threshold=3",
                      "measure='responses'"]
    assert variants(registry.get("mrr")) == [("default", {})]


def test_engine_kit_names_what_it_needs():
    with pytest.raises(ValueError, match="needs postgres_url"):
        engine_kit("postgres", {})
    with pytest.raises(ValueError, match="unknown engine 'oracle'"):
        engine_kit("oracle", {})
