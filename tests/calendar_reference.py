"""A brute-force working calendar, minute by minute, for differential tests (test-only).

Obviously correct rather than fast: an instant is working time when the local wall clock,
read as "the latest wall time shown so far", lies inside one of the day's spans. Durations are
counted by stepping one minute at a time.
"""

from datetime import UTC, date, datetime, timedelta

from salescare.calendars import WorkCalendar

MINUTE = timedelta(minutes=1)


def latest_wall(calendar: WorkCalendar, instant: datetime) -> datetime:
    # After a fall-back the clock shows an hour already shown; the hour counts from its first
    # showing, so take the latest wall time of the last few hours, shifted forward.
    return max(
        (instant - timedelta(hours=k)).astimezone(calendar.zone).replace(tzinfo=None)
        + timedelta(hours=k)
        for k in range(3)
    )


def is_open(calendar: WorkCalendar, instant: datetime) -> bool:
    wall = latest_wall(calendar, instant)
    for day in (wall.date() - timedelta(days=1), wall.date()):
        for start, end in calendar.local_spans(day):
            if start <= wall < end:
                return True
    return False


def add(calendar: WorkCalendar, start: datetime, minutes: int) -> datetime:
    moment = start.astimezone(UTC)
    if minutes == 0:
        while not is_open(calendar, moment):
            moment += MINUTE
        return moment
    counted = 0
    while True:
        if is_open(calendar, moment):
            counted += 1
            if counted == minutes:
                return moment + MINUTE
        moment += MINUTE


def between(calendar: WorkCalendar, start: datetime, end: datetime) -> timedelta:
    moment = start.astimezone(UTC)
    total = 0
    while moment < end:
        total += is_open(calendar, moment)
        moment += MINUTE
    return total * MINUTE


def add_working_days(calendar: WorkCalendar, day: date, count: int) -> datetime:
    found = 0
    while True:
        day += timedelta(days=1)
        spans = calendar.local_spans(day)
        if spans:
            found += 1
            if found == count:
                closing = max(end for _, end in spans)
                return latest_instant(calendar, closing)


def latest_instant(calendar: WorkCalendar, wall: datetime) -> datetime:
    """The first instant whose latest wall time reaches ``wall`` (minute search)."""
    guess = wall.replace(tzinfo=calendar.zone).astimezone(UTC) - timedelta(hours=3)
    while latest_wall(calendar, guess) < wall:
        guess += MINUTE
    return guess
