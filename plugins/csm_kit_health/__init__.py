"""Composite and commercial KPIs, the toolkit's own value on top of the seeds: the customer health
score, value attainment and the sales win rate.
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_health.pipeline import win_rate
from csm_kit_health.score import customer_health_score
from csm_kit_health.value import value_attainment


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The health pack."""
    return [customer_health_score, value_attainment, win_rate]
