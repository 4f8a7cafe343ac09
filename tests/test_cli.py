"""The csm-kit command line on a small DuckDB file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import csm_kit as ck
from csm_kit import datasets
from csm_kit.cli import _filters, main, scorecard_text
from csm_kit.datasets.generate import SampleWorld
from csm_kit.errors import CsmKitError
from csm_kit.frame import MetricFrame, Scorecard
from tests.conftest import canonical

ROWS = [
    {"response_id": str(i), "account_id": acc, "survey": survey, "score": s,
     "responded_at": dt.datetime(2025, m, 10)}
    for i, (acc, survey, s, m) in enumerate([
        ("a1", "nps", 10.0, 1), ("a2", "nps", 3.0, 1), ("a1", "nps", 9.0, 2),
        ("a1", "csat", 5.0, 1), ("a2", "csat", 2.0, 2),
        ("a1", "nps", 10.0, 3), ("a2", "nps", 10.0, 3), ("a1", "nps", 0.0, 3),  # NPS 100/3
    ])
]
ACCOUNTS = [{"account_id": a, "segment": s, "created_at": dt.datetime(2024, 1, 1)}
            for a, s in [("a1", "SMB"), ("a2", "Enterprise")]]


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "data.duckdb"
    con = duckdb.connect(str(path))
    for name, rows in [("survey_responses", ROWS), ("accounts", ACCOUNTS)]:
        con.register("src", canonical(name, rows))
        con.execute(f"create table {name} as select * from src")
        con.unregister("src")
    con.close()
    return f"duckdb:///{path}"


def test_compute_json(url, capsys):
    assert main(["compute", "nps,csat", "-c", url, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    values = {(r["metric"], r["period_start"]): r["value"] for r in records}
    assert values[("nps", "2025-01-01")] == 0.0
    assert values[("nps", "2025-02-01")] == 100.0
    assert values[("csat", "2025-01-01")] == 1.0
    assert values[("csat", "2025-02-01")] == 0.0


def test_compute_by_and_params_csv(url, capsys):
    code = main(["compute", "csat", "-c", url, "--by", "segment", "-p", "csat.method=mean",
                 "--grain", "quarter", "--format", "csv"])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "metric,period_start,segment,value,status,complete"
    assert "csat,2025-01-01,SMB,5.0,,True" in lines
    assert "csat,2025-01-01,Enterprise,2.0,,True" in lines


def test_compute_table_formats_units(url, capsys):
    assert main(["compute", "csat", "-c", url]) == 0
    out = capsys.readouterr().out
    assert "100.0%" in out and "good" in out


def test_errors_are_one_line_and_exit_2(url, capsys):
    assert main(["compute", "npx", "-c", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Did you mean 'nps'" in err
    assert main(["compute", "mrr", "-c", url]) == 2
    err = capsys.readouterr().err
    assert "'subscriptions'" in err and "Traceback" not in err
    assert main(["compute", "nps", "-c", url, "-p", "nps.scale=5"]) == 2
    assert "allowed" in capsys.readouterr().err


def test_metrics_list_and_show(url, capsys):
    assert main(["metrics", "-c", url, "--category", "Satisfaction and loyalty"]) == 0
    out = capsys.readouterr().out
    assert "nps" in out and "mrr" not in out
    assert main(["metrics", "show", "csat", "-c", url]) == 0
    out = capsys.readouterr().out
    assert "`method` = `'top_box'` (one of 'top_box', 'mean')" in out
    assert "sources:   000, 002, 003, 004" in out and "available: yes" in out


def test_scorecard(url, capsys):
    assert main(["scorecard", "-c", url, "--period", "2025-02"]) == 0
    out = capsys.readouterr().out
    assert "Scorecard 2025-02" in out
    header = next(line for line in out.splitlines() if line.startswith("metric "))
    assert header.split() == ["metric", "value", "previous", "change", "status", "benchmark", "note"]
    nps_line = next(line for line in out.splitlines() if line.startswith("Net Promoter Score "))
    assert "100.0" in nps_line and "+100.0" in nps_line and "good" in nps_line


def test_plugins_lists_versions(capsys):
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "satisfaction" in out and "csm-kit" in out and "0.1.0" in out


def test_console_script_runs():
    proc = subprocess.run([sys.executable, "-m", "csm_kit.cli", "compute", "nope", "-c",
                           "duckdb:///does/not/exist.db"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "does not exist" in proc.stderr


def test_sample_then_demo(tmp_path, monkeypatch, capsys):
    path = tmp_path / "small.duckdb"
    assert main(["sample", "--out", str(path), "--accounts", "40", "--months", "4",
                 "--events", "5000"]) == 0
    assert path.exists() and "duckdb:///" in capsys.readouterr().out
    monkeypatch.setenv("CSM_KIT_SAMPLE", str(path))  # demo reads the sample from here
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Scorecard 2026-" in out and "nps" in out and "Next:" in out
    assert any(mark in out for mark in ("● good", "◐ ok", "○ bad"))


def _cli(*args: str, unbuffered: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m csm_kit.cli ARGS`` in a subprocess; stderr captured as text. Its stdout is
    block-buffered, as usual, unless `unbuffered` (PYTHONUNBUFFERED=1)."""
    env = {k: v for k, v in kwargs.pop("env", os.environ).items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run([sys.executable, "-m", "csm_kit.cli", *args], stderr=subprocess.PIPE,
                          text=True, env=env, **kwargs)


def _one_error_line(err: str, phrase: str) -> None:
    """`err` is exactly one 'error: ' line containing `phrase`."""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert phrase in err, err


# -- a closed pipe -----------------------------------------------------------------------------


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [["metrics"], ["metrics", "show", "nps"]],
                         ids=["catalog", "small-output"])
