import pickle
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from salescare.calendars import ALWAYS, Closure, WorkCalendar, china, hours
from salescare.errors import (
    CalendarRangeError,
    NaiveDatetimeError,
    PolicyError,
    ValidationError,
    WrongTypeError,
)

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-12:00", "13:30-18:00"))


def at(*args, tz=SH):
    return datetime(*args, tzinfo=tz)


def test_hours_parses_spans_and_rejects_garbage():
    assert hours("22:00-06:00") == ((time(22), time(6)),)
    assert hours("00:00-24:00") == ((time(0), time(0)),)
    for bad in ("9-17", "25:00-26:00", "09:60-10:00", 900):
        with pytest.raises(ValidationError):
            hours(bad)


def test_lunch_break_is_skipped():
    assert OFFICE.add(at(2024, 5, 20, 11, 0), timedelta(hours=2)) == at(2024, 5, 20, 14, 30)


def test_start_exactly_at_closing_time_continues_next_working_day():
    friday_close = at(2024, 5, 17, 18, 0)
    assert OFFICE.add(friday_close, timedelta(minutes=1)) == at(2024, 5, 20, 9, 1)
    assert not OFFICE.is_open(friday_close)


def test_add_zero_returns_start_in_hours_and_next_opening_outside():
    inside = at(2024, 5, 20, 10, 15)
    assert OFFICE.add(inside, timedelta(0)) == inside
    assert OFFICE.add(at(2024, 5, 20, 12, 30), timedelta(0)) == at(2024, 5, 20, 13, 30)
    assert OFFICE.add(at(2024, 5, 18, 10), timedelta(0)) == at(2024, 5, 20, 9, 0)


def test_ending_exactly_at_close_returns_the_close():
    assert OFFICE.add(at(2024, 5, 20, 13, 30), timedelta(hours=4, minutes=30)) == at(
        2024, 5, 20, 18, 0
    )


def test_close_equal_to_next_open_is_seamless():
    cal = WorkCalendar.weekly(hours=("09:00-12:00", "12:00-13:00"))
    start = datetime(2024, 5, 20, 9, tzinfo=UTC)
    assert cal.add(start, timedelta(hours=3)) == datetime(2024, 5, 20, 12, tzinfo=UTC)
    assert cal.add(start, timedelta(hours=4)) == datetime(2024, 5, 20, 13, tzinfo=UTC)
    assert cal.is_open(datetime(2024, 5, 20, 12, tzinfo=UTC))


def test_between_with_both_ends_outside_hours():
    assert OFFICE.between(at(2024, 5, 17, 20), at(2024, 5, 20, 7)) == timedelta(0)
    assert OFFICE.between(at(2024, 5, 17, 20), at(2024, 5, 21, 7)) == timedelta(hours=7, minutes=30)


def test_holidays_spanning_the_whole_range():
    week = [date(2024, 5, 20) + timedelta(days=n) for n in range(5)]
    cal = WorkCalendar.weekly(tz="Asia/Shanghai", holidays=week)
    assert cal.between(at(2024, 5, 20, 0), at(2024, 5, 25, 0)) == timedelta(0)
    assert cal.add(at(2024, 5, 20, 9), timedelta(hours=1)) == at(2024, 5, 27, 10)


def test_make_up_workday_and_partial_closure():
    saturday = date(2024, 5, 18)
    cal = WorkCalendar.weekly(
        tz="Asia/Shanghai",
        workdays=[saturday],
        closures=[Closure(day=date(2024, 5, 20), start=time(13, 0), end=time(0, 0))],
    )
    assert cal.is_working_day(saturday)
    assert cal.add(at(2024, 5, 17, 16), timedelta(hours=2)) == at(2024, 5, 18, 10)
    # the Monday afternoon closure: 09:00-13:00 only
    assert cal.between(at(2024, 5, 20, 0), at(2024, 5, 21, 0)) == timedelta(hours=4)


