"""Grading: A/B/C/D value-potential grades, customer health, service quality, satisfaction.

Every function is total on valid input, monotone where the rules are (more purchases or more
potential never lower a grade; higher scores never worsen health), and explains itself: each
result carries ``rule`` (the rule IDs applied) and ``reason`` (one sentence naming the inputs
and the thresholds). Every number is a field of a frozen policy with a module-level default.

The package holds value grading (:mod:`~salescare.grading.value`), the grade a customer
carries and its regrading (:mod:`~salescare.grading.regrading`), what follows from a grade
(:mod:`~salescare.grading.strategies`), health (:mod:`~salescare.grading.health`) and service
quality and satisfaction (:mod:`~salescare.grading.quality`). :func:`classify_revisit` lives
in :mod:`salescare.revisits` and :func:`feasibility_gaps` in :mod:`salescare.completeness`;
both are still importable from here.

Examples:
    >>> from decimal import Decimal
    >>> print(grade_customer(Decimal("320000"), 5).grade, grade_health(4, 3).health)
    A sub_healthy
"""

from salescare.completeness import FEASIBILITY_REQUIREMENTS, feasibility_gaps
from salescare.grading.health import (
    DEFAULT_HEALTH_POLICY,
    HealthPolicy,
    HealthResult,
    grade_health,
    health_trend,
)
from salescare.grading.quality import (
    DEFAULT_QUALITY_POLICY,
    QualityPolicy,
    QualityResult,
    SurveyResult,
    mix_assessments,
    service_quality,
    survey_result,
)
from salescare.grading.regrading import GradeDecision, Override, Regrade, regrade
from salescare.grading.strategies import GRADE_STRATEGIES, HEALTH_STRATEGIES, Strategy
from salescare.grading.value import (
    DEFAULT_GRADING_POLICY,
    GradeResult,
    GradingPolicy,
    Missing,
    ValueBand,
    grade_customer,
    grade_customers,
    potential_tier,
    value_tier,
)
from salescare.revisits import RevisitPlan, classify_revisit

__all__ = [
    "DEFAULT_GRADING_POLICY",
    "DEFAULT_HEALTH_POLICY",
    "DEFAULT_QUALITY_POLICY",
    "FEASIBILITY_REQUIREMENTS",
    "GRADE_STRATEGIES",
    "HEALTH_STRATEGIES",
    "GradeDecision",
    "GradeResult",
    "GradingPolicy",
    "HealthPolicy",
    "HealthResult",
    "Missing",
    "Override",
    "QualityPolicy",
    "QualityResult",
    "Regrade",
    "RevisitPlan",
    "Strategy",
    "SurveyResult",
    "ValueBand",
    "classify_revisit",
    "feasibility_gaps",
    "grade_customer",
    "grade_customers",
    "grade_health",
    "health_trend",
    "mix_assessments",
    "potential_tier",
    "regrade",
    "service_quality",
    "survey_result",
    "value_tier",
]
