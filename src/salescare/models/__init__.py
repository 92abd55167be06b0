"""Immutable records of the manuals' forms and tables, and the enums they use.

Every record is a frozen, slotted attrs class with keyword-only fields. A change is
``attrs.evolve(record, field=value)``, which validates again; nothing is mutated in place, so a
rejected change leaves the original record exactly as it was.

Fields hold canonical types: enums (read text with ``Level.parse``), identifiers (``TicketNo``),
``Decimal`` money (an ``int``, a numeric ``str`` or a ``float`` is converted; a ``float`` through
its shortest repr), timezone-aware datetimes. To read records from dicts or JSON, with every bad
field reported at once, use :mod:`salescare.serialize`.

The records live in one module per part of the manuals (:mod:`~salescare.models.common`,
``customers``, ``handovers``, ``tickets``, ``feedback``, ``sales``, ``reviews``); each is
imported on first use, so ``from salescare.models import Ticket`` loads only what tickets need.
The enums are :mod:`salescare.vocabulary`'s, re-exported here.

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
is_primary=False, is_decision_maker=False, changed_at=None, recorded_at=None)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    RECORD_TYPES: tuple[type, ...]
    """Every top-level record type, for code that treats them all alike (serialization, tests)."""

    from salescare.models.common import (
        Actor,
        Contact,
        DutyLog,
        HistoryEntry,
        Pause,
        ProgressUpdate,
        Promise,
    )
    from salescare.models.customers import Customer, Lead, Registration
    from salescare.models.details import Details, JsonObject
    from salescare.models.feedback import Complaint, Feedback, Measure, SatisfactionSurvey
    from salescare.models.handovers import (
        Attachment,
        Departure,
        DepartureItem,
        Handover,
        SpecialAgreement,
    )
    from salescare.models.history import History, Log, Progress
    from salescare.models.reviews import DimensionScore, HealthReview, ServiceQualityAssessment
    from salescare.models.sales import (
        DealReview,
        FollowUp,
        NeedsAnalysis,
        Objection,
        Opportunity,
        PlannedFollowUp,
        Revisit,
    )
    from salescare.models.sensitivity import mask_details, sensitive_names
    from salescare.models.tickets import SupportRequest, Ticket
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
        ObjectionKind,
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
    "CustomerKind",
    "CustomerReaction",
    "DealOutcome",
    "DealReview",
    "Department",
    "Departure",
    "DepartureItem",
    "DepartureStatus",
    "Details",
    "DimensionScore",
    "DutyLog",
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
    "History",
    "HistoryEntry",
    "JointTrigger",
    "JsonObject",
    "Lead",
    "LeadSource",
    "Level",
    "Log",
    "LossReason",
    "Measure",
    "MeasureKind",
    "Mood",
    "NeedsAnalysis",
    "Objection",
    "ObjectionKind",
    "Opportunity",
    "OpportunityStage",
    "Pause",
    "PlannedFollowUp",
    "Priority",
    "Progress",
    "ProgressUpdate",
    "Promise",
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

_HOME: dict[str, str] = {
    "Actor": "salescare.models.common",
    "Contact": "salescare.models.common",
    "HistoryEntry": "salescare.models.common",
    "History": "salescare.models.history",
    "Details": "salescare.models.details",
    "JsonObject": "salescare.models.details",
    "Log": "salescare.models.history",
    "Progress": "salescare.models.history",
    "Pause": "salescare.models.common",
    "ProgressUpdate": "salescare.models.common",
    "Promise": "salescare.models.common",
    "DutyLog": "salescare.models.common",
    "Customer": "salescare.models.customers",
    "Lead": "salescare.models.customers",
    "Registration": "salescare.models.customers",
    "Attachment": "salescare.models.handovers",
    "Departure": "salescare.models.handovers",
    "DepartureItem": "salescare.models.handovers",
    "Handover": "salescare.models.handovers",
    "SpecialAgreement": "salescare.models.handovers",
    "SupportRequest": "salescare.models.tickets",
    "Ticket": "salescare.models.tickets",
    "Complaint": "salescare.models.feedback",
    "Feedback": "salescare.models.feedback",
    "Measure": "salescare.models.feedback",
    "SatisfactionSurvey": "salescare.models.feedback",
    "DealReview": "salescare.models.sales",
    "FollowUp": "salescare.models.sales",
    "NeedsAnalysis": "salescare.models.sales",
    "Objection": "salescare.models.sales",
    "PlannedFollowUp": "salescare.models.sales",
    "Opportunity": "salescare.models.sales",
    "Revisit": "salescare.models.sales",
    "DimensionScore": "salescare.models.reviews",
    "HealthReview": "salescare.models.reviews",
    "ServiceQualityAssessment": "salescare.models.reviews",
    "mask_details": "salescare.models.sensitivity",
    "sensitive_names": "salescare.models.sensitivity",
}
# every other exported name is an enum of the vocabulary, re-exported here
_HOME |= dict.fromkeys(
    (name for name in __all__ if name not in _HOME and name != "RECORD_TYPES"),
    "salescare.vocabulary",
)

_RECORDS = (
    "Customer",
    "Contact",
    "Lead",
    "Registration",
    "Handover",
    "Ticket",
    "Feedback",
    "FollowUp",
    "Revisit",
    "NeedsAnalysis",
    "DealReview",
    "Complaint",
    "ServiceQualityAssessment",
    "SatisfactionSurvey",
    "HealthReview",
    "Opportunity",
    "Objection",
    "Departure",
    "SupportRequest",
    "DutyLog",
    "PlannedFollowUp",
)


def __getattr__(name: str) -> Any:
    """A record, enum or helper of this package, imported from its module on first use."""
    if name == "RECORD_TYPES":
        value: Any = tuple(__getattr__(record) for record in _RECORDS)
    elif name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
