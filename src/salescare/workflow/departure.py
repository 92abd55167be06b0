"""A departing rep's handover of customers (RULES CX-4): listing → submitted → approved.

Examples:
    >>> from salescare.workflow import DEPARTURE
    >>> DEPARTURE.events
    ('submit', 'approve', 'report')
"""

from __future__ import annotations

from collections.abc import Iterable

from salescare.i18n import tr
from salescare.models import Departure
from salescare.vocabulary import DepartureStatus, Role
from salescare.workflow.define import SALES, SALES_LEADS, holds, needs, on, tell, timer_due
from salescare.workflow.machine import Context, Obligation, Workflow

__all__ = ["DEPARTURE"]

_D = DepartureStatus


def _after_approval(record: Departure, context: Context) -> Iterable[Obligation]:
    customers = ", ".join(str(item.customer) for item in record.items)
    return (
        Obligation(
            rule="CX-4",
            what=tr(
                "move access from {rep} to {successor}: {customers}",
                rep=record.rep,
                successor=record.successor,
                customers=customers,
            ),
            role=Role.SALES_SUPERVISOR,
            due=context.at,
        ),
        Obligation(
            rule="CX-4",
            what=tr(
                "{rep} may not contact {customers} before this time",
                rep=record.rep,
                customers=customers,
            ),
            role=Role.SALES_REP,
            due=timer_due("CX-4.no_contact", context.at, context),
            timer="CX-4.no_contact",
        ),
        Obligation(
            rule="CX-4",
            what=tr(
                "{successor} reports weekly on the customers taken over", successor=record.successor
            ),
            role=Role.SALES_REP,
            due=timer_due("CX-4.report", context.at, context),
            timer="CX-4.report",
        ),
    )


def _by_successor(record: Departure, context: Context) -> bool:
    return context.by.id == str(record.successor)


DEPARTURE: Workflow[Departure, DepartureStatus] = Workflow(
    name="DEPARTURE",
    record=Departure,
    states=DepartureStatus,
    initial=_D.LISTING,
    final=frozenset({_D.APPROVED}),
    rules=(
        on("submit", _D.LISTING, to=_D.SUBMITTED,
           roles=SALES,
           when=[needs("items", tr("the handover lists every customer (CX-4)"))],
           takes=["items"], stamps="submitted_at",
           owes=[tell("CX-4", tr("approve {r.rep}'s handover to {r.successor}"),
                      Role.SALES_SUPERVISOR)],
           rule="CX-4"),
        on("approve", _D.SUBMITTED, to=_D.APPROVED,
           roles=SALES_LEADS,
           when=[needs("approved_by", tr("the approving supervisor is named (CX-4)"))],
           takes=["approved_by"], stamps="approved_at", owes=[_after_approval], rule="CX-4"),
        on("report", _D.APPROVED,
           roles=SALES,
           when=[holds("successor", tr("the successor reports (CX-4)"), _by_successor)],
           stamps="reported_at", rule="CX-4"),
    ),
)  # fmt: skip
"""A departing rep's handover: listing → submitted → approved (RULES CX-4)."""
