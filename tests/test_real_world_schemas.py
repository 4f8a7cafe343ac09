"""A real-world schema mapped in on PostgreSQL: the dbt mrr-playbook table under its own names.

The playbook's `subscription_periods` (tests/data, MIT) has integer ids, customer_id for the
account and monthly_amount for MRR. It lives in a `billing` schema and is bound with a YAML
mapping; the numbers must equal those of the same rows given canonically on DuckDB (which the
oracle and playbook tests check), and every mistake in the mapping gets a clear typed error.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

import csm_kit as ck
from csm_kit.testing import assert_same_results

pytestmark = pytest.mark.postgres

CSV = Path(__file__).parent / "data" / "mrr_playbook_subscription_periods.csv"
METRICS = ["mrr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
           "reactivation_mrr", "net_new_mrr", "customer_churn_rate"]
RANGE = {"start": "2018-01-01", "end": "2020-06-30"}
MAPPING = """\
tables:
  subscriptions: billing_{tag}.subscription_periods
columns:
  subscriptions:
    account_id: customer_id
    mrr: {amount}
"""


def playbook(amount_as_text: bool = False) -> pa.Table:
    with CSV.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    day = dt.date.fromisoformat
    amounts = [r["monthly_amount"] for r in rows]
    return pa.table({
        "subscription_id": pa.array([int(r["subscription_id"]) for r in rows], pa.int64()),
        "customer_id": pa.array([int(r["customer_id"]) for r in rows], pa.int64()),
        "start_date": pa.array([day(r["start_date"]) for r in rows], pa.date32()),
        "end_date": pa.array([day(r["end_date"]) if r["end_date"] else None for r in rows],
                             pa.date32()),
        "monthly_amount": pa.array(amounts if amount_as_text else [int(a) for a in amounts],
                                   pa.string() if amount_as_text else pa.int64()),
    })


RUN = uuid.uuid4().hex[:8]  # fresh schemas per run (create_table(overwrite=) fails on ibis 12)


@pytest.fixture(scope="module")
def warehouse(csm_kit_postgres_url):
    """The playbook table in schema billing_ok_<run>, and a text-typed copy in billing_text_<run>."""
    con = ibis.connect(csm_kit_postgres_url)
    for tag, table in (("ok", playbook()), ("text", playbook(amount_as_text=True))):
        con.create_database(f"billing_{tag}_{RUN}")
        con.create_table("subscription_periods", table, database=f"billing_{tag}_{RUN}")
    con.disconnect()
    return csm_kit_postgres_url


def mapping_file(tmp_path: Path, tag: str = "ok", amount: str = "monthly_amount") -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(MAPPING.format(tag=f"{tag}_{RUN}", amount=amount))
    return path


def test_the_playbook_maps_in_through_yaml(warehouse, tmp_path):
    kit = ck.connect(warehouse, mapping=mapping_file(tmp_path))
    got = kit.compute(METRICS, grain="month", **RANGE).to_pandas()
    canonical = playbook().rename_columns(
        ["subscription_id", "account_id", "start_date", "end_date", "mrr"])
    canonical = canonical.append_column("plan", pa.nulls(len(canonical), pa.string()))
    ref = ck.connect(tables={"subscriptions": canonical}).compute(METRICS, grain="month",
                                                                  **RANGE).to_pandas()
    assert_same_results(ref, got, what="mrr-playbook on PostgreSQL through mapping.yaml")
    mrr = got[got.metric == "mrr"].set_index("period_start").value
    assert mrr.max() > 0 and (mrr >= 0).all()


def test_a_mapped_column_that_does_not_exist_is_named_with_the_close_ones(warehouse, tmp_path):
    kit = ck.connect(warehouse, mapping=mapping_file(tmp_path, amount="monthly_amt"))
    with pytest.raises(ck.MissingColumnError) as err:
        kit.compute("mrr")
    msg = str(err.value)
    assert "subscriptions.mrr is mapped to 'monthly_amt' but missing" in msg
    assert "Did you mean 'monthly_amount'" in msg and f"billing_ok_{RUN}.subscription_periods" in msg


def test_a_column_of_the_wrong_type_says_which_cast_to_add(warehouse, tmp_path):
    kit = ck.connect(warehouse, mapping=mapping_file(tmp_path, tag="text"))
    with pytest.raises(ck.ColumnTypeError) as err:
        kit.compute("mrr")
    msg = str(err.value)
    assert "has type string, but float64 is needed" in msg
    assert "CAST(monthly_amount AS DOUBLE PRECISION)" in msg


def test_a_missing_schema_qualified_table_is_named(warehouse):
    kit = ck.connect(warehouse, tables={"subscriptions": f"billing_ok_{RUN}.subscription_period"})
    with pytest.raises(ck.MissingTableError,
                       match="subscription_period' could not be read.*Did you mean "
                             "'subscription_periods'"):
        kit.compute("mrr")
