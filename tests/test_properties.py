"""Property tests: invariants that must hold on any small data hypothesis can think of.

The data come from tests/strategies.py (nulls in nullable columns, ties, overlapping and
zero-length subscriptions, ends mid-month, open ends, instants near month boundaries, fractional
and off-scale scores, tz-aware timestamps). Expected numbers are written in plain Python from
the definitions in the metric docstrings and docs/data-model.md, never by calling the formulas:

* an account's MRR on a day is the sum of the mrr of its subscriptions with
  start_date <= day < end_date (end_date None = still active); MRR in a bucket is the MRR on
  its last day; start MRR + new + expansion + reactivation - contraction - churn = end MRR;
* NPS = % promoters (9..10) - % detractors (scale low end..6) among NPS responses on the scale;
* timestamps are UTC: a tz-aware instant is bucketed by its UTC date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import csm_kit as ck
from tests.conftest import canonical
from tests.oracle_calendar import bucket_of, buckets, last_day
from tests.strategies import (
    DAY,
    FIRST,
    LAST,
    MONTHS,
    RANGE_END,
    RANGE_START,
    ZONES,
    T,
    account_rows,
    around_a_month_end,
    arrow_tables,
    event_rows,
    fast,
    pandas_tables,
    subscription_rows,
    survey_rows,
    table_of,
    with_time_zone,
)

D = dt.date
AMOUNTS = ["mrr", "arr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
           "reactivation_mrr", "net_new_mrr"]
MOVES = ["new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr"]
EVERY_METRIC = ["nps", "csat", "ces", *AMOUNTS, "customer_churn_rate", "dau", "mau",
                "dau_mau_ratio"]


# -- plain-Python definitions ---------------------------------------------------------------
def mrr_on(subs: Sequence[Mapping[str, Any]], day: dt.date,
           accounts: set[str] | None = None) -> float:
    """Total MRR of the subscriptions active on `day` (of `accounts` only, when given)."""
    return sum(s["mrr"] for s in subs
               if s["start_date"] <= day and (s["end_date"] is None or day < s["end_date"])
               and (accounts is None or s["account_id"] in accounts))


def nps_oracle(rows: Sequence[Mapping[str, Any]], grain: str, scale: tuple[float, float],
               first: dt.date, last: dt.date) -> dict[dt.date, float | None]:
    """{bucket start: NPS or None} from the rows' UTC dates; off-scale answers left out."""
    lo, hi = scale
    per: dict[dt.date, list[float]] = defaultdict(list)
    for r in rows:
        if r["survey"] == "nps" and lo <= r["score"] <= hi:
            per[bucket_of(r["responded_at"].date(), grain)].append(r["score"])
    out: dict[dt.date, float | None] = {}
    for b in buckets(first, last, grain):
        s = per[b]
        if not s:
            out[b] = None
            continue
        promoters = sum(1 for x in s if 9 <= x <= 10)
        detractors = sum(1 for x in s if x <= 6)
        out[b] = 100.0 * (promoters - detractors) / len(s)
    return out


def close(a: float | None, b: float | None, tol: float = 1e-6) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=tol)


# -- 1. the MRR identity ------------------------------------------------------------------------
@fast(15)
@given(subs=subscription_rows(min_size=1),
       start=st.sampled_from([RANGE_START, MONTHS[1], MONTHS[3], D(2025, 1, 15)]))
def test_mrr_movements_add_up_to_the_change_of_mrr(subs: list[dict], start: dt.date) -> None:
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", subs)})
    for grain in ("month", "week"):
        got = table_of(kit.compute(AMOUNTS, grain=grain, start=start, end=RANGE_END))
        periods = buckets(start, RANGE_END, grain)
        assert set(got) == {(m, p) for m in AMOUNTS for p in periods}
        prev = mrr_on(subs, periods[0] - DAY)  # the history before the range counts
        for p in periods:
            v = {m: got[(m, p)] for m in AMOUNTS}
            assert all(x is not None for x in v.values()), (grain, p, v)
            where = f"{grain} {p}: {v}, previous mrr {prev}"
            assert close(v["mrr"], mrr_on(subs, last_day(p, grain))), where
            assert all(v[m] >= 0 for m in MOVES), where
            flow = (prev + v["new_mrr"] + v["expansion_mrr"] + v["reactivation_mrr"]
                    - v["contraction_mrr"] - v["churned_mrr"])
            assert close(flow, v["mrr"]), where
            assert close(v["net_new_mrr"], v["mrr"] - prev), where
            assert close(v["arr"], 12 * v["mrr"]), where
            prev = v["mrr"]


