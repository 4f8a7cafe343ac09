"""Hand-written DuckDB SQL for the adoption metrics (adoption_rate, product_usage,
onboarding_calls, onboarding_engagement_rate, time_to_value, engagement_score) and the health
pack (customer_health_score, value_attainment, win_rate), from docs/metrics.md.

The per-account scores (engagement_score, customer_health_score, value_attainment) read windows
ending on each bucket's last day L. Each input is reduced to one row per account and day; a probe
row (account, L) per paying account and bucket is stacked with them, and one sort per account
gives every window as a RANGE frame sum on the probe rows: O(events) to reduce, O(accounts x
days) to read, never an event joined to a window. "Features used in the 30 days to L" is not a
sum: each use of a feature covers the days until its next use or 30 days, +1 where that starts
and -1 where it ends, and a running sum counts the features covered on each day.
"""

from __future__ import annotations

import datetime as dt

from hand import Query, hand

DAY = dt.timedelta(days=1)


# -- shared pieces -----------------------------------------------------------------------------
def _seg_col(q: Query, alias: str = "a") -> str:
    """', <alias>.segment' when split by segment, else ''."""
    return f", {alias}.segment" if q.by else ""


def _seg_join(q: Query, on: str) -> str:
    """LEFT JOIN accounts a on `on` (the row's account_id) when split by segment."""
    return f"LEFT JOIN accounts a ON a.account_id = {on}" if q.by else ""


def _keys(q: Query) -> str:
    return "period_start, segment" if q.by else "period_start"


def _filled(q: Query, agg: str) -> str:
    """Every bucket (x every group when split) of `agg` (period_start[, segment], value), 0 where
    `agg` has no row: the groups are accounts' segments and any group `agg` carries."""
    if not q.by:
        return f"""
    WITH agg AS ({agg})
    SELECT s.period_start, coalesce(agg.value, 0)::DOUBLE AS value
    FROM ({q.spine}) s LEFT JOIN agg USING (period_start)
    ORDER BY 1
    """
    return f"""
    WITH agg AS ({agg}),
    g AS (SELECT DISTINCT segment FROM accounts UNION SELECT DISTINCT segment FROM agg)
    SELECT s.period_start, g.segment, coalesce(agg.value, 0)::DOUBLE AS value
    FROM ({q.spine}) s CROSS JOIN g
    LEFT JOIN agg ON agg.period_start = s.period_start
      AND agg.segment IS NOT DISTINCT FROM g.segment
    ORDER BY 1, 2
    """


def _hi(q: Query) -> dt.date:
    """The first day not read: the day after the range, or after today when earlier."""
    return min(q.end, q.today + DAY)


def _reading_days(q: Query) -> str:
    """CTE body: each bucket (period_start) with its last day l (today for the bucket under way;
    buckets to come are left out)."""
    return f"""
      SELECT period_start,
        least((period_start + {q.step} - INTERVAL 1 DAY)::DATE, {q.lit(q.today)}) AS l
      FROM ({q.spine}) WHERE period_start <= {q.lit(q.today)}"""


def _mrr_on(days: str, day_col: str) -> str:
    """SQL: per (period_start, account_id), the MRR of the subscriptions active on the day
    `day_col` of the relation `days` (period_start, day_col)."""
    return f"""
      SELECT r.period_start, s.account_id, sum(s.mrr) AS mrr
      FROM {days} r JOIN subscriptions s
        ON s.start_date <= r.{day_col} AND coalesce(s.end_date, DATE '9999-12-31') > r.{day_col}
      GROUP BY ALL"""


def _probes(m90: bool = False) -> str:
    """CTE body: one probe row per bucket and account paying (MRR > 0) on its last day l:
    period_start, account_id, d = l, mrr [, m90 = the MRR 90 days before l]."""
    later = ""
    if m90:
        back = _mrr_on("(SELECT period_start, (l - 90)::DATE AS l90 FROM rd)", "l90")
        later = (f", coalesce(b.mrr, 0) AS m90 FROM p0 LEFT JOIN ({back}) b "
                 "ON b.period_start = p0.period_start AND b.account_id = p0.account_id")
    body = f"""
      SELECT m.period_start, m.account_id, rd.l AS d, m.mrr
      FROM ({_mrr_on('rd', 'l')}) m JOIN rd USING (period_start)
      WHERE m.mrr > 0"""
    if not m90:
        return body
    return f"WITH p0 AS ({body}) SELECT p0.*{later}"


