"""Ticket SLAs (RULES TK-2…TK-9): every clock of a ticket measured at once, under a policy.

:class:`TicketSlaPolicy` holds every number of the ticket rules; :func:`ticket_sla` measures
triage, assignment, the joint meeting, response, resolution, progress cadence, the sync to
sales, the sales contact and the satisfaction collection of one ticket;
:func:`ticket_sla_many` does it for a list.

Examples:
    >>> DEFAULT_TICKET_POLICY.levels[Level.L1].resolve.describe()
    '4 h'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

import attrs

from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.calendars import WorkCalendar
from salescare.errors import (
    PolicyError,
)
from salescare.i18n import tr
from salescare.models import Ticket
from salescare.sla.clock import Measurement, measure
from salescare.sla.targets import TIMERS, Target, _instant
from salescare.vocabulary import Level, SlaStatus

__all__ = [
    "DEFAULT_TICKET_POLICY",
    "LevelTargets",
    "ProgressCompliance",
    "TicketSla",
    "TicketSlaPolicy",
    "UpdateGap",
    "ticket_sla",
    "ticket_sla_many",
]


@attrs.frozen(kw_only=True)
class LevelTargets:
    """The TK-3 respond / resolve targets and TK-6 progress cadence of one level."""

    respond: Target
    resolve: Target
    progress: Target | None

    def __attrs_post_init__(self) -> None:
        check_fields(self)


def _default_levels() -> Mapping[Level, LevelTargets]:
    return MappingProxyType(
        {
            level: LevelTargets(
                respond=TIMERS[f"TK-3.{level}.respond"],
                resolve=TIMERS[f"TK-3.{level}.resolve"],
                progress=TIMERS.get(f"TK-6.{level}"),
            )
            for level in Level
        }
    )


@attrs.frozen(kw_only=True)
class TicketSlaPolicy:
    """Every number of the ticket rules (TK-2…TK-9, TK-15) as data; replace any of them.

    ``calendar``, when set, moves every ticket clock onto it (business hours instead of the
    elapsed 24×7 time the manuals mean by "within N hours").
    """

    triage: Target = TIMERS["TK-2"]
    assign: Target = TIMERS["TK-4"]
    joint_meeting: Target = TIMERS["TK-5"]
    levels: Mapping[Level, LevelTargets] = attrs.field(factory=_default_levels)
    sync_to_sales: Target = TIMERS["TK-8.sync"]
    sales_contact: Target = TIMERS["TK-8.contact"]
    satisfaction: Target = TIMERS["TK-8.satisfaction"]
    appease: Target = TIMERS["TK-15.appease"]
    appeasement_threshold: int = 3
    calendar: WorkCalendar | None = None

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        missing = [str(level) for level in Level if level not in self.levels]
        problems = [tr("no targets for level {level}", level=level) for level in missing]
        if not 1 <= self.appeasement_threshold <= 5:  # noqa: PLR2004 - the 1–5 scale
            problems.append(
                tr(
                    "appeasement threshold {appeasement_threshold} is not 1–5",
                    appeasement_threshold=self.appeasement_threshold,
                )
            )
        if problems:
            raise PolicyError("TicketSlaPolicy", problems)

    def target(self, target: Target) -> Target:
        """``target`` on this policy's calendar, if it sets one."""
        return target if self.calendar is None else target.on(self.calendar)


DEFAULT_TICKET_POLICY = TicketSlaPolicy()
"""The manuals' ticket targets: TK-2 15 min, TK-3 by level, TK-4 30 min, TK-5 1 h, TK-6, TK-8."""


@attrs.frozen(kw_only=True)
class UpdateGap:
    """The time between two progress updates (or the cadence's start and the first update).

    (Formerly ``Gap``: the old name still works, with a warning, for one release.)
    """

    start: datetime
    end: datetime
    length: timedelta
    ok: bool


@attrs.frozen(kw_only=True)
class ProgressCompliance:
    """Whether progress updates came often enough (TK-6): every gap, and the longest."""

    cadence: Target
    gaps: tuple[UpdateGap, ...]
    next_update_due: datetime | None

    @property
    def ok(self) -> bool:
        """No gap longer than the cadence."""
        return all(gap.ok for gap in self.gaps)

    @property
    def violations(self) -> tuple[UpdateGap, ...]:
        """The gaps longer than the cadence."""
        return tuple(gap for gap in self.gaps if not gap.ok)


@attrs.frozen(kw_only=True)
class TicketSla:
    """Every clock of one ticket, as of one instant.

    A clock whose start has not happened yet (assignment before triage, say) is ``None``.
    Postponement (TK-7) never hides the original breach: ``resolution`` is always measured
    against the TK-3 target; ``late_against_expected`` compares with the postponed time. A
    reopened ticket's resolution clock runs from the reopening (TK-15; the first resolution
    stays in the history). ``appeasement`` runs from a low rating until the sales owner
    appeases the customer (TK-15).
    """

    ticket: Ticket
    now: datetime
    triage: Measurement
    response: Measurement | None
    resolution: Measurement | None
    assignment: Measurement | None
    joint_meeting: Measurement | None
    progress: ProgressCompliance | None
    sync_to_sales: Measurement | None
    sales_contact: Measurement | None
    satisfaction: Measurement | None
    appeasement: Measurement | None
    appeasement_due: bool
    late_against_expected: bool | None

    @property
    def measurements(self) -> tuple[Measurement, ...]:
        """Every clock that has started."""
        clocks = (
            self.triage,
            self.response,
            self.resolution,
            self.assignment,
            self.joint_meeting,
            self.sync_to_sales,
            self.sales_contact,
            self.satisfaction,
            self.appeasement,
        )
        return tuple(m for m in clocks if m is not None)

    @property
    def breaches(self) -> tuple[Measurement, ...]:
        """The breached clocks."""
        return tuple(m for m in self.measurements if m.status is SlaStatus.BREACHED)

    @property
    def at_risk(self) -> tuple[Measurement, ...]:
        """The clocks at risk."""
        return tuple(m for m in self.measurements if m.status is SlaStatus.AT_RISK)


