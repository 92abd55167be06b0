"""The errors salescare raises, all under one base class.

Every error raised on bad input subclasses :class:`SalescareError` **and** the builtin that fits
(``ValueError``, or ``TypeError`` for a value of the wrong type), so code that already catches
``ValueError`` keeps working while code that wants to tell salescare's errors apart can catch
:class:`SalescareError`.

Validation errors carry structured fields as well as text: the path of the field
(``Handover.contacts[0].phone``), the value received, the problem and what would be accepted.

Examples:
    >>> from salescare.errors import ValidationError
    >>> err = ValidationError(
    ...     ("Ticket", "level"), "L4", "is not a ticket level", "one of L1, L2, L3"
    ... )
    >>> print(err)
    Ticket.level: 'L4' is not a ticket level; expected one of L1, L2, L3
    >>> err.field, err.value, err.expected
    ('Ticket.level', 'L4', 'one of L1, L2, L3')
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Self

import attrs

from salescare._errortext import format_path, json_safe, quoted, shorten
from salescare.i18n import joined, ntr, resolve_locale, tr, translate

__all__ = [
    "ERROR_CODES",
    "CalendarRangeError",
    "ConflictError",
    "EventDataError",
    "FileFormatError",
    "GuardError",
    "GuardFailure",
    "NaiveDatetimeError",
    "NoRuleError",
    "PolicyError",
    "RoleError",
    "SalescareDeprecationWarning",
    "SalescareError",
    "SerialOverflowError",
    "TransitionError",
    "UnknownEventError",
    "ValidationError",
    "WrongTypeError",
]

PathPart = str | int
Path = tuple[PathPart, ...]

_NO_VALUE: Any = object()


def _codes() -> dict[str, str]:
    from salescare.data import read_toml  # noqa: PLC0415 - the data package imports nothing

    table = read_toml("error_codes.toml")
    return {code: text for section in table.values() for code, text in section.items()}


ERROR_CODES: Mapping[str, str] = MappingProxyType(_codes())
"""Every machine ``code`` an error carries, with what it means (``data/error_codes.toml``).

Validation leaves (:attr:`ValidationError.code`) and refused events
(:attr:`TransitionError.code`) use these; an unmet guard's code is the guard's own
(``level_required``, say), listed with its workflow in the workflows page.

Examples:
    >>> ERROR_CODES["out_of_order"]
    'A time before the time it must follow.'
