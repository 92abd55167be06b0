"""Fuzz: building calendars, and every calendar and SLA query, with junk and far spans."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from salescare.calendars import ALWAYS, Closure, WorkCalendar, china, hours
from salescare.sla import TIMERS, Target, due, measure, ticket_sla
from salescare.testing import calendars, tickets
from tests.budget import fuzz_share
from tests.fuzz.junk import junk, moments, safely

CALENDARS = st.one_of(
    st.just(ALWAYS),
    st.just(china()),
    calendars(),
    st.builds(
        lambda day: WorkCalendar(
            tz="UTC",
            week=((),) * 7,
            workdays=frozenset({day}),
            workday_hours=hours("09:00-17:00"),
        ),
        st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 1)),
    ),
)
far = st.datetimes(
    min_value=datetime(1, 1, 1),  # noqa: DTZ001 - Hypothesis attaches the zone
    max_value=datetime(9999, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
spans = st.one_of(
    st.timedeltas(min_value=timedelta(0)),
    st.sampled_from([timedelta.max, timedelta(days=4_000_000), timedelta(microseconds=1)]),
)
counts = st.integers(min_value=-5, max_value=10**8) | st.sampled_from([10**7, 10**18])


@fuzz_share()
@given(CALENDARS, far | moments, spans | junk())
def test_adding_working_time(calendar, start, duration):
    safely(calendar.add, start, duration)


@fuzz_share()
@given(CALENDARS, far | moments, far | moments)
def test_working_time_between(calendar, start, end):
    safely(calendar.between, start, end)


@fuzz_share()
@given(CALENDARS, far | moments | st.dates(), counts | junk())
def test_counting_working_days(calendar, start, count):
    safely(calendar.add_working_days, start, count)
    safely(calendar.subtract_working_days, start, count)
    safely(calendar.nth_working_day, start, count)


@fuzz_share()
@given(CALENDARS, st.dates() | junk(), st.dates() | junk())
def test_days(calendar, first, last):
    safely(calendar.is_working_day, first)
    safely(calendar.working_hours, first)
    safely(calendar.working_days_between, first, last)


@fuzz_share()
@given(CALENDARS, far | moments | junk())
def test_moments(calendar, moment):
    safely(calendar.is_open, moment)
    safely(calendar.next_open, moment)


@fuzz_share()
@given(junk(), junk(), junk(), junk(), junk(), junk())
def test_building_a_calendar(tz, week, holidays, workdays, closures, covered):  # noqa: PLR0917
    safely(
        WorkCalendar,
        tz=tz,
        week=week,
        holidays=holidays,
        workdays=workdays,
        closures=closures,
        covered=covered,
    )
    safely(WorkCalendar.weekly, tz=tz, hours=week, days=holidays, holidays=workdays)
    safely(Closure, day=tz, start=week, end=holidays)


@fuzz_share()
@given(junk(), junk(), junk(), junk(), junk())
def test_building_chinas_calendar(years, tz, spans_, extra, through):
    safely(china, years=years, tz=tz, hours=spans_, extra_holidays=extra, through=through)
    safely(china, extra_workdays=extra)
    safely(hours, years)


@fuzz_share()
@given(CALENDARS, junk(), junk())
def test_calendar_with_days(calendar, holidays, workdays):
    safely(calendar.with_days, holidays=holidays, workdays=workdays)


@fuzz_share()
@given(
    st.sampled_from(sorted(TIMERS)),
    far | moments,
    far | moments | junk(),
    st.none() | far | moments,
    st.lists(st.tuples(far | moments, st.none() | far | moments), max_size=3) | junk(),
)
def test_measuring_a_clock(key, start, now, stop, pauses):
    safely(measure, TIMERS[key], start, now=now, stop=stop, pauses=pauses)
    safely(due, key, start)


@fuzz_share()
@given(junk(), junk(), junk())
def test_due_and_targets_with_junk(rule, start, calendar):
    safely(due, rule, start, calendar=calendar)
    safely(Target, key=rule, rule=rule, what="x", duration=start, calendar=calendar)
    safely(Target, key="k", rule="TK-2", what="x", working_days=rule, months=start)


@fuzz_share()
@given(tickets(), far | moments | junk())
def test_measuring_a_tickets_clocks(ticket, now):
    safely(ticket_sla, ticket, now=now)


@fuzz_share()
@given(far, far)
def test_clocks_a_thousand_years_apart(start, now):
    early, late = sorted((start, now))
    for key in ("HO-1", "TK-3.L1.resolve", "LD-7", "HL-6", "GR-5"):
        safely(measure, TIMERS[key], early, now=late)
        safely(measure, TIMERS[key].on(ALWAYS), early, now=late, stop=late)
