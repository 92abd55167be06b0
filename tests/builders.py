"""Valid records with every required field filled, for tests to change what they are about.

Each builder takes the fields a test cares about as keywords and fills the rest with one
fixed, valid value, so a test reads as the difference it makes::

    ticket(level=Level.L1, triaged_at=T0 + timedelta(minutes=5))

The defaults are the same customer, contract and people throughout (Lake, CUS20240515001,
S0123 for sales, A0045 for after-sales) so records built in one test fit together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from salescare.ids import ContractNo, CustomerCode, CustomerNo, StaffNo, TicketNo
from salescare.models import CompanySize, Contact, Customer, Handover, Ticket

T0 = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
"""Wednesday 15 May 2024, 09:00 UTC: when the default ticket is submitted."""

LAKE_NO = CustomerNo.parse("CUS20240515001")
"""The customer number tickets and handovers refer to."""

LAKE_CODE = CustomerCode.parse("HZ-IT-2024-001")
"""The customer code of the default customer record."""

SALES = StaffNo.parse("S0123")
AFTER_SALES = StaffNo.parse("A0045")


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
