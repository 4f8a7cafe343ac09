"""Hand-written DuckDB SQL for the satisfaction pack (nps, csat, ces, propensity_to_renew,
feedback_volume, referral_count, referral_rate) and the support pack (support_tickets,
first_response_time, full_resolution_time, first_contact_resolution_rate,
average_speed_to_answer), written from docs/metrics.md with the default params.

Every query filters its table to the range on the timestamp that places a row in a bucket, joins
accounts (only when split by segment) and groups by bucket (and segment). Ratios leave out the
buckets with an empty denominator (null); flows are spread over every bucket and group with 0.
"""

from __future__ import annotations

from hand import Query, hand

# the whitespace a blank comment consists of: space, \t, \n, \v, \f, \r
BLANK = " || ".join(f"chr({c})" for c in (32, 9, 10, 11, 12, 13))


def _in_range(q: Query, ts: str) -> str:
    return f"{ts} >= {q.lit(q.start)} AND {ts} < {q.lit(q.end)}"


def _seg(q: Query, account_col: str) -> tuple[str, str]:
    """(select list tail, join) adding the segment of `account_col` when split by segment."""
    if not q.by:
        return "", ""
    return ", a.segment", f"LEFT JOIN accounts a ON a.account_id = t.{account_col}"


def _ratio(q: Query, table: str, ts: str, account_col: str, where: str, value: str) -> str:
    """`value` (an aggregate over the rows t of `table` matching `where`) per bucket of `ts`
    (and segment); buckets without a matching row are left out (their value is null)."""
    seg, join = _seg(q, account_col)
    return f"""
    SELECT {q.bucket(f't.{ts}')} AS period_start{seg}, ({value})::DOUBLE AS value
    FROM {table} t {join}
    WHERE {_in_range(q, f't.{ts}')} AND ({where})
    GROUP BY ALL ORDER BY ALL
    """


def _flow(q: Query, table: str, ts: str, account_col: str, where: str) -> str:
    """The rows of `table` matching `where` per bucket of `ts` (and segment), 0 where none: every
    bucket, and every segment of accounts (plus any group only the rows have) in each."""
    seg, join = _seg(q, account_col)
    agg = f"""
      SELECT {q.bucket(f't.{ts}')} AS period_start{seg}, count(*) AS n
      FROM {table} t {join}
      WHERE {_in_range(q, f't.{ts}')} AND ({where})
      GROUP BY ALL"""
    if not q.by:
        return f"""
    WITH agg AS ({agg})
    SELECT s.period_start, coalesce(agg.n, 0)::DOUBLE AS value
    FROM ({q.spine}) s LEFT JOIN agg USING (period_start)
    ORDER BY 1
    """
    return f"""
    WITH agg AS ({agg}),
    g AS (SELECT segment FROM accounts UNION SELECT segment FROM agg)
    SELECT s.period_start, g.segment, coalesce(agg.n, 0)::DOUBLE AS value
    FROM ({q.spine}) s CROSS JOIN g
    LEFT JOIN agg ON agg.period_start = s.period_start
      AND agg.segment IS NOT DISTINCT FROM g.segment
    ORDER BY 1, 2
    """


def _survey(q: Query, survey: str, lo: int, hi: int, value: str) -> str:
    """`value` over the responses to `survey` with lo <= score <= hi."""
    return _ratio(q, "survey_responses", "responded_at", "account_id",
                  f"t.survey = '{survey}' AND t.score BETWEEN {lo} AND {hi}", value)


def _hours(earlier: str, later: str) -> str:
    return f"(epoch_us({later}) - epoch_us({earlier})) / 3600e6"


# -- satisfaction ------------------------------------------------------------------------------

@hand("nps")
def nps(q: Query) -> str:
    # % promoters (9-10) minus % detractors (0-6) of the responses on the 0-10 scale
    return _survey(q, "nps", 0, 10, "100.0 * (count(*) FILTER (t.score >= 9)"
                                    " - count(*) FILTER (t.score <= 6)) / count(*)")


@hand("csat")
def csat(q: Query) -> str:
    # top box on 1-5: share scoring 4 or 5
    return _survey(q, "csat", 1, 5, "count(*) FILTER (t.score >= 4) / count(*)")


@hand("ces")
def ces(q: Query) -> str:
    # mean answer on the 1-7 scale
    return _survey(q, "ces", 1, 7, "avg(t.score)")


@hand("propensity_to_renew")
def propensity_to_renew(q: Query) -> str:
    # mean renewal-intent answer on 0-10, divided by 10
    return _survey(q, "renewal_intent", 0, 10, "avg(t.score) / 10")


@hand("feedback_volume")
def feedback_volume(q: Query) -> str:
    # responses (any survey, any score) with a comment that is not blank
    return _flow(q, "survey_responses", "responded_at", "account_id",
                 f"trim(t.comment, {BLANK}) <> ''")


@hand("referral_count")
def referral_count(q: Query) -> str:
    return _flow(q, "referrals", "referred_at", "referrer_account_id", "TRUE")


