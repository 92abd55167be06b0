"""Checking a public function's arguments against its annotations, once, where it is called.

``@edge`` reads the function's type hints on its first call and checks every argument
against them: a value of the wrong type is a :class:`~salescare.errors.WrongTypeError` that
names the function, the parameter (and the item's index) and what is accepted, and a naive
datetime is a :class:`~salescare.errors.NaiveDatetimeError`, instead of an ``AttributeError``
deep inside. The layers below trust what the edge has checked (RULES conventions: validate
at the public edge once).

It understands the annotations the library uses: classes (``datetime`` must be aware, ``int``
is not ``bool``), ``X | None`` and other unions, ``Literal[...]``, ``Iterable[X]`` (checked
item by item as the function reads it, so one pass over a generator still works),
``Collection[X]``, ``Sequence[X]``, ``Mapping[K, V]``, ``tuple[...]``, ``Callable``; ``Any``,
``object`` and type variables accept anything. Hot paths (calendar arithmetic, ``measure``,
``grade_customer``, ``fire``) check inline instead.

Examples:
    >>> from datetime import UTC, datetime
    >>> @edge
    ... def first_year(moments: Iterable[datetime]) -> int:
    ...     return min(m.year for m in moments)
    >>> first_year([datetime(2024, 5, 1, tzinfo=UTC)])
    2024
    >>> first_year(["2024-05-01"])
    Traceback (most recent call last):
    ...
    salescare.errors.WrongTypeError: first_year.moments[0]: '2024-05-01' is not a datetime; \
expected a timezone-aware datetime
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import repeat
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from salescare.errors import NaiveDatetimeError, Path, PolicyError, WrongTypeError
from salescare.i18n import tr

__all__ = ["check_fields", "edge"]

F = TypeVar("F", bound=Callable[..., Any])
Check = Callable[[Any, Path], Any]
_TEXTUAL = (str, bytes, bytearray)
_STARS: dict[inspect._ParameterKind, str] = {
    inspect.Parameter.VAR_POSITIONAL: "*",
    inspect.Parameter.VAR_KEYWORD: "**",
}


def edge(function: F) -> F:
    """Check ``function``'s arguments against its annotations on every call (see module)."""
    checked: Callable[..., Any] | None = None

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal checked
        if checked is None:  # the hints name classes defined after the function: read them late
            checked = _checking(function)
        return checked(*args, **kwargs)

    return call  # type: ignore[return-value]


def _checking(function: Callable[..., Any]) -> Callable[..., Any]:
    """A function with ``function``'s signature that checks, then calls it.

    Generated as source, as attrs generates ``__init__``: binding the arguments by hand
    (``inspect.Signature.bind``) would cost more than the checks themselves.
    """
    signature = inspect.signature(function)
    checks = _compile(function, signature)
    namespace: dict[str, Any] = {"_function": function}
    parameters = list(signature.parameters.values())
    positional_only = [p.kind is p.POSITIONAL_ONLY for p in parameters]
    header: list[str] = []
    lines: list[str] = []
    passed: list[str] = []
    for index, parameter in enumerate(parameters):
        name, kind = parameter.name, parameter.kind
        if kind is parameter.KEYWORD_ONLY and not any(h.startswith("*") for h in header):
            header.append("*")
        star = _STARS.get(kind, "")
        default = ""
        if parameter.default is not parameter.empty:
            namespace[f"_default_{index}"] = parameter.default
            default = f"=_default_{index}"
        header.append(f"{star}{name}{default}")
        keyword = kind is parameter.KEYWORD_ONLY
        passed.append(f"{name}={name}" if keyword else f"{star}{name}")
        if positional_only[index] and not any(positional_only[index + 1 :]):
            header.append("/")
        if name in checks:
            namespace[f"_check_{index}"] = checks[name]
            lines.append(f"    {name} = _check_{index}({name}, ({function.__name__!r}, {name!r}))")
    source = "\n".join(
        [f"def checked({', '.join(header)}):", *lines, f"    return _function({', '.join(passed)})"]
    )
    exec(compile(source, f"<checked {function.__qualname__}>", "exec"), namespace)  # noqa: S102
    return namespace["checked"]  # type: ignore[no-any-return]


