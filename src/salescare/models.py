"""Immutable records of the manuals' forms and tables, and the enums they use.

Every record is a frozen, slotted attrs class with keyword-only fields. A change is
``attrs.evolve(record, field=value)``, which validates again; nothing is mutated in place, so a
rejected change leaves the original record exactly as it was.

Fields hold canonical types: enums (read text with ``Level.parse``), identifiers (``TicketNo``),
``Decimal`` money (an ``int``, a numeric ``str`` or a ``float`` is converted; a ``float`` through
its shortest repr), timezone-aware datetimes. To read records from dicts or JSON, with every bad
field reported at once, use :mod:`salescare.serialize`.

Examples:
    >>> from datetime import datetime, timezone
    >>> from salescare.ids import TicketNo, CustomerNo
    >>> t = Ticket(
    ...     number=TicketNo.parse("FW20240515001"),
    ...     customer=CustomerNo.parse("CUS20240515001"),
    ...     customer_name="Hangzhou Lake Tech",
    ...     description="Report export shows wrong totals in the monthly finance view",
    ...     submitted_at=datetime(2024, 5, 15, 9, 15, tzinfo=timezone.utc),
    ...     level=Level.L2,
    ... )
    >>> t.status
    <TicketStatus.PENDING: 'pending'>
    >>> import attrs
    >>> attrs.evolve(t, satisfaction=6)
    Traceback (most recent call last):
    ...
    salescare.errors.ValidationError: Ticket.satisfaction: 6 is out of range; expected a score 1–5

    Sensitive values never show in ``repr``:

    >>> Contact(name="Zhao Liu", phone="13812345678", email="zhao.liu@example.com")
    Contact(name='Zhao Liu', title='', phone='138****5678', email='z****@example.com', \
is_primary=False, is_decision_maker=False)
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from salescare._checks import (
    aware,
    day,
    flag,
    instance,
    mean_score,
    member,
    non_negative_int,
    not_before,
    optional,
    optional_aware,
    optional_day,
    optional_flag,
    optional_hours,
    optional_money,
    optional_non_negative_int,
    optional_rate,
    optional_score,
    out_of_order,
    plain_text,
    precedes,
    raise_all,
    required_when,
    score,
    text,
    to_decimal,
    to_optional_decimal,
    tuple_of,
    where,
)
from salescare._edge import edge
from salescare._masking import HIDDEN, classified, mask, sensitivity
from salescare.errors import ValidationError
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.vocabulary import (
    Assessor,
    CompanySize,
    ComplaintStatus,
    ContactMode,
    CustomerReaction,
    DealOutcome,
    Department,
    DepartureStatus,
    Feasibility,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    Grade,
    HandoverStatus,
    Health,
    JointTrigger,
    LeadSource,
    Level,
    LossReason,
    MeasureKind,
    Mood,
    OpportunityStage,
    Priority,
    RegistrationStatus,
    ReviewDecision,
    RevisitOutcome,
    Role,
    ServiceDimension,
    ServiceTier,
    SuccessFactor,
    TicketStatus,
    Trend,
)

__all__ = [
    "RECORD_TYPES",
    "Actor",
    "Assessor",
    "Attachment",
    "CompanySize",
    "Complaint",
    "ComplaintStatus",
    "Contact",
    "ContactMode",
    "Customer",
    "CustomerReaction",
    "DealOutcome",
    "DealReview",
    "Department",
    "Departure",
    "DepartureItem",
    "DepartureStatus",
    "DimensionScore",
    "Feasibility",
    "Feedback",
    "FeedbackCategory",
    "FeedbackChannel",
    "FeedbackStatus",
    "FeedbackType",
    "FollowUp",
    "Grade",
    "Handover",
    "HandoverStatus",
    "Health",
    "HealthReview",
    "HistoryEntry",
    "JointTrigger",
    "Lead",
    "LeadSource",
    "Level",
    "LossReason",
    "Measure",
    "MeasureKind",
    "Mood",
    "NeedsAnalysis",
    "Opportunity",
    "OpportunityStage",
    "Pause",
    "Priority",
    "ProgressUpdate",
    "Registration",
    "RegistrationStatus",
    "ReviewDecision",
    "Revisit",
    "RevisitOutcome",
    "Role",
    "SatisfactionSurvey",
    "ServiceDimension",
    "ServiceQualityAssessment",
    "ServiceTier",
    "SpecialAgreement",
    "SuccessFactor",
    "SupportRequest",
    "Ticket",
    "TicketStatus",
    "Trend",
    "mask_details",
    "sensitive_names",
]

_PHONE = re.compile(r"\+?[\d\s\-()]+")
# what salescare._masking.mask_phone leaves: a redacted number is still a valid value (CX-2)
_MASKED_PHONE = re.compile(r"[\d\s\-()+]{0,3}\*{4}[\d\s\-()]{0,4}")
_PHONE_DIGITS = range(5, 16)  # a short internal extension up to an E.164 number
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

_customer_id = instance(CustomerNo, CustomerCode)
_staff = optional(instance(StaffNo))


def _identifier(**field: Any) -> Any:
    """A field holding a staff, customer or document number (shown, but classified: CX-2)."""
    return classified("identifier", **field)


def _money(*, default: Decimal | None = None) -> Any:
    """An optional amount of yuan: hidden in ``repr``, errors and redacted copies (CX-2)."""
    return classified(
        "money", default=default, converter=to_optional_decimal, validator=optional_money
    )


def _repr_details(details: tuple[tuple[str, str], ...]) -> str:
    """A history entry's details with sensitive values masked (by their field's class)."""
    return repr(mask_details(details))


@edge
def mask_details(
    details: tuple[tuple[str, str], ...],
    owner: type | None = None,
    hide: frozenset[str] = HIDDEN,
) -> tuple[tuple[str, str], ...]:
    """History details with the values of sensitive fields masked (RULES CX-2).

    A detail is the value an event set on a field of ``owner`` (the record the history
    belongs to); without an owner, a name any record classifies as sensitive is masked.
    ``hide`` narrows the classes masked (``redact`` hides only what the viewer may not see).

    Examples:
        >>> mask_details((("amount", "500000"), ("stage", "signed")), Opportunity)
        (('amount', '****'), ('stage', 'signed'))
    """
    kinds = sensitive_names(owner)
    return tuple(
        (name, str(mask(kinds[name], text))) if kinds.get(name) in hide else (name, text)
        for name, text in details
    )


def _phone(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None or (isinstance(value, str) and _MASKED_PHONE.fullmatch(value)):
        return
    digits = sum(map(str.isdigit, value)) if isinstance(value, str) else 0
    if not isinstance(value, str) or not _PHONE.fullmatch(value) or digits not in _PHONE_DIGITS:
        raise ValidationError(
            where(instance_, attribute),
            value,
            "is not a phone number",
            "5–15 digits, optionally with +, spaces, hyphens or brackets",
        )


def _email(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _EMAIL.fullmatch(value)):
        raise ValidationError(
            where(instance_, attribute), value, "is not an e-mail address", "name@domain.tld"
        )


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One line of a record's append-only history: when, who, what, and a note.

    Examples:
        >>> from datetime import datetime, timezone
        >>> HistoryEntry(
        ...     at=datetime(2024, 5, 15, 9, 30, tzinfo=timezone.utc), actor="A0045", event="assign"
        ... ).event
        'assign'
    """

    at: datetime = attrs.field(validator=aware)
    actor: str = _identifier(validator=text)
    event: str = attrs.field(validator=text)
    note: str = attrs.field(default="", validator=plain_text)
    details: tuple[tuple[str, str], ...] = attrs.field(
        default=(), validator=tuple_of(tuple), repr=_repr_details
    )


