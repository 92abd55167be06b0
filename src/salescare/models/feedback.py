"""What customers say: feedback (FB-1…FB-7), satisfaction surveys (FB-8), complaints (CP).

Examples:
    >>> from salescare.vocabulary import FeedbackStatus
    >>> FeedbackStatus.COLLECTED.value
    'collected'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from salescare._checks import (
    aware,
    instance,
    member,
    not_before,
    optional,
    optional_aware,
    optional_day,
    optional_flag,
    plain_text,
    raise_all,
    required_when,
    score,
    text,
    tuple_of,
)
from salescare._hypothesis_plugin import announce
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _money,
    _staff,
)
from salescare.models.history import (
    EMPTY_HISTORY,
    EMPTY_PROGRESS,
    History,
    Progress,
    as_history,
    as_progress,
    checked_history,
    checked_progress,
)
from salescare.vocabulary import (
    ComplaintStatus,
    Department,
    Feasibility,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    MeasureKind,
)

__all__ = ["Complaint", "Feedback", "Measure", "SatisfactionSurvey"]


@attrs.frozen(kw_only=True)
class Feedback:
    """A customer feedback item (客户反馈协同处理表, 000 §4.3; RULES FB-1…FB-7).

    A sales-opportunity item must carry a value estimate and a competition-risk flag, and the
    competitor's name when the flag is set (FB-4); other categories need neither. ``due_on``
    is the planned completion date; a progress update may move it, with a reason (FB-6).
    Completing records the lesson learned; not adopting records the reason (FB-7).
    """

    number: FeedbackNo = _identifier(validator=instance(FeedbackNo))
    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    customer_name: str = attrs.field(validator=text)
    type: FeedbackType = attrs.field(validator=member(FeedbackType))
    content: str = attrs.field(validator=text)
    channel: FeedbackChannel = attrs.field(validator=member(FeedbackChannel))
    submitter: str = attrs.field(validator=text)
    collected_at: datetime = attrs.field(validator=aware)
    category: FeedbackCategory | None = attrs.field(
        default=None, validator=optional(member(FeedbackCategory))
    )
    classified_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    value_estimate: Decimal | None = _money()
    value_note: str = attrs.field(default="", validator=plain_text)
    competition_risk: bool | None = attrs.field(default=None, validator=optional_flag)
    competitor: str = attrs.field(default="", validator=plain_text)
    department: Department | None = attrs.field(
        default=None, validator=optional(member(Department))
    )
    owner: StaffNo | None = _identifier(default=None, validator=_staff)
    feasibility: Feasibility | None = attrs.field(
        default=None, validator=optional(member(Feasibility))
    )
    evaluated_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    plan: str = attrs.field(default="", validator=plain_text)
    due_on: date | None = attrs.field(default=None, validator=optional_day)
    progress: Progress = attrs.field(
        default=EMPTY_PROGRESS, converter=as_progress, validator=checked_progress
    )
    status: FeedbackStatus = attrs.field(
        default=FeedbackStatus.COLLECTED, validator=member(FeedbackStatus)
    )
    result_reason: str = attrs.field(default="", validator=plain_text)
    lesson: str = attrs.field(default="", validator=plain_text)
    completed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    remarks: str = attrs.field(default="", validator=plain_text)
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        opportunity = self.category is FeedbackCategory.SALES_OPPORTUNITY
        raise_all(
            self,
            [
                required_when(self, "competition_risk", tr("a sales-opportunity item (FB-4)"))
                if opportunity
                else None,
                required_when(self, "competitor", tr("competition risk is flagged (FB-4)"))
                if self.competition_risk and not self.competitor.strip()
                else None,
                required_when(self, "lesson", tr("a completed item records its lesson (FB-7)"))
                if self.status is FeedbackStatus.COMPLETED and not self.lesson.strip()
                else None,
                required_when(self, "result_reason", tr("an item not adopted (FB-7)"))
                if self.status is FeedbackStatus.NOT_ADOPTED and not self.result_reason.strip()
                else None,
                not_before(self, "classified_at", "collected_at"),
                not_before(self, "evaluated_at", "classified_at"),
                not_before(self, "completed_at", "collected_at"),
            ],
        )

    @property
    def planned_on(self) -> date | None:
        """The planned completion date in force: the last one a progress update set, if any."""
        moved = [u for u in sorted(self.progress, key=lambda u: u.at) if u.new_due_on]
        return moved[-1].new_due_on if moved else self.due_on


@attrs.frozen(kw_only=True)
class SatisfactionSurvey:
    """A satisfaction survey after resolution (客户满意度调研表, RULES FB-8): three 1–5 scores."""

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    ticket: TicketNo | None = _identifier(default=None, validator=optional(instance(TicketNo)))
    at: datetime = attrs.field(validator=aware)
    response_speed: int = attrs.field(validator=score)
    resolution_effect: int = attrs.field(validator=score)
    service_attitude: int = attrs.field(validator=score)
    comment: str = attrs.field(default="", validator=plain_text)


@attrs.frozen(kw_only=True)
class Measure:
    """A complaint measure: apology, compensation or improvement, owner and deadline (CP-3)."""

    kind: MeasureKind = attrs.field(validator=member(MeasureKind))
    description: str = attrs.field(validator=text)
    owner: StaffNo = _identifier(validator=instance(StaffNo))
    deadline: datetime = attrs.field(validator=aware)
    done_at: datetime | None = attrs.field(default=None, validator=optional_aware)


@attrs.frozen(kw_only=True)
class Complaint:
    """A customer complaint (投诉, RULES CP-1…CP-4, CP-6).

    A revisited complaint is one whose customer was found satisfied (CP-6): until then it is
    handled again.
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    received_at: datetime = attrs.field(validator=aware)
    category: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    status: ComplaintStatus = attrs.field(
        default=ComplaintStatus.RECEIVED, validator=member(ComplaintStatus)
    )
    acknowledged_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    cause: str = attrs.field(default="", validator=plain_text)
    responsible_party: str = attrs.field(default="", validator=plain_text)
    measures: tuple[Measure, ...] = attrs.field(default=(), validator=tuple_of(Measure))
    resolved_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    revisited_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    satisfied: bool | None = attrs.field(default=None, validator=optional_flag)
    prevention: str = attrs.field(default="", validator=plain_text)
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        ended_unsatisfied = self.status is ComplaintStatus.REVISITED and self.satisfied is not True
        raise_all(
            self,
            [
                not_before(self, "acknowledged_at", "received_at"),
                not_before(self, "resolved_at", "received_at"),
                not_before(self, "revisited_at", "resolved_at"),
                ValidationError(
                    (type(self).__name__, "satisfied"),
                    self.satisfied,
                    tr("is not True: only a satisfied revisit ends a complaint (CP-6)"),
                    tr("satisfied=True for a revisited complaint; otherwise it is handled again"),
                    code="rule",
                )
                if ended_unsatisfied
                else None,
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
