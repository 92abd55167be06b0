"""What is due, by whom, and what is late, right now: every obligation across the records.

:func:`agenda` reads any mix of records (customers, tickets, handovers, feedback, registrations,
opportunities, objections, revisits, follow-ups, health reviews, support requests, departures)
and returns one :class:`AgendaItem` per clock that a record has started: the rule, what is
owed, the role and the person who owe it (when the record names one), the start, the due time,
the status (upcoming, due soon, overdue; or met or breached once done) and the source record.
Where each timer starts and stops in the records is data (``data/clocks.toml``, :data:`CLOCKS`);
the targets are :data:`~salescare.sla.TIMERS`' (tickets follow the ticket policy).

The duties that no record starts — the 17:00 stand-up (CO-1), the weekly review (CO-2), the
supervisor's weekly check of follow-up plans and records (FU-3, FU-8), the monthly health
tracking update (HL-3), the monthly need sync to after-sales (FB-11), a first grading for a
customer never graded (GR-8) — come from the calendar: the current period's instance.

Examples:
    >>> from datetime import datetime, timezone
    >>> from salescare.serialize import from_dict
    >>> from salescare.models import Ticket
    >>> ticket = from_dict(
    ...     Ticket,
    ...     {
    ...         "number": "FW20240515001",
    ...         "customer": "CUS20240515001",
    ...         "customer_name": "Lake Tech",
    ...         "description": "Export shows wrong totals",
    ...         "submitted_at": "2024-05-15T09:15:00+08:00",
    ...     },
    ... )
    >>> now = datetime(2024, 5, 15, 1, 40, tzinfo=timezone.utc)
    >>> [(i.rule, i.what, str(i.status)) for i in agenda([ticket], now=now, periodic=False)]
    [('TK-2', 'triage the ticket', 'overdue')]
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from types import MappingProxyType
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from salescare._edge import edge
from salescare.calendars import WorkCalendar
from salescare.data import read_toml
from salescare.errors import CalendarRangeError, ValidationError, WrongTypeError
from salescare.i18n import Text, tr
from salescare.ids import CustomerCode, CustomerNo, StaffNo
from salescare.meetings import DEFAULT_RHYTHM, RhythmPolicy, meetings
from salescare.models import RECORD_TYPES, Customer, DutyLog, Ticket
from salescare.sla import (
    DEFAULT_TICKET_POLICY,
    TIMERS,
    Measurement,
    Target,
    TicketSlaPolicy,
    measure,
    ticket_sla,
    working_calendar,
)
from salescare.vocabulary import DutyStatus, Role, SlaStatus

__all__ = ["CLOCKS", "AgendaItem", "Clock", "DutyStatus", "agenda"]

_KINDS = frozenset({"once", "cadence", "cross", "quiet", "deadline"})


@attrs.frozen(kw_only=True)
class Clock:
    """Where one timer of :data:`~salescare.sla.TIMERS` starts and stops in the records.

    A row of ``data/clocks.toml``: see that file's header for each field's meaning.
    """

    timer: str
    rule: str
    what: str
    record: str
    start: str
    end: tuple[str, ...] = ()
    due: str | None = None
    kind: str = attrs.field(default="once", validator=attrs.validators.in_(_KINDS))
    marks: str | None = None
    until: str | None = None
    by: tuple[str, ...] = ()
    when: Mapping[str, Any] = MappingProxyType({})
    role: Role
    owner: str | None = None
    each: str | None = None
    customers: str | None = None
    via: str | None = None


def _load() -> tuple[Clock, ...]:
    rows = read_toml("clocks.toml")["clock"]
    fixed = {"end", "by", "role", "rule", "what"}
    return tuple(
        Clock(
            **{key: value for key, value in row.items() if key not in fixed},
            rule=row.get("rule") or TIMERS[row["timer"]].rule,
            what=Text(row["what"]) if row.get("what") else TIMERS[row["timer"]].what,
            end=tuple(row.get("end", ())),
            by=tuple(row.get("by", ())),
            role=Role.parse(row["role"]),
        )
        for row in rows
    )


CLOCKS: tuple[Clock, ...] = _load()
"""Every timer's start and discharge in the records (``data/clocks.toml``), in file order."""


