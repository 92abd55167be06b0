"""Hypothesis entry point: ``st.from_type(Ticket)`` uses salescare's strategies.

Hypothesis calls :func:`_register` while it is itself being imported, so this module imports
Hypothesis only inside that function (as Hypothesis's docs show), and each registration resolves
its strategy from :mod:`salescare.testing` lazily, on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from salescare import access, cadence, calendars, grading, ids, models, sla

_STRATEGY_FOR: dict[type, str] = {
    models.Contact: "contacts",
    models.Customer: "customers",
    models.Lead: "leads",
    models.Registration: "registrations",
    models.Handover: "handovers",
    models.Ticket: "tickets",
    models.Feedback: "feedback_items",
    models.SatisfactionSurvey: "satisfaction_surveys",
    models.FollowUp: "follow_ups",
    models.Revisit: "revisits",
    models.NeedsAnalysis: "needs_analyses",
    models.DealReview: "deal_reviews",
    models.Complaint: "complaints",
    models.ServiceQualityAssessment: "service_quality_assessments",
    models.HealthReview: "health_reviews",
    models.Opportunity: "opportunities",
    models.Departure: "departures",
    models.Actor: "actors",
    models.SupportRequest: "support_requests",
    ids.TicketNo: "ticket_numbers",
    ids.FeedbackNo: "feedback_numbers",
    ids.ContractNo: "contract_numbers",
    ids.CustomerNo: "customer_numbers",
    ids.CustomerCode: "customer_codes",
    ids.StaffNo: "staff_numbers",
    calendars.WorkCalendar: "calendars",
    grading.GradingPolicy: "grading_policies",
    grading.HealthPolicy: "health_policies",
    grading.QualityPolicy: "quality_policies",
    sla.TicketSlaPolicy: "ticket_sla_policies",
    cadence.CadencePolicy: "cadence_policies",
    cadence.StagePolicy: "stage_policies",
    access.AccessPolicy: "access_policies",
}


def _lazy(name: str) -> Any:
    def resolve(_: type) -> Any:
        return getattr(importlib.import_module("salescare.testing"), name)()

    return resolve


def _register() -> None:
    """Register every salescare record, identifier, calendar and policy type with Hypothesis."""
    from hypothesis import strategies as st  # noqa: PLC0415 - see the module docstring

    for kind, name in _STRATEGY_FOR.items():
        st.register_type_strategy(kind, _lazy(name))