def test_closed_pipe_exits_quietly(url, args, unbuffered):
    # buffered, a small output fails only at the last flush; unbuffered, at the first print
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write, as after `head` quits
    try:
        proc = _cli(*args, "-c", url, stdout=write_end, unbuffered=unbuffered)
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr
    assert proc.stderr == ""


def test_reader_that_reads_one_line_then_quits(url):
    # about 190 kB of JSON (every empty day since 2020): more than a pipe holds, so the writer
    # is still writing when the reader, like `head -1`, has read its line and closed the pipe
    head = subprocess.Popen([sys.executable, "-c", "import sys; print(sys.stdin.readline())"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        proc = _cli("compute", "nps", "-c", url, "--grain", "day", "--start", "2020-01-01",
                    "--format", "json", stdout=head.stdin)
    finally:
        head.stdin.close()
        first_line = head.stdout.read()
        head.wait()
    assert first_line.strip() == "["
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    assert proc.returncode == 141 and proc.stderr == ""


# -- one-line errors ---------------------------------------------------------------------------


@pytest.fixture()
def bad_mapping(tmp_path) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text("tables:\n  subscriptions: [billing.subs\ncolumns:\n  x: 1\n")
    return path


@pytest.mark.parametrize(("args", "phrase"), [
    (["compute", "csat", "-p", "csat.method=[unclosed"], "--param 'csat.method=[unclosed'"),
    (["compute", "csat", "-p", "csat.method"], "must look like METRIC.NAME=VALUE"),
    (["sample", "--out", "x.duckdb", "--accounts", "0"], "--accounts must be a positive integer, got 0"),
    (["sample", "--out", "x.duckdb", "--months", "0"], "--months must be a positive integer, got 0"),
    (["sample", "--out", "x.duckdb", "--events", "-5"], "--events must be a non-negative integer, got -5"),
    (["sample", "--out", "x.duckdb", "--seed", "-1"], "--seed must be a non-negative integer, got -1"),
    (["sample", "--out", "x.duckdb", "--accounts", "many"], "invalid int value: 'many'"),
    (["sample"], "the following arguments are required: --out"),
    (["compute", "nps", "--grain", "fortnight"], "invalid choice: 'fortnight'"),
    ([], "the following arguments are required"),
    (["metrics", "show"], "metrics show needs a metric id, e.g. csm-kit metrics show nps"),
    (["metrics", "--category", "finance"], "unknown category 'finance'"),
    (["compute", "nps", "--filter", "segment"],
     "--filter 'segment' must look like COLUMN=VALUE[,VALUE...], e.g. segment=enterprise,mid-market"),
    (["scorecard", "--filter", "=SMB"], "--filter '=SMB' must look like COLUMN=VALUE"),
    (["cohorts", "--filter", "segment=,"], "--filter 'segment=,' must look like COLUMN=VALUE"),
    (["compute", "nps", "--compare", "last_year"], "invalid choice: 'last_year'"),
    (["scorecard", "--as-of", "yesterday"], "invalid choice: 'yesterday'"),
    (["cohorts", "--measure", "logos"], "invalid choice: 'logos'"),
    (["compute", "nps", "--fiscal-year-start", "13"],
     "fiscal_year_start must be the month in which the fiscal year starts, 1 (January) to 12, not 13"),
    (["scorecard", "--fiscal-year-start", "Q2"], "invalid int value: 'Q2'"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_usage_errors_are_one_line_and_exit_2(args, phrase, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    captured = capsys.readouterr()
    _one_error_line(captured.err, phrase)
    assert captured.out == "" and not (tmp_path / "x.duckdb").exists()


def test_malformed_mapping_file_is_one_line(url, bad_mapping, capsys):
    assert main(["compute", "nps", "-c", url, "-m", str(bad_mapping)]) == 2
    _one_error_line(capsys.readouterr().err, "mapping.yaml")


def test_multi_line_error_message_prints_as_one_line(monkeypatch, capsys):
    def broken_kit(args):
        raise CsmKitError("the data cannot be read:\n  table 'x'\n    ^\n  is locked\n")

    monkeypatch.setattr("csm_kit.cli._kit", broken_kit)
    assert main(["scorecard"]) == 2
    assert capsys.readouterr().err == "error: the data cannot be read: table 'x' is locked\n"


# -- sample: no partial file, no silent overwrite, no bar off a terminal ---------------------------


SMALL = ["--accounts", "20", "--months", "2", "--events", "2000"]


def test_sample_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "data.duckdb"
    path.write_bytes(b"precious")
    assert main(["sample", "--out", str(path), *SMALL]) == 2
    _one_error_line(capsys.readouterr().err, f"{str(path)!r} already exists; pass --force")
    assert path.read_bytes() == b"precious"
    assert main(["sample", "--out", str(path), *SMALL, "--force"]) == 0
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2000
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.duckdb"]


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "data.duckdb"
    path.write_bytes(b"precious")
    seen: list[str] = []

    def failing_sessions(self, sessions):
        seen.extend(sorted(p.name for p in tmp_path.iterdir()))
        raise RuntimeError("disk full")
        yield  # a generator, like the real one

    monkeypatch.setattr(SampleWorld, "iter_sessions", failing_sessions)
    with pytest.raises(RuntimeError, match="disk full"):
        datasets.write_duckdb(path, accounts=20, months=2, events=2000, progress=False)
    assert f".data.duckdb.{os.getpid()}.tmp" in seen  # built next to the target, under a temp name
    assert path.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.duckdb"]


def test_write_duckdb_overwrite_false_raises(tmp_path):
    path = tmp_path / "data.duckdb"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError, match="already exists"):
        datasets.write_duckdb(path, accounts=20, months=2, events=0, overwrite=False)
    assert path.read_bytes() == b"precious"


def test_sample_shows_no_progress_bar_off_a_terminal(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path / "s.duckdb"), *SMALL]) == 0
    err = capsys.readouterr().err
    assert "rows/s" not in err and "%|" not in err and err == ""


def test_demo_builds_without_progress_bar_off_a_terminal(tmp_path, monkeypatch, capsys):
    import csm_kit.kit

    calls: list[bool] = []

    def small_sample(path=None, *, progress=False):
        calls.append(progress)
        path = path or csm_kit.kit.sample_path()
        if not path.exists():
            datasets.write_duckdb(path, accounts=30, months=3, events=3000, progress=progress)
        return path

    monkeypatch.setattr(csm_kit.kit, "ensure_sample", small_sample)
    monkeypatch.setenv("CSM_KIT_SAMPLE", str(tmp_path / "built.duckdb"))
    assert main(["demo"]) == 0
    captured = capsys.readouterr()
    assert calls and not any(calls) and "Building the sample" in captured.out
    assert "rows/s" not in captured.err and "%|" not in captured.err


# -- metrics -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("category", "included", "excluded"), [
    ("revenue", "mrr", "nps"),
    ("REV", "customer_churn_rate", "dau"),
    ("Satisfaction and loyalty", "csat", "mrr"),
    ("satisfaction", "nps", "mau"),
    ("engagement", "dau_mau_ratio", "ces"),
    ("Engagement AND", "mau", "arr"),
])
def test_metrics_category_by_prefix_or_key(url, capsys, category, included, excluded):
    assert main(["metrics", "-c", url, "--category", category]) == 0
    ids = {line.split()[0] for line in capsys.readouterr().out.splitlines()[2:]}
    assert included in ids and excluded not in ids


def test_metrics_unknown_category_lists_the_categories(url, capsys):
    assert main(["metrics", "-c", url, "--category", "billing"]) == 2
    err = capsys.readouterr().err
    _one_error_line(err, "unknown category 'billing'")
    assert "'Revenue and retention' (revenue)" in err and "(satisfaction)" in err


def test_metrics_help_explains_category_matching(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["metrics", "--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "case-insensitive, a prefix of its name or its key" in out


def test_metrics_id_is_short_for_show(url, capsys):
    assert main(["metrics", "nps", "-c", url]) == 0
    short = capsys.readouterr().out
    assert main(["metrics", "show", "nps", "-c", url]) == 0
    assert short == capsys.readouterr().out and short.startswith("nps — Net Promoter Score")


# -- scorecard notes -----------------------------------------------------------------------------


def test_scorecard_prints_each_note_once(monkeypatch, capsys):
    note = "the csat query failed: division by zero"
    data = pd.DataFrame([{
        "metric": "csat", "title": "Customer Satisfaction (CSAT)", "category": "Satisfaction",
        "unit": "fraction", "value": None, "previous": 0.5, "change": None, "status": None,
        "benchmark": "good ≥ 80.0%", "note": note,
    }])

    class FakeKit:
        def scorecard(self, period=None, **kwargs):
            return Scorecard(data, period="2025-02", grain="month")

    monkeypatch.setattr("csm_kit.cli._kit", lambda args: FakeKit())
    assert main(["scorecard"]) == 0
    out = capsys.readouterr().out
    assert out.count(note) == 1 and "Customer Satisfaction (CSAT)" in out


# -- plugin warnings -----------------------------------------------------------------------------


def test_plugin_warning_is_one_line(url):
    env = {**os.environ, "CSM_KIT_LOAD_PLUGINS": "satisfaction,nosuch"}
    proc = _cli("metrics", "-c", url, stdout=subprocess.PIPE, env=env)
    assert proc.returncode == 0
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("warning: CSM_KIT_LOAD_PLUGINS names plugin 'nosuch', "
                                  "which is not installed.")
    assert ".py:" not in proc.stderr and "PluginWarning" not in proc.stderr
    assert "nps" in proc.stdout and "mrr" not in proc.stdout


# -- CSV and JSON ------------------------------------------------------------------------------


def test_csv_and_json_print_the_same_full_precision_digits(url, capsys):
    args = ["compute", "nps", "-c", url, "--start", "2025-03-01", "--end", "2025-03-31"]
    assert main([*args, "--format", "csv"]) == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main([*args, "--format", "json"]) == 0
    json_text = capsys.readouterr().out
    (record,) = json.loads(json_text)
    assert float(row["value"]) == record["value"] == pytest.approx(100 / 3)
    assert len(row["value"]) >= 17  # every digit of the float64, not rounded to 10
    assert f'"value": {row["value"]},' in json_text
    assert row["period_start"] == record["period_start"] == "2025-03-01"


@pytest.mark.parametrize("kind", ["date", "datetime64"])
def test_period_start_prints_as_an_iso_date(url, capsys, monkeypatch, kind):
    original = MetricFrame.to_pandas

    def to_pandas(self):
        df = original(self)
        dates = pd.to_datetime(df["period_start"])
        return df.assign(period_start=dates.dt.date if kind == "date" else dates)

    monkeypatch.setattr(MetricFrame, "to_pandas", to_pandas)
    args = ["compute", "csat", "-c", url, "--end", "2025-02-28"]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main([*args, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["period_start"] for r in rows] == [r["period_start"] for r in records]
    assert [r["period_start"] for r in rows] == ["2025-01-01", "2025-02-01"]


# -- filters, comparisons, as-of, fiscal years, cohorts ----------------------------------------


SAMPLE_END = "2025-12-15"  # mid-month: with --as-of data, December 2025 is incomplete


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory) -> str:
    """A small sample (60 accounts, Oct 2024 to Dec 2025, every canonical table) in DuckDB."""
    path = tmp_path_factory.mktemp("cli-sample") / "sample.duckdb"
    datasets.write_duckdb(path, accounts=60, months=15, events=2000, end=SAMPLE_END, progress=False)
    return f"duckdb:///{path}"


@pytest.fixture(scope="module")
def sample_kit(sample_url) -> ck.Kit:
    return ck.connect(sample_url)


def _csv_frame(text: str, dates: Sequence[str] = ("period_start",)) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), parse_dates=list(dates))


def _assert_csv_is(text: str, expected: pd.DataFrame, dates: Sequence[str] = ("period_start",)) -> None:
    """The CSV `text` holds exactly the rows of `expected` (an API result's to_pandas())."""
    got = _csv_frame(text, dates)
    assert list(got.columns) == list(expected.columns)
    numbers = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])
               and not pd.api.types.is_bool_dtype(expected[c])]
    rest = [c for c in expected.columns if c not in numbers and c not in dates]
    assert len(got) == len(expected) > 0
    for c in dates:
        assert list(got[c]) == list(pd.to_datetime(expected[c]))
    for c in numbers:  # repr'd floats read back exactly
        assert got[c].astype(float).tolist() == pytest.approx(expected[c].astype(float).tolist(),
                                                              rel=0, abs=0, nan_ok=True)
    for c in rest:
        assert [None if pd.isna(v) else str(v) for v in got[c]] == \
               [None if pd.isna(v) else str(v) for v in expected[c]], c


