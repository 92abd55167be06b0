from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path

import attrs
import pytest
from tests import builders

from salescare.completeness import ticket_gaps
from salescare.errors import (
    EventDataError,
    PolicyError,
    TransitionError,
    ValidationError,
    WrongTypeError,
)
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models import (
    Actor,
    Attachment,
    CompanySize,
    Complaint,
    ComplaintStatus,
    Contact,
    DealOutcome,
    DealReview,
    Department,
    Departure,
    DepartureItem,
    Feasibility,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    Grade,
    HandoverStatus,
    JointTrigger,
    Lead,
    LeadSource,
    Level,
    LossReason,
    Measure,
    MeasureKind,
    Opportunity,
    OpportunityStage,
    Registration,
    RegistrationStatus,
    Role,
    SuccessFactor,
    Ticket,
    TicketStatus,
)
from salescare.sla import TIMERS, SlaStatus, measure, ticket_sla
from salescare.sla import due as sla_due
from salescare.workflow import (
    COMPLAINT,
    DEPARTURE,
    FEEDBACK,
    HANDOVER,
    OPPORTUNITY,
    REGISTRATION,
    TICKET,
    WORKFLOWS,
    GuardError,
    NoRuleError,
    RoleError,
    Transition,
    UnknownEventError,
    Workflow,
    allowed,
    check,
    fire,
    no_contact_until,
    options,
    render_docs,
)

T0 = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
CUSTOMER = CustomerNo.parse("CUS20240515001")
SUPERVISOR = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
SENIOR = Actor(id="A0045", role=Role.SENIOR_ENGINEER)
REP = Actor(id="S0123", role=Role.SALES_REP)
SALES_SUP = Actor(id="S0001", role=Role.SALES_SUPERVISOR)
HANDLER = Actor(id="A0070", role=Role.COMPLAINT_HANDLER)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def new_ticket(**changes):
    base = {
        "number": TicketNo.parse("FW20240515001"),
        "customer": CUSTOMER,
        "customer_name": "Lake",
        "description": "Export fails",
        "submitted_at": T0,
    }
    return Ticket(**(base | changes))


def walk(workflow, record, steps):
    """Fire (event, actor, minutes, data) in order; return the records and obligations."""
    records, obligations = [record], []
    for event, actor, minutes, data in steps:
        step = fire(workflow, records[-1], event, at=at(minutes), by=actor, **data)
        records.append(step.record)
        obligations.append(step.obligations)
    return records, obligations


TICKET_PATH = [
    ("triage", SUPERVISOR, 5, {"level": Level.L1}),
    (  # TK-5: an L1 ticket is handled jointly from the start
        "start_joint",
        SENIOR,
        10,
        {"joint_triggers": (JointTrigger.URGENT_LEVEL,), "sales_owner": StaffNo.parse("S0123")},
    ),
    (
        "assign",
        SUPERVISOR,
        20,
        {"assignee": StaffNo.parse("A0045"), "assignee_role": Role.SENIOR_ENGINEER},
    ),
    ("respond", SENIOR, 40, {}),
    ("hold_joint_meeting", REP, 90, {}),
    ("update", SENIOR, 100, {"note": "root cause found"}),
    ("pause", SENIOR, 110, {"reason": "waiting on customer VPN"}),
    ("resume", SENIOR, 130, {}),
    (
        "postpone",
        SENIOR,
        140,
        {"postpone_reason": "vendor patch", "expected_resolution_at": at(600)},
    ),
    ("resume_work", SENIOR, 300, {}),
    ("close", SENIOR, 320, {"resolution": "patched", "sales_suggestion": "offer the add-on"}),
    ("sync_to_sales", SENIOR, 330, {}),
    ("contact_customer", REP, 400, {}),
    ("rate", SENIOR, 420, {"satisfaction": 2}),
]


def test_assignment_and_escalation_notices_reach_the_engineer_and_copy_sales():
    # TK-13 (000 §3.2 step 2, CO-3): sent at once; the ticket's sales owner gets a copy
    triaged = fire(TICKET, new_ticket(), "triage", at=at(5), by=SUPERVISOR, level=Level.L2).record
    assign = {"assignee": StaffNo.parse("A0045"), "assignee_role": Role.SENIOR_ENGINEER}
    alone = fire(TICKET, triaged, "assign", at=at(20), by=SUPERVISOR, **assign)
    [notice] = [o for o in alone.obligations if o.rule == "TK-13"]
    assert (notice.role, notice.due) == (Role.ENGINEER, at(20))
    assert "A0045" in notice.what
    linked = fire(
        TICKET,
        triaged,
        "assign",
        at=at(20),
        by=SUPERVISOR,
        sales_owner=StaffNo.parse("S0123"),
        **assign,
    )
    notices = [o for o in linked.obligations if o.rule == "TK-13"]
    assert [o.role for o in notices] == [Role.ENGINEER, Role.SALES_REP]
    assert "S0123" in notices[1].what
    with pytest.raises(GuardError, match="TK-13"):
        fire(TICKET, linked.record, "escalate", at=at(60), by=SENIOR)
    raised = fire(TICKET, linked.record, "escalate", at=at(60), by=SENIOR, reason="needs R&D")
    assert raised.record.status is TicketStatus.IN_PROGRESS
    assert [(o.role, o.due) for o in raised.obligations] == [
        (Role.AFTER_SALES_SUPERVISOR, at(60)),
        (Role.SALES_REP, at(60)),
    ]