# -- 2. ranges of rates and scores --------------------------------------------------------------
def _in(values: Mapping[tuple, float | None], metric: str, lo: float, hi: float) -> None:
    seen = [(k, v) for k, v in values.items() if k[0] == metric]
    assert seen, f"no rows for {metric}"
    bad = [(k, v) for k, v in seen if v is not None and not lo - 1e-9 <= v <= hi + 1e-9]
    assert not bad, f"{metric} outside [{lo}, {hi}]: {bad[:5]}"


@fast(12)
@given(surveys=survey_rows(), subs=subscription_rows(),
       grain=st.sampled_from(["day", "week", "month", "quarter"]))
def test_rates_and_scores_stay_in_their_ranges(surveys: list[dict], subs: list[dict],
                                               grain: str) -> None:
    kit = ck.connect(tables=arrow_tables({"survey_responses": surveys, "subscriptions": subs}))
    plain = table_of(kit.compute(["nps", "csat", "ces", "customer_churn_rate"], grain=grain,
                                 start=FIRST, end=LAST))
    _in(plain, "nps", -100, 100)
    _in(plain, "csat", 0, 1)
    _in(plain, "ces", 1, 7)
    _in(plain, "customer_churn_rate", 0, 1)
    variants = table_of(kit.compute(
        ["csat", "ces", "customer_churn_rate"], grain=grain, start=FIRST, end=LAST,
        params={"csat": {"method": "mean", "scale": "1-5"}, "ces": {"method": "share_easy"},
                "customer_churn_rate": {"annualize": True}}))
    _in(variants, "csat", 1, 5)
    _in(variants, "ces", 0, 1)
    _in(variants, "customer_churn_rate", 0, 1)
    # a rate exists exactly where its survey has an answer on the scale
    for (metric, p), v in plain.items():
        if metric == "nps":
            answered = any(r["survey"] == "nps" and 0 <= r["score"] <= 10 and
                           bucket_of(r["responded_at"].date(), grain) == p for r in surveys)
            assert (v is not None) == answered, (p, v)


STRADDLING_WEEK = [  # Mon 27 Jan - Sun 2 Feb 2025: three users every January day, one on 1 Feb
    *[{"user_id": u, "account_id": "a0", "occurred_at": T(2025, 1, d, 12), "event_name": "login",
       "feature": None} for u in ("u1", "u2", "u3") for d in range(27, 32)],
    {"user_id": "u4", "account_id": "a0", "occurred_at": T(2025, 2, 1, 12), "event_name": "login",
     "feature": None},
]


@fast(20)
@example(events=STRADDLING_WEEK, grain="week")
@given(events=st.one_of(
    st.sampled_from(MONTHS[1:]).flatmap(
        lambda m: event_rows(min_size=1, max_size=30, at=around_a_month_end(m))),
    event_rows()),
       grain=st.sampled_from(["week", "day", "week", "month", "quarter", "year"]))
def test_dau_mau_ratio_is_a_share(events: list[dict], grain: str) -> None:
    """Stickiness is a share of the monthly users: never above 1, at any grain."""
    kit = ck.connect(tables={"events": canonical("events", events)})
    got = table_of(kit.compute(["dau_mau_ratio"], grain=grain, start=FIRST, end=LAST))
    _in(got, "dau_mau_ratio", 0, 1)


