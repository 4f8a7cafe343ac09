"""The ``csm-kit`` command line.

Every error is one line on stderr starting with ``error: `` and exits with status 2, whether it
comes from argparse, from an option's value checked here or from csm_kit itself. Plugin warnings,
filter warnings (a ``--filter`` value no account holds) and compute warnings (metrics left out
because they cannot be computed, e.g. filtered) print as one ``warning: `` line each. Output cut
short by the reader (``csm-kit metrics | head``) ends quietly with status 141, as a Unix tool
killed by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import numpy as np
import pandas as pd

from csm_kit.errors import ComputeWarning, CsmKitError, FilterWarning
from csm_kit.formatting import text_table
from csm_kit.registry import PluginWarning

EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process killed by SIGPIPE
EXIT_INTERRUPTED = 130


class UsageError(CsmKitError):
    """A mistake on the command line: a missing argument or an option's value."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise :class:`UsageError`, printed by main as one line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def one_line(text: str) -> str:
    """`text` on one line: its lines stripped and joined by spaces, without the caret-only lines
    that mark a position in YAML and parser messages."""
    parts = (line.strip() for line in str(text).splitlines())
    return " ".join(p for p in parts if p and set(p) != {"^"})


# -- options -------------------------------------------------------------------------------


def _kit(args: argparse.Namespace) -> Any:
    from csm_kit.kit import connect

    return connect(args.connection, mapping=args.mapping,
                   fiscal_year_start=_fiscal_month(args))


def _split(values: Sequence[str] | None) -> list[str]:
    return [v for item in values or [] for v in item.split(",") if v]


def _yaml_value(item: str, value: str) -> Any:
    """The YAML scalar (or list...) `value` of ``--param item``; UsageError when it is not YAML."""
    import yaml

    try:
        return yaml.safe_load(value)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or one_line(str(exc))
        raise UsageError(f"--param {item!r}: the value {value!r} is not valid YAML ({problem}); "
                         "quote it to pass a string") from None


def _filters(items: Sequence[str] | None) -> dict[str, list[str]] | None:
    """'segment=enterprise,mid-market' and 'region=eu' -> {'segment': ['enterprise',
    'mid-market'], 'region': ['eu']}; a column given several times collects its values. None
    without any --filter."""
    out: dict[str, list[str]] = {}
    for item in items or []:
        column, sep, value = item.partition("=")
        values = [v.strip() for v in value.split(",") if v.strip()]
        if not sep or not column.strip() or not values:
            raise UsageError(f"--filter {item!r} must look like COLUMN=VALUE[,VALUE...], "
                             "e.g. segment=enterprise,mid-market")
        out.setdefault(column.strip(), []).extend(values)
    return out or None


