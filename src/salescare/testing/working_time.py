"""Strategies for working calendars: opening hours (overnight spans too), closures, zones.

Examples:
    >>> from hypothesis import given
    >>> @given(calendars())
    ... def test_calendars_have_a_week(calendar):
    ...     assert len(calendar.week) == 7
    >>> test_calendars_have_a_week()
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import strategies as st

from salescare.calendars import Closure, WorkCalendar
from salescare.testing.scalars import (
    _check_bounds,
)

__all__ = ["calendars"]

_LAST_MINUTE = 24 * 60 - 1
_CALENDAR_ZONES = ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Amsterdam")


@st.composite
def _day_spans(draw: st.DrawFn, *, overnight: bool) -> tuple[tuple[time, time], ...]:
    minutes = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=24 * 60 - 1), min_size=0, max_size=6))
    )
    if len(minutes) % 2:
        minutes = minutes[:-1]
    spans = [
        (time(a // 60, a % 60), time(b // 60, b % 60))
        for a, b in zip(minutes[::2], minutes[1::2], strict=True)
    ]
    if overnight and draw(st.booleans()):
        # a night shift: starts after the last span and ends before the next day's first
        last = minutes[-1] if minutes else 12 * 60
        start = (
            draw(st.integers(min_value=last + 1, max_value=24 * 60 - 1))
            if last < _LAST_MINUTE
            else None
        )
        if start is not None:
            first_next = minutes[0] if minutes else 12 * 60
            end = draw(st.integers(min_value=0, max_value=max(first_next - 1, 0)))
            spans.append((time(start // 60, start % 60), time(end // 60, end % 60)))
    return tuple(spans)


@st.composite
def calendars(
    draw: st.DrawFn,
    *,
    zones: st.SearchStrategy[str] | None = None,
    min_year: int = 2022,
    max_year: int = 2025,
    overnight: bool = True,
) -> WorkCalendar:
    """Working calendars with random spans, holidays, make-up days and partial closures.

    Spans include lunch breaks and night shifts; zones include ones with daylight saving.
    Holidays, make-up days and closures fall between ``min_year`` and ``max_year``.
    """
    _check_bounds("calendars", min_year, max_year)
    zone = draw(zones if zones is not None else st.sampled_from(_CALENDAR_ZONES))
    week = tuple(draw(_day_spans(overnight=overnight)) for _ in range(7))
    if not any(week):
        week = (((time(9), time(17)),), *week[1:])
    days = st.dates(min_value=date(min_year, 1, 1), max_value=date(max_year, 12, 31))
    holidays = draw(st.frozensets(days, max_size=20))
    workdays = draw(st.frozensets(days, max_size=5)) - holidays
    closures = tuple(
        draw(
            st.lists(
                st.builds(
                    Closure,
                    day=days,
                    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                ),
                max_size=3,
            )
        )
    )
    return WorkCalendar(tz=zone, week=week, holidays=holidays, workdays=workdays, closures=closures)
