"""Running a workflow: fire an event, or ask whether it may fire and what a UI may offer.

:func:`fire` is pure: it returns a :class:`Step` with the new record (status changed, one
history entry appended), the obligations the step creates and the history entry; the record
passed in is never changed. A refused event raises a
:class:`~salescare.errors.TransitionError` subclass that says why and which events are
available; :func:`check` and :func:`options` answer the same question without raising.

Examples:
    >>> from datetime import UTC, datetime
    >>> from salescare.ids import CustomerNo
    >>> from salescare.models import Actor, Complaint, Role
    >>> from salescare.workflow import COMPLAINT
    >>> c = Complaint(
    ...     customer=CustomerNo.parse("CUS20240515001"),
    ...     category="delivery",
    ...     received_at=datetime(2024, 5, 15, tzinfo=UTC),
    ...     description="Late",
    ... )
    >>> handler = Actor(id="A7", role=Role.COMPLAINT_HANDLER)
    >>> step = fire(COMPLAINT, c, "acknowledge", at=c.received_at, by=handler)
    >>> step.record.status.value, c.status.value
    ('acknowledged', 'received')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Generic, TypeVar

import attrs

from salescare._checks import converted, own_validator
from salescare._edge import edge
from salescare._errortext import shorten
from salescare.calendars import WorkCalendar
from salescare.errors import (
    ConflictError,
    EventDataError,
    GuardError,
    GuardFailure,
    NaiveDatetimeError,
    NoRuleError,
    Path,
    RoleError,
    TransitionError,
    UnknownEventError,
    ValidationError,
    WrongTypeError,
)
from salescare.i18n import tr
from salescare.models import Actor, Details, History, HistoryEntry
from salescare.models.details import frozen_json
from salescare.serialize import converter, from_dict
from salescare.workflow.machine import Context, Obligation, Transition, Workflow

__all__ = ["EventDecision", "Option", "Step", "allowed", "check", "fire", "options"]

R = TypeVar("R")
S = TypeVar("S", bound=Enum)


@attrs.frozen(kw_only=True)
class Step(Generic[R]):
    """The result of an accepted event: the new record, its obligations, the history entry."""

    record: R
    obligations: tuple[Obligation, ...]
    entry: HistoryEntry
    rule: Transition


@attrs.frozen(kw_only=True)
class EventDecision:
    """Whether an event may fire now, and why not when it may not.

    (Formerly ``Decision``: the old name still works, with a warning, for one release.)
    """

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
    decision: EventDecision


def _state(workflow: Workflow[Any, Any], record: Any) -> Any:
    return getattr(record, workflow.status_field)


@edge
def allowed(workflow: Workflow[R, S], record: R) -> tuple[str, ...]:
    """The events that have a rule from the record's current state (guards not checked).

    Examples:
        >>> from salescare.models import Actor, Complaint, Role
        >>> from salescare.workflow import COMPLAINT
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
) -> tuple[Transition | None, TransitionError | None]:
    state = _state(workflow, record)
    if not isinstance(event, str):
        raise WrongTypeError(
            ("fire", "event"),
            event,
            tr("is not an event name"),
            tr("one of {choices}", choices=", ".join(workflow.events)),
        )
    rules = workflow.rules_for(event)
    if not rules:
        return None, UnknownEventError(
            state.value,
            event,
            allowed=allowed(workflow, record),
            reason=tr("not an event of {name}", name=workflow.name),
        )
    candidates = [rule for rule in rules if state in rule.sources]
    if not candidates:
        return None, NoRuleError(
            state.value,
            event,
            allowed=allowed(workflow, record),
            reason=tr("no rule for it in this state"),
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
                    tr(
                        "{unknown} not accepted by {event}; it accepts: {value}",
                        unknown=", ".join(unknown),
                        event=repr(event),
                        value=", ".join(rule.accepts) or "no data",
                    ),
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
        reason=tr(
            "role {value} may not; needs one of {roles}",
            value=repr(context.by.role.value),
            roles=", ".join(roles),
        ),
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
    expected_version: int | None = None,
    **data: Any,
) -> Step[R]:
    """Apply ``event`` to ``record`` at ``at`` by ``by``; return the :class:`Step`.

    ``data`` carries the event's values (``level=Level.L1``). ``calendar``, when given, is the
    calendar of every obligation's due time (default: each timer's own, elapsed hours or
    China's working days). ``comment`` goes into the history entry. ``expected_version``,
    when given, is the version the caller read (the number of events fired on the record,
    :func:`~salescare.workflow.version`): a record that has moved on since raises
    :class:`~salescare.errors.ConflictError`. The input record is never changed; a refused
    event raises and changes nothing.
    """
    if expected_version is not None:
        _check_version(workflow, record, expected_version)
    context = _context(at, by, _checked_data(workflow, record, event, data), calendar)
    rule, error = _evaluate(workflow, record, event, context)
    if error is not None:
        raise error
    assert rule is not None  # noqa: S101 - _evaluate returns a rule or an error
    state = _state(workflow, record)
    target = rule.target if rule.target is not None else state
    if not isinstance(comment, str):
        raise ValidationError(("fire", "comment"), comment, tr("is not text"), tr("a str"))
    # Every part is already checked (aware time, a validated Actor, one of the workflow's
    # event names, text), so the entry is assembled without running its validators again.
    entry = _entry(at, by, event, comment, _details(context.data))
    try:
        changes = {
            name: given
            for name in rule.accepts
            if (given := context.data.get(name, _ABSENT)) is not _ABSENT and _is_field(record, name)
        }
        if rule.effect is not None:
            changes.update(rule.effect(record, context))
        changes[workflow.status_field] = target
        history = getattr(record, workflow.history_field)
        # a History grows in constant time; a plain tuple (a team's own record) is copied
        changes[workflow.history_field] = (
            history.appended(entry) if isinstance(history, History) else (*history, entry)
        )
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


