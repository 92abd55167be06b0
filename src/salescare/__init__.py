"""salescare: sales and after-sales operating rules as typed, tested Python.

Records (:mod:`salescare.models`), identifiers (:mod:`salescare.ids`), the bilingual
vocabulary (:mod:`salescare.vocabulary`), conversion to and from dicts and JSON
(:mod:`salescare.serialize`), working calendars (:mod:`salescare.calendars`), SLA clocks
(:mod:`salescare.sla`), grading (:mod:`salescare.grading`, and :mod:`salescare.frame` for
DataFrames), workflows (:mod:`salescare.workflow`), follow-up cadence
(:mod:`salescare.cadence`), the revisit queue (:mod:`salescare.revisits`), access and
redaction (:mod:`salescare.access`), KPIs (:mod:`salescare.metrics`) and one family of
errors (:mod:`salescare.errors`).

Importing ``salescare`` loads none of them: each name below is imported on first use (PEP 562),
so ``from salescare.models import Ticket`` costs only what records need.

Examples:
    >>> import salescare
    >>> salescare.Level.parse("紧急")
    <Level.L1: 'L1'>
    >>> salescare.__version__
    '0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salescare.calendars import ALWAYS, WorkCalendar, china
    from salescare.errors import (
        CalendarRangeError,
        NaiveDatetimeError,
        PolicyError,
        SalescareError,
        TransitionError,
        ValidationError,
    )
    from salescare.grading import grade_customer, grade_health
    from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
    from salescare.models import (
        Actor,
        Contact,
        Customer,
        Feedback,
        FollowUp,
        Handover,
        HealthReview,
        Lead,
        Registration,
        Revisit,
        Ticket,
    )
    from salescare.serialize import from_dict, from_json, to_dict, to_json
    from salescare.sla import TIMERS, Target, due, measure, ticket_sla
    from salescare.vocabulary import Grade, Health, Level, Role, TicketStatus
    from salescare.workflow import TICKET, fire

__version__ = "0.1.0"

__all__ = [
    "ALWAYS",
    "TICKET",
    "TIMERS",
    "Actor",
    "CalendarRangeError",
    "Contact",
    "ContractNo",
    "Customer",
    "CustomerCode",
    "CustomerNo",
    "Feedback",
    "FeedbackNo",
    "FollowUp",
    "Grade",
    "Handover",
    "Health",
    "HealthReview",
    "Lead",
    "Level",
    "NaiveDatetimeError",
    "PolicyError",
    "Registration",
    "Revisit",
    "Role",
    "SalescareError",
    "StaffNo",
    "Target",
    "Ticket",
    "TicketNo",
    "TicketStatus",
    "TransitionError",
    "ValidationError",
    "WorkCalendar",
    "__version__",
    "china",
    "due",
    "fire",
    "from_dict",
    "from_json",
    "grade_customer",
    "grade_health",
    "measure",
    "ticket_sla",
    "to_dict",
    "to_json",
]

_HOME: dict[str, str] = {
    "ALWAYS": "salescare.calendars",
    "WorkCalendar": "salescare.calendars",
    "china": "salescare.calendars",
    "CalendarRangeError": "salescare.errors",
    "NaiveDatetimeError": "salescare.errors",
    "PolicyError": "salescare.errors",
    "SalescareError": "salescare.errors",
    "TransitionError": "salescare.errors",
    "ValidationError": "salescare.errors",
    "grade_customer": "salescare.grading",
    "grade_health": "salescare.grading",
    "ContractNo": "salescare.ids",
    "CustomerCode": "salescare.ids",
    "CustomerNo": "salescare.ids",
    "FeedbackNo": "salescare.ids",
    "StaffNo": "salescare.ids",
    "TicketNo": "salescare.ids",
    "Actor": "salescare.models",
    "Contact": "salescare.models",
    "Customer": "salescare.models",
    "Feedback": "salescare.models",
    "FollowUp": "salescare.models",
    "Handover": "salescare.models",
    "HealthReview": "salescare.models",
    "Lead": "salescare.models",
    "Registration": "salescare.models",
    "Revisit": "salescare.models",
    "Ticket": "salescare.models",
    "from_dict": "salescare.serialize",
    "from_json": "salescare.serialize",
    "to_dict": "salescare.serialize",
    "to_json": "salescare.serialize",
    "TIMERS": "salescare.sla",
    "Target": "salescare.sla",
    "due": "salescare.sla",
    "measure": "salescare.sla",
    "ticket_sla": "salescare.sla",
    "Grade": "salescare.vocabulary",
    "Health": "salescare.vocabulary",
    "Level": "salescare.vocabulary",
    "Role": "salescare.vocabulary",
    "TicketStatus": "salescare.vocabulary",
    "TICKET": "salescare.workflow",
    "fire": "salescare.workflow",
}


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'salescare' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