_history = attrs.field(default=(), validator=tuple_of(HistoryEntry))


@attrs.frozen(kw_only=True)
class Actor:
    """Someone acting on a record: an identifier (a staff number or user name), a role, a team.

    Workflows check the role (RULES CO-4 splits who may do what); access rules use the team.

    Examples:
        >>> Actor(id="A0045", role=Role.SENIOR_ENGINEER).role
        <Role.SENIOR_ENGINEER: 'senior_engineer'>
    """

    id: str = _identifier(validator=text)
    role: Role = attrs.field(validator=member(Role))
    team: str = attrs.field(default="", validator=plain_text)


@attrs.frozen(kw_only=True)
class Contact:
    """A person at the customer (客户联系人): name, title, phone or e-mail, roles.

    RULES HO-6 asks handovers to mark the primary contact (主要对接人) and the decision maker
    (决策人); LD-2 asks for a phone **or** an e-mail. Phone and e-mail are masked in ``repr``.

    Examples:
        >>> Contact(name="Zhao Liu", title="Purchasing manager")
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: Contact.phone: None is missing: a contact needs a phone \
or an e-mail (LD-2); expected a value
    """

    name: str = attrs.field(validator=text)
    title: str = attrs.field(default="", validator=plain_text)
    phone: str | None = classified("phone", default=None, validator=_phone)
    email: str | None = classified("email", default=None, validator=_email)
    is_primary: bool = attrs.field(default=False, validator=flag)
    is_decision_maker: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
        if self.phone is None and self.email is None:
            raise_all(
                self, [required_when(self, "phone", "a contact needs a phone or an e-mail (LD-2)")]
            )


