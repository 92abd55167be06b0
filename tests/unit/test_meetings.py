from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import builders
from tests.budget import share

from salescare.calendars import china
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.ids import ContractNo, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.meetings import RhythmPolicy, meetings, standup_agenda
from salescare.models import (
    Complaint,
    Contact,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackType,
    HandoverStatus,
    JointTrigger,
    Level,
    TicketStatus,
)
from salescare.sla import SlaStatus, ticket_sla
from salescare.testing import tickets

SH = ZoneInfo("Asia/Shanghai")
HALF_3 = time(15, 30)
CHINA = china()


def reviews(first, last, **policy):
    return [
        m.start
        for m in meetings(CHINA, first, last, policy=RhythmPolicy(**policy))
        if m.kind == "weekly_review"
    ]


def test_standups_on_working_days_at_five_and_reviews_on_friday_afternoon():
    week = list(meetings(CHINA, date(2024, 9, 23), date(2024, 9, 29)))
    standups = [m for m in week if m.kind == "standup"]
    assert [m.start.day for m in standups] == [23, 24, 25, 26, 27, 29]  # 29th: make-up Sunday
    assert all(m.start.hour == 17 and m.end - m.start == timedelta(minutes=15) for m in standups)
    assert {m.rule for m in standups} == {"CO-1"}
    (review,) = [m for m in week if m.kind == "weekly_review"]
    assert review.start == datetime(2024, 9, 27, 14, 0, tzinfo=SH)
    assert review.end - review.start == timedelta(hours=1)
    assert review.rule == "CO-2"
    assert week == sorted(week, key=lambda m: m.start)


def test_a_friday_holiday_moves_the_review_earlier_in_the_week_or_drops_it():
    # National Day 2024: Friday 4 October is a holiday, Monday 30 September is not
    assert reviews(date(2024, 9, 30), date(2024, 10, 6)) == [datetime(2024, 9, 30, 14, tzinfo=SH)]
    # Spring Festival 2024: Monday 12 to Friday 16 February are all off: no review that week
    assert reviews(date(2024, 2, 12), date(2024, 2, 18)) == []
    # a Wednesday review, later in the day
    assert reviews(
        date(2024, 5, 20),
        date(2024, 5, 26),
        review_weekday=2,
        review_at=(
            datetime(2024, 1, 1, 15, 30).time()  # noqa: DTZ001 - a wall time
        ),
    ) == [datetime(2024, 5, 22, 15, 30, tzinfo=SH)]


def test_bad_input():
    with pytest.raises(ValidationError, match="last"):
        list(meetings(CHINA, date(2024, 5, 2), date(2024, 5, 1)))
    with pytest.raises(PolicyError, match="review_weekday"):
        RhythmPolicy(review_weekday=7)
    with pytest.raises(PolicyError, match="standup_minutes"):
        RhythmPolicy(standup_minutes=0)
    with pytest.raises(NaiveDatetimeError):
        standup_agenda(datetime(2024, 5, 20, 17))  # noqa: DTZ001


@given(st.dates(date(2024, 1, 1), date(2025, 12, 1)), st.integers(0, 60))
def test_one_standup_per_working_day_and_at_most_one_review_a_week(first, span):
    last = first + timedelta(days=span)
    found = list(meetings(CHINA, first, last))
    days = [first + timedelta(days=n) for n in range(span + 1)]
    standups = [m.start.date() for m in found if m.kind == "standup"]
    assert standups == [d for d in days if CHINA.is_working_day(d)]
    weeks = [m.start.isocalendar()[:2] for m in found if m.kind == "weekly_review"]
    assert len(weeks) == len(set(weeks))
    assert all(CHINA.is_working_day(m.start.date()) for m in found)


AT = datetime(2024, 5, 20, 17, 0, tzinfo=SH)
LAKE = CustomerNo.parse("CUS20240515001")


def handover(serial, signed_on, status=HandoverStatus.DRAFT, prepared_at=None):
    return builders.handover(
        customer_name="湖光科技",
        signed_on=signed_on,
        contract_number=ContractNo(day=signed_on, serial=serial),
        contract_amount=100_000,
        contacts=(
            Contact(name="赵六", phone="13812345678", is_primary=True, is_decision_maker=True),
        ),
        status=status,
        prepared_at=prepared_at,
        handed_over_at=prepared_at if status is not HandoverStatus.DRAFT else None,
    )


