"""The bucket under way is read as of today, not on a last day yet to come.

Trailing-window metrics (weekly and monthly active users, the health and engagement scores)
read each bucket's window on its last day; for the bucket that holds today, that day has not
happened, so the window ends today instead. Written from that rule, with today fixed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit import engine
from tests.conftest import canonical

TODAY = dt.date(2026, 10, 10)  # a Saturday, inside the ISO week Mon Oct 5 - Sun Oct 11


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "utc_today", lambda: TODAY)


def event(user: str, day: int) -> dict:
    return {"user_id": user, "account_id": "a1", "occurred_at": dt.datetime(2026, 10, day, 12),
            "event_name": "login", "feature": None}


def test_weekly_and_monthly_users_of_the_month_under_way() -> None:
    # a on Oct 2 (the week before), b on Oct 9 (this week); nothing after today
    kit = ck.connect(tables={"events": canonical("events", [event("a", 2), event("b", 9)])})
    got = {}
    for metric, window in (("wau", "calendar"), ("wau", "rolling"), ("mau", "rolling")):
        res = kit.compute(metric, grain="month", start="2026-10-01", end="2026-10-31",
                          params={metric: {"window": window}})
        got[(metric, window)] = res.to_pandas().value.tolist()
    # calendar wau: the ISO week holding today (Oct 5-10): b; not the week of Oct 31 (empty)
    assert got[("wau", "calendar")] == [1]
    # rolling wau: Oct 4-10: b; rolling mau: Sep 11 - Oct 10: a and b
    assert got[("wau", "rolling")] == [1]
    assert got[("mau", "rolling")] == [2]


@pytest.mark.parametrize("metric", ["wau", "mau", "customer_health_score", "engagement_score"])
def test_the_month_under_way_reads_as_today_at_grain_day(metric: str) -> None:
    tables = ck.datasets.generate(seed=2, accounts=80, months=6, events=40_000)
    events = tables["events"]
    keep = pa.compute.less(events["occurred_at"],
                           pa.scalar(dt.datetime(2026, 10, 11), type=events.schema.field(
                               "occurred_at").type))
    tables["events"] = events.filter(keep)
    kit = ck.connect(tables=tables)
    params = {metric: {"window": "rolling"}} if metric in ("wau", "mau") else None
    month = kit.compute(metric, grain="month", start="2026-10-01", end="2026-10-31",
                        params=params).to_pandas().value.iloc[0]
    day = kit.compute(metric, grain="day", start="2026-10-10", end="2026-10-10",
                      params=params).to_pandas().value.iloc[0]
    if metric == "engagement_score":  # its accounts are those paying at the month's end
        assert month == pytest.approx(day, rel=0.05)
    else:
        assert month == pytest.approx(day, rel=1e-12)
    assert month > 0


# -- complete: whether each bucket is over -------------------------------------------------------
SUBS = [{"subscription_id": "s1", "account_id": "a1", "start_date": dt.date(2026, 1, 1),
         "end_date": None, "mrr": 100.0}]


@pytest.mark.parametrize(("grain", "start", "end", "complete"), [
    # today is Sat 2026-10-10: September is over, October is under way, November is to come
    ("month", "2026-09-01", "2026-11-30", [True, False, False]),
    # the ISO week Mon Oct 5 - Sun Oct 11 holds today; the week before ended on Oct 4
    ("week", "2026-09-28", "2026-10-12", [True, False, False]),
    # a day is over only once it has passed: Oct 9 yes, today no
    ("day", "2026-10-09", "2026-10-11", [True, False, False]),
    ("quarter", "2026-07-01", "2026-12-31", [True, False]),
    ("year", "2025-01-01", "2026-12-31", [True, False]),
])
def test_every_row_says_whether_its_bucket_is_over(grain: str, start: str, end: str,
                                                   complete: list[bool]) -> None:
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", SUBS)})
    df = kit.compute(["mrr", "new_mrr"], grain=grain, start=start, end=end).to_pandas()
    assert df.complete.dtype == bool
    for metric in ("mrr", "new_mrr"):
        assert df[df.metric == metric].complete.tolist() == complete


def test_a_bucket_to_come_has_no_value_for_a_stock_metric() -> None:
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", SUBS)})
    res = kit.compute(["mrr", "arr", "new_mrr"], grain="month", start="2026-09-01",
                      end="2026-11-30")
    df = res.to_pandas().set_index(["metric", "period_start"]).value
    # MRR is a level: known for September and, as of today, for October; not for November
    assert df[("mrr", "2026-09-01")] == 100.0 and df[("mrr", "2026-10-01")] == 100.0
    assert pd.isna(df[("mrr", "2026-11-01")]) and pd.isna(df[("arr", "2026-11-01")])
    # a flow over a bucket to come is 0: nothing has happened in it
    assert df[("new_mrr", "2026-11-01")] == 0.0
    assert "2026-11 (incomplete)" in repr(res) and "2026-09 (incomplete)" not in repr(res)


def test_a_bucket_to_come_has_no_value_for_a_ratio_either() -> None:
    # NRR, GRR, ARPA, retention and the engagement score read levels: over a month to come
    # they would repeat today's; they are null, like MRR (found by the benchmark's hand SQL)
    kit = ck.connect()
    ids = ["grr", "nrr", "arpa", "retention_rate", "engagement_score", "new_mrr"]
    today = dt.date.today()
    later = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    df = kit.compute(ids, grain="month", start=today, end=later).to_pandas()
    to_come = df[df.period_start > pd.Timestamp(today)]
    assert len(to_come) == 2 * len(ids)
    assert to_come[to_come.metric != "new_mrr"].value.isna().all()
    assert (to_come[to_come.metric == "new_mrr"].value == 0).all()
