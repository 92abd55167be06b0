"""The collaboration rhythm (RULES CO-1, CO-2): when the teams meet and what the stand-up covers.

000 §5.1: a 15-minute sales/after-sales stand-up every working day at 17:00 (new signings,
key-customer news, urgent tickets, what each side waits for from the other) and a one-hour
review every Friday afternoon. :func:`meetings` lists the meetings of a date range on a working
calendar; :func:`standup_agenda` gathers the stand-up's items from the records since the last
stand-up, so a CRM can post it to the team chat at 16:45.

Examples:
    >>> from datetime import date
    >>> from salescare.calendars import china
    >>> week = list(meetings(china(), date(2024, 9, 23), date(2024, 9, 29)))
    >>> [(m.kind, m.start.strftime("%a %d %H:%M")) for m in week if m.kind == "weekly_review"]
    [('weekly_review', 'Fri 27 14:00')]
    >>> sum(m.kind == "standup" for m in week)  # Sunday 29 September is a make-up working day
    6
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

import attrs

from salescare._edge import check_fields, edge
from salescare.calendars import WorkCalendar
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.i18n import tr
from salescare.models import (
    Complaint,
    Feedback,
    FeedbackCategory,
    Handover,
    HandoverStatus,
    Level,
    Ticket,
)
from salescare.sla import DEFAULT_TICKET_POLICY, SlaStatus, TicketSlaPolicy, ticket_sla

__all__ = ["DEFAULT_RHYTHM", "Agenda", "Meeting", "RhythmPolicy", "meetings", "standup_agenda"]

Kind = Literal["standup", "weekly_review"]

_FRIDAY = 4


@attrs.frozen(kw_only=True)
class RhythmPolicy:
    """When the stand-up and the weekly review happen (local time of the calendar)."""

    standup_at: time = time(17, 0)
    standup_minutes: int = 15
    review_weekday: int = _FRIDAY
    review_at: time = time(14, 0)
    review_minutes: int = 60

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = [
            tr(
                "{name} {value} is not a positive number of minutes",
                name=name,
                value=getattr(self, name),
            )
            for name in ("standup_minutes", "review_minutes")
            if type(getattr(self, name)) is not int or getattr(self, name) < 1
        ]
        if not 0 <= self.review_weekday <= 6:  # noqa: PLR2004 - Monday 0 … Sunday 6
            problems.append(
                tr(
                    "review_weekday {review_weekday} is not 0 (Monday) … 6",
                    review_weekday=self.review_weekday,
                )
            )
        if problems:
            raise PolicyError("RhythmPolicy", problems)


DEFAULT_RHYTHM = RhythmPolicy()
"""000 §5.1: stand-up 17:00 for 15 minutes; review Friday from 14:00 for an hour (ruling)."""


@attrs.frozen(kw_only=True)
class Meeting:
    """One meeting: which, when, and the rule that asks for it."""

    kind: Kind
    start: datetime
    end: datetime
    rule: str


@edge
def meetings(
    calendar: WorkCalendar,
    first: date,
    last: date,
    *,
    policy: RhythmPolicy = DEFAULT_RHYTHM,
) -> Iterator[Meeting]:
    """Every stand-up and weekly review from ``first`` to ``last`` (inclusive), in time order.

    Stand-ups fall on working days. The review falls on the policy's weekday; when that day is
    not a working day it moves to the last working day before it in the same week (project
    ruling), and a week without one has no review.
    """
    if last < first:
        raise ValidationError(
            ("meetings", "last"), last, tr("is before {first}", first=first), tr("last >= first")
        )
    zone = calendar.zone
    day = first
    while day <= last:
        if calendar.is_working_day(day):
            if day == _review_day(calendar, day, policy):
                yield _meeting("weekly_review", day, policy.review_at, policy.review_minutes, zone)
            yield _meeting("standup", day, policy.standup_at, policy.standup_minutes, zone)
        day += timedelta(days=1)


def _review_day(calendar: WorkCalendar, day: date, policy: RhythmPolicy) -> date | None:
    target = day + timedelta(days=policy.review_weekday - day.weekday())
    monday = day - timedelta(days=day.weekday())
    candidate = target
    while candidate >= monday:
        if calendar.is_working_day(candidate):
            return candidate
        candidate -= timedelta(days=1)
    return None


def _meeting(kind: Kind, day: date, at: time, minutes: int, zone: tzinfo) -> Meeting:
    start = datetime.combine(day, at, tzinfo=zone)
    rule = "CO-1" if kind == "standup" else "CO-2"
    return Meeting(kind=kind, start=start, end=start + timedelta(minutes=minutes), rule=rule)


@attrs.frozen(kw_only=True)
class Agenda:
    """The stand-up's items (CO-1), each a tuple of records, gathered since ``since``."""

    at: datetime
    since: datetime
    new_signings: tuple[Handover, ...]
    complaints: tuple[Complaint, ...]
    urgent_tickets: tuple[Ticket, ...]
    waiting_on_after_sales: tuple[Handover, ...]
    waiting_on_sales: tuple[Ticket | Feedback, ...]

    @property
    def empty(self) -> bool:
        """Nothing to discuss."""
        return not any(
            (
                self.new_signings,
                self.complaints,
                self.urgent_tickets,
                self.waiting_on_after_sales,
                self.waiting_on_sales,
            )
        )


