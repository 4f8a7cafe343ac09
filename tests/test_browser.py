"""A real browser: the report and the explorer in headless Chromium, Debian's `chromium`
package, driven by Playwright for Python (``executable_path`` to the system browser; Playwright
never downloads one). `.ci/run` installs chromium when it is missing.

- The monthly review report opens offline (every request other than the file itself is
  refused) and every chart in it has drawn.
- The explorer, served as an app by Voilà, draws its chart; choosing another grain in its
  dropdown recomputes in the kernel and the chart in the page changes.

Screenshots go to tests/artifacts/ (not committed); docs/img/ holds the ones README shows.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from csm_kit.report import run_report

pytest.importorskip("playwright")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# as this machine's probe runs it: no sandbox as root, nothing reaching for the network
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium (.ci/run "
                    "does it)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_the_report_draws_every_chart_offline(browser, tmp_path):
    out = run_report(None, tmp_path / "review.html", {"period": "2026-10"}, progress=False)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    refused: list[str] = []

    def offline(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            return route.continue_()
        refused.append(url)
        return route.abort()

    page.route("**/*", offline)
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.src.slice(0, 19), e.complete ? e.naturalWidth : 0])")
    charts = [w for src, w in images if src.startswith("data:image/svg+xml")]
    assert len(charts) == 8 and all(w > 100 for w in charts), images  # the 8 chart cells
    text = page.inner_text("body")
    assert "Scorecard 2026-10" in text and "Traceback" not in text and "Error" not in text
    assert refused == []  # it asked for nothing from the network
    page.screenshot(path=str(SHOTS / "report.png"))  # the first screen: the scorecard tiles
    page.screenshot(path=str(SHOTS / "report-full.png"), full_page=True)
    page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def explorer_app(tmp_path_factory):
    """The explorer in a notebook, served by Voilà on a free local port."""
    folder = tmp_path_factory.mktemp("voila")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import altair as alt\nimport csm_kit as ck\n\nalt.renderers.enable('svg')\n"
        "ex = ck.connect().explore('mrr', start='2025-11-01', end='2026-10-31')\nex.wait()\nex")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / "explorer.ipynb"
    nbformat.write(nb, path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", str(path), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"voila exited: {server.stderr.read()[-2000:]}")
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("voila did not start within 60 s")
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def _chart_markup(page) -> str:
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img, .jp-OutputArea-output svg",
        "els => els.map(e => e.outerHTML.length + ':' + (e.src || e.outerHTML).slice(-400))"
        ".join('|')")


def _chart_text(page) -> str:
    """The text drawn in the charts on show (an SVG image's source decoded, or inline SVG)."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img, .jp-OutputArea-output svg",
        """els => els.map(e => {
            if (!e.src) return e.textContent;
            const [head, body] = e.src.split(',', 2);
            return head.endsWith(';base64') ? atob(body) : decodeURIComponent(body);
        }).join(' ')""")


def test_the_explorer_draws_and_redraws_in_a_real_browser(browser, explorer_app):
    page = browser.new_page(viewport={"width": 1200, "height": 1100})
    page.goto(explorer_app, timeout=120_000)
    grain = page.locator(".widget-dropdown", has_text="grain").locator("select")
    grain.wait_for(timeout=120_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-OutputArea-output img, "
        ".jp-OutputArea-output svg').length > 0", timeout=60_000)
    before = _chart_markup(page)
    before_text = _chart_text(page)
    assert before and "Monthly Recurring Revenue" in before_text
    page.screenshot(path=str(SHOTS / "explorer.png"), full_page=True)
    grain.select_option("quarter")
    page.wait_for_function(
        "(before) => { const now = [...document.querySelectorAll("
        "'.jp-OutputArea-output img, .jp-OutputArea-output svg')].map(e => e.outerHTML.length"
        " + ':' + (e.src || e.outerHTML).slice(-400)).join('|'); return now && now !== before; }",
        arg=before, timeout=60_000)
    assert "per quarter" in _chart_text(page) and "per month" in before_text
    assert "Traceback" not in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "explorer-quarter.png"), full_page=True)
    page.close()
