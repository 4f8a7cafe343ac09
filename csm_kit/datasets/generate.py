"""Sample data: every canonical table of DATA_MODEL.md, with realistic shapes.

The generator simulates a B2B SaaS company month by month over a window of calendar months:

* accounts (SMB-heavy) arrive with a seasonal rhythm (more in Q1 and September); about 40% of them
  already exist when the window opens, and some prospects only ever run a trial;
* every account carries a latent *health* in [0, 1] that drifts month to month (a mean-reverting
  random walk with occasional shocks). Health drives product usage, support load, survey scores,
  referrals, expansion and contraction; churn follows low usage and heavy ticket load;
* contracted accounts (all Enterprise, most Mid-Market) can only churn at a contract anniversary,
  the others month to month; churned accounts sometimes come back (reactivation);
* product events and sessions are spread over the users of the accounts active each day, weighted
  by usage, seat count, weekday and seasonality (weekends and December are quiet), with a usage
  decline in the two months before a churn and onboarding steps in an account's first weeks.

Everything is drawn from ``numpy.random.default_rng`` seeded from ``seed`` (one independent stream
per table), so the same arguments always give identical tables. Events and sessions are produced in
chunks (see :meth:`SampleWorld.iter_events`) so that very large samples never sit in memory at once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csm_kit.schema import TABLES

__all__ = ["generate", "SampleWorld", "DEFAULT_END", "CHUNK_ROWS", "EVENTS_PER_SESSION"]

DEFAULT_END = "2026-10-31"
#: Rows per chunk of the events and sessions tables (a chunk may run over by one account-day).
CHUNK_ROWS = 1_000_000
#: The sessions table holds one session per this many events.
EVENTS_PER_SESSION = 10

_US_SEC = 1_000_000
_US_MIN = 60 * _US_SEC
_US_HOUR = 60 * _US_MIN
_US_DAY = 24 * _US_HOUR
_KEY = 1 << 22  # account * _KEY + day: one sortable integer per (account, day)

# Independent random streams, one per part of the data (changing one leaves the others alone).
(_S_ACCOUNTS, _S_HEALTH, _S_SUBS, _S_USERS, _S_SPECIAL, _S_CONTRACTS, _S_INVOICES, _S_TOUCH,
 _S_TICKETS, _S_CALLS, _S_SURVEYS, _S_REFERRALS, _S_OPPS, _S_COSTS, _S_EVENTS,
 _S_SESSIONS) = range(1, 17)

SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
_SEGMENT_P = (0.6, 0.28, 0.12)
PLANS = ("Starter", "Growth", "Scale")
REGIONS = ("NA", "EMEA", "APAC", "LATAM")
_REGION_P = (0.45, 0.3, 0.15, 0.1)
_REGION_HOUR = np.array([17.0, 11.0, 4.0, 15.0])  # UTC hour around which each region works
OWNERS = ("Alice Martin", "Bruno Costa", "Chen Wei", "Dana Okafor", "Emma Schmidt", "Farid Haddad")
_MRR_RANGE = np.array([[50.0, 500.0], [500.0, 3000.0], [3000.0, 20000.0]])
_CAC_MEDIAN = np.array([600.0, 5000.0, 25000.0])
_SETUP_FEE = np.array([500.0, 2500.0, 10000.0])
_CHURN_SEG = np.array([1.25, 0.85, 0.6])
_TICKET_SEG = np.array([0.5, 1.2, 2.5])
_CALL_SEG = np.array([0.25, 0.7, 1.6])
_TOUCH_SEG = np.array([0.5, 1.6, 3.5])
# New accounts per calendar month (Jan..Dec): a Q1 and September push, a December lull.
_ACQ_SEASON = np.array([1.4, 1.25, 1.2, 1.0, 0.95, 0.9, 0.8, 0.8, 1.45, 1.1, 1.0, 0.6])

EVENT_NAMES = (
    "login", "view_dashboard", "create_report", "export", "invite_user", "api_call",
    "integration_connected", "onboarding_step_1", "onboarding_step_2", "onboarding_step_3",
)
EVENT_FEATURES = (
    None, "dashboards", "reports", "exports", "collaboration", "api",
    "integrations", "onboarding", "onboarding", "onboarding",
)
_N_REGULAR = 7  # the first seven names make up day-to-day usage; onboarding steps are scheduled
_REGULAR_WEIGHTS = np.array([0.24, 0.32, 0.14, 0.08, 0.02, 0.2, 0.003])

_NAME_A = (
    "Acme", "Blue", "Bright", "Cedar", "Clear", "Copper", "Delta", "Ember", "Falcon", "Green",
    "Harbor", "Iron", "Juniper", "Kite", "Lumen", "Maple", "Nimbus", "North", "Oak", "Orbit",
    "Pine", "Quartz", "Red", "River", "Silver", "Solar", "Summit", "Terra", "Vertex", "Willow",
)
_NAME_B = (
    "Analytics", "Labs", "Systems", "Works", "Logistics", "Health", "Foods", "Retail", "Media",
    "Energy", "Finance", "Robotics", "Studio", "Partners", "Dynamics", "Networks", "Software",
    "Bio", "Freight", "Capital",
)
_NAME_C = ("Inc", "LLC", "GmbH", "Ltd", "SA", "Co", "Group", "")

_POSITIVE = (
    "Great product, the dashboards save us hours every week.",
    "Love the reports, our whole team relies on them.",
    "Excellent support, quick and really helpful.",
    "Very easy to use and reliable.",
    "The integrations work great for us.",
    "Fantastic onboarding, we were up and running fast.",
)
_NEUTRAL = (
    "It does the job.",
    "Decent tool, some features are missing.",
    "Okay overall, exports could be faster.",
    "Fine for now, we are still evaluating.",
    "Average experience so far.",
)
_NEGATIVE = (
    "Too slow and the reports keep failing.",
    "Support was unhelpful and took days to answer.",
    "Hard to use, our team is frustrated.",
    "Too expensive for the value we get.",
    "The API is unreliable and buggy.",
    "Disappointed with the latest changes, considering alternatives.",
)


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------


def _rng(seed: int, *key: int) -> np.random.Generator:
    """An independent generator for one part of the data (same seed and key => same stream)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def _month_start(month_index: Any) -> np.ndarray:
    """First day (days since epoch) of months given as months since 1970-01."""
    return np.asarray(month_index, np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(
        np.int64
    )


def _month_index(day: Any) -> np.ndarray:
    """Months since 1970-01 of days since epoch."""
    return np.asarray(day, np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _add_months(day: Any, k: Any) -> np.ndarray:
    """The same day of the month `k` months later (clamped to the month's last day)."""
    day = np.asarray(day, np.int64)
    mon = _month_index(day)
    dom = day - _month_start(mon)
    target = mon + np.asarray(k, np.int64)
    first = _month_start(target)
    return first + np.minimum(dom, _month_start(target + 1) - first - 1)


def _cal_month(day: np.ndarray) -> np.ndarray:
    """Calendar month 1..12 of days since epoch."""
    return _month_index(day) % 12 + 1


def _tod(rng: np.random.Generator, hour_mu: Any, sd: float = 2.5) -> np.ndarray:
    """Microseconds into the day, around each region's working hours (UTC)."""
    hours = rng.normal(np.asarray(hour_mu, float), sd) % 24.0
    return (hours * _US_HOUR).astype(np.int64)


def _ids(prefix: str, n: int, width: int, start: int = 1) -> pa.Array:
    """String ids prefix + zero-padded counter, e.g. U000001."""
    nums = pc.cast(pa.array(np.arange(start, start + n, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, width=width, padding="0"), "")


def _width(n: int, minimum: int) -> int:
    return max(minimum, len(str(max(n, 1))))


def _ts(us: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(us, np.int64), type=pa.timestamp("us"), mask=mask)


def _date(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, np.int32), type=pa.date32(), mask=mask)


def _take(values: pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """values[idx], null where mask is True."""
    return values.take(pa.array(np.asarray(idx, np.int64), mask=mask))


def _table(name: str, columns: dict[str, Any]) -> pa.Table:
    """A pyarrow table with exactly the canonical schema of `name`."""
    schema = TABLES[name].schema.to_pyarrow()
    arrays = []
    for field in schema:
        col = columns[field.name]
        arr = col if isinstance(col, pa.Array) else pa.array(col, type=field.type)
        if arr.type != field.type:
            arr = arr.cast(field.type)
        if not field.nullable and arr.null_count:
            raise AssertionError(f"{name}.{field.name} holds nulls")  # a generator bug
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)


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


def _parse_end(end: str | _dt.date) -> _dt.date:
    if isinstance(end, _dt.datetime):
        return end.date()
    if isinstance(end, _dt.date):
        return end
    if isinstance(end, str):
        return _dt.date.fromisoformat(end)
    raise TypeError(f"end must be an ISO date string or a date, not {type(end).__name__}")


class _Window:
    """The calendar months covered: days are integers (days since 1970-01-01)."""

    def __init__(self, end: str | _dt.date, months: int) -> None:
        end_d = _parse_end(end)
        self.end = int(np.datetime64(end_d, "D").astype(np.int64))  # last day, inclusive
        em = int(_month_index(self.end))
        self.months = months
        self.month_starts = _month_start(np.arange(em - months + 1, em + 2))
        self.start = int(self.month_starts[0])
        self.stop = self.end + 1  # exclusive
        self.n_days = self.stop - self.start

    def lo(self, m: int) -> int:
        return int(self.month_starts[m])

    def hi(self, m: int) -> int:
        return int(min(self.month_starts[m + 1], self.stop))

    def month_of(self, day: Any) -> np.ndarray:
        m = np.searchsorted(self.month_starts, np.asarray(day, np.int64), side="right") - 1
        return np.clip(m, 0, self.months - 1)


def _plan_of(mrr: float, seg: int) -> int:
    lo, hi = _MRR_RANGE[seg]
    pos = np.log(mrr / lo) / np.log(hi / lo)
    return 0 if pos < 1 / 3 else (1 if pos < 2 / 3 else 2)


def _comment(rng: np.random.Generator, norm: np.ndarray, share: float) -> np.ndarray:
    """Free-text comments (None for most) whose tone follows the normalised score."""
    n = norm.size
    has = rng.random(n) < share
    pick = rng.random(n)
    out = np.full(n, None, dtype=object)
    for lex, mask in (
        (_POSITIVE, norm >= 0.75),
        (_NEGATIVE, norm <= 0.45),
        (_NEUTRAL, (norm > 0.45) & (norm < 0.75)),
    ):
        sel = has & mask
        out[sel] = np.asarray(lex, dtype=object)[(pick[sel] * len(lex)).astype(int)]
    return out


# ----------------------------------------------------------------------------------------------
# the simulation
# ----------------------------------------------------------------------------------------------


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
        self.win = _Window(end, int(months))
        self._make_accounts()
        self._make_health()
        self._simulate()
        self._make_activity()
        self._make_users()
        self._make_cells()
        self._make_special_events()

    # -- accounts ----------------------------------------------------------------------------

    def _make_accounts(self) -> None:
        rng = _rng(self.seed, _S_ACCOUNTS)
        win, n = self.win, self.n
        n_pro = int(round(0.15 * n)) if n >= 5 else 0
        n_cust = n - n_pro
        n_init = int(round(0.45 * n_cust))
        n_new = n_cust - n_init
        kind = np.repeat(np.array([0, 1, 2], np.int8), [n_init, n_new, n_pro])
        days = np.arange(win.start, win.stop, dtype=np.int64)
        p = _ACQ_SEASON[_cal_month(days) - 1]
        p = p / p.sum()
        first = np.full(n, -1, np.int64)  # first subscription day
        first[kind == 0] = win.start - 1 - rng.integers(0, 3 * 365, n_init)
        first[kind == 1] = rng.choice(days, n_new, p=p)
        pro_start = rng.choice(days, n_pro, p=p)
        region = rng.choice(4, n, p=_REGION_P)
        hour = _REGION_HOUR[region]
        has_trial = (kind == 2) | (rng.random(n) < 0.85)
        length = np.where(rng.random(n) < 0.6, 14, 30).astype(np.int64)
        early = rng.random(n) < 0.3
        offset = np.where(early, rng.integers(1, length), length)
        tstart_day = first - offset
        tstart_day[kind == 2] = pro_start
        trial_start = tstart_day * _US_DAY + _tod(rng, hour)
        trial_end = trial_start + length * _US_DAY
        paid_at = first * _US_DAY + _tod(rng, hour)
        conv = np.where(has_trial, np.minimum(paid_at, trial_end), paid_at)
        conv[kind == 2] = -1
        created = np.where(has_trial, trial_start, paid_at)

        o = np.argsort(created, kind="stable")  # account ids follow creation order
        self.kind, self.first, self.region, self.hour = kind[o], first[o], region[o], hour[o]
        self.has_trial, self.trial_start, self.trial_end = has_trial[o], trial_start[o], trial_end[o]
        self.conv, self.created = conv[o], created[o]
        self.created_day = self.created // _US_DAY
        self.cust = self.kind != 2

        seg = rng.choice(3, n, p=_SEGMENT_P)
        self.seg = seg
        lo, hi = _MRR_RANGE[seg, 0], _MRR_RANGE[seg, 1]
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

        weights = np.tile(_REGULAR_WEIGHTS, (n, 1))
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
        a = rng.integers(0, len(_NAME_A), n)
        b = rng.integers(0, len(_NAME_B), n)
        c = rng.integers(0, len(_NAME_C), n)
        seen: dict[str, int] = {}
        names = []
        for i in range(n):
            nm = f"{_NAME_A[a[i]]} {_NAME_B[b[i]]}" + (f" {_NAME_C[c[i]]}" if _NAME_C[c[i]] else "")
            k = seen.get(nm, 0)
            seen[nm] = k + 1
            names.append(nm if k == 0 else f"{nm} {k + 1}")
        self.names = names
        cac = np.round(_CAC_MEDIAN[seg] * rng.lognormal(0.0, 0.45, n), 2)
        cac_null = ~self.cust | ((self.kind == 0) & (rng.random(n) < 0.3)) | (rng.random(n) < 0.05)
        self.cac, self.cac_null = cac, cac_null
        self.trial_plan = rng.choice(3, n, p=[0.55, 0.35, 0.1])

    # -- health, usage, support load ---------------------------------------------------------

    def _make_health(self) -> None:
        rng = _rng(self.seed, _S_HEALTH)
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

    # -- subscriptions -----------------------------------------------------------------------

    def _simulate(self) -> None:
        """Month-by-month subscription movements (loops over accounts and months only)."""
        rng = _rng(self.seed, _S_SUBS)
        win, n, months = self.win, self.n, self.win.months
        r_ch, r_exp, r_con, r_add, r_day, r_fac, r_react = (
            x.tolist() for x in rng.random((7, n, months))
        )
        p_ch, p_ex, p_co = self.p_churn.tolist(), self.p_exp.tolist(), self.p_con.tolist()
        hl = self.health.tolist()
        seg, term = self.seg.tolist(), self.term.tolist()
        s_acc: list[int] = []
        s_start: list[int] = []
        s_end: list[int] = []
        s_mrr: list[float] = []
        s_plan: list[int] = []  # -1 = add-on
        changes: list[tuple[int, int, str, float, float]] = []

        def open_sub(a: int, day: int, mrr: float, plan: int) -> int:
            s_acc.append(a)
            s_start.append(day)
            s_end.append(-1)
            s_mrr.append(float(mrr))
            s_plan.append(plan)
            return len(s_acc) - 1

        main = [-1] * n
        addon = [-1] * n
        addon_m = [0] * n
        active = [False] * n
        last_start = [months + 1] * n  # no movement in the month a subscription starts
        churned_m = [-1] * n
        spells: list[list[list[int]]] = [[] for _ in range(n)]
        ann_k = [0] * n
        ann = [-1] * n

        def set_anniversary(a: int, after: int) -> None:
            k = 1
            while int(_add_months(spells[a][-1][0], k * term[a])) < after:
                k += 1
            ann_k[a] = k
            ann[a] = int(_add_months(spells[a][-1][0], k * term[a]))

        extra = rng.random((n, 2))
        for a in range(n):
            if not self.cust[a]:
                continue
            f = int(self.first[a])
            main[a] = open_sub(a, f, self.mrr0[a], _plan_of(self.mrr0[a], seg[a]))
            active[a] = True
            spells[a].append([f, -1])
            if f < win.start:
                last_start[a] = -1
                gap = win.start - 1 - (f + 30)
                if extra[a, 0] < 0.08 and gap > 0:  # an add-on bought before the window
                    day = f + 30 + int(extra[a, 1] * gap)
                    addon[a] = open_sub(a, day, round(self.mrr0[a] * 0.2), -1)
                    addon_m[a] = -1
            else:
                last_start[a] = int(win.month_of(f))
            if term[a]:
                set_anniversary(a, max(win.start, f + 1))
        custs = [a for a in range(n) if self.cust[a]]

        def close(idx: int, day: int) -> None:
            s_end[idx] = day

        def resize(a: int, day: int, factor: float, kind: str) -> None:
            old = s_mrr[main[a]]
            new = max(round(old * factor), round(_MRR_RANGE[seg[a], 0] * 0.5))
            if new == old:
                return
            close(main[a], day)
            main[a] = open_sub(a, day, new, _plan_of(new, seg[a]))
            changes.append((a, day, kind, old, new))

        for m in range(months):
            lo, hi = win.lo(m), win.hi(m)
            span = hi - lo
            for a in custs:
                if m <= last_start[a]:
                    continue
                d = lo + int(r_day[a][m] * span)
                if active[a]:
                    churn_day = -1
                    if term[a]:
                        if lo <= ann[a] < hi:  # renewal month of the contract
                            c = ann[a]
                            p_term = 1.0 - (1.0 - p_ch[a][m]) ** term[a]
                            if r_ch[a][m] < p_term:
                                churn_day = c
                            else:
                                ann_k[a] += 1
                                ann[a] = int(_add_months(spells[a][-1][0], ann_k[a] * term[a]))
                                if r_con[a][m] < p_co[a][m] * term[a] / 3:
                                    resize(a, c, 0.65 + 0.25 * r_fac[a][m], "contraction")
                                elif r_exp[a][m] < p_ex[a][m] * 3:
                                    resize(a, c, 1.15 + 0.45 * r_fac[a][m], "expansion")
                        elif r_exp[a][m] < p_ex[a][m]:
                            resize(a, d, 1.15 + 0.45 * r_fac[a][m], "expansion")
                    elif r_ch[a][m] < p_ch[a][m]:
                        churn_day = d
                    elif r_exp[a][m] < p_ex[a][m]:
                        resize(a, d, 1.15 + 0.45 * r_fac[a][m], "expansion")
                    elif r_con[a][m] < p_co[a][m]:
                        resize(a, d, 0.6 + 0.3 * r_fac[a][m], "contraction")
                    if churn_day >= 0:
                        total = s_mrr[main[a]]
                        close(main[a], churn_day)
                        if addon[a] >= 0:
                            total += s_mrr[addon[a]]
                            close(addon[a], churn_day)
                            addon[a] = -1
                        active[a] = False
                        churned_m[a] = m
                        spells[a][-1][1] = churn_day
                        changes.append((a, churn_day, "churn", total, 0.0))
                        continue
                    # add-ons: a second, concurrent subscription
                    if addon[a] < 0:
                        if r_add[a][m] < 0.006 + 0.012 * hl[a][m]:
                            mrr = max(round(s_mrr[main[a]] * (0.1 + 0.2 * r_fac[a][m])), 10)
                            addon[a] = open_sub(a, d, mrr, -1)
                            addon_m[a] = m
                            changes.append((a, d, "addon", 0.0, mrr))
                    elif addon_m[a] < m and r_add[a][m] < 0.05:
                        close(addon[a], d)
                        changes.append((a, d, "addon_end", s_mrr[addon[a]], 0.0))
                        addon[a] = -1
                elif (churned_m[a] >= 0 and m - churned_m[a] >= 2
                      and r_react[a][m] < 0.03 * (0.5 + hl[a][m])):  # the customer comes back
                    old = s_mrr[main[a]]
                    mrr = max(round(old * (0.7 + 0.4 * r_fac[a][m])), 10)
                    main[a] = open_sub(a, d, mrr, _plan_of(mrr, seg[a]))
                    active[a] = True
                    last_start[a] = m
                    churned_m[a] = -1
                    spells[a].append([d, -1])
                    if term[a]:
                        set_anniversary(a, d + 1)
                    changes.append((a, d, "reactivation", 0.0, mrr))

        self.sub_acc = np.asarray(s_acc, np.int64)
        self.sub_start = np.asarray(s_start, np.int64)
        self.sub_end = np.asarray(s_end, np.int64)
        self.sub_mrr = np.asarray(s_mrr, float)
        self.sub_plan = np.asarray(s_plan, np.int64)
        self.changes = changes
        self.spells = spells
        self.churn_days = [(a, d) for a, d, k, _, _ in changes if k == "churn"]
        latest_plan = self.trial_plan.copy()
        for i in np.argsort(self.sub_start, kind="stable"):
            if s_plan[i] >= 0:
                latest_plan[s_acc[i]] = s_plan[i]
        self.latest_plan = latest_plan

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
        tdays = self.trial_start // _US_DAY
        tend = self.trial_end // _US_DAY
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

    def _days_in(self, rng: np.random.Generator, aa: np.ndarray, mm: np.ndarray,
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
        rng = _rng(self.seed, _S_USERS)
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
        created = (c_day + add) * _US_DAY + _tod(rng, self.hour[ua])
        created = np.maximum(created, self.created[ua] + _US_MIN)
        created[is_first] = self.created[ua[is_first]]
        null = ~is_first & (rng.random(total) < 0.03)
        o = np.lexsort((created, ua))
        self.user_acc, self.user_created = ua[o], created[o]
        self.user_is_first, self.user_null = is_first[o], null[o]
        self.user_off = off
        # a user takes part in activity from the day after creation (the first user: same day)
        key_day = self.user_created // _US_DAY + (~self.user_is_first)
        self._key_base = int(key_day.min())
        self.user_key = self.user_acc * _KEY + (key_day - self._key_base)
        self.user_ids = _ids("U", total, _width(total, 6))
        self.account_ids = _ids("A", self.n, _width(self.n, 4))

    def _n_users(self, acc: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Number of users of each account who exist on each day (at least 1)."""
        q = acc * _KEY + (day - self._key_base)
        return np.maximum(np.searchsorted(self.user_key, q, side="right") - self.user_off[acc], 1)

    def _pick_users(self, rng: np.random.Generator, acc: np.ndarray, day: np.ndarray,
                    share: np.ndarray | float = 1.0, skew: float = 1.5) -> np.ndarray:
        """A user of each account existing that day, older users (power users) favoured."""
        ne = self._n_users(acc, day)
        j = (ne * share * rng.random(acc.size) ** skew).astype(np.int64)
        return self.user_off[acc] + np.minimum(j, ne - 1)

    def _not_before_user(self, rng: np.random.Generator, ts: np.ndarray,
                         uid: np.ndarray) -> np.ndarray:
        """Move timestamps earlier than their user's creation to later that same day."""
        uc = self.user_created[uid]
        bad = ts < uc
        if bad.any():
            ucb = uc[bad]
            day_end = (ucb // _US_DAY + 1) * _US_DAY
            ts = ts.copy()
            ts[bad] = ucb + (rng.random(ucb.size) * (day_end - ucb)).astype(np.int64)
        return ts

    # -- event cells -------------------------------------------------------------------------

    def _make_cells(self) -> None:
        """Every active (day, account) pair with its relative share of product usage."""
        win = self.win
        days = np.arange(win.start, win.stop, dtype=np.int64)
        cal = _cal_month(days)
        dom = days - _month_start(_month_index(days)) + 1
        dow = (days + 3) % 7
        season = np.where(dow >= 5, 0.3, 1.0)
        season *= np.where(cal == 12, 0.8, 1.0) * np.where(cal == 8, 0.9, 1.0)
        season *= np.where(((cal == 12) & (dom >= 24)) | ((cal == 1) & (dom == 1)), 0.5, 1.0)
        factor = np.ones(self.act.shape, np.float32)
        factor[~self.cust] = 0.6  # prospects only kick the tyres
        for a in range(self.n):
            s = int(self.act0[a]) - win.start
            if s + 30 > 0 and s < win.n_days:
                factor[a, max(s, 0):s + 30] *= 1.5  # onboarding burst
        for a, c in self.churn_days:  # usage fades in the two months before a churn
            t = np.arange(c - 60, c)
            keep = (t >= win.start) & (t < win.stop)
            factor[a, t[keep] - win.start] *= 0.3 + 0.7 * (c - t[keep]) / 60.0
        tt, aa = np.nonzero(self.act.T)  # day-major: chunks run forward in time
        aa = aa.astype(np.int64)
        day = tt.astype(np.int64) + win.start
        mo = win.month_of(day)
        w = (self.usage[aa, mo] * self._n_users(aa, day) * season[tt]
             * factor[aa, tt].astype(float))
        self.cell_acc, self.cell_day = aa, day
        self.cell_p = w / w.sum() if w.size else w
        self.cell_share = 0.35 + 0.65 * self.health[aa, mo]

    def _make_special_events(self) -> None:
        """Scheduled onboarding steps and integration set-ups in an account's first weeks."""
        rng = _rng(self.seed, _S_SPECIAL)
        win, n = self.win, self.n
        h0 = self.health[np.arange(n), win.month_of(self.act0)]
        new = (self.act0 >= win.start) & (self.act0 <= win.end)
        r = rng.random((4, n))
        gaps = rng.integers(0, 2, n), rng.integers(1, 7, n), rng.integers(1, 15, n)
        d1 = self.act0 + gaps[0]
        d2 = d1 + gaps[1]
        d3 = d2 + gaps[2]
        di = self.act0 + rng.integers(2, 41, n)
        m1 = new & (r[0] < 0.95)
        m2 = m1 & (r[1] < 0.45 + 0.5 * h0)
        m3 = m2 & (r[2] < 0.3 + 0.65 * h0)
        mi = new & (r[3] < 0.15 + 0.6 * h0)
        acc = np.concatenate([np.flatnonzero(x) for x in (m1, m2, m3, mi)]).astype(np.int64)
        day = np.concatenate([d1[m1], d2[m2], d3[m3], di[mi]])
        name = np.repeat([7, 8, 9, 6], [m1.sum(), m2.sum(), m3.sum(), mi.sum()])
        ok = day <= win.end
        ok[ok] &= self.act[acc[ok], day[ok] - win.start]
        acc, day, name = acc[ok], day[ok], name[ok]
        uid = self.user_off[acc]  # the account's first user (the admin) onboards
        ts = self._not_before_user(rng, day * _US_DAY + _tod(rng, self.hour[acc]), uid)
        o = np.argsort(ts, kind="stable")
        self.special = (uid[o], acc[o], ts[o], name[o])

    # -- events and sessions -----------------------------------------------------------------

    def _events_table(self, uid: np.ndarray, acc: np.ndarray, ts: np.ndarray,
                      name: np.ndarray) -> pa.Table:
        names = pa.array(EVENT_NAMES)
        features = pa.array(EVENT_FEATURES, type=pa.string())
        return _table("events", {
            "user_id": _take(self.user_ids, uid),
            "account_id": _take(self.account_ids, acc),
            "occurred_at": _ts(ts),
            "event_name": _take(names, name),
            "feature": _take(features, name),
        })

    def iter_events(self, events: int, chunk_rows: int = CHUNK_ROWS) -> Iterator[pa.Table]:
        """Yield the events table in chunks of about `chunk_rows` rows, `events` rows in all.

        The first chunk holds the scheduled onboarding events; the rest are drawn per active
        account-day (a multinomial over account-days), so the total is exact.
        """
        events = int(events)
        if events < 0:
            raise ValueError("events must be non-negative")
        uid, acc, ts, name = self.special
        n_special = min(uid.size, events)
        if n_special:
            yield self._events_table(uid[:n_special], acc[:n_special], ts[:n_special],
                                     name[:n_special])
        n_main = events - n_special
        if n_main == 0 or self.cell_p.size == 0:
            return
        counts = _rng(self.seed, _S_EVENTS).multinomial(n_main, self.cell_p)
        for k, (i0, i1) in enumerate(_chunk_bounds(counts, chunk_rows)):
            yield self._event_chunk(_rng(self.seed, _S_EVENTS, k + 1), i0, i1, counts[i0:i1])

    def _event_chunk(self, rng: np.random.Generator, i0: int, i1: int,
                     counts: np.ndarray) -> pa.Table:
        acc = np.repeat(self.cell_acc[i0:i1], counts)
        day = np.repeat(self.cell_day[i0:i1], counts)
        share = np.repeat(self.cell_share[i0:i1], counts)
        uid = self._pick_users(rng, acc, day, share)
        u = rng.random(acc.size)
        name = np.empty(acc.size, np.int64)
        step = 250_000  # bounded (rows x names) temporaries
        for s in range(0, acc.size, step):
            sl = slice(s, s + step)
            name[sl] = (u[sl, None] >= self.name_cdf[acc[sl]]).sum(axis=1)
        ts = day * _US_DAY + _tod(rng, self.hour[acc])
        ts = self._not_before_user(rng, ts, uid)
        o = np.argsort(ts, kind="stable")
        return self._events_table(uid[o], acc[o], ts[o], name[o])

    def iter_sessions(self, sessions: int, chunk_rows: int = CHUNK_ROWS) -> Iterator[pa.Table]:
        """Yield the sessions table in chunks, `sessions` rows in all (ids run on across chunks)."""
        sessions = int(sessions)
        if sessions <= 0 or self.cell_p.size == 0:
            return
        counts = _rng(self.seed, _S_SESSIONS).multinomial(sessions, self.cell_p)
        width = _width(sessions, 8)
        next_id = 1
        for k, (i0, i1) in enumerate(_chunk_bounds(counts, chunk_rows)):
            rng = _rng(self.seed, _S_SESSIONS, k + 1)
            c = counts[i0:i1]
            acc = np.repeat(self.cell_acc[i0:i1], c)
            day = np.repeat(self.cell_day[i0:i1], c)
            share = np.repeat(self.cell_share[i0:i1], c)
            uid = self._pick_users(rng, acc, day, share)
            start = self._not_before_user(rng, day * _US_DAY + _tod(rng, self.hour[acc]), uid)
            minutes = rng.lognormal(np.log(14.0), 0.9, acc.size) * (0.5 + 0.8 * share)
            dur = (np.clip(minutes, 0.5, 480.0) * _US_MIN).astype(np.int64)
            o = np.argsort(start, kind="stable")
            yield _table("sessions", {
                "session_id": _ids("SES", acc.size, width, next_id),
                "user_id": _take(self.user_ids, uid[o]),
                "account_id": _take(self.account_ids, acc[o]),
                "started_at": _ts(start[o]),
                "ended_at": _ts(start[o] + dur[o]),
            })
            next_id += acc.size

    # -- the small tables --------------------------------------------------------------------

    def small_tables(self) -> dict[str, pa.Table]:
        """Every canonical table except events and sessions, keyed by canonical name."""
        contracts, terms = self._contracts()
        tickets, solved = self._tickets()
        out = {
            "accounts": self._accounts(),
            "users": self._users(),
            "subscriptions": self._subscriptions(),
            "contracts": contracts,
            "invoices": self._invoices(terms),
            "touchpoints": self._touchpoints(),
            "tickets": tickets,
            "calls": self._calls(),
            "survey_responses": self._surveys(terms, solved),
            "trials": self._trials(),
            "referrals": self._referrals(),
            "opportunities": self._opportunities(terms),
            "cs_costs": self._cs_costs(),
            "targets": self._targets(),
        }
        return out

    def _accounts(self) -> pa.Table:
        return _table("accounts", {
            "account_id": self.account_ids,
            "name": self.names,
            "segment": np.asarray(SEGMENTS, dtype=object)[self.seg].tolist(),
            "plan": np.asarray(PLANS, dtype=object)[self.latest_plan].tolist(),
            "region": np.asarray(REGIONS, dtype=object)[self.region].tolist(),
            "owner": self.owner.tolist(),
            "created_at": _ts(self.created),
            "acquisition_cost": pa.array(self.cac, mask=self.cac_null),
        })

    def _users(self) -> pa.Table:
        return _table("users", {
            "user_id": self.user_ids,
            "account_id": _take(self.account_ids, self.user_acc),
            "created_at": _ts(self.user_created, mask=self.user_null),
        })

    def _subscriptions(self) -> pa.Table:
        o = np.lexsort((self.sub_acc, self.sub_start))
        self.sub_order = o
        plan = np.asarray((*PLANS, None), dtype=object)[self.sub_plan[o]]
        return _table("subscriptions", {
            "subscription_id": _ids("SUB", o.size, _width(o.size, 6)),
            "account_id": _take(self.account_ids, self.sub_acc[o]),
            "start_date": _date(self.sub_start[o]),
            "end_date": _date(np.maximum(self.sub_end[o], 0), mask=self.sub_end[o] < 0),
            "mrr": self.sub_mrr[o],
            "plan": plan.tolist(),
        })

    def _mrr_at(self, a: int, day: int) -> float:
        sel = (self.sub_acc == a) & (self.sub_start <= day) & (
            (self.sub_end < 0) | (self.sub_end > day))
        return float(self.sub_mrr[sel].sum())

    def _contracts(self) -> tuple[pa.Table, dict[str, np.ndarray]]:
        """Contract terms chained by renewal_of; a churn ends the chain at an anniversary."""
        rng = _rng(self.seed, _S_CONTRACTS)
        win = self.win
        acc, start, end, value, one_time, prev = [], [], [], [], [], []
        for a in np.flatnonzero(self.term > 0).tolist():
            t = int(self.term[a])
            for s, e in self.spells[a]:
                k, p = 0, -1
                while True:
                    cs = int(_add_months(s, k * t))
                    if cs > win.end or (e >= 0 and cs >= e):
                        break
                    acc.append(a)
                    start.append(cs)
                    end.append(int(_add_months(s, (k + 1) * t)))
                    value.append(round(self._mrr_at(a, cs) * t, 2))
                    fee = np.nan
                    if k == 0 and rng.random() < 0.4:
                        fee = round(_SETUP_FEE[self.seg[a]] * rng.uniform(0.5, 1.5), 2)
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
        ids = _ids("C", o.size, _width(o.size, 5))
        renewed = np.zeros(o.size, bool)
        renewed[prev_a[prev_a >= 0]] = True
        prev_rank = np.where(prev_a >= 0, rank[np.maximum(prev_a, 0)], 0)
        one = np.asarray(one_time, float)
        table = _table("contracts", {
            "contract_id": ids,
            "account_id": _take(self.account_ids, acc_a[o]),
            "start_date": _date(start_a[o]),
            "end_date": _date(end_a[o]),
            "recurring_value": np.asarray(value, float)[o],
            "one_time_value": pa.array(one[o], mask=np.isnan(one[o])),
            "renewal_of": _take(ids, prev_rank[o], mask=prev_a[o] < 0),
        })
        terms = {"acc": acc_a[o], "start": start_a[o], "end": end_a[o], "renewed": renewed[o],
                 "value": np.asarray(value, float)[o], "one_time": one[o],
                 "id": np.asarray(ids.to_pylist(), dtype=object)}
        return table, terms

    def _invoices(self, terms: dict[str, np.ndarray]) -> pa.Table:
        rng = _rng(self.seed, _S_INVOICES)
        win = self.win
        st = self.sub_start
        en = np.where(self.sub_end < 0, win.stop, np.minimum(self.sub_end, win.stop))
        span = int(_month_index(win.stop) - _month_index(st.min() if st.size else win.start)) + 2
        k = np.arange(max(span, 1))
        dates = _add_months(st[:, None], k[None, :])
        ok = (dates >= win.start) & (dates < en[:, None])
        si, _ = np.nonzero(ok)
        acc = [self.sub_acc[si]]
        day = [dates[ok]]
        amount = [self.sub_mrr[si]]
        kind = [np.zeros(si.size, np.int64)]
        exp = [(a, d, new - old) for a, d, kd, old, new in self.changes
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
        aa, mm = np.nonzero(self.sub_act_m & (rng.random(self.sub_act_m.shape) < 0.015))
        acc.append(aa.astype(np.int64))
        day.append(self._days_in(rng, aa, mm))
        amount.append(np.round(_SETUP_FEE[self.seg[aa]] * rng.lognormal(0.0, 0.5, aa.size), 2))
        kind.append(np.ones(aa.size, np.int64))
        acc_a, day_a = np.concatenate(acc), np.concatenate(day)
        kind_a = np.concatenate(kind)
        hour = np.where(kind_a == 0, 6.0, self.hour[acc_a])  # recurring: the nightly billing run
        ts = day_a * _US_DAY + _tod(rng, hour, np.where(kind_a == 0, 0.5, 2.0))
        o = np.lexsort((acc_a, ts))
        return _table("invoices", {
            "invoice_id": _ids("INV", o.size, _width(o.size, 7)),
            "account_id": _take(self.account_ids, acc_a[o]),
            "issued_at": _ts(ts[o]),
            "amount": np.round(np.concatenate(amount)[o], 2),
            "kind": np.asarray(["recurring", "one_time", "upsell"], dtype=object)[kind_a[o]].tolist(),
        })

    def _touchpoints(self) -> pa.Table:
        rng = _rng(self.seed, _S_TOUCH)
        win, h = self.win, self.health
        stop_us = win.stop * _US_DAY
        rate = _TOUCH_SEG[self.seg][:, None] * np.where(h < 0.4, 1.4, 1.0)
        k = rng.poisson(rate) * self.act_m
        aa, mm = np.nonzero(k)
        ta, tm = np.repeat(aa, k[aa, mm]), np.repeat(mm, k[aa, mm])
        kind = rng.choice([1, 2, 3], ta.size, p=[0.25, 0.55, 0.2])  # call, email, meeting
        # quarterly business reviews for Mid-Market and Enterprise
        q_month = np.isin(_cal_month(win.month_starts[:-1]), [1, 4, 7, 10])
        p_qbr = np.array([0.0, 0.45, 0.85])[self.seg][:, None] * q_month[None, :]
        qa, qm = np.nonzero(self.sub_act_m & (rng.random(self.act_m.shape) < p_qbr))
        ta = np.concatenate([ta, qa])
        tm = np.concatenate([tm, qm])
        kind = np.concatenate([kind, np.full(qa.size, 4)])
        days = self._days_in(rng, ta, tm)
        # onboarding calls in a new account's first 30 days
        new = self.cust & (self.created_day >= win.start)
        n_calls = rng.choice(4, self.n, p=[0.1, 0.55, 0.25, 0.1]) * new
        n_calls += (~self.cust & (self.created_day >= win.start) & (rng.random(self.n) < 0.4))
        oa = np.repeat(np.arange(self.n), n_calls)
        od = self.created_day[oa] + rng.integers(0, 30, oa.size)
        keep = od <= win.end
        ta = np.concatenate([ta, oa[keep]]).astype(np.int64)
        days = np.concatenate([days, od[keep]])
        kind = np.concatenate([kind, np.zeros(int(keep.sum()), np.int64)])
        ts = days * _US_DAY + _tod(rng, self.hour[ta], 2.0)
        ts = np.maximum(ts, self.created[ta] + _US_MIN)
        inbound = (kind != 0) & (kind != 4) & (rng.random(ta.size) < 0.3)
        hh = h[ta, win.month_of(days)]
        p_resp = np.where(inbound, 0.95, np.where(np.isin(kind, [0, 3, 4]), 0.9, 0.3 + 0.6 * hh))
        delay = np.where(inbound, rng.lognormal(np.log(2.0), 0.8, ta.size),
                         rng.lognormal(np.log(8.0), 1.0, ta.size))
        delay = np.where(np.isin(kind, [0, 3, 4]) & ~inbound, rng.uniform(0, 0.2, ta.size), delay)
        resp = ts + (delay * _US_HOUR).astype(np.int64) + _US_SEC
        no_resp = (rng.random(ta.size) >= p_resp) | (resp >= stop_us)
        o = np.lexsort((ta, ts))
        kinds = np.asarray(["onboarding_call", "call", "email", "meeting", "qbr"], dtype=object)
        return _table("touchpoints", {
            "touchpoint_id": _ids("TP", o.size, _width(o.size, 6)),
            "account_id": _take(self.account_ids, ta[o]),
            "occurred_at": _ts(ts[o]),
            "kind": kinds[kind[o]].tolist(),
            "direction": np.where(inbound[o], "inbound", "outbound").tolist(),
            "responded_at": _ts(resp[o], mask=no_resp[o]),
        })

    def _tickets(self) -> tuple[pa.Table, dict[str, np.ndarray]]:
        rng = _rng(self.seed, _S_TICKETS)
        win = self.win
        stop_us = win.stop * _US_DAY
        k = self.tickets_k * self.act_m
        aa, mm = np.nonzero(k)
        ta = np.repeat(aa, k[aa, mm]).astype(np.int64)
        tm = np.repeat(mm, k[aa, mm])
        n = ta.size
        created = self._days_in(rng, ta, tm) * _US_DAY + _tod(rng, self.hour[ta], 2.0)
        created = np.maximum(created, self.created[ta] + _US_MIN)
        channel = rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])  # email, chat, web, phone
        frt_h = rng.lognormal(np.log(np.array([4.0, 0.2, 6.0, 0.1])[channel]), 0.9)
        first = created + (frt_h * _US_HOUR).astype(np.int64) + _US_MIN
        reopens = rng.choice(3, n, p=[0.86, 0.11, 0.03])
        replies = np.minimum(1 + rng.poisson(0.35 + 0.7 * reopens), 6)
        res_h = rng.lognormal(np.log(16.0), 1.1, n) * (1 + reopens)
        resolved = first + (res_h * _US_HOUR).astype(np.int64)
        no_first = (rng.random(n) < 0.01) | (first >= stop_us)
        open_ = no_first | (rng.random(n) < 0.02) | (resolved >= stop_us)
        reopens = np.where(open_, 0, reopens)
        o = np.lexsort((ta, created))
        ids = _ids("T", n, _width(n, 6))
        products = np.asarray(["Dashboards", "Reports", "API", "Integrations", "Billing", "Account"],
                              dtype=object)
        product = products[rng.choice(6, n, p=[0.25, 0.25, 0.15, 0.15, 0.12, 0.08])]
        table = _table("tickets", {
            "ticket_id": ids,
            "account_id": _take(self.account_ids, ta[o]),
            "created_at": _ts(created[o]),
            "first_response_at": _ts(first[o], mask=no_first[o]),
            "resolved_at": _ts(resolved[o], mask=open_[o]),
            "replies": pa.array(replies[o], mask=no_first[o]),
            "reopens": pa.array(reopens[o], mask=no_first[o]),
            "channel": np.asarray(["email", "chat", "web", "phone"], dtype=object)[channel[o]].tolist(),
            "product": product[o].tolist(),
            "status": np.where(open_[o], "open", "solved").tolist(),
        })
        s = o[~open_[o]]
        solved = {"acc": ta[s], "resolved": resolved[s], "hours": ((resolved - created)[s] / _US_HOUR)}
        return table, solved

    def _calls(self) -> pa.Table:
        rng = _rng(self.seed, _S_CALLS)
        win, h = self.win, self.health
        stop_us = win.stop * _US_DAY
        rate = _CALL_SEG[self.seg][:, None] * (0.08 + 0.5 * (1.0 - h))
        k = rng.poisson(rate) * self.act_m
        aa, mm = np.nonzero(k)
        ca = np.repeat(aa, k[aa, mm]).astype(np.int64)
        cm = np.repeat(mm, k[aa, mm])
        queued = self._days_in(rng, ca, cm) * _US_DAY + _tod(rng, self.hour[ca], 2.0)
        queued = np.maximum(queued, self.created[ca] + _US_MIN)
        n_anon = int(round(0.12 * ca.size))  # callers the IVR could not match to an account
        anon_days = win.start + rng.integers(0, win.n_days, n_anon)
        anon_q = anon_days * _US_DAY + _tod(rng, _REGION_HOUR[rng.choice(4, n_anon, p=_REGION_P)])
        queued = np.concatenate([queued, anon_q])
        acc = np.concatenate([ca, np.full(n_anon, -1)])
        n = acc.size
        monday = ((queued // _US_DAY + 3) % 7) == 0
        wait = rng.lognormal(np.log(18.0), 0.9, n) * np.where(monday, 1.4, 1.0)  # seconds
        abandoned = rng.random(n) < 0.04 + 0.3 * (wait > 60.0)
        answered = queued + (wait * _US_SEC).astype(np.int64)
        talk = rng.lognormal(np.log(6.0), 0.6, n) * _US_MIN
        ended = np.where(abandoned, queued + (rng.uniform(5, 120, n) * _US_SEC).astype(np.int64),
                         answered + talk.astype(np.int64))
        no_end = (rng.random(n) < 0.01) | (ended >= stop_us)
        no_answer = abandoned | (answered >= stop_us)
        o = np.lexsort((acc, queued))
        return _table("calls", {
            "call_id": _ids("CALL", n, _width(n, 6)),
            "account_id": _take(self.account_ids, np.maximum(acc[o], 0), mask=acc[o] < 0),
            "queued_at": _ts(queued[o]),
            "answered_at": _ts(answered[o], mask=no_answer[o]),
            "ended_at": _ts(ended[o], mask=no_end[o]),
            "abandoned": abandoned[o],
        })

    def _surveys(self, terms: dict[str, np.ndarray], solved: dict[str, np.ndarray]) -> pa.Table:
        rng = _rng(self.seed, _S_SURVEYS)
        win, h = self.win, self.health
        stop_us = win.stop * _US_DAY
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []  # acc, ts, score, survey
        # NPS: relationship waves, a few respondents per account
        wave = self.sub_act_m & (rng.random(self.act_m.shape) < 0.3)
        aa, mm = np.nonzero(wave)
        k = 1 + rng.binomial(np.minimum(self.n_users[aa], 40), 0.12)
        ra, rm = np.repeat(aa, k).astype(np.int64), np.repeat(mm, k)
        ts = self._days_in(rng, ra, rm) * _US_DAY + _tod(rng, self.hour[ra])
        score = np.clip(np.round(10 * (0.3 + 0.78 * h[ra, rm]) + rng.normal(0, 1.6, ra.size)), 0, 10)
        parts.append((ra, ts, score, 0))
        # CSAT and CES after solved tickets
        fast = np.exp(-solved["hours"] / 72.0)
        hs = h[solved["acc"], win.month_of(solved["resolved"] // _US_DAY)]
        for survey, share, lo, hi, noise in ((1, 0.4, 1, 5, 0.7), (2, 0.2, 1, 7, 0.9)):
            sel = rng.random(solved["acc"].size) < share
            ts = solved["resolved"][sel] + (rng.lognormal(np.log(3.0), 1.0, int(sel.sum()))
                                            * _US_HOUR).astype(np.int64)
            x = lo + (hi - lo) * (0.45 * hs[sel] + 0.55 * fast[sel])
            score = np.clip(np.round(x + rng.normal(0, noise, ts.size)), lo, hi)
            keep = ts < stop_us
            parts.append((solved["acc"][sel][keep], ts[keep], score[keep], survey))
        # renewal intent: before each contract end, and now and then for monthly accounts
        due = terms["end"] - rng.integers(45, 76, terms["end"].size)
        ok = (due >= win.start) & (due <= win.end) & (rng.random(due.size) < 0.7)
        ok[ok] &= self.act[terms["acc"][ok], due[ok] - win.start]
        ra, rd = terms["acc"][ok], due[ok]
        ma, mm = np.nonzero(self.sub_act_m & (self.term == 0)[:, None]
                            & (rng.random(self.act_m.shape) < 0.04))
        ra = np.concatenate([ra, ma]).astype(np.int64)
        rd = np.concatenate([rd, self._days_in(rng, ma, mm)])
        ts = rd * _US_DAY + _tod(rng, self.hour[ra])
        x = 10 * (0.1 + 0.95 * h[ra, win.month_of(rd)])
        score = np.clip(np.round(x + rng.normal(0, 1.5, ra.size)), 0, 10)
        parts.append((ra, ts, score, 3))

        acc = np.concatenate([p[0] for p in parts]).astype(np.int64)
        ts = np.concatenate([p[1] for p in parts])
        score = np.concatenate([p[2] for p in parts]).astype(float)
        survey = np.concatenate([np.full(p[0].size, p[3]) for p in parts])
        uid = self._pick_users(rng, acc, ts // _US_DAY, skew=1.0)
        ts = self._not_before_user(rng, ts, uid)
        ts = np.maximum(ts, self.created[acc] + _US_MIN)
        user_null = rng.random(acc.size) < np.where(survey == 3, 0.5, 0.1)
        # every busy month shows each threshold score (NPS 6-10, CSAT 3-5) at least once
        month = win.month_of(ts // _US_DAY)
        for sv, wanted in ((0, (6, 7, 8, 9, 10)), (1, (3, 4, 5))):
            for m in range(win.months):
                idx = np.flatnonzero((survey == sv) & (month == m))
                if idx.size < 10:
                    continue
                for target in wanted:
                    if (score[idx] == target).any():
                        continue
                    vals, cnt = np.unique(score[idx], return_counts=True)
                    spare = idx[np.isin(score[idx], vals[cnt > 1])]
                    if spare.size:
                        score[spare[rng.integers(0, spare.size)]] = target
        scale = np.array([[0, 10], [1, 5], [1, 7], [0, 10]], float)[survey]
        norm = (score - scale[:, 0]) / (scale[:, 1] - scale[:, 0])
        comment = _comment(rng, norm, 0.3)
        o = np.lexsort((acc, ts))
        surveys = np.asarray(["nps", "csat", "ces", "renewal_intent"], dtype=object)
        return _table("survey_responses", {
            "response_id": _ids("R", o.size, _width(o.size, 6)),
            "account_id": _take(self.account_ids, acc[o]),
            "user_id": _take(self.user_ids, uid[o], mask=user_null[o]),
            "survey": surveys[survey[o]].tolist(),
            "score": score[o],
            "responded_at": _ts(ts[o]),
            "comment": comment[o].tolist(),
        })

    def _trials(self) -> pa.Table:
        idx = np.flatnonzero(self.has_trial)
        o = idx[np.lexsort((idx, self.trial_start[idx]))]
        return _table("trials", {
            "trial_id": _ids("TR", o.size, _width(o.size, 5)),
            "account_id": _take(self.account_ids, o),
            "started_at": _ts(self.trial_start[o]),
            "ended_at": _ts(self.trial_end[o]),
            "converted_at": _ts(np.maximum(self.conv[o], 0), mask=self.conv[o] < 0),
        })

    def _referrals(self) -> pa.Table:
        rng = _rng(self.seed, _S_REFERRALS)
        win, h = self.win, self.health
        p = 0.04 * np.clip((h - 0.55) / 0.45, 0.0, 1.0)
        aa, mm = np.nonzero(self.sub_act_m & (rng.random(h.shape) < p))
        aa = aa.astype(np.int64)
        ts = self._days_in(rng, aa, mm) * _US_DAY + _tod(rng, self.hour[aa])
        o = np.lexsort((aa, ts))
        aa, ts = aa[o], ts[o]
        order = np.argsort(self.created, kind="stable")
        created_sorted = self.created[order]
        taken = np.zeros(self.n, bool)
        referred = np.full(aa.size, -1, np.int64)
        link = rng.random(aa.size) < 0.5
        pick = rng.random(aa.size)
        for i in range(aa.size):
            if not link[i]:
                continue
            lo = np.searchsorted(created_sorted, ts[i], side="right")
            hi = np.searchsorted(created_sorted, ts[i] + 60 * _US_DAY, side="right")
            cand = [int(c) for c in order[lo:hi] if not taken[c] and c != aa[i]]
            if cand:
                c = cand[int(pick[i] * len(cand))]
                taken[c] = True
                referred[i] = c
        conv = np.where(referred >= 0, self.conv[np.maximum(referred, 0)], -1)
        converted = (referred >= 0) & (conv > ts) & (conv < win.stop * _US_DAY)
        return _table("referrals", {
            "referral_id": _ids("REF", aa.size, _width(aa.size, 5)),
            "referrer_account_id": _take(self.account_ids, aa),
            "referred_account_id": _take(self.account_ids, np.maximum(referred, 0),
                                         mask=referred < 0),
            "referred_at": _ts(ts),
            "converted_at": _ts(np.maximum(conv, 0), mask=~converted),
        })

    def _opportunities(self, terms: dict[str, np.ndarray]) -> pa.Table:
        rng = _rng(self.seed, _S_OPPS)
        win = self.win
        start_us, stop_us = win.start * _US_DAY, win.stop * _US_DAY
        acc, kind, created, closed, won, amount = [], [], [], [], [], []

        def add(a: Any, k: int, c: Any, cl: Any, w: Any, amt: Any) -> None:
            acc.append(np.asarray(a, np.int64))
            kind.append(np.full(np.size(a), k))
            created.append(np.asarray(c, np.int64))
            closed.append(np.asarray(cl, np.int64))
            won.append(np.asarray(w, bool))
            amount.append(np.round(np.asarray(amt, float), 2))

        # new business: opened with the trial (or sign-up), won at conversion, lost after the trial
        new = np.flatnonzero(self.created >= start_us)
        cust = self.cust[new]
        end_at = np.where(cust, self.conv[new],
                          self.trial_end[new] + rng.integers(1, 11, new.size) * _US_DAY)
        opened = self.created[new] + (rng.random(new.size) * np.minimum(
            3 * _US_DAY, (end_at - self.created[new]) / 2)).astype(np.int64)
        lo, hi = _MRR_RANGE[self.seg[new], 0], _MRR_RANGE[self.seg[new], 1]
        guess = np.round(lo * (hi / lo) ** rng.random(new.size))
        add(new, 0, opened, end_at, cust, np.where(cust, self.mrr0[new], guess) * 12)
        # expansion: won ones behind every expansion, plus lost and open ones
        exp = [(a, d, new_ - old) for a, d, k, old, new_ in self.changes
               if k == "expansion" and win.start <= d <= win.end]
        if exp:
            ea = np.asarray([e[0] for e in exp], np.int64)
            ed = np.asarray([e[1] for e in exp], np.int64)
            cl = ed * _US_DAY + _tod(rng, self.hour[ea])
            op = cl - (rng.uniform(7, 45, ea.size) * _US_DAY).astype(np.int64)
            add(ea, 1, op, cl, np.ones(ea.size, bool), np.asarray([e[2] for e in exp]) * 12)
        la, lm = np.nonzero(self.sub_act_m & (rng.random(self.act_m.shape) < 0.012))
        la = la.astype(np.int64)
        op = self._days_in(rng, la, lm) * _US_DAY + _tod(rng, self.hour[la])
        cl = op + (rng.uniform(10, 90, la.size) * _US_DAY).astype(np.int64)
        add(la, 1, op, cl, np.zeros(la.size, bool),
            _MRR_RANGE[self.seg[la], 0] * rng.uniform(1, 6, la.size) * 12)
        # renewals: opened 90 days before each contract end, won when the contract renewed
        op = (terms["end"] - 90) * _US_DAY + _tod(rng, self.hour[terms["acc"]])
        sel = (op >= start_us) & (op < stop_us)
        cl = terms["end"][sel] * _US_DAY + _tod(rng, self.hour[terms["acc"][sel]])
        add(terms["acc"][sel], 2, op[sel], cl, terms["renewed"][sel], terms["value"][sel])

        acc_a, kind_a = np.concatenate(acc), np.concatenate(kind)
        created_a, closed_a = np.concatenate(created), np.concatenate(closed)
        won_a, amount_a = np.concatenate(won), np.concatenate(amount)
        is_open = closed_a >= stop_us
        o = np.lexsort((acc_a, created_a))
        kinds = np.asarray(["new", "expansion", "renewal"], dtype=object)
        return _table("opportunities", {
            "opportunity_id": _ids("OPP", o.size, _width(o.size, 5)),
            "account_id": _take(self.account_ids, acc_a[o]),
            "kind": kinds[kind_a[o]].tolist(),
            "created_at": _ts(created_a[o]),
            "closed_at": _ts(closed_a[o], mask=is_open[o]),
            "is_won": pa.array(won_a[o], mask=is_open[o]),
            "amount": np.maximum(amount_a[o], 0.0),
        })

    def _cs_costs(self) -> pa.Table:
        rng = _rng(self.seed, _S_COSTS)
        months = self.win.months
        active = self.sub_act_m.sum(axis=0)
        starts = self.win.month_starts[:-1]
        salaries = np.ceil(np.maximum(active, 1) / 60.0) * 8500.0 * rng.uniform(0.98, 1.02, months)
        tools = 1200.0 + 4.0 * active
        programs = np.where(np.isin(_cal_month(starts), [3, 9]), 4000.0 + 10.0 * active, 0.0)
        rows = [(s, a, c) for s, sal, t, pg in zip(starts, salaries, tools, programs, strict=True)
                for a, c in ((sal, "salaries"), (t, "tools"), (pg, "programs")) if a > 0]
        return _table("cs_costs", {
            "period_start": _date(np.asarray([r[0] for r in rows], np.int64)),
            "amount": np.round(np.asarray([r[1] for r in rows], float), 2),
            "category": [r[2] for r in rows],
        })

    def _targets(self) -> pa.Table:
        starts = self.win.month_starts[:-1]
        target = np.where(np.arange(starts.size) < 12, 0.03, 0.025)
        return _table("targets", {
            "metric": ["customer_churn_rate"] * starts.size,
            "period_start": _date(starts),
            "target": target,
        })


def _concat(name: str, chunks: Iterator[pa.Table]) -> pa.Table:
    parts = list(chunks)
    if not parts:
        return TABLES[name].schema.to_pyarrow().empty_table()
    return pa.concat_tables(parts).combine_chunks()


def generate(
    seed: int = 0,
    accounts: int = 500,
    months: int = 24,
    events: int = 1_000_000,
    end: str | _dt.date = DEFAULT_END,
) -> dict[str, pa.Table]:
    """Generate a realistic sample of every canonical table, in memory.

    Args:
        seed: random seed; the same arguments always give identical tables.
        accounts: number of accounts (about 15% are prospects that only ran a trial, about 40%
            already exist when the window opens).
        months: calendar months covered, ending with the month of `end`.
        events: exact number of rows of the events table (sessions get ``events // 10`` rows).
        end: last day of data (ISO string or date); e.g. end 2026-10-31 with 24 months covers
            2024-11-01 .. 2026-10-31.

    Returns:
        A dict canonical table name -> pyarrow.Table with exactly the canonical schema
        (``csm_kit.schema.TABLES[name].schema.to_pyarrow()``), in the order of ``TABLES``.
        For very large event counts prefer :func:`csm_kit.datasets.write_duckdb`, which streams.
    """
    world = SampleWorld(seed, accounts, months, end)
    tables = world.small_tables()
    tables["events"] = _concat("events", world.iter_events(events))
    tables["sessions"] = _concat("sessions", world.iter_sessions(events // EVENTS_PER_SESSION))
    return {name: tables[name] for name in TABLES}
