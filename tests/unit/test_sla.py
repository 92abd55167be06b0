from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest
from tests import builders

from salescare.calendars import ALWAYS, WorkCalendar
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.ids import StaffNo
from salescare.models import JointTrigger, Level, Pause, ProgressUpdate, TicketStatus
from salescare.sla import (
    DEFAULT_TICKET_POLICY,
    TIMERS,
    SlaStatus,
    Target,
    TicketSlaPolicy,
    due,
    measure,
    ticket_sla,
    ticket_sla_many,
)

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 5, 15, 9, 15, tzinfo=SH)  # a Wednesday
SECOND = timedelta(seconds=1)
OFFICE = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-12:00", "13:30-18:00"))

WITHIN_RULES = {
    "HO-1",
    "HO-2",
    "HO-4",
    "TK-2",
    "TK-3",
    "TK-4",
    "TK-5",
    "TK-6",
    "TK-8",
    "FB-3",
    "FB-5",
    "FB-6",
    "HL-3",
    "HL-6",
    "RV-5",
    "LD-4",
    "LD-5",
    "LD-7",
    "FU-1",
    "DL-2",
    "DV-3",
    "DV-4",
    "CX-1",
    "CX-3",
    "CX-4",
    "GR-5",
    "FU-4",
    "TK-15",
}


def test_every_within_rule_has_a_timer():
    assert {t.rule for t in TIMERS.values()} == WITHIN_RULES
    for key, target in TIMERS.items():
        assert key == target.key
        assert key.split(".")[0] == target.rule


@pytest.mark.parametrize("key", sorted(TIMERS))
def test_each_timer_is_met_on_time_and_breached_a_second_late(key):
    target = TIMERS[key]
    deadline = target.plain_due(START)
    assert deadline > START
    on_time = measure(target, START, now=deadline + timedelta(days=1), stop=deadline)
    assert on_time.status is SlaStatus.MET
    late = measure(target, START, now=deadline + timedelta(days=1), stop=deadline + SECOND)
    assert late.status is SlaStatus.BREACHED
    assert late.breached_at == deadline
    assert measure(target, START, now=deadline).status is not SlaStatus.BREACHED
    assert measure(target, START, now=deadline + SECOND).status is SlaStatus.BREACHED
    assert target.rule in late.reason


def test_timer_defaults_match_the_rules():
    assert due("TK-2", START) == START + timedelta(minutes=15)
    assert due("TK-3.L1.resolve", START) == START + timedelta(hours=4)
    assert due("TK-3.L3.resolve", START) == START + timedelta(hours=24)
    assert due("HO-2", START) == START + timedelta(minutes=30)
    assert due("TK-8.contact", START) == START + timedelta(hours=48)
    # working-day timers: close of business of the n-th working day after the event's day
    assert due("FU-1", START) == datetime(2024, 5, 20, 18, 0, tzinfo=SH)
    assert due("DV-3", START) == datetime(2024, 5, 24, 18, 0, tzinfo=SH)
    assert due("HL-6", START) == datetime(2024, 6, 15, 9, 15, tzinfo=SH)
    assert due("TK-2", START, calendar=OFFICE) == START + timedelta(minutes=15)


def test_unknown_timer_is_refused():
    with pytest.raises(ValidationError, match="is not a timer"):
        due("TK-99", START)


def test_at_risk_from_eighty_percent():
    target = TIMERS["TK-3.L2.resolve"]  # 8 h
    assert measure(target, START, now=START + timedelta(hours=6, minutes=24)).status is (
        SlaStatus.AT_RISK
    )
    assert measure(target, START, now=START + timedelta(hours=6, minutes=23)).status is (
        SlaStatus.RUNNING
    )


def test_elapsed_and_remaining():
    m = measure(TIMERS["TK-3.L1.resolve"], START, now=START + timedelta(hours=1))
    assert m.elapsed == timedelta(hours=1)
    assert m.remaining == timedelta(hours=3)
    late = measure(TIMERS["TK-3.L1.resolve"], START, now=START + timedelta(hours=5))
    assert late.elapsed == timedelta(hours=5)
    assert late.remaining == timedelta(0)