@attrs.frozen(kw_only=True)
class Customer:
    """A customer file (客户档案).

    Identified by a customer number (``CUS…``) or a customer code (``HZ-IT-2024-001``), both
    supported (RULES LD-6). ``budget`` is sensitive (CX-2) and masked in ``repr``.
    ``paused`` marks a customer who said "not needed for now" (FU-4); it needs a remark.
    """

    number: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    name: str = attrs.field(validator=text)
    industry: str = attrs.field(validator=text)
    size: CompanySize = attrs.field(validator=member(CompanySize))
    region: str = attrs.field(default="", validator=plain_text)
    team: str = attrs.field(default="", validator=plain_text)
    sales_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    after_sales_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    cooperation_since: date | None = attrs.field(default=None, validator=optional_day)
    grade: Grade | None = attrs.field(default=None, validator=optional(member(Grade)))
    tier: ServiceTier = attrs.field(default=ServiceTier.NORMAL, validator=member(ServiceTier))
    annual_purchases: Decimal | None = _money()
    potential: int | None = attrs.field(default=None, validator=optional_score)
    budget: Decimal | None = _money()
    main_business: str = attrs.field(default="", validator=plain_text)
    contacts: tuple[Contact, ...] = attrs.field(default=(), validator=tuple_of(Contact))
    paused: bool = attrs.field(default=False, validator=flag)
    pause_remark: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        if self.paused and not self.pause_remark.strip():
            raise_all(self, [required_when(self, "pause_remark", "a paused customer (FU-4)")])


@attrs.frozen(kw_only=True)
class Lead:
    """A sales lead as collected (线索, RULES LD-1, LD-2): every field of the lead form."""

    company: str = attrs.field(validator=text)
    industry: str = attrs.field(validator=text)
    size: CompanySize = attrs.field(validator=member(CompanySize))
    staff_count: int | None = attrs.field(default=None, validator=optional_non_negative_int)
    annual_revenue: Decimal | None = _money()
    main_business: str = attrs.field(validator=text)
    contact: Contact = attrs.field(validator=instance(Contact))
    initial_need: str = attrs.field(validator=text)
    acquired_at: datetime = attrs.field(validator=aware)
    source: LeadSource = attrs.field(validator=member(LeadSource))

    def __attrs_post_init__(self) -> None:
        if not self.contact.title.strip():
            raise_all(self, [required_when(self.contact, "title", "a lead's contact (LD-2)")])


