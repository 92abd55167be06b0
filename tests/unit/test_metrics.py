from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import builders
from tests.budget import share

from salescare.calendars import WorkCalendar
from salescare.errors import NaiveDatetimeError, ValidationError
from salescare.ids import CustomerCode, FeedbackNo, StaffNo, TicketNo
from salescare.metrics import (
    Period,
    Ratio,
    SalesFacts,
    churn_rate,
    complaint_resolution_rate,
    feedback_results,
    follow_up_frequency,
    health_inputs,
    health_review,
    mean_first_response_hours,
    mean_order_cycle_days,
    mean_satisfaction,
    need_conversion_rate,
    on_time_delivery_rate,
    on_time_resolution_rate,
    problem_types,
    quarter,
    renewal_rate,
    review_schedule,
    satisfaction_by_tier,
    service_quality_means,
)
from salescare.models import (
    Actor,
    Assessor,
    Complaint,
    ComplaintStatus,
    ContactMode,
    DimensionScore,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    FollowUp,
    Health,
    Level,
    Pause,
    Revisit,
    Role,
    SatisfactionSurvey,
    ServiceDimension,
    ServiceQualityAssessment,
    ServiceTier,
    TicketStatus,
    Trend,
)
from salescare.sla import TicketSlaPolicy
from salescare.testing import complaints

SH = ZoneInfo("Asia/Shanghai")
LAKE = CustomerCode.parse("HZ-IT-2024-001")
HILL = CustomerCode.parse("HZ-IT-2024-002")
SUBMITTED = datetime(2024, 5, 15, 9, 0, tzinfo=SH)


def ticket(serial=1, level=Level.L1, resolved_after=None, customer=LAKE, **changes):
    fields = {
        "number": TicketNo(day=date(2024, 5, 15), serial=serial),
        "customer": customer,
        "submitted_at": SUBMITTED,
        "level": level,
        "triaged_at": SUBMITTED + timedelta(minutes=5),
    }
    if resolved_after is not None:
        fields |= {
            "status": TicketStatus.CLOSED,
            "resolved_at": SUBMITTED + resolved_after,
            "resolution": "fixed",
        }
    return builders.ticket(**(fields | changes))


def test_on_time_resolution_boundary_and_levels():
    exactly = ticket(1, Level.L1, timedelta(hours=4))
    late = ticket(2, Level.L1, timedelta(hours=4, microseconds=1))
    l2 = ticket(3, Level.L2, timedelta(hours=8))
    l3_late = ticket(4, Level.L3, timedelta(hours=30))
    rate = on_time_resolution_rate([exactly, late, l2, l3_late])
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.value == Decimal("0.6667")
    assert rate.exact == Ratio(what="", rule="", numerator=2, denominator=3).exact
    assert on_time_resolution_rate([l3_late], levels=[Level.L3]).value == Decimal(0)
    empty = on_time_resolution_rate([l3_late])
    assert empty.value is None
    assert empty.exact is None
    assert "n/a" in str(empty)


def test_elapsed_time_across_a_daylight_saving_jump():
    new_york = ZoneInfo("America/New_York")
    submitted = datetime(2024, 3, 10, 0, 30, tzinfo=new_york)
    # 05:30 on the wall is 4 h later: the clocks jumped from 02:00 to 03:00
    resolved = ticket(1, Level.L1, submitted_at=submitted, triaged_at=submitted)
    resolved = attrs.evolve(
        resolved,
        status=TicketStatus.CLOSED,
        resolved_at=datetime(2024, 3, 10, 5, 30, tzinfo=new_york),
        resolution="fixed",
    )
    assert on_time_resolution_rate([resolved]).numerator == 1
    late = attrs.evolve(resolved, resolved_at=datetime(2024, 3, 10, 5, 30, 1, tzinfo=new_york))
    assert on_time_resolution_rate([late]).numerator == 0


def test_pauses_move_the_resolution_deadline():
    paused = ticket(
        1,
        Level.L1,
        timedelta(hours=5),
        pauses=(Pause(start=SUBMITTED + timedelta(hours=1), end=SUBMITTED + timedelta(hours=2)),),
    )
    assert on_time_resolution_rate([paused]).numerator == 1
    # the same on a business-hours calendar (no fast path)
    office = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-18:00",))
    policy = TicketSlaPolicy(calendar=office)
    assert on_time_resolution_rate([paused], policy=policy).numerator == 1


