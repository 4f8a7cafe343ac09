"""Hand SQL for the activity metrics: dau, wau, mau, dau_mau_ratio, the daily / weekly / monthly
active accounts, and avg_time_on_platform (docs/metrics.md, default params).

Windows (default window='calendar'): wau / mau of a bucket count who was active from the start
of the calendar week / month holding the bucket's last day up to that day. Every window is
answered in O(events) at every grain, day included: one pass finds, per (group, user or account,
calendar period), the first active day; a bucket's window count is then the number of those
firsts in the period of its last day that fall on or before that day (a running count, never a
join of days to events). The daily metrics average the day's distinct counts over the bucket's
days up to today.
"""

from __future__ import annotations

import datetime as dt

from hand import Query, hand

HOURS = 3_600_000_000.0  # microseconds in an hour


def _month_after(day: dt.date) -> dt.date:
    """The first day of the month after the one holding `day`."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _trunc(period: str, day: dt.date) -> dt.date:
    """The first day of the calendar `period` ('week', ISO, or 'month') holding `day`."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _active(q: Query, who: str, lo: dt.date, hi: dt.date) -> str:
    """SQL of the distinct (grp, who, day) of active events on days lo <= day < hi; grp is the
    account's segment with q.by (null for no or unknown account), else a constant null."""
    grp = "a.segment" if q.by else "NULL::VARCHAR"
    join = "LEFT JOIN accounts a ON a.account_id = e.account_id" if q.by else ""
    return f"""
      SELECT DISTINCT {grp} AS grp, e.{who} AS who, e.occurred_at::DATE AS day
      FROM events e {join}
      WHERE e.occurred_at >= {q.lit(lo)} AND e.occurred_at < {q.lit(hi)}"""


def _groups(q: Query, source: str) -> str:
    """SQL of every group to report: the single null group, or each segment of accounts and
    each group seen in `source` (so the null group appears when some rows have it)."""
    if not q.by:
        return "SELECT NULL::VARCHAR AS grp"
    return f"SELECT segment AS grp FROM accounts UNION SELECT grp FROM {source}"


def _select(q: Query) -> str:
    """The output columns of a query whose group column is g.grp."""
    return "b.period_start, g.grp AS segment" if q.by else "b.period_start"


def _order(q: Query) -> str:
    return "ORDER BY 1, 2" if q.by else "ORDER BY 1"


def _daily_mean(q: Query, who: str) -> str:
    """Distinct `who` per day; at a coarser grain the mean over the bucket's days up to today."""
    stop = min(q.end, q.today + dt.timedelta(days=1))
    grp = "a.segment" if q.by else "NULL::VARCHAR"
    join = "LEFT JOIN accounts a ON a.account_id = e.account_id" if q.by else ""
    return f"""
    WITH daily AS MATERIALIZED (
      SELECT {grp} AS grp, e.occurred_at::DATE AS day, count(DISTINCT e.{who}) AS n
      FROM events e {join}
      WHERE e.occurred_at >= {q.lit(q.start)} AND e.occurred_at < {q.lit(q.end)}
      GROUP BY 1, 2
    ),
    g AS ({_groups(q, 'daily')}),
    days AS (SELECT range::DATE AS day
             FROM range({q.lit(q.start)}, greatest({q.lit(stop)}, {q.lit(q.start)}),
                        INTERVAL 1 DAY)),
    per_day AS (
      SELECT {q.bucket('days.day')} AS period_start, g.grp, coalesce(daily.n, 0) AS n
      FROM days CROSS JOIN g
      LEFT JOIN daily ON daily.day = days.day AND daily.grp IS NOT DISTINCT FROM g.grp
    )
    SELECT {_select(q)}, avg(d.n)::DOUBLE AS value
    FROM ({q.spine}) b CROSS JOIN g
    LEFT JOIN per_day d ON d.period_start = b.period_start AND d.grp IS NOT DISTINCT FROM g.grp
    GROUP BY ALL {_order(q)}
    """


