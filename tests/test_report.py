"""Reports: a notebook executed with parameters (papermill) and written as HTML (nbconvert),
through the command line as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from csm_kit import cli
from csm_kit.report import MONTHLY_REVIEW, ReportError, run_report

pytest.importorskip("papermill")


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('period = "2026-01"\nsegment = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *[nbformat.v4.new_code_cell(c) for c in cells]]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_the_monthly_review_runs_as_a_self_contained_html_report(tmp_path, capsys):
    out = tmp_path / "review.html"
    assert cli.main(["report", "-p", "period=2026-10", "-o", str(out), "--quiet"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    page = out.read_text()
    assert "Scorecard 2026-10" in page and "Monthly Customer Success review" in page
    assert len(re.findall(r"data:image/svg\+xml|<svg", page)) >= 9  # every chart drawn, inline
    scripts = re.findall(r"<script\b.*?</script>", page, flags=re.S)
    assert not [x for x in scripts if "https://" in x or "http://" in x]  # nothing fetched
    assert "kit.compute(" not in page and "alt.renderers" not in page  # no input cells
    shown = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    assert "Traceback" not in shown and "Error" not in shown


def test_parameters_reach_the_notebook(tmp_path):
    nb = _notebook(tmp_path / "p.ipynb", 'print(f"period={period} segment={segment}")')
    out = run_report(nb, tmp_path / "p.html", {"period": "2026-07", "segment": "SMB"},
                     progress=False)
    assert "period=2026-07 segment=SMB" in out.read_text()


def test_a_failing_cell_is_named_with_its_error(tmp_path, capsys):
    nb = _notebook(tmp_path / "f.ipynb", "x = 1", "raise ValueError('no such segment: Nope')")
    with pytest.raises(ReportError, match=r"f.ipynb: cell 3 failed: ValueError: no such segment"):
        run_report(nb, tmp_path / "f.html", progress=False)
    code = cli.main(["report", str(nb), "-o", str(tmp_path / "g.html"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[-1].startswith("error: f.ipynb: cell 3 failed: ValueError")
    assert not (tmp_path / "g.html").exists()


def test_a_missing_notebook_is_one_error_line(tmp_path, capsys):
    assert cli.main(["report", str(tmp_path / "nope.ipynb"), "-o", str(tmp_path / "x.html")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_report_parameters_read_numbers_and_keep_text():
    assert cli._report_params(["period=2026-10", "top=5", "share=0.5", "flag=true",
                               "when=2026-10-01", "segment=null"]) == {
        "period": "2026-10", "top": 5, "share": 0.5, "flag": True, "when": "2026-10-01",
        "segment": None}
    with pytest.raises(cli.UsageError, match="NAME=VALUE"):
        cli._report_params(["period"])


def test_the_monthly_review_is_installed_with_the_package_and_linked_in_notebooks():
    repo = Path(__file__).parent.parent / "notebooks" / "monthly_review.ipynb"
    assert MONTHLY_REVIEW.is_file() and repo.resolve() == MONTHLY_REVIEW.resolve()
    tags = [c.metadata.get("tags", []) for c in nbformat.read(MONTHLY_REVIEW, 4).cells]
    assert ["parameters"] in tags


def test_lab_opens_jupyterlab_on_the_notebooks(monkeypatch, capsys):
    seen = {}
    monkeypatch.setattr(cli.os, "execv", lambda path, args: seen.update(path=path, args=args))
    assert cli.main(["lab", "--no-browser", "--port", "8899"]) == 0
    assert seen["args"][1:] == ["lab", str(cli.notebooks_dir()), "--no-browser", "--port", "8899"]
    assert (cli.notebooks_dir() / "quickstart.ipynb").exists()


def test_a_file_that_is_not_a_notebook_is_one_error_line(tmp_path, capsys):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    with pytest.raises(ReportError, match="bad.ipynb could not be run"):
        run_report(bad, tmp_path / "x.html", progress=False)
    assert cli.main(["report", str(bad), "-o", str(tmp_path / "y.html"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: bad.ipynb")


def test_only_the_templates_network_scripts_are_dropped():
    from csm_kit.report import self_contained

    page = ('<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js">'
            '</script><script type="module">import mermaid from "https://x/mermaid.esm.mjs";'
            '</script><script>vegaEmbed("#c", {"$schema": "https://vega.github.io/x"})</script>')
    assert self_contained(page) == (
        '<script>vegaEmbed("#c", {"$schema": "https://vega.github.io/x"})</script>')
