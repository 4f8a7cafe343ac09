"""Voice of the customer: survey responses (NPS, CSAT, CES, renewal intent) and referrals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from csm_kit.datasets.columns import canonical_table, id_array, id_width, take, ts_array
from csm_kit.datasets.streams import STREAM_REFERRALS, STREAM_SURVEYS, random_stream
from csm_kit.datasets.timeline import US_DAY, US_HOUR, US_MIN, time_of_day

if TYPE_CHECKING:
    from csm_kit.datasets.world import SampleWorld

# Free-text comments, by tone.
_POSITIVE = (
    "Great product, the dashboards save us hours every week.",
    "Love the reports, our whole team relies on them.",
    "Excellent support, quick and really helpful.",
    "Very easy to use and reliable.",
    "The integrations work great for us.",
    "Fantastic onboarding, we were up and running fast.",
    "Good value for the price, happy to renew.",
    "The API is solid and well documented, great job.",
)
_NEUTRAL = (
    "It does the job.",
    "We use it for exports and the weekly reports.",
    "We are still evaluating it.",
    "Average experience so far.",
    "Onboarding took about two weeks.",
    "We mostly use the API.",
)
_NEGATIVE = (
    "Too slow and the reports keep failing.",
    "Support was useless and rude, it took days to get an answer.",
    "Hard to use, our team is frustrated.",
    "Too expensive, the price is not worth it.",
    "The API is unreliable and the integrations fail all the time.",
    "Disappointed with the latest changes, considering alternatives.",
    "Not happy with onboarding, it was confusing and painful.",
)


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


def survey_responses(world: SampleWorld, terms: dict[str, np.ndarray],
                     solved: dict[str, np.ndarray]) -> pa.Table:
    """The survey_responses table: NPS waves, CSAT and CES after solved tickets, renewal intent."""
    rng = random_stream(world.seed, STREAM_SURVEYS)
    win, h = world.win, world.health
    stop_us = win.stop * US_DAY
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []  # acc, ts, score, survey
    # NPS: relationship waves, a few respondents per account
    wave = world.sub_act_m & (rng.random(world.act_m.shape) < 0.3)
    aa, mm = np.nonzero(wave)
    k = 1 + rng.binomial(np.minimum(world.n_users[aa], 40), 0.12)
    ra, rm = np.repeat(aa, k).astype(np.int64), np.repeat(mm, k)
    ts = world.days_in(rng, ra, rm) * US_DAY + time_of_day(rng, world.hour[ra])
    score = np.clip(np.round(10 * (0.3 + 0.78 * h[ra, rm]) + rng.normal(0, 1.6, ra.size)), 0, 10)
    parts.append((ra, ts, score, 0))
    # CSAT and CES after solved tickets
    fast = np.exp(-solved["hours"] / 72.0)
    hs = h[solved["acc"], win.month_of(solved["resolved"] // US_DAY)]
    for survey, share, lo, hi, noise in ((1, 0.4, 1, 5, 0.7), (2, 0.2, 1, 7, 0.9)):
        sel = rng.random(solved["acc"].size) < share
        ts = solved["resolved"][sel] + (rng.lognormal(np.log(3.0), 1.0, int(sel.sum()))
                                        * US_HOUR).astype(np.int64)
        x = lo + (hi - lo) * (0.45 * hs[sel] + 0.55 * fast[sel])
        score = np.clip(np.round(x + rng.normal(0, noise, ts.size)), lo, hi)
        keep = ts < stop_us
        parts.append((solved["acc"][sel][keep], ts[keep], score[keep], survey))
    # renewal intent: before each contract end, and now and then for monthly accounts
    due = terms["end"] - rng.integers(45, 76, terms["end"].size)
    ok = (due >= win.start) & (due <= win.end) & (rng.random(due.size) < 0.7)
    ok[ok] &= world.act[terms["acc"][ok], due[ok] - win.start]
    ra, rd = terms["acc"][ok], due[ok]
    ma, mm = np.nonzero(world.sub_act_m & (world.term == 0)[:, None]
                        & (rng.random(world.act_m.shape) < 0.04))
    ra = np.concatenate([ra, ma]).astype(np.int64)
    rd = np.concatenate([rd, world.days_in(rng, ma, mm)])
    ts = rd * US_DAY + time_of_day(rng, world.hour[ra])
    x = 10 * (0.1 + 0.95 * h[ra, win.month_of(rd)])
    score = np.clip(np.round(x + rng.normal(0, 1.5, ra.size)), 0, 10)
    parts.append((ra, ts, score, 3))

    acc = np.concatenate([p[0] for p in parts]).astype(np.int64)
    ts = np.concatenate([p[1] for p in parts])
    score = np.concatenate([p[2] for p in parts]).astype(float)
    survey = np.concatenate([np.full(p[0].size, p[3]) for p in parts])
    uid = world.pick_users(rng, acc, ts // US_DAY, skew=1.0)
    ts = world.not_before_user(rng, ts, uid)
    ts = np.maximum(ts, world.created[acc] + US_MIN)
    user_null = rng.random(acc.size) < np.where(survey == 3, 0.5, 0.1)
    # every busy month shows each threshold score (NPS 6-10, CSAT 3-5) at least once
    month = win.month_of(ts // US_DAY)
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
    return canonical_table("survey_responses", {
        "response_id": id_array("R", o.size, id_width(o.size, 6)),
        "account_id": take(world.account_ids, acc[o]),
        "user_id": take(world.user_ids, uid[o], mask=user_null[o]),
        "survey": surveys[survey[o]].tolist(),
        "score": score[o],
        "responded_at": ts_array(ts[o]),
        "comment": comment[o].tolist(),
    })


def referrals(world: SampleWorld) -> pa.Table:
    """The referrals table: healthy accounts refer newcomers, some of whom convert."""
    rng = random_stream(world.seed, STREAM_REFERRALS)
    win, h = world.win, world.health
    p = 0.04 * np.clip((h - 0.55) / 0.45, 0.0, 1.0)
    aa, mm = np.nonzero(world.sub_act_m & (rng.random(h.shape) < p))
    aa = aa.astype(np.int64)
    ts = world.days_in(rng, aa, mm) * US_DAY + time_of_day(rng, world.hour[aa])
    o = np.lexsort((aa, ts))
    aa, ts = aa[o], ts[o]
    order = np.argsort(world.created, kind="stable")
    created_sorted = world.created[order]
    taken = np.zeros(world.n, bool)
    referred = np.full(aa.size, -1, np.int64)
    link = rng.random(aa.size) < 0.5
    pick = rng.random(aa.size)
    for i in range(aa.size):
        if not link[i]:
            continue
        lo = np.searchsorted(created_sorted, ts[i], side="right")
        hi = np.searchsorted(created_sorted, ts[i] + 60 * US_DAY, side="right")
        cand = [int(c) for c in order[lo:hi] if not taken[c] and c != aa[i]]
        if cand:
            c = cand[int(pick[i] * len(cand))]
            taken[c] = True
            referred[i] = c
    conv = np.where(referred >= 0, world.conv[np.maximum(referred, 0)], -1)
    converted = (referred >= 0) & (conv > ts) & (conv < win.stop * US_DAY)
    return canonical_table("referrals", {
        "referral_id": id_array("REF", aa.size, id_width(aa.size, 5)),
        "referrer_account_id": take(world.account_ids, aa),
        "referred_account_id": take(world.account_ids, np.maximum(referred, 0),
                                     mask=referred < 0),
        "referred_at": ts_array(ts),
        "converted_at": ts_array(np.maximum(conv, 0), mask=~converted),
    })
