"""Laws of the SLA clocks (RULES TK-3, TK-10) over generated calendars, pauses and tickets."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from salescare.calendars import ALWAYS
from salescare.models import Pause
from salescare.sla import SlaStatus, Target, measure, ticket_sla
from salescare.testing import calendars, tickets

BASE = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


@st.composite
def clocks(draw):
    calendar = draw(st.one_of(st.just(ALWAYS), calendars(min_year=2023, max_year=2025)))
    start = BASE + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 200)))
    budget = timedelta(minutes=draw(st.integers(min_value=1, max_value=60 * 40)))
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        begin = start + timedelta(minutes=draw(st.integers(min_value=-600, max_value=60 * 72)))
        length = timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 30)))
        pauses.append(Pause(start=begin, end=begin + length))
    target = Target(key="t", rule="TK-3", what="resolve", duration=budget, calendar=calendar)
    return target, start, pauses


def _effective(target, start, end, pauses):
    """Working time from start to end that is not inside a pause (minute-free, interval maths)."""
    calendar = target.calendar
    total = calendar.between(start, end)
    merged = []
    for pause in sorted(pauses, key=lambda p: p.start):
        begin, finish = max(pause.start, start), min(pause.end, end)
        if finish <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return total - sum((calendar.between(b, f) for b, f in merged), timedelta(0))


def _workable(target, start):
    return target.calendar.between(start, start + timedelta(days=60)) > target.duration * 2


@given(clocks())
def test_due_is_exactly_the_budget_of_unpaused_working_time(clock):
    target, start, pauses = clock
    assume(_workable(target, start))
    m = measure(target, start, now=start, pauses=pauses)
    assert _effective(target, start, m.due, pauses) == target.duration
    earlier = m.due - timedelta(microseconds=1)
    assert _effective(target, start, earlier, pauses) < target.duration


@given(clocks(), st.data())
def test_pauses_never_bring_the_due_time_forward(clock, data):
    target, start, pauses = clock
    assume(_workable(target, start))
    assume(pauses)
    fewer = pauses[: data.draw(st.integers(min_value=0, max_value=len(pauses) - 1))]
    assert (
        measure(target, start, now=start, pauses=fewer).due
        <= measure(target, start, now=start, pauses=pauses).due
    )


@given(clocks(), st.integers(min_value=0, max_value=60 * 24 * 20))
def test_status_follows_the_due_time(clock, minutes):
    target, start, pauses = clock
    assume(_workable(target, start))
    moment = start + timedelta(minutes=minutes)
    running = measure(target, start, now=moment, pauses=pauses)
    stopped = measure(target, start, now=moment, stop=moment, pauses=pauses)
    assert (stopped.status is SlaStatus.MET) == (moment <= stopped.due)
    assert (running.status is SlaStatus.BREACHED) == (moment > running.due)
    if moment <= running.due:
        assert running.elapsed + running.remaining == target.duration
        assert running.breached_at is None
    else:
        assert running.breached_at == running.due


@given(tickets(), st.integers(min_value=0, max_value=60 * 24 * 90))
def test_ticket_sla_is_total_and_consistent(ticket, minutes):
    stamps = [
        ticket.submitted_at,
        *(
            t
            for t in (
                ticket.resolved_at,
                ticket.synced_to_sales_at,
                ticket.sales_contacted_at,
                ticket.satisfaction_at,
                ticket.first_response_at,
                ticket.assigned_at,
                ticket.triaged_at,
                ticket.joint_meeting_at,
            )
            if t is not None
        ),
    ]
    now = max(stamps) + timedelta(minutes=minutes)
    sla = ticket_sla(ticket, now=now)
    for m in sla.measurements:
        assert m.due >= m.start
        if m.stopped_at is not None:
            assert m.status in {SlaStatus.MET, SlaStatus.BREACHED}
            assert (m.status is SlaStatus.MET) == (m.stopped_at <= m.due)
    assert sla.appeasement_due == (ticket.satisfaction is not None and ticket.satisfaction <= 3)
    assert (sla.response is None) == (ticket.level is None)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2090, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from(
            [UTC, ZoneInfo("America/New_York"), ZoneInfo("Europe/Amsterdam")]
        ),
    ),
    st.integers(min_value=1, max_value=10**12),
)
def test_elapsed_targets_take_the_shortcut_exactly(start, microseconds):
    duration = timedelta(microseconds=microseconds)
    target = Target(key="t", rule="TK-3", what="x", duration=duration)
    fast = target.plain_due(start)
    assert fast == ALWAYS.add(start, duration)
    assert fast.tzinfo is start.tzinfo
    # elapsed, not wall-clock, time: compare in UTC (same-tzinfo subtraction is wall-clock)
    assert fast.astimezone(UTC) - start.astimezone(UTC) == duration


@st.composite
def working_day_clocks(draw):
    calendar = draw(calendars(min_year=2023, max_year=2025))
    start = BASE + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 200)))
    count = draw(st.integers(min_value=1, max_value=5))
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        begin = start + timedelta(minutes=draw(st.integers(min_value=-600, max_value=60 * 24 * 8)))
        length = timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 4)))
        pauses.append(Pause(start=begin, end=begin + length))
    target = Target(key="t", rule="LD-7", what="record", working_days=count, calendar=calendar)
    return target, start, pauses


def _reference_working_day_due(target, start, pauses):
    """Day by day: skip the counted working days whose whole working time is paused."""
    calendar = target.calendar
    day = start.astimezone(calendar.zone).date()
    counted = 0
    while True:
        day += timedelta(days=1)
        hours = calendar.working_hours(day)
        if hours is None:
            continue
        opening, close = hours
        working = calendar.between(opening, close)
        paused = timedelta(0)
        covered = []
        for pause in sorted(pauses, key=lambda p: p.start.astimezone(UTC)):
            begin = max(pause.start.astimezone(UTC), start.astimezone(UTC), opening)
            finish = min(pause.end.astimezone(UTC), close)
            if finish > begin:
                if covered and begin <= covered[-1][1]:
                    covered[-1] = (covered[-1][0], max(covered[-1][1], finish))
                else:
                    covered.append((begin, finish))
        paused = sum((calendar.between(b, f) for b, f in covered), timedelta(0))
        if paused < working:
            counted += 1
            if counted == target.working_days:
                return close


@given(working_day_clocks())
def test_working_day_deadlines_skip_whole_paused_days_and_stay_closes_of_business(clock):
    target, start, pauses = clock
    calendar = target.calendar
    day = start.astimezone(calendar.zone).date()
    assume(calendar.working_days_between(day, day + timedelta(days=40)) >= 20)
    m = measure(target, start, now=start, pauses=pauses)
    assert m.due.astimezone(UTC) == _reference_working_day_due(target, start, pauses)
    assert m.elapsed + m.remaining == _effective(target, start, m.due, pauses)
