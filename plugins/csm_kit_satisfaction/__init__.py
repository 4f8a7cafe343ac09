"""Satisfaction and loyalty KPIs: NPS, CSAT, CES, propensity to renew, written feedback and
its sentiment (VADER), and referrals.

The survey metrics read the responses of one survey in `survey_responses` (`survey` = 'nps',
'csat', 'ces', 'renewal_intent'). A response whose score lies outside the chosen scale is left out
of numerator and denominator.
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_satisfaction.referrals import referral_count, referral_rate
from csm_kit_satisfaction.sentiment import feedback_sentiment
from csm_kit_satisfaction.surveys import ces, csat, feedback_volume, nps, propensity_to_renew


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The satisfaction pack."""
    return [nps, csat, ces, propensity_to_renew, feedback_volume, feedback_sentiment,
            referral_count, referral_rate]
