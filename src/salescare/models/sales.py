"""The sales side: follow-ups (FU), revisits (RV), needs analyses, deal reviews, opportunities.

Examples:
    >>> from salescare.vocabulary import OpportunityStage
    >>> OpportunityStage.GRADED.value
    'graded'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from salescare._checks import (
    aware,
    flag,
    instance,
    member,
    non_negative_int,
    not_before,
    optional,
    optional_aware,
    optional_day,
    optional_non_negative_int,
    optional_score,
    plain_text,
    raise_all,
    required_when,
    text,
    tuple_of,
)
from salescare._hypothesis_plugin import announce
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import ContractNo, CustomerCode, CustomerNo, StaffNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _money,
    _staff,
)
from salescare.models.common import Contact, Promise
from salescare.models.history import EMPTY_HISTORY, History, as_history, checked_history
from salescare.vocabulary import (
    ContactMode,
    CustomerKind,
    DealOutcome,
    LossReason,
    Mood,
    ObjectionKind,
    OpportunityStage,
    Priority,
    RevisitOutcome,
    ServiceTier,
    SuccessFactor,
)

__all__ = [
    "DealReview",
    "FollowUp",
    "NeedsAnalysis",
    "Objection",
    "Opportunity",
    "PlannedFollowUp",
    "Revisit",
]


@attrs.frozen(kw_only=True)
class FollowUp:
    """One follow-up contact with a customer (跟进记录, RULES FU-6, FU-10).

    ``deep`` marks an in-depth conversation (深度沟通) as the A-grade cadence counts them (GR-6).
    ``customer_kind`` says whether the customer is new, existing or complaining, and then the
    follow-up states its ``goal`` (FU-10: needs; satisfaction and new needs; the resolution's
    effect, calming first).
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    at: datetime = attrs.field(validator=aware)
    by: StaffNo = _identifier(validator=instance(StaffNo))
    mode: ContactMode = attrs.field(validator=member(ContactMode))
    duration_minutes: int = attrs.field(validator=non_negative_int)
    participants: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    summary: str = attrs.field(validator=text)
    customer_feedback: str = attrs.field(default="", validator=plain_text)
    promises: str = attrs.field(default="", validator=plain_text)
    # FU-9: each promise with its owner and deadline, tracked until kept
    commitments: tuple[Promise, ...] = attrs.field(default=(), validator=tuple_of(Promise))
    mood: Mood | None = attrs.field(default=None, validator=optional(member(Mood)))
    next_action: str = attrs.field(default="", validator=plain_text)
    next_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    next_date: date | None = attrs.field(default=None, validator=optional_day)
    deep: bool = attrs.field(default=False, validator=flag)
    customer_kind: CustomerKind | None = attrs.field(
        default=None, validator=optional(member(CustomerKind))
    )
    goal: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        has_next = bool(self.next_action.strip())
        raise_all(
            self,
            [
                required_when(self, "next_owner", tr("a next action needs an owner (FU-6)"))
                if has_next
                else None,
                required_when(self, "next_date", tr("a next action needs a date (FU-6)"))
                if has_next
                else None,
                required_when(
                    self,
                    "goal",
                    tr(
                        "a follow-up with a {customer_kind} customer (FU-10)",
                        customer_kind=self.customer_kind,
                    ),
                )
                if self.customer_kind is not None and not self.goal.strip()
                else None,
            ],
        )


