"""Engagement KPIs from product events: active users and accounts (daily, weekly, monthly), the
DAU/MAU ratio; feature adoption and usage by feature, time on platform, onboarding, time to value and the
engagement score (two-way contact with the CS team).

"Active" means at least one qualifying event; `active_events` (a list of event names) restricts
which events qualify (default: every event).
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_engagement.activity import (
    daily_active_accounts,
    dau,
    dau_mau_ratio,
    mau,
    monthly_active_accounts,
    wau,
    weekly_active_accounts,
)
from csm_kit_engagement.adoption import (
    adoption_rate,
    avg_time_on_platform,
    onboarding_engagement_rate,
    product_usage,
    time_to_value,
)
from csm_kit_engagement.onboarding import onboarding_calls
from csm_kit_engagement.relationship import engagement_score


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The engagement pack."""
    return [dau, wau, mau, dau_mau_ratio, daily_active_accounts, weekly_active_accounts,
            monthly_active_accounts, adoption_rate, product_usage, avg_time_on_platform, onboarding_calls,
            onboarding_engagement_rate, time_to_value, engagement_score]
