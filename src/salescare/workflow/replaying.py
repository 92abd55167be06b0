"""A record rebuilt from its history, and the record's version.

A workflow record's history is its log of events: each entry keeps when, who in which role,
the event, the comment and the data, as JSON values. Firing the same events on the record
as it was created gives the same record again (the history is the record's source of truth,
statesman-style), and the length of the history counts the events fired: the record's
version, checked by ``fire(..., expected_version=...)`` against concurrent edits.

Examples:
    >>> from datetime import datetime, timezone
    >>> from salescare.ids import CustomerNo, TicketNo
    >>> from salescare.models import Actor, Level, Role, Ticket
    >>> from salescare.workflow import TICKET, fire
    >>> new = Ticket(
    ...     number=TicketNo.parse("FW20240515001"),
    ...     customer=CustomerNo.parse("CUS20240515001"),
    ...     customer_name="Lake",
    ...     description="Export shows wrong totals in the May report",
    ...     submitted_at=datetime(2024, 5, 15, 9, tzinfo=timezone.utc),
    ... )
    >>> boss = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
    >>> at = datetime(2024, 5, 15, 9, 5, tzinfo=timezone.utc)
    >>> stored = fire(TICKET, new, "triage", at=at, by=boss, level="L2").record
    >>> replay(TICKET, new, stored.history) == stored, version(TICKET, stored)
    (True, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from salescare._edge import edge
from salescare.calendars import WorkCalendar
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.models import Actor, HistoryEntry
from salescare.workflow.firing import fire
from salescare.workflow.machine import Workflow

__all__ = ["replay", "version"]

R = TypeVar("R")


@edge
def version(workflow: Workflow[Any, Any], record: Any) -> int:
    """The record's version: how many events were fired on it (its history's length)."""
    return len(getattr(record, workflow.history_field))


@edge
def replay(
    workflow: Workflow[R, Any],
    initial: R,
    history: Iterable[HistoryEntry],
    *,
    calendar: WorkCalendar | None = None,
) -> R:
    """``initial`` (the record as created) with every event of ``history`` fired again.

    Each entry is fired as it was: at its time, by its actor in its role, with its comment
    and data (read from JSON as ``fire`` reads any data). A step refused now raises as
    ``fire`` does, naming the entry; an entry written before roles were kept (``role`` is
    ``None``) cannot be replayed and is refused.
    """
    record = initial
    for index, entry in enumerate(history):  # each entry's type is checked by @edge
        if entry.role is None:
            raise ValidationError(
                ("replay", "history", index, "role"),
                None,
                tr("is missing: an entry without its actor's role cannot be replayed"),
                tr("an entry written by fire (which keeps the role)"),
                code="missing",
            )
        by = Actor(id=entry.actor, role=entry.role)
        data = entry.details.data()
        record = fire(
            workflow,
            record,
            entry.event,
            at=entry.at,
            by=by,
            calendar=calendar,
            comment=entry.note,
            **data,
        ).record
    return record
