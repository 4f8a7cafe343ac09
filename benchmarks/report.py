"""docs/benchmarks.md's results, written from benchmarks/results/*.json (bench_suite.py --write).

    python benchmarks/report.py docs/benchmarks.md     # rewrite the results from the last run

Replaces what lies between the two RESULTS markers of the file and draws
docs/img/benchmarks.svg (csm_kit's time over the hand-written SQL's, per configuration and size).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"
BEGIN = "<!-- RESULTS: written by benchmarks/report.py from benchmarks/results; do not edit -->"
END = "<!-- /RESULTS -->"
TARGET_RATIO = 1.25
GIB = 2**30


def _load() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    sizes = sorted((json.loads(p.read_text()) for p in RESULTS.glob("[0-9]*.json")),
                   key=lambda r: r["events"])
    explorer = json.loads((RESULTS / "explorer.json").read_text())
    return sizes, explorer


def _n(events: int) -> str:
    return f"{events // 1_000_000}M" if events >= 1_000_000 else f"{events:,}"


def _gib(b: float) -> str:
    return f"{b / GIB:.1f} GiB"


def _ratio(size: dict[str, Any], config: str, which: str = "median") -> float:
    return size["csm"]["configs"][config][which] / size["hand"]["configs"][config]["median"]


def targets(sizes: list[dict[str, Any]], explorer: dict[str, Any]) -> list[str]:
    """The issue's targets: measured, met or by how much missed."""
    rows = ["| target | measured | met |", "|---|---|---|"]
    big = [s for s in sizes if s["events"] >= 10_000_000]
    worst = max(((_ratio(s, c), s["events"], c) for s in big for c in s["csm"]["configs"]),
                default=None)
    cells = "; ".join(f"{_n(s['events'])} " + ", ".join(
        f"{c} {_ratio(s, c):.2f}" for c in s["csm"]["configs"]) for s in big)
    if worst:
        met = ("yes" if worst[0] <= TARGET_RATIO else
               f"no: worst {worst[0]:.2f}x ({worst[2]}, {_n(worst[1])})")
        rows.append(f"| every grain within {TARGET_RATIO}x of hand SQL at 10M and 100M "
                    f"(repeated calls) | {cells} | {met} |")
    small = sizes[0]
    o = small["csm"]["overhead"]
    warm, cold = o["warm_total"] - o["engine"], o["cold_total"] - o["engine"]
    rows.append(
        f"| Python time per call <= 50 ms, 10-metric compute ({_n(small['events'])} events) | "
        f"repeated call {warm * 1000:.0f} ms; first call of a plan {cold * 1000:.0f} ms "
        f"(total {o['warm_total']:.2f} s / {o['cold_total']:.2f} s, DuckDB alone "
        f"{o['engine']:.2f} s) | {'yes' if warm <= 0.05 else 'no'} repeated; "
        f"{'yes' if cold <= 0.05 else f'no ({cold / 0.05:.1f}x)'} first |")
    prof = "; ".join(f"{_n(s['events'])} {s['csm']['profile']['median'] * 1000:.0f} ms"
                     for s in sizes)
    rows.append(f"| profile query O(metadata), once per scorecard | a plan of every metric "
                f"(the profile query and the checks in Python): {prof}; a scorecard profiles "
                "once (tested) | partly: date ranges and null counts come from column "
                "statistics; the data checks (unique keys, NaN and infinities, minimums, "
                "ends after starts) still read their columns |")
    imp = explorer["import_seconds"]
    rows.append(f"| `import csm_kit` <= 0.3 s | {imp:.3f} s | {'yes' if imp <= 0.3 else 'no'} |")
    cold_views = [t for _, t in explorer["cold"]]
    cached = [t for _, t in explorer["cached"]]
    slow = max(explorer["cold"], key=lambda v: v[1])
    rows.append(
        f"| explorer interaction <= 300 ms cold, <= 50 ms cached (default sample) | cold: "
        f"median {sorted(cold_views)[len(cold_views) // 2] * 1000:.0f} ms, slowest "
        f"{slow[1] * 1000:.0f} ms (`{slow[0]}`); cached: slowest {max(cached) * 1000:.1f} ms; "
        f"opening the explorer {explorer['opening']:.2f} s | "
        f"{'yes' if max(cold_views) <= 0.3 else 'no'} cold; "
        f"{'yes' if max(cached) <= 0.05 else 'no'} cached |")
    top = sizes[-1]
    peak = max(c["peak"] for c in top["csm"]["configs"].values())
    rows.append(f"| {_n(top['events'])} events on 2 cores and 24 GiB, no rows pulled into Python "
                f"| peak memory of csm_kit's process {_gib(peak)} (hand SQL "
                f"{_gib(max(c['peak'] for c in top['hand']['configs'].values()))}) | "
                f"{'yes' if top['events'] >= 100_000_000 else 'not run at 100M'} |")
    return rows


