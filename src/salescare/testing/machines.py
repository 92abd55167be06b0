"""Stateful testing of workflows: a Hypothesis state machine that fires random events.

Each event of the workflow is a rule of its own (``fire_close``), so Hypothesis's swarm testing
turns whole events off in some runs and the failing steps read as the events fired. After
every step the machine checks the laws every workflow keeps and the team's own invariants;
each step is noted (accepted or refused, and why, and the status after), and statistics of
events fired, accepted and refused and of states reached are kept for
``--hypothesis-show-statistics``. The number of states reached and of (state, event, outcome)
triples seen are targets, so the search leans towards unvisited states and guards.

Examples:
    >>> from salescare.workflow import COMPLAINT
    >>> from salescare.testing import complaints
    >>> Machine = workflow_machine(COMPLAINT, complaints())
    >>> Machine.__name__, sorted(name for name in vars(Machine) if name.startswith("fire_"))[:2]
    ('ComplaintMachine', ['fire_acknowledge', 'fire_conclude'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import attrs
from hypothesis import event as hypothesis_event
from hypothesis import note, target
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from salescare.calendars import WorkCalendar
from salescare.errors import TransitionError, ValidationError
from salescare.models import (
    Actor,
)
from salescare.testing._overrides import overridable
from salescare.testing.scalars import (
    _later,
    members,
    staff_numbers,
)
from salescare.vocabulary import (
    Role,
)
from salescare.workflow import Workflow, fire, replay, version

__all__ = ["Invariant", "Shown", "actors", "workflow_machine"]


@overridable(Actor)
def actors(*, roles: st.SearchStrategy[Role] | None = None) -> st.SearchStrategy[Actor]:
    """People acting on records, with any role unless ``roles`` narrows it."""
    return st.builds(
        Actor,
        id=staff_numbers().map(str),
        role=roles if roles is not None else members(Role),
        team=st.sampled_from(["east", "west", ""]),
    )


Invariant = Callable[[Any], object]
"""A law of the team's own: a function of the record that raises or returns ``False`` when
the record breaks it (any other return value, ``None`` included, means it holds)."""


def workflow_machine(  # noqa: C901 - one closure per rule, kept together
    workflow: Workflow[Any, Any],
    records: st.SearchStrategy[Any],
    *,
    data: Mapping[str, st.SearchStrategy[Mapping[str, Any]]] | None = None,
    people: st.SearchStrategy[Actor] | None = None,
    max_gap: timedelta = timedelta(hours=30),
    calendar: WorkCalendar | None = None,
    invariants: Iterable[Invariant] = (),
) -> type[RuleBasedStateMachine]:
    """A Hypothesis state machine that fires random events at a record and checks the laws.

    ``records`` draws starting records (they are moved to the workflow's initial state with an
    empty history); ``data`` maps an event to a strategy for its keyword data; ``people``
    draws the actors; ``calendar`` is passed to :func:`~salescare.workflow.fire` for the
    obligations' due times (give an unbounded one when records span years outside China's
    bundled holiday data); ``invariants`` are the team's own laws, plain functions of the
    record (see :data:`Invariant`), checked on the starting record and after every accepted
    event. After every event the machine also checks: the record still validates, its status
    is a state of the workflow, history grew by exactly one entry when the event was accepted
    and by none when it was refused (the version counts the events), the record passed in was
    not changed, every obligation is due at or after the event, and at the end the history
    replays to the record (:func:`~salescare.workflow.replay`). Use it for workflows you define
    yourself::

        TestMyWorkflow = workflow_machine(MY_FLOW, my_records(), invariants=[my_law]).TestCase

    A failure shows the events fired (one rule per event), a note per step ("step 2: approve
    by sales_supervisor → accepted; status approved") and the records with only the fields
    that differ from their defaults.
    """
    if not isinstance(workflow, Workflow):
        raise ValidationError(
            ("salescare.testing", "workflow_machine"), workflow, "is not a Workflow", "a Workflow"
        )
    event_data = dict(data or {})
    laws = tuple(invariants)
    for law in laws:
        if not callable(law):
            raise ValidationError(
                ("salescare.testing", "workflow_machine", "invariants"),
                law,
                "is not a function of the record",
                "callables taking the record",
            )
    states = frozenset(cast("Iterable[Any]", workflow.states))
    gaps = st.integers(min_value=0, max_value=int(max_gap.total_seconds()))

    class WorkflowMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.record: Any = None
            self.initial: Any = None
            self.now: datetime | None = None
            self.accepted = 0
            self.steps = 0
            self.reached: set[Any] = set()
            self.seen: set[tuple[Any, str, str]] = set()

        @initialize(start=records.map(Shown))
        def begin(self, start: Shown) -> None:
            self.record = attrs.evolve(
                start.record,
                **{workflow.status_field: workflow.initial, workflow.history_field: ()},
            )
            self.initial = self.record
            self.now = _latest_time(self.record)
            self._reach()
            note(f"start: {_brief(self.record)}")
            self._check_laws("the starting record")

        def _fire(self, event: str, gap: int, by: Actor, extra: Mapping[str, Any]) -> None:
            assert self.now is not None
            self.steps += 1
            at = _later(self.now, gap)
            before = self.record
            state = getattr(before, workflow.status_field)
            # a frozen record changes only by a field being set anew: its fields' identities
            snapshot = _identities(before)
            history = len(getattr(before, workflow.history_field))
            hypothesis_event(f"fired {event}")
            try:
                step = fire(workflow, before, event, at=at, by=by, calendar=calendar, **extra)
            except (TransitionError, ValidationError) as refusal:  # refused, or bad event data
                kind = type(refusal).__name__
                hypothesis_event(f"refused {event} ({kind})")
                self.seen.add((state, event, kind))
                note(f"step {self.steps}: {event} by {by.role} → refused ({refusal})")
                assert _identities(before) == snapshot, "a refused event changed the record"
                assert len(getattr(self.record, workflow.history_field)) == history
                return
            assert _identities(before) == snapshot, "firing changed the record passed in"
            after = step.record
            status = getattr(after, workflow.status_field)
            hypothesis_event(f"accepted {event}")
            self.seen.add((state, event, "accepted"))
            note(f"step {self.steps}: {event} by {by.role} at {at.isoformat()} → accepted; "
                 f"status {_value(status)}")  # fmt: skip
            attrs.validate(after)
            assert type(after) is type(before)
            assert status in states, f"status {status!r} is not a state of {workflow.name}"
            grown = len(getattr(after, workflow.history_field))
            assert grown == history + 1, f"history went from {history} to {grown} entries"
            assert getattr(after, workflow.history_field)[-1] == step.entry
            for obligation in step.obligations:
                assert obligation.due is None or obligation.due >= at, (
                    f"{obligation.rule} is due {obligation.due} before its event at {at}"
                )
            assert version(workflow, after) == history + 1
            self.record, self.now = after, at
            self.accepted += 1
            self._reach()
            self._check_laws(f"step {self.steps} ({event})")

        def _reach(self) -> None:
            status = getattr(self.record, workflow.status_field)
            self.reached.add(status)
            hypothesis_event(f"reached {_value(status)}")

        def _check_laws(self, when: str) -> None:
            for law in laws:
                name = getattr(law, "__name__", repr(law))
                try:
                    held = law(self.record)
                except AssertionError as broken:
                    raise AssertionError(
                        f"invariant {name} broken after {when}: {broken}; {_brief(self.record)}"
                    ) from None
                assert held is not False, f"invariant {name} broken after {when}: " + _brief(
                    self.record
                )

        def teardown(self) -> None:
            # once per run, not per step: replaying N events after each of them is O(N²)
            _assert_replays(workflow, self.initial, self.record, calendar)
            if self.record is not None:  # lean towards runs that reach more, and more guards
                target(float(len(self.reached)), label="states reached")
                target(float(len(self.seen)), label="(state, event, outcome) seen")

    for name in workflow.events:
        extra = event_data.get(name, st.just({}))
        _add_event_rule(WorkflowMachine, name, gaps, _actors_for(workflow, name, people), extra)
    WorkflowMachine.__name__ = f"{workflow.name.title()}Machine"
    WorkflowMachine.__qualname__ = WorkflowMachine.__name__
    return WorkflowMachine


def _add_event_rule(
    machine: type[Any],
    event: str,
    gaps: st.SearchStrategy[int],
    people: st.SearchStrategy[Actor],
    data: st.SearchStrategy[Mapping[str, Any]],
) -> None:
    # the actor and the data are the rule's own arguments (not drawn inside it), so a failure
    # prints them with the step and the shrinker works on each directly
    def fire_one(self: Any, gap: int, by: Actor, data: Mapping[str, Any]) -> None:
        self._fire(event, gap, by, data)

    name = "fire_" + "".join(c if c.isalnum() else "_" for c in event)
    fire_one.__name__ = fire_one.__qualname__ = name
    setattr(machine, name, rule(gap=gaps, by=people, data=data)(fire_one))


def _identities(record: Any) -> tuple[int, ...]:
    return tuple(id(getattr(record, field.name)) for field in attrs.fields(type(record)))


class Shown:
    """A drawn record, printed in failures with only the fields that differ from defaults."""

    __slots__ = ("record",)

    def __init__(self, record: Any) -> None:
        self.record = record

    def __repr__(self) -> str:
        return _brief(self.record)


def _brief(record: Any) -> str:
    """``Type(field=value, ...)`` with the fields that are required or not at their default."""
    if not attrs.has(type(record)):
        return repr(record)
    shown = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory() if not default.takes_self else attrs.NOTHING
        if default is attrs.NOTHING or value != default:
            shown.append(f"{field.name}={value!r}")
    return f"{type(record).__name__}({', '.join(shown)})"


def _value(status: Any) -> Any:
    return getattr(status, "value", status)


def _assert_replays(
    workflow: Workflow[Any, Any], initial: Any, record: Any, calendar: WorkCalendar | None
) -> None:
    if record is None:  # the run stopped before its first step
        return
    history = getattr(record, workflow.history_field)
    replayed = replay(workflow, initial, history, calendar=calendar)
    assert replayed == record, "the history does not replay to the record"


# the people a machine draws: a few per department, so the same person acts twice (an owner
# closing their own ticket) as often as real teams do, and a failure shrinks to the first
_PEOPLE = ("S0001", "S0002", "A0001", "A0002", "P0001")


def _actors_for(
    workflow: Workflow[Any, Any], event: str, people: st.SearchStrategy[Actor] | None
) -> st.SearchStrategy[Actor]:
    """Actors for an event: four times in five with a role its rules name, else anyone.

    So events mostly get past the role check, and role refusals are exercised too.
    """
    if people is not None:
        return people
    named = sorted({role for r in workflow.rules_for(event) for role in r.roles})
    # one choice per step, from people made once: cheap to draw and quick to shrink; drawn by
    # position so the strategy prints short in statistics (the actor itself prints in steps)
    anyone = [Actor(id=person, role=role) for role in Role for person in _PEOPLE[:2]]
    allowed = [Actor(id=person, role=role) for role in named for person in _PEOPLE]
    table = tuple(allowed * (4 * len(anyone) // max(1, len(allowed))) + anyone)
    return st.sampled_from(range(len(table))).map(table.__getitem__)


def _latest_time(record: Any) -> datetime:
    """The latest instant a record mentions, nested ones included.

    Generated events start from it, so they never precede the record's own facts.
    """
    moments: list[datetime] = []

    def collect(value: Any) -> None:
        if isinstance(value, datetime):
            moments.append(value)
        elif attrs.has(type(value)):
            for item in attrs.astuple(value, recurse=False):
                collect(item)
        elif isinstance(value, tuple):
            for item in value:
                collect(item)

    collect(record)
    return max(moments, default=datetime(2024, 1, 1, tzinfo=UTC))