def test_a_pause_pushes_the_due_time():
    target = TIMERS["TK-3.L1.resolve"]
    pause = Pause(start=START + timedelta(hours=1), end=START + timedelta(hours=3))
    m = measure(target, START, now=START + timedelta(hours=5), pauses=[pause])
    assert m.due == START + timedelta(hours=6)
    assert m.elapsed == timedelta(hours=3)
    assert m.remaining == timedelta(hours=1)
    assert m.status is SlaStatus.RUNNING  # 3 of 4 hours: below the 80 % at-risk point


def test_pause_outside_hours_is_not_subtracted_twice():
    target = Target(
        key="x", rule="TK-3", what="resolve", duration=timedelta(hours=8), calendar=OFFICE
    )
    # without a pause: Wed 09:15 + 8 working hours (2.75 + 4.5 on Wed) = Thu 09:45
    assert measure(target, START, now=START).due == datetime(2024, 5, 16, 9, 45, tzinfo=SH)
    # paused from 17:00 Wed to 10:00 Thu: only 17:00-18:00 and 09:00-10:00 were working time
    overnight = Pause(
        start=datetime(2024, 5, 15, 17, 0, tzinfo=SH), end=datetime(2024, 5, 16, 10, 0, tzinfo=SH)
    )
    m = measure(target, START, now=START, pauses=[overnight])
    # 6.25 h before the pause, 2 h of it was working time, 1.75 h after 10:00 Thu
    assert m.due == datetime(2024, 5, 16, 11, 45, tzinfo=SH)
    assert OFFICE.between(START, m.due) - timedelta(hours=2) == timedelta(hours=8)


def test_open_pause_reports_paused_and_moves_the_due_time():
    target = TIMERS["TK-3.L1.resolve"]
    pause = Pause(start=START + timedelta(hours=1))
    at_2h = measure(target, START, now=START + timedelta(hours=2), pauses=[pause])
    at_3h = measure(target, START, now=START + timedelta(hours=3), pauses=[pause])
    assert at_2h.status is SlaStatus.PAUSED
    assert at_3h.due - at_2h.due == timedelta(hours=1)


def test_overlapping_pauses_count_once():
    target = TIMERS["TK-3.L1.resolve"]
    a = Pause(start=START + timedelta(hours=1), end=START + timedelta(hours=3))
    b = Pause(start=START + timedelta(hours=2), end=START + timedelta(hours=4))
    m = measure(target, START, now=START, pauses=[a, b])
    assert m.due == START + timedelta(hours=7)


def test_bad_clock_input():
    target = TIMERS["TK-2"]
    with pytest.raises(ValidationError, match=r"now: .* is before start"):
        measure(target, START, now=START - SECOND)
    with pytest.raises(ValidationError, match=r"stop: .* is before start"):
        measure(target, START, now=START, stop=START - SECOND)
    with pytest.raises(NaiveDatetimeError):
        measure(target, START.replace(tzinfo=None), now=START)
    with pytest.raises(PolicyError, match="exactly one"):
        Target(key="x", rule="X", what="x")
    with pytest.raises(PolicyError, match="not positive"):
        Target(key="x", rule="X", what="x", duration=timedelta(0))
    with pytest.raises(PolicyError, match="at_risk"):
        Target(key="x", rule="X", what="x", duration=timedelta(hours=1), at_risk=Decimal(0))


def ticket(**changes):
    base = {
        "customer_name": "Lake Tech",
        "description": "Export shows wrong totals",
        "submitted_at": START,
        "level": Level.L2,
        "triaged_at": START + timedelta(minutes=10),
        "assignee": StaffNo.parse("A0045"),
        "assigned_at": START + timedelta(minutes=30),
        "first_response_at": START + timedelta(minutes=50),
    }
    return builders.ticket(**(base | changes))


def test_ticket_clocks():
    sla = ticket_sla(ticket(), now=START + timedelta(hours=3))
    assert sla.triage.status is SlaStatus.MET
    assert sla.assignment.status is SlaStatus.MET
    assert sla.response.status is SlaStatus.MET
    assert sla.resolution.status is SlaStatus.RUNNING
    assert sla.resolution.due == START + timedelta(hours=8)
    assert sla.sync_to_sales is None  # not resolved yet
    assert not sla.breaches