_ABSENT = object()
_VERSIONS = 2**63  # more events than any record will have


def _check_version(workflow: Workflow[Any, Any], record: Any, expected: object) -> None:
    if type(expected) is not int:
        raise WrongTypeError(
            ("fire", "expected_version"),
            expected,
            tr("is not a version"),
            tr("a whole number >= 0"),
        )
    if not 0 <= expected < _VERSIONS:
        raise ValidationError(
            ("fire", "expected_version"),
            expected,
            tr("is not a version"),
            tr("a whole number >= 0"),
            code="out_of_range",
        )
    actual = len(getattr(record, workflow.history_field))
    if actual != expected:
        name = getattr(record, "number", None) or type(record).__name__
        raise ConflictError(str(name), expected=expected, actual=actual)


def _evolve(record: R, changes: Mapping[str, Any]) -> R:
    """``attrs.evolve`` that validates only the changed fields, then the cross-field rules.

    The unchanged fields were validated when the record was built and records are immutable,
    so checking them again proves nothing; CRMs fire events on every button press, so the
    saving matters. Converters and validators of changed fields, and ``__attrs_post_init__``,
    run exactly as in ``attrs.evolve``.
    """
    cls = type(record)
    copy, by_name = _copier(cls)
    values = {name: converted(by_name[name], value) for name, value in changes.items()}
    updated: R = copy(record, values)
    for name, value in values.items():
        field = by_name[name]
        check = own_validator(field)
        if check is not None:
            check(updated, field, value)
    post_init = getattr(updated, "__attrs_post_init__", None)
    if post_init is not None:
        post_init()
    return updated


def _entry(at: datetime, by: Actor, event: str, note: str, details: Details) -> HistoryEntry:
    """A history entry from parts already checked (see :func:`fire`)."""
    entry = object.__new__(HistoryEntry)
    for name, value in (
        ("at", at),
        ("actor", by.id),
        ("event", event),
        ("note", note),
        ("details", details),
        ("role", by.role),
    ):
        object.__setattr__(entry, name, value)
    return entry


_unstructure = converter.unstructure


_SCALARS = (str, int, bool, type(None))  # JSON as they are: most event data (notes, scores)