def test_open_tickets_past_due_count_as_late_and_the_period_filters():
    open_late = ticket(1, Level.L1)
    done = ticket(2, Level.L1, timedelta(hours=1))
    as_of = SUBMITTED + timedelta(hours=4, seconds=1)
    rate = on_time_resolution_rate([open_late, done], as_of=as_of)
    assert (rate.numerator, rate.denominator) == (1, 2)
    not_yet = on_time_resolution_rate([open_late, done], as_of=SUBMITTED + timedelta(hours=4))
    assert (not_yet.numerator, not_yet.denominator) == (1, 1)
    june = Period(datetime(2024, 6, 1, tzinfo=SH), datetime(2024, 7, 1, tzinfo=SH))
    assert on_time_resolution_rate([open_late, done], period=june, as_of=as_of).denominator == 0
    # a one-pass iterator is enough
    assert on_time_resolution_rate(iter([done, open_late]), as_of=as_of) == rate


def test_complaint_delivery_renewal_churn():
    received = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    open_ = Complaint(customer=LAKE, received_at=received, category="delay", description="late")
    solved = attrs.evolve(
        open_, status=ComplaintStatus.RESOLVED, resolved_at=received + timedelta(days=1)
    )
    rate = complaint_resolution_rate([open_, solved, solved])
    assert (rate.numerator, rate.denominator) == (2, 3)
    april = Period(datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC))
    assert complaint_resolution_rate([open_], period=april).value is None
    due = date(2024, 5, 10)
    deliveries = [
        (due, due),
        (due, datetime(2024, 5, 10, 23, 59, tzinfo=SH)),
        (due, date(2024, 5, 11)),
    ]
    delivered = on_time_delivery_rate([*deliveries, (due, None)], as_of=due)
    assert (delivered.numerator, delivered.denominator) == (2, 3)
    overdue = on_time_delivery_rate([(due, None)], as_of=date(2024, 5, 11))
    assert (overdue.numerator, overdue.denominator) == (0, 1)
    instant = datetime(2024, 5, 10, 12, 0, tzinfo=SH)
    assert on_time_delivery_rate([(instant, instant + timedelta(seconds=1))]).numerator == 0
    renewed = renewal_rate(
        [
            (date(2024, 3, 31), date(2024, 3, 1)),
            (date(2024, 6, 30), None),
            (date(2025, 1, 1), None),
        ],
        period=(date(2024, 1, 1), date(2024, 12, 31)),
    )
    assert (renewed.numerator, renewed.denominator) == (1, 2)
    churn = churn_rate([LAKE, HILL, LAKE], [HILL, CustomerCode.parse("HZ-IT-2024-003")])
    assert (churn.numerator, churn.denominator) == (1, 2)
    assert churn_rate([], []).value is None


def revisit(at, *, need="", satisfaction=None, tier=ServiceTier.NORMAL, customer=LAKE):
    return Revisit(
        customer=customer,
        customer_name="Lake",
        at=at,
        mode=ContactMode.PHONE,
        visitor=StaffNo.parse("S0123"),
        summary="how is it going",
        need=need,
        satisfaction=satisfaction,
        tier=tier,
    )


def test_need_conversion():
    heard = datetime(2024, 5, 15, 10, 0, tzinfo=SH)
    needs = [
        revisit(heard, need="second line"),
        revisit(heard, need="training", customer=HILL),
        revisit(heard),  # no need heard: not counted
    ]
    orders = [(LAKE, date(2024, 5, 15)), (HILL, date(2024, 5, 14))]
    rate = need_conversion_rate(needs, orders)
    assert (rate.numerator, rate.denominator) == (1, 2)
    later = [(HILL, date(2024, 8, 13))]
    assert need_conversion_rate(needs, later, within=timedelta(days=90)).numerator == 1
    assert need_conversion_rate(needs, later, within=timedelta(days=89)).numerator == 0