def test_triage_of_a_ticket_filed_with_its_level_needs_no_level_again():
    """Found by the fuzz run: the TK-12 effect read the level from the event data only."""
    filed = new_ticket(level=Level.L1)
    triaged = fire(TICKET, filed, "triage", at=at(5), by=SUPERVISOR).record
    assert triaged.expected_resolution_at == T0 + timedelta(hours=4)  # TK-3: L1 in 4 hours


def test_triage_sets_the_expected_resolution_from_the_level_target():
    # TK-12: the TK-3 resolution target, counted from submission as the clock counts it
    for level in Level:
        step = fire(TICKET, new_ticket(), "triage", at=at(10), by=SUPERVISOR, level=level)
        assert step.record.expected_resolution_at == sla_due(f"TK-3.{level}.resolve", T0)
    given = attrs.evolve(new_ticket(), expected_resolution_at=at(5000))
    step = fire(TICKET, given, "triage", at=at(10), by=SUPERVISOR, level=Level.L1)
    assert step.record.expected_resolution_at == at(5000)  # a time already set is kept


@pytest.mark.parametrize("said", ["系统不好用", "系統有問題", "Doesn't work!", "tbd", "慢"])
def test_a_judgement_is_not_a_problem_description(said):
    # TK-11: 「避免主观判断，如"系统不好用"」 — triage waits for a concrete description
    vague = attrs.evolve(new_ticket(), description=said)
    assert [gap.rule for gap in ticket_gaps(vague)] == ["TK-11"]
    with pytest.raises(GuardError, match=r"concrete.*TK-11"):
        fire(TICKET, vague, "triage", at=at(10), by=SUPERVISOR, level=Level.L2)
    concrete = attrs.evolve(vague, description="月报导出时合计列为空（5月起）")
    assert ticket_gaps(concrete) == ()
    assert fire(TICKET, concrete, "triage", at=at(10), by=SUPERVISOR, level=Level.L2).record.level


def test_closing_needs_the_sales_follow_up_suggestion():
    # TK-14: 「销售跟进建议」 is part of closing a ticket
    steps = TICKET_PATH[: TICKET_PATH.index(next(s for s in TICKET_PATH if s[0] == "close"))]
    records, _ = walk(TICKET, new_ticket(), steps)
    with pytest.raises(GuardError, match="TK-14"):
        fire(TICKET, records[-1], "close", at=at(320), by=SENIOR, resolution="patched")
    closed = fire(
        TICKET,
        records[-1],
        "close",
        at=at(320),
        by=SENIOR,
        resolution="patched",
        sales_suggestion="offer the add-on",
    ).record
    assert closed.status is TicketStatus.CLOSED
    assert closed.sales_suggestion == "offer the add-on"


def test_ticket_happy_path_and_obligations():
    records, obligations = walk(TICKET, new_ticket(), TICKET_PATH)
    final = records[-1]
    assert final.status is TicketStatus.CLOSED
    assert len(final.history) == len(TICKET_PATH)
    assert [e.event for e in final.history] == [e for e, *_ in TICKET_PATH]
    assert final.urgent  # L1 tagged urgent (TK-4)
    assert final.triaged_at == at(5)
    assert final.resolved_at == at(320)
    assert final.pauses[0].end == at(130)
    keys = [[o.timer for o in step] for step in obligations]
    assert keys[0] == ["TK-4"]
    assert keys[1] == ["TK-5"]  # L1: joint handling first (TK-5)
    # the TK-13 assignment notice and its copy to the joint sales owner (no timer: at once)
    assert keys[2] == ["TK-6.L1", "", ""]
    assert keys[10] == ["TK-8.sync", "TK-8.satisfaction"]
    assert keys[11] == ["TK-8.contact"]
    # rated 2: appeasement (TK-9), owed by sales within 24 h of the rating (TK-15)
    assert [(o.rule, o.timer, o.role) for o in obligations[13]] == [
        ("TK-15", "TK-15.appease", Role.SALES_REP)
    ]
    assert obligations[0][0].due == at(35)
    assert obligations[2][0].due == at(20) + timedelta(hours=2)


def test_firing_never_changes_the_record_passed_in():
    ticket = new_ticket()
    before = attrs.asdict(ticket)
    fire(TICKET, ticket, "triage", at=at(1), by=SUPERVISOR, level=Level.L2)
    assert attrs.asdict(ticket) == before
    with pytest.raises(GuardError):
        fire(TICKET, ticket, "triage", at=at(1), by=SUPERVISOR)
    assert attrs.asdict(ticket) == before


def test_rejections_are_distinct_and_say_what_is_available():
    ticket = new_ticket()
    with pytest.raises(UnknownEventError) as unknown:
        fire(TICKET, ticket, "explode", at=at(1), by=SUPERVISOR)
    assert unknown.value.allowed == ("triage", "assign", "start_joint", "hold_joint_meeting")
    with pytest.raises(NoRuleError):
        fire(TICKET, ticket, "close", at=at(1), by=SUPERVISOR)
    with pytest.raises(RoleError, match="role 'sales_rep' may not"):
        fire(TICKET, ticket, "triage", at=at(1), by=REP, level=Level.L1)
    with pytest.raises(GuardError) as guards:
        fire(TICKET, ticket, "assign", at=at(1), by=SUPERVISOR)
    codes = [f.code for f in guards.value.failures]
    assert codes == ["triaged", "assignee_required"]  # every unmet guard, not just the first
    assert all(isinstance(e, TransitionError) for e in (unknown.value, guards.value))


