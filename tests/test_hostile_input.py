"""The hostile-input matrix: each family of bad input a user or a security review meets first.

Every case asserts the exact error type and a phrase of its message, or the correct numbers.
Families: secrets, read-only, concurrency, no silently wrong numbers, one bad thing never takes
the rest down, bad arguments at the public boundary, mapping files and in-memory tables, lazy
and missing backends. (The command line's cases are in test_cli.py, the random ones in
test_properties.py and test_fuzz_boundary.py.)
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import math
import sys
import traceback
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit.sources import parse_url
from tests.conftest import canonical

T = dt.datetime
NPS = [{"response_id": f"r{i}", "account_id": a, "survey": "nps", "score": s,
        "responded_at": T(2025, m, 10)}
       for i, (a, s, m) in enumerate([("a1", 10.0, 1), ("a2", 3.0, 1), ("a1", 9.0, 2), ("a3", 7.0, 2)])]
SUBS = [{"subscription_id": f"s{i}", "account_id": a, "start_date": dt.date(2025, m, 1),
         "end_date": None, "mrr": v}
        for i, (a, m, v) in enumerate([("a1", 1, 100.0), ("a2", 1, 50.0), ("a3", 2, 80.0)])]
ACCOUNTS = [{"account_id": a, "segment": s, "created_at": T(2024, 1, 1)}
            for a, s in [("a1", "smb"), ("a2", None), ("a3", "(none)")]]


def nullable(name: str, rows: list[dict]) -> pa.Table:
    """The canonical table with every column nullable (to carry bad rows)."""
    t = canonical(name, rows)
    return t.cast(pa.schema([f.with_nullable(True) for f in t.schema]))


def write_duckdb_file(path: Path, tables: dict[str, pa.Table]) -> Path:
    con = duckdb.connect(str(path))
    for name, table in tables.items():
        con.register("src", table)
        con.execute(f"create table {name} as select * from src")
        con.unregister("src")
    con.close()
    return path


@pytest.fixture
def kit() -> ck.Kit:
    return ck.connect(tables={"survey_responses": canonical("survey_responses", NPS),
                              "subscriptions": canonical("subscriptions", SUBS),
                              "accounts": canonical("accounts", ACCOUNTS)})


# -- secrets ---------------------------------------------------------------------------------
SECRET_URLS = [
    ("postgres://alice@127.0.0.1:1/db?password=s3cr3tpw", ["s3cr3tpw"]),
    ("postgres://alice:hun@ter2x@127.0.0.1:1/db", ["hun@ter2x", "ter2x"]),
    ("postgres://alice:hu/nter2x@127.0.0.1:1/db", ["hu/nter2x", "nter2x"]),
    ("postgres://alice:p%40ss%2Fw0rd@127.0.0.1:1/db", ["p@ss/w0rd", "p%40ss%2Fw0rd"]),
    ("postgresql://u@127.0.0.1:1/db?sslkey=/keys/private-k3y.pem&token=tok3n99",
     ["private-k3y", "tok3n99"]),
    ("postgres://u@127.0.0.1:1/db?sslmode=require&credentials=cr3dz", ["cr3dz"]),
]


@pytest.mark.parametrize(("url", "secrets"), SECRET_URLS)
def test_no_secret_in_any_message_or_traceback(url, secrets):
    with pytest.raises(ck.BackendError) as err:
        ck.connect(url)
    shown = str(err.value) + "".join(traceback.format_exception(err.value))
    for secret in secrets:
        assert secret not in shown, f"{secret!r} leaked: {shown}"
    assert "***" in str(err.value) and "could not connect" in str(err.value)


@pytest.mark.parametrize(("url", "secrets"), SECRET_URLS)
def test_the_url_parser_finds_the_password_whatever_its_shape(url, secrets):
    parsed = parse_url(url)
    for secret in secrets:
        assert secret not in parsed.redacted
    assert parsed.redacted.startswith(url.split("://")[0] + "://")
    assert "127.0.0.1:1/db" in parsed.redacted  # the harmless parts stay readable


def test_a_password_with_at_and_slash_is_read_as_the_password():
    parsed = parse_url("postgres://alice:a@b/c@db.example:5432/warehouse?sslmode=require")
    assert (parsed.user, parsed.password) == ("alice", "a@b/c")
    assert parsed.hostpart == "db.example:5432/warehouse"
    assert parsed.redacted == "postgres://alice:***@db.example:5432/warehouse?sslmode=require"
    assert "a%40b%2Fc" in parsed.normalized  # what Ibis's own URL parser then reads correctly


@pytest.mark.postgres
def test_a_live_connection_never_shows_its_password(postgres_url):
    url = postgres_url + ("&" if "?" in postgres_url else "?") + "password=hunter2secret"
    kit = ck.connect(url)  # the test server trusts local users, so the password is unused
    for text in (repr(kit), kit.binding.description, str(kit.metrics().why_not.tolist())):
        assert "hunter2secret" not in text
    assert "***" in repr(kit)


# -- read-only -------------------------------------------------------------------------------
@pytest.fixture
def duck_file(tmp_path) -> Path:
    return write_duckdb_file(tmp_path / "warehouse.duckdb",
                             {"survey_responses": canonical("survey_responses", NPS)})


@pytest.mark.parametrize("form", ["bare", "path", "url", "upper"])
def test_a_duckdb_file_is_read_only_however_it_is_named(duck_file, form):
    source = {"bare": str(duck_file), "path": duck_file, "url": f"duckdb:///{duck_file}",
              "upper": f"DUCKDB:///{duck_file}"}[form]
    kit = ck.connect(source)
    assert kit.compute("nps").to_pandas().value.tolist() == [0.0, 50.0]
    with pytest.raises(duckdb.Error, match="read-only"):
        kit.binding.backend.raw_sql("create table x (a int)")


@pytest.mark.parametrize("form", ["bare", "url", "upper", "root"])
def test_a_missing_duckdb_file_is_an_error_and_is_never_created(tmp_path, form):
    missing = Path("/csm_kit_missing_probe.duckdb") if form == "root" else tmp_path / "no.duckdb"
    source = {"bare": str(missing), "url": f"duckdb:///{missing}", "upper": f"DUCKDB:///{missing}",
              "root": str(missing)}[form]
    with pytest.raises(ck.BackendError, match="does not exist.*never creates"):
        ck.connect(source)
    assert not missing.exists()
    assert not Path(str(missing) + ".wal").exists()


def test_a_directory_is_not_a_duckdb_file(tmp_path):
    with pytest.raises(ck.BackendError, match="is a directory"):
        ck.connect(str(tmp_path))


def test_an_unknown_scheme_is_refused_not_guessed():
    with pytest.raises(ck.BackendError, match="scheme 'sqlite' is not one of.*pass an Ibis backend"):
        ck.connect("sqlite:///x.db")


@pytest.mark.postgres
def test_a_postgres_session_is_read_only(postgres_url):
    kit = ck.connect(postgres_url)
    with pytest.raises(Exception, match="read-only transaction"):
        kit.binding.backend.raw_sql("create table csm_kit_should_not_exist (a int)")


# -- concurrency -------------------------------------------------------------------------------
CONCURRENT_METRICS = ["nps", "mrr", "customer_churn_rate", "dau_mau_ratio"]


def _run_concurrently(kit: ck.Kit) -> None:
    def job(i: int) -> pd.DataFrame:
        by = "segment" if i % 2 else None
        return kit.compute(CONCURRENT_METRICS, by=by).to_pandas()

    expected = [job(i) for i in range(8)]
    with cf.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(job, i) for i in range(8)]
        got = [f.result(timeout=120) for f in futures]  # a deadlock fails here, not hangs forever
    for want, have in zip(expected, got, strict=True):
        pd.testing.assert_frame_equal(want, have)


@pytest.fixture(scope="module")
def sample_tables() -> dict:
    return ck.datasets.generate(seed=3, accounts=40, months=4, events=5_000)


def test_compute_from_threads_on_an_in_memory_kit(sample_tables):
    _run_concurrently(ck.connect(tables=sample_tables))


def test_compute_from_threads_on_a_duckdb_file_kit(sample_tables, tmp_path):
    path = write_duckdb_file(tmp_path / "sample.duckdb", sample_tables)
    _run_concurrently(ck.connect(f"duckdb:///{path}"))


# -- no silently wrong numbers ---------------------------------------------------------------
@pytest.mark.parametrize(("bad", "phrase"), [
    (-326.0, "below its minimum 0"), (math.inf, "infinite"), (-math.inf, "infinite"),
    (math.nan, "null \\(or NaN\\)"),
])
def test_negative_or_non_finite_mrr_is_a_data_quality_error(bad, phrase):
    subs = [dict(s) for s in SUBS]
    subs[1]["mrr"] = bad
    kit = ck.connect(tables={"subscriptions": nullable("subscriptions", subs)})
    with pytest.raises(ck.DataQualityError,
                       match=f"subscriptions.mrr, which is {phrase} in 1 of 3 rows "
                             r"\(e.g. subscription_id 's1'\)"):
        kit.compute(["mrr", "net_new_mrr"])


def test_nan_scores_are_treated_like_nulls():
    rows = [dict(r) for r in NPS]
    rows[2]["score"] = math.nan
    kit = ck.connect(tables={"survey_responses": pd.DataFrame(rows)})
    with pytest.raises(ck.DataQualityError,
                       match=r"survey_responses.score, which is null \(or NaN\) in 1 of 4 rows"):
        kit.compute("nps")


def test_nan_in_an_optional_number_is_null():
    accounts = [dict(a, acquisition_cost=c) for a, c in zip(ACCOUNTS, [100.0, math.nan, None],
                                                             strict=True)]
    kit = ck.connect(tables={"accounts": pd.DataFrame(accounts)})
    costs = kit.binding.execute(kit.binding.table("accounts").acquisition_cost)
    assert costs.isna().tolist() == [False, True, True]  # NaN read as null, like None


@pytest.mark.parametrize(("metric", "params", "phrase"), [
    ("csat", {"threshold": math.nan}, "must be a finite number"),
    ("csat", {"threshold": math.inf}, "must be a finite number"),
    ("csat", {"threshold": True}, "must be of type int or float, not bool"),
    ("csat", {"threshold": "4"}, "must be of type int or float, not str"),
    ("csat", {"threshold": 11}, "above the maximum 10"),
    ("csat", {"threshold": 7}, "outside the 1-5 scale"),
    ("mau", {"active_events": [1, 2]}, "holds 1; every element must be of type str"),
    ("mau", {"active_events": "login"}, "must be of type list or tuple, not str"),
    ("mau", {"active_events": []}, "is empty"),
    ("customer_churn_rate", {"annualize": 1}, "is not allowed; allowed: False, True"),
    ("nps", {"scale": None}, "is not allowed"),
])
def test_param_values_are_checked_by_type_and_range(metric, params, phrase):
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", NPS),
                             "subscriptions": canonical("subscriptions", SUBS),
                             "events": canonical("events", [])})
    with pytest.raises(ck.ParamError, match=f"metric '{metric}'.*{phrase}"):
        kit.compute(metric, params={metric: params}, start="2025-01-01", end="2025-02-28")


def test_a_real_none_segment_and_a_null_segment_stay_apart(kit):
    df = kit.compute("mrr", by="segment", start="2025-02-01", end="2025-02-28").to_pandas()
    got = dict(zip(df.segment, df.value, strict=True))
    assert got == {None: 50.0, "(none)": 80.0, "smb": 100.0}


# -- one bad thing never takes the rest down --------------------------------------------------
def test_a_duplicate_subscription_key_spares_the_survey_metrics():
    subs = SUBS + [SUBS[0]]
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", NPS),
                             "subscriptions": canonical("subscriptions", subs)})
    card = kit.scorecard(period="2025-02").to_pandas().set_index("metric")
    assert card.loc["nps", "value"] == 50.0 and card.loc["nps", "note"] == ""
    assert "key subscription_id is not unique" in card.loc["mrr", "note"]
    assert math.isnan(card.loc["mrr", "value"]) or card.loc["mrr", "value"] is None
    with pytest.warns(ck.ComputeWarning, match="1 of 2 metrics could not be computed"):
        res = kit.compute(["nps", "mrr"])
    assert isinstance(res.errors["mrr"], ck.DataQualityError)
    assert set(res.to_pandas().metric) == {"nps"}
    with pytest.raises(ck.DataQualityError, match="'mrr' reads subscriptions"):
        kit.compute(["nps", "mrr"], strict=True)
    with pytest.raises(ck.DataQualityError):  # nothing left to show: the reason is raised
        kit.compute(["mrr"])


def test_one_null_score_spares_the_revenue_metrics():
    rows = [dict(r) for r in NPS]
    rows[0]["score"] = None
    kit = ck.connect(tables={"survey_responses": nullable("survey_responses", rows),
                             "subscriptions": canonical("subscriptions", SUBS)})
    card = kit.scorecard(period="2025-02").to_pandas().set_index("metric")
    assert card.loc["mrr", "value"] == 230.0
    assert "null (or NaN) in 1 of 4 rows" in card.loc["nps", "note"]


def test_a_missing_table_goes_to_errors_not_up():
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", NPS)})
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(["nps", "mrr", "arr"])
    assert isinstance(res.errors["mrr"], ck.MissingTableError)
    assert isinstance(res.errors["arr"], ck.MissingTableError)
    assert "needs table 'subscriptions'" in str(res.errors["mrr"])
    assert "! mrr:" in repr(res)


# -- bad arguments at the public boundary ---------------------------------------------------
BAD_COMPUTE = [
    ({"metrics": "nps,csat"}, ck.ArgumentError, r"pass a list of metric ids: \['nps', 'csat'\]"),
    ({"metrics": None}, ck.ArgumentError, "a metric id or a list of metric ids"),
    ({"metrics": 123}, ck.ArgumentError, "got int 123"),
    ({"metrics": [None]}, ck.ArgumentError, "holds None"),
    ({"metrics": []}, ck.ArgumentError, "is empty"),
    ({"metrics": ["npz"]}, ck.UnknownMetricError, "Did you mean 'nps'"),
    ({"params": {"nps": "0-10"}}, ck.ParamError, r"params\['nps'\] must be a mapping"),
    ({"params": ["nps"]}, ck.ParamError, "params must be a mapping keyed by metric id"),
    ({"params": {"csat": {}}}, ck.ParamError, "'csat', which is not among the metrics computed"),
    ({"by": 123}, ck.DimensionError, "by must be an accounts column name"),
    ({"by": ["segment", "segment"]}, ck.DimensionError, "'segment' more than once"),
    ({"by": [None]}, ck.DimensionError, "by holds None"),
    ({"by": "Segment"}, ck.DimensionError, "Did you mean 'segment'"),
    ({"grain": None}, ck.PeriodError, "grain None is not one of"),
    ({"grain": "Month"}, ck.PeriodError, "grain 'Month' is not one of"),
    ({"start": "9999-12"}, ck.PeriodError, "start 9999-12-01 is outside the dates"),
    ({"start": "0001-01-01"}, ck.PeriodError, "outside the dates csm_kit computes on"),
    ({"start": 2025}, ck.PeriodError, "start must be a date or an ISO string, not int"),
    ({"start": "June"}, ck.PeriodError, "start 'June' is not a date"),
    ({"start": "2025-03-01", "end": "2025-01-01"}, ck.PeriodError, "end 2025-01-01 is before start"),
    ({"strict": "yes"}, ck.ArgumentError, "strict must be True or False"),
    ({"start": "2262-04-12"}, ck.PeriodError, "outside the dates csm_kit computes on"),
    ({"grain": "day", "start": "1900-01-01", "end": "2261-12-31"}, ck.PeriodError,
     "buckets \\(more than 100,000\\)"),
]


@pytest.mark.parametrize(("kwargs", "error", "phrase"), BAD_COMPUTE,
                         ids=[str(k) for k, _, _ in BAD_COMPUTE])
def test_bad_compute_arguments_are_typed_one_line_errors(kit, kwargs, error, phrase):
    kwargs = {"metrics": ["nps"], **kwargs}
    with pytest.raises(error, match=phrase) as err:
        kit.compute(kwargs.pop("metrics"), **kwargs)
    assert "\n" not in str(err.value)


BAD_OTHER = [
    (lambda k: k.to_sql("nps", dialect="nosuch"), ck.ArgumentError, "dialect 'nosuch' is not one"),
    (lambda k: k.to_sql(["nps", "csat"]), ck.ArgumentError, "to_sql takes one metric id"),
    (lambda k: k.to_sql("nps", params={"nps": {"scale": "1-10"}}), ck.ParamError,
     "params of 'nps' directly"),
    (lambda k: k.to_sql("nps", params="1-10"), ck.ParamError, "must be a mapping of param name"),
    (lambda k: k.scorecard(period="0001-01"), ck.PeriodError, "period 0001-01-01 is outside"),
    (lambda k: k.scorecard(period=202506), ck.PeriodError, "period must be text"),
    (lambda k: k.scorecard(period="2025-13"), ck.PeriodError, "is not one of 2025-06-03"),
    (lambda k: k.metrics(category=5), ck.ArgumentError, "category must be text"),
]


@pytest.mark.parametrize(("call", "error", "phrase"), BAD_OTHER,
                         ids=[p for _, _, p in BAD_OTHER])
def test_bad_to_sql_scorecard_and_metrics_arguments(kit, call, error, phrase):
    with pytest.raises(error, match=phrase):
        call(kit)


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "PostgreSQL", "bigquery", "snowflake",
                                     "trino"])
def test_to_sql_accepts_the_dialect_names_users_know(kit, dialect):
    assert kit.to_sql("nps", dialect=dialect).lstrip().upper().startswith(("SELECT", "WITH"))


# -- mapping files and in-memory tables --------------------------------------------------------
@pytest.mark.parametrize(("content", "phrase"), [
    ("42\n", "must hold a mapping .* not a int"),
    ("- tables\n- columns\n", "not a list"),
    ("tables: [subscriptions, billing.subs]\n", "must be a mapping of canonical table name"),
    ("columns:\n  subscriptions: [mrr, amount]\n", "for 'subscriptions' must map canonical columns"),
    ("columns:\n  subscriptions:\n    mrr: [a, b]\n", "maps subscriptions.mrr to \\['a', 'b'\\]"),
    ("tables:\n  subscriptions: 3\n", "maps 'subscriptions' to 3; give a table name"),
    ("tables: {subscriptions: x\n", "is not valid YAML at line 2"),
    ("metrics: {}\n", "only 'tables:' and 'columns:' sections; found metrics"),
    ("tables:\n  subscription: x\n", "Did you mean 'subscriptions'"),
])
def test_malformed_mapping_files(tmp_path, content, phrase):
    path = tmp_path / "mapping.yaml"
    path.write_text(content)
    with pytest.raises(ck.MappingError, match=phrase) as err:
        ck.connect(tables={"survey_responses": canonical("survey_responses", NPS)}, mapping=path)
    assert "\n" not in str(err.value) and "mapping.yaml" in str(err.value)


def test_a_mapping_file_that_is_a_directory_binary_or_missing(tmp_path):
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    for path, phrase in [(tmp_path, "is not a file"), (binary, "not a UTF-8 text file"),
                         (tmp_path / "none.yaml", "does not exist")]:
        with pytest.raises(ck.MappingError, match=phrase):
            ck.connect(tables={"survey_responses": canonical("survey_responses", NPS)},
                       mapping=path)
    with pytest.raises(ck.MappingError, match="mapping= must be the path of a YAML file"):
        ck.connect(tables={}, mapping=123)


@pytest.mark.parametrize(("kwargs", "phrase"), [
    ({"columns": {"survey_responses": {"score": None}}}, "maps survey_responses.score to None"),
    ({"columns": {"survey_responses": ["score"]}}, "must map canonical columns to yours"),
    ({"columns": "score"}, "columns= must be a mapping"),
    ({"tables": ["survey_responses"]}, "tables= must be a mapping"),
    ({"tables": {"survey_responses": pd.Series([1, 2])}}, "is a pandas Series; give a DataFrame"),
    ({"tables": {"survey_responses": pd.DataFrame([[1, 2]], columns=["a", "a"])}},
     "duplicate column names: a"),
    ({"tables": {"survey_responses": 42}}, "is a int; give a pandas DataFrame"),
    ({"tables": {"survey_responses": None}}, "maps 'survey_responses' to None"),
])
def test_malformed_tables_and_columns_arguments(kwargs, phrase):
    with pytest.raises(ck.MappingError, match=phrase):
        ck.connect(**kwargs)


def test_upper_case_columns_are_named_with_the_case_insensitive_match():
    frame = pd.DataFrame(NPS).rename(columns=str.upper)
    kit = ck.connect(tables={"survey_responses": frame})
    with pytest.raises(ck.MissingColumnError) as err:
        kit.compute("nps")
    msg = str(err.value)
    assert "survey_responses.account_id" in msg and "Did you mean 'ACCOUNT_ID'" in msg
    assert "has the columns RESPONSE_ID, ACCOUNT_ID, SURVEY, SCORE, RESPONDED_AT" in msg
    why = kit.metrics().set_index("id").loc["nps", "why_not"]
    assert "Did you mean 'ACCOUNT_ID'" in why


# -- lazy and missing backends ---------------------------------------------------------------
def test_bigquery_connects_lazily_and_says_how_to_authenticate():
    before = set(sys.modules)
    kit = ck.connect("bigquery://my-project/analytics")
    assert "not connected yet" in repr(kit)
    assert not {m for m in set(sys.modules) - before if m.startswith(("google", "pydata_google"))}
    with pytest.raises(ck.BackendError,
                       match=r"pip install 'csm-kit\[bigquery\]'|gcloud auth application-default"):
        kit.metrics()


def test_a_missing_optional_backend_names_its_extra(monkeypatch):
    import ibis

    def no_driver(url, **kwargs):
        raise ModuleNotFoundError("No module named 'psycopg'")

    monkeypatch.setattr(ibis, "connect", no_driver)
    with pytest.raises(ck.BackendError, match=r"pip install 'csm-kit\[postgres\]'"):
        ck.connect("postgres://analyst@127.0.0.1:1/warehouse")


def test_bigquery_without_credentials_says_how_to_authenticate(monkeypatch):
    import types

    class DefaultCredentialsError(Exception):
        pass

    def no_credentials():
        raise DefaultCredentialsError("Your default credentials were not found.")

    google = types.ModuleType("google")
    auth = types.ModuleType("google.auth")
    exceptions = types.ModuleType("google.auth.exceptions")
    auth.default, exceptions.DefaultCredentialsError = no_credentials, DefaultCredentialsError
    google.auth, auth.exceptions = auth, exceptions
    for name, module in [("google", google), ("google.auth", auth),
                         ("google.auth.exceptions", exceptions)]:
        monkeypatch.setitem(sys.modules, name, module)
    kit = ck.connect("bigquery://my-project/analytics")
    with pytest.raises(ck.BackendError, match="BigQuery project 'my-project': no credentials found. "
                       "Authenticate with `gcloud auth application-default login`.*"
                       "GOOGLE_APPLICATION_CREDENTIALS"):
        kit.compute("nps")


def test_a_runaway_split_is_refused_at_once(kit, monkeypatch):
    from csm_kit import engine

    monkeypatch.setattr(engine, "MAX_ROWS", 1_000)
    kit.compute("nps", grain="day", start="2025-01-01", end="2025-03-31", by="segment")  # 90 x 4
    # 3 segments (smb, null, '(none)') + the group of accounts missing from accounts
    with pytest.raises(ck.ArgumentError, match=r"could return 1,460 rows \(365 buckets x up to 4 "
                                               r"groups of segment x 1 metrics\)"):
        kit.compute("nps", grain="day", start="2025-01-01", end="2025-12-31", by="segment")


def test_a_sentinel_start_date_is_a_data_quality_error_not_a_runaway_query():
    subs = [dict(s) for s in SUBS]
    subs[0]["start_date"] = dt.date(1, 1, 1)
    kit = ck.connect(tables={"subscriptions": canonical("subscriptions", subs),
                             "survey_responses": canonical("survey_responses", NPS)})
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(["mrr", "nps"], grain="day", start="2025-01-01", end="2025-01-31")
    assert isinstance(res.errors["mrr"], ck.DataQualityError)
    assert ("subscriptions.start_date, which is before 1900-01-01 in 1 of 3 rows "
            "(e.g. subscription_id 's0')") in str(res.errors["mrr"])
    assert set(res.to_pandas().metric) == {"nps"}


def test_the_row_cap_counts_real_groups_not_a_product(kit):
    accounts = [dict(a, name=f"n{i}", plan="p", region="r", owner="o")
                for i, a in enumerate(ACCOUNTS)]
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", NPS),
                             "accounts": canonical("accounts", accounts)})
    plan = kit.plan(["nps"], by=["name", "segment", "region", "owner", "plan"])
    assert plan._groups == 3 + 1  # three accounts, plus the group of accounts not in accounts


def test_two_kits_on_one_connection_share_its_lock():
    import ibis

    con = ibis.duckdb.connect()
    assert ck.connect(con).binding.lock is ck.connect(con).binding.lock


@pytest.mark.parametrize("source", ["host=db password=S3cretpw dbname=x", "postgres:/u:S3cretpw@h/db"])
def test_a_connection_string_without_scheme_is_never_echoed(source):
    with pytest.raises(ck.BackendError, match="not shown") as err:
        ck.connect(source)
    assert "S3cretpw" not in str(err.value)


@pytest.mark.parametrize(("url", "secret"), [
    ("postgres://alice:pa?ss9@127.0.0.1:1/db", "pa?ss9"),
    ("postgres://u@127.0.0.1:1/db?sslmode=require;password=hunter9", "hunter9"),
    ("sc://127.0.0.1:1/;token=T0KEN99;use_ssl=false", "T0KEN99"),
])
def test_odd_url_shapes_keep_their_secrets(url, secret):
    parsed = parse_url(url)
    assert secret not in parsed.redacted and secret not in repr(parsed)
    assert any(secret in s or secret.replace("?", "%3F") in s for s in parsed.secrets)


def test_the_html_view_shows_errors():
    kit = ck.connect(tables={"survey_responses": canonical("survey_responses", NPS)})
    with pytest.warns(ck.ComputeWarning):
        res = kit.compute(["nps", "mrr"])
    assert "needs table &#x27;subscriptions&#x27;" in res._repr_html_()


def test_odd_values_of_start_and_ids_are_typed(kit):
    with pytest.raises(ck.PeriodError, match="start is missing"):
        kit.compute("nps", start=pd.NaT)
    assert kit.to_sql(" nps ").lstrip().startswith("SELECT")
    with pytest.raises(ck.BackendError, match="home directory cannot be resolved"):
        ck.connect("~csm_kit_no_such_user/x.duckdb")


def test_ibis_tables_without_a_url_compute_on_their_own_connection():
    import ibis

    con = ibis.duckdb.connect()
    con.con.register("src", canonical("survey_responses", NPS))
    con.raw_sql("create table answers as select * from src")
    kit = ck.connect(tables={"survey_responses": con.table("answers")})
    assert kit.binding.backend is con
    assert kit.compute("nps").to_pandas().value.tolist() == [0.0, 50.0]
    with pytest.raises(ck.MappingError, match="mixes Ibis tables of a connection"):
        ck.connect(tables={"survey_responses": con.table("answers"),
                           "subscriptions": canonical("subscriptions", SUBS)})
