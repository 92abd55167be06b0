"""Working time over any span: year totals, sums over centuries, and jumps that must not hang.

The engine crosses years by their totals instead of building every year's table; these laws
tie the shortcut to the tables it skips (and so to the minute-by-minute reference, which the
tables agree with in test_calendar_reference.py).
"""

from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salescare.calendars import ALWAYS, WorkCalendar, china
from salescare.errors import CalendarRangeError
from salescare.sla import TIMERS, measure
from salescare.testing import calendars

# the generated exceptions fall in 2022–2025; the zones' own rules take over after 2037
years = st.sampled_from([1900, 1970, 2007, 2021, 2022, 2024, 2025, 2026, 2037, 2038, 2100, 2399])
far_years = st.integers(min_value=1990, max_value=9990)


@given(calendars(), years)
def test_a_years_totals_are_its_tables(calendar, year):
    timeline = calendar._timeline
    table = timeline.table(year)
    assert timeline.totals(year) == (table.total, len(table.days))


@given(calendars(), far_years, st.integers(min_value=0, max_value=30))
def test_sums_over_years_agree_with_adding_each_year(calendar, first, length):
    timeline = calendar._timeline
    end = min(first + length, timeline.last_year)
    expected_work = sum(timeline.totals(year)[0] for year in range(first, end))
    expected_days = sum(timeline.totals(year)[1] for year in range(first, end))
    assert timeline.years.sum_years(first, end) == expected_work
    assert timeline.years.sum_years(first, end, days=True) == expected_days


@given(calendars(), far_years)
def test_a_rule_year_is_the_same_400_years_later(calendar, year):
    timeline = calendar._timeline
    index = timeline.years
    assume(not any(index.is_irregular(y) for y in (year, year + 400)))
    assume(year > index._irregular[1] and year + 400 < timeline.last_year)
    assert timeline.totals(year) == timeline.totals(year + 400)