def test_unknown_data_is_refused_with_what_is_accepted():
    with pytest.raises(GuardError, match="colour not accepted by 'triage'; it accepts: level"):
        fire(TICKET, new_ticket(), "triage", at=at(1), by=SUPERVISOR, level=Level.L1, colour="red")


def test_record_validation_failures_become_guard_errors():
    with pytest.raises(GuardError, match="triaged_at"):
        fire(
            TICKET,
            new_ticket(),
            "triage",
            at=T0 - timedelta(hours=1),
            by=SUPERVISOR,
            level=Level.L1,
        )


def test_check_and_options_never_raise():
    ticket = new_ticket()
    decision = check(TICKET, ticket, "assign", at=at(1), by=SUPERVISOR)
    assert not decision.allowed
    assert decision.target is TicketStatus.IN_PROGRESS
    assert decision.reasons[0] == "triaged: triage comes first (TK-2)"
    ok = check(TICKET, ticket, "triage", at=at(1), by=SUPERVISOR, level=Level.L3)
    assert ok.allowed
    menu = {o.event: o for o in options(TICKET, ticket, by=SUPERVISOR, at=at(1))}
    assert set(menu) == set(TICKET.events)
    assert not menu["close"].decision.allowed
    assert menu["close"].decision.reasons == ("no rule for it in this state",)


def test_allowed_events_follow_the_state():
    assert allowed(COMPLAINT, _complaint()) == ("acknowledge",)


def test_definitions_report_every_problem_at_once():
    class S(Enum):
        A = "a"
        B = "b"
        C = "c"
        D = "d"

    with pytest.raises(PolicyError) as info:
        Workflow(
            name="BROKEN",
            record=Ticket,
            states=S,
            initial=S.A,
            final=frozenset({S.D}),
            rules=(
                Transition(event="go", sources=frozenset({S.A}), target=S.B),
                Transition(event="go", sources=frozenset({S.A}), target=S.B),
                Transition(event="back", sources=frozenset({S.D}), target=S.A),
                Transition(event="odd", sources=frozenset({S.A}), target="nowhere"),
            ),
        )
    problems = info.value.problems
    assert "rule 'odd' names unknown state 'nowhere'" in problems
    assert "state 'c' is unreachable from 'a'" in problems
    assert "state 'b' is not final but has no way out" in problems
    assert "final state 'd' has an exit (a)" in problems
    assert "two unguarded rules for 'go' from 'a'" in problems


def _handover(**changes):
    base = {
        "size": CompanySize.SMALL,
        "requirement_history": "Export monthly reports to Excel",
        "attachments": (Attachment(name="contract", format="pdf"),),
        "products": ("ERP licence, 20 users",),
        "payment_cycle": "30% on signing, 70% on acceptance",
        "prepared_at": T0,
    }
    return builders.handover(**(base | changes))


ENGINEER = Actor(id="A0045", role=Role.ENGINEER)
HANDOVER_PATH = [
    ("submit", REP, 10, {}),
    ("check", SALES_SUP, 30, {}),
    ("assign", SUPERVISOR, 40, {"after_sales_owner": StaffNo.parse("A0045")}),
    ("request_supplement", ENGINEER, 60, {"remarks": "which Excel template?"}),
    ("submit", REP, 90, {}),
    ("check", SALES_SUP, 100, {}),
    ("assign", SUPERVISOR, 110, {"after_sales_owner": StaffNo.parse("A0045")}),
    ("confirm", ENGINEER, 150, {"planned_service_start": at(60 * 24 * 5)}),
    ("archive", SALES_SUP, 160, {}),
]


def test_handover_path_and_obligations():
    records, obligations = walk(HANDOVER, _handover(), HANDOVER_PATH)
    assert [r.status for r in records[1:]] == [
        HandoverStatus.SUBMITTED,
        HandoverStatus.CHECKED,
        HandoverStatus.PENDING,
        HandoverStatus.NEEDS_SUPPLEMENT,
        HandoverStatus.SUBMITTED,
        HandoverStatus.CHECKED,
        HandoverStatus.PENDING,
        HandoverStatus.CONFIRMED,
        HandoverStatus.ARCHIVED,
    ]
    assert [o.timer for o in obligations[2]] == ["HO-4.open", "HO-4.confirm"]
    assert obligations[2][1].due == at(40) + timedelta(hours=24)
    assert records[-1].confirmed_at == at(150)


def test_handover_submission_lists_every_gap():
    vague = _handover(requirement_history="客户有定制化需求", attachments=())
    with pytest.raises(GuardError) as info:
        fire(HANDOVER, vague, "submit", at=at(10), by=REP)
    assert [f.code for f in info.value.failures] == ["complete", "complete"]
    assert info.value.failures[0].message.startswith("requirement_history: is empty or vague")
    assert info.value.failures[1].message.startswith("attachments: lists no files")


def _feedback(**changes):
    base = {
        "number": FeedbackNo.parse("FK20240516001"),
        "customer": CUSTOMER,
        "customer_name": "Lake",
        "type": FeedbackType.SUGGESTION,
        "content": "auto backup",
        "channel": FeedbackChannel.PHONE_REVISIT,
        "submitter": "Zhao",
        "collected_at": T0,
    }
    return Feedback(**(base | changes))


