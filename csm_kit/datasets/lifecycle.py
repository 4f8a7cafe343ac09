"""Month-by-month subscription movements: churn, renewals, expansion, contraction, add-ons, comebacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from csm_kit.datasets.customer_base import MRR_RANGE
from csm_kit.datasets.streams import STREAM_SUBS, random_stream
from csm_kit.datasets.timeline import add_months

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld


def _plan_of(mrr: float, seg: int) -> int:
    """The plan (index into PLANS) that an MRR falls in, by its place in the segment's MRR band."""
    lo, hi = MRR_RANGE[seg]
    pos = np.log(mrr / lo) / np.log(hi / lo)
    return 0 if pos < 1 / 3 else (1 if pos < 2 / 3 else 2)


def simulate_subscriptions(world: SampleWorld) -> None:
    """Month-by-month subscription movements (loops over accounts and months only).

    Stores on `world` the subscriptions (``sub_acc``, ``sub_start``, ``sub_end``, ``sub_mrr``,
    ``sub_plan``; end -1 = still running, plan -1 = add-on), every movement as ``changes``
    (account, day, kind, old MRR, new MRR), the paid ``spells`` of each account, ``churn_days``
    and each account's ``latest_plan``.
    """
    rng = random_stream(world.seed, STREAM_SUBS)
    win, n, months = world.win, world.n, world.win.months
    r_ch, r_exp, r_con, r_add, r_day, r_fac, r_react = (
        x.tolist() for x in rng.random((7, n, months))
    )
    p_ch, p_ex, p_co = world.p_churn.tolist(), world.p_exp.tolist(), world.p_con.tolist()
    hl = world.health.tolist()
    seg, term = world.seg.tolist(), world.term.tolist()
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
        while int(add_months(spells[a][-1][0], k * term[a])) < after:
            k += 1
        ann_k[a] = k
        ann[a] = int(add_months(spells[a][-1][0], k * term[a]))

    extra = rng.random((n, 2))
    for a in range(n):
        if not world.cust[a]:
            continue
        f = int(world.first[a])
        main[a] = open_sub(a, f, world.mrr0[a], _plan_of(world.mrr0[a], seg[a]))
        active[a] = True
        spells[a].append([f, -1])
        if f < win.start:
            last_start[a] = -1
            gap = win.start - 1 - (f + 30)
            if extra[a, 0] < 0.08 and gap > 0:  # an add-on bought before the window
                day = f + 30 + int(extra[a, 1] * gap)
                addon[a] = open_sub(a, day, round(world.mrr0[a] * 0.2), -1)
                addon_m[a] = -1
        else:
            last_start[a] = int(win.month_of(f))
        if term[a]:
            set_anniversary(a, max(win.start, f + 1))
    custs = [a for a in range(n) if world.cust[a]]

    def close(idx: int, day: int) -> None:
        s_end[idx] = day

    def resize(a: int, day: int, factor: float, kind: str) -> None:
        old = s_mrr[main[a]]
        new = max(round(old * factor), round(MRR_RANGE[seg[a], 0] * 0.5))
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
                            ann[a] = int(add_months(spells[a][-1][0], ann_k[a] * term[a]))
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

    world.sub_acc = np.asarray(s_acc, np.int64)
    world.sub_start = np.asarray(s_start, np.int64)
    world.sub_end = np.asarray(s_end, np.int64)
    world.sub_mrr = np.asarray(s_mrr, float)
    world.sub_plan = np.asarray(s_plan, np.int64)
    world.changes = changes
    world.spells = spells
    world.churn_days = [(a, d) for a, d, k, _, _ in changes if k == "churn"]
    latest_plan = world.trial_plan.copy()
    for i in np.argsort(world.sub_start, kind="stable"):
        if s_plan[i] >= 0:
            latest_plan[s_acc[i]] = s_plan[i]
    world.latest_plan = latest_plan