def test_means_and_distributions():
    first = ticket(1, first_response_at=SUBMITTED + timedelta(minutes=30))
    second = ticket(2, Level.L2, first_response_at=SUBMITTED + timedelta(hours=1, minutes=30))
    silent = ticket(3)
    mean = mean_first_response_hours([first, second, silent])
    assert (mean.count, mean.value) == (2, Decimal("1.00"))
    assert mean_first_response_hours([first, second], levels=[Level.L2]).value == Decimal("1.50")
    assert mean_first_response_hours([]).value is None
    received = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    orders = [(received, received + timedelta(days=3)), (received, None)]
    assert mean_order_cycle_days(orders).count == 1
    assert mean_order_cycle_days(orders).value == Decimal("3.00")
    june = Period(datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 7, 1, tzinfo=UTC))
    assert mean_order_cycle_days(orders, period=june).value is None
    at = datetime(2024, 5, 20, tzinfo=SH)
    survey = SatisfactionSurvey(
        customer=LAKE, at=at, response_speed=5, resolution_effect=4, service_attitude=4
    )
    rated = ticket(4, resolved_after=timedelta(hours=1), satisfaction=3, satisfaction_at=at)
    vip = revisit(at, satisfaction=5, tier=ServiceTier.VIP)
    overall = mean_satisfaction([survey, rated, vip, silent])
    assert overall.count == 3
    assert overall.value == Decimal("4.11")  # (13/3 + 3 + 5) / 3
    tiers = satisfaction_by_tier([vip, revisit(at, satisfaction=2), revisit(at)])
    assert tiers[ServiceTier.VIP].value == Decimal(5)
    assert tiers[ServiceTier.NORMAL].count == 1
    collected = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    feedback = Feedback(
        number=FeedbackNo.parse("FK20240502001"),
        customer=LAKE,
        customer_name="Lake",
        type=FeedbackType.PROBLEM,
        content="slow export",
        channel=FeedbackChannel.PHONE_REVISIT,
        submitter="Zhao",
        collected_at=collected,
    )
    routed = attrs.evolve(
        feedback,
        number=FeedbackNo.parse("FK20240502002"),
        category=FeedbackCategory.PRODUCT,
        classified_at=collected,
    )
    complaint = Complaint(customer=LAKE, received_at=collected, category="delay", description="x")
    kinds = problem_types([feedback, routed, complaint, complaint])
    assert dict(kinds.counts) == {"problem": 1, "product": 1, "delay": 2}
    assert kinds.share("delay").value == Decimal("0.5")
    assert kinds.share("none").numerator == 0
    done = attrs.evolve(
        routed,
        status=FeedbackStatus.COMPLETED,
        lesson="ship the faster export",
        completed_at=collected + timedelta(days=3),
    )
    results = feedback_results([feedback, routed, done])
    assert results.counts[FeedbackStatus.COMPLETED] == 1
    assert results.share(FeedbackStatus.COMPLETED).value == Decimal("0.3333")
    may = Period(datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC))
    assert feedback_results([done], period=may).total == 1


def test_follow_up_frequency_counts_silent_customers_as_zero():
    q2 = quarter(2024, 2)
    calls = [
        FollowUp(
            customer=LAKE,
            at=datetime(2024, 4, day, 10, 0, tzinfo=SH),
            by=StaffNo.parse("S0123"),
            mode=ContactMode.PHONE,
            duration_minutes=10,
            summary="call",
        )
        for day in (2, 9, 16)
    ]
    outside = attrs.evolve(calls[0], at=datetime(2024, 7, 1, tzinfo=SH))
    frequency = follow_up_frequency([*calls, outside], {LAKE: "A", HILL: "A"}, period=q2)
    # 3 contacts over 2 customers over 91 days (2.99 months)
    assert frequency["A"].count == 2
    assert frequency["A"].value == Decimal("0.50")


def test_service_quality_means_per_dimension():
    def assessment(score):
        return ServiceQualityAssessment(
            staff=StaffNo.parse("A0045"),
            at=datetime(2024, 5, 20, tzinfo=SH),
            assessor=Assessor.CUSTOMER,
            scores=tuple(
                DimensionScore(dimension=d, score=score, evidence="case") for d in ServiceDimension
            ),
        )

    means = service_quality_means([assessment(4), assessment(5)])
    assert {m.value for m in means.values()} == {Decimal("4.50")}
    assert service_quality_means([])[ServiceDimension.COMMUNICATION].value is None


