"""Per-field overrides for the record strategies: ``tickets(status="closed", level=st.just(L1))``.

Every record strategy takes any of its record's fields as a keyword: a value, or a strategy
drawing values. The strategy draws the fields it derives others from (a ticket's
``submitted_at`` and ``status``, a complaint's ``received_at``) through :meth:`Fields.field`,
so an override of one of those moves what depends on it: times stay after ``submitted_at``, a
closed ticket gets a resolution. Any other overridden field is set on the drawn record. An
override the record's rules refuse in a given draw (``satisfaction`` on a ticket drawn
unresolved) rejects that draw, so Hypothesis draws again; one no draw can satisfy ends in
Hypothesis's ``Unsatisfiable``, and a name that is not a field is refused at once.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from salescare.errors import ValidationError
from salescare.serialize import from_dict

__all__ = ["Fields", "overridable", "record_strategy"]

T = TypeVar("T")


class Fields:
    """A record strategy's draw function, knowing the caller's overrides.

    Called like Hypothesis's ``draw``; :meth:`field` draws a field the caller may override.
    """

    def __init__(self, draw: st.DrawFn, overrides: Mapping[str, st.SearchStrategy[Any]]) -> None:
        self._draw = draw
        self._overrides = overrides
        self._used: set[str] = set()

    def __call__(self, strategy: st.SearchStrategy[T]) -> T:
        """Draw from ``strategy``."""
        return self._draw(strategy)

    def field(self, name: str, default: st.SearchStrategy[T]) -> T:
        """The field ``name``: the caller's override if given, else drawn from ``default``."""
        if name in self._overrides:
            self._used.add(name)
            return self._draw(self._overrides[name])  # type: ignore[no-any-return]
        return self._draw(default)

    def finish(self, build: Callable[[], T]) -> T:
        """``build()`` with the overrides not drawn yet set on it (a refused one: draw again)."""
        try:
            record = build()
            rest = {k: self._draw(v) for k, v in self._overrides.items() if k not in self._used}
            return attrs.evolve(record, **rest) if rest else record  # type: ignore[misc]
        except ValidationError:
            if not self._overrides:
                raise  # the strategy's own draw: a bug to see, not to hide
            reject()


def _strategies(
    kind: type, name: str, given: Mapping[str, Any]
) -> dict[str, st.SearchStrategy[Any]]:
    fields = attrs.fields_dict(kind)
    hints = typing.get_type_hints(kind)
    overrides: dict[str, st.SearchStrategy[Any]] = {}
    for key, value in given.items():
        if key not in fields:
            raise ValidationError(
                ("salescare.testing", name, key),
                value,
                f"is not a field of {kind.__name__}",
                "one of " + ", ".join(fields),
            )
        read = functools.partial(_read, hints[key])
        if isinstance(value, st.SearchStrategy):
            overrides[key] = value.map(read)
        else:
            try:  # a bad value is refused here, once, not at every draw
                overrides[key] = st.just(read(value))
            except ValidationError as error:
                raise error.relocated(("salescare.testing", name, key)) from None
    return overrides


def _read(hint: Any, value: Any) -> Any:
    """``value`` as the field holds it: text is read as the record reads it (``"L1"``)."""
    if isinstance(value, str) and hint is not str:
        return from_dict(hint, value)
    return value


def record_strategy(
    kind: type[T],
) -> Callable[[Callable[..., T]], Callable[..., st.SearchStrategy[T]]]:
    """Turn ``body(draw: Fields, **options) -> record`` into a strategy taking overrides.

    Keywords that are ``body``'s own options (``levels=``) go to it; the rest are fields.
    """

    def decorate(body: Callable[..., T]) -> Callable[..., st.SearchStrategy[T]]:
        options = set(inspect.signature(body).parameters) - {"draw"}

        @st.composite
        def run(
            draw: st.DrawFn,
            overrides: Mapping[str, st.SearchStrategy[Any]],
            settings: Mapping[str, Any],
        ) -> T:
            fields = Fields(draw, overrides)
            return fields.finish(lambda: body(fields, **settings))

        @functools.wraps(body)
        def strategy(**given: Any) -> st.SearchStrategy[T]:
            settings = {k: v for k, v in given.items() if k in options}
            rest = {k: v for k, v in given.items() if k not in options}
            return run(_strategies(kind, body.__name__, rest), settings)

        return strategy

    return decorate


def overridable(
    kind: type[T],
) -> Callable[[Callable[..., st.SearchStrategy[T]]], Callable[..., st.SearchStrategy[T]]]:
    """Give a strategy function (not a composite) the same per-field overrides."""

    def decorate(
        make: Callable[..., st.SearchStrategy[T]],
    ) -> Callable[..., st.SearchStrategy[T]]:
        options = set(inspect.signature(make).parameters)

        @st.composite
        def run(
            draw: st.DrawFn,
            overrides: Mapping[str, st.SearchStrategy[Any]],
            args: tuple[Any, ...],
            settings: Mapping[str, Any],
        ) -> T:
            fields = Fields(draw, overrides)
            return fields.finish(lambda: draw(make(*args, **settings)))

        @functools.wraps(make)
        def strategy(*args: Any, **given: Any) -> st.SearchStrategy[T]:
            settings = {k: v for k, v in given.items() if k in options}
            rest = {k: v for k, v in given.items() if k not in options}
            if not rest:
                return make(*args, **settings)
            return run(_strategies(kind, make.__name__, rest), args, settings)

        return strategy

    return decorate