def _params(items: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """'csat.method=mean' -> {'csat': {'method': 'mean'}}; values are read as YAML scalars."""
    out: dict[str, dict[str, Any]] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        metric, dot, name = key.partition(".")
        if not sep or not dot or not metric or not name:
            raise UsageError(f"--param {item!r} must look like METRIC.NAME=VALUE, e.g. csat.method=mean")
        out.setdefault(metric, {})[name] = _yaml_value(item, value)
    return out


# -- metrics -------------------------------------------------------------------------------


def category_key(category: str) -> str:
    """The short name of a category: its first word lower-cased ('revenue' for 'Revenue and
    retention')."""
    words = category.split()
    return words[0].lower() if words else ""


def match_category(query: str, categories: Sequence[str]) -> str:
    """The category `query` names: case-insensitively the whole name, its key (see
    :func:`category_key`) or a prefix of the name. UsageError when none or several match."""
    q = query.strip().lower()
    for matches in ([c for c in categories if c.lower() == q],
                    [c for c in categories if category_key(c) == q],
                    [c for c in categories if c.lower().startswith(q)]):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UsageError(f"--category {query!r} matches several categories: "
                             + ", ".join(repr(c) for c in matches))
    known = ", ".join(f"{c!r} ({category_key(c)})" for c in categories)
    raise UsageError(f"unknown category {query!r}; the categories are {known}")


def _metric_to_show(args: argparse.Namespace) -> str | None:
    """The metric id of ``metrics show ID`` or ``metrics ID``; None to list the catalog."""
    words = [w for w in (args.first, args.second) if w is not None]
    if words[:1] == ["show"]:
        words = words[1:]
        if not words:
            raise UsageError("metrics show needs a metric id, e.g. csm-kit metrics show nps")
    if len(words) > 1:
        raise UsageError(f"metrics takes one metric id, got {' '.join(words)!r}; "
                         "e.g. csm-kit metrics show nps")
    return words[0] if words else None


def _describe_metric(kit: Any, metric_id: str) -> str:
    """Everything about one metric, as printed by ``metrics show``: the fields of docs/metrics.md
    and whether the data at hand can compute it."""
    from csm_kit.catalog import render_text

    m = kit.registry.get(metric_id)
    why = kit.why_not(m.id)
    return render_text(m, available="yes" if not why else f"no — {why}")


def _catalog(kit: Any, category: str | None) -> str:
    """The catalog as a text table, only the metrics of `category` (see match_category) if given."""
    if category is not None:
        categories = list(dict.fromkeys(m.category for m in kit.registry))
        category = match_category(category, categories)
    table = kit.metrics(category=category)
    rows = [[r.id, r.title, r.category, r.unit, r.benchmark, "yes" if r.available else "no"]
            for r in table.itertuples()]
    return text_table(["id", "title", "category", "unit", "benchmark", "available"], rows)


def cmd_metrics(args: argparse.Namespace) -> int:
    """``csm-kit metrics [--category C]``, ``metrics show ID`` and ``metrics ID``."""
    metric_id = _metric_to_show(args)
    kit = _kit(args)
    print(_describe_metric(kit, metric_id) if metric_id else _catalog(kit, args.category))
    return 0


# -- compute -------------------------------------------------------------------------------


def _iso_dates(column: pd.Series) -> pd.Series:
    """'YYYY-MM-DD' strings (None for missing) from dates, datetimes or datetime64 values."""
    text = pd.to_datetime(column).dt.strftime("%Y-%m-%d")
    return text.astype(object).where(text.notna(), None)


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: floats at full precision, None for NaN, NaT and infinities."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def result_records(df: pd.DataFrame, dates: Sequence[str] = ("period_start",)) -> list[dict[str, Any]]:
    """The rows of a computation's DataFrame as dicts of plain Python values, the `dates`
    columns as ISO dates; the one source of the CSV and JSON outputs, so both print the same
    digits."""
    df = df.assign(**{c: _iso_dates(df[c]) for c in dates})
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _csv_cell(value: Any) -> str:
    """A CSV cell: '' for null, repr for floats (round-trippable, as in JSON)."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def write_csv(df: pd.DataFrame, out: TextIO, dates: Sequence[str] = ("period_start",)) -> None:
    """`df` as CSV with a header; floats at full precision, nulls empty, `dates` as ISO dates."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(df.columns))
    for record in result_records(df, dates):
        writer.writerow([_csv_cell(v) for v in record.values()])


def write_json(df: pd.DataFrame, out: TextIO, dates: Sequence[str] = ("period_start",)) -> None:
    """`df` as a JSON list of records; floats at full precision, nulls null, `dates` as ISO
    dates."""
    out.write(json.dumps(result_records(df, dates), indent=2, allow_nan=False) + "\n")


def _print_result(res: Any, fmt: str, dates: Sequence[str]) -> None:
    """A MetricFrame or CohortFrame in format `fmt`: its text (table), or its to_pandas() rows
    as CSV or JSON with the `dates` columns as ISO dates."""
    if fmt == "csv":
        write_csv(res.to_pandas(), sys.stdout, dates)
    elif fmt == "json":
        write_json(res.to_pandas(), sys.stdout, dates)
    else:
        print(repr(res))


def cmd_compute(args: argparse.Namespace) -> int:
    """``csm-kit compute IDS [--filter COLUMN=VALUE] [--compare C] [--format F] ...``."""
    params = _params(args.param)
    filters = _filters(args.filter)
    kit = _kit(args)
    res = kit.compute(_split(args.metrics), grain=args.grain, start=args.start, end=args.end,
                      by=_split(args.by) or None, params=params, filters=filters,
                      compare=args.compare, as_of=args.as_of)
    _print_result(res, args.format, ("period_start",))
    return 0


def cmd_cohorts(args: argparse.Namespace) -> int:
    """``csm-kit cohorts [--measure accounts|mrr] [--format table|csv|json] ...``."""
    filters = _filters(args.filter)
    kit = _kit(args)
    res = kit.cohorts(args.measure, grain=args.grain, start=args.start, end=args.end,
                      by=_split(args.by) or None, filters=filters, as_of=args.as_of)
    _print_result(res, args.format, ("cohort",))
    return 0


# -- scorecard, sample, plugins, demo ------------------------------------------------------


def scorecard_text(card: Any) -> str:
    """The scorecard as its repr shows it (titles, values, change, status, benchmark, note),
    plus a '! metric: note' line for any note the table does not show in full."""
    text = repr(card)
    for r in card.to_pandas().itertuples():
        if r.note and str(r.note) not in text:
            text += f"\n! {r.metric}: {one_line(r.note)}"
    return text


def cmd_scorecard(args: argparse.Namespace) -> int:
    """``csm-kit scorecard [--period P] [--compare C] [--filter COLUMN=VALUE] [--as-of A]``."""
    filters = _filters(args.filter)
    card = _kit(args).scorecard(period=args.period, compare=args.compare, filters=filters,
                                as_of=args.as_of)
    print(scorecard_text(card))
    return 0


_SAMPLE_LIMITS = {  # option -> (smallest allowed value, its description)
    "seed": (0, "a non-negative integer"),
    "accounts": (1, "a positive integer"),
    "months": (1, "a positive integer"),
    "events": (0, "a non-negative integer"),
}


def _check_sample_args(args: argparse.Namespace) -> None:
    """UsageError naming the first option of ``sample`` out of range, or an --out that is a
    directory or (without --force) an existing file."""
    for name, (low, allowed) in _SAMPLE_LIMITS.items():
        value = getattr(args, name)
        if value is not None and value < low:
            raise UsageError(f"--{name} must be {allowed}, got {value}")
    if args.out.is_dir():
        raise UsageError(f"--out {str(args.out)!r} is a directory; give a file name")
    if args.out.exists() and not args.force:
        raise UsageError(f"{str(args.out)!r} already exists; pass --force to overwrite it")


def cmd_sample(args: argparse.Namespace) -> int:
    """``csm-kit sample --out FILE [--force] ...``: never leaves a partial file behind."""
    from csm_kit import datasets

    _check_sample_args(args)
    try:
        path = datasets.write_duckdb(args.out, seed=args.seed, accounts=args.accounts,
                                     months=args.months, events=args.events,
                                     progress=sys.stderr.isatty(), overwrite=args.force)
    except FileExistsError:  # created by someone else while we generated
        raise UsageError(f"{str(args.out)!r} already exists; pass --force to overwrite it") from None
    except ValueError as exc:  # the generator's own argument checks
        raise UsageError(one_line(str(exc))) from None
    except BrokenPipeError:
        raise  # main's concern: the reader went away
    except OSError as exc:
        raise UsageError(f"cannot write {str(args.out)!r}: {exc.strerror or exc}") from None
    print(f"wrote {path}: open it with csm_kit.connect('duckdb:///{path}')")
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    """``csm-kit plugins [check]``: exit 1 with ``check`` when a plugin failed."""
    from csm_kit.registry import load_registry

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the errors are listed below instead
        registry = load_registry()
    rows = [[p.name, p.distribution, p.version, p.module, str(len(p.metrics))]
            for p in registry.plugins]
    print(text_table(["plugin", "distribution", "version", "module", "metrics"], rows))
    for e in registry.errors:
        print(f"! {one_line(str(e))}")
    return 1 if registry.errors and args.check else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``csm-kit demo``: build the sample if needed and print its scorecard."""
    from csm_kit.kit import connect, ensure_sample, sample_path

    path = sample_path()
    if not path.exists():
        print(f"Building the sample data set (500 accounts, 24 months, 1M events) in {path} …",
              flush=True)
        ensure_sample(path, progress=sys.stderr.isatty())
    kit = connect()
    print(f"{kit!r}\n")
    print(scorecard_text(kit.scorecard()))
    print(
        "\nNext:\n"
        "  csm-kit metrics                          the catalog\n"
        "  csm-kit compute nps,mrr --by segment     a grouped computation\n"
        "  jupyter lab notebooks/quickstart.ipynb   the quickstart notebook\n"
        "  in Python: import csm_kit as ck; kit = ck.connect(); kit.scorecard()"
    )
    return 0


def _fiscal_month(args: argparse.Namespace) -> int:
    """--fiscal-year-start, checked (a typed PeriodError, as connect would raise)."""
    from csm_kit.periods import check_fiscal_year_start

    return check_fiscal_year_start(args.fiscal_year_start)


def _report_params(items: Sequence[str] | None) -> dict[str, Any]:
    """'period=2026-10' and 'top=5' -> {'period': '2026-10', 'top': 5}: papermill's -p KEY=VALUE,
    numbers, true/false and null read as such, anything else (dates included) as text."""
    import yaml

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().isidentifier():
            raise UsageError(f"-p {item!r} must look like NAME=VALUE, e.g. -p period=2026-10")
        try:
            parsed = yaml.safe_load(value) if value.strip() else ""
        except yaml.YAMLError:
            parsed = value
        out[key.strip()] = parsed if isinstance(parsed, int | float | bool | type(None)) else value
    return out


def cmd_report(args: argparse.Namespace) -> int:
    """``csm-kit report [NOTEBOOK] -p NAME=VALUE ... -o out.html``."""
    from csm_kit.kit import ensure_sample, sample_path
    from csm_kit.report import run_report

    params = _report_params(args.param)
    if args.connection is not None:
        params["connection"] = args.connection
    if args.mapping is not None:
        params["mapping"] = str(Path(args.mapping).resolve())
    if _fiscal_month(args) != 1:
        params["fiscal_year_start"] = args.fiscal_year_start
    if params.get("connection") is None and not sample_path().exists():
        print(f"Building the sample data set in {sample_path()} …", file=sys.stderr, flush=True)
        ensure_sample(progress=sys.stderr.isatty())
    out = run_report(args.notebook, args.output, params, progress=not args.quiet)
    print(f"wrote {out}")
    return 0


def notebooks_dir() -> Path:
    """The notebooks to open in JupyterLab: the repository's notebooks/ next to the package
    (an editable install), else the notebooks installed with csm_kit."""
    here = Path(__file__).resolve().parent
    repo = here.parent / "notebooks"
    return repo if repo.is_dir() else here / "notebooks"


def cmd_lab(args: argparse.Namespace) -> int:
    """``csm-kit lab``: build the sample if needed, then JupyterLab on the notebooks."""
    import shutil

    from csm_kit.kit import ensure_sample, sample_path

    if not sample_path().exists():
        print(f"Building the sample data set in {sample_path()} …", file=sys.stderr, flush=True)
        ensure_sample(progress=sys.stderr.isatty())
    jupyter = shutil.which("jupyter")
    if jupyter is None:
        raise UsageError("jupyter is not installed: pip install 'csm-kit[notebook]'")
    command = [jupyter, "lab", str(notebooks_dir()), *args.lab_args]
    print("+ " + " ".join(command), file=sys.stderr, flush=True)
    os.execv(jupyter, command)
    return 0  # not reached: jupyter replaced this process


# -- the parser ----------------------------------------------------------------------------


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--connection", "-c", default=None, metavar="URL",
                   help="duckdb:///file.db, postgres://… (default: the embedded sample)")
    p.add_argument("--mapping", "-m", default=None, metavar="FILE", help="mapping.yaml (tables:, columns:)")
    p.add_argument("--fiscal-year-start", type=int, default=1, metavar="MONTH",
                   help="the month (1-12) in which the fiscal year starts: quarters and years "
                        "follow it and are labelled FY2026-Q1, a fiscal year named by the "
                        "calendar year in which it ends (default 1: the calendar year)")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--filter", action="append", metavar="COLUMN=VALUE",
                   help="only the accounts whose COLUMN (a text column of accounts) holds VALUE; "
                        "comma-separate values or repeat a column for any of several, repeat "
                        "--filter for several columns, e.g. --filter segment=enterprise,mid-market "
                        "--filter region=eu")
    p.add_argument("--as-of", default=None, choices=["today", "data"],
                   help="today (default): buckets ending after today are incomplete; data: read "
                        "the data as of its last day when that is earlier (a bucket ending after "
                        "it is incomplete, windows end on it)")


def _add_metrics(sub: Any) -> None:
    p = sub.add_parser("metrics", help="list the metrics, or show one",
                       usage="%(prog)s [--category CATEGORY] [-c URL] [-m FILE]\n"
                             "       %(prog)s [show] ID [-c URL] [-m FILE]")
    p.add_argument("first", nargs="?", metavar="show", help="optional: 'metrics show nps'")
    p.add_argument("second", nargs="?", metavar="ID",
                   help="the metric to describe: 'metrics nps' is 'metrics show nps'")
    p.add_argument("--category", default=None,
                   help="only this category; case-insensitive, a prefix of its name or its key "
                        "(first word: satisfaction, revenue, engagement)")
    _data_args(p)
    p.set_defaults(func=cmd_metrics)


def _add_compute(sub: Any) -> None:
    p = sub.add_parser("compute", help="compute metrics per bucket")
    p.add_argument("metrics", nargs="+", help="metric ids, space or comma separated")
    p.add_argument("--grain", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--start", default=None)
    p.add_argument("--end", default=None)
    p.add_argument("--by", action="append", help="accounts column(s) to split by")
    p.add_argument("--param", "-p", action="append",
                   help="METRIC.NAME=VALUE (VALUE read as YAML), e.g. csat.method=mean")
    _filter_args(p)
    p.add_argument("--compare", default=None, choices=["previous", "year_ago"],
                   help="add the columns previous (the value of the bucket before, or of the "
                        "same bucket a year earlier) and change (value - previous)")
    p.add_argument("--format", default="table", choices=["table", "csv", "json"],
                   help="csv and json print values at full precision and dates as YYYY-MM-DD")
    _data_args(p)
    p.set_defaults(func=cmd_compute)


def _add_cohorts(sub: Any) -> None:
    p = sub.add_parser("cohorts", help="retention by acquisition cohort and age")
    p.add_argument("--measure", default="accounts", choices=["accounts", "mrr"],
                   help="accounts: logo retention, the cohort's accounts still paying (default); "
                        "mrr: revenue retention, their MRR, expansion included")
    p.add_argument("--grain", default="month", choices=["day", "week", "month", "quarter", "year"],
                   help="the buckets of cohorts and ages (default month)")
    p.add_argument("--start", default=None, help="the first cohort's bucket (default: the first "
                   "with MRR)")
    p.add_argument("--end", default=None, help="the last bucket observed (default: the last with "
                   "data, today's at the latest)")
    p.add_argument("--by", action="append", help="accounts column(s) to split each cohort by")
    _filter_args(p)
    p.add_argument("--format", default="table", choices=["table", "csv", "json"],
                   help="table: retention by cohort and age; csv and json: the rows cohort, "
                        "<by...>, age, size, value, retention, complete, values at full precision "
                        "and dates as YYYY-MM-DD")
    _data_args(p)
    p.set_defaults(func=cmd_cohorts)


def _add_sample(sub: Any) -> None:
    p = sub.add_parser("sample", help="write the sample data set to a DuckDB file")
    p.add_argument("--out", required=True, type=Path, help="the DuckDB file to write")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--seed", type=int, default=0, help="random seed, >= 0 (default 0)")
    p.add_argument("--accounts", type=int, default=None,
                   help="accounts, >= 1 (default: 500 up to 1M events, one per 2,000 events above)")
    p.add_argument("--months", type=int, default=24, help="calendar months, >= 1 (default 24)")
    p.add_argument("--events", type=int, default=1_000_000,
                   help="rows of the events table, >= 0 (default 1000000)")
    p.set_defaults(func=cmd_sample)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand; its errors raise :class:`UsageError`."""
    parser = _Parser(prog="csm-kit", description="Customer Success metrics.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_metrics(sub)
    _add_compute(sub)
    _add_cohorts(sub)

    p = sub.add_parser("scorecard", help="every available metric for one period")
    p.add_argument("--period", default=None,
                   help="2025-06, 2025-Q2, 2025-W23, 2025 …; FY2026-Q1, FY2026 with "
                        "--fiscal-year-start (default: the last complete month with data)")
    p.add_argument("--compare", default="previous", choices=["previous", "year_ago"],
                   help="what the previous and change columns compare with: the period before "
                        "(default) or the same period a year earlier")
    _filter_args(p)
    _data_args(p)
    p.set_defaults(func=cmd_scorecard)

    _add_sample(sub)

    p = sub.add_parser("report", help="run a notebook with parameters and write it as HTML")
    p.add_argument("notebook", nargs="?", default=None,
                   help="the notebook (default: the monthly CS review on the data given)")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="a parameter of the notebook (papermill's convention), e.g. "
                        "-p period=2026-10 -p segment=Enterprise")
    p.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _data_args(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("lab", help="JupyterLab on the notebooks, with the sample ready")
    p.add_argument("lab_args", nargs="*", metavar="JUPYTER_LAB_ARGS",
                   help="passed to jupyter lab as they are (e.g. --no-browser --port 8890)")
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("plugins", help="the loaded plugins with their versions")
    p.add_argument("check", nargs="?", choices=["check"],
                   help="exit 1 when a plugin failed to load or declared an invalid metric")
    p.set_defaults(func=cmd_plugins)

    p = sub.add_parser("demo", help="build the sample and print its scorecard")
    p.set_defaults(func=cmd_demo)
    return parser


# -- running -------------------------------------------------------------------------------


ShowWarning = Callable[..., None]


# the warnings printed as one 'warning: ' line; any other goes to Python's usual display
ONE_LINE_WARNINGS: tuple[type[Warning], ...] = (PluginWarning, FilterWarning, ComputeWarning)


def _warning_printer(fallback: ShowWarning) -> ShowWarning:
    """A warnings.showwarning that prints each ONE_LINE_WARNINGS text once, as one 'warning: '
    line on stderr (scorecard reads the filters twice), and hands every other warning to
    `fallback`."""
    shown: set[str] = set()

    def show(message: Any, category: type[Warning], filename: str, lineno: int,
             file: TextIO | None = None, line: str | None = None) -> None:
        if issubclass(category, ONE_LINE_WARNINGS):
            text = one_line(str(message))
            if text not in shown:
                shown.add(text)
                print(f"warning: {text}", file=file or sys.stderr)
        else:
            fallback(message, category, filename, lineno, file, line)

    return show


@contextlib.contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Within the block, the ONE_LINE_WARNINGS print as one line (restored afterwards)."""
    with warnings.catch_warnings():
        warnings.showwarning = _warning_printer(warnings.showwarning)
        yield


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _run(argv: Sequence[str] | None) -> int:
    """Parse `argv` and run its command; CsmKitErrors become one 'error: ' line and status 2."""
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        parser = build_parser()
        if argv[:1] == ["lab"] and not {"-h", "--help"} & set(argv[1:]):
            # everything after `lab` is jupyter lab's (argparse's REMAINDER stops at options)
            args = parser.parse_args(["lab"])
            args.lab_args = argv[1:]
        else:
            args = parser.parse_args(argv)
        return args.func(args)
    except CsmKitError as exc:
        print(f"error: {one_line(str(exc)) or type(exc).__name__}", file=sys.stderr)
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``csm-kit`` command; returns its exit status.

    Errors are one line on stderr and status 2 (``--help`` exits 0 through SystemExit, as
    argparse does). When the reader of stdout goes away early (``csm-kit metrics | head -1``),
    the rest of the output is dropped silently and the status is 141 (128 + SIGPIPE), what a
    shell reports for ``seq 1000000 | head -1``: the output was cut, so it is not a success,
    but nothing went wrong either. Ctrl-C exits 130.
    """
    try:
        with _warnings_as_lines():
            status = _run(argv)
        sys.stdout.flush()  # inside the try: a closed pipe often shows only on this last flush
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