def check_fields(instance: Any) -> None:
    """Check every field of an attrs ``instance`` against its annotation (for policies).

    Records check their fields with validators; policy objects (sets of rule parameters)
    call this first in ``__attrs_post_init__``, so a policy built from junk is refused with
    the field's name instead of failing later inside a rule. A class whose name ends in
    ``Policy`` gets one :class:`~salescare.errors.PolicyError` listing every bad field.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Limits:
        ...     days: int
        ...
        ...     def __attrs_post_init__(self):
        ...         check_fields(self)
        >>> Limits(days="3")
        Traceback (most recent call last):
        ...
        salescare.errors.WrongTypeError: Limits.days: '3' is not an int; expected an int
    """
    cls = type(instance)
    checks = _FIELD_CHECKS.get(cls)
    if checks is None:
        hints = typing.get_type_hints(cls)
        checks = _FIELD_CHECKS[cls] = {
            name: check
            for name, hint in hints.items()
            if not name.startswith("_") and (check := _check_for(hint)) is not _unchecked
        }
    problems = []
    for name, check in checks.items():
        try:
            check(getattr(instance, name), (cls.__name__, name))
        except WrongTypeError as error:
            if not cls.__name__.endswith("Policy"):
                raise
            problems.append(str(error))
    if problems:
        raise PolicyError(cls.__name__, problems)


_FIELD_CHECKS: dict[type, dict[str, Check]] = {}


def _compile(function: Callable[..., Any], signature: inspect.Signature) -> dict[str, Check]:
    hints = typing.get_type_hints(function)
    checks = {}
    for name, parameter in signature.parameters.items():
        if name in hints and parameter.kind not in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            check = _check_for(hints[name])
            if check is not _unchecked:  # a check that accepts anything is left out
                checks[name] = check
    return checks


def _check_for(hint: Any) -> Check:
    origin = get_origin(hint)
    if hint is Any or hint is object or isinstance(hint, TypeVar) or origin is type:
        return _unchecked
    if origin is not None:
        return _generic(hint, origin)
    if hint is Callable:
        return _callable
    if isinstance(hint, type):
        return _instance(hint)
    return _unchecked


def _generic(hint: Any, origin: Any) -> Check:  # noqa: PLR0911 - one answer per form
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        return _union(args)
    if origin is Literal:
        return _literal(args)
    if origin in (Iterable, Iterator):
        return _iterable(args[0] if args else Any)
    if origin in (Collection, Sequence, list, frozenset, set):
        return _collection(args[0] if args else Any)
    if origin is tuple:
        return _tuple(args)
    if origin in (Mapping, dict):
        return _mapping(*(args or (Any, Any)))
    if origin is Callable:
        return _callable
    return _instance(origin)  # a generic class such as Workflow[R, S]


def _unchecked(value: Any, _: Path) -> Any:
    return value


def _describe(hint: Any) -> str:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(arg) for arg in get_args(hint))
    if origin is Literal:
        return tr("one of {choices}", choices=", ".join(repr(value) for value in get_args(hint)))
    if origin is not None:
        args = get_args(hint)
        inner = f" of {_describe(args[0])}" if args else ""
        return _a(f"{getattr(origin, '__name__', str(origin))}{inner}")
    if hint is type(None):
        return "None"
    if hint is datetime:
        return tr("a timezone-aware datetime")
    return _a(getattr(hint, "__name__", str(hint)))


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _instance(kind: type) -> Check:
    if kind is type(None):

        def check_none(value: Any, path: Path) -> Any:
            if value is not None:
                raise WrongTypeError(path, value, tr("is not None"), tr("None"))
            return value

        return check_none
    if kind is datetime:
        return _aware
    if kind is date:
        return _day
    expected = _describe(kind)
    name = kind.__name__

    def check(value: Any, path: Path) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                return value
            raise WrongTypeError(path, value, tr("is not {value}", value=_a(name)), expected)
        return value

    if kind not in (int, float, bool):  # a plain class: items can be checked in bulk
        _PLAIN_CLASS[check] = kind
    return check


def _aware(value: Any, path: Path) -> Any:
    if not isinstance(value, datetime):
        raise WrongTypeError(path, value, tr("is not a datetime"), tr("a timezone-aware datetime"))
    if value.utcoffset() is None:
        raise NaiveDatetimeError.for_field(path, value)
    return value


def _day(value: Any, path: Path) -> Any:
    if type(value) is not date:
        raise WrongTypeError(path, value, tr("is not a date"), tr("a datetime.date (no time)"))
    return value