"""


class SalescareError(Exception):
    """Base class of every error salescare raises.

    Catch this to handle any salescare failure; catch a subclass to handle one kind.
    ``str(error)`` is the message in the current language (:func:`salescare.i18n.use_locale`);
    :meth:`message` says it in any language. ``args`` keep the English text.

    Examples:
        >>> from salescare.errors import PolicyError, SalescareError
        >>> issubclass(PolicyError, SalescareError)
        True
        >>> error = PolicyError("GradingPolicy", [tr("a weight is negative")])
        >>> print(error.message("zh-Hans"))
        GradingPolicy 不一致：
          - 有权重为负数
    """

    def message(self, locale: str | None = None) -> str:
        """This error's message in ``locale`` (default: the current context's language)."""
        if not self.args:
            return ""
        return (
            translate(self.args[0], locale) if isinstance(self.args[0], str) else str(self.args[0])
        )

    def __str__(self) -> str:
        return self.message()


class ValidationError(SalescareError, ValueError):
    """A value, or several values of one input, are not acceptable.

    A *leaf* error is about one field: ``path`` locates it, ``value`` is what was received,
    ``problem`` says what is wrong with it and ``expected`` what would be accepted.
    A *group* error (raised when a whole dict is structured) lists every leaf in ``errors``.

    Examples:
        >>> leaf = ValidationError(("Ticket", "satisfaction"), 6, "is out of range", "a score 1–5")
        >>> other = ValidationError(
        ...     ("Ticket", "level"), "L4", "is not a ticket level", "L1, L2, L3"
        ... )
        >>> group = ValidationError.group(("Ticket",), [leaf, other])
        >>> print(group)
        Ticket: 2 invalid fields
          Ticket.satisfaction: 6 is out of range; expected a score 1–5
          Ticket.level: 'L4' is not a ticket level; expected L1, L2, L3
        >>> [e.field for e in group.errors]
        ['Ticket.satisfaction', 'Ticket.level']
        >>> print(leaf.relocated(("$", 3)))  # the same error, found in item 3 of a list
        $[3].satisfaction: 6 is out of range; expected a score 1–5
    """

    path: Path
    value: Any
    problem: str
    expected: str
    hint: str
    code: str
    errors: tuple[ValidationError, ...]

    default_code: ClassVar[str] = "invalid"
    """The :attr:`code` of an error of this class raised without one."""

    def __init__(
        self,
        path: Path | str,
        value: Any = _NO_VALUE,
        problem: str = tr("is not valid"),
        expected: str = "",
        hint: str = "",
        *,
        errors: Sequence[ValidationError] = (),
        code: str | None = None,
    ) -> None:
        self.path = (path,) if isinstance(path, str) else tuple(path)
        self.value = value
        self.problem = problem
        self.expected = expected
        self.hint = hint
        self.code = type(self).default_code if code is None else code
        self.errors = tuple(errors) if errors else (self,)
        super().__init__(self._message())

    @classmethod
    def group(cls, path: Path | str, errors: Iterable[ValidationError]) -> ValidationError:
        """One error that reports several leaf errors at once (flattening nested groups).

        A group of a single leaf is that leaf itself, so a message is never wrapped needlessly.
        """
        leaves = [leaf for error in errors for leaf in error.errors]
        if len(leaves) == 1:
            return leaves[0]
        problem = ntr("{count} invalid field", "{count} invalid fields", len(leaves))
        return cls(path, _NO_VALUE, problem, errors=leaves, code="group")

    @classmethod
    def missing(cls, path: Path | str, value: Any, expected: str) -> ValidationError:
        """A required value is absent (``None`` is not quoted; NaN is), code ``missing``.

        Examples:
            >>> print(ValidationError.missing(("potential",), None, "a score 1-5"))
            potential: is missing; expected a score 1-5
        """
        shown = _NO_VALUE if value is None else value
        return cls(path, shown, tr("is missing"), expected, code="missing")

    @property
    def field(self) -> str:
        """The field path as text, e.g. ``Handover.contacts[0].phone``."""
        return format_path(self.path)

    @property
    def is_group(self) -> bool:
        """Whether this error gathers several leaf errors."""
        return self.errors != (self,)

    def relocated(self, path: Path) -> ValidationError:
        """The same error placed under another root.

        ``path`` replaces the first element of this error's path (its root), so an error
        raised while building a ``Contact`` can be reported at ``Handover.contacts[0]``.
        """
        if self.is_group:
            return ValidationError.group(path, (leaf.relocated(path) for leaf in self.errors))
        clone = type(self).__new__(type(self))
        ValidationError.__init__(
            clone,
            tuple(path) + self.path[1:],
            self.value,
            self.problem,
            self.expected,
            self.hint,
            code=self.code,
        )
        return clone

    def hidden(self, mask: Callable[[Any], Any]) -> ValidationError:
        """The same error with ``mask`` applied to the value (and every leaf's value).

        Errors about sensitive fields (RULES CX-2) quote the masked value: messages end up in
        logs, and a bad phone number is still somebody's number.
        """
        if self.is_group:
            return ValidationError.group(self.path, (leaf.hidden(mask) for leaf in self.errors))
        clone = type(self).__new__(type(self))
        value = self.value if self.value is _NO_VALUE else mask(self.value)
        ValidationError.__init__(
            clone, self.path, value, self.problem, self.expected, self.hint, code=self.code
        )
        return clone

    def to_list(self, *, locale: str | None = None) -> list[dict[str, Any]]:
        """Every leaf as JSON-ready data, for programs and APIs.

        Each item has ``loc`` (the path as a list), ``code`` (stable, see
        :data:`ERROR_CODES`), ``msg`` (the sentence after the path, in ``locale``, default
        the current context's language) and ``input`` (the value received, as JSON: text is
        cut short and sensitive values are already masked; left out when no value was
        received, a missing field say).

        Examples:
            >>> leaf = ValidationError(
            ...     ("Ticket", "level"), "L4", "is not a ticket level", "L1, L2, L3",
            ...     code="not_a_member",
            ... )
            >>> leaf.to_list()
            [{'loc': ['Ticket', 'level'], 'code': 'not_a_member', \
'msg': 'is not a ticket level; expected L1, L2, L3', 'input': 'L4'}]
        """
        chosen = resolve_locale(locale)
        return [_leaf_dict(leaf, chosen) for leaf in self.errors]

    def message(self, locale: str | None = None) -> str:
        """The message in ``locale`` (default: the current context's language).

        Examples:
            >>> error = ValidationError.missing(("Ticket", "satisfaction"), None, tr("a score 1–5"))
            >>> print(error.message("zh-Hans"))
            Ticket.satisfaction: 缺失；应为1–5 分
        """
        chosen = resolve_locale(locale)
        if chosen == "en" and self.args:
            return str(self.args[0])
        return self._message(chosen)

    def _message(self, locale: str = "en") -> str:
        if self.is_group:
            lines = [f"{self.field}: {shorten(translate(self.problem, locale))}"]
            lines.extend(f"  {leaf.message(locale)}" for leaf in self.errors)
            return "\n".join(lines)
        shown = "" if self.value is _NO_VALUE else f"{quoted(self.value)} "
        return f"{self.field}: {shown}{_sentence(self, locale)}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as cls(*args); ours are rebuilt from their fields instead so they
        # survive multiprocessing and Dask workers intact.
        return (
            _rebuild,
            (type(self), self.path, self.value, self.problem, self.expected, self.hint),
            {"errors": self.errors if self.is_group else (), "code": self.code},
        )

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        if state and state.get("code"):
            self.code = state["code"]
        if state and state.get("errors"):
            self.errors = tuple(state["errors"])
            self.args = (self._message(),)


def _sentence(leaf: ValidationError, locale: str) -> str:
    text = shorten(translate(leaf.problem, locale))
    if leaf.expected:
        expected = shorten(translate(leaf.expected, locale))
        text += translate(tr("; expected {expected}", expected=expected), locale)
    if leaf.hint:
        hint = shorten(translate(leaf.hint, locale))
        text += translate(tr(". {hint}", hint=hint), locale)
    return text


def _leaf_dict(leaf: ValidationError, locale: str) -> dict[str, Any]:
    message = _sentence(leaf, locale)
    item: dict[str, Any] = {"loc": list(leaf.path), "code": leaf.code, "msg": message}
    if leaf.value is not _NO_VALUE:
        item["input"] = json_safe(leaf.value)
    return item


def _rebuild(cls: type[ValidationError], *fields: Any) -> ValidationError:
    error = cls.__new__(cls)
    ValidationError.__init__(error, *fields)
    return error


class WrongTypeError(ValidationError, TypeError):
    """A value has the wrong type (a ``str`` where a ``datetime`` is needed, say).

    It is a ``TypeError`` as well as a :class:`ValidationError`, as Python's own conventions ask.
    Its code is ``wrong_type``.

    Examples:
        >>> err = WrongTypeError(
        ...     ("Ticket", "submitted_at"),
        ...     "yesterday",
        ...     "is not a datetime",
        ...     "a timezone-aware datetime.datetime",
        ... )
        >>> isinstance(err, TypeError), isinstance(err, ValueError)
        (True, True)
    """

    default_code: ClassVar[str] = "wrong_type"


class NaiveDatetimeError(ValidationError):
    """A datetime without a time zone was given where an instant is needed.

    A naive datetime is ambiguous (whose 09:00?), and deadlines computed from one are silently
    wrong, so salescare refuses it and says how to fix it.

    Examples:
        >>> from datetime import datetime
        >>> naive = datetime(2024, 5, 15, 9)
        >>> print(NaiveDatetimeError.for_field(("Ticket", "submitted_at"), naive))
        Ticket.submitted_at: datetime.datetime(2024, 5, 15, 9, 0) has no time zone; expected a \
timezone-aware datetime. Attach one, e.g. value.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    """

    default_code: ClassVar[str] = "naive_datetime"

    @classmethod
    def for_field(cls, path: Path | str, value: Any) -> Self:
        """The error for a naive ``value`` received at ``path``."""
        return cls(
            path,
            value,
            tr("has no time zone"),
            tr("a timezone-aware datetime"),
            tr('Attach one, e.g. value.replace(tzinfo=ZoneInfo("Asia/Shanghai"))'),
        )


class SerialOverflowError(ValidationError):
    """An identifier's serial number would exceed the digits its format allows.

    Examples:
        >>> from datetime import date
        >>> from salescare.ids import TicketNo
        >>> TicketNo.next_after(TicketNo(day=date(2024, 5, 15), serial=999))
        Traceback (most recent call last):
        ...
        salescare.errors.SerialOverflowError: TicketNo.serial: 1000 does not fit in 3 digits; \
expected at most 999 numbers per day. Allocate on the next day or widen the serial
    """

    default_code: ClassVar[str] = "serial_overflow"


class EventDataError(ValidationError):
    """An event was given data that cannot be read as what it names (the caller's mistake).

    Raised by ``fire`` and ``check`` before any rule is asked, so it never means that a rule
    refused the event (that is a :class:`TransitionError`). ``errors`` lists each bad value,
    with its own code.

    Examples:
        >>> leaf = ValidationError(
        ...     ("Ticket", "level"), "L9", "is not a ticket level", code="not_a_member"
        ... )
        >>> error = EventDataError.of("triage", [leaf])
        >>> print(error)
        fire.triage: bad event data (1 value)
          Ticket.level: 'L9' is not a ticket level
        >>> error.code, [item["code"] for item in error.to_list()]
        ('event_data', ['not_a_member'])
    """

    default_code: ClassVar[str] = "event_data"

    @classmethod
    def of(cls, event: str, problems: Iterable[ValidationError]) -> EventDataError:
        """The error for ``event`` listing every leaf of ``problems``."""
        leaves = [leaf for problem in problems for leaf in problem.errors]
        return cls(
            ("fire", shorten(event)),
            _NO_VALUE,
            ntr("bad event data ({count} value)", "bad event data ({count} values)", len(leaves)),
            errors=leaves,
        )


class TransitionError(SalescareError, ValueError):
    """A workflow event was refused for a record in its current state.

    Carries the record's ``state``, the ``event`` tried and the events ``allowed`` instead.

    Examples:
        >>> err = TransitionError("closed", "assign", allowed=("reopen",))
        >>> print(err)
        cannot 'assign' from state 'closed'; allowed events: reopen
        >>> err.allowed
        ('reopen',)
    """

    state: str
    event: str
    allowed: tuple[str, ...]
    reason: str

    code: ClassVar[str] = "refused"
    """The machine code of this kind of refusal (see :data:`ERROR_CODES`)."""

    def __init__(
        self, state: str, event: str, *, allowed: Iterable[str] = (), reason: str = ""
    ) -> None:
        self.state = state
        self.event = event
        self.allowed = tuple(allowed)
        self.reason = reason
        super().__init__(self._text())

    def _text(self) -> str:
        options = shorten(", ".join(self.allowed)) if self.allowed else tr("none")
        event, state = quoted(self.event), quoted(self.state)
        reason = self._reason()
        if not reason:
            return tr(
                "cannot {event} from state {state}; allowed events: {options}",
                event=event,
                state=state,
                options=options,
            )
        return tr(
            "cannot {event} from state {state} ({reason}); allowed events: {options}",
            event=event,
            state=state,
            reason=reason,
            options=options,
        )

    def _reason(self) -> str:
        return self.reason

    def message(self, locale: str | None = None) -> str:
        """The refusal in ``locale`` (default: the current context's language)."""
        return shorten(translate(self.args[0], locale), 2400)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_transition,
            (type(self), self.state, self.event, self.allowed, self.reason),
        )

    def to_list(self, *, locale: str | None = None) -> list[dict[str, Any]]:
        """The refusal as JSON-ready data, as :meth:`ValidationError.to_list` gives it.

        One item per reason (each unmet guard of a :class:`GuardError`), with ``loc``,
        ``code`` and ``msg`` (in ``locale``, default the current context's language).

        Examples:
            >>> UnknownEventError("pending", "fly", allowed=("triage",)).to_list()
            [{'loc': ['fire', 'fly'], 'code': 'unknown_event', \
'msg': "cannot 'fly' from state 'pending'; allowed events: triage"}]
        """
        where = ["fire", shorten(self.event)]
        return [{"loc": where, "code": self.code, "msg": self.message(locale)}]


def _rebuild_transition(
    cls: type[TransitionError], state: str, event: str, allowed: tuple[str, ...], reason: str
) -> TransitionError:
    return cls(state, event, allowed=allowed, reason=reason)


class UnknownEventError(TransitionError):
    """The event is not an event of this workflow at all."""

    code: ClassVar[str] = "unknown_event"


class NoRuleError(TransitionError):
    """The event exists, but no rule leaves the record's current state on it."""

    code: ClassVar[str] = "no_rule"


@attrs.frozen
class GuardFailure:
    """One unmet guard: a stable code for programs and a sentence for people.

    Examples:
        >>> print(GuardFailure("level_required", "a triaged ticket has a level"))
        level_required: a triaged ticket has a level
    """

    code: str
    message: str

    def text(self, locale: str | None = None) -> str:
        """``code: message`` with the message in ``locale`` (default: the current one)."""
        return f"{self.code}: {translate(self.message, locale)}"

    def __str__(self) -> str:
        return self.text()


class GuardError(TransitionError):
    """A rule exists, but guards are unmet; ``failures`` lists every one of them.

    Examples:
        >>> err = GuardError("pending", "triage", [GuardFailure("level_required", "no level")])
        >>> print(err)
        cannot 'triage' from state 'pending' (level_required: no level); allowed events: none
        >>> err.failures[0].code
        'level_required'
    """

    failures: tuple[GuardFailure, ...]

    code: ClassVar[str] = "guard"

    def __init__(
        self,
        state: str,
        event: str,
        failures: Iterable[GuardFailure],
        *,
        allowed: Iterable[str] = (),
    ) -> None:
        self.failures = tuple(failures)
        reason = "; ".join(f.text("en") for f in self.failures)
        super().__init__(state, event, allowed=allowed, reason=reason)

    def _reason(self) -> str:
        return joined(
            "; ", [tr("{code}: {message}", code=f.code, message=f.message) for f in self.failures]
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_guard_error, (self.state, self.event, self.failures, self.allowed))

    def to_list(self, *, locale: str | None = None) -> list[dict[str, Any]]:
        """One item per unmet guard, coded by the guard (``level_required``, say)."""
        where = ["fire", shorten(self.event)]
        return [
            {"loc": where, "code": f.code, "msg": translate(f.message, locale)}
            for f in self.failures
        ]


def _rebuild_guard_error(
    state: str, event: str, failures: tuple[GuardFailure, ...], allowed: tuple[str, ...]
) -> GuardError:
    return GuardError(state, event, failures, allowed=allowed)


class ConflictError(SalescareError, ValueError):
    """The record changed since the caller read it: a stale write, refused.

    ``fire(..., expected_version=n)`` raises it when the record's version (the number of
    events fired on it) is not ``n``; read the record again and retry.

    Examples:
        >>> print(ConflictError("FW20240515001", expected=3, actual=4))
        FW20240515001 is at version 4, not 3: it changed since it was read; read it again
    """

    code: ClassVar[str] = "conflict"

    def __init__(self, record: str, *, expected: int, actual: int) -> None:
        self.record = record
        self.expected = expected
        self.actual = actual
        super().__init__(
            tr(
                "{record} is at version {actual}, not {expected}: it changed since it was read; "
                "read it again",
                record=shorten(record, 80),
                actual=quoted(actual),
                expected=quoted(expected),
            )
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_conflict, (self.record, self.expected, self.actual))

    def to_list(self, *, locale: str | None = None) -> list[dict[str, Any]]:
        """The conflict as JSON-ready data (``loc``, ``code``, ``msg``)."""
        return [{"loc": ["expected_version"], "code": self.code, "msg": self.message(locale)}]


def _rebuild_conflict(record: str, expected: int, actual: int) -> ConflictError:
    return ConflictError(record, expected=expected, actual=actual)


class RoleError(TransitionError):
    """The actor's role may not fire this event (roles are checked apart from guards)."""

    code: ClassVar[str] = "role"


class CalendarRangeError(SalescareError, ValueError):
    """A calendar computation needs a year the calendar cannot answer for.

    Three cases, each with its own message: a year outside the holiday data a calendar was
    built from (``covered``); a year beyond those any calendar computes (2–9998); and working
    time that runs out (a calendar whose only working days are listed ones). An unknown year
    is never silently treated as ordinary weeks: holidays would be missed.

    Examples:
        >>> print(CalendarRangeError(2031, covered=(2020, 2026)))
        holiday data for 2031 is not available (covered: 2020–2026); supply that year's holidays \
and make-up workdays (china(extra_holidays=..., extra_workdays=..., through=2031)) or upgrade \
salescare
        >>> print(CalendarRangeError.beyond(10021, first=2, last=9998))
        year 10021 is beyond the years a calendar computes (2–9998)
        >>> print(CalendarRangeError.exhausted("working time", last_day="2024-05-15"))
        working time runs out: the calendar has no working time after 2024-05-15
    """

    year: int | None
    covered: tuple[int, int] | None

    def __init__(
        self,
        year: int | None,
        *,
        covered: tuple[int, int] | None = None,
        message: str = "",
    ) -> None:
        self.year = year
        self.covered = covered
        if not message and covered is not None:
            first, last = covered
            shown = quoted(year)
            message = tr(
                "holiday data for {year} is not available (covered: {first}–{last}); supply "
                "that year's holidays and make-up workdays (china(extra_holidays=..., "
                "extra_workdays=..., through={year})) or upgrade salescare",
                year=shown,
                first=first,
                last=last,
            )
        super().__init__(message)

    @classmethod
    def beyond(cls, year: int, *, first: int, last: int) -> CalendarRangeError:
        """The error for a year outside ``first``–``last``, the years calendars compute."""
        return cls(
            year,
            message=tr(
                "year {year} is beyond the years a calendar computes ({first}–{last})",
                year=quoted(year),
                first=first,
                last=last,
            ),
        )

    @classmethod
    def exhausted(cls, what: str, *, last_day: str) -> CalendarRangeError:
        """The error for ``what`` (working time, working days) that runs out after ``last_day``."""
        return cls(
            None,
            message=tr(
                "{what} runs out: the calendar has no working time after {last_day}",
                what=what,
                last_day=last_day,
            ),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_range, (type(self), self.year, self.covered, self.args[0]))


def _rebuild_range(
    cls: type[CalendarRangeError], year: int | None, covered: tuple[int, int] | None, message: str
) -> CalendarRangeError:
    return cls(year, covered=covered, message=message)


class PolicyError(SalescareError, ValueError):
    """A policy (a set of rule parameters) is inconsistent. Lists every problem at once.

    Examples:
        >>> print(PolicyError("GradingPolicy", ["bands overlap at 200000", "band D is missing"]))
        GradingPolicy is inconsistent:
          - bands overlap at 200000
          - band D is missing
    """

    policy: str
    problems: tuple[str, ...]

    def __init__(self, policy: str, problems: Iterable[str]) -> None:
        self.policy = policy
        self.problems = tuple(problems)
        super().__init__(self.message("en"))

    def message(self, locale: str | None = None) -> str:
        """Every problem, in ``locale`` (default: the current context's language)."""
        lines = [translate(tr("{policy} is inconsistent:", policy=shorten(self.policy)), locale)]
        lines.extend(f"  - {shorten(translate(problem, locale))}" for problem in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.policy, self.problems))


class FileFormatError(SalescareError, ValueError):
    """A file of records cannot be read: where (file, line, column) and what is wrong.

    ``line`` and ``column`` count from 1; ``column`` is the field's position in a CSV row, or
    the character position in a JSON text.

    Examples:
        >>> err = FileFormatError("book.csv", 7, 3, "annual_purchases: 'abc' is not an amount")
        >>> print(err)
        book.csv:7:3: annual_purchases: 'abc' is not an amount
        >>> err.line, err.column
        (7, 3)
    """

    path: str
    line: int
    column: int
    problem: str

    def __init__(self, path: str, line: int, column: int, problem: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
        super().__init__(self.message("en"))

    def message(self, locale: str | None = None) -> str:
        """The problem at its place, in ``locale`` (default: the current context's language)."""
        where = f"{shorten(self.path)}:{self.line}:{self.column}: "
        return where + shorten(translate(self.problem, locale), 4000)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.line, self.column, self.problem))


class SalescareDeprecationWarning(FutureWarning):
    """A name or argument that still works but will be removed in a later release.

    A :class:`FutureWarning` rather than a ``DeprecationWarning`` so that it shows by default:
    the people who must act on it run applications, not only test suites.

    Examples:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     from salescare.workflow import Rule
        >>> caught[0].category.__name__, str(caught[0].message)
        ('SalescareDeprecationWarning', 'salescare.workflow.Rule is deprecated; use \
salescare.workflow.Transition (the old name goes in the next release)')
    """
