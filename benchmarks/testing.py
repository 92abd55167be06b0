"""Does the testing kit find real bugs? Planted bugs in a team's refund workflow, 5 fresh runs each.

The workflow is ``examples/refunds.py`` (a team's own process beside the manuals': request,
approve — over 5,000 yuan only the director —, book within a day, or reject) with the team's
invariants. Each bug below is one change to it, of a different kind; each is hunted by
``workflow_machine(..., invariants=INVARIANTS)`` in 5 fresh runs (no example database, new
random seeds), up to 1,000 examples of up to 20 steps, and by the machine a team would
otherwise write by hand (one rule drawing any event, the actor and the data with ``st.data()``,
the same invariants checked after each step, no swarm) on the same settings.

For each bug: runs that found it, the median and slowest seconds (search and shrinking), and
the steps of the shrunk failing example against the fewest that show the bug. The correct
workflow is run too and must pass.

Run: ``python benchmarks/testing.py`` (``RUNS`` and ``PEER_RUNS`` set the runs per bug,
``ONLY`` a comma-separated list of bug names; all of it takes about half an hour on two cores).
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from examples.refunds import (
    APPROVERS,
    EVENT_DATA,
    INVARIANTS,
    LIMIT,
    RULES,
    Refund,
    S,
    _amount,
    _approver,
    _booking_owed,
    refund_workflow,
    refunds,
)

from salescare.errors import TransitionError, ValidationError
from salescare.models import Role
from salescare.serialize import from_dict, to_dict
from salescare.testing import actors, workflow_machine
from salescare.workflow import Context, Obligation, Workflow, fire, replay
from salescare.workflow.define import holds, on

RUNS = int(os.environ.get("RUNS", "5"))
PEER_RUNS = int(os.environ.get("PEER_RUNS", str(RUNS)))  # the hand-written machine is slower
ONLY = {name for name in os.environ.get("ONLY", "").split(",") if name}  # bug names to run
START = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
SETTINGS = settings(
    max_examples=1_000,
    stateful_step_count=20,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
    # no explain phase: the last run is then the shrunk example, whose steps are counted
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)


def _with(**changed: Any) -> dict[str, Any]:
    return {**RULES, **changed}


def _boundary() -> dict[str, Any]:
    def director_for_large(record: Refund, context: Context) -> bool:
        return record.amount <= 2 * LIMIT or context.by.role is Role.SALES_DIRECTOR

    guard = holds("director_for_large", "over 5,000 yuan the director approves", director_for_large)
    return _with(approve=attrs.evolve(RULES["approve"], guards=(guard,)))


def _deadline() -> dict[str, Any]:
    def late(record: Refund, context: Context) -> Mapping[str, Any]:
        return {**_approver(record, context), "book_by": context.at + timedelta(days=2)}

    return _with(approve=_approve(sets=late))


def _approve(**parts: Any) -> Any:
    """The approve transition with ``parts`` changed (an effect is rebuilt with its stamp)."""
    fields = {"roles": APPROVERS, "when": RULES["approve"].guards, "stamps": "approved_at",
              "sets": _approver, "owes": [_booking_owed], **parts}  # fmt: skip
    return on("approve", S.REQUESTED, to=S.APPROVED, **fields)


def _unreachable() -> dict[str, Any]:
    return _with(
        book=on("book", S.REQUESTED, S.APPROVED, to=S.BOOKED,
                roles={Role.AFTER_SALES_SUPERVISOR}, stamps="booked_at")
    )  # fmt: skip


def _owed_before() -> dict[str, Any]:
    def early(_: Refund, context: Context) -> Iterable[Obligation]:
        return (
            Obligation(rule="REFUND-2", what="book the approved refund",
                       role=Role.AFTER_SALES_SUPERVISOR, due=context.at - timedelta(hours=1)),
        )  # fmt: skip

    return _with(approve=_approve(owes=[early]))


def saved_and_loaded(refund: Refund) -> bool:
    """The team's store keeps a refund as it was (its bug: it drops the oldest of 3+ entries)."""
    row = to_dict(refund)
    if len(row["history"]) > 2:  # the planted bug
        row["history"] = row["history"][1:]
    return from_dict(Refund, row) == refund


def _rules() -> Mapping[str, Any]:
    return RULES


def _laws() -> Laws:
    return INVARIANTS


def _store() -> Laws:
    return (*INVARIANTS, saved_and_loaded)


def _booked_before_request() -> dict[str, Any]:
    # reopening a booked refund forgets to clear the booking; requesting again stamps later
    return _with(
        reopen=on("reopen", S.BOOKED, to=S.DRAFT, roles={Role.SALES_SUPERVISOR}),
    )


def _amended_after_approval() -> dict[str, Any]:
    return _with(
        amend=on("amend", S.DRAFT, S.APPROVED, roles={Role.SALES_REP}, takes=["amount"],
                 sets=_amount)
    )  # fmt: skip


def _not_replayable() -> dict[str, Any]:
    counter = itertools.count()

    def numbered(record: Refund, context: Context) -> Mapping[str, Any]:
        return {**_approver(record, context), "approved_by": f"S{next(counter):04d}"}

    return _with(approve=_approve(sets=numbered))


def _role_leak() -> dict[str, Any]:
    return _with(approve=attrs.evolve(RULES["approve"], roles=APPROVERS | {Role.SALES_REP}))


