"""The csm-kit command line on a small DuckDB file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import duckdb
import pytest

from csm_kit.cli import main
from tests.conftest import canonical

ROWS = [
    {"response_id": str(i), "account_id": acc, "survey": survey, "score": s,
     "responded_at": dt.datetime(2025, m, 10)}
    for i, (acc, survey, s, m) in enumerate([
        ("a1", "nps", 10.0, 1), ("a2", "nps", 3.0, 1), ("a1", "nps", 9.0, 2),
        ("a1", "csat", 5.0, 1), ("a2", "csat", 2.0, 2),
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
    assert lines[0] == "metric,period_start,segment,value,status"
    assert "csat,2025-01-01,SMB,5.0," in lines
    assert "csat,2025-01-01,Enterprise,2.0," in lines


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
    assert "param method = 'top_box'" in out and "seeds 000, 002, 003, 004" in out


def test_scorecard(url, capsys):
    assert main(["scorecard", "-c", url, "--period", "2025-02"]) == 0
    out = capsys.readouterr().out
    assert "Scorecard 2025-02" in out
    nps_line = next(line for line in out.splitlines() if line.startswith("nps "))
    assert "100.0" in nps_line and "good" in nps_line


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
