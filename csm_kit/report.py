"""Reports: a notebook executed with parameters (papermill) and exported as HTML (nbconvert).

``csm-kit report NOTEBOOK -p period=2026-10 -o review.html`` runs the notebook with papermill's
parameter convention (a cell tagged ``parameters``; the values given are injected after it),
shows progress per cell, stops at the first failing cell naming it and its error, and writes a
self-contained HTML without the input cells. Charts render offline when the notebook draws them
as SVG (``alt.renderers.enable("svg")``, as csm_kit's notebooks do). With no notebook, the
monthly CS review (:data:`MONTHLY_REVIEW`) runs on the embedded sample.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from csm_kit.errors import CsmKitError

MONTHLY_REVIEW = Path(__file__).parent / "notebooks" / "monthly_review.ipynb"


class ReportError(CsmKitError):
    """A report's notebook could not be run: a missing file, or a cell that failed."""


def run_report(notebook: str | Path | None, output: str | Path,
               parameters: Mapping[str, Any] | None = None, *, progress: bool = True,
               executed: str | Path | None = None) -> Path:
    """Execute `notebook` (default: the monthly review) with `parameters` and write it as HTML
    to `output` (input cells left out). `executed` keeps the executed notebook too. A failing
    cell raises ReportError naming the cell and its error."""
    try:
        import papermill
        from nbconvert import HTMLExporter
        from papermill.exceptions import PapermillExecutionError
    except ImportError as exc:
        raise CsmKitError(f"reports need papermill and nbconvert ({exc}); install them with: "
                          "pip install 'csm-kit[notebook]'") from None
    source = Path(notebook) if notebook is not None else MONTHLY_REVIEW
    if not source.is_file():
        raise ReportError(f"notebook {str(source)!r} does not exist")
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        ran = Path(executed) if executed is not None else Path(tmp) / source.name
        try:
            papermill.execute_notebook(str(source), str(ran), parameters=dict(parameters or {}),
                                       progress_bar=progress, cwd=str(source.parent.resolve()),
                                       kernel_name="python3")
            exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                    exclude_output_prompt=True)
            body, _ = exporter.from_filename(str(ran))
        except PapermillExecutionError as exc:
            cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
            first = str(exc.evalue).strip().splitlines()
            raise ReportError(f"{source.name}: cell {cell} failed: {exc.ename}: "
                              f"{first[0] if first else ''}") from None
        except Exception as exc:  # not a notebook, a kernel that died...: one line, no trace
            first = str(exc).strip().splitlines()
            raise ReportError(f"{source.name} could not be run: {type(exc).__name__}: "
                              f"{first[0] if first else ''}") from None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(self_contained(body), encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    return output


SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.S | re.I)
# the template's own scripts from the network: require.js (widgets), MathJax, Mermaid
TEMPLATE_SCRIPTS = re.compile(r"require\.js|require\.min\.js|mathjax|mermaid", re.I)


def self_contained(page: str) -> str:
    """`page` without the scripts nbconvert's template loads from the network (require.js for
    widgets, MathJax, Mermaid): a report shows tables and SVG charts, which need none of them,
    and opens offline without reaching for them. A notebook's own scripts stay."""
    def keep(m: re.Match) -> str:
        block = m.group(0)
        remote = re.search(r"https?://", block)
        return "" if remote and TEMPLATE_SCRIPTS.search(block) else block

    return SCRIPT.sub(keep, page)
