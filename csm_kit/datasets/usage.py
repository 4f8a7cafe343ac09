"""Product usage: the events and sessions tables, drawn chunk by chunk over active account-days."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from csm_kit.datasets.columns import canonical_table, id_array, id_width, take, ts_array
from csm_kit.datasets.streams import STREAM_EVENTS, STREAM_SESSIONS, STREAM_SPECIAL, random_stream
from csm_kit.datasets.timeline import US_DAY, US_MIN, cal_month, month_index, month_start, time_of_day

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld

#: Rows per chunk of the events and sessions tables (a chunk may run over by one account-day).
CHUNK_ROWS = 1_000_000
#: The sessions table holds one session per this many events.
EVENTS_PER_SESSION = 10

EVENT_NAMES = (
    "login", "view_dashboard", "create_report", "export", "invite_user", "api_call",
    "integration_connected", "onboarding_step_1", "onboarding_step_2", "onboarding_step_3",
)
EVENT_FEATURES = (
    None, "dashboards", "reports", "exports", "collaboration", "api",
    "integrations", "onboarding", "onboarding", "onboarding",
)
# Mix of the first seven names, which make up day-to-day usage (onboarding steps are scheduled).
REGULAR_WEIGHTS = np.array([0.24, 0.32, 0.14, 0.08, 0.02, 0.2, 0.003])


def event_cells(world: SampleWorld) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every active (day, account) pair with its relative share of product usage.

    Returns the cells' accounts and days (day-major), their probabilities (share of all usage)
    and the share of an account's users who take part that day.
    """
    win = world.win
    days = np.arange(win.start, win.stop, dtype=np.int64)
    cal = cal_month(days)
    dom = days - month_start(month_index(days)) + 1
    dow = (days + 3) % 7
    season = np.where(dow >= 5, 0.3, 1.0)
    season *= np.where(cal == 12, 0.8, 1.0) * np.where(cal == 8, 0.9, 1.0)
    season *= np.where(((cal == 12) & (dom >= 24)) | ((cal == 1) & (dom == 1)), 0.5, 1.0)
    factor = np.ones(world.act.shape, np.float32)
    factor[~world.cust] = 0.6  # prospects only kick the tyres
    for a in range(world.n):
        s = int(world.act0[a]) - win.start
        if s + 30 > 0 and s < win.n_days:
            factor[a, max(s, 0):s + 30] *= 1.5  # onboarding burst
    for a, c in world.churn_days:  # usage fades in the two months before a churn
        t = np.arange(c - 60, c)
        keep = (t >= win.start) & (t < win.stop)
        factor[a, t[keep] - win.start] *= 0.3 + 0.7 * (c - t[keep]) / 60.0
    tt, aa = np.nonzero(world.act.T)  # day-major: chunks run forward in time
    aa = aa.astype(np.int64)
    day = tt.astype(np.int64) + win.start
    mo = win.month_of(day)
    w = (world.usage[aa, mo] * world.n_users_on(aa, day) * season[tt]
         * factor[aa, tt].astype(float))
    p = w / w.sum() if w.size else w
    return aa, day, p, 0.35 + 0.65 * world.health[aa, mo]


