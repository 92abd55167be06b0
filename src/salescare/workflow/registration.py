"""The customer registration workflow (RULES LD-3…LD-6, CX-1): a lead becomes a customer.

lead → screened (or dropped) → submitted → passed / needs supplement / rejected → entered.

Examples:
    >>> from salescare.workflow import REGISTRATION
    >>> sorted(s.value for s in REGISTRATION.final)
    ['dropped', 'entered', 'rejected']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salescare.i18n import tr
from salescare.ids import StaffNo
from salescare.models import Registration
from salescare.vocabulary import RegistrationStatus, ReviewDecision, Role
from salescare.workflow.define import SALES, SALES_LEADS, holds, needs, on, owe, present
from salescare.workflow.machine import Context, Effect, Workflow

__all__ = ["REGISTRATION"]

_G = RegistrationStatus


def _follow_up_ahead(record: Registration, context: Context) -> bool:
    when = context.value(record, "next_follow_up_at")
    return not present(when) or when > context.at  # a missing one is its own failure


def _owned(record: Registration, context: Context) -> Mapping[str, Any]:
    """LD-9: the owning rep, the one who enters the record unless another is named."""
    if present(context.value(record, "owner")):
        return {}
    return {"owner": StaffNo.parse(context.by.id)}


def _decided(decision: ReviewDecision) -> Effect:
    return lambda _, context: {"decision": decision, "reviewed_at": context.at}


def _fresh_review(_: Registration, __: Context) -> Mapping[str, Any]:
    # a resubmission is reviewed afresh; the earlier review stays in the history
    return {"reviewed_at": None, "decision": None}


REGISTRATION: Workflow[Registration, RegistrationStatus] = Workflow(
    name="REGISTRATION",
    record=Registration,
    states=RegistrationStatus,
    initial=_G.LEAD,
    final=frozenset({_G.DROPPED, _G.REJECTED, _G.ENTERED}),
    rules=(
        on("screen", _G.LEAD, to=_G.SCREENED, roles=SALES, rule="LD-3"),
        on("drop", _G.LEAD, _G.SCREENED, to=_G.DROPPED,
           roles=SALES,
           when=[needs("reason", tr("a dropped lead keeps its reason (LD-3)"))],
           takes=["reason"], rule="LD-3"),
        on("submit", _G.SCREENED, _G.NEEDS_SUPPLEMENT, to=_G.SUBMITTED,
           roles=SALES,
           stamps="submitted_at", sets=_fresh_review,
           owes=[owe("CX-1", tr("review the registration"), Role.SALES_SUPERVISOR)],
           rule="LD-4"),
        on("approve", _G.SUBMITTED, to=_G.PASSED,
           roles=SALES_LEADS,
           takes=["reviewer"], sets=_decided(ReviewDecision.PASS),
           owes=[owe("LD-5", tr("enter the customer in the CRM"), Role.SALES_REP)],
           rule="LD-4"),
        on("approve_after_supplement", _G.SUBMITTED, to=_G.NEEDS_SUPPLEMENT,
           roles=SALES_LEADS,
           when=[needs("reason", tr("say what must be supplemented (LD-4)"))],
           takes=["reviewer", "reason"], sets=_decided(ReviewDecision.PASS_AFTER_SUPPLEMENT),
           rule="LD-4"),
        on("reject", _G.SUBMITTED, to=_G.REJECTED,
           roles=SALES_LEADS,
           when=[needs("reason", tr("a rejection gives its reason (LD-4)"))],
           takes=["reviewer", "reason"], sets=_decided(ReviewDecision.REJECT), rule="LD-4"),
        on("enter", _G.PASSED, to=_G.ENTERED,
           roles=SALES,
           when=[needs("customer_code", tr("an entered customer gets its code (LD-6)")),
                 needs("need_tags", tr("the CRM record carries need tags, e.g. 急采设备 (LD-9)")),
                 needs("next_follow_up_at",
                       tr("the CRM record gives the expected follow-up (LD-9)")),
                 holds("follow_up_ahead", tr("the expected follow-up is after now (LD-9)"),
                       _follow_up_ahead)],
           takes=["customer_code", "need_tags", "next_follow_up_at", "owner"],
           stamps="entered_at", sets=_owned, rule="LD-5"),
    ),
)  # fmt: skip
"""Registrations: lead → screened (or dropped) → submitted → passed / needs supplement /
rejected → entered (RULES LD-3…LD-6, CX-1)."""
