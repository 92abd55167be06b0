"""After-sales tickets (TK-1…TK-10) and cross-department support requests (CX-3).

Examples:
    >>> from salescare.vocabulary import TicketStatus
    >>> TicketStatus.PENDING.value
    'pending'
"""

from __future__ import annotations

from datetime import datetime

import attrs

from salescare._checks import (
    TimeOrder,
    aware,
    flag,
    instance,
    member,
    optional,
    optional_aware,
    optional_score,
    out_of_order,
    plain_text,
    precedes,
    raise_all,
    required_when,
    text,
    tuple_of,
)
from salescare._hypothesis_plugin import announce
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo, StaffNo, TicketNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _staff,
)
from salescare.models.common import Contact, Pause
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
    Department,
    JointTrigger,
    Level,
    TicketStatus,
)

__all__ = ["SupportRequest", "Ticket"]


_TICKET_ORDER = TimeOrder(
    *(
        (name, "submitted_at")
        for name in (
            "triaged_at",
            "assigned_at",
            "first_response_at",
            "joint_triggered_at",
            "joint_meeting_at",
            "resolved_at",
            "low_rating_at",
            "reopened_at",
        )
    ),
    ("assigned_at", "triaged_at"),
    ("joint_meeting_at", "joint_triggered_at"),
    ("satisfaction_at", "resolved_at"),
    ("resolved_at", "reopened_at"),  # TK-15: the first resolution is kept in the history
    ("synced_to_sales_at", "resolved_at"),
    ("sales_contacted_at", "synced_to_sales_at"),
)


@attrs.frozen(kw_only=True)
class Ticket:
    """An after-sales ticket (售后问题处理跟踪表, 000 §4.2; RULES TK-1…TK-10).

    ``level`` is ``None`` until triage. Closing needs a resolution result and time; postponing
    needs a reason and a new expected resolution time (TK-7); joint handling needs a trigger and a
    sales co-handler (TK-5); satisfaction (1–5) comes only after resolution (TK-8).
    """

    number: TicketNo = _identifier(validator=instance(TicketNo))
    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    customer_name: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    submitted_at: datetime = attrs.field(validator=aware)
    contact: Contact | None = attrs.field(default=None, validator=optional(instance(Contact)))
    level: Level | None = attrs.field(default=None, validator=optional(member(Level)))
    triaged_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    assignee: StaffNo | None = _identifier(default=None, validator=_staff)
    assigned_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    urgent: bool = attrs.field(default=False, validator=flag)
    sales_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    sales_promise: bool = attrs.field(default=False, validator=flag)
    joint_handling: bool = attrs.field(default=False, validator=flag)
    joint_triggers: tuple[JointTrigger, ...] = attrs.field(
        default=(), validator=tuple_of(JointTrigger)
    )
    joint_triggered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    joint_meeting_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    first_response_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    progress: Progress = attrs.field(
        default=EMPTY_PROGRESS, converter=as_progress, validator=checked_progress
    )
    expected_resolution_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    postpone_reason: str = attrs.field(default="", validator=plain_text)
    status: TicketStatus = attrs.field(default=TicketStatus.PENDING, validator=member(TicketStatus))
    resolution: str = attrs.field(default="", validator=plain_text)
    resolved_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    satisfaction: int | None = attrs.field(default=None, validator=optional_score)
    satisfaction_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    # TK-15: the latest low rating (kept when the ticket is reopened), its appeasement by the
    # sales owner, and the reopening that starts a new resolution clock
    low_rating_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    appeased_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    reopened_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    sales_suggestion: str = attrs.field(default="", validator=plain_text)
    synced_to_sales_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    sales_contacted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    pauses: tuple[Pause, ...] = attrs.field(default=(), validator=tuple_of(Pause))
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        closed = self.status is TicketStatus.CLOSED
        postponed = self.status is TicketStatus.POSTPONED
        problems: list[ValidationError | None] = list(out_of_order(self, _TICKET_ORDER))
        # updates already checked against this submission time (an earlier record of the
        # same ticket) are not checked again: a ticket's N updates cost O(N) in all
        progress, submitted = self.progress, self.submitted_at
        late = [
            ValidationError(
                (type(self).__name__, "progress", index, "at"),
                progress[index].at,
                tr(
                    "is before submitted_at ({submitted_at})",
                    submitted_at=self.submitted_at.isoformat(),
                ),
                tr("a time on or after submitted_at"),
                code="out_of_order",
            )
            for index in range(progress.checked("after submitted", submitted), len(progress))
            if precedes(progress[index].at, submitted)
        ]
        if not late:
            progress.passed("after submitted", len(progress), submitted)
        problems += late
        # each required_when runs only when its field looks empty (every ticket built runs this)
        problems += [
            required_when(self, "satisfaction", tr("a collection time needs the score (TK-8)"))
            if self.satisfaction_at is not None and self.satisfaction is None
            else None,
            required_when(
                self, "resolution", tr("a closed ticket needs a resolution result (TK-7)")
            )
            if closed and not self.resolution.strip()
            else None,
            required_when(self, "resolved_at", tr("a closed ticket (TK-7)"))
            if closed and self.resolved_at is None
            else None,
            required_when(self, "postpone_reason", tr("a postponed ticket (TK-7)"))
            if postponed and not self.postpone_reason.strip()
            else None,
            required_when(
                self, "expected_resolution_at", tr("a postponed ticket needs its new time (TK-7)")
            )
            if postponed and self.expected_resolution_at is None
            else None,
            required_when(self, "resolved_at", tr("satisfaction is collected after resolution"))
            if self.satisfaction is not None and self.resolved_at is None
            else None,
            required_when(self, "joint_triggers", tr("joint handling needs its trigger (TK-5)"))
            if self.joint_handling and not self.joint_triggers
            else None,
            required_when(self, "sales_owner", tr("joint handling needs a sales co-handler (TK-5)"))
            if self.joint_handling and self.sales_owner is None
            else None,
        ]
        raise_all(self, problems)


_REQUEST_ORDER = TimeOrder(("needed_by", "filed_at"), ("answered_at", "filed_at"))


@attrs.frozen(kw_only=True)
class SupportRequest:
    """A cross-department support request (需求支持申请, 002 §4; RULES CX-3).

    Filed by sales with the need's background, the expected completion time and a contact,
    at least one working day ahead; the other department answers within 24 hours
    (:func:`~salescare.completeness.support_request_gaps` checks both).
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    requested_by: StaffNo = _identifier(validator=instance(StaffNo))
    department: Department = attrs.field(validator=member(Department))
    background: str = attrs.field(validator=text)
    contact: str = attrs.field(validator=text)
    filed_at: datetime = attrs.field(validator=aware)
    needed_by: datetime = attrs.field(validator=aware)
    answered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    answer: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                *out_of_order(self, _REQUEST_ORDER),
                required_when(self, "answer", tr("an answered request says what was answered"))
                if self.answered_at is not None and not self.answer.strip()
                else None,
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