@hand("referral_rate")
def referral_rate(q: Query) -> str:
    # Accounts paying at the bucket's start (MRR > 0 on the day before it) that referred someone
    # in the bucket, over those paying accounts. MRR is >= 0 per subscription (a data check), so
    # an account pays on a day iff one of its subscriptions with mrr > 0 is active then: its
    # paying spells come from a +1/-1 sweep over subscription starts and ends (exact integers, no
    # float sums), and the denominator is a running count of spells begun minus spells ended
    # before the bucket, never a join of every bucket to every subscription.
    seg, seg_col, seg_join = "", "", ""
    if q.by:
        seg, seg_col = ", p.segment", ", a.segment"
        seg_join = "LEFT JOIN accounts a ON a.account_id = f.account_id"
    groups = ("(SELECT DISTINCT segment FROM accounts UNION SELECT DISTINCT segment FROM flips)"
              if q.by else "(SELECT NULL AS segment)")
    return f"""
    WITH delta AS (
      SELECT account_id, start_date AS day, 1 AS d FROM subscriptions
      WHERE mrr > 0 AND start_date < {q.lit(q.end)}
      UNION ALL
      SELECT account_id, end_date, -1 FROM subscriptions
      WHERE mrr > 0 AND start_date < {q.lit(q.end)} AND end_date < {q.lit(q.end)}
    ),
    active AS (  -- subscriptions with mrr > 0 active from `day` to the account's next change
      SELECT account_id, day,
        sum(sum(d)) OVER (PARTITION BY account_id ORDER BY day) AS n
      FROM delta GROUP BY account_id, day
    ),
    spells AS (  -- [lo, hi): the account pays on every day in it (hi null: still paying)
      SELECT account_id, day AS lo, lead(day) OVER (PARTITION BY account_id ORDER BY day) AS hi
      FROM (SELECT account_id, day, n,
              lag(n, 1, 0) OVER (PARTITION BY account_id ORDER BY day) AS before
            FROM active) x
      WHERE (n > 0) <> (before > 0)
      QUALIFY n > 0
    ),
    flips AS (  -- +1 / -1 in the first bucket whose eve is on or after the spell's start / end
      SELECT greatest({q.bucket('f.day')} + {q.step}, {q.lit(q.start)})::DATE AS period_start
        {seg_col}, sum(f.d) AS d
      FROM (SELECT account_id, lo AS day, 1 AS d FROM spells
            UNION ALL
            SELECT account_id, hi, -1 FROM spells WHERE hi IS NOT NULL) f
      {seg_join}
      GROUP BY ALL
    ),
    paying AS (
      SELECT s.period_start, g.segment,
        sum(coalesce(f.d, 0)) OVER (PARTITION BY g.segment ORDER BY s.period_start) AS n
      FROM ({q.spine}) s CROSS JOIN {groups} g
      LEFT JOIN flips f ON f.period_start = s.period_start
        {"AND f.segment IS NOT DISTINCT FROM g.segment" if q.by else ""}
    ),
    referring AS (  -- referrers paying on the eve of the bucket of their referral
      SELECT r.period_start{seg_col}, count(*) AS n
      FROM (SELECT DISTINCT {q.bucket('referred_at')} AS period_start,
              referrer_account_id AS account_id
            FROM referrals WHERE {_in_range(q, 'referred_at')}) r
      JOIN spells p ON p.account_id = r.account_id AND p.lo < r.period_start
        AND (p.hi IS NULL OR p.hi >= r.period_start)
      {seg_join.replace('f.account_id', 'r.account_id')}
      GROUP BY ALL
    )
    SELECT p.period_start{seg}, (coalesce(r.n, 0) / p.n)::DOUBLE AS value
    FROM paying p
    LEFT JOIN referring r ON r.period_start = p.period_start
      {"AND r.segment IS NOT DISTINCT FROM p.segment" if q.by else ""}
    WHERE p.n > 0
    ORDER BY ALL
    """


# -- support -----------------------------------------------------------------------------------

@hand("support_tickets")
def support_tickets(q: Query) -> str:
    return _flow(q, "tickets", "created_at", "account_id", "TRUE")


@hand("first_response_time")
def first_response_time(q: Query) -> str:
    # median hours creation -> first response, tickets first answered in the bucket
    return _ratio(q, "tickets", "first_response_at", "account_id", "TRUE",
                  f"median({_hours('t.created_at', 't.first_response_at')})")


@hand("full_resolution_time")
def full_resolution_time(q: Query) -> str:
    # median hours creation -> final resolution, tickets resolved in the bucket
    return _ratio(q, "tickets", "resolved_at", "account_id", "TRUE",
                  f"median({_hours('t.created_at', 't.resolved_at')})")


@hand("first_contact_resolution_rate")
def first_contact_resolution_rate(q: Query) -> str:
    # of the tickets resolved in the bucket with a known reply count: one reply, never reopened
    return _ratio(q, "tickets", "resolved_at", "account_id", "t.replies IS NOT NULL",
                  "count(*) FILTER (t.replies = 1 AND coalesce(t.reopens, 0) = 0) / count(*)")


@hand("average_speed_to_answer")
def average_speed_to_answer(q: Query) -> str:
    # mean hours in the queue of the answered (not abandoned) calls queued in the bucket
    return _ratio(q, "calls", "queued_at", "account_id",
                  "t.answered_at IS NOT NULL AND NOT t.abandoned",
                  f"avg({_hours('t.queued_at', 't.answered_at')})")
