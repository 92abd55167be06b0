"""Valid records with every required field filled, for tests to change what they are about.

Each builder takes the fields a test cares about as keywords and fills the rest with one
fixed, valid value, so a test reads as the difference it makes::

    ticket(level=Level.L1, triaged_at=T0 + timedelta(minutes=5))

The defaults are the same customer, contract and people throughout (Lake, CUS20240515001,
S0123 for sales, A0045 for after-sales) so records built in one test fit together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models import (
    CompanySize,
    Contact,
    ContactMode,
    Customer,
    Department,
    Departure,
    DepartureItem,
    Feedback,
    FeedbackChannel,
    FeedbackType,
    FollowUp,
    Handover,
    HealthReview,
    Lead,
    LeadSource,
    Objection,
    ObjectionKind,
    Opportunity,
    Registration,
    Revisit,
    SupportRequest,
    Ticket,
)

T0 = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
"""Wednesday 15 May 2024, 09:00 UTC: when the default ticket is submitted."""

LAKE_NO = CustomerNo.parse("CUS20240515001")
"""The customer number tickets and handovers refer to."""

LAKE_CODE = CustomerCode.parse("HZ-IT-2024-001")
"""The customer code of the default customer record."""

SALES = StaffNo.parse("S0123")
AFTER_SALES = StaffNo.parse("A0045")


# A new ticket as an API client sends it (JSON values), for the service tests
TICKET_JSON: dict[str, Any] = {
    "number": "FW20240515001",
    "customer": "CUS20240515001",
    "customer_name": "湖光科技",
    "description": "系统导出报表时，部分数据字段显示异常",
    "submitted_at": "2024-05-15T09:15:00+08:00",
}


def contact(**changes: Any) -> Contact:
    """A primary contact with a phone number."""
    fields: dict[str, Any] = {"name": "Zhao Liu", "phone": "13812345678", "is_primary": True}
    return Contact(**(fields | changes))


def ticket(**changes: Any) -> Ticket:
    """A new ticket (status ``new``), submitted at :data:`T0` by Lake."""
    fields: dict[str, Any] = {
        "number": TicketNo.parse("FW20240515001"),
        "customer": LAKE_NO,
        "customer_name": "Lake",
        "description": "line stops",
        "submitted_at": T0,
    }
    return Ticket(**(fields | changes))


def customer(**changes: Any) -> Customer:
    """Lake, a medium IT company (customer code :data:`LAKE_CODE`)."""
    fields: dict[str, Any] = {
        "number": LAKE_CODE,
        "name": "Lake",
        "industry": "IT",
        "size": CompanySize.MEDIUM,
    }
    return Customer(**(fields | changes))


def handover(**changes: Any) -> Handover:
    """A draft handover of Lake's contract signed on 15 May 2024, with one primary contact."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "customer_name": "Lake",
        "industry": "IT",
        "size": CompanySize.MEDIUM,
        "signed_on": date(2024, 5, 15),
        "contract_number": ContractNo.parse("HT20240515001"),
        "contract_amount": 500_000,
        "sales_owner": SALES,
        "contacts": (contact(is_decision_maker=True),),
    }
    return Handover(**(fields | changes))


def feedback(**changes: Any) -> Feedback:
    """A suggestion from Lake collected at :data:`T0` on a phone revisit."""
    fields: dict[str, Any] = {
        "number": FeedbackNo.parse("FK20240515001"),
        "customer": LAKE_NO,
        "customer_name": "Lake",
        "type": FeedbackType.SUGGESTION,
        "content": "automatic backup",
        "channel": FeedbackChannel.PHONE_REVISIT,
        "submitter": "Zhao",
        "collected_at": T0,
    }
    return Feedback(**(fields | changes))


def registration(**changes: Any) -> Registration:
    """A draft registration of a lead acquired at :data:`T0`, owned by :data:`SALES`."""
    lead = Lead(
        company="Lake Technology Co., Ltd.",
        industry="IT",
        size=CompanySize.SMALL,
        main_business="ERP",
        contact=contact(title="CTO"),
        initial_need="cloud backup",
        acquired_at=T0,
        source=LeadSource.EXHIBITION,
    )
    fields: dict[str, Any] = {"lead": lead, "owner": SALES}
    return Registration(**(fields | changes))


def revisit(**changes: Any) -> Revisit:
    """A phone revisit of Lake at :data:`T0` by :data:`SALES`."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "customer_name": "Lake",
        "at": T0,
        "mode": ContactMode.PHONE,
        "visitor": SALES,
        "summary": "quarterly call",
    }
    return Revisit(**(fields | changes))


def health_review(**changes: Any) -> HealthReview:
    """Lake's health row for Q2 2024, sub-healthy scores."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "customer_name": "Lake",
        "year": 2024,
        "quarter": 2,
        "cooperation_months": 16,
        "relationship": Decimal("3.5"),
        "service": Decimal("3.5"),
    }
    return HealthReview(**(fields | changes))


def opportunity(**changes: Any) -> Opportunity:
    """Lake's upgrade deal, owned by :data:`SALES`."""
    fields: dict[str, Any] = {"customer": LAKE_NO, "title": "upgrade", "owner": SALES}
    return Opportunity(**(fields | changes))


def objection(**changes: Any) -> Objection:
    """A price objection raised at :data:`T0`, owned by :data:`SALES`."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "kind": ObjectionKind.PRICE,
        "content": "over budget",
        "raised_at": T0,
        "owner": SALES,
    }
    return Objection(**(fields | changes))


def support_request(**changes: Any) -> SupportRequest:
    """A request to the technical department filed at :data:`T0`, needed two days later."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "requested_by": SALES,
        "department": Department.TECHNICAL,
        "background": "ERP interface",
        "contact": "Zhao",
        "filed_at": T0,
        "needed_by": datetime(2024, 5, 17, 9, 0, tzinfo=UTC),
    }
    return SupportRequest(**(fields | changes))


def departure(**changes: Any) -> Departure:
    """:data:`SALES` leaves, noticed at :data:`T0`, Lake goes to S0124."""
    fields: dict[str, Any] = {
        "rep": SALES,
        "successor": StaffNo.parse("S0124"),
        "noticed_at": T0,
        "items": (DepartureItem(customer=LAKE_NO, progress="renewal", key_contacts=("Zhao",)),),
    }
    return Departure(**(fields | changes))


def follow_up(**changes: Any) -> FollowUp:
    """A 15-minute call to Lake at :data:`T0` by :data:`SALES`."""
    fields: dict[str, Any] = {
        "customer": LAKE_NO,
        "at": T0,
        "by": SALES,
        "mode": ContactMode.PHONE,
        "duration_minutes": 15,
        "summary": "call",
    }
    return FollowUp(**(fields | changes))
