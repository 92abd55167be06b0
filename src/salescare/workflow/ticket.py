"""The ticket workflow (RULES TK-2…TK-10): pending → in progress → closed, with postponed.

Examples:
    >>> from salescare.workflow import TICKET
    >>> TICKET.events[:3]
    ('triage', 'assign', 'respond')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from salescare.completeness import ticket_gaps
from salescare.i18n import tr
from salescare.models import Pause, ProgressUpdate, Ticket
from salescare.sla import DEFAULT_TICKET_POLICY, TIMERS
from salescare.vocabulary import Level, Role, TicketStatus
from salescare.workflow.define import (
    AFTER_SALES_LEADS,
    ENGINEERS,
    SALES,
    holds,
    needs,
    on,
    once,
    owe,
    present,
    timer_due,
)
from salescare.workflow.machine import Context, Obligation, Workflow

__all__ = ["TICKET"]

_T = TicketStatus
_URGENT = frozenset({Level.L1, Level.L2})
# TK-9: a rating at or below the policy's threshold starts appeasement (the policy's number)
_APPEASE_AT_OR_BELOW = DEFAULT_TICKET_POLICY.appeasement_threshold


def _concrete(record: Ticket, _: Context) -> bool | Iterable[str]:
    gaps = ticket_gaps(record)
    return True if not gaps else [str(gap) for gap in gaps]


def _senior_for_urgent(record: Ticket, context: Context) -> bool:
    # compared by value: a role read from JSON text is the same role
    return record.level not in _URGENT or context.data.get("assignee_role") == Role.SENIOR_ENGINEER


def _junior_for_routine(record: Ticket, context: Context) -> bool:
    # TK-4: an L3 ticket goes to a junior engineer; naming no role leaves it to the supervisor
    role = context.data.get("assignee_role")
    return record.level != Level.L3 or role is None or role == Role.JUNIOR_ENGINEER


def _joint_for_l1(record: Ticket, _: Context) -> bool:
    # TK-5: an L1 ticket is always handled jointly with sales: joint handling starts first
    return record.level is not Level.L1 or record.joint_handling


def _sales_owner_linked(record: Ticket, context: Context) -> bool:
    return not record.sales_promise or present(context.value(record, "sales_owner"))


def _assigned(record: Ticket, _: Context) -> Mapping[str, Any]:
    return {"urgent": record.level in _URGENT}


def _timed(rule: str, key: str, what: str, role: Role, context: Context) -> tuple[Obligation]:
    """One obligation owed from the event on, by the timer ``key`` (chosen per record)."""
    due = timer_due(key, context.at, context)
    return (Obligation(rule=rule, what=what, role=role, due=due, timer=key),)


def _progress_due(record: Ticket, context: Context) -> Iterable[Obligation]:
    key = f"TK-6.{record.level}"
    if key not in TIMERS:
        return ()
    what = tr("post the next progress update on {number}", number=record.number)
    return _timed("TK-6", key, what, Role.ENGINEER, context)


def _expected_resolution(record: Ticket, context: Context) -> Mapping[str, Any]:
    """TK-12: triage sets the expected resolution from the level's TK-3 resolution target.

    The target counts from submission, as the resolution clock does; a time already given
    (a postponement's, say) is kept.
    """
    if record.expected_resolution_at is not None:
        return {}
    level = context.value(record, "level")  # given with the event, or already on the ticket
    return {
        "expected_resolution_at": timer_due(f"TK-3.{level}.resolve", record.submitted_at, context)
    }


def _copy_to_sales(record: Ticket, what: str, context: Context) -> tuple[Obligation, ...]:
    if record.sales_owner is None:
        return ()
    copied = tr(
        "copy of: {what} (to the sales owner {sales_owner})",
        what=what,
        sales_owner=record.sales_owner,
    )
    return (Obligation(rule="TK-13", what=copied, role=Role.SALES_REP, due=context.at),)


def _assignment_notices(record: Ticket, context: Context) -> Iterable[Obligation]:
    """TK-13: the assignment notice reaches the engineer at once, copied to the sales owner."""
    what = tr(
        "notify {assignee} of {number} by SMS, app push and e-mail",
        assignee=record.assignee,
        number=record.number,
    )
    notice = Obligation(rule="TK-13", what=what, role=Role.ENGINEER, due=context.at)
    return (notice, *_copy_to_sales(record, what, context))


def _escalation_notices(record: Ticket, context: Context) -> Iterable[Obligation]:
    """TK-13 / CO-3: an escalation reaches the supervisor at once, copied to the sales owner."""
    what = tr("escalation of {number}: {data}", number=record.number, data=context.data["reason"])
    notice = Obligation(rule="TK-13", what=what, role=Role.AFTER_SALES_SUPERVISOR, due=context.at)
    return (notice, *_copy_to_sales(record, what, context))


def _add_update(record: Ticket, context: Context) -> Mapping[str, Any]:
    update = ProgressUpdate(at=context.at, note=context.data["note"], by=context.by.id)
    return {"progress": record.progress.appended(update)}


def _open_pause(record: Ticket) -> bool:
    return any(p.end is None for p in record.pauses)


def _add_pause(record: Ticket, context: Context) -> Mapping[str, Any]:
    pause = Pause(start=context.at, reason=str(context.data.get("reason", "")))
    return {"pauses": (*record.pauses, pause)}


def _end_pauses(record: Ticket, context: Context) -> Mapping[str, Any]:
    ended = tuple(attrs.evolve(p, end=context.at) if p.end is None else p for p in record.pauses)
    return {"pauses": ended}


def _rated_low(record: Ticket) -> bool:
    return record.satisfaction is not None and record.satisfaction <= _APPEASE_AT_OR_BELOW


def _appeasement(record: Ticket, context: Context) -> Iterable[Obligation]:
    if not _rated_low(record):
        return ()
    what = tr(
        "appease the customer (客户安抚): {number} rated {satisfaction}",
        number=record.number,
        satisfaction=record.satisfaction,
    )
    return _timed("TK-15", "TK-15.appease", what, Role.SALES_REP, context)


def _low_rating(record: Ticket, context: Context) -> Mapping[str, Any]:
    score = context.value(record, "satisfaction")  # the rating this event gives
    low = score is not None and score <= _APPEASE_AT_OR_BELOW
    return {"low_rating_at": context.at} if low else {}


def _unappeased(record: Ticket, _: Context) -> bool:
    low, done = record.low_rating_at, record.appeased_at
    return low is not None and (done is None or done < low)


def _resolve_again(record: Ticket, context: Context) -> Iterable[Obligation]:
    if record.level is None:
        return ()
    what = tr("resolve the reopened ticket {number} again", number=record.number)
    return _timed("TK-15", f"TK-3.{record.level}.resolve", what, Role.ENGINEER, context)


def _reopened(_: Ticket, __: Context) -> Mapping[str, Any]:
    # the first resolution, its rating and the sync stay in the history entry of this event
    return {
        "resolved_at": None,
        "resolution": "",
        "satisfaction": None,
        "satisfaction_at": None,
        "synced_to_sales_at": None,
        "sales_contacted_at": None,
    }


def _expected_in_future(record: Ticket, context: Context) -> bool:
    expected = context.value(record, "expected_resolution_at")
    return not present(expected) or expected > context.at


TICKET: Workflow[Ticket, TicketStatus] = Workflow(
    name="TICKET",
    record=Ticket,
    states=TicketStatus,
    initial=_T.PENDING,
    final=frozenset(),  # a closed ticket rated low is reopened (TK-15): nothing is final
    data_types={"assignee_role": Role, "note": str, "reason": str},
    rules=(
        on("triage", _T.PENDING,
           roles=AFTER_SALES_LEADS | ENGINEERS,
           when=[needs("level", tr("a triaged ticket has a level L1, L2 or L3 (TK-3)")),
                 holds("concrete", tr("the problem description is concrete (TK-11)"), _concrete)],
           takes=["level"], stamps="triaged_at", sets=_expected_resolution,
           owes=[owe("TK-4", tr("assign the ticket to an engineer"), Role.AFTER_SALES_SUPERVISOR)],
           rule="TK-2",
           says=tr("grade and classify the ticket; set the expected resolution (TK-12)")),
        on("assign", _T.PENDING, to=_T.IN_PROGRESS,
           roles=AFTER_SALES_LEADS,
           when=[
               holds("triaged", tr("triage comes first (TK-2)"), lambda r, _: r.level is not None),
               needs("assignee", tr("an assigned ticket names its engineer")),
               holds("senior_for_urgent", tr("L1 and L2 tickets go to a senior engineer (TK-4)"),
                     _senior_for_urgent),
               holds("junior_for_routine", tr("L3 tickets go to a junior engineer (TK-4)"),
                     _junior_for_routine),
               holds("joint_for_l1", tr("an L1 ticket starts joint handling first (TK-5)"),
                     _joint_for_l1),
               holds("sales_owner_linked",
                     tr("a ticket about a sales promise links the sales owner (TK-4)"),
                     _sales_owner_linked),
           ],
           takes=["assignee", "assignee_role", "sales_owner"],
           stamps="assigned_at", sets=_assigned, owes=[_progress_due, _assignment_notices],
           rule="TK-4", says=tr("assign; L1/L2 to a senior engineer, tagged urgent")),
        on("respond", _T.IN_PROGRESS,
           roles=ENGINEERS,
           when=[once("first_response_at", "not_responded",
                      tr("the first response is already recorded"))],
           stamps="first_response_at", rule="TK-3"),
        on("start_joint", _T.PENDING, _T.IN_PROGRESS,
           roles=ENGINEERS,
           when=[needs("joint_triggers", tr("joint handling names its trigger (TK-5)")),
                 needs("sales_owner", tr("joint handling adds a sales co-handler (TK-5)"))],
           takes=["joint_triggers", "sales_owner"],
           stamps="joint_triggered_at", sets=lambda _, __: {"joint_handling": True},
           owes=[owe("TK-5", tr("hold the joint-handling sync meeting"), Role.ENGINEER)],
           rule="TK-5"),
        on("hold_joint_meeting", _T.PENDING, _T.IN_PROGRESS,
           roles=ENGINEERS | SALES,
           when=[holds("joint_started", tr("joint handling has not started (TK-5)"),
                       lambda r, _: r.joint_handling)],
           stamps="joint_meeting_at", rule="TK-5"),
        on("update", _T.IN_PROGRESS,
           roles=ENGINEERS,
           when=[needs("note", tr("a progress update says what happened (TK-6)"))],
           takes=["note"], sets=_add_update, owes=[_progress_due], rule="TK-6"),
        on("pause", _T.IN_PROGRESS,
           roles=ENGINEERS,
           when=[holds("not_paused", tr("the clock is already paused"),
                       lambda r, _: not _open_pause(r))],
           takes=["reason"], sets=_add_pause, rule="TK-10"),
        on("resume", _T.IN_PROGRESS,
           roles=ENGINEERS,
           when=[holds("paused", tr("the clock is not paused"), lambda r, _: _open_pause(r))],
           sets=_end_pauses, rule="TK-10"),
        on("postpone", _T.IN_PROGRESS, to=_T.POSTPONED,
           roles=ENGINEERS,
           when=[needs("postpone_reason", tr("postponing needs a reason (TK-7)")),
                 needs("expected_resolution_at", tr("postponing needs a new expected time (TK-7)")),
                 holds("expected_in_future", tr("the new expected time is not after now (TK-7)"),
                       _expected_in_future)],
           takes=["postpone_reason", "expected_resolution_at"], rule="TK-7"),
        on("resume_work", _T.POSTPONED, to=_T.IN_PROGRESS, roles=ENGINEERS, rule="TK-7"),
        # CO-3 / TK-13: an escalation reaches the after-sales supervisor, copied to sales
        on("escalate", _T.IN_PROGRESS, _T.POSTPONED,
           roles=ENGINEERS | AFTER_SALES_LEADS,
           when=[needs("reason", tr("an escalation says why (TK-13)"))],
           takes=["reason"], owes=[_escalation_notices], rule="TK-13"),
        on("close", _T.IN_PROGRESS, _T.POSTPONED, to=_T.CLOSED,
           roles=ENGINEERS,
           when=[needs("resolution", tr("closing needs the resolution result (TK-7)")),
                 needs("sales_suggestion",
                       tr("closing needs the sales follow-up suggestion (销售跟进建议, TK-14)"))],
           takes=["resolution", "sales_suggestion"],
           stamps="resolved_at", sets=_end_pauses,
           owes=[owe("TK-8.sync", tr("sync the resolution to sales"), Role.ENGINEER),
                 owe("TK-8.satisfaction", tr("collect the customer's satisfaction"),
                     Role.ENGINEER)],
           rule="TK-7"),
        on("sync_to_sales", _T.CLOSED,
           roles=ENGINEERS,
           when=[once("synced_to_sales_at", "not_synced", tr("already synced to sales"))],
           stamps="synced_to_sales_at",
           owes=[owe("TK-8.contact", tr("contact the customer about the fix"), Role.SALES_REP)],
           rule="TK-8"),
        on("contact_customer", _T.CLOSED,
           roles=SALES,
           when=[holds("synced", tr("the resolution is not synced to sales yet (TK-8)"),
                       lambda r, _: r.synced_to_sales_at is not None),
                 once("sales_contacted_at", "not_contacted",
                      tr("the customer was already contacted"))],
           stamps="sales_contacted_at", rule="TK-8"),
        on("rate", _T.CLOSED,
           roles=ENGINEERS,
           when=[needs("satisfaction", tr("a rating is a score from 1 to 5 (TK-8)")),
                 once("satisfaction", "not_rated", tr("satisfaction is already collected"))],
           takes=["satisfaction"], stamps="satisfaction_at", sets=_low_rating,
           owes=[_appeasement], rule="TK-8"),
        # TK-15: until the customer is satisfied: appease a low rating, reopen the ticket
        on("appease", _T.CLOSED, _T.IN_PROGRESS, _T.POSTPONED,
           roles=SALES,
           when=[holds("rated_low", tr("no low rating waits for appeasement (TK-15)"),
                       _unappeased)],
           stamps="appeased_at", rule="TK-15"),
        on("reopen", _T.CLOSED, to=_T.IN_PROGRESS,
           roles=AFTER_SALES_LEADS | ENGINEERS,
           when=[holds("rated_low", tr("only a ticket rated low is reopened (TK-15)"),
                       lambda r, _: _rated_low(r))],
           stamps="reopened_at", sets=_reopened,
           owes=[_resolve_again],
           rule="TK-15", says=tr("handle again until the customer is satisfied (TK-15)")),
    ),
)  # fmt: skip
"""Tickets: pending → in progress → closed, with postponed (RULES TK-2…TK-10)."""
