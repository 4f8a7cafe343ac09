"""Commercial tables: sales opportunities, customer-success costs and KPI targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from csm_kit.datasets.columns import canonical_table, date_array, id_array, id_width, take, ts_array
from csm_kit.datasets.customer_base import MRR_RANGE
from csm_kit.datasets.streams import STREAM_COSTS, STREAM_OPPS, random_stream
from csm_kit.datasets.timeline import US_DAY, cal_month, time_of_day

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld


def opportunities(world: SampleWorld, terms: dict[str, np.ndarray]) -> pa.Table:
    """The opportunities table: new business, expansions (won, lost or open) and renewals."""
    rng = random_stream(world.seed, STREAM_OPPS)
    win = world.win
    start_us, stop_us = win.start * US_DAY, win.stop * US_DAY
    acc, kind, created, closed, won, amount = [], [], [], [], [], []

    def add(a: Any, k: int, c: Any, cl: Any, w: Any, amt: Any) -> None:
        acc.append(np.asarray(a, np.int64))
        kind.append(np.full(np.size(a), k))
        created.append(np.asarray(c, np.int64))
        closed.append(np.asarray(cl, np.int64))
        won.append(np.asarray(w, bool))
        amount.append(np.round(np.asarray(amt, float), 2))

    # new business: opened with the trial (or sign-up), won at conversion, lost after the trial
    new = np.flatnonzero(world.created >= start_us)
    cust = world.cust[new]
    end_at = np.where(cust, world.conv[new],
                      world.trial_end[new] + rng.integers(1, 11, new.size) * US_DAY)
    opened = world.created[new] + (rng.random(new.size) * np.minimum(
        3 * US_DAY, (end_at - world.created[new]) / 2)).astype(np.int64)
    lo, hi = MRR_RANGE[world.seg[new], 0], MRR_RANGE[world.seg[new], 1]
    guess = np.round(lo * (hi / lo) ** rng.random(new.size))
    add(new, 0, opened, end_at, cust, np.where(cust, world.mrr0[new], guess) * 12)
    # expansion: won ones behind every expansion, plus lost and open ones
    exp = [(a, d, new_ - old) for a, d, k, old, new_ in world.changes
           if k == "expansion" and win.start <= d <= win.end]
    if exp:
        ea = np.asarray([e[0] for e in exp], np.int64)
        ed = np.asarray([e[1] for e in exp], np.int64)
        cl = ed * US_DAY + time_of_day(rng, world.hour[ea])
        op = cl - (rng.uniform(7, 45, ea.size) * US_DAY).astype(np.int64)
        add(ea, 1, op, cl, np.ones(ea.size, bool), np.asarray([e[2] for e in exp]) * 12)
    la, lm = np.nonzero(world.sub_act_m & (rng.random(world.act_m.shape) < 0.012))
    la = la.astype(np.int64)
    op = world.days_in(rng, la, lm) * US_DAY + time_of_day(rng, world.hour[la])
    cl = op + (rng.uniform(10, 90, la.size) * US_DAY).astype(np.int64)
    add(la, 1, op, cl, np.zeros(la.size, bool),
        MRR_RANGE[world.seg[la], 0] * rng.uniform(1, 6, la.size) * 12)
    # renewals: opened 90 days before each contract end, won when the contract renewed
    op = (terms["end"] - 90) * US_DAY + time_of_day(rng, world.hour[terms["acc"]])
    sel = (op >= start_us) & (op < stop_us)
    cl = terms["end"][sel] * US_DAY + time_of_day(rng, world.hour[terms["acc"][sel]])
    add(terms["acc"][sel], 2, op[sel], cl, terms["renewed"][sel], terms["value"][sel])

    acc_a, kind_a = np.concatenate(acc), np.concatenate(kind)
    created_a, closed_a = np.concatenate(created), np.concatenate(closed)
    won_a, amount_a = np.concatenate(won), np.concatenate(amount)
    is_open = closed_a >= stop_us
    o = np.lexsort((acc_a, created_a))
    kinds = np.asarray(["new", "expansion", "renewal"], dtype=object)
    return canonical_table("opportunities", {
        "opportunity_id": id_array("OPP", o.size, id_width(o.size, 5)),
        "account_id": take(world.account_ids, acc_a[o]),
        "kind": kinds[kind_a[o]].tolist(),
        "created_at": ts_array(created_a[o]),
        "closed_at": ts_array(closed_a[o], mask=is_open[o]),
        "is_won": pa.array(won_a[o], mask=is_open[o]),
        "amount": np.maximum(amount_a[o], 0.0),
    })


def cs_costs(world: SampleWorld) -> pa.Table:
    """The cs_costs table: CS salaries and tools every month, programmes in March and September."""
    rng = random_stream(world.seed, STREAM_COSTS)
    months = world.win.months
    active = world.sub_act_m.sum(axis=0)
    starts = world.win.month_starts[:-1]
    salaries = np.ceil(np.maximum(active, 1) / 60.0) * 8500.0 * rng.uniform(0.98, 1.02, months)
    tools = 1200.0 + 4.0 * active
    programs = np.where(np.isin(cal_month(starts), [3, 9]), 4000.0 + 10.0 * active, 0.0)
    rows = [(s, a, c) for s, sal, t, pg in zip(starts, salaries, tools, programs, strict=True)
            for a, c in ((sal, "salaries"), (t, "tools"), (pg, "programs")) if a > 0]
    return canonical_table("cs_costs", {
        "period_start": date_array(np.asarray([r[0] for r in rows], np.int64)),
        "amount": np.round(np.asarray([r[1] for r in rows], float), 2),
        "category": [r[2] for r in rows],
    })


def targets(world: SampleWorld) -> pa.Table:
    """The targets table: the monthly customer churn-rate target."""
    starts = world.win.month_starts[:-1]
    target = np.where(np.arange(starts.size) < 12, 0.03, 0.025)
    return canonical_table("targets", {
        "metric": ["customer_churn_rate"] * starts.size,
        "period_start": date_array(starts),
        "target": target,
    })
