"""The feedback workflow (RULES FB-2…FB-7, CO-3): what customers say, routed and answered.

collected → classified (routed by :data:`ROUTES`) → evaluated → in progress → completed, or
not adopted from any open state.

Examples:
    >>> from salescare.vocabulary import FeedbackCategory
    >>> ROUTES[FeedbackCategory.PRODUCT].value
    'product'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from salescare.completeness import feasibility_gaps
from salescare.i18n import tr
from salescare.models import Feedback, ProgressUpdate
from salescare.vocabulary import Department, FeedbackCategory, FeedbackStatus, Role
from salescare.workflow.define import (
    AFTER_SALES_LEADS,
    ENGINEERS,
    SALES,
    holds,
    needs,
    on,
    owe,
    present,
    tell,
    timer_due,
)
from salescare.workflow.machine import Context, Obligation, Workflow

__all__ = ["FEEDBACK", "ROUTES"]

_F = FeedbackStatus

ROUTES: Mapping[FeedbackCategory, Department] = {
    FeedbackCategory.PRODUCT: Department.PRODUCT,
    FeedbackCategory.SALES_OPPORTUNITY: Department.SALES,
    FeedbackCategory.SERVICE_EXPERIENCE: Department.AFTER_SALES,
}
"""Where each category of feedback goes (FB-3)."""

_EVALUATOR = {
    FeedbackCategory.PRODUCT: Role.PRODUCT_MANAGER,
    FeedbackCategory.SALES_OPPORTUNITY: Role.SALES_REP,
    FeedbackCategory.SERVICE_EXPERIENCE: Role.AFTER_SALES_SUPERVISOR,
}


def _opportunity_data(record: Feedback, context: Context) -> bool | Iterable[str]:
    if context.value(record, "category") is not FeedbackCategory.SALES_OPPORTUNITY:
        return True
    points = []
    if not present(context.value(record, "value_estimate")):
        points.append(tr("a sales opportunity carries a value estimate (FB-4)"))
    risk = context.value(record, "competition_risk")
    if risk is None:
        points.append(tr("a sales opportunity carries a competition-risk flag (FB-4)"))
    elif risk and not present(context.value(record, "competitor")):
        points.append(tr("a flagged competition risk names the competitor (FB-4)"))
    return points or True


def _routed(record: Feedback, context: Context) -> Mapping[str, Any]:
    category = context.data.get("category", record.category)
    return {"department": ROUTES[category]}


def _evaluation_owed(record: Feedback, context: Context) -> Iterable[Obligation]:
    role = _EVALUATOR[record.category] if record.category is not None else Role.SALES_REP
    due = timer_due("FB-5", context.at, context)
    return (
        Obligation(
            rule="FB-5", what=tr("evaluate the feasibility"), role=role, due=due, timer="FB-5"
        ),
    )


def _feasible(record: Feedback, context: Context) -> bool | Iterable[str]:
    changes = {k: v for k, v in context.data.items() if k in ("feasibility", "plan", "owner")}
    gaps = feasibility_gaps(attrs.evolve(record, **changes))
    return gaps or True


def _add_progress(record: Feedback, context: Context) -> Mapping[str, Any]:
    update = ProgressUpdate(
        at=context.at,
        note=context.data["note"],
        by=context.by.id,
        new_due_on=context.data.get("new_due_on"),
        reason=context.data.get("reason", ""),
    )
    return {"progress": record.progress.appended(update)}


def _reason_for_new_date(_: Feedback, context: Context) -> bool:
    return context.data.get("new_due_on") is None or present(context.data.get("reason"))


_WEEKLY = owe("FB-6", tr("record the next progress"), Role.SALES_REP)
# CO-3: the system tells the other side when a need is closed, at once
_CLOSED_NOTICE = tell(
    "CO-3",
    tr("tell after-sales the feedback is closed, with the result"),
    Role.AFTER_SALES_SUPERVISOR,
    at_once=True,
)

FEEDBACK: Workflow[Feedback, FeedbackStatus] = Workflow(
    name="FEEDBACK",
    record=Feedback,
    states=FeedbackStatus,
    initial=_F.COLLECTED,
    final=frozenset({_F.COMPLETED, _F.NOT_ADOPTED}),
    data_types={"note": str, "new_due_on": date, "reason": str},
    rules=(
        on("classify", _F.COLLECTED, to=_F.CLASSIFIED,
           roles=ENGINEERS,
           when=[needs("category", tr("classify as product, sales opportunity or service (FB-3)")),
                 holds("opportunity_data", tr("sales-opportunity data (FB-4)"), _opportunity_data)],
           takes=["category", "value_estimate", "value_note", "competition_risk", "competitor"],
           stamps="classified_at", sets=_routed, owes=[_evaluation_owed], rule="FB-3"),
        on("evaluate", _F.CLASSIFIED, to=_F.EVALUATED,
           roles=SALES | {Role.PRODUCT_MANAGER} | AFTER_SALES_LEADS,
           when=[needs("feasibility", tr("the evaluation is high, medium or low (FB-5)")),
                 holds("feasibility_requirements", tr("what the level requires (FB-5)"),
                       _feasible)],
           takes=["feasibility", "plan", "owner"], stamps="evaluated_at",
           owes=[tell("FB-10",
                      tr("tell after-sales the feasibility of {r.number}: {r.feasibility}"),
                      Role.AFTER_SALES_SUPERVISOR, at_once=True)],
           rule="FB-5"),
        on("start", _F.EVALUATED, to=_F.IN_PROGRESS, owes=[_WEEKLY], rule="FB-6"),
        on("record_progress", _F.IN_PROGRESS,
           when=[needs("note", tr("progress says what happened (FB-6)")),
                 holds("reason_required", tr("a new planned date says why (FB-6)"),
                       _reason_for_new_date)],
           takes=["note", "new_due_on", "reason"], sets=_add_progress, owes=[_WEEKLY],
           rule="FB-6"),
        on("complete", _F.EVALUATED, _F.IN_PROGRESS, to=_F.COMPLETED,
           when=[needs("lesson", tr("completing records the lesson learned (FB-7)"))],
           takes=["lesson"], stamps="completed_at", owes=[_CLOSED_NOTICE], rule="FB-7"),
        on("decline", _F.CLASSIFIED, _F.EVALUATED, _F.IN_PROGRESS, to=_F.NOT_ADOPTED,
           when=[needs("result_reason", tr("not adopting says why (FB-7)"))],
           takes=["result_reason"], stamps="completed_at", owes=[_CLOSED_NOTICE], rule="FB-7"),
    ),
)  # fmt: skip
"""Feedback: collected → classified → evaluated → in progress → completed / not adopted
(RULES FB-2…FB-7)."""