def _stacked(*parts: str) -> str:
    """The probe rows (CTE p) stacked with the daily rows `parts` (account_id, d, counts...),
    columns matched by name, with dn = d as a day number (integer frames sort and search
    faster than date ones): the window sums over each account's days read them all."""
    probes = "SELECT account_id, d, true AS probe FROM p"  # one per (account, d): l is per bucket
    rows = " UNION ALL BY NAME ".join(f"({x})" for x in (probes, *parts))
    return f"SELECT *, d - DATE '1970-01-01' AS dn FROM ({rows})"


def _win(col: str, days: int, skip: int = 0) -> str:
    """The sum of `col` over the `days` days ending `skip` days before the row's day d (the row
    included when skip is 0), 0 when none."""
    upper = "CURRENT ROW" if skip == 0 else f"{skip} PRECEDING"
    return (f"coalesce(sum({col}) OVER (PARTITION BY account_id ORDER BY dn RANGE BETWEEN "
            f"{days - 1 + skip} PRECEDING AND {upper}), 0)")


def _mean_by_group(q: Query, scores: str) -> str:
    """The mean of `scores` (period_start, account_id, score) per bucket [and segment]."""
    return f"""
    SELECT sc.period_start{_seg_col(q)}, avg(sc.score) AS value
    FROM ({scores}) sc {_seg_join(q, 'sc.account_id')}
    GROUP BY ALL ORDER BY ALL
    """


def _active_days(lo: dt.date, hi: dt.date) -> str:
    """SQL: (account_id, d, act = 1) for each day with an event of the account in [lo, hi)."""
    return f"""
      SELECT account_id, occurred_at::DATE AS d, 1 AS act FROM events
      WHERE occurred_at >= DATE '{lo}' AND occurred_at < DATE '{hi}'
      GROUP BY 1, 2"""


def _touch_daily(lo: dt.date, hi: dt.date) -> str:
    """SQL: per account and day, two-way touchpoints (inbound or answered), outbound ones, and
    outbound ones answered."""
    return f"""
      SELECT account_id, occurred_at::DATE AS d,
        count(*) FILTER (direction = 'inbound' OR responded_at IS NOT NULL) AS tw,
        count(*) FILTER (direction = 'outbound') AS ob,
        count(*) FILTER (direction = 'outbound' AND responded_at IS NOT NULL) AS oba
      FROM touchpoints
      WHERE occurred_at >= DATE '{lo}' AND occurred_at < DATE '{hi}'
      GROUP BY 1, 2"""


# -- engagement and adoption -------------------------------------------------------------------
def _events_in_range(q: Query, where: str = "") -> str:
    """FROM clause: the range's events e (joined to accounts a when split by segment)."""
    return f"""FROM events e {_seg_join(q, 'e.account_id')}
      WHERE e.occurred_at >= {q.lit(q.start)} AND e.occurred_at < {q.lit(q.end)} {where}"""


@hand("adoption_rate")
def adoption_rate(q: Query) -> str:
    return f"""
    WITH u AS (
      SELECT {q.bucket('e.occurred_at')} AS period_start{_seg_col(q)}, e.user_id,
        bool_or(e.feature IS NOT NULL) AS adopted
      {_events_in_range(q)}
      GROUP BY ALL
    )
    SELECT {_keys(q)}, (count(*) FILTER (adopted))::DOUBLE / count(*) AS value
    FROM u GROUP BY ALL ORDER BY ALL
    """


@hand("product_usage")
def product_usage(q: Query) -> str:
    agg = f"""
      SELECT {_keys(q)}, count(*) AS value FROM (
        SELECT DISTINCT {q.bucket('e.occurred_at')} AS period_start{_seg_col(q)}, e.user_id
        {_events_in_range(q, 'AND e.feature IS NOT NULL')})
      GROUP BY ALL"""
    return _filled(q, agg)


@hand("onboarding_calls")
def onboarding_calls(q: Query) -> str:
    agg = f"""
      SELECT {q.bucket('t.occurred_at')} AS period_start{_seg_col(q)}, count(*) AS value
      FROM touchpoints t {_seg_join(q, 't.account_id')}
      WHERE t.kind = 'onboarding_call'
        AND t.occurred_at >= {q.lit(q.start)} AND t.occurred_at < {q.lit(q.end)}
      GROUP BY ALL"""
    return _filled(q, agg)


