"""Altair charts of csm_kit results: the right chart for each, from aggregated rows only.

- :func:`frame_chart` (``MetricFrame.chart()``): a trend per metric on its benchmark bands
  (:mod:`csm_kit.charts.trend`), stacked bars for a metric split into parts of a whole
  (survey answers, health bands: :mod:`csm_kit.charts.stacked`), or diverging bars for a frame
  of movements such as MRR's (:mod:`csm_kit.charts.movements`);
- :func:`scorecard_tiles` (``Scorecard.chart()``): KPI tiles;
- :func:`cohort_heatmap` (``CohortFrame.chart()``): the retention heatmap.

Needs the ``notebook`` extra (altair).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csm_kit.errors import ArgumentError, CsmKitError

if TYPE_CHECKING:
    from csm_kit.frame import MetricFrame


def require_altair() -> None:
    """A CsmKitError saying how to install charts when altair is missing."""
    try:
        import altair  # noqa: F401
    except ImportError as exc:
        raise CsmKitError(f"charts need altair ({exc}); install them with: "
                          "pip install 'csm-kit[notebook]'") from None

KINDS = ("auto", "trend", "movements")


def frame_chart(frame: MetricFrame, kind: str = "auto", *, bands: bool = True) -> Any:
    """The chart of `frame`: 'movements' (diverging bars) when every metric in it is a
    movement and there are several, else one 'trend' per metric, stacked."""
    require_altair()
    import altair as alt

    from csm_kit.charts.movements import movements_chart
    from csm_kit.charts.stacked import stacked_chart
    from csm_kit.charts.trend import metric_trend

    if kind not in KINDS:
        raise ArgumentError(f"kind must be one of {', '.join(KINDS)}, not {kind!r:.40}")
    ids = list(dict.fromkeys(frame.data["metric"]))
    if not ids:
        raise ArgumentError("this result holds no rows to chart")
    movements = [m for m in ids if frame.metrics[m].movement]
    if kind == "movements" and len(movements) != len(ids):
        others = [m for m in ids if m not in movements]
        raise ArgumentError(f"a movements chart shows amounts declared as movements (new, "
                            f"churned MRR...); {', '.join(others)} is not one")
    if kind == "movements" or (kind == "auto" and len(movements) == len(ids) and len(ids) > 1):
        return movements_chart(frame)
    charts = [stacked_chart(frame, m) if _stacked(frame, m) else
              metric_trend(frame, m, bands=bands) for m in ids]
    return charts[0] if len(charts) == 1 else alt.vconcat(*charts).resolve_scale(color="independent")


def _stacked(frame: MetricFrame, metric_id: str) -> bool:
    """Whether `metric_id` is split by its stack dimension into counts (parts of a whole)."""
    m = frame.metrics[metric_id]
    return (m.stack is not None and m.stack in frame.by
            and m.kind_for(frame.params[metric_id]) != "ratio")


def scorecard_tiles(card: Any, columns: int = 4) -> Any:
    """KPI tiles of a Scorecard (see :mod:`csm_kit.charts.tiles`)."""
    require_altair()
    from csm_kit.charts.tiles import scorecard_tiles as tiles

    return tiles(card, columns)


def cohort_heatmap(frame: Any) -> Any:
    """The retention heatmap of a CohortFrame (see :mod:`csm_kit.charts.heatmap`)."""
    require_altair()
    from csm_kit.charts.heatmap import cohort_heatmap as heatmap

    return heatmap(frame)
