"""Hand-written DuckDB SQL for MRR, its movements and the rates built on them (docs/metrics.md,
"Revenue and retention").

An account's MRR in a bucket is the MRR of its subscriptions active on the bucket's last day
(today for the bucket under way). It only changes in the buckets holding a subscription's start
or end date, so the per-account state is built from those change points alone (O(subscriptions),
not accounts x buckets): +mrr in the bucket of start_date, -mrr in the bucket of end_date, a
running sum per account giving the MRR at the end of each bucket with a change (DECIMAL, so that
an account whose subscriptions all ended is exactly 0). Movements happen only in those buckets;
stocks (MRR, paying accounts) are running sums of the per-bucket changes, seeded with the history
before the range.
"""

from hand import Query, hand

MONEY = "DECIMAL(38, 10)"


def _by(q: Query, prefix: str = "") -> str:
    """', segment' (qualified by `prefix`) when the query is split by segment, else ''."""
    return f", {prefix}segment" if q.by else ""


def _state(q: Query) -> str:
    """CTEs ending in `state`: one row per account and bucket in which its MRR may change (up to
    the range's end): period_start, mrr (at the bucket's end), prev (at the previous bucket's
    end), paid_before (MRR > 0 in some bucket before the previous one or at it)."""
    today, end = q.lit(q.today), q.lit(q.end)
    return f"""
    deltas AS (
      SELECT account_id, {q.bucket('start_date')} AS b, mrr::{MONEY} AS d
      FROM subscriptions
      WHERE start_date < {end} AND start_date <= {today}
        AND (end_date IS NULL OR end_date > start_date)
      UNION ALL
      SELECT account_id, {q.bucket('end_date')} AS b, -mrr::{MONEY} AS d
      FROM subscriptions
      WHERE end_date > start_date AND end_date < {end} AND end_date <= {today}
    ),
    changes AS (SELECT account_id, b, sum(d) AS delta FROM deltas GROUP BY ALL),
    levels AS (
      SELECT account_id, b, delta,
        sum(delta) OVER (PARTITION BY account_id ORDER BY b) AS mrr
      FROM changes
    ),
    state AS (
      SELECT account_id, b AS period_start, mrr, mrr - delta AS prev,
        coalesce(bool_or(mrr > 0) OVER (PARTITION BY account_id ORDER BY b
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS paid_before
      FROM levels
    )"""


def _revenue(q: Query) -> str:
    """CTEs ending in `rev`: one row per bucket of the range (and segment) with the stocks mrr,
    start_mrr, paying, paying_start and the flows net, new, expansion, contraction, churn,
    reactivation (amounts), churned, acquired (accounts)."""
    opening = f"({q.lit(q.start)} - {q.step})::DATE"
    seg_join = "LEFT JOIN accounts a USING (account_id)" if q.by else ""
    if q.by:
        groups = """,
    groups AS (
      SELECT segment FROM accounts
      UNION
      SELECT a.segment FROM (SELECT DISTINCT account_id FROM subscriptions) s
      LEFT JOIN accounts a USING (account_id)
    )"""
        grid = (f"SELECT range::DATE AS period_start, segment FROM range({opening}, "
                f"{q.lit(q.end)}, {q.step}) CROSS JOIN groups")
        on = "f.period_start = g.period_start AND f.segment IS NOT DISTINCT FROM g.segment"
    else:
        groups = ""
        grid = f"SELECT range::DATE AS period_start FROM range({opening}, {q.lit(q.end)}, {q.step})"
        on = "f.period_start = g.period_start"
    flows = ("net", "new", "expansion", "contraction", "churn", "reactivation", "churned",
             "acquired", "net_paying")
    sums = ",\n        ".join(f"coalesce(f.{c}, 0) AS {c}" for c in flows)
    return f"""{_state(q)}{groups},
    moves AS (
      SELECT greatest(s.period_start, {opening}) AS period_start{_by(q, 'a.')},
        s.mrr - s.prev AS net,
        (s.mrr > 0)::INT - (s.prev > 0)::INT AS net_paying,
        CASE WHEN s.prev = 0 AND s.mrr > 0 AND NOT s.paid_before THEN s.mrr ELSE 0 END AS new,
        CASE WHEN s.prev = 0 AND s.mrr > 0 AND s.paid_before THEN s.mrr ELSE 0 END
          AS reactivation,
        CASE WHEN s.prev > 0 AND s.mrr > s.prev THEN s.mrr - s.prev ELSE 0 END AS expansion,
        CASE WHEN s.prev > 0 AND s.mrr > 0 AND s.mrr < s.prev THEN s.prev - s.mrr ELSE 0 END
          AS contraction,
        CASE WHEN s.prev > 0 AND s.mrr = 0 THEN s.prev ELSE 0 END AS churn,
        (s.prev > 0 AND s.mrr = 0)::INT AS churned,
        (s.prev = 0 AND s.mrr > 0 AND NOT s.paid_before)::INT AS acquired
      FROM state s {seg_join}
    ),
    flows AS (
      SELECT period_start{_by(q)}, sum(net) AS net, sum(new) AS new,
        sum(expansion) AS expansion, sum(contraction) AS contraction, sum(churn) AS churn,
        sum(reactivation) AS reactivation, sum(churned) AS churned, sum(acquired) AS acquired,
        sum(net_paying) AS net_paying
      FROM moves GROUP BY ALL
    ),
    filled AS (
      SELECT g.period_start{_by(q, 'g.')},
        {sums}
      FROM ({grid}) g LEFT JOIN flows f ON {on}
    ),
    running AS (
      SELECT *,
        sum(net) OVER w AS mrr,
        coalesce(sum(net) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
          AS start_mrr,
        sum(net_paying) OVER w AS paying,
        coalesce(sum(net_paying) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
          AS paying_start
      FROM filled
      WINDOW w AS ({'PARTITION BY segment ' if q.by else ''}ORDER BY period_start)
    ),
    rev AS (SELECT * FROM running WHERE period_start >= {q.lit(q.start)})"""