def _started(q: Query) -> str:
    """SQL: the accounts that started in the range: period_start, account_id, created_at
    [, segment]."""
    seg = ", segment" if q.by else ""
    return f"""
      SELECT {q.bucket('created_at')} AS period_start, account_id, created_at{seg}
      FROM accounts
      WHERE created_at >= {q.lit(q.start)} AND created_at < {q.lit(q.end)}"""


@hand("onboarding_engagement_rate")
def onboarding_engagement_rate(q: Query) -> str:
    steps = "('onboarding_step_1', 'onboarding_step_2', 'onboarding_step_3')"
    return f"""
    WITH st AS ({_started(q)}),
    done AS (
      SELECT st.account_id
      FROM st JOIN events e ON e.account_id = st.account_id
        AND e.occurred_at >= st.created_at AND e.occurred_at < st.created_at + INTERVAL 30 DAY
      WHERE e.event_name IN {steps} AND e.occurred_at >= {q.lit(q.start)}
      GROUP BY 1 HAVING count(DISTINCT e.event_name) = 3
    )
    SELECT {_keys(q)},
      (count(done.account_id))::DOUBLE / count(*) AS value
    FROM st LEFT JOIN done USING (account_id)
    GROUP BY ALL ORDER BY ALL
    """


@hand("time_to_value")
def time_to_value(q: Query) -> str:
    return f"""
    WITH st AS ({_started(q)}),
    firsts AS (
      SELECT st.account_id, min(e.occurred_at) AS first_value
      FROM st JOIN events e ON e.account_id = st.account_id AND e.occurred_at >= st.created_at
      WHERE e.event_name = 'integration_connected' AND e.occurred_at >= {q.lit(q.start)}
      GROUP BY 1
    )
    SELECT {_keys(q)},
      quantile_cont((epoch_us(first_value) - epoch_us(created_at)) / 3600e6, 0.5) AS value
    FROM st JOIN firsts USING (account_id)
    GROUP BY ALL ORDER BY ALL
    """


@hand("engagement_score")
def engagement_score(q: Query) -> str:
    scores = f"""
      WITH rd AS ({_reading_days(q)}),
      p AS ({_probes()}),
      w AS (
        SELECT account_id, d, probe,
          {_win('tw', 90)} AS tw, {_win('ob', 90)} AS ob, {_win('oba', 90)} AS oba
        FROM ({_stacked(_touch_daily(q.start - 90 * DAY, _hi(q)))})
      ),
      c AS (
        SELECT period_start, account_id, 100 * least(1, tw / 6) AS f,
          CASE WHEN ob > 0 THEN 100 * oba / ob END AS r
        FROM w JOIN p USING (account_id, d) WHERE probe
      )
      SELECT period_start, account_id,
        CASE WHEN r IS NULL THEN f ELSE (0.5 * f + 0.5 * r) / 1.0 END AS score
      FROM c"""
    return _mean_by_group(q, scores)


# -- composite and predictive ------------------------------------------------------------------
@hand("customer_health_score")
def customer_health_score(q: Query) -> str:
    hi = _hi(q)
    tickets = f"""
      SELECT account_id, created_at::DATE AS d, count(*) AS tk FROM tickets
      WHERE created_at >= {q.lit(q.start - 90 * DAY)} AND created_at < {q.lit(hi)}
      GROUP BY 1, 2"""
    answers = f"""
      SELECT account_id, responded_at::DATE AS d, sum(pts) AS pts, count(*) AS ans
      FROM (SELECT account_id, responded_at,
              CASE WHEN survey = 'nps' AND score BETWEEN 0 AND 10 THEN score * 10
                   WHEN survey = 'csat' AND score BETWEEN 1 AND 5 THEN (score - 1) * 25 END AS pts
            FROM survey_responses
            WHERE survey IN ('nps', 'csat')
              AND responded_at >= {q.lit(q.start - 180 * DAY)} AND responded_at < {q.lit(hi)})
      WHERE pts IS NOT NULL
      GROUP BY 1, 2"""
    stacked = _stacked(_active_days(q.start - 60 * DAY, hi), tickets, answers)
    scores = f"""
      WITH rd AS ({_reading_days(q)}),
      p AS ({_probes(m90=True)}),
      w AS (
        SELECT account_id, d, probe,
          {_win('act', 30)} AS a, {_win('act', 30, 30)} AS b, {_win('tk', 90)} AS tk,
          {_win('pts', 180)} AS pts, {_win('ans', 180)} AS ans
        FROM ({stacked})
      ),
      c AS (
        SELECT period_start, account_id,
          CASE WHEN a + b > 0 THEN 100.0 * a / (a + b) ELSE 0 END AS usage,
          CASE WHEN ans > 0 THEN pts / ans END AS sat,
          greatest(0, 100 * (1 - tk / 10)) AS support,
          100 * mrr / (mrr + m90) AS revenue
        FROM w JOIN p USING (account_id, d) WHERE probe
      )
      SELECT period_start, account_id,
        (0.4 * usage + 0.2 * coalesce(sat, 0) + 0.2 * support + 0.2 * revenue)
          / (0.8 + CASE WHEN sat IS NULL THEN 0 ELSE 0.2 END) AS score
      FROM c"""
    return _mean_by_group(q, scores)


