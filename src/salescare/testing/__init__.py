"""Hypothesis strategies for salescare's records, identifiers and enums.

Needs the ``testing`` extra (``pip install "salescare[testing]"``), which brings Hypothesis.

Every record a strategy draws passes every validator, and every policy it draws is consistent,
so a property test of your own rule can start from realistic, valid data — under the manuals'
defaults or under any configuration a company might choose. The strategies are registered
with Hypothesis through its entry point, so ``st.from_type(Ticket)`` (or ``GradingPolicy``,
``WorkCalendar``, …) works in your tests without importing this module.

The strategies are grouped by what they build: :mod:`~salescare.testing.scalars` (enums,
times, amounts, scores, numbers), :mod:`~salescare.testing.sales_records` and
:mod:`~salescare.testing.service_records` (records), :mod:`~salescare.testing.policies`,
:mod:`~salescare.testing.working_time` and :mod:`~salescare.testing.machines` (stateful tests of
workflows); every name is importable from here.

Examples:
    >>> from hypothesis import given
    >>> from salescare.testing import tickets
    >>> @given(tickets())
    ... def test_closed_tickets_have_a_resolution(ticket):
    ...     assert ticket.status != "closed" or ticket.resolution.strip()
    >>> test_closed_tickets_have_a_resolution()
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - checked here so the message names the extra
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = 'salescare.testing needs Hypothesis: pip install "salescare[testing]"'
    raise ImportError(msg) from exc

from salescare.testing.machines import (
    Event,
    Invariant,
    NoEvent,
    Shown,
    actors,
    workflow_machine,
)
from salescare.testing.policies import (
    access_policies,
    cadence_policies,
    grading_policies,
    health_policies,
    quality_policies,
    stage_policies,
    ticket_sla_policies,
)
from salescare.testing.sales_records import (
    contacts,
    customers,
    deal_reviews,
    departures,
    duty_logs,
    follow_ups,
    handovers,
    leads,
    needs_analyses,
    objections,
    opportunities,
    planned_follow_ups,
    promises,
    registrations,
    revisits,
)
from salescare.testing.scalars import (
    amounts,
    aware_datetimes,
    contract_numbers,
    customer_codes,
    customer_ids,
    customer_numbers,
    feedback_numbers,
    members,
    scores,
    staff_numbers,
    ticket_numbers,
    vocabulary_labels,
)
from salescare.testing.service_records import (
    complaints,
    feedback_items,
    health_reviews,
    satisfaction_surveys,
    service_quality_assessments,
    support_requests,
    tickets,
)
from salescare.testing.working_time import (
    calendars,
)

__all__ = [
    "Event",
    "Invariant",
    "NoEvent",
    "Shown",
    "access_policies",
    "actors",
    "amounts",
    "aware_datetimes",
    "cadence_policies",
    "calendars",
    "complaints",
    "contacts",
    "contract_numbers",
    "customer_codes",
    "customer_ids",
    "customer_numbers",
    "customers",
    "deal_reviews",
    "departures",
    "duty_logs",
    "feedback_items",
    "feedback_numbers",
    "follow_ups",
    "grading_policies",
    "handovers",
    "health_policies",
    "health_reviews",
    "leads",
    "members",
    "needs_analyses",
    "objections",
    "opportunities",
    "planned_follow_ups",
    "promises",
    "quality_policies",
    "registrations",
    "revisits",
    "satisfaction_surveys",
    "scores",
    "service_quality_assessments",
    "staff_numbers",
    "stage_policies",
    "support_requests",
    "ticket_numbers",
    "ticket_sla_policies",
    "tickets",
    "vocabulary_labels",
    "workflow_machine",
]
