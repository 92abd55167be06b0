"""The handover workflow (RULES HO-1…HO-7): sales hands a signed customer to after-sales.

draft → submitted → checked → pending confirmation → confirmed (or needs supplement, then
submitted again) → archived.

Examples:
    >>> from salescare.workflow import HANDOVER
    >>> HANDOVER.events
    ('submit', 'check', 'assign', 'open', 'confirm', 'request_supplement', 'archive')
"""

from __future__ import annotations

from collections.abc import Iterable

from salescare.completeness import handover_gaps
from salescare.i18n import tr
from salescare.models import Handover
from salescare.vocabulary import HandoverStatus, Role
from salescare.workflow.define import (
    AFTER_SALES_LEADS,
    ENGINEERS,
    SALES,
    SALES_LEADS,
    holds,
    needs,
    on,
    owe,
    tell,
)
from salescare.workflow.machine import Context, Workflow

__all__ = ["HANDOVER"]

_H = HandoverStatus


def _unopened(record: Handover, _: Context) -> bool:
    # a resubmitted form is assigned afresh: an opening before that assignment does not count
    return record.opened_at is None or (
        record.assigned_at is not None and record.opened_at < record.assigned_at
    )


def _complete(record: Handover, _: Context) -> bool | Iterable[str]:
    gaps = handover_gaps(record)
    return True if not gaps else [str(gap) for gap in gaps]


HANDOVER: Workflow[Handover, HandoverStatus] = Workflow(
    name="HANDOVER",
    record=Handover,
    states=HandoverStatus,
    initial=_H.DRAFT,
    final=frozenset({_H.ARCHIVED}),
    rules=(
        on("submit", _H.DRAFT, _H.NEEDS_SUPPLEMENT, to=_H.SUBMITTED,
           roles=SALES,
           when=[holds("complete", tr("the form is complete (HO-6)"), _complete)],
           stamps="handed_over_at",
           owes=[tell("HO-3", tr("check the handover of {r.customer_name}"),
                      Role.SALES_SUPERVISOR)],
           rule="HO-2"),
        on("check", _H.SUBMITTED, to=_H.CHECKED,
           roles=SALES_LEADS,
           owes=[tell("HO-3", tr("assign an engineer to {r.customer_name}"),
                      Role.AFTER_SALES_SUPERVISOR)],
           rule="HO-3"),
        on("assign", _H.CHECKED, to=_H.PENDING,
           roles=AFTER_SALES_LEADS,
           when=[needs("after_sales_owner", tr("the assigned engineer is named (HO-3)"))],
           takes=["after_sales_owner"], stamps="assigned_at",
           owes=[owe("HO-4.open", tr("open the handover"), Role.ENGINEER),
                 owe("HO-4.confirm", tr("confirm the handover or ask for supplement"),
                     Role.ENGINEER)],
           rule="HO-3"),
        on("open", _H.PENDING,
           roles=ENGINEERS,
           when=[holds("unopened", tr("the handover is opened once (HO-4)"), _unopened)],
           stamps="opened_at", rule="HO-4"),
        on("confirm", _H.PENDING, to=_H.CONFIRMED,
           roles=ENGINEERS,
           when=[needs("planned_service_start",
                       tr("confirming names the planned service start (HO-5)"))],
           takes=["planned_service_start"], stamps="confirmed_at", rule="HO-5"),
        on("request_supplement", _H.PENDING, to=_H.NEEDS_SUPPLEMENT,
           roles=ENGINEERS,
           when=[needs("remarks", tr("say what must be supplied (HO-4)"))],
           takes=["remarks"],
           owes=[tell("HO-4", tr("supply what the engineer asked for and resubmit"),
                      Role.SALES_REP)],
           rule="HO-4"),
        on("archive", _H.CONFIRMED, to=_H.ARCHIVED,
           roles=SALES_LEADS | AFTER_SALES_LEADS, rule="HO-7"),
    ),
)  # fmt: skip
"""Handovers: draft → submitted → checked → pending confirmation → confirmed / needs
supplement → archived (RULES HO-1…HO-7)."""