starts = st.datetimes(
    min_value=datetime(2021, 1, 1),  # noqa: DTZ001 - Hypothesis attaches the zone
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(calendars(), starts, st.integers(min_value=1, max_value=10**17))
def test_long_adds_are_inverted_by_between(calendar, start, microseconds):
    duration = timedelta(microseconds=microseconds)
    try:
        end = calendar.add(start, duration)
    except CalendarRangeError:
        assert calendar.between(start, datetime(9998, 12, 1, tzinfo=UTC)) < duration
        return
    assert end > start
    assert calendar.between(start, end) == duration
    assert calendar.add(start, duration // 2).astimezone(UTC) <= end.astimezone(UTC)


@given(calendars(), starts, st.integers(min_value=1, max_value=3_000_000))
def test_many_working_days_are_counted_back_exactly(calendar, start, count):
    day = start.astimezone(calendar.zone).date()
    try:
        close = calendar.add_working_days(start, count)
    except CalendarRangeError:
        return
    counted = calendar.working_days_between(day, close.date())
    # a night shift's close of business is on the next calendar day
    assert (
        counted == count
        or calendar.working_days_between(day, close.date() - timedelta(days=1)) == count
    )
    back = calendar.subtract_working_days(close.date() + timedelta(days=1), count)
    assert back.date() > day or calendar.working_days_between(day, back.date()) <= 1


# -- the cases that once never returned ------------------------------------------------------

MOMENT = datetime(2024, 5, 15, 9, tzinfo=UTC)
ONE_DAY = WorkCalendar(
    tz="UTC",
    week=((),) * 7,
    workdays=frozenset({date(2024, 5, 15)}),
    workday_hours=((time(9), time(17)),),
)


def test_timedelta_max_raises_instead_of_spinning():
    with pytest.raises(CalendarRangeError, match="beyond the years"):
        ALWAYS.add(MOMENT, timedelta.max)
    with pytest.raises(CalendarRangeError, match="beyond the years"):
        ALWAYS.add(MOMENT, timedelta(days=4_000_000))
    office = WorkCalendar.weekly(tz="Europe/Amsterdam")
    with pytest.raises(CalendarRangeError, match="beyond the years"):
        office.add_working_days(MOMENT, 10**7)


def test_a_calendar_with_listed_days_only_runs_out():
    assert ONE_DAY.add(MOMENT, timedelta(hours=8)) == datetime(2024, 5, 15, 17, tzinfo=UTC)
    with pytest.raises(CalendarRangeError, match="no working time after 2024-05-15"):
        ONE_DAY.add(MOMENT, timedelta(hours=30))
    with pytest.raises(CalendarRangeError, match="no working time after 2024-05-15"):
        ONE_DAY.add_working_days(date(2024, 5, 15), 1)
    with pytest.raises(CalendarRangeError, match="no working time after 2024-05-15"):
        ONE_DAY.next_open(datetime(2024, 5, 16, tzinfo=UTC))
    assert ONE_DAY.between(MOMENT, datetime(9000, 1, 1, tzinfo=UTC)) == timedelta(hours=8)


def test_holiday_data_still_bounds_china():
    with pytest.raises(CalendarRangeError, match="2027"):
        china().add_working_days(MOMENT, 10**7)


def test_far_answers_build_only_the_years_they_land_in():
    office = WorkCalendar.weekly(tz="America/New_York", hours=("09:00-12:00", "13:30-18:00"))
    timeline = office._timeline
    far = office.add(MOMENT, timedelta(hours=10**7))
    assert far.year > 7000
    assert office.between(MOMENT, far) == timedelta(hours=10**7)
    assert office.working_days_between(date(100, 1, 1), date(9000, 1, 1)) > 2_000_000
    # two ends of each question, never the years between them
    assert len(timeline._tables) <= 6


def test_an_elapsed_clock_measured_a_thousand_years_later():
    late = measure(TIMERS["HO-1"], MOMENT, now=datetime(3000, 1, 1, tzinfo=UTC))
    assert late.status == "breached"
    assert late.elapsed == datetime(3000, 1, 1, tzinfo=UTC) - MOMENT


@pytest.mark.parametrize(
    "week",
    [
        (((time(22), time(6)),),) * 7,
        (((time(0), time(0)),),) * 7,
        ((), (), (), (), (), (), ((time(2), time(2, 30)),)),
    ],
)
def test_dst_zones_far_away_agree_with_their_tables(week):
    calendar = WorkCalendar(tz="America/New_York", week=week)
    timeline = calendar._timeline
    for year in (2038, 2430, 9001):
        table = timeline.table(year)
        assert timeline.totals(year) == (table.total, len(table.days))
        assert timeline.years.sum_years(year, year + 1) == table.total


def _fresh(calendar):
    return attrs.evolve(calendar)


@given(calendars(), st.integers(min_value=1990, max_value=2100))
def test_a_years_sum_is_its_table_whatever_was_computed_first(calendar, year):
    # the 400-year cycle is totalled once, the first time a range is summed; it must not
    # leave answers behind that a later year of the same shape would wrongly reuse
    summed_first = _fresh(calendar)._timeline
    summed_first.years.sum_years(year - 300, year + 300)
    expected = _fresh(calendar)._timeline.table(year).total
    assert summed_first.years.sum_years(year, year + 1) == expected
    assert summed_first.totals(year)[0] == expected


def test_a_fold_inside_working_hours_counts_in_every_year_after_the_rule_changed():
    # New York ended daylight saving in October until 2006 and in November since 2007; a
    # Sunday-night shift over the repeated hour works three real hours on that Sunday
    night = WorkCalendar(tz="America/New_York", week=((),) * 6 + (((time(0), time(2)),),))
    start, end = datetime(2022, 1, 1, tzinfo=UTC), datetime(2023, 1, 2, tzinfo=UTC)
    assert night.between(start, end) == timedelta(hours=2 * 53 + 1)