def test_feedback_path_routes_and_requires():
    steps = [
        (
            "classify",
            ENGINEER,
            60,
            {
                "category": FeedbackCategory.SALES_OPPORTUNITY,
                "value_estimate": 800000,
                "competition_risk": False,
            },
        ),
        (
            "evaluate",
            REP,
            600,
            {"feasibility": Feasibility.HIGH, "plan": "goal; steps; 6/10; S0123"},
        ),
        ("start", REP, 700, {}),
        ("record_progress", REP, 800, {"note": "agreed phase 1"}),
        ("complete", REP, 900, {"lesson": "show a prototype early"}),
    ]
    records, obligations = walk(FEEDBACK, _feedback(), steps)
    assert records[1].department is Department.SALES
    assert [o.timer for o in obligations[0]] == ["FB-5"]
    assert obligations[0][0].role is Role.SALES_REP
    # FB-10: the evaluation's result goes to after-sales at once
    [told] = obligations[1]
    assert (told.rule, told.role, told.due) == ("FB-10", Role.AFTER_SALES_SUPERVISOR, at(600))
    assert "high" in told.what
    assert records[-1].status is FeedbackStatus.COMPLETED
    with pytest.raises(GuardError) as info:
        fire(
            FEEDBACK,
            _feedback(),
            "classify",
            at=at(60),
            by=ENGINEER,
            category=FeedbackCategory.SALES_OPPORTUNITY,
            competition_risk=True,
        )
    assert [f.message for f in info.value.failures] == [
        "a sales opportunity carries a value estimate (FB-4)",
        "a flagged competition risk names the competitor (FB-4)",
    ]
    classified = records[1]
    with pytest.raises(GuardError, match="plan with goal, steps, dates and owner"):
        fire(FEEDBACK, classified, "evaluate", at=at(600), by=REP, feasibility=Feasibility.HIGH)
    declined = fire(
        FEEDBACK, classified, "decline", at=at(600), by=REP, result_reason="out of scope"
    ).record
    assert declined.status is FeedbackStatus.NOT_ADOPTED


def test_feedback_dates_move_with_a_reason_and_closing_notifies_the_other_side():
    steps = [
        ("classify", ENGINEER, 60, {"category": FeedbackCategory.PRODUCT}),
        ("evaluate", REP, 600, {"feasibility": Feasibility.LOW, "plan": "offer the workaround"}),
        ("start", REP, 700, {}),
    ]
    records, _ = walk(FEEDBACK, _feedback(), steps)
    started = records[-1]

    def progress(**data):
        return fire(FEEDBACK, started, "record_progress", at=at(800), by=REP, note="later", **data)

    with pytest.raises(GuardError) as info:
        progress(new_due_on=date(2024, 7, 1))
    assert [f.code for f in info.value.failures] == ["reason_required"]
    moved = progress(new_due_on=date(2024, 7, 1), reason="the data team is late").record
    assert moved.planned_on == date(2024, 7, 1)
    assert moved.progress[-1].reason == "the data team is late"
    closed = fire(FEEDBACK, moved, "complete", at=at(900), by=REP, lesson="ask data first")
    (notice,) = [o for o in closed.obligations if o.rule == "CO-3"]
    assert notice.due == at(900)
    assert notice.role is Role.AFTER_SALES_SUPERVISOR
    declined = fire(FEEDBACK, started, "decline", at=at(900), by=REP, result_reason="no budget")
    assert [o.rule for o in declined.obligations] == ["CO-3"]


def _registration():
    lead = Lead(
        company="Lake Technology Co., Ltd.",
        industry="IT",
        size=CompanySize.SMALL,
        main_business="ERP",
        contact=Contact(name="Zhao", title="CTO", phone="13812345678"),
        initial_need="cloud backup",
        acquired_at=T0,
        source=LeadSource.EXHIBITION,
    )
    return Registration(lead=lead)


_ENTERED = {
    "customer_code": CustomerCode.parse("HZ-IT-2024-001"),
    "need_tags": ("急采设备", "长期合作意向"),
    "next_follow_up_at": at(3 * 1440),
}


def test_registration_path():
    steps = [
        ("screen", REP, 10, {}),
        ("submit", REP, 20, {}),
        ("approve_after_supplement", SALES_SUP, 60, {"reason": "add the revenue figure"}),
        ("submit", REP, 120, {}),
        ("approve", SALES_SUP, 180, {}),
        ("enter", REP, 240, _ENTERED),
    ]
    records, obligations = walk(REGISTRATION, _registration(), steps)
    assert records[-1].status is RegistrationStatus.ENTERED
    assert [o.timer for o in obligations[1]] == ["CX-1"]
    assert [o.timer for o in obligations[4]] == ["LD-5"]
    with pytest.raises(GuardError, match="a rejection gives its reason"):
        fire(REGISTRATION, records[2], "reject", at=at(60), by=SALES_SUP)
    dropped = fire(REGISTRATION, _registration(), "drop", at=at(5), by=REP, reason="fake number")
    assert dropped.record.status is RegistrationStatus.DROPPED


