"""connect() and input checks: typed errors that name the metric, table and column."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pytest

import csm_kit as ck
from tests.conftest import canonical

NPS_ROWS = [
    {"response_id": str(i), "account_id": "a1", "survey": "nps", "score": float(s),
     "responded_at": dt.datetime(2025, 1, 10 + i)}
    for i, s in enumerate([10, 9, 7, 3])
]


def raw_responses(**renames: str) -> pa.Table:
    t = canonical("survey_responses", NPS_ROWS)
    return t.rename_columns([renames.get(n, n) for n in t.column_names])


def test_missing_table_names_metric_and_how_to_map():
    kit = ck.connect(tables={"events": canonical("events", [])})
    with pytest.raises(ck.MissingTableError) as err:
        kit.compute("nps")
    msg = str(err.value)
    assert "'nps'" in msg and "'survey_responses'" in msg and "tables=" in msg


def test_missing_column_suggests_the_close_one():
    kit = ck.connect(tables={"survey_responses": raw_responses(score="scores")})
    with pytest.raises(ck.MissingColumnError) as err:
        kit.compute("nps")
    msg = str(err.value)
    assert "'nps'" in msg and "survey_responses.score" in msg
    assert "Did you mean 'scores'" in msg and "columns=" in msg


def test_column_mapping_renames():
    table = raw_responses(score="rating", responded_at="ts")
    kit = ck.connect(tables={"survey_responses": table},
                     columns={"survey_responses": {"score": "rating", "responded_at": "ts"}})
    df = kit.compute("nps").to_pandas()
    assert df.value.tolist() == [25.0]  # (2 promoters - 1 detractor) / 4 responses


def test_mapping_file_is_the_same_as_arguments(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("columns:\n  survey_responses:\n    score: rating\n")
    kit = ck.connect(tables={"survey_responses": raw_responses(score="rating")}, mapping=path)
    assert kit.compute("nps").to_pandas().value.tolist() == [25.0]


def test_mapped_column_that_does_not_exist():
    kit = ck.connect(tables={"survey_responses": raw_responses(score="rating")},
                     columns={"survey_responses": {"score": "ratng"}})
    with pytest.raises(ck.MissingColumnError, match="mapped to 'ratng'.*Did you mean 'rating'"):
        kit.compute("nps")


def test_incompatible_type_names_both_types():
    t = raw_responses()
    t = t.set_column(t.column_names.index("score"), "score",
                     pa.array([str(v) for v in t.column("score").to_pylist()]))
    kit = ck.connect(tables={"survey_responses": t})
    with pytest.raises(ck.ColumnTypeError) as err:
        kit.compute("nps")
    assert "string" in str(err.value) and "float64" in str(err.value)
    assert "survey_responses.score" in str(err.value)


def test_integer_keys_and_int_scores_are_cast():
    t = raw_responses()
    t = t.set_column(t.column_names.index("score"), "score",
                     pa.array([int(v) for v in t.column("score").to_pylist()]))
    t = t.set_column(t.column_names.index("account_id"), "account_id", pa.array([1, 1, 1, 1]))
    kit = ck.connect(tables={"survey_responses": t})
    assert kit.compute("nps").to_pandas().value.tolist() == [25.0]


def test_unknown_canonical_names_in_mapping():
    with pytest.raises(ck.MappingError, match="Did you mean 'survey_responses'"):
        ck.connect(tables={"survey_response": raw_responses()})
    with pytest.raises(ck.MappingError, match="Did you mean 'score'"):
        ck.connect(tables={"survey_responses": raw_responses()},
                   columns={"survey_responses": {"scor": "x"}})


def test_metrics_table_says_why_not():
    kit = ck.connect(tables={"survey_responses": raw_responses()})
    table = kit.metrics().set_index("id")
    assert table.loc["nps", "available"]
    assert table.loc["nps", "why_not"] == ""
    assert not table.loc["mrr", "available"]
    assert "subscriptions" in table.loc["mrr", "why_not"]
    assert {"id", "title", "category", "unit", "benchmark", "available", "why_not"} <= set(
        table.reset_index().columns)


def test_duckdb_file_is_opened_read_only(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema crm")
    con.register("answers_view", raw_responses(score="rating"))
    con.execute("create table crm.answers as select * from answers_view")
    con.close()
    kit = ck.connect(f"duckdb:///{path}", tables={"survey_responses": "crm.answers"},
                     columns={"survey_responses": {"score": "rating"}})
    assert kit.compute("nps").to_pandas().value.tolist() == [25.0]
    with pytest.raises(Exception, match="read-only"):
        kit.binding.backend.raw_sql("create table crm.x (a int)")


def test_credentials_are_never_printed():
    with pytest.raises(ck.BackendError) as err:
        ck.connect("postgres://analyst:hunter2@127.0.0.1:1/warehouse")
    assert "hunter2" not in str(err.value)
    assert "***" in str(err.value)


def test_wrong_source_type():
    with pytest.raises(ck.MappingError, match="DataFrame"):
        ck.connect(tables={"survey_responses": [1, 2, 3]})


def test_duplicate_keys_are_an_error_not_double_counting(make_kit):
    rows = NPS_ROWS + [NPS_ROWS[0]]  # the same response twice
    kit = make_kit({"survey_responses": rows})
    with pytest.raises(ck.DataQualityError) as err:
        kit.compute("nps")
    msg = str(err.value)
    assert "'nps'" in msg and "response_id" in msg and "5 rows, 4 distinct" in msg


def test_nulls_in_a_required_column_are_an_error(make_kit):
    rows = [dict(r) for r in NPS_ROWS]
    rows[1]["score"] = None
    table = canonical("survey_responses", rows)
    table = table.cast(pa.schema([f.with_nullable(True) for f in table.schema]))
    kit = make_kit({"survey_responses": table})
    with pytest.raises(ck.DataQualityError,
                       match=r"survey_responses.score, which is null \(or NaN\) in 1 of 4 rows "
                             r"\(e.g. response_id .1.\)"):
        kit.compute("nps")


def test_duplicate_accounts_break_by_not_totals(make_kit):
    accounts = [{"account_id": "a1", "segment": "SMB", "created_at": dt.datetime(2024, 1, 1)}] * 2
    kit = make_kit({"survey_responses": NPS_ROWS, "accounts": accounts})
    assert kit.compute("nps").to_pandas().value.tolist() == [25.0]
    with pytest.raises(ck.DataQualityError, match="accounts, whose key account_id is not unique"):
        kit.compute("nps", by="segment")