@attrs.frozen(kw_only=True)
class Registration:
    """A lead on its way to a customer file (建档, RULES LD-3…LD-6, CX-1).

    ``reason`` holds why a lead was dropped in screening (LD-3) or why the review rejected it
    (LD-4); a customer code is required once the registration is entered in the CRM (LD-5, LD-6).
    """

    lead: Lead = attrs.field(validator=instance(Lead))
    status: RegistrationStatus = attrs.field(
        default=RegistrationStatus.LEAD, validator=member(RegistrationStatus)
    )
    submitted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    reviewer: StaffNo | None = _identifier(default=None, validator=_staff)
    reviewed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    decision: ReviewDecision | None = attrs.field(
        default=None, validator=optional(member(ReviewDecision))
    )
    reason: str = attrs.field(default="", validator=plain_text)
    customer_code: CustomerCode | None = _identifier(
        default=None, validator=optional(instance(CustomerCode))
    )
    entered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        needs_reason = self.status is RegistrationStatus.DROPPED or (
            self.decision is ReviewDecision.REJECT
        )
        entered = self.status is RegistrationStatus.ENTERED
        raise_all(
            self,
            [
                required_when(self, "reason", "a dropped or rejected lead keeps its reason")
                if needs_reason and not self.reason.strip()
                else None,
                required_when(self, "customer_code", "an entered registration (LD-6)")
                if entered
                else None,
                required_when(self, "entered_at", "an entered registration (LD-5)")
                if entered
                else None,
                _not_before_value(self, "submitted_at", self.lead.acquired_at, "lead.acquired_at"),
                not_before(self, "reviewed_at", "submitted_at"),
                not_before(self, "entered_at", "reviewed_at"),
            ],
        )


def _not_before_value(
    record: Any, name: str, earliest: datetime, label: str
) -> ValidationError | None:
    value = getattr(record, name)
    if value is None or not precedes(value, earliest):
        return None
    return ValidationError(
        (type(record).__name__, name),
        value,
        f"is before {label} ({earliest.isoformat()})",
        f"a time on or after {label}",
    )


@attrs.frozen(kw_only=True)
class SpecialAgreement:
    """A special agreement of a handover (特殊约定); must be supervisor-confirmed (HO-6)."""

    text: str = attrs.field(validator=text)
    confirmed_by: StaffNo | None = _identifier(default=None, validator=_staff)


@attrs.frozen(kw_only=True)
class Attachment:
    """A handover attachment: file name and format (交接附件, HO-6), e.g. ``contract``/``pdf``."""

    name: str = attrs.field(validator=text)
    format: str = attrs.field(validator=text)


@attrs.frozen(kw_only=True)
class Handover:
    """The sales → after-sales handover form (客户信息交接表, 000 §4.1; RULES HO-1…HO-7).

    Holds the 16 fields of the form. Structural musts are checked here: a primary contact and
    a decision maker among the contacts, and a confirmed handover has its confirmation time and
    planned service start (HO-5). Vague or placeholder text is a *content* gap, reported by
    :func:`salescare.completeness.handover_gaps` before the form may be submitted.
    ``contract_amount`` is sensitive and masked in ``repr``.
    """

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    customer_name: str = attrs.field(validator=text)
    industry: str = attrs.field(validator=text)
    size: CompanySize = attrs.field(validator=member(CompanySize))
    signed_on: date = attrs.field(validator=day)
    contract_number: ContractNo = _identifier(validator=instance(ContractNo))
    # required, but None is allowed: a redacted copy hides it (CX-2); HO-6 flags it as a gap
    contract_amount: Decimal | None = classified(
        "money", converter=to_optional_decimal, validator=optional_money
    )
    sales_owner: StaffNo = _identifier(validator=instance(StaffNo))
    after_sales_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    contacts: tuple[Contact, ...] = attrs.field(validator=tuple_of(Contact))
    requirement_history: str = attrs.field(default="", validator=plain_text)
    special_agreements: tuple[SpecialAgreement, ...] = attrs.field(
        default=(), validator=tuple_of(SpecialAgreement)
    )
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=tuple_of(Attachment))
    prepared_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    handed_over_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    status: HandoverStatus = attrs.field(
        default=HandoverStatus.DRAFT, validator=member(HandoverStatus)
    )
    confirmed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    planned_service_start: datetime | None = attrs.field(default=None, validator=optional_aware)
    remarks: str = attrs.field(default="", validator=plain_text)
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        confirmed = self.status in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}
        raise_all(
            self,
            [
                None
                if any(c.is_primary for c in self.contacts)
                else required_when(self, "contacts", "a primary contact (主要对接人, HO-6)")
                if not self.contacts
                else ValidationError(
                    (type(self).__name__, "contacts"),
                    tuple(c.name for c in self.contacts),
                    "has no primary contact (主要对接人)",
                    "one contact with is_primary=True (HO-6)",
                ),
                None
                if any(c.is_decision_maker for c in self.contacts) or not self.contacts
                else ValidationError(
                    (type(self).__name__, "contacts"),
                    tuple(c.name for c in self.contacts),
                    "has no decision maker (决策人)",
                    "one contact with is_decision_maker=True (HO-6)",
                ),
                required_when(self, "confirmed_at", "a confirmed handover (HO-5)")
                if confirmed
                else None,
                required_when(self, "planned_service_start", "a confirmed handover (HO-5)")
                if confirmed
                else None,
                not_before(self, "handed_over_at", "prepared_at"),
                not_before(self, "confirmed_at", "handed_over_at"),
            ],
        )


