"""Does a 0-100 account score mean something? Its bands against churn on the default sample.

Each paying account is scored monthly from Jan 2025 to Jul 2026 (``by=["account_id"]``); an
account 'churned within 3 months' has MRR 0 on the last day of the third month after the
bucket's month, MRR on a day being the sum of the mrr of its subscriptions with
start_date <= day < end_date. Used by the health score and value attainment tests.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import csm_kit as ck
from tests.oracle_calendar import buckets, last_day
from tests.oracle_results import result

FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 7, 31)


@dataclass
class ChurnByBand:
    """Per band ('good', 'ok', 'bad'): whether each scored account-month churned within 3
    months."""

    churned: dict[str, list[bool]]

    def share(self, band: str) -> float:
        flags = self.churned[band]
        return sum(flags) / len(flags) if flags else math.nan

    @property
    def report(self) -> str:
        parts = [f"{b} {self.share(b):.3f} ({sum(f)}/{len(f)})" for b, f in self.churned.items()]
        good = self.share("good")
        lift = self.share("bad") / good if good else math.inf
        return f"churn within 3 months: {', '.join(parts)}; lift bad/good {lift:.2f}"


def churn_by_band(metric: str, status: Callable[[float | None], str | None]) -> ChurnByBand:
    """Score `metric` on the default sample and sort each scored account-month by band. Checks on
    the way: every month is present, an account is scored exactly when it pays on the month's
    last day, and each score lies in [0, 100] with the band `status` gives it."""
    subs = ck.datasets.generate()["subscriptions"].to_pylist()
    res = ck.connect().compute([metric], grain="month", start=FIRST, end=LAST,
                               by=["account_id"])
    assert not res.errors, res.errors
    got = result(res, metric, ["account_id"])
    assert {k[0] for k in got} == set(buckets(FIRST, LAST, "month"))
    by_acc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in subs:
        by_acc[s["account_id"]].append(s)

    def mrr(acc: str, day: dt.date) -> float:
        return sum(s["mrr"] for s in by_acc[acc]
                   if s["start_date"] <= day and (s["end_date"] is None or day < s["end_date"]))

    def third_month_end(p: dt.date) -> dt.date:
        y, m = divmod(p.month - 1 + 3, 12)
        return last_day(dt.date(p.year + y, m + 1, 1), "month")

    churned: dict[str, list[bool]] = {"good": [], "ok": [], "bad": []}
    for (p, acc), (v, band) in got.items():
        assert (v is not None) == (mrr(acc, last_day(p, "month")) > 0), (p, acc, v)
        if v is None:
            continue
        assert 0 <= v <= 100 and band == status(v), (p, acc, v, band)
        churned[band].append(mrr(acc, third_month_end(p)) == 0)
    return ChurnByBand(churned)
