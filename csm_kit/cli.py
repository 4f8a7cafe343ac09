"""The ``csm-kit`` command line."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csm_kit.errors import CsmKitError
from csm_kit.formatting import format_value, status_text, text_table


def _kit(args: argparse.Namespace) -> Any:
    from csm_kit.kit import connect

    return connect(args.connection, mapping=args.mapping)


def _split(values: Sequence[str] | None) -> list[str]:
    return [v for item in values or [] for v in item.split(",") if v]


def _params(items: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """'csat.method=mean' -> {'csat': {'method': 'mean'}}; values are read as YAML scalars."""
    import yaml

    out: dict[str, dict[str, Any]] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        metric, dot, name = key.partition(".")
        if not sep or not dot:
            raise CsmKitError(f"--param {item!r} must look like METRIC.NAME=VALUE")
        out.setdefault(metric, {})[name] = yaml.safe_load(value)
    return out


def cmd_metrics(args: argparse.Namespace) -> int:
    kit = _kit(args)
    if args.show:
        m = kit.registry.get(args.show)
        why = kit.why_not(m.id)
        lines = [
            f"{m.id} — {m.title}", f"category:  {m.category}", f"unit:      {m.unit}",
            f"direction: {m.direction}",
            f"benchmark: {m.describe_benchmark()}"
            + (f" (source {m.benchmark.source})" if m.benchmark.source else "")
            + (f" — {m.benchmark.note}" if m.benchmark.note else ""),
            f"source:    seeds {', '.join(m.source)}", f"plugin:    {m.plugin}",
            "inputs:    " + "; ".join(f"{t}({', '.join(c)})" for t, c in m.inputs.items()),
            f"available: {'yes' if not why else 'no — ' + why}", "", m.description,
        ]
        for p in m.params:
            allowed = f" allowed: {', '.join(map(repr, p.allowed))}" if p.allowed else ""
            lines.append(f"  param {p.name} = {p.default!r}{allowed}  {p.description}")
        print("\n".join(lines))
        return 0
    table = kit.metrics(category=args.category)
    rows = [[r.id, r.title, r.category, r.unit, r.benchmark, "yes" if r.available else "no"]
            for r in table.itertuples()]
    print(text_table(["id", "title", "category", "unit", "benchmark", "available"], rows))
    return 0


def cmd_compute(args: argparse.Namespace) -> int:
    kit = _kit(args)
    res = kit.compute(_split(args.metrics), grain=args.grain, start=args.start, end=args.end,
                      by=_split(args.by) or None, params=_params(args.param))
    df = res.to_pandas()
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        df = df.assign(period_start=df.period_start.astype(str))
        print(json.dumps(json.loads(df.to_json(orient="records")), indent=2))
    else:
        print(repr(res))
    return 0


def _print_scorecard(card: Any) -> None:
    df = card.to_pandas()
    rows = [[r.metric, format_value(r.value, r.unit), format_value(r.previous, r.unit),
             status_text(r.status), r.benchmark] for r in df.itertuples()]
    print(f"Scorecard {card.period}")
    print(text_table(["metric", "value", "previous", "status", "benchmark"], rows))
    for r in df.itertuples():
        if r.note:
            print(f"! {r.metric}: {r.note}")


def cmd_scorecard(args: argparse.Namespace) -> int:
    _print_scorecard(_kit(args).scorecard(period=args.period))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from csm_kit import datasets

    path = datasets.write_duckdb(args.out, seed=args.seed, accounts=args.accounts,
                                 months=args.months, events=args.events, progress=True)
    print(f"wrote {path}: open it with csm_kit.connect('duckdb:///{path}')")
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    from csm_kit.registry import load_registry

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        registry = load_registry()
    rows = [[p.name, p.distribution, p.version, p.module, str(len(p.metrics))]
            for p in registry.plugins]
    print(text_table(["plugin", "distribution", "version", "module", "metrics"], rows))
    for e in registry.errors:
        print(f"! {e}")
    return 1 if registry.errors and args.check else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from csm_kit.kit import connect, ensure_sample, sample_path

    path = sample_path()
    if not path.exists():
        print(f"Building the sample data set (500 accounts, 24 months, 1M events) in {path} …")
        ensure_sample(path, progress=True)
    kit = connect()
    print(f"{kit!r}\n")
    _print_scorecard(kit.scorecard())
    print(
        "\nNext:\n"
        "  csm-kit metrics                          the catalog\n"
        "  csm-kit compute nps,mrr --by segment     a grouped computation\n"
        "  jupyter lab notebooks/quickstart.ipynb   the quickstart notebook\n"
        "  in Python: import csm_kit as ck; kit = ck.connect(); kit.scorecard()"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csm-kit", description="Customer Success metrics.")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--connection", "-c", default=None,
                       help="duckdb:///file.db, postgres://… (default: the embedded sample)")
        p.add_argument("--mapping", "-m", default=None, help="mapping.yaml (tables:, columns:)")

    p = sub.add_parser("metrics", help="list the metrics, or show one")
    p.add_argument("show_word", nargs="?", choices=["show"], help=argparse.SUPPRESS)
    p.add_argument("show", nargs="?", metavar="ID", help="with 'show': the metric to describe")
    p.add_argument("--category", default=None)
    data_args(p)
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("compute", help="compute metrics per bucket")
    p.add_argument("metrics", nargs="+", help="metric ids, space or comma separated")
    p.add_argument("--grain", default="month", choices=["day", "week", "month", "quarter", "year"])
    p.add_argument("--start", default=None)
    p.add_argument("--end", default=None)
    p.add_argument("--by", action="append", help="accounts column(s) to split by")
    p.add_argument("--param", "-p", action="append", help="METRIC.NAME=VALUE, e.g. csat.method=mean")
    p.add_argument("--format", default="table", choices=["table", "csv", "json"])
    data_args(p)
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("scorecard", help="every available metric for one period")
    p.add_argument("--period", default=None, help="2025-06, 2025-Q2, 2025-W23, 2025 …")
    data_args(p)
    p.set_defaults(func=cmd_scorecard)

    p = sub.add_parser("sample", help="write the sample data set to a DuckDB file")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--accounts", type=int, default=500)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--events", type=int, default=1_000_000)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("plugins", help="the loaded plugins with their versions")
    p.add_argument("check", nargs="?", choices=["check"],
                   help="exit 1 when a plugin failed to load or declared an invalid metric")
    p.set_defaults(func=cmd_plugins)

    p = sub.add_parser("demo", help="build the sample and print its scorecard")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``csm-kit`` command; errors are one line and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "show_word", None) and not args.show:
        parser.error("metrics show needs a metric id")
    if getattr(args, "show", None) and not getattr(args, "show_word", None):
        parser.error(f"unexpected argument {args.show!r}; did you mean 'metrics show {args.show}'?")
    try:
        return args.func(args)
    except CsmKitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