@fast(15)
@given(events=event_rows(max_size=30), grain=st.sampled_from(["day", "week", "month", "quarter"]))
def test_product_usage_is_bounded_by_active_users_and_its_events_add_up(events: list[dict],
                                                                        grain: str) -> None:
    """Users of any feature are active users (<= the calendar active users of the bucket, which
    dau is at grain day and mau at grain month); each feature's users <= all features' users;
    events split by feature add up to the events of every feature."""
    kit = ck.connect(tables={"events": canonical("events", events)})
    active = {"day": "dau", "month": "mau"}.get(grain)
    ids = ["product_usage", *([active] if active else [])]
    total = table_of(kit.compute(ids, grain=grain, start=FIRST, end=LAST))
    split = table_of(kit.compute("product_usage", grain=grain, start=FIRST, end=LAST,
                                 by=["feature"]), by=["feature"])
    count = {"product_usage": {"measure": "events"}}
    events_total = table_of(kit.compute("product_usage", grain=grain, start=FIRST, end=LAST,
                                        params=count))
    events_split = table_of(kit.compute("product_usage", grain=grain, start=FIRST, end=LAST,
                                        by=["feature"], params=count), by=["feature"])
    for (metric, day), users in total.items():
        if metric != "product_usage":
            continue
        if active:
            assert users <= total[(active, day)]
        per_feature = [v for (m, d, _), v in split.items() if d == day]
        assert all(v <= users for v in per_feature)
        assert users <= sum(per_feature)
        assert events_total[("product_usage", day)] == sum(
            v for (m, d, _), v in events_split.items() if d == day)


# -- 2b. revenue retention invariants ------------------------------------------------------------
RETENTION = ["grr", "nrr", "gross_mrr_churn_rate", "net_mrr_churn_rate", "quick_ratio",
             "expansion_mrr", "reactivation_mrr", "mrr", "customer_churn_rate", "logo_churn",
             "unsubscribes"]


@fast(15)
@given(subs=subscription_rows(min_size=1),
       grain=st.sampled_from(["week", "month", "quarter", "year"]),
       window=st.sampled_from(["bucket", "12m"]))
def test_revenue_retention_invariants(subs: list[dict], grain: str, window: str) -> None:
    """GRR <= 1 and NRR >= GRR (both windows); gross MRR churn and the quick ratio >= 0; net MRR
    churn = gross churn - (expansion + reactivation) / start MRR; unsubscribes = logo churn;
    retention with returning accounts counted as acquired = 1 - customer churn rate (at most
    that at quarter and year, where an account can leave and return within the bucket)."""
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", subs)})
    got = table_of(kit.compute(
        [*RETENTION, "retention_rate"], grain=grain, start=RANGE_START, end=RANGE_END,
        params={"grr": {"window": window}, "nrr": {"window": window},
                "retention_rate": {"reactivation_as": "new"}}))
    for p in buckets(RANGE_START, RANGE_END, grain):
        v = {m: got[(m, p)] for m in [*RETENTION, "retention_rate"]}
        where = f"{grain} {p} {window}: {v}"
        if v["grr"] is not None:
            assert -1e-12 <= v["grr"] <= 1 + 1e-12, where
            assert v["nrr"] is not None and v["nrr"] >= v["grr"] - 1e-12, where
        else:
            assert v["nrr"] is None, where
        assert v["gross_mrr_churn_rate"] is None or v["gross_mrr_churn_rate"] >= 0, where
        assert v["quick_ratio"] is None or v["quick_ratio"] >= 0, where
        start = mrr_on(subs, p - DAY)
        assert (v["gross_mrr_churn_rate"] is None) == (start == 0), where
        if start:
            offset = (v["expansion_mrr"] + v["reactivation_mrr"]) / start
            assert close(v["net_mrr_churn_rate"], v["gross_mrr_churn_rate"] - offset), where
        assert v["unsubscribes"] == v["logo_churn"], where
        assert v["customer_churn_rate"] is None or v["logo_churn"] >= 1 or (
            v["customer_churn_rate"] == 0), where
        if v["customer_churn_rate"] is None:
            assert v["retention_rate"] is None, where
        elif grain in ("week", "month"):
            assert close(v["retention_rate"], 1 - v["customer_churn_rate"]), where
        else:  # an account of the cohort that left and came back within the quarter is "acquired"
            assert v["retention_rate"] <= 1 - v["customer_churn_rate"] + 1e-12, where
        if window == "bucket" and grain in ("week", "month"):  # one state step: no sub-bucket moves
            assert (v["grr"] is None) == (start == 0), where


# -- 3. amounts split by segment add up -----------------------------------------------------------
@fast(12)
@given(subs=subscription_rows(min_size=1), accounts=account_rows(),
       grain=st.sampled_from(["week", "month", "quarter"]))
