"""Hand-written DuckDB SQL for the revenue pack's retention and value metrics (grr, nrr,
unsubscribes, arpa, clv, clv_cac_ratio, customer_retention_cost), its contract metrics (acv,
renewal_rate, net_renewal_rate) and its invoice and trial metrics (spend_lift,
repeat_purchase_rate, free_trial_conversion_rate), written from docs/metrics.md with the default
params.

The subscription metrics share one per-account MRR state (`_mrr_ctes`): an account's MRR can only
change in a bucket where one of its subscriptions starts or ends, so the state is computed on the
last day of those buckets alone (the MRR of the subscriptions active that day, summed directly, so
an account at 0 is exactly 0), and a lag over them gives the previous state bucket's MRR. The
bucket totals (MRR and paying accounts at each bucket's end) are running sums of the per-account
changes, from one opening bucket before the range that collects all earlier history: O(changes),
never O(accounts x buckets).
"""

from __future__ import annotations

from hand import Query, hand

# months in one bucket: the purchase frequency and the churn rate of clv are monthly
MONTHS_IN = {"day": "12.0 / 365", "week": "12.0 / 52", "month": "1.0"}


def _in_range(q: Query, expr: str, lo: str | None = None) -> str:
    return f"{expr} >= {lo or q.lit(q.start)} AND {expr} < {q.lit(q.end)}"


def _seg(q: Query, account_col: str) -> tuple[str, str]:
    """(select list tail, join) adding the segment of `account_col` when split by segment."""
    if not q.by:
        return "", ""
    return ", a.segment", f"LEFT JOIN accounts a ON a.account_id = {account_col}"


def _grid(q: Query, agg: str, value: str, spine: str | None = None) -> str:
    """`value` (over the columns of the CTE `agg`, keyed by period_start [, segment]) for every
    bucket of `spine` (default: the range) and, split by segment, every segment of accounts plus
    any group only `agg` has; `agg` columns are null where it has no row."""
    spine = spine or q.spine
    if not q.by:
        return f"""
    SELECT s.period_start, ({value})::DOUBLE AS value
    FROM ({spine}) s LEFT JOIN {agg} USING (period_start)
    ORDER BY 1"""
    return f"""
    SELECT s.period_start, g.segment, ({value})::DOUBLE AS value
    FROM ({spine}) s
    CROSS JOIN (SELECT segment FROM accounts UNION SELECT segment FROM {agg}) g
    LEFT JOIN {agg} ON {agg}.period_start = s.period_start
      AND {agg}.segment IS NOT DISTINCT FROM g.segment
    ORDER BY 1, 2"""


# -- subscriptions: per-account MRR state ------------------------------------------------------
def _state_day(q: Query, bucket: str) -> str:
    """The day a bucket's state is taken: its last day, or today for the bucket under way."""
    return f"least({bucket} + {q.step} - INTERVAL 1 DAY, {q.lit(q.today)})::DATE"


def _mrr_ctes(q: Query) -> str:
    """CTEs (no leading WITH):

    - moves(account_id, period_start, [segment,] mrr, prev, ever_before): one row per account and
      bucket where its MRR may change, up to the range's end: MRR at the bucket's end, at the
      previous bucket's end, and whether it was > 0 at any earlier state bucket;
    - book(period_start, [segment,] mrr_start, mrr_end, payers_start, payers_end, lost, net,
      churned, acquired): per bucket of the range, the MRR and paying accounts at its start and
      end, the cohort's contraction + churn (lost) and net change (net), the accounts that
      churned and those acquired (first ever MRR > 0) in it.
    """
    last = f"least({q.lit(q.end)} - INTERVAL 1 DAY, {q.lit(q.today)})::DATE"
    seg, join = _seg(q, "c.account_id")
    seg_col = ", segment" if q.by else ""
    opening = f"({q.lit(q.start)} - {q.step})::DATE"
    return f"""
    chg AS (
      SELECT account_id, {q.bucket('start_date')} AS period_start
      FROM subscriptions WHERE start_date <= {last}
      UNION
      SELECT account_id, {q.bucket('end_date')}
      FROM subscriptions WHERE end_date <= {last}
    ),
    state AS (
      SELECT c.account_id, c.period_start{seg}, coalesce(sum(s.mrr), 0) AS mrr
      FROM chg c
      LEFT JOIN subscriptions s ON s.account_id = c.account_id
        AND s.start_date <= {_state_day(q, 'c.period_start')}
        AND (s.end_date IS NULL OR s.end_date > {_state_day(q, 'c.period_start')})
      {join}
      GROUP BY ALL
    ),
    moves AS (
      SELECT *,
        coalesce(lag(mrr) OVER w, 0) AS prev,
        coalesce(bool_or(mrr > 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                 false) AS ever_before
      FROM state
      WINDOW w AS (PARTITION BY account_id ORDER BY period_start)
    ),
    per_bucket AS (
      SELECT greatest(period_start, {opening}) AS period_start{seg_col},
        sum(mrr - prev) AS d_mrr,
        sum((mrr > 0)::INT - (prev > 0)::INT) AS d_payers,
        sum(greatest(prev - mrr, 0)) FILTER (prev > 0) AS lost,
        sum(mrr - prev) FILTER (prev > 0) AS net,
        count(*) FILTER (prev > 0 AND mrr = 0) AS churned,
        count(*) FILTER (mrr > 0 AND NOT ever_before) AS acquired
      FROM moves
      GROUP BY ALL
    ),
    running AS (
      SELECT s.period_start{', g.segment' if q.by else ''},
        sum(coalesce(p.d_mrr, 0)) OVER w AS mrr_end,
        sum(coalesce(p.d_payers, 0)) OVER w AS payers_end,
        coalesce(p.lost, 0) AS lost, coalesce(p.net, 0) AS net,
        coalesce(p.churned, 0) AS churned, coalesce(p.acquired, 0) AS acquired
      FROM (SELECT range::DATE AS period_start
            FROM range({opening}, {q.lit(q.end)}, {q.step})) s
      {'CROSS JOIN (SELECT DISTINCT segment FROM per_bucket) g' if q.by else ''}
      LEFT JOIN per_bucket p ON p.period_start = s.period_start
        {'AND p.segment IS NOT DISTINCT FROM g.segment' if q.by else ''}
      WINDOW w AS ({'PARTITION BY g.segment ' if q.by else ''}ORDER BY s.period_start)
    ),
    book AS (
      SELECT *,
        coalesce(lag(mrr_end) OVER w, 0) AS mrr_start,
        coalesce(lag(payers_end) OVER w, 0) AS payers_start
      FROM running
      WINDOW w AS ({'PARTITION BY segment ' if q.by else ''}ORDER BY period_start)
      QUALIFY period_start >= {q.lit(q.start)}
    )"""


