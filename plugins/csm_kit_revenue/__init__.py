"""Revenue and retention KPIs from subscription data: MRR, ARR, MRR movements, churn rate.

An account's MRR in a bucket is the sum of the MRR of its subscriptions active on the bucket's
**last day** (`start_date <= day < end_date`, a null end = still active). At grains day, week and
month the state is taken per bucket; at quarter and year it is monthly, and movements are the sum
of the monthly movements in the bucket. Movements of an account against the previous state
bucket (0 before its first subscription):

- **new**: MRR > 0 now, 0 before, and never > 0 earlier;
- **reactivation**: MRR > 0 now, 0 before, but > 0 at some earlier point;
- **expansion**: now − before, when both > 0 and now > before;
- **contraction**: before − now, when both > 0 and now < before;
- **churn**: before, when before > 0 and now = 0.

So for every bucket: MRR at the previous bucket's end + new + expansion + reactivation −
contraction − churn = MRR at this bucket's end (tested on random histories, as a property, and on
dbt-labs' public mrr-playbook data). MRR must be finite and >= 0 (a data check).
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Fact, Metric
from csm_kit_revenue.churn import customer_churn_rate
from csm_kit_revenue.contracts import acv, net_renewal_rate, renewal_rate
from csm_kit_revenue.facts import account_mrr, account_periods, contract_terms
from csm_kit_revenue.mrr import MOVEMENT_METRICS, arr, mrr, net_new_mrr
from csm_kit_revenue.rates import (
    expansion_revenue_rate,
    gross_mrr_churn_rate,
    net_mrr_churn_rate,
    quick_ratio,
)
from csm_kit_revenue.retention import (
    deviation_from_target_churn,
    grr,
    logo_churn,
    nrr,
    retention_rate,
    unsubscribes,
)
from csm_kit_revenue.value import (
    arpa,
    clv,
    clv_cac_ratio,
    customer_retention_cost,
    free_trial_conversion_rate,
    repeat_purchase_rate,
    spend_lift,
)


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The revenue pack."""
    return [mrr, arr, *MOVEMENT_METRICS, net_new_mrr, customer_churn_rate, gross_mrr_churn_rate,
            net_mrr_churn_rate, expansion_revenue_rate, quick_ratio, grr, nrr, logo_churn,
            unsubscribes, retention_rate, deviation_from_target_churn, arpa, acv, renewal_rate,
            net_renewal_rate, clv, clv_cac_ratio, spend_lift, repeat_purchase_rate,
            customer_retention_cost, free_trial_conversion_rate]


@hookimpl
def csm_kit_facts() -> list[Fact]:
    """The revenue pack's shared facts."""
    return [account_mrr, account_periods, contract_terms]