def test_night_shift_belongs_to_the_day_it_starts():
    cal = WorkCalendar(tz="UTC", week=(hours("22:00-06:00"),) + ((),) * 6)
    monday_night = datetime(2024, 5, 20, 22, tzinfo=UTC)
    assert cal.is_open(datetime(2024, 5, 21, 3, tzinfo=UTC))
    assert not cal.is_open(datetime(2024, 5, 22, 3, tzinfo=UTC))
    assert cal.add(monday_night, timedelta(hours=8)) == datetime(2024, 5, 21, 6, tzinfo=UTC)
    assert cal.add(monday_night, timedelta(hours=9)) == datetime(2024, 5, 27, 23, tzinfo=UTC)


def test_spring_forward_night_shift_is_seven_hours():
    cal = WorkCalendar(tz="America/New_York", week=((),) * 5 + (hours("22:00-06:00"),) + ((),))
    saturday = datetime(2024, 3, 9, 22, tzinfo=NY)
    assert cal.between(saturday, datetime(2024, 3, 10, 6, tzinfo=NY)) == timedelta(hours=7)
    assert cal.add(saturday, timedelta(hours=7)) == datetime(2024, 3, 10, 6, tzinfo=NY)


def test_fall_back_night_shift_is_nine_hours():
    cal = WorkCalendar(tz="America/New_York", week=((),) * 5 + (hours("22:00-06:00"),) + ((),))
    saturday = datetime(2024, 11, 2, 22, tzinfo=NY)
    assert cal.between(saturday, datetime(2024, 11, 3, 6, tzinfo=NY)) == timedelta(hours=9)


def test_span_starting_inside_the_gap_opens_when_the_clock_jumps():
    cal = WorkCalendar(tz="America/New_York", week=((),) * 6 + (hours("02:30-04:00"),))
    sunday = date(2024, 3, 10)
    assert cal.between(
        datetime(2024, 3, 10, 0, tzinfo=NY), datetime(2024, 3, 10, 12, tzinfo=NY)
    ) == timedelta(hours=1)  # 03:00 EDT (the jump) to 04:00
    assert cal.next_open(datetime(2024, 3, 10, 1, 59, tzinfo=NY)) == datetime(
        2024, 3, 10, 7, 0, tzinfo=UTC
    )
    assert cal.is_working_day(sunday)


def test_amsterdam_fall_back_counts_the_repeated_hour_once_from_its_first_showing():
    cal = WorkCalendar(tz="Europe/Amsterdam", week=((),) * 6 + (hours("02:30-03:30"),))
    start = datetime(2022, 10, 30, 0, tzinfo=AMS)
    # 02:30 CEST (00:30Z) to 03:30 CET (02:30Z): two hours of elapsed time
    assert cal.between(start, start + timedelta(hours=12)) == timedelta(hours=2)


def test_leap_day_is_an_ordinary_working_day():
    cal = WorkCalendar.weekly()
    feb28 = datetime(2024, 2, 28, 16, tzinfo=UTC)
    assert cal.add(feb28, timedelta(hours=2)) == datetime(2024, 2, 29, 10, tzinfo=UTC)
    assert cal.add_working_days(date(2024, 2, 28), 1) == datetime(2024, 2, 29, 17, tzinfo=UTC)


def test_results_come_back_in_the_calendar_zone():
    result = OFFICE.add(datetime(2024, 5, 20, 1, tzinfo=UTC), timedelta(hours=1))
    assert result.tzinfo == SH
    assert result == at(2024, 5, 20, 10)


def test_add_working_days_follows_the_rules_convention():
    # the event's own day never counts; a non-working event day counts from the next one
    assert OFFICE.add_working_days(at(2024, 5, 20, 8), 1) == at(2024, 5, 21, 18)
    assert OFFICE.add_working_days(at(2024, 5, 18, 8), 1) == at(2024, 5, 20, 18)
    assert OFFICE.add_working_days(date(2024, 5, 17), 3) == at(2024, 5, 22, 18)
    assert OFFICE.working_days_between(date(2024, 5, 17), date(2024, 5, 22)) == 3
    with pytest.raises(ValidationError):
        OFFICE.add_working_days(date(2024, 5, 17), 0)


def test_always_is_plain_addition():
    start = datetime(2024, 5, 20, 9, 17, 3, 5, tzinfo=SH)
    for hours_ in (0, 1, 1000, 100_000):
        assert ALWAYS.add(start, timedelta(hours=hours_)) == start + timedelta(hours=hours_)
    assert ALWAYS.between(start, start + timedelta(days=400)) == timedelta(days=400)