def _progress(ticket: Ticket, cadence: Target | None, now: datetime) -> ProgressCompliance | None:
    begin = ticket.assigned_at or ticket.triaged_at
    if cadence is None or begin is None:
        return None
    end = max(ticket.resolved_at or now, begin)
    marks = sorted(u.at for u in ticket.progress if begin <= u.at <= end)
    points = [begin, *marks]
    gaps = []
    budget = cadence.duration or timedelta(0)
    for left, right in zip(points, [*marks, end], strict=True):
        length = cadence.calendar.between(left, right)
        gaps.append(UpdateGap(start=left, end=right, length=length, ok=length <= budget))
    next_due = None if ticket.resolved_at else cadence.calendar.add(points[-1], budget)
    return ProgressCompliance(cadence=cadence, gaps=tuple(gaps), next_update_due=next_due)


@edge
def ticket_sla(
    ticket: Ticket, *, now: datetime, policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY
) -> TicketSla:
    """Measure every clock of ``ticket`` as of ``now`` under ``policy``.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.serialize import from_dict
        >>> t = from_dict(
        ...     Ticket,
        ...     {
        ...         "number": "FW20240515001",
        ...         "customer": "CUS20240515001",
        ...         "customer_name": "Lake Tech",
        ...         "description": "Export shows wrong totals",
        ...         "submitted_at": "2024-05-15T09:15:00+08:00",
        ...         "level": "L2",
        ...         "triaged_at": "2024-05-15T09:25:00+08:00",
        ...     },
        ... )
        >>> now = datetime(2024, 5, 15, 11, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> sla = ticket_sla(t, now=now)
        >>> print(sla.triage.status, sla.response.status, sla.assignment.status)
        met breached breached
        >>> print(sla.response.reason)
        breached: respond to an L2 ticket within 2 h (TK-3), 15 min past due \
2024-05-15T11:15:00+08:00
    """
    _instant(now, "now")
    pauses = ticket.pauses
    triage = measure(
        policy.target(policy.triage), ticket.submitted_at, now=now, stop=ticket.triaged_at
    )
    response = resolution = progress = None
    if ticket.level is not None:
        targets = policy.levels[ticket.level]
        response = measure(
            policy.target(targets.respond),
            ticket.submitted_at,
            now=now,
            stop=ticket.first_response_at,
            pauses=pauses,
        )
        reopened = ticket.reopened_at
        # TK-15: anew from a reopening (one still to come as of now has not happened)
        begun = reopened if reopened is not None and reopened <= now else ticket.submitted_at
        resolution = measure(
            policy.target(targets.resolve),
            begun,
            now=now,
            stop=ticket.resolved_at,
            pauses=pauses,
        )
        cadence = targets.progress
        progress = _progress(ticket, None if cadence is None else policy.target(cadence), now)
    assignment = _optional_measure(
        policy.target(policy.assign), ticket.triaged_at, now, ticket.assigned_at
    )
    joint = _optional_measure(
        policy.target(policy.joint_meeting),
        ticket.joint_triggered_at if ticket.joint_handling else None,
        now,
        ticket.joint_meeting_at,
    )
    sync = _optional_measure(
        policy.target(policy.sync_to_sales), ticket.resolved_at, now, ticket.synced_to_sales_at
    )
    contact = _optional_measure(
        policy.target(policy.sales_contact),
        ticket.synced_to_sales_at,
        now,
        ticket.sales_contacted_at,
    )
    satisfaction = _optional_measure(
        policy.target(policy.satisfaction), ticket.resolved_at, now, ticket.satisfaction_at
    )
    low, appeased = ticket.low_rating_at, ticket.appeased_at
    appeasement = _optional_measure(
        policy.target(policy.appease),
        low,
        now,
        appeased if appeased is not None and low is not None and appeased >= low else None,
    )
    expected = ticket.expected_resolution_at
    late = None
    if expected is not None:
        late = (ticket.resolved_at or now) > expected
    return TicketSla(
        ticket=ticket,
        now=now,
        triage=triage,
        response=response,
        resolution=resolution,
        assignment=assignment,
        joint_meeting=joint,
        progress=progress,
        sync_to_sales=sync,
        sales_contact=contact,
        satisfaction=satisfaction,
        appeasement=appeasement,
        appeasement_due=ticket.satisfaction is not None
        and ticket.satisfaction <= policy.appeasement_threshold,
        late_against_expected=late,
    )


def _optional_measure(
    target: Target, start: datetime | None, now: datetime, stop: datetime | None
) -> Measurement | None:
    if start is None or now < start:
        return None
    return measure(target, start, now=now, stop=stop)


@edge
def ticket_sla_many(
    tickets: Iterable[Ticket],
    *,
    now: datetime,
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
) -> list[TicketSla]:
    """:func:`ticket_sla` for each ticket, in order; cost linear in the number of tickets."""
    return [ticket_sla(ticket, now=now, policy=policy) for ticket in tickets]


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
