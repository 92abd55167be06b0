"""The agenda: every timer started by a record event and discharged by another (RULES, CO-3).

One scenario per timer of ``TIMERS``: the record as the starting event leaves it, and the
fields (or records) the discharging event adds. Each is checked at the boundary: upcoming at
the start, overdue a microsecond past due, met when done exactly at the due time, breached
when done a microsecond later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.builders import (
    AFTER_SALES,
    LAKE_CODE,
    LAKE_NO,
    SALES,
    T0,
    contact,
    customer,
    departure,
    feedback,
    follow_up,
    handover,
    health_review,
    objection,
    opportunity,
    registration,
    revisit,
    support_request,
    ticket,
)

from salescare.agenda import CLOCKS, AgendaItem, DutyStatus, agenda
from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.ids import StaffNo
from salescare.models import (
    Actor,
    Attachment,
    Complaint,
    ContactMode,
    DepartureStatus,
    DutyLog,
    HandoverStatus,
    HistoryEntry,
    JointTrigger,
    Level,
    Measure,
    MeasureKind,
    PlannedFollowUp,
    ProgressUpdate,
    Promise,
    RegistrationStatus,
    ReviewDecision,
    RevisitOutcome,
    Role,
    TicketStatus,
)
from salescare.sla import TIMERS, measure
from salescare.workflow import DEPARTURE, HANDOVER, GuardError, fire

US = timedelta(microseconds=1)
SUPERVISOR = StaffNo.parse("S0001")
Fields = dict[str, Any]


def _resolved(at: datetime) -> Fields:
    return {"resolved_at": at, "status": TicketStatus.CLOSED, "resolution": "fixed"}


_ASSIGNED = {"prepared_at": T0 - timedelta(hours=2), "handed_over_at": T0 - timedelta(hours=1)}
_JOINT = {
    "level": Level.L1,
    "joint_handling": True,
    "joint_triggers": (JointTrigger.UPSET_CUSTOMER,),
    "sales_owner": SALES,
    "joint_triggered_at": T0,
}
_APPROVED = {"submitted_at": T0, "reviewed_at": T0, "decision": ReviewDecision.PASS}
_ENTERED = _APPROVED | {
    "entered_at": T0,
    "customer_code": LAKE_CODE,
    "status": RegistrationStatus.ENTERED,
}
_LEFT = {
    "submitted_at": T0,
    "approved_at": T0,
    "approved_by": SUPERVISOR,
    "status": DepartureStatus.APPROVED,
}

# timer: (the record as its starting event leaves it, what the discharging event adds)
ONCE: dict[str, tuple[Callable[[], object], Callable[[datetime], Fields]]] = {
    "HO-1": (lambda: handover(signed_at=T0), lambda at: {"prepared_at": at}),
    "HO-2": (lambda: handover(prepared_at=T0), lambda at: {"handed_over_at": at}),
    "HO-4.open": (
        lambda: handover(**_ASSIGNED, assigned_at=T0, after_sales_owner=AFTER_SALES),
        lambda at: {"opened_at": at},
    ),
    "HO-4.confirm": (
        lambda: handover(**_ASSIGNED, assigned_at=T0, after_sales_owner=AFTER_SALES),
        lambda at: {
            "confirmed_at": at,
            "status": HandoverStatus.CONFIRMED,
            "planned_service_start": at,
        },
    ),
    "TK-2": (ticket, lambda at: {"triaged_at": at, "level": Level.L3}),
    **{
        f"TK-3.{level}.respond": (
            lambda level=level: ticket(level=level, triaged_at=T0),
            lambda at: {"first_response_at": at},
        )
        for level in Level
    },
    **{
        f"TK-3.{level}.resolve": (
            lambda level=level: ticket(level=level, triaged_at=T0),
            _resolved,
        )
        for level in Level
    },
    "TK-4": (
        lambda: ticket(level=Level.L2, triaged_at=T0),
        lambda at: {"assigned_at": at, "assignee": AFTER_SALES},
    ),
    "TK-5": (lambda: ticket(**_JOINT), lambda at: {"joint_meeting_at": at}),
    "TK-8.sync": (
        lambda: ticket(level=Level.L3, **_resolved(T0)),
        lambda at: {"synced_to_sales_at": at},
    ),
    "TK-8.contact": (
        lambda: ticket(level=Level.L3, **_resolved(T0), synced_to_sales_at=T0, sales_owner=SALES),
        lambda at: {"sales_contacted_at": at},
    ),
    "TK-8.satisfaction": (
        lambda: ticket(level=Level.L3, **_resolved(T0)),
        lambda at: {"satisfaction_at": at, "satisfaction": 5},
    ),
    "TK-15.appease": (
        lambda: ticket(
            level=Level.L3,
            **_resolved(T0),
            satisfaction=2,
            satisfaction_at=T0,
            low_rating_at=T0,
            sales_owner=SALES,
        ),
        lambda at: {"appeased_at": at},
    ),
    "FB-3": (feedback, lambda at: {"classified_at": at}),
    "FB-5": (lambda: feedback(classified_at=T0, owner=SALES), lambda at: {"evaluated_at": at}),
    "HL-3.plan": (lambda: health_review(reviewed_at=T0), lambda at: {"plan_agreed_at": at}),
    "HL-6": (
        lambda: health_review(plan_starts=date(2024, 5, 15)),
        lambda at: {"reaction_at": at},
    ),
    "RV-5.respond": (
        lambda: revisit(outcome=RevisitOutcome.PROBLEM, plan_owner=SALES),
        lambda at: {"responded_at": at},
    ),
    "RV-5.solution": (
        lambda: revisit(outcome=RevisitOutcome.PROBLEM, plan_owner=SALES),
        lambda at: {"solved_at": at},
    ),
    "RV-5.revisit": (
        lambda: revisit(outcome=RevisitOutcome.PROBLEM, plan_owner=SALES, solved_at=T0),
        lambda at: {"revisited_after_fix_at": at},
    ),
    "LD-4": (registration, lambda at: {"submitted_at": at}),
    "CX-1": (lambda: registration(submitted_at=T0), lambda at: {"reviewed_at": at}),
    "LD-5": (
        lambda: registration(**_APPROVED),
        lambda at: {
            "entered_at": at,
            "customer_code": LAKE_CODE,
            "status": RegistrationStatus.ENTERED,
        },
    ),
    "LD-7": (
        lambda: customer(sales_owner=SALES, contacts=(contact(changed_at=T0),)),
        lambda at: {"contacts": (contact(changed_at=T0, recorded_at=at),)},
    ),
    "DL-2": (objection, lambda at: {"answered_at": at, "answer": "5 % off"}),
    "CX-3.answer": (support_request, lambda at: {"answered_at": at, "answer": "done"}),
    "CX-4": (
        departure,
        lambda at: {"submitted_at": at, "status": DepartureStatus.SUBMITTED},
    ),
}

# timer: (the record, the record of the contact that discharges it)
CROSS: dict[str, tuple[Callable[[], object], Callable[[datetime], object]]] = {
    "FU-1": (lambda: registration(**_ENTERED), lambda at: follow_up(customer=LAKE_CODE, at=at)),
    "DV-3": (
        lambda: opportunity(delivered_at=T0),
        lambda at: revisit(at=at),
    ),
}

# timer: (the record, what a mark (the repeated event) adds, what ends the cadence or None)
CADENCE: dict[
    str,
    tuple[Callable[[], object], Callable[[datetime], Fields], Callable[[datetime], Fields] | None],
] = {
    **{
        f"TK-6.{level}": (
            lambda level=level: ticket(
                level=level, triaged_at=T0, assigned_at=T0, assignee=AFTER_SALES
            ),
            lambda at: {"progress": (ProgressUpdate(at=at, by="A0045", note="log read"),)},
            _resolved,
        )
        for level in (Level.L1, Level.L2)
    },
    "FB-6": (
        lambda: feedback(classified_at=T0, evaluated_at=T0, owner=SALES),
        lambda at: {"progress": (ProgressUpdate(at=at, by="S0123", note="drafted"),)},
        lambda at: {"completed_at": at, "lesson": "ask earlier"},
    ),
    "GR-5": (lambda: customer(graded_at=T0), lambda at: {"graded_at": at}, None),
    "DV-4": (
        lambda: opportunity(delivered_at=T0),
        lambda at: {"effect_reported_at": at},
        None,
    ),
    "CX-4.report": (lambda: departure(**_LEFT), lambda at: {"reported_at": at}, None),
}

OTHER = {"FU-4", "CX-4.no_contact"}  # a pause lifted; a ban (tested below)


def _promise(**changes):
    fields = {"what": "send the quote", "owner": SALES, "due": T0 + timedelta(days=3)}
    return Promise(**(fields | changes))


def _measure(**changes):
    fields = {
        "kind": MeasureKind.APOLOGY,
        "description": "call and apologise",
        "owner": AFTER_SALES,
        "deadline": T0 + timedelta(days=3),
    }
    return Measure(**(fields | changes))


# timer: (the record with one open item, the record with that item kept at ``at``)
DEADLINES: dict[str, tuple[Callable[[], object], Callable[[datetime], object]]] = {
    "FU-9.promise": (
        lambda: follow_up(commitments=(_promise(),)),
        lambda at: follow_up(commitments=(_promise(kept_at=at),)),
    ),
    "RV-8.promise": (
        lambda: revisit(commitments=(_promise(),)),
        lambda at: revisit(commitments=(_promise(kept_at=at),)),
    ),
    "CP-3.measure": (
        lambda: complaint(measures=(_measure(),)),
        lambda at: complaint(measures=(_measure(done_at=at),)),
    ),
}


def complaint(**changes):
    fields = {
        "customer": LAKE_NO,
        "received_at": T0,
        "category": "delivery",
        "description": "late delivery",
    }
    return Complaint(**(fields | changes))


def _items(records: list[object], now: datetime, timer: str) -> list[AgendaItem]:
    return [i for i in agenda(records, now=now, periodic=False) if i.timer == timer]


def _one(records: list[object], now: datetime, timer: str) -> AgendaItem:
    found = _items(records, now, timer)
    assert len(found) == 1, (timer, found)
    return found[0]


def test_every_timer_has_a_clock_and_a_scenario():
    assert [c.timer for c in CLOCKS] == list(dict.fromkeys(c.timer for c in CLOCKS))
    assert {c.timer for c in CLOCKS if c.kind != "deadline"} == set(TIMERS)
    assert {*ONCE, *CROSS, *CADENCE, *OTHER} == set(TIMERS)
    deadlines = {c.timer for c in CLOCKS if c.kind == "deadline"}
    assert deadlines == {*DEADLINES, "FU-8.plan"}


def _due(timer: str, start: datetime) -> datetime:
    return measure(TIMERS[timer], start, now=start).due


@pytest.mark.parametrize("timer", sorted(ONCE))
def test_a_record_event_starts_the_timer_and_another_discharges_it(timer):
    build, finish = ONCE[timer]
    record = build()
    opened = _one([record], T0 + US, timer)
    start = opened.start
    due = _due(timer, start)
    assert (opened.due, opened.status, opened.done_at) == (due, DutyStatus.UPCOMING, None)
    assert opened.rule == TIMERS[timer].rule
    assert opened.record is record
    assert _one([record], due, timer).status in {DutyStatus.UPCOMING, DutyStatus.DUE_SOON}
    assert _one([record], due + US, timer).status is DutyStatus.OVERDUE
    on_time = attrs.evolve(record, **finish(due))
    met = _one([on_time], due + timedelta(hours=1), timer)
    assert (met.status, met.done_at) == (DutyStatus.MET, due)
    late = attrs.evolve(record, **finish(due + US))
    assert _one([late], due + timedelta(hours=1), timer).status is DutyStatus.BREACHED


@pytest.mark.parametrize("timer", sorted(DEADLINES))
def test_a_promise_or_measure_is_due_at_its_own_deadline_until_kept(timer):
    made, kept = DEADLINES[timer]
    due = T0 + timedelta(days=3)
    item = _one([made()], T0, timer)
    assert (item.start, item.due, item.status) == (T0, due, DutyStatus.UPCOMING)
    assert item.owner is not None
    assert _one([made()], due + US, timer).status is DutyStatus.OVERDUE
    on_time = _one([kept(due)], due + US, timer)
    assert (on_time.status, on_time.done_at) == (DutyStatus.MET, due)
    assert _one([kept(due + US)], due + US, timer).status is DutyStatus.BREACHED


def test_a_planned_follow_up_is_carried_out_by_the_next_contact():
    """FU-8: each line of the follow-up plan is owed until a follow-up of the customer."""
    plan = PlannedFollowUp(
        customer=LAKE_NO,
        made_at=T0,
        planned_at=T0 + timedelta(days=2),
        mode=ContactMode.VISIT,
        focus="renewal terms",
        goal="renewal signed",
        owner=SALES,
    )
    due = plan.planned_at
    item = _one([plan], T0, "FU-8.plan")
    assert (item.rule, item.owner, item.due, item.status) == (
        "FU-8",
        SALES,
        due,
        DutyStatus.UPCOMING,
    )
    assert _one([plan], due + US, "FU-8.plan").status is DutyStatus.OVERDUE
    met = _one([plan, follow_up(at=due)], due + US, "FU-8.plan")
    assert (met.status, met.done_at) == (DutyStatus.MET, due)
    late = _one([plan, follow_up(at=due + US)], due + US, "FU-8.plan")
    assert late.status is DutyStatus.BREACHED
    before = _one([plan, follow_up(at=T0 - US)], due + US, "FU-8.plan")
    assert before.status is DutyStatus.OVERDUE  # a contact before the plan does not carry it out


def test_a_duty_log_discharges_the_periods_duty_and_a_missed_period_stays_overdue():
    now = datetime(2024, 5, 15, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Shanghai
    checks = [i for i in agenda([], now=now) if i.rule == "FU-8"]
    assert [i.status for i in checks] == [DutyStatus.OVERDUE, DutyStatus.UPCOMING]
    last_week = DutyLog(rule="FU-8", at=datetime(2024, 5, 10, 8, tzinfo=UTC), by=SUPERVISOR)
    this_week = DutyLog(rule="FU-8", at=datetime(2024, 5, 14, 8, tzinfo=UTC), by=SUPERVISOR)
    done = [i for i in agenda([last_week, this_week], now=now) if i.rule == "FU-8"]
    assert [i.status for i in done] == [DutyStatus.MET, DutyStatus.MET]
    assert [i.done_at for i in done] == [last_week.at, this_week.at]
    assert {i.owner for i in done} == {SUPERVISOR}
    standups = [i for i in agenda([], now=now) if i.rule == "CO-1"]
    # yesterday's was not logged; today's at 17:00 is due soon at 14:00 (80 % of its day)
    assert [i.status for i in standups] == [DutyStatus.OVERDUE, DutyStatus.DUE_SOON]
    held = DutyLog(rule="CO-1", at=datetime(2024, 5, 14, 9, 5, tzinfo=UTC), by=SUPERVISOR)
    statuses = [i.status for i in agenda([held], now=now) if i.rule == "CO-1"]
    assert statuses == [DutyStatus.MET, DutyStatus.DUE_SOON]


@pytest.mark.parametrize("timer", sorted(CROSS))
def test_a_contact_record_discharges_a_cross_record_timer(timer):
    build, contact_at = CROSS[timer]
    record = build()
    due = _due(timer, T0)
    assert _one([record], T0, timer).status is DutyStatus.UPCOMING
    assert _one([record], due + US, timer).status is DutyStatus.OVERDUE
    met = _one([record, contact_at(due)], due + timedelta(hours=1), timer)
    assert (met.status, met.done_at) == (DutyStatus.MET, due)
    late = _one([record, contact_at(due + US)], due + timedelta(hours=1), timer)
    assert late.status is DutyStatus.BREACHED
    # a contact before the start does not count
    early = _one([record, contact_at(T0 - US)], due + US, timer)
    assert early.status is DutyStatus.OVERDUE


@pytest.mark.parametrize("timer", sorted(CADENCE))
def test_a_cadence_restarts_at_each_mark_and_ends_with_the_record(timer):
    build, mark, end = CADENCE[timer]
    record = build()
    due = _due(timer, T0)
    assert _one([record], T0, timer).due == due
    assert _one([record], due + US, timer).status is DutyStatus.OVERDUE
    marked = attrs.evolve(record, **mark(due))
    again = _one([marked], due + US, timer)
    assert (again.start, again.due, again.status) == (due, _due(timer, due), DutyStatus.UPCOMING)
    if end is not None:
        assert _items([attrs.evolve(record, **end(due))], due + US, timer) == []


def test_a_paused_customer_is_owed_a_reactivation_until_the_pause_is_lifted():
    paused = customer(paused=True, pause_remark="next year", paused_at=T0, sales_owner=SALES)
    due = _due("FU-4", T0)
    item = _one([paused], T0, "FU-4")
    assert (item.due, item.owner, item.role) == (due, SALES, "sales_rep")
    assert _one([paused], due + US, "FU-4").status is DutyStatus.OVERDUE
    lifted = attrs.evolve(paused, paused=False)
    assert _items([lifted], due + US, "FU-4") == []


def test_the_departed_rep_may_not_contact_the_customers_for_the_month():
    left = departure(**_LEFT)
    due = _due("CX-4.no_contact", T0)
    assert _one([left], T0, "CX-4.no_contact").status is DutyStatus.UPCOMING
    kept = _one([left], due + US, "CX-4.no_contact")
    assert (kept.status, kept.done_at) == (DutyStatus.MET, due)
    call = follow_up(at=due - US)  # by the departed rep, S0123
    broken = _one([left, call], due + US, "CX-4.no_contact")
    assert (broken.status, broken.done_at) == (DutyStatus.BREACHED, due - US)
    successor = follow_up(at=due - US, by=StaffNo.parse("S0124"))
    assert _one([left, successor], due + US, "CX-4.no_contact").status is DutyStatus.MET
    after = follow_up(at=due)
    assert _one([left, after], due + US, "CX-4.no_contact").status is DutyStatus.MET


def test_asking_for_supplement_also_discharges_the_confirmation_clock():
    build, _ = ONCE["HO-4.confirm"]
    record = build()
    due = _due("HO-4.confirm", T0)
    asked = attrs.evolve(
        record,
        status=HandoverStatus.NEEDS_SUPPLEMENT,
        history=(HistoryEntry(at=due - US, actor="A0045", event="request_supplement"),),
    )
    item = _one([asked], due + timedelta(hours=1), "HO-4.confirm")
    assert (item.status, item.done_at) == (DutyStatus.MET, due - US)


def test_settled_duties_leave_the_agenda_after_the_recent_window():
    done = ticket(triaged_at=T0 + timedelta(minutes=5), level=Level.L3)
    assert _items([done], T0 + timedelta(days=6), "TK-2")
    assert _items([done], T0 + timedelta(days=8), "TK-2") == []
    kept = agenda([done], now=T0 + timedelta(days=8), recent=timedelta(days=30), periodic=False)
    assert "TK-2" in {i.timer for i in kept}


def test_filters_by_owner_team_and_family_deny_by_default():
    lake = customer(number=LAKE_NO, team="east", sales_owner=SALES)
    records = [
        lake,
        ticket(level=Level.L2, triaged_at=T0, assignee=AFTER_SALES, assigned_at=T0),
        handover(signed_at=T0),
    ]
    now = T0 + timedelta(minutes=1)
    everything = agenda(records, now=now, periodic=False)
    assert {i.family for i in everything} == {"TK", "HO"}
    mine = agenda(records, now=now, owner=AFTER_SALES, periodic=False)
    assert mine
    assert all(i.owner == AFTER_SALES for i in mine)
    assert all(i.owner is not None for i in mine)  # unowned duties match no owner
    assert {i.rule for i in agenda(records, now=now, owner=SALES, periodic=False)} == {"HO-1"}
    east = agenda(records, now=now, team="east", periodic=False)
    assert len(east) == len(everything)
    assert agenda(records, now=now, team="west", periodic=False) == ()
    assert agenda(records, now=now, team="", periodic=False) == ()
    only = agenda(records, now=now, families={"HO"}, periodic=False)
    assert {i.rule for i in only} == {"HO-1"}
    assert [i.due for i in everything] == sorted(i.due for i in everything)


def test_periodic_duties_come_from_the_calendar():
    now = datetime(2024, 5, 15, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Shanghai
    never_graded = customer(sales_owner=SALES, team="east")
    items = agenda([never_graded], now=now)
    rules = {i.rule for i in items}
    assert {"CO-1", "CO-2", "FU-8", "HL-3", "FB-11", "GR-8"} <= rules
    standup = [i for i in items if i.rule == "CO-1"][-1]  # today's; yesterday's comes first
    assert standup.due == datetime(2024, 5, 15, 9, 15, tzinfo=UTC)  # 17:15 Shanghai, its end
    gr8 = next(i for i in items if i.rule == "GR-8")
    assert (gr8.owner, gr8.team, gr8.record) == (SALES, "east", never_graded)
    assert gr8.due == datetime(2024, 6, 30, 16, 0, tzinfo=UTC)  # 1 July 00:00 Shanghai
    graded = attrs.evolve(never_graded, graded_at=T0)
    assert "GR-8" not in {i.rule for i in agenda([graded], now=now)}


@settings(max_examples=40, deadline=None)
@given(
    offset=st.integers(min_value=0, max_value=40 * 86_400),
    triage=st.none() | st.integers(min_value=0, max_value=3_600),
)
def test_status_agrees_with_due_and_done(offset, triage):
    """For any moment, an open duty is overdue exactly when past due; a done one is met
    exactly when done by the due time."""
    record = ticket(
        level=Level.L2,
        triaged_at=None if triage is None else T0 + timedelta(seconds=triage),
    )
    now = T0 + timedelta(seconds=offset)
    for item in agenda([record], now=now, periodic=False, recent=timedelta(days=365)):
        if item.done_at is None:
            assert (item.status is DutyStatus.OVERDUE) == (now > item.due)
        else:
            assert (item.status is DutyStatus.MET) == (item.done_at <= item.due)
            assert item.done_at <= now


def test_workflow_events_start_and_discharge_the_handover_clocks():
    """HO-1…HO-4 from the events themselves: sign → prepare → submit → assign → open."""
    engineer = Actor(id="A0045", role=Role.ENGINEER)
    signed = handover(
        signed_at=T0,
        prepared_at=T0 + timedelta(hours=1),
        requirement_history="需要与ERP对接，月底前上线，每周导出生产报表",
        attachments=(Attachment(name="contract", format="pdf"),),
        products=("MES licence",),
        payment_cycle="30% on signing, 70% on acceptance",
    )
    submitted = fire(HANDOVER, signed, "submit", at=T0 + timedelta(hours=1, minutes=20),
                     by=Actor(id="S0123", role=Role.SALES_REP)).record  # fmt: skip
    checked = fire(HANDOVER, submitted, "check", at=T0 + timedelta(hours=2),
                   by=Actor(id="S0001", role=Role.SALES_SUPERVISOR)).record  # fmt: skip
    assigned = fire(HANDOVER, checked, "assign", at=T0 + timedelta(hours=3),
                    by=Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR),
                    after_sales_owner=AFTER_SALES).record  # fmt: skip
    now = T0 + timedelta(hours=4)
    statuses = {i.timer: i.status for i in agenda([assigned], now=now, periodic=False)}
    assert statuses == {
        "HO-1": DutyStatus.MET,
        "HO-2": DutyStatus.MET,
        "HO-4.open": DutyStatus.UPCOMING,
        "HO-4.confirm": DutyStatus.UPCOMING,
    }
    later = T0 + timedelta(hours=4, minutes=36)  # 96 min of 2 h: past the at-risk point
    assert _one([assigned], later, "HO-4.open").status is DutyStatus.DUE_SOON
    opened = fire(HANDOVER, assigned, "open", at=now, by=engineer).record
    statuses = {i.timer: i.status for i in agenda([opened], now=now, periodic=False)}
    assert statuses["HO-4.open"] is DutyStatus.MET
    with pytest.raises(GuardError):
        fire(HANDOVER, opened, "open", at=now, by=engineer)  # opened once


def test_the_successor_reports_weekly_by_the_report_event():
    left = departure(**_LEFT)
    first = _one([left], T0, "CX-4.report")
    assert first.owner == StaffNo.parse("S0124")
    successor = Actor(id="S0124", role=Role.SALES_REP)
    at = first.due - timedelta(hours=1)
    reported = fire(DEPARTURE, left, "report", at=at, by=successor).record
    again = _one([reported], first.due + US, "CX-4.report")
    assert (again.start, again.status) == (at, DutyStatus.UPCOMING)
    with pytest.raises(GuardError):  # only the successor reports
        fire(DEPARTURE, left, "report", at=at, by=Actor(id="S0123", role=Role.SALES_REP))


def test_bad_input_is_refused_with_the_field_named():
    with pytest.raises(WrongTypeError, match=r"agenda\.records\[1\]"):
        agenda([ticket(), "FW20240515001"], now=T0)
    with pytest.raises(NaiveDatetimeError):
        agenda([ticket()], now=T0.replace(tzinfo=None))
    with pytest.raises(ValidationError, match="negative"):
        agenda([ticket()], now=T0, recent=timedelta(days=-1))
    with pytest.raises(WrongTypeError):
        agenda([ticket()], now=T0, families="TK")  # a string is not a collection of families
    # a window reaching before year 1 keeps everything settled
    done = ticket(level=Level.L3, triaged_at=T0 + timedelta(minutes=5))
    kept = agenda([done], now=T0 + timedelta(days=400), recent=timedelta.max, periodic=False)
    assert "TK-2" in {i.timer for i in kept}