def customer(**changes):
    fields = {"number": LAKE, "cooperation_since": date(2023, 2, 15)}
    return builders.customer(**(fields | changes))


def test_health_inputs_and_review():
    q2 = datetime(2024, 5, 15, 9, 0, tzinfo=SH)
    tickets = [
        ticket(1, Level.L1, timedelta(hours=2), first_response_at=q2 + timedelta(hours=1)),
        ticket(
            2, Level.L2, timedelta(hours=9), satisfaction=3, satisfaction_at=q2 + timedelta(days=1)
        ),
        ticket(3, Level.L1, timedelta(hours=1), customer=HILL),  # another customer's
        ticket(4, Level.L1),  # still open, far past due by the quarter's end
    ]
    surveys = [
        SatisfactionSurvey(
            customer=LAKE, at=q2, response_speed=4, resolution_effect=4, service_attitude=4
        ),
        SatisfactionSurvey(
            customer=LAKE, at=q2, response_speed=3, resolution_effect=3, service_attitude=3
        ),
    ]
    facts = SalesFacts(relationship="4.5", renewal_rate="1", upsell_amount=120_000)
    inputs = health_inputs(
        customer(), 2024, 2, tickets=iter(tickets), sales_facts=facts, surveys=surveys
    )
    assert inputs.cooperation_months == 16  # 15 Feb 2023 → 30 Jun 2024
    assert (inputs.on_time.numerator, inputs.on_time.denominator) == (1, 3)
    # HL-1: the surveys alone (4 and 3); ticket 2's rating of 3 would make it 3.33
    assert inputs.service.value == Decimal("3.50")
    assert inputs.service.count == 2
    assert inputs.first_response.value == Decimal("1.00")
    row = health_review(inputs, previous=Health.RISK)
    assert row.health is Health.SUB_HEALTHY
    assert row.service == Decimal("3.50")
    assert row.on_time_rate == Decimal("0.3333")
    assert "dedicated support" in row.strategy
    assert row.trend is Trend.IMPROVED
    assert "sub-healthy" in row.cause
    again = health_review(inputs, previous=row)
    assert again.trend is Trend.STABLE
    assert health_review(inputs).trend is None
    with pytest.raises(ValidationError, match="service"):
        health_review(health_inputs(customer(), 2024, 3, tickets=tickets, sales_facts=facts))


def test_the_sales_supervisor_sets_the_relationship_score():
    # HL-7: the relationship score is the sales supervisor's (the service score is the surveys',
    # see test_health_inputs_and_review)
    supervisor = Actor(id="S0001", role=Role.SALES_SUPERVISOR)
    assert SalesFacts(relationship=4, rated_by=supervisor).rated_by is supervisor
    for role in (Role.SALES_REP, Role.ACCOUNT_MANAGER, Role.AFTER_SALES_SUPERVISOR):
        with pytest.raises(ValidationError, match=r"rated_by.*HL-7"):
            SalesFacts(relationship=4, rated_by=Actor(id="S0123", role=role))


def test_bad_input():
    with pytest.raises(NaiveDatetimeError):
        Period(datetime(2024, 1, 1), datetime(2024, 2, 1, tzinfo=UTC))  # noqa: DTZ001
    with pytest.raises(ValidationError, match="end"):
        Period(datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="quarter"):
        quarter(2024, 5)
    with pytest.raises(ValidationError, match="relationship"):
        SalesFacts(relationship=6)
    with pytest.raises(ValidationError, match="renewal_rate"):
        SalesFacts(relationship=4, renewal_rate="1.5")


