"""Revenue tables: subscriptions, contracts, invoices and trials."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from csm_kit.datasets.columns import canonical_table, date_array, id_array, id_width, take, ts_array
from csm_kit.datasets.customer_base import PLANS
from csm_kit.datasets.streams import STREAM_CONTRACTS, STREAM_INVOICES, random_stream
from csm_kit.datasets.timeline import US_DAY, add_months, month_index, time_of_day

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld

_SETUP_FEE = np.array([500.0, 2500.0, 10000.0])  # set-up fee per segment


def subscriptions(world: SampleWorld) -> pa.Table:
    """The subscriptions table: every paid subscription by start (add-ons have no plan)."""
    o = np.lexsort((world.sub_acc, world.sub_start))
    plan = np.asarray((*PLANS, None), dtype=object)[world.sub_plan[o]]
    return canonical_table("subscriptions", {
        "subscription_id": id_array("SUB", o.size, id_width(o.size, 6)),
        "account_id": take(world.account_ids, world.sub_acc[o]),
        "start_date": date_array(world.sub_start[o]),
        "end_date": date_array(np.maximum(world.sub_end[o], 0), mask=world.sub_end[o] < 0),
        "mrr": world.sub_mrr[o],
        "plan": plan.tolist(),
    })


def _mrr_at(world: SampleWorld, a: int, day: int) -> float:
    """Total MRR of account `a` on `day` (all its running subscriptions)."""
    sel = (world.sub_acc == a) & (world.sub_start <= day) & (
        (world.sub_end < 0) | (world.sub_end > day))
    return float(world.sub_mrr[sel].sum())


def contracts(world: SampleWorld) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """The contracts table: terms chained by renewal_of; a churn ends the chain at an anniversary.

    Returns the table and the terms behind it (account, start, end, renewed, value, one-time fee
    and id of each contract, in table order), which invoices, surveys and opportunities use.
    """
    rng = random_stream(world.seed, STREAM_CONTRACTS)
    win = world.win
    acc, start, end, value, one_time, prev = [], [], [], [], [], []
    for a in np.flatnonzero(world.term > 0).tolist():
        t = int(world.term[a])
        for s, e in world.spells[a]:
            k, p = 0, -1
            while True:
                cs = int(add_months(s, k * t))
                if cs > win.end or (e >= 0 and cs >= e):
                    break
                acc.append(a)
                start.append(cs)
                end.append(int(add_months(s, (k + 1) * t)))
                value.append(round(_mrr_at(world, a, cs) * t, 2))
                fee = np.nan
                if k == 0 and rng.random() < 0.4:
                    fee = round(_SETUP_FEE[world.seg[a]] * rng.uniform(0.5, 1.5), 2)
                one_time.append(fee)
                prev.append(p)
                p = len(acc) - 1
                k += 1
    acc_a = np.asarray(acc, np.int64)
    start_a, end_a = np.asarray(start, np.int64), np.asarray(end, np.int64)
    prev_a = np.asarray(prev, np.int64)
    o = np.lexsort((acc_a, start_a))
    rank = np.empty(o.size, np.int64)
    rank[o] = np.arange(o.size)
    ids = id_array("C", o.size, id_width(o.size, 5))
    renewed = np.zeros(o.size, bool)
    renewed[prev_a[prev_a >= 0]] = True
    prev_rank = np.where(prev_a >= 0, rank[np.maximum(prev_a, 0)], 0)
    one = np.asarray(one_time, float)
    table = canonical_table("contracts", {
        "contract_id": ids,
        "account_id": take(world.account_ids, acc_a[o]),
        "start_date": date_array(start_a[o]),
        "end_date": date_array(end_a[o]),
        "recurring_value": np.asarray(value, float)[o],
        "one_time_value": pa.array(one[o], mask=np.isnan(one[o])),
        "renewal_of": take(ids, prev_rank[o], mask=prev_a[o] < 0),
    })
    terms = {"acc": acc_a[o], "start": start_a[o], "end": end_a[o], "renewed": renewed[o],
             "value": np.asarray(value, float)[o], "one_time": one[o],
             "id": np.asarray(ids.to_pylist(), dtype=object)}
    return table, terms


def invoices(world: SampleWorld, terms: dict[str, np.ndarray]) -> pa.Table:
    """The invoices table: recurring invoices, upsells at expansions, set-up fees and services."""
    rng = random_stream(world.seed, STREAM_INVOICES)
    win = world.win
    st = world.sub_start
    en = np.where(world.sub_end < 0, win.stop, np.minimum(world.sub_end, win.stop))
    span = int(month_index(win.stop) - month_index(st.min() if st.size else win.start)) + 2
    k = np.arange(max(span, 1))
    dates = add_months(st[:, None], k[None, :])
    ok = (dates >= win.start) & (dates < en[:, None])
    si, _ = np.nonzero(ok)
    acc = [world.sub_acc[si]]
    day = [dates[ok]]
    amount = [world.sub_mrr[si]]
    kind = [np.zeros(si.size, np.int64)]
    exp = [(a, d, new - old) for a, d, kd, old, new in world.changes
           if kd == "expansion" and win.start <= d <= win.end]
    if exp:
        acc.append(np.asarray([e[0] for e in exp], np.int64))
        day.append(np.asarray([e[1] for e in exp], np.int64))
        amount.append(np.asarray([e[2] for e in exp], float))
        kind.append(np.full(len(exp), 2))
    fee = ~np.isnan(terms["one_time"]) & (terms["start"] >= win.start)
    acc.append(terms["acc"][fee])
    day.append(terms["start"][fee])
    amount.append(terms["one_time"][fee])
    kind.append(np.ones(int(fee.sum()), np.int64))
    # professional services now and then
    aa, mm = np.nonzero(world.sub_act_m & (rng.random(world.sub_act_m.shape) < 0.015))
    acc.append(aa.astype(np.int64))
    day.append(world.days_in(rng, aa, mm))
    amount.append(np.round(_SETUP_FEE[world.seg[aa]] * rng.lognormal(0.0, 0.5, aa.size), 2))
    kind.append(np.ones(aa.size, np.int64))
    acc_a, day_a = np.concatenate(acc), np.concatenate(day)
    kind_a = np.concatenate(kind)
    hour = np.where(kind_a == 0, 6.0, world.hour[acc_a])  # recurring: the nightly billing run
    ts = day_a * US_DAY + time_of_day(rng, hour, np.where(kind_a == 0, 0.5, 2.0))
    o = np.lexsort((acc_a, ts))
    return canonical_table("invoices", {
        "invoice_id": id_array("INV", o.size, id_width(o.size, 7)),
        "account_id": take(world.account_ids, acc_a[o]),
        "issued_at": ts_array(ts[o]),
        "amount": np.round(np.concatenate(amount)[o], 2),
        "kind": np.asarray(["recurring", "one_time", "upsell"], dtype=object)[kind_a[o]].tolist(),
    })


def trials(world: SampleWorld) -> pa.Table:
    """The trials table: every trial, converted_at set when the account became a customer."""
    idx = np.flatnonzero(world.has_trial)
    o = idx[np.lexsort((idx, world.trial_start[idx]))]
    return canonical_table("trials", {
        "trial_id": id_array("TR", o.size, id_width(o.size, 5)),
        "account_id": take(world.account_ids, o),
        "started_at": ts_array(world.trial_start[o]),
        "ended_at": ts_array(world.trial_end[o]),
        "converted_at": ts_array(np.maximum(world.conv[o], 0), mask=world.conv[o] < 0),
    })
