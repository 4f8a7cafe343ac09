"""Feedback sentiment: the tone of written survey comments, read by VADER's lexicon and rules.

VADER (Hutto & Gilbert, 2014; the ``vaderSentiment`` package ships its lexicon) is a Python
model, so it cannot run inside the warehouse. The backend buckets the comments and counts each
distinct comment per bucket and group; only those distinct comments come to Python, where each
is read once (``ctx.score_text``).
"""

from __future__ import annotations

import functools
from typing import Any

import ibis
import ibis.expr.types as ir

from csm_kit import Benchmark, Param, metric
from csm_kit.errors import ParamError
from csm_kit_satisfaction.surveys import CATEGORY

# VADER's own thresholds on the compound score (its README: positive >= 0.05, negative <= -0.05)
POSITIVE, NEGATIVE = 0.05, -0.05
OTHER_THEME = "other"
# keyword themes: a comment belongs to each theme one of whose keywords it contains
# (case-insensitive, as a substring: 'integration' matches 'integrations')
DEFAULT_THEMES: dict[str, list[str]] = {
    "support": ["support", "help", "answer", "ticket"],
    "pricing": ["price", "pricing", "expensive", "cost", "value", "renew"],
    "reliability": ["slow", "fast", "reliab", "fail", "bug", "crash", "broken", "break"],
    "ease_of_use": ["easy", "hard to use", "confusing", "intuitive", "frustrat"],
    "reporting": ["report", "dashboard", "export"],
    "integrations": ["integration", "api"],
    "onboarding": ["onboarding", "up and running", "setup"],
}


@functools.cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def polarity(text: str) -> float:
    """+1 for a comment VADER reads as positive (compound >= 0.05), -1 for negative
    (<= -0.05), 0 for neutral."""
    compound = _analyzer().polarity_scores(text)["compound"]
    return 1.0 if compound >= POSITIVE else -1.0 if compound <= NEGATIVE else 0.0


def _check_themes(value: Any) -> None:
    where = "param 'themes'"
    if not value:
        raise ParamError(f"{where} is empty; give keyword lists such as "
                         "{'pricing': ['price', 'expensive']}")
    for name, words in value.items():
        if not isinstance(name, str) or not name.strip() or name == OTHER_THEME:
            raise ParamError(f"{where}: theme name {name!r} must be non-empty text other than "
                             f"{OTHER_THEME!r} (the theme of comments that match none)")
        if (not isinstance(words, list | tuple) or not words
                or not all(isinstance(w, str) and w.strip() for w in words)):
            raise ParamError(f"{where}: theme {name!r} needs a non-empty list of keywords (text), "
                             f"not {words!r}")


def _by_theme(rows: ir.Table, themes: dict[str, list[str]]) -> ir.Table:
    """`rows` with a `theme` column: a comment once per theme it matches, or once as 'other'."""
    text = rows.comment.lower()
    hits = {name: functools.reduce(lambda a, b: a | b,
                                   [text.contains(w.lower().strip()) for w in words])
            for name, words in themes.items()}
    parts = [rows.filter(hit).mutate(theme=ibis.literal(name)) for name, hit in hits.items()]
    none = ~functools.reduce(lambda a, b: a | b, hits.values())
    parts.append(rows.filter(none).mutate(theme=ibis.literal(OTHER_THEME)))
    return ibis.union(*parts)


@metric(
    id="feedback_sentiment", title="Feedback Sentiment", category=CATEGORY, unit="ratio",
    direction="higher_is_better",
    inputs={"survey_responses": ["account_id", "responded_at", "comment"]},
    dimensions=["theme"],
    params=[Param("themes", DEFAULT_THEMES, None,
                  "keyword themes for by=['theme']: theme -> keywords; a comment belongs to "
                  "each theme one of whose keywords it contains (case-insensitive substring), "
                  "or to 'other'", type=dict, validate=_check_themes,
                  examples=({"price": ["price", "expensive"], "speed": ["slow", "fast"]},))],
    benchmark=Benchmark(good=0.3, ok=0.0, source="convention",
                        note="good >= 0.3 (the catalog's convention); ok >= 0: no more negative "
                             "comments than positive ones"),
    source=["002", "004"],
)
def feedback_sentiment(t: Any, ctx: Any) -> ir.Table:
    """Net sentiment of the written comments of survey responses (any survey) in the bucket:
    the share VADER reads as positive (compound >= 0.05) minus the share it reads as negative
    (<= -0.05), in [-1, 1]; blank comments are left out. Split by keyword theme with
    ``by=["theme"]`` (the catalog's `by_theme` variant; keywords in the `themes` param): a
    comment counts in every theme it mentions. VADER is a Python model: the backend counts
    each distinct comment per bucket and group, and only those comments come to Python, where
    each is scored once."""
    r = t.survey_responses
    if "theme" in ctx.by:
        r = _by_theme(r, ctx.params["themes"])
    return ctx.score_text(r, at=r.responded_at, text=r.comment, score=polarity)
