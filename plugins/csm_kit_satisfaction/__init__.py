"""Satisfaction and loyalty KPIs: NPS, CSAT, CES.

Each reads the responses of one survey in `survey_responses` (`survey` = 'nps', 'csat', 'ces').
A response whose score lies outside the chosen scale is left out of numerator and denominator.
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_satisfaction.surveys import ces, csat, nps


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The satisfaction pack."""
    return [nps, csat, ces]
