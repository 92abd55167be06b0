from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import revisit

from salescare.errors import PolicyError, ValidationError, WrongTypeError
from salescare.grading import (
    DEFAULT_GRADING_POLICY,
    FEASIBILITY_REQUIREMENTS,
    GRADE_STRATEGIES,
    HEALTH_STRATEGIES,
    GradeDecision,
    GradingPolicy,
    HealthPolicy,
    Override,
    ValueBand,
    classify_revisit,
    feasibility_gaps,
    grade_customer,
    grade_customers,
    grade_health,
    health_trend,
    mix_assessments,
    potential_tier,
    regrade,
    service_quality,
    survey_result,
    value_tier,
)
from salescare.ids import CustomerNo, FeedbackNo, StaffNo
from salescare.models import (
    Assessor,
    CompanySize,
    ContactMode,
    Customer,
    DimensionScore,
    Feasibility,
    Feedback,
    FeedbackChannel,
    FeedbackType,
    Revisit,
    RevisitOutcome,
    Role,
    SatisfactionSurvey,
    ServiceDimension,
    ServiceQualityAssessment,
)
from salescare.revisits import RevisitPolicy
from salescare.vocabulary import Grade, Health, Trend

CUSTOMER = CustomerNo.parse("CUS20240515001")
T0 = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        (500_000, Grade.A),
        (Decimal("499999.99"), Grade.B),
        (499_999.99, Grade.B),
        (200_000, Grade.B),
        (Decimal("199999.99"), Grade.C),
        (50_000, Grade.C),
        (49_999, Grade.D),
        (0, Grade.D),
        ("500,000", Grade.A),
        (10**12, Grade.A),
    ],
)
def test_value_bands_are_lower_inclusive(amount, tier):
    assert value_tier(amount) is tier


def test_potential_tiers():
    assert [potential_tier(s) for s in (1, 2, 3, 4, 5)] == [
        Grade.D,
        Grade.D,
        Grade.C,
        Grade.B,
        Grade.A,
    ]


@pytest.mark.parametrize(
    ("amount", "potential", "grade"),
    [
        (320_000, 5, Grade.A),  # B value, potential A: lifted one level
        (320_000, 4, Grade.B),  # equal tiers: no lift
        (320_000, 1, Grade.B),  # potential never lowers
        (100_000, 4, Grade.B),  # C + potential ≥ 4 -> B
        (100_000, 5, Grade.B),  # only one level
        (10_000, 3, Grade.C),  # D + potential ≥ 3 -> C
        (10_000, 2, Grade.D),
        (900_000, 1, Grade.A),
    ],
)
def test_grade_is_value_tier_lifted_one_level(amount, potential, grade):
    result = grade_customer(amount, potential)
    assert result.grade is grade
    assert result.rule == "GR-1 GR-2 GR-3"


def test_reason_names_inputs_and_thresholds():
    assert grade_customer(Decimal(320000), 3).reason == (
        "B: annual purchases 320,000 in [200,000, 500,000) (GR-1); potential 3 (tier C) "
        "does not lift (GR-3)"
    )
    assert "lifts C by one level" in grade_customer(60000, 5).reason
    assert ">= 500,000" in grade_customer(Decimal("500000.50"), 1).reason


def test_missing_inputs_follow_the_policy():
    with pytest.raises(ValidationError, match="annual_purchases: is missing"):
        grade_customer(None, 3)
    with pytest.raises(ValidationError, match="potential: nan is missing"):
        grade_customer(1000, float("nan"))
    unknown = grade_customer(float("nan"), 3, missing="unknown")
    assert unknown.grade is None
    assert unknown.reason == "unknown: annual purchases missing (GR-1, GR-2)"


@pytest.mark.parametrize(
    ("amount", "potential", "error"),
    [
        (-1, 3, ValidationError),
        (Decimal("-0.01"), 3, ValidationError),
        (float("inf"), 3, ValidationError),
        ("lots", 3, ValidationError),
        ([1], 3, WrongTypeError),
        (1000, 6, ValidationError),
        (1000, 0, ValidationError),
        (1000, 3.5, ValidationError),
        (1000, "high", WrongTypeError),
    ],
)
def test_bad_input_is_refused_clearly(amount, potential, error):
    with pytest.raises(error) as info:
        grade_customer(amount, potential)
    assert repr(amount if info.value.field == "annual_purchases" else potential) in str(info.value)


def test_integral_floats_and_numeric_text_are_read():
    assert grade_customer("320000", "5").grade is Grade.A
    assert grade_customer(320000.0, 5.0).grade is Grade.A


