"""Stateful testing of workflows: a Hypothesis state machine that fires random events.

Each step fires an event with a transition from the record's status (so a run reaches deep
states in few steps), fires one without (which must be refused), or fires nothing. Each run
switches some events off, drawn before its first step (swarm testing). After every step the
machine checks the laws every workflow keeps and the team's own invariants; each step is
noted (accepted or refused, and why, and the status after), and statistics of events fired,
accepted and refused and of states reached are kept for ``--hypothesis-show-statistics``.

Examples:
    >>> from salescare.workflow import COMPLAINT
    >>> from salescare.testing import complaints
    >>> Machine = workflow_machine(COMPLAINT, complaints())
    >>> Machine.__name__
    'ComplaintMachine'
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any, cast

import attrs
from hypothesis import Phase, settings, target
from hypothesis import event as hypothesis_event
from hypothesis import note as hypothesis_note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
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
from salescare.workflow import Workflow, allowed, fire, replay, version

__all__ = ["Event", "Invariant", "NoEvent", "Shown", "actors", "workflow_machine"]


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
    targets: bool = False,
) -> type[RuleBasedStateMachine]:
    """A Hypothesis state machine that fires random events at a record and checks the laws.

    ``records`` draws starting records (they are moved to the workflow's initial state with an
    empty history); ``data`` maps an event to a strategy for its keyword data; ``people``
    draws the actors; ``calendar`` is passed to :func:`~salescare.workflow.fire` for the
    obligations' due times (give an unbounded one when records span years outside China's
    bundled holiday data); ``invariants`` are the team's own laws, plain functions of the
    record (see :data:`Invariant`), checked on the starting record and after every accepted
    event; ``targets=True`` adds Hypothesis targets on the states reached and the (state,
    event, outcome) triples seen (off by default: on small workflows those scores saturate
    and the search found the planted bugs less often with them). After every event the
    machine also checks: the record still validates, its status is a state of the workflow,
    history grew by exactly one entry when the event was accepted and by none when it was
    refused (the version counts the events), the record passed in was not changed, an event
    out of turn was refused, every obligation is due at or after the event, and at the end
    the history replays to the record (:func:`~salescare.workflow.replay`). Use it for
    workflows you define yourself::

        TestMyWorkflow = workflow_machine(MY_FLOW, my_records(), invariants=[my_law]).TestCase

    Each step fires one of the events with a transition from the record's status, an event
    without one (which must be refused: it is checked, so :func:`~salescare.workflow.allowed`
    and :func:`~salescare.workflow.fire` agree), or nothing (:class:`NoEvent`); the events
    switched off for a run are drawn before its first step (swarm testing), so deleting a
    step while shrinking never changes them. A failure shows the steps as :class:`Event` values
    (``state.fire(event=Event('approve', by=Actor(id='S0001', role=Role.SALES_SUPERVISOR),
    gap=0))``), a note per step ("step 2: approve by sales_supervisor → accepted; status
    approved") and the records with only the fields that differ from their defaults.
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
    events = workflow.events
    gaps = st.integers(min_value=0, max_value=int(max_gap.total_seconds()))

    class WorkflowMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.record: Any = None
            self.initial: Any = None
            self.now: datetime | None = None
            self.steps = 0
            self.off: frozenset[str] = frozenset()
            self.reached: set[Any] = set()
            self.seen: set[tuple[Any, str, str]] = set()

        @initialize(start=records.map(Shown), off=_switched_off(events))
        def begin(self, start: Any, off: frozenset[str] = frozenset()) -> None:
            self.off = off
            # a repro pasted into a plain test passes the record itself
            self.record = attrs.evolve(
                start.record if isinstance(start, Shown) else start,
                **{workflow.status_field: workflow.initial, workflow.history_field: ()},
            )
            self.initial = self.record
            self.now = _latest_time(self.record)
            self._reach()
            self._check_laws("the starting record")

        @rule(event=st.runner().flatmap(lambda machine: machine.next_events()))
        def fire(self, event: Event | NoEvent) -> None:
            """One step: fire ``event``, or (``NoEvent``) nothing."""
            self.steps += 1
            if isinstance(event, Event):
                self._fire(event)

        def next_events(self) -> st.SearchStrategy[Event | NoEvent]:
            """What the next step may do, from the record's status and the events switched on."""
            key = (getattr(self.record, workflow.status_field), self.off)
            if key not in choices:
                mine = self.events_in_turn() - self.off
                in_turn = tuple(event for event in events if event in mine)
                choices[key] = _choices(firings, in_turn, self.events_out_of_turn(), outs)
            return choices[key]

        def events_in_turn(self) -> frozenset[str]:
            """The events :func:`~salescare.workflow.allowed` offers for the record."""
            if self.record is None:
                return frozenset()
            return frozenset(allowed(workflow, self.record))

        def events_out_of_turn(self) -> tuple[str, ...]:
            """The events with no transition from the record's status (each must be refused)."""
            if self.record is None:
                return ()
            mine = self.events_in_turn()
            return tuple(event for event in workflow.events if event not in mine)

        def _fire(self, firing: Event) -> None:
            assert self.now is not None
            event, by, extra = firing.name, firing.by, firing.data
            at = _later(self.now, firing.gap)
            before = self.record
            state = getattr(before, workflow.status_field)
            in_turn = event in self.events_in_turn()
            # a frozen record changes only by a field being set anew: its fields' identities
            snapshot = _identities(before)
            history = len(getattr(before, workflow.history_field))
            _event(f"fired {event}")
            try:
                step = fire(workflow, before, event, at=at, by=by, calendar=calendar, **extra)
            except (TransitionError, ValidationError) as refusal:  # refused, or bad event data
                kind = type(refusal).__name__
                _event(f"refused {event} ({kind})")
                self.seen.add((state, event, kind))
                _note(f"step {self.steps}: {event} by {by.role} → refused ({refusal})")
                assert _identities(before) == snapshot, "a refused event changed the record"
                assert len(getattr(self.record, workflow.history_field)) == history
                return
            assert _identities(before) == snapshot, "firing changed the record passed in"
            assert in_turn, f"{event} has no transition from {_value(state)} but was accepted"
            after = step.record
            status = getattr(after, workflow.status_field)
            _event(f"accepted {event}")
            self.seen.add((state, event, "accepted"))
            _note(f"step {self.steps}: {event} by {by.role} at {at.isoformat()} → accepted; "
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
            self._reach()
            self._check_laws(f"step {self.steps} ({event})")

        def _reach(self) -> None:
            status = getattr(self.record, workflow.status_field)
            self.reached.add(status)
            _event(f"reached {_value(status)}")

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
            if targets and self.record is not None:
                target(float(len(self.reached)), label="states reached")
                target(float(len(self.seen)), label="(state, event, outcome) seen")

    firings = {
        name: _firings(name, gaps, _actors_for(workflow, name, people), event_data.get(name))
        for name in events
    }
    outs = _out_of_turn(gaps, people if people is not None else _anyone())
    choices: dict[tuple[Any, frozenset[str]], st.SearchStrategy[Event | NoEvent]] = {}
    WorkflowMachine.__name__ = f"{workflow.name.title()}Machine"
    WorkflowMachine.__qualname__ = WorkflowMachine.__name__
    if sys.version_info < (3, 12):
        # after a failure, the explain phase traces every run, shrinking included, with
        # sys.settrace before 3.12: a failing machine then took ~40 s instead of ~5 s
        case = WorkflowMachine.TestCase
        phases = [phase for phase in case.settings.phases if phase is not Phase.explain]
        case.settings = settings(case.settings, phases=phases)
    return WorkflowMachine


@attrs.frozen
class Event:
    """A step of a workflow machine that fires an event.

    ``name`` is fired by ``by``, ``gap`` seconds after the last event, with the event's
    ``data``; failures print their steps as these.

    Examples:
        >>> Event("approve", by=Actor(id="S0001", role=Role.SALES_SUPERVISOR))
        Event('approve', by=Actor(id='S0001', role=Role.SALES_SUPERVISOR), gap=0)
    """

    name: str
    by: Actor
    gap: int = 0
    data: Mapping[str, Any] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        # valid Python, so Hypothesis prints it rather than the call that built it
        data = f", data={dict(self.data)!r}" if self.data else ""
        return f"Event({self.name!r}, by={_brief(self.by)}, gap={self.gap}{data})"


@attrs.frozen
class NoEvent:
    """A step of a workflow machine that fires nothing.

    It is the first choice of every step, so the shrinker turns the steps a failure does not
    need into this one (two choices) and then deletes them.

    Examples:
        >>> NoEvent()
        NoEvent()
    """


def _switched_off(events: tuple[str, ...]) -> st.SearchStrategy[frozenset[str]]:
    """The events a run switches off (swarm testing), drawn before its first step.

    Any subset, as Hypothesis draws sets (it shrinks to none off). Measured against a rate
    per run (each event off with a drawn probability, as Hypothesis's own swarm) and against
    any subset but the whole: the two-step planted bug took a median of 101 examples to find
    with any subset, 180 and 252 with the others (30 seeded runs each).
    """
    return st.frozensets(st.sampled_from(events))


def _firings(
    event: str,
    gaps: st.SearchStrategy[int],
    people: st.SearchStrategy[Actor],
    data: st.SearchStrategy[Mapping[str, Any]] | None,
) -> st.SearchStrategy[Event]:
    # an event without data draws none: fewer choices per step, so a step the failure does
    # not need is small enough for the shrinker to delete
    extra = {} if data is None else {"data": data}
    return st.builds(Event, st.just(event), by=people, gap=gaps, **extra)


def _out_of_turn(
    gaps: st.SearchStrategy[int], people: st.SearchStrategy[Actor]
) -> Callable[[tuple[str, ...]], st.SearchStrategy[Event]]:
    def firing(events: tuple[str, ...]) -> st.SearchStrategy[Event]:
        return st.builds(Event, st.sampled_from(events), by=people, gap=gaps)

    return firing


def _choices(
    firings: Mapping[str, st.SearchStrategy[Event]],
    in_turn: tuple[str, ...],
    out_of_turn: tuple[str, ...],
    outs: Callable[[tuple[str, ...]], st.SearchStrategy[Event]],
) -> st.SearchStrategy[Event | NoEvent]:
    # nothing first (the simplest), an event in turn, or one out of turn (which must be
    # refused), alike: weighting the events in turn 2 or 4 times found the planted bugs no
    # sooner (one_of would not weight by repeats anyway: it draws distinct strategies alike)
    options: list[st.SearchStrategy[Event | NoEvent]] = [st.just(NoEvent())]
    options += [firings[name] for name in in_turn]
    if out_of_turn:
        options.append(outs(out_of_turn))
    return st.one_of(options)


def _note(text: str) -> None:
    # outside a Hypothesis test (a failing repro pasted into a plain test) there is no one
    # to tell: the steps run, the laws are checked, nothing is noted
    if currently_in_test_context():
        hypothesis_note(text)


def _event(text: str) -> None:
    if currently_in_test_context():
        hypothesis_event(text)


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
    """``Type(field=value, ...)`` with the fields that are required or not at their default.

    Enum members print as ``Level.L1`` and nested records briefly too, so a record without
    masked (sensitive) fields prints as Python that builds it; a field whose own repr masks
    its value (a phone, an e-mail) is printed masked.

    Examples:
        >>> from salescare.models import Actor, Role
        >>> _brief(Actor(id="S0001", role=Role.SALES_REP))
        "Actor(id='S0001', role=Role.SALES_REP)"
    """
    if not attrs.has(type(record)):
        return _code(record)
    shown = []
    for field in attrs.fields(type(record)):
        if field.repr is False:
            continue
        value = getattr(record, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory() if not default.takes_self else attrs.NOTHING
        if default is attrs.NOTHING or value != default:
            # a field's own repr masks what is sensitive (phones, e-mails): kept
            text = field.repr(value) if callable(field.repr) else _code(value)
            shown.append(f"{field.name}={text}")
    return f"{type(record).__name__}({', '.join(shown)})"


def _code(value: Any) -> str:
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if attrs.has(type(value)):
        return _brief(value)
    if type(value) is tuple:
        inner = ", ".join(_code(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


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
_ANYONE = [Actor(id=person, role=role) for role in Role for person in _PEOPLE[:2]]


def _actors_for(
    workflow: Workflow[Any, Any], event: str, people: st.SearchStrategy[Actor] | None
) -> st.SearchStrategy[Actor]:
    """Actors for an event: four times in five with a role its rules name, else anyone.

    So events mostly get past the role check, and role refusals are exercised too.
    """
    if people is not None:
        return people
    named = sorted({role for r in workflow.rules_for(event) for role in r.roles})
    allowed = [Actor(id=person, role=role) for role in named for person in _PEOPLE]
    return _drawn(allowed * (4 * len(_ANYONE) // max(1, len(allowed))) + _ANYONE)


def _anyone() -> st.SearchStrategy[Actor]:
    return _drawn(_ANYONE)


def _drawn(people: list[Actor]) -> st.SearchStrategy[Actor]:
    # one choice per step, from people made once: cheap to draw and quick to shrink; deferred
    # so the strategy prints short (not sixty actors) while a step prints its actor, not an
    # index into the table as a mapped strategy would
    table = st.sampled_from(tuple(people))
    return st.deferred(lambda: table)


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
