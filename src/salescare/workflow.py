"""Workflow transition rules: pure state machines over immutable records, with obligations.

A :class:`Workflow` is frozen data shared by every record: its states (an enum), the initial
state, the final states and its :class:`Rule` list (source states, event, target, guards, the
roles allowed, the fields the event may set, and the obligations it creates).
:func:`fire` is pure: it returns a :class:`Step` with the new record (made by
``attrs.evolve``: status changed, one history entry appended), the obligations the step creates
(frozen data, never executed; due times from :mod:`salescare.sla`) and the history entry. The
record passed in is never changed. A refused event raises a :class:`~salescare.errors.
TransitionError` subclass that says why and which events are available;
:func:`check` and :func:`options` answer the same question without raising, for UIs.

Examples:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.models import Actor, Level, Role, Ticket
    >>> from salescare.serialize import from_dict
    >>> t = from_dict(Ticket, {
    ...     "number": "FW20240515001", "customer": "CUS20240515001",
    ...     "customer_name": "Lake Tech", "description": "Export shows wrong totals",
    ...     "submitted_at": "2024-05-15T09:15:00+08:00"})
    >>> now = datetime(2024, 5, 15, 9, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> supervisor = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
    >>> step = fire(TICKET, t, "triage", at=now, by=supervisor, level=Level.L2)
    >>> step.record.level, t.level
    (<Level.L2: 'L2'>, None)
    >>> [(o.rule, o.role.value, o.due.time().isoformat()) for o in step.obligations]
    [('TK-4', 'after_sales_supervisor', '09:50:00')]
    >>> len(step.record.history), step.record.history[-1].event
    (1, 'triage')
    >>> fire(TICKET, t, "close", at=now, by=supervisor)
    Traceback (most recent call last):
    ...
    salescare.workflow.NoRuleError: cannot 'close' from state 'pending' (no rule for it in this \
state); allowed events: triage, assign, start_joint, hold_joint_meeting
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast

import attrs

from salescare._edge import edge
from salescare.calendars import WorkCalendar
from salescare.completeness import handover_gaps
from salescare.errors import (
    NaiveDatetimeError,
    PolicyError,
    TransitionError,
    ValidationError,
    WrongTypeError,
)
from salescare.grading import feasibility_gaps
from salescare.models import (
    Actor,
    Complaint,
    ComplaintStatus,
    Department,
    Departure,
    DepartureStatus,
    Feedback,
    FeedbackCategory,
    FeedbackStatus,
    Handover,
    HandoverStatus,
    HistoryEntry,
    Level,
    Opportunity,
    OpportunityStage,
    Pause,
    ProgressUpdate,
    Registration,
    RegistrationStatus,
    ReviewDecision,
    Role,
    Ticket,
    TicketStatus,
)
from salescare.sla import TIMERS

__all__ = [
    "COMPLAINT",
    "DEPARTURE",
    "FEEDBACK",
    "HANDOVER",
    "OPPORTUNITY",
    "REGISTRATION",
    "TICKET",
    "WORKFLOWS",
    "Context",
    "Decision",
    "Guard",
    "GuardError",
    "GuardFailure",
    "NoRuleError",
    "Obligation",
    "Option",
    "RoleError",
    "Rule",
    "Step",
    "UnknownEventError",
    "Workflow",
    "allowed",
    "check",
    "fire",
    "no_contact_until",
    "options",
    "render_docs",
]

R = TypeVar("R")
S = TypeVar("S", bound=Enum)


# -- errors -------------------------------------------------------------------------------------


class UnknownEventError(TransitionError):
    """The event is not an event of this workflow at all."""


class NoRuleError(TransitionError):
    """The event exists, but no rule leaves the record's current state on it."""


@attrs.frozen
class GuardFailure:
    """One unmet guard: a stable code for programs and a sentence for people."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class GuardError(TransitionError):
    """A rule exists, but guards are unmet; ``failures`` lists every one of them."""

    failures: tuple[GuardFailure, ...]

    def __init__(
        self,
        state: str,
        event: str,
        failures: Iterable[GuardFailure],
        *,
        allowed: Iterable[str] = (),
    ) -> None:
        self.failures = tuple(failures)
        reason = "; ".join(str(f) for f in self.failures)
        super().__init__(state, event, allowed=allowed, reason=reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_guard_error, (self.state, self.event, self.failures, self.allowed))


def _rebuild_guard_error(
    state: str, event: str, failures: tuple[GuardFailure, ...], allowed: tuple[str, ...]
) -> GuardError:
    return GuardError(state, event, failures, allowed=allowed)


class RoleError(TransitionError):
    """The actor's role may not fire this event (roles are checked apart from guards)."""


# -- definitions ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Context:
    """What a guard or an effect may look at besides the record: time, actor, data, calendar."""

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


