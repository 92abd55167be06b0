"""Hypothesis entry point: ``st.from_type(Ticket)`` uses salescare's strategies.

Registration is lazy on both sides, so neither import pays for the other. Hypothesis calls
:func:`_register` while it is itself being imported: it registers the types of the salescare
modules already imported, and marks the plugin active. Each of those modules calls
:func:`announce` when it finishes loading: once the plugin is active, its types are registered
then. Each registration resolves its strategy from :mod:`salescare.testing` on first use.
Nothing here imports Hypothesis or a salescare module at import time.

Examples:
    >>> import hypothesis  # runs _register through the entry point
    >>> from hypothesis import strategies as st
    >>> from salescare.ids import TicketNo
    >>> from salescare import testing
    >>> repr(st.from_type(TicketNo)) == repr(testing.ticket_numbers())
    True
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__all__ = ["announce"]

# module defining the type -> {type name: strategy of salescare.testing}
_STRATEGY_FOR: dict[str, dict[str, str]] = {
    "salescare.models.common": {
        "Contact": "contacts",
        "Actor": "actors",
        "DutyLog": "duty_logs",
    },
    "salescare.models.customers": {
        "Customer": "customers",
        "Lead": "leads",
        "Registration": "registrations",
    },
    "salescare.models.handovers": {"Handover": "handovers", "Departure": "departures"},
    "salescare.models.tickets": {"Ticket": "tickets", "SupportRequest": "support_requests"},
    "salescare.models.feedback": {
        "Feedback": "feedback_items",
        "SatisfactionSurvey": "satisfaction_surveys",
        "Complaint": "complaints",
    },
    "salescare.models.sales": {
        "FollowUp": "follow_ups",
        "Revisit": "revisits",
        "NeedsAnalysis": "needs_analyses",
        "DealReview": "deal_reviews",
        "Opportunity": "opportunities",
        "Objection": "objections",
        "PlannedFollowUp": "planned_follow_ups",
    },
    "salescare.models.reviews": {
        "ServiceQualityAssessment": "service_quality_assessments",
        "HealthReview": "health_reviews",
    },
    "salescare.ids": {
        "TicketNo": "ticket_numbers",
        "FeedbackNo": "feedback_numbers",
        "ContractNo": "contract_numbers",
        "CustomerNo": "customer_numbers",
        "CustomerCode": "customer_codes",
        "StaffNo": "staff_numbers",
    },
    "salescare.calendars": {"WorkCalendar": "calendars"},
    "salescare.grading.value": {"GradingPolicy": "grading_policies"},
    "salescare.grading.health": {"HealthPolicy": "health_policies"},
    "salescare.grading.quality": {"QualityPolicy": "quality_policies"},
    "salescare.sla.tickets": {"TicketSlaPolicy": "ticket_sla_policies"},
    "salescare.cadence.policies": {"CadencePolicy": "cadence_policies"},
    "salescare.cadence.stages": {"StagePolicy": "stage_policies"},
    "salescare.access.policy": {"AccessPolicy": "access_policies"},
}

_active = False
_loaded: list[str] = []  # modules of _STRATEGY_FOR fully imported, in order


def _lazy(name: str) -> Any:
    def resolve(_: type) -> Any:
        return getattr(importlib.import_module("salescare.testing"), name)()

    return resolve


def _register_module(module: Any) -> None:
    from hypothesis import strategies as st  # noqa: PLC0415 - only once Hypothesis is loaded

    for type_name, strategy in _STRATEGY_FOR[module.__name__].items():
        st.register_type_strategy(getattr(module, type_name), _lazy(strategy))


def _register() -> None:
    """Register the types of the salescare modules loaded so far, and later ones as they load."""
    global _active  # noqa: PLW0603 - the plugin's one switch, set when Hypothesis loads it
    _active = True
    for name in _loaded:
        _register_module(sys.modules[name])


def announce(module_name: str) -> None:
    """Called by a module of ``_STRATEGY_FOR`` when loaded: register its types if active."""
    _loaded.append(module_name)
    if _active:
        _register_module(sys.modules[module_name])