def _details(data: Mapping[str, Any]) -> Details:
    """The event's data as JSON values, as ``to_dict`` writes them (replayable).

    Built without :meth:`Details.of`'s checks: every value is what the converter writes.
    """
    pairs = []
    for name in sorted(data):
        value = data[name]
        if type(value) not in _SCALARS:
            value = frozen_json(_unstructure(value))
        pairs.append((name, value))
    return Details(pairs)


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


def _checked_data(
    workflow: Workflow[Any, Any], record: Any, event: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Event data read and checked as what it names: a record field, or a declared data key.

    A typed value is checked by its field; a JSON value (``"L1"``, ``"紧急"``, ``"E0001"``,
    ISO text) is first read by the same converter as records. Any value that is neither is
    bad data, raised as one :class:`EventDataError` listing every bad value, before any rule
    is asked (a refusal is about the record, never about the data).
    """
    checked = dict(data)
    if not attrs.has(type(record)):
        return checked
    by_name = _copier(attrs.resolve_types(type(record)))[1]
    problems = []
    for name, given in data.items():
        field = by_name.get(name)
        kind = workflow.data_types.get(name) if field is None else field.type
        if kind is None:
            continue  # not data of this workflow: the rule refuses it by name
        try:
            checked[name] = _read(record, field, kind, given, (type(record).__name__, name))
        except ValidationError as problem:
            problems.append(problem)
    if problems:
        raise EventDataError.of(event, problems)
    return checked


def _read(
    record: Any, field: attrs.Attribute[Any] | None, kind: Any, given: Any, where: Path
) -> Any:
    """``given`` as ``kind``: kept when already valid, else read from JSON, then checked."""
    if field is None and isinstance(kind, type) and isinstance(given, kind):
        return given
    if field is not None:
        try:
            return _validated(record, field, given)
        except (ValidationError, TypeError, ValueError):
            pass  # perhaps JSON (a team's own attrs validators raise TypeError/ValueError)
    try:
        read = from_dict(kind, given)
    except ValidationError as problem:
        raise problem.relocated(where) from None
    if field is None:
        return read
    try:
        return _validated(record, field, read)
    except (TypeError, ValueError) as refused:  # a team's own validator, not salescare's
        raise ValidationError(
            where,
            given,
            tr("is refused by the field's validator ({reason})", reason=shorten(str(refused), 120)),
            tr("a value the field accepts"),
        ) from None


def _validated(record: Any, field: attrs.Attribute[Any], given: Any) -> Any:
    value = converted(field, given)
    check = own_validator(field)
    if check is not None:
        check(record, field, value)
    return value


def _context(
    at: datetime, by: Actor, data: Mapping[str, Any], calendar: WorkCalendar | None
) -> Context:
    if not isinstance(at, datetime):
        raise WrongTypeError(("fire", "at"), at, tr("is not a datetime"), tr("an aware datetime"))
    if at.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("fire", "at"), at)
    if not isinstance(by, Actor):
        raise WrongTypeError(
            ("fire", "by"), by, tr("is not an Actor"), tr("Actor(id=..., role=...)")
        )
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        raise WrongTypeError(
            ("fire", "calendar"),
            calendar,
            tr("is not a WorkCalendar"),
            tr("None or a WorkCalendar, e.g. salescare.calendars.china()"),
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
) -> EventDecision:
    """Whether ``event`` may fire now, with every reason when it may not.

    Never raises for a refusal (a bad ``at`` or ``by`` still raises).

    Examples:
        >>> from salescare.models import Actor, Complaint, Role
        >>> from salescare.workflow import COMPLAINT
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
    context = _context(at, by, _checked_data(workflow, record, event, data), None)
    rule, error = _evaluate(workflow, record, event, context)
    if error is None and rule is not None:
        target = rule.target if rule.target is not None else _state(workflow, record)
        return EventDecision(event=event, allowed=True, target=target, reasons=())
    failures = error.failures if isinstance(error, GuardError) else ()
    reasons = tuple(str(f) for f in failures) or ((error.reason,) if error else ())
    targets = {r.target for r in workflow.rules_for(event) if _state(workflow, record) in r.sources}
    target = next(iter(targets)) if len(targets) == 1 else None
    return EventDecision(
        event=event, allowed=False, target=target, reasons=reasons, failures=failures
    )


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