def test_grade_customers_in_order_with_row_paths():
    customer = Customer(
        number=CUSTOMER,
        name="Lake",
        industry="IT",
        size=CompanySize.SMALL,
        annual_purchases=600000,
        potential=2,
    )
    results = grade_customers([customer, {"annual_purchases": 60000, "potential": 4}])
    assert [r.grade for r in results] == [Grade.A, Grade.B]
    with pytest.raises(ValidationError) as info:
        grade_customers([{"annual_purchases": 1, "potential": 3}, {"potential": 3}])
    assert info.value.field == "$[1]"


def test_policy_bands_are_validated_all_at_once():
    with pytest.raises(PolicyError) as info:
        GradingPolicy(
            bands=(
                ValueBand(grade=Grade.A, lower=400_000),
                ValueBand(grade=Grade.B, lower=200_000, upper=500_000),
                ValueBand(grade=Grade.C, lower=60_000, upper=200_000),
                ValueBand(grade=Grade.D, lower=10, upper=50_000),
            )
        )
    problems = info.value.problems
    assert any("starts at 10" in p for p in problems)
    assert any("gap between bands D and C" in p for p in problems)
    assert any("overlap" in p for p in problems)


def test_custom_bands_and_matrix():
    bands = (
        ValueBand(grade=Grade.A, lower=1_000_000),
        ValueBand(grade=Grade.B, lower=300_000, upper=1_000_000),
        ValueBand(grade=Grade.C, lower=10_000, upper=300_000),
        ValueBand(grade=Grade.D, lower=0, upper=10_000),
    )
    policy = GradingPolicy(bands=bands)
    assert grade_customer(500_000, 3, policy=policy).grade is Grade.B
    strict = {g: (g, g, g, g, g) for g in (Grade.A, Grade.B, Grade.C, Grade.D)}
    matrix_policy = GradingPolicy(matrix=strict)
    assert grade_customer(320_000, 5, policy=matrix_policy).grade is Grade.B
    assert "policy matrix" in grade_customer(320_000, 5, policy=matrix_policy).reason
    broken = dict(strict)
    broken[Grade.C] = (Grade.A, Grade.C, Grade.C, Grade.C, Grade.C)
    with pytest.raises(PolicyError, match="more potential gives a lower grade"):
        GradingPolicy(matrix=broken)


def test_strategies_per_grade():
    assert GRADE_STRATEGIES[Grade.A].cadence == "at least 2 in-depth conversations a month"
    assert GRADE_STRATEGIES[Grade.D].owners == ()
    assert set(GRADE_STRATEGIES) == set(Grade)


def test_decision_keeps_computed_and_applies_override_until_expiry():
    computed = grade_customer(320_000, 3)
    decision = GradeDecision(computed=computed, proposed=Grade.A, proposed_by="S0123")
    assert decision.effective(as_of=date(2024, 6, 1)) is Grade.B  # proposal alone: computed
    approved = attrs.evolve(decision, approved=Grade.A, approved_by="S0001")
    assert approved.effective(as_of=date(2024, 6, 1)) is Grade.A
    override = Override(
        grade=Grade.C, by="S0001", reason="payment issues", expires=date(2024, 9, 30)
    )
    overridden = attrs.evolve(approved, override=override)
    assert overridden.effective(as_of=date(2024, 9, 30)) is Grade.C
    assert overridden.effective(as_of=date(2024, 10, 1)) is Grade.A
    assert overridden.computed.grade is Grade.B
    with pytest.raises(ValidationError, match="reason"):
        Override(grade=Grade.A, by="S0001", reason=" ")
    with pytest.raises(ValidationError, match="approved_by"):
        GradeDecision(computed=computed, approved=Grade.A)


def test_regrade_reports_the_change_and_its_inputs():
    up = regrade(grade_customer(150_000, 3), grade_customer(250_000, 3))
    assert (up.change, up.grade, up.inputs_changed) == ("upgrade", Grade.B, ("annual_purchases",))
    same = regrade(grade_customer(250_000, 3), grade_customer(260_000, 3))
    assert same.change == "unchanged"
    down = regrade(grade_customer(250_000, 4), grade_customer(250_000, 1))
    assert (down.change, down.inputs_changed) == ("unchanged", ("potential",))
    assert regrade(grade_customer(150_000, 4), grade_customer(150_000, 1)).change == "downgrade"


