"""Fuzz test of the public boundary: whatever the arguments, only a csm_kit.CsmKitError escapes.

hypothesis throws random values (None, numbers with nan and inf, bools, text with unicode and
'nps,csat', bytes, dates, objects, pandas and numpy objects, lists, tuples and nested dicts) and
near-valid ones (metric ids, grains, ISO periods at the ends of the calendar, `by` columns,
params) at every argument of Kit.compute, Kit.to_sql, Kit.scorecard, Kit.metrics and
csm_kit.connect, and random mapping YAML files. A call may succeed; when it raises, the error
must be a CsmKitError. An exception of any other type fails the test with its own traceback.

Safety: everything runs in a sandbox of temporary directories (the working directory, the
sample cache, every file written); the only sources are in-memory DuckDB, DuckDB files in the
sandbox and URLs with schemes no backend owns, so nothing reaches the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import yaml
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

import csm_kit as ck
from csm_kit.schema import TABLES
from tests.strategies import COMMON


def fuzz(n: int) -> settings:
    return settings(max_examples=n * int(os.environ.get("CSM_KIT_PROPERTY_SCALE", "1")), **COMMON)


@functools.cache
def shared_kit() -> ck.Kit:
    """One small in-memory kit for every compute / to_sql / scorecard / metrics example."""
    return ck.connect(tables=ck.datasets.generate(seed=1, accounts=20, months=3, events=2000))


def outcome(call: Callable[[], Any]) -> Any:
    """The call's result, or the CsmKitError it raised. Any other exception propagates, so
    hypothesis reports each distinct one with its own type and origin."""
    try:
        return call()
    except ck.CsmKitError as exc:
        if currently_in_test_context():
            note(f"{type(exc).__name__}: {exc}")
        return exc


# -- values ---------------------------------------------------------------------------------------
class Opaque:
    def __repr__(self) -> str:
        return "<Opaque>"


METRIC_IDS = [m.id for m in ck.load_registry()]  # every registered metric, new ones included
GRAINS = ["day", "week", "month", "quarter", "year"]
STRINGS = ["", " ", "nps,csat", "nps, csat", "NPS", "mrr ", "nosuch", "Month", "weekly", "segment",
           "ümlaut", "日本語", "🙂", "\x00", "\n", "None", "nan", "-1", "1e309", "0", "%s", "{}",
           "'; DROP TABLE accounts; --", "a" * 300]
PERIODS = ["2026-09", "2026-08-15", "2026-W23", "2026-W53", "2020-W53", "2026-Q2", "2026-Q5",
           "2026", "2026-13-01", "2026-02-30", "2026-00", "0001-01-01", "0001", "0001-01",
           "0001-W01", "0001-Q1", "9999-12-31", "9999-12", "9999", "9999-Q4", "9999-W52",
           "0000", "10000-01-01", "+2026-01", " 2026-06 ", "2026-6", "26-06", "2026/06/01",
           "2026-06-01T12:00:00", "2026-06-01 00:00:00+05:00", "1899-12", "1900-01", "1677-09",
           "2262-04", "2262-04-11", "2262-04-12", "2500-01", "2999-12", "3000-01"]
BY = ["segment", "plan", "region", "owner", "name", "account_id", "created_at",
      "acquisition_cost", "Segment", "nosuch", "segment,plan"]
PARAM_NAMES = ["scale", "method", "threshold", "window", "active_events", "annualize",
               "reactivation_as", "nosuch", ""]
PARAM_VALUES = ["0-10", "1-10", "1-5", "1-7", "1-3", "0-5", "mean", "top_box", "share_easy",
                "calendar", "rolling", "new", "reactivation", True, False, 0, 1, 4, 4.5, -1,
                math.nan, math.inf, ["login"], [], ("view", "export"), ["nosuch"], [1, 2],
                "login", None, {"a": 1}]
DIALECTS = ["duckdb", "postgres", "bigquery", "snowflake", "sqlite", "mysql", "trino", "spark",
            "pyspark", "databricks", "mssql", "oracle", "DuckDB", "nosuch", "", " "]
CATEGORIES = ["Revenue and retention", "revenue AND retention", "Satisfaction and loyalty",
              "Engagement and adoption", "revenue", "", "nosuch"]
COLUMN_NAMES = sorted({c for t in TABLES.values() for c in t.column_names})


def _pandas_and_numpy() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(lambda: pd.Series(["nps", "csat"])),
        st.builds(lambda: pd.Series(["segment"])),
        st.builds(lambda: pd.Series([], dtype="float64")),
        st.builds(lambda: pd.Series([1.5, math.nan])),
        st.builds(lambda: pd.DataFrame({"a": [1, 2]})),
        st.builds(pd.DataFrame),
        st.builds(lambda: pd.DataFrame({"mrr": [1.0], "account_id": ["a"]})),
        st.builds(lambda: np.array(["nps", "mrr"])),
        st.builds(lambda: np.array([])),
        st.builds(lambda: pa.table({"x": [1]})),
        st.sampled_from([np.float64("nan"), np.int64(3), np.bool_(True), np.datetime64("2026-02-01"),
                         pd.NaT, pd.NA]),
        st.builds(lambda: pd.Timestamp("2026-01-01", tz="UTC")),
        st.builds(lambda: pd.Timestamp("2026-01-01")),
        st.builds(lambda: pd.Period("2026-01", freq="M")),
    )


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.binary(max_size=8), st.sampled_from(STRINGS), st.dates(), st.datetimes(),
    st.builds(Opaque), st.builds(object), st.just(math.nan), st.just(math.inf),
    st.just(Ellipsis), st.complex_numbers(max_magnitude=10), st.sampled_from([str, int, print]),
)
leaves = st.one_of(scalars, _pandas_and_numpy())
anything = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.tuples(inner), st.tuples(inner, inner),
        st.frozensets(st.sampled_from(["nps", 1, None]), max_size=2),
        st.dictionaries(st.one_of(st.sampled_from(["nps", "mrr", "scale", "tables", ""]),
                                  st.text(max_size=5), st.integers(), st.none()),
                        inner, max_size=3),
    ),
    max_leaves=6,
)

metric_args = st.one_of(
    st.sampled_from(METRIC_IDS),
    st.lists(st.sampled_from([*METRIC_IDS, "nosuch"]), max_size=4),
    st.tuples(st.sampled_from(METRIC_IDS)),
    anything,
)
grain_args = st.one_of(st.sampled_from(GRAINS), anything)
date_args = st.one_of(
    st.none(), st.sampled_from(PERIODS),
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from([dt.date.min, dt.date.max, dt.datetime.min, dt.datetime.max,
                     dt.datetime(2026, 6, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=14)))]),
    st.dates(), anything,
)
by_args = st.one_of(st.none(), st.sampled_from(BY), st.lists(st.sampled_from(BY), max_size=3),
                    anything)
param_values = st.one_of(st.sampled_from(PARAM_VALUES), anything)
one_metric_params = st.one_of(
    st.none(), st.dictionaries(st.sampled_from(PARAM_NAMES), param_values, max_size=3), anything)
params_args = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from([*METRIC_IDS, "nosuch"]), one_metric_params, max_size=3),
    anything,
)


# -- keeping a single call affordable -------------------------------------------------------------
DATA_END = dt.date(2026, 10, 31)  # where the shared kit's data end (the default end)


def _rough_date(value: Any) -> dt.date | None:
    """The date `value` stands for, where it plainly stands for one (None: no date, or unknown)."""
    if value is None:
        return DATA_END
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})", value)
        if m and int(m.group(1)) >= 1:
            return dt.date(int(m.group(1)), 1, 1)
    return None


def affordable(grain: Any, start: Any, end: Any) -> bool:
    """False for a plainly huge range of small buckets (tens of thousands of days). Those are
    left to test_a_huge_range_is_refused_or_quick, which runs them in a subprocess with a
    time limit, so one slow example cannot stall the fuzzing."""
    lo, hi = _rough_date(start), _rough_date(end)
    if lo is None or hi is None or not isinstance(grain, str) or grain not in GRAINS:
        return True
    days = abs((hi - lo).days) + 366
    per_bucket = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}[grain]
    return days / per_bucket <= 6000


# -- Kit.compute, Kit.to_sql, Kit.scorecard, Kit.metrics --------------------------------------------
# Each example fuzzes one or two arguments and gives the others plausible values, so that a bad
# value also reaches the code behind the first checks.
near_dates = st.one_of(st.none(), st.sampled_from(["2026-08-15", "2026-09", "2026-Q3", "2026-W35"]),
                       st.dates(min_value=dt.date(2026, 6, 1), max_value=dt.date(2026, 12, 31)))
PLAUSIBLE = {
    "metrics": st.one_of(st.sampled_from(METRIC_IDS),
                         st.lists(st.sampled_from(METRIC_IDS), min_size=1, max_size=3)),
    "metric": st.sampled_from(METRIC_IDS),
    "grain": st.sampled_from(GRAINS),
    "start": near_dates,
    "end": near_dates,
    "by": st.sampled_from([None, "segment", ["segment", "plan"], ("region",)]),
    "params": st.sampled_from([None, {}]),
    "dialect": st.sampled_from([None, "duckdb", "postgres", "bigquery"]),
}
FUZZED = {"metrics": metric_args, "metric": metric_args, "grain": grain_args, "start": date_args,
          "end": date_args, "by": by_args, "params": params_args,
          "dialect": st.one_of(st.none(), st.sampled_from(DIALECTS), anything)}


def draw_arguments(data: st.DataObject, names: tuple[str, ...]) -> dict[str, Any]:
    fuzzed = data.draw(st.sets(st.sampled_from(names), min_size=1, max_size=2), label="fuzzed")
    args = {n: data.draw(FUZZED[n] if n in fuzzed else PLAUSIBLE[n], label=n) for n in names}
    ids = args.get("metrics", args.get("metric"))
    ids = [ids] if isinstance(ids, str) else ids if isinstance(ids, list) else []
    known = [i for i in ids if isinstance(i, str) and i in METRIC_IDS]
    if "params" in fuzzed and known and data.draw(st.booleans(), label="params of a metric asked"):
        # params keyed by a metric that is computed, so that the values themselves are checked
        per_metric = st.dictionaries(st.sampled_from(known), one_metric_params, min_size=1,
                                     max_size=2)
        args["params"] = data.draw(per_metric if "metrics" in args else one_metric_params,
                                   label="params")
    return args


@fuzz(80)
@given(data=st.data())
def test_compute_raises_only_csm_kit_errors(data: st.DataObject) -> None:
    args = draw_arguments(data, ("metrics", "grain", "start", "end", "by", "params"))
    assume(affordable(args["grain"], args["start"], args["end"]))
    kit = shared_kit()
    metrics = args.pop("metrics")
    got = outcome(lambda: kit.compute(metrics, **args))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, ck.MetricFrame)
        df = got.to_pandas()
        assert list(df.columns[:2]) == ["metric", "period_start"]
        assert set(df.metric) <= set(METRIC_IDS)
        repr(got)


@fuzz(100)
@given(data=st.data())
def test_to_sql_raises_only_csm_kit_errors(data: st.DataObject) -> None:
    args = draw_arguments(data, ("metric", "dialect", "grain", "params", "start", "by"))
    kit = shared_kit()
    metric = args.pop("metric")
    got = outcome(lambda: kit.to_sql(metric, **args))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, str) and "SELECT" in got.upper()


@pytest.mark.parametrize(("grain", "start", "end"), [
    ("week", "2999-08-17", "2999-08-17"), ("month", "1600-01-01", "1600-03-31"),
    ("day", "2262-04-10", "2262-04-13"), ("year", "1677", "1678"), ("quarter", "9999-Q4", None),
    ("month", None, "2262-05"),
])
def test_dates_far_from_today_raise_only_csm_kit_errors(grain: str, start: Any, end: Any) -> None:
    """Valid dates outside what a datetime64[ns] column holds (1677-09-21 .. 2262-04-11)."""
    kit = shared_kit()
    got = outcome(lambda: kit.compute(["mrr", "nps"], grain=grain, start=start, end=end))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, ck.MetricFrame)
        got.to_pandas()
    period = start or end
    got = outcome(lambda: kit.scorecard(period))
    assert isinstance(got, ck.Scorecard | ck.CsmKitError)


@fuzz(30)
@given(period=st.one_of(st.none(), st.sampled_from(PERIODS), anything))
def test_scorecard_raises_only_csm_kit_errors(period: Any) -> None:
    got = outcome(lambda: shared_kit().scorecard(period))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, ck.Scorecard)
        assert set(got.to_pandas().metric) <= set(METRIC_IDS)
        repr(got)


@fuzz(60)
@given(category=st.one_of(st.none(), st.sampled_from(CATEGORIES), anything))
def test_metrics_raises_only_csm_kit_errors(category: Any) -> None:
    got = outcome(lambda: shared_kit().metrics(category))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, pd.DataFrame)
        assert set(got["id"]) <= set(METRIC_IDS)


# -- csm_kit.connect and mapping files ---------------------------------------------------------------
@dataclasses.dataclass
class Sandbox:
    root: Path
    cwd: Path
    sample: Path  # a small DuckDB file with every canonical table
    garbage: Path  # a file that is not a database
    directory: Path
    missing: Path
    counter: int = 0

    def new_file(self, content: bytes, suffix: str = ".yaml") -> Path:
        self.counter += 1
        path = self.root / "mappings" / f"m{self.counter}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    def new_files_in_cwd(self) -> list[str]:
        """Files a call left in the working directory (then removed, so the next example starts
        clean)."""
        found = sorted(p.name for p in self.cwd.iterdir())
        for p in self.cwd.iterdir():
            if p.is_file():
                p.unlink()
        return found


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("fuzz_connect")
    (root / "cwd").mkdir()
    (root / "a_directory").mkdir()
    sample = root / "sample.duckdb"
    con = duckdb.connect(str(sample))
    try:
        for name, table in ck.datasets.generate(seed=1, accounts=20, months=3,
                                                events=2000).items():
            con.register("incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
    finally:
        con.close()
    garbage = root / "garbage.duckdb"
    garbage.write_bytes(b"this is not a database\x00\xff\xfe" * 50)
    box = Sandbox(root, root / "cwd", sample, garbage, root / "a_directory",
                  root / "missing" / "nothing.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        # connect() with no source reads $CSM_KIT_SAMPLE (never the user's cache)
        mp.setenv("CSM_KIT_SAMPLE", str(sample))
        mp.setenv("XDG_CACHE_HOME", str(root / "cache"))
        mp.chdir(box.cwd)  # anything a backend might create lands in the sandbox
        yield box


def _sources(box: Sandbox) -> st.SearchStrategy[Any]:
    urls = [
        None, "", " ", "duckdb://", "duckdb:///:memory:", "nosuch://x",
        "garbage-scheme://user:secret@nowhere/db", "x-y+z://", "://", "duckdb:", "duckdb:///",
        f"duckdb:///{box.sample}", f"duckdb:///{box.garbage}", f"duckdb:///{box.directory}",
        f"duckdb:///{box.missing}", "duckdb:///relative/missing.db", "duckdb:///\x00",
        f"duckdb:///{box.sample}?read_only=false", f"duckdb:///{box.sample}#frag",
        "created_here.duckdb", "created_here.db", "DuckDB://created_here_too.duckdb",
        "duckdb:created_here_as_well.duckdb",
    ]
    return st.one_of(
        st.sampled_from(urls),
        # plain text without ':' or '.', so it can name no scheme and no file type
        st.text(max_size=15).filter(lambda s: ":" not in s and "." not in s),
        anything.filter(lambda v: not isinstance(v, str)),
    )


def _table_values(box: Sandbox) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(["subscriptions", "main.subscriptions", "nosuch", "a.b.c", "", "events"]),
        st.builds(lambda: ck.datasets.generate(seed=1, accounts=3, months=1,
                                               events=10)["subscriptions"]),
        st.builds(lambda: pd.DataFrame({"subscription_id": ["s"], "account_id": ["a"],
                                        "start_date": [dt.date(2026, 1, 1)],
                                        "end_date": [None], "mrr": ["ten"]})),
        st.builds(lambda: pa.table({"mrr": ["a"], "score": [b"x"]})),
        anything,
    )


def _tables(box: Sandbox) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from([*TABLES, "nosuch", ""]), st.text(max_size=6))
    return st.one_of(st.none(), st.dictionaries(keys, _table_values(box), max_size=3), anything)


columns_args = st.one_of(
    st.none(),
    st.dictionaries(
        st.one_of(st.sampled_from([*TABLES, "nosuch"]), st.text(max_size=6)),
        st.one_of(st.dictionaries(st.sampled_from([*COLUMN_NAMES, "nosuch"]),
                                  st.one_of(st.sampled_from(COLUMN_NAMES), anything),
                                  max_size=3),
                  anything),
        max_size=2),
    anything,
)


def _mapping_paths(box: Sandbox) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.sampled_from(["", ".", str(box.directory), box.directory, str(box.missing),
                         str(box.sample), box.sample, str(box.garbage), "\x00"]),
        anything.filter(lambda v: not isinstance(v, str)),
    )


def _connect_and_use(box: Sandbox, source: Any, **kwargs: Any) -> None:
    box.new_files_in_cwd()  # start clean
    got = outcome(lambda: ck.connect(source, **kwargs))
    if not isinstance(got, ck.CsmKitError):
        assert isinstance(got, ck.Kit)
        catalog = outcome(got.metrics)  # the binding is read: every mapped table and column
        assert isinstance(catalog, pd.DataFrame | ck.CsmKitError)
        repr(got)
        backend = getattr(getattr(got, "binding", None), "backend", None)
        if backend is not None and hasattr(backend, "disconnect"):
            backend.disconnect()
    created = box.new_files_in_cwd()
    assert not created, f"connect() created {created} in the working directory: it only reads"


@fuzz(120)
@given(data=st.data())
def test_connect_raises_only_csm_kit_errors(sandbox: Sandbox, data: st.DataObject) -> None:
    source = data.draw(_sources(sandbox), label="source")
    tables = data.draw(_tables(sandbox), label="tables")
    columns = data.draw(columns_args, label="columns")
    mapping = data.draw(_mapping_paths(sandbox), label="mapping")
    _connect_and_use(sandbox, source, tables=tables, columns=columns, mapping=mapping)


NEAR_VALID_YAML = [
    "tables:\n  subscriptions: subscriptions\n",
    "columns:\n  subscriptions:\n    mrr: mrr\n",
    "tables:\n  subscriptions: main.subscriptions\ncolumns:\n  survey_responses:\n    score: score\n",
    "tables:\n  subscriptions: events\n", "tables: [1, 2]\n", "tables: subscriptions\n",
    "columns: [[1, 2], [3]]\n", "columns:\n  subscriptions: [mrr]\n",
    "columns:\n  subscriptions: mrr\n", "columns:\n  subscriptions:\n    mrr: [a, b]\n",
    "columns:\n  subscriptions:\n    mrr: 12\n", "columns:\n  subscriptions:\n    nosuch: x\n",
    "tables:\n  nosuch: x\n", "other: 1\n", "- tables\n- columns\n", "42\n", "3.5", "~\n", "",
    "---\n...\n", "--- 1\n--- 2\n", "tables: {subscriptions: 12}\n", "tables:\n  subscriptions: ''\n",
    "tables: !!binary aGVsbG8=\n", "!!python/object/apply:os.system ['true']\n", "{", "]",
    "tables: &a [*a]\n", "? [a, b]\n: c\n", "tables:\n  ? [x]\n  : y\n", "tables: {null: x}\n",
    "columns: {subscriptions: {mrr: null}}\n", "tables: .nan\n", "\ufefftables: {}\n",
    "tables:\n\tsubscriptions: x\n", "tables: {subscriptions: [[[[]]]]}\n", "true\n",
    "tables: {1: 2}\ncolumns: {3: {4: 5}}\n", "tables:\n  accounts: !!float 1e309\n",
]
yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                         st.text(max_size=8), st.sampled_from([*TABLES, *COLUMN_NAMES[:8]]))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(yaml_scalars), inner, max_size=3)),
    max_leaves=8,
)
yaml_texts = st.one_of(
    st.sampled_from(NEAR_VALID_YAML).map(str.encode),
    yaml_values.map(lambda v: yaml.safe_dump(v).encode()),
    st.fixed_dictionaries({}, optional={"tables": yaml_values, "columns": yaml_values,
                                        "extra": yaml_values}).map(
        lambda v: yaml.safe_dump(v).encode()),
    st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40),
    st.sampled_from([b"\xff\xfe\x00t\x00a", b"tables:\n  subscriptions: \xff\n", b"\x00\x00"]),
)


@fuzz(100)
@given(text=yaml_texts, use_sample=st.booleans())
def test_mapping_files_raise_only_csm_kit_errors(sandbox: Sandbox, text: bytes,
                                                 use_sample: bool) -> None:
    path = sandbox.new_file(text)
    note(f"mapping file: {text!r}")
    source = f"duckdb:///{sandbox.sample}" if use_sample else None
    _connect_and_use(sandbox, source, mapping=path)
    _connect_and_use(sandbox, source, mapping=str(path))


@pytest.mark.parametrize("source", ["created_here.duckdb", "created_here.db",
                                    "DuckDB://created_here_too.duckdb",
                                    "duckdb:created_here_as_well.duckdb",
                                    "duckdb:///relative/missing.db"])
def test_connect_to_a_missing_file_creates_nothing(sandbox: Sandbox, source: str) -> None:
    """csm_kit only reads: a URL naming a file that does not exist is an error, not a new empty
    database."""
    sandbox.new_files_in_cwd()
    try:
        with pytest.raises(ck.CsmKitError):
            ck.connect(source)
    finally:
        created = sandbox.new_files_in_cwd()
    assert created == []


# -- the error classes ---------------------------------------------------------------------------------
def test_argument_errors_are_csm_kit_errors_and_value_errors() -> None:
    assert issubclass(ck.ArgumentError, ck.CsmKitError)
    assert issubclass(ck.ArgumentError, ValueError)
    for cls in (ck.ParamError, ck.PeriodError, ck.DimensionError):
        assert issubclass(cls, ck.ArgumentError), cls


@pytest.mark.parametrize("call", [
    lambda kit: kit.compute("nps", grain=["month"]),
    lambda kit: kit.compute("nps", by=pd.Series(["segment"])),
    lambda kit: kit.compute("nps", params=["nps"]),
    lambda kit: kit.compute("nps", params={"nps": "0-10"}),
    lambda kit: kit.compute("nps", start=12),
    lambda kit: kit.to_sql("nps", dialect="nosuch"),
    lambda kit: kit.to_sql("nps", params=["scale"]),
    lambda kit: kit.scorecard(202606),
    lambda kit: kit.metrics(5),
], ids=["grain list", "by Series", "params list", "params of a metric not a dict", "start int",
        "dialect nosuch", "to_sql params list", "period int", "category int"])
def test_bad_arguments_are_argument_errors(call: Callable[[ck.Kit], Any]) -> None:
    with pytest.raises(ck.ArgumentError):
        call(shared_kit())


# -- never a hang ----------------------------------------------------------------------------------------
def run_with_time_limit(code: str, cwd: Path, seconds: float = 25) -> None:
    """Run `code` in a fresh interpreter; fail when it runs past `seconds` or fails."""
    try:
        proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                              text=True, timeout=seconds, cwd=cwd)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {seconds} s: {code}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("done")


HUGE = """
    import csm_kit as ck
    kit = ck.connect(tables=ck.datasets.generate(seed=1, accounts=20, months=3, events=2000))
    ids = list(kit.metrics().id)
    for args in {calls}:
        try:
            kit.compute(**args)
        except ck.CsmKitError:
            pass
    print("done")
"""


def test_a_huge_range_is_refused_or_quick(tmp_path: Path) -> None:
    """Ten thousand years of days either computes quickly or is refused with a CsmKitError; it
    never runs for minutes. Run in a subprocess so that a hang is cut off at the time limit."""
    calls = """[dict(metrics=["mrr", "dau"], grain="day", start="0001-01-01", end="9998-12-31"),
                dict(metrics=["mrr", "dau"], grain="week", start="0001-01-01", end="9998-12-31")]"""
    run_with_time_limit(HUGE.format(calls=calls), tmp_path)


def test_a_huge_split_is_refused_or_quick(tmp_path: Path) -> None:
    """Every metric by three dimensions at grain day over 270 years (about 100,000 days) of a
    20-account sample: quick, or refused with a CsmKitError, never minutes and tens of millions
    of rows."""
    calls = """[dict(metrics=ids, grain="day", start="1990-01-01", end="2262-04-10",
                     by=["segment", "plan", "region"])]"""
    run_with_time_limit(HUGE.format(calls=calls), tmp_path)