@attrs.frozen(kw_only=True)
class Guard:
    """A condition of a rule, with a stable code and a sentence.

    ``check`` returns ``True`` (met), ``False`` (unmet: ``message``), or an iterable of
    sentences (each one an unmet point, e.g. every gap of a form).
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
    """Something owed after a step: the rule, what, by which role, and when (frozen data)."""

    rule: str
    what: str
    role: Role
    due: datetime | None
    timer: str = ""


Effect = Callable[[Any, Context], Mapping[str, Any]]
Obligations = Callable[[Any, Context], Iterable[Obligation]]


@attrs.frozen(kw_only=True)
class Rule:
    """One transition: from ``sources`` on ``event`` to ``target`` (``None``: stay).

    ``accepts`` names the data an event may carry (record fields set as given, or keys the
    ``effect`` reads); ``roles`` limits who may fire it (empty: anyone); ``effect`` returns the
    other field changes; ``obligations`` what the step creates.
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
    """A state machine over one record type, validated when built (every problem at once)."""

    name: str
    record: type[R]
    states: type[S]
    initial: S
    final: frozenset[S]
    rules: tuple[Rule, ...]
    status_field: str = "status"
    history_field: str = "history"
    _by_event: Mapping[str, tuple[Rule, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        problems = _definition_problems(self)
        if problems:
            raise PolicyError(f"Workflow {self.name}", problems)
        grouped: dict[str, tuple[Rule, ...]] = {}
        for rule in self.rules:
            grouped[rule.event] = (*grouped.get(rule.event, ()), rule)
        object.__setattr__(self, "_by_event", grouped)  # frozen: set once, here

    @property
    def events(self) -> tuple[str, ...]:
        """Every event name, in definition order."""
        return tuple(dict.fromkeys(rule.event for rule in self.rules))

    def rules_for(self, event: str) -> tuple[Rule, ...]:
        """The rules of ``event`` (empty for an unknown event)."""
        return self._by_event.get(event, ())

    def to_mermaid(self) -> str:
        """A Mermaid state diagram of the workflow (no dependencies).

        Examples:
            >>> print(COMPLAINT.to_mermaid().splitlines()[1])
                [*] --> received
        """
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.value}"]
        for rule in self.rules:
            for source in sorted(rule.sources, key=_order(self.states)):
                target = rule.target if rule.target is not None else source
                lines.append(f"    {source.value} --> {target.value}: {rule.event}")
        lines.extend(
            f"    {state.value} --> [*]" for state in sorted(self.final, key=_order(self.states))
        )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table of the transitions: event, from, to, roles, guards, rule."""
        lines = [
            "| event | from | to | roles | guards | rule |",
            "|---|---|---|---|---|---|",
        ]
        for rule in self.rules:
            sources = ", ".join(s.value for s in sorted(rule.sources, key=_order(self.states)))
            target = rule.target.value if rule.target is not None else "(same)"
            roles = ", ".join(sorted(r.value for r in rule.roles)) or "anyone"
            guards = "<br>".join(f"`{g.code}` {g.message}" for g in rule.guards) or "—"
            lines.append(
                f"| {rule.event} | {sources} | {target} | {roles} | {guards} | {rule.rule} |"
            )
        return "\n".join(lines)


def _order(states: type[Enum]) -> Callable[[Enum], int]:
    index = {state: position for position, state in enumerate(states)}
    return index.__getitem__


def _definition_problems(workflow: Workflow[Any, Any]) -> list[str]:
    states: set[Any] = set(cast("Iterable[Any]", workflow.states))
    problems = []
    if workflow.initial not in states:
        problems.append(f"initial state {workflow.initial!r} is not a state")
    problems += [f"final state {s!r} is not a state" for s in workflow.final if s not in states]
    for rule in workflow.rules:
        for state in (*rule.sources, *([rule.target] if rule.target is not None else [])):
            if state not in states:
                problems.append(f"rule {rule.event!r} names unknown state {state!r}")
    return problems + _shape_problems(workflow, states) + _ambiguity_problems(workflow)


def _shape_problems(workflow: Workflow[Any, Any], states: set[Any]) -> list[str]:
    """Unreachable states, dead ends that are not final, and exits from final states."""
    order = _order(workflow.states)
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
    problems = [
        f"state {s.value!r} is unreachable from {workflow.initial.value!r}"
        for s in sorted(states - reachable, key=order)
    ]
    problems += [
        f"state {s.value!r} is not final but has no way out"
        for s in sorted(states - set(workflow.final), key=order)
        if not moves.get(s)
    ]
    for state in sorted(workflow.final, key=order):
        if moves.get(state):
            exits = ", ".join(t.value for t in sorted(moves[state], key=order))
            problems.append(f"final state {state.value!r} has an exit ({exits})")
    return problems


def _ambiguity_problems(workflow: Workflow[Any, Any]) -> list[str]:
    """Two unguarded rules for one (state, event): which one fires would be arbitrary."""
    unguarded: dict[tuple[Any, str], int] = {}
    for rule in workflow.rules:
        if not rule.guards:
            for source in rule.sources:
                unguarded[(source, rule.event)] = unguarded.get((source, rule.event), 0) + 1
    return [
        f"two unguarded rules for {event!r} from {state.value!r}"
        for (state, event), count in unguarded.items()
        if count > 1
    ]


# -- firing -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Step(Generic[R]):
    """The result of an accepted event: the new record, its obligations, the history entry."""

    record: R
    obligations: tuple[Obligation, ...]
    entry: HistoryEntry
    rule: Rule


@attrs.frozen(kw_only=True)
class Decision:
    """Whether an event may fire now, and why not when it may not."""

    event: str
    allowed: bool
    target: Any | None
    reasons: tuple[str, ...]
    failures: tuple[GuardFailure, ...] = ()


@attrs.frozen(kw_only=True)
class Option:
    """One button of a UI: the event, where it leads, and whether it is enabled now."""

    event: str
    target: Any | None
    decision: Decision


def _state(workflow: Workflow[Any, Any], record: Any) -> Any:
    return getattr(record, workflow.status_field)


@edge
def allowed(workflow: Workflow[R, S], record: R) -> tuple[str, ...]:
    """The events that have a rule from the record's current state (guards not checked).

    Examples:
        >>> from salescare.models import Complaint
        >>> from salescare.ids import CustomerNo
        >>> from datetime import datetime, timezone
        >>> c = Complaint(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     received_at=datetime(2024, 5, 15, tzinfo=timezone.utc),
        ...     category="delivery",
        ...     description="Late delivery",
        ... )
        >>> allowed(COMPLAINT, c)
        ('acknowledge',)
    """
    state = _state(workflow, record)
    return tuple(dict.fromkeys(rule.event for rule in workflow.rules if state in rule.sources))


def _evaluate(
    workflow: Workflow[Any, Any], record: Any, event: str, context: Context
) -> tuple[Rule | None, TransitionError | None]:
    state = _state(workflow, record)
    if not isinstance(event, str):
        raise WrongTypeError(
            ("fire", "event"), event, "is not an event name", "one of " + ", ".join(workflow.events)
        )
    rules = workflow.rules_for(event)
    if not rules:
        return None, UnknownEventError(
            state.value,
            event,
            allowed=allowed(workflow, record),
            reason=f"not an event of {workflow.name}",
        )
    candidates = [rule for rule in rules if state in rule.sources]
    if not candidates:
        return None, NoRuleError(
            state.value,
            event,
            allowed=allowed(workflow, record),
            reason="no rule for it in this state",
        )
    role_refusals = []
    failures: list[GuardFailure] = []
    for rule in candidates:
        if rule.roles and context.by.role not in rule.roles:
            role_refusals.append(rule)
            continue
        unknown = sorted(key for key in context.data if key not in rule.accepts)
        if unknown:
            failures.append(
                GuardFailure(
                    "data",
                    f"{', '.join(unknown)} not accepted by {event!r}; "
                    f"it accepts: {', '.join(rule.accepts) or 'no data'}",
                )
            )
            continue
        rule_failures = [f for guard in rule.guards for f in guard.failures(record, context)]
        if not rule_failures:
            return rule, None
        failures += rule_failures
    if failures:
        return None, GuardError(state.value, event, failures, allowed=allowed(workflow, record))
    roles = sorted({r.value for rule in role_refusals for r in rule.roles})
    return None, RoleError(
        state.value,
        event,
        allowed=allowed(workflow, record),
        reason=f"role {context.by.role.value!r} may not; needs one of {', '.join(roles)}",
    )


def fire(
    workflow: Workflow[R, S],
    record: R,
    event: str,
    *,
    at: datetime,
    by: Actor,
    calendar: WorkCalendar | None = None,
    comment: str = "",
    **data: Any,
) -> Step[R]:
    """Apply ``event`` to ``record`` at ``at`` by ``by``; return the :class:`Step`.

    ``data`` carries the event's values (``level=Level.L1``). ``calendar``, when given, is the
    calendar of every obligation's due time (default: each timer's own, elapsed hours or
    China's working days). ``comment`` goes into the history entry. The input record is never
    changed; a refused event raises and changes nothing.
    """
    context = _context(at, by, _checked_data(record, data), calendar)
    rule, error = _evaluate(workflow, record, event, context)
    if error is not None:
        raise error
    assert rule is not None  # noqa: S101 - _evaluate returns a rule or an error
    state = _state(workflow, record)
    target = rule.target if rule.target is not None else state
    if not isinstance(comment, str):
        raise ValidationError(("fire", "comment"), comment, "is not text", "a str")
    # Every part is already checked (aware time, a validated Actor, one of the workflow's
    # event names, text), so the entry is assembled without running its validators again.
    entry = _entry(
        at, by.id, event, comment, tuple([(k, _text(v)) for k, v in sorted(data.items())])
    )
    try:
        changes = {
            name: data[name] for name in rule.accepts if name in data and _is_field(record, name)
        }
        if rule.effect is not None:
            changes.update(rule.effect(record, context))
        changes[workflow.status_field] = target
        changes[workflow.history_field] = (*getattr(record, workflow.history_field), entry)
        updated = _evolve(record, changes)
    except ValidationError as problem:
        # The step would leave an invalid record (a time before an earlier one, a score of 6):
        # refuse it like any unmet guard, naming each problem.
        raise GuardError(
            state.value,
            event,
            [GuardFailure("record", leaf.args[0]) for leaf in problem.errors],
            allowed=allowed(workflow, record),
        ) from problem
    obligations = tuple(rule.obligations(updated, context)) if rule.obligations else ()
    return Step(record=updated, obligations=obligations, entry=entry, rule=rule)


def _evolve(record: R, changes: Mapping[str, Any]) -> R:
    """``attrs.evolve`` that validates only the changed fields, then the cross-field rules.

    The unchanged fields were validated when the record was built and records are immutable,
    so checking them again proves nothing; CRMs fire events on every button press, so the
    saving matters. Converters and validators of changed fields, and ``__attrs_post_init__``,
    run exactly as in ``attrs.evolve``.
    """
    cls = type(record)
    copy, by_name = _copier(cls)
    converted = dict(changes)
    for name, value in changes.items():
        field = by_name[name]
        if field.converter is not None:
            converted[name] = field.converter(value)
    updated: R = copy(record, converted)
    for name, value in converted.items():
        field = by_name[name]
        if field.validator is not None:
            field.validator(updated, field, value)
    post_init = getattr(updated, "__attrs_post_init__", None)
    if post_init is not None:
        post_init()
    return updated


def _entry(
    at: datetime, actor: str, event: str, note: str, details: tuple[tuple[str, str], ...]
) -> HistoryEntry:
    """A history entry from parts already checked (see :func:`fire`)."""
    entry = object.__new__(HistoryEntry)
    for name, value in (
        ("at", at),
        ("actor", actor),
        ("event", event),
        ("note", note),
        ("details", details),
    ):
        object.__setattr__(entry, name, value)
    return entry


_COPIERS: dict[type, tuple[Callable[[Any, Mapping[str, Any]], Any], dict[str, Any]]] = {}


def _copier(cls: type) -> tuple[Callable[[Any, Mapping[str, Any]], Any], dict[str, Any]]:
    """A function copying a record with some fields replaced, without running validators.

    Generated once per class, unrolled like attrs' own ``__init__``, because a loop over
    forty fields costs more than the rest of a transition.
    """
    cached = _COPIERS.get(cls)
    if cached is None:
        fields = attrs.fields(cls)
        lines = [
            "def copy(record, changes):",
            "    new = _new(_cls)",
            "    _set = _setattr.__get__(new)",
        ]
        # copy every field, then overwrite the few that change: cheaper than a lookup each
        lines += [f"    _set({f.name!r}, record.{f.name})" for f in fields]
        lines += ["    for name, value in changes.items():", "        _set(name, value)"]
        lines.append("    return new")
        scope: dict[str, Any] = {
            "_new": object.__new__,
            "_cls": cls,
            "_setattr": object.__setattr__,
        }
        exec("\n".join(lines), scope)  # noqa: S102 - code built from the class's own field names
        cached = _COPIERS[cls] = (scope["copy"], {f.name: f for f in fields})
    return cached


def _is_field(record: Any, name: str) -> bool:
    return name in _copier(type(record))[1]


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _checked_data(record: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """Event data for the record's own fields, converted and checked by those fields.

    A value of the wrong kind is bad data, raised as the field's own error (the caller's
    mistake), before any rule is asked (a refusal is about the record, not the data).
    """
    checked = dict(data)
    if not attrs.has(type(record)):
        return checked
    by_name = _copier(type(record))[1]
    for name, given in data.items():
        field = by_name.get(name)
        if field is None:
            continue
        value = field.converter(given) if field.converter is not None else given
        if field.validator is not None:
            field.validator(record, field, value)
        checked[name] = value
    return checked


def _context(
    at: datetime, by: Actor, data: Mapping[str, Any], calendar: WorkCalendar | None
) -> Context:
    if not isinstance(at, datetime):
        raise WrongTypeError(("fire", "at"), at, "is not a datetime", "an aware datetime")
    if at.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("fire", "at"), at)
    if not isinstance(by, Actor):
        raise WrongTypeError(("fire", "by"), by, "is not an Actor", "Actor(id=..., role=...)")
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        raise WrongTypeError(
            ("fire", "calendar"),
            calendar,
            "is not a WorkCalendar",
            "None or a WorkCalendar, e.g. salescare.calendars.china()",
        )
    return Context(at=at, by=by, data=dict(data), calendar=calendar)


@edge
def check(
    workflow: Workflow[R, S],
    record: R,
    event: str,
    *,
    at: datetime,
    by: Actor,
    **data: Any,
) -> Decision:
    """Whether ``event`` may fire now, with every reason when it may not.

    Never raises for a refusal (a bad ``at`` or ``by`` still raises).

    Examples:
        >>> from salescare.models import Complaint
        >>> from salescare.ids import CustomerNo
        >>> from datetime import datetime, timezone
        >>> c = Complaint(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     received_at=datetime(2024, 5, 15, tzinfo=timezone.utc),
        ...     category="delivery",
        ...     description="Late delivery",
        ... )
        >>> d = check(
        ...     COMPLAINT, c, "resolve", at=c.received_at, by=Actor(id="S1", role=Role.SALES_REP)
        ... )
        >>> d.allowed, d.reasons
        (False, ('no rule for it in this state',))
    """
    context = _context(at, by, _checked_data(record, data), None)
    rule, error = _evaluate(workflow, record, event, context)
    if error is None and rule is not None:
        target = rule.target if rule.target is not None else _state(workflow, record)
        return Decision(event=event, allowed=True, target=target, reasons=())
    failures = error.failures if isinstance(error, GuardError) else ()
    reasons = tuple(str(f) for f in failures) or ((error.reason,) if error else ())
    targets = {r.target for r in workflow.rules_for(event) if _state(workflow, record) in r.sources}
    target = next(iter(targets)) if len(targets) == 1 else None
    return Decision(event=event, allowed=False, target=target, reasons=reasons, failures=failures)


@edge
def options(workflow: Workflow[R, S], record: R, *, by: Actor, at: datetime) -> tuple[Option, ...]:
    """Every event of the workflow with its target and whether it is enabled now.

    Guards that need data given at firing time are judged on the record alone, so an event
    that needs data shows as disabled with the reason; UIs grey the button out or ask first.
    """
    result = []
    for event in workflow.events:
        decision = check(workflow, record, event, at=at, by=by)
        result.append(Option(event=event, target=decision.target, decision=decision))
    return tuple(result)


# -- building blocks of the workflows below ------------------------------------------------------

_AFTER_SALES_LEADS = frozenset({Role.AFTER_SALES_SUPERVISOR, Role.AFTER_SALES_DIRECTOR})
_ENGINEERS = frozenset(
    {Role.ENGINEER, Role.SENIOR_ENGINEER, Role.JUNIOR_ENGINEER, *_AFTER_SALES_LEADS}
)
_SALES = frozenset(
    {Role.SALES_REP, Role.ACCOUNT_MANAGER, Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR}
)
_SALES_LEADS = frozenset({Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR})


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple | list):
        return bool(value)
    return value is not None


def _needs(name: str, message: str) -> Guard:
    """A guard: ``name`` is given with the event or already on the record."""
    return Guard(
        code=f"{name}_required",
        message=message,
        check=lambda record, context: _present(context.value(record, name)),
    )


def _due(key: str, start: datetime, context: Context) -> datetime:
    target = TIMERS[key]
    if context.calendar is not None:
        target = target.on(context.calendar)
    return target.plain_due(start)


def _once(name: str, code: str, message: str) -> Guard:
    """A guard: the event records ``name`` and has not happened yet (the field is empty)."""
    return Guard(code=code, message=message, check=lambda record, _: getattr(record, name) is None)


def _owe(key: str, what: str, role: Role) -> Obligations:
    """An obligation whose timer starts with the event itself."""
    rule = key.split(".", 1)[0]

    def make(_: Any, context: Context) -> Iterable[Obligation]:
        return (
            Obligation(
                rule=rule, what=what, role=role, due=_due(key, context.at, context), timer=key
            ),
        )

    return make


def _at(*names: str) -> Effect:
    """An effect that stamps the event time on the named fields."""
    return lambda _, context: dict.fromkeys(names, context.at)


def _both(*parts: Obligations) -> Obligations:
    return lambda record, context: tuple(
        itertools.chain.from_iterable(part(record, context) for part in parts)
    )


# -- TICKET (TK-2 … TK-9) -------------------------------------------------------------------------

_T = TicketStatus
_URGENT = frozenset({Level.L1, Level.L2})


def _triage_effect(_: Ticket, context: Context) -> Mapping[str, Any]:
    return {"triaged_at": context.at}


def _assign_effect(record: Ticket, context: Context) -> Mapping[str, Any]:
    return {"assigned_at": context.at, "urgent": record.level in _URGENT}


def _senior_for_urgent(record: Ticket, context: Context) -> bool:
    return record.level not in _URGENT or context.data.get("assignee_role") is Role.SENIOR_ENGINEER


def _sales_owner_linked(record: Ticket, context: Context) -> bool:
    return not record.sales_promise or _present(context.value(record, "sales_owner"))


def _progress_due(record: Ticket, context: Context) -> Iterable[Obligation]:
    key = f"TK-6.{record.level}"
    if key not in TIMERS:
        return ()
    return (
        Obligation(
            rule="TK-6",
            what=f"post the next progress update on {record.number}",
            role=Role.ENGINEER,
            due=_due(key, context.at, context),
            timer=key,
        ),
    )


def _update_effect(record: Ticket, context: Context) -> Mapping[str, Any]:
    update = ProgressUpdate(at=context.at, note=context.data["note"], by=context.by.id)
    return {"progress": (*record.progress, update)}


def _open_pause(record: Ticket) -> bool:
    return any(p.end is None for p in record.pauses)


def _pause_effect(record: Ticket, context: Context) -> Mapping[str, Any]:
    pause = Pause(start=context.at, reason=str(context.data.get("reason", "")))
    return {"pauses": (*record.pauses, pause)}


def _end_pauses(record: Ticket, context: Context) -> tuple[Pause, ...]:
    return tuple(attrs.evolve(p, end=context.at) if p.end is None else p for p in record.pauses)


def _close_effect(record: Ticket, context: Context) -> Mapping[str, Any]:
    return {"resolved_at": context.at, "pauses": _end_pauses(record, context)}


def _appeasement(record: Ticket, context: Context) -> Iterable[Obligation]:
    if record.satisfaction is not None and record.satisfaction <= 3:  # noqa: PLR2004 - TK-9
        return (
            Obligation(
                rule="TK-9",
                what=f"start appeasement (客户安抚): {record.number} rated {record.satisfaction}",
                role=Role.SALES_REP,
                due=None,
            ),
        )
    return ()


TICKET: Workflow[Ticket, TicketStatus] = Workflow(
    name="TICKET",
    record=Ticket,
    states=TicketStatus,
    initial=_T.PENDING,
    final=frozenset({_T.CLOSED}),
    rules=(
        Rule(
            event="triage",
            sources=frozenset({_T.PENDING}),
            guards=(_needs("level", "a triaged ticket has a level L1, L2 or L3 (TK-3)"),),
            roles=_AFTER_SALES_LEADS | _ENGINEERS,
            accepts=("level",),
            effect=_triage_effect,
            obligations=_owe(
                "TK-4", "assign the ticket to an engineer", Role.AFTER_SALES_SUPERVISOR
            ),
            rule="TK-2",
            description="grade and classify the ticket",
        ),
        Rule(
            event="assign",
            sources=frozenset({_T.PENDING}),
            target=_T.IN_PROGRESS,
            guards=(
                Guard(
                    code="triaged",
                    message="triage comes first (TK-2)",
                    check=lambda r, _: r.level is not None,
                ),
                _needs("assignee", "an assigned ticket names its engineer"),
                Guard(
                    code="senior_for_urgent",
                    message="L1 and L2 tickets go to a senior engineer (TK-4)",
                    check=_senior_for_urgent,
                ),
                Guard(
                    code="sales_owner_linked",
                    message="a ticket about a sales promise links the sales owner (TK-4)",
                    check=_sales_owner_linked,
                ),
            ),
            roles=_AFTER_SALES_LEADS,
            accepts=("assignee", "assignee_role", "sales_owner"),
            effect=_assign_effect,
            obligations=_progress_due,
            rule="TK-4",
            description="assign; L1/L2 to a senior engineer, tagged urgent",
        ),
        Rule(
            event="respond",
            sources=frozenset({_T.IN_PROGRESS}),
            guards=(
                _once(
                    "first_response_at", "not_responded", "the first response is already recorded"
                ),
            ),
            roles=_ENGINEERS,
            effect=_at("first_response_at"),
            rule="TK-3",
        ),
        Rule(
            event="start_joint",
            sources=frozenset({_T.PENDING, _T.IN_PROGRESS}),
            guards=(
                _needs("joint_triggers", "joint handling names its trigger (TK-5)"),
                _needs("sales_owner", "joint handling adds a sales co-handler (TK-5)"),
            ),
            roles=_ENGINEERS,
            accepts=("joint_triggers", "sales_owner"),
            effect=lambda _, c: {"joint_handling": True, "joint_triggered_at": c.at},
            obligations=_owe("TK-5", "hold the joint-handling sync meeting", Role.ENGINEER),
            rule="TK-5",
        ),
        Rule(
            event="hold_joint_meeting",
            sources=frozenset({_T.PENDING, _T.IN_PROGRESS}),
            guards=(
                Guard(
                    code="joint_started",
                    message="joint handling has not started (TK-5)",
                    check=lambda r, _: r.joint_handling,
                ),
            ),
            roles=_ENGINEERS | _SALES,
            effect=_at("joint_meeting_at"),
            rule="TK-5",
        ),
        Rule(
            event="update",
            sources=frozenset({_T.IN_PROGRESS}),
            guards=(_needs("note", "a progress update says what happened (TK-6)"),),
            roles=_ENGINEERS,
            accepts=("note",),
            effect=_update_effect,
            obligations=_progress_due,
            rule="TK-6",
        ),
        Rule(
            event="pause",
            sources=frozenset({_T.IN_PROGRESS}),
            guards=(
                Guard(
                    code="not_paused",
                    message="the clock is already paused",
                    check=lambda r, _: not _open_pause(r),
                ),
            ),
            roles=_ENGINEERS,
            accepts=("reason",),
            effect=_pause_effect,
            rule="TK-10",
        ),
        Rule(
            event="resume",
            sources=frozenset({_T.IN_PROGRESS}),
            guards=(
                Guard(
                    code="paused",
                    message="the clock is not paused",
                    check=lambda r, _: _open_pause(r),
                ),
            ),
            roles=_ENGINEERS,
            effect=lambda r, c: {"pauses": _end_pauses(r, c)},
            rule="TK-10",
        ),
        Rule(
            event="postpone",
            sources=frozenset({_T.IN_PROGRESS}),
            target=_T.POSTPONED,
            guards=(
                _needs("postpone_reason", "postponing needs a reason (TK-7)"),
                _needs("expected_resolution_at", "postponing needs a new expected time (TK-7)"),
                Guard(
                    code="expected_in_future",
                    message="the new expected time is not after now (TK-7)",
                    check=lambda r, c: (
                        not _present(c.value(r, "expected_resolution_at"))
                        or c.value(r, "expected_resolution_at") > c.at
                    ),
                ),
            ),
            roles=_ENGINEERS,
            accepts=("postpone_reason", "expected_resolution_at"),
            rule="TK-7",
        ),
        Rule(
            event="resume_work",
            sources=frozenset({_T.POSTPONED}),
            target=_T.IN_PROGRESS,
            roles=_ENGINEERS,
            rule="TK-7",
        ),
        Rule(
            event="close",
            sources=frozenset({_T.IN_PROGRESS, _T.POSTPONED}),
            target=_T.CLOSED,
            guards=(_needs("resolution", "closing needs the resolution result (TK-7)"),),
            roles=_ENGINEERS,
            accepts=("resolution", "sales_suggestion"),
            effect=_close_effect,
            obligations=_both(
                _owe("TK-8.sync", "sync the resolution to sales", Role.ENGINEER),
                _owe("TK-8.satisfaction", "collect the customer's satisfaction", Role.ENGINEER),
            ),
            rule="TK-7",
        ),
        Rule(
            event="sync_to_sales",
            sources=frozenset({_T.CLOSED}),
            guards=(_once("synced_to_sales_at", "not_synced", "already synced to sales"),),
            roles=_ENGINEERS,
            effect=_at("synced_to_sales_at"),
            obligations=_owe("TK-8.contact", "contact the customer about the fix", Role.SALES_REP),
            rule="TK-8",
        ),
        Rule(
            event="contact_customer",
            sources=frozenset({_T.CLOSED}),
            guards=(
                Guard(
                    code="synced",
                    message="the resolution is not synced to sales yet (TK-8)",
                    check=lambda r, _: r.synced_to_sales_at is not None,
                ),
                _once("sales_contacted_at", "not_contacted", "the customer was already contacted"),
            ),
            roles=_SALES,
            effect=_at("sales_contacted_at"),
            rule="TK-8",
        ),
        Rule(
            event="rate",
            sources=frozenset({_T.CLOSED}),
            guards=(
                _needs("satisfaction", "a rating is a score from 1 to 5 (TK-8)"),
                _once("satisfaction", "not_rated", "satisfaction is already collected"),
            ),
            roles=_ENGINEERS,
            accepts=("satisfaction",),
            effect=_at("satisfaction_at"),
            obligations=_appeasement,
            rule="TK-8",
        ),
    ),
)
"""Tickets: pending → in progress → closed, with postponed (RULES TK-2…TK-10)."""


# -- HANDOVER (HO-1 … HO-7) ---------------------------------------------------------------

_H = HandoverStatus


def _complete(record: Handover, _: Context) -> bool | Iterable[str]:
    gaps = handover_gaps(record)
    return True if not gaps else [str(gap) for gap in gaps]


HANDOVER: Workflow[Handover, HandoverStatus] = Workflow(
    name="HANDOVER",
    record=Handover,
    states=HandoverStatus,
    initial=_H.DRAFT,
    final=frozenset({_H.ARCHIVED}),
    rules=(
        Rule(
            event="submit",
            sources=frozenset({_H.DRAFT, _H.NEEDS_SUPPLEMENT}),
            target=_H.SUBMITTED,
            guards=(
                Guard(code="complete", message="the form is complete (HO-6)", check=_complete),
            ),
            roles=_SALES,
            effect=_at("handed_over_at"),
            obligations=lambda r, c: (
                Obligation(
                    rule="HO-3",
                    what=f"check the handover of {r.customer_name}",
                    role=Role.SALES_SUPERVISOR,
                    due=None,
                ),
            ),
            rule="HO-2",
        ),
        Rule(
            event="check",
            sources=frozenset({_H.SUBMITTED}),
            target=_H.CHECKED,
            roles=_SALES_LEADS,
            obligations=lambda r, c: (
                Obligation(
                    rule="HO-3",
                    what=f"assign an engineer to {r.customer_name}",
                    role=Role.AFTER_SALES_SUPERVISOR,
                    due=None,
                ),
            ),
            rule="HO-3",
        ),
        Rule(
            event="assign",
            sources=frozenset({_H.CHECKED}),
            target=_H.PENDING,
            guards=(_needs("after_sales_owner", "the assigned engineer is named (HO-3)"),),
            roles=_AFTER_SALES_LEADS,
            accepts=("after_sales_owner",),
            obligations=_both(
                _owe("HO-4.open", "open the handover", Role.ENGINEER),
                _owe("HO-4.confirm", "confirm the handover or ask for supplement", Role.ENGINEER),
            ),
            rule="HO-3",
        ),
        Rule(
            event="confirm",
            sources=frozenset({_H.PENDING}),
            target=_H.CONFIRMED,
            guards=(
                _needs(
                    "planned_service_start", "confirming names the planned service start (HO-5)"
                ),
            ),
            roles=_ENGINEERS,
            accepts=("planned_service_start",),
            effect=_at("confirmed_at"),
            rule="HO-5",
        ),
        Rule(
            event="request_supplement",
            sources=frozenset({_H.PENDING}),
            target=_H.NEEDS_SUPPLEMENT,
            guards=(_needs("remarks", "say what must be supplied (HO-4)"),),
            roles=_ENGINEERS,
            accepts=("remarks",),
            obligations=lambda r, c: (
                Obligation(
                    rule="HO-4",
                    what="supply what the engineer asked for and resubmit",
                    role=Role.SALES_REP,
                    due=None,
                ),
            ),
            rule="HO-4",
        ),
        Rule(
            event="archive",
            sources=frozenset({_H.CONFIRMED}),
            target=_H.ARCHIVED,
            roles=_SALES_LEADS | _AFTER_SALES_LEADS,
            rule="HO-7",
        ),
    ),
)
"""Handovers: draft → submitted → checked → pending confirmation → confirmed / needs
supplement → archived (RULES HO-1…HO-7)."""


# -- FEEDBACK (FB-2 … FB-7) -----------------------------------------------------------------------

_F = FeedbackStatus
ROUTES: Mapping[FeedbackCategory, Department] = {
    FeedbackCategory.PRODUCT: Department.PRODUCT,
    FeedbackCategory.SALES_OPPORTUNITY: Department.SALES,
    FeedbackCategory.SERVICE_EXPERIENCE: Department.AFTER_SALES,
}
_EVALUATOR = {
    FeedbackCategory.PRODUCT: Role.PRODUCT_MANAGER,
    FeedbackCategory.SALES_OPPORTUNITY: Role.SALES_REP,
    FeedbackCategory.SERVICE_EXPERIENCE: Role.AFTER_SALES_SUPERVISOR,
}


def _opportunity_data(record: Feedback, context: Context) -> bool | Iterable[str]:
    if context.value(record, "category") is not FeedbackCategory.SALES_OPPORTUNITY:
        return True
    points = []
    if not _present(context.value(record, "value_estimate")):
        points.append("a sales opportunity carries a value estimate (FB-4)")
    risk = context.value(record, "competition_risk")
    if risk is None:
        points.append("a sales opportunity carries a competition-risk flag (FB-4)")
    elif risk and not _present(context.value(record, "competitor")):
        points.append("a flagged competition risk names the competitor (FB-4)")
    return points or True


def _classified(record: Feedback, context: Context) -> Mapping[str, Any]:
    return {
        "classified_at": context.at,
        "department": ROUTES[record.category]
        if record.category is not None and "category" not in context.data
        else ROUTES[context.data["category"]],
    }


def _evaluation_owed(record: Feedback, context: Context) -> Iterable[Obligation]:
    role = _EVALUATOR[record.category] if record.category is not None else Role.SALES_REP
    return (
        Obligation(
            rule="FB-5",
            what="evaluate the feasibility",
            role=role,
            due=_due("FB-5", context.at, context),
            timer="FB-5",
        ),
    )


def _feasible(record: Feedback, context: Context) -> bool | Iterable[str]:
    changes = {k: v for k, v in context.data.items() if k in ("feasibility", "plan", "owner")}
    tentative = attrs.evolve(record, **changes)
    gaps = feasibility_gaps(tentative)
    return gaps or True


def _feedback_progress(record: Feedback, context: Context) -> Mapping[str, Any]:
    update = ProgressUpdate(
        at=context.at,
        note=context.data["note"],
        by=context.by.id,
        new_due_on=context.data.get("new_due_on"),
        reason=context.data.get("reason", ""),
    )
    return {"progress": (*record.progress, update)}


_REASON_FOR_NEW_DATE = Guard(
    code="reason_required",
    message="a new planned date says why (FB-6)",
    check=lambda _, context: (
        context.data.get("new_due_on") is None or _present(context.data.get("reason"))
    ),
)


def _closed_notice(_: Feedback, context: Context) -> Iterable[Obligation]:
    # CO-3: the system tells the other side when a need is closed, at once
    return (
        Obligation(
            rule="CO-3",
            what="tell after-sales the feedback is closed, with the result",
            role=Role.AFTER_SALES_SUPERVISOR,
            due=context.at,
        ),
    )


_WEEKLY = _owe("FB-6", "record the next progress", Role.SALES_REP)

FEEDBACK: Workflow[Feedback, FeedbackStatus] = Workflow(
    name="FEEDBACK",
    record=Feedback,
    states=FeedbackStatus,
    initial=_F.COLLECTED,
    final=frozenset({_F.COMPLETED, _F.NOT_ADOPTED}),
    rules=(
        Rule(
            event="classify",
            sources=frozenset({_F.COLLECTED}),
            target=_F.CLASSIFIED,
            guards=(
                _needs("category", "classify as product, sales opportunity or service (FB-3)"),
                Guard(
                    code="opportunity_data",
                    message="sales-opportunity data (FB-4)",
                    check=_opportunity_data,
                ),
            ),
            roles=_ENGINEERS,
            accepts=("category", "value_estimate", "value_note", "competition_risk", "competitor"),
            effect=_classified,
            obligations=_evaluation_owed,
            rule="FB-3",
        ),
        Rule(
            event="evaluate",
            sources=frozenset({_F.CLASSIFIED}),
            target=_F.EVALUATED,
            guards=(
                _needs("feasibility", "the evaluation is high, medium or low (FB-5)"),
                Guard(
                    code="feasibility_requirements",
                    message="what the level requires (FB-5)",
                    check=_feasible,
                ),
            ),
            roles=_SALES | frozenset({Role.PRODUCT_MANAGER}) | _AFTER_SALES_LEADS,
            accepts=("feasibility", "plan", "owner"),
            effect=_at("evaluated_at"),
            rule="FB-5",
        ),
        Rule(
            event="start",
            sources=frozenset({_F.EVALUATED}),
            target=_F.IN_PROGRESS,
            obligations=_WEEKLY,
            rule="FB-6",
        ),
        Rule(
            event="record_progress",
            sources=frozenset({_F.IN_PROGRESS}),
            guards=(_needs("note", "progress says what happened (FB-6)"), _REASON_FOR_NEW_DATE),
            accepts=("note", "new_due_on", "reason"),
            effect=_feedback_progress,
            obligations=_WEEKLY,
            rule="FB-6",
        ),
        Rule(
            event="complete",
            sources=frozenset({_F.EVALUATED, _F.IN_PROGRESS}),
            target=_F.COMPLETED,
            guards=(_needs("lesson", "completing records the lesson learned (FB-7)"),),
            accepts=("lesson",),
            effect=_at("completed_at"),
            obligations=_closed_notice,
            rule="FB-7",
        ),
        Rule(
            event="decline",
            sources=frozenset({_F.CLASSIFIED, _F.EVALUATED, _F.IN_PROGRESS}),
            target=_F.NOT_ADOPTED,
            guards=(_needs("result_reason", "not adopting says why (FB-7)"),),
            accepts=("result_reason",),
            effect=_at("completed_at"),
            obligations=_closed_notice,
            rule="FB-7",
        ),
    ),
)
"""Feedback: collected → classified → evaluated → in progress → completed / not adopted
(RULES FB-2…FB-7)."""


# -- REGISTRATION (LD-3 … LD-5, CX-1) -----------------------------------------------------

_G = RegistrationStatus


def _decided(decision: ReviewDecision) -> Effect:
    return lambda _, c: {"decision": decision, "reviewed_at": c.at}


REGISTRATION: Workflow[Registration, RegistrationStatus] = Workflow(
    name="REGISTRATION",
    record=Registration,
    states=RegistrationStatus,
    initial=_G.LEAD,
    final=frozenset({_G.DROPPED, _G.REJECTED, _G.ENTERED}),
    rules=(
        Rule(
            event="screen",
            sources=frozenset({_G.LEAD}),
            target=_G.SCREENED,
            roles=_SALES,
            rule="LD-3",
        ),
        Rule(
            event="drop",
            sources=frozenset({_G.LEAD, _G.SCREENED}),
            target=_G.DROPPED,
            guards=(_needs("reason", "a dropped lead keeps its reason (LD-3)"),),
            roles=_SALES,
            accepts=("reason",),
            rule="LD-3",
        ),
        Rule(
            event="submit",
            sources=frozenset({_G.SCREENED, _G.NEEDS_SUPPLEMENT}),
            target=_G.SUBMITTED,
            roles=_SALES,
            # a resubmission is reviewed afresh; the earlier review stays in the history
            effect=lambda _, c: {"submitted_at": c.at, "reviewed_at": None, "decision": None},
            obligations=_owe("CX-1", "review the registration", Role.SALES_SUPERVISOR),
            rule="LD-4",
        ),
        Rule(
            event="approve",
            sources=frozenset({_G.SUBMITTED}),
            target=_G.PASSED,
            roles=_SALES_LEADS,
            accepts=("reviewer",),
            effect=_decided(ReviewDecision.PASS),
            obligations=_owe("LD-5", "enter the customer in the CRM", Role.SALES_REP),
            rule="LD-4",
        ),
        Rule(
            event="approve_after_supplement",
            sources=frozenset({_G.SUBMITTED}),
            target=_G.NEEDS_SUPPLEMENT,
            guards=(_needs("reason", "say what must be supplemented (LD-4)"),),
            roles=_SALES_LEADS,
            accepts=("reviewer", "reason"),
            effect=_decided(ReviewDecision.PASS_AFTER_SUPPLEMENT),
            rule="LD-4",
        ),
        Rule(
            event="reject",
            sources=frozenset({_G.SUBMITTED}),
            target=_G.REJECTED,
            guards=(_needs("reason", "a rejection gives its reason (LD-4)"),),
            roles=_SALES_LEADS,
            accepts=("reviewer", "reason"),
            effect=_decided(ReviewDecision.REJECT),
            rule="LD-4",
        ),
        Rule(
            event="enter",
            sources=frozenset({_G.PASSED}),
            target=_G.ENTERED,
            guards=(_needs("customer_code", "an entered customer gets its code (LD-6)"),),
            roles=_SALES,
            accepts=("customer_code",),
            effect=_at("entered_at"),
            rule="LD-5",
        ),
    ),
)
"""Registrations: lead → screened (or dropped) → submitted → passed / needs supplement /
rejected → entered (RULES LD-3…LD-6, CX-1)."""


# -- OPPORTUNITY (002 steps 3–7; DL-1 … DL-4, DV-1 … DV-3) -----------------------------------------

_O = OpportunityStage
_OPEN = frozenset({_O.GRADED, _O.FOLLOWING, _O.PROPOSAL, _O.NEGOTIATION, _O.CONTRACT})


def _reviewed(outcome: str) -> Guard:
    return Guard(
        code="deal_review",
        message=f"closing a {outcome} deal needs its deal review (DL-4)",
        check=lambda r, c: (
            _present(c.value(r, "review")) and c.value(r, "review").outcome.value == outcome
        ),
    )


OPPORTUNITY: Workflow[Opportunity, OpportunityStage] = Workflow(
    name="OPPORTUNITY",
    record=Opportunity,
    states=OpportunityStage,
    status_field="stage",
    initial=_O.GRADED,
    final=frozenset({_O.REVIEWED}),
    rules=(
        Rule(
            event="follow",
            sources=frozenset({_O.GRADED}),
            target=_O.FOLLOWING,
            roles=_SALES,
            rule="GR-6",
        ),
        Rule(
            event="propose",
            sources=frozenset({_O.FOLLOWING}),
            target=_O.PROPOSAL,
            guards=(_needs("proposal_reviewed_by", "the supervisor reviews the proposal (DL-1)"),),
            roles=_SALES,
            accepts=("proposal_reviewed_by",),
            rule="DL-1",
        ),
        Rule(
            event="negotiate",
            sources=frozenset({_O.PROPOSAL}),
            target=_O.NEGOTIATION,
            roles=_SALES,
            rule="DL-2",
        ),
        Rule(
            event="sign",
            sources=frozenset({_O.NEGOTIATION}),
            target=_O.CONTRACT,
            guards=(
                _needs("legal_reviewed_by", "legal reviews the contract before signing (DL-3)"),
                _needs("contract_number", "the signed contract has its number (DL-3)"),
                _needs("expected_payment_on", "the CRM records the expected payment date (DL-3)"),
            ),
            roles=_SALES,
            accepts=("legal_reviewed_by", "contract_number", "expected_payment_on", "amount"),
            rule="DL-3",
        ),
        Rule(
            event="deliver",
            sources=frozenset({_O.CONTRACT}),
            target=_O.DELIVERY,
            guards=(_needs("delivery_plan", "a delivery plan with milestones and owners (DV-1)"),),
            roles=_SALES,
            accepts=("delivery_plan",),
            effect=_at("delivered_at"),
            rule="DV-1",
        ),
        Rule(
            event="accept",
            sources=frozenset({_O.DELIVERY}),
            target=_O.ACCEPTED,
            guards=(
                Guard(
                    code="certificate_signed",
                    message="the customer signs the acceptance certificate (DV-2)",
                    check=lambda _, c: c.data.get("certificate_signed") is True,
                ),
            ),
            roles=_SALES,
            accepts=("certificate_signed",),
            effect=_at("accepted_at"),
            obligations=_owe("DV-3", "revisit the customer after delivery", Role.SALES_REP),
            rule="DV-2",
        ),
        Rule(
            event="hand_over",
            sources=frozenset({_O.ACCEPTED}),
            target=_O.AFTER_SALES,
            roles=_SALES,
            rule="HO-1",
        ),
        Rule(
            event="close_won",
            sources=frozenset({_O.AFTER_SALES}),
            target=_O.REVIEWED,
            guards=(_reviewed("won"),),
            roles=_SALES,
            accepts=("review",),
            rule="DL-4",
        ),
        Rule(
            event="lose",
            sources=_OPEN,
            target=_O.LOST,
            guards=(_needs("loss_reasons", "a lost deal names why (DL-4)"),),
            roles=_SALES,
            accepts=("loss_reasons",),
            effect=lambda r, _: {"lost_at_stage": r.stage},
            rule="DL-4",
        ),
        Rule(
            event="close_lost",
            sources=frozenset({_O.LOST}),
            target=_O.REVIEWED,
            guards=(_reviewed("lost"),),
            roles=_SALES,
            accepts=("review",),
            rule="DL-4",
        ),
    ),
)
"""Opportunities: graded → following → proposal → negotiation → contract → delivery →
accepted → after-sales → reviewed; lost from any open stage, reviewed too (002 steps 3–7)."""


# -- COMPLAINT (CP-1 … CP-4) ----------------------------------------------------------------------

_C = ComplaintStatus


def _measure_deadlines(record: Complaint, context: Context) -> Iterable[Obligation]:
    return tuple(
        Obligation(
            rule="CP-3",
            what=f"{m.kind.value}: {m.description} (owner {m.owner})",
            role=Role.AFTER_SALES_SUPERVISOR,
            due=m.deadline,
        )
        for m in record.measures
        if m.done_at is None
    )


def _deadlines_ahead(record: Complaint, context: Context) -> bool | Iterable[str]:
    measures = context.value(record, "measures") or ()
    late = [
        f"the deadline of '{m.description}' is not after now (CP-3)"
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
        Rule(
            event="acknowledge",
            sources=frozenset({_C.RECEIVED}),
            target=_C.ACKNOWLEDGED,
            effect=_at("acknowledged_at"),
            rule="CP-1",
        ),
        Rule(
            event="investigate",
            sources=frozenset({_C.ACKNOWLEDGED}),
            target=_C.INVESTIGATING,
            rule="CP-2",
        ),
        Rule(
            event="conclude",
            sources=frozenset({_C.INVESTIGATING}),
            target=_C.MEASURES,
            guards=(
                _needs("cause", "the investigation names the cause (CP-2)"),
                _needs("responsible_party", "the investigation names who is responsible (CP-2)"),
                _needs("measures", "at least one measure with owner and deadline (CP-3)"),
                Guard(
                    code="deadlines_ahead",
                    message="measure deadlines (CP-3)",
                    check=_deadlines_ahead,
                ),
            ),
            accepts=("cause", "responsible_party", "measures"),
            obligations=_measure_deadlines,
            rule="CP-3",
        ),
        Rule(
            event="resolve",
            sources=frozenset({_C.MEASURES}),
            target=_C.RESOLVED,
            effect=_at("resolved_at"),
            obligations=lambda r, c: (
                Obligation(
                    rule="CP-4",
                    what="revisit to confirm satisfaction",
                    role=Role.ACCOUNT_MANAGER,
                    due=None,
                ),
            ),
            rule="CP-3",
        ),
        Rule(
            event="revisit",
            sources=frozenset({_C.RESOLVED}),
            target=_C.REVISITED,
            guards=(
                Guard(
                    code="satisfied_known",
                    message="the revisit records whether the customer is satisfied (CP-4)",
                    check=lambda r, c: c.value(r, "satisfied") is not None,
                ),
                _needs("prevention", "summarise the preventive measures (CP-4)"),
            ),
            accepts=("satisfied", "prevention"),
            effect=_at("revisited_at"),
            rule="CP-4",
        ),
    ),
)
"""Complaints: received → acknowledged → investigating → measures → resolved → revisited
(RULES CP-1…CP-4)."""

# -- DEPARTURE (CX-4) ----------------------------------------------------------------------

_D = DepartureStatus


def _after_approval(record: Departure, context: Context) -> Iterable[Obligation]:
    customers = ", ".join(str(item.customer) for item in record.items)
    return (
        Obligation(
            rule="CX-4",
            what=f"move access from {record.rep} to {record.successor}: {customers}",
            role=Role.SALES_SUPERVISOR,
            due=context.at,
        ),
        Obligation(
            rule="CX-4",
            what=f"{record.rep} may not contact {customers} before this time",
            role=Role.SALES_REP,
            due=_due("CX-4.no_contact", context.at, context),
            timer="CX-4.no_contact",
        ),
        Obligation(
            rule="CX-4",
            what=f"{record.successor} reports weekly on the customers taken over",
            role=Role.SALES_REP,
            due=_due("CX-4.report", context.at, context),
            timer="CX-4.report",
        ),
    )


DEPARTURE: Workflow[Departure, DepartureStatus] = Workflow(
    name="DEPARTURE",
    record=Departure,
    states=DepartureStatus,
    initial=_D.LISTING,
    final=frozenset({_D.APPROVED}),
    rules=(
        Rule(
            event="submit",
            sources=frozenset({_D.LISTING}),
            target=_D.SUBMITTED,
            guards=(_needs("items", "the handover lists every customer (CX-4)"),),
            roles=_SALES,
            accepts=("items",),
            effect=_at("submitted_at"),
            obligations=lambda r, c: (
                Obligation(
                    rule="CX-4",
                    what=f"approve {r.rep}'s handover to {r.successor}",
                    role=Role.SALES_SUPERVISOR,
                    due=None,
                ),
            ),
            rule="CX-4",
        ),
        Rule(
            event="approve",
            sources=frozenset({_D.SUBMITTED}),
            target=_D.APPROVED,
            guards=(_needs("approved_by", "the approving supervisor is named (CX-4)"),),
            roles=_SALES_LEADS,
            accepts=("approved_by",),
            effect=_at("approved_at"),
            obligations=_after_approval,
            rule="CX-4",
        ),
    ),
)
"""A departing rep's handover: listing → submitted → approved (RULES CX-4)."""


