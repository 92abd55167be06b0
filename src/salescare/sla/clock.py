"""SLA clocks: one target measured from a start, with pauses, as of a moment (RULES TK-10).

:func:`measure` says whether a clock is met, breached, running, at risk or paused, when it is
due, how much working time has elapsed and remains, and when the breach happened.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from salescare.sla import TIMERS
    >>> start = datetime(2024, 5, 15, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    >>> m = measure(TIMERS["TK-3.L2.resolve"], start, now=start + timedelta(hours=7))
    >>> print(m.status, m.due.isoformat(), m.remaining)
    at_risk 2024-05-15T17:15:00+08:00 1:00:00
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from salescare.calendars import WorkCalendar
from salescare.errors import (
    CalendarRangeError,
    ValidationError,
    WrongTypeError,
)
from salescare.i18n import tr
from salescare.models import Pause
from salescare.sla.targets import Target, _instant
from salescare.vocabulary import SlaStatus

__all__ = ["Measurement", "measure"]

_SETTLE = 4  # rounds of counting lost days before searching for the deadline instead


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
                ("measure", "pauses", index, "end"),
                end,
                tr("is before its start"),
                tr("end >= start"),
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
            ("measure", "stop"),
            stop,
            tr("is before start ({start})", start=start.isoformat()),
            tr("stop >= start"),
        )
    if moment < origin:
        raise ValidationError(
            ("measure", "now"),
            now,
            tr("is before start ({start})", start=start.isoformat()),
            tr("now >= start"),
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
        raise WrongTypeError(("measure", "pauses"), pauses, tr("is not a list of pauses"), _PAUSES)
    listed = list(pauses)
    for index, pause in enumerate(listed):
        if not isinstance(pause, Pause) and not (isinstance(pause, tuple) and len(pause) == 2):  # noqa: PLR2004
            raise WrongTypeError(("measure", "pauses", index), pause, tr("is not a pause"), _PAUSES)
    return listed


_PAUSES = tr("Pause records or (start, end) pairs of aware datetimes (end None while open)")


def _open_pause(pauses: Iterable[Pause | tuple[datetime, datetime | None]], now: datetime) -> bool:
    for pause in pauses:
        begin, end = (pause.start, pause.end) if isinstance(pause, Pause) else pause
        if end is None and _utc(begin) <= now:
            return True
    return False


def _reason(target: Target, status: SlaStatus, due_at: datetime, until: datetime) -> str:
    what = target_words(target)
    if status is SlaStatus.MET:
        return tr(
            "met: {what}, done {value} before the due time", what=what, value=_gap(due_at - until)
        )
    if status is SlaStatus.BREACHED:
        return tr(
            "breached: {what}, {value} past due {due_at}",
            what=what,
            value=_gap(until - due_at),
            due_at=due_at.isoformat(),
        )
    if status is SlaStatus.PAUSED:
        return tr("paused: {what}; the due time moves while the clock is paused (TK-10)", what=what)
    if status is SlaStatus.AT_RISK:
        return tr("at risk: {w}, due {d}", w=what, d=due_at.isoformat())
    return tr("running: {w}, due {d}", w=what, d=due_at.isoformat())


def target_words(target: Target) -> str:
    """What a target asks, in words: ``resolve an L1 ticket within 4 h (TK-3)``."""
    return tr(
        "{what} within {limit} ({rule})",
        what=target.what,
        limit=target.describe(),
        rule=target.rule,
    )


def _gap(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{seconds} s"
