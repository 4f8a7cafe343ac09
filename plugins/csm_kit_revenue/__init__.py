"""Revenue and retention KPIs from subscription data: MRR, ARR, MRR movements, churn rate."""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Fact, Metric
from csm_kit_revenue.churn import customer_churn_rate
from csm_kit_revenue.facts import account_mrr
from csm_kit_revenue.mrr import MOVEMENT_METRICS, arr, mrr, net_new_mrr


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The revenue pack."""
    return [mrr, arr, *MOVEMENT_METRICS, net_new_mrr, customer_churn_rate]


@hookimpl
def csm_kit_facts() -> list[Fact]:
    """The revenue pack's shared facts."""
    return [account_mrr]
