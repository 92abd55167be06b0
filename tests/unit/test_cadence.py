import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare.cadence import (
    REVISIT_TIERS,
    SALES_ABCD,
    SERVICE_ABC,
    Cadence,
    check_cadence,
    revisit_length_warnings,
    suggest_slot,
)
from salescare.calendars import WorkCalendar
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.ids import CustomerNo, StaffNo
from salescare.models import ContactMode, FollowUp, Revisit

SH = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0, second=0):
    return datetime(2024, month, day, hour, minute, second, tzinfo=SH)


def talk(moment, *, deep=True):
    return FollowUp(
        customer=CustomerNo.parse("CUS20240515001"),
        at=moment,
        by=StaffNo.parse("S0123"),
        mode=ContactMode.VISIT,
        duration_minutes=45,
        summary="quarterly plan",
        deep=deep,
    )


def kinds(result):
    return [v.kind for v in result.violations]


def test_d_customer_twice_a_month_is_fine_three_times_is_over_contact():
    twice = [at(5, 2), at(5, 20)]
    assert "over_contact" not in kinds(
        check_cadence(twice, "D", policy=SALES_ABCD, as_of=at(5, 31))
    )
    thrice = [*twice, at(5, 30)]
    result = check_cadence(thrice, "D", policy=SALES_ABCD, as_of=at(5, 31))
    over = [v for v in result.violations if v.kind == "over_contact"]
    assert len(over) == 1
    assert over[0].contacts == tuple(thrice)
    assert "FU-3" in over[0].rule


def test_months_are_calendar_months_in_the_customers_zone():
    # 31 May 20:00 UTC is already 1 June in Shanghai: two contacts in May, one in June
    moments = [at(5, 2), at(5, 20), datetime(2024, 5, 31, 20, 0, tzinfo=UTC)]
    result = check_cadence(moments, "D", policy=SALES_ABCD, as_of=at(6, 10))
    assert "over_contact" not in kinds(result)
    in_utc = check_cadence(moments, "D", policy=SALES_ABCD, as_of=at(6, 10), tz="UTC")
    assert "over_contact" in kinds(in_utc)


def test_a_customer_at_exactly_14_days_is_fine_one_second_more_is_neglect():
    first = at(5, 1)
    exact = check_cadence(
        [talk(first), talk(first + timedelta(days=14))],
        "A",
        policy=SALES_ABCD,
        as_of=first + timedelta(days=14),
    )
    assert "neglect" not in kinds(exact)
    late = check_cadence(
        [talk(first), talk(first + timedelta(days=14, seconds=1))],
        "A",
        policy=SALES_ABCD,
        as_of=first + timedelta(days=15),
    )
    neglect = [v for v in late.violations if v.kind == "neglect"]
    assert len(neglect) == 1
    assert neglect[0].start == first
    # and no contact since: overdue once 14 days have passed
    quiet = check_cadence(
        [talk(first)], "A", policy=SALES_ABCD, as_of=first + timedelta(days=14, seconds=1)
    )
    assert quiet.overdue
    assert quiet.next_due == first + timedelta(days=14)


def test_a_customer_needs_two_in_depth_talks_each_month():
    talks = [
        talk(at(4, 2)),
        talk(at(4, 12), deep=False),
        talk(at(4, 22)),
        talk(at(5, 3)),
        talk(at(5, 15), deep=False),
        talk(at(5, 28), deep=False),
    ]
    result = check_cadence(talks, "A", policy=SALES_ABCD, as_of=at(6, 5), since=at(4, 1, 0))
    below = [v for v in result.violations if v.kind == "below_monthly_minimum"]
    assert [v.start.month for v in below] == [5]
    assert len(below[0].contacts) == 1
    assert "needs 2 a month" in below[0].message


def test_service_c_is_monthly_by_calendar_month():
    result = check_cadence([at(1, 31)], "C", policy=SERVICE_ABC, as_of=at(2, 29, 10))
    assert result.next_due == at(2, 29)
    assert not result.overdue
    late = check_cadence([at(1, 31)], "C", policy=SERVICE_ABC, as_of=at(2, 29, 10, 0, 1))
    assert late.overdue