def test_regrade_hysteresis():
    margin = GradingPolicy(exit_margin=Decimal("0.1"))
    a, dip, fall = (grade_customer(x, 3) for x in (520_000, 450_000, 449_999))
    assert regrade(a, dip, policy=margin).grade is Grade.A
    assert regrade(a, fall, policy=margin).grade is Grade.B
    patient = GradingPolicy(downgrade_after=2)
    first = regrade(a, fall, policy=patient)
    assert (first.grade, first.streak, first.change) == (Grade.A, 1, "unchanged")
    second = regrade(a, fall, streak=first.streak, policy=patient)
    assert (second.grade, second.change) == (Grade.B, "downgrade")


@pytest.mark.parametrize(
    ("relationship", "service", "health", "weak"),
    [
        (4, 4, Health.HEALTHY, None),
        (5, "4.00", Health.HEALTHY, None),
        (Decimal("4.5"), Decimal("3.8"), Health.SUB_HEALTHY, "service"),
        (3, 4, Health.SUB_HEALTHY, "relationship"),
        (Decimal("3.5"), Decimal("3.5"), Health.RISK, "relationship"),
        (Decimal("4.5"), 2, Health.RISK, "service"),
        (3, 3, Health.RISK, "relationship"),
        (Decimal("3.995"), 5, Health.HEALTHY, None),  # rounds half-even to 4.00
        (Decimal("3.994"), 5, Health.SUB_HEALTHY, "relationship"),
    ],
)
def test_health_grades_with_the_projects_ruling(relationship, service, health, weak):
    result = grade_health(relationship, service)
    assert (result.health, result.weak_dimension) == (health, weak)
    assert result.rule == "HL-2"


def test_health_reason_and_errors():
    assert "project ruling" in grade_health(Decimal("3.5"), Decimal("3.5")).reason
    with pytest.raises(ValidationError, match="out of range"):
        grade_health(6, 4)
    with pytest.raises(ValidationError, match="missing"):
        grade_health(None, 4)
    assert grade_health(None, 4, missing="unknown").health is None
    with pytest.raises(PolicyError):
        HealthPolicy(healthy=3, floor=3)


def test_health_trend_and_strategies():
    assert health_trend(Health.RISK, Health.HEALTHY) is Trend.IMPROVED
    assert health_trend(Health.HEALTHY, Health.HEALTHY) is Trend.STABLE
    assert health_trend(grade_health(4, 4), grade_health(4, 3)) is Trend.DECLINED
    assert "dedicated support" in HEALTH_STRATEGIES[(Health.SUB_HEALTHY, "service")]


def _assessment(assessor, scores):
    return ServiceQualityAssessment(
        staff=StaffNo.parse("A0045"),
        at=T0,
        assessor=assessor,
        scores=tuple(
            DimensionScore(dimension=d, score=s, evidence="example")
            for d, s in zip(ServiceDimension, scores, strict=True)
        ),
    )


def test_service_quality_mean_and_weakest():
    result = service_quality(_assessment(Assessor.CUSTOMER, (5, 3, 4, 3)))
    assert result.mean == Decimal("3.75")
    assert result.weakest == (
        ServiceDimension.RESOLUTION_EFFICIENCY,
        ServiceDimension.PROACTIVENESS,
    )


def test_weighted_mix_is_exact_and_order_independent():
    fours = [_assessment(a, (4, 4, 4, 4)) for a in Assessor]
    assert mix_assessments(fours).mean == Decimal("4.00")
    mixed = [
        _assessment(Assessor.SELF, (5, 5, 5, 5)),
        _assessment(Assessor.SUPERVISOR, (4, 4, 4, 4)),
        _assessment(Assessor.CUSTOMER, (3, 3, 3, 3)),
    ]
    assert mix_assessments(mixed).mean == Decimal("3.70")  # 0.2*5 + 0.3*4 + 0.5*3
    assert mix_assessments(list(reversed(mixed))).mean == Decimal("3.70")
    with pytest.raises(ValidationError, match="missing"):
        mix_assessments(mixed[:2])
    renormalised = mix_assessments(mixed[:2], missing="exclude")
    assert renormalised.mean == Decimal("4.40")  # (0.2*5 + 0.3*4) / 0.5


def test_survey_and_appeasement():
    survey = SatisfactionSurvey(
        customer=CUSTOMER, at=T0, response_speed=4, resolution_effect=4, service_attitude=4
    )
    assert not survey_result(survey).appeasement_due
    low = attrs.evolve(survey, resolution_effect=3)
    assert survey_result(low).appeasement_due
    assert "TK-9" in survey_result(low).reason


