"""Customer health (RULES HL-1, HL-2, HL-5): relationship and service scores to a grade.

Healthy when both scores reach 4, sub-healthy when one does and the other reaches 3, risk
otherwise (the project's ruling), so the grading is total and monotone.

Examples:
    >>> from decimal import Decimal
    >>> h = grade_health(Decimal("4.5"), Decimal("3.8"))
    >>> print(h.health, h.weak_dimension)
    sub_healthy service
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import attrs

from salescare._checks import quantise
from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.errors import PolicyError, ValidationError, WrongTypeError
from salescare.grading.value import Missing
from salescare.i18n import tr
from salescare.vocabulary import (
    Health,
    Trend,
)

__all__ = ["DEFAULT_HEALTH_POLICY", "HealthPolicy", "HealthResult", "grade_health", "health_trend"]


@attrs.frozen(kw_only=True)
class HealthPolicy:
    """The thresholds of RULES HL-2 and the precision scores are rounded to before comparing.

    ``healthy`` is the score both dimensions need for healthy (4); ``floor`` the score the
    weaker dimension of a sub-healthy customer needs (3). Scores are rounded half-even to
    ``precision`` (two places) first, so 3.995 and 4 compare alike however they were computed.
    """

    healthy: Decimal = attrs.field(default=Decimal(4), converter=Decimal)
    floor: Decimal = attrs.field(default=Decimal(3), converter=Decimal)
    precision: Decimal = attrs.field(default=Decimal("0.01"), converter=Decimal)

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if not 1 <= self.floor < self.healthy <= 5:  # noqa: PLR2004 - the 1–5 scale
            problems.append(f"need 1 <= floor ({self.floor}) < healthy ({self.healthy}) <= 5")
        if self.precision <= 0:
            problems.append(tr("precision {precision} is not positive", precision=self.precision))
        if problems:
            raise PolicyError("HealthPolicy", problems)


DEFAULT_HEALTH_POLICY = HealthPolicy()
"""000 §3.4: healthy when both dimensions ≥ 4, sub-healthy when one is ≥ 4 and the other ≥ 3."""


def _mean_score(value: Any, field: str, precision: Decimal) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str | Fraction):
        raise WrongTypeError((field,), value, tr("is not a score"), tr("a number from 1 to 5"))
    try:
        number = (
            Decimal(value.numerator) / Decimal(value.denominator)
            if isinstance(value, Fraction)
            else Decimal(repr(value))
            if isinstance(value, float)
            else Decimal(value)
        )
    except InvalidOperation:
        raise ValidationError(
            (field,), value, tr("is not a score"), tr("a number from 1 to 5")
        ) from None
    if number.is_nan():
        return None
    if not number.is_finite() or not 1 <= number <= 5:  # noqa: PLR2004 - the 1–5 scale
        raise ValidationError((field,), value, tr("is out of range"), tr("a score from 1 to 5"))
    return quantise(number, precision)


class HealthResult(NamedTuple):
    """A health grade with its inputs; ``weak_dimension`` names what to fix when sub-healthy."""

    health: Health | None
    weak_dimension: Literal["relationship", "service"] | None
    relationship: Decimal | None
    service: Decimal | None
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY

    @property
    def rule(self) -> str:
        """The rule applied."""
        return "HL-2"

    @property
    def reason(self) -> str:
        """One sentence naming the scores and thresholds."""
        if self.health is None:
            return tr("unknown: a score is missing (HL-1, HL-2)")
        p = self.policy
        scores = f"relationship {self.relationship}, service {self.service}"
        if self.health is Health.HEALTHY:
            return tr(
                "healthy: {scores}, both >= {healthy} (HL-2)", scores=scores, healthy=p.healthy
            )
        if self.health is Health.SUB_HEALTHY:
            return tr(
                "sub-healthy: {scores}; {weak_dimension} in [{floor}, {healthy}) while the "
                "other is >= {healthy} (HL-2)",
                scores=scores,
                weak_dimension=self.weak_dimension,
                floor=p.floor,
                healthy=p.healthy,
            )
        return tr(
            "risk: {scores}; not both >= {healthy} and not one >= {healthy} with the other >= "
            "{floor} (HL-2, project ruling: everything else is risk)",
            scores=scores,
            healthy=p.healthy,
            floor=p.floor,
        )


@edge
def grade_health(
    relationship: Decimal | int | float | str | None,
    service: Decimal | int | float | str | None,
    *,
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
    missing: Missing = "reject",
) -> HealthResult:
    """Customer health from the relationship and service scores (RULES HL-1, HL-2).

    Healthy: both ≥ 4. Sub-healthy: one ≥ 4, the other in [3, 4); the weaker is named.
    Anything else is risk (the project's ruling on the manual's gaps), so the grading is total
    and monotone: raising a score never worsens the grade.
    """
    r = _mean_score(relationship, "relationship", policy.precision)
    s = _mean_score(service, "service", policy.precision)
    if r is None or s is None:
        if missing != "unknown":
            field, value = ("relationship", relationship) if r is None else ("service", service)
            raise ValidationError.missing((field,), value, tr("a score, or missing='unknown'"))
        return HealthResult(None, None, r, s, policy)
    high, low = (r, s) if r >= s else (s, r)
    if low >= policy.healthy:
        return HealthResult(Health.HEALTHY, None, r, s, policy)
    if high >= policy.healthy and low >= policy.floor:
        weak: Literal["relationship", "service"] = "relationship" if r < s else "service"
        return HealthResult(Health.SUB_HEALTHY, weak, r, s, policy)
    weakest: Literal["relationship", "service"] = "relationship" if r <= s else "service"
    return HealthResult(Health.RISK, weakest, r, s, policy)


_HEALTH_ORDER = {Health.HEALTHY: 0, Health.SUB_HEALTHY: 1, Health.RISK: 2}


@edge
def health_trend(previous: Health | HealthResult, current: Health | HealthResult) -> Trend:
    """Improved, stable or declined versus the previous quarter (RULES HL-5).

    Examples:
        >>> print(health_trend(Health.RISK, Health.SUB_HEALTHY))
        improved
    """
    before = previous.health if isinstance(previous, HealthResult) else previous
    after = current.health if isinstance(current, HealthResult) else current
    if before is None or after is None:
        raise ValidationError(
            ("health_trend",), (before, after), tr("has an unknown grade"), tr("two health grades")
        )
    delta = _HEALTH_ORDER[after] - _HEALTH_ORDER[before]
    return Trend.IMPROVED if delta < 0 else Trend.DECLINED if delta > 0 else Trend.STABLE


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
