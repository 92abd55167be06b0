"""A compact form for writing workflows, so each one reads like the manual's flow chart.

One :func:`on` call is one arrow of the chart: the event, the states it leaves, where it leads,
who may fire it, what must hold, what data it takes, which times it stamps and what it leaves
owed. The guards and obligations that recur are one-word helpers: :func:`needs` (a value is
given), :func:`once` (a one-time event has not happened), :func:`holds` (any other condition),
:func:`owe` (a deadline from :data:`salescare.sla.TIMERS`) and :func:`tell` (a task without
a deadline).

Examples:
    >>> from salescare.vocabulary import ComplaintStatus as C
    >>> t = on("acknowledge", C.RECEIVED, to=C.ACKNOWLEDGED, stamps="acknowledged_at", rule="CP-1")
    >>> t.event, sorted(s.value for s in t.sources), t.target.value, t.rule
    ('acknowledge', ['received'], 'acknowledged', 'CP-1')
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from salescare.i18n import Text
from salescare.sla import TIMERS
from salescare.vocabulary import Role
from salescare.workflow.machine import (
    Check,
    Context,
    Effect,
    Guard,
    Obligation,
    Obligations,
    Transition,
)

__all__ = [
    "AFTER_SALES_LEADS",
    "ENGINEERS",
    "SALES",
    "SALES_LEADS",
    "holds",
    "needs",
    "on",
    "once",
    "owe",
    "present",
    "tell",
    "timer_due",
]

AFTER_SALES_LEADS = frozenset({Role.AFTER_SALES_SUPERVISOR, Role.AFTER_SALES_DIRECTOR})
"""The after-sales supervisor and director."""

ENGINEERS = frozenset(
    {Role.ENGINEER, Role.SENIOR_ENGINEER, Role.JUNIOR_ENGINEER, *AFTER_SALES_LEADS}
)
"""Every after-sales role: engineers of each grade and their leads."""

SALES = frozenset(
    {Role.SALES_REP, Role.ACCOUNT_MANAGER, Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR}
)
"""Every sales role."""

SALES_LEADS = frozenset({Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR})
"""The sales supervisor and director."""


def on(
    event: str,
    *sources: Enum,
    to: Enum | None = None,
    roles: Iterable[Role] = (),
    when: Iterable[Guard] = (),
    takes: Iterable[str] = (),
    stamps: str | Iterable[str] = (),
    sets: Effect | None = None,
    owes: Iterable[Obligations] = (),
    rule: str = "",
    says: str = "",
) -> Transition:
    """One transition: ``event`` from ``sources`` to ``to`` (omitted: the state stays).

    ``roles`` may fire it (none: anyone); ``when`` are its guards, checked in order;
    ``takes`` the data it accepts; ``stamps`` the fields set to the event's time; ``sets``
    computes the other field changes (applied after the stamps); ``owes`` are the obligations
    it creates, in order; ``rule`` is the rule ID it enforces and ``says`` a description.

    Examples:
        >>> from salescare.vocabulary import DepartureStatus as D
        >>> t = on(
        ...     "approve",
        ...     D.SUBMITTED,
        ...     to=D.APPROVED,
        ...     roles=SALES_LEADS,
        ...     when=[needs("approved_by", "the approving supervisor is named")],
        ...     takes=["approved_by"],
        ...     stamps="approved_at",
        ...     rule="CX-4",
        ... )
        >>> [g.code for g in t.guards], t.accepts
        (['approved_by_required'], ('approved_by',))
    """
    stamped = (stamps,) if isinstance(stamps, str) else tuple(stamps)
    owed = tuple(owes)
    return Transition(
        event=event,
        sources=frozenset(sources),
        target=to,
        guards=tuple(when),
        roles=frozenset(roles),
        accepts=tuple(takes),
        effect=_effect(stamped, sets),
        obligations=_all(owed),
        rule=rule,
        description=says,
    )


def _effect(stamped: tuple[str, ...], sets: Effect | None) -> Effect | None:
    if not stamped:
        return sets

    def effect(record: Any, context: Context) -> Mapping[str, Any]:
        changes: dict[str, Any] = dict.fromkeys(stamped, context.at)
        if sets is not None:
            changes.update(sets(record, context))
        return changes

    return effect


def _all(owed: tuple[Obligations, ...]) -> Obligations | None:
    if not owed:
        return None
    if len(owed) == 1:
        return owed[0]
    return lambda record, context: tuple(
        itertools.chain.from_iterable(part(record, context) for part in owed)
    )


def present(value: Any) -> bool:
    """Whether a value counts as given: not ``None``, not blank text, not an empty list.

    Examples:
        >>> present("  "), present(()), present(0), present("x")
        (False, False, True, True)
    """
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple | list):
        return bool(value)
    return value is not None


def needs(name: str, message: str) -> Guard:
    """A guard: ``name`` is given with the event or already on the record.

    Examples:
        >>> needs("level", "a triaged ticket has a level").code
        'level_required'
    """
    return Guard(
        code=f"{name}_required",
        message=message,
        check=lambda record, context: present(context.value(record, name)),
    )


def once(name: str, code: str, message: str) -> Guard:
    """A guard: the event records ``name`` and has not happened yet (the field is empty).

    Examples:
        >>> once("satisfaction", "not_rated", "satisfaction is already collected").code
        'not_rated'
    """
    return Guard(code=code, message=message, check=lambda record, _: getattr(record, name) is None)


def holds(code: str, message: str, check: Check) -> Guard:
    """A guard of any other condition: ``check(record, context)`` as :class:`Guard` describes.

    Examples:
        >>> holds("triaged", "triage comes first", lambda r, _: r.level is not None).code
        'triaged'
    """
    return Guard(code=code, message=message, check=check)


def timer_due(key: str, start: datetime, context: Context) -> datetime:
    """When the timer ``key`` of :data:`~salescare.sla.TIMERS` started at ``start`` falls due.

    On the event's calendar when one was given to :func:`~salescare.workflow.fire`, else on
    the timer's own.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.models import Actor
        >>> at = datetime(2024, 5, 15, 9, tzinfo=UTC)
        >>> c = Context(at=at, by=Actor(id="A1", role=Role.ENGINEER), data={})
        >>> timer_due("TK-4", at, c).isoformat()
        '2024-05-15T09:30:00+00:00'
    """
    target = TIMERS[key]
    if context.calendar is not None:
        target = target.on(context.calendar)
    return target.plain_due(start)


def owe(key: str, what: str, role: Role) -> Obligations:
    """An obligation whose timer (``key`` of :data:`~salescare.sla.TIMERS`) starts now.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.models import Actor
        >>> at = datetime(2024, 5, 15, 9, tzinfo=UTC)
        >>> c = Context(at=at, by=Actor(id="A1", role=Role.ENGINEER), data={})
        >>> [(o.rule, o.due.isoformat()) for o in owe("TK-5", "meet", Role.ENGINEER)(None, c)]
        [('TK-5', '2024-05-15T10:00:00+00:00')]
    """
    rule = key.split(".", 1)[0]

    def make(_: Any, context: Context) -> Iterable[Obligation]:
        due = timer_due(key, context.at, context)
        return (Obligation(rule=rule, what=what, role=role, due=due, timer=key),)

    return make


def tell(rule: str, what: str, role: Role, *, at_once: bool = False) -> Obligations:
    """An obligation without a timer; ``what`` may name the record's fields as ``{r.field}``.

    ``at_once`` makes it due at the event's own time (a notice the system sends now).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from types import SimpleNamespace
        >>> from salescare.models import Actor
        >>> c = Context(
        ...     at=datetime(2024, 5, 15, tzinfo=UTC),
        ...     by=Actor(id="A1", role=Role.SALES_REP),
        ...     data={},
        ... )
        >>> owed = tell("HO-3", "check the handover of {r.customer_name}", Role.SALES_SUPERVISOR)
        >>> [o.what for o in owed(SimpleNamespace(customer_name="Lake Tech"), c)]
        ['check the handover of Lake Tech']
    """

    def make(record: Any, context: Context) -> Iterable[Obligation]:
        due = context.at if at_once else None
        said = (
            Text(what.template, {"r": record}) if isinstance(what, Text) else what.format(r=record)
        )
        return (Obligation(rule=rule, what=said, role=role, due=due),)

    return make
