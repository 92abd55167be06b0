"""Rates over records (RULES HL-1, RV-7, SQ-2).

On-time resolution and delivery, complaints resolved, renewals, needs converted, churn.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta, timezone
from operator import attrgetter

from salescare._edge import edge
from salescare.calendars import ALWAYS
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo
from salescare.metrics.values import (
    Period,
    Ratio,
    _elapsed,
    _within,
)
from salescare.models import (
    Complaint,
    ComplaintStatus,
    Level,
    Revisit,
    Ticket,
)
from salescare.sla import DEFAULT_TICKET_POLICY, TicketSlaPolicy, measure

__all__ = [
    "churn_rate",
    "complaint_resolution_rate",
    "need_conversion_rate",
    "on_time_delivery_rate",
    "on_time_resolution_rate",
    "renewal_rate",
]

# -- rates ---------------------------------------------------------------------------------


@edge
def on_time_resolution_rate(
    tickets: Iterable[Ticket],
    *,
    levels: Collection[Level] = (Level.L1, Level.L2),
    period: Period | None = None,
    as_of: datetime | None = None,
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
) -> Ratio:
    """Share of tickets resolved within their TK-3 target (HL-1's "L1/L2 on-time rate").

    Counted: tickets of ``levels`` resolved in ``period`` (all when ``None``); on time when
    the resolution clock (with pauses, TK-10, on the policy's calendar; from the reopening for
    a reopened ticket, TK-15) is met. With
    ``as_of``, tickets still open whose resolution deadline passed in the period (before
    ``as_of``) count as late too, so leaving a ticket open never improves the rate.
    """
    wanted = frozenset(levels)
    names = "/".join(str(level) for level in Level if level in wanted)
    on_time = counted = 0
    targets = {level: policy.target(policy.levels[level].resolve) for level in wanted}
    # elapsed-time targets need no calendar: met exactly when done within the duration
    budgets = {
        level: target.duration if target.calendar is ALWAYS else _ON_CALENDAR
        for level, target in targets.items()
    }
    budget_of = budgets.get
    # one C call per ticket for the fields read; the common case compares a timedelta. An
    # unwanted level (or None, not triaged) has no entry
    for level, submitted, resolved, pauses, reopened in map(_RESOLUTION_FIELDS, tickets):
        budget = budget_of(level)
        if budget is None:
            continue
        start = submitted
        # TK-15: the clock runs anew from a reopening (one after as_of has not happened yet)
        if reopened is not None and (resolved is not None or as_of is None or reopened <= as_of):
            start = reopened
        if resolved is not None:
            if period is not None and resolved not in period:
                continue
            counted += 1
            if budget is _ON_CALENDAR or pauses:
                clock = measure(targets[level], start, now=resolved, stop=resolved, pauses=pauses)
                on_time += clock.breached_at is None
            else:
                zone = start.tzinfo
                if zone is resolved.tzinfo and type(zone) is not timezone:
                    on_time += _elapsed(start, resolved) <= budget
                else:  # exact: see _elapsed
                    on_time += resolved - start <= budget
        elif as_of is not None and as_of >= start:
            clock = measure(targets[level], start, now=as_of, pauses=pauses)
            counted += clock.breached_at is not None and _within(clock.due, period)
    return Ratio(
        what=tr("on-time resolution of {names} tickets", names=names),
        rule="HL-1, SQ-2",
        numerator=on_time,
        denominator=counted,
    )


_ON_CALENDAR = timedelta.max  # a marker: this level's target runs on a working calendar
_RESOLUTION_FIELDS = attrgetter("level", "submitted_at", "resolved_at", "pauses", "reopened_at")
_SOLVED = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.REVISITED})


@edge
def complaint_resolution_rate(
    complaints: Iterable[Complaint], *, period: Period | None = None
) -> Ratio:
    """Share of complaints received in ``period`` that are resolved (SQ-2, CP).

    Examples:
        >>> print(complaint_resolution_rate([]))
        complaint resolution: 0/0 = n/a (SQ-2)
    """
    solved = received = 0
    for complaint in complaints:
        if not _within(complaint.received_at, period):
            continue
        received += 1
        solved += complaint.resolved_at is not None or complaint.status in _SOLVED
    return Ratio(
        what=tr("complaint resolution"), rule="SQ-2", numerator=solved, denominator=received
    )


@edge
def on_time_delivery_rate(
    deliveries: Iterable[tuple[date | datetime, date | datetime | None]],
    *,
    as_of: date | datetime | None = None,
) -> Ratio:
    """Share of deliveries made by their due date (SQ-2).

    Each delivery is ``(due, delivered)``; ``delivered`` is ``None`` while outstanding.
    Delivered on the due date (or instant) is on time. An outstanding delivery counts as
    late once ``as_of`` is past its due date, and is left out before.

    Examples:
        >>> from datetime import date
        >>> print(
        ...     on_time_delivery_rate(
        ...         [
        ...             (date(2024, 5, 10), date(2024, 5, 10)),
        ...             (date(2024, 5, 10), date(2024, 5, 11)),
        ...             (date(2024, 5, 20), None),
        ...         ],
        ...         as_of=date(2024, 5, 15),
        ...     )
        ... )
        on-time delivery: 1/2 = 50.00 % (SQ-2)
    """
    on_time = counted = 0
    for due, delivered in deliveries:
        if delivered is None:
            counted += as_of is not None and _later(as_of, due)
            continue
        counted += 1
        on_time += not _later(delivered, due)
    return Ratio(what=tr("on-time delivery"), rule="SQ-2", numerator=on_time, denominator=counted)


def _later(moment: date | datetime, due: date | datetime) -> bool:
    """``moment`` is after ``due``; a date due means "by the end of that day"."""
    if isinstance(due, datetime):
        if not isinstance(moment, datetime):
            return moment > due.date()
        return moment > due
    day = moment.date() if isinstance(moment, datetime) else moment
    return day > due


@edge
def renewal_rate(
    contracts: Iterable[tuple[date, date | None]], *, period: tuple[date, date] | None = None
) -> Ratio:
    """Share of contracts expiring in ``period`` (inclusive dates) that were renewed (HL-1).

    Each contract is ``(expires_on, renewed_on)``; ``renewed_on`` is ``None`` when it was
    not renewed.

    Examples:
        >>> from datetime import date
        >>> print(renewal_rate([(date(2024, 3, 31), date(2024, 3, 1)), (date(2024, 6, 30), None)]))
        renewal: 1/2 = 50.00 % (HL-1, SQ-2)
    """
    renewed = expiring = 0
    for expires_on, renewed_on in contracts:
        if period is not None and not period[0] <= expires_on <= period[1]:
            continue
        expiring += 1
        renewed += renewed_on is not None
    return Ratio(what=tr("renewal"), rule="HL-1, SQ-2", numerator=renewed, denominator=expiring)


CustomerId = CustomerNo | CustomerCode


@edge
def need_conversion_rate(
    revisits: Iterable[Revisit],
    orders: Iterable[tuple[CustomerId, date]],
    *,
    within: timedelta | None = None,
) -> Ratio:
    """Share of needs heard in revisits that became orders (RV-7, SQ-2).

    A need is a revisit with a non-empty ``need``; it converted when the customer ordered
    on or after the revisit's date (and, with ``within``, no later than that long after).
    ``orders`` are ``(customer, ordered_on)`` pairs; they are read once into a per-customer
    list of dates, so memory grows with the orders, not the revisits.
    """
    by_customer: dict[str, list[date]] = {}
    for customer, ordered_on in orders:
        by_customer.setdefault(str(customer), []).append(ordered_on)
    for days in by_customer.values():
        days.sort()
    converted = needs = 0
    for revisit in revisits:
        if not revisit.need.strip():
            continue
        needs += 1
        heard = revisit.at.date()
        latest = heard + within if within is not None else date.max
        converted += any(
            heard <= day <= latest for day in by_customer.get(str(revisit.customer), ())
        )
    return Ratio(
        what=tr("need → order conversion"),
        rule="RV-7, SQ-2",
        numerator=converted,
        denominator=needs,
    )


@edge
def churn_rate(active_at_start: Iterable[CustomerId], active_at_end: Iterable[CustomerId]) -> Ratio:
    """Share of the customers active at the period's start who are not active at its end.

    Examples:
        >>> from salescare.ids import CustomerCode
        >>> a, b = CustomerCode.parse("HZ-IT-2024-001"), CustomerCode.parse("HZ-IT-2024-002")
        >>> print(churn_rate([a, b], [b]))
        churn: 1/2 = 50.00 % (SQ-2)
    """
    start = {str(c) for c in active_at_start}
    end = {str(c) for c in active_at_end}
    return Ratio(what=tr("churn"), rule="SQ-2", numerator=len(start - end), denominator=len(start))