def test_untriaged_ticket_has_no_level_clocks():
    sla = ticket_sla(
        ticket(level=None, triaged_at=None, assigned_at=None, first_response_at=None),
        now=START + timedelta(minutes=20),
    )
    assert sla.triage.status is SlaStatus.BREACHED
    assert sla.response is None
    assert sla.resolution is None
    assert sla.assignment is None


def test_postponement_never_hides_the_original_breach():
    postponed = ticket(
        status=TicketStatus.POSTPONED,
        postpone_reason="waiting for the customer's test data",
        expected_resolution_at=START + timedelta(days=2),
    )
    sla = ticket_sla(postponed, now=START + timedelta(hours=10))
    assert sla.resolution.status is SlaStatus.BREACHED
    assert sla.late_against_expected is False


def test_resolution_starts_the_tk8_clocks_and_low_satisfaction_needs_appeasement():
    resolved_at = START + timedelta(hours=5)
    done = ticket(
        status=TicketStatus.CLOSED,
        resolution="Patched the export",
        resolved_at=resolved_at,
        satisfaction=3,
        satisfaction_at=resolved_at + timedelta(hours=2),
        synced_to_sales_at=resolved_at + timedelta(hours=25),
    )
    sla = ticket_sla(done, now=resolved_at + timedelta(hours=80))
    assert sla.resolution.status is SlaStatus.MET
    assert sla.satisfaction.status is SlaStatus.MET
    assert sla.sync_to_sales.status is SlaStatus.BREACHED
    assert sla.sales_contact.status is SlaStatus.BREACHED
    assert sla.appeasement_due
    assert {m.target.key for m in sla.breaches} == {"TK-8.sync", "TK-8.contact"}
    assert not ticket_sla(attrs.evolve(done, satisfaction=4), now=resolved_at).appeasement_due


def test_progress_update_gaps():
    updates = tuple(
        ProgressUpdate(at=START + timedelta(minutes=30) + timedelta(hours=h), note="working")
        for h in (3, 9)
    )
    sla = ticket_sla(ticket(progress=updates), now=START + timedelta(hours=10))
    assert sla.progress is not None
    assert [g.length for g in sla.progress.gaps] == [
        timedelta(hours=3),
        timedelta(hours=6),
        timedelta(minutes=30),
    ]
    assert [g.ok for g in sla.progress.gaps] == [True, False, True]
    assert sla.progress.next_update_due == START + timedelta(hours=13, minutes=30)
    # L3 has no cadence
    assert ticket_sla(ticket(level=Level.L3), now=START + timedelta(hours=1)).progress is None


def test_joint_meeting_clock():
    joint = ticket(
        joint_handling=True,
        joint_triggers=(JointTrigger.UPSET_CUSTOMER,),
        sales_owner=StaffNo.parse("S0123"),
        joint_triggered_at=START + timedelta(hours=1),
        joint_meeting_at=START + timedelta(hours=2, seconds=1),
    )
    sla = ticket_sla(joint, now=START + timedelta(hours=3))
    assert sla.joint_meeting.status is SlaStatus.BREACHED


def test_policy_can_move_every_clock_to_business_hours():
    policy = TicketSlaPolicy(calendar=OFFICE)
    evening = datetime(2024, 5, 15, 17, 30, tzinfo=SH)
    sla = ticket_sla(
        ticket(submitted_at=evening, triaged_at=None, assigned_at=None, first_response_at=None),
        now=evening,
        policy=policy,
    )
    assert sla.triage.due == evening + timedelta(minutes=15)
    # 0.5 h on Wednesday evening, then 3 + 4.5 h on Thursday
    assert sla.resolution.due == datetime(2024, 5, 16, 18, 0, tzinfo=SH)
    with pytest.raises(PolicyError):
        TicketSlaPolicy(appeasement_threshold=0)


def test_many_in_order():
    tickets = [ticket(), ticket(level=Level.L1)]
    results = ticket_sla_many(tickets, now=START + timedelta(hours=1))
    assert [r.ticket for r in results] == tickets
    assert DEFAULT_TICKET_POLICY.levels[Level.L1].respond.duration == timedelta(hours=1)
    assert ALWAYS.add(START, timedelta(hours=1)).tzinfo is START.tzinfo


def test_always_keeps_the_callers_zone():
    utc_start = START.astimezone(UTC)
    assert due("TK-2", utc_start).tzinfo is UTC


