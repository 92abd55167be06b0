"""What a workflow is: its transitions, their guards and obligations, checked when built.

A :class:`Workflow` is frozen data shared by every record: its states (an enum), the initial
state, the final states and its :class:`Transition` list. Building one checks the whole
definition (unknown states, unreachable states, dead ends, exits from final states, two
unguarded transitions for one event) and reports every problem at once. Running a workflow is
:mod:`salescare.workflow.firing`'s job; writing one compactly is
:mod:`salescare.workflow.define`'s.

Examples:
    >>> from enum import Enum
    >>> class Door(Enum):
    ...     SHUT = "shut"
    ...     OPEN = "open"
    >>> door = Workflow(
    ...     name="DOOR",
    ...     record=object,
    ...     states=Door,
    ...     initial=Door.SHUT,
    ...     final=frozenset(),
    ...     rules=(
    ...         Transition(event="open", sources=frozenset({Door.SHUT}), target=Door.OPEN),
    ...         Transition(event="shut", sources=frozenset({Door.OPEN}), target=Door.SHUT),
    ...     ),
    ... )
    >>> door.events
    ('open', 'shut')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast

import attrs

from salescare.calendars import WorkCalendar
from salescare.errors import GuardFailure, PolicyError
from salescare.i18n import tr
from salescare.models import Actor
from salescare.vocabulary import Role
from salescare.workflow import render

__all__ = [
    "Check",
    "Context",
    "Effect",
    "Guard",
    "Obligation",
    "Obligations",
    "Transition",
    "Workflow",
]

R = TypeVar("R")
S = TypeVar("S", bound=Enum)


@attrs.frozen(kw_only=True)
class Context:
    """What a guard or an effect may look at besides the record: time, actor, data, calendar.

    Examples:
        >>> from datetime import UTC, datetime
        >>> c = Context(
        ...     at=datetime(2024, 5, 15, tzinfo=UTC),
        ...     by=Actor(id="A0001", role=Role.ENGINEER),
        ...     data={"level": "L1"},
        ... )
        >>> c.value(object(), "level"), c.value(object(), "missing")
        ('L1', None)
    """

    at: datetime
    by: Actor
    data: Mapping[str, Any]
    calendar: WorkCalendar | None = None

    def value(self, record: Any, name: str) -> Any:
        """``data[name]`` when given with the event, else the record's field."""
        if name in self.data:
            return self.data[name]
        return getattr(record, name, None)


Check = Callable[[Any, Context], "bool | Iterable[str]"]
"""A guard's test: ``True`` (met), ``False`` (unmet), or the sentences of every unmet point."""


@attrs.frozen(kw_only=True)
class Guard:
    """A condition of a transition, with a stable code and a sentence.

    ``check`` returns ``True`` (met), ``False`` (unmet: ``message``), or an iterable of
    sentences (each one an unmet point, e.g. every gap of a form).

    Examples:
        >>> g = Guard(code="never", message="never met", check=lambda record, context: False)
        >>> [str(f) for f in g.failures(None, None)]
        ['never: never met']
    """

    code: str
    message: str
    check: Check = attrs.field(repr=False)

    def failures(self, record: Any, context: Context) -> list[GuardFailure]:
        """The failures of this guard for ``record`` (empty when met)."""
        outcome = self.check(record, context)
        if outcome is True:
            return []
        if outcome is False:
            return [GuardFailure(self.code, self.message)]
        return [GuardFailure(self.code, str(point)) for point in outcome]


@attrs.frozen(kw_only=True)
class Obligation:
    """Something owed after a step: the rule, what, by which role, and when (frozen data).

    Examples:
        >>> Obligation(
        ...     rule="HO-3", what="check the handover", role=Role.SALES_SUPERVISOR, due=None
        ... ).role.value
        'sales_supervisor'
    """

    rule: str
    what: str
    role: Role
    due: datetime | None
    timer: str = ""


Effect = Callable[[Any, Context], Mapping[str, Any]]
"""A transition's other field changes, computed from the record and the context."""

Obligations = Callable[[Any, Context], Iterable[Obligation]]
"""What a transition leaves owed, computed from the new record and the context."""


@attrs.frozen(kw_only=True)
class Transition:
    """One transition: from ``sources`` on ``event`` to ``target`` (``None``: stay).

    ``accepts`` names the data an event may carry (record fields set as given, or keys the
    ``effect`` reads); ``roles`` limits who may fire it (empty: anyone); ``effect`` returns the
    other field changes; ``obligations`` what the step creates; ``rule`` the rule ID it
    enforces.
    (Formerly ``Rule``: the old name still works, with a warning, for one release.)

    Examples:
        >>> from salescare.vocabulary import ComplaintStatus as C
        >>> t = Transition(
        ...     event="investigate",
        ...     sources=frozenset({C.ACKNOWLEDGED}),
        ...     target=C.INVESTIGATING,
        ...     rule="CP-2",
        ... )
        >>> t.event, t.target.value
        ('investigate', 'investigating')
    """

    event: str
    sources: frozenset[Any]
    target: Any | None = None
    guards: tuple[Guard, ...] = ()
    roles: frozenset[Role] = frozenset()
    accepts: tuple[str, ...] = ()
    effect: Effect | None = attrs.field(default=None, repr=False)
    obligations: Obligations | None = attrs.field(default=None, repr=False)
    rule: str = ""
    description: str = ""