@hand("value_attainment")
def value_attainment(q: Query) -> str:
    hi = _hi(q)
    lo30 = q.start - 30 * DAY
    resolved = f"""
      SELECT account_id, resolved_at::DATE AS d, count(*) AS r,
        count(*) FILTER (replies = 1 AND coalesce(reopens, 0) = 0) AS f
      FROM tickets
      WHERE replies IS NOT NULL
        AND resolved_at >= {q.lit(q.start - 90 * DAY)} AND resolved_at < {q.lit(hi)}
      GROUP BY 1, 2"""
    # A use of a feature on day d is the last use on the days d .. (next use - 1), and covers
    # the windows ending on d .. d+29: +1 on d, -1 on the earlier of the next use and d+30.
    # These intervals are disjoint per (account, feature), so a running sum of the deltas counts
    # the features used in the 30 days to each day.
    coverage = """
      SELECT account_id, d, sum(k) AS k FROM (
        SELECT account_id, d, 1 AS k FROM u
        UNION ALL
        SELECT account_id, least(nxt, (d + 30)::DATE), -1 FROM (
          SELECT account_id, d,
            lead(d, 1, DATE '9999-12-31') OVER (PARTITION BY account_id, feature ORDER BY d)
              AS nxt
          FROM u))
      GROUP BY 1, 2"""
    stacked = _stacked(_touch_daily(q.start - 90 * DAY, hi), _active_days(lo30, hi),
                       resolved, coverage)
    scores = f"""
      WITH rd AS ({_reading_days(q)}),
      p AS ({_probes()}),
      u AS (
        SELECT DISTINCT account_id, feature, occurred_at::DATE AS d FROM events
        WHERE feature IS NOT NULL
          AND occurred_at >= {q.lit(lo30)} AND occurred_at < {q.lit(hi)}
      ),
      allf AS (
        SELECT rd.period_start, count(DISTINCT f.feature) AS nf
        FROM rd JOIN (SELECT DISTINCT feature, d FROM u) f
          ON f.d <= rd.l AND f.d > rd.l - 30
        GROUP BY 1
      ),
      w AS (
        SELECT account_id, d, probe,
          {_win('tw', 90)} AS tw, {_win('act', 30)} AS act, {_win('r', 90)} AS r,
          {_win('f', 90)} AS f,
          coalesce(sum(k) OVER (PARTITION BY account_id ORDER BY dn
            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0) AS k
        FROM ({stacked})
      ),
      c AS (
        SELECT p.period_start, p.account_id,
          100 * least(1, tw / 6) AS engagement,
          100 * least(1, act / 20) AS consumption,
          CASE WHEN r > 0 THEN 100 * f / r END AS operations,
          CASE WHEN coalesce(allf.nf, 0) > 0 THEN 100 * k / allf.nf ELSE 0 END AS product_usage
        FROM w JOIN p USING (account_id, d) LEFT JOIN allf USING (period_start)
        WHERE w.probe
      )
      SELECT period_start, account_id,
        (0.25 * engagement + 0.25 * consumption + 0.25 * coalesce(operations, 0)
          + 0.25 * product_usage)
          / (0.75 + CASE WHEN operations IS NULL THEN 0 ELSE 0.25 END) AS score
      FROM c"""
    return _mean_by_group(q, scores)


@hand("win_rate")
def win_rate(q: Query) -> str:
    return f"""
    SELECT {q.bucket('o.closed_at')} AS period_start{_seg_col(q)},
      (count(*) FILTER (o.is_won))::DOUBLE / count(*) AS value
    FROM opportunities o {_seg_join(q, 'o.account_id')}
    WHERE o.is_won IS NOT NULL
      AND o.closed_at >= {q.lit(q.start)} AND o.closed_at < {q.lit(q.end)}
    GROUP BY ALL ORDER BY ALL
    """
