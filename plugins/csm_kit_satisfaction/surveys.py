"""Survey aggregates: each reads the responses of one survey in `survey_responses`.

Responses whose score lies outside the chosen scale are left out of numerator and denominator.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, DimensionError, Param, ParamError, metric

CATEGORY = "Satisfaction and loyalty"
INPUTS = {"survey_responses": ["account_id", "survey", "score", "responded_at"]}
SCALES = {"0-10": (0, 10), "1-10": (1, 10), "1-3": (1, 3), "1-5": (1, 5), "1-7": (1, 7)}


MEASURE = Param("measure", "score", ("score", "responses"),
                "score: the metric; responses: how many answers it reads, which by=['answer'] "
                "splits into the answer distribution")
ANSWER = "answer"  # the dimension of the answers: a response's answer (or its category)


def answer_counts(ctx: Any, r: ir.Table, answer: ir.StringValue) -> ir.Table:
    """How many of the responses `r` each bucket holds (per answer with by=['answer'])."""
    return ctx.aggregate(r.mutate(**{ANSWER: answer}), at=r.responded_at, value=ibis._.count())


def score_only(ctx: Any) -> None:
    """A score split by answer is no distribution: say how to ask for one."""
    if ANSWER in ctx.by:
        raise DimensionError(
            f"metric {ctx.metric_id!r} splits by {ANSWER!r} only as a count of responses: pass "
            f"params={{{ctx.metric_id!r}: {{'measure': 'responses'}}}} for its answer "
            "distribution")


def whole_answer(r: ir.Table) -> ir.StringValue:
    """A response's answer as text: the score rounded to a whole number ('4')."""
    return r.score.round().cast("int64").cast("string")


def responses(t: Any, survey: str, scale: str) -> ir.Table:
    """The responses to `survey` whose score lies on `scale`."""
    lo, hi = SCALES[scale]
    r = t.survey_responses
    return r.filter((r.survey == survey) & r.score.between(lo, hi))


@metric(
    id="nps", title="Net Promoter Score", category=CATEGORY, unit="score",
    direction="higher_is_better", inputs=INPUTS,
    params=[Param("scale", "0-10", ("0-10", "1-10"),
                  "answer scale; promoters score 9-10 and detractors 6 or less on both"),
            MEASURE],
    variant_units={"measure": {"responses": "count"}},
    benchmark_when={"measure": "score"},
    benchmark=Benchmark(good=50, ok=0, source="003"),
    source=["001", "002", "003", "004"],
    dimensions=[ANSWER], stack=ANSWER,
)
def nps(t: Any, ctx: Any) -> ir.Table:
    """% promoters (9-10) minus % detractors (0-6) among NPS responses; passives (7-8) count in
    the denominator. A score in [-100, 100]. With measure='responses', the number of NPS
    responses; by=['answer'] splits them into '0-6 detractors' ('1-6' on the 1-10 scale),
    '7-8 passives' and '9-10 promoters'."""
    r = responses(t, "nps", ctx.params["scale"])
    if ctx.params["measure"] == "responses":
        low = SCALES[ctx.params["scale"]][0]
        category = ibis.cases((r.score <= 6, f"{low}-6 detractors"),
                              (r.score <= 8, "7-8 passives"), else_="9-10 promoters")
        return answer_counts(ctx, r, category)
    score_only(ctx)
    net = (r.score >= 9).ifelse(100, 0) - (r.score <= 6).ifelse(100, 0)
    return ctx.ratio(r, at=r.responded_at, numerator=net, denominator=1)


CSAT_THRESHOLD = {"1-3": 3, "1-5": 4, "1-10": 9}


@metric(
    id="csat", title="Customer Satisfaction (CSAT)", category=CATEGORY, unit="fraction",
    direction="higher_is_better", inputs=INPUTS,
    params=[
        Param("method", "top_box", ("top_box", "mean"),
              "top_box: share of satisfied responses; mean: sum of scores / respondents (004)"),
        Param("scale", "1-5", ("1-3", "1-5", "1-10"), "answer scale"),
        Param("threshold", None, None,
              "lowest satisfied score, within the scale (default: 3 on 1-3, 4 on 1-5, 9 on 1-10)",
              (int, float), minimum=0, maximum=10, examples=(3,)),
        MEASURE,
    ],
    variant_units={"measure": {"responses": "count"}, "method": {"mean": "score"}},
    benchmark_when={"method": "top_box", "measure": "score"},
    benchmark=Benchmark(good=0.80, source="003"),
    source=["000", "002", "003", "004"],
    dimensions=[ANSWER], stack=ANSWER,
)
def csat(t: Any, ctx: Any) -> ir.Table:
    """Share of CSAT responses in the top two boxes (4-5 on a 1-5 scale); with method='mean',
    the mean score. With measure='responses', the number of CSAT responses on the scale;
    by=['answer'] splits them by answer ('1' .. '5', scores rounded to whole answers)."""
    scale = ctx.params["scale"]
    r = responses(t, "csat", scale)
    if ctx.params["measure"] == "responses":
        return answer_counts(ctx, r, whole_answer(r))
    score_only(ctx)
    if ctx.params["method"] == "mean":
        return ctx.ratio(r, at=r.responded_at, numerator=r.score, denominator=1)
    threshold = ctx.params["threshold"]
    threshold = CSAT_THRESHOLD[scale] if threshold is None else threshold
    lo, hi = SCALES[scale]
    if not lo <= threshold <= hi:
        raise ParamError(f"metric 'csat': param 'threshold' = {threshold!r} lies outside the "
                         f"{scale} scale; give a score from {lo} to {hi}")
    return ctx.ratio(r, at=r.responded_at, numerator=(r.score >= threshold).ifelse(1, 0),
                     denominator=1)


