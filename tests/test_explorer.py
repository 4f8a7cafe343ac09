"""The explorer driven through its traits and widgets, as a user's clicks or a script would.

Every view is checked against ``kit.compute`` with the same arguments; caching, partial
recomputation (bands, dialect), error display and "the latest request wins" are checked by
counting the computations the explorer ran.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

import csm_kit as ck
from csm_kit import engine
from csm_kit.testing import assert_same_results
from tests.conftest import canonical

pytest.importorskip("ipywidgets")

TODAY = dt.date(2026, 11, 24)
SEGMENTS = ["Enterprise", "SMB", "Mid-Market", "SMB"]
ACCOUNTS = [{"account_id": f"a{i}", "segment": s, "region": "EMEA" if i % 2 else "NA",
             "created_at": dt.datetime(2025, 1, 1)} for i, s in enumerate(SEGMENTS)]


def _answers() -> list[dict]:
    rows = []
    for n in range(48):
        rows.append({"response_id": f"r{n}", "account_id": f"a{n % 4}",
                     "survey": "nps" if n % 3 else "csat", "score": float(n % 11 if n % 3 else
                                                                           1 + n % 5),
                     "responded_at": dt.datetime(2026, 1 + n % 9, 1 + n % 27)})
    return rows


@pytest.fixture(autouse=True)
def fixed_today():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "utc_today", lambda: TODAY)
        yield


@pytest.fixture(scope="module")
def kit() -> ck.Kit:
    return ck.connect(tables={"accounts": canonical("accounts", ACCOUNTS),
                              "survey_responses": canonical("survey_responses", _answers())})


@pytest.fixture
def ex(kit):
    explorer = kit.explore("nps")
    yield explorer.wait()
    explorer.close()


def _same(a: ck.MetricFrame, b: ck.MetricFrame) -> None:
    assert_same_results(a.to_pandas(), b.to_pandas())


def test_the_first_view_is_the_metric_computed(ex, kit):
    assert ex.error == "" and ex.metric == "nps" and ex.w_metric.value == "nps"
    _same(ex.result, kit.compute("nps"))
    assert ex.chart is not None and ex.w_chart.outputs  # drawn
    assert "Net Promoter Score" in ex.w_definition.value


def test_traits_set_from_code_update_the_widgets_and_the_view(ex, kit):
    ex.grain = "quarter"
    ex.by = ["segment"]
    ex.filters = {"region": ["EMEA"]}
    ex.compare = "previous"
    ex.start, ex.end = "2026-01-01", "2026-06-30"
    ex.wait()
    assert (ex.w_grain.value, ex.w_by.value, ex.w_compare.value) == ("quarter", ["segment"],
                                                                    "previous")
    assert ex.w_filters["region"].value == ("EMEA",)
    assert ex.w_start.value == dt.date(2026, 1, 1) and ex.w_end.value == dt.date(2026, 6, 30)
    _same(ex.result, kit.compute("nps", grain="quarter", by=["segment"],
                                 filters={"region": ["EMEA"]}, compare="previous",
                                 start="2026-01-01", end="2026-06-30"))
    assert set(ex.result.to_pandas().segment) == {"SMB"}  # a1, a3: EMEA, both SMB


def test_a_click_sets_the_trait_and_recomputes(ex, kit):
    ex.w_grain.value = "week"
    ex.w_filters["region"].value = ("NA",)
    ex.w_compare.value = "year_ago"
    ex.wait()
    assert ex.grain == "week" and ex.filters == {"region": ["NA"]} and ex.compare == "year_ago"
    _same(ex.result, kit.compute("nps", grain="week", filters={"region": ["NA"]},
                                 compare="year_ago"))


def test_a_view_seen_before_comes_from_the_cache(ex):
    first = ex.result
    ex.grain = "quarter"
    ex.wait()
    ran = ex.computations
    ex.grain = "month"  # back: no query, shown at once (no wait needed)
    assert ex.result is first and ex.computations == ran


def test_a_view_seen_before_is_not_drawn_again(ex, monkeypatch):
    shown = ex.chart
    ex.grain = "quarter"
    ex.wait()
    drawn = []
    original = ck.MetricFrame.chart
    monkeypatch.setattr(ck.MetricFrame, "chart",
                        lambda self, *a, **k: drawn.append(1) or original(self, *a, **k))
    ex.grain = "month"
    assert ex.chart is shown and drawn == []
    assert ex.w_chart.outputs and ex.w_table.value and "Download CSV" in ex.w_download.value


def test_bands_redraw_and_dialect_rewrites_without_recomputing(ex):
    ran = ex.computations
    rects = lambda c: re.findall(r'"type": "rect"|\'type\': \'rect\'', str(c.to_dict()))  # noqa: E731
    assert rects(ex.chart)
    ex.bands = False
    assert not rects(ex.chart) and ex.w_bands.value is False
    duck = ex.to_sql()
    ex.dialect = "bigquery"
    assert ex.to_sql() != duck and "`" in ex.to_sql() and ex.computations == ran


def test_errors_show_in_the_app_not_as_tracebacks(ex):
    ex.grain = "fortnight"
    ex.wait()
    assert "fortnight" in ex.error and ex.result is None and ex.chart is None
    assert "fortnight" in ex.w_status.value and not ex.w_chart.outputs
    ex.grain = "month"
    ex.filters = {"segmnt": "SMB"}
    ex.wait()
    assert "Did you mean 'segment'" in ex.error
    ex.filters = {}
    ex.metric = "no_such_metric"
    ex.wait()
    assert "unknown metric" in ex.error
    ex.metric = "nps"
    ex.wait()
    assert ex.error == "" and ex.result is not None


def test_an_unmatched_filter_value_is_a_note_beside_the_numbers(ex):
    ex.filters = {"segment": ["Enterprise", "Nope"]}
    ex.wait()
    assert ex.error == "" and "Nope" in ex.w_status.value


def test_params_belong_to_the_metric_on_show(ex, kit):
    ex.metric = "csat"
    ex.wait()
    assert ex.params == {} and ex.w_metric.value == "csat"
    names = [w.description for w in ex.w_params.children]
    assert "method" in names
    ex.params = {"method": "mean"}
    ex.wait()
    method = ex.w_params.children[names.index("method")]
    assert method.value == "mean"
    _same(ex.result, kit.compute("csat", params={"csat": {"method": "mean"}}))
    method.value = kit.registry.get("csat").param("method").default  # a click back
    ex.wait()
    assert ex.params == {}
    ex.metric = "nps"  # another metric: its own params
    ex.wait()
    assert ex.params == {}


def test_the_latest_request_wins(ex, kit):
    ex.grain = "quarter"
    ex.grain = "year"
    ex.grain = "week"
    ex.wait()
    assert ex.result.grain == "week" and ex.w_grain.value == "week"


def test_search_narrows_the_metric_picker(ex):
    ex.w_search.value = "churn"
    shown = [v for _, v in ex.w_metric.options]
    assert shown and all("churn" in v or "Churn" in label for label, v in ex.w_metric.options)
    assert "nps" not in shown
    ex.w_search.value = ""
    assert len(ex.w_metric.options) == len(ex._choices)


def test_csv_download_holds_the_rows_on_show(ex):
    href = re.search(r"base64,([A-Za-z0-9+/=]+)", ex.w_download.value).group(1)
    assert base64.b64decode(href).decode() == ex.result.to_pandas().to_csv(index=False)


def test_explore_refuses_an_unknown_setting(kit):
    with pytest.raises(ck.CsmKitError, match="no setting 'colour'"):
        kit.explore("nps", colour="red")
    ex = kit.explore("nps", grain="quarter", by=["segment"]).wait()
    assert ex.result.grain == "quarter" and ex.w_by.value == ["segment"]
    ex.close()


def test_explore_takes_dates_and_refuses_a_bad_setting_typed(kit):
    ex = kit.explore("nps", start=dt.date(2026, 3, 1), end=dt.datetime(2026, 6, 30)).wait()
    assert (ex.start, ex.end) == ("2026-03-01", "2026-06-30")
    assert ex.result.to_pandas().period_start.min().date() == dt.date(2026, 3, 1)
    ex.close()
    with pytest.raises(ck.ArgumentError, match="grain"):
        kit.explore("nps", grain=None)


def test_a_result_that_cannot_be_drawn_is_a_message(ex, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("no renderer")

    monkeypatch.setattr(ck.MetricFrame, "_repr_html_", broken)
    ex.grain = "quarter"
    ex.wait()
    assert "could not be shown" in ex.error and "no renderer" in ex.error