def _union(options: tuple[Any, ...]) -> Check:
    checks = [_check_for(option) for option in options]
    if any(check is _unchecked for check in checks):
        return _unchecked
    expected = " or ".join(_describe(option) for option in options)
    kinds = [option for option in options if isinstance(option, type)]
    # a cheap first look: most values are an instance of one of the plain classes
    fast = tuple(k for k in kinds if k not in (datetime, date, int, float, type(None)))

    def check(value: Any, path: Path) -> Any:
        if fast and isinstance(value, fast) and not isinstance(value, bool):
            return value
        if value is None and type(None) in options:
            return value
        naive = None
        for one in checks:
            try:
                return one(value, path)
            except NaiveDatetimeError as error:
                naive = error
            except WrongTypeError:
                continue
        if naive is not None:
            raise naive
        raise WrongTypeError(path, value, tr("is not {expected}", expected=expected), expected)

    return check


def _literal(values: tuple[Any, ...]) -> Check:
    expected = tr("one of {choices}", choices=", ".join(repr(value) for value in values))

    def check(value: Any, path: Path) -> Any:
        if not any(type(value) is type(known) and value == known for known in values):
            raise WrongTypeError(path, value, tr("is not an accepted value"), expected)
        return value

    return check


def _iterable(item: Any) -> Check:
    each = _check_for(item)
    expected = tr("an iterable of {value}", value=_describe(item))

    kind = _PLAIN_CLASS.get(each)

    def check(value: Any, path: Path) -> Any:
        if isinstance(value, _TEXTUAL) or not isinstance(value, Iterable):
            raise WrongTypeError(path, value, tr("is not {expected}", expected=expected), expected)
        if each is _unchecked:
            return value
        if kind is not None:
            if isinstance(value, list | tuple | set | frozenset):
                # a list of records (the common case): checked in one C-level pass
                if not all(map(isinstance, value, repeat(kind))):
                    index, bad = next(
                        (i, v) for i, v in enumerate(value) if not isinstance(v, kind)
                    )
                    each(bad, (*path, index))
                return value
            return _instances(value, kind, each, path)
        return _checked_items(value, each, path)

    return check


# the bulk-checkable instance checks, and the class each checks for
_PLAIN_CLASS: dict[Check, type] = {}


def _checked_items(values: Iterable[Any], each: Check, path: Path) -> Iterator[Any]:
    for index, value in enumerate(values):
        yield each(value, (*path, index))


def _instances(values: Iterable[Any], kind: type, each: Check, path: Path) -> Iterator[Any]:
    """The items of a lazy iterable, each checked to be a ``kind`` as it is read."""
    for index, value in enumerate(values):
        if not isinstance(value, kind):
            each(value, (*path, index))  # raises, naming the item
        yield value


def _collection(item: Any) -> Check:
    each = _check_for(item)
    expected = tr("a collection of {value}", value=_describe(item))

    kind = _PLAIN_CLASS.get(each)

    def check(value: Any, path: Path) -> Any:
        if isinstance(value, _TEXTUAL) or not isinstance(value, Collection):
            raise WrongTypeError(path, value, tr("is not {expected}", expected=expected), expected)
        if each is _unchecked or (kind is not None and all(map(isinstance, value, repeat(kind)))):
            return value
        for index, one in enumerate(value):
            each(one, (*path, index))
        return value

    return check


def _tuple(items: tuple[Any, ...]) -> Check:
    if len(items) == 2 and items[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
        return _collection(items[0])
    checks = [_check_for(item) for item in items]
    expected = tr("a tuple of {items}", items=", ".join(_describe(item) for item in items))

    def check(value: Any, path: Path) -> Any:
        if not isinstance(value, tuple) or len(value) != len(checks):
            raise WrongTypeError(path, value, tr("is not {expected}", expected=expected), expected)
        for index, (one, element) in enumerate(zip(checks, value, strict=True)):
            if one is not _unchecked:
                one(element, (*path, index))
        return value

    return check


def _mapping(key: Any, item: Any) -> Check:
    check_key, check_item = _check_for(key), _check_for(item)
    expected = tr("a mapping of {value} to {value2}", value=_describe(key), value2=_describe(item))

    def check(value: Any, path: Path) -> Any:
        if not isinstance(value, Mapping):
            raise WrongTypeError(path, value, tr("is not {expected}", expected=expected), expected)
        for one, element in value.items():
            if check_key is not _unchecked:
                check_key(one, (*path, str(one)))
            if check_item is not _unchecked:
                check_item(element, (*path, str(one)))
        return value

    return check


def _callable(value: Any, path: Path) -> Any:
    if not callable(value):
        raise WrongTypeError(path, value, tr("is not callable"), tr("a function"))
    return value