def test_the_crm_record_carries_tags_a_follow_up_time_and_its_owner():
    # LD-9: need tags, the expected follow-up and the owning rep (the source is the lead's)
    steps = [
        ("screen", REP, 10, {}),
        ("submit", REP, 20, {}),
        ("approve", SALES_SUP, 60, {}),
    ]
    passed = walk(REGISTRATION, _registration(), steps)[0][-1]
    code = {"customer_code": CustomerCode.parse("HZ-IT-2024-001")}
    with pytest.raises(GuardError) as refused:
        fire(REGISTRATION, passed, "enter", at=at(240), by=REP, **code)
    assert [f.code for f in refused.value.failures] == [
        "need_tags_required",
        "next_follow_up_at_required",
    ]
    with pytest.raises(GuardError, match="after now"):
        fire(
            REGISTRATION,
            passed,
            "enter",
            at=at(240),
            by=REP,
            **_ENTERED | {"next_follow_up_at": at(200)},
        )
    entered = fire(REGISTRATION, passed, "enter", at=at(240), by=REP, **_ENTERED).record
    assert entered.need_tags == ("急采设备", "长期合作意向")
    assert entered.next_follow_up_at == at(3 * 1440)
    assert entered.owner == StaffNo.parse(REP.id)
    assert entered.lead.source is LeadSource.EXHIBITION  # the source channel, from the lead
    handed = fire(
        REGISTRATION, passed, "enter", at=at(240), by=REP, **_ENTERED, owner=StaffNo.parse("S0124")
    ).record
    assert handed.owner == StaffNo.parse("S0124")


def _opportunity():
    return Opportunity(customer=CUSTOMER, title="ERP 2024", owner=StaffNo.parse("S0123"))


def _review(outcome, minutes, **changes):
    """A deal review of ERP 2024 by the rep S0123."""
    fields = {
        "customer": CUSTOMER,
        "opportunity": "ERP 2024",
        "outcome": outcome,
        "at": at(minutes),
        "by": StaffNo.parse("S0123"),
    }
    return DealReview(**(fields | changes))


def test_opportunity_won_and_lost():
    won_review = _review(
        DealOutcome.WON,
        9000,
        success_factors=(SuccessFactor.NEED_FIT,),
        amount=480_000,
        cycle_days=62,
        supervisor_comment="won on the fit; price the add-on earlier next time",
    )
    steps = [
        ("follow", REP, 10, {}),
        ("propose", REP, 100, {"proposal_reviewed_by": StaffNo.parse("S0001")}),
        ("negotiate", REP, 200, {}),
        (
            "sign",
            REP,
            300,
            {
                "legal_reviewed_by": StaffNo.parse("L0001"),
                "contract_number": ContractNo.parse("HT20240515001"),
                "expected_payment_on": date(2024, 7, 1),
            },
        ),
        ("deliver", REP, 400, {"delivery_plan": "install 5/20; train 5/22"}),
        ("accept", REP, 500, {"certificate_signed": True}),
        ("hand_over", REP, 510, {}),
        ("close_won", SALES_SUP, 9000, {"review": won_review}),
    ]
    records, obligations = walk(OPPORTUNITY, _opportunity(), steps)
    assert records[-1].stage is OpportunityStage.REVIEWED
    # DL-5: the supervisor who closed approved the review
    assert records[-1].review.approved_by == StaffNo.parse(SALES_SUP.id)
    assert records[-1].review.approved_at == at(9000)
    assert [o.timer for o in obligations[5]] == ["DV-3"]
    with pytest.raises(GuardError, match="legal reviews the contract"):
        fire(
            OPPORTUNITY,
            records[3],
            "sign",
            at=at(300),
            by=REP,
            contract_number=ContractNo.parse("HT20240515001"),
            expected_payment_on=date(2024, 7, 1),
        )
    lost = fire(
        OPPORTUNITY, records[2], "lose", at=at(250), by=REP, loss_reasons=(LossReason.COMPETITOR,)
    ).record
    assert lost.lost_at_stage is OpportunityStage.PROPOSAL
    with pytest.raises(GuardError, match="closing a lost deal needs its deal review"):
        fire(OPPORTUNITY, lost, "close_lost", at=at(260), by=SALES_SUP, review=won_review)


def test_the_supervisor_approves_a_complete_deal_review():
    # DL-5 (002 step 7): amount, cycle and the supervisor's comment; the supervisor approves
    lost = fire(
        OPPORTUNITY,
        _opportunity(),
        "lose",
        at=at(50),
        by=REP,
        loss_reasons=(LossReason.PRICE_OBJECTION,),
    ).record
    bare = _review(DealOutcome.LOST, 100, loss_reasons=(LossReason.PRICE_OBJECTION,))
    with pytest.raises(GuardError) as refused:
        fire(OPPORTUNITY, lost, "close_lost", at=at(200), by=SALES_SUP, review=bare)
    assert [f.message for f in refused.value.failures] == [
        "the review gives the deal amount (DL-5)",
        "the review gives the deal cycle in days (DL-5)",
        "the review gives the supervisor's comment (DL-5)",
    ]
    complete = attrs.evolve(
        bare, amount=300_000, cycle_days=40, supervisor_comment="quote faster next time"
    )
    with pytest.raises(RoleError):
        fire(OPPORTUNITY, lost, "close_lost", at=at(200), by=REP, review=complete)
    closed = fire(OPPORTUNITY, lost, "close_lost", at=at(200), by=SALES_SUP, review=complete)
    assert closed.record.review.approved_by == StaffNo.parse("S0001")
    assert closed.record.review.approved_at == at(200)