def test_d_needs_one_push_a_quarter_and_revisit_tiers():
    result = check_cadence([at(1, 15)], "D", policy=SALES_ABCD, as_of=at(7, 2))
    quarters = [v for v in result.violations if v.kind == "below_quarterly_minimum"]
    assert [v.start.month for v in quarters] == [4]
    vip = check_cadence(
        [at(1, 5), at(1, 20), at(1, 25)], "vip", policy=REVISIT_TIERS, as_of=at(3, 1)
    )
    assert kinds(vip) == ["over_contact", "below_monthly_minimum"]
    # RV-3: a normal-tier customer is revisited once a quarter, and not more
    once = check_cadence([at(1, 5), at(4, 8)], "normal", policy=REVISIT_TIERS, as_of=at(6, 30))
    assert kinds(once) == []
    twice = check_cadence([at(1, 5), at(2, 20)], "normal", policy=REVISIT_TIERS, as_of=at(3, 1))
    assert kinds(twice) == ["over_contact"]
    assert "Q1" in twice.violations[0].message
    with pytest.raises(PolicyError, match="max_per_quarter"):
        Cadence(tier="X", min_per_quarter=2, max_per_quarter=1)


def test_bad_input():
    with pytest.raises(ValidationError, match="not a tier"):
        check_cadence([], "E", policy=SALES_ABCD, as_of=at(5, 1))
    with pytest.raises(NaiveDatetimeError):
        check_cadence([datetime(2024, 5, 1)], "A", policy=SALES_ABCD, as_of=at(5, 2))  # noqa: DTZ001
    with pytest.raises(PolicyError):
        Cadence(tier="X", min_per_month=3, max_per_month=2)


moments = st.lists(
    st.integers(min_value=0, max_value=200 * 24 * 3600).map(
        lambda s: datetime(2024, 1, 1, tzinfo=SH) + timedelta(seconds=s)
    ),
    max_size=12,
)


@given(moments)
def test_over_contact_exactly_when_a_month_has_more_than_two(contacts):
    as_of = datetime(2024, 8, 1, tzinfo=SH)
    result = check_cadence(contacts, "D", policy=SALES_ABCD, as_of=as_of)
    months = {}
    for moment in contacts:
        local = moment.astimezone(SH)
        months[(local.year, local.month)] = months.get((local.year, local.month), 0) + 1
    assert ("over_contact" in kinds(result)) == any(n > 2 for n in months.values())


@given(moments)
def test_neglect_exactly_when_a_gap_exceeds_14_days(contacts):
    as_of = datetime(2024, 8, 1, tzinfo=SH)
    result = check_cadence([talk(m) for m in contacts], "A", policy=SALES_ABCD, as_of=as_of)
    points = [*sorted(contacts), as_of]
    gaps = [b - a for a, b in itertools.pairwise(points)]
    assert ("neglect" in kinds(result)) == any(g > timedelta(days=14) for g in gaps)


OFFICE = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-12:00", "13:30-18:00"))


def test_suggest_slot_avoids_monday_morning_and_friday_afternoon():
    assert suggest_slot(OFFICE, at(5, 20, 8)) == at(5, 20, 13, 30)  # Monday: afternoon
    assert suggest_slot(OFFICE, at(5, 21, 8)) == at(5, 21, 9)  # Tuesday: opening
    assert suggest_slot(OFFICE, at(5, 17, 12, 30)) == at(5, 20, 13, 30)  # Friday pm → Monday pm
    assert suggest_slot(OFFICE, at(5, 21, 11, 50)) == at(5, 21, 13, 30)  # does not fit before lunch
    with pytest.raises(ValidationError):
        suggest_slot(OFFICE, at(5, 21, 8), duration=timedelta(0))


@given(st.integers(min_value=0, max_value=60 * 24 * 60), st.integers(min_value=1, max_value=120))
def test_suggested_slots_are_open_fit_and_outside_quiet_hours(offset, minutes):
    after = at(5, 1, 0) + timedelta(minutes=offset)
    duration = timedelta(minutes=minutes)
    slot = suggest_slot(OFFICE, after, duration=duration)
    assert slot >= after
    assert OFFICE.add(slot, duration) == slot + duration  # one span
    for moment in (slot, slot + duration - timedelta(microseconds=1)):
        local = moment.astimezone(SH)
        assert not (local.weekday() == 0 and local.hour < 12)
        assert not (local.weekday() == 4 and local.hour >= 12)


def test_revisit_length_warnings():
    base = Revisit(
        customer=CustomerNo.parse("CUS20240515001"),
        customer_name="Lake",
        at=at(5, 21),
        mode=ContactMode.PHONE,
        visitor=StaffNo.parse("S0123"),
        summary="call",
    )
    assert revisit_length_warnings(attrs.evolve(base, duration_minutes=12)) == ()
    assert revisit_length_warnings(attrs.evolve(base, duration_minutes=25)) == (
        "a phone revisit lasted 25 min; RV-4 asks for 10–15 min",
    )
    visit = attrs.evolve(base, mode=ContactMode.VISIT, duration_minutes=30)
    assert revisit_length_warnings(visit) == ()
    assert revisit_length_warnings(attrs.evolve(visit, duration_minutes=31))
