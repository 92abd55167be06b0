"""Model tests of every workflow: random events with random data, laws checked after each."""

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import HealthCheck
from hypothesis import strategies as st
from tests.budget import share

from salescare import testing as sst
from salescare.calendars import WorkCalendar
from salescare.ids import ContractNo, StaffNo
from salescare.models import (
    Attachment,
    DealOutcome,
    DealReview,
    Feasibility,
    FeedbackCategory,
    JointTrigger,
    Level,
    LossReason,
    Measure,
    MeasureKind,
    Role,
    SuccessFactor,
    TicketStatus,
)
from salescare.workflow import (
    COMPLAINT,
    DEPARTURE,
    FEEDBACK,
    HANDOVER,
    OPPORTUNITY,
    REGISTRATION,
    TICKET,
)

FAR = datetime(2100, 1, 1, tzinfo=UTC)
# Generated records span 2000-2099: beyond China's bundled holiday years, so obligations that
# count working days use an unbounded Monday-Friday calendar here.
WEEKDAYS = WorkCalendar.weekly(tz="Asia/Shanghai")
AWARE = sst.aware_datetimes()
words = st.text(alphabet="abcdefgh 支持多语言", min_size=0, max_size=12)
staff = sst.staff_numbers()


def optional(**fields):
    """Half the time every key, else each key present or absent, so guards see both."""
    return st.one_of(st.fixed_dictionaries(fields), st.fixed_dictionaries({}, optional=fields))


machine_settings = share(
    0.25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TICKET_DATA = {
    "triage": optional(level=sst.members(Level)),
    "assign": optional(
        assignee=staff,
        assignee_role=st.sampled_from([Role.SENIOR_ENGINEER, Role.JUNIOR_ENGINEER]),
        sales_owner=staff,
    ),
    "start_joint": optional(
        joint_triggers=st.lists(sst.members(JointTrigger), max_size=2).map(tuple),
        sales_owner=staff,
    ),
    "update": optional(note=words),
    "pause": optional(reason=words),
    "postpone": optional(
        postpone_reason=words,
        expected_resolution_at=AWARE,
    ),
    "close": optional(resolution=words, sales_suggestion=words),
    "rate": optional(satisfaction=st.integers(min_value=0, max_value=6)),
}


def _fresh(ticket):
    """A ticket as submitted: the lifecycle fields empty, so the machine walks it all."""
    return attrs.evolve(
        ticket,
        status=TicketStatus.PENDING,
        level=None,
        triaged_at=None,
        assignee=None,
        assigned_at=None,
        urgent=False,
        joint_handling=False,
        joint_triggers=(),
        joint_triggered_at=None,
        joint_meeting_at=None,
        first_response_at=None,
        progress=(),
        expected_resolution_at=None,
        postpone_reason="",
        resolution="",
        resolved_at=None,
        satisfaction=None,
        satisfaction_at=None,
        synced_to_sales_at=None,
        sales_contacted_at=None,
        pauses=(),
    )


TestTicketMachine = machine_settings(
    sst.workflow_machine(TICKET, sst.tickets().map(_fresh), data=TICKET_DATA, calendar=WEEKDAYS)
).TestCase

HANDOVER_DATA = {
    "assign": optional(after_sales_owner=staff),
    "confirm": optional(planned_service_start=AWARE),
    "request_supplement": optional(remarks=words),
}


def _ready(form):
    """A generated form made complete half the time, so submissions get through too."""
    return attrs.evolve(
        form,
        requirement_history="Export monthly reports to Excel; bilingual UI",
        attachments=(Attachment(name="signed contract", format="pdf"),),
        special_agreements=tuple(
            attrs.evolve(a, text="2 h response at night", confirmed_by=StaffNo.parse("S0001"))
            for a in form.special_agreements
        ),
        contacts=tuple(
            attrs.evolve(c, phone=c.phone or "13812345678") if c.is_primary else c
            for c in form.contacts
        ),
    )


TestHandoverMachine = machine_settings(
    sst.workflow_machine(
        HANDOVER,
        st.one_of(sst.handovers(), sst.handovers().map(_ready)),
        data=HANDOVER_DATA,
        calendar=WEEKDAYS,
    )
).TestCase

FEEDBACK_DATA = {
    "classify": optional(
        category=sst.members(FeedbackCategory),
        value_estimate=sst.amounts(),
        competition_risk=st.booleans(),
        competitor=words,
    ),
    "evaluate": optional(feasibility=sst.members(Feasibility), plan=words),
    "record_progress": optional(note=words),
    "complete": optional(lesson=words),
    "decline": optional(result_reason=words),
}
TestFeedbackMachine = machine_settings(
    sst.workflow_machine(FEEDBACK, sst.feedback_items(), data=FEEDBACK_DATA, calendar=WEEKDAYS)
).TestCase

REGISTRATION_DATA = {
    "drop": optional(reason=words),
    "approve_after_supplement": optional(reason=words),
    "reject": optional(reason=words),
    "enter": optional(customer_code=sst.customer_codes()),
}
TestRegistrationMachine = machine_settings(
    sst.workflow_machine(
        REGISTRATION, sst.registrations(), data=REGISTRATION_DATA, calendar=WEEKDAYS
    )
).TestCase


@st.composite
def reviews(draw):
    outcome = draw(sst.members(DealOutcome))
    won = outcome is DealOutcome.WON
    return DealReview(
        customer=draw(sst.customer_ids()),
        opportunity="deal",
        outcome=outcome,
        at=FAR,
        by=draw(staff),
        success_factors=(SuccessFactor.PRICE,) if won else (),
        loss_reasons=() if won else (LossReason.PRICE_OBJECTION,),
    )


OPPORTUNITY_DATA = {
    "propose": optional(proposal_reviewed_by=staff),
    "sign": optional(
        legal_reviewed_by=staff,
        contract_number=st.just(ContractNo.parse("HT20240515001")),
        expected_payment_on=st.dates(),
    ),
    "deliver": optional(delivery_plan=words),
    "accept": optional(certificate_signed=st.booleans()),
    "close_won": optional(review=reviews()),
    "lose": optional(loss_reasons=st.lists(sst.members(LossReason), max_size=2).map(tuple)),
    "close_lost": optional(review=reviews()),
}
TestOpportunityMachine = machine_settings(
    sst.workflow_machine(OPPORTUNITY, sst.opportunities(), data=OPPORTUNITY_DATA, calendar=WEEKDAYS)
).TestCase

COMPLAINT_DATA = {
    "conclude": optional(
        cause=words,
        responsible_party=words,
        measures=st.lists(
            st.builds(
                Measure,
                kind=sst.members(MeasureKind),
                description=st.just("call back"),
                owner=staff,
                deadline=st.just(FAR - timedelta(days=1)),
            ),
            max_size=2,
        ).map(tuple),
    ),
    "revisit": optional(satisfied=st.booleans(), prevention=words),
}
TestComplaintMachine = machine_settings(
    sst.workflow_machine(COMPLAINT, sst.complaints(), data=COMPLAINT_DATA, calendar=WEEKDAYS)
).TestCase

TestDepartureMachine = machine_settings(
    sst.workflow_machine(
        DEPARTURE,
        sst.departures(),
        data={"approve": optional(approved_by=staff)},
        calendar=WEEKDAYS,
    )
).TestCase
