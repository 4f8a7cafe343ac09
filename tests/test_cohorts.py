"""kit.cohorts() (the retention table by acquisition cohort) against a plain-Python oracle.

The oracle below is written from the words of the cohorts spec and never looks at the code in
csm_kit/cohorts.py or plugins/. It walks the subscription rows with dicts and loops:

* an account's MRR in bucket B = the sum of the mrr of its subscriptions active on B's reading
  day d (start_date <= d and (end_date is None or end_date > d)); the reading day is B's last
  day, or today (UTC) when B's last day is after today;
* buckets: day, ISO week, month, quarter, year; with connect(fiscal_year_start=k) quarters start
  in month k, k+3, ... and years in month k (a calendar of our own, `fiscal_bucket_of` below);
* the account's cohort = the first bucket in which its MRR > 0, over its whole history (before
  start= too); an account never paying on a reading day has no cohort;
* observed buckets run to the last bucket of the range: the bucket holding end=, or by default
  the bucket holding the last day the subscriptions data covers (max over start_date and the
  day before the exclusive end_date, capped at today); never after today's bucket;
* shown: the cohorts (buckets that are some account's cohort) from the bucket holding start=
  (default: all) to the last observed bucket; per shown cohort (and `by` group that has
  accounts in it) one row per age 0 .. last observed bucket - cohort;
* value at age a: measure 'accounts' = the cohort's accounts with MRR > 0 in bucket cohort + a;
  measure 'mrr' = the sum of their MRR in it; size = value at age 0; retention = value / size
  (0.0 where nobody pays); complete = bucket cohort + a ends on or before today;
* by=["segment"]: the account's segment (null or missing from accounts -> the None group);
  filters={"segment": ...}: only matching accounts, as if the others' subscriptions did not
  exist.

Hand-made rows with hand-derived numbers pin the definition down (the oracle must agree with the
hand numbers); seeded random rows are compared with the oracle at month, quarter, fiscal quarter
and fiscal year, with `by` and `filters`; dbt-labs' mrr-playbook seed is compared with the logo
retention table built the playbook's way (month-start snapshots). Every test taking `make_kit`
runs on DuckDB and on a real PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import csm_kit as ck
from csm_kit.errors import ArgumentError, DimensionError, MappingError, MissingTableError, PeriodError
from tests.oracle_calendar import bucket_of as calendar_bucket_of

D = dt.date
T = dt.datetime
DAY = dt.timedelta(days=1)
MakeKit = Callable[..., ck.Kit]
Row = dict[str, Any]
Table = dict[tuple, tuple[float, float, float, bool]]  # (cohort, *by, age) -> (size, value, ret, complete)

CSV = Path(__file__).parent / "data" / "mrr_playbook_subscription_periods.csv"  # MIT, data/README.md


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def as_date(x: str | dt.date) -> dt.date:
    if isinstance(x, dt.date):
        return x
    return D.fromisoformat(x if len(x) == 10 else f"{x}-01")


# -- a calendar of our own (fiscal quarters and years) -----------------------------------------
def add_months(b: dt.date, n: int) -> dt.date:
    y, m = divmod(b.year * 12 + b.month - 1 + n, 12)
    return D(y, m + 1, 1)


def bucket_of(d: dt.date, grain: str, fy: int = 1) -> dt.date:
    """First day of the bucket holding `d`; quarters and years start in month `fy` (+3...)."""
    if grain in ("quarter", "year"):
        span = 3 if grain == "quarter" else 12
        index = d.year * 12 + d.month - 1 - (fy - 1)  # months since the fiscal origin
        first = index // span * span + (fy - 1)
        return D(first // 12, first % 12 + 1, 1)
    return calendar_bucket_of(d, grain)


def next_bucket(b: dt.date, grain: str) -> dt.date:
    if grain == "day":
        return b + DAY
    if grain == "week":
        return b + 7 * DAY
    return add_months(b, {"month": 1, "quarter": 3, "year": 12}[grain])


def last_day(b: dt.date, grain: str) -> dt.date:
    return next_bucket(b, grain) - DAY


def test_own_fiscal_calendar() -> None:
    # FY starting in April: Jan 2025 is in the quarter Jan-Mar 2025 and the year Apr 2024-Mar 2025
    assert bucket_of(D(2025, 1, 15), "quarter", 4) == D(2025, 1, 1)
    assert bucket_of(D(2025, 3, 31), "quarter", 4) == D(2025, 1, 1)
    assert bucket_of(D(2025, 4, 1), "quarter", 4) == D(2025, 4, 1)
    assert bucket_of(D(2025, 1, 15), "year", 4) == D(2024, 4, 1)
    assert bucket_of(D(2025, 4, 1), "year", 4) == D(2025, 4, 1)
    # fiscal_year_start=2: quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan
    assert bucket_of(D(2025, 1, 31), "quarter", 2) == D(2024, 11, 1)
    assert bucket_of(D(2025, 8, 1), "quarter", 1) == D(2025, 7, 1)
    assert bucket_of(D(2025, 8, 1), "year", 1) == D(2025, 1, 1)


# -- the oracle --------------------------------------------------------------------------------
def mrr_by_account(subs: Iterable[Mapping[str, Any]], day: dt.date) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for s in subs:
        if s["start_date"] <= day and (s["end_date"] is None or s["end_date"] > day):
            out[s["account_id"]] += s["mrr"]
    return out


def oracle(
    subs: Sequence[Mapping[str, Any]],
    measure: str,
    grain: str,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    segment_of: Mapping[str, str | None] | None = None,
    fy: int = 1,
    today: dt.date | None = None,
) -> Table:
    """{(cohort, [segment,] age): (size, value, retention, complete)} as the spec defines it;
    with `segment_of` the table is split by segment (None for a null or missing one)."""
    today = today or utc_today()
    if not subs:
        return {}
    dates = [s["start_date"] for s in subs] + [s["end_date"] for s in subs if s["end_date"]]
    first = bucket_of(min(dates), grain, fy)
    today_bucket = bucket_of(today, grain, fy)
    last = bucket_of(as_date(end) if end is not None else min(max(dates), today), grain, fy)
    last = min(last, today_bucket)
    shown_from = bucket_of(as_date(start), grain, fy) if start is not None else first

    spine, b = [], first
    while b <= last:
        spine.append(b)
        b = next_bucket(b, grain)
    mrr = {b: mrr_by_account(subs, min(last_day(b, grain), today)) for b in spine}

    cohort: dict[str, dt.date] = {}
    for b in spine:
        for acc, v in mrr[b].items():
            if v > 0 and acc not in cohort:
                cohort[acc] = b

    def group(acc: str) -> tuple:
        return () if segment_of is None else (segment_of.get(acc),)

    members: dict[tuple, list[str]] = defaultdict(list)
    for acc, c in cohort.items():
        if c >= shown_from:
            members[(c, *group(acc))].append(acc)

    out: Table = {}
    for key, accs in members.items():
        c = key[0]
        for age, b in enumerate(x for x in spine if x >= c):
            if measure == "accounts":
                value = float(sum(mrr[b].get(a, 0.0) > 0 for a in accs))
                size = float(len(accs))
            else:
                value = sum(mrr[b].get(a, 0.0) for a in accs)
                size = sum(mrr[c].get(a, 0.0) for a in accs)
            out[(*key, age)] = (size, value, value / size if size else 0.0,
                                last_day(b, grain) <= today)
    return out


# -- reading the result ------------------------------------------------------------------------
def group_value(v: Any) -> Any:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def table(frame: Any, by: Sequence[str] = ()) -> Table:
    """The cohort frame as {(cohort, *by, age): (size, value, retention, complete)}; checks the
    columns, the dtypes and the order (cohort, by, age) on the way."""
    df = frame.to_pandas()
    assert list(df.columns) == ["cohort", *by, "age", "size", "value", "retention", "complete"]
    if len(df):
        assert str(df["cohort"].dtype).startswith("datetime64")
        assert pd.api.types.is_integer_dtype(df["age"])
        for col in ("size", "value", "retention"):
            assert pd.api.types.is_float_dtype(df[col]), col
        assert pd.api.types.is_bool_dtype(df["complete"])
    out: Table = {}
    order = []
    for r in df.to_dict("records"):
        key = (pd.Timestamp(r["cohort"]).date(), *(group_value(r[b]) for b in by), int(r["age"]))
        assert key not in out, f"duplicate row {key}"
        out[key] = (float(r["size"]), float(r["value"]), float(r["retention"]), bool(r["complete"]))
        order.append(key)
    # sorted by cohort, then group (each group's rows together, ages 0, 1, 2, ... in order)
    assert [k[0] for k in order] == sorted(k[0] for k in order), "not sorted by cohort"
    seen: list[tuple] = []
    for i, k in enumerate(order):
        head = k[:-1]
        if not seen or seen[-1] != head:
            assert head not in seen, f"rows of {head} not together"
            seen.append(head)
            assert k[-1] == 0, f"{head} does not start at age 0"
        else:
            assert k[-1] == order[i - 1][-1] + 1, f"{head}: ages out of order"
    for c in {h[0] for h in seen}:
        named = [h[1:] for h in seen if h[0] == c and h[1:] and h[1] is not None]
        assert named == sorted(named), f"groups of cohort {c} not sorted"
    return out


def same(got: Table, want: Table, what: str = "") -> None:
    assert sorted(got, key=repr) == sorted(want, key=repr), f"{what}: rows differ"
    for key, (size, value, ret, complete) in want.items():
        g = got[key]
        assert g[0] == pytest.approx(size, rel=1e-9, abs=1e-9), f"{what} {key} size"
        assert g[1] == pytest.approx(value, rel=1e-9, abs=1e-9), f"{what} {key} value"
        assert g[2] == pytest.approx(ret, rel=1e-9, abs=1e-12), f"{what} {key} retention"
        assert g[3] == complete, f"{what} {key} complete"


def sub(sid: str, acc: str, start: dt.date, end: dt.date | None, mrr: float) -> Row:
    return {"subscription_id": sid, "account_id": acc, "start_date": start, "end_date": end,
            "mrr": mrr}


def accounts_rows(segments: Mapping[str, str | None]) -> list[Row]:
    return [{"account_id": a, "segment": s, "created_at": T(2020, 1, 1)} for a, s in segments.items()]


def hand_table(rows: Mapping[dt.date, tuple[float, Sequence[float]]]) -> Table:
    """{cohort: (size, values by age)} -> a Table (2025 data, every bucket complete)."""
    out: Table = {}
    for c, (size, values) in rows.items():
        for age, v in enumerate(values):
            out[(c, age)] = (size, v, v / size, True)
    return out


def with_group(t: Table, group_of: Mapping[dt.date, str | None]) -> Table:
    return {(k[0], group_of[k[0]], k[1]): v for k, v in t.items()}


# -- 1. hand case ------------------------------------------------------------------------------
HAND_SUBS = [
    sub("s1", "A", D(2025, 1, 15), None, 100.0),           # starts mid-month
    sub("s2", "B", D(2025, 1, 1), D(2025, 3, 1), 50.0),    # churns (not on Mar 31) ...
    sub("s3", "B", D(2025, 5, 1), None, 60.0),             # ... and comes back in May
    sub("s4", "C", D(2025, 2, 10), D(2025, 5, 1), 30.0),   # two overlapping subscriptions
    sub("s5", "C", D(2025, 3, 1), D(2025, 6, 15), 20.0),
    sub("s6", "D", D(2025, 3, 5), D(2025, 4, 20), 40.0),   # expands: 40 -> 90
    sub("s7", "D", D(2025, 4, 20), None, 90.0),
]
HAND_SEGMENTS = {"A": "smb", "B": "smb", "C": "ent"}  # D is missing from accounts -> None group
M = [D(2025, m, 1) for m in range(1, 7)]
# MRR on each month's last day (Jan 31, Feb 28, Mar 31, Apr 30, May 31, Jun 30):
#   A: 100 100 100 100 100 100                         cohort Jan
#   B:  50  50   0   0  60  60                         cohort Jan (s2 ended Mar 1, s3 from May 1)
#   C:   0  30  50  50  20   0   (s4 Feb 10-Apr 30, s5 Mar 1-Jun 14)   cohort Feb
#   D:   0   0  40  90  90  90   (s6 ends Apr 20, s7 from Apr 20)       cohort Mar
# No account's first paying month is Apr, May or Jun: no such cohorts.
HAND_ACCOUNTS = hand_table({
    M[0]: (2.0, [2, 2, 1, 1, 2, 2]),   # A and B; B out in Mar and Apr
    M[1]: (1.0, [1, 1, 1, 1, 0]),      # C; gone by Jun 30
    M[2]: (1.0, [1, 1, 1, 1]),         # D
})
HAND_MRR = hand_table({
    M[0]: (150.0, [150, 150, 100, 100, 160, 160]),  # retention 1, 1, 2/3, 2/3, 16/15, 16/15
    M[1]: (30.0, [30, 50, 50, 20, 0]),              # 1, 5/3, 5/3, 2/3, 0
    M[2]: (40.0, [40, 90, 90, 90]),                 # 1, 2.25, 2.25, 2.25
})


def test_hand_case_month(make_kit: MakeKit) -> None:
    segment_of = {a: HAND_SEGMENTS.get(a) for a in "ABCD"}
    # the oracle agrees with the hand numbers
    assert oracle(HAND_SUBS, "accounts", "month", "2025-01", "2025-06") == HAND_ACCOUNTS
    same(oracle(HAND_SUBS, "mrr", "month", "2025-01", "2025-06"), HAND_MRR, "oracle mrr")
    assert HAND_MRR[(M[0], 4)][2] == pytest.approx(16 / 15)
    assert HAND_MRR[(M[1], 4)][1:3] == (0.0, 0.0)
    groups = {M[0]: "smb", M[1]: "ent", M[2]: None}
    for measure, hand in (("accounts", HAND_ACCOUNTS), ("mrr", HAND_MRR)):
        same(oracle(HAND_SUBS, measure, "month", "2025-01", "2025-06", segment_of=segment_of),
             with_group(hand, groups), f"oracle {measure} by segment")

    kit = make_kit({"subscriptions": HAND_SUBS, "accounts": accounts_rows(HAND_SEGMENTS)})
    for measure, hand in (("accounts", HAND_ACCOUNTS), ("mrr", HAND_MRR)):
        same(table(kit.cohorts(measure, start="2025-01", end="2025-06")), hand, measure)
        same(table(kit.cohorts(measure, start="2025-01", end="2025-06", by=["segment"]), ["segment"]),
             with_group(hand, groups), f"{measure} by segment")
    # filters: only C (ent) -> one Feb cohort, as if A, B and D did not exist
    same(table(kit.cohorts("mrr", start="2025-01", end="2025-06", filters={"segment": ["ent"]})),
         {k: v for k, v in HAND_MRR.items() if k[0] == M[1]}, "mrr ent")


# -- 2. never on a month's last day ------------------------------------------------------------
def test_subscription_inside_one_month_is_a_daily_cohort_only(make_kit: MakeKit) -> None:
    subs = [sub("x", "X", D(2025, 2, 5), D(2025, 2, 20), 25.0),   # pays Feb 5 .. Feb 19
            sub("y", "Y", D(2025, 1, 1), None, 10.0)]
    kit = make_kit({"subscriptions": subs})
    # monthly: X never pays on a month's last day -> only Y's Jan cohort, of size 1
    hand_month = {(D(2025, 1, 1), a): (1.0, 1.0, 1.0, True) for a in range(3)}
    assert oracle(subs, "accounts", "month", "2025-01", "2025-03") == hand_month
    got = table(kit.cohorts("accounts", start="2025-01", end="2025-03"))
    same(got, hand_month, "month")
    same(table(kit.cohorts("mrr", start="2025-01", end="2025-03")),
         {k: (10.0, 10.0, 1.0, True) for k in hand_month}, "month mrr")

    # daily, Feb 1 .. Feb 28: Y's cohort (Jan 1) is before start; X's cohort is Feb 5, ages
    # 0 .. 23 (Feb 5 .. Feb 28), paying at ages 0 .. 14 (Feb 5 .. Feb 19), not from Feb 20
    hand_day = {(D(2025, 2, 5), a): (1.0, 1.0 if a <= 14 else 0.0, 1.0 if a <= 14 else 0.0, True)
                for a in range(24)}
    assert oracle(subs, "accounts", "day", D(2025, 2, 1), D(2025, 2, 28)) == hand_day
    same(table(kit.cohorts("accounts", grain="day", start=D(2025, 2, 1), end=D(2025, 2, 28))),
         hand_day, "day")
    mrr_day = {k: (25.0, 25.0 * v[1], v[2], True) for k, v in hand_day.items()}
    same(table(kit.cohorts("mrr", grain="day", start=D(2025, 2, 1), end=D(2025, 2, 28))),
         mrr_day, "day mrr")


# -- 3. history before start= ------------------------------------------------------------------
def test_history_before_start(make_kit: MakeKit) -> None:
    subs = [sub("o", "OLD", D(2024, 3, 10), None, 40.0),   # paying since Mar 2024
            sub("n", "NEW", D(2025, 1, 2), None, 60.0),
            sub("z", "ZERO", D(2025, 1, 1), None, 0.0)]    # never > 0: in no cohort
    kit = make_kit({"subscriptions": subs})
    # Jan 2025 .. Mar 2025: only NEW's Jan 2025 cohort (OLD's cohort is Mar 2024, before start)
    hand = {(D(2025, 1, 1), a): (1.0, 1.0, 1.0, True) for a in range(3)}
    assert oracle(subs, "accounts", "month", "2025-01", "2025-03") == hand
    same(table(kit.cohorts("accounts", start="2025-01", end="2025-03")), hand, "accounts")
    same(table(kit.cohorts("mrr", start="2025-01", end="2025-03")),
         {k: (60.0, 60.0, 1.0, True) for k in hand}, "mrr")
    # with no start=: OLD's Mar 2024 cohort, ages 0 .. 12 (Mar 2024 .. Mar 2025), and NEW's
    full = {(D(2024, 3, 1), a): (1.0, 1.0, 1.0, True) for a in range(13)} | hand
    assert oracle(subs, "accounts", "month", None, "2025-03") == full
    same(table(kit.cohorts("accounts", end="2025-03")), full, "no start")
    # at grain year (MRR): OLD is the 2024 cohort (40 on Dec 31 2024 and Jun 30 2025), NEW the
    # 2025 one (60 on Jun 30 2025)
    year = {(D(2024, 1, 1), 0): (40.0, 40.0, 1.0, True), (D(2024, 1, 1), 1): (40.0, 40.0, 1.0, True),
            (D(2025, 1, 1), 0): (60.0, 60.0, 1.0, True)}
    assert oracle(subs, "mrr", "year", None, "2025-06") == year
    same(table(kit.cohorts("mrr", grain="year", end="2025-06")), year, "year")


# -- 4. random data ----------------------------------------------------------------------------
SEGMENTS = ["smb", "ent", "mid", None]


def random_rows(seed: int, n_accounts: int = 30, n_subs: int = 70) -> tuple[list[Row], list[Row]]:
    """Subscriptions between 2023 and 2025 (starts on a month's first or last day or any day;
    open, mid-month, month-start, month-end, zero-length ends; some 0 MRR) and accounts (a few
    missing, some null segments)."""
    rnd = random.Random(seed)
    ids = [f"acc{i:02d}" for i in range(n_accounts)]
    lo, span = D(2023, 1, 1), (D(2025, 12, 31) - D(2023, 1, 1)).days
    subs = []
    for i in range(n_subs):
        start = lo + dt.timedelta(days=rnd.randrange(span))
        edge = rnd.random()
        if edge < 0.25:  # the first day of a month
            start = start.replace(day=1)
        elif edge < 0.45:  # the last day of a month (a reading day)
            start = add_months(start.replace(day=1), 1) - DAY
        kind = rnd.choice(["open", "days", "month_start", "month_end", "zero", "days"])
        if kind == "open":
            end = None
        elif kind == "zero":
            end = start
        elif kind == "month_start":
            end = add_months(start.replace(day=1), rnd.randint(1, 8))
        elif kind == "month_end":  # ends on a reading day: not paying on it
            end = add_months(start.replace(day=1), rnd.randint(1, 8)) - DAY
        else:
            end = start + dt.timedelta(days=rnd.randint(1, 400))
        mrr = rnd.choice([0.0, 9.99, 50.0, 100.0, 250.0, round(rnd.uniform(1, 500), 2)])
        subs.append(sub(f"s{i}", rnd.choice(ids), start, end, mrr))
    accounts = [{"account_id": a, "segment": rnd.choice(SEGMENTS), "created_at": T(2022, 1, 1)}
                for a in ids if rnd.random() < 0.85]
    return subs, accounts


def segment_map(accounts: Sequence[Row], subs: Sequence[Row]) -> dict[str, str | None]:
    seg = {a["account_id"]: a["segment"] for a in accounts}
    return {s["account_id"]: seg.get(s["account_id"]) for s in subs}


def test_random_data_against_the_oracle(make_kit: MakeKit) -> None:
    subs, accounts = random_rows(7)
    segment_of = segment_map(accounts, subs)
    kit = make_kit({"subscriptions": subs, "accounts": accounts})
    cases = [("month", D(2024, 1, 1), D(2025, 6, 30)), ("quarter", None, D(2026, 3, 31))]
    checked = 0
    for grain, start, end in cases:
        for measure in ("accounts", "mrr"):
            want = oracle(subs, measure, grain, start, end)
            got = table(kit.cohorts(measure, grain=grain, start=start, end=end))
            same(got, want, f"{measure} {grain}")
            want_by = oracle(subs, measure, grain, start, end, segment_of=segment_of)
            same(table(kit.cohorts(measure, grain=grain, start=start, end=end, by=["segment"]),
                       ["segment"]), want_by, f"{measure} {grain} by segment")
            checked += len(want) + len(want_by)
            # the groups add up to the whole
            for key, (_, value, _, _) in want.items():
                parts = [v[1] for k, v in want_by.items() if (k[0], k[2]) == key]
                assert sum(parts) == pytest.approx(value)
    assert checked > 300  # the data are not trivial
    assert any(v[2] not in (0.0, 1.0) for v in oracle(subs, "accounts", "month").values())

    # filters: the oracle over the subscriptions of the smb accounts only
    smb = [s for s in subs if segment_of[s["account_id"]] == "smb"]
    assert 0 < len(smb) < len(subs)
    for measure in ("accounts", "mrr"):
        for grain, start, end in (("month", D(2024, 1, 1), D(2025, 6, 30)),
                                  ("quarter", None, D(2026, 3, 31))):
            want = oracle(smb, measure, grain, start, end)
            assert want
            same(table(kit.cohorts(measure, grain=grain, start=start, end=end,
                                   filters={"segment": "smb"})), want, f"{measure} {grain} smb")


# -- 5. fiscal quarters ------------------------------------------------------------------------
def test_fiscal_quarter_cohorts(make_kit: MakeKit) -> None:
    subs, accounts = random_rows(11, n_accounts=25, n_subs=60)
    segment_of = segment_map(accounts, subs)
    kit = make_kit({"subscriptions": subs, "accounts": accounts}, fiscal_year_start=4)
    want = oracle(subs, "accounts", "quarter", D(2023, 4, 1), D(2025, 12, 31), fy=4)
    # fiscal quarters from April start in Jan, Apr, Jul, Oct: the calendar quarters (other labels)
    assert {k[0].month for k in want} == {1, 4, 7, 10}
    assert want == oracle(subs, "accounts", "quarter", D(2023, 4, 1), D(2025, 12, 31), fy=1)
    same(table(kit.cohorts("accounts", grain="quarter", start=D(2023, 4, 1), end=D(2025, 12, 31))),
         want, "fiscal quarter accounts")
    same(table(kit.cohorts("mrr", grain="quarter", start=D(2024, 1, 1), end=D(2025, 9, 30),
                           by=["segment"]), ["segment"]),
         oracle(subs, "mrr", "quarter", D(2024, 1, 1), D(2025, 9, 30), fy=4, segment_of=segment_of),
         "fiscal quarter mrr by segment")
    # fiscal years run Apr - Mar: they differ from calendar years
    year = oracle(subs, "accounts", "year", None, D(2026, 3, 31), fy=4)
    assert {k[0] for k in year} == {D(2022, 4, 1), D(2023, 4, 1), D(2024, 4, 1), D(2025, 4, 1)}
    same(table(kit.cohorts("accounts", grain="year", end=D(2026, 3, 31))), year, "fiscal year")

    # fiscal_year_start=2: quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan, unlike the calendar's
    kit2 = make_kit({"subscriptions": subs}, fiscal_year_start=2)
    want2 = oracle(subs, "mrr", "quarter", D(2023, 5, 1), D(2025, 10, 31), fy=2)
    assert {k[0].month for k in want2} <= {2, 5, 8, 11} and len(want2) > 20
    assert want2 != oracle(subs, "mrr", "quarter", D(2023, 5, 1), D(2025, 10, 31), fy=1)
    same(table(kit2.cohorts("mrr", grain="quarter", start=D(2023, 5, 1), end=D(2025, 10, 31))),
         want2, "fiscal (Feb) quarter mrr")


# -- 6. the mrr-playbook seed ------------------------------------------------------------------
def load_playbook() -> list[Row]:
    with CSV.open(newline="") as fh:
        return [sub(str(r["subscription_id"]), str(r["customer_id"]),
                    D.fromisoformat(r["start_date"]),
                    D.fromisoformat(r["end_date"]) if r["end_date"] else None,
                    float(r["monthly_amount"]))
                for r in csv.DictReader(fh)]


def playbook_cohorts(subs: Sequence[Row], first: dt.date, last: dt.date,
                     shown_from: dt.date) -> dict[str, Table]:
    """The playbook's view: a customer-month is active when a subscription has
    start_date <= month start < end_date (customer_revenue_by_month); the customer's cohort is
    its first active month; value = customers active (or their revenue) at each age."""
    months, m = [], first
    while m <= last:
        months.append(m)
        m = add_months(m, 1)
    revenue: dict[tuple[dt.date, str], float] = defaultdict(float)
    for m in months:
        for s in subs:
            if s["start_date"] <= m < s["end_date"]:
                revenue[(m, s["account_id"])] += s["mrr"]
    first_active: dict[str, dt.date] = {}
    for (m, c), v in sorted(revenue.items()):
        if v > 0:
            first_active.setdefault(c, m)
    out: dict[str, Table] = {"accounts": {}, "mrr": {}}
    for cohort in months:
        if cohort < shown_from:
            continue
        customers = [c for c, f in first_active.items() if f == cohort]
        if not customers:
            continue
        size_n = len(customers)
        size_m = sum(revenue[(cohort, c)] for c in customers)
        for age, m in enumerate(x for x in months if x >= cohort):
            n = sum(revenue[(m, c)] > 0 for c in customers)
            r = sum(revenue[(m, c)] for c in customers)
            out["accounts"][(cohort, age)] = (float(size_n), float(n), n / size_n, True)
            out["mrr"][(cohort, age)] = (size_m, r, r / size_m, True)
    return out


def test_mrr_playbook_logo_retention(make_kit: MakeKit) -> None:
    subs = load_playbook()
    assert len(subs) == 121 and all(s["end_date"] is not None for s in subs)
    # every start and end date is the first of a month: month-start and month-end snapshots agree
    assert all(s["start_date"].day == 1 and s["end_date"].day == 1 for s in subs)
    want = playbook_cohorts(subs, D(2017, 1, 1), D(2020, 6, 1), D(2018, 1, 1))
    assert len({k[0] for k in want["accounts"]}) > 10
    assert any(0 < v[2] < 1 for v in want["accounts"].values())
    kit = make_kit({"subscriptions": subs})
    for measure in ("accounts", "mrr"):
        same(oracle(subs, measure, "month", "2018-01", "2020-06"), want[measure], f"oracle {measure}")
        same(table(kit.cohorts(measure, start="2018-01", end="2020-06")), want[measure],
             f"playbook {measure}")


# -- today's bucket ----------------------------------------------------------------------------
def test_never_after_todays_bucket(make_kit: MakeKit) -> None:
    today = utc_today()
    this_month = today.replace(day=1)
    two_ago = add_months(this_month, -2)
    subs = [sub("p", "P", two_ago, add_months(this_month, 5), 10.0),   # ends after today
            sub("q", "Q", add_months(this_month, -1), None, 20.0)]
    kit = make_kit({"subscriptions": subs})
    want = oracle(subs, "mrr", "month", two_ago, None, today=today)
    # P's cohort two months ago (ages 0, 1, 2: the last one, this month, under way), Q's last month
    assert sorted(want) == [(two_ago, 0), (two_ago, 1), (two_ago, 2),
                            (add_months(this_month, -1), 0), (add_months(this_month, -1), 1)]
    assert [v[3] for k, v in sorted(want.items())] == [True, True, False, True, False]
    assert want[(two_ago, 2)] == (10.0, 10.0, 1.0, False)
    for end in (None, add_months(this_month, 7)):
        got = table(kit.cohorts("mrr", start=two_ago, end=end))
        if utc_today() != today:  # midnight passed while running: nothing to compare
            return
        same(got, want, f"end {end}")


# -- the default end -----------------------------------------------------------------------------
def test_default_end_is_the_last_day_with_data(make_kit: MakeKit) -> None:
    """With no end=, the table ends with the bucket holding the last day the data covers, as
    compute's default range does: end_date is exclusive, so a subscription ending 2025-07-01
    covers 2025-06-30 last, and the table stops at 2025-06."""
    subs = [sub("s", "A", D(2025, 1, 1), D(2025, 7, 1), 10.0)]   # pays Jan .. Jun 2025
    # observed Jan .. Jun 2025 -> the Jan cohort (size 1) at ages 0 .. 5, paying at each
    hand = {(D(2025, 1, 1), a): (1.0, 1.0, 1.0, True) for a in range(6)}
    assert oracle(subs, "accounts", "month", end=D(2025, 6, 30)) == hand
    kit = make_kit({"subscriptions": subs})
    same(table(kit.cohorts("accounts")), hand, "default end")
    later = [*subs, sub("t", "B", D(2025, 7, 1), D(2025, 8, 1), 5.0)]  # a start in July
    assert max(a for (_, a) in table(make_kit({"subscriptions": later}).cohorts("accounts"))) == 6


# -- 7. errors and the printed table -----------------------------------------------------------
def test_errors(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": HAND_SUBS, "accounts": accounts_rows(HAND_SEGMENTS)})
    with pytest.raises(ArgumentError):
        kit.cohorts("logos").to_pandas()
    with pytest.raises(PeriodError):
        kit.cohorts(grain="fortnight").to_pandas()
    with pytest.raises(DimensionError):
        kit.cohorts(by=["nope"]).to_pandas()
    no_subs = make_kit({"accounts": accounts_rows(HAND_SEGMENTS)})
    with pytest.raises(MappingError, match="subscriptions") as info:
        no_subs.cohorts().to_pandas()
    assert isinstance(info.value, MissingTableError)


def test_printed_table(make_kit: MakeKit) -> None:
    kit = make_kit({"subscriptions": HAND_SUBS})
    text = str(kit.cohorts(start="2025-01", end="2025-06"))
    assert "retention by cohort" in text.lower()
    assert "2025-01" in text and "2025-03" in text
    fiscal = make_kit({"subscriptions": HAND_SUBS}, fiscal_year_start=4)
    frame = fiscal.cohorts(grain="quarter", start="2025-01-01", end="2025-06-30")
    # FY starting in April: Jan 2025 is in FY2025 (Apr 2024 - Mar 2025), its 4th quarter
    # read on Mar 31 and Jun 30: A, C and D pay on Mar 31 (B not: s2 ended Mar 1) -> the
    # Jan-Mar cohort of 3; on Jun 30 A and D pay (C's s5 ended Jun 15) -> 2; B pays again on
    # Jun 30 -> the Apr-Jun cohort of 1
    hand = {(D(2025, 1, 1), 0): (3.0, 3.0, 1.0, True), (D(2025, 1, 1), 1): (3.0, 2.0, 2 / 3, True),
            (D(2025, 4, 1), 0): (1.0, 1.0, 1.0, True)}
    same(oracle(HAND_SUBS, "accounts", "quarter", D(2025, 1, 1), D(2025, 6, 30), fy=4), hand,
         "oracle fiscal hand")
    same(table(frame), hand, "fiscal hand")
    text = str(frame)
    assert "FY2025-Q4" in text and "FY2026-Q1" in text


def test_the_printed_table_shows_the_null_groups_size(make_kit: MakeKit) -> None:
    subs = [sub("s", "A", D(2025, 1, 1), None, 10.0), sub("t", "B", D(2025, 1, 1), None, 5.0)]
    kit = make_kit({"subscriptions": subs, "accounts": accounts_rows({"A": "smb"})})
    text = str(kit.cohorts("accounts", by=["segment"], start="2025-01", end="2025-02"))
    null_row = [line for line in text.splitlines() if "∅" in line][0]
    assert " 1 " in null_row and "—" not in null_row.split("∅")[1].split()[0]