@attrs.frozen(kw_only=True)
class ProgressUpdate:
    """A progress note (处理进展) on a ticket or a feedback item, with its time and author.

    ``new_due_on`` moves the item's planned completion date; moving it needs a ``reason``
    (RULES FB-6: a slipped date needs a reason and a new date).
    """

    at: datetime = attrs.field(validator=aware)
    note: str = attrs.field(validator=text)
    by: str = _identifier(default="", validator=plain_text)
    new_due_on: date | None = attrs.field(default=None, validator=optional_day)
    reason: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        if self.new_due_on is not None and not self.reason.strip():
            raise_all(self, [required_when(self, "reason", "a new planned date says why (FB-6)")])


@attrs.frozen(kw_only=True)
class Pause:
    """A period an SLA clock stood still, e.g. waiting on the customer (RULES TK-10).

    ``end`` is ``None`` while the pause is still running.
    """

    start: datetime = attrs.field(validator=aware)
    end: datetime | None = attrs.field(default=None, validator=optional_aware)
    reason: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        raise_all(self, [not_before(self, "end", "start")])


_TICKET_ORDER = (
    *(
        (name, "submitted_at")
        for name in (
            "triaged_at",
            "assigned_at",
            "first_response_at",
            "joint_triggered_at",
            "joint_meeting_at",
            "resolved_at",
        )
    ),
    ("assigned_at", "triaged_at"),
    ("joint_meeting_at", "joint_triggered_at"),
    ("satisfaction_at", "resolved_at"),
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
    progress: tuple[ProgressUpdate, ...] = attrs.field(
        default=(), validator=tuple_of(ProgressUpdate)
    )
    expected_resolution_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    postpone_reason: str = attrs.field(default="", validator=plain_text)
    status: TicketStatus = attrs.field(default=TicketStatus.PENDING, validator=member(TicketStatus))
    resolution: str = attrs.field(default="", validator=plain_text)
    resolved_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    satisfaction: int | None = attrs.field(default=None, validator=optional_score)
    satisfaction_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    sales_suggestion: str = attrs.field(default="", validator=plain_text)
    synced_to_sales_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    sales_contacted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    pauses: tuple[Pause, ...] = attrs.field(default=(), validator=tuple_of(Pause))
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        closed = self.status is TicketStatus.CLOSED
        postponed = self.status is TicketStatus.POSTPONED
        problems: list[ValidationError | None] = list(out_of_order(self, _TICKET_ORDER))
        problems += [
            ValidationError(
                (type(self).__name__, "progress", index, "at"),
                update.at,
                f"is before submitted_at ({self.submitted_at.isoformat()})",
                "a time on or after submitted_at",
            )
            if precedes(update.at, self.submitted_at)
            else None
            for index, update in enumerate(self.progress)
        ]
        problems += [
            required_when(self, "satisfaction", "a collection time needs the score (TK-8)")
            if self.satisfaction_at is not None
            else None,
            required_when(self, "resolution", "a closed ticket needs a resolution result (TK-7)")
            if closed and not self.resolution.strip()
            else None,
            required_when(self, "resolved_at", "a closed ticket (TK-7)") if closed else None,
            required_when(self, "postpone_reason", "a postponed ticket (TK-7)")
            if postponed and not self.postpone_reason.strip()
            else None,
            required_when(
                self, "expected_resolution_at", "a postponed ticket needs its new time (TK-7)"
            )
            if postponed
            else None,
            required_when(self, "resolved_at", "satisfaction is collected after resolution")
            if self.satisfaction is not None
            else None,
            required_when(self, "joint_triggers", "joint handling needs its trigger (TK-5)")
            if self.joint_handling
            else None,
            required_when(self, "sales_owner", "joint handling needs a sales co-handler (TK-5)")
            if self.joint_handling
            else None,
        ]
        raise_all(self, problems)


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
    progress: tuple[ProgressUpdate, ...] = attrs.field(
        default=(), validator=tuple_of(ProgressUpdate)
    )
    status: FeedbackStatus = attrs.field(
        default=FeedbackStatus.COLLECTED, validator=member(FeedbackStatus)
    )
    result_reason: str = attrs.field(default="", validator=plain_text)
    lesson: str = attrs.field(default="", validator=plain_text)
    completed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    remarks: str = attrs.field(default="", validator=plain_text)
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        opportunity = self.category is FeedbackCategory.SALES_OPPORTUNITY
        raise_all(
            self,
            [
                required_when(self, "competition_risk", "a sales-opportunity item (FB-4)")
                if opportunity
                else None,
                required_when(self, "competitor", "competition risk is flagged (FB-4)")
                if self.competition_risk and not self.competitor.strip()
                else None,
                required_when(self, "lesson", "a completed item records its lesson (FB-7)")
                if self.status is FeedbackStatus.COMPLETED and not self.lesson.strip()
                else None,
                required_when(self, "result_reason", "an item not adopted (FB-7)")
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
class FollowUp:
    """One follow-up contact with a customer (跟进记录, RULES FU-6).

    ``deep`` marks an in-depth conversation (深度沟通) as the A-grade cadence counts them (GR-6).
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
    mood: Mood | None = attrs.field(default=None, validator=optional(member(Mood)))
    next_action: str = attrs.field(default="", validator=plain_text)
    next_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    next_date: date | None = attrs.field(default=None, validator=optional_day)
    deep: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
        has_next = bool(self.next_action.strip())
        raise_all(
            self,
            [
                required_when(self, "next_owner", "a next action needs an owner (FU-6)")
                if has_next
                else None,
                required_when(self, "next_date", "a next action needs a date (FU-6)")
                if has_next
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
                [required_when(self, "explicit_needs", "an analysis names at least one need")],
            )


@attrs.frozen(kw_only=True)
class DealReview:
    """A review after a deal is won or lost (复盘, RULES DL-4)."""

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

    def __attrs_post_init__(self) -> None:
        won = self.outcome is DealOutcome.WON
        raise_all(
            self,
            [
                required_when(self, "success_factors", "a won deal names why (DL-4)")
                if won
                else required_when(self, "loss_reasons", "a lost deal names why (DL-4)"),
                ValidationError(
                    (type(self).__name__, "loss_reasons"),
                    self.loss_reasons,
                    "is set on a won deal",
                    "no loss reasons when the outcome is won",
                )
                if won and self.loss_reasons
                else None,
            ],
        )


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
    """A customer complaint (投诉, RULES CP-1…CP-4)."""

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
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                not_before(self, "acknowledged_at", "received_at"),
                not_before(self, "resolved_at", "received_at"),
                not_before(self, "revisited_at", "resolved_at"),
            ],
        )


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

    def __attrs_post_init__(self) -> None:
        seen = [s.dimension for s in self.scores]
        if sorted(seen) != sorted(ServiceDimension):
            raise_all(
                self,
                [
                    ValidationError(
                        (type(self).__name__, "scores"),
                        tuple(str(d) for d in seen),
                        "does not score each dimension exactly once",
                        "one score for each of " + ", ".join(ServiceDimension),
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
    plan_starts: date | None = attrs.field(default=None, validator=optional_day)
    reaction: CustomerReaction | None = attrs.field(
        default=None, validator=optional(member(CustomerReaction))
    )
    reaction_note: str = attrs.field(default="", validator=plain_text)
    trend: Trend | None = attrs.field(default=None, validator=optional(member(Trend)))
    next_action: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:  # noqa: PLR2004 - four quarters
            raise_all(
                self,
                [
                    ValidationError(
                        (type(self).__name__, "quarter"), self.quarter, "is not a quarter", "1–4"
                    )
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
    delivery_plan: str = attrs.field(default="", validator=plain_text)
    delivered_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    accepted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    loss_reasons: tuple[LossReason, ...] = attrs.field(default=(), validator=tuple_of(LossReason))
    lost_at_stage: OpportunityStage | None = attrs.field(
        default=None, validator=optional(member(OpportunityStage))
    )
    review: DealReview | None = attrs.field(default=None, validator=optional(instance(DealReview)))
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                required_when(self, "loss_reasons", "a lost opportunity names why (DL-4)")
                if self.stage is OpportunityStage.LOST
                else None,
                not_before(self, "accepted_at", "delivered_at"),
            ],
        )


@attrs.frozen(kw_only=True)
class DepartureItem:
    """One customer on a departing rep's handover list (RULES CX-4)."""

    customer: CustomerNo | CustomerCode = _identifier(validator=_customer_id)
    grade: Grade | None = attrs.field(default=None, validator=optional(member(Grade)))
    progress: str = attrs.field(validator=text)
    key_contacts: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    open_items: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))

    def __attrs_post_init__(self) -> None:
        if not any(name.strip() for name in self.key_contacts):
            raise_all(self, [required_when(self, "key_contacts", "the key contacts (CX-4)")])


@attrs.frozen(kw_only=True)
class Departure:
    """A departing rep's customer handover (离职交接, RULES CX-4).

    The rep lists every customer (number, grade, progress, key contacts, open items) within
    3 working days of ``noticed_at``; the supervisor approves; the successor takes over and the
    departed rep may not contact the customers for a month after approval.
    """

    rep: StaffNo = _identifier(validator=instance(StaffNo))
    successor: StaffNo = _identifier(validator=instance(StaffNo))
    noticed_at: datetime = attrs.field(validator=aware)
    items: tuple[DepartureItem, ...] = attrs.field(default=(), validator=tuple_of(DepartureItem))
    status: DepartureStatus = attrs.field(
        default=DepartureStatus.LISTING, validator=member(DepartureStatus)
    )
    submitted_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    approved_by: StaffNo | None = _identifier(default=None, validator=_staff)
    approved_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    history: tuple[HistoryEntry, ...] = _history

    def __attrs_post_init__(self) -> None:
        approved = self.status is DepartureStatus.APPROVED
        raise_all(
            self,
            [
                ValidationError(
                    (type(self).__name__, "successor"),
                    str(self.successor),
                    "is the departing rep",
                    "another rep to take the customers over",
                )
                if self.successor == self.rep
                else None,
                required_when(self, "approved_at", "an approved departure (CX-4)")
                if approved
                else None,
                *out_of_order(
                    self, (("submitted_at", "noticed_at"), ("approved_at", "submitted_at"))
                ),
            ],
        )


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
                *out_of_order(self, (("needed_by", "filed_at"), ("answered_at", "filed_at"))),
                required_when(self, "answer", "an answered request says what was answered")
                if self.answered_at is not None and not self.answer.strip()
                else None,
            ],
        )


