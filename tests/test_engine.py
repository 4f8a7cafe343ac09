"""compute(): grains, the time spine, `by`, params, batching, to_sql, scorecard, isolation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

import ibis
import pandas as pd
import pytest

import csm_kit as ck
from csm_kit.registry import load_registry
from tests.conftest import canonical


def responses(*items: tuple[str, float, dt.datetime, str]) -> list[dict]:
    return [{"response_id": str(i), "account_id": acc, "survey": "nps", "score": s,
             "responded_at": at} for i, (acc, s, at, *_) in enumerate(items)]


ROWS = responses(
    ("a1", 10.0, dt.datetime(2025, 1, 5)),
    ("a2", 0.0, dt.datetime(2025, 1, 6)),
    ("a1", 9.0, dt.datetime(2025, 3, 31, 23, 59, 59)),
    ("a3", 8.0, dt.datetime(2025, 4, 1)),
)
ACCOUNTS = [
    {"account_id": "a1", "segment": "SMB", "created_at": dt.datetime(2024, 1, 1)},
    {"account_id": "a2", "segment": "Enterprise", "created_at": dt.datetime(2024, 1, 1)},
    {"account_id": "a3", "segment": None, "created_at": dt.datetime(2024, 1, 1)},
]


@pytest.fixture
def kit() -> ck.Kit:
    return ck.connect(tables={"survey_responses": canonical("survey_responses", ROWS),
                              "accounts": canonical("accounts", ACCOUNTS)})


def test_spine_has_every_bucket_and_nulls_for_empty_rates(kit):
    df = kit.compute("nps", grain="month").to_pandas()
    assert [d.date().isoformat() for d in df.period_start] == [
        "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]
    assert df.value.tolist()[0] == 0.0 and df.value.tolist()[2] == 100.0
    assert df.value.isna().tolist() == [False, True, False, False]
    assert df.status.tolist() == ["ok", None, "good", "ok"]


def test_start_and_end_select_the_buckets_that_contain_them(kit):
    df = kit.compute("nps", grain="month", start="2025-02-15", end="2025-03-02").to_pandas()
    assert [d.month for d in df.period_start] == [2, 3]
    df = kit.compute("nps", grain="quarter", start="2025-02-15", end="2025-04-01").to_pandas()
    assert [d.date().isoformat() for d in df.period_start] == ["2025-01-01", "2025-04-01"]
    assert df.value.tolist() == pytest.approx([100 / 3, 0.0])


def test_week_grain_starts_on_monday(kit):
    df = kit.compute("nps", grain="week", start="2025-01-01", end="2025-01-08").to_pandas()
    assert [d.date().isoformat() for d in df.period_start] == ["2024-12-30", "2025-01-06"]
    assert df.value.tolist() == [100.0, -100.0]  # Sunday 5 Jan is in the week of 30 Dec


def test_by_segment_with_a_null_segment(kit):
    df = kit.compute("nps", grain="quarter", by="segment").to_pandas()
    q1 = df[df.period_start == pd.Timestamp(2025, 1, 1)]
    q1 = dict(zip(q1.segment, q1.value, strict=True))
    assert q1["SMB"] == 100.0 and q1["Enterprise"] == -100.0 and pd.isna(q1[None])
    assert set(df.segment) == {"SMB", "Enterprise", None}
    assert len(df) == 2 * 3  # every group in every bucket


def test_bad_arguments_are_typed_errors(kit):
    with pytest.raises(ck.PeriodError, match="grain 'monthly'"):
        kit.compute("nps", grain="monthly")
    with pytest.raises(ck.DimensionError, match="Did you mean 'segment'"):
        kit.compute("nps", by="segmnt")
    with pytest.raises(ck.ParamError, match="allowed: '0-10', '1-10'"):
        kit.compute("nps", params={"nps": {"scale": "0-5"}})
    with pytest.raises(ck.ParamError, match="no param 'scal'.*Did you mean 'scale'"):
        kit.compute("nps", params={"nps": {"scal": "1-10"}})
    with pytest.raises(ck.ParamError, match="keyed by metric id"):
        kit.compute("nps", params={"scale": "1-10"})
    with pytest.raises(ck.PeriodError):
        kit.compute("nps", start="June 2025")
    with pytest.raises(ck.CsmKitError, match="before start"):
        kit.compute("nps", start="2025-05-01", end="2025-01-01")


def test_one_compute_runs_one_metric_query(kit, monkeypatch):
    binding = kit.binding
    calls = []
    for name in ("execute", "execute_compiled"):
        original = getattr(binding, name)

        def counting(expr, *args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(expr, *args, **kwargs)

        monkeypatch.setattr(binding, name, counting)
    res = kit.compute(["nps", "csat", "ces"], grain="month")
    # the profile (date ranges and data checks), then every metric in one union query
    assert calls == ["execute", "execute_compiled"]
    assert set(res.to_pandas().metric) == {"nps", "csat", "ces"}


def test_to_sql_compiles_for_each_dialect(kit):
    for dialect in ("duckdb", "postgres", "bigquery"):
        sql = kit.to_sql("nps", dialect=dialect, grain="month")
        assert "SELECT" in sql.upper() and "survey" in sql
    sql = kit.to_sql("nps", dialect="duckdb", grain="month")
    df = kit.binding.backend.sql(sql).execute()  # the SQL runs and gives the same numbers
    assert df.sort_values("period_start").value.tolist()[0] == 0.0


def test_scorecard_values_match_compute(kit):
    card = kit.scorecard(period="2025-03").to_pandas().set_index("metric")
    assert card.loc["nps", "value"] == 100.0
    assert pd_isna(card.loc["nps", "previous"])
    assert card.loc["nps", "status"] == "good"
    q = kit.scorecard(period="2025-Q2").to_pandas().set_index("metric")
    assert q.loc["nps", "value"] == 0.0
    assert q.loc["nps", "previous"] == pytest.approx(100 / 3)
    assert q.loc["nps", "change"] == pytest.approx(-100 / 3)
    assert "Net Promoter Score" in repr(kit.scorecard(period="2025-Q2"))


def pd_isna(v) -> bool:
    return v is None or v != v


def _plugin(*metrics: ck.Metric) -> types.SimpleNamespace:
    return types.SimpleNamespace(csm_kit_metrics=ck.hookimpl(lambda: list(metrics)))


def test_a_failing_formula_is_isolated(kit):
    @ck.metric(id="explodes", title="Explodes", category="Test", unit="count",
               direction="higher_is_better", inputs={"survey_responses": ["score"]},
               benchmark=ck.Benchmark.unbanded("test"), source=["test"])
    def explodes(t, ctx):
        raise ZeroDivisionError("bad formula")

    @ck.metric(id="fails_in_sql", title="Fails in SQL", category="Test", unit="count",
               direction="higher_is_better",
               inputs={"survey_responses": ["comment", "responded_at"]},
               benchmark=ck.Benchmark.unbanded("test"), source=["test"])
    def fails_in_sql(t, ctx):
        r = t.survey_responses
        return ctx.aggregate(r, at=r.responded_at, value=ibis._.comment.cast("int64").sum())

    registry = load_registry(extra_plugins=[("testing", _plugin(explodes, fails_in_sql))])
    rows = [dict(r, comment="not a number") for r in ROWS]
    kit = ck.Kit(ck.connect(tables={"survey_responses": canonical("survey_responses", rows)}
                            ).binding, registry)
    with pytest.raises(ck.ComputeError, match="'explodes'.*'testing'.*bad formula"):
        kit.compute(["nps", "explodes"], strict=True)
    with pytest.warns(ck.ComputeWarning, match="explodes"):
        res = kit.compute(["nps", "explodes"])
    assert isinstance(res.errors["explodes"], ck.ComputeError)
    with pytest.warns(ck.ComputeWarning, match="fails_in_sql"):
        res = kit.compute(["nps", "fails_in_sql"])
    assert isinstance(res.errors["fails_in_sql"], ck.ComputeError)
    assert set(res.to_pandas().metric) == {"nps"}
    with pytest.raises(ck.ComputeError, match="fails_in_sql"):
        kit.compute(["nps", "fails_in_sql"], strict=True)
    card = kit.scorecard(period="2025-01").to_pandas().set_index("metric")
    assert "failed on the backend" in card.loc["fails_in_sql", "note"]
    assert card.loc["nps", "value"] == 0.0
    assert "explodes" in card.index and "bad formula" in card.loc["explodes", "note"]


def test_text_and_html_rendering_format_units(kit):
    res = kit.compute(["nps", "csat"], grain="month")
    text = repr(res)
    assert "nps" in text and "2025-01" in text
    html = res._repr_html_()
    assert "<table" in html and "#9a6700" in html  # 'ok' coloured
    card = kit.scorecard(period="2025-03")._repr_html_()
    assert "Net Promoter Score" in card and "#1a7f37" in card


def test_values_are_formatted_by_unit():
    from csm_kit.formatting import format_change, format_value

    assert format_value(0.0712, "fraction") == "7.1%"
    assert format_value(-25594.2, "currency") == "-$25,594"
    assert format_value(12.5, "currency") == "$12.50"
    assert format_value(5.25, "duration") == "5.2 h"
    assert format_value(72, "duration") == "3.0 days"
    assert format_value(0.25, "duration") == "15.0 min"
    assert format_value(28 / 3600, "duration") == "28 s"
    assert format_value(float("nan"), "score") == "—"
    assert format_change(0.012, "fraction") == "+1.2 pp"


# -- a metric's own dimensions and text scored in Python -----------------------------------------
def _text_metrics() -> tuple[ck.Metric, ck.Metric, ck.Metric]:
    """'length' scores each comment by its length in Python (split by its own 'first_word');
    'broken_score' raises in its score; 'reads_length' builds on 'length'."""

    @ck.metric(id="length", title="Length", category="Test", unit="count",
               direction="higher_is_better",
               inputs={"survey_responses": ["account_id", "comment", "responded_at"]},
               dimensions=["first_word"], benchmark=ck.Benchmark.unbanded("test"),
               source=["test"])
    def length(t, ctx):
        r = t.survey_responses
        r = r.mutate(first_word=r.comment.split(" ")[0])
        return ctx.score_text(r, at=r.responded_at, text=r.comment, score=lambda s: len(s))

    @ck.metric(id="broken_score", title="Broken", category="Test", unit="count",
               direction="higher_is_better",
               inputs={"survey_responses": ["account_id", "comment", "responded_at"]},
               benchmark=ck.Benchmark.unbanded("test"), source=["test"])
    def broken_score(t, ctx):
        r = t.survey_responses
        return ctx.score_text(r, at=r.responded_at, text=r.comment, score=lambda s: 1 / 0)

    @ck.metric(id="reads_length", title="Reads length", category="Test", unit="count",
               direction="higher_is_better", inputs={"survey_responses": ["comment"]},
               depends_on=["length"], benchmark=ck.Benchmark.unbanded("test"), source=["test"])
    def reads_length(t, ctx):
        return ctx.metric("length")

    return length, broken_score, reads_length


@pytest.fixture
def text_kit() -> ck.Kit:
    rows = [dict(r, comment=c) for r, c in zip(
        ROWS, ["good tool", "good", "  ", "bad support team"], strict=True)]
    length, broken, reads = _text_metrics()
    broken_too = dataclasses.replace(broken, id="broken_too")
    registry = load_registry(extra_plugins=[("testing",
                                             _plugin(length, broken, broken_too, reads))])
    binding = ck.connect(tables={"survey_responses": canonical("survey_responses", rows),
                                 "accounts": canonical("accounts", ACCOUNTS)}).binding
    return ck.Kit(binding, registry)


def test_score_text_is_the_row_weighted_mean_of_python_scores(text_kit):
    df = text_kit.compute("length", grain="month").to_pandas()
    # January: 'good tool' (9) and 'good' (4); March: only blanks (left out: null); April: 16
    assert df.value.tolist()[0] == pytest.approx(6.5)
    assert pd_isna(df.value.tolist()[1]) and pd_isna(df.value.tolist()[2])
    assert df.value.tolist()[3] == 16.0
    split = text_kit.compute("length", grain="month", by=["segment", "first_word"]).to_pandas()
    jan = split[split.period_start == "2025-01-01"].set_index(["segment", "first_word"]).value
    assert jan[("SMB", "good")] == 9.0 and jan[("Enterprise", "good")] == 4.0
    assert pd_isna(jan[("SMB", "bad")])  # every segment x every first word of the range


def test_to_sql_of_a_python_scored_metric_is_its_counting_query(text_kit):
    sql = text_kit.to_sql("length", dialect="postgres")
    assert sql.startswith("-- length: this query counts each distinct text per bucket")
    assert "COUNT(*)" in sql and "_text" in sql


def test_a_failing_python_score_is_isolated(text_kit):
    with pytest.warns(ck.ComputeWarning, match="broken_score.*scoring its texts.*ZeroDivision"):
        res = text_kit.compute(["nps", "broken_score"])
    assert isinstance(res.errors["broken_score"], ck.ComputeError)
    assert set(res.to_pandas().metric) == {"nps"}
    with pytest.raises(ck.ComputeError, match="broken_score"):
        text_kit.compute(["nps", "broken_score"], strict=True)
    with pytest.raises(ck.ComputeError, match="broken_score"):  # nothing else left to show
        text_kit.compute(["broken_score", "broken_too"])


def test_no_formula_builds_on_a_python_scored_metric(text_kit):
    with pytest.raises(ck.DeclarationError, match="'reads_length' reads metric 'length'.*Python"):
        text_kit.compute("reads_length", strict=True)


def test_own_dimensions_split_only_the_metrics_that_declare_them(text_kit):
    with pytest.warns(ck.ComputeWarning, match="'nps' cannot be split by 'first_word'"):
        res = text_kit.compute(["length", "nps"], by=["first_word"])
    assert isinstance(res.errors["nps"], ck.DimensionError)
    with pytest.raises(ck.DimensionError, match="splits only length"):
        text_kit.compute("nps", by=["first_word"])
    with pytest.raises(ck.DimensionError, match="Did you mean 'first_word'"):
        text_kit.compute("length", by=["first_wrd"])


def test_a_dimension_must_not_shadow_an_accounts_column():
    with pytest.raises(ck.DeclarationError, match="dimension 'segment' is an accounts column"):
        @ck.metric(id="shadow", title="Shadow", category="Test", unit="count",
                   direction="higher_is_better", inputs={"events": ["feature"]},
                   dimensions=["segment"], benchmark=ck.Benchmark.unbanded("test"),
                   source=["test"])
        def shadow(t, ctx):
            return None

        shadow.validate()


def test_with_no_start_each_metric_begins_with_its_own_data():
    """NPS rows begin with the first survey answer's bucket, MRR rows with the first
    subscription's, even when computed together; a start= given applies to both."""
    subs = [{"subscription_id": "s1", "account_id": "a1", "start_date": dt.date(2024, 10, 15),
             "end_date": None, "mrr": 10.0}]
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", ROWS),
                             "subscriptions": canonical("subscriptions", subs)})
    df = kit.compute(["nps", "mrr"], grain="month", end="2025-04-30").to_pandas()
    first = df.groupby("metric").period_start.min().dt.date.to_dict()
    assert first == {"nps": dt.date(2025, 1, 1), "mrr": dt.date(2024, 10, 1)}
    assert len(df[df.metric == "mrr"]) == 7 and len(df[df.metric == "nps"]) == 4
    given = kit.compute(["nps", "mrr"], grain="month", start="2024-12-01", end="2025-04-30")
    assert set(given.to_pandas().groupby("metric").period_start.min().dt.date) == {
        dt.date(2024, 12, 1)}