def catalog(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| events | configuration | metrics | csm_kit first call s | csm_kit repeated s | "
            "hand SQL s | ratio repeated | ratio first | csm_kit peak | hand SQL peak |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for s in sizes:
        for config, c in s["csm"]["configs"].items():
            h = s["hand"]["configs"][config]
            rows.append(f"| {_n(s['events'])} | {config} | {len(c['metrics'])} | "
                        f"{c['first']:.2f} | {c['median']:.2f} | {h['median']:.2f} | "
                        f"{_ratio(s, config):.2f} | {_ratio(s, config, 'first'):.2f} | "
                        f"{_gib(c['peak'])} | {_gib(h['peak'])} |")
    return rows


def scorecards(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| events | period | csm_kit first call s | repeated s | hand SQL s | ratio |",
            "|---|---|---|---|---|---|"]
    for s in sizes:
        c, h = s["csm"]["scorecard"], s["hand"]["scorecard"]
        rows.append(f"| {_n(s['events'])} | {c['period'][:7]} | {c['first']:.2f} | "
                    f"{c['median']:.2f} | {h['median']:.2f} | {c['median'] / h['median']:.2f} |")
    return rows


def frames(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| events | csm_kit s | hand SQL s | Polars s (+ load) | pandas s (+ load) | "
            "Polars / csm_kit | pandas / csm_kit | peak: csm_kit, Polars, pandas |",
            "|---|---|---|---|---|---|---|---|"]
    import dataframes

    for s in sizes:
        if not s.get("frames"):
            continue
        ours = s["csm"]["twelve"]["median"]
        hand = sum(v for m, v in s["hand"]["configs"]["month"]["per_metric"].items()
                   if m in dataframes.METRICS)
        pl, pd_ = s["frames"]["polars"], s["frames"]["pandas"]
        rows.append(f"| {_n(s['events'])} | {ours:.2f} | {hand:.2f} | {pl['median']:.2f} "
                    f"(+{pl['load']:.2f}) | {pd_['median']:.2f} (+{pd_['load']:.2f}) | "
                    f"{pl['median'] / ours:.2f} | {pd_['median'] / ours:.2f} | "
                    f"{_gib(s['csm']['twelve']['peak'])}, {_gib(pl['peak'])}, "
                    f"{_gib(pd_['peak'])} |")
    return rows


def spark(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| events | configuration | csm_kit on Spark local[2] s | csm_kit on DuckDB s | "
            "Spark / DuckDB |", "|---|---|---|---|---|"]
    for s in sizes:
        if not s.get("spark"):
            continue
        for config, c in s["spark"]["configs"].items():
            duck = s["csm"]["configs"][config]["first"]
            rows.append(f"| {_n(s['events'])} | {config} | {c['first']:.1f} | {duck:.2f} | "
                        f"{c['first'] / duck:.0f} |")
    return rows


def chart(sizes: list[dict[str, Any]], path: Path) -> None:
    """csm_kit's repeated-call time over the hand SQL's, per configuration and size."""
    import altair as alt
    import pandas as pd
    import vl_convert as vlc

    data = pd.DataFrame([{"events": _n(s["events"]), "configuration": c,
                          "ratio": round(_ratio(s, c), 3)}
                         for s in sizes for c in s["csm"]["configs"]])
    order = [_n(s["events"]) for s in sizes]
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("configuration:N", title=None, sort=list(dict.fromkeys(data.configuration)),
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("events:N", sort=order),
        y=alt.Y("ratio:Q", title="csm_kit time / hand-written SQL time"),
        color=alt.Color("events:N", sort=order, title="events"),
        tooltip=["events", "configuration", "ratio"])
    rule = alt.Chart(pd.DataFrame({"y": [1.0, TARGET_RATIO]})).mark_rule(
        strokeDash=[4, 3], color="#555").encode(y="y:Q")
    spec = (bars + rule).properties(width=420, height=240, title="The catalog per configuration "
                                    "(dashed: 1 and the 1.25 target)").to_dict()
    path.write_text(vlc.vegalite_to_svg(spec))


def write(markdown: Path) -> None:
    """Rewrite the results part of `markdown` and the chart beside it (docs/img/)."""
    sizes, explorer = _load()
    m = sizes[0]["machine"]
    ids = sizes[0]["csm"]["metrics"]
    lines = [
        BEGIN, "",
        f"### Run of {sizes[-1]['date']}: {', '.join(_n(s['events']) for s in sizes)} events",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, Python {m['python']}, "
        f"DuckDB {m['duckdb']}, Ibis {m['ibis']}, pandas {m['pandas']}. Range: the last 12 "
        f"months of events ({sizes[0]['range'][0]} to {sizes[0]['range'][1]}). "
        f"{len(ids)} metrics (every catalog metric with a hand-written query; "
        "feedback_sentiment is scored in Python). Repeated: the median of "
        f"{sizes[0]['repeat']} calls after the first (1 at 100M). Every implementation's "
        "numbers were checked equal to csm_kit's before anything was reported.",
        "", "![csm_kit over hand-written SQL](img/benchmarks.svg)", "",
        "#### Targets", "", *targets(sizes, explorer), "",
        "#### The whole catalog, one compute() per configuration", "", *catalog(sizes), "",
        "#### The scorecard (every metric, one month and the one before)", "",
        *scorecards(sizes), "",
        "#### Polars and pandas (12 metrics at grain month, data in memory)", "",
        *frames(sizes), "",
    ]
    if any(s.get("spark") for s in sizes):
        lines += ["#### Spark (local[2], first call, tables read from Parquet)", "",
                  *spark(sizes), ""]
    lines.append(END)
    text = markdown.read_text()
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + "\n".join(lines) + text[text.index(END) + len(END):]
    else:
        text += "\n" + "\n".join(lines) + "\n"
    markdown.write_text(text)
    chart(sizes, markdown.parent / "img" / "benchmarks.svg")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "docs" / "benchmarks.md")