RECORD_TYPES: tuple[type, ...] = (
    Customer,
    Contact,
    Lead,
    Registration,
    Handover,
    Ticket,
    Feedback,
    FollowUp,
    Revisit,
    NeedsAnalysis,
    DealReview,
    Complaint,
    ServiceQualityAssessment,
    SatisfactionSurvey,
    HealthReview,
    Opportunity,
    Departure,
    SupportRequest,
)
"""Every top-level record type, for code that treats them all alike (serialization, tests)."""


@edge
@functools.cache
def sensitive_names(owner: type | None = None) -> dict[str, str]:
    """Field name → hidden class (phone, email, money), as history details are masked.

    A name is read as ``owner`` classifies it; a name ``owner`` lacks (or any name, without
    an owner) as any record does.

    Examples:
        >>> sensitive_names(Opportunity)["amount"], "stage" in sensitive_names(Opportunity)
        ('money', False)
    """
    found: dict[str, str] = {}
    for cls in _CLASSIFIED:
        for field in attrs.fields(cls):
            kind = sensitivity(field)
            if kind in HIDDEN:
                found[field.name] = kind
    if owner is not None and attrs.has(owner):
        for field in attrs.fields(owner):
            kind = sensitivity(field)
            if kind in HIDDEN:
                found[field.name] = kind
            elif kind is not None:
                found.pop(field.name, None)
    return found


_CLASSIFIED: tuple[type, ...] = (*RECORD_TYPES, Attachment, DepartureItem, Measure, Pause)