def test_revisit_classification_and_plan():
    base = Revisit(
        customer=CUSTOMER,
        customer_name="Lake",
        at=T0,
        mode=ContactMode.PHONE,
        visitor=StaffNo.parse("S0123"),
        summary="Quarterly call",
    )
    assert classify_revisit(base).outcome is RevisitOutcome.SATISFIED
    problem = classify_revisit(attrs.evolve(base, open_problems="export fails"))
    assert problem.outcome is RevisitOutcome.PROBLEM
    assert problem.respond_by == datetime(2024, 5, 16, 9, 0, tzinfo=UTC)
    assert problem.solution_by == datetime(2024, 5, 18, 9, 0, tzinfo=UTC)
    # RV-11: a need makes high value only with a high satisfaction and nothing open
    need = attrs.evolve(base, need="wants a second site")
    assert classify_revisit(attrs.evolve(need, satisfaction=4)).outcome is (
        RevisitOutcome.HIGH_VALUE
    )
    assert classify_revisit(need).outcome is RevisitOutcome.SATISFIED  # satisfaction unknown
    assert classify_revisit(attrs.evolve(need, satisfaction=3)).outcome is RevisitOutcome.PROBLEM
    open_need = attrs.evolve(need, satisfaction=5, open_problems="second site quote pending")
    assert classify_revisit(open_need).outcome is RevisitOutcome.PROBLEM
    assert classify_revisit(attrs.evolve(base, satisfaction=3)).outcome is RevisitOutcome.PROBLEM


def test_problem_customers_go_to_customer_service_and_are_revisited_after_the_fix():
    """RV-5, RV-11: customer service with technical support; revisit 3 days after solving."""
    base = Revisit(
        customer=CUSTOMER,
        customer_name="Lake",
        at=T0,
        mode=ContactMode.PHONE,
        visitor=StaffNo.parse("S0123"),
        summary="Quarterly call",
        open_problems="export fails",
    )
    unsolved = classify_revisit(base)
    assert unsolved.owners == (Role.CUSTOMER_SERVICE, Role.ENGINEER)
    assert unsolved.revisit_by is None
    solved = classify_revisit(attrs.evolve(base, solved_at=T0 + timedelta(days=2)))
    assert solved.revisit_by == T0 + timedelta(days=5)


def test_the_revisit_thresholds_are_the_policys():
    base = Revisit(
        customer=CUSTOMER,
        customer_name="Lake",
        at=T0,
        mode=ContactMode.PHONE,
        visitor=StaffNo.parse("S0123"),
        summary="Quarterly call",
        satisfaction=3,
        need="a second site",
    )
    strict = RevisitPolicy(problem_at_or_below=2, high_value_from=3)
    assert classify_revisit(base).outcome is RevisitOutcome.PROBLEM
    assert classify_revisit(base, policy=strict).outcome is RevisitOutcome.HIGH_VALUE
    with pytest.raises(PolicyError, match="above"):
        RevisitPolicy(problem_at_or_below=4, high_value_from=4)


@given(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5))
def test_a_higher_satisfaction_never_makes_a_worse_class(low, high):
    """Without open problems, raising the score never moves down problem < satisfied < high."""
    rank = {RevisitOutcome.PROBLEM: 0, RevisitOutcome.SATISFIED: 1, RevisitOutcome.HIGH_VALUE: 2}
    low, high = sorted((low, high))
    for need in ("", "a second site"):
        base = revisit(need=need)
        first = classify_revisit(attrs.evolve(base, satisfaction=low)).outcome
        second = classify_revisit(attrs.evolve(base, satisfaction=high)).outcome
        assert rank[first] <= rank[second]


def test_feasibility_requirements():
    item = Feedback(
        number=FeedbackNo.parse("FK20240516001"),
        customer=CUSTOMER,
        customer_name="Lake",
        type=FeedbackType.SUGGESTION,
        content="backup",
        channel=FeedbackChannel.PHONE_REVISIT,
        submitter="Zhao",
        collected_at=T0,
    )
    assert feasibility_gaps(item) == ("feasibility is not evaluated (FB-5)",)
    high = attrs.evolve(item, feasibility=Feasibility.HIGH)
    assert feasibility_gaps(high)
    assert feasibility_gaps(attrs.evolve(high, plan="goal; steps; 6/10; S0123")) == ()
    assert set(FEASIBILITY_REQUIREMENTS) == set(Feasibility)
    assert DEFAULT_GRADING_POLICY.downgrade_after == 1
