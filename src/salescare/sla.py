"""SLA targets and clocks: every "within N hours / working days" rule, measured exactly.

A :class:`Target` is a duration on a calendar ("4 h", elapsed by default), a number of working
days ("3 working days": close of business of the third working day after the event's day), or
a number of calendar months. :func:`measure` runs one clock: from a start, optionally stopped,
optionally paused (RULES TK-10), as of ``now``, and says whether it is met, breached, running,
at risk or paused, when it is due, how much working time has elapsed and remains, and when the
breach happened.

:data:`TIMERS` holds one target for every "within" rule of the catalogue, keyed by rule ID
(``"TK-2"``) or rule ID and timer (``"TK-3.L1.resolve"``). :func:`ticket_sla` measures all of a
ticket's clocks at once under a :class:`TicketSlaPolicy`.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> start = datetime(2024, 5, 15, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    >>> target = TIMERS["TK-3.L2.resolve"]
    >>> m = measure(target, start, now=start + timedelta(hours=7))
    >>> print(m.status, m.due.isoformat(), m.remaining)
    at_risk 2024-05-15T17:15:00+08:00 1:00:00
    >>> done = measure(
    ...     target, start, now=start + timedelta(days=1), stop=start + timedelta(hours=8)
    ... )
    >>> print(done.status)
    met
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import instance, optional, text, to_decimal
from salescare._edge import check_fields, edge
from salescare.calendars import ALWAYS, WorkCalendar, china
from salescare.errors import (
    CalendarRangeError,
    NaiveDatetimeError,
    PolicyError,
    ValidationError,
    WrongTypeError,
    quoted,
)
from salescare.models import Pause, Ticket
from salescare.vocabulary import Level, SlaStatus

__all__ = [
    "DEFAULT_TICKET_POLICY",
    "TIMERS",
    "Gap",
    "LevelTargets",
    "Measurement",
    "ProgressCompliance",
    "SlaStatus",
    "Target",
    "TicketSla",
    "TicketSlaPolicy",
    "due",
    "measure",
    "ticket_sla",
    "ticket_sla_many",
    "working_calendar",
]

_AT_RISK = Decimal("0.8")
_MAX_COUNT = 10_000  # working days or months a target may count: far more than any rule
_SETTLE = 4  # rounds of counting lost days before searching for the deadline instead


@cache
def working_calendar() -> WorkCalendar:
    """The calendar of working-day targets by default: :func:`~salescare.calendars.china`.

    Built once and shared, so its tables are computed once per process.

    Examples:
        >>> working_calendar() is working_calendar()
        True
    """
    return china()


@attrs.frozen(kw_only=True)
class Target:
    """How long a step may take: a duration, a number of working days or of months.

    ``duration`` is working time on ``calendar`` (elapsed clock time on the default 24×7
    calendar, as RULES conventions read "within N hours"). ``working_days`` means close of
    business of the n-th working day after the start's day on ``calendar``. ``months`` means
    the same local time n calendar months later. Exactly one of the three is set.
    ``at_risk`` is the fraction of the target after which a running clock is at risk.

    Examples:
        >>> Target(key="TK-2", rule="TK-2", what="triage", duration=timedelta(minutes=15))
        Target(key='TK-2', rule='TK-2', what='triage', duration=datetime.timedelta(seconds=900), \
working_days=None, months=None, calendar=<24x7 calendar>, at_risk=Decimal('0.8'))
    """

    key: str = attrs.field(validator=text)
    rule: str = attrs.field(validator=text)
    what: str = attrs.field(validator=text)
    duration: timedelta | None = attrs.field(default=None, validator=optional(instance(timedelta)))
    working_days: int | None = None
    months: int | None = None
    calendar: WorkCalendar = attrs.field(
        default=ALWAYS,
        validator=instance(WorkCalendar),
        repr=lambda c: f"<{c.name or c.tz} calendar>",
    )
    at_risk: Decimal = attrs.field(default=_AT_RISK, converter=to_decimal)

    def __attrs_post_init__(self) -> None:
        problems = []
        kinds = [k for k in (self.duration, self.working_days, self.months) if k is not None]
        if len(kinds) != 1:
            problems.append("exactly one of duration, working_days and months must be set")
        if self.duration is not None and self.duration <= timedelta(0):
            problems.append(f"duration {self.duration} is not positive")
        for name in ("working_days", "months"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int or not 1 <= value <= _MAX_COUNT):
                problems.append(f"{name} {quoted(value)} is not a whole number 1–{_MAX_COUNT}")
        share = self.at_risk
        if not isinstance(share, Decimal) or not share.is_finite() or not 0 < share <= 1:
            problems.append(f"at_risk {quoted(share)} is not a fraction in (0, 1]")
        if problems:
            raise PolicyError(f"Target {self.key}", problems)

    def on(self, calendar: WorkCalendar) -> Target:
        """This target measured on another calendar (a business-hours one, say)."""
        return attrs.evolve(self, calendar=calendar)

    def plain_due(self, start: datetime) -> datetime:
        """The due time of a clock started at ``start`` that never pauses."""
        if self.duration is not None:
            if self.calendar is ALWAYS and start.utcoffset() is not None:
                # elapsed time: instant arithmetic, exactly what ALWAYS.add computes, without
                # its table (every workflow step creates a few of these)
                try:
                    return (start.astimezone(UTC) + self.duration).astimezone(start.tzinfo)
                except OverflowError:
                    return self.calendar.add(start, self.duration)  # it says why, in its terms
            return self.calendar.add(start, self.duration)
        if self.working_days is not None:
            return self.calendar.add_working_days(start, self.working_days)
        local = start if self.calendar.tz is None else start.astimezone(self.calendar.zone)
        try:
            later: datetime = local + relativedelta(months=self.months or 0)
        except (OverflowError, ValueError):
            year = local.year + (local.month - 1 + (self.months or 0)) // 12
            raise CalendarRangeError.beyond(year, first=1, last=9999) from None
        return later

    def describe(self) -> str:
        """The target in words, e.g. ``4 h`` or ``3 working days``."""
        if self.duration is not None:
            return _words(self.duration)
        if self.working_days is not None:
            unit = "working day" if self.working_days == 1 else "working days"
            return f"{self.working_days} {unit}"
        unit = "month" if self.months == 1 else "months"
        return f"{self.months} {unit}"


def _words(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


@attrs.frozen(kw_only=True)
class Measurement:
    """One clock, measured: status, due time, elapsed and remaining working time, breach."""

    target: Target
    start: datetime
    status: SlaStatus
    due: datetime
    elapsed: timedelta
    remaining: timedelta
    breached_at: datetime | None
    stopped_at: datetime | None
    reason: str

    @property
    def rule(self) -> str:
        """The rule ID the clock enforces."""
        return self.target.rule

    @property
    def ok(self) -> bool:
        """Not breached."""
        return self.status is not SlaStatus.BREACHED


def _instant(value: Any, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise WrongTypeError(("measure", field), value, "is not a datetime", "an aware datetime")
    if value.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("measure", field), value)
    return value


def _utc(moment: datetime) -> datetime:
    # clocks compare and merge instants: two times of one zone compare by wall clock (PEP 495)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # the first or last hours of the datetime range, east or west
        raise CalendarRangeError.beyond(moment.year, first=1, last=9999) from None


def _merged_pauses(
    pauses: Iterable[Pause | tuple[datetime, datetime | None]], start: datetime, now: datetime
) -> list[tuple[datetime, datetime]]:
    """The pauses after ``start`` as disjoint UTC spans; an open one runs until ``now``."""
    spans = []
    for index, pause in enumerate(pauses):
        begin, end = (pause.start, pause.end) if isinstance(pause, Pause) else pause
        begin = _utc(_instant(begin, f"pauses[{index}].start"))
        if end is not None:
            end = _utc(_instant(end, f"pauses[{index}].end"))
        # an open pause runs until now (the due time moves while the clock stands still)
        finish = end if end is not None else max(now, begin)
        if finish < begin:
            raise ValidationError(
                ("measure", "pauses", index, "end"), end, "is before its start", "end >= start"
            )
        begin = max(begin, start)
        if finish > begin:
            spans.append((begin, finish))
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for begin, finish in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def _due_with_pauses(
    target: Target, start: datetime, pauses: list[tuple[datetime, datetime]]
) -> datetime:
    """The due time once ``pauses`` have stood the clock still (RULES TK-10)."""
    if target.working_days is not None:
        return _working_days_due(target, start, pauses)
    calendar = target.calendar
    remaining = _budget(target, start)
    cursor = start
    for begin, finish in pauses:
        if begin > cursor:
            available = calendar.between(cursor, begin)
            if available >= remaining:
                return calendar.add(cursor, remaining)
            remaining -= available
        cursor = max(cursor, finish)
    return calendar.add(cursor, remaining)


def _budget(target: Target, start: datetime) -> timedelta:
    """The target as working time on its calendar, from ``start``."""
    if target.duration is not None:
        return target.duration
    return target.calendar.between(start, target.plain_due(start))


def _working_days_due(
    target: Target, start: datetime, pauses: list[tuple[datetime, datetime]]
) -> datetime:
    """Close of business of the n-th counted working day, a paused day not counting.

    A working day after the start's day counts unless the pauses cover all its working time,
    from its opening to its close of business; the start's own day never counts, so pausing
    it moves nothing, and a partly paused day still counts (see docs/design.md).
    """
    calendar = target.calendar
    count = target.working_days or 1
    first = start.astimezone(calendar.zone).date()

    def counted(k: int) -> int:  # days that count up to the k-th working day: grows with k
        return k - _lost_days(calendar, first, calendar.nth_working_day(start, k), pauses)

    lost = 0
    for _ in range(_SETTLE):  # a few short pauses: the lost days settle in a step or two
        found = count + lost - counted(count + lost)
        if found == lost:
            return calendar.add_working_days(start, count + lost)
        lost = found
    # a long pause: the answer is the least k >= count + lost with counted(k) >= count, and
    # no later than count working days after the last paused day
    last_paused = max(finish for _, finish in pauses).astimezone(calendar.zone).date()
    ceiling = count + (
        calendar.working_days_between(first, last_paused) if last_paused > first else 0
    )
    low, step = count + lost, count
    high = min(low + step, ceiling)
    while counted(high) < count:
        low, step = high, step * 2
        high = min(low + step, ceiling)
    while low < high:
        middle = (low + high) // 2
        if counted(middle) >= count:
            high = middle
        else:
            low = middle + 1
    return calendar.add_working_days(start, low)


def _lost_days(
    calendar: WorkCalendar, first: date, last: date, pauses: list[tuple[datetime, datetime]]
) -> int:
    """Working days after ``first`` and up to ``last`` whose working time is all paused.

    The days strictly inside a pause (from the day after it starts to two days before it
    ends: no span is longer than a day) are counted at once; the days at its edges are
    looked at one by one.
    """
    zone, lost = calendar.zone, 0
    edges: set[date] = set()
    for begin, finish in pauses:
        low = max(begin.astimezone(zone).date(), first)
        high = min(finish.astimezone(zone).date(), last)
        if high - low > timedelta(days=2):
            lost += calendar.working_days_between(low, high - timedelta(days=2))
            edges.update((low, high - timedelta(days=1), high))
        else:
            edges.update(low + timedelta(days=n) for n in range((high - low).days + 1))
    for day in edges:
        hours = calendar.working_hours(day) if first < day <= last else None
        if hours is not None:
            opening, close = hours
            working = calendar.between(opening, close)
            paused = sum(
                (
                    calendar.between(max(b, opening), min(f, close))
                    for b, f in pauses
                    if b < close and f > opening
                ),
                timedelta(0),
            )
            lost += working > timedelta(0) and paused == working
    return lost


def _effective(
    calendar: WorkCalendar, start: datetime, end: datetime, pauses: list[tuple[datetime, datetime]]
) -> timedelta:
    """Working time from start to end, less the working time inside pauses."""
    if end <= start:
        return timedelta(0)
    total = calendar.between(start, end)
    for begin, finish in pauses:
        if begin >= end:
            break
        total -= calendar.between(begin, min(finish, end))
    return total


def measure(
    target: Target,
    start: datetime,
    *,
    now: datetime,
    stop: datetime | None = None,
    pauses: Iterable[Pause | tuple[datetime, datetime | None]] = (),
) -> Measurement:
    """Measure one clock of ``target`` started at ``start``, as of ``now``.

    ``stop`` is when the step was done (``None`` while it is not). ``pauses`` are periods the
    clock stood still (RULES TK-10): paused time that is outside working hours is not
    subtracted twice, and a pause pushes the due time back. An open pause (no end) runs until
    ``now``. Done exactly at the due time is met; one microsecond later is breached.

    A working-day target stays a close of business: a pause moves it by whole counted working
    days, those whose working time it covers entirely (the start's own day never counts).
    """
    origin = _utc(_instant(start, "start"))
    moment = _utc(_instant(now, "now"))
    done = None if stop is None else _utc(_instant(stop, "stop"))
    if done is not None and done < origin:
        raise ValidationError(
            ("measure", "stop"), stop, f"is before start ({start.isoformat()})", "stop >= start"
        )
    if moment < origin:
        raise ValidationError(
            ("measure", "now"), now, f"is before start ({start.isoformat()})", "now >= start"
        )
    calendar = target.calendar
    until = done if done is not None else moment
    pauses = _pause_list(pauses)  # once: a generator of pauses is read twice below
    merged = _merged_pauses(pauses, origin, until)
    due_at = _due_with_pauses(target, start, merged) if merged else target.plain_due(start)
    if calendar.tz is None:
        due_at = due_at.astimezone(start.tzinfo)  # zone-less: in the start's zone
    due_utc = _utc(due_at)
    budget = (
        _effective(calendar, origin, due_utc, merged)
        if target.working_days is not None
        else _budget(target, start)
    )
    elapsed = _effective(calendar, origin, until, merged)
    remaining = max(budget - elapsed, timedelta(0))
    paused_now = done is None and (
        any(begin <= moment < finish for begin, finish in merged) or _open_pause(pauses, moment)
    )
    if done is not None:
        status = SlaStatus.MET if done <= due_utc else SlaStatus.BREACHED
    elif moment > due_utc:
        status = SlaStatus.BREACHED
    elif paused_now:
        status = SlaStatus.PAUSED
    elif elapsed >= budget * float(target.at_risk):
        status = SlaStatus.AT_RISK
    else:
        status = SlaStatus.RUNNING
    breached = status is SlaStatus.BREACHED
    return Measurement(
        target=target,
        start=start,
        status=status,
        due=due_at,
        elapsed=elapsed,
        remaining=remaining,
        breached_at=due_at if breached else None,
        stopped_at=stop,
        reason=_reason(target, status, due_at, until),
    )


def _pause_list(pauses: Any) -> list[Pause | tuple[datetime, datetime | None]]:
    """The pauses given, each a :class:`Pause` or a ``(start, end)`` pair, or a clear error."""
    if isinstance(pauses, str | bytes | Pause) or not isinstance(pauses, Iterable):
        raise WrongTypeError(("measure", "pauses"), pauses, "is not a list of pauses", _PAUSES)
    listed = list(pauses)
    for index, pause in enumerate(listed):
        if not isinstance(pause, Pause) and not (isinstance(pause, tuple) and len(pause) == 2):  # noqa: PLR2004
            raise WrongTypeError(("measure", "pauses", index), pause, "is not a pause", _PAUSES)
    return listed


_PAUSES = "Pause records or (start, end) pairs of aware datetimes (end None while open)"


def _open_pause(pauses: Iterable[Pause | tuple[datetime, datetime | None]], now: datetime) -> bool:
    for pause in pauses:
        begin, end = (pause.start, pause.end) if isinstance(pause, Pause) else pause
        if end is None and _utc(begin) <= now:
            return True
    return False


def _reason(target: Target, status: SlaStatus, due_at: datetime, until: datetime) -> str:
    what = f"{target.what} within {target.describe()} ({target.rule})"
    if status is SlaStatus.MET:
        return f"met: {what}, done {_gap(due_at - until)} before the due time"
    if status is SlaStatus.BREACHED:
        return f"breached: {what}, {_gap(until - due_at)} past due {due_at.isoformat()}"
    if status is SlaStatus.PAUSED:
        return f"paused: {what}; the due time moves while the clock is paused (TK-10)"
    state = "at risk" if status is SlaStatus.AT_RISK else "running"
    return f"{state}: {what}, due {due_at.isoformat()}"


def _gap(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{seconds} s"


def _hours(key: str, rule: str, what: str, **duration: float) -> Target:
    return Target(key=key, rule=rule, what=what, duration=timedelta(**duration))


def _workdays(key: str, rule: str, what: str, count: int) -> Target:
    return Target(key=key, rule=rule, what=what, working_days=count, calendar=working_calendar())


def _months(key: str, rule: str, what: str, count: int) -> Target:
    return Target(key=key, rule=rule, what=what, months=count)


_LEVEL_TARGETS = {Level.L1: (1, 4), Level.L2: (2, 8), Level.L3: (4, 24)}

_TIMER_LIST: list[Target] = [
    _hours("HO-1", "HO-1", "prepare the handover form after signing", hours=2),
    _hours("HO-2", "HO-2", "submit the handover request after preparing the form", minutes=30),
    _hours("HO-4.open", "HO-4", "open the received handover", hours=2),
    _hours("HO-4.confirm", "HO-4", "confirm the handover or ask for supplement", hours=24),
    _hours("TK-2", "TK-2", "triage the ticket", minutes=15),
    *(
        target
        for level, (respond, resolve) in _LEVEL_TARGETS.items()
        for target in (
            _hours(f"TK-3.{level}.respond", "TK-3", f"respond to an {level} ticket", hours=respond),
            _hours(f"TK-3.{level}.resolve", "TK-3", f"resolve an {level} ticket", hours=resolve),
        )
    ),
    _hours("TK-4", "TK-4", "assign the triaged ticket", minutes=30),
    _hours("TK-5", "TK-5", "hold the joint-handling sync meeting", hours=1),
    _hours("TK-6.L1", "TK-6", "update progress on an L1 ticket", hours=2),
    _hours("TK-6.L2", "TK-6", "update progress on an L2 ticket", hours=4),
    _hours("TK-8.sync", "TK-8", "sync the resolution to sales", hours=24),
    _hours("TK-8.contact", "TK-8", "sales contacts the customer after the sync", hours=48),
    _hours("TK-8.satisfaction", "TK-8", "collect satisfaction after resolution", hours=24),
    _hours("FB-3", "FB-3", "classify and route the feedback", hours=24),
    _hours("FB-5", "FB-5", "evaluate feasibility", hours=48),
    _hours("FB-6", "FB-6", "record feedback progress", days=7),
    _workdays("HL-3.plan", "HL-3", "agree the retention plan after the review meeting", 2),
    _months("HL-6", "HL-6", "collect the customer's reaction to the plan", 1),
    _hours("RV-5.respond", "RV-5", "respond to a problem found in a revisit", hours=24),
    _hours("RV-5.solution", "RV-5", "provide a solution to the problem", days=3),
    _hours("RV-5.revisit", "RV-5", "revisit after the problem is solved", days=3),
    _hours("LD-4", "LD-4", "fill in the registration form after acquiring the lead", hours=24),
    _workdays("LD-5", "LD-5", "enter the approved customer in the CRM", 1),
    _workdays("LD-7", "LD-7", "record the contact change", 3),
    _months("GR-5", "GR-5", "regrade the customer", 3),
    _months("FU-4", "FU-4", "reactivate the paused customer", 3),
    _workdays("FU-1", "FU-1", "make the first follow-up after registration", 3),
    _hours("DL-2", "DL-2", "answer the objection", hours=24),
    _workdays("DV-3", "DV-3", "revisit the customer after delivery", 7),
    _months("DV-4", "DV-4", "send the usage-effect report", 6),
    _hours("CX-1", "CX-1", "review the registration details", hours=24),
    _hours("CX-3.answer", "CX-3", "answer the cross-department request", hours=24),
    _workdays("CX-4", "CX-4", "hand over the departing rep's customers", 3),
    _months("CX-4.no_contact", "CX-4", "keep the departed rep from contacting the customers", 1),
    _hours("CX-4.report", "CX-4", "the successor reports on the taken-over customers", days=7),
]

TIMERS: Mapping[str, Target] = MappingProxyType({t.key: t for t in _TIMER_LIST})
"""Every "within" rule's default target, by key (``"TK-2"``, ``"TK-3.L1.resolve"``, …)."""


@edge
def due(rule_id: str, start: datetime, *, calendar: WorkCalendar | None = None) -> datetime:
    """The due time of timer ``rule_id`` started at ``start`` (no pauses).

    ``calendar`` replaces the timer's own (24×7 for hour targets, China's official working
    days for working-day targets).

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> signed = datetime(2024, 9, 27, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> due("HO-1", signed).isoformat()
        '2024-09-27T18:00:00+08:00'
        >>> due("FU-1", signed).isoformat()  # Sun 29 Sep is a make-up workday
        '2024-10-08T18:00:00+08:00'
    """
    target = TIMERS.get(rule_id) if isinstance(rule_id, str) else None
    if target is None:
        raise ValidationError(
            ("due", "rule_id"), rule_id, "is not a timer", "one of " + ", ".join(TIMERS)
        )
    if calendar is not None:
        target = target.on(calendar)
    return target.plain_due(_instant(start, "start"))


# -- tickets ----------------------------------------------------------------------------------


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
    """Every number of the ticket rules (TK-2…TK-9) as data; replace any of them.

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
    appeasement_threshold: int = 3
    calendar: WorkCalendar | None = None

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        missing = [str(level) for level in Level if level not in self.levels]
        problems = [f"no targets for level {level}" for level in missing]
        if not 1 <= self.appeasement_threshold <= 5:  # noqa: PLR2004 - the 1–5 scale
            problems.append(f"appeasement threshold {self.appeasement_threshold} is not 1–5")
        if problems:
            raise PolicyError("TicketSlaPolicy", problems)

    def target(self, target: Target) -> Target:
        """``target`` on this policy's calendar, if it sets one."""
        return target if self.calendar is None else target.on(self.calendar)


DEFAULT_TICKET_POLICY = TicketSlaPolicy()
"""The manuals' ticket targets: TK-2 15 min, TK-3 by level, TK-4 30 min, TK-5 1 h, TK-6, TK-8."""


@attrs.frozen(kw_only=True)
class Gap:
    """The time between two progress updates (or the cadence's start and the first update)."""

    start: datetime
    end: datetime
    length: timedelta
    ok: bool


@attrs.frozen(kw_only=True)
class ProgressCompliance:
    """Whether progress updates came often enough (TK-6): every gap, and the longest."""

    cadence: Target
    gaps: tuple[Gap, ...]
    next_update_due: datetime | None

    @property
    def ok(self) -> bool:
        """No gap longer than the cadence."""
        return all(gap.ok for gap in self.gaps)

    @property
    def violations(self) -> tuple[Gap, ...]:
        """The gaps longer than the cadence."""
        return tuple(gap for gap in self.gaps if not gap.ok)


@attrs.frozen(kw_only=True)
class TicketSla:
    """Every clock of one ticket, as of one instant.

    A clock whose start has not happened yet (assignment before triage, say) is ``None``.
    Postponement (TK-7) never hides the original breach: ``resolution`` is always measured
    against the TK-3 target; ``late_against_expected`` compares with the postponed time.
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
        gaps.append(Gap(start=left, end=right, length=length, ok=length <= budget))
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
        resolution = measure(
            policy.target(targets.resolve),
            ticket.submitted_at,
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