@attrs.frozen(kw_only=True)
class PlannedFollowUp:
    """A line of the follow-up plan (客户跟进计划, RULES FU-8): when, how, what for, whose.

    Planned at ``made_at`` for ``planned_at``; the first follow-up of the customer from
    ``made_at`` on carries it out (the agenda tracks it to ``planned_at``). The sales supervisor
    checks the plan weekly (``checked_by``/``checked_at``; the FU-8 duty on the agenda).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> PlannedFollowUp(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     made_at=datetime(2024, 5, 13, 9, tzinfo=timezone.utc),
        ...     planned_at=datetime(2024, 5, 16, 9, tzinfo=timezone.utc),
        ...     mode=ContactMode.VISIT,
        ...     focus="renewal terms",
        ...     goal="renewal signed",
        ...     owner=StaffNo.parse("S0123"),
        ... ).checked_at is None
        True
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    made_at: datetime = attrs.field(validator=aware)
    planned_at: datetime = attrs.field(validator=aware)
    mode: ContactMode = attrs.field(validator=member(ContactMode))
    focus: str = attrs.field(validator=text)
    goal: str = attrs.field(validator=text)
    owner: StaffNo = _identifier(validator=instance(StaffNo))
    checked_by: StaffNo | None = _identifier(default=None, validator=_staff)
    checked_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                not_before(self, "planned_at", "made_at"),
                not_before(self, "checked_at", "made_at"),
                required_when(self, "checked_by", tr("a checked plan names its checker (FU-8)"))
                if self.checked_at is not None and self.checked_by is None
                else None,
            ],
        )


@attrs.frozen(kw_only=True)
class Revisit:
    """A revisit worksheet row (回访记录表, 001 §3; RULES RV-5, RV-6)."""

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    customer_name: str = attrs.field(validator=text)
    contact: Contact | None = attrs.field(default=None, validator=optional(instance(Contact)))
    industry: str = attrs.field(default="", validator=plain_text)
    tier: ServiceTier = attrs.field(default=ServiceTier.NORMAL, validator=member(ServiceTier))
    last_deal_on: date | None = attrs.field(default=None, validator=optional_day)
    past_projects: str = attrs.field(default="", validator=plain_text)
    at: datetime = attrs.field(validator=aware)
    mode: ContactMode = attrs.field(validator=member(ContactMode))
    visitor: StaffNo = _identifier(validator=instance(StaffNo))
    duration_minutes: int | None = attrs.field(default=None, validator=optional_non_negative_int)
    summary: str = attrs.field(validator=text)
    satisfaction: int | None = attrs.field(default=None, validator=optional_score)
    suggestion: str = attrs.field(default="", validator=plain_text)
    need: str = attrs.field(default="", validator=plain_text)
    open_problems: str = attrs.field(default="", validator=plain_text)
    outcome: RevisitOutcome | None = attrs.field(
        default=None, validator=optional(member(RevisitOutcome))
    )
    plan_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    plan_due: date | None = attrs.field(default=None, validator=optional_day)
    plan_content: str = attrs.field(default="", validator=plain_text)
    next_revisit_on: date | None = attrs.field(default=None, validator=optional_day)
    remarks: str = attrs.field(default="", validator=plain_text)
    # RV-8/RV-10: the closing promise and each open problem's owner and deadline
    commitments: tuple[Promise, ...] = attrs.field(default=(), validator=tuple_of(Promise))
    # RV-5, problem customers: the response, the solution, and the revisit after the fix
    responded_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    solved_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    revisited_after_fix_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                not_before(self, "responded_at", "at"),
                not_before(self, "solved_at", "at"),
                not_before(self, "revisited_after_fix_at", "solved_at"),
            ],
        )


@attrs.frozen(kw_only=True)
class NeedsAnalysis:
    """A SPIN needs analysis (需求分析, RULES FU-7).

    The four SPIN question groups (situation, problem, implication, need-payoff) record what was
    learnt; implicit needs come from them, explicit needs from the customer's own words.
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    at: datetime = attrs.field(validator=aware)
    by: StaffNo = _identifier(validator=instance(StaffNo))
    explicit_needs: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    situation: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    problem: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    implication: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    need_payoff: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    implicit_needs: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    priority: Priority = attrs.field(validator=member(Priority))
    solution: str = attrs.field(validator=text)

    def __attrs_post_init__(self) -> None:
        if not self.explicit_needs and not self.implicit_needs:
            raise_all(
                self,
                [required_when(self, "explicit_needs", tr("an analysis names at least one need"))],
            )


