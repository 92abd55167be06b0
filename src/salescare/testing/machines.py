"""Stateful testing of workflows: a Hypothesis state machine that fires random events.

Examples:
    >>> from salescare.workflow import COMPLAINT
    >>> from salescare.testing import complaints
    >>> Machine = workflow_machine(COMPLAINT, complaints())
    >>> Machine.__name__
    'ComplaintMachine'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from salescare.calendars import WorkCalendar
from salescare.errors import TransitionError, ValidationError
from salescare.models import (
    Actor,
)
from salescare.serialize import to_dict
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

__all__ = ["actors", "workflow_machine"]


@overridable(Actor)
def actors(*, roles: st.SearchStrategy[Role] | None = None) -> st.SearchStrategy[Actor]:
    """People acting on records, with any role unless ``roles`` narrows it."""
    return st.builds(
        Actor,
        id=staff_numbers().map(str),
        role=roles if roles is not None else members(Role),
        team=st.sampled_from(["east", "west", ""]),
    )


def workflow_machine(
    workflow: Workflow[Any, Any],
    records: st.SearchStrategy[Any],
    *,
    data: Mapping[str, st.SearchStrategy[Mapping[str, Any]]] | None = None,
    people: st.SearchStrategy[Actor] | None = None,
    max_gap: timedelta = timedelta(hours=30),
    calendar: WorkCalendar | None = None,
) -> type[RuleBasedStateMachine]:
    """A Hypothesis state machine that fires random events at a record and checks the laws.

    ``records`` draws starting records (they are moved to the workflow's initial state with an
    empty history); ``data`` maps an event to a strategy for its keyword data; ``people``
    draws the actors; ``calendar`` is passed to :func:`~salescare.workflow.fire` for the
    obligations' due times (give an unbounded one when records span years outside China's
    bundled holiday data). After every event it checks: the record still validates, its status is
    a state of the workflow, history grew by exactly one entry when the event was accepted
    and by none when it was refused (the version counts the events), the record passed in was
    not changed, every obligation is due at or after the event, and the history replays to
    the record (:func:`~salescare.workflow.replay`). Use it for workflows you define yourself::

        TestMyWorkflow = workflow_machine(MY_FLOW, my_records()).TestCase
    """
    if not isinstance(workflow, Workflow):
        raise ValidationError(
            ("salescare.testing", "workflow_machine"), workflow, "is not a Workflow", "a Workflow"
        )
    event_data = dict(data or {})

    states = frozenset(cast("Iterable[Any]", workflow.states))

    class WorkflowMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.record: Any = None
            self.initial: Any = None
            self.now: datetime | None = None
            self.accepted = 0

        @initialize(record=records)
        def start(self, record: Any) -> None:
            self.record = attrs.evolve(
                record,
                **{workflow.status_field: workflow.initial, workflow.history_field: ()},
            )
            self.initial = self.record
            self.now = _latest_time(self.record)

        @rule(
            event=st.sampled_from(workflow.events),
            gap=st.integers(min_value=0, max_value=int(max_gap.total_seconds())),
            draw=st.data(),
        )
        def fire_event(self, event: str, gap: int, draw: st.DataObject) -> None:
            assert self.now is not None
            actor = draw.draw(_actors_for(workflow, event, people))
            at = _later(self.now, gap)
            extra = draw.draw(event_data[event]) if event in event_data else {}
            before = self.record
            snapshot = to_dict(before)
            history = len(getattr(before, workflow.history_field))
            try:
                step = fire(workflow, before, event, at=at, by=actor, calendar=calendar, **extra)
            except (TransitionError, ValidationError):  # refused, or bad event data
                assert to_dict(before) == snapshot, "a refused event changed the record"
                assert len(getattr(self.record, workflow.history_field)) == history
                return
            assert to_dict(before) == snapshot, "firing changed the record passed in"
            after = step.record
            attrs.validate(after)
            assert type(after) is type(before)
            assert getattr(after, workflow.status_field) in states
            assert len(getattr(after, workflow.history_field)) == history + 1
            assert getattr(after, workflow.history_field)[-1] == step.entry
            for obligation in step.obligations:
                assert obligation.due is None or obligation.due >= at, obligation
            assert version(workflow, after) == history + 1
            self.record, self.now = after, at
            self.accepted += 1

        @invariant()
        def status_is_a_state(self) -> None:
            if self.record is not None:
                assert getattr(self.record, workflow.status_field) in states

        def teardown(self) -> None:
            # once per run, not per step: replaying N events after each of them is O(N²)
            _assert_replays(workflow, self.initial, self.record, calendar)

    WorkflowMachine.__name__ = f"{workflow.name.title()}Machine"
    return WorkflowMachine


def _assert_replays(
    workflow: Workflow[Any, Any], initial: Any, record: Any, calendar: WorkCalendar | None
) -> None:
    if record is None:  # the run stopped before its first step
        return
    history = getattr(record, workflow.history_field)
    replayed = replay(workflow, initial, history, calendar=calendar)
    assert replayed == record, "the history does not replay to the record"


def _actors_for(
    workflow: Workflow[Any, Any], event: str, people: st.SearchStrategy[Actor] | None
) -> st.SearchStrategy[Actor]:
    """Actors for an event: mostly with a role its rules name, sometimes anyone.

    So events get past the role check, and role refusals are exercised too.
    """
    if people is not None:
        return people
    named = sorted({role for r in workflow.rules_for(event) for role in r.roles})
    if not named:
        return actors()
    return st.one_of(actors(roles=st.sampled_from(named)), actors())


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