def _select(q: Query, value: str, extra: str = "", rev: str = "rev") -> str:
    """The query: `value` (SQL over the columns of `rev`) per bucket (and segment)."""
    order = "period_start, segment" if q.by else "period_start"
    return f"""
    WITH {_revenue(q)}{extra}
    SELECT period_start{_by(q)}, ({value})::DOUBLE AS value
    FROM {rev} ORDER BY {order}
    """


def _ratio(num: str, den: str) -> str:
    return f"({num})::DOUBLE / nullif(({den})::DOUBLE, 0)"


@hand("mrr")
def mrr(q: Query) -> str:
    return _select(q, "mrr")


@hand("arr")
def arr(q: Query) -> str:
    return _select(q, "12 * mrr")


@hand("new_mrr")
def new_mrr(q: Query) -> str:
    return _select(q, "new")


@hand("expansion_mrr")
def expansion_mrr(q: Query) -> str:
    return _select(q, "expansion")


@hand("contraction_mrr")
def contraction_mrr(q: Query) -> str:
    return _select(q, "contraction")


@hand("churned_mrr")
def churned_mrr(q: Query) -> str:
    return _select(q, "churn")


@hand("reactivation_mrr")
def reactivation_mrr(q: Query) -> str:
    return _select(q, "reactivation")


@hand("net_new_mrr")
def net_new_mrr(q: Query) -> str:
    return _select(q, "net")


@hand("customer_churn_rate")
def customer_churn_rate(q: Query) -> str:
    return _select(q, _ratio("churned", "paying_start"))


@hand("logo_churn")
def logo_churn(q: Query) -> str:
    return _select(q, "churned")


@hand("retention_rate")
def retention_rate(q: Query) -> str:
    # accounts acquired in the bucket ("new") pay at its end: they are all among `paying`
    return _select(q, _ratio("paying - acquired", "paying_start"))


@hand("gross_mrr_churn_rate")
def gross_mrr_churn_rate(q: Query) -> str:
    return _select(q, _ratio("churn + contraction", "start_mrr"))


@hand("net_mrr_churn_rate")
def net_mrr_churn_rate(q: Query) -> str:
    return _select(q, _ratio("churn + contraction - expansion - reactivation", "start_mrr"))


@hand("expansion_revenue_rate")
def expansion_revenue_rate(q: Query) -> str:
    return _select(q, _ratio("expansion", "start_mrr"))


@hand("quick_ratio")
def quick_ratio(q: Query) -> str:
    return _select(q, _ratio("new + expansion + reactivation", "churn + contraction"))


@hand("deviation_from_target_churn")
def deviation_from_target_churn(q: Query) -> str:
    if q.grain != "month":
        raise ValueError("deviation_from_target_churn: the churn targets are monthly")
    extra = f""",
    goals AS (
      SELECT {q.bucket('period_start')} AS period_start,
        CASE WHEN count(*) = 1 THEN min(target) END AS target
      FROM targets
      WHERE metric = 'customer_churn_rate'
        AND period_start >= {q.lit(q.start)} AND period_start < {q.lit(q.end)}
      GROUP BY 1
    ),
    dev AS (SELECT * FROM rev JOIN goals USING (period_start))"""
    return _select(q, f"{_ratio('churned', 'paying_start')} - target", extra, rev="dev")
