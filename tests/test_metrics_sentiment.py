"""feedback_sentiment against a plain-Python oracle (written from /work/notes/specs/feedback_sentiment.md).

The oracle below walks the same rows with dicts and loops; it shares no code with plugins/:

* input: survey_responses (any survey counts) and, for ``by=["segment"]``, accounts;
* per comment, VADER's compound score c (vaderSentiment's SentimentIntensityAnalyzer) gives a
  polarity: +1 if c >= 0.05, -1 if c <= -0.05, else 0;
* a response belongs to the bucket holding date(responded_at); the value of a bucket (and group)
  is the mean polarity over its responses whose comment is not null and not blank (blank = only
  spaces, tabs or newlines), i.e. share positive - share negative, in [-1, 1]. Every response
  counts: two responses with the same text count twice. Null when there is no such comment;
* status: 'good' at >= 0.3, 'ok' at >= 0, 'bad' below, None when null;
* ``by=["theme"]``: a comment belongs to every theme one of whose keywords (lower-cased) is a
  substring of the lower-cased comment, to the theme "other" when it matches none. Default themes
  in DEFAULT_THEMES; a `themes` param replaces them entirely. The theme groups of the result are
  the themes with at least one non-blank comment in the computed range (the buckets holding start
  and end); each is in every bucket, null where it has no comment. ``by=["segment", "theme"]``
  splits by both (the combinations that have comments are checked; every other row is null);
* ``by=["segment"]``: the account's segment; an account missing from accounts is the None group;
  every accounts segment is in every bucket (null when it has no comment);
* errors: themes {} / a theme named 'other' / a theme with no keyword -> ParamError; a metric that
  has no theme dimension computed with by=["theme"] is left out with a DimensionError;
* SQL: to_sql starts with a "-- feedback_sentiment:" comment (texts are scored in Python), then a
  SELECT.

Hand-made rows carry hand-derived values (VADER's compound of each text in a comment; the oracle
must agree with them too), then seeded random rows are compared with the oracle at two grains,
with every split. Every test runs on DuckDB and on a real PostgreSQL (``make_kit``), except the
one on the default sample.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import csm_kit as ck
from tests.oracle_calendar import bucket_of, buckets
from tests.oracle_results import check, result

D = dt.date
T = dt.datetime
METRIC = "feedback_sentiment"
Row = dict[str, Any]
Expected = dict[tuple, float | None]

DEFAULT_THEMES: dict[str, list[str]] = {
    "support": ["support", "help", "answer", "ticket"],
    "pricing": ["price", "pricing", "expensive", "cost", "value", "renew"],
    "reliability": ["slow", "fast", "reliab", "fail", "bug", "crash", "broken", "break"],
    "ease_of_use": ["easy", "hard to use", "confusing", "intuitive", "frustrat"],
    "reporting": ["report", "dashboard", "export"],
    "integrations": ["integration", "api"],
    "onboarding": ["onboarding", "up and running", "setup"],
}

ACCOUNTS = [
    {"account_id": "a1", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a2", "segment": "smb", "created_at": T(2024, 1, 1)},
    {"account_id": "a3", "segment": "ent", "created_at": T(2024, 1, 1)},
    {"account_id": "a4", "segment": None, "created_at": T(2024, 1, 1)},
    {"account_id": "a5", "segment": "mid", "created_at": T(2024, 1, 1)},  # never comments
]
SEGMENT = {a["account_id"]: a["segment"] for a in ACCOUNTS}  # "zz" (missing) -> None group
SEGMENTS = sorted(set(SEGMENT.values()), key=repr)


# -- the definition, in plain Python ----------------------------------------------------------

_VADER = SentimentIntensityAnalyzer()


@functools.cache
def polarity(text: str) -> int:
    c = _VADER.polarity_scores(text)["compound"]
    return 1 if c >= 0.05 else -1 if c <= -0.05 else 0


def has_comment(comment: str | None) -> bool:
    """Not null and not blank (blank: only spaces, tabs or newlines)."""
    return comment is not None and comment.strip(" \t\n") != ""


def themes_of(comment: str, themes: Mapping[str, Sequence[str]]) -> list[str]:
    low = comment.lower()
    hit = [t for t, words in themes.items() if any(w.lower() in low for w in words)]
    return hit or ["other"]


def status(v: float | None) -> str | None:
    if v is None:
        return None
    return "good" if v >= 0.3 else "ok" if v >= 0 else "bad"


def oracle(rows: Iterable[Row], grain: str, first: dt.date, last: dt.date,
           by: Sequence[str] = (), themes: Mapping[str, Sequence[str]] = DEFAULT_THEMES,
           segments: Mapping[str, str | None] = SEGMENT, only_present: bool = False) -> Expected:
    """{(bucket, *by values): value}. Every bucket from first to last; for "segment" every
    accounts segment; for "theme" every theme with a comment in the range. `only_present`: only
    the keys that have comments (for the combined split)."""
    spine = buckets(first, last, grain)
    in_range = set(spine)
    pols: dict[tuple, list[int]] = defaultdict(list)
    seen_themes: set[str] = set()
    for r in rows:
        c = r.get("comment")
        if not has_comment(c):
            continue
        b = bucket_of(r["responded_at"].date(), grain)
        if b not in in_range:
            continue
        keys: list[tuple] = [()]
        for dim in by:
            if dim == "segment":
                keys = [(*k, segments.get(r["account_id"])) for k in keys]
            else:
                ts = themes_of(c, themes)
                seen_themes.update(ts)
                keys = [(*k, t) for k in keys for t in ts]
        for k in keys:
            pols[(b, *k)].append(polarity(c))
    if only_present:
        return {k: sum(p) / len(p) for k, p in pols.items()}
    groups: list[tuple] = [()]
    for dim in by:
        values = sorted(set(segments.values()), key=repr) if dim == "segment" else seen_themes
        groups = [(*g, v) for g in groups for v in values]
    out: Expected = {}
    for b in spine:
        for g in groups:
            p = pols.get((b, *g))
            out[(b, *g)] = sum(p) / len(p) if p else None
    return out


def check_present(res: Any, expected: Expected, by: Sequence[str], what: str = "") -> None:
    """The keys of `expected` (those with comments) carry their value and status; every other
    row of the result is null."""
    got = result(res, METRIC, by)
    for key, want in expected.items():
        assert key in got, f"{what} {key} missing"
        value, st = got[key]
        assert value == pytest.approx(want, rel=1e-9, abs=1e-12), f"{what} {key}"
        assert st == status(want), f"{what} {key}: status {st} for {want}"
    for key, (value, st) in got.items():
        if key not in expected:
            assert value is None and st is None, f"{what} {key}: expected null, got {value}"


def resp(n: int, at: dt.datetime, comment: str | None, account: str = "a1",
         survey: str = "nps") -> Row:
    return {"response_id": f"r{n}", "account_id": account, "user_id": None, "survey": survey,
            "score": 7.0, "responded_at": at, "comment": comment}


def responses(*items: tuple) -> list[Row]:
    """Rows from (at, comment[, account[, survey]]) tuples, numbered."""
    return [resp(i, *item) for i, item in enumerate(items)]


# -- hand-made rows ---------------------------------------------------------------------------

def test_polarity_blanks_duplicates_and_empty_buckets(make_kit):
    # VADER compounds: "good" +0.4404 (+1), "not good" -0.3412 (-1: the negation VADER handles;
    # a word list would call it positive), "Pricing is not bad" +0.431 (+1, a word list would say
    # negative), "Too expensive" 0.0 (0), "meh" -0.0772 (-1, just under -0.05), "I love it" +0.6369
    rows = responses(
        # January: good, good (same text: counts twice), not good, Too expensive
        #   -> (2 - 1) / 4 = 0.25 -> ok; blanks and nulls left out
        (T(2025, 1, 1, 0, 0, 0), "good"),
        (T(2025, 1, 9), "good", "a2", "csat"),
        (T(2025, 1, 15), "not good", "a3", "ces"),
        (T(2025, 1, 31, 23, 59, 59), "Too expensive", "a1", "renewal_intent"),
        (T(2025, 1, 20), None),
        (T(2025, 1, 21), "   "),
        (T(2025, 1, 22), "\t\n "),
        (T(2025, 1, 23), ""),
        # February: only a blank and a null -> null
        (T(2025, 2, 3), "  "),
        (T(2025, 2, 4), None),
        # March: no response at all -> null
        # April: not good, meh -> -1 -> bad
        (T(2025, 4, 1, 0, 0, 0), "not good"),
        (T(2025, 4, 30, 23, 59, 59), "meh"),
        # May: Pricing is not bad -> 1 -> good
        (T(2025, 5, 5), "Pricing is not bad"),
        # June: 3 positive + 7 neutral -> exactly 0.3 -> good
        *[(T(2025, 6, 2 + i), "I love it") for i in range(3)],
        *[(T(2025, 6, 10 + i), "Too expensive") for i in range(7)],
        # outside the range
        (T(2024, 12, 31, 23, 59, 59), "not good"),
        (T(2025, 7, 1, 0, 0, 0), "not good"),
    )
    assert [polarity(t) for t in ("good", "not good", "Pricing is not bad", "Too expensive",
                                  "meh", "I love it")] == [1, -1, 1, 0, -1, 1]
    kit = make_kit({"survey_responses": rows})
    first, last = D(2025, 1, 1), D(2025, 6, 30)
    res = kit.compute(METRIC, grain="month", start="2025-01-01", end="2025-06-30")
    expected = {(D(2025, 1, 1),): 0.25, (D(2025, 2, 1),): None, (D(2025, 3, 1),): None,
                (D(2025, 4, 1),): -1.0, (D(2025, 5, 1),): 1.0, (D(2025, 6, 1),): 0.3}
    assert expected == oracle(rows, "month", first, last)
    check(res, METRIC, expected, status)
    assert [s for _, (_, s) in sorted(result(res, METRIC).items())] == \
        ["ok", None, None, "bad", "good", "good"]

    # quarters: Q1 = Jan's 4 -> 0.25; Q2: not good, meh, Pricing is not bad, 3 + 7 -> (4 - 2) / 13
    res = kit.compute(METRIC, grain="quarter", start="2025-02-15", end="2025-05-01")
    expected = {(D(2025, 1, 1),): 0.25, (D(2025, 4, 1),): 2 / 13}
    assert expected == oracle(rows, "quarter", D(2025, 2, 15), D(2025, 5, 1))
    check(res, METRIC, expected, status)

    # ISO weeks at the January edge: Wed 2025-01-01 is in the week of Mon 2024-12-30, with the
    # "not good" of Tue 2024-12-31 (its bucket is in range) -> (1 - 1) / 2 = 0 -> ok
    res = kit.compute(METRIC, grain="week", start="2025-01-01", end="2025-01-19")
    expected = {(D(2024, 12, 30),): 0.0, (D(2025, 1, 6),): 1.0, (D(2025, 1, 13),): -1.0}
    assert expected == oracle(rows, "week", D(2025, 1, 1), D(2025, 1, 19))
    check(res, METRIC, expected, status)


def test_only_blank_comment_is_null(make_kit):
    rows = responses((T(2025, 3, 10), "    "), (T(2025, 3, 11), None),
                     (T(2025, 4, 10), "good"))
    kit = make_kit({"survey_responses": rows})
    res = kit.compute(METRIC, grain="month", start="2025-03-01", end="2025-04-30")
    expected = {(D(2025, 3, 1),): None, (D(2025, 4, 1),): 1.0}
    assert expected == oracle(rows, "month", D(2025, 3, 1), D(2025, 4, 30))
    check(res, METRIC, expected, status)


def test_by_segment(make_kit):
    rows = responses(
        (T(2025, 1, 3), "good", "a1"),
        (T(2025, 1, 4), "not good", "a2"),  # smb Jan: (1 - 1) / 2 = 0
        (T(2025, 1, 5), "terrible", "a3"),  # ent Jan: -1 (compound -0.4767)
        (T(2025, 1, 6), "I love it", "a4"),  # null segment -> None group
        (T(2025, 1, 7), "Too expensive", "zz"),  # missing from accounts -> None: (1 + 0) / 2
        (T(2025, 2, 7), "   ", "a1"),  # blank: smb Feb stays null
        (T(2025, 2, 8), "good", "a3"),  # ent Feb: 1
        (T(2025, 2, 9), None, "a5"),  # mid: null everywhere
    )
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    res = kit.compute(METRIC, grain="month", start="2025-01-01", end="2025-02-28",
                      by=["segment"])
    jan, feb = D(2025, 1, 1), D(2025, 2, 1)
    expected = {(b, g): None for b in (jan, feb) for g in SEGMENTS}
    expected.update({(jan, "smb"): 0.0, (jan, "ent"): -1.0, (jan, None): 0.5, (feb, "ent"): 1.0})
    assert expected == oracle(rows, "month", jan, feb, by=["segment"])
    check(res, METRIC, expected, status, by=["segment"])


THEME_ROWS = responses(
    # January
    (T(2025, 1, 2), "Support was quick to answer our ticket, thanks!"),  # support, +0.7088
    (T(2025, 1, 3), "The dashboard export is broken"),  # reporting + reliability, -0.4767
    (T(2025, 1, 4), "GREAT SUPPORT"),  # support (case-insensitive), +0.7783
    (T(2025, 1, 5), "Rapid responses"),  # integrations ("api" in "rapid"), 0.0
    (T(2025, 1, 6), "not good"),  # no keyword -> other, -1
    (T(2025, 1, 7), "  \t "),  # blank: no theme at all
    # February
    (T(2025, 2, 2), "Hard to use, our team is frustrated."),  # ease_of_use, -0.5859
    (T(2025, 2, 3), "Reports are confusing and the help docs fail to answer"),
    # ^ reporting, ease_of_use, support, reliability; -0.4019
    (T(2025, 2, 4), "Pricing is not bad"),  # pricing, +0.431
    (T(2025, 2, 5), "Pricing is not bad"),  # the same text again: counts twice
    # outside the range: its theme (onboarding) is not in the result
    (T(2025, 3, 1, 0, 0, 0), "Onboarding took forever to get up and running"),
    (T(2024, 12, 31, 23, 59, 59), "The setup was fine"),
)


def test_by_theme_default_themes(make_kit):
    kit = make_kit({"survey_responses": THEME_ROWS, "accounts": ACCOUNTS})
    res = kit.compute(METRIC, grain="month", start="2025-01-01", end="2025-02-28", by=["theme"])
    jan, feb = D(2025, 1, 1), D(2025, 2, 1)
    present = ["support", "reporting", "reliability", "integrations", "other", "ease_of_use",
               "pricing"]
    expected = {(b, t): None for b in (jan, feb) for t in present}
    expected.update({
        (jan, "support"): 1.0,  # +1, +1
        (jan, "reporting"): -1.0, (jan, "reliability"): -1.0,
        (jan, "integrations"): 0.0, (jan, "other"): -1.0,
        (feb, "ease_of_use"): -1.0,  # -1, -1
        (feb, "reporting"): -1.0, (feb, "support"): -1.0, (feb, "reliability"): -1.0,
        (feb, "pricing"): 1.0,  # +1 twice
    })
    assert expected == oracle(THEME_ROWS, "month", jan, feb, by=["theme"])
    check(res, METRIC, expected, status, by=["theme"])

    # the whole range as one quarter: support = (+1 +1 -1) / 3
    res = kit.compute(METRIC, grain="quarter", start="2025-01-01", end="2025-02-28",
                      by=["theme"])
    q1 = D(2025, 1, 1)
    expected = {(q1, "support"): 1 / 3, (q1, "reporting"): -1.0, (q1, "reliability"): -1.0,
                (q1, "integrations"): 0.0, (q1, "other"): -1.0, (q1, "ease_of_use"): -1.0,
                (q1, "pricing"): 1.0, (q1, "onboarding"): 0.0}
    # ^ Q1 also holds 2025-03-01 (onboarding, 0.0; its theme is now in range)
    assert expected == oracle(THEME_ROWS, "quarter", q1, D(2025, 2, 28), by=["theme"])
    check(res, METRIC, expected, status, by=["theme"])


def test_by_theme_custom_themes_replace_the_default(make_kit):
    kit = make_kit({"survey_responses": THEME_ROWS})
    themes = {"Voice": ["SUPPORT", "Pricing"], "words": ["not "]}
    res = kit.compute(METRIC, grain="month", start="2025-01-01", end="2025-02-28", by=["theme"],
                      params={METRIC: {"themes": themes}})
    jan, feb = D(2025, 1, 1), D(2025, 2, 1)
    expected = {
        # Jan Voice: the two support texts (+1, +1); words: "not good" (-1); other: export
        # broken (-1), Rapid responses (0)
        (jan, "Voice"): 1.0, (jan, "words"): -1.0, (jan, "other"): -0.5,
        # Feb Voice: Pricing is not bad x2 (+1); words: the same two; other: -1, -1
        (feb, "Voice"): 1.0, (feb, "words"): 1.0, (feb, "other"): -1.0,
    }
    assert expected == oracle(THEME_ROWS, "month", jan, feb, by=["theme"], themes=themes)
    check(res, METRIC, expected, status, by=["theme"])


def test_by_segment_and_theme(make_kit):
    rows = responses(
        (T(2025, 1, 2), "GREAT SUPPORT", "a1"),  # smb support +1
        (T(2025, 1, 3), "The support is slow and I hate it", "a2"),  # smb support+reliability
        (T(2025, 1, 4), "not good", "a3"),  # ent other -1
        (T(2025, 1, 5), "Too expensive", "zz"),  # None pricing 0
        (T(2025, 1, 6), "I love it", "a4"),  # None other +1
    )
    assert polarity("The support is slow and I hate it") == -1
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    res = kit.compute(METRIC, grain="month", start="2025-01-01", end="2025-01-31",
                      by=["segment", "theme"])
    jan = D(2025, 1, 1)
    expected = {(jan, "smb", "support"): 0.0, (jan, "smb", "reliability"): -1.0,
                (jan, "ent", "other"): -1.0, (jan, None, "pricing"): 0.0,
                (jan, None, "other"): 1.0}
    assert expected == oracle(rows, "month", jan, jan, by=["segment", "theme"],
                              only_present=True)
    check_present(res, expected, ["segment", "theme"])


def test_errors_and_sql(make_kit):
    kit = make_kit({"survey_responses": THEME_ROWS, "accounts": ACCOUNTS})
    for themes in ({}, {"other": ["x"]}, {"a": []}, {"a": ["x"], "other": ["y"]}):
        for by in (["theme"], None):
            with pytest.raises(ck.ParamError):
                kit.compute(METRIC, grain="month", by=by, params={METRIC: {"themes": themes}})

    with pytest.warns(ck.ComputeWarning, match="nps"):
        res = kit.compute([METRIC, "nps"], grain="month", start="2025-01-01", end="2025-01-31",
                          by=["theme"])
    assert isinstance(res.errors["nps"], ck.DimensionError)
    assert METRIC not in res.errors
    assert set(res.to_pandas()["metric"]) == {METRIC}
    assert result(res, METRIC, ["theme"])[(D(2025, 1, 1), "support")] == (1.0, "good")

    sql = kit.to_sql(METRIC)
    lines = sql.strip().splitlines()
    assert lines[0].startswith("-- feedback_sentiment:"), lines[0]
    comment = [ln for ln in lines if ln.startswith("--")]
    assert "python" in " ".join(comment).lower()
    body = "\n".join(ln for ln in lines if not ln.startswith("--")).strip().upper()
    assert body.startswith(("SELECT", "WITH")) and "SELECT" in body, body[:200]


# -- seeded random rows against the oracle ----------------------------------------------------

POOL = [
    None, None, "", " ", "\t\n", " \n\t ",
    "good", "not good", "meh", "I love it", "terrible", "Too expensive", "Nothing to add",
    "Support was quick to answer our ticket, thanks!", "The price is too expensive for the value",
    "The app is slow and crashes often", "Very easy and intuitive", "The dashboard export is broken",
    "API integration works great", "Onboarding took forever to get up and running",
    "Pricing is not bad", "Hard to use, our team is frustrated.", "We will renew.",
    "Reports are confusing and the help docs fail to answer", "GREAT SUPPORT", "Rapid responses",
    "The setup was fine", "Fast and reliable", "The team is not happy", "  good  \n",
]


def random_rows(seed: int, n: int = 160) -> list[Row]:
    rng = random.Random(seed)
    start = T(2025, 1, 1)
    span = int((T(2025, 7, 1) - start).total_seconds())
    rows = []
    for i in range(n):
        if i % 20 == 0:  # exact midnights and last seconds
            day = start + dt.timedelta(days=rng.randrange(1, 181))
            at = day if i % 40 == 0 else day - dt.timedelta(seconds=1)
        else:
            at = start + dt.timedelta(seconds=rng.randrange(span))
        rows.append(resp(i, at, rng.choice(POOL), rng.choice(["a1", "a2", "a3", "a4", "zz"]),
                         rng.choice(["nps", "csat", "ces", "renewal_intent"])))
    # a quiet month: no comment in April
    return [r for r in rows if r["responded_at"].month != 4]


@pytest.mark.parametrize("seed", [11])
def test_random_against_oracle(make_kit, seed):
    rows = random_rows(seed)
    kit = make_kit({"survey_responses": rows, "accounts": ACCOUNTS})
    custom = {"money": ["price", "expensive", "renew"], "people": ["team", "support"]}
    runs = [
        ("month", "2025-01-01", "2025-06-30"),
        ("week", "2025-02-10", "2025-05-20"),
    ]
    for grain, start, end in runs:
        first, last = D.fromisoformat(start), D.fromisoformat(end)
        for by, themes in (([], None), (["segment"], None), (["theme"], None),
                           (["theme"], custom)):
            params = {METRIC: {"themes": themes}} if themes else None
            res = kit.compute(METRIC, grain=grain, start=start, end=end, by=by, params=params)
            expected = oracle(rows, grain, first, last, by, themes or DEFAULT_THEMES)
            check(res, METRIC, expected, status, by=by, what=f"{grain} {by} {themes}")
            if grain == "month" and not by:
                assert expected[(D(2025, 4, 1),)] is None  # the quiet month is in range
                assert any(v is not None and v < 0 for v in expected.values())
                assert any(v is not None and v > 0 for v in expected.values())
        res = kit.compute(METRIC, grain=grain, start=start, end=end, by=["segment", "theme"])
        expected = oracle(rows, grain, first, last, ["segment", "theme"], only_present=True)
        assert len(expected) > 10
        check_present(res, expected, ["segment", "theme"], what=f"{grain} segment+theme")


# -- the default sample -----------------------------------------------------------------------

def test_default_sample_against_oracle():
    rows = ck.datasets.generate()["survey_responses"].to_pylist()
    res = ck.connect().compute(METRIC, start="2026-01-01", end="2026-06-30")  # grain: month
    assert not res.errors, res.errors
    expected = oracle(rows, "month", D(2026, 1, 1), D(2026, 6, 30))
    assert len(expected) == 6 and all(v is not None for v in expected.values())
    check(res, METRIC, expected, status, what="default sample")