@attrs.frozen(kw_only=True)
class AgendaItem:
    """One obligation on the agenda: what, whose, from when, by when, and where it stands.

    ``owner`` is the person the source record names (``None`` when it names nobody: then the
    ``role`` owes it). ``team`` is the customer's team when the customer's file was given.
    ``done_at`` is when a settled duty was done (for a ban such as CX-4's no-contact month,
    when it was broken or ended). ``record`` is the source record itself.
    """

    rule: str
    timer: str
    what: str
    role: Role
    owner: StaffNo | None
    team: str
    customer: CustomerNo | CustomerCode | None
    start: datetime
    due: datetime
    status: DutyStatus
    done_at: datetime | None
    source: str
    record: object = attrs.field(default=None, eq=False, repr=False)

    @property
    def family(self) -> str:
        """The rule family (``"TK"`` for ``"TK-3"``)."""
        return self.rule.partition("-")[0]

    @property
    def open(self) -> bool:
        """Still to be done (upcoming, due soon or overdue)."""
        return self.done_at is None

    def __str__(self) -> str:
        who = f"{self.owner} ({self.role})" if self.owner is not None else str(self.role)
        return (
            f"[{self.status}] {self.rule} {self.what} — {who}, due {self.due.isoformat()}"
            f" ({self.source})"
        )


@edge
def agenda(
    records: Iterable[object],
    *,
    now: datetime,
    owner: StaffNo | None = None,
    team: str | None = None,
    families: Collection[str] | None = None,
    recent: timedelta = timedelta(days=7),
    periodic: bool = True,
    ticket_policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
    calendar: WorkCalendar | None = None,
    rhythm: RhythmPolicy = DEFAULT_RHYTHM,
) -> tuple[AgendaItem, ...]:
    """Every open obligation of ``records`` as of ``now``, and those settled within ``recent``.

    Filters: ``owner`` keeps the duties that name that person; ``team`` those of customers of
    that team (a customer's team is read from the ``Customer`` records given); ``families``
    those of the rule families named (``{"TK", "HO"}``). A duty that names no owner, or whose
    customer's team is unknown, matches no owner or team filter (deny by default). Periodic
    duties (``periodic``) follow ``calendar`` (China's by default) and ``rhythm``.
    Items come sorted by due time, then rule.
    """
    everything = list(records)
    known = _record_types()
    for position, record in enumerate(everything):
        if type(record) not in known:
            raise WrongTypeError(
                ("agenda", "records", position),
                record,
                tr("is not a salescare record"),
                tr("records of salescare.models (Ticket, Handover, Customer, …)"),
            )
    if recent < timedelta(0):
        raise ValidationError(
            ("agenda", "recent"), recent, tr("is negative"), tr("a timedelta >= 0")
        )
    index = _Index(everything)
    items: list[AgendaItem] = []
    for record in everything:
        items.extend(_record_items(record, index, now, ticket_policy, calendar))
    if periodic:
        try:
            items.extend(_periodic(index, now, calendar or working_calendar(), rhythm))
        except OverflowError:  # a period reaching past year 9999 (or before year 1)
            raise CalendarRangeError.beyond(now.year, first=2, last=9998) from None
    try:
        horizon = now - recent
    except OverflowError:  # a window reaching before year 1: everything settled is recent
        horizon = datetime.min.replace(tzinfo=UTC)
    wanted = None if families is None else frozenset(families)
    kept = [
        item
        for item in items
        if (item.done_at is None or item.done_at >= horizon)
        and (owner is None or (item.owner is not None and item.owner == owner))
        and (team is None or (item.team != "" and item.team == team))
        and (wanted is None or item.family in wanted)
    ]
    kept.sort(key=lambda item: (item.due, item.rule, item.timer, item.source))
    return tuple(kept)


@cache
def _record_types() -> frozenset[type]:
    return frozenset(RECORD_TYPES)