def test_amounts_by_segment_add_up_to_the_total(subs: list[dict], accounts: list[dict],
                                                 grain: str) -> None:
    kit = ck.connect(tables=arrow_tables({"subscriptions": subs, "accounts": accounts}))
    counts = [*AMOUNTS, "logo_churn", "unsubscribes"]  # amounts and counts of accounts
    total = table_of(kit.compute(counts, grain=grain, start=RANGE_START, end=RANGE_END))
    split = table_of(kit.compute(counts, grain=grain, start=RANGE_START, end=RANGE_END,
                                 by="segment"), by=["segment"])
    sums: dict[tuple, float] = defaultdict(float)
    for (metric, p, _), v in split.items():
        assert v is not None, (metric, p)
        sums[(metric, p)] += v
    assert set(sums) == set(total)
    bad = {k: (sums[k], v) for k, v in total.items() if not close(sums[k], v)}
    assert not bad, f"groups do not add up to the total: {list(bad.items())[:5]}"


@fast(12)
@given(subs=subscription_rows(min_size=1), accounts=account_rows())
def test_a_null_segment_and_a_segment_called_none_stay_apart(subs: list[dict],
                                                             accounts: list[dict]) -> None:
    """Group of an account: its segment; None (null) when the segment is null or the account
    is missing from accounts. A real segment '(none)' is its own group."""
    segment = {a["account_id"]: a["segment"] for a in accounts}
    members: dict[Any, set[str]] = defaultdict(set)
    for s in subs:
        members[segment.get(s["account_id"])].add(s["account_id"])
    for a, seg in segment.items():
        members[seg].add(a)
    kit = ck.connect(tables=arrow_tables({"subscriptions": subs, "accounts": accounts}))
    got = table_of(kit.compute("mrr", start=MONTHS[0], end=MONTHS[-1], by="segment"),
                   by=["segment"])
    assert {k[2] for k in got} == set(members)
    for m in MONTHS:
        for seg, accs in members.items():
            want = mrr_on(subs, last_day(m, "month"), accs)
            assert close(got[("mrr", m, seg)], want), (m, seg, got[("mrr", m, seg)], want)


def test_null_and_none_segments_example() -> None:
    subs = [{"subscription_id": "1", "account_id": "null_seg", "start_date": D(2025, 1, 1),
             "end_date": None, "mrr": 10.0},
            {"subscription_id": "2", "account_id": "none_seg", "start_date": D(2025, 1, 1),
             "end_date": None, "mrr": 20.0},
            {"subscription_id": "3", "account_id": "missing", "start_date": D(2025, 1, 1),
             "end_date": None, "mrr": 40.0}]
    accounts = [{"account_id": "null_seg", "segment": None, "created_at": T(2024, 1, 1)},
                {"account_id": "none_seg", "segment": "(none)", "created_at": T(2024, 1, 1)}]
    kit = ck.connect(tables=arrow_tables({"subscriptions": subs, "accounts": accounts}))
    df = kit.compute("mrr", start="2025-01", end="2025-01", by="segment").to_pandas()
    nulls = df[df.segment.isna()]
    named = df[df.segment == "(none)"]
    assert nulls.value.tolist() == [50.0]  # null segment + missing account
    assert named.value.tolist() == [20.0]
    assert len(df) == 2


