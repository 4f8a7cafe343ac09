"""Customer-success and support tables: touchpoints, tickets and calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from csm_kit.datasets.columns import canonical_table, id_array, id_width, take, ts_array
from csm_kit.datasets.customer_base import REGION_HOUR, REGION_P
from csm_kit.datasets.streams import STREAM_CALLS, STREAM_TICKETS, STREAM_TOUCH, random_stream
from csm_kit.datasets.timeline import US_DAY, US_HOUR, US_MIN, US_SEC, cal_month, time_of_day

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld

_CALL_SEG = np.array([0.25, 0.7, 1.6])  # support calls per segment
_TOUCH_SEG = np.array([0.5, 1.6, 3.5])  # CSM touchpoints per segment


def touchpoints(world: SampleWorld) -> pa.Table:
    """The touchpoints table: CSM calls, emails and meetings, QBRs and onboarding calls."""
    rng = random_stream(world.seed, STREAM_TOUCH)
    win, h = world.win, world.health
    stop_us = win.stop * US_DAY
    rate = _TOUCH_SEG[world.seg][:, None] * np.where(h < 0.4, 1.4, 1.0)
    k = rng.poisson(rate) * world.act_m
    aa, mm = np.nonzero(k)
    ta, tm = np.repeat(aa, k[aa, mm]), np.repeat(mm, k[aa, mm])
    kind = rng.choice([1, 2, 3], ta.size, p=[0.25, 0.55, 0.2])  # call, email, meeting
    # quarterly business reviews for Mid-Market and Enterprise
    q_month = np.isin(cal_month(win.month_starts[:-1]), [1, 4, 7, 10])
    p_qbr = np.array([0.0, 0.45, 0.85])[world.seg][:, None] * q_month[None, :]
    qa, qm = np.nonzero(world.sub_act_m & (rng.random(world.act_m.shape) < p_qbr))
    ta = np.concatenate([ta, qa])
    tm = np.concatenate([tm, qm])
    kind = np.concatenate([kind, np.full(qa.size, 4)])
    days = world.days_in(rng, ta, tm)
    # onboarding calls in a new account's first 30 days
    new = world.cust & (world.created_day >= win.start)
    n_calls = rng.choice(4, world.n, p=[0.1, 0.55, 0.25, 0.1]) * new
    n_calls += (~world.cust & (world.created_day >= win.start) & (rng.random(world.n) < 0.4))
    oa = np.repeat(np.arange(world.n), n_calls)
    od = world.created_day[oa] + rng.integers(0, 30, oa.size)
    keep = od <= win.end
    ta = np.concatenate([ta, oa[keep]]).astype(np.int64)
    days = np.concatenate([days, od[keep]])
    kind = np.concatenate([kind, np.zeros(int(keep.sum()), np.int64)])
    ts = days * US_DAY + time_of_day(rng, world.hour[ta], 2.0)
    ts = np.maximum(ts, world.created[ta] + US_MIN)
    inbound = (kind != 0) & (kind != 4) & (rng.random(ta.size) < 0.3)
    hh = h[ta, win.month_of(days)]
    p_resp = np.where(inbound, 0.95, np.where(np.isin(kind, [0, 3, 4]), 0.9, 0.3 + 0.6 * hh))
    delay = np.where(inbound, rng.lognormal(np.log(2.0), 0.8, ta.size),
                     rng.lognormal(np.log(8.0), 1.0, ta.size))
    delay = np.where(np.isin(kind, [0, 3, 4]) & ~inbound, rng.uniform(0, 0.2, ta.size), delay)
    resp = ts + (delay * US_HOUR).astype(np.int64) + US_SEC
    no_resp = (rng.random(ta.size) >= p_resp) | (resp >= stop_us)
    o = np.lexsort((ta, ts))
    kinds = np.asarray(["onboarding_call", "call", "email", "meeting", "qbr"], dtype=object)
    return canonical_table("touchpoints", {
        "touchpoint_id": id_array("TP", o.size, id_width(o.size, 6)),
        "account_id": take(world.account_ids, ta[o]),
        "occurred_at": ts_array(ts[o]),
        "kind": kinds[kind[o]].tolist(),
        "direction": np.where(inbound[o], "inbound", "outbound").tolist(),
        "responded_at": ts_array(resp[o], mask=no_resp[o]),
    })


def tickets(world: SampleWorld) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """The tickets table, and the solved tickets (account, resolved_at, hours) for CSAT and CES."""
    rng = random_stream(world.seed, STREAM_TICKETS)
    win = world.win
    stop_us = win.stop * US_DAY
    k = world.tickets_k * world.act_m
    aa, mm = np.nonzero(k)
    ta = np.repeat(aa, k[aa, mm]).astype(np.int64)
    tm = np.repeat(mm, k[aa, mm])
    n = ta.size
    created = world.days_in(rng, ta, tm) * US_DAY + time_of_day(rng, world.hour[ta], 2.0)
    created = np.maximum(created, world.created[ta] + US_MIN)
    channel = rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])  # email, chat, web, phone
    frt_h = rng.lognormal(np.log(np.array([4.0, 0.2, 6.0, 0.1])[channel]), 0.9)
    first = created + (frt_h * US_HOUR).astype(np.int64) + US_MIN
    reopens = rng.choice(3, n, p=[0.86, 0.11, 0.03])
    replies = np.minimum(1 + rng.poisson(0.35 + 0.7 * reopens), 6)
    res_h = rng.lognormal(np.log(16.0), 1.1, n) * (1 + reopens)
    resolved = first + (res_h * US_HOUR).astype(np.int64)
    no_first = (rng.random(n) < 0.01) | (first >= stop_us)
    open_ = no_first | (rng.random(n) < 0.02) | (resolved >= stop_us)
    reopens = np.where(open_, 0, reopens)
    o = np.lexsort((ta, created))
    ids = id_array("T", n, id_width(n, 6))
    products = np.asarray(["Dashboards", "Reports", "API", "Integrations", "Billing", "Account"],
                          dtype=object)
    product = products[rng.choice(6, n, p=[0.25, 0.25, 0.15, 0.15, 0.12, 0.08])]
    table = canonical_table("tickets", {
        "ticket_id": ids,
        "account_id": take(world.account_ids, ta[o]),
        "created_at": ts_array(created[o]),
        "first_response_at": ts_array(first[o], mask=no_first[o]),
        "resolved_at": ts_array(resolved[o], mask=open_[o]),
        "replies": pa.array(replies[o], mask=no_first[o]),
        "reopens": pa.array(reopens[o], mask=no_first[o]),
        "channel": np.asarray(["email", "chat", "web", "phone"], dtype=object)[channel[o]].tolist(),
        "product": product[o].tolist(),
        "status": np.where(open_[o], "open", "solved").tolist(),
    })
    s = o[~open_[o]]
    solved = {"acc": ta[s], "resolved": resolved[s], "hours": ((resolved - created)[s] / US_HOUR)}
    return table, solved


def calls(world: SampleWorld) -> pa.Table:
    """The calls table: support calls, some from callers the IVR could not match to an account."""
    rng = random_stream(world.seed, STREAM_CALLS)
    win, h = world.win, world.health
    stop_us = win.stop * US_DAY
    rate = _CALL_SEG[world.seg][:, None] * (0.08 + 0.5 * (1.0 - h))
    k = rng.poisson(rate) * world.act_m
    aa, mm = np.nonzero(k)
    ca = np.repeat(aa, k[aa, mm]).astype(np.int64)
    cm = np.repeat(mm, k[aa, mm])
    queued = world.days_in(rng, ca, cm) * US_DAY + time_of_day(rng, world.hour[ca], 2.0)
    queued = np.maximum(queued, world.created[ca] + US_MIN)
    n_anon = int(round(0.12 * ca.size))  # callers the IVR could not match to an account
    anon_days = win.start + rng.integers(0, win.n_days, n_anon)
    anon_q = anon_days * US_DAY + time_of_day(rng, REGION_HOUR[rng.choice(4, n_anon, p=REGION_P)])
    queued = np.concatenate([queued, anon_q])
    acc = np.concatenate([ca, np.full(n_anon, -1)])
    n = acc.size
    monday = ((queued // US_DAY + 3) % 7) == 0
    wait = rng.lognormal(np.log(18.0), 0.9, n) * np.where(monday, 1.4, 1.0)  # seconds
    abandoned = rng.random(n) < 0.04 + 0.3 * (wait > 60.0)
    answered = queued + (wait * US_SEC).astype(np.int64)
    talk = rng.lognormal(np.log(6.0), 0.6, n) * US_MIN
    ended = np.where(abandoned, queued + (rng.uniform(5, 120, n) * US_SEC).astype(np.int64),
                     answered + talk.astype(np.int64))
    no_end = (rng.random(n) < 0.01) | (ended >= stop_us)
    no_answer = abandoned | (answered >= stop_us)
    o = np.lexsort((acc, queued))
    return canonical_table("calls", {
        "call_id": id_array("CALL", n, id_width(n, 6)),
        "account_id": take(world.account_ids, np.maximum(acc[o], 0), mask=acc[o] < 0),
        "queued_at": ts_array(queued[o]),
        "answered_at": ts_array(answered[o], mask=no_answer[o]),
        "ended_at": ts_array(ended[o], mask=no_end[o]),
        "abandoned": abandoned[o],
    })