def test_review_schedule_counts_working_days_back_from_the_period_end():
    q2 = review_schedule(quarter(2024, 2))
    assert q2.data_due == datetime(2024, 6, 24, 18, 0, tzinfo=SH)  # Sun 30 Jun not counted
    assert q2.meeting_on == datetime(2024, 6, 28, 18, 0, tzinfo=SH)
    assert q2.plan_due == datetime(2024, 7, 2, 18, 0, tzinfo=SH)
    held = review_schedule(quarter(2024, 2), meeting_at=datetime(2024, 7, 1, 10, 0, tzinfo=SH))
    assert held.plan_due == datetime(2024, 7, 3, 18, 0, tzinfo=SH)
    q3 = review_schedule(quarter(2024, 3), data_days=1)
    assert q3.data_due == datetime(2024, 9, 29, 18, 0, tzinfo=SH)  # a make-up Sunday
    office = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",))
    utc_q = Period(datetime(2024, 4, 1, tzinfo=UTC), datetime(2024, 7, 1, tzinfo=UTC))
    assert review_schedule(utc_q, calendar=office).data_due == datetime(
        2024, 6, 24, 17, 0, tzinfo=UTC
    )


def test_each_kpi_has_a_definition_a_formula_and_a_target_and_a_miss_is_flagged():
    """SQ-4 (003 §5.1): definition, formula, target; below target is flagged."""
    import importlib  # noqa: PLC0415 - resolving the catalogue's dotted names

    from salescare.metrics import KPI_TARGETS, Mean, Ratio, check_kpi  # noqa: PLC0415

    for key, goal in KPI_TARGETS.items():
        assert goal.what, key
        assert goal.formula, key
        module, _, name = goal.function.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), key
    made = Ratio(what="complaints", rule="SQ-2", numerator=19, denominator=20)
    assert check_kpi("complaint_resolution", made).met  # 0.95 meets 0.95
    short = Ratio(what="complaints", rule="SQ-2", numerator=18, denominator=20)
    assert check_kpi("complaint_resolution", short).flagged
    nothing = Ratio(what="complaints", rule="SQ-2", numerator=0, denominator=0)
    assert (
        check_kpi("complaint_resolution", nothing).met,
        check_kpi("complaint_resolution", nothing).flagged,
    ) == (None, False)
    quick = Mean(what="first response", rule="SQ-2", count=2, total=Fraction(4))  # 2 h
    assert check_kpi("first_response_hours", quick).met  # lower is better
    slow = Mean(what="first response", rule="SQ-2", count=2, total=Fraction(5))
    assert check_kpi("first_response_hours", slow).flagged
    with pytest.raises(ValidationError, match="not a KPI"):
        check_kpi("speed", made)


@share(0.25)
@given(st.lists(complaints(), max_size=12))
def test_quarters_are_built_from_months_and_totals_from_people(records):
    """SQ-7: a longer period (or the whole) is the roll-up of its parts, exactly."""
    from salescare.metrics import complaint_resolution_rate, per, rollup  # noqa: PLC0415

    whole = complaint_resolution_rate(records)
    months = per(records, key=lambda c: (c.received_at.year, c.received_at.month),
                 kpi=complaint_resolution_rate)  # fmt: skip
    by_customer = per(records, key=lambda c: str(c.customer), kpi=complaint_resolution_rate)
    if records:
        assert rollup(months.values()) == whole
        assert rollup(by_customer.values()) == whole
        quarters = per(
            list(months.items()),
            key=lambda pair: (pair[0][0], (pair[0][1] - 1) // 3),
            kpi=lambda pairs: rollup(rate for _, rate in pairs),
        )
        assert rollup(quarters.values()) == whole


def test_every_follow_up_is_followed_by_an_assessment():
    """SQ-5 (004 「每次跟进后」): the follow-ups no assessment is linked to."""
    from tests.builders import LAKE_NO, SALES, T0, follow_up  # noqa: PLC0415

    from salescare.completeness import unassessed_follow_ups  # noqa: PLC0415
    from salescare.models import (  # noqa: PLC0415
        Assessor,
        DimensionScore,
        ServiceDimension,
        ServiceQualityAssessment,
    )

    calls = [follow_up(), follow_up(at=T0 + timedelta(days=7))]
    scores = tuple(
        DimensionScore(dimension=d, score=4, evidence="on time") for d in ServiceDimension
    )
    assessed = ServiceQualityAssessment(
        staff=SALES,
        customer=LAKE_NO,
        at=T0 + timedelta(hours=1),
        assessor=Assessor.CUSTOMER,
        scores=scores,
        follow_up_at=T0,
    )
    assert unassessed_follow_ups(calls, [assessed]) == (calls[1],)
    assert unassessed_follow_ups(calls, []) == tuple(calls)
