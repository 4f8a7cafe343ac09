"""Referral KPIs: how many referrals customers make, and how many of the paying accounts refer.

A referral belongs to the account that made it (referrer_account_id): `by` splits by the
referrer's accounts columns.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric

CATEGORY = "Satisfaction and loyalty"
REFERRER = "referrer_account_id"


@metric(id="referral_count", title="Referrals", category=CATEGORY, unit="count",
        direction="higher_is_better",
        inputs={"referrals": [REFERRER, "referred_at"]},
        benchmark=Benchmark.unbanded("depends on the customer base and any referral programme: "
                                     "judge it by its trend"),
        source=["004"])
def referral_count(t: Any, ctx: Any) -> ir.Table:
    """Referrals made in the bucket."""
    r = t.referrals
    return ctx.aggregate(r, at=r.referred_at, value=ibis._.count(), key=REFERRER)


@metric(id="referral_rate", title="Referral Rate", category=CATEGORY, unit="fraction",
        direction="higher_is_better",
        inputs={"referrals": [REFERRER, "referred_at", "converted_at"]},
        facts=["account_periods"],
        params=[Param("converted_only", False, (False, True),
                      "count only referrals that converted into customers")],
        benchmark=Benchmark(good=0.20, source="004",
                            note="seed 004's example: 1 in 5 customers referring"),
        source=["004"])
def referral_rate(t: Any, ctx: Any) -> ir.Table:
    """Of the accounts paying at the bucket's start, the share that made a referral in the
    bucket (with converted_only=True, a referral that converted, whenever)."""
    r = t.referrals
    if ctx.params["converted_only"]:
        r = r.filter(r.converted_at.notnull())
    made = r.filter(ctx.in_range(r.referred_at)).select(
        referrer=r[REFERRER], referred_in=ctx.bucket(r.referred_at)).distinct()
    p = ctx.fact("account_periods")
    cohort = p.filter(p.start_mrr > 0)
    j = cohort.left_join(made, [cohort.account_id == made.referrer,
                                cohort.period_start == made.referred_in])
    rows = j.select(cohort.account_id, cohort.period_start,
                    referred=made.referrer.notnull().ifelse(1, 0))
    return ctx.ratio_bucketed(rows, numerator=rows.referred, denominator=1)
