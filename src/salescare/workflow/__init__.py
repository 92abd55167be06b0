"""Workflow transition rules: pure state machines over immutable records, with obligations.

A :class:`Workflow` is frozen data shared by every record: its states (an enum), the initial
state, the final states and its :class:`Transition` list (source states, event, target, guards,
the roles allowed, the fields the event may set, and the obligations it creates).
:func:`fire` is pure: it returns a :class:`Step` with the new record (made by
``attrs.evolve``: status changed, one history entry appended), the obligations the step creates
(frozen data, never executed; due times from :mod:`salescare.sla`) and the history entry. The
record passed in is never changed. A refused event raises a :class:`~salescare.errors.
TransitionError` subclass that says why and which events are available;
:func:`check` and :func:`options` answer the same question without raising, for UIs.

The package holds the engine (:mod:`~salescare.workflow.machine`: what a workflow is;
:mod:`~salescare.workflow.firing`: running one), the compact form workflows are written in
(:mod:`~salescare.workflow.define`), one module per workflow of the manuals (``ticket``,
``handover``, ``feedback``, ``registration``, ``opportunity``, ``complaint``, ``departure``)
and the renderer of diagrams and tables (:mod:`~salescare.workflow.render`).

Examples:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.models import Actor, Level, Role, Ticket
    >>> from salescare.serialize import from_dict
    >>> t = from_dict(Ticket, {
    ...     "number": "FW20240515001", "customer": "CUS20240515001",
    ...     "customer_name": "Lake Tech", "description": "Export shows wrong totals",
    ...     "submitted_at": "2024-05-15T09:15:00+08:00"})
    >>> now = datetime(2024, 5, 15, 9, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> supervisor = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
    >>> step = fire(TICKET, t, "triage", at=now, by=supervisor, level=Level.L2)
    >>> step.record.level, t.level
    (<Level.L2: 'L2'>, None)
    >>> [(o.rule, o.role.value, o.due.time().isoformat()) for o in step.obligations]
    [('TK-4', 'after_sales_supervisor', '09:50:00')]
    >>> len(step.record.history), step.record.history[-1].event
    (1, 'triage')
    >>> fire(TICKET, t, "close", at=now, by=supervisor)
    Traceback (most recent call last):
    ...
    salescare.errors.NoRuleError: cannot 'close' from state 'pending' (no rule for it in this \
state); allowed events: triage, assign, start_joint, hold_joint_meeting
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salescare._edge import edge
from salescare._renames import old_names
from salescare.errors import GuardError, GuardFailure, NoRuleError, RoleError, UnknownEventError
from salescare.sla import no_contact_until
from salescare.workflow import render
from salescare.workflow.complaint import COMPLAINT
from salescare.workflow.departure import DEPARTURE
from salescare.workflow.feedback import FEEDBACK, ROUTES
from salescare.workflow.firing import EventDecision, Option, Step, allowed, check, fire, options
from salescare.workflow.handover import HANDOVER
from salescare.workflow.machine import Context, Guard, Obligation, Transition, Workflow
from salescare.workflow.opportunity import OPPORTUNITY
from salescare.workflow.registration import REGISTRATION
from salescare.workflow.replaying import replay, version
from salescare.workflow.ticket import TICKET

__all__ = [
    "COMPLAINT",
    "DEPARTURE",
    "FEEDBACK",
    "HANDOVER",
    "OPPORTUNITY",
    "REGISTRATION",
    "ROUTES",
    "TICKET",
    "WORKFLOWS",
    "Context",
    "EventDecision",
    "Guard",
    "GuardError",
    "GuardFailure",
    "NoRuleError",
    "Obligation",
    "Option",
    "RoleError",
    "Step",
    "Transition",
    "UnknownEventError",
    "Workflow",
    "allowed",
    "check",
    "fire",
    "no_contact_until",
    "options",
    "render_docs",
    "replay",
    "version",
]

WORKFLOWS: Mapping[str, Workflow[Any, Any]] = {
    w.name: w for w in (TICKET, HANDOVER, FEEDBACK, REGISTRATION, OPPORTUNITY, COMPLAINT, DEPARTURE)
}
"""Every workflow of the library, by name."""


@edge
def render_docs() -> str:
    """The text of ``docs/workflows.md``: every workflow's diagram and transition table.

    Generated from the definitions; a test fails when the checked-in file differs.

    Examples:
        >>> render_docs().splitlines()[0]
        '# Workflows'
    """
    return render.document(WORKFLOWS.values())


__getattr__ = old_names(
    __name__, {"Rule": ("Transition", Transition), "Decision": ("EventDecision", EventDecision)}
)