def test_cost_does_not_depend_on_duration_once_built():
    cal = WorkCalendar.weekly()
    start = datetime(2024, 5, 20, 9, tzinfo=UTC)
    far = cal.add(start, timedelta(hours=100_000))
    assert cal.between(start, far) == timedelta(hours=100_000)
    assert far.year == 2072


def test_bad_input_is_refused_clearly():
    start = at(2024, 5, 20, 9)
    with pytest.raises(ValidationError, match="is negative"):
        OFFICE.add(start, timedelta(hours=-1))
    with pytest.raises(NaiveDatetimeError):
        OFFICE.add(datetime(2024, 5, 20, 9), timedelta(hours=1))  # noqa: DTZ001
    with pytest.raises(ValidationError, match="is before start"):
        OFFICE.between(start, start - timedelta(seconds=1))
    with pytest.raises(WrongTypeError):
        OFFICE.add(start, 3600)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="time zone"):
        WorkCalendar.weekly(tz="Mars/Olympus")
    with pytest.raises(PolicyError, match="no working hours"):
        WorkCalendar(week=((),) * 7)
    with pytest.raises(PolicyError, match="both holidays and make-up workdays"):
        WorkCalendar.weekly(holidays=[date(2024, 5, 18)], workdays=[date(2024, 5, 18)])


def test_china_official_days():
    cal = china()
    assert not cal.is_working_day(date(2024, 10, 1))
    assert cal.is_working_day(date(2024, 9, 29))  # Sunday make-up day
    assert cal.is_working_day(date(2024, 10, 12))  # Saturday make-up day
    assert cal.add(at(2024, 9, 30, 17), timedelta(hours=2)) == at(2024, 10, 8, 10)


def test_china_refuses_unknown_years_and_says_how_to_fix():
    cal = china()
    with pytest.raises(CalendarRangeError) as info:
        cal.add(at(2026, 12, 31, 17), timedelta(hours=2))
    assert info.value.year == 2027
    assert "through=2027" in str(info.value)
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(2003, 6, 2))
    with pytest.raises(CalendarRangeError):
        china(years=[2031])


def test_china_extra_days_merge_with_official_ones():
    company_day = date(2024, 5, 20)
    cal = china(extra_holidays=[company_day], extra_workdays=[date(2024, 5, 25)])
    assert not cal.is_working_day(company_day)
    assert not cal.is_working_day(date(2024, 10, 1))  # official day still off
    assert cal.is_working_day(date(2024, 5, 25))
    extended = china(extra_holidays=[date(2027, 1, 1)], through=2027)
    assert not extended.is_working_day(date(2027, 1, 1))
    assert extended.is_working_day(date(2027, 1, 4))


def test_china_years_narrow_the_coverage():
    cal = china(years=range(2023, 2025))
    assert cal.covered == (2023, 2024)
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(2025, 1, 2))
    with pytest.raises(ValidationError, match="contiguous"):
        china(years=[2020, 2022])


def test_new_years_eve_night_shift_counts_when_only_the_new_year_was_built():
    saturday_nights = WorkCalendar(tz="UTC", week=((),) * 5 + (hours("22:00-06:00"),) + ((),))
    jan1 = datetime(2023, 1, 1, tzinfo=UTC)  # 31 Dec 2022 was a Saturday
    assert saturday_nights.is_open(jan1 + timedelta(hours=1))
    assert saturday_nights.between(jan1, jan1 + timedelta(hours=8)) == timedelta(hours=6)
    # and once 2022 is built too, the shift is counted once, not twice
    dec31 = datetime(2022, 12, 31, 21, tzinfo=UTC)
    assert saturday_nights.between(dec31, jan1 + timedelta(hours=8)) == timedelta(hours=8)


def test_calendars_survive_pickling():
    calendar = china()
    copy = pickle.loads(pickle.dumps(calendar))
    assert copy == calendar
    assert copy.add_working_days(date(2024, 9, 27), 1) == calendar.add_working_days(
        date(2024, 9, 27), 1
    )


def test_listed_days_without_hours_are_no_working_hours():
    with pytest.raises(PolicyError, match="no working hours"):
        WorkCalendar(tz="UTC", week=((),) * 7, workdays=frozenset({date(2024, 5, 15)}))
