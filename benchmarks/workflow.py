"""Ticket transitions: salescare's pure workflow against `transitions` and `python-statemachine`.

Each flow takes a new ticket through triage → assign → progress update → close (resolve) →
sync to sales, the same guards on every side (level given and a concrete description, L1/L2
to a senior engineer, a progress note, a resolution result and sales suggestion, not synced
twice), the same field updates (the expected resolution at triage) and the same notice on
assignment. salescare
returns a new validated record each step (``attrs.evolve``) plus obligations; the peers mutate
a model object in place. The final states and fields are compared before timing.

Run: ``python benchmarks/workflow.py [flows]`` (default 20,000 flows = 100,000 transitions).
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from statemachine import State, StateMachine
from transitions import Machine

from salescare.completeness import DEFAULT_VAGUE_PHRASES, SUBJECTIVE_PHRASES
from salescare.ids import CustomerNo, StaffNo, TicketNo
from salescare.models import Actor, HistoryEntry, Level, Role, Ticket, TicketStatus
from salescare.workflow import TICKET, fire

FLOWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
REPEATS = 3
STEPS = 5
T0 = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
SUPERVISOR = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
ENGINEER = Actor(id="A0045", role=Role.SENIOR_ENGINEER)
ASSIGNEE = StaffNo.parse("A0045")
TIMES = [T0 + timedelta(minutes=m) for m in (5, 20, 60, 200, 260)]
SUGGESTION = "offer the add-on"
RESOLVE_HOURS = {Level.L1: 4, Level.L2: 8, Level.L3: 24}  # TK-3, for the peers' TK-12


def new_ticket(serial: int) -> Ticket:
    return Ticket(
        number=TicketNo(day=T0.date(), serial=serial % 999 + 1),
        customer=CustomerNo.parse("CUS20240515001"),
        customer_name="Lake Tech",
        description="Export shows wrong totals",
        submitted_at=T0,
    )


def assigned(serial: int) -> Ticket:
    """A new ticket, triaged and assigned (the first two transitions)."""
    ticket = new_ticket(serial)
    ticket = fire(TICKET, ticket, "triage", at=TIMES[0], by=SUPERVISOR, level=Level.L2).record
    return fire(
        TICKET,
        ticket,
        "assign",
        at=TIMES[1],
        by=SUPERVISOR,
        assignee=ASSIGNEE,
        assignee_role=Role.SENIOR_ENGINEER,
    ).record


def ours(serial: int) -> Ticket:
    ticket = assigned(serial)
    ticket = fire(TICKET, ticket, "update", at=TIMES[2], by=ENGINEER, note="cause found").record
    ticket = fire(
        TICKET,
        ticket,
        "close",
        at=TIMES[3],
        by=ENGINEER,
        resolution="patched",
        sales_suggestion=SUGGESTION,
    ).record
    return fire(TICKET, ticket, "sync_to_sales", at=TIMES[4], by=ENGINEER).record


class MutableTicket:
    """The model object a mutable state-machine library works on."""

    def __init__(self, serial: int) -> None:
        self.number = TicketNo(day=T0.date(), serial=serial % 999 + 1)
        self.submitted_at = T0
        self.level: Level | None = None
        self.triaged_at: datetime | None = None
        self.assignee: StaffNo | None = None
        self.assigned_at: datetime | None = None
        self.urgent = False
        self.joint_handling = False
        self.progress: list[tuple[datetime, str]] = []
        self.expected_resolution_at: datetime | None = None
        self.resolution = ""
        self.sales_suggestion = ""
        self.resolved_at: datetime | None = None
        self.synced_to_sales_at: datetime | None = None
        self.history: list[tuple[datetime, str, str]] = []
        self.notices: list[tuple[datetime, str, str]] = []
        self.description = "Export shows wrong totals"
        self.state = "pending"

    def notify_assignee(self, at: datetime) -> None:
        """TK-13, as the peers would write it: the engineer's notice, due now."""
        self.notices.append((at, "engineer", f"notify {self.assignee} of {self.number}"))


def _fold(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in normal if not unicodedata.category(ch).startswith(("P", "Z")))


_VAGUE = frozenset(_fold(p) for p in DEFAULT_VAGUE_PHRASES | SUBJECTIVE_PHRASES)


def _concrete(text: str) -> bool:
    """TK-11, as the peers would write it: at least four letters, not a placeholder."""
    folded = _fold(text)
    return len(folded) >= 4 and folded not in _VAGUE


def _level_given(event: Any) -> bool:
    return event.kwargs.get("level") is not None and _concrete(event.model.description)


