"""Support KPIs from tickets and calls: ticket volume, first response and full resolution times,
first contact resolution and average speed to answer.

Each duration is measured in hours, on the tickets (or calls) whose measured moment falls in the
bucket: first responses by first_response_at, resolutions by resolved_at, calls by queued_at, so
a bucket's value never changes once its tickets are answered. A response, resolution or answer
recorded before its ticket or call started is a data error (DataQualityError), not a negative
time.
"""

from __future__ import annotations

from csm_kit import hookimpl
from csm_kit.metric import Metric
from csm_kit_support.tickets import (
    average_speed_to_answer,
    first_contact_resolution_rate,
    first_response_time,
    full_resolution_time,
    support_tickets,
)


@hookimpl
def csm_kit_metrics() -> list[Metric]:
    """The support pack."""
    return [support_tickets, first_response_time, full_resolution_time,
            first_contact_resolution_rate, average_speed_to_answer]
