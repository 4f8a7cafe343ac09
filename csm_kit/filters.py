"""filters=: restrict a computation to the accounts whose columns hold the given values.

A filter is checked at the boundary (:func:`check_filters`, :func:`check_columns`), then applied
to every input table through its account key (:func:`restrict`), so each metric, shared fact
and `by` group sees only the matching accounts' rows. A value that no account holds is a
:class:`FilterWarning`, not an error: the result is then empty groups, not a wrong number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir

from csm_kit.errors import ArgumentError, DimensionError, did_you_mean
from csm_kit.schema import TABLES

if TYPE_CHECKING:
    from csm_kit.binding import Binding

Filters = dict[str, tuple[str, ...]]

# the column through which a table's rows belong to an account (default: account_id); tables
# with neither (cs_costs, targets) are not about one account and are not filtered
ACCOUNT_KEYS: dict[str, str] = {"referrals": "referrer_account_id"}
SHOWN_VALUES = 20  # how many of a column's values a warning lists


def check_filters(filters: Any) -> Filters:
    """`filters` as column -> values: a mapping of accounts column names to one text value or a
    list of them, e.g. ``{"segment": ["enterprise", "mid-market"], "region": "eu"}``."""
    if filters is None:
        return {}
    example = "filters={'segment': ['enterprise', 'mid-market'], 'region': 'eu'}"
    if not isinstance(filters, Mapping):
        raise ArgumentError(f"filters must be a mapping of accounts column to a value or a list of "
                            f"values, e.g. {example}; got {type(filters).__name__} {filters!r:.60}")
    out: Filters = {}
    for column, values in filters.items():
        if not isinstance(column, str) or not column.strip():
            raise DimensionError(f"filters has the key {column!r:.60}; keys are accounts column "
                                 f"names such as 'segment'")
        items = [values] if isinstance(values, str) else values
        if not isinstance(items, list | tuple | set | frozenset):
            raise ArgumentError(
                f"filters[{column!r}] must be a text value or a list of them, e.g. "
                f"{{'{column}': ['a', 'b']}}; got {type(values).__name__} {values!r:.60}")
        items = list(items)
        if not items:
            raise ArgumentError(f"filters[{column!r}] is an empty list, which would match no "
                                "account; give at least one value or leave the column out")
        bad = [v for v in items if not isinstance(v, str)]
        if bad:
            raise ArgumentError(
                f"filters[{column!r}] holds {bad[0]!r:.40} ({type(bad[0]).__name__}); accounts "
                f"columns are text, so give text values such as {str(bad[0])!r:.40}")
        out[column] = tuple(dict.fromkeys(items))
    return out


def check_columns(filters: Filters) -> None:
    """DimensionError (with suggestions) for a filter column that is not a text column of
    accounts."""
    allowed = [c.name for c in TABLES["accounts"].columns if c.dtype.is_string()]
    for column in filters:
        if column not in allowed:
            raise DimensionError(
                f"filters[{column!r}]: {column!r} is not a text column of accounts."
                f"{did_you_mean(column, allowed)} Filter by one of: {', '.join(allowed)}")


def account_key(table: str) -> str | None:
    """The column of canonical `table` that names its rows' account (None: not per account)."""
    key = ACCOUNT_KEYS.get(table, "account_id")
    return key if any(c.name == key for c in TABLES[table].columns) else None


def matching_accounts(accounts: ir.Table, filters: Filters) -> ir.Table:
    """The rows of `accounts` that hold one of the given values in every filtered column."""
    for column, values in filters.items():
        accounts = accounts.filter(accounts[column].cast("string").isin(values))
    return accounts


def restrict(name: str, table: ir.Table, accounts: ir.Table, filters: Filters) -> ir.Table:
    """`table` (canonical `name`) reduced to the rows of the accounts matching `filters`
    (`accounts` is the bound accounts table)."""
    if not filters:
        return table
    matching = matching_accounts(accounts, filters)
    if name == "accounts":
        return matching
    key = account_key(name)
    if key is None:
        return table
    return table.filter(table[key].isin(matching.account_id))


def unmatched_values(binding: Binding, filters: Filters) -> list[str]:
    """A note for each filter value that no account holds, with the values there are (the
    caller warns with them: a FilterWarning). One query for the check; one more per column
    with an unmatched value."""
    accounts = binding.table("accounts")
    pairs = [(c, v) for c, values in filters.items() for v in values]
    found = binding.execute(accounts.aggregate(**{
        f"f{i}": (accounts[c].cast("string") == v).any() for i, (c, v) in enumerate(pairs)}))
    missing: dict[str, list[str]] = {}
    for i, (c, v) in enumerate(pairs):
        if not bool(found[f"f{i}"].iloc[0]):
            missing.setdefault(c, []).append(v)
    notes = []
    for column, values in missing.items():
        col = accounts[column].cast("string").name("v")
        held = binding.execute(accounts.select(col).filter(col.notnull()).distinct()
                               .order_by("v").limit(SHOWN_VALUES + 1))["v"].tolist()
        shown = ", ".join(repr(h) for h in held[:SHOWN_VALUES]) + (
            ", ..." if len(held) > SHOWN_VALUES else "")
        notes += [f"filters[{column!r}]: no account has {column} = {v!r}, so its rows are "
                  f"empty.{did_you_mean(v, held)} Values there: {shown or 'none'}"
                  for v in values]
    return notes
