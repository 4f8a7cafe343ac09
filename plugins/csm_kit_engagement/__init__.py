"""Engagement KPIs from product events: DAU, MAU and the DAU/MAU ratio.

"Active" means at least one qualifying event; `active_events` (a list of event names) restricts
which events qualify (default: every event).
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_engagement.activity import dau, dau_mau_ratio, mau


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The engagement pack."""
    return [dau, mau, dau_mau_ratio]
