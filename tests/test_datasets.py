"""The sample data generator: canonical schemas, determinism, integrity and realistic shapes."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from csm_kit.datasets import generate, write_duckdb
from csm_kit.datasets.generate import SampleWorld
from csm_kit.schema import TABLES

SMALL = dict(accounts=60, months=6, events=20_000)

ID_COLUMNS = {
    "accounts": "account_id",
    "users": "user_id",
    "subscriptions": "subscription_id",
    "contracts": "contract_id",
    "invoices": "invoice_id",
    "sessions": "session_id",
    "touchpoints": "touchpoint_id",
    "tickets": "ticket_id",
    "calls": "call_id",
    "survey_responses": "response_id",
    "trials": "trial_id",
    "referrals": "referral_id",
    "opportunities": "opportunity_id",
}

# (table, earlier column, later column, strictly later?)
INTERVALS = [
    ("subscriptions", "start_date", "end_date", True),
    ("contracts", "start_date", "end_date", True),
    ("trials", "started_at", "ended_at", True),
    ("trials", "started_at", "converted_at", False),
    ("trials", "converted_at", "ended_at", False),
    ("sessions", "started_at", "ended_at", True),
    ("touchpoints", "occurred_at", "responded_at", True),
    ("tickets", "created_at", "first_response_at", True),
    ("tickets", "first_response_at", "resolved_at", True),
    ("calls", "queued_at", "answered_at", True),
    ("calls", "queued_at", "ended_at", True),
    ("calls", "answered_at", "ended_at", True),
    ("opportunities", "created_at", "closed_at", False),
    ("referrals", "referred_at", "converted_at", True),
]


@pytest.fixture(scope="module")
def default() -> dict[str, pa.Table]:
    """The one default-size sample of the test run."""
    return generate()


@pytest.fixture(scope="module")
def small() -> dict[str, pa.Table]:
    return generate(seed=3, **SMALL)


@pytest.fixture(params=["default", "small"])
def tables(request: pytest.FixtureRequest) -> dict[str, pa.Table]:
    return request.getfixturevalue(request.param)


def _col(tables: dict[str, pa.Table], table: str, column: str) -> pa.ChunkedArray:
    return tables[table].column(column)


def _monthly_mrr(subs: pd.DataFrame, start: dt.date, months: int) -> pd.DataFrame:
    """MRR per account at the last day of each month (accounts x months)."""
    ends = pd.date_range(pd.Timestamp(start), periods=months, freq="ME")
    s = pd.to_datetime(subs["start_date"]).to_numpy()[:, None]
    e = pd.to_datetime(subs["end_date"]).fillna(pd.Timestamp("2262-01-01")).to_numpy()[:, None]
    active = (s <= ends.to_numpy()[None, :]) & (e > ends.to_numpy()[None, :])
    mrr = pd.DataFrame(active * subs["mrr"].to_numpy()[:, None], columns=ends)
    return mrr.groupby(subs["account_id"].to_numpy()).sum()


# -- schema ----------------------------------------------------------------------------------


def test_every_canonical_table_with_its_exact_schema(tables: dict[str, pa.Table]) -> None:
    assert list(tables) == list(TABLES)
    for name, canonical in TABLES.items():
        assert isinstance(tables[name], pa.Table), name
        assert tables[name].schema.equals(canonical.schema.to_pyarrow()), name
        assert tables[name].num_rows > 0, name


def test_non_nullable_columns_hold_no_nulls(tables: dict[str, pa.Table]) -> None:
    for name, canonical in TABLES.items():
        for column in canonical.columns:
            nulls = tables[name].column(column.name).null_count
            if not column.nullable:
                assert nulls == 0, f"{name}.{column.name}"


def test_nullable_columns_do_hold_some_nulls(default: dict[str, pa.Table]) -> None:
    for table, column in [("subscriptions", "end_date"), ("trials", "converted_at"),
                          ("tickets", "resolved_at"), ("calls", "answered_at"),
                          ("calls", "account_id"), ("survey_responses", "comment"),
                          ("survey_responses", "user_id"), ("opportunities", "is_won"),
                          ("events", "feature"), ("accounts", "acquisition_cost")]:
        col = _col(default, table, column)
        assert 0 < col.null_count < len(col), f"{table}.{column}"


# -- determinism -----------------------------------------------------------------------------


def test_same_seed_same_tables_and_different_seed_different(small: dict[str, pa.Table]) -> None:
    again = generate(seed=3, **SMALL)
    for name in TABLES:
        assert again[name].equals(small[name]), name
    other = generate(seed=4, **SMALL)
    differing = [name for name in TABLES if not other[name].equals(small[name])]
    assert {"accounts", "subscriptions", "events", "sessions", "tickets"} <= set(differing)


def test_small_tables_do_not_depend_on_the_event_count() -> None:
    a = generate(seed=5, accounts=30, months=4, events=0)
    b = generate(seed=5, accounts=30, months=4, events=5_000)
    assert a["events"].num_rows == 0 and a["sessions"].num_rows == 0
    assert a["events"].schema.equals(TABLES["events"].schema.to_pyarrow())
    assert b["events"].num_rows == 5_000 and b["sessions"].num_rows == 500
    for name in TABLES:
        if name not in ("events", "sessions"):
            assert a[name].equals(b[name]), name


def test_events_stream_in_chunks_with_the_exact_total() -> None:
    world = SampleWorld(seed=2, accounts=40, months=3)
    chunks = list(world.iter_events(12_345, chunk_rows=2_000))
    assert len(chunks) >= 5
    assert sum(c.num_rows for c in chunks) == 12_345
    schema = TABLES["events"].schema.to_pyarrow()
    assert all(c.schema.equals(schema) for c in chunks)
    sessions = list(world.iter_sessions(3_000, chunk_rows=1_000))
    ids = pa.concat_tables(sessions).column("session_id")
    assert len(sessions) >= 3 and len(ids) == 3_000 and len(pc.unique(ids)) == 3_000


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(accounts=0)
    with pytest.raises(ValueError):
        generate(months=0)
    with pytest.raises(ValueError):
        generate(seed=-1)
    with pytest.raises(ValueError):
        generate(accounts=5, months=1, events=-1)
    with pytest.raises(ValueError):
        generate(end="not a date")


# -- integrity -------------------------------------------------------------------------------


def test_ids_are_unique(tables: dict[str, pa.Table]) -> None:
    for table, column in ID_COLUMNS.items():
        col = _col(tables, table, column)
        assert len(pc.unique(col)) == len(col), f"{table}.{column}"
    acc = _col(tables, "accounts", "account_id").to_pylist()
    assert acc[0] == "A0001" and _col(tables, "users", "user_id")[0].as_py() == "U000001"


def test_foreign_keys_reference_existing_rows(tables: dict[str, pa.Table]) -> None:
    accounts = pa.concat_arrays(_col(tables, "accounts", "account_id").chunks)
    users = pa.concat_arrays(_col(tables, "users", "user_id").chunks)
    contracts = pa.concat_arrays(_col(tables, "contracts", "contract_id").chunks)
    refs = [(name, "account_id", accounts) for name in TABLES
            if name != "accounts" and "account_id" in TABLES[name].column_names]
    refs += [("referrals", "referrer_account_id", accounts),
             ("referrals", "referred_account_id", accounts),
             ("contracts", "renewal_of", contracts)]
    refs += [(name, "user_id", users) for name in ("events", "sessions", "survey_responses")]
    for table, column, keys in refs:
        col = _col(tables, table, column).drop_null()
        assert len(col) > 0, f"{table}.{column}"
        found = pc.sum(pc.is_in(col, value_set=keys)).as_py()
        assert found == len(col), f"{table}.{column}"
    # a user's events, sessions and answers are booked on that user's own account
    owner = dict(zip(users.to_pylist(), _col(tables, "users", "account_id").to_pylist(),
                     strict=True))
    for table in ("events", "sessions", "survey_responses"):
        df = tables[table].select(["user_id", "account_id"]).to_pandas().dropna()
        assert (df["user_id"].map(owner) == df["account_id"]).all(), table


def test_intervals_are_consistent(tables: dict[str, pa.Table]) -> None:
    for table, early, late, strict in INTERVALS:
        df = tables[table].select([early, late]).to_pandas().dropna()
        assert len(df), (table, early, late)
        ok = df[late] > df[early] if strict else df[late] >= df[early]
        assert ok.all(), (table, early, late)
    ref = tables["referrals"].to_pandas()
    assert (ref["referrer_account_id"] != ref["referred_account_id"]).all()
    opp = tables["opportunities"].to_pandas()
    assert (opp["closed_at"].isna() == opp["is_won"].isna()).all()
    tickets = tables["tickets"].to_pandas()
    assert ((tickets["status"] == "open") == tickets["resolved_at"].isna()).all()
    calls = tables["calls"].to_pandas()
    assert (calls["answered_at"].isna() | ~calls["abandoned"]).all()


def test_activity_happens_after_creation_and_inside_the_window(
        default: dict[str, pa.Table]) -> None:
    ev = default["events"].to_pandas()
    assert ev["occurred_at"].min() >= pd.Timestamp("2024-11-01")
    assert ev["occurred_at"].max() < pd.Timestamp("2026-11-01")
    users = default["users"].to_pandas().set_index("user_id")["created_at"]
    created = ev["user_id"].map(users)
    assert (created.isna() | (ev["occurred_at"] >= created)).all()
    acc = default["accounts"].to_pandas().set_index("account_id")["created_at"]
    for table, column in [("subscriptions", "start_date"), ("tickets", "created_at"),
                          ("touchpoints", "occurred_at"), ("survey_responses", "responded_at")]:
        df = default[table].to_pandas()
        assert (pd.to_datetime(df[column]) >= df["account_id"].map(acc).dt.normalize()).all()
    subs = default["subscriptions"].to_pandas()
    assert pd.to_datetime(subs["start_date"]).max() <= pd.Timestamp("2026-10-31")
    assert pd.to_datetime(subs["end_date"]).max() <= pd.Timestamp("2026-10-31")


def test_window_follows_end_and_months() -> None:
    r = generate(seed=1, accounts=30, months=3, events=3_000, end=dt.date(2025, 3, 15))
    starts = r["targets"].column("period_start").to_pylist()
    assert starts == [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    for table, column in [("events", "occurred_at"), ("sessions", "started_at"),
                          ("tickets", "created_at"), ("touchpoints", "occurred_at"),
                          ("invoices", "issued_at"), ("survey_responses", "responded_at")]:
        col = r[table].column(column)
        assert pc.min(col).as_py() >= dt.datetime(2025, 1, 1), table
        assert pc.max(col).as_py() < dt.datetime(2025, 3, 16), table
    assert pc.max(r["subscriptions"].column("start_date")).as_py() <= dt.date(2025, 3, 15)


def test_an_initial_base_exists_when_the_window_opens(default: dict[str, pa.Table]) -> None:
    created = default["accounts"].column("created_at")
    before = pc.sum(pc.less(created, pa.scalar(dt.datetime(2024, 11, 1), pa.timestamp("us"))))
    assert 0.3 * 500 < before.as_py() < 0.5 * 500
    subs = default["subscriptions"].to_pandas()
    active = subs[(pd.to_datetime(subs["start_date"]) < pd.Timestamp("2024-11-01"))
                  & (pd.to_datetime(subs["end_date"]).fillna(pd.Timestamp("2262-01-01"))
                     >= pd.Timestamp("2024-11-01"))]
    assert active["account_id"].nunique() > 150


def test_vocabularies(default: dict[str, pa.Table]) -> None:
    def values(table: str, column: str) -> set:
        return set(_col(default, table, column).drop_null().to_pylist())

    assert values("accounts", "segment") == {"SMB", "Mid-Market", "Enterprise"}
    assert values("accounts", "plan") == {"Starter", "Growth", "Scale"}
    assert values("accounts", "region") == {"NA", "EMEA", "APAC", "LATAM"}
    assert values("invoices", "kind") == {"recurring", "one_time", "upsell"}
    assert values("touchpoints", "kind") == {"onboarding_call", "call", "email", "meeting", "qbr"}
    assert values("touchpoints", "direction") == {"inbound", "outbound"}
    assert values("tickets", "channel") == {"email", "chat", "phone", "web"}
    assert values("tickets", "status") == {"open", "solved"}
    assert values("survey_responses", "survey") == {"nps", "csat", "ces", "renewal_intent"}
    assert values("opportunities", "kind") == {"new", "expansion", "renewal"}
    assert {"login", "onboarding_step_1", "onboarding_step_3"} <= values("events", "event_name")
    segments = default["accounts"].to_pandas()["segment"].value_counts()
    assert segments["SMB"] > segments["Mid-Market"] > segments["Enterprise"]
    logins = default["events"].filter(pc.equal(default["events"]["event_name"], "login"))
    assert logins.column("feature").null_count == logins.num_rows
    users = default["users"].to_pandas().groupby("account_id").size()
    assert users.min() >= 1 and users.max() <= 200


def test_one_cost_row_per_month_and_category_and_a_churn_target(small: dict[str, pa.Table]) -> None:
    costs = small["cs_costs"].to_pandas()
    assert costs.groupby(["period_start", "category"]).size().max() == 1
    assert costs["period_start"].nunique() == SMALL["months"]
    assert all(d.day == 1 for d in costs["period_start"])
    targets = small["targets"].to_pandas()
    assert (targets["metric"] == "customer_churn_rate").sum() == SMALL["months"]
    assert targets["target"].between(0.01, 0.05).all()


# -- realistic structure ---------------------------------------------------------------------


def test_subscriptions_show_every_movement(default: dict[str, pa.Table]) -> None:
    subs = default["subscriptions"].to_pandas()
    mrr = _monthly_mrr(subs, dt.date(2024, 11, 1), 24).to_numpy()
    prev, cur = mrr[:, :-1], mrr[:, 1:]
    ever = np.maximum.accumulate(mrr, axis=1)[:, :-1]
    churned = (prev > 0) & (cur == 0)
    assert churned.sum() > 50
    assert ((prev > 0) & (cur > prev)).sum() > 50  # expansion
    assert ((prev > 0) & (cur > 0) & (cur < prev)).sum() > 20  # contraction
    assert ((prev == 0) & (cur > 0) & (ever > 0)).sum() > 5  # reactivation
    rate = churned.sum(axis=0) / (prev > 0).sum(axis=0)
    assert 0.015 < rate.mean() < 0.045  # monthly logo churn of a typical B2B SaaS
    # add-ons: some accounts hold two subscriptions at once
    s, e = pd.to_datetime(subs["start_date"]), pd.to_datetime(subs["end_date"])
    concurrent = subs.assign(s=s, e=e.fillna(pd.Timestamp("2262-01-01"))).merge(
        subs.assign(s=s, e=e.fillna(pd.Timestamp("2262-01-01"))), on="account_id")
    overlap = concurrent[(concurrent.subscription_id_x < concurrent.subscription_id_y)
                         & (concurrent.s_x < concurrent.e_y) & (concurrent.s_y < concurrent.e_x)]
    assert len(overlap) > 5
    # first subscriptions start on any day of the month, not only the 1st
    assert pd.to_datetime(subs["start_date"]).dt.day.nunique() > 20


def test_trials_convert_into_first_subscriptions(default: dict[str, pa.Table]) -> None:
    trials = default["trials"].to_pandas()
    length = (trials["ended_at"] - trials["started_at"]).dt.days
    assert set(length) == {14, 30}
    assert 0.6 < trials["converted_at"].notna().mean() < 0.95
    first = default["subscriptions"].to_pandas().groupby("account_id")["start_date"].min()
    conv = trials.dropna(subset=["converted_at"]).set_index("account_id")["converted_at"]
    assert (conv.dt.date == first.reindex(conv.index)).all()
    unconverted = set(trials.loc[trials["converted_at"].isna(), "account_id"])
    assert unconverted and not unconverted & set(first.index)  # prospects never subscribed


def test_contracts_chain_renewals(default: dict[str, pa.Table]) -> None:
    c = default["contracts"].to_pandas()
    renewals = c.dropna(subset=["renewal_of"]).merge(
        c, left_on="renewal_of", right_on="contract_id", suffixes=("", "_prev"))
    assert len(renewals) > 20
    assert (renewals["start_date"] == renewals["end_date_prev"]).all()
    assert (renewals["account_id"] == renewals["account_id_prev"]).all()
    assert c["renewal_of"].dropna().is_unique
    terms = (pd.to_datetime(c["end_date"]) - pd.to_datetime(c["start_date"])).dt.days
    assert terms.between(360, 1100).all() and (terms > 700).any()  # multi-year Enterprise deals


def test_nps_responses_hit_every_threshold_score(tables: dict[str, pa.Table]) -> None:
    sr = tables["survey_responses"].to_pandas()
    nps = set(sr.loc[sr["survey"] == "nps", "score"])
    assert {6.0, 7.0, 8.0, 9.0, 10.0} <= nps
    assert nps <= set(map(float, range(11)))
    assert {3.0, 4.0} <= set(sr.loc[sr["survey"] == "csat", "score"])
    assert set(sr.loc[sr["survey"] == "ces", "score"]) <= set(map(float, range(1, 8)))


def test_survey_scores_and_comments_agree(default: dict[str, pa.Table]) -> None:
    sr = default["survey_responses"].to_pandas()
    nps = sr[(sr["survey"] == "nps") & sr["comment"].notna()]
    neg = nps["comment"].str.contains("slow|unhelpful|frustrated|expensive|buggy|Disappointed")
    assert nps.loc[neg, "score"].mean() < nps.loc[~neg, "score"].mean() - 2
    monthly = sr[sr["survey"] == "nps"].groupby(sr["responded_at"].dt.to_period("M"))["score"]
    assert monthly.apply(lambda s: {6.0, 7.0, 8.0, 9.0}.issubset(set(s))).all()


def test_accounts_that_churn_used_the_product_less(default: dict[str, pa.Table]) -> None:
    subs = default["subscriptions"].to_pandas()
    start, stop = pd.Timestamp("2024-11-01"), pd.Timestamp("2026-11-01")
    s = pd.to_datetime(subs["start_date"]).clip(lower=start)
    e = pd.to_datetime(subs["end_date"]).fillna(stop).clip(upper=stop)
    paid_days = {}
    for acc, a, b in zip(subs["account_id"], s, e, strict=True):
        if b > a:
            paid_days.setdefault(acc, set()).update(pd.date_range(a, b, inclusive="left"))
    ended = subs.groupby("account_id")["end_date"].apply(lambda x: x.notna().all())
    events = default["events"].to_pandas().groupby("account_id").size()
    users = default["users"].to_pandas().groupby("account_id").size()
    df = pd.DataFrame({"days": pd.Series({k: len(v) for k, v in paid_days.items()}),
                       "churned": ended, "events": events, "users": users}).dropna()
    df = df[df["days"] >= 30]
    rate = df["events"] / df["users"] / df["days"]
    churned, retained = rate[df["churned"].astype(bool)], rate[~df["churned"].astype(bool)]
    assert len(churned) > 30 and len(retained) > 100
    assert churned.median() < 0.85 * retained.median()


def test_tickets_weigh_on_churn_and_surveys_follow_health(default: dict[str, pa.Table]) -> None:
    subs = default["subscriptions"].to_pandas()
    ended = subs.groupby("account_id")["end_date"].apply(lambda x: x.notna().all())
    days = (pd.to_datetime(subs["end_date"]).fillna(pd.Timestamp("2026-11-01"))
            - pd.to_datetime(subs["start_date"]).clip(lower=pd.Timestamp("2024-11-01"))).dt.days
    paid = days.clip(lower=0).groupby(subs["account_id"]).sum()
    tickets = default["tickets"].to_pandas().groupby("account_id").size()
    per_month = (tickets.reindex(paid.index).fillna(0) / (paid / 30.4)).where(paid >= 30)
    assert per_month[ended].median() > per_month[~ended].median()
    nps = default["survey_responses"].to_pandas().query("survey == 'nps'")
    score = nps.groupby("account_id")["score"].mean()
    assert score[ended.reindex(score.index)].mean() < score[~ended.reindex(score.index)].mean()


def test_seasonality_and_onboarding(default: dict[str, pa.Table]) -> None:
    ev = default["events"].to_pandas()
    per_day = ev.groupby(ev["occurred_at"].dt.date).size()
    dates = pd.to_datetime(pd.Series(per_day.index, index=per_day.index))
    weekend = dates.dt.day_of_week >= 5
    assert per_day[weekend].mean() < 0.5 * per_day[~weekend].mean()
    month = per_day.groupby(dates.dt.to_period("M")).mean()
    assert month[pd.Period("2025-12")] < 0.9 * month[pd.Period("2025-11")]
    acc = default["accounts"].to_pandas()
    created = acc[acc["created_at"] >= pd.Timestamp("2024-11-01")]
    by_month = created["created_at"].dt.month.value_counts()
    assert by_month[[1, 9]].mean() > by_month[[6, 7, 8, 12]].mean()
    steps = ev[ev["event_name"].str.startswith("onboarding")]
    first = steps.groupby("account_id")["occurred_at"].min()
    since = (first - acc.set_index("account_id")["created_at"].reindex(first.index)).dt.days
    assert len(first) > 100 and since.max() <= 30
    onboarded = default["touchpoints"].to_pandas().query("kind == 'onboarding_call'")
    gap = onboarded["occurred_at"] - onboarded["account_id"].map(acc.set_index("account_id")[
        "created_at"])
    assert gap.dt.days.between(0, 30).all()


# -- DuckDB ----------------------------------------------------------------------------------


def test_write_duckdb(tmp_path) -> None:
    path = tmp_path / "sample.duckdb"
    path.write_bytes(b"not a duckdb file")  # overwritten
    out = write_duckdb(path, seed=7, accounts=50, months=6, events=20_000, progress=False)
    assert out == path and path.exists()
    expected = generate(seed=7, accounts=50, months=6, events=20_000)
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()}
        assert names == set(TABLES)
        for name, table in TABLES.items():
            cols = con.execute(f'SELECT * FROM "{name}" LIMIT 0').description
            assert [c[0] for c in cols] == list(table.column_names), name
            got = con.execute(f'SELECT * FROM "{name}"').fetch_arrow_table()
            assert got.cast(expected[name].schema).equals(expected[name]), name
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 20_000
        assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 2_000
        nullable = dict(con.execute(
            "SELECT column_name, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'events'").fetchall())
        assert nullable == {"user_id": "NO", "account_id": "NO", "occurred_at": "NO",
                            "event_name": "NO", "feature": "YES"}
    finally:
        con.close()


def test_accounts_grow_with_the_events_by_default() -> None:
    """A bigger sample has more accounts (and so users), each as active as in the default one,
    instead of the same users firing ever more events (DAU/MAU was 82% at 10M events)."""
    from csm_kit.datasets import accounts_for

    assert [accounts_for(n) for n in (0, 1_000_000, 10_000_000, 100_000_000)] == [
        500, 500, 5_000, 50_000]
    assert generate(months=2, events=0)["accounts"].num_rows == 500
    assert generate(accounts=40, months=2, events=0)["accounts"].num_rows == 40
