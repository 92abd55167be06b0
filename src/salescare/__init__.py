"""salescare: sales and after-sales operating rules as typed, tested Python.

Records (:mod:`salescare.models`), identifiers (:mod:`salescare.ids`), the bilingual
vocabulary (:mod:`salescare.vocabulary`), conversion to and from dicts and JSON
(:mod:`salescare.serialize`), working calendars (:mod:`salescare.calendars`), SLA clocks
(:mod:`salescare.sla`), grading (:mod:`salescare.grading`, and :mod:`salescare.frame` for
DataFrames), workflows (:mod:`salescare.workflow`), follow-up cadence
(:mod:`salescare.cadence`), the revisit queue (:mod:`salescare.revisits`), access and
redaction (:mod:`salescare.access`), KPIs (:mod:`salescare.metrics`) and one family of
errors (:mod:`salescare.errors`).

Examples:
    >>> import salescare
    >>> salescare.Level.parse("紧急")
    <Level.L1: 'L1'>
    >>> salescare.__version__
    '0.1.0'
"""

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