@edge
def no_contact_until(departure: Departure) -> datetime | None:
    """When the departed rep may contact the handed-over customers again (CX-4).

    ``None`` before the supervisor approves the handover.

    Examples:
        >>> from datetime import UTC
        >>> from salescare.ids import StaffNo
        >>> d = Departure(
        ...     rep=StaffNo.parse("S0123"),
        ...     successor=StaffNo.parse("S0124"),
        ...     noticed_at=datetime(2024, 5, 6, 9, 0, tzinfo=UTC),
        ...     status=DepartureStatus.APPROVED,
        ...     submitted_at=datetime(2024, 5, 7, 9, 0, tzinfo=UTC),
        ...     approved_at=datetime(2024, 5, 8, 9, 0, tzinfo=UTC),
        ... )
        >>> no_contact_until(d).isoformat()
        '2024-06-08T09:00:00+00:00'
    """
    if departure.approved_at is None:
        return None
    return TIMERS["CX-4.no_contact"].plain_due(departure.approved_at)


WORKFLOWS: Mapping[str, Workflow[Any, Any]] = {
    w.name: w for w in (TICKET, HANDOVER, FEEDBACK, REGISTRATION, OPPORTUNITY, COMPLAINT, DEPARTURE)
}
"""Every workflow of the library, by name."""


@edge
def render_docs() -> str:
    """The text of ``docs/workflows.md``: every workflow's diagram and transition table.

    Generated from the definitions above; a test fails when the checked-in file differs.
    """
    parts = [
        "# Workflows",
        "",
        "Generated from `salescare.workflow` by `render_docs()`; a test fails when this page",
        "is stale. Each diagram shows every event; an event without a target keeps the state.",
        "",
    ]
    for workflow in WORKFLOWS.values():
        parts += [
            f"## {workflow.name}",
            "",
            f"Record: `{workflow.record.__name__}`, state field `{workflow.status_field}`.",
            "",
            "```mermaid",
            workflow.to_mermaid(),
            "```",
            "",
            workflow.to_markdown(),
            "",
        ]
    return "\n".join(parts)