_WAITING_FOR_CONFIRMATION = frozenset(
    {HandoverStatus.SUBMITTED, HandoverStatus.CHECKED, HandoverStatus.PENDING}
)


@edge
def standup_agenda(
    at: datetime,
    *,
    since: datetime | None = None,
    handovers: Iterable[Handover] = (),
    tickets: Iterable[Ticket] = (),
    feedback: Iterable[Feedback] = (),
    complaints: Iterable[Complaint] = (),
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
) -> Agenda:
    """The stand-up at ``at``: what happened since ``since`` and what is open (CO-1).

    - new signings: handovers of contracts signed since the last stand-up (sales reports);
    - key-customer news: complaints received since then;
    - urgent tickets: open L1 or urgent tickets, and open tickets whose response or
      resolution target (TK-3) is breached — what the customer feels (after-sales reports);
    - waiting on after-sales: handovers submitted but not yet confirmed (HO-3, HO-4);
    - waiting on sales: joint-handling tickets still without their sync meeting (TK-5) and
      sales-opportunity feedback not yet evaluated (FB-5).

    ``since`` defaults to a day before ``at`` (the previous stand-up).
    """
    if at.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("standup_agenda", "at"), at)
    start = since if since is not None else at - timedelta(days=1)
    forms = list(handovers)
    open_tickets = [t for t in tickets if t.resolved_at is None and t.submitted_at <= at]
    return Agenda(
        at=at,
        since=start,
        new_signings=tuple(
            h for h in forms if start.date() <= h.signed_on <= at.date() and _new(h, start, at)
        ),
        complaints=tuple(c for c in complaints if start <= c.received_at <= at),
        urgent_tickets=tuple(t for t in open_tickets if _urgent(t, at, policy)),
        waiting_on_after_sales=tuple(h for h in forms if h.status in _WAITING_FOR_CONFIRMATION),
        waiting_on_sales=(
            *(t for t in open_tickets if t.joint_handling and t.joint_meeting_at is None),
            *(
                f
                for f in feedback
                if f.category is FeedbackCategory.SALES_OPPORTUNITY and f.feasibility is None
            ),
        ),
    )


def _new(handover: Handover, start: datetime, at: datetime) -> bool:
    # a handover prepared earlier than the last stand-up was reported then
    prepared = handover.prepared_at
    return prepared is None or start <= prepared <= at


def _urgent(ticket: Ticket, at: datetime, policy: TicketSlaPolicy) -> bool:
    if ticket.urgent or ticket.level is Level.L1:
        return True
    sla = ticket_sla(ticket, now=at, policy=policy)
    return any(
        clock is not None and clock.status is SlaStatus.BREACHED
        for clock in (sla.response, sla.resolution)
    )