def test_filter_values_parse_into_lists():
    assert _filters(None) is None and _filters([]) is None
    assert _filters(["segment=enterprise,mid-market", "region=eu", "segment= smb "]) == {
        "segment": ["enterprise", "mid-market", "smb"], "region": ["eu"]}
    assert _filters(["name=a=b"]) == {"name": ["a=b"]}  # only the first '=' separates


def test_compute_filter_restricts_like_the_api(sample_url, sample_kit, capsys):
    assert main(["compute", "mrr,nps", "-c", sample_url, "--grain", "quarter", "--filter",
                 "segment=SMB,Enterprise", "--filter", "region=NA", "--filter", "region=EMEA",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    filters = {"segment": ["SMB", "Enterprise"], "region": ["NA", "EMEA"]}
    expected = sample_kit.compute(["mrr", "nps"], grain="quarter", filters=filters).to_pandas()
    _assert_csv_is(out, expected)
    everyone = sample_kit.compute(["mrr", "nps"], grain="quarter").to_pandas()
    assert _csv_frame(out)["value"].sum() < everyone["value"].sum()


@pytest.mark.parametrize("compare", ["previous", "year_ago"])
def test_compute_compare_adds_previous_and_change(sample_url, sample_kit, capsys, compare):
    args = ["compute", "mrr,nps", "-c", sample_url, "--start", "2025-07", "--compare", compare]
    assert main([*args, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "metric,period_start,value,status,complete,previous,change"
    expected = sample_kit.compute(["mrr", "nps"], start="2025-07", compare=compare).to_pandas()
    _assert_csv_is(out, expected)
    assert expected["previous"].notna().any()
    assert main([*args, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["previous"], r["change"]) for r in records] == [
        (None if pd.isna(p) else p, None if pd.isna(c) else c)
        for p, c in zip(expected["previous"], expected["change"], strict=True)]
    assert main(args) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header == ["metric", "period", "value", "previous", "change", "status"]


def test_compute_as_of_data_ends_on_the_data(sample_url, sample_kit, capsys):
    args = ["compute", "mrr", "-c", sample_url, "--start", "2025-11", "--format", "csv"]
    assert main([*args, "--as-of", "data"]) == 0
    out = capsys.readouterr().out
    _assert_csv_is(out, sample_kit.compute("mrr", start="2025-11", as_of="data").to_pandas())
    assert _csv_frame(out)["complete"].tolist() == [True, False]  # December ends after the data
    assert main(args) == 0
    assert _csv_frame(capsys.readouterr().out)["complete"].tolist() == [True, True]


def test_fiscal_year_start_labels_fiscal_quarters(sample_url, url, capsys):
    args = ["compute", "mrr", "-c", sample_url, "--grain", "quarter", "--start", "2025-01"]
    assert main([*args, "--fiscal-year-start", "2"]) == 0
    out = capsys.readouterr().out
    assert "FY2025-Q4" in out and "FY2026-Q1" in out and "FY2026-Q4" in out
    assert main([*args, "--fiscal-year-start", "2", "--format", "csv"]) == 0
    starts = _csv_frame(capsys.readouterr().out)["period_start"].dt.strftime("%Y-%m-%d").tolist()
    assert starts == ["2024-11-01", "2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2025-Q1" in out and "FY" not in out
    assert main(["scorecard", "-c", url, "--period", "FY2025-Q4", "--fiscal-year-start", "2"]) == 0
    out = capsys.readouterr().out
    fiscal = ck.connect(url, fiscal_year_start=2).scorecard("FY2025-Q4")
    assert out == scorecard_text(fiscal) + "\n" and out.startswith("Scorecard FY2025-Q4")
    assert main(["cohorts", "-c", sample_url, "--grain", "quarter", "--fiscal-year-start", "2"]) == 0
    assert "\nFY2026-Q1 " in capsys.readouterr().out


@pytest.mark.parametrize(("flags", "kwargs"), [
    (["--compare", "year_ago"], {"compare": "year_ago"}),
    (["--filter", "segment=SMB"], {"filters": {"segment": ["SMB"]}}),
    (["--as-of", "data"], {"as_of": "data"}),
], ids=["compare", "filter", "as-of"])
def test_scorecard_flags_reach_the_api(url, capsys, flags, kwargs):
    kit = ck.connect(url)
    assert main(["scorecard", "-c", url, "--period", "2025-03", *flags]) == 0
    out = capsys.readouterr().out
    assert out == scorecard_text(kit.scorecard("2025-03", **kwargs)) + "\n"
    assert out != scorecard_text(kit.scorecard("2025-03")) + "\n"


@pytest.mark.parametrize(("flags", "kwargs"), [
    (["--measure", "mrr", "--grain", "quarter", "--by", "segment"],
     {"measure": "mrr", "grain": "quarter", "by": "segment"}),
    (["--filter", "segment=SMB,Enterprise", "--start", "2025-01", "--end", "2025-12",
      "--as-of", "data"],
     {"filters": {"segment": ["SMB", "Enterprise"]}, "start": "2025-01", "end": "2025-12",
      "as_of": "data"}),
], ids=["measure-grain-by", "filter-start-end-as-of"])
def test_cohorts_csv_and_json_are_the_api_rows(sample_url, sample_kit, capsys, flags, kwargs):
    expected = sample_kit.cohorts(**kwargs).to_pandas()
    assert not expected.equals(sample_kit.cohorts().to_pandas())
    assert main(["cohorts", "-c", sample_url, *flags, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    _assert_csv_is(out, expected, dates=("cohort",))
    assert main(["cohorts", "-c", sample_url, *flags, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["cohort"] for r in records] == [r["cohort"] for r in rows]
    assert records[0]["cohort"] == expected["cohort"].iloc[0].strftime("%Y-%m-%d")
    assert [r["retention"] for r in records] == expected["retention"].tolist()


def test_cohorts_table_is_the_frame_text(sample_url, sample_kit, capsys):
    assert main(["cohorts", "-c", sample_url, "--measure", "mrr", "--grain", "quarter"]) == 0
    out = capsys.readouterr().out
    assert out == repr(sample_kit.cohorts("mrr", grain="quarter")) + "\n"
    assert out.startswith("Revenue retention by cohort (quarter)")


def test_unmatched_filter_value_is_one_warning_line(url):
    proc = _cli("compute", "nps", "-c", url, "--filter", "segment=smb", stdout=subprocess.PIPE)
    assert proc.returncode == 0
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("warning: filters['segment']: no account has segment = 'smb'")
    assert "Did you mean 'SMB'?" in proc.stderr
    assert ".py:" not in proc.stderr and "FilterWarning" not in proc.stderr
    assert proc.stdout.startswith("metric ")


def test_scorecard_warns_once_per_unmatched_value(url, capsys):
    # the scorecard reads the filters twice (to find the period, then to compute it)
    assert main(["scorecard", "-c", url, "--filter", "segment=smb,SMB", "--filter", "region=eu"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("warning: filters[") for line in err)
    assert "'smb'" in err[0] and "region = 'eu'" in err[1]


def test_metric_left_out_by_a_filter_is_one_warning_line(sample_url, capsys):
    assert main(["compute", "nps,customer_retention_cost", "-c", sample_url, "--start", "2025-12",
                 "--filter", "segment=SMB"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("warning: 1 of 2 metrics")
    assert "'customer_retention_cost' cannot be filtered by segment" in captured.err
    assert "\nnps " in captured.out and "\ncustomer_retention_cost " not in captured.out


def test_unknown_filter_column_is_one_error_line(url, capsys):
    assert main(["cohorts", "-c", url, "--filter", "segmnet=SMB"]) == 2
    _one_error_line(capsys.readouterr().err, "'segmnet' is not a text column of accounts.")


def test_help_describes_the_new_options(capsys):
    with pytest.raises(SystemExit):
        main(["compute", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--filter COLUMN=VALUE" in out and "--compare {previous,year_ago}" in out
    assert "--as-of {today,data}" in out and "--fiscal-year-start MONTH" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "retention by acquisition cohort and age" in capsys.readouterr().out
