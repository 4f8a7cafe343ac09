"""Correctness of the survey metrics (nps, csat, ces) against plain-Python oracles.

Every oracle below is written from the definitions in shared/METRICS.md and the metric
declarations (params, allowed values), with loops and dicts over the same rows: it shares no code
with the Ibis formulas. Each test runs on DuckDB and on a real PostgreSQL (``make_kit``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest

import csm_kit as ck
from tests.oracle_calendar import bucket_of, buckets
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime

# -- rows -------------------------------------------------------------------------------------

ACCOUNTS = [
    {"account_id": "a1", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a2", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a3", "segment": "ent", "created_at": T(2024, 1, 1)},
    {"account_id": "a4", "segment": None, "created_at": T(2024, 1, 1)},
    {"account_id": "a5", "segment": "mid", "created_at": T(2024, 1, 1)},  # never answers
]
SEGMENT = {a["account_id"]: a["segment"] for a in ACCOUNTS}  # None: the null group
GROUPS = sorted(set(SEGMENT.values()), key=repr)


def resp(survey: str, score: float, at: dt.datetime, account: str = "a1") -> dict[str, Any]:
    resp.n += 1  # type: ignore[attr-defined]
    return {"response_id": f"r{resp.n}", "account_id": account,  # type: ignore[attr-defined]
            "survey": survey, "score": float(score), "responded_at": at}


resp.n = 0  # type: ignore[attr-defined]


# -- the definitions, in plain Python ---------------------------------------------------------

def nps_of(scores: Sequence[float]) -> float:
    promoters = sum(1 for s in scores if 9 <= s <= 10)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * promoters / len(scores) - 100.0 * detractors / len(scores)


def share_at_least(threshold: float) -> Callable[[Sequence[float]], float]:
    return lambda scores: sum(1 for s in scores if s >= threshold) / len(scores)


def mean_of(scores: Sequence[float]) -> float:
    return sum(scores) / len(scores)


def survey_oracle(
    rows: Iterable[dict[str, Any]], survey: str, scale: tuple[float, float],
    reduce: Callable[[Sequence[float]], float], grain: str, first: dt.date, last: dt.date,
    by_segment: bool = False,
) -> dict[tuple, float | None]:
    """{(period_start[, segment]): value} for every bucket (and group) from first to last."""
    lo, hi = scale
    spine = buckets(first, last, grain)
    groups = GROUPS if by_segment else [None]
    scores: dict[tuple, list[float]] = defaultdict(list)
    for r in rows:
        if r["survey"] != survey or not lo <= r["score"] <= hi:
            continue
        b = bucket_of(r["responded_at"].date(), grain)
        if b not in spine:
            continue
        key = (b, SEGMENT[r["account_id"]]) if by_segment else (b,)
        scores[key].append(r["score"])
    out: dict[tuple, float | None] = {}
    for b in spine:
        for g in groups:
            key = (b, g) if by_segment else (b,)
            out[key] = reduce(scores[key]) if scores[key] else None
    return out


def nps_status(v: float | None) -> str | None:
    if v is None:
        return None
    return "good" if v >= 50 else "ok" if v >= 0 else "bad"


def csat_status(v: float | None) -> str | None:
    return None if v is None else "good" if v >= 0.80 else "bad"


def ces_status(v: float | None) -> str | None:
    return None if v is None else "good" if v >= 5.0 else "bad"


def no_status(v: float | None) -> None:
    return None


# -- reading results ---------------------------------------------------------------------------

def values(res: Any, metric: str) -> list[float | None]:
    return [v for _, (v, _) in sorted(result(res, metric).items())]


# -- NPS ---------------------------------------------------------------------------------------

def test_nps_thresholds_empty_month_and_scale(make_kit):
    rows = [
        # January: exactly at the thresholds, plus 0 and 10 at the ends of the 0-10 scale
        resp("nps", 6, T(2025, 1, 1, 0, 0, 0)),
        resp("nps", 7, T(2025, 1, 10, 12)),
        resp("nps", 8, T(2025, 1, 15)),
        resp("nps", 9, T(2025, 1, 20)),
        resp("nps", 10, T(2025, 1, 25)),
        resp("nps", 0, T(2025, 1, 31, 23, 59, 59)),
        resp("nps", 11, T(2025, 1, 5)),  # off every scale
        resp("nps", -1, T(2025, 1, 5)),  # off every scale
        resp("csat", 10, T(2025, 1, 5)),  # another survey: ignored
        resp("ces", 1, T(2025, 1, 5)),
        # February: no NPS response at all (only other surveys)
        resp("csat", 1, T(2025, 2, 14)),
        # March: 3 promoters, 1 passive -> 75
        resp("nps", 9, T(2025, 3, 1, 0, 0, 0)),
        resp("nps", 9, T(2025, 3, 2)),
        resp("nps", 10, T(2025, 3, 3)),
        resp("nps", 7, T(2025, 3, 31, 23, 59, 59)),
        # outside the range
        resp("nps", 0, T(2024, 12, 31, 23, 59, 59)),
        resp("nps", 0, T(2025, 4, 1, 0, 0, 0)),
    ]
    kit = make_kit({"survey_responses": rows})
    jan, feb, mar = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)

    res = kit.compute(["nps"], grain="month", start="2025-01-01", end="2025-03-31")
    # Jan: promoters 9, 10; detractors 6, 0; passives 7, 8 -> (2 - 2) / 6 = 0 (exactly "ok")
    check(res, "nps", {(jan,): 0.0, (feb,): None, (mar,): 75.0}, nps_status)
    assert [s for _, (_, s) in sorted(result(res, "nps").items())] == ["ok", None, "good"]

    res = kit.compute(["nps"], grain="month", start="2025-01-15", end="2025-03-02",
                      params={"nps": {"scale": "1-10"}})
    # on 1-10 the 0 is off the scale and left out: (2 - 1) / 5
    check(res, "nps", {(jan,): 20.0, (feb,): None, (mar,): 75.0}, nps_status)

    res = kit.compute(["nps"], grain="month", start="2025-01-01", end="2025-03-31",
                      params={"nps": {"scale": "0-10"}})
    assert values(res, "nps")[0] == pytest.approx(0.0)


def test_nps_status_bands_and_quarter_week(make_kit):
    rows = [
        # Q1: exactly 50 -> good (3 promoters, 1 detractor of 4)
        resp("nps", 10, T(2025, 1, 5, 23, 59, 59)),  # Sunday: ISO week of Mon 2024-12-30
        resp("nps", 9, T(2025, 1, 6, 0, 0, 0)),  # Monday: a new ISO week
        resp("nps", 9, T(2025, 2, 1)),
        resp("nps", 6, T(2025, 3, 31, 23, 59, 59)),
        # Q2: 1 promoter, 2 detractors, 1 passive -> -25 -> bad
        resp("nps", 10, T(2025, 4, 1, 0, 0, 0)),
        resp("nps", 5, T(2025, 4, 2)),
        resp("nps", 3, T(2025, 5, 2)),
        resp("nps", 8, T(2025, 6, 30, 23, 59, 59)),
        # Q3: none; Q4: 1 promoter, 2 passives -> 33.3 -> ok
        resp("nps", 10, T(2025, 10, 1)),
        resp("nps", 7, T(2025, 11, 1)),
        resp("nps", 8, T(2025, 12, 31, 23, 59, 59)),
    ]
    kit = make_kit({"survey_responses": rows})
    res = kit.compute(["nps"], grain="quarter", start="2025-01-01", end="2025-12-31")
    expected = {(D(2025, 1, 1),): 50.0, (D(2025, 4, 1),): -25.0, (D(2025, 7, 1),): None,
                (D(2025, 10, 1),): 100.0 / 3}
    check(res, "nps", expected, nps_status)
    assert [s for _, (_, s) in sorted(result(res, "nps").items())] == ["good", "bad", None, "ok"]

    # grain year without start/end: the range is the data's range (one bucket)
    res = kit.compute(["nps"], grain="year")
    check(res, "nps", survey_oracle(rows, "nps", (0, 10), nps_of, "year", D(2025, 1, 1),
                                    D(2025, 12, 31)), nps_status)

    # ISO weeks: Sunday 2025-01-05 23:59:59 and Monday 2025-01-06 00:00:00 fall apart
    res = kit.compute(["nps"], grain="week", start="2025-01-01", end="2025-01-19")
    check(res, "nps", {(D(2024, 12, 30),): 100.0, (D(2025, 1, 6),): 100.0,
                       (D(2025, 1, 13),): None}, nps_status)


def test_nps_by_segment(make_kit):
    rows = [
        resp("nps", 10, T(2025, 1, 3), "a1"),
        resp("nps", 0, T(2025, 1, 4), "a2"),  # same segment as a1 -> smb = 0
        resp("nps", 9, T(2025, 1, 5), "a3"),  # ent = 100
        resp("nps", 4, T(2025, 1, 6), "a4"),  # null segment -> the None group = -100
        resp("nps", 8, T(2025, 2, 6), "a4"),  # None group in Feb = 0 (a passive)
        resp("csat", 5, T(2025, 2, 6), "a5"),  # mid only answers csat -> null everywhere
    ]
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    res = kit.compute(["nps"], grain="month", start="2025-01-01", end="2025-02-28",
                      by=["segment"])
    jan, feb = D(2025, 1, 1), D(2025, 2, 1)
    expected = {
        (jan, "smb"): 0.0, (jan, "ent"): 100.0, (jan, None): -100.0, (jan, "mid"): None,
        (feb, "smb"): None, (feb, "ent"): None, (feb, None): 0.0, (feb, "mid"): None,
    }
    check(res, "nps", expected, nps_status, by=["segment"])
    assert expected == survey_oracle(rows, "nps", (0, 10), nps_of, "month", jan, feb, True)


def test_nps_bad_params(make_kit):
    kit = make_kit({"survey_responses": [resp("nps", 9, T(2025, 1, 1))]})
    for params in ({"scale": "1-5"}, {"scale": "0-100"}, {"method": "mean"}, {"scales": "1-10"}):
        with pytest.raises(ck.ParamError):
            kit.compute(["nps"], grain="month", params={"nps": params})


# -- CSAT --------------------------------------------------------------------------------------

CSAT_ROWS = [
    # January, 1-5 scale: 3 and 4 at the threshold; 0 and 6 are off the 1-5 scale
    resp("csat", 1, T(2025, 1, 1, 0, 0, 0)),
    resp("csat", 2, T(2025, 1, 2)),
    resp("csat", 3, T(2025, 1, 3)),
    resp("csat", 4, T(2025, 1, 4)),
    resp("csat", 5, T(2025, 1, 31, 23, 59, 59)),
    resp("csat", 0, T(2025, 1, 5)),
    resp("csat", 6, T(2025, 1, 5)),
    resp("nps", 5, T(2025, 1, 5)),  # other surveys: ignored
    resp("ces", 5, T(2025, 1, 5)),
    # February: nothing
    # March: 4 of 5 satisfied -> exactly 0.80 (good)
    resp("csat", 4, T(2025, 3, 1, 0, 0, 0)),
    resp("csat", 4, T(2025, 3, 2)),
    resp("csat", 5, T(2025, 3, 3)),
    resp("csat", 5, T(2025, 3, 4)),
    resp("csat", 3, T(2025, 3, 31, 23, 59, 59)),
    resp("csat", 9, T(2025, 3, 5)),  # 1-10 only
    resp("csat", 10, T(2025, 3, 6)),  # 1-10 only
    resp("csat", 5, T(2025, 4, 1, 0, 0, 0)),  # after the range
]


def test_csat_top_box_thresholds_and_status(make_kit):
    kit = make_kit({"survey_responses": CSAT_ROWS})
    jan, feb, mar = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}

    res = kit.compute(["csat"], **rng)  # top_box on 1-5, threshold 4
    check(res, "csat", {(jan,): 2 / 5, (feb,): None, (mar,): 4 / 5}, csat_status)
    assert [s for _, (_, s) in sorted(result(res, "csat").items())] == ["bad", None, "good"]

    res = kit.compute(["csat"], **rng, params={"csat": {"method": "top_box", "scale": "1-5"}})
    check(res, "csat", {(jan,): 2 / 5, (feb,): None, (mar,): 4 / 5}, csat_status)

    # threshold 3 overrides the default: 3, 4, 5 count
    res = kit.compute(["csat"], **rng, params={"csat": {"threshold": 3}})
    check(res, "csat", {(jan,): 3 / 5, (feb,): None, (mar,): 5 / 5}, csat_status)
    res = kit.compute(["csat"], **rng, params={"csat": {"threshold": 4.5}})
    check(res, "csat", {(jan,): 1 / 5, (feb,): None, (mar,): 2 / 5}, csat_status)

    # 1-3 scale: threshold 3; Jan on-scale 1,2,3 -> 1/3; Mar on-scale 3 -> 1/1
    res = kit.compute(["csat"], **rng, params={"csat": {"scale": "1-3"}})
    check(res, "csat", {(jan,): 1 / 3, (feb,): None, (mar,): 1.0}, csat_status)

    # 1-10 scale: threshold 9; Jan on-scale 1..6 -> 0/6 (0 is off); Mar: 4,4,5,5,3,9,10 -> 2/7
    res = kit.compute(["csat"], **rng, params={"csat": {"scale": "1-10"}})
    check(res, "csat", {(jan,): 0.0, (feb,): None, (mar,): 2 / 7}, csat_status)
    res = kit.compute(["csat"], **rng, params={"csat": {"scale": "1-10", "threshold": 5}})
    check(res, "csat", {(jan,): 2 / 6, (feb,): None, (mar,): 4 / 7}, csat_status)


def test_csat_mean(make_kit):
    kit = make_kit({"survey_responses": CSAT_ROWS})
    jan, feb, mar = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}
    res = kit.compute(["csat"], **rng, params={"csat": {"method": "mean"}})
    check(res, "csat", {(jan,): 3.0, (feb,): None, (mar,): 21 / 5}, no_status)
    res = kit.compute(["csat"], **rng, params={"csat": {"method": "mean", "scale": "1-10"}})
    check(res, "csat", {(jan,): 21 / 6, (feb,): None, (mar,): 40 / 7}, no_status)
    res = kit.compute(["csat"], **rng, params={"csat": {"method": "mean", "scale": "1-3"}})
    check(res, "csat", {(jan,): 2.0, (feb,): None, (mar,): 3.0}, no_status)
    res = kit.compute(["csat"], grain="quarter", start="2025-01-01", end="2025-06-30",
                      params={"csat": {"method": "mean"}})
    check(res, "csat", {(D(2025, 1, 1),): (15 + 21) / 10, (D(2025, 4, 1),): 5.0}, no_status)


def test_csat_by_segment_week(make_kit):
    rows = [
        resp("csat", 5, T(2025, 1, 5, 23, 59, 59), "a1"),  # Sunday: week of 2024-12-30
        resp("csat", 2, T(2025, 1, 6, 0, 0, 0), "a2"),  # Monday: week of 2025-01-06
        resp("csat", 4, T(2025, 1, 7), "a4"),  # null segment
        resp("csat", 3, T(2025, 1, 8), "a4"),
        resp("csat", 4, T(2025, 1, 8), "a3"),
        resp("nps", 10, T(2025, 1, 8), "a5"),
    ]
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    res = kit.compute(["csat"], grain="week", start="2025-01-01", end="2025-01-13",
                      by=["segment"])
    w0, w1, w2 = D(2024, 12, 30), D(2025, 1, 6), D(2025, 1, 13)
    expected = {(w, g): None for w in (w0, w1, w2) for g in GROUPS}
    expected.update({(w0, "smb"): 1.0, (w1, "smb"): 0.0, (w1, None): 0.5, (w1, "ent"): 1.0})
    check(res, "csat", expected, csat_status, by=["segment"])
    assert expected == survey_oracle(rows, "csat", (1, 5), share_at_least(4), "week",
                                     D(2025, 1, 1), D(2025, 1, 13), True)


def test_csat_bad_params(make_kit):
    kit = make_kit({"survey_responses": CSAT_ROWS})
    for params in ({"method": "median"}, {"scale": "0-10"}, {"scale": "1-7"},
                   {"threshold": "4"}, {"treshold": 4}):
        with pytest.raises(ck.ParamError):
            kit.compute(["csat"], grain="month", params={"csat": params})


# -- CES ---------------------------------------------------------------------------------------

CES_ROWS = [
    # January: 4 and 5 at the "easy" edges of both scales; 0 and 8 are off both scales
    resp("ces", 1, T(2025, 1, 1, 0, 0, 0)),
    resp("ces", 4, T(2025, 1, 2)),
    resp("ces", 5, T(2025, 1, 3)),
    resp("ces", 7, T(2025, 1, 31, 23, 59, 59)),
    resp("ces", 0, T(2025, 1, 4)),
    resp("ces", 8, T(2025, 1, 4)),
    resp("csat", 7, T(2025, 1, 4)),  # other surveys: ignored
    resp("nps", 1, T(2025, 1, 4)),
    # February: nothing
    # March: mean exactly 5.0 on 1-7 -> good
    resp("ces", 5, T(2025, 3, 1, 0, 0, 0)),
    resp("ces", 6, T(2025, 3, 2)),
    resp("ces", 4, T(2025, 3, 31, 23, 59, 59)),
]


def test_ces_methods_and_scales(make_kit):
    kit = make_kit({"survey_responses": CES_ROWS})
    jan, feb, mar = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}

    res = kit.compute(["ces"], **rng)  # mean on 1-7
    check(res, "ces", {(jan,): 17 / 4, (feb,): None, (mar,): 5.0}, ces_status)
    assert [s for _, (_, s) in sorted(result(res, "ces").items())] == ["bad", None, "good"]
    res = kit.compute(["ces"], **rng, params={"ces": {"method": "mean", "scale": "1-7"}})
    check(res, "ces", {(jan,): 17 / 4, (feb,): None, (mar,): 5.0}, ces_status)

    # share_easy on 1-7: >= 5 -> Jan 5, 7 of 4; Mar 5, 6 of 3 (no status for this variant)
    res = kit.compute(["ces"], **rng, params={"ces": {"method": "share_easy"}})
    check(res, "ces", {(jan,): 2 / 4, (feb,): None, (mar,): 2 / 3}, no_status)

    # 1-5 scale: 7 and 6 are off it; mean (no status), share_easy >= 4
    res = kit.compute(["ces"], **rng, params={"ces": {"scale": "1-5"}})
    check(res, "ces", {(jan,): 10 / 3, (feb,): None, (mar,): 9 / 2}, no_status)
    res = kit.compute(["ces"], **rng, params={"ces": {"scale": "1-5", "method": "share_easy"}})
    check(res, "ces", {(jan,): 2 / 3, (feb,): None, (mar,): 2 / 2}, no_status)


def test_ces_by_segment_and_bad_params(make_kit):
    rows = [
        resp("ces", 7, T(2025, 2, 1), "a1"),
        resp("ces", 2, T(2025, 2, 2), "a3"),
        resp("ces", 6, T(2025, 2, 3), "a4"),
        resp("ces", 3, T(2025, 2, 4), "a4"),
    ]
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    res = kit.compute(["ces"], grain="quarter", start="2025-01-01", end="2025-06-30",
                      by=["segment"])
    q1, q2 = D(2025, 1, 1), D(2025, 4, 1)
    expected = {(q, g): None for q in (q1, q2) for g in GROUPS}
    expected.update({(q1, "smb"): 7.0, (q1, "ent"): 2.0, (q1, None): 4.5})
    check(res, "ces", expected, ces_status, by=["segment"])
    for params in ({"method": "top_box"}, {"scale": "1-10"}, {"threshold": 5}):
        with pytest.raises(ck.ParamError):
            kit.compute(["ces"], grain="month", params={"ces": params})


# -- a seeded random comparison with the oracles -------------------------------------------

# (params of nps, csat, ces) computed together, with their oracle (survey, scale, reduce, status)
VARIANTS: list[tuple[dict[str, dict[str, Any]], dict[str, tuple]]] = [
    ({},
     {"nps": ((0, 10), nps_of, nps_status), "csat": ((1, 5), share_at_least(4), csat_status),
      "ces": ((1, 7), mean_of, ces_status)}),
    ({"nps": {"scale": "1-10"}, "csat": {"method": "mean"}, "ces": {"method": "share_easy"}},
     {"nps": ((1, 10), nps_of, nps_status), "csat": ((1, 5), mean_of, no_status),
      "ces": ((1, 7), share_at_least(5), no_status)}),
    ({"csat": {"scale": "1-3"}, "ces": {"scale": "1-5"}},
     {"csat": ((1, 3), share_at_least(3), csat_status), "ces": ((1, 5), mean_of, no_status)}),
    ({"csat": {"scale": "1-10"}, "ces": {"scale": "1-5", "method": "share_easy"}},
     {"csat": ((1, 10), share_at_least(9), csat_status),
      "ces": ((1, 5), share_at_least(4), no_status)}),
    ({"csat": {"scale": "1-10", "threshold": 7, "method": "top_box"}},
     {"csat": ((1, 10), share_at_least(7), csat_status)}),
    ({"csat": {"scale": "1-10", "method": "mean"}},
     {"csat": ((1, 10), mean_of, no_status)}),
]


def random_rows(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    accounts = [a["account_id"] for a in ACCOUNTS[:4]]  # a5 ('mid') never answers
    start = T(2025, 1, 1)
    span = int((T(2025, 7, 1) - start).total_seconds())
    rows = []
    for i in range(400):
        if i % 25 == 0:  # some on exact midnights and last seconds
            day = start + dt.timedelta(days=rng.randrange(181))
            at = day if i % 50 == 0 else day - dt.timedelta(seconds=1)
            at = max(at, start)
        else:
            at = start + dt.timedelta(seconds=rng.randrange(span))
        survey = rng.choice(["nps", "nps", "csat", "csat", "ces", "ces", "renewal_intent"])
        score = rng.randint(-1, 11)
        rows.append({"response_id": f"x{i}", "account_id": rng.choice(accounts),
                     "survey": survey, "score": float(score), "responded_at": at})
    # a quiet month for NPS: drop its May responses so a bucket in range has none
    return [r for r in rows if not (r["survey"] == "nps" and r["responded_at"].month == 5)]


@pytest.mark.parametrize("seed", [7])
def test_survey_metrics_random_against_oracle(make_kit, seed):
    rows = random_rows(seed)
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    runs = [
        ("month", "2025-01-01", "2025-06-30", ["segment"]),
        ("month", "2025-02-10", "2025-06-01", []),
        ("week", "2025-01-01", "2025-06-30", []),
    ]
    for grain, start, end, by in runs:
        first, last = D.fromisoformat(start), D.fromisoformat(end)
        for params, oracles in VARIANTS:
            if by and params not in (VARIANTS[0][0], VARIANTS[1][0]):
                continue  # the split is checked on the first two sets of variants
            res = kit.compute(list(oracles), grain=grain, start=start, end=end, by=by,
                              params={m: p for m, p in params.items() if m in oracles})
            for metric, (scale, reduce, status) in oracles.items():
                expected = survey_oracle(rows, metric, scale, reduce, grain, first, last,
                                         by_segment=bool(by))
                check(res, metric, expected, status, by=by, what=f"{grain} {by} {params}")
                if metric == "nps" and grain == "month" and not by:
                    assert expected[(D(2025, 5, 1),)] is None  # the quiet month is in range
