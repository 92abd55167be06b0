"""A brute-force working calendar, minute by minute, for differential tests (test-only).

Obviously correct rather than fast: the clock is read every minute and the latest wall time
shown so far is kept; an instant is working time when that wall time lies inside one of the
day's spans. Durations are counted by stepping one minute at a time. Every span boundary and
every daylight-saving change in the generated calendars falls on a whole minute.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from salescare.calendars import WorkCalendar

MINUTE = timedelta(minutes=1)
WARM_UP = 180  # minutes read before the start: longer than any daylight-saving change


def wall(calendar: WorkCalendar, instant: datetime) -> datetime:
    return instant.astimezone(calendar.zone).replace(tzinfo=None)


def minutes_from(calendar: WorkCalendar, start: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Each minute from ``start`` with the latest wall time the clock has shown by then."""
    moment = start.astimezone(UTC) - WARM_UP * MINUTE
    latest = wall(calendar, moment)
    while True:
        latest = max(latest, wall(calendar, moment))
        if moment >= start:
            yield moment, latest
        moment += MINUTE


def open_at(calendar: WorkCalendar, latest: datetime) -> bool:
    for day in (latest.date() - timedelta(days=1), latest.date()):
        for begin, end in calendar.local_spans(day):
            if begin <= latest < end:
                return True
    return False


def add(calendar: WorkCalendar, start: datetime, minutes: int) -> datetime:
    counted = 0
    for moment, latest in minutes_from(calendar, start):
        if open_at(calendar, latest):
            if counted == minutes:
                return moment
            counted += 1
        elif counted == minutes and minutes:
            return moment
    raise AssertionError("unreachable")  # pragma: no cover


def between(calendar: WorkCalendar, start: datetime, end: datetime) -> timedelta:
    total = 0
    for moment, latest in minutes_from(calendar, start):
        if moment >= end:
            return total * MINUTE
        total += open_at(calendar, latest)
    raise AssertionError("unreachable")  # pragma: no cover


def worked_spans(calendar: WorkCalendar, day: date) -> list[tuple[datetime, datetime]]:
    """The day's spans as instants, leaving out those that fall whole into a DST gap."""
    mapped = [
        (first_showing(calendar, begin), first_showing(calendar, end))
        for begin, end in calendar.local_spans(day)
    ]
    return [(begin, end) for begin, end in mapped if end > begin]


def add_working_days(calendar: WorkCalendar, day: date, count: int) -> datetime:
    found = 0
    while True:
        day += timedelta(days=1)
        spans = worked_spans(calendar, day)
        if spans:
            found += 1
            if found == count:
                return max(end for _, end in spans)


def subtract_working_days(calendar: WorkCalendar, day: date, count: int) -> datetime:
    found = 0
    while True:
        day -= timedelta(days=1)
        spans = worked_spans(calendar, day)
        if spans:
            found += 1
            if found == count:
                return max(end for _, end in spans)


def first_showing(calendar: WorkCalendar, target: datetime) -> datetime:
    """The first instant at which the clock has shown ``target`` or later."""
    guess = target.replace(tzinfo=UTC) - timedelta(hours=20)
    for moment, latest in minutes_from(calendar, guess):
        if latest >= target:
            return moment
    raise AssertionError("unreachable")  # pragma: no cover