# -- 4. pandas, pyarrow and a DuckDB file give the same results --------------------------------
def write_duckdb_file(path: str, tables: Mapping[str, pa.Table]) -> None:
    con = duckdb.connect(path)
    try:
        for name, table in tables.items():
            con.register("incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
    finally:
        con.close()


def _close_kit(kit: ck.Kit) -> None:
    backend = getattr(getattr(kit, "binding", None), "backend", None)
    if backend is not None and hasattr(backend, "disconnect"):
        backend.disconnect()


def _some_filled(column: str) -> Any:
    return lambda rows: any(r[column] is not None for r in rows)


# Every column read holds at least one value here: a pandas column of nothing but None has no
# type to read (test_pandas_columns_that_are_entirely_null covers that case).
@fast(5)
@given(rows=st.fixed_dictionaries({
    "subscriptions": subscription_rows(min_size=1, max_size=6).filter(_some_filled("end_date")),
    "survey_responses": survey_rows(min_size=1, max_size=8),
    "events": event_rows(min_size=1, max_size=8),
    "accounts": account_rows().filter(_some_filled("segment")),
}), grain=st.sampled_from(["week", "month"]), by=st.sampled_from([None, "segment"]))
def test_pandas_arrow_and_duckdb_file_give_the_same_results(
    rows: dict[str, list[dict]], grain: str, by: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    arrow = arrow_tables(rows)
    path = tmp_path_factory.mktemp("same_rows") / "data.duckdb"
    write_duckdb_file(str(path), arrow)
    frames = {}
    for label, make in [("arrow", lambda: ck.connect(tables=arrow)),
                        ("pandas", lambda: ck.connect(tables=pandas_tables(rows))),
                        ("duckdb", lambda: ck.connect(f"duckdb:///{path}"))]:
        kit = make()
        try:
            res = kit.compute(EVERY_METRIC, grain=grain, start=FIRST, end=LAST, by=by)
            assert not res.errors, (label, res.errors)
            frames[label] = res.to_pandas()
        finally:
            _close_kit(kit)
    for label in ("pandas", "duckdb"):
        pd.testing.assert_frame_equal(frames[label], frames["arrow"], check_exact=False,
                                      rtol=1e-9, atol=1e-9, obj=f"{label} vs arrow")


def test_pandas_columns_that_are_entirely_null() -> None:
    """Every subscription still active (end_date all None) and no account with a segment: a
    nullable column holding only nulls is read as nulls of its canonical type."""
    rows = {
        "subscriptions": [
            {"subscription_id": "s1", "account_id": "a0", "start_date": D(2025, 1, 10),
             "end_date": None, "mrr": 10.0},
            {"subscription_id": "s2", "account_id": "a1", "start_date": D(2025, 2, 1),
             "end_date": None, "mrr": 5.5},
        ],
        "accounts": [{"account_id": "a0", "segment": None, "created_at": T(2024, 1, 1)},
                     {"account_id": "a1", "segment": None, "created_at": T(2024, 1, 1)}],
    }
    frames = pandas_tables(rows)
    res = ck.connect(tables=frames).compute(["mrr", "new_mrr"], start="2025-01", end="2025-03",
                                            by="segment")
    got = table_of(res, by=["segment"])
    assert [got[("mrr", D(2025, m, 1), None)] for m in (1, 2, 3)] == [10.0, 15.5, 15.5]
    assert [got[("new_mrr", D(2025, m, 1), None)] for m in (1, 2, 3)] == [10.0, 5.5, 0.0]


# -- 5. NPS against the plain-Python definition -------------------------------------------------
@fast(20)
@given(rows=survey_rows(surveys=("nps", "nps", "csat")), scale=st.sampled_from(["0-10", "1-10"]))
def test_nps_matches_the_definition(rows: list[dict], scale: str) -> None:
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", rows)})
    lo = 0 if scale == "0-10" else 1
    for grain in ("month", "week"):
        got = table_of(kit.compute("nps", grain=grain, start=FIRST, end=LAST,
                                   params={"nps": {"scale": scale}}))
        want = nps_oracle(rows, grain, (lo, 10), FIRST, LAST)
        assert {k[1] for k in got} == set(want)
        bad = {p: (got[("nps", p)], w) for p, w in want.items() if not close(got[("nps", p)], w)}
        assert not bad, f"{grain} {scale}: got vs expected {bad}"


# -- 6. tz-aware timestamps are read as UTC ------------------------------------------------------
@fast(10)
@given(surveys=survey_rows(min_size=1, surveys=("nps", "csat", "ces")), events=event_rows(),
       zone=st.sampled_from(ZONES), shape=st.sampled_from(["arrow", "pandas"]),
       grain=st.sampled_from(["day", "week", "month"]))
def test_tz_aware_timestamps_give_the_same_numbers_as_utc(
    surveys: list[dict], events: list[dict], zone: str, shape: str, grain: str,
) -> None:
    naive = arrow_tables({"survey_responses": surveys, "events": events})
    aware = {"survey_responses": with_time_zone(naive["survey_responses"], ["responded_at"], zone),
             "events": with_time_zone(naive["events"], ["occurred_at"], zone)}
    if shape == "pandas":
        aware = {k: v.to_pandas() for k, v in aware.items()}
    ids = ["nps", "csat", "ces", "dau", "mau", "dau_mau_ratio"]
    utc = ck.connect(tables=naive).compute(ids, grain=grain, start=FIRST, end=LAST)
    local = ck.connect(tables=aware).compute(ids, grain=grain, start=FIRST, end=LAST)
    pd.testing.assert_frame_equal(local.to_pandas(), utc.to_pandas(), check_exact=False,
                                  rtol=1e-9, atol=1e-9, obj=f"{zone} ({shape}) vs UTC")
    want = nps_oracle(surveys, grain, (0, 10), FIRST, LAST)
    got = table_of(local)
    assert all(close(got[("nps", p)], w) for p, w in want.items()), zone


def test_tz_aware_examples_across_a_month_boundary() -> None:
    # New York (UTC-5): 2025-01-31 23:30 is 2025-02-01 04:30 UTC and 2025-02-28 20:00 is
    # 2025-03-01 01:00 UTC
    df = pd.DataFrame({
        "response_id": ["r1", "r2"], "account_id": ["a", "a"], "survey": ["nps", "nps"],
        "score": [10.0, 0.0],
        "responded_at": pd.to_datetime(["2025-01-31 23:30", "2025-02-28 20:00"]).tz_localize(
            "America/New_York"),
    })
    got = table_of(ck.connect(tables={"survey_responses": df}).compute(
        "nps", start="2025-01", end="2025-03"))
    assert got == {("nps", D(2025, 1, 1)): None, ("nps", D(2025, 2, 1)): 100.0,
                   ("nps", D(2025, 3, 1)): -100.0}
    # Tokyo (UTC+9): 2025-03-01 00:30 is 2025-02-28 15:30 UTC
    table = pa.table({
        "response_id": ["r1"], "account_id": ["a"], "survey": ["nps"], "score": [0.0],
        "responded_at": pa.array([pd.Timestamp("2025-03-01 00:30", tz="Asia/Tokyo")],
                                 pa.timestamp("us", tz="Asia/Tokyo")),
    })
    got = table_of(ck.connect(tables={"survey_responses": table}).compute(
        "nps", start="2025-02", end="2025-03"))
    assert got == {("nps", D(2025, 2, 1)): -100.0, ("nps", D(2025, 3, 1)): None}


# -- rules: bad values in required float columns -------------------------------------------------
BAD_MRR = [math.nan, math.inf, -math.inf, -0.01, -250.0]


@fast(20)
@given(subs=subscription_rows(max_size=5), bad=st.sampled_from(BAD_MRR), at=st.integers(0, 5),
       metric=st.sampled_from([*AMOUNTS, "customer_churn_rate"]),
       shape=st.sampled_from(["arrow", "pandas"]))
def test_bad_mrr_is_a_data_quality_error(subs: list[dict], bad: float, at: int, metric: str,
                                         shape: str) -> None:
    # the bad row has an end_date, so that no pandas column is all null (a separate problem:
    # test_pandas_columns_that_are_entirely_null)
    row = {"subscription_id": "bad", "account_id": "a0", "start_date": D(2025, 1, 10),
           "end_date": D(2025, 3, 1), "mrr": bad}
    subs = [*subs[:at], row, *subs[at:]]
    tables = (arrow_tables if shape == "arrow" else pandas_tables)({"subscriptions": subs})
    kit = ck.connect(tables=tables)
    with pytest.raises(ck.DataQualityError) as err:
        kit.compute(metric, start=FIRST, end=LAST)
    assert "subscriptions.mrr" in str(err.value)


@fast(15)
@given(rows=survey_rows(max_size=6, surveys=("nps", "csat", "ces")), at=st.integers(0, 6),
       metric=st.sampled_from(["nps", "csat", "ces"]), shape=st.sampled_from(["arrow", "pandas"]))
def test_nan_score_is_a_data_quality_error(rows: list[dict], at: int, metric: str,
                                          shape: str) -> None:
    row = {"response_id": "bad", "account_id": "a0", "survey": metric, "score": math.nan,
           "responded_at": T(2025, 1, 10)}
    rows = [*rows[:at], row, *rows[at:]]
    tables = (arrow_tables if shape == "arrow" else pandas_tables)({"survey_responses": rows})
    kit = ck.connect(tables=tables)
    with pytest.raises(ck.DataQualityError) as err:
        kit.compute(metric, start=FIRST, end=LAST)
    assert "survey_responses.score" in str(err.value)


# -- rules: one metric's bad inputs do not take the others down ----------------------------------
GOOD_SURVEYS = [
    {"response_id": "r1", "account_id": "a0", "survey": "nps", "score": 10.0,
     "responded_at": T(2025, 1, 5)},
    {"response_id": "r2", "account_id": "a1", "survey": "nps", "score": 3.0,
     "responded_at": T(2025, 1, 6)},
    {"response_id": "r3", "account_id": "a1", "survey": "nps", "score": 9.0,
     "responded_at": T(2025, 2, 6)},
]
NAN_SURVEYS = [*GOOD_SURVEYS, {"response_id": "r4", "account_id": "a1", "survey": "nps",
                               "score": math.nan, "responded_at": T(2025, 2, 7)}]
DUPLICATED_SUBS = [{"subscription_id": "s1", "account_id": "a0", "start_date": D(2025, 1, 1),
                    "end_date": None, "mrr": 10.0}] * 2
GOOD_EVENTS = [{"user_id": "u1", "account_id": "a0", "occurred_at": T(2025, 1, 5),
                "event_name": "login"}]
NPS_JAN_FEB = {D(2025, 1, 1): 0.0, D(2025, 2, 1): 100.0}

TABLE_OF = {"nps": "survey_responses", "mrr": "subscriptions", "dau": "events"}


@fast(16)
@pytest.mark.filterwarnings("ignore::csm_kit.ComputeWarning")  # the errors are asserted instead
@given(order=st.permutations(["nps", "mrr", "dau"]),
       nps_ok=st.booleans(), mrr_broken=st.sampled_from(["missing", "duplicate key", None]),
       dau_ok=st.booleans(), strict=st.booleans())
def test_a_metric_with_bad_inputs_goes_to_errors(order: list[str], nps_ok: bool,
                                                 mrr_broken: str | None, dau_ok: bool,
                                                 strict: bool) -> None:
    tables: dict[str, list[dict]] = {"survey_responses": GOOD_SURVEYS if nps_ok else NAN_SURVEYS}
    if mrr_broken == "duplicate key":
        tables["subscriptions"] = DUPLICATED_SUBS
    elif mrr_broken is None:
        tables["subscriptions"] = DUPLICATED_SUBS[:1]
    if dau_ok:
        tables["events"] = GOOD_EVENTS
    failing = {"nps": None if nps_ok else ck.DataQualityError,
               "mrr": {"missing": ck.MissingTableError, "duplicate key": ck.DataQualityError,
                       None: None}[mrr_broken],
               "dau": None if dau_ok else ck.MissingTableError}
    bad = [m for m in order if failing[m] is not None]
    kit = ck.connect(tables=arrow_tables(tables))

    def run() -> ck.MetricFrame:
        return kit.compute(order, start="2025-01", end="2025-02", strict=strict)

    if bad and (strict or len(bad) == len(order)):
        with pytest.raises(ck.CsmKitError) as err:
            run()
        if not strict:  # every metric failed: the first one's error
            assert isinstance(err.value, failing[bad[0]]), (order, err.value)
            assert TABLE_OF[bad[0]] in str(err.value)
        else:
            assert isinstance(err.value, tuple(failing[m] for m in bad))
        return
    res = run()
    assert set(res.errors) == set(bad)
    for m in bad:
        assert isinstance(res.errors[m], failing[m]), (m, res.errors[m])
        assert TABLE_OF[m] in str(res.errors[m])
    got = table_of(res)
    if "nps" not in bad:
        assert {p: got[("nps", p)] for p in NPS_JAN_FEB} == NPS_JAN_FEB
    if "mrr" not in bad:
        assert [got[("mrr", D(2025, m, 1))] for m in (1, 2)] == [10.0, 10.0]
    if "dau" not in bad:
        assert got[("dau", D(2025, 1, 1))] == pytest.approx(1 / 31)
    assert not {k[0] for k in got if got[k] is not None} & set(bad)


# -- rules: period_start is datetime64[ns] ---------------------------------------------------------
@pytest.mark.parametrize("grain", ["day", "week", "month", "quarter", "year"])
def test_period_start_is_datetime64(grain: str) -> None:
    kit = ck.connect(tables=arrow_tables({"survey_responses": GOOD_SURVEYS}))
    df = kit.compute(["nps", "csat"], grain=grain, by=None).to_pandas()
    assert str(df["period_start"].dtype) == "datetime64[ns]"
    assert df["period_start"].min() == pd.Timestamp(bucket_of(D(2025, 1, 5), grain))