def onboarding_events(world: SampleWorld) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scheduled onboarding steps and integration set-ups in an account's first weeks.

    Returns user, account, timestamp and event-name index of each, in time order.
    """
    rng = random_stream(world.seed, STREAM_SPECIAL)
    win, n = world.win, world.n
    h0 = world.health[np.arange(n), win.month_of(world.act0)]
    new = (world.act0 >= win.start) & (world.act0 <= win.end)
    r = rng.random((4, n))
    gaps = rng.integers(0, 2, n), rng.integers(1, 7, n), rng.integers(1, 15, n)
    d1 = world.act0 + gaps[0]
    d2 = d1 + gaps[1]
    d3 = d2 + gaps[2]
    di = world.act0 + rng.integers(2, 41, n)
    m1 = new & (r[0] < 0.95)
    m2 = m1 & (r[1] < 0.45 + 0.5 * h0)
    m3 = m2 & (r[2] < 0.3 + 0.65 * h0)
    mi = new & (r[3] < 0.15 + 0.6 * h0)
    acc = np.concatenate([np.flatnonzero(x) for x in (m1, m2, m3, mi)]).astype(np.int64)
    day = np.concatenate([d1[m1], d2[m2], d3[m3], di[mi]])
    name = np.repeat([7, 8, 9, 6], [m1.sum(), m2.sum(), m3.sum(), mi.sum()])
    ok = day <= win.end
    ok[ok] &= world.act[acc[ok], day[ok] - win.start]
    acc, day, name = acc[ok], day[ok], name[ok]
    uid = world.user_off[acc]  # the account's first user (the admin) onboards
    ts = world.not_before_user(rng, day * US_DAY + time_of_day(rng, world.hour[acc]), uid)
    o = np.argsort(ts, kind="stable")
    return uid[o], acc[o], ts[o], name[o]


def _chunk_bounds(counts: np.ndarray, rows: int) -> list[tuple[int, int]]:
    """Split cells into consecutive runs holding about `rows` rows each."""
    total = int(counts.sum())
    if total == 0:
        return []
    cum = np.cumsum(counts)
    targets = np.arange(rows, total, rows)
    cuts = np.unique(np.searchsorted(cum, targets, side="left") + 1)
    edges = [0, *[int(c) for c in cuts if 0 < c < len(counts)], len(counts)]
    return [(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if cum[b - 1] > (
        cum[a - 1] if a else 0)]


def _events_table(world: SampleWorld, uid: np.ndarray, acc: np.ndarray, ts: np.ndarray,
                  name: np.ndarray) -> pa.Table:
    """The events table of the given users, accounts, timestamps and event-name indices."""
    names = pa.array(EVENT_NAMES)
    features = pa.array(EVENT_FEATURES, type=pa.string())
    return canonical_table("events", {
        "user_id": take(world.user_ids, uid),
        "account_id": take(world.account_ids, acc),
        "occurred_at": ts_array(ts),
        "event_name": take(names, name),
        "feature": take(features, name),
    })


def _event_chunk(world: SampleWorld, rng: np.random.Generator, i0: int, i1: int,
                 counts: np.ndarray) -> pa.Table:
    """Events of cells i0..i1, `counts` per cell, in time order."""
    acc = np.repeat(world.cell_acc[i0:i1], counts)
    day = np.repeat(world.cell_day[i0:i1], counts)
    share = np.repeat(world.cell_share[i0:i1], counts)
    uid = world.pick_users(rng, acc, day, share)
    u = rng.random(acc.size)
    name = np.empty(acc.size, np.int64)
    step = 250_000  # bounded (rows x names) temporaries
    for s in range(0, acc.size, step):
        sl = slice(s, s + step)
        name[sl] = (u[sl, None] >= world.name_cdf[acc[sl]]).sum(axis=1)
    ts = day * US_DAY + time_of_day(rng, world.hour[acc])
    ts = world.not_before_user(rng, ts, uid)
    o = np.argsort(ts, kind="stable")
    return _events_table(world, uid[o], acc[o], ts[o], name[o])


def iter_events(world: SampleWorld, events: int, chunk_rows: int) -> Iterator[pa.Table]:
    """Yield the events table in chunks of about `chunk_rows` rows, `events` rows in all.

    The first chunk holds the scheduled onboarding events; the rest are drawn per active
    account-day (a multinomial over account-days), so the total is exact.
    """
    events = int(events)
    if events < 0:
        raise ValueError("events must be non-negative")
    uid, acc, ts, name = world.special
    n_special = min(uid.size, events)
    if n_special:
        yield _events_table(world, uid[:n_special], acc[:n_special], ts[:n_special],
                            name[:n_special])
    n_main = events - n_special
    if n_main == 0 or world.cell_p.size == 0:
        return
    counts = random_stream(world.seed, STREAM_EVENTS).multinomial(n_main, world.cell_p)
    for k, (i0, i1) in enumerate(_chunk_bounds(counts, chunk_rows)):
        rng = random_stream(world.seed, STREAM_EVENTS, k + 1)
        yield _event_chunk(world, rng, i0, i1, counts[i0:i1])


def iter_sessions(world: SampleWorld, sessions: int, chunk_rows: int) -> Iterator[pa.Table]:
    """Yield the sessions table in chunks, `sessions` rows in all (ids run on across chunks)."""
    sessions = int(sessions)
    if sessions <= 0 or world.cell_p.size == 0:
        return
    counts = random_stream(world.seed, STREAM_SESSIONS).multinomial(sessions, world.cell_p)
    width = id_width(sessions, 8)
    next_id = 1
    for k, (i0, i1) in enumerate(_chunk_bounds(counts, chunk_rows)):
        rng = random_stream(world.seed, STREAM_SESSIONS, k + 1)
        c = counts[i0:i1]
        acc = np.repeat(world.cell_acc[i0:i1], c)
        day = np.repeat(world.cell_day[i0:i1], c)
        share = np.repeat(world.cell_share[i0:i1], c)
        uid = world.pick_users(rng, acc, day, share)
        start = world.not_before_user(rng, day * US_DAY + time_of_day(rng, world.hour[acc]), uid)
        minutes = rng.lognormal(np.log(14.0), 0.9, acc.size) * (0.5 + 0.8 * share)
        dur = (np.clip(minutes, 0.5, 480.0) * US_MIN).astype(np.int64)
        o = np.argsort(start, kind="stable")
        yield canonical_table("sessions", {
            "session_id": id_array("SES", acc.size, width, next_id),
            "user_id": take(world.user_ids, uid[o]),
            "account_id": take(world.account_ids, acc[o]),
            "started_at": ts_array(start[o]),
            "ended_at": ts_array(start[o] + dur[o]),
        })
        next_id += acc.size
