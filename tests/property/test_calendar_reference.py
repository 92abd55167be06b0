"""The fast calendar arithmetic agrees with the minute-by-minute reference everywhere."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import assume, example, given
from hypothesis import strategies as st
from tests import calendar_reference as ref
from tests.budget import share

from salescare.calendars import WorkCalendar
from salescare.testing import calendars

# Around the daylight-saving changes the issue names, and anywhere in 2024.
DST_DAYS = [
    datetime(2024, 3, 10, tzinfo=UTC),
    datetime(2024, 11, 3, tzinfo=UTC),
    datetime(2022, 10, 30, tzinfo=UTC),
    datetime(2024, 3, 31, tzinfo=UTC),
    datetime(2024, 2, 29, tzinfo=UTC),
]


# Hypothesis takes naive bounds and attaches the zone itself.
NAIVE_FROM = datetime(2023, 1, 1, tzinfo=UTC).replace(tzinfo=None)
NAIVE_TO = datetime(2024, 12, 1, tzinfo=UTC).replace(tzinfo=None)


@st.composite
def starts(draw: st.DrawFn) -> datetime:
    anchor = draw(
        st.sampled_from(DST_DAYS)
        | st.datetimes(min_value=NAIVE_FROM, max_value=NAIVE_TO).map(
            lambda d: d.replace(tzinfo=UTC)
        )
    )
    offset = draw(st.integers(min_value=-36 * 60, max_value=36 * 60))
    return (anchor + timedelta(minutes=offset)).replace(second=0, microsecond=0)


minutes = st.integers(min_value=0, max_value=3 * 24 * 60)


def _has_time_soon(calendar: WorkCalendar, start: datetime, span_minutes: int) -> bool:
    # Keep the reference's minute stepping bounded: the calendar must work within ~10 days.
    return calendar.between(start, start + timedelta(days=10)) >= timedelta(minutes=span_minutes)


# a close of business at 02:00 on the night Amsterdam's clocks fall back: an ambiguous time
_FALL_BACK = WorkCalendar(
    tz="Europe/Amsterdam",
    week=(*((((time(0), time(0, 1)),),) * 6), ((time(0), time(2)),)),
)


@share(0.5)
@given(calendars(), starts(), st.integers(min_value=1, max_value=8))
@example(_FALL_BACK, datetime(2024, 11, 3, tzinfo=UTC), 7)
def test_subtract_working_days_agrees_with_day_stepping(calendar, start, count):
    day = start.astimezone(calendar.zone).date()
    assume(
        calendar.working_days_between(day - timedelta(days=40), day - timedelta(days=1)) >= count
    )
    result = calendar.subtract_working_days(start, count)
    # compare instants in UTC: an ambiguous local time never equals another zone's (PEP 495)
    assert result.astimezone(UTC) == ref.subtract_working_days(calendar, day, count)


@given(calendars(), starts(), minutes)
@example(
    WorkCalendar(tz="America/New_York", week=((),) * 6 + (((time(1), time(1, 1)),),)),
    datetime(2024, 11, 3, tzinfo=UTC),
    0,
)
def test_add_agrees_with_minute_stepping(calendar, start, duration):
    assume(_has_time_soon(calendar, start, duration + 1))
    expected = ref.add(calendar, start, duration)
    # compare instants in UTC: an ambiguous local time never equals another zone's (PEP 495)
    assert calendar.add(start, timedelta(minutes=duration)).astimezone(UTC) == expected


@given(calendars(), starts(), minutes)
def test_between_agrees_with_minute_stepping(calendar, start, length):
    end = start + timedelta(minutes=length)
    assert calendar.between(start, end) == ref.between(calendar, start, end)


@given(calendars(), starts(), st.integers(min_value=0, max_value=10**12))
def test_between_inverts_add(calendar, start, microseconds):
    duration = timedelta(microseconds=microseconds % (5 * 24 * 3600 * 10**6))
    start = start + timedelta(microseconds=microseconds % 10**6)
    assume(_has_time_soon(calendar, start, int(duration / timedelta(minutes=1)) + 1))
    end = calendar.add(start, duration)
    assert end >= start
    assert calendar.between(start, end) == duration


@given(calendars(), starts(), minutes, minutes)
def test_add_is_monotone_in_duration(calendar, start, a, b):
    small, large = sorted((a, b))
    assume(_has_time_soon(calendar, start, large + 1))
    # in UTC: Python compares two times of one zone by their wall clocks (PEP 495)
    assert calendar.add(start, timedelta(minutes=small)).astimezone(UTC) <= calendar.add(
        start, timedelta(minutes=large)
    ).astimezone(UTC)


@given(calendars(), starts(), starts(), minutes)
def test_add_is_monotone_in_start(calendar, a, b, duration):
    early, late = sorted((a, b))
    assume(_has_time_soon(calendar, late, duration + 1))
    assert calendar.add(early, timedelta(minutes=duration)).astimezone(UTC) <= calendar.add(
        late, timedelta(minutes=duration)
    ).astimezone(UTC)


@share(0.5)
@given(calendars(), starts(), st.integers(min_value=1, max_value=8))
@example(  # a Sunday whose only span falls whole into the spring-forward gap is not worked
    WorkCalendar(tz="America/New_York", week=((),) * 6 + (((time(2), time(2, 1)),),)),
    datetime(2024, 3, 10, tzinfo=UTC),
    1,
)
def test_add_working_days_agrees_with_day_stepping(calendar, start, count):
    day = start.astimezone(calendar.zone).date()
    assume(calendar.working_days_between(day, day + timedelta(days=40)) >= count)
    result = calendar.add_working_days(start, count)
    assert result.astimezone(UTC) == ref.add_working_days(calendar, day, count)
    assert calendar.working_days_between(day, result.date()) == count or (
        # a night shift's close of business is on the next calendar day
        calendar.working_days_between(day, result.date() - timedelta(days=1)) == count
    )


@given(calendars(), starts(), minutes)
def test_results_are_in_the_calendar_zone(calendar, start, duration):
    assume(_has_time_soon(calendar, start, duration + 1))
    result = calendar.add(start, timedelta(minutes=duration))
    assert result.tzinfo == calendar.zone