class TransitionsTicket(MutableTicket):
    def do_triage(self, event: Any) -> None:
        self.level, self.triaged_at = event.kwargs["level"], event.kwargs["at"]
        self.expected_resolution_at = self.submitted_at + timedelta(hours=RESOLVE_HOURS[self.level])
        self.history.append((event.kwargs["at"], event.kwargs["by"], "triage"))

    def senior_for_urgent(self, event: Any) -> bool:
        return (
            self.level not in {Level.L1, Level.L2}
            or event.kwargs.get("assignee_role") is Role.SENIOR_ENGINEER
        )

    def junior_for_routine(self, event: Any) -> bool:
        role = event.kwargs.get("assignee_role")
        return self.level is not Level.L3 or role is None or role is Role.JUNIOR_ENGINEER

    def joint_for_l1(self, _: Any) -> bool:
        return self.level is not Level.L1 or self.joint_handling

    def do_assign(self, event: Any) -> None:
        self.assignee, self.assigned_at = event.kwargs["assignee"], event.kwargs["at"]
        self.urgent = self.level in {Level.L1, Level.L2}
        self.notify_assignee(event.kwargs["at"])
        self.history.append((event.kwargs["at"], event.kwargs["by"], "assign"))

    def do_update(self, event: Any) -> None:
        self.progress.append((event.kwargs["at"], event.kwargs["note"]))
        self.history.append((event.kwargs["at"], event.kwargs["by"], "update"))

    def do_close(self, event: Any) -> None:
        self.resolution, self.resolved_at = event.kwargs["resolution"], event.kwargs["at"]
        self.sales_suggestion = event.kwargs["sales_suggestion"]
        self.history.append((event.kwargs["at"], event.kwargs["by"], "close"))

    def do_sync(self, event: Any) -> None:
        self.synced_to_sales_at = event.kwargs["at"]
        self.history.append((event.kwargs["at"], event.kwargs["by"], "sync_to_sales"))


_TRANSITIONS = [
    {
        "trigger": "triage",
        "source": "pending",
        "dest": "pending",
        "conditions": _level_given,
        "after": "do_triage",
    },
    {
        "trigger": "assign",
        "source": "pending",
        "dest": "in_progress",
        "conditions": [
            "senior_for_urgent",
            "junior_for_routine",
            "joint_for_l1",
            lambda e: e.kwargs.get("assignee") is not None,
        ],
        "after": "do_assign",
    },
    {
        "trigger": "update",
        "source": "in_progress",
        "dest": "in_progress",
        "conditions": lambda e: bool(e.kwargs.get("note")),
        "after": "do_update",
    },
    {
        "trigger": "close",
        "source": "in_progress",
        "dest": "closed",
        "conditions": lambda e: (
            bool(e.kwargs.get("resolution")) and bool(e.kwargs.get("sales_suggestion"))
        ),
        "after": "do_close",
    },
    {
        "trigger": "sync_to_sales",
        "source": "closed",
        "dest": "closed",
        "conditions": lambda _: True,
        "after": "do_sync",
    },
]


def with_transitions(serial: int) -> TransitionsTicket:
    ticket = TransitionsTicket(serial)
    Machine(
        model=ticket,
        states=["pending", "in_progress", "closed"],
        transitions=_TRANSITIONS,
        initial="pending",
        send_event=True,
        auto_transitions=False,
    )
    by_sup, by_eng = SUPERVISOR.id, ENGINEER.id
    ticket.triage(level=Level.L2, at=TIMES[0], by=by_sup)  # type: ignore[attr-defined]
    ticket.assign(  # type: ignore[attr-defined]
        assignee=ASSIGNEE, assignee_role=Role.SENIOR_ENGINEER, at=TIMES[1], by=by_sup
    )
    ticket.update(note="cause found", at=TIMES[2], by=by_eng)  # type: ignore[attr-defined]
    ticket.close(  # type: ignore[attr-defined]
        resolution="patched", sales_suggestion=SUGGESTION, at=TIMES[3], by=by_eng
    )
    ticket.sync_to_sales(at=TIMES[4], by=by_eng)  # type: ignore[attr-defined]
    return ticket


class TicketFlow(StateMachine):
    pending = State(initial=True)
    in_progress = State()
    closed = State(final=True)

    triage = pending.to.itself(cond="level_given", on="do_triage")
    assign = pending.to(
        in_progress,
        cond=["senior_for_urgent", "junior_for_routine", "joint_for_l1", "assignee_given"],
        on="do_assign",
    )
    update = in_progress.to.itself(cond="note_given", on="do_update")
    close = in_progress.to(closed, cond="resolution_given", on="do_close")

    def __init__(self, ticket: MutableTicket) -> None:
        self.ticket = ticket
        super().__init__()

    def level_given(self, level: Level | None = None, **_: Any) -> bool:
        return level is not None and _concrete(self.ticket.description)

    def senior_for_urgent(self, assignee_role: Role | None = None, **_: Any) -> bool:
        return (
            self.ticket.level not in {Level.L1, Level.L2} or assignee_role is Role.SENIOR_ENGINEER
        )

    def junior_for_routine(self, assignee_role: Role | None = None, **_: Any) -> bool:
        level = self.ticket.level
        return level is not Level.L3 or assignee_role in {None, Role.JUNIOR_ENGINEER}

    def joint_for_l1(self, **_: Any) -> bool:
        return self.ticket.level is not Level.L1 or self.ticket.joint_handling

    def assignee_given(self, assignee: StaffNo | None = None, **_: Any) -> bool:
        return assignee is not None

    def note_given(self, note: str = "", **_: Any) -> bool:
        return bool(note)

    def resolution_given(self, resolution: str = "", sales_suggestion: str = "", **_: Any) -> bool:
        return bool(resolution) and bool(sales_suggestion)

    def do_triage(self, level: Level, at: datetime, by: str, **_: Any) -> None:
        self.ticket.level, self.ticket.triaged_at = level, at
        hours = timedelta(hours=RESOLVE_HOURS[level])
        self.ticket.expected_resolution_at = self.ticket.submitted_at + hours
        self.ticket.history.append((at, by, "triage"))

    def do_assign(self, assignee: StaffNo, at: datetime, by: str, **_: Any) -> None:
        self.ticket.assignee, self.ticket.assigned_at = assignee, at
        self.ticket.urgent = self.ticket.level in {Level.L1, Level.L2}
        self.ticket.notify_assignee(at)
        self.ticket.history.append((at, by, "assign"))

    def do_update(self, note: str, at: datetime, by: str, **_: Any) -> None:
        self.ticket.progress.append((at, note))
        self.ticket.history.append((at, by, "update"))

    def do_close(
        self, resolution: str, sales_suggestion: str, at: datetime, by: str, **_: Any
    ) -> None:
        self.ticket.resolution, self.ticket.resolved_at = resolution, at
        self.ticket.sales_suggestion = sales_suggestion
        self.ticket.history.append((at, by, "close"))


