"""The bucket under way is read as of today, not on a last day yet to come.

Trailing-window metrics (weekly and monthly active users, the health and engagement scores)
read each bucket's window on its last day; for the bucket that holds today, that day has not
happened, so the window ends today instead. Written from that rule, with today fixed."""

from __future__ import annotations

import datetime as dt

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
