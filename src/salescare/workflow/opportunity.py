"""The opportunity workflow (manual 002 steps 3–7; DL-1…DL-4, DV-1…DV-3): a deal's stages.

graded → following → proposal → negotiation → contract → delivery → accepted → after-sales →
reviewed; lost from any open stage, then reviewed too.

Examples:
    >>> from salescare.workflow import OPPORTUNITY
    >>> OPPORTUNITY.status_field, OPPORTUNITY.initial.value
    ('stage', 'graded')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from salescare.i18n import tr
from salescare.ids import StaffNo
from salescare.models import Opportunity
from salescare.vocabulary import OpportunityStage, Role
from salescare.workflow.define import SALES, SALES_LEADS, holds, needs, on, owe, present, tell
from salescare.workflow.machine import Context, Guard, Workflow

__all__ = ["OPPORTUNITY"]

_O = OpportunityStage
_OPEN = (_O.GRADED, _O.FOLLOWING, _O.PROPOSAL, _O.NEGOTIATION, _O.CONTRACT)


def _arrives_later(record: Opportunity, context: Context) -> bool:
    arrival = context.value(record, "expected_arrival_at")
    return not present(arrival) or arrival > context.at  # a missing one is its own failure


def _reviewed(outcome: str) -> Guard:
    def check(record: Opportunity, context: Context) -> bool:
        review = context.value(record, "review")
        return present(review) and review.outcome.value == outcome

    return holds(
        "deal_review",
        tr("closing a {outcome} deal needs its deal review (DL-4)", outcome=outcome),
        check,
    )


def _review_complete(record: Opportunity, context: Context) -> bool | Iterable[str]:
    """DL-5: the review records the amount, the cycle and the supervisor's comment."""
    review = context.value(record, "review")
    if not present(review):
        return True  # the deal_review guard says so
    missing = [
        tr("the review gives {what} (DL-5)", what=what)
        for what, given in (
            (tr("the deal amount"), review.amount is not None),
            (tr("the deal cycle in days"), review.cycle_days is not None),
            (tr("the supervisor's comment"), bool(review.supervisor_comment.strip())),
        )
        if not given
    ]
    return missing or True


def _approved(_: Opportunity, context: Context) -> Mapping[str, Any]:
    """The closing supervisor approves the review (DL-5): their number and the time."""
    review = context.data["review"]
    approver = StaffNo.parse(context.by.id)
    return {"review": attrs.evolve(review, approved_by=approver, approved_at=context.at)}


_REVIEW = [holds("review_complete", tr("the deal review is complete (DL-5)"), _review_complete)]


OPPORTUNITY: Workflow[Opportunity, OpportunityStage] = Workflow(
    name="OPPORTUNITY",
    record=Opportunity,
    states=OpportunityStage,
    status_field="stage",
    initial=_O.GRADED,
    final=frozenset({_O.REVIEWED}),
    data_types={"certificate_signed": bool},
    rules=(
        on("follow", _O.GRADED, to=_O.FOLLOWING, roles=SALES, rule="GR-6"),
        on("propose", _O.FOLLOWING, to=_O.PROPOSAL,
           roles=SALES,
           when=[needs("proposal_reviewed_by", tr("the supervisor reviews the proposal (DL-1)"))],
           takes=["proposal_reviewed_by"], rule="DL-1"),
        on("negotiate", _O.PROPOSAL, to=_O.NEGOTIATION, roles=SALES, rule="DL-2"),
        on("sign", _O.NEGOTIATION, to=_O.CONTRACT,
           roles=SALES,
           when=[needs("legal_reviewed_by", tr("legal reviews the contract before signing (DL-3)")),
                 needs("contract_number", tr("the signed contract has its number (DL-3)")),
                 needs("expected_payment_on",
                       tr("the CRM records the expected payment date (DL-3)"))],
           takes=["legal_reviewed_by", "contract_number", "expected_payment_on", "amount"],
           stamps="signed_at",
           # 「签约后2小时内完成」: signing starts the handover clock (HO-1)
           owes=[owe("HO-1", tr("prepare the handover form (客户信息交接表)"), Role.SALES_REP)],
           rule="DL-3"),
        on("deliver", _O.CONTRACT, to=_O.DELIVERY,
           roles=SALES,
           when=[needs("delivery_plan", tr("a delivery plan with milestones and owners (DV-1)"))],
           takes=["delivery_plan"], stamps="delivered_at", rule="DV-1"),
        on("ship", _O.DELIVERY,
           roles=SALES,
           when=[needs("tracking_number", tr("the notice gives the tracking number (DV-5)")),
                 needs("expected_arrival_at", tr("the notice gives the expected arrival (DV-5)")),
                 holds("arrives_later", tr("the expected arrival is after the shipping (DV-5)"),
                       _arrives_later)],
           takes=["tracking_number", "expected_arrival_at"], stamps="shipped_at",
           owes=[tell("DV-5", tr("tell the customer the shipping time, expected arrival and "
                                 "tracking number {r.tracking_number}"),
                      Role.SALES_REP, at_once=True)],
           rule="DV-5"),
        on("accept", _O.DELIVERY, to=_O.ACCEPTED,
           roles=SALES,
           when=[holds("certificate_signed",
                       tr("the customer signs the acceptance certificate (DV-2)"),
                       lambda _, c: c.data.get("certificate_signed") is True)],
           takes=["certificate_signed"], stamps="accepted_at",
           owes=[owe("DV-3", tr("revisit the customer after delivery"), Role.SALES_REP)],
           rule="DV-2"),
        # 「签约即服务」: the handover may be made from signing on; the opportunity moves on to
        # after-sales once delivery is accepted
        on("hand_over", _O.CONTRACT, _O.DELIVERY, roles=SALES, rule="HO-1"),
        on("hand_over", _O.ACCEPTED, to=_O.AFTER_SALES, roles=SALES, rule="HO-1"),
        # the sales supervisor approves the deal review by closing (DL-5)
        on("close_won", _O.AFTER_SALES, to=_O.REVIEWED,
           roles=SALES_LEADS, when=[_reviewed("won"), *_REVIEW], takes=["review"],
           sets=_approved, rule="DL-5"),
        on("lose", *_OPEN, to=_O.LOST,
           roles=SALES,
           when=[needs("loss_reasons", tr("a lost deal names why (DL-4)"))],
           takes=["loss_reasons"], sets=lambda r, _: {"lost_at_stage": r.stage}, rule="DL-4"),
        on("close_lost", _O.LOST, to=_O.REVIEWED,
           roles=SALES_LEADS, when=[_reviewed("lost"), *_REVIEW], takes=["review"],
           sets=_approved, rule="DL-5"),
    ),
)  # fmt: skip
"""Opportunities: graded → following → proposal → negotiation → contract → delivery →
accepted → after-sales → reviewed; lost from any open stage, reviewed too (002 steps 3–7)."""
