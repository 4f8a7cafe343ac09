"""Satisfaction and loyalty KPIs: NPS, CSAT, CES (survey aggregates)."""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_satisfaction.surveys import ces, csat, nps


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The satisfaction pack."""
    return [nps, csat, ces]
