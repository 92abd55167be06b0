"""Quality and health reviews: service-quality assessments (SQ) and health reviews (HL).

Examples:
    >>> from salescare.vocabulary import ServiceDimension
    >>> len(list(ServiceDimension))
    4
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from salescare._checks import (
    aware,
    instance,
    mean_score,
    member,
    non_negative_int,
    not_before,
    optional,
    optional_aware,
    optional_day,
    optional_hours,
    optional_rate,
    plain_text,
    raise_all,
    score,
    text,
    to_decimal,
    to_optional_decimal,
    tuple_of,
)
from salescare._hypothesis_plugin import announce
from salescare._masking import classified
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo, StaffNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _money,
)
from salescare.vocabulary import (
    Assessor,
    CustomerReaction,
    Department,
    Health,
    Role,
    ServiceDimension,
    Trend,
)

__all__ = ["DimensionScore", "HealthReview", "ServiceQualityAssessment"]


@attrs.frozen(kw_only=True)
class DimensionScore:
    """One service-quality dimension scored 1–5 with a supporting example (RULES SQ-1)."""

    dimension: ServiceDimension = attrs.field(validator=member(ServiceDimension))
    score: int = attrs.field(validator=score)
    evidence: str = attrs.field(validator=text)


@attrs.frozen(kw_only=True)
class ServiceQualityAssessment:
    """A service-quality assessment: the four SQ-1 dimensions, by one assessor (SQ-3)."""

    staff: StaffNo = _identifier(validator=instance(StaffNo))
    customer: CustomerNo | CustomerCode | None = _identifier(
        default=None, validator=optional(_customer_id)
    )
    at: datetime = attrs.field(validator=aware)
    assessor: Assessor = attrs.field(validator=member(Assessor))
    scores: tuple[DimensionScore, ...] = attrs.field(validator=tuple_of(DimensionScore))
    # SQ-5: the follow-up assessed (its time; with ``customer`` it names the follow-up)
    follow_up_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        seen = [s.dimension for s in self.scores]
        if sorted(seen) != sorted(ServiceDimension):
            raise_all(
                self,
                [
                    ValidationError(
                        (type(self).__name__, "scores"),
                        tuple(str(d) for d in seen),
                        tr("does not score each dimension exactly once"),
                        tr("one score for each of ") + ", ".join(ServiceDimension),
                        code="rule",
                    )
                ],
            )


@attrs.frozen(kw_only=True)
class HealthReview:
    """A row of the quarterly customer-health table (季度客户健康度跟踪表, 000 §4.4; HL-1…HL-6).

    Rates are fractions (85 % is ``Decimal("0.85")``); scores are 1–5 and may carry decimals.
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    customer_name: str = attrs.field(validator=text)
    year: int = attrs.field(validator=non_negative_int)
    quarter: int = attrs.field(validator=non_negative_int)
    cooperation_months: int = attrs.field(validator=non_negative_int)
    renewal_rate: Decimal | None = classified(
        "public", default=None, converter=to_optional_decimal, validator=optional_rate
    )
    # required in the table, but None is allowed: a redacted copy hides it (CX-2)
    upsell_amount: Decimal | None = _money(default=Decimal(0))
    relationship: Decimal = classified("public", converter=to_decimal, validator=mean_score)
    on_time_rate: Decimal | None = classified(
        "public", default=None, converter=to_optional_decimal, validator=optional_rate
    )
    service: Decimal = classified("public", converter=to_decimal, validator=mean_score)
    first_response_hours: Decimal | None = classified(
        "public", default=None, converter=to_optional_decimal, validator=optional_hours
    )
    health: Health | None = attrs.field(default=None, validator=optional(member(Health)))
    cause: str = attrs.field(default="", validator=plain_text)
    strategy: str = attrs.field(default="", validator=plain_text)
    owners: tuple[StaffNo, ...] = _identifier(default=(), validator=tuple_of(StaffNo))
    # HL-3: the review meeting, and when the retention plan was agreed after it
    reviewed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    plan_agreed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    plan_starts: date | None = attrs.field(default=None, validator=optional_day)
    # HL-6: when the customer's reaction to the plan was collected
    reaction_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    reaction: CustomerReaction | None = attrs.field(
        default=None, validator=optional(member(CustomerReaction))
    )
    reaction_note: str = attrs.field(default="", validator=plain_text)
    trend: Trend | None = attrs.field(default=None, validator=optional(member(Trend)))
    next_action: str = attrs.field(default="", validator=plain_text)
    # HL-8: who reviewed, and for a risk customer what went wrong, whose it is and by when
    participants: tuple[Role, ...] = attrs.field(default=(), validator=tuple_of(Role))
    root_cause: str = attrs.field(default="", validator=plain_text)
    responsible_department: Department | None = attrs.field(
        default=None, validator=optional(member(Department))
    )
    fix_by: date | None = attrs.field(default=None, validator=optional_day)

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                None
                if 1 <= self.quarter <= 4  # noqa: PLR2004 - four quarters
                else ValidationError(
                    (type(self).__name__, "quarter"),
                    self.quarter,
                    tr("is not a quarter"),
                    "1–4",
                    code="out_of_range",
                ),
                not_before(self, "plan_agreed_at", "reviewed_at"),
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