CES_EASY = {"1-7": 5, "1-5": 4}


@metric(
    id="ces", title="Customer Effort Score (CES)", category=CATEGORY, unit="score",
    direction="higher_is_better", inputs=INPUTS,
    params=[
        Param("method", "mean", ("mean", "share_easy"),
              "mean: mean score; share_easy: share scoring 5-7 (4-5 on 1-5)"),
        Param("scale", "1-7", ("1-7", "1-5"), "answer scale, higher = easier"),
        MEASURE,
    ],
    variant_units={"measure": {"responses": "count"}, "method": {"share_easy": "fraction"}},
    benchmark_when={"method": "mean", "scale": "1-7", "measure": "score"},
    benchmark=Benchmark(good=5.0, source="convention",
                        note="a common convention, not from the seeds: 5 of 7 means 'easy'"),
    source=["000", "003"],
    dimensions=[ANSWER], stack=ANSWER,
)
def ces(t: Any, ctx: Any) -> ir.Table:
    """Mean answer on the 1-7 'it was easy to...' scale (higher = easier). With
    measure='responses', the number of CES responses on the scale; by=['answer'] splits them
    by answer ('1' .. '7', scores rounded to whole answers)."""
    scale = ctx.params["scale"]
    r = responses(t, "ces", scale)
    if ctx.params["measure"] == "responses":
        return answer_counts(ctx, r, whole_answer(r))
    score_only(ctx)
    if ctx.params["method"] == "share_easy":
        easy = (r.score >= CES_EASY[scale]).ifelse(1, 0)
        return ctx.ratio(r, at=r.responded_at, numerator=easy, denominator=1)
    return ctx.ratio(r, at=r.responded_at, numerator=r.score, denominator=1)


@metric(
    id="propensity_to_renew", title="Propensity to Renew", category=CATEGORY, unit="fraction",
    direction="higher_is_better", inputs=INPUTS,
    params=[Param("method", "mean", ("mean", "share_likely"),
                  "mean: mean answer / 10; share_likely: share answering 9 or 10")],
    benchmark=Benchmark(good=0.8, source="convention",
                        note="a common target (not in the seeds): 8 of 10 on average, or 80% "
                             "likely"),
    source=["001"],
)
def propensity_to_renew(t: Any, ctx: Any) -> ir.Table:
    """How likely customers say they are to renew: the mean answer to the renewal-intent survey
    ('how likely are you to renew?', 0-10) divided by 10, in [0, 1]; with method='share_likely',
    the share answering 9 or 10. Answers off the 0-10 scale are left out."""
    r = responses(t, "renewal_intent", "0-10")
    if ctx.params["method"] == "share_likely":
        return ctx.ratio(r, at=r.responded_at, numerator=(r.score >= 9).ifelse(1, 0),
                         denominator=1)
    mean = ctx.ratio(r, at=r.responded_at, numerator=r.score, denominator=1)
    return mean.mutate(value=mean.value / 10)  # after the mean: 8.0 / 10 is exactly 0.8


@metric(
    id="feedback_volume", title="Qualitative Feedback Volume", category=CATEGORY, unit="count",
    direction="higher_is_better",
    inputs={"survey_responses": ["account_id", "responded_at", "comment"]},
    params=[Param("measure", "count", ("count", "share"),
                  "count: responses with a written comment; share: their share of all "
                  "responses")],
    variant_units={"measure": {"share": "fraction"}},
    benchmark=Benchmark.unbanded("depends on how often you ask: judge it by its trend"),
    source=["002", "004"],
)
def feedback_volume(t: Any, ctx: Any) -> ir.Table:
    """Survey responses (any survey) with a written comment (not empty, not only spaces); with
    measure='share', their share of all responses in the bucket."""
    r = t.survey_responses
    written = (r.comment.notnull() & (r.comment.strip().length() > 0)).ifelse(1, 0)
    if ctx.params["measure"] == "share":
        return ctx.ratio(r, at=r.responded_at, numerator=written, denominator=1)
    return ctx.aggregate(r.mutate(written=written), at=r.responded_at,
                         value=ibis._.written.sum())