_SIGNING = {
    "legal_reviewed_by": StaffNo.parse("L0001"),
    "contract_number": ContractNo.parse("HT20240515001"),
    "expected_payment_on": date(2024, 7, 1),
}
_TO_SIGNING = [
    ("follow", REP, 10, {}),
    ("propose", REP, 100, {"proposal_reviewed_by": StaffNo.parse("S0001")}),
    ("negotiate", REP, 200, {}),
    ("sign", REP, 300, _SIGNING),
]


def test_signing_starts_the_handover_clock_and_the_handover_may_follow_at_once():
    # HO-1 「签约后2小时内完成」, 「签约即服务」: the clock starts at signing, not at acceptance
    steps = [*_TO_SIGNING, ("hand_over", REP, 330, {})]  # right after signing, before delivery
    records, obligations = walk(OPPORTUNITY, _opportunity(), steps)
    signed = records[4]
    assert signed.signed_at == at(300)
    [handover_clock] = [o for o in obligations[3] if o.rule == "HO-1"]
    assert handover_clock.timer == "HO-1"
    assert handover_clock.role is Role.SALES_REP
    assert handover_clock.due == at(300 + 120)
    assert records[-1].stage is OpportunityStage.CONTRACT  # still to be delivered
    assert records[-1].history[-1].event == "hand_over"
    # the clock is discharged by the handover form's preparation: met on the due minute,
    # breached a second after it
    target = TIMERS["HO-1"]
    on_time = measure(target, signed.signed_at, now=at(600), stop=at(420))
    late = measure(target, signed.signed_at, now=at(600), stop=at(420) + timedelta(seconds=1))
    assert on_time.status is SlaStatus.MET
    assert late.status is SlaStatus.BREACHED


def test_shipping_sends_the_customer_a_notice_with_time_arrival_and_tracking():
    # DV-5 (003 §3.3): shipping time, expected arrival and tracking number, told at once
    steps = [*_TO_SIGNING, ("deliver", REP, 400, {"delivery_plan": "install 5/20; train 5/22"})]
    records, _ = walk(OPPORTUNITY, _opportunity(), steps)
    delivering = records[-1]
    with pytest.raises(GuardError) as refused:
        fire(OPPORTUNITY, delivering, "ship", at=at(450), by=REP, expected_arrival_at=at(440))
    assert [f.code for f in refused.value.failures] == ["tracking_number_required", "arrives_later"]
    step = fire(
        OPPORTUNITY,
        delivering,
        "ship",
        at=at(450),
        by=REP,
        tracking_number="SF1234567890",
        expected_arrival_at=at(450 + 2 * 1440),
    )
    shipped = step.record
    assert (shipped.shipped_at, shipped.tracking_number) == (at(450), "SF1234567890")
    assert shipped.stage is OpportunityStage.DELIVERY
    [notice] = step.obligations
    assert (notice.rule, notice.role, notice.due) == ("DV-5", Role.SALES_REP, at(450))
    assert "SF1234567890" in notice.what
    with pytest.raises(ValidationError, match="expected_arrival_at"):
        attrs.evolve(shipped, expected_arrival_at=at(400))


