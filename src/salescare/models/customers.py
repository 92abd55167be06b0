"""Customer files and how a lead becomes one (LD-1…LD-7): customers, leads, registrations.

Examples:
    >>> from salescare.vocabulary import RegistrationStatus
    >>> RegistrationStatus.LEAD.value
    'lead'
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
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo, StaffNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _money,
    _not_before_value,
    _staff,
)
from salescare.models.common import Contact
from salescare.models.history import EMPTY_HISTORY, History, as_history, checked_history
from salescare.vocabulary import (
    CompanySize,
    Grade,
    LeadSource,
    RegistrationStatus,
    ReviewDecision,
    ServiceTier,
)

__all__ = ["Customer", "Lead", "Registration"]


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
    # GR-7: value criteria beyond purchases (cooperation stability, profit contribution) and
    # the grade's core features, for the reviewer; the default grade does not read them
    grade_notes: str = attrs.field(default="", validator=plain_text)
    # GR-5/GR-8: the last (re)grading; the next one is due a quarter later
    graded_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    tier: ServiceTier = attrs.field(default=ServiceTier.NORMAL, validator=member(ServiceTier))
    annual_purchases: Decimal | None = _money()
    potential: int | None = attrs.field(default=None, validator=optional_score)
    budget: Decimal | None = _money()
    main_business: str = attrs.field(default="", validator=plain_text)
    contacts: tuple[Contact, ...] = attrs.field(default=(), validator=tuple_of(Contact))
    # LD-9: what the CRM file carries besides the registration's data
    need_tags: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    source: LeadSource | None = attrs.field(default=None, validator=optional(member(LeadSource)))
    products: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    next_follow_up_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    paused: bool = attrs.field(default=False, validator=flag)
    pause_remark: str = attrs.field(default="", validator=plain_text)
    # FU-4: when the customer was paused; reactivation is due a quarter later
    paused_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.paused and not self.pause_remark.strip():
            raise_all(self, [required_when(self, "pause_remark", tr("a paused customer (FU-4)"))])


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
            raise_all(self, [required_when(self.contact, "title", tr("a lead's contact (LD-2)"))])


@attrs.frozen(kw_only=True)
class Registration:
    """A lead on its way to a customer file (建档, RULES LD-3…LD-6, CX-1).

    ``reason`` holds why a lead was dropped in screening (LD-3) or why the review rejected it
    (LD-4); a customer code is required once the registration is entered in the CRM (LD-5, LD-6).
    Entering it also records the need tags (急采设备, 长期合作意向, ...), the expected next
    follow-up and the owning rep (LD-9); the source channel is the lead's.
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
    # LD-9: what the CRM record carries besides the lead's own source channel
    need_tags: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    next_follow_up_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    owner: StaffNo | None = _identifier(default=None, validator=_staff)
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        needs_reason = self.status is RegistrationStatus.DROPPED or (
            self.decision is ReviewDecision.REJECT
        )
        entered = self.status is RegistrationStatus.ENTERED
        raise_all(
            self,
            [
                required_when(self, "reason", tr("a dropped or rejected lead keeps its reason"))
                if needs_reason and not self.reason.strip()
                else None,
                required_when(self, "customer_code", tr("an entered registration (LD-6)"))
                if entered
                else None,
                required_when(self, "entered_at", tr("an entered registration (LD-5)"))
                if entered
                else None,
                _not_before_value(self, "submitted_at", self.lead.acquired_at, "lead.acquired_at"),
                not_before(self, "reviewed_at", "submitted_at"),
                not_before(self, "entered_at", "reviewed_at"),
                not_before(self, "next_follow_up_at", "entered_at"),
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
