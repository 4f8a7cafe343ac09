"""Slicing a computation: ``filters=``, ``compare=``, ``fiscal_year_start=`` and ``as_of=``, against
plain-Python oracles written from the words of the slicing spec (never from plugins/ nor from
csm_kit.filters / comparison / periods, which were read for their error types only).

The definitions the oracles follow:

* filters={column: value or [values]} keeps the accounts whose accounts column (segment, plan,
  region, owner, name; text) holds one of the values, for EVERY column given; each input table
  is reduced to the rows whose account (account_id) is one of them, the accounts table too. A
  null column matches nothing, a row whose account is missing from accounts matches nothing.
  The metamorphic oracle: ``compute(..., filters=F)`` on the rows equals ``compute(...)`` on a
  kit bound to the rows reduced in plain Python. An additive metric filtered to two segments is
  the sum of its two by=['segment'] groups; a ratio filtered to one segment is its group. A
  filter value no account holds warns (csm_kit.FilterWarning, naming the value) and
  gives empty rows (counts 0, rates null). A metric whose rows carry no account
  (customer_retention_cost, reading cs_costs) is left out with a DimensionError when filtered.
  Bad filters are typed errors: unknown column -> DimensionError with "Did you mean", non-text
  value / empty list / not a mapping -> ArgumentError.
* compare='previous' adds `previous`, the value of the same metric and group one bucket earlier,
  compare='year_ago' the value of the same bucket a year earlier (12 months, 4 quarters, 1 year,
  52 weeks, 364 days earlier), and `change` = value - previous (null if either is null). The
  first bucket shown has its previous filled from before start=. Compare adds columns, never
  rows. A stock (mrr) has no value in a bucket starting after today, and so no previous when
  the bucket before also starts after today. The oracle: the same kit computed without compare
  over a range starting a year and more earlier, indexed by (metric, period_start, group).
* fiscal_year_start=m (1-12): quarter buckets start in months m, m+3, m+6, m+9 and year buckets
  on the 1st of month m; a fiscal year is named by the calendar year in which it ends
  ("FY2026" = 2025-04-01..2026-03-31 with m=4, its quarters FY2026-Q1 = Apr-Jun 2025 ..
  FY2026-Q4 = Jan-Mar 2026); month, week and day buckets are unaffected; m=1 keeps the labels
  "2025-Q2" and "2025". The oracle's fiscal calendar (fiscal_bucket below) is written here.
  An additive metric at a fiscal year (quarter) is the sum of its 12 (3) months, a stock its
  value in the last month. Anything but an int 1-12 is a PeriodError at connect.
* as_of='data': a bucket is complete when it ends by min(today, the last day holding data in
  the metrics' input tables); the default ('today') marks every past bucket complete.

Hand-made rows with hand-derived numbers (in comments; the oracles agree with them too), then
seeded random rows (at most 17 accounts, at most 300 rows a table) at several grains, with and
without by=['segment']. Every test taking ``make_kit`` runs on DuckDB and on a real PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit.errors import FilterWarning
from tests.conftest import canonical
from tests.oracle_calendar import bucket_of, buckets, next_bucket
from tests.strategies import as_float, as_group, day_of, table_of

D = dt.date
T = dt.datetime
DAY = dt.timedelta(days=1)
MakeKit = Callable[..., ck.Kit]
Row = dict[str, Any]
Tables = dict[str, list[Row]]

FILTER_COLUMNS = ("segment", "plan", "region", "owner", "name")
# the metrics of the metamorphic test (the spec's "net_revenue_retention" is the id "nrr")
META_IDS = ["mrr", "new_mrr", "churned_mrr", "customer_churn_rate", "nps", "csat", "mau", "dau",
            "support_tickets", "first_response_time", "nrr"]
COMPARE_IDS = ["mrr", "new_mrr", "support_tickets", "nps", "customer_churn_rate", "mau"]


# -- values ------------------------------------------------------------------------------------
def same(got: float | None, want: float | None) -> bool:
    """Equal within 1e-9 (relative or absolute); null equals null."""
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


def minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def assert_same_tables(got: Mapping[tuple, float | None], want: Mapping[tuple, float | None],
                       what: str) -> None:
    """Same keys (metric, period_start, *groups) and the same values."""
    assert sorted(got, key=repr) == sorted(want, key=repr), f"{what}: rows differ"
    bad = {k: (got[k], want[k]) for k in want if not same(got[k], want[k])}
    assert not bad, f"{what}: (got, expected) {bad}"


def compared_of(res: ck.MetricFrame, by: Sequence[str] = ()) -> dict[tuple, tuple]:
    """{(metric, period_start, *by): (value, previous, change)}, nulls as None; each key once."""
    out: dict[tuple, tuple] = {}
    for rec in res.to_pandas().to_dict("records"):
        key = (rec["metric"], day_of(rec["period_start"]), *(as_group(rec[b]) for b in by))
        assert key not in out, f"duplicate row {key}"
        out[key] = (as_float(rec["value"]), as_float(rec["previous"]), as_float(rec["change"]))
    return out


# -- the plain-Python calendar of the oracles --------------------------------------------------
def add_months(d: dt.date, n: int) -> dt.date:
    """The first of the month `n` months after (before, n < 0) the month of `d`."""
    y, m = divmod(d.month - 1 + n, 12)
    return D(d.year + y, m + 1, 1)


def fiscal_bucket(d: dt.date, grain: str, fys: int) -> dt.date:
    """First day of the fiscal quarter / year holding `d` in a fiscal year starting in month fys;
    other grains are the calendar's."""
    if grain not in ("quarter", "year"):
        return bucket_of(d, grain)
    year_start = D(d.year if d.month >= fys else d.year - 1, fys, 1)
    if grain == "year":
        return year_start
    months_in = (d.year - year_start.year) * 12 + d.month - fys
    return add_months(year_start, months_in // 3 * 3)


def fiscal_next(b: dt.date, grain: str) -> dt.date:
    if grain in ("quarter", "year"):
        return add_months(b, 3 if grain == "quarter" else 12)
    return next_bucket(b, grain)


def fiscal_buckets(first: dt.date, last: dt.date, grain: str, fys: int) -> list[dt.date]:
    out, b = [], fiscal_bucket(first, grain, fys)
    while b <= last:
        out.append(b)
        b = fiscal_next(b, grain)
    return out


def fiscal_label(b: dt.date, grain: str, fys: int) -> str:
    """'FY2026-Q1' / 'FY2026' (fiscal: named by the calendar year in which the year ends), or
    '2025-Q2' / '2025' when the fiscal year is the calendar year."""
    year_start = fiscal_bucket(b, "year", fys)
    ends_in = (add_months(year_start, 12) - DAY).year
    name = f"FY{ends_in}" if fys != 1 else str(ends_in)
    if grain == "year":
        return name
    quarter = ((b.year - year_start.year) * 12 + b.month - fys) // 3 + 1
    return f"{name}-Q{quarter}"


def earlier(b: dt.date, grain: str, how: str) -> dt.date:
    """The bucket `compare=how` sets beside the bucket starting at `b` (calendar grains)."""
    if how == "previous":
        if grain in ("day", "week"):
            return b - (7 if grain == "week" else 1) * DAY
        return add_months(b, -{"month": 1, "quarter": 3, "year": 12}[grain])
    if grain in ("day", "week"):
        return b - 364 * DAY  # 52 weeks, 364 days
    return add_months(b, -12)


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# -- rows ---------------------------------------------------------------------------------------
def account(aid: str, segment: str | None, region: str | None, plan: str | None = None,
            owner: str | None = None, name: str | None = None) -> Row:
    return {"account_id": aid, "name": name, "segment": segment, "region": region, "plan": plan,
            "owner": owner, "created_at": T(2023, 1, 1)}


def ticket(tid: str, acc: str, created: dt.datetime, first: dt.datetime | None = None,
           resolved: dt.datetime | None = None) -> Row:
    return {"ticket_id": tid, "account_id": acc, "created_at": created, "first_response_at": first,
            "resolved_at": resolved}


def sub(sid: str, acc: str, start: dt.date, end: dt.date | None, mrr: float) -> Row:
    return {"subscription_id": sid, "account_id": acc, "start_date": start, "end_date": end,
            "mrr": mrr}


# the first accounts are fixed so that every case is there: eu accounts of three segments and
# one with a null segment, an account with null region; 'ghost' has rows but no accounts row
FIXED_ACCOUNTS = [("enterprise", "eu"), ("smb", "eu"), (None, "eu"), ("enterprise", "us"),
                  ("mid", "eu"), ("smb", None), ("smb", "us"), ("enterprise", "apac")]


def random_tables(seed: int, n_accounts: int = 16) -> Tables:
    """accounts, subscriptions, events, survey_responses, tickets from June 2023 to December 2025
    (whole seconds; a fifth of the instants on a midnight of the 1st or one second before)."""
    rng = random.Random(seed)
    accounts = []
    for i in range(n_accounts):
        seg, reg = FIXED_ACCOUNTS[i] if i < len(FIXED_ACCOUNTS) else (
            rng.choice(["enterprise", "smb", "mid", None]), rng.choice(["eu", "us", "apac", None]))
        accounts.append(account(f"acc{i:02d}", seg, reg, rng.choice(["basic", "pro", None]),
                                rng.choice(["olga", "omar", "otto", None]), f"Account {i}"))
    ids = [a["account_id"] for a in accounts] + ["ghost"]
    first, last = T(2023, 6, 1), T(2025, 12, 31, 23, 59, 59)
    span = int((last - first).total_seconds())

    def instant() -> dt.datetime:
        t = first + dt.timedelta(seconds=rng.randrange(span))
        if rng.random() < 0.2:
            t = T(t.year, t.month, 1) - dt.timedelta(seconds=rng.choice([0, 1]))
        return max(t, first)

    def delay() -> dt.timedelta:
        return dt.timedelta(seconds=rng.choice([0, rng.randrange(4 * 3600),
                                                rng.randrange(5 * 86400)]))

    subs = []
    for acc in ids:
        for j in range(rng.randint(0, 3)):
            start = D(2023, 6, 1) + rng.randrange(900) * DAY
            if rng.random() < 0.3:
                start = D(start.year, start.month, 1)
            end = rng.choice([None, start + rng.randrange(0, 400) * DAY,
                              add_months(start, rng.randint(1, 14))])
            subs.append(sub(f"{acc}-s{j}", acc, start, end,
                            rng.choice([0.0, 49.0, 99.5, 250.0, 1000.0])))
    users = {f"u{i:02d}": rng.choice(ids) for i in range(40)}
    events = []
    for _ in range(300):
        user = rng.choice(list(users))
        events.append({"user_id": user, "account_id": users[user], "occurred_at": instant(),
                       "event_name": rng.choice(["login", "view"]),
                       "feature": rng.choice([None, "reports"])})
    surveys = []
    for i in range(200):
        kind = rng.choice(["nps", "csat"])
        surveys.append({"response_id": f"r{i}", "account_id": rng.choice(ids),
                        "user_id": rng.choice([None, *list(users)[:5]]), "survey": kind,
                        "score": float(rng.randint(0, 10) if kind == "nps" else rng.randint(1, 5)),
                        "responded_at": instant()})
    tickets = []
    for i in range(200):
        created = instant()
        answered = None if rng.random() < 0.15 else created + delay()
        resolved = None if rng.random() < 0.2 else (answered or created) + delay()
        tickets.append(ticket(f"t{i}", rng.choice(ids), created, answered, resolved))
    return {"accounts": accounts, "subscriptions": subs, "events": events,
            "survey_responses": surveys, "tickets": tickets}


def matching_accounts(accounts: Iterable[Row], filters: Mapping[str, Any]) -> set[str]:
    """The ids of the accounts whose every filtered column holds one of the given values."""
    wanted = {c: {v} if isinstance(v, str) else set(v) for c, v in filters.items()}
    return {a["account_id"] for a in accounts
            if all(a.get(c) is not None and a[c] in vs for c, vs in wanted.items())}


def reduce_tables(tables: Tables, filters: Mapping[str, Any]) -> Tables:
    """Every table reduced to the rows of the matching accounts (accounts included)."""
    keep = matching_accounts(tables["accounts"], filters)
    key = {"referrals": "referrer_account_id"}
    return {name: [r for r in rows if r[key.get(name, "account_id")] in keep]
            for name, rows in tables.items()}


def compute_ok(kit: ck.Kit, ids: Sequence[str], **kwargs: Any) -> ck.MetricFrame:
    res = kit.compute(list(ids), **kwargs)
    assert not res.errors, res.errors
    return res


# -- filters: hand case ------------------------------------------------------------------------
HAND_ACCOUNTS = [account("A", "enterprise", "eu"), account("B", "smb", "eu"),
                 account("C", "enterprise", "us")]
HAND_TICKETS = [
    ticket("a1", "A", T(2025, 3, 1)),                 # A: 2 tickets in March (one at 00:00 on the 1st)
    ticket("a2", "A", T(2025, 3, 31, 23, 59, 59)),
    ticket("a3", "A", T(2025, 4, 1)),                 # A: 1 in April
    ticket("b1", "B", T(2025, 3, 10, 12)),            # B: 1 in March
    ticket("c1", "C", T(2025, 3, 2)),                 # C: 3 in March, 0 in April
    ticket("c2", "C", T(2025, 3, 15)),
    ticket("c3", "C", T(2025, 3, 20)),
    ticket("d1", "D", T(2025, 3, 5)),                 # D: missing from accounts, 1 in March
]


def hand_count(filters: Mapping[str, Any] | None) -> dict[tuple, float]:
    """support_tickets per month (March, April) by the oracle: tickets of the matching accounts."""
    keep = matching_accounts(HAND_ACCOUNTS, filters) if filters else None
    n: Counter[dt.date] = Counter()
    for t in HAND_TICKETS:
        if keep is None or t["account_id"] in keep:
            n[bucket_of(t["created_at"].date(), "month")] += 1
    return {("support_tickets", m): float(n[m]) for m in (D(2025, 3, 1), D(2025, 4, 1))}


def test_filters_hand_case(make_kit: MakeKit) -> None:
    kit = make_kit({"accounts": HAND_ACCOUNTS, "tickets": HAND_TICKETS})
    mar, apr = D(2025, 3, 1), D(2025, 4, 1)
    cases = [
        (None, {mar: 7.0, apr: 1.0}),                             # A 2 + B 1 + C 3 + D 1; A 1
        ({"segment": "enterprise"}, {mar: 5.0, apr: 1.0}),        # A 2 + C 3; A 1
        ({"segment": "enterprise", "region": "eu"}, {mar: 2.0, apr: 1.0}),   # A only
        ({"segment": ["enterprise", "smb"]}, {mar: 6.0, apr: 1.0}),          # A + B + C, not D
        ({"region": "eu"}, {mar: 3.0, apr: 1.0}),                 # A 2 + B 1
        ({"segment": ["smb", "enterprise"], "region": "us"}, {mar: 3.0, apr: 0.0}),  # C only
        ({"segment": "smb", "region": "us"}, {mar: 0.0, apr: 0.0}),  # both held, by no account
    ]
    for filters, hand in cases:
        want = {("support_tickets", b): v for b, v in hand.items()}
        assert hand_count(filters) == want, filters  # the oracle agrees with the hand numbers
        res = compute_ok(kit, ["support_tickets"], grain="month", start="2025-03-01",
                         end="2025-04-30", filters=filters)
        assert_same_tables(table_of(res), want, f"filters={filters}")


# -- filters: metamorphic on random rows -------------------------------------------------------
META_FILTERS = [
    {"segment": ["enterprise", "smb"]},
    {"segment": "enterprise", "region": "eu"},
    {"owner": ["olga", "omar"], "plan": ["pro", "basic"],
     "name": [f"Account {i}" for i in (0, 1, 3, 4, 6, 9, 10, 12, 15)]},
]


@pytest.mark.parametrize("index", range(len(META_FILTERS)))
def test_filters_equal_reduced_rows(make_kit: MakeKit, index: int) -> None:
    filters = META_FILTERS[index]
    tables = random_tables(11)
    reduced = reduce_tables(tables, filters)
    kept = {a["account_id"] for a in reduced["accounts"]}
    # the filter keeps some accounts and drops some rows of every table
    assert kept and len(kept) < len(tables["accounts"])
    for name in tables:
        assert 0 < len(reduced[name]) < len(tables[name]), name
    kit, kit2 = make_kit(tables), make_kit(reduced)
    available = kit.metrics().set_index("id")["available"]
    assert all(available[m] for m in META_IDS), available[META_IDS]
    ranges = [("month", "2024-07-01", "2025-06-30")]
    if index == 0:
        ranges.append(("week", "2025-02-03", "2025-04-27"))
    for grain, start, end in ranges:
        got = compute_ok(kit, META_IDS, grain=grain, start=start, end=end, filters=filters)
        want = compute_ok(kit2, META_IDS, grain=grain, start=start, end=end)
        assert_same_tables(table_of(got), table_of(want), f"{filters} {grain}")
        if grain == "month":  # the filter does change numbers (else the test proves nothing)
            whole = compute_ok(kit, META_IDS, grain=grain, start=start, end=end)
            changed = {k[0] for k, a in table_of(whole).items() if not same(a, table_of(got)[k])}
            assert len(changed) >= len(META_IDS) - 2, changed


def test_filters_additive_ratio_and_by(make_kit: MakeKit) -> None:
    tables = random_tables(23)
    kit = make_kit(tables)
    rng = {"grain": "month", "start": "2024-10-01", "end": "2025-09-30"}
    additive, ratios = ["new_mrr", "support_tickets", "churned_mrr"], ["nps", "customer_churn_rate"]
    by = table_of(compute_ok(kit, additive + ratios, by=["segment"], **rng), ["segment"])
    # an additive metric filtered to two segments = the sum of the two groups
    two = table_of(compute_ok(kit, additive, filters={"segment": ["enterprise", "smb"]}, **rng))
    assert two and any(v for v in two.values())
    for (metric, b), v in two.items():
        assert same(v, by[(metric, b, "enterprise")] + by[(metric, b, "smb")]), (metric, b)
    # a ratio filtered to one segment = its group (nulls included)
    one = table_of(compute_ok(kit, ratios, filters={"segment": "smb"}, **rng))
    assert any(v is not None for v in one.values())
    for (metric, b), v in one.items():
        assert same(v, by[(metric, b, "smb")]), (metric, b, v, by[(metric, b, "smb")])
    # filters compose with by: only the groups of the eu accounts, each = filtering both
    ids = additive + ratios
    eu = compute_ok(kit, ids, by=["segment"], filters={"region": "eu"}, **rng)
    got = table_of(eu, ["segment"])
    eu_segments = {a["segment"] for a in tables["accounts"] if a["region"] == "eu"}
    assert eu_segments == {"enterprise", "smb", "mid", None}
    assert {k[2] for k in got} == eu_segments
    for seg in ("enterprise", "mid"):  # two of the groups (each compute costs time)
        both = table_of(compute_ok(kit, ids, filters={"region": "eu", "segment": seg}, **rng))
        assert_same_tables({k[:2]: v for k, v in got.items() if k[2] == seg}, both,
                           f"region eu, segment {seg}")
    # the whole frame (the null-segment group too) = by segment on the rows of eu accounts
    reduced = make_kit(reduce_tables(tables, {"region": "eu"}))
    assert_same_tables(got, table_of(compute_ok(reduced, ids, by=["segment"], **rng), ["segment"]),
                       "region eu by segment")


# -- filters: errors, warnings, metrics without an account -------------------------------------
def test_filter_errors() -> None:
    kit = ck.connect(tables={"accounts": canonical("accounts", HAND_ACCOUNTS),
                             "tickets": canonical("tickets", HAND_TICKETS)})
    rng = {"grain": "month", "start": "2025-03-01", "end": "2025-04-30"}
    with pytest.raises(ck.DimensionError, match="Did you mean 'segment'"):
        kit.compute(["support_tickets"], filters={"segmnt": "x"}, **rng)
    for bad in ({"segment": 3}, {"segment": ["smb", 3]}, {"segment": []}, ["segment"],
                "segment=smb", [("segment", "smb")]):
        with pytest.raises(ck.ArgumentError):
            kit.compute(["support_tickets"], filters=bad, **rng)
    # a DimensionError is an ArgumentError too; the good filter still works
    assert issubclass(ck.DimensionError, ck.ArgumentError)
    res = compute_ok(kit, ["support_tickets"], filters={"segment": "smb"}, **rng)
    assert_same_tables(table_of(res), hand_count({"segment": "smb"}), "smb")


def test_filter_value_nobody_holds_warns(make_kit: MakeKit) -> None:
    responses = [{"response_id": "n1", "account_id": "A", "survey": "nps", "score": 10.0,
                  "responded_at": T(2025, 3, 3)}]
    kit = make_kit({"accounts": HAND_ACCOUNTS, "tickets": HAND_TICKETS,
                    "survey_responses": responses})
    rng = {"grain": "month", "start": "2025-03-01", "end": "2025-04-30"}
    with pytest.warns(FilterWarning, match="platinum"):
        res = kit.compute(["support_tickets", "nps"], filters={"segment": "platinum"}, **rng)
    assert not res.errors, res.errors
    mar, apr = D(2025, 3, 1), D(2025, 4, 1)
    # no account: 0 tickets, a null NPS, in every bucket
    assert_same_tables(table_of(res), {("support_tickets", mar): 0.0, ("support_tickets", apr): 0.0,
                                       ("nps", mar): None, ("nps", apr): None}, "platinum")
    # one value held, one not: the warning names the missing one, the rows are those of smb
    with pytest.warns(FilterWarning, match="gold"):
        res = kit.compute(["support_tickets", "nps"], filters={"segment": ["smb", "gold"]}, **rng)
    # smb = B: 1 ticket in March, 0 in April; B answered no survey: NPS null
    assert_same_tables(table_of(res), {("support_tickets", mar): 1.0, ("support_tickets", apr): 0.0,
                                       ("nps", mar): None, ("nps", apr): None}, "smb, gold")


def test_metric_without_account_is_left_out_when_filtered(make_kit: MakeKit) -> None:
    costs = [{"period_start": D(2025, 3, 1), "amount": 300.0, "category": "csm"}]
    subs = [sub("s1", "A", D(2025, 1, 1), None, 100.0), sub("s2", "C", D(2025, 1, 1), None, 50.0)]
    kit = make_kit({"accounts": HAND_ACCOUNTS, "tickets": HAND_TICKETS, "cs_costs": costs,
                    "subscriptions": subs})
    ids = ["customer_retention_cost", "support_tickets"]
    rng = {"grain": "month", "start": "2025-03-01", "end": "2025-04-30"}
    # unfiltered it computes (March: 300 / 2 paying accounts = 150)
    plain = table_of(compute_ok(kit, ids, **rng))
    assert same(plain[("customer_retention_cost", D(2025, 3, 1))], 150.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.ComputeWarning)
        res = kit.compute(ids, filters={"segment": "enterprise"}, **rng)
    assert set(res.errors) == {"customer_retention_cost"}
    assert isinstance(res.errors["customer_retention_cost"], ck.DimensionError)
    assert_same_tables(table_of(res), hand_count({"segment": "enterprise"}), "others computed")


# -- compare -----------------------------------------------------------------------------------
# tickets per month: 2024-03: 2, 2025-01: 1, 2025-02: 3, none else
COMPARE_TICKETS = [ticket("x1", "A", T(2024, 3, 1)), ticket("x2", "A", T(2024, 3, 31, 23)),
                   ticket("x3", "A", T(2025, 1, 31, 23, 59, 59)),
                   ticket("x4", "A", T(2025, 2, 1)), ticket("x5", "B", T(2025, 2, 14)),
                   ticket("x6", "C", T(2025, 2, 28, 12))]


def compare_oracle(wide: Mapping[tuple, float | None], plain: Iterable[tuple], grain: str,
                   how: str) -> dict[tuple, tuple]:
    """{key: (value, previous, change)} for the keys (metric, period_start, *groups) of `plain`,
    from the values of `wide` (computed without compare from early enough)."""
    out = {}
    for key in plain:
        metric, b, *groups = key
        value = wide[key]
        previous = wide[(metric, earlier(b, grain, how), *groups)]
        out[key] = (value, previous, minus(value, previous))
    return out


def assert_compared(got: Mapping[tuple, tuple], want: Mapping[tuple, tuple], what: str) -> None:
    assert sorted(got, key=repr) == sorted(want, key=repr), f"{what}: rows differ"
    bad = {k: (got[k], w) for k, w in want.items()
           if not all(same(g, x) for g, x in zip(got[k], w, strict=True))}
    assert not bad, f"{what}: (got, expected) as (value, previous, change): {bad}"


def test_compare_hand_case(make_kit: MakeKit) -> None:
    kit = make_kit({"accounts": HAND_ACCOUNTS, "tickets": COMPARE_TICKETS})
    cases = {
        # Feb: 3 after Jan's 1 (+2); Mar: 0 after Feb's 3 (-3)
        ("month", "previous"): {D(2025, 2, 1): (3.0, 1.0, 2.0), D(2025, 3, 1): (0.0, 3.0, -3.0)},
        # Feb 2024 had none (+3); March 2024 had 2 (-2)
        ("month", "year_ago"): {D(2025, 2, 1): (3.0, 0.0, 3.0), D(2025, 3, 1): (0.0, 2.0, -2.0)},
        # 2025-Q1: 1 + 3 = 4, 2024-Q4 none; 2024-Q1: 2
        ("quarter", "previous"): {D(2025, 1, 1): (4.0, 0.0, 4.0)},
        ("quarter", "year_ago"): {D(2025, 1, 1): (4.0, 2.0, 2.0)},
        # year 2025: 4, year 2024: 2 (both compares mean the year before)
        ("year", "previous"): {D(2025, 1, 1): (4.0, 2.0, 2.0)},
        ("year", "year_ago"): {D(2025, 1, 1): (4.0, 2.0, 2.0)},
        # week of Mon 2025-02-10 holds x5 (1), the week before (Feb 3-9) none; 52 weeks before
        # Feb 10, 2025 is Mon Feb 12, 2024 (none)
        ("week", "previous"): {D(2025, 2, 10): (1.0, 0.0, 1.0)},
        ("week", "year_ago"): {D(2025, 2, 10): (1.0, 0.0, 1.0)},
        # day 2025-02-01 holds x4, Jan 31 holds x3; 364 days before Feb 1, 2025 is Feb 3, 2024
        ("day", "previous"): {D(2025, 2, 1): (1.0, 1.0, 0.0)},
        ("day", "year_ago"): {D(2025, 2, 1): (1.0, 0.0, 1.0)},
    }
    starts = {D(2025, 2, 1): "2025-02-01", D(2025, 1, 1): "2025-01-01", D(2025, 2, 10): "2025-02-10"}
    ends = {"month": "2025-03-31", "quarter": "2025-03-31", "year": "2025-12-31",
            "week": "2025-02-16", "day": "2025-02-01"}

    def count(b: dt.date, grain: str) -> float:  # the oracle: tickets created in the bucket
        return float(sum(b <= t["created_at"].date() < next_bucket(b, grain)
                         for t in COMPARE_TICKETS))
    for (grain, how), rows in cases.items():
        first = min(rows)
        res = compute_ok(kit, ["support_tickets"], grain=grain, start=starts[first], end=ends[grain],
                         compare=how)
        got = compared_of(res)
        want = {("support_tickets", b): v for b, v in rows.items()}
        assert_compared(got, want, f"{grain} {how}")
        # the oracle agrees with the hand numbers
        for b, (value, previous, change) in rows.items():
            e = earlier(b, grain, how)
            assert (count(b, grain), count(e, grain)) == (value, previous), (grain, how, b)
            assert change == value - previous


COMPARE_CASES = {
    # grain: (start, end, start of the wide range: early enough for every compare, compares);
    # at week only 'previous' here (52 weeks back is in the hand case) to keep the file fast
    "month": ("2025-01-01", "2025-06-30", "2023-12-01", ("previous", "year_ago")),
    "quarter": ("2024-10-01", "2025-09-30", "2023-07-01", ("previous", "year_ago")),
    "week": ("2025-03-03", "2025-04-27", "2025-02-17", ("previous",)),
}


@pytest.mark.parametrize("grain", list(COMPARE_CASES))
@pytest.mark.parametrize("by", [(), ("segment",)], ids=["total", "by_segment"])
def test_compare_against_wide_range(make_kit: MakeKit, grain: str, by: tuple[str, ...]) -> None:
    tables = random_tables(7)
    kit = make_kit(tables)
    start, end, wide_start, compares = COMPARE_CASES[grain]
    common = {"grain": grain, "end": end, "by": list(by) or None}
    wide = table_of(compute_ok(kit, COMPARE_IDS, start=wide_start, **common), by)
    plain = table_of(compute_ok(kit, COMPARE_IDS, start=start, **common), by)
    first = min(k[1] for k in plain)
    assert first == D.fromisoformat(start)
    for key, v in plain.items():  # the values do not depend on start
        assert same(v, wide[key]), key
    for how in compares:
        res = compute_ok(kit, COMPARE_IDS, start=start, compare=how, **common)
        got = compared_of(res, by)
        # compare adds columns, not rows
        assert sorted(got, key=repr) == sorted(plain, key=repr)
        want = compare_oracle(wide, plain, grain, how)
        assert_compared(got, want, f"{grain} {how} by={by}")
        # the first bucket's previous lies before start and is filled
        assert any(w[1] not in (None, 0.0) for k, w in want.items() if k[1] == first)
        assert any(w[2] not in (None, 0.0) for w in want.values())


def test_compare_stock_in_future_buckets(make_kit: MakeKit) -> None:
    today = today_utc()
    cur = bucket_of(today, "month")  # the month under way
    kit = make_kit({"subscriptions": [sub("s1", "A", D(2024, 1, 1), None, 100.0),
                                      sub("s2", "B", D(2024, 6, 1), None, 20.0)]})
    start, end = add_months(cur, -2), add_months(cur, 5) - DAY
    rng = {"grain": "month", "start": start.isoformat(), "end": end.isoformat()}
    plain = table_of(compute_ok(kit, ["mrr"], **rng))
    months = [start, *(add_months(start, i) for i in range(1, 7))]
    assert sorted(k[1] for k in plain) == months
    # A 100 + B 20 every day since June 2024; none for a month to come
    for b in months:
        assert same(plain[("mrr", b)], 120.0 if b <= cur else None), b
    prev = compared_of(compute_ok(kit, ["mrr"], compare="previous", **rng))
    ago = compared_of(compute_ok(kit, ["mrr"], compare="year_ago", **rng))
    for b in months:
        value = plain[("mrr", b)]
        previous = plain[("mrr", add_months(b, -1))] if b > start else 120.0
        if add_months(b, -1) > cur:
            previous = None  # the bucket before is to come too
        assert_compared({b: prev[("mrr", b)]}, {b: (value, previous, minus(value, previous))},
                        f"previous at {b}")
        # a year earlier is in the past: 120 (every month since June 2024)
        assert_compared({b: ago[("mrr", b)]}, {b: (value, 120.0, minus(value, 120.0))},
                        f"year_ago at {b}")
    # the first month to come: no value, its previous the month under way
    assert prev[("mrr", add_months(cur, 1))][:2] == (None, 120.0)


def test_compare_bad_value() -> None:
    kit = ck.connect(tables={"tickets": canonical("tickets", COMPARE_TICKETS)})
    for bad in ("bad", "year", "Previous", 1):
        with pytest.raises(ck.ArgumentError):
            kit.compute(["support_tickets"], start="2025-01-01", end="2025-02-28", compare=bad)
    with pytest.raises(ck.ArgumentError):
        kit.scorecard(period="2025-02", compare="bad")


def scorecard_tables() -> Tables:
    """Tickets and survey answers only: a handful of metrics, a fast scorecard."""
    tables = random_tables(31, n_accounts=10)
    return {"tickets": tables["tickets"], "survey_responses": tables["survey_responses"]}


@pytest.mark.parametrize("how", ["previous", "year_ago"])
def test_scorecard_compare(make_kit: MakeKit, how: str) -> None:
    kit = make_kit(scorecard_tables())
    sc = kit.scorecard(period="2025-06", compare=how)
    df = sc.to_pandas()
    df = df[df["note"].fillna("") == ""]
    ids = list(df["metric"])
    assert {"support_tickets", "first_response_time", "nps", "csat"} <= set(ids)
    values = table_of(compute_ok(kit, ids, grain="month", start="2024-06-01", end="2025-06-30"))
    june, before = D(2025, 6, 1), D(2025, 5, 1) if how == "previous" else D(2024, 6, 1)
    filled = 0
    for rec in df.to_dict("records"):
        m = rec["metric"]
        value, previous = values[(m, june)], values[(m, before)]
        got = (as_float(rec["value"]), as_float(rec["previous"]), as_float(rec["change"]))
        assert_compared({m: got}, {m: (value, previous, minus(value, previous))}, f"{how} {m}")
        filled += previous is not None and value != previous
    assert filled >= 3


# -- fiscal_year_start -------------------------------------------------------------------------
def test_fiscal_calendar_hand_numbers() -> None:
    """The oracle's calendar agrees with the spec's own examples."""
    assert fiscal_bucket(D(2025, 4, 1), "year", 4) == D(2025, 4, 1)
    assert fiscal_bucket(D(2026, 3, 31), "year", 4) == D(2025, 4, 1)
    assert fiscal_label(D(2025, 4, 1), "year", 4) == "FY2026"
    assert fiscal_label(D(2025, 4, 1), "quarter", 4) == "FY2026-Q1"  # Apr-Jun 2025
    assert fiscal_bucket(D(2026, 2, 15), "quarter", 4) == D(2026, 1, 1)
    assert fiscal_label(D(2026, 1, 1), "quarter", 4) == "FY2026-Q4"  # Jan-Mar 2026
    assert fiscal_bucket(D(2025, 3, 31), "quarter", 4) == D(2025, 1, 1)
    assert fiscal_label(D(2025, 1, 1), "quarter", 4) == "FY2025-Q4"
    assert fiscal_label(D(2025, 4, 1), "quarter", 1) == "2025-Q2"
    assert fiscal_label(D(2025, 1, 1), "year", 1) == "2025"
    # fiscal year from October: FY2025 = 2024-10-01 .. 2025-09-30
    assert fiscal_bucket(D(2025, 9, 30), "year", 10) == D(2024, 10, 1)
    assert fiscal_label(D(2024, 10, 1), "quarter", 10) == "FY2025-Q1"
    assert fiscal_bucket(D(2025, 1, 31), "quarter", 2) == D(2024, 11, 1)
    assert fiscal_label(D(2024, 11, 1), "quarter", 2) == "FY2025-Q4"  # Feb 2024 - Jan 2025
    # month / week / day are the calendar's
    assert fiscal_bucket(D(2025, 5, 14), "week", 4) == D(2025, 5, 12)


# hand tickets around the boundaries of a fiscal year starting in April
FISCAL_TICKETS = [
    ticket("f1", "A", T(2025, 3, 31, 23, 59, 59)),  # FY2025-Q4 (Jan-Mar 2025), FY2025
    ticket("f2", "A", T(2025, 4, 1)),               # FY2026-Q1, FY2026
    ticket("f3", "B", T(2025, 6, 30, 12)),          # FY2026-Q1
    ticket("f4", "C", T(2025, 7, 1)),               # FY2026-Q2
    ticket("f5", "C", T(2026, 1, 2)),               # FY2026-Q4
    ticket("f6", "C", T(2026, 3, 31, 23)),          # FY2026-Q4
    ticket("f7", "A", T(2024, 12, 31)),             # FY2025-Q3 (Oct-Dec 2024), FY2025
]


def ticket_counts(tickets: Iterable[Row], grain: str, fys: int, first: dt.date,
                  last: dt.date) -> dict[tuple, float]:
    """support_tickets by the oracle: tickets created per (fiscal) bucket, 0 when none."""
    spine = fiscal_buckets(first, last, grain, fys)
    n = Counter(fiscal_bucket(t["created_at"].date(), grain, fys) for t in tickets)
    return {("support_tickets", b): float(n[b]) for b in spine}


def test_fiscal_quarter_and_year_hand_case(make_kit: MakeKit) -> None:
    kit = make_kit({"tickets": FISCAL_TICKETS}, fiscal_year_start=4)
    first, last = D(2024, 11, 15), D(2026, 2, 10)
    hand = {
        # FY2025-Q3 f7; FY2025-Q4 f1; FY2026-Q1 f2, f3; Q2 f4; Q3 none; Q4 f5, f6
        "quarter": {D(2024, 10, 1): 1.0, D(2025, 1, 1): 1.0, D(2025, 4, 1): 2.0,
                    D(2025, 7, 1): 1.0, D(2025, 10, 1): 0.0, D(2026, 1, 1): 2.0},
        # FY2025 (Apr 2024 - Mar 2025): f7, f1; FY2026: f2 .. f6
        "year": {D(2024, 4, 1): 2.0, D(2025, 4, 1): 5.0},
    }
    labels = {"quarter": ["FY2025-Q3", "FY2025-Q4", "FY2026-Q1", "FY2026-Q2", "FY2026-Q3",
                          "FY2026-Q4"], "year": ["FY2025", "FY2026"]}
    for grain, rows in hand.items():
        want = {("support_tickets", b): v for b, v in rows.items()}
        assert ticket_counts(FISCAL_TICKETS, grain, 4, first, last) == want
        assert [fiscal_label(b, grain, 4) for b in rows] == labels[grain]
        res = compute_ok(kit, ["support_tickets"], grain=grain, start=first.isoformat(),
                         end=last.isoformat())
        assert_same_tables(table_of(res), want, f"fiscal {grain}")
        text, html = str(res), res._repr_html_()
        for label in labels[grain]:
            assert label in text and label in html, (grain, label)
        # the calendar names of these buckets are not used
        assert "2025-Q2" not in text and "2025-Q2" not in html


def test_fiscal_labels_stay_calendar_with_january(make_kit: MakeKit) -> None:
    kit = make_kit({"tickets": FISCAL_TICKETS}, fiscal_year_start=1)
    res = compute_ok(kit, ["support_tickets"], grain="quarter", start="2025-01-01",
                     end="2025-12-31")
    # calendar quarters: Q1 f1; Q2 f2, f3; Q3 f4; Q4 none
    assert_same_tables(table_of(res), {("support_tickets", D(2025, 1, 1)): 1.0,
                                       ("support_tickets", D(2025, 4, 1)): 2.0,
                                       ("support_tickets", D(2025, 7, 1)): 1.0,
                                       ("support_tickets", D(2025, 10, 1)): 0.0}, "calendar")
    text = str(res)
    assert "2025-Q2" in text and "FY" not in text
    year = compute_ok(kit, ["support_tickets"], grain="year", start="2025-01-01", end="2025-12-31")
    assert "2025" in str(year) and "FY" not in str(year)


@pytest.mark.parametrize("fys", [2, 4, 10])
def test_fiscal_sums_and_event_oracle(make_kit: MakeKit, fys: int) -> None:
    tables = random_tables(5 + fys, n_accounts=12)
    kit = make_kit({k: tables[k] for k in ("subscriptions", "tickets")}, fiscal_year_start=fys)
    first = D(2023, fys, 1) if fys >= 6 else D(2024, fys, 1)
    last = add_months(first, 24) - DAY  # two whole fiscal years
    ids = ["support_tickets", "new_mrr", "mrr"]
    rng = {"start": first.isoformat(), "end": last.isoformat()}
    month = table_of(compute_ok(kit, ids, grain="month", **rng))
    assert sorted({k[1] for k in month}) == buckets(first, last, "month")  # calendar months
    for grain, size in (("quarter", 3), ("year", 12)):
        got = table_of(compute_ok(kit, ids, grain=grain, **rng))
        spine = fiscal_buckets(first, last, grain, fys)
        assert len(spine) == 24 // size
        assert sorted({k[1] for k in got}) == spine
        for b in spine:
            months = [add_months(b, i) for i in range(size)]
            for m in ("support_tickets", "new_mrr"):  # additive: the sum of its months
                assert same(got[(m, b)], sum(month[(m, x)] for x in months)), (grain, m, b)
            # a stock: its value in the bucket's last month
            assert same(got[("mrr", b)], month[("mrr", months[-1])]), (grain, b)
        # event level: tickets created per fiscal bucket, counted here
        want = ticket_counts(tables["tickets"], grain, fys, first, last)
        assert_same_tables({k: v for k, v in got.items() if k[0] == "support_tickets"}, want,
                           f"tickets fiscal {grain} from month {fys}")
        assert len(set(want.values())) > 1
    # week and day are unaffected: weeks counted on the calendar
    week = compute_ok(kit, ["support_tickets"], grain="week", start="2024-09-02",
                      end="2024-10-27")
    assert_same_tables(table_of(week), ticket_counts(tables["tickets"], "week", fys,
                                                     D(2024, 9, 2), D(2024, 10, 27)), "weeks")


def test_fiscal_scorecard_and_periods(make_kit: MakeKit) -> None:
    tables = scorecard_tables()
    kit = make_kit(tables, fiscal_year_start=4)
    sc = kit.scorecard(period="FY2026-Q1")
    assert sc.period == "FY2026-Q1"
    assert "FY2026-Q1" in str(sc)
    df = sc.to_pandas()
    df = df[df["note"].fillna("") == ""]
    ids = list(df["metric"])
    assert {"support_tickets", "nps", "csat"} <= set(ids)
    values = table_of(compute_ok(kit, ids, grain="quarter", start="2025-04-01", end="2025-04-01"))
    assert {k[1] for k in values} == {D(2025, 4, 1)}
    for rec in df.to_dict("records"):
        assert same(as_float(rec["value"]), values[(rec["metric"], D(2025, 4, 1))]), rec["metric"]
    # tickets in FY2026-Q1 (April-June 2025), counted here
    n = sum(1 for t in tables["tickets"] if D(2025, 4, 1) <= t["created_at"].date() < D(2025, 7, 1))
    assert same(values[("support_tickets", D(2025, 4, 1))], float(n)) and n > 0
    with pytest.raises(ck.PeriodError):
        kit.scorecard(period="2025-Q2")
    calendar = ck.connect(tables={"tickets": canonical("tickets", tables["tickets"])})
    with pytest.raises(ck.PeriodError):
        calendar.scorecard(period="FY2026")


@pytest.mark.parametrize("bad", [0, 13, "4", 4.0])
def test_fiscal_year_start_must_be_a_month(bad: Any) -> None:
    with pytest.raises(ck.PeriodError):
        ck.connect(tables={"tickets": canonical("tickets", FISCAL_TICKETS)}, fiscal_year_start=bad)
    assert issubclass(ck.PeriodError, ck.ArgumentError)


# -- as_of -------------------------------------------------------------------------------------
def completes(res: ck.MetricFrame) -> dict[dt.date, bool]:
    return {day_of(r["period_start"]): bool(r["complete"]) for r in res.to_pandas().to_dict("records")}


@pytest.mark.parametrize("last_at, complete_until", [
    # the spec's example: the last ticket on June 15, so June (ending June 30) is not over
    (T(2025, 6, 15, 9), D(2025, 6, 1)),
    # the last ticket on June 1, 00:00: May ended the day before, June ends after it
    (T(2025, 6, 1), D(2025, 6, 1)),
    # the last ticket on April 20: April, May and June end after it
    (T(2025, 4, 20, 23, 59, 59), D(2025, 4, 1)),
])
def test_as_of_data(make_kit: MakeKit, last_at: dt.datetime, complete_until: dt.date) -> None:
    tickets = [ticket("o1", "A", T(2025, 1, 10)), ticket("o2", "B", T(2025, 3, 31, 23)),
               ticket("o3", "A", last_at)]
    kit = make_kit({"tickets": tickets})
    rng = {"grain": "month", "start": "2025-01-01", "end": "2025-06-30"}
    months = buckets(D(2025, 1, 1), D(2025, 6, 30), "month")
    for as_of in (None, "today"):  # today is well after June 2025: every month is complete
        assert completes(compute_ok(kit, ["support_tickets"], as_of=as_of, **rng)) == {
            m: True for m in months}, as_of
    res = compute_ok(kit, ["support_tickets"], as_of="data", **rng)
    # complete: the months whose last day is before the last day with data
    assert completes(res) == {m: m < complete_until for m in months}
    assert_same_tables(table_of(res), {("support_tickets", m): float(sum(
        bucket_of(t["created_at"].date(), "month") == m for t in tickets)) for m in months}, "as_of")
    with pytest.raises(ck.ArgumentError):
        kit.compute(["support_tickets"], as_of="yesterday", **rng)


def test_as_of_data_is_never_after_today(make_kit: MakeKit) -> None:
    today = today_utc()
    cur = bucket_of(today, "month")
    # a ticket dated in 2030: the last day with data is after today, so today bounds it
    tickets = [ticket("p1", "A", T(cur.year - 1, 1, 5)), ticket("p2", "A", T(2030, 1, 1))]
    kit = make_kit({"tickets": tickets})
    start, end = add_months(cur, -2), add_months(cur, 2) - DAY
    rng = {"grain": "month", "start": start.isoformat(), "end": end.isoformat()}
    # the two months before are over, the month under way and the next are not
    want = {add_months(start, i): i < 2 for i in range(4)}
    for as_of in ("data", "today", None):
        assert completes(compute_ok(kit, ["support_tickets"], as_of=as_of, **rng)) == want, as_of


# -- found in review ---------------------------------------------------------------------------
def test_review_regressions_scorecard_compare_and_fiscal_start(make_kit):
    """A scorecard always compares (None is refused, not a KeyError); a fiscal kit reads
    start='FY2026-Q1' as compute's start and refuses a calendar quarter, as the scorecard does."""
    tickets = [{"ticket_id": f"t{i}", "account_id": "a0",
                "created_at": dt.datetime(2025, 4 + i % 6, 3)} for i in range(12)]
    kit = make_kit({"tickets": tickets}, fiscal_year_start=4)
    with pytest.raises(ck.ArgumentError, match="compares with 'previous'"):
        kit.scorecard(period="FY2026-Q1", compare=None)
    res = kit.compute("support_tickets", grain="quarter", start="FY2026-Q1", end="FY2026-Q2")
    assert [d.date() for d in res.to_pandas().period_start] == [dt.date(2025, 4, 1),
                                                               dt.date(2025, 7, 1)]
    assert res.to_pandas().value.tolist() == [6.0, 6.0]  # Apr-Jun: 2 each; Jul-Sep: 2 each
    with pytest.raises(ck.PeriodError, match="FY2026-Q1"):
        kit.compute("support_tickets", grain="quarter", start="2025-Q2")


def test_review_regressions_a_filtered_metric_still_checks_its_own_accounts_columns():
    """Filters add accounts columns to what a metric reads; they do not replace its own:
    onboarding engagement reads accounts.created_at, which a typed error still names."""
    accounts = pa.table({"account_id": ["a0", "a1"], "segment": ["SMB", "SMB"]})
    events = [{"user_id": "u", "account_id": "a0", "occurred_at": dt.datetime(2025, 3, 2),
               "event_name": "login"}]
    kit = ck.connect(tables={"accounts": accounts, "events": canonical("events", events)})
    with pytest.raises(ck.MissingColumnError, match="created_at"):
        kit.compute(["onboarding_engagement_rate"], start="2025-03", end="2025-03",
                    filters={"segment": "SMB"}, strict=True)


def test_review_regressions_the_scorecard_warns_of_a_filter_value_once():
    tickets = [{"ticket_id": "t", "account_id": "a0", "created_at": dt.datetime(2025, 4, 3)}]
    accounts = [{"account_id": "a0", "segment": "SMB", "created_at": dt.datetime(2025, 1, 1)}]
    kit = ck.connect(tables={"tickets": canonical("tickets", tickets),
                             "accounts": canonical("accounts", accounts)})
    with pytest.warns(ck.FilterWarning) as caught:
        kit.scorecard(filters={"segment": "Nope"})
    assert len([w for w in caught if issubclass(w.category, ck.FilterWarning)]) == 1
