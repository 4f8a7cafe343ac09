"""Spec tests of the charts: what each chart encodes, read from ``chart.to_dict()`` and its
inline data, never from pixels.

The data are small hand-made tables with known values (tickets, survey answers, subscriptions)
so that the rows a chart carries can be checked against hand-derived numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import csm_kit as ck
from csm_kit import engine
from csm_kit.charts.trend import band_edges
from tests.conftest import canonical

alt = pytest.importorskip("altair")

TODAY = dt.date(2026, 11, 24)
ACCOUNTS = [{"account_id": f"a{i}", "segment": seg, "region": "EMEA",
             "created_at": dt.datetime(2024, 1, 1)}
            for i, seg in enumerate(["Enterprise", "SMB", "Mid-Market", "SMB", "Enterprise",
                                     "SMB", "SMB", "Mid-Market"])]


@pytest.fixture(autouse=True)
def fixed_today():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "utc_today", lambda: TODAY)
        yield


def _nps_rows() -> list[dict[str, Any]]:
    rows, n = [], 0
    for month in range(6, 12):  # June .. November 2026 (November under way)
        for i, score in enumerate([10, 9, 8, 3, 10, 6]):
            n += 1
            rows.append({"response_id": f"r{n}", "account_id": f"a{i % 8}", "survey": "nps",
                         "score": float(score), "responded_at": dt.datetime(2026, month, 3 + i)})
    return rows


def _subs() -> list[dict[str, Any]]:
    d = dt.date
    return [
        {"subscription_id": "s1", "account_id": "a0", "start_date": d(2026, 1, 10),
         "end_date": None, "mrr": 100.0},
        {"subscription_id": "s2", "account_id": "a1", "start_date": d(2026, 2, 1),
         "end_date": d(2026, 5, 1), "mrr": 50.0},
        {"subscription_id": "s3", "account_id": "a2", "start_date": d(2026, 3, 5),
         "end_date": None, "mrr": 30.0},
        {"subscription_id": "s4", "account_id": "a2", "start_date": d(2026, 6, 1),
         "end_date": None, "mrr": 20.0},
    ]


@pytest.fixture(scope="module")
def kit() -> ck.Kit:
    return ck.connect(tables={
        "accounts": canonical("accounts", ACCOUNTS),
        "survey_responses": canonical("survey_responses", _nps_rows()),
        "subscriptions": canonical("subscriptions", _subs()),
    })


def _layers(spec: dict) -> list[dict]:
    """Every layer of a (possibly faceted or concatenated) chart spec."""
    if "layer" in spec:
        return [x for layer in spec["layer"] for x in _layers(layer)]
    if "spec" in spec:
        return _layers(spec["spec"])
    if "vconcat" in spec:
        return [x for c in spec["vconcat"] for x in _layers(c)]
    return [spec]


def _data(spec: dict) -> list[dict]:
    """The rows a chart carries (inline, or consolidated by Altair into top-level datasets)."""
    data = spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


# -- trend ------------------------------------------------------------------------------------
def test_trend_draws_the_benchmark_bands_in_the_metric_direction(kit):
    spec = kit.compute("nps", grain="month", start="2026-06", end="2026-11").chart().to_dict()
    rects = [x for x in _layers(spec) if _mark(x) == "rect"]
    # NPS: higher is better, good >= 50, ok >= 0: good above 50, ok 0..50, bad below 0
    bands = {x["mark"]["color"]: (x["encoding"]["y"]["datum"], x["encoding"]["y2"]["datum"])
             for x in rects}
    assert len(bands) == 3
    good, ok, bad = (bands[c] for c in ("#1a7f37", "#d4a72c", "#cf222e"))
    assert good[0] == 50 and ok == (0, 50) and bad[1] == 0 and good[1] > 50 and bad[0] < 0


def test_band_edges_of_a_lower_is_better_metric():
    m = ck.load_registry().get("customer_churn_rate")  # good <= 3%, ok <= 5%
    edges = {name: (lo, hi) for name, lo, hi in band_edges(m, 0.01, 0.08)}
    assert edges["good"][1] == pytest.approx(m.benchmark.good)
    assert edges["ok"] == (pytest.approx(m.benchmark.good), pytest.approx(m.benchmark.ok))
    assert edges["bad"][0] == pytest.approx(m.benchmark.ok) and edges["bad"][1] > 0.08
    assert edges["good"][0] < 0.01


def test_trend_values_marks_incomplete_buckets_and_formats_units(kit):
    res = kit.compute("nps", grain="month", start="2026-06", end="2026-11")
    spec = res.chart().to_dict()
    rows = _data(spec)
    # each month: 2 promoters (10, 9 and 10 -> 3), 2 detractors (3, 6) of 6 -> (3-2)/6*100
    assert [r["value"] for r in rows] == pytest.approx([100 / 6] * 6)
    assert [r["complete"] for r in rows] == [True] * 5 + [False]
    assert rows[-1]["tail"] and rows[-2]["tail"] and not rows[0]["tail"]  # dashed into Nov
    lines = [x for x in _layers(spec) if _mark(x) == "line"]
    dashed = [x for x in lines if "strokeDash" in x["mark"]]
    assert any(x.get("transform") == [{"filter": "datum.tail"}] for x in dashed)
    assert any(x.get("transform") == [{"filter": "datum.complete"}] for x in lines)
    y = lines[0]["encoding"]["y"]
    assert y["axis"]["format"] == ",.1f" and y["scale"]["zero"] is False  # a score: no zero
    churn = kit.compute("customer_churn_rate", grain="month", start="2026-02", end="2026-06")
    y = [x for x in _layers(churn.chart().to_dict()) if _mark(x) == "line"][0]["encoding"]["y"]
    assert y["axis"]["format"] == ".1%"


def test_trend_of_an_amount_starts_at_zero_and_reads_dollars(kit):
    spec = kit.compute("mrr", grain="month", start="2026-01", end="2026-10").chart().to_dict()
    y = [x for x in _layers(spec) if _mark(x) == "line"][0]["encoding"]["y"]
    assert y["axis"]["format"] == "$,.0f" and y["scale"]["zero"] is True
    # Jan: a0 100 (from Jan 10); Feb: + a1 50; Mar: + a2 30; May: a1 gone; Jun: a2 +20
    assert [r["value"] for r in _data(spec)] == [100, 150, 180, 180, 130, 150, 150, 150, 150, 150]


def test_trend_with_compare_draws_the_previous_line_and_tooltips_the_change(kit):
    spec = kit.compute("mrr", grain="month", start="2026-02", end="2026-06",
                       compare="previous").chart().to_dict()
    rows = _data(spec)
    assert [r["previous"] for r in rows] == [100, 150, 180, 180, 130]
    assert [r["change"] for r in rows] == [50, 30, 0, -50, 20]
    assert any(x["encoding"].get("y", {}).get("field") == "previous" for x in _layers(spec))
    tips = json.dumps(spec)
    assert '"title": "previous"' in tips and '"field": "change_text"' in tips
    assert [r["change_text"] for r in rows] == ["+$50", "+$30", "+$0", "-$50", "+$20"]


def test_trend_colours_groups_and_turns_to_small_multiples_past_six(kit):
    few = kit.compute("nps", grain="month", start="2026-06", end="2026-10",
                      by="segment").chart().to_dict()
    assert "facet" not in few
    colours = {x["encoding"]["color"].get("field") for x in _layers(few)
               if "color" in x.get("encoding", {})}
    assert "group" in colours
    assert {r["group"] for r in _data(few)} == {"Enterprise", "SMB", "Mid-Market"}
    seven = ck.connect(tables={
        "survey_responses": canonical("survey_responses", [
            {"response_id": f"x{i}", "account_id": f"b{i}", "survey": "nps", "score": 9.0,
             "responded_at": dt.datetime(2026, 3, 1)} for i in range(7)]),
        "accounts": canonical("accounts", [{"account_id": f"b{i}", "owner": f"o{i}",
                                            "created_at": dt.datetime(2024, 1, 1)}
                                           for i in range(7)]),
    }).compute("nps", grain="month", start="2026-03", end="2026-03", by="owner")
    spec = seven.chart().to_dict()
    assert spec["facet"]["field"] == "group" and spec["columns"] == 3
    assert len({r["group"] for r in _data(spec)}) == 7


def test_several_metrics_stack_one_chart_each_and_bands_can_be_left_out(kit):
    res = kit.compute(["nps", "mrr"], grain="month", start="2026-06", end="2026-10")
    spec = res.chart().to_dict()
    assert len(spec["vconcat"]) == 2
    assert not [x for x in _layers(res.chart(bands=False).to_dict()) if _mark(x) == "rect"]
    with pytest.raises(ck.ArgumentError, match="kind must be one of"):
        res.chart(kind="pie")
    with pytest.raises(ck.ArgumentError, match="not one"):
        res.chart(kind="movements")


def test_a_chart_of_many_rows_is_not_stopped_by_altairs_row_limit():
    rows = [{"ticket_id": f"t{i}", "account_id": f"a{i % 40}",
             "created_at": dt.datetime(2020, 1, 1) + dt.timedelta(days=i % 1800)}
            for i in range(3000)]
    accounts = [{"account_id": f"a{i}", "owner": f"o{i % 4}",
                 "created_at": dt.datetime(2019, 1, 1)} for i in range(40)]
    res = ck.connect(tables={"tickets": canonical("tickets", rows),
                             "accounts": canonical("accounts", accounts)}).compute(
        "support_tickets", grain="day", by="owner")
    assert len(res) > 5000
    spec = res.chart().to_dict()  # the default data transformer would raise MaxRowsError
    assert len(_data(spec)) == len(res)


# -- movements --------------------------------------------------------------------------------
def test_movements_diverge_and_carry_the_net(kit):
    ids = ["new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr"]
    spec = kit.compute(ids, grain="month", start="2026-01", end="2026-06").chart().to_dict()
    rows = _data(spec)
    amount = {(r["metric"], r["period_start"]): r["amount"] for r in rows}
    # Jan: a0 new 100; Feb: a1 new 50; Mar: a2 new 30; May: a1 churns 50; Jun: a2 expands 20
    assert amount[("new_mrr", "2026-01-01")] == 100 and amount[("new_mrr", "2026-03-01")] == 30
    assert amount[("churned_mrr", "2026-05-01")] == -50  # out: below zero
    assert amount[("expansion_mrr", "2026-06-01")] == 20
    marks = sorted(_mark(x) for x in _layers(spec))
    assert marks == ["bar", "tick"]
    bar = [x for x in _layers(spec) if _mark(x) == "bar"][0]
    assert bar["encoding"]["y"]["aggregate"] == "sum" and bar["encoding"]["y"]["axis"][
        "format"] == "$,.0f"
    assert bar["encoding"]["color"]["scale"]["domain"][-2:] == ["Contraction MRR", "Churned MRR"]


# -- scorecard tiles --------------------------------------------------------------------------
def test_scorecard_tiles_show_value_change_and_status(kit):
    card = kit.scorecard(period="2026-10")
    spec = card.chart().to_dict()
    rows = {r["metric"]: r for r in _data(spec)}
    nps = rows["nps"]
    assert nps["shown"] == "16.7" and nps["state"] == "ok" and nps["delta"] == "+0.0 vs previous"
    mrr = rows["mrr"]
    assert mrr["shown"] == "$150" and mrr["state"] == "none"
    assert [_mark(x) for x in _layers(spec)] == ["rect", "text", "text", "text"]
    assert spec["title"] == "Scorecard 2026-10"
    assert "(incomplete)" in kit.scorecard(period="2026-11").chart().to_dict()["title"]
    year_ago = kit.scorecard(period="2026-10", compare="year_ago").chart().to_dict()
    assert all("vs year ago" in r["delta"] or r["delta"] == "" for r in _data(year_ago))


# -- cohort heatmap ---------------------------------------------------------------------------
def test_cohort_heatmap_cells_are_retention_by_age(kit):
    frame = kit.cohorts(grain="month", start="2026-01", end="2026-06")
    spec = frame.chart().to_dict()
    cells = {(r["cohort_label"], r["age"]): r["retention"] for r in _data(spec)}
    # a0 from Jan (paying Jan 31 on): Jan cohort 1, kept every month; a1 Feb .. Apr: Feb cohort,
    # gone on May 31 (age 3); a2 from Mar 5: Mar cohort, kept
    assert cells[("2026-01", 5)] == 1.0
    assert cells[("2026-02", 2)] == 1.0 and cells[("2026-02", 3)] == 0.0
    assert cells[("2026-03", 3)] == 1.0
    rect = [x for x in _layers(spec) if _mark(x) == "rect"][0]
    assert rect["encoding"]["x"]["field"] == "age" and rect["encoding"]["color"]["field"] == (
        "retention")
    fiscal = ck.connect(tables={"subscriptions": canonical("subscriptions", _subs())},
                        fiscal_year_start=4).cohorts(grain="quarter", end="2026-06-30")
    labels = {r["cohort_label"] for r in _data(fiscal.chart().to_dict())}
    assert labels == {"FY2026-Q4"}  # Jan-Mar 2026: every account's first quarter


def test_charts_without_altair_say_how_to_install(monkeypatch, kit):
    import builtins

    res = kit.compute("nps", grain="month", start="2026-06", end="2026-10")
    real = builtins.__import__

    def no_altair(name, *args, **kwargs):
        if name == "altair" or name.startswith("altair."):
            raise ImportError("No module named 'altair'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_altair)
    with pytest.raises(ck.CsmKitError, match=r"pip install 'csm-kit\[notebook\]'"):
        res.chart()


# -- stacked parts ----------------------------------------------------------------------------
def test_answers_stack_as_shares_ordered_by_their_number(kit):
    res = kit.compute("nps", grain="month", start="2026-06", end="2026-07", by=["answer"],
                      params={"nps": {"measure": "responses"}})
    spec = res.chart().to_dict()
    bar = [x for x in _layers(spec) if _mark(x) == "bar"][0]
    assert bar["encoding"]["y"]["stack"] == "normalize"
    assert bar["encoding"]["color"]["scale"]["domain"] == [
        "0-6 detractors", "7-8 passives", "9-10 promoters"]
    rows = [r for r in _data(spec) if r["period_start"] == "2026-06-01"]
    # June: 10, 9, 8, 3, 10, 6 -> detractors 2 (3, 6), passives 1 (8), promoters 3 (10, 9, 10)
    shares = {r["answer"]: (r["value"], r["share"]) for r in rows}
    assert shares == {"0-6 detractors": (2, pytest.approx(2 / 6)),
                      "7-8 passives": (1, pytest.approx(1 / 6)),
                      "9-10 promoters": (3, pytest.approx(3 / 6))}


def test_a_score_split_by_answer_is_refused_with_the_way_to_ask(kit):
    with pytest.raises(ck.DimensionError, match="measure': 'responses'"):
        kit.compute("nps", by=["answer"], strict=True)


def test_part_order_reads_leading_numbers():
    from csm_kit.charts.stacked import part_order

    assert part_order(["9-10 promoters", "10", "2", "0-6 detractors", "x"]) == [
        "0-6 detractors", "2", "9-10 promoters", "10", "x"]



# -- readable units, titles and axes -----------------------------------------------------------
def _calls(seconds: list[int]) -> list[dict[str, Any]]:
    return [{"call_id": f"c{i}", "account_id": "a0", "abandoned": False,
             "queued_at": dt.datetime(2026, 3 + i % 3, 2, 10),
             "answered_at": dt.datetime(2026, 3 + i % 3, 2, 10) + dt.timedelta(seconds=s)}
            for i, s in enumerate(seconds)]


def test_short_durations_are_drawn_in_seconds_and_long_ones_in_days():
    kit = ck.connect(tables={"calls": canonical("calls", _calls([20, 40, 30]))})
    spec = kit.compute("average_speed_to_answer", grain="month", start="2026-03",
                       end="2026-05").chart().to_dict()
    y = [x for x in _layers(spec) if _mark(x) == "line"][0]["encoding"]["y"]
    assert y["title"].endswith("(seconds)")
    assert [r["value"] for r in _data(spec)] == pytest.approx([20, 40, 30])  # seconds, not hours
    assert [r["value_text"] for r in _data(spec)] == ["20 s", "40 s", "30 s"]
    slow = ck.connect(tables={"calls": canonical("calls", _calls([3 * 86400] * 3))})
    spec = slow.compute("average_speed_to_answer", grain="month", start="2026-03",
                        end="2026-05").chart().to_dict()
    assert [r["value"] for r in _data(spec)] == pytest.approx([3, 3, 3])  # days
    rects = [x for x in _layers(spec) if _mark(x) == "rect"]  # the band in days too
    edges = {x["encoding"]["y"]["datum"] for x in rects} | {x["encoding"]["y2"]["datum"]
                                                          for x in rects}
    good = ck.load_registry().get("average_speed_to_answer").benchmark.good  # hours
    assert any(e == pytest.approx(good / 24) for e in edges)


def test_a_variant_says_so_in_the_title_and_quarters_read_as_quarters(kit):
    spec = kit.compute("nps", grain="quarter", start="2026-04", end="2026-09",
                       params={"nps": {"scale": "1-10"}}).chart().to_dict()
    assert spec["title"] == "Net Promoter Score (scale=1-10) per quarter"
    x = [x for x in _layers(spec) if _mark(x) == "line"][0]["encoding"]["x"]
    assert x["field"] == "period" and x["type"] == "ordinal"
    assert [r["period"] for r in _data(spec)] == ["2026-Q2", "2026-Q3"]


def test_every_chart_renders_to_svg(kit):
    """Drawn by Vega itself (vl-convert): a spec Altair accepts can still fail to draw (a band
    layer in small multiples once did)."""
    vlc = pytest.importorskip("vl_convert")
    owners = [{"account_id": f"b{i}", "owner": f"o{i}", "created_at": dt.datetime(2024, 1, 1)}
              for i in range(8)]
    answers = [{"response_id": f"x{i}", "account_id": f"b{i % 8}", "survey": "nps",
                "score": float(i % 11), "responded_at": dt.datetime(2026, 3 + i % 2, 1)}
               for i in range(40)]
    many = ck.connect(tables={"survey_responses": canonical("survey_responses", answers),
                              "accounts": canonical("accounts", owners)})
    charts = [
        many.compute("nps", grain="month", start="2026-03", end="2026-04", by="owner").chart(),
        kit.compute(["nps", "mrr"], grain="month", start="2026-06", end="2026-11",
                    compare="previous").chart(),
        kit.compute(["new_mrr", "churned_mrr"], grain="month", start="2026-01",
                    end="2026-06", by="segment").chart(),
        kit.compute("nps", grain="month", start="2026-06", end="2026-08",
                    by=["segment", "answer"], params={"nps": {"measure": "responses"}}).chart(),
        kit.scorecard(period="2026-10").chart(),
        kit.cohorts(grain="month", start="2026-01", end="2026-06", by="segment").chart(),
    ]
    for chart in charts:
        assert vlc.vegalite_to_svg(chart.to_dict()).startswith("<svg")
