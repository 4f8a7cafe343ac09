"""Sample data: every canonical table of DATA_MODEL.md, with realistic shapes.

The generator simulates a B2B SaaS company month by month over a window of calendar months:

* accounts (SMB-heavy) arrive with a seasonal rhythm (more in Q1 and September); about 40% of them
  already exist when the window opens, and some prospects only ever run a trial;
* every account carries a latent *health* in [0, 1] that drifts month to month (a mean-reverting
  random walk with occasional shocks). Health drives product usage, support load, survey scores,
  referrals, expansion and contraction; churn follows low usage and heavy ticket load;
* contracted accounts (all Enterprise, most Mid-Market) can only churn at a contract anniversary,
  the others month to month; churned accounts sometimes come back (reactivation);
* product events and sessions are spread over the users of the accounts active each day, weighted
  by usage, seat count, weekday and seasonality (weekends and December are quiet), with a usage
  decline in the two months before a churn and onboarding steps in an account's first weeks.

Everything is drawn from ``numpy.random.default_rng`` seeded from ``seed`` (one independent stream
per table), so the same arguments always give identical tables. Events and sessions are produced in
chunks (see :meth:`SampleWorld.iter_events`) so that very large samples never sit in memory at once.

The parts live in their own modules: ``world`` (accounts, health, activity, users), ``lifecycle``
(subscription movements), ``usage`` (events, sessions), ``revenue``, ``support``, ``voice`` and
``commercial`` (the other tables), on top of ``customer_base``, ``timeline``, ``streams`` and
``columns``. This module keeps :func:`generate` and re-exports the public names.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import pyarrow as pa

from csm_kit.datasets.timeline import DEFAULT_END
from csm_kit.datasets.usage import CHUNK_ROWS, EVENTS_PER_SESSION
from csm_kit.datasets.world import SampleWorld
from csm_kit.schema import TABLES

__all__ = ["generate", "accounts_for", "SampleWorld", "DEFAULT_END", "CHUNK_ROWS",
           "EVENTS_PER_SESSION"]

EVENTS_PER_ACCOUNT = 2_000  # the default sample's density: 1M events over 500 accounts
MIN_ACCOUNTS = 500


def accounts_for(events: int) -> int:
    """How many accounts a sample of `events` events has when none is given: 500 up to 1M
    events, then one per 2,000 events (5,000 at 10M, 50,000 at 100M), so that a bigger sample
    has more accounts and users, each as active as in the default one, rather than the same
    users firing ever more events (which would push DAU/MAU towards 100%)."""
    return max(MIN_ACCOUNTS, int(events) // EVENTS_PER_ACCOUNT)


def _concat(name: str, chunks: Iterator[pa.Table]) -> pa.Table:
    """One table from its chunks (the empty canonical table when there are none)."""
    parts = list(chunks)
    if not parts:
        return TABLES[name].schema.to_pyarrow().empty_table()
    return pa.concat_tables(parts).combine_chunks()


def generate(
    seed: int = 0,
    accounts: int | None = None,
    months: int = 24,
    events: int = 1_000_000,
    end: str | _dt.date = DEFAULT_END,
) -> dict[str, pa.Table]:
    """Generate a realistic sample of every canonical table, in memory.

    Args:
        seed: random seed; the same arguments always give identical tables.
        accounts: number of accounts (default: :func:`accounts_for` the events: 500 up to 1M
            events, one per 2,000 events above; about 15% are prospects that only ran a trial, about 40%
            already exist when the window opens).
        months: calendar months covered, ending with the month of `end`.
        events: exact number of rows of the events table (sessions get ``events // 10`` rows).
        end: last day of data (ISO string or date); e.g. end 2026-10-31 with 24 months covers
            2024-11-01 .. 2026-10-31.

    Returns:
        A dict canonical table name -> pyarrow.Table with exactly the canonical schema
        (``csm_kit.schema.TABLES[name].schema.to_pyarrow()``), in the order of ``TABLES``.
        For very large event counts prefer :func:`csm_kit.datasets.write_duckdb`, which streams.
    """
    world = SampleWorld(seed, accounts_for(events) if accounts is None else accounts, months, end)
    tables = world.small_tables()
    tables["events"] = _concat("events", world.iter_events(events))
    tables["sessions"] = _concat("sessions", world.iter_sessions(events // EVENTS_PER_SESSION))
    return {name: tables[name] for name in TABLES}