def with_statemachine(serial: int) -> MutableTicket:
    ticket = MutableTicket(serial)
    flow = TicketFlow(ticket)
    by_sup, by_eng = SUPERVISOR.id, ENGINEER.id
    flow.send("triage", level=Level.L2, at=TIMES[0], by=by_sup)
    flow.send(
        "assign", assignee=ASSIGNEE, assignee_role=Role.SENIOR_ENGINEER, at=TIMES[1], by=by_sup
    )
    flow.send("update", note="cause found", at=TIMES[2], by=by_eng)
    flow.send("close", resolution="patched", sales_suggestion=SUGGESTION, at=TIMES[3], by=by_eng)
    # a final state takes no more events in python-statemachine: record the sync directly
    ticket.synced_to_sales_at = TIMES[4]
    ticket.history.append((TIMES[4], by_eng, "sync_to_sales"))
    ticket.state = next(iter(flow.configuration)).id
    return ticket


def check_agreement() -> None:
    mine = ours(1)
    for peer in (with_transitions(1), with_statemachine(1)):
        assert mine.status is TicketStatus.CLOSED
        assert peer.state == "closed"
        assert (mine.level, mine.assignee, mine.urgent, mine.resolution) == (
            peer.level,
            peer.assignee,
            peer.urgent,
            peer.resolution,
        )
        assert (mine.sales_suggestion, mine.expected_resolution_at) == (
            peer.sales_suggestion,
            peer.expected_resolution_at,
        )
        assert (mine.triaged_at, mine.assigned_at, mine.resolved_at, mine.synced_to_sales_at) == (
            peer.triaged_at,
            peer.assigned_at,
            peer.resolved_at,
            peer.synced_to_sales_at,
        )
        assert [e.event for e in mine.history] == [event for _, _, event in peer.history]


def per_transition_us(flow: Callable[[int], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for serial in range(FLOWS):
            flow(serial)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) / (FLOWS * STEPS) * 1e6


def with_history(prior: int) -> Ticket:
    """A triaged, assigned ticket whose history already holds ``prior`` more entries."""
    ticket = assigned(1)
    notes = [HistoryEntry(at=TIMES[1], actor="A0045", event="note") for _ in range(prior)]
    return attrs.evolve(ticket, history=(*ticket.history, *notes))


def update_cost_us(prior: int, updates: int = 2_000) -> float:
    """Median cost of a progress update on a ticket with ``prior`` history entries.

    Each update fires on the record the previous one returned, as a CRM does: the history
    and the progress grow by one each time.
    """
    ticket = with_history(prior)
    timings = []
    for index in range(updates):
        start = time.perf_counter()
        ticket = fire(
            TICKET,
            ticket,
            "update",
            at=TIMES[2] + timedelta(seconds=index),
            by=ENGINEER,
            note="cause found",
        ).record
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1e6


def main() -> None:
    short, long = update_cost_us(1), update_cost_us(10_000)
    print(
        f"progress update with 1 prior history entry {short:6.2f} µs, with 10,000 "
        f"{long:6.2f} µs: ratio {long / short:5.2f}× (target ≤ 1.50×)"
    )
    check_agreement()
    mine = per_transition_us(ours)
    for name, flow in (
        ("transitions (mutable model)", with_transitions),
        ("python-statemachine", with_statemachine),
    ):
        theirs = per_transition_us(flow)
        print(
            f"ticket flow, {FLOWS:,} flows x {STEPS} transitions vs {name:<28} "
            f"ours {mine:6.2f} µs/transition  peer {theirs:6.2f} µs/transition  "
            f"ratio {mine / theirs:5.2f}× (target ≤ 1.00×)"
        )


if __name__ == "__main__":
    main()
