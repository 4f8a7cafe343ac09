"""The simulated company: accounts, their health, activity and users, from which every table is drawn."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from csm_kit.datasets import commercial, revenue, support, usage, voice
from csm_kit.datasets.columns import canonical_table, id_array, id_width, take, ts_array
from csm_kit.datasets.customer_base import (
    ACQ_SEASON,
    CAC_MEDIAN,
    MRR_RANGE,
    NAME_PREFIXES,
    NAME_SECTORS,
    NAME_SUFFIXES,
    OWNERS,
    PLANS,
    REGION_HOUR,
    REGION_P,
    REGIONS,
    SEGMENT_P,
    SEGMENTS,
)
from csm_kit.datasets.lifecycle import simulate_subscriptions
from csm_kit.datasets.streams import STREAM_ACCOUNTS, STREAM_HEALTH, STREAM_USERS, random_stream
from csm_kit.datasets.timeline import DEFAULT_END, US_DAY, US_MIN, Window, cal_month, time_of_day
from csm_kit.datasets.usage import CHUNK_ROWS, REGULAR_WEIGHTS

_CHURN_SEG = np.array([1.25, 0.85, 0.6])  # churn propensity per segment
_TICKET_SEG = np.array([0.5, 1.2, 2.5])  # ticket load per segment
_KEY = 1 << 22  # account * _KEY + day: one sortable integer per (account, day)


class SampleWorld:
    """One simulated company: the small tables at once, events and sessions as chunk iterators.

    ``SampleWorld(seed, accounts, months, end)`` runs the account-level simulation (cheap);
    :meth:`small_tables` builds every canonical table except ``events`` and ``sessions``, which
    :meth:`iter_events` and :meth:`iter_sessions` yield chunk by chunk.
    """

    def __init__(self, seed: int = 0, accounts: int = 500, months: int = 24,
                 end: str | _dt.date = DEFAULT_END) -> None:
        seed = int(seed)
        if seed < 0:
            raise ValueError("seed must be a non-negative integer")
        if int(accounts) < 1:
            raise ValueError("accounts must be at least 1")
        if int(months) < 1:
            raise ValueError("months must be at least 1")
        self.seed = seed
        self.n = int(accounts)
        self.win = Window(end, int(months))
        self._make_accounts()
        self._make_health()
        simulate_subscriptions(self)
        self._make_activity()
        self._make_users()
        self.cell_acc, self.cell_day, self.cell_p, self.cell_share = usage.event_cells(self)
        self.special = usage.onboarding_events(self)

    # -- accounts ----------------------------------------------------------------------------

    def _make_accounts(self) -> None:
        rng = random_stream(self.seed, STREAM_ACCOUNTS)
        win, n = self.win, self.n
        n_pro = int(round(0.15 * n)) if n >= 5 else 0
        n_cust = n - n_pro
        n_init = int(round(0.45 * n_cust))
        n_new = n_cust - n_init
        kind = np.repeat(np.array([0, 1, 2], np.int8), [n_init, n_new, n_pro])
        days = np.arange(win.start, win.stop, dtype=np.int64)
        p = ACQ_SEASON[cal_month(days) - 1]
        p = p / p.sum()
        first = np.full(n, -1, np.int64)  # first subscription day
        first[kind == 0] = win.start - 1 - rng.integers(0, 3 * 365, n_init)
        first[kind == 1] = rng.choice(days, n_new, p=p)
        pro_start = rng.choice(days, n_pro, p=p)
        region = rng.choice(4, n, p=REGION_P)
        hour = REGION_HOUR[region]
        has_trial = (kind == 2) | (rng.random(n) < 0.85)
        length = np.where(rng.random(n) < 0.6, 14, 30).astype(np.int64)
        early = rng.random(n) < 0.3
        offset = np.where(early, rng.integers(1, length), length)
        tstart_day = first - offset
        tstart_day[kind == 2] = pro_start
        trial_start = tstart_day * US_DAY + time_of_day(rng, hour)
        trial_end = trial_start + length * US_DAY
        paid_at = first * US_DAY + time_of_day(rng, hour)
        conv = np.where(has_trial, np.minimum(paid_at, trial_end), paid_at)
        conv[kind == 2] = -1
        created = np.where(has_trial, trial_start, paid_at)

        o = np.argsort(created, kind="stable")  # account ids follow creation order
        self.kind, self.first, self.region, self.hour = kind[o], first[o], region[o], hour[o]
        self.has_trial, self.trial_start, self.trial_end = has_trial[o], trial_start[o], trial_end[o]
        self.conv, self.created = conv[o], created[o]
        self.created_day = self.created // US_DAY
        self.cust = self.kind != 2

        seg = rng.choice(3, n, p=SEGMENT_P)
        self.seg = seg
        lo, hi = MRR_RANGE[seg, 0], MRR_RANGE[seg, 1]
        self.mrr0 = np.round(lo * (hi / lo) ** rng.random(n))
        term = np.zeros(n, np.int64)
        r = rng.random(n)
        ent, mid, smb = seg == 2, seg == 1, seg == 0
        term[ent] = rng.choice([12, 24, 36], int(ent.sum()), p=[0.5, 0.3, 0.2])
        term[mid & (r < 0.7)] = 12
        term[smb & (r < 0.15)] = 12
        term[~self.cust] = 0
        self.term = term
        base = np.clip(rng.beta(4.5, 2.2, n) + np.array([0.0, 0.02, 0.04])[seg], 0.05, 0.97)
        base[~self.cust] *= 0.75
        self.base = base
        n_users = np.empty(n, np.int64)
        n_users[smb] = np.minimum(rng.geometric(0.22, int(smb.sum())), 30)
        n_users[mid] = rng.integers(8, 61, int(mid.sum()))
        n_users[ent] = rng.integers(40, 201, int(ent.sum()))
        n_users[~self.cust] = rng.integers(1, 5, int((~self.cust).sum()))
        self.n_users = n_users
        self.uses_api = rng.random(n) < np.array([0.2, 0.5, 0.85])[seg]

        weights = np.tile(REGULAR_WEIGHTS, (n, 1))
        weights[:, 5] *= self.uses_api
        weights[:, 2] *= 0.3 + base
        weights[:, 3] *= rng.lognormal(0.0, 0.5, n)
        weights[:, 1] *= rng.lognormal(0.0, 0.3, n)
        cdf = np.cumsum(weights, axis=1)
        self.name_cdf = cdf / cdf[:, -1:]

        owner_pick = rng.integers(0, 2, n)
        owner = np.asarray(OWNERS, dtype=object)[2 * (2 - seg) + owner_pick]
        owner[smb & (rng.random(n) < 0.35)] = None  # pooled, tech-touch SMB accounts
        self.owner = owner
        a = rng.integers(0, len(NAME_PREFIXES), n)
        b = rng.integers(0, len(NAME_SECTORS), n)
        c = rng.integers(0, len(NAME_SUFFIXES), n)
        seen: dict[str, int] = {}
        names = []
        for i in range(n):
            suffix = NAME_SUFFIXES[c[i]]
            nm = f"{NAME_PREFIXES[a[i]]} {NAME_SECTORS[b[i]]}" + (f" {suffix}" if suffix else "")
            k = seen.get(nm, 0)
            seen[nm] = k + 1
            names.append(nm if k == 0 else f"{nm} {k + 1}")
        self.names = names
        cac = np.round(CAC_MEDIAN[seg] * rng.lognormal(0.0, 0.45, n), 2)
        cac_null = ~self.cust | ((self.kind == 0) & (rng.random(n) < 0.3)) | (rng.random(n) < 0.05)
        self.cac, self.cac_null = cac, cac_null
        self.trial_plan = rng.choice(3, n, p=[0.55, 0.35, 0.1])

    # -- health, usage, support load ---------------------------------------------------------

    def _make_health(self) -> None:
        rng = random_stream(self.seed, STREAM_HEALTH)
        n, months = self.n, self.win.months
        h = np.empty((n, months))
        h[:, 0] = np.clip(self.base + rng.normal(0.0, 0.1, n), 0.02, 0.99)
        noise = rng.normal(0.0, 0.07, (n, months))
        shocks = rng.random((n, months)) < 0.015  # a champion leaves, a bad outage...
        for m in range(1, months):
            x = h[:, m - 1] + 0.18 * (self.base - h[:, m - 1]) + noise[:, m] - 0.3 * shocks[:, m]
            h[:, m] = np.clip(x, 0.02, 0.99)
        self.health = h
        self.usage = np.clip(h**1.4 * rng.lognormal(0.0, 0.2, (n, months)), 0.01, 1.5)
        tseg = _TICKET_SEG[self.seg][:, None]
        self.tickets_k = rng.poisson(tseg * (0.12 + 1.8 * (1.0 - h) ** 2))
        load = np.minimum(self.tickets_k / tseg, 5.0)
        low_usage = (1.0 - np.minimum(self.usage, 1.0)) ** 3
        self.p_churn = _CHURN_SEG[self.seg][:, None] * (0.006 + 0.2 * low_usage + 0.012 * load)
        self.p_exp = 0.035 * h**2 * np.where(self.seg == 2, 1.4, 1.0)[:, None]
        self.p_con = 0.004 + 0.03 * (1.0 - h) ** 2

    # -- who is active when ------------------------------------------------------------------

    def _make_activity(self) -> None:
        win, n = self.win, self.n
        act = np.zeros((n, win.n_days), bool)
        for a, s, e in zip(self.sub_acc.tolist(), self.sub_start.tolist(), self.sub_end.tolist(),
                           strict=True):
            e = win.stop if e < 0 else min(e, win.stop)
            s = max(s, win.start)
            if e > s:
                act[a, s - win.start:e - win.start] = True
        tdays = self.trial_start // US_DAY
        tend = self.trial_end // US_DAY
        for a in np.flatnonzero(self.has_trial).tolist():
            s, e = max(int(tdays[a]), win.start), min(int(tend[a]), win.stop)
            if e > s:
                act[a, s - win.start:e - win.start] = True
        self.act = act
        self.act0 = np.where(self.has_trial, tdays, self.first)  # first day of product use
        # last day each account can still do something (users are created up to then)
        has = act.any(axis=1)
        last = win.start + act.shape[1] - 1 - act[:, ::-1].argmax(axis=1)
        self.last_day = np.where(has, last, np.maximum(self.act0, self.created_day))
        self.last_day = np.maximum(self.last_day, self.created_day)
        months = win.months
        self.act_m = np.zeros((n, months), bool)
        self.first_d = np.zeros((n, months), np.int64)
        self.last_d = np.zeros((n, months), np.int64)
        for m in range(months):
            lo, hi = win.lo(m) - win.start, win.hi(m) - win.start
            sub = act[:, lo:hi]
            self.act_m[:, m] = sub.any(axis=1)
            self.first_d[:, m] = win.start + lo + sub.argmax(axis=1)
            self.last_d[:, m] = win.start + hi - 1 - sub[:, ::-1].argmax(axis=1)
        sub_act = np.zeros((n, months), bool)  # months with a paid subscription
        for a, s, e in zip(self.sub_acc.tolist(), self.sub_start.tolist(), self.sub_end.tolist(),
                           strict=True):
            e = win.stop if e < 0 else e
            if e > win.start and s < win.stop:
                sub_act[a, win.month_of(max(s, win.start)):win.month_of(min(e, win.stop) - 1) + 1] = (
                    True
                )
        self.sub_act_m = sub_act & self.act_m

    def days_in(self, rng: np.random.Generator, aa: np.ndarray, mm: np.ndarray,
                weekdays: bool = True) -> np.ndarray:
        """A random active day of account aa in month mm (mostly weekdays)."""
        f, last = self.first_d[aa, mm], self.last_d[aa, mm]
        d = f + (rng.random(aa.size) * (last - f + 1)).astype(np.int64)
        if weekdays:
            dow = (d + 3) % 7  # 0 = Monday
            moved = d - (dow - 4)
            ok = (dow >= 5) & (rng.random(aa.size) < 0.85) & (moved >= f)
            d = np.where(ok, moved, d)
        return d

    # -- users -------------------------------------------------------------------------------

    def _make_users(self) -> None:
        rng = random_stream(self.seed, STREAM_USERS)
        nu = self.n_users
        total = int(nu.sum())
        ua = np.repeat(np.arange(self.n, dtype=np.int64), nu)
        off = np.concatenate([[0], np.cumsum(nu)]).astype(np.int64)
        is_first = np.zeros(total, bool)
        is_first[off[:-1]] = True
        c_day = self.created_day[ua]
        span = np.maximum(self.last_day[ua] - c_day, 0)
        early = rng.random(total) < 0.6
        r = rng.random(total)
        add = np.where(early, r * np.minimum(30, span + 1), r * (span + 1)).astype(np.int64)
        add = np.minimum(add, span)
        created = (c_day + add) * US_DAY + time_of_day(rng, self.hour[ua])
        created = np.maximum(created, self.created[ua] + US_MIN)
        created[is_first] = self.created[ua[is_first]]
        null = ~is_first & (rng.random(total) < 0.03)
        o = np.lexsort((created, ua))
        self.user_acc, self.user_created = ua[o], created[o]
        self.user_is_first, self.user_null = is_first[o], null[o]
        self.user_off = off
        # a user takes part in activity from the day after creation (the first user: same day)
        key_day = self.user_created // US_DAY + (~self.user_is_first)
        self._key_base = int(key_day.min())
        self.user_key = self.user_acc * _KEY + (key_day - self._key_base)
        self.user_ids = id_array("U", total, id_width(total, 6))
        self.account_ids = id_array("A", self.n, id_width(self.n, 4))

    def n_users_on(self, acc: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Number of users of each account who exist on each day (at least 1)."""
        q = acc * _KEY + (day - self._key_base)
        return np.maximum(np.searchsorted(self.user_key, q, side="right") - self.user_off[acc], 1)

    def pick_users(self, rng: np.random.Generator, acc: np.ndarray, day: np.ndarray,
                   share: np.ndarray | float = 1.0, skew: float = 1.5) -> np.ndarray:
        """A user of each account existing that day, older users (power users) favoured."""
        ne = self.n_users_on(acc, day)
        j = (ne * share * rng.random(acc.size) ** skew).astype(np.int64)
        return self.user_off[acc] + np.minimum(j, ne - 1)

    def not_before_user(self, rng: np.random.Generator, ts: np.ndarray,
                        uid: np.ndarray) -> np.ndarray:
        """Move timestamps earlier than their user's creation to later that same day."""
        uc = self.user_created[uid]
        bad = ts < uc
        if bad.any():
            ucb = uc[bad]
            day_end = (ucb // US_DAY + 1) * US_DAY
            ts = ts.copy()
            ts[bad] = ucb + (rng.random(ucb.size) * (day_end - ucb)).astype(np.int64)
        return ts

    # -- events and sessions -----------------------------------------------------------------

    def iter_events(self, events: int, chunk_rows: int = CHUNK_ROWS) -> Iterator[pa.Table]:
        """Yield the events table in chunks of about `chunk_rows` rows, `events` rows in all.

        The first chunk holds the scheduled onboarding events; the rest are drawn per active
        account-day (a multinomial over account-days), so the total is exact.
        """
        return usage.iter_events(self, events, chunk_rows)

    def iter_sessions(self, sessions: int, chunk_rows: int = CHUNK_ROWS) -> Iterator[pa.Table]:
        """Yield the sessions table in chunks, `sessions` rows in all (ids run on across chunks)."""
        return usage.iter_sessions(self, sessions, chunk_rows)

    # -- the small tables --------------------------------------------------------------------

    def small_tables(self) -> dict[str, pa.Table]:
        """Every canonical table except events and sessions, keyed by canonical name."""
        contracts, terms = revenue.contracts(self)
        tickets, solved = support.tickets(self)
        return {
            "accounts": self._accounts_table(),
            "users": self._users_table(),
            "subscriptions": revenue.subscriptions(self),
            "contracts": contracts,
            "invoices": revenue.invoices(self, terms),
            "touchpoints": support.touchpoints(self),
            "tickets": tickets,
            "calls": support.calls(self),
            "survey_responses": voice.survey_responses(self, terms, solved),
            "trials": revenue.trials(self),
            "referrals": voice.referrals(self),
            "opportunities": commercial.opportunities(self, terms),
            "cs_costs": commercial.cs_costs(self),
            "targets": commercial.targets(self),
        }

    def _accounts_table(self) -> pa.Table:
        """The accounts table, in creation order."""
        return canonical_table("accounts", {
            "account_id": self.account_ids,
            "name": self.names,
            "segment": np.asarray(SEGMENTS, dtype=object)[self.seg].tolist(),
            "plan": np.asarray(PLANS, dtype=object)[self.latest_plan].tolist(),
            "region": np.asarray(REGIONS, dtype=object)[self.region].tolist(),
            "owner": self.owner.tolist(),
            "created_at": ts_array(self.created),
            "acquisition_cost": pa.array(self.cac, mask=self.cac_null),
        })

    def _users_table(self) -> pa.Table:
        """The users table, grouped by account in creation order."""
        return canonical_table("users", {
            "user_id": self.user_ids,
            "account_id": take(self.account_ids, self.user_acc),
            "created_at": ts_array(self.user_created, mask=self.user_null),
        })