def test_a_handover_keeps_its_signing_time_with_its_date():
    form = builders.handover(signed_at=datetime(2024, 5, 15, 14, 30, tzinfo=UTC))
    assert form.signed_at.date() == form.signed_on
    with pytest.raises(ValidationError, match=r"signed_at.*is not on signed_on"):
        builders.handover(signed_at=datetime(2024, 5, 16, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError, match=r"prepared_at.*is before signed_at"):
        builders.handover(
            signed_at=datetime(2024, 5, 15, 14, 30, tzinfo=UTC),
            prepared_at=datetime(2024, 5, 15, 14, 0, tzinfo=UTC),
        )


def _complaint():
    return Complaint(
        customer=CUSTOMER, received_at=T0, category="delivery", description="late delivery"
    )


def _handled(measure):
    """A complaint's steps up to resolution, with ``measure`` concluded."""
    concluded = {"cause": "carrier delay", "responsible_party": "logistics", "measures": (measure,)}
    return [
        ("acknowledge", HANDLER, 10, {}),
        ("investigate", HANDLER, 20, {}),
        ("conclude", HANDLER, 100, concluded),
        ("resolve", HANDLER, 700, {}),
    ]


def _measure(kind, description):
    return Measure(
        kind=kind, description=description, owner=StaffNo.parse("A0001"), deadline=at(600)
    )


def test_complaint_path():
    measure = _measure(MeasureKind.APOLOGY, "call the customer")
    steps = [
        *_handled(measure),
        ("revisit", REP, 2000, {"satisfied": True, "prevention": "second carrier"}),
    ]
    records, obligations = walk(COMPLAINT, _complaint(), steps)
    assert records[-1].status is ComplaintStatus.REVISITED
    assert [o.due for o in obligations[2]] == [at(600)]
    late = attrs.evolve(measure, deadline=at(50))
    with pytest.raises(GuardError, match="not after now"):
        fire(
            COMPLAINT,
            records[2],
            "conclude",
            at=at(100),
            by=HANDLER,
            cause="x",
            responsible_party="y",
            measures=(late,),
        )


def test_a_dissatisfied_revisit_sends_the_complaint_back_to_handling():
    # CP-6: 「直至客户满意为止」 — only a satisfied revisit ends a complaint
    steps = [
        *_handled(_measure(MeasureKind.COMPENSATION, "refund the shipping")),
        ("revisit", REP, 2000, {"satisfied": False}),
    ]
    records, obligations = walk(COMPLAINT, _complaint(), steps)
    back = records[-1]
    assert back.status is ComplaintStatus.MEASURES
    assert back.satisfied is False
    assert back.revisited_at is None  # the complaint is not done: no revisit has ended it
    assert [o.rule for o in obligations[-1]] == ["CP-6"]
    # handled again, then a satisfied revisit ends it
    again = [
        ("resolve", HANDLER, 3000, {}),
        ("revisit", REP, 4000, {"satisfied": True, "prevention": "second carrier"}),
    ]
    records, _ = walk(COMPLAINT, back, again)
    assert records[-1].status is ComplaintStatus.REVISITED
    assert records[-1].revisited_at == at(4000)
    # no revisit without knowing whether the customer is satisfied
    with pytest.raises(GuardError, match="satisfied"):
        fire(COMPLAINT, records[1], "revisit", at=at(3500), by=REP, prevention="x")


def test_a_complaint_cannot_end_with_a_dissatisfied_customer():
    for satisfied in (False, None):
        with pytest.raises(ValidationError, match=r"Complaint\.satisfied.*CP-6"):
            attrs.evolve(
                _complaint(),
                status=ComplaintStatus.REVISITED,
                resolved_at=at(10),
                revisited_at=at(20),
                satisfied=satisfied,
            )


def test_only_the_complaint_team_handles_complaints():
    # CP-5: 投诉处理小组 — others may not acknowledge, investigate, conclude or resolve
    for actor in (SUPERVISOR, SENIOR, REP):
        with pytest.raises(RoleError, match="complaint_handler"):
            fire(COMPLAINT, _complaint(), "acknowledge", at=at(10), by=actor)
    step = fire(COMPLAINT, _complaint(), "acknowledge", at=at(10), by=HANDLER)
    assert step.record.status is ComplaintStatus.ACKNOWLEDGED
    assert Role.parse("投诉处理小组") is Role.COMPLAINT_HANDLER


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_state_is_reachable_by_some_path(name):
    workflow = WORKFLOWS[name]
    seen = {workflow.initial}
    frontier = [workflow.initial]
    while frontier:
        state = frontier.pop()
        for rule in workflow.rules:
            if state in rule.sources and rule.target is not None and rule.target not in seen:
                seen.add(rule.target)
                frontier.append(rule.target)
    assert seen == set(workflow.states)


def test_diagrams_in_the_docs_are_current():
    text = (Path(__file__).resolve().parents[2] / "docs" / "workflows.md").read_text("utf-8")
    assert text == render_docs(), (
        "docs/workflows.md is stale: regenerate it with "
        "python -c 'from salescare.workflow import render_docs; print(render_docs(), end=\"\")' "
        "> docs/workflows.md"
    )


def test_departure_handover_moves_access_and_bars_contact_for_a_month():
    item = DepartureItem(
        customer=CUSTOMER,
        grade=Grade.A,
        progress="proposal sent",
        key_contacts=("Zhao Liu, CTO",),
        open_items=("quote due 5/20",),
    )
    departure = Departure(
        rep=StaffNo.parse("S0123"), successor=StaffNo.parse("S0124"), noticed_at=T0
    )
    with pytest.raises(GuardError, match="lists every customer"):
        fire(DEPARTURE, departure, "submit", at=at(60), by=REP)
    submitted = fire(DEPARTURE, departure, "submit", at=at(60), by=REP, items=(item,)).record
    with pytest.raises(RoleError):
        fire(
            DEPARTURE, submitted, "approve", at=at(120), by=REP, approved_by=StaffNo.parse("S0001")
        )
    step = fire(
        DEPARTURE,
        submitted,
        "approve",
        at=at(120),
        by=SALES_SUP,
        approved_by=StaffNo.parse("S0001"),
    )
    moves, bar, report = step.obligations
    assert moves.due == at(120)
    assert "S0123 to S0124" in moves.what
    assert bar.timer == "CX-4.no_contact"
    assert bar.due == datetime(2024, 6, 15, 11, 0, tzinfo=UTC)
    assert no_contact_until(step.record) == bar.due
    assert report.due == at(120) + timedelta(days=7)
    with pytest.raises(ValueError, match="is the departing rep"):
        Departure(rep=StaffNo.parse("S0123"), successor=StaffNo.parse("S0123"), noticed_at=T0)


def test_bad_event_data_is_its_own_error_not_a_refusal():
    item = _feedback()
    for bad in (object(), [["x"]], "gossip"):
        with pytest.raises(EventDataError) as info:
            fire(FEEDBACK, item, "classify", at=T0, by=ENGINEER, category=bad)
        assert not isinstance(info.value, TransitionError)
        (leaf,) = info.value.errors
        assert leaf.field == "Feedback.category"
        assert leaf.code in {"wrong_type", "not_a_member"}
    with pytest.raises(WrongTypeError, match=r"fire\.calendar"):
        fire(FEEDBACK, item, "classify", at=T0, by=ENGINEER, calendar="china")


def test_event_data_is_read_from_json_values_as_records_are():
    """level="紧急", assignee="A0045", assignee_role="资深工程师": the same step as typed values."""
    typed = walk(TICKET, new_ticket(), TICKET_PATH[:3])[0][-1]
    as_json = [
        ("triage", SUPERVISOR, 5, {"level": "紧急"}),
        ("start_joint", SENIOR, 10, {"joint_triggers": ["urgent_level"], "sales_owner": "S0123"}),
        ("assign", SUPERVISOR, 20, {"assignee": "A0045", "assignee_role": "资深工程师"}),
    ]
    assert walk(TICKET, new_ticket(), as_json)[0][-1] == typed


def test_a_role_given_as_text_is_compared_by_value_in_guards():
    triaged = fire(TICKET, new_ticket(), "triage", at=at(5), by=SUPERVISOR, level="L2").record

    def assign(assignee, role):
        return fire(
            TICKET,
            triaged,
            "assign",
            at=at(20),
            by=SUPERVISOR,
            assignee=assignee,
            assignee_role=role,
        )

    assert assign("A0045", "senior_engineer").record.assignee == StaffNo.parse("A0045")
    with pytest.raises(GuardError, match="TK-4"):  # a real refusal: L2 needs a senior engineer
        assign("A0046", "junior_engineer")
    with pytest.raises(EventDataError) as info:  # bad data, not a refusal
        assign("A46", "boss")
    assert [leaf.code for leaf in info.value.errors] == ["bad_identifier", "not_a_member"]
    assert triaged.status is TicketStatus.PENDING  # a refused step changes nothing


def test_a_ticket_rated_low_is_appeased_and_reopened_until_the_customer_is_satisfied():
    """TK-15 (003 §4.2 「直至客户满意为止」)."""
    records, _ = walk(TICKET, new_ticket(), TICKET_PATH)
    rated = records[-1]
    assert (rated.status, rated.satisfaction, rated.low_rating_at) == (
        TicketStatus.CLOSED,
        2,
        at(420),
    )
    appeased = fire(TICKET, rated, "appease", at=at(480), by=REP).record
    assert appeased.appeased_at == at(480)
    with pytest.raises(GuardError, match="TK-15"):
        fire(TICKET, appeased, "appease", at=at(490), by=REP)  # nothing left to appease
    with pytest.raises(RoleError):
        fire(TICKET, appeased, "reopen", at=at(500), by=REP)  # after-sales reopens
    reopened = fire(TICKET, appeased, "reopen", at=at(500), by=SENIOR)
    ticket = reopened.record
    assert (ticket.status, ticket.reopened_at) == (TicketStatus.IN_PROGRESS, at(500))
    assert (ticket.resolved_at, ticket.satisfaction, ticket.synced_to_sales_at) == (None,) * 3
    assert ticket.low_rating_at == at(420)  # the low rating stays
    [again] = reopened.obligations
    assert (again.rule, again.timer, again.due) == ("TK-15", "TK-3.L1.resolve", at(500 + 240))
    # the first resolution stays in the history; the new clock runs from the reopening
    assert [e.at for e in ticket.history if e.event == "close"] == [at(320)]
    sla = ticket_sla(ticket, now=at(600))
    assert sla.resolution is not None
    assert (sla.resolution.start, sla.resolution.due) == (at(500), at(740))
    resolved = fire(TICKET, ticket, "close", at=at(700), by=SENIOR, resolution="replaced board",
                    sales_suggestion="check in next week").record  # fmt: skip
    happy = fire(TICKET, resolved, "rate", at=at(720), by=SENIOR, satisfaction=5).record
    assert happy.low_rating_at == at(420)  # no new low rating
    with pytest.raises(GuardError, match="TK-15"):
        fire(TICKET, happy, "reopen", at=at(730), by=SENIOR)  # satisfied: stays closed
    assert ticket_sla(happy, now=at(800)).resolution.status is SlaStatus.MET


def test_l1_is_handled_jointly_and_l3_goes_to_a_junior_engineer():
    """TK-5: an L1 ticket starts joint handling before assignment; TK-4: L3 to a junior."""
    urgent = fire(TICKET, new_ticket(), "triage", at=at(5), by=SUPERVISOR, level=Level.L1).record
    senior = {"assignee": StaffNo.parse("A0045"), "assignee_role": Role.SENIOR_ENGINEER}
    with pytest.raises(GuardError, match="TK-5") as info:
        fire(TICKET, urgent, "assign", at=at(20), by=SUPERVISOR, **senior)
    assert [f.code for f in info.value.failures] == ["joint_for_l1"]
    joint = fire(TICKET, urgent, "start_joint", at=at(10), by=SENIOR, sales_owner=StaffNo.parse(
        "S0123"), joint_triggers=(JointTrigger.URGENT_LEVEL,)).record  # fmt: skip
    assert fire(TICKET, joint, "assign", at=at(20), by=SUPERVISOR, **senior).record.assignee
    routine = fire(TICKET, new_ticket(), "triage", at=at(5), by=SUPERVISOR, level=Level.L3).record
    with pytest.raises(GuardError, match="junior"):
        fire(TICKET, routine, "assign", at=at(20), by=SUPERVISOR, **senior)
    junior = {"assignee": StaffNo.parse("A0046"), "assignee_role": Role.JUNIOR_ENGINEER}
    assert fire(TICKET, routine, "assign", at=at(20), by=SUPERVISOR, **junior).record.assigned_at