@attrs.frozen(kw_only=True)
class DealReview:
    """A review after a deal is won or lost (复盘, RULES DL-4, DL-5).

    DL-5: it records the deal's amount, its cycle (days from the first contact to the close)
    and the sales supervisor's comment; the supervisor approves it by closing the opportunity
    (``approved_by``/``approved_at`` are stamped then).
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    opportunity: str = attrs.field(validator=text)
    outcome: DealOutcome = attrs.field(validator=member(DealOutcome))
    at: datetime = attrs.field(validator=aware)
    by: StaffNo = _identifier(validator=instance(StaffNo))
    success_factors: tuple[SuccessFactor, ...] = attrs.field(
        default=(), validator=tuple_of(SuccessFactor)
    )
    loss_reasons: tuple[LossReason, ...] = attrs.field(default=(), validator=tuple_of(LossReason))
    improvements: str = attrs.field(default="", validator=plain_text)
    amount: Decimal | None = _money()
    cycle_days: int | None = attrs.field(default=None, validator=optional_non_negative_int)
    supervisor_comment: str = attrs.field(default="", validator=plain_text)
    approved_by: StaffNo | None = _identifier(default=None, validator=_staff)
    approved_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        won = self.outcome is DealOutcome.WON
        raise_all(
            self,
            [
                required_when(self, "success_factors", tr("a won deal names why (DL-4)"))
                if won
                else required_when(self, "loss_reasons", tr("a lost deal names why (DL-4)")),
                ValidationError(
                    (type(self).__name__, "loss_reasons"),
                    self.loss_reasons,
                    tr("is set on a won deal"),
                    tr("no loss reasons when the outcome is won"),
                    code="rule",
                )
                if won and self.loss_reasons
                else None,
                not_before(self, "approved_at", "at"),
            ],
        )


@attrs.frozen(kw_only=True)
class Objection:
    """A customer's objection during the sale (客户异议, RULES DL-2, DL-7).

    The rep answers within the DL-2 target from ``raised_at``. An objection beyond the rep's
    authority (``needs_approval``, e.g. a price concession) is escalated to the sales supervisor
    (``escalated_at``) and answered only with the supervisor named in ``approved_by`` (DL-7);
    escalating does not stop the DL-2 clock.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> Objection(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     kind=ObjectionKind.PRICE,
        ...     content="10 % over budget",
        ...     raised_at=datetime(2024, 5, 15, 10, tzinfo=timezone.utc),
        ...     owner=StaffNo.parse("S0001"),
        ...     needs_approval=True,
        ...     answered_at=datetime(2024, 5, 15, 16, tzinfo=timezone.utc),
        ...     answer="5 % off for a two-year term",
        ... )
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: Objection.approved_by: None is missing: an answer \
beyond the rep's authority names the approving supervisor (DL-7); expected a value
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    opportunity: str = attrs.field(default="", validator=plain_text)
    kind: ObjectionKind = attrs.field(validator=member(ObjectionKind))
    content: str = attrs.field(validator=text)
    raised_at: datetime = attrs.field(validator=aware)
    owner: StaffNo = _identifier(validator=instance(StaffNo))
    needs_approval: bool = attrs.field(default=False, validator=flag)
    escalated_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    approved_by: StaffNo | None = _identifier(default=None, validator=_staff)
    answered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    answer: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        answered = self.answered_at is not None
        raise_all(
            self,
            [
                required_when(self, "answer", tr("an answered objection (DL-2)"))
                if answered and not self.answer.strip()
                else None,
                required_when(
                    self,
                    "approved_by",
                    tr(
                        "an answer beyond the rep's authority names the approving supervisor (DL-7)"
                    ),
                )
                if answered and self.needs_approval and self.approved_by is None
                else None,
                required_when(
                    self, "escalated_at", tr("an objection needing approval is escalated (DL-7)")
                )
                if self.approved_by is not None and self.escalated_at is None
                else None,
                not_before(self, "escalated_at", "raised_at"),
                not_before(self, "answered_at", "raised_at"),
            ],
        )


@attrs.frozen(kw_only=True)
class Opportunity:
    """A sales opportunity from grading to the deal review (002 steps 3–7; RULES DL, DV).

    The stage moves through the OPPORTUNITY workflow; each step's evidence is kept: the
    supervisor who reviewed the proposal (DL-1), the legal reviewer of the contract (DL-3), the
    delivery plan (DV-1), the signed acceptance (DV-2) and the deal review (DL-4).
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    title: str = attrs.field(validator=text)
    owner: StaffNo = _identifier(validator=instance(StaffNo))
    stage: OpportunityStage = attrs.field(
        default=OpportunityStage.GRADED, validator=member(OpportunityStage)
    )
    amount: Decimal | None = _money()
    proposal_reviewed_by: StaffNo | None = _identifier(default=None, validator=_staff)
    contract_number: ContractNo | None = _identifier(
        default=None, validator=optional(instance(ContractNo))
    )
    legal_reviewed_by: StaffNo | None = _identifier(default=None, validator=_staff)
    expected_payment_on: date | None = attrs.field(default=None, validator=optional_day)
    signed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    delivery_plan: str = attrs.field(default="", validator=plain_text)
    delivered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    # DV-5: the shipping notice the customer is sent
    shipped_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    expected_arrival_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    tracking_number: str = attrs.field(default="", validator=plain_text)
    accepted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    # DV-4: the latest usage-effect report; the next is due six months after it (or delivery)
    effect_reported_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    loss_reasons: tuple[LossReason, ...] = attrs.field(default=(), validator=tuple_of(LossReason))
    lost_at_stage: OpportunityStage | None = attrs.field(
        default=None, validator=optional(member(OpportunityStage))
    )
    review: DealReview | None = attrs.field(default=None, validator=optional(instance(DealReview)))
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                required_when(self, "loss_reasons", tr("a lost opportunity names why (DL-4)"))
                if self.stage is OpportunityStage.LOST
                else None,
                not_before(self, "delivered_at", "signed_at"),
                not_before(self, "shipped_at", "delivered_at"),
                not_before(self, "expected_arrival_at", "shipped_at"),
                not_before(self, "accepted_at", "delivered_at"),
                not_before(self, "effect_reported_at", "delivered_at"),
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