def _invalid_record() -> dict[str, Any]:
    def zero(record: Refund, _: Context) -> Mapping[str, Any]:
        return {"amount": record.amount - 1}

    return _with(
        reject=on("reject", S.REQUESTED, to=S.REJECTED, roles=APPROVERS, sets=zero),
    )


Laws = tuple[Callable[[Refund], bool], ...]
# (name, kind of bug, the variant's rules, the variant's invariants, fewest steps that show it)
BUGS: list[tuple[str, str, Callable[[], Mapping[str, Any]], Callable[[], Laws], int]] = [
    ("guard boundary", "over 5,000 approved by a supervisor (10,000 typed)", _boundary, _laws, 2),
    ("wrong deadline", "booking due 2 days after approval, not 1", _deadline, _laws, 2),
    ("unreachable state", "booked straight from requested", _unreachable, _laws, 2),
    ("obligation early", "booking owed an hour before the approval", _owed_before, _laws, 2),
    ("lost history entry", "the store drops the oldest of 3+ entries", _rules, _store, 3),
    ("booked before request", "reopen keeps the booking; request again",
     _booked_before_request, _laws, 5),
    ("two-step amount", "amended above 5,000 after a supervisor approved",
     _amended_after_approval, _laws, 3),
    ("not replayable", "approval names an approver from a counter", _not_replayable, _laws, 2),
    ("role leak", "a sales rep may approve", _role_leak, _laws, 2),
    ("invalid record", "rejecting lowers the amount by 1 (below 0 for 0)", _invalid_record,
     _laws, 2),
]  # fmt: skip


def ours(workflow: Workflow[Any, Any], laws: Laws) -> type[RuleBasedStateMachine]:
    machine = workflow_machine(workflow, refunds(), data=EVENT_DATA, invariants=laws)
    return _counting(machine)


def by_hand(workflow: Workflow[Any, Any], laws: Laws) -> type[RuleBasedStateMachine]:
    """The machine a team writes without the kit: one rule, everything drawn inside it."""
    events = workflow.events

    class Machine(RuleBasedStateMachine):
        @initialize(record=refunds())
        def begin(self, record: Refund) -> None:
            self.record = self.initial = record
            self.now = START
            self.steps = 0

        @rule(event=st.sampled_from(events), gap=st.integers(0, 30 * 3600), draw=st.data())
        def step(self, event: str, gap: int, draw: st.DataObject) -> None:
            self.steps += 1
            by = draw.draw(actors())
            data = draw.draw(EVENT_DATA[event]) if event in EVENT_DATA else {}
            self.now += timedelta(seconds=gap)
            try:
                done = fire(workflow, self.record, event, at=self.now, by=by, **data)
            except (TransitionError, ValidationError):
                return
            assert len(done.record.history) == len(self.record.history) + 1
            assert all(o.due is None or o.due >= self.now for o in done.obligations)
            self.record = done.record
            for law in laws:
                assert law(self.record), law.__name__

        def teardown(self) -> None:
            if getattr(self, "record", None) is not None:
                assert replay(workflow, self.initial, self.record.history) == self.record

    return _counting(Machine)


def _counting(machine: type[RuleBasedStateMachine]) -> type[RuleBasedStateMachine]:
    class Counted(machine):  # type: ignore[misc, valid-type]
        last_steps = 0

        def teardown(self) -> None:
            type(self).last_steps = getattr(self, "steps", 0)
            super().teardown()

    Counted.__name__ = machine.__name__
    return Counted


def hunt(
    make: Callable[[Workflow[Any, Any], Laws], type], workflow: Workflow[Any, Any], laws: Laws
) -> tuple[bool, float, int]:
    """One fresh run: whether it failed, its seconds, the steps of its shrunk example."""
    machine = make(workflow, laws)
    started = time.perf_counter()
    try:
        run_state_machine_as_test(machine, settings=SETTINGS)
    except Exception:  # noqa: BLE001 - any failure is the bug found
        return True, time.perf_counter() - started, machine.last_steps
    return False, time.perf_counter() - started, 0


def main() -> None:
    found, seconds, _ = hunt(ours, refund_workflow(), INVARIANTS)
    print(f"correct workflow: {'FAILED' if found else 'passes'} ({seconds:.1f} s)")
    header = f"{'bug':<22} {'machine':<8} {'found':>5} {'median s':>8} {'max s':>6} {'steps':>9}"
    print(header)
    print("-" * len(header))
    for name, _kind, rules, laws, fewest in BUGS:
        if ONLY and name not in ONLY:
            continue
        workflow = refund_workflow(rules(), name="REFUNDS")
        for label, make in (("ours", ours), ("by hand", by_hand)):
            count = RUNS if label == "ours" else PEER_RUNS
            if not count:
                continue
            runs = [hunt(make, workflow, laws()) for _ in range(count)]
            hits = [r for r in runs if r[0]]
            times = [r[1] for r in runs]
            steps = sorted({r[2] for r in hits})
            shown = "/".join(map(str, steps)) if steps else "-"
            print(
                f"{name:<22} {label:<8} {len(hits)}/{count:<3} {statistics.median(times):8.1f} "
                f"{max(times):6.1f} {shown:>5} ({fewest})",
                flush=True,
            )


if __name__ == "__main__":
    main()