class _Index:
    """The records looked up by customer: files (for the team) and contacts made (by time)."""

    def __init__(self, records: list[object]) -> None:
        self.customers: dict[object, Customer] = {}
        self.contacts: dict[tuple[str, object], list[tuple[datetime, object]]] = defaultdict(list)
        self.logs: dict[str, list[DutyLog]] = defaultdict(list)
        for record in records:
            if isinstance(record, Customer):
                self.customers[record.number] = record
            elif isinstance(record, DutyLog):
                self.logs[record.rule].append(record)
            kind = type(record).__name__
            moment = getattr(record, "at", None)
            customer = getattr(record, "customer", None)
            if isinstance(moment, datetime) and customer is not None:
                self.contacts[kind, customer].append((moment, record))
        for contacts in self.contacts.values():
            contacts.sort(key=lambda pair: pair[0])

    def first_contact(
        self, kinds: Iterable[str], customer: object, after: datetime, by: object = None
    ) -> datetime | None:
        """The first contact of ``kinds`` with ``customer`` at or after ``after`` (by ``by``)."""
        found: datetime | None = None
        for kind in kinds:
            made = self.contacts.get((kind, customer), [])
            start = bisect.bisect_left(made, after, key=lambda pair: pair[0])
            for moment, record in made[start:]:
                if by is None or getattr(record, "by", None) == by:
                    found = moment if found is None else min(found, moment)
                    break
        return found

    def logged(self, rule: str, start: datetime, end: datetime) -> DutyLog | None:
        """The first log of duty ``rule`` in [``start``, ``end``)."""
        inside = [log for log in self.logs.get(rule, ()) if start <= log.at < end]
        return min(inside, key=lambda log: log.at, default=None)

    def team(self, customer: object) -> str:
        file = self.customers.get(customer)
        return "" if file is None else file.team


_BY_RECORD: Mapping[str, tuple[Clock, ...]] = MappingProxyType(
    {
        name: tuple(clock for clock in CLOCKS if clock.record == name)
        for name in {clock.record for clock in CLOCKS}
    }
)


def _record_items(
    record: object,
    index: _Index,
    now: datetime,
    policy: TicketSlaPolicy,
    calendar: WorkCalendar | None,
) -> Iterator[AgendaItem]:
    clocks = _BY_RECORD.get(type(record).__name__, ())
    if isinstance(record, Ticket):
        yield from _ticket_items(record, clocks, index, now, policy)
        return
    for clock in clocks:
        if not _holds(record, clock.when):
            continue
        parts = getattr(record, clock.each) if clock.each else (record,)
        for part in parts:
            found = _measure_clock(clock, record, part, index=index, now=now, calendar=calendar)
            if found is not None:
                measured, done = found
                yield _item(clock, record, index, measured, done, part=part)


def _measure_clock(
    clock: Clock,
    record: object,
    part: object,
    *,
    index: _Index,
    now: datetime,
    calendar: WorkCalendar | None,
) -> tuple[Measurement, datetime | None] | None:
    # a part (a contact, a promise) holds its own start unless the record does
    holder = part if hasattr(part, clock.start.partition("@")[0].split(".")[0]) else record
    start = _start(holder, clock.start, calendar)
    if start is None or start > now:
        return None
    if clock.kind == "deadline":  # a date the record sets itself, not a timer's
        due = getattr(part, clock.due or "due")
        target = Target(key=clock.timer, rule=clock.rule, what=clock.what,
                        duration=max(due - start, timedelta(0)))  # fmt: skip
        if clock.by:  # carried out by a contact with the customer
            done = index.first_contact(clock.by, _customer(record), start)
        else:
            done = _first_end(part, clock.end, start)
        return _settled(target, start, done, now)
    target = TIMERS[clock.timer]
    if clock.kind == "cadence":
        if clock.until is not None and getattr(record, clock.until) is not None:
            return None  # finished: no further mark is owed
        start = max([start, *(m for m in _marks(record, clock.marks) if m <= now)])
        return measure(target, start, now=now), None
    if clock.kind == "quiet":
        return _quiet(clock, record, index, target=target, start=start, now=now)
    if clock.kind == "cross":
        done = index.first_contact(clock.by, _customer(record), start)
    else:
        done = _first_end(part, clock.end, start)
    return _settled(target, start, done, now)


def _settled(
    target: Target, start: datetime, done: datetime | None, now: datetime
) -> tuple[Measurement, datetime | None]:
    """The clock as of ``now``: stopped when done by then, else still running."""
    if done is not None and done <= now:
        return measure(target, start, now=now, stop=done), done
    return measure(target, start, now=now), None


def _quiet(
    clock: Clock, record: object, index: _Index, *, target: Target, start: datetime, now: datetime
) -> tuple[Measurement, datetime | None]:
    due = measure(target, start, now=start).due
    owner = getattr(record, clock.owner) if clock.owner else None
    broken = _broken(clock, record, index, start=start, due=due, owner=owner)
    if broken is not None and broken <= now:  # a ban broken is breached, however early
        kept = measure(target, start, now=broken, stop=broken)
        return attrs.evolve(kept, status=SlaStatus.BREACHED, breached_at=broken), broken
    if now >= due:
        return measure(target, start, now=due, stop=due), due
    return measure(target, start, now=now), None