@hand("grr")
def grr(q: Query) -> str:
    return f"""
    WITH {_mrr_ctes(q)}
    {_grid(q, 'book', '(mrr_start - lost) / nullif(mrr_start, 0)')}
    """


@hand("nrr")
def nrr(q: Query) -> str:
    return f"""
    WITH {_mrr_ctes(q)}
    {_grid(q, 'book', '(mrr_start + net) / nullif(mrr_start, 0)')}
    """


@hand("unsubscribes")
def unsubscribes(q: Query) -> str:
    return f"""
    WITH {_mrr_ctes(q)}
    {_grid(q, 'book', 'coalesce(churned, 0)')}
    """


@hand("arpa")
def arpa(q: Query) -> str:
    return f"""
    WITH {_mrr_ctes(q)}
    {_grid(q, 'book', 'mrr_end / nullif(payers_end, 0)')}
    """


def _clv_ctes(q: Query) -> str:
    """The MRR CTEs plus clv(period_start, [segment,] clv): per month, the invoiced amount per
    invoiced account x 1 / the monthly customer churn rate; null without churn or invoices."""
    seg, join = _seg(q, "i.account_id")
    months = MONTHS_IN[q.grain]
    return f"""{_mrr_ctes(q)},
    inv AS (
      SELECT {q.bucket('i.issued_at')} AS period_start{seg},
        sum(i.amount) / count(DISTINCT i.account_id) AS per_account
      FROM invoices i {join}
      WHERE {_in_range(q, 'i.issued_at')}
      GROUP BY ALL
    ),
    clv AS (
      SELECT b.*, inv.per_account / ({months})
        / nullif(1 - pow(1 - b.churned / nullif(b.payers_start, 0), 1 / ({months})), 0) AS clv
      FROM book b JOIN inv ON inv.period_start = b.period_start
        {'AND inv.segment IS NOT DISTINCT FROM b.segment' if q.by else ''}
      WHERE b.churned > 0
    )"""


@hand("clv")
def clv(q: Query) -> str:
    return f"""
    WITH {_clv_ctes(q)}
    {_grid(q, 'clv', 'clv')}
    """


@hand("clv_cac_ratio")
def clv_cac_ratio(q: Query) -> str:
    return f"""
    WITH {_clv_ctes(q)},
    cac AS (
      SELECT m.period_start{', m.segment' if q.by else ''}, avg(acq.acquisition_cost) AS cac
      FROM moves m JOIN accounts acq ON acq.account_id = m.account_id
      WHERE m.mrr > 0 AND NOT m.ever_before AND acq.acquisition_cost IS NOT NULL
        AND {_in_range(q, 'm.period_start')}
      GROUP BY ALL
    ),
    ratio AS (
      SELECT clv.period_start{', clv.segment' if q.by else ''},
        clv.clv / nullif(cac.cac, 0) AS ratio
      FROM clv JOIN cac ON cac.period_start = clv.period_start
        {'AND cac.segment IS NOT DISTINCT FROM clv.segment' if q.by else ''}
    )
    {_grid(q, 'ratio', 'ratio')}
    """