@attrs.frozen(kw_only=True)
class Workflow(Generic[R, S]):
    """A state machine over one record type, validated when built (every problem at once).

    Examples:
        >>> from salescare.workflow import COMPLAINT
        >>> COMPLAINT.initial.value, [t.event for t in COMPLAINT.rules_for("resolve")]
        ('received', ['resolve'])
    """

    name: str
    record: type[R]
    states: type[S]
    initial: S
    final: frozenset[S]
    rules: tuple[Transition, ...]
    status_field: str = "status"
    history_field: str = "history"
    data_types: Mapping[str, Any] = attrs.field(factory=dict)
    """The type of each event data key that is not a field of the record (``assignee_role``:
    a ``Role``), read from JSON values as record fields are."""
    _by_event: Mapping[str, tuple[Transition, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        problems = _definition_problems(self)
        if problems:
            raise PolicyError(f"Workflow {self.name}", problems)
        grouped: dict[str, tuple[Transition, ...]] = {}
        for rule in self.rules:
            grouped[rule.event] = (*grouped.get(rule.event, ()), rule)
        object.__setattr__(self, "_by_event", grouped)  # frozen: set once, here

    @property
    def events(self) -> tuple[str, ...]:
        """Every event name, in definition order."""
        return tuple(dict.fromkeys(rule.event for rule in self.rules))

    def rules_for(self, event: str) -> tuple[Transition, ...]:
        """The transitions of ``event`` (empty for an unknown event)."""
        return self._by_event.get(event, ())

    def to_mermaid(self) -> str:
        """A Mermaid state diagram of the workflow (no dependencies).

        Examples:
            >>> from salescare.workflow import COMPLAINT
            >>> print(COMPLAINT.to_mermaid().splitlines()[1])
                [*] --> received
        """
        return render.mermaid(self)

    def to_markdown(self) -> str:
        """A Markdown table of the transitions: event, from, to, roles, guards, rule."""
        return render.markdown(self)


def _definition_problems(workflow: Workflow[Any, Any]) -> list[str]:
    states: set[Any] = set(cast("Iterable[Any]", workflow.states))
    problems: list[str] = []
    if workflow.initial not in states:
        problems.append(
            tr("initial state {initial} is not a state", initial=repr(workflow.initial))
        )
    problems += [
        tr("final state {s} is not a state", s=repr(s)) for s in workflow.final if s not in states
    ]
    for rule in workflow.rules:
        for state in (*rule.sources, *([rule.target] if rule.target is not None else [])):
            if state not in states:
                problems.append(
                    tr(
                        "rule {event} names unknown state {state}",
                        event=repr(rule.event),
                        state=repr(state),
                    )
                )
    return problems + _shape_problems(workflow, states) + _ambiguity_problems(workflow)


def _shape_problems(workflow: Workflow[Any, Any], states: set[Any]) -> list[str]:
    """Unreachable states, dead ends that are not final, and exits from final states."""
    order = render.order(workflow.states)
    moves: dict[Any, set[Any]] = {state: set() for state in states}
    for rule in workflow.rules:
        for source in rule.sources:
            if source in moves and rule.target is not None and rule.target != source:
                moves[source].add(rule.target)
    reachable = {workflow.initial}
    frontier = [workflow.initial]
    while frontier:
        for following in moves.get(frontier.pop(), ()):
            if following not in reachable:
                reachable.add(following)
                frontier.append(following)
    problems: list[str] = [
        tr(
            "state {value} is unreachable from {value2}",
            value=repr(s.value),
            value2=repr(workflow.initial.value),
        )
        for s in sorted(states - reachable, key=order)
    ]
    problems += [
        tr("state {value} is not final but has no way out", value=repr(s.value))
        for s in sorted(states - set(workflow.final), key=order)
        if not moves.get(s)
    ]
    for state in sorted(workflow.final, key=order):
        if moves.get(state):
            exits = ", ".join(t.value for t in sorted(moves[state], key=order))
            problems.append(
                tr(
                    "final state {value} has an exit ({exits})",
                    value=repr(state.value),
                    exits=exits,
                )
            )
    return problems


def _ambiguity_problems(workflow: Workflow[Any, Any]) -> list[str]:
    """Two unguarded transitions for one (state, event): which one fires would be arbitrary."""
    unguarded: dict[tuple[Any, str], int] = {}
    for rule in workflow.rules:
        if not rule.guards:
            for source in rule.sources:
                unguarded[(source, rule.event)] = unguarded.get((source, rule.event), 0) + 1
    return [
        tr(
            "two unguarded rules for {event} from {value}",
            event=repr(event),
            value=repr(state.value),
        )
        for (state, event), count in unguarded.items()
        if count > 1
    ]