def ticket(serial, level, **changes):
    fields = {
        "number": TicketNo(day=date(2024, 5, 20), serial=serial),
        "customer_name": "湖光科技",
        "description": "x",
        "submitted_at": datetime(2024, 5, 20, 9, 0, tzinfo=SH),
        "level": level,
        "triaged_at": datetime(2024, 5, 20, 9, 5, tzinfo=SH),
        "first_response_at": datetime(2024, 5, 20, 9, 30, tzinfo=SH),
    }
    return builders.ticket(**(fields | changes))


def test_standup_agenda_gathers_each_item():
    today = handover(1, date(2024, 5, 20), prepared_at=datetime(2024, 5, 20, 11, tzinfo=SH))
    old = handover(2, date(2024, 5, 10), HandoverStatus.PENDING, datetime(2024, 5, 10, tzinfo=SH))
    urgent = ticket(1, Level.L1)
    early = datetime(2024, 5, 20, 8, 30, tzinfo=SH)
    late = ticket(  # the 8 h resolution target passed at 16:30
        2, Level.L2, submitted_at=early, triaged_at=early, first_response_at=early
    )
    fine = ticket(3, Level.L3)
    done = ticket(
        4,
        Level.L1,
        resolved_at=datetime(2024, 5, 20, 10, tzinfo=SH),
        resolution="fixed",
        status=TicketStatus.CLOSED,
    )
    joint = ticket(
        5,
        Level.L3,
        joint_handling=True,
        joint_triggers=(JointTrigger.UPSET_CUSTOMER,),
        sales_owner=StaffNo.parse("S0123"),
        joint_triggered_at=datetime(2024, 5, 20, 9, 10, tzinfo=SH),
    )
    opportunity = Feedback(
        number=FeedbackNo.parse("FK20240520001"),
        customer=LAKE,
        customer_name="湖光科技",
        type=FeedbackType.SUGGESTION,
        content="second line",
        channel=FeedbackChannel.PHONE_REVISIT,
        submitter="赵六",
        collected_at=datetime(2024, 5, 20, 10, tzinfo=SH),
        category=FeedbackCategory.SALES_OPPORTUNITY,
        classified_at=datetime(2024, 5, 20, 11, tzinfo=SH),
        value_estimate=80_000,
        competition_risk=False,
    )
    complaint = Complaint(
        customer=LAKE,
        received_at=datetime(2024, 5, 20, 15, tzinfo=SH),
        category="delay",
        description="late delivery",
    )
    agenda = standup_agenda(
        AT,
        handovers=[today, old],
        tickets=[urgent, late, fine, done, joint],
        feedback=[opportunity],
        complaints=[complaint, attrs.evolve(complaint, received_at=AT - timedelta(days=2))],
    )
    assert agenda.new_signings == (today,)
    assert agenda.waiting_on_after_sales == (old,)
    assert agenda.urgent_tickets == (urgent, late)
    assert agenda.waiting_on_sales == (joint, opportunity)
    assert agenda.complaints == (complaint,)
    assert not agenda.empty
    assert standup_agenda(AT).empty


@share(0.5)
@given(st.lists(tickets(), max_size=6))
def test_urgent_tickets_are_open_and_urgent_l1_or_breached(pool):
    at = max((t.submitted_at for t in pool), default=AT) + timedelta(hours=1)
    agenda = standup_agenda(at, tickets=pool)
    for t in agenda.urgent_tickets:
        assert t.resolved_at is None
        assert t in pool
        sla = ticket_sla(t, now=at)
        customer_facing = (sla.response, sla.resolution)
        assert (
            t.urgent
            or t.level is Level.L1
            or any(c is not None and c.status is SlaStatus.BREACHED for c in customer_facing)
        )
    assert all(
        t in agenda.urgent_tickets
        for t in pool
        if t.resolved_at is None and (t.urgent or t.level is Level.L1)
    )
