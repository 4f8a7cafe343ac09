"""Reproducible random streams: one independent stream per part of the sample data."""

from __future__ import annotations

import numpy as np

# One stream per part of the data, so that changing how one part is drawn leaves the others alone.
(STREAM_ACCOUNTS, STREAM_HEALTH, STREAM_SUBS, STREAM_USERS, STREAM_SPECIAL, STREAM_CONTRACTS,
 STREAM_INVOICES, STREAM_TOUCH, STREAM_TICKETS, STREAM_CALLS, STREAM_SURVEYS, STREAM_REFERRALS,
 STREAM_OPPS, STREAM_COSTS, STREAM_EVENTS, STREAM_SESSIONS) = range(1, 17)


def random_stream(seed: int, *key: int) -> np.random.Generator:
    """An independent generator for one part of the data (same seed and key => same stream)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