@hand("customer_retention_cost")
def customer_retention_cost(q: Query) -> str:
    # costs carry no account: csm_kit refuses a split; unsplit only
    return f"""
    WITH {_mrr_ctes(q)},
    cost AS (
      SELECT {q.bucket('period_start')} AS period_start, sum(amount) AS amount
      FROM cs_costs WHERE {_in_range(q, 'period_start')}
      GROUP BY 1
    ),
    crc AS (
      SELECT b.period_start, coalesce(cost.amount, 0) / nullif(b.payers_end, 0) AS crc
      FROM book b LEFT JOIN cost USING (period_start)
    )
    {_grid(q, 'crc', 'crc')}
    """


# -- contracts ---------------------------------------------------------------------------------
def _annual(c: str) -> str:
    """The annualised recurring value of contract alias `c`: value / (calendar months / 12, a part
    month in days / 30.4375)."""
    months = (f"(12 * (year({c}.end_date) - year({c}.start_date)) "
              f"+ (month({c}.end_date) - month({c}.start_date)) "
              f"+ (day({c}.end_date) - day({c}.start_date)) / 30.4375)")
    return f"({c}.recurring_value / ({months} / 12))"


@hand("acv")
def acv(q: Query) -> str:
    seg, join = _seg(q, "c.account_id")
    return f"""
    WITH agg AS (
      SELECT {q.bucket('c.start_date')} AS period_start{seg}, avg({_annual('c')}) AS acv
      FROM contracts c {join}
      WHERE {_in_range(q, 'c.start_date')}
      GROUP BY ALL
    )
    {_grid(q, 'agg', 'acv')}
    """


def _renewals(q: Query, value: str) -> str:
    """`value` over up(renewed, own, renewal_value): the contracts whose end_date falls in the
    bucket, with whether any contract renews them, their own annualised value and their
    renewals' summed annualised value."""
    seg, join = _seg(q, "c.account_id")
    return f"""
    WITH ren AS (
      SELECT r.renewal_of, sum({_annual('r')}) AS renewal_value
      FROM contracts r WHERE r.renewal_of IS NOT NULL
      GROUP BY 1
    ),
    agg AS (
      SELECT {q.bucket('c.end_date')} AS period_start{seg},
        {value} AS v
      FROM contracts c
      LEFT JOIN ren ON ren.renewal_of = c.contract_id
      {join}
      WHERE {_in_range(q, 'c.end_date')}
      GROUP BY ALL
    )
    {_grid(q, 'agg', 'v')}
    """


@hand("renewal_rate")
def renewal_rate(q: Query) -> str:
    return _renewals(q, "avg((ren.renewal_of IS NOT NULL)::INT)")


@hand("net_renewal_rate")
def net_renewal_rate(q: Query) -> str:
    return _renewals(q, f"sum(coalesce(ren.renewal_value, 0)) / nullif(sum({_annual('c')}), 0)")


# -- invoices and trials -----------------------------------------------------------------------
@hand("spend_lift")
def spend_lift(q: Query) -> str:
    seg, join = _seg(q, "i.account_id")
    before = f"({q.lit(q.start)} - {q.step})::DATE"
    spine = (f"SELECT range::DATE AS period_start FROM range({before}, {q.lit(q.end)}, "
             f"{q.step})")
    return f"""
    WITH spend AS (
      SELECT {q.bucket('i.issued_at')} AS period_start{seg}, sum(i.amount) AS spend
      FROM invoices i {join}
      WHERE {_in_range(q, 'i.issued_at', before)}
      GROUP BY ALL
    ),
    full_ AS ({_grid(q, 'spend', 'coalesce(spend, 0)', spine)}),
    lift AS (
      SELECT *, (value - lag(value) OVER w) / nullif(lag(value) OVER w, 0) AS lift
      FROM full_
      WINDOW w AS ({'PARTITION BY segment ' if q.by else ''}ORDER BY period_start)
    )
    SELECT period_start{', segment' if q.by else ''}, lift AS value
    FROM lift WHERE period_start >= {q.lit(q.start)}
    ORDER BY ALL
    """


@hand("repeat_purchase_rate")
def repeat_purchase_rate(q: Query) -> str:
    seg = ", segment" if q.by else ""
    seg_a, join = _seg(q, "i.account_id")
    return f"""
    WITH per_account AS (
      SELECT {q.bucket('i.issued_at')} AS period_start{seg_a}, i.account_id, count(*) AS n
      FROM invoices i {join}
      WHERE {_in_range(q, 'i.issued_at')} AND i.amount > 0
      GROUP BY ALL
    ),
    agg AS (
      SELECT period_start{seg}, avg((n >= 2)::INT) AS rate
      FROM per_account GROUP BY ALL
    )
    {_grid(q, 'agg', 'rate')}
    """


@hand("free_trial_conversion_rate")
def free_trial_conversion_rate(q: Query) -> str:
    seg, join = _seg(q, "t.account_id")
    return f"""
    WITH agg AS (
      SELECT {q.bucket('t.ended_at')} AS period_start{seg},
        avg((t.converted_at IS NOT NULL)::INT) AS rate
      FROM trials t {join}
      WHERE {_in_range(q, 't.ended_at')}
      GROUP BY ALL
    )
    {_grid(q, 'agg', 'rate')}
    """