def test_with_no_start_a_metric_of_several_tables_begins_when_all_hold_data():
    """Engagement score reads touchpoints of paying accounts: before the first touchpoint it
    would be a row of zeros for want of data, so its rows begin with the touchpoints' bucket
    (the later of its two tables), while MRR's begin with the subscription's."""
    subs = [{"subscription_id": "s1", "account_id": "a1", "start_date": dt.date(2024, 10, 15),
             "end_date": None, "mrr": 10.0}]
    touch = [{"touchpoint_id": "t1", "account_id": "a1", "occurred_at": dt.datetime(2025, 2, 3),
              "kind": "call", "direction": "outbound"}]
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", subs),
                             "touchpoints": canonical("touchpoints", touch)})
    df = kit.compute(["engagement_score", "mrr"], grain="month", end="2025-04-30").to_pandas()
    first = df.groupby("metric").period_start.min().dt.date.to_dict()
    assert first == {"engagement_score": dt.date(2025, 2, 1), "mrr": dt.date(2024, 10, 1)}


def test_with_no_start_a_metric_begins_with_its_first_value():
    """Customer churn rate has no value until a bucket begins with someone paying: with no
    start=, its rows begin with the first bucket that has one (in some group); with start=
    given, every bucket asked for is there."""
    subs = [{"subscription_id": "s1", "account_id": "a1", "start_date": dt.date(2024, 10, 15),
             "end_date": dt.date(2025, 2, 10), "mrr": 10.0},
            {"subscription_id": "s2", "account_id": "a2", "start_date": dt.date(2024, 12, 1),
             "end_date": None, "mrr": 5.0}]
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", subs)})
    df = kit.compute(["customer_churn_rate", "new_mrr"], grain="month",
                     end="2025-03-31").to_pandas()
    rate = df[df.metric == "customer_churn_rate"]
    # October 2024 begins with nobody paying (a1 starts on the 15th): no rate; November
    # begins with a1: 0 churned of 1; ... February 2025: a1 of {a1, a2} churns -> 0.5
    assert rate.period_start.min().date() == dt.date(2024, 11, 1)
    assert rate.value.tolist() == [0.0, 0.0, 0.0, 0.5, 0.0]
    assert df[df.metric == "new_mrr"].period_start.min().date() == dt.date(2024, 10, 1)
    given = kit.compute(["customer_churn_rate"], grain="month", start="2024-10-01",
                        end="2025-03-31").to_pandas()
    assert given.period_start.min().date() == dt.date(2024, 10, 1) and given.value.isna()[0]
