"""The count variants of nps, csat, ces and customer_health_score against plain-Python oracles.

The oracles never look at plugins/: they follow these definitions, with loops and dicts over the
same rows (survey scales: nps '0-10' (default) or '1-10'; csat '1-3', '1-5' (default), '1-10';
ces '1-7' (default) or '1-5'; a response is on the scale when lo <= score <= hi, others are left
out; an event belongs to the bucket holding the UTC date of its naive timestamp):

* nps with params {"measure": "responses"}: per bucket of responded_at, the number of responses
  with survey 'nps' on the chosen scale. by=["answer"] splits them into '0-6 detractors'
  (score <= 6; '1-6 detractors' on the 1-10 scale), '7-8 passives' (6 < score <= 8) and
  '9-10 promoters' (score > 8);
* csat / ces with {"measure": "responses"} (method and threshold change nothing): the number of
  csat / ces responses on the scale; by=["answer"] splits them by the score as a whole number in
  text, '1', '2', ... (only whole-number scores are used here: rounding of halves is not fixed);
* every answer value seen in the range (on the scale, in a bucket of the range) appears in every
  bucket, 0 where there is none; combined with an accounts column (by=["segment", "answer"])
  every bucket x every accounts group x every answer seen; the unit is a count, status None;
* without measure='responses', by=["answer"] is refused with a DimensionError whose message
  contains "measure': 'responses'";
* customer_health_score with {"measure": "accounts"}: the number of accounts the score scores in
  the bucket, i.e. paying (MRR > 0; an account's MRR on day d is the sum of the mrr of its
  subscriptions with start_date <= d and (no end_date or end_date > d)) on the bucket's last day.
  by=["band"] splits them by their score: '70-100 green' (>= 70), '40-69 yellow' (40 <= score
  < 70), '0-39 red' (< 40); the scores of the hand-made accounts are derived by hand from
  docs/health-score.md; bands seen in the range appear in every bucket (docs/plugins.md: the
  spine holds every bucket x every value the metric's rows hold in the range); the total over the
  bands equals the unsplit count; by=["band"] without measure='accounts' is a DimensionError
  mentioning "measure': 'accounts'".

Hand-made rows with hand-derived counts in comments come first (the oracle must agree with the
hand numbers too), then seeded random rows compared with the oracle at month and week, with and
without by=["segment", "answer"] (accounts with a segment column, a null segment and an account
missing from accounts). Every test taking ``make_kit`` runs on DuckDB and on a real PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pytest

import csm_kit as ck
from tests.oracle_calendar import bucket_of, buckets, days_between, last_day
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime
MakeKit = Callable[..., ck.Kit]
Row = dict[str, Any]
Expected = dict[tuple, float | None]

RESPONSES = {"measure": "responses"}
SCALES = {
    "nps": {"0-10": (0, 10), "1-10": (1, 10)},
    "csat": {"1-3": (1, 3), "1-5": (1, 5), "1-10": (1, 10)},
    "ces": {"1-7": (1, 7), "1-5": (1, 5)},
}
DEFAULT_SCALE = {"nps": "0-10", "csat": "1-5", "ces": "1-7"}
DET, DET1, PAS, PRO = "0-6 detractors", "1-6 detractors", "7-8 passives", "9-10 promoters"
RED, YELLOW, GREEN = "0-39 red", "40-69 yellow", "70-100 green"
BANDS = (RED, YELLOW, GREEN)
JAN, FEB, MAR, APR = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)
Q1 = {"grain": "month", "start": "2025-01-01", "end": "2025-03-31"}


def no_status(v: float | None) -> None:
    return None


# -- rows --------------------------------------------------------------------------------------
def resp(survey: str, score: float, at: dt.datetime, account: str = "a1") -> Row:
    resp.n += 1  # type: ignore[attr-defined]
    return {"response_id": f"r{resp.n}", "account_id": account,  # type: ignore[attr-defined]
            "survey": survey, "score": float(score), "responded_at": at}


resp.n = 0  # type: ignore[attr-defined]

ACCOUNTS = [
    {"account_id": "a1", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a2", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a3", "segment": "ent", "created_at": T(2024, 1, 1)},
    {"account_id": "a4", "segment": None, "created_at": T(2024, 1, 1)},
    {"account_id": "a5", "segment": "mid", "created_at": T(2024, 1, 1)},  # never answers
]
SEGMENT = {a["account_id"]: a["segment"] for a in ACCOUNTS}  # a missing account: None
GROUPS = sorted(set(SEGMENT.values()), key=repr)


# -- the survey oracle -------------------------------------------------------------------------
def answer_of(survey: str, score: float, scale: str) -> str:
    """The answer group of an on-scale response."""
    if survey == "nps":
        if score <= 6:
            return DET1 if scale == "1-10" else DET
        return PAS if score <= 8 else PRO
    assert score == int(score), "only whole-number scores in these tests"
    return str(int(score))


def responses_oracle(rows: Iterable[Row], survey: str, scale: str, grain: str, first: dt.date,
                     last: dt.date, by: Sequence[str] = ()) -> Expected:
    """{(period_start, *by values): count} for every bucket (x group x answer seen)."""
    lo, hi = SCALES[survey][scale]
    spine = buckets(first, last, grain)
    counts: dict[tuple, int] = defaultdict(int)
    seen: set[str] = set()
    for r in rows:
        if r["survey"] != survey or not lo <= r["score"] <= hi:
            continue
        b = bucket_of(r["responded_at"].date(), grain)
        if b not in spine:
            continue
        ans = answer_of(survey, r["score"], scale)
        seen.add(ans)
        values = {"segment": SEGMENT.get(r["account_id"]), "answer": ans}
        counts[(b, *(values[d] for d in by))] += 1
    levels = {"segment": GROUPS, "answer": sorted(seen)}
    keys: list[tuple] = [(b,) for b in spine]
    for d in by:
        keys = [(*k, v) for k in keys for v in levels[d]]
    return {k: float(counts[k]) for k in keys}


def responses(kit: ck.Kit, metric: str, *, by: Sequence[str] = (), extra: Mapping | None = None,
              **rng: Any) -> ck.MetricFrame:
    res = kit.compute([metric], by=list(by) or None,
                      params={metric: {**RESPONSES, **(extra or {})}}, **rng)
    assert not res.errors, res.errors
    return res


def counts(res: ck.MetricFrame, metric: str, by: Sequence[str] = ()) -> dict[tuple, float | None]:
    return {k: v for k, (v, _) in result(res, metric, by).items()}


# -- NPS: hand-made ----------------------------------------------------------------------------
NPS_ROWS = [
    # January, whole scores at the edges of the groups
    resp("nps", 0, T(2025, 1, 1, 0, 0, 0)),  # detractor (off the 1-10 scale)
    resp("nps", 6, T(2025, 1, 5)),  # detractor
    resp("nps", 7, T(2025, 1, 6)),  # passive
    resp("nps", 8, T(2025, 1, 7)),  # passive
    resp("nps", 9, T(2025, 1, 8), "a3"),  # promoter
    resp("nps", 10, T(2025, 1, 31, 23, 59, 59), "a4"),  # promoter
    resp("nps", 11, T(2025, 1, 9)),  # off every scale
    resp("nps", -1, T(2025, 1, 9)),  # off every scale
    resp("csat", 5, T(2025, 1, 9)),  # other surveys: not counted
    resp("ces", 6, T(2025, 1, 9)),
    # February: no NPS response
    resp("csat", 1, T(2025, 2, 14)),
    # March: two promoters and a passive
    resp("nps", 9, T(2025, 3, 1, 0, 0, 0), "a2"),
    resp("nps", 10, T(2025, 3, 2), "a3"),
    resp("nps", 7, T(2025, 3, 31, 23, 59, 59), "a4"),
    # outside Q1
    resp("nps", 0, T(2024, 12, 31, 23, 59, 59)),
    resp("nps", 3, T(2025, 4, 1, 0, 0, 0)),
]


def test_nps_responses_by_answer(make_kit):
    kit = make_kit({"survey_responses": NPS_ROWS, "accounts": ACCOUNTS})

    # 0-10: Jan 0, 6, 7, 8, 9, 10 -> 6; Feb 0; Mar 3
    res = responses(kit, "nps", **Q1)
    expected = {(JAN,): 6.0, (FEB,): 0.0, (MAR,): 3.0}
    check(res, "nps", expected, no_status, what="0-10")
    assert expected == responses_oracle(NPS_ROWS, "nps", "0-10", "month", JAN, D(2025, 3, 31))
    assert [s for _, (_, s) in sorted(result(res, "nps").items())] == [None, None, None]

    # by answer: Jan 2 detractors, 2 passives, 2 promoters; Feb none; Mar 1 passive, 2 promoters
    res = responses(kit, "nps", by=["answer"], **Q1)
    expected = {(JAN, DET): 2.0, (JAN, PAS): 2.0, (JAN, PRO): 2.0,
                (FEB, DET): 0.0, (FEB, PAS): 0.0, (FEB, PRO): 0.0,
                (MAR, DET): 0.0, (MAR, PAS): 1.0, (MAR, PRO): 2.0}
    check(res, "nps", expected, no_status, by=["answer"], what="0-10 by answer")
    assert expected == responses_oracle(NPS_ROWS, "nps", "0-10", "month", JAN, D(2025, 3, 31),
                                        ["answer"])

    # 1-10: the 0 of Jan 1 is off the scale -> Jan 5; the label is '1-6 detractors'
    res = responses(kit, "nps", by=["answer"], extra={"scale": "1-10"}, **Q1)
    expected = {(JAN, DET1): 1.0, (JAN, PAS): 2.0, (JAN, PRO): 2.0,
                (FEB, DET1): 0.0, (FEB, PAS): 0.0, (FEB, PRO): 0.0,
                (MAR, DET1): 0.0, (MAR, PAS): 1.0, (MAR, PRO): 2.0}
    check(res, "nps", expected, no_status, by=["answer"], what="1-10 by answer")
    assert expected == responses_oracle(NPS_ROWS, "nps", "1-10", "month", JAN, D(2025, 3, 31),
                                        ["answer"])
    res = responses(kit, "nps", extra={"scale": "1-10"}, **Q1)
    check(res, "nps", {(JAN,): 5.0, (FEB,): 0.0, (MAR,): 3.0}, no_status, what="1-10")

    # only answers seen in the range: Feb-Mar holds no detractor (Jan's and Apr's are outside)
    res = responses(kit, "nps", by=["answer"], grain="month", start="2025-02-01",
                    end="2025-03-31")
    expected = {(FEB, PAS): 0.0, (FEB, PRO): 0.0, (MAR, PAS): 1.0, (MAR, PRO): 2.0}
    check(res, "nps", expected, no_status, by=["answer"], what="Feb-Mar by answer")


def test_nps_fractional_scores_by_answer(make_kit):
    # the group bounds of the spec: detractor score <= 6, passive 6 < score <= 8, promoter > 8
    rows = [
        resp("nps", 5.999, T(2025, 1, 2)),  # detractor
        resp("nps", 6.0, T(2025, 1, 3)),  # detractor
        resp("nps", 6.5, T(2025, 1, 4)),  # passive
        resp("nps", 8.0, T(2025, 1, 5)),  # passive
        resp("nps", 8.5, T(2025, 1, 6)),  # promoter (> 8)
        resp("nps", 9.5, T(2025, 1, 7)),  # promoter
        resp("nps", 10.5, T(2025, 1, 8)),  # off the scale
        resp("nps", 0.5, T(2025, 1, 9)),  # detractor on 0-10 and on 1-10 (off: 0.5 < 1)
    ]
    kit = make_kit({"survey_responses": rows})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-01-31"}
    res = responses(kit, "nps", by=["answer"], **rng)
    check(res, "nps", {(JAN, DET): 3.0, (JAN, PAS): 2.0, (JAN, PRO): 2.0}, no_status,
          by=["answer"], what="fractional 0-10")
    res = responses(kit, "nps", by=["answer"], extra={"scale": "1-10"}, **rng)
    check(res, "nps", {(JAN, DET1): 2.0, (JAN, PAS): 2.0, (JAN, PRO): 2.0}, no_status,
          by=["answer"], what="fractional 1-10")


# -- CSAT and CES: hand-made -------------------------------------------------------------------
CSAT_ROWS = [
    # January: 1 .. 5 once, 5 twice; 0 is off every scale, 6 only on 1-10
    resp("csat", 1, T(2025, 1, 1, 0, 0, 0)),
    resp("csat", 2, T(2025, 1, 2)),
    resp("csat", 3, T(2025, 1, 3), "a3"),
    resp("csat", 4, T(2025, 1, 4)),
    resp("csat", 5, T(2025, 1, 5), "a4"),
    resp("csat", 5, T(2025, 1, 31, 23, 59, 59)),
    resp("csat", 0, T(2025, 1, 6)),
    resp("csat", 6, T(2025, 1, 7)),
    resp("nps", 5, T(2025, 1, 8)),  # other surveys: not counted
    resp("ces", 5, T(2025, 1, 8)),
    # February: none; March: 4, 4 and a 10 (1-10 only)
    resp("csat", 4, T(2025, 3, 1, 0, 0, 0)),
    resp("csat", 4, T(2025, 3, 31, 23, 59, 59)),
    resp("csat", 10, T(2025, 3, 15)),
    resp("csat", 2, T(2025, 4, 1, 0, 0, 0)),  # after the range
]


def test_csat_responses_by_answer(make_kit):
    kit = make_kit({"survey_responses": CSAT_ROWS})
    last = D(2025, 3, 31)
    # 1-5: Jan 1, 2, 3, 4, 5, 5 -> 6; Feb 0; Mar 4, 4 -> 2; method and threshold change nothing
    for extra in ({}, {"method": "mean"}, {"threshold": 3}, {"method": "top_box", "scale": "1-5"}):
        res = responses(kit, "csat", extra=extra, **Q1)
        check(res, "csat", {(JAN,): 6.0, (FEB,): 0.0, (MAR,): 2.0}, no_status, what=str(extra))
    expected = {(JAN, "1"): 1.0, (JAN, "2"): 1.0, (JAN, "3"): 1.0, (JAN, "4"): 1.0, (JAN, "5"): 2.0,
                (MAR, "4"): 2.0}
    expected = {(m, a): expected.get((m, a), 0.0) for m in (JAN, FEB, MAR) for a in "12345"}
    assert expected == responses_oracle(CSAT_ROWS, "csat", "1-5", "month", JAN, last, ["answer"])
    for extra in ({}, {"method": "mean", "threshold": 2}):
        res = responses(kit, "csat", by=["answer"], extra=extra, **Q1)
        check(res, "csat", expected, no_status, by=["answer"], what=f"1-5 {extra}")

    # 1-10: Jan adds the 6 -> 7, Mar adds the 10 -> 3; answers '1' .. '6' and '10'
    res = responses(kit, "csat", by=["answer"], extra={"scale": "1-10"}, **Q1)
    expected = {(JAN, "1"): 1.0, (JAN, "2"): 1.0, (JAN, "3"): 1.0, (JAN, "4"): 1.0, (JAN, "5"): 2.0,
                (JAN, "6"): 1.0, (MAR, "4"): 2.0, (MAR, "10"): 1.0}
    answers = ["1", "2", "3", "4", "5", "6", "10"]
    expected = {(m, a): expected.get((m, a), 0.0) for m in (JAN, FEB, MAR) for a in answers}
    assert expected == responses_oracle(CSAT_ROWS, "csat", "1-10", "month", JAN, last, ["answer"])
    check(res, "csat", expected, no_status, by=["answer"], what="1-10")

    # 1-3: Jan 1, 2, 3 -> 3; Mar none on the scale
    res = responses(kit, "csat", extra={"scale": "1-3"}, **Q1)
    check(res, "csat", {(JAN,): 3.0, (FEB,): 0.0, (MAR,): 0.0}, no_status, what="1-3")
    res = responses(kit, "csat", by=["answer"], extra={"scale": "1-3"}, **Q1)
    expected = {(m, a): 1.0 if m == JAN else 0.0 for m in (JAN, FEB, MAR) for a in "123"}
    assert expected == responses_oracle(CSAT_ROWS, "csat", "1-3", "month", JAN, last, ["answer"])
    check(res, "csat", expected, no_status, by=["answer"], what="1-3 by answer")


CES_ROWS = [
    # January: 1, 4, 5, 7, 7 on 1-7; 0 and 8 off both scales; on 1-5 only 1, 4, 5
    resp("ces", 1, T(2025, 1, 1, 0, 0, 0)),
    resp("ces", 4, T(2025, 1, 2)),
    resp("ces", 5, T(2025, 1, 3)),
    resp("ces", 7, T(2025, 1, 4)),
    resp("ces", 7, T(2025, 1, 31, 23, 59, 59)),
    resp("ces", 0, T(2025, 1, 5)),
    resp("ces", 8, T(2025, 1, 5)),
    resp("csat", 3, T(2025, 1, 5)),  # other surveys: not counted
    resp("nps", 2, T(2025, 1, 5)),
    # February none; March one 6 (off 1-5)
    resp("ces", 6, T(2025, 3, 10)),
    resp("ces", 2, T(2024, 12, 31, 23, 59, 59)),  # before the range: '2' is never seen
]


def test_ces_responses_by_answer(make_kit):
    kit = make_kit({"survey_responses": CES_ROWS})
    last = D(2025, 3, 31)
    for extra in ({}, {"method": "share_easy"}):
        res = responses(kit, "ces", extra=extra, **Q1)
        check(res, "ces", {(JAN,): 5.0, (FEB,): 0.0, (MAR,): 1.0}, no_status, what=str(extra))
    res = responses(kit, "ces", by=["answer"], **Q1)
    expected = {(JAN, "1"): 1.0, (JAN, "4"): 1.0, (JAN, "5"): 1.0, (JAN, "7"): 2.0, (MAR, "6"): 1.0}
    expected = {(m, a): expected.get((m, a), 0.0) for m in (JAN, FEB, MAR) for a in "14567"}
    assert expected == responses_oracle(CES_ROWS, "ces", "1-7", "month", JAN, last, ["answer"])
    check(res, "ces", expected, no_status, by=["answer"], what="1-7 by answer")

    # 1-5: Jan 1, 4, 5 -> 3; Mar's 6 is off the scale
    res = responses(kit, "ces", extra={"scale": "1-5"}, **Q1)
    check(res, "ces", {(JAN,): 3.0, (FEB,): 0.0, (MAR,): 0.0}, no_status, what="1-5")
    res = responses(kit, "ces", by=["answer"], extra={"scale": "1-5"}, **Q1)
    expected = {(m, a): 1.0 if m == JAN else 0.0 for m in (JAN, FEB, MAR) for a in "145"}
    assert expected == responses_oracle(CES_ROWS, "ces", "1-5", "month", JAN, last, ["answer"])
    check(res, "ces", expected, no_status, by=["answer"], what="1-5 by answer")


def test_answer_split_needs_measure_responses(make_kit):
    kit = make_kit({"survey_responses": [resp("nps", 9, T(2025, 1, 1)), resp("csat", 4, T(2025, 1, 2)),
                                         resp("ces", 5, T(2025, 1, 3))]})
    for metric in ("nps", "csat", "ces"):
        with pytest.raises(ck.DimensionError) as err:
            kit.compute(metric, by=["answer"], strict=True)
        assert "measure': 'responses'" in str(err.value), (metric, str(err.value))
        # the score itself (measure='score') is refused too
        with pytest.raises(ck.DimensionError) as err:
            kit.compute(metric, by=["answer"], strict=True, params={metric: {"measure": "score"}})
        assert "measure': 'responses'" in str(err.value), (metric, str(err.value))


# -- seeded random survey rows -----------------------------------------------------------------
def random_rows(seed: int, n: int = 160) -> list[Row]:
    rng = random.Random(seed)
    accounts = ["a1", "a2", "a3", "a4", "zz_missing"]  # a5 never answers; zz is not in accounts
    start = T(2025, 1, 1)
    span = int((T(2025, 4, 1) - start).total_seconds())
    rows = []
    for i in range(n):
        if i % 20 == 0:  # some on exact midnights and last seconds of a day
            day = start + dt.timedelta(days=rng.randrange(1, 90))
            at = day if i % 40 == 0 else day - dt.timedelta(seconds=1)
        else:
            at = start + dt.timedelta(seconds=rng.randrange(span))
        rows.append({"response_id": f"x{i}", "account_id": rng.choice(accounts),
                     "survey": rng.choice(["nps", "nps", "csat", "csat", "ces", "ces", "other"]),
                     "score": float(rng.randint(-1, 11)), "responded_at": at})
    return rows


# scales asked together: (nps, csat, ces)
SCALE_SETS = [("0-10", "1-5", "1-7"), ("1-10", "1-10", "1-5"), (None, "1-3", None)]


@pytest.mark.parametrize("seed", [11])
def test_responses_random_against_oracle(make_kit, seed):
    rows = random_rows(seed)
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    runs = [
        ("month", "2025-01-01", "2025-03-31", ()),
        ("month", "2025-01-01", "2025-03-31", ("segment", "answer")),
        ("month", "2025-02-10", "2025-03-05", ("answer",)),
        ("week", "2025-01-01", "2025-03-31", ()),
        ("week", "2025-01-20", "2025-03-10", ("segment", "answer")),
    ]
    for i, (grain, start, end, by) in enumerate(runs):
        first, last = D.fromisoformat(start), D.fromisoformat(end)
        for scales in SCALE_SETS[: 3 if i < 2 else 2]:
            metrics = {m: s for m, s in zip(("nps", "csat", "ces"), scales, strict=True) if s}
            res = kit.compute(list(metrics), grain=grain, start=start, end=end, by=list(by) or None,
                              params={m: {**RESPONSES, "scale": s} for m, s in metrics.items()})
            assert not res.errors, res.errors
            for metric, scale in metrics.items():
                expected = responses_oracle(rows, metric, scale, grain, first, last, by)
                assert sum(v for v in expected.values() if v) > 0  # something to count
                check(res, metric, expected, no_status, by=by, what=f"{grain} {by} {scale}")


# -- customer_health_score, measure='accounts' -------------------------------------------------
def sub(sid: str, acc: str, start: dt.date, end: dt.date | None, mrr: float) -> Row:
    return {"subscription_id": sid, "account_id": acc, "start_date": start, "end_date": end,
            "mrr": mrr}


def daily_events(acc: str, first: dt.date, last: dt.date) -> list[Row]:
    return [{"user_id": f"{acc}-u", "account_id": acc, "occurred_at": T(d.year, d.month, d.day, 12),
             "event_name": "login", "feature": None} for d in days_between(first, last)]


HEALTH: dict[str, list[Row]] = {
    "accounts": [{"account_id": a, "segment": s, "created_at": T(2020, 1, 1)} for a, s in
                 [("red", "smb"), ("yellow", "smb"), ("green", "ent"), ("gone", "ent"),
                  ("busy", None), ("fan", "smb"), ("late", "ent"), ("free", "smb")]],
    "subscriptions": [
        sub("s1", "red", D(2024, 1, 1), None, 100.0),
        sub("s2", "yellow", D(2024, 1, 1), None, 100.0),
        sub("s3", "green", D(2024, 12, 15), None, 200.0),
        sub("s4", "gone", D(2024, 1, 1), D(2025, 3, 31), 100.0),  # ends on March's L
        sub("s5", "busy", D(2024, 1, 1), None, 50.0),
        sub("s6", "fan", D(2024, 1, 1), None, 80.0),
        sub("s7", "late", D(2025, 4, 30), None, 30.0),  # starts on April's L
        sub("s8", "free", D(2024, 1, 1), None, 0.0),  # MRR 0: never scored
    ],
    "events": [*daily_events("yellow", D(2024, 11, 1), D(2025, 4, 30)),
               *daily_events("green", D(2024, 11, 1), D(2025, 4, 30)),
               *daily_events("busy", D(2024, 11, 1), D(2025, 4, 30))],
    "tickets": [{"ticket_id": f"t{i}", "account_id": "busy", "created_at": T(2025, 1, 10, 9)}
                for i in range(10)],
    "survey_responses": [resp("nps", 10, T(2025, 2, 10), "fan")],
}

# Hand-derived scores (weights 0.4 usage, 0.2 satisfaction, support, revenue; satisfaction left
# out when the account has no answers, the others re-weighted). L = Jan 31, Feb 28, Mar 31,
# Apr 30; L-90 = 2024-11-02, 2024-11-30, 2024-12-31, 2025-01-30. Daily events from 2024-11-01:
# a = b = 30 -> usage 50; no events: usage 0.
# red: usage 0, support 100, revenue 100/(100+100) = 50 -> (0 + 20 + 10) / 0.8 = 37.5 red
# yellow: usage 50, support 100, revenue 50 -> (20 + 20 + 10) / 0.8 = 62.5 yellow
# green: usage 50, support 100; MRR on L-90 is 0 in Jan and Feb (starts Dec 15): revenue 100
#   -> (20 + 20 + 20) / 0.8 = 75 green; in Mar and Apr revenue 50 -> 62.5 yellow
# gone: as red, 37.5 in Jan and Feb; not paying on Mar 31 (end_date = L) nor in Apr
# busy: usage 50, 10 tickets on Jan 10 -> support 0 while Jan 10 is in the 90 days to L (Jan,
#   Feb, Mar): (20 + 0 + 10) / 0.8 = 37.5 red; Apr (window Jan 31 .. Apr 30): 62.5 yellow
# fan: usage 0, support 100, revenue 50; Jan: no answer -> 37.5 red; from Feb an NPS 10 ->
#   satisfaction 100 -> (0 + 20 + 20 + 10) / 1.0 = 50 yellow
# late: paying from Apr 30 only: usage 0, support 100, revenue 100 (0 on L-90)
#   -> (0 + 20 + 20) / 0.8 = 50 yellow
# free: MRR 0, never scored
HAND_SCORES: dict[dt.date, dict[str, float]] = {
    JAN: {"red": 37.5, "yellow": 62.5, "green": 75.0, "gone": 37.5, "busy": 37.5, "fan": 37.5},
    FEB: {"red": 37.5, "yellow": 62.5, "green": 75.0, "gone": 37.5, "busy": 37.5, "fan": 50.0},
    MAR: {"red": 37.5, "yellow": 62.5, "green": 62.5, "busy": 37.5, "fan": 50.0},
    APR: {"red": 37.5, "yellow": 62.5, "green": 62.5, "busy": 62.5, "fan": 50.0, "late": 50.0},
}


def band_of(score: float) -> str:
    return GREEN if score >= 70 else YELLOW if score >= 40 else RED


def mrr_on(subs: Iterable[Row], day: dt.date) -> dict[str, float]:
    """{account: MRR on `day`}: start_date <= day and (no end_date or end_date > day)."""
    out: dict[str, float] = defaultdict(float)
    for s in subs:
        if s["start_date"] <= day and (s["end_date"] is None or s["end_date"] > day):
            out[s["account_id"]] += s["mrr"]
    return out


def accounts_oracle(subs: Sequence[Row], segments: Mapping[str, str | None], grain: str,
                    first: dt.date, last: dt.date, by_segment: bool = False) -> Expected:
    """{(period_start[, segment]): accounts paying (MRR > 0) on the bucket's last day}."""
    groups = sorted(set(segments.values()), key=repr)
    out: Expected = {}
    for b in buckets(first, last, grain):
        paying = [a for a, m in mrr_on(subs, last_day(b, grain)).items() if m > 0]
        if not by_segment:
            out[(b,)] = float(len(paying))
            continue
        for g in groups:
            out[(b, g)] = float(sum(1 for a in paying if segments.get(a) == g))
    return out


def health(kit: ck.Kit, *, by: Sequence[str] = (), **rng: Any) -> ck.MetricFrame:
    res = kit.compute(["customer_health_score"], by=list(by) or None,
                      params={"customer_health_score": {"measure": "accounts"}}, **rng)
    assert not res.errors, res.errors
    return res


def test_health_accounts_by_band(make_kit):
    kit = make_kit(HEALTH)
    m = "customer_health_score"
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-04-30"}
    segments = {a["account_id"]: a["segment"] for a in HEALTH["accounts"]}

    # paying on L: Jan, Feb 6 (all but late and free); Mar 5 (gone ended on Mar 31); Apr 6 (+late)
    total = {(JAN,): 6.0, (FEB,): 6.0, (MAR,): 5.0, (APR,): 6.0}
    assert total == {(p,): float(len(s)) for p, s in HAND_SCORES.items()}
    assert total == accounts_oracle(HEALTH["subscriptions"], segments, "month", JAN, D(2025, 4, 30))
    res = health(kit, **rng)
    check(res, m, total, no_status, what="accounts")

    # bands: Jan red 4 (red, gone, busy, fan), yellow 1, green 1; Feb red 3, yellow 2 (fan),
    # green 1; Mar red 2 (red, busy), yellow 3, green 0; Apr red 1, yellow 5, green 0
    bands = {(JAN, RED): 4.0, (JAN, YELLOW): 1.0, (JAN, GREEN): 1.0,
             (FEB, RED): 3.0, (FEB, YELLOW): 2.0, (FEB, GREEN): 1.0,
             (MAR, RED): 2.0, (MAR, YELLOW): 3.0, (MAR, GREEN): 0.0,
             (APR, RED): 1.0, (APR, YELLOW): 5.0, (APR, GREEN): 0.0}
    derived = {(p, b): float(sum(1 for s in scores.values() if band_of(s) == b))
               for p, scores in HAND_SCORES.items() for b in BANDS}
    assert bands == derived
    res = health(kit, by=["band"], **rng)
    check(res, m, bands, no_status, by=["band"], what="by band")
    for p in HAND_SCORES:  # the bands add up to the unsplit count
        assert sum(v for (q, _), v in counts(res, m, ["band"]).items() if q == p) == total[(p,)]

    # by segment: smb red, yellow, fan (free never); ent green, gone, late; None busy
    res = health(kit, by=["segment"], **rng)
    expected = accounts_oracle(HEALTH["subscriptions"], segments, "month", JAN, D(2025, 4, 30),
                               by_segment=True)
    assert expected[(MAR, "ent")] == 1.0 and expected[(APR, "ent")] == 2.0
    assert expected[(JAN, "smb")] == 3.0 and expected[(JAN, None)] == 1.0
    check(res, m, expected, no_status, by=["segment"], what="by segment")

    # a bucket before any subscription: 0 accounts; Jan 2024: red, yellow, gone, busy, fan
    res = health(kit, grain="month", start="2023-12-01", end="2024-01-31")
    expected = {(D(2023, 12, 1),): 0.0, (D(2024, 1, 1),): 5.0}
    assert expected == accounts_oracle(HEALTH["subscriptions"], segments, "month",
                                       D(2023, 12, 1), D(2024, 1, 31))
    check(res, m, expected, no_status, what="empty bucket")

    # the split by band needs measure='accounts'
    for params in (None, {m: {"measure": "mean"}}):
        with pytest.raises(ck.DimensionError) as err:
            kit.compute(m, by=["band"], strict=True, params=params)
        assert "measure': 'accounts'" in str(err.value), str(err.value)


def random_subscriptions(seed: int, n: int = 18) -> list[Row]:
    """Subscriptions of a1 .. a6 (several per account): open, zero-length, ending on a first of
    the month or after some days; some with MRR 0."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        start = D(2024, 10, 1) + dt.timedelta(days=rng.randrange(200))
        kind = rng.choice(["open", "zero", "first", "days"])
        end = {"open": None, "zero": start,
               "first": bucket_of(start + dt.timedelta(days=rng.choice([31, 62])), "month"),
               "days": start + dt.timedelta(days=rng.randrange(1, 120))}[kind]
        rows.append(sub(f"s{i}", f"a{rng.randrange(1, 7)}", start, end,
                        rng.choice([0.0, 0.0, 10.0, 49.5, 100.0, 250.0])))
    return rows


@pytest.mark.parametrize("seed", [5])
def test_health_accounts_random_against_oracle(make_kit, seed):
    subs = random_subscriptions(seed)
    # a6 is missing from accounts: it falls in the null group, with a4
    kit = make_kit({"subscriptions": subs, "accounts": ACCOUNTS, "events": [], "tickets": [],
                    "survey_responses": []})
    m = "customer_health_score"
    for grain, start, end in (("month", "2024-11-01", "2025-05-31"),
                              ("week", "2025-01-01", "2025-03-31")):
        first, last = D.fromisoformat(start), D.fromisoformat(end)
        expected = accounts_oracle(subs, SEGMENT, grain, first, last)
        assert len(set(expected.values())) > 2  # the count moves
        check(health(kit, grain=grain, start=start, end=end), m, expected, no_status, what=grain)
        expected = accounts_oracle(subs, SEGMENT, grain, first, last, by_segment=True)
        res = health(kit, grain=grain, start=start, end=end, by=["segment"])
        check(res, m, expected, no_status, by=["segment"], what=f"{grain} by segment")
        # the bands add up to the unsplit count in every bucket
        per_band = counts(health(kit, grain=grain, start=start, end=end, by=["band"]), m, ["band"])
        assert {k[1] for k in per_band} <= set(BANDS)
        sums: dict[tuple, float] = defaultdict(float)
        for (p, _), v in per_band.items():
            sums[(p,)] += v or 0.0
        total = accounts_oracle(subs, SEGMENT, grain, first, last)
        assert {k: v for k, v in total.items() if v} == {k: v for k, v in sums.items() if v}