def _broken(
    clock: Clock, record: object, index: _Index, *, start: datetime, due: datetime, owner: object
) -> datetime | None:
    """The first contact the ban forbids: by ``owner`` with the record's customers, in time."""
    listed = getattr(record, clock.customers) if clock.customers else ()
    customers = [item.customer for item in listed]
    times = [index.first_contact(clock.by, customer, start, by=owner) for customer in customers]
    inside = [moment for moment in times if moment is not None and moment < due]
    return min(inside, default=None)


def _ticket_items(
    ticket: Ticket,
    clocks: tuple[Clock, ...],
    index: _Index,
    now: datetime,
    policy: TicketSlaPolicy,
) -> Iterator[AgendaItem]:
    if now < ticket.submitted_at:
        return
    sla = ticket_sla(ticket, now=now, policy=policy)
    level = ticket.level
    measured = {
        "TK-2": sla.triage,
        f"TK-3.{level}.respond": sla.response,
        f"TK-3.{level}.resolve": sla.resolution,
        "TK-4": sla.assignment,
        "TK-5": sla.joint_meeting,
        "TK-8.sync": sla.sync_to_sales,
        "TK-8.contact": sla.sales_contact,
        "TK-8.satisfaction": sla.satisfaction,
        "TK-15.appease": sla.appeasement,
    }
    for clock in clocks:
        if not _holds(ticket, clock.when):
            continue
        if clock.kind == "cadence":
            progress = sla.progress
            if progress is None or progress.next_update_due is None:
                continue
            last = progress.gaps[-1].start if progress.gaps else ticket.submitted_at
            if last > now:  # the cadence starts at an event still to come
                continue
            yield _item(clock, ticket, index, measure(progress.cadence, last, now=now), None)
            continue
        found = measured.get(clock.timer)
        if found is None:
            continue
        done = found.stopped_at
        if done is not None and done > now:  # done after now: as of now, still open
            pauses = ticket.pauses if clock.rule == "TK-3" else ()
            found, done = measure(found.target, found.start, now=now, pauses=pauses), None
        yield _item(clock, ticket, index, found, done)


def _item(
    clock: Clock,
    record: object,
    index: _Index,
    measured: Measurement,
    done: datetime | None,
    *,
    part: object = None,
) -> AgendaItem:
    holder = part if clock.owner and hasattr(part, clock.owner) else record
    owner = getattr(holder, clock.owner, None) if clock.owner else None
    customer = _customer(record)
    return AgendaItem(
        rule=clock.rule,
        timer=clock.timer,
        what=clock.what,
        role=clock.role,
        owner=owner if isinstance(owner, StaffNo) else None,
        team=index.team(customer),
        customer=customer if isinstance(customer, CustomerNo | CustomerCode) else None,
        start=measured.start,
        due=measured.due,
        status=_status(measured, done),
        done_at=done,
        source=_source(record),
        record=record,
    )


def _status(measured: Measurement, done: datetime | None) -> DutyStatus:
    if done is not None:
        return DutyStatus.MET if measured.status is SlaStatus.MET else DutyStatus.BREACHED
    if measured.status is SlaStatus.BREACHED:
        return DutyStatus.OVERDUE
    if measured.status is SlaStatus.AT_RISK:
        return DutyStatus.DUE_SOON
    return DutyStatus.UPCOMING


def _holds(record: object, when: Mapping[str, Any]) -> bool:
    return all(
        getattr(record, name) in value
        if isinstance(value, list)
        else getattr(record, name) == value
        for name, value in when.items()
    )


def _read(record: object, dotted: str) -> Any:
    value = record
    for name in dotted.split("."):
        value = getattr(value, name)
    return value


def _start(part: object, spec: str, calendar: WorkCalendar | None) -> datetime | None:
    name, _, unit = spec.partition("@")
    value = _read(part, name)
    if value is None or not unit:
        return value  # type: ignore[no-any-return]  # a datetime field, by the table's contract
    # a date starts at midnight where the work happens (China's calendar by default)
    zone = (calendar or working_calendar()).zone
    return datetime.combine(value, time(0), tzinfo=zone)


