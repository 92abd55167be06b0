"""The complaint workflow (RULES CP-1…CP-4, CP-6): handled until the customer is satisfied.

received → acknowledged → investigating → measures → resolved → revisited; a revisit that
finds the customer dissatisfied sends the complaint back to measures (CP-6).

Examples:
    >>> from salescare.workflow import COMPLAINT
    >>> [s.value for s in COMPLAINT.states][:3]
    ['received', 'acknowledged', 'investigating']
"""

from __future__ import annotations

from collections.abc import Iterable

from salescare.i18n import tr
from salescare.models import Complaint
from salescare.vocabulary import ComplaintStatus, Role
from salescare.workflow.define import holds, needs, on, tell
from salescare.workflow.machine import Context, Obligation, Workflow

__all__ = ["COMPLAINT"]

_C = ComplaintStatus
# CP-5: a dedicated complaint team (投诉处理小组) acknowledges, investigates, concludes and resolves
_TEAM = frozenset({Role.COMPLAINT_HANDLER})


def _measure_deadlines(record: Complaint, _: Context) -> Iterable[Obligation]:
    return tuple(
        Obligation(
            rule="CP-3",
            what=tr(
                "{value}: {description} (owner {owner})",
                value=m.kind.value,
                description=m.description,
                owner=m.owner,
            ),
            role=Role.COMPLAINT_HANDLER,
            due=m.deadline,
        )
        for m in record.measures
        if m.done_at is None
    )


def _deadlines_ahead(record: Complaint, context: Context) -> bool | Iterable[str]:
    measures = context.value(record, "measures") or ()
    late = [
        tr("the deadline of '{description}' is not after now (CP-3)", description=m.description)
        for m in measures
        if m.deadline <= context.at
    ]
    return late or True


COMPLAINT: Workflow[Complaint, ComplaintStatus] = Workflow(
    name="COMPLAINT",
    record=Complaint,
    states=ComplaintStatus,
    initial=_C.RECEIVED,
    final=frozenset({_C.REVISITED}),
    rules=(
        on("acknowledge", _C.RECEIVED, to=_C.ACKNOWLEDGED, roles=_TEAM, stamps="acknowledged_at",
           rule="CP-1"),
        on("investigate", _C.ACKNOWLEDGED, to=_C.INVESTIGATING, roles=_TEAM, rule="CP-2"),
        on("conclude", _C.INVESTIGATING, to=_C.MEASURES, roles=_TEAM,
           when=[needs("cause", tr("the investigation names the cause (CP-2)")),
                 needs("responsible_party",
                       tr("the investigation names who is responsible (CP-2)")),
                 needs("measures", tr("at least one measure with owner and deadline (CP-3)")),
                 holds("deadlines_ahead", tr("measure deadlines (CP-3)"), _deadlines_ahead)],
           takes=["cause", "responsible_party", "measures"], owes=[_measure_deadlines],
           rule="CP-3"),
        on("resolve", _C.MEASURES, to=_C.RESOLVED, roles=_TEAM,
           stamps="resolved_at",
           owes=[tell("CP-4", tr("revisit to confirm satisfaction"), Role.ACCOUNT_MANAGER)],
           rule="CP-3"),
        on("revisit", _C.RESOLVED, to=_C.REVISITED,
           when=[holds("satisfied",
                       tr("the revisit finds the customer satisfied (CP-4, CP-6)"),
                       lambda r, c: c.value(r, "satisfied") is True),
                 needs("prevention", tr("summarise the preventive measures (CP-4)"))],
           takes=["satisfied", "prevention"], stamps="revisited_at", rule="CP-4"),
        # 「直至客户满意为止」: a dissatisfied customer sends the complaint back to handling
        on("revisit", _C.RESOLVED, to=_C.MEASURES,
           when=[holds("dissatisfied",
                       tr("the revisit finds the customer dissatisfied (CP-6)"),
                       lambda r, c: c.value(r, "satisfied") is False)],
           takes=["satisfied"],
           owes=[tell("CP-6", tr("handle {r.category} again until the customer is satisfied"),
                      Role.COMPLAINT_HANDLER)],
           rule="CP-6"),
    ),
)  # fmt: skip
"""Complaints: received → acknowledged → investigating → measures → resolved → revisited, back
to measures while the customer is dissatisfied (RULES CP-1…CP-4, CP-6)."""
