"""Handing customers over (HO-1…HO-7, CX-4): the handover form and a departing rep's list.

Examples:
    >>> Attachment(name="contract", format="pdf").format
    'pdf'
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from salescare._checks import (
    TimeOrder,
    aware,
    day,
    instance,
    member,
    not_before,
    optional,
    optional_aware,
    optional_money,
    out_of_order,
    plain_text,
    raise_all,
    required_when,
    text,
    to_optional_decimal,
    tuple_of,
)
from salescare._hypothesis_plugin import announce
from salescare._masking import classified
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import ContractNo, CustomerCode, CustomerNo, StaffNo
from salescare.models._fields import (
    _customer_id,
    _identifier,
    _staff,
)
from salescare.models.common import Contact
from salescare.models.history import EMPTY_HISTORY, History, as_history, checked_history
from salescare.vocabulary import (
    CompanySize,
    DepartureStatus,
    Grade,
    HandoverStatus,
)

__all__ = ["Attachment", "Departure", "DepartureItem", "Handover", "SpecialAgreement"]


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
    """The sales → after-sales handover form (客户信息交接表, 000 §4.1; RULES HO-1…HO-8).

    Holds the 16 fields of the form, and the product/service list and payment cycle of §3.1
    step 1 (HO-8). Structural musts are checked here: a primary contact and
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
    # the moment of signing starts the HO-1 clock; the form has the date, the CRM the time
    signed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    contract_number: ContractNo = _identifier(validator=instance(ContractNo))
    # required, but None is allowed: a redacted copy hides it (CX-2); HO-6 flags it as a gap
    contract_amount: Decimal | None = classified(
        "money", converter=to_optional_decimal, validator=optional_money
    )
    sales_owner: StaffNo = _identifier(validator=instance(StaffNo))
    after_sales_owner: StaffNo | None = _identifier(default=None, validator=_staff)
    contacts: tuple[Contact, ...] = attrs.field(validator=tuple_of(Contact))
    requirement_history: str = attrs.field(default="", validator=plain_text)
    # HO-8 (000 §3.1 step 1): what was sold and how it is paid
    products: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    payment_cycle: str = attrs.field(default="", validator=plain_text)
    special_agreements: tuple[SpecialAgreement, ...] = attrs.field(
        default=(), validator=tuple_of(SpecialAgreement)
    )
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=tuple_of(Attachment))
    prepared_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    handed_over_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    status: HandoverStatus = attrs.field(
        default=HandoverStatus.DRAFT, validator=member(HandoverStatus)
    )
    # HO-4: the engineer's two clocks run from the (latest) assignment; opening stops the first.
    # A form sent back for supplement is resubmitted and assigned again, so an earlier
    # assignment or opening may precede the latest submission
    assigned_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    opened_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    confirmed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    planned_service_start: datetime | None = attrs.field(default=None, validator=optional_aware)
    remarks: str = attrs.field(default="", validator=plain_text)
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        confirmed = self.status in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}
        raise_all(
            self,
            [
                None
                if any(c.is_primary for c in self.contacts)
                else required_when(self, "contacts", tr("a primary contact (主要对接人, HO-6)"))
                if not self.contacts
                else ValidationError(
                    (type(self).__name__, "contacts"),
                    tuple(c.name for c in self.contacts),
                    tr("has no primary contact (主要对接人)"),
                    tr("one contact with is_primary=True (HO-6)"),
                    code="rule",
                ),
                None
                if any(c.is_decision_maker for c in self.contacts) or not self.contacts
                else ValidationError(
                    (type(self).__name__, "contacts"),
                    tuple(c.name for c in self.contacts),
                    tr("has no decision maker (决策人)"),
                    tr("one contact with is_decision_maker=True (HO-6)"),
                    code="rule",
                ),
                required_when(self, "confirmed_at", tr("a confirmed handover (HO-5)"))
                if confirmed
                else None,
                required_when(self, "planned_service_start", tr("a confirmed handover (HO-5)"))
                if confirmed
                else None,
                ValidationError(
                    (type(self).__name__, "signed_at"),
                    self.signed_at,
                    tr("is not on signed_on ({signed_on})", signed_on=self.signed_on.isoformat()),
                    tr("the signing time of the signing date (in its own zone)"),
                    code="rule",
                )
                if self.signed_at is not None and self.signed_at.date() != self.signed_on
                else None,
                not_before(self, "prepared_at", "signed_at"),
                not_before(self, "handed_over_at", "prepared_at"),
                not_before(self, "confirmed_at", "handed_over_at"),
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
            raise_all(self, [required_when(self, "key_contacts", tr("the key contacts (CX-4)"))])


_DEPARTURE_ORDER = TimeOrder(
    ("submitted_at", "noticed_at"), ("approved_at", "submitted_at"), ("reported_at", "approved_at")
)


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
    # CX-4: the successor's latest weekly report on the customers taken over
    reported_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    history: History = attrs.field(
        default=EMPTY_HISTORY, converter=as_history, validator=checked_history
    )

    def __attrs_post_init__(self) -> None:
        approved = self.status is DepartureStatus.APPROVED
        raise_all(
            self,
            [
                ValidationError(
                    (type(self).__name__, "successor"),
                    str(self.successor),
                    tr("is the departing rep"),
                    tr("another rep to take the customers over"),
                    code="rule",
                )
                if self.successor == self.rep
                else None,
                required_when(self, "approved_at", tr("an approved departure (CX-4)"))
                if approved
                else None,
                *out_of_order(self, _DEPARTURE_ORDER),
            ],
        )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