def _window(q: Query, who: str, period: str) -> str:
    """Distinct `who` active from the start of the calendar `period` holding the bucket's last
    day up to that day."""
    lo = _trunc(period, q.start)  # no window starts before the period of the first bucket
    grp = "a.segment" if q.by else "NULL::VARCHAR"
    join = "LEFT JOIN accounts a ON a.account_id = e.account_id" if q.by else ""
    return f"""
    WITH firsts AS MATERIALIZED (
      SELECT grp, p, f, count(*) AS n
      FROM (SELECT {grp} AS grp, date_trunc('{period}', e.occurred_at)::DATE AS p,
              min(e.occurred_at)::DATE AS f
            FROM events e {join}
            WHERE e.occurred_at >= {q.lit(lo)} AND e.occurred_at < {q.lit(q.end)}
            GROUP BY 1, e.{who}, 2)
      GROUP BY grp, p, f
    ),
    g AS ({_groups(q, 'firsts')}),
    b AS (SELECT period_start, (period_start + {q.step})::DATE - 1 AS last FROM ({q.spine}))
    SELECT {_select(q)}, coalesce(sum(f.n), 0)::DOUBLE AS value
    FROM b CROSS JOIN g
    LEFT JOIN firsts f ON f.grp IS NOT DISTINCT FROM g.grp
      AND f.p = date_trunc('{period}', b.last)::DATE AND f.f <= b.last
    GROUP BY ALL {_order(q)}
    """


@hand("dau")
def dau(q: Query) -> str:
    return _daily_mean(q, "user_id")


@hand("daily_active_accounts")
def daily_active_accounts(q: Query) -> str:
    return _daily_mean(q, "account_id")


@hand("wau")
def wau(q: Query) -> str:
    return _window(q, "user_id", "week")


@hand("weekly_active_accounts")
def weekly_active_accounts(q: Query) -> str:
    return _window(q, "account_id", "week")


@hand("mau")
def mau(q: Query) -> str:
    return _window(q, "user_id", "month")


@hand("monthly_active_accounts")
def monthly_active_accounts(q: Query) -> str:
    return _window(q, "account_id", "month")


@hand("dau_mau_ratio")
def dau_mau_ratio(q: Query) -> str:
    """Sum over the bucket's days up to today of the day's active users, over the sum over the
    same days of the active users of the day's whole calendar month."""
    lo, hi = _trunc("month", q.start), _month_after(q.end - dt.timedelta(days=1))
    stop = min(q.end, q.today + dt.timedelta(days=1))
    return f"""
    WITH act AS MATERIALIZED ({_active(q, 'user_id', lo, hi)}),
    daily AS (SELECT grp, day, count(*) AS n FROM act GROUP BY grp, day),
    monthly AS (
      SELECT grp, date_trunc('month', day)::DATE AS m, count(DISTINCT who) AS n
      FROM act GROUP BY grp, m
    ),
    g AS ({_groups(q, 'act')}),
    days AS (SELECT range::DATE AS day
             FROM range({q.lit(q.start)}, greatest({q.lit(stop)}, {q.lit(q.start)}),
                        INTERVAL 1 DAY)),
    per_day AS (
      SELECT {q.bucket('days.day')} AS period_start, g.grp,
        coalesce(daily.n, 0) AS num, coalesce(monthly.n, 0) AS den
      FROM days CROSS JOIN g
      LEFT JOIN daily ON daily.day = days.day AND daily.grp IS NOT DISTINCT FROM g.grp
      LEFT JOIN monthly ON monthly.m = date_trunc('month', days.day)::DATE
        AND monthly.grp IS NOT DISTINCT FROM g.grp
    )
    SELECT {_select(q)}, (sum(d.num) / nullif(sum(d.den), 0))::DOUBLE AS value
    FROM ({q.spine}) b CROSS JOIN g
    LEFT JOIN per_day d ON d.period_start = b.period_start AND d.grp IS NOT DISTINCT FROM g.grp
    GROUP BY ALL {_order(q)}
    """


@hand("avg_time_on_platform")
def avg_time_on_platform(q: Query) -> str:
    """Session hours started in the bucket over the distinct users with a session in it."""
    grp = "a.segment" if q.by else "NULL::VARCHAR"
    join = "LEFT JOIN accounts a ON a.account_id = s.account_id" if q.by else ""
    return f"""
    WITH s AS (
      SELECT {q.bucket('s.started_at')} AS period_start, {grp} AS grp, s.user_id,
        date_diff('microsecond', s.started_at, s.ended_at) / {HOURS} AS hours
      FROM sessions s {join}
      WHERE s.started_at >= {q.lit(q.start)} AND s.started_at < {q.lit(q.end)}
    )
    SELECT period_start, {'grp AS segment, ' if q.by else ''}
      (sum(hours) / count(DISTINCT user_id))::DOUBLE AS value
    FROM s GROUP BY ALL {_order(q)}
    """