# -- pauses on working-day timers (RULES conventions, TK-10; docs/design.md) --------------------

FRIDAY = datetime(2024, 9, 27, 16, 0, tzinfo=SH)  # before National Day; Sun 29 Sep is worked
CHINA_CLOSE = time(18, 0)
THREE_DAYS = TIMERS["LD-7"]  # 3 working days, China's calendar


def day_pause(day, start="00:00", end="23:59"):
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return Pause(
        start=datetime(2024, day[0], day[1], h1, m1, tzinfo=SH),
        end=datetime(2024, day[0], day[1], h2, m2, tzinfo=SH),
    )


def test_working_day_deadline_without_pauses_crosses_the_holiday():
    # counted days: Sun 29 Sep (make-up), Mon 30 Sep, Tue 8 Oct (1–7 Oct are holidays)
    assert measure(THREE_DAYS, FRIDAY, now=FRIDAY).due == datetime(2024, 10, 8, 18, tzinfo=SH)


def test_pausing_the_events_own_day_moves_nothing():
    rest_of_friday = Pause(start=FRIDAY, end=datetime(2024, 9, 27, 23, 0, tzinfo=SH))
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[rest_of_friday])
    assert m.due == datetime(2024, 10, 8, 18, tzinfo=SH)


def test_a_fully_paused_counted_day_is_lost_a_partly_paused_one_is_not():
    whole_make_up_day = day_pause((9, 29))
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[whole_make_up_day])
    assert m.due == datetime(2024, 10, 9, 18, tzinfo=SH)  # one more working day
    morning_only = day_pause((9, 30), "08:00", "12:00")
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[morning_only])
    assert m.due == datetime(2024, 10, 8, 18, tzinfo=SH)
    # exactly the working hours, lunch break included, is the whole day
    opening_to_close = day_pause((9, 30), "09:00", "18:00")
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[opening_to_close])
    assert m.due == datetime(2024, 10, 9, 18, tzinfo=SH)


def test_pausing_holidays_and_weekends_moves_nothing():
    national_day = Pause(
        start=datetime(2024, 10, 1, tzinfo=SH), end=datetime(2024, 10, 7, 23, tzinfo=SH)
    )
    saturday = day_pause((9, 28))
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[national_day, saturday])
    assert m.due == datetime(2024, 10, 8, 18, tzinfo=SH)


def test_a_long_pause_loses_every_working_day_it_covers():
    # from Sunday morning to Wednesday 9 Oct noon: 29 Sep, 30 Sep, 8 Oct are lost
    long = Pause(
        start=datetime(2024, 9, 29, 8, tzinfo=SH), end=datetime(2024, 10, 9, 12, tzinfo=SH)
    )
    m = measure(THREE_DAYS, FRIDAY, now=FRIDAY, pauses=[long])
    # counted: 9 Oct (partly paused, counts), 10 Oct, 11 Oct
    assert m.due == datetime(2024, 10, 11, 18, tzinfo=SH)
    assert m.due.time() == CHINA_CLOSE


def test_an_open_pause_loses_the_days_up_to_now():
    open_pause = Pause(start=datetime(2024, 9, 28, tzinfo=SH))
    monday_night = datetime(2024, 9, 30, 20, tzinfo=SH)
    m = measure(THREE_DAYS, FRIDAY, now=monday_night, pauses=[open_pause])
    assert m.status is SlaStatus.PAUSED
    # 29 and 30 Sep lost so far: counted days 8, 9, 10 Oct
    assert m.due == datetime(2024, 10, 10, 18, tzinfo=SH)


def test_a_pause_of_a_thousand_years_is_counted_quickly_and_exactly():
    office = WorkCalendar.weekly(tz="Europe/Amsterdam")
    target = TIMERS["LD-7"].on(office)
    start = datetime(2024, 5, 15, 9, tzinfo=UTC)
    pause = Pause(start=start, end=datetime(3024, 1, 1, tzinfo=UTC))  # 01:00 on 1 Jan, local
    m = measure(target, start, now=start, pauses=[pause])
    # every working day up to 31 December 3023 is lost; 1 January counts again
    assert m.due == office.add_working_days(date(3023, 12, 31), 3)
