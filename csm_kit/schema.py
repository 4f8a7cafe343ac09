"""The canonical tables of DATA_MODEL.md as Ibis schemas.

Metrics read only these tables; a mapping binds a user's own tables and columns onto them.
A column marked nullable may hold nulls; every other column is expected to be filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Ibis loads on first use of a type, not with `import csm_kit`
    import ibis.expr.datatypes as dt
    import ibis.expr.schema as sch


@cache
def _dtype(type_name: str) -> dt.DataType:
    import ibis.expr.datatypes as dt

    return dt.dtype(type_name)


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, Ibis type (by name) and whether it may hold nulls."""

    name: str
    type_name: str
    nullable: bool = False
    minimum: float | None = None  # the least valid value, checked before computing

    @property
    def dtype(self) -> dt.DataType:
        """The column's Ibis type."""
        return _dtype(self.type_name)


@dataclass(frozen=True)
class CanonicalTable:
    """One canonical table: its columns and the columns that place its rows in time."""

    name: str
    columns: tuple[Column, ...]
    time_columns: tuple[str, ...]
    description: str = ""
    key: str | None = None  # the column that identifies a row, when there is one
    # (start, end, strict): end must come after start (strict) or not before it
    ordered: tuple[tuple[str, str, bool], ...] = ()

    def after(self, column: str) -> tuple[str, bool] | None:
        """The column that `column` must not precede, and whether it must be strictly later
        (contracts.end_date -> ('start_date', True)), if any."""
        return next(((s, strict) for s, e, strict in self.ordered if e == column), None)

    @property
    def schema(self) -> sch.Schema:
        """The table's Ibis schema."""
        import ibis

        return ibis.schema({c.name: c.dtype.copy(nullable=c.nullable) for c in self.columns})

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in declaration order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called `name` (KeyError if there is none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _t(name: str, spec: str, time: tuple[str, ...], description: str,
       minimum: dict[str, float] | None = None,
       ordered: tuple[tuple[str, str, bool], ...] = ()) -> CanonicalTable:
    cols = []
    for item in spec.split(","):
        col, typ = item.split()
        nullable = typ.endswith("?")
        cols.append(Column(col, typ.rstrip("?"), nullable, (minimum or {}).get(col)))
    first = cols[0].name
    key = first if name not in ("events",) and first.endswith("_id") else None
    return CanonicalTable(name, tuple(cols), time, description, key, ordered)


STRING, TS, DATE, FLOAT, INT, BOOL = "string", "timestamp", "date", "float64", "int64", "boolean"

TABLES: dict[str, CanonicalTable] = {
    t.name: t
    for t in [
        _t(
            "accounts",
            "account_id string, name string?, segment string?, plan string?, region string?, "
            "owner string?, created_at timestamp, acquisition_cost float64?",
            ("created_at",),
            "The dimension table: any of its columns can be a `by`.",
            minimum={"acquisition_cost": 0},
        ),
        _t("users", "user_id string, account_id string, created_at timestamp?", ("created_at",),
           "Users of the product, each in one account."),
        _t(
            "subscriptions",
            "subscription_id string, account_id string, start_date date, end_date date?, "
            "mrr float64, plan string?",
            ("start_date", "end_date"),
            "Subscription periods: end_date exclusive, null = still active; mrr monthly-normalised, "
            "finite and >= 0 (net discounts and credits into it).",
            minimum={"mrr": 0},
        ),
        _t(
            "contracts",
            "contract_id string, account_id string, start_date date, end_date date, "
            "recurring_value float64, one_time_value float64?, renewal_of string?",
            ("start_date", "end_date"),
            "Contracts: recurring value over the whole term (>= 0), end_date exclusive and after "
            "start_date; renewal_of names the renewed contract.",
            minimum={"recurring_value": 0, "one_time_value": 0},
            ordered=(("start_date", "end_date", True),),
        ),
        _t("invoices",
           "invoice_id string, account_id string, issued_at timestamp, amount float64, kind string?",
           ("issued_at",), "Invoices: kind is 'recurring', 'one_time' or 'upsell'."),
        _t("events",
           "user_id string, account_id string, occurred_at timestamp, event_name string, "
           "feature string?",
           ("occurred_at",), "Product usage events."),
        _t("sessions",
           "session_id string, user_id string, account_id string, started_at timestamp, "
           "ended_at timestamp",
           ("started_at",), "Product sessions: ended_at not before started_at.",
           ordered=(("started_at", "ended_at", False),)),
        _t("touchpoints",
           "touchpoint_id string, account_id string, occurred_at timestamp, kind string, "
           "direction string?, responded_at timestamp?",
           ("occurred_at",), "CS team and customer communication."),
        _t("tickets",
           "ticket_id string, account_id string, created_at timestamp, "
           "first_response_at timestamp?, resolved_at timestamp?, replies int64?, reopens int64?, "
           "channel string?, product string?, status string?",
           ("created_at",), "Support tickets: a response or resolution never before creation.",
           ordered=(("created_at", "first_response_at", False),
                    ("created_at", "resolved_at", False))),
        _t("calls",
           "call_id string, account_id string?, queued_at timestamp, answered_at timestamp?, "
           "ended_at timestamp?, abandoned boolean",
           ("queued_at",), "Support phone calls, queued after the IVR; answered not before queued.",
           ordered=(("queued_at", "answered_at", False),)),
        _t("survey_responses",
           "response_id string, account_id string, user_id string?, survey string, score float64, "
           "responded_at timestamp, comment string?",
           ("responded_at",), "Survey answers: survey is 'nps', 'csat', 'ces', 'renewal_intent'..."),
        _t("trials",
           "trial_id string, account_id string, started_at timestamp, ended_at timestamp, "
           "converted_at timestamp?",
           ("started_at", "ended_at"), "Free trials."),
        _t("referrals",
           "referral_id string, referrer_account_id string, referred_account_id string?, "
           "referred_at timestamp, converted_at timestamp?",
           ("referred_at",), "Referrals made by accounts."),
        _t("opportunities",
           "opportunity_id string, account_id string, kind string, created_at timestamp, "
           "closed_at timestamp?, is_won boolean?, amount float64",
           ("created_at",), "Sales opportunities: kind is 'new', 'expansion' or 'renewal'."),
        _t("cs_costs", "period_start date, amount float64, category string?", ("period_start",),
           "Customer Success program costs per period (>= 0).", minimum={"amount": 0}),
        _t("targets", "metric string, period_start date, target float64", ("period_start",),
           "Targets per metric and period."),
    ]
}
