"""The explorer: ``kit.explore()``, an ipywidgets app over one metric at a time.

Its state is public traits, the same whether set by a click or from code::

    ex = kit.explore("nps")
    ex.grain = "quarter"; ex.by = ["segment"]; ex.filters = {"region": ["EMEA"]}
    ex.params = {"scale": "0-10"}; ex.compare = "previous"; ex.bands = False
    ex.wait().result.to_pandas()      # the MetricFrame on show; ex.chart, ex.error

- A change that needs new numbers (metric, grain, start, end, by, filters, params, compare)
  computes in a background thread, so the kernel stays free; only the latest request is shown.
  `bands` redraws the chart only; `dialect` rewrites the SQL only (computed while its panel is
  open, or by :meth:`Explorer.to_sql`).
- Results are cached per (metric, grain, start, end, by, filters, params, compare): a view seen
  before comes back from the cache without a query.
- Any error (a bad grain, an unknown column, a failing query) shows as a message in the app and
  in `error`, never as a traceback; `result` and `chart` are then None.
- `params` are the params of the metric on show (a mapping of param name to value); choosing
  another metric resets them.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import datetime as dt
import html
import json
import threading
from typing import TYPE_CHECKING, Any

import altair as alt
import ibis
import ipywidgets as widgets
import traitlets
from altair.utils.schemapi import debug_mode

from csm_kit.arguments import DIALECTS
from csm_kit.errors import ArgumentError, CsmKitError
from csm_kit.periods import GRAINS
from csm_kit.schema import TABLES

if TYPE_CHECKING:
    from csm_kit.frame import MetricFrame
    from csm_kit.kit import Kit
    from csm_kit.metric import Metric, Param

QUERY_TRAITS = ["metric", "grain", "start", "end", "by", "filters", "params", "compare"]
FILTER_VALUES = 200  # the most frequent values of a column offered as filters
NO_COMPARE = "no comparison"


def _frozen(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Explorer(widgets.VBox):
    """An ipywidgets explorer of the metrics of a Kit (see the module docstring)."""

    metric = traitlets.Unicode("", help="the metric id on show")
    grain = traitlets.Unicode("month", help="day, week, month, quarter or year")
    start = traitlets.Any(None, help="first bucket (an ISO date or a date) or None")
    end = traitlets.Any(None, help="last bucket (an ISO date or a date) or None")
    by = traitlets.List(traitlets.Unicode(), help="accounts columns (or the metric's own "
                                                  "dimensions) to split by")
    filters = traitlets.Dict(help="accounts column -> a value or a list of values")
    params = traitlets.Dict(help="the params of the metric on show")
    compare = traitlets.Unicode(None, allow_none=True, help="None, 'previous' or 'year_ago'")
    bands = traitlets.Bool(True, help="draw the benchmark bands")
    dialect = traitlets.Unicode("duckdb", help="the SQL dialect shown")
    result = traitlets.Any(None, read_only=True, help="the MetricFrame on show")
    chart = traitlets.Any(None, read_only=True, help="the Altair chart on show")
    error = traitlets.Unicode("", read_only=True, help="'' or the message shown")

    def __init__(self, kit: Kit, metric: str | None = None, **state: Any) -> None:
        self._kit = kit
        self._cache: dict[str, MetricFrame | CsmKitError] = {}
        self._notes: dict[str, list[str]] = {}
        self._sql_cache: dict[str, str] = {}
        self._drawn: dict[str, tuple[Any, dict | None, str, str, str]] = {}  # by view and bands
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="csm-kit-explorer")
        self._lock = threading.RLock()  # a view is shown whole, by one thread at a time
        self._latest = 0
        self._pending: concurrent.futures.Future | None = None
        self._syncing = False
        self._resetting = False
        self._params_of = ""  # the metric whose param widgets are on show
        self.computations = 0  # queries run (cache misses): how much work the views cost
        metrics = list(kit.registry)
        available = [m for m in metrics if kit.why_not(m.id) == ""]
        self._choices = [(f"{m.category} · {m.title}", m.id)
                         for m in sorted(metrics, key=lambda m: (m.category, m.title))]
        self._build()
        super().__init__(children=self._layout())
        first = metric or (available[0].id if available else metrics[0].id)
        with self.hold_trait_notifications():
            self.metric = first
            for name, value in state.items():
                if name not in self.trait_names() or name in ("result", "chart", "error"):
                    raise CsmKitError(f"explore() has no setting {name!r}; settings: "
                                      f"{', '.join(QUERY_TRAITS + ['bands', 'dialect'])}")
                try:
                    setattr(self, name, value)
                except traitlets.TraitError as exc:
                    raise ArgumentError(f"explore({name}={value!r:.40}): {exc}") from None
        self.observe(self._on_query, names=QUERY_TRAITS)
        self.observe(self._on_bands, names=["bands"])
        self.observe(self._on_dialect, names=["dialect"])
        self._to_controls()
        self._refresh()

    # -- the widgets -------------------------------------------------------------------------
    def _build(self) -> None:
        w = widgets
        self.w_search = w.Text(placeholder="search metrics", layout=w.Layout(width="180px"))
        self.w_metric = w.Dropdown(options=self._choices, description="metric",
                                   layout=w.Layout(width="460px"))
        self.w_definition = w.HTML()
        self.w_grain = w.Dropdown(options=list(GRAINS), description="grain",
                                  layout=w.Layout(width="200px"))
        self.w_start = w.DatePicker(description="from", layout=w.Layout(width="230px"))
        self.w_end = w.DatePicker(description="to", layout=w.Layout(width="230px"))
        self.w_compare = w.Dropdown(options=[NO_COMPARE, "previous", "year_ago"],
                                    description="compare", layout=w.Layout(width="240px"))
        self.w_bands = w.Checkbox(description="benchmark bands", indent=False)
        self.w_by = w.TagsInput(allowed_tags=[], allow_duplicates=False)
        self.w_filters = self._filter_controls()
        self.w_params = w.VBox()
        self.w_dialect = w.Dropdown(options=sorted(DIALECTS), description="dialect")
        self.w_sql = w.HTML()
        self.w_more = w.Accordion(children=[
            w.VBox(list(self.w_filters.values()) or [w.HTML("accounts are not bound: no "
                                                            "filters")]),
            self.w_params, w.VBox([self.w_dialect, self.w_sql])])
        for i, title in enumerate(["filters", "params", "SQL"]):
            self.w_more.set_title(i, title)
        self.w_status = w.HTML()
        self.w_chart = w.Output()
        self.w_table = w.HTML()
        self.w_download = w.HTML()
        self.w_search.observe(self._on_search, names="value")
        for control in (self.w_metric, self.w_grain, self.w_start, self.w_end, self.w_compare,
                        self.w_bands, self.w_by, self.w_dialect, *self.w_filters.values()):
            control.observe(self._from_controls, names="value")
        self.w_more.observe(self._on_panel, names="selected_index")

    def _layout(self) -> list[widgets.Widget]:
        w = widgets
        return [
            w.HBox([self.w_search, self.w_metric]), self.w_definition,
            w.HBox([self.w_grain, self.w_start, self.w_end]),
            w.HBox([self.w_compare, self.w_bands]),
            w.HBox([w.Label("split by"), self.w_by]), self.w_more, self.w_status,
            self.w_chart, self.w_download, self.w_table,
        ]

    def _filter_controls(self) -> dict[str, widgets.SelectMultiple]:
        """One multiple choice per text column of accounts, offering its most frequent values."""
        binding = self._kit.binding
        columns = [c.name for c in TABLES["accounts"].columns
                   if c.dtype.is_string() and c.name not in ("account_id", "name")]
        controls: dict[str, widgets.SelectMultiple] = {}
        for column in columns:
            if binding.problem("accounts", (column,), metric_id="explorer") is not None:
                continue
            try:
                acc = binding.table("accounts")
                col = acc[column].cast("string").name("v")
                top = (acc.select(col).filter(col.notnull()).group_by("v")
                       .aggregate(n=ibis._.count()).order_by([ibis.desc("n"), "v"])
                       .limit(FILTER_VALUES))
                values = sorted(binding.execute(top)["v"].tolist())
            except Exception:  # an unreadable column offers no filter; compute says why
                continue
            controls[column] = widgets.SelectMultiple(options=values, description=column,
                                                      rows=min(len(values), 5) or 1)
        return controls

    def _param_controls(self, m: Metric) -> None:
        controls = []
        for p in m.params:
            control = _param_widget(p)
            control.observe(self._from_params, names="value")
            controls.append(control)
        self.w_params.children = controls or [widgets.HTML("this metric has no params")]

    # -- traits <-> widgets -------------------------------------------------------------------
    def _to_controls(self) -> None:
        """Show the traits in the widgets (from code, as a click would have)."""
        self._syncing = True
        try:
            ids = [v for _, v in self.w_metric.options]
            if self.metric in ids:
                self.w_metric.value = self.metric
            self.w_grain.value = self.grain if self.grain in GRAINS else self.w_grain.value
            self.w_start.value = _date_or_none(self.start)
            self.w_end.value = _date_or_none(self.end)
            self.w_compare.value = self.compare if self.compare in ("previous", "year_ago") \
                else NO_COMPARE
            self.w_bands.value = self.bands
            self.w_by.value = list(self.by)
            for column, control in self.w_filters.items():
                chosen = self.filters.get(column, ())
                chosen = [chosen] if isinstance(chosen, str) else list(chosen)
                control.value = tuple(v for v in chosen if v in control.options)
            self.w_dialect.value = self.dialect if self.dialect in DIALECTS else "duckdb"
            self._show_metric()
        finally:
            self._syncing = False

    def _show_metric(self) -> None:
        try:
            m = self._kit.registry.get(self.metric)
        except CsmKitError:
            self.w_definition.value = ""
            return
        self.w_definition.value = (
            f"<b>{html.escape(m.title)}</b> ({html.escape(m.unit)}, "
            f"{html.escape(m.direction.replace('_', ' '))}; benchmark "
            f"{html.escape(m.describe_benchmark())})<br><small>{html.escape(m.description)}"
            f"<br>sources: {html.escape(', '.join(m.source))}</small>")
        accounts = [c.name for c in TABLES["accounts"].columns if c.dtype.is_string()]
        self.w_by.allowed_tags = accounts + list(m.dimensions)
        if self._params_of != m.id:  # its own widgets, made once per metric shown
            self._param_controls(m)
            self._params_of = m.id
        self._syncing, was = True, self._syncing
        try:
            for control, p in zip(self.w_params.children, m.params, strict=False):
                if p.name in self.params:
                    with contextlib.suppress(traitlets.TraitError, TypeError, ValueError):
                        control.value = _to_widget_value(p, self.params[p.name])
        finally:
            self._syncing = was

    def _from_controls(self, change: dict) -> None:
        if self._syncing:
            return
        owner = change["owner"]
        if owner is self.w_metric:
            self.metric = owner.value
        elif owner is self.w_grain:
            self.grain = owner.value
        elif owner is self.w_start:
            self.start = _iso(owner.value)
        elif owner is self.w_end:
            self.end = _iso(owner.value)
        elif owner is self.w_compare:
            self.compare = None if owner.value == NO_COMPARE else owner.value
        elif owner is self.w_bands:
            self.bands = owner.value
        elif owner is self.w_by:
            self.by = list(owner.value)
        elif owner is self.w_dialect:
            self.dialect = owner.value
        else:  # a filter
            self.filters = {c: list(w.value) for c, w in self.w_filters.items() if w.value}

    def _from_params(self, change: dict) -> None:
        if self._syncing:
            return
        m = self._kit.registry.get(self.metric)
        values = {}
        for control, p in zip(self.w_params.children, m.params, strict=False):
            value = _from_widget_value(p, control.value)
            if value != p.default:
                values[p.name] = value
        self.params = values

    def _on_search(self, change: dict) -> None:
        text = (change["new"] or "").strip().lower()
        shown = [(label, mid) for label, mid in self._choices
                 if not text or text in label.lower() or text in mid]
        self._syncing = True
        try:
            self.w_metric.options = shown or self._choices
            if self.metric in [v for _, v in self.w_metric.options]:
                self.w_metric.value = self.metric
        finally:
            self._syncing = False

    # -- computing ---------------------------------------------------------------------------
    @traitlets.validate("start", "end")
    def _valid_day(self, proposal: dict) -> str | None:
        """A date, a datetime or text, kept as ISO text (the compute checks it)."""
        return _iso(proposal["value"])

    def _on_query(self, change: dict) -> None:
        if self._resetting:
            return
        if change["name"] == "metric" and change["old"] != change["new"]:
            self._resetting = True
            try:  # another metric: its own params, and no split by the last one's dimensions
                self.params = {}
                try:
                    dims = set(self._kit.registry.get(self.metric).dimensions)
                except CsmKitError:
                    dims = set()
                accounts = {c.name for c in TABLES["accounts"].columns}
                self.by = [b for b in self.by if b in accounts or b in dims]
            finally:
                self._resetting = False
        self._to_controls()
        self._refresh()

    def _on_bands(self, change: dict) -> None:
        self._to_controls()
        if self.result is not None:
            with self._lock:
                self._show_view(self._key(), self.result)

    def _on_dialect(self, change: dict) -> None:
        self._to_controls()
        self._show_sql()

    def _on_panel(self, change: dict) -> None:
        if change["new"] == 2:
            self._show_sql()

    def _key(self) -> str:
        return _frozen([self.metric, self.grain, self.start, self.end, list(self.by),
                        self.filters, self.params, self.compare])

    def _refresh(self) -> None:
        """Show the view of the current traits: from the cache at once, else computed in the
        background (the latest request wins)."""
        key = self._key()
        with self._lock:
            self._latest += 1
            ticket = self._latest
        if key in self._cache:
            self._show(ticket, key, self._cache[key])
            return
        self.w_status.value = "<i>computing…</i>"
        self._pending = self._pool.submit(self._compute, ticket, key, self._query())

    def _query(self) -> dict[str, Any]:
        return {"metric": self.metric, "grain": self.grain, "start": self.start,
                "end": self.end, "by": list(self.by) or None, "filters": dict(self.filters),
                "params": dict(self.params), "compare": self.compare}

    def _compute(self, ticket: int, key: str, q: dict[str, Any]) -> None:
        notes: list[str] = []
        try:  # kit.computed: no warnings, whose filters are process-wide and unsafe in a thread
            res: MetricFrame | CsmKitError
            res, notes = self._kit.computed(
                [q["metric"]], grain=q["grain"], start=q["start"], end=q["end"],
                by=q["by"], filters=q["filters"] or None,
                params={q["metric"]: q["params"]} if q["params"] else None,
                compare=q["compare"], strict=True)
        except CsmKitError as exc:
            res = exc
        except Exception as exc:  # never a traceback in the app
            res = CsmKitError(f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
                              if str(exc).strip() else type(exc).__name__)
        self.computations += 1
        if not isinstance(res, CsmKitError) or isinstance(res, ArgumentError):
            self._cache[key] = res  # a failing query is tried again next time
        self._notes[key] = notes
        self._show(ticket, key, res)

    def _show(self, ticket: int, key: str, res: MetricFrame | CsmKitError) -> None:
        with self._lock:  # a later request may not be shown before this one, nor overwritten
            if ticket != self._latest:  # a later request is on its way
                return
            try:
                self._show_view(key, res)
            except Exception as exc:  # drawing failed: a message, never a traceback
                text = str(exc).strip().splitlines()
                self._show_view(key, CsmKitError(
                    f"the result could not be shown: {type(exc).__name__}: "
                    f"{text[0] if text else ''}"))

    def _show_view(self, key: str, res: MetricFrame | CsmKitError) -> None:
        if isinstance(res, CsmKitError):
            self.set_trait("result", None)
            self.set_trait("chart", None)
            self.set_trait("error", str(res))
            self.w_status.value = (f"<div style='color:#cf222e'>{html.escape(str(res))}</div>")
            self.w_chart.outputs = ()
            self.w_table.value = ""
            self.w_download.value = ""
            return
        self.set_trait("error", "")
        self.set_trait("result", res)
        notes = self._notes.get(key, [])
        self.w_status.value = "".join(f"<div style='color:#9a6700'>{html.escape(n)}</div>"
                                      for n in notes)
        drawn = self._drawn.get(_frozen([key, self.bands]))
        if drawn is None:  # drawn once per view: going back to a view redraws nothing
            drawn = self._drawn[_frozen([key, self.bands])] = self._draw(res)
        chart, data, problem, table, download = drawn
        self.set_trait("chart", chart)
        self.w_chart.outputs = (({"output_type": "display_data", "data": data, "metadata": {}},)
                                if data else ())
        self.w_status.value += problem
        self.w_table.value = table
        self.w_download.value = download
        if self.w_more.selected_index == 2:
            self._show_sql()

    def _draw(self, res: MetricFrame) -> tuple[Any, dict | None, str, str, str]:
        """The view's chart, its display data, a message when it cannot be drawn, the table's
        HTML and the download link."""
        csv = base64.b64encode(res.to_pandas().to_csv(index=False).encode()).decode()
        table = res._repr_html_()
        download = (f"<a download='{html.escape(self.metric)}.csv' "
                    f"href='data:text/csv;base64,{csv}'>Download CSV</a>")
        try:
            # csm_kit's chart builders are validated against the Vega-Lite schema in its
            # tests, so the explorer skips Altair's validation (most of a chart's time) when it
            # builds the chart and hands its spec to the active renderer
            with debug_mode(False):
                chart = res.chart(bands=self.bands)
                bundle = alt.renderers.get()(chart.to_dict(validate=False))
        except Exception as exc:  # a chart that cannot be drawn: the numbers still show
            return (None, None, f"<div style='color:#9a6700'>{html.escape(str(exc))}</div>",
                    table, download)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        return chart, data, "", table, download

    def _show_sql(self) -> None:
        try:
            text = self.to_sql()
        except CsmKitError as exc:
            text = f"-- {exc}"
        self.w_sql.value = f"<pre style='font-size:11px'>{html.escape(text)}</pre>"

    # -- public ------------------------------------------------------------------------------
    def to_sql(self) -> str:
        """The SQL of the view on show in `dialect` (cached)."""
        key = _frozen([self._key(), self.dialect])
        if key not in self._sql_cache:
            q = self._query()
            self._sql_cache[key] = self._kit.to_sql(
                q["metric"], dialect=self.dialect, grain=q["grain"], start=q["start"],
                end=q["end"], by=q["by"], params=q["params"] or None,
                filters=q["filters"] or None, compare=q["compare"])
        return self._sql_cache[key]

    def wait(self, timeout: float | None = 120) -> Explorer:
        """Return once the view on show is up to date (for tests and scripts)."""
        while True:
            pending = self._pending
            if pending is None:
                return self
            pending.result(timeout=timeout)
            if pending is self._pending:
                return self

    def close(self) -> None:
        """Close the widgets and stop the background thread."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().close()


def _date_or_none(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _param_widget(p: Param) -> widgets.Widget:
    """A widget fitting param `p`: a choice, a check box, a number or text (JSON)."""
    label = {"description": p.name, "tooltip": p.description,
             "style": {"description_width": "initial"}}
    if p.allowed:
        return widgets.Dropdown(options=[(str(v), v) for v in p.allowed], value=p.default, **label)
    if isinstance(p.default, bool):
        return widgets.Checkbox(value=p.default, **label)
    if isinstance(p.default, int):
        return widgets.IntText(value=p.default, **label)
    if isinstance(p.default, float):
        return widgets.FloatText(value=p.default, **label)
    return widgets.Text(value=_to_widget_value(p, p.default), **label)


def _to_widget_value(p: Param, value: Any) -> Any:
    if p.allowed or isinstance(p.default, bool | int | float):
        return value
    return value if isinstance(value, str) else json.dumps(value)


def _from_widget_value(p: Param, value: Any) -> Any:
    if p.allowed or isinstance(p.default, bool | int | float | str):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value  # the compute says what is wrong with it
