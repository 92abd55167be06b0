"""Service quality and satisfaction (RULES SQ-1, SQ-3, FB-8, TK-9): assessments and surveys read.

Means are exact fractions rounded only at the end, so the order of the weights never changes
a result.

Examples:
    >>> DEFAULT_QUALITY_POLICY.weights[Assessor.CUSTOMER]
    Decimal('0.5')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

import attrs

from salescare._checks import quantise
from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.errors import PolicyError, ValidationError
from salescare.grading.value import Missing
from salescare.i18n import tr
from salescare.models import (
    SatisfactionSurvey,
    ServiceQualityAssessment,
)
from salescare.sla import DEFAULT_TICKET_POLICY
from salescare.vocabulary import (
    Assessor,
    ServiceDimension,
)

__all__ = [
    "DEFAULT_QUALITY_POLICY",
    "QualityPolicy",
    "QualityResult",
    "SurveyResult",
    "mix_assessments",
    "service_quality",
    "survey_result",
]


class QualityResult(NamedTuple):
    """Service quality: the mean score, each dimension's score and the weakest dimension(s)."""

    mean: Decimal
    scores: Mapping[ServiceDimension, Decimal]
    weakest: tuple[ServiceDimension, ...]
    rule: str = "SQ-1"


@attrs.frozen(kw_only=True)
class QualityPolicy:
    """SQ-3 weights of each assessor and the precision means are rounded to."""

    weights: Mapping[Assessor, Decimal] = attrs.field(
        factory=lambda: MappingProxyType(
            {
                Assessor.SELF: Decimal("0.2"),
                Assessor.SUPERVISOR: Decimal("0.3"),
                Assessor.CUSTOMER: Decimal("0.5"),
            }
        )
    )
    precision: Decimal = attrs.field(default=Decimal("0.01"), converter=Decimal)

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if any(Decimal(w) < 0 for w in self.weights.values()):
            problems.append(tr("a weight is negative"))
        if sum(Decimal(w) for w in self.weights.values()) <= 0:
            problems.append(tr("the weights add up to zero"))
        if problems:
            raise PolicyError("QualityPolicy", problems)


DEFAULT_QUALITY_POLICY = QualityPolicy()
"""Self 20 %, supervisor 30 %, customer 50 % (SQ-3 leaves the weights to the company)."""


def _summarise(scores: Mapping[ServiceDimension, Fraction], precision: Decimal) -> QualityResult:
    rounded = {
        dim: quantise(Decimal(v.numerator) / Decimal(v.denominator), precision)
        for dim, v in scores.items()
    }
    mean = sum(scores.values(), Fraction(0)) / len(scores)
    low = min(rounded.values())
    return QualityResult(
        mean=quantise(Decimal(mean.numerator) / Decimal(mean.denominator), precision),
        scores=MappingProxyType(rounded),
        weakest=tuple(dim for dim in ServiceDimension if rounded.get(dim) == low),
    )


@edge
def service_quality(
    assessment: ServiceQualityAssessment, *, policy: QualityPolicy = DEFAULT_QUALITY_POLICY
) -> QualityResult:
    """The mean of an assessment's four dimensions and its weakest (RULES SQ-1)."""
    return _summarise({s.dimension: Fraction(s.score) for s in assessment.scores}, policy.precision)


@edge
def mix_assessments(
    assessments: Iterable[ServiceQualityAssessment],
    *,
    policy: QualityPolicy = DEFAULT_QUALITY_POLICY,
    missing: Missing = "reject",
) -> QualityResult:
    """Weighted self / supervisor / customer mix per dimension (RULES SQ-3).

    Means are exact fractions, rounded to ``policy.precision`` only at the end, so the order of
    weights never changes a result. With ``missing="exclude"`` an absent assessor's weight is
    dropped and the others renormalised; with ``reject`` (default) every weighted assessor must
    be present.
    """
    by_assessor: dict[Assessor, ServiceQualityAssessment] = {}
    for item in assessments:
        if item.assessor in by_assessor:
            raise ValidationError(
                ("mix_assessments",),
                str(item.assessor),
                tr("appears twice"),
                tr("one per assessor"),
            )
        by_assessor[item.assessor] = item
    weights = {a: Fraction(Decimal(w)) for a, w in policy.weights.items() if Decimal(w) > 0}
    absent = [a for a in weights if a not in by_assessor]
    if absent and missing != "exclude":
        raise ValidationError(
            ("mix_assessments",),
            tuple(str(a) for a in absent),
            tr("is missing"),
            tr("every weighted assessor, or missing='exclude' to renormalise"),
        )
    weights = {a: w for a, w in weights.items() if a in by_assessor}
    if not weights:
        raise ValidationError(("mix_assessments",), (), tr("has no weighted assessment"), tr("one"))
    total = sum(weights.values(), Fraction(0))
    mixed: dict[ServiceDimension, Fraction] = {}
    for dimension in ServiceDimension:
        mixed[dimension] = (
            sum(
                (
                    w * next(s.score for s in by_assessor[a].scores if s.dimension is dimension)
                    for a, w in weights.items()
                ),
                Fraction(0),
            )
            / total
        )
    result = _summarise(mixed, policy.precision)
    return result._replace(rule="SQ-1 SQ-3")


class SurveyResult(NamedTuple):
    """A satisfaction survey read: its mean and whether appeasement is due (FB-8, TK-9)."""

    mean: Decimal
    lowest: int
    appeasement_due: bool
    reason: str
    rule: str = "FB-8 TK-9"


@edge
def survey_result(
    survey: SatisfactionSurvey, *, threshold: int = DEFAULT_TICKET_POLICY.appeasement_threshold
) -> SurveyResult:
    """Mean of the three FB-8 scores; appeasement is due when any score is ``<= threshold``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from salescare.ids import CustomerNo
        >>> s = SatisfactionSurvey(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     at=datetime(2024, 5, 16, tzinfo=timezone.utc),
        ...     response_speed=5,
        ...     resolution_effect=3,
        ...     service_attitude=5,
        ... )
        >>> r = survey_result(s)
        >>> print(r.mean, r.appeasement_due)
        4.33 True
    """
    scores = (survey.response_speed, survey.resolution_effect, survey.service_attitude)
    mean = quantise(Decimal(sum(scores)) / 3, Decimal("0.01"))
    lowest = min(scores)
    due_ = lowest <= threshold
    why = (
        tr(
            "lowest score {lowest} <= {threshold}: start appeasement (客户安抚, TK-9)",
            lowest=lowest,
            threshold=threshold,
        )
        if due_
        else tr("all scores > {threshold}", threshold=threshold)
    )
    return SurveyResult(mean=mean, lowest=lowest, appeasement_due=due_, reason=why)


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
