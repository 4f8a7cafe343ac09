"""Formatting of values by unit, for text and HTML renderings."""

from __future__ import annotations

import html
import math
from typing import Any

STATUS_COLOURS = {"good": "#1a7f37", "ok": "#9a6700", "bad": "#cf222e"}
STATUS_MARKS = {"good": "●", "ok": "◐", "bad": "○"}


def is_missing(value: Any) -> bool:
    """Whether `value` is None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: Any, unit: str) -> str:
    """'7.0%' for a fraction, '$1,234' for currency, '3.2 h' for a duration... '—' for null."""
    if is_missing(value):
        return "—"
    v = float(value)
    if unit == "fraction":
        return f"{v:.1%}"
    if unit == "currency":
        sign = "-" if v < 0 else ""
        return f"{sign}${abs(v):,.0f}" if abs(v) >= 100 else f"{sign}${abs(v):,.2f}"
    if unit == "count":
        return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"
    if unit == "duration":  # durations are in hours; short ones read in minutes or seconds
        if abs(v) < 1 / 60:
            return f"{v * 3600:,.0f} s"
        if abs(v) < 1:
            return f"{v * 60:,.1f} min"
        return f"{v:,.1f} h" if abs(v) < 48 else f"{v / 24:,.1f} days"
    if unit == "score":
        return f"{v:,.1f}"
    return f"{v:,.2f}"


def format_change(value: Any, unit: str) -> str:
    """A signed change: '+1.2 pp' for fractions, '+3.0' for scores, '+$120' for currency."""
    if is_missing(value):
        return "—"
    v = float(value)
    if unit == "fraction":
        return f"{v * 100:+.1f} pp"
    if unit == "currency":
        return f"{'+' if v >= 0 else '-'}${abs(v):,.0f}"
    if unit == "duration":  # '+3.2 h', '-12 s': read like the values
        return ("+" if v >= 0 else "-") + format_value(abs(v), unit)
    if unit == "count":
        return f"{v:+,.0f}" if v == int(v) else f"{v:+,.1f}"
    if unit == "score":
        return f"{v:+,.1f}"
    return f"{v:+,.2f}"  # a ratio: as many decimals as its values show


def status_text(status: Any) -> str:
    """'● good' or ''."""
    return f"{STATUS_MARKS[status]} {status}" if status in STATUS_MARKS else ""


def status_html(status: Any) -> str:
    """A coloured status cell."""
    if status not in STATUS_COLOURS:
        return ""
    return (f'<span style="color:{STATUS_COLOURS[status]};font-weight:600">'
            f"{STATUS_MARKS[status]} {html.escape(status)}</span>")


def html_table(headers: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A small HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    cap = f"<caption style='text-align:left'>{html.escape(caption)}</caption>" if caption else ""
    return f"<table class='csm-kit'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)