def _first_end(part: object, specs: Iterable[str], start: datetime) -> datetime | None:
    ends: list[datetime] = []
    for spec in specs:
        if spec.startswith("event:"):
            event = spec.removeprefix("event:")
            history = getattr(part, "history", ())
            ends.extend(e.at for e in history if e.event == event and e.at >= start)
        else:
            value = getattr(part, spec)
            if value is not None and value >= start:
                ends.append(value)
    return min(ends, default=None)


def _marks(record: object, spec: str | None) -> list[datetime]:
    if spec is None:
        return []
    value = getattr(record, spec)
    if value is None:
        return []
    if isinstance(value, datetime):
        return [value]
    return [entry.at for entry in value]


def _customer(record: object) -> object:
    if isinstance(record, Customer):
        return record.number
    customer = getattr(record, "customer", None)
    return customer if customer is not None else getattr(record, "customer_code", None)


def _source(record: object) -> str:
    kind = type(record).__name__
    for name in ("number", "contract_number", "customer", "customer_code", "rep"):
        value = getattr(record, name, None)
        if value is not None:
            return f"{kind} {value}"
    lead = getattr(record, "lead", None)
    return f"{kind} {lead.company}" if lead is not None else kind


# -- periodic duties -----------------------------------------------------------------------


def _periodic(
    index: _Index, now: datetime, calendar: WorkCalendar, rhythm: RhythmPolicy
) -> Iterator[AgendaItem]:
    """The last and the next meeting of each kind, this period's and last period's duties."""
    today = now.astimezone(calendar.zone).date()
    week = list(meetings(calendar, today - timedelta(days=7), today + timedelta(days=6),
                         policy=rhythm))  # fmt: skip
    for kind in ("standup", "weekly_review"):
        held = [m for m in week if m.kind == kind and m.start < now][-1:]
        coming = [m for m in week if m.kind == kind and m.start >= now][:1]
        for meeting in (*held, *coming):
            what = tr("hold the stand-up") if kind == "standup" else tr("hold the weekly review")
            start = _midnight(meeting.start.astimezone(calendar.zone).date(), calendar)
            log = index.logged(meeting.rule, start, start + timedelta(days=1))
            yield _duty(meeting.rule, what, Role.SALES_SUPERVISOR, start=start,
                        due=meeting.end, now=now, log=log)  # fmt: skip
    starts = {
        "week": _midnight(today - timedelta(days=today.weekday()), calendar),
        "month": _midnight(today.replace(day=1), calendar),
    }
    lengths = {"week": relativedelta(weeks=1), "month": relativedelta(months=1)}
    for row in _DUTIES:
        current, length = starts[row["every"]], lengths[row["every"]]
        for start in (current - length, current):  # a missed last period stays overdue
            due = start + length
            log = index.logged(row["rule"], start, due)
            yield _duty(row["rule"], Text(row["what"]), Role.parse(row["role"]), start=start,
                        due=due, now=now, log=log)  # fmt: skip
    quarter = _midnight(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), calendar)
    for customer in index.customers.values():
        if customer.graded_at is None:
            duty = _duty("GR-8", tr("grade the customer (never graded)"), Role.SALES_REP,
                         start=quarter, due=quarter + relativedelta(months=3), now=now)  # fmt: skip
            yield attrs.evolve(
                duty,
                owner=customer.sales_owner,
                team=customer.team,
                customer=customer.number,
                source=_source(customer),
                record=customer,
            )


_DUTIES: tuple[Mapping[str, str], ...] = tuple(read_toml("clocks.toml")["duty"])


def _midnight(day: date, calendar: WorkCalendar) -> datetime:
    return datetime.combine(day, time(0), tzinfo=calendar.zone)


def _duty(
    rule: str,
    what: str,
    role: Role,
    *,
    start: datetime,
    due: datetime,
    now: datetime,
    log: DutyLog | None = None,
) -> AgendaItem:
    target = Target(key=rule, rule=rule, what=what, duration=due - start)
    done = None if log is None else log.at
    measured, done = _settled(target, start, done, max(now, start))
    return AgendaItem(
        rule=rule,
        timer="",
        what=what,
        role=role,
        owner=None if log is None else log.by,
        team="",
        customer=None,
        start=start,
        due=due,
        status=_status(measured, done),
        done_at=done,
        source="calendar",
        record=log,
    )
