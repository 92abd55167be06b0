"""Messages in English, simplified and traditional Chinese, with the standard gettext machinery.

Every sentence salescare writes for a person (a validation error, a guard's reason, an
obligation, a grade's reason, the command line's output) is a :class:`Text`: a ``str`` equal
to its English wording that also keeps its template and values, so it can be said again in
another language. Rule IDs, field names, codes and the values quoted stay the same in every
language; only the words around them change.

The language is chosen, from the most specific to the least:

* per call: ``translate(text, "zh-Hans")``, ``error.message("zh-Hant")``,
  ``error.to_list(locale="zh-Hans")``;
* per context: ``with use_locale("zh-Hans"): ...`` (a context variable, so each web request
  or task can have its own), which ``str(error)`` and ``translate(text)`` follow;
* by the command line: ``--lang``, else the ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``
  environment (:func:`locale_from_environment`).

The catalogues are ``locale/<locale>/LC_MESSAGES/salescare.po`` in the package, compiled to
``.mo`` when salescare is built and read with :mod:`gettext`. Their words follow the manuals'
own (the glossary).

Examples:
    >>> from salescare.i18n import tr, translate, use_locale
    >>> text = tr("is missing")
    >>> text == "is missing"
    True
    >>> translate(text, "zh-Hans")
    '缺失'
    >>> with use_locale("zh-Hant"):
    ...     translate(ntr("{count} invalid field", "{count} invalid fields", 2))
    '2 個字段無效'
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, Self

__all__ = [
    "LOCALES",
    "Locale",
    "Term",
    "Text",
    "current_locale",
    "joined",
    "locale_from_environment",
    "ntr",
    "resolve_locale",
    "tr",
    "translate",
    "use_locale",
]

Locale = Literal["en", "zh-Hans", "zh-Hant"]

LOCALES: Final[tuple[Locale, ...]] = ("en", "zh-Hans", "zh-Hant")
"""The languages salescare speaks: English, simplified and traditional Chinese."""

_DOMAIN = "salescare"
_CHOICES = "en, zh-Hans, zh-Hant (or a POSIX locale such as zh_CN.UTF-8)"
_LOCALE: ContextVar[Locale] = ContextVar("salescare_locale", default="en")
# Regions written in traditional characters; every other Chinese locale is simplified.
_TRADITIONAL = frozenset({"tw", "hk", "mo", "hant"})


class Text(str):
    """A message: a ``str`` equal to its English wording, sayable in every language.

    ``template`` is the catalogue's message id (English, with ``{name}`` placeholders) and
    ``params`` the values put in them. Comparisons, hashing and ``str()`` are those of the
    English text, so a :class:`Text` goes wherever text goes and stays stable in logs and
    tests; :func:`translate` says it in another language. A value that is itself a
    :class:`Text` is translated with it; any other value is shown as it is.

    Examples:
        >>> text = tr("{count} invalid fields", count=2)
        >>> text, text.template, dict(text.params)
        ('2 invalid fields', '{count} invalid fields', {'count': 2})
    """

    __slots__ = ("number", "params", "plural", "template")

    template: str
    plural: str
    params: Mapping[str, Any]
    number: int | None

    def __new__(
        cls,
        template: str,
        params: Mapping[str, Any] | None = None,
        *,
        plural: str = "",
        count: int | None = None,
    ) -> Self:
        """Build from the English ``template`` (and its ``plural``, chosen by ``count``)."""
        values = dict(params or {})
        chosen = plural if plural and count != 1 else template
        self = super().__new__(cls, chosen.format_map(values) if values else chosen)
        self.template = template
        self.plural = plural
        self.params = values
        self.number = count
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params, self.plural, self.number))

    def __repr__(self) -> str:
        return str.__repr__(self)


def _rebuild(template: str, params: Mapping[str, Any], plural: str, count: int | None) -> Text:
    return Text(template, params, plural=plural, count=count)


class _Joined(Text):
    """Several messages joined by a separator, each translated on its own."""

    __slots__ = ("parts", "separator")

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, separator: str, parts: Iterable[str]) -> Self:
        items = tuple(parts)
        self = str.__new__(cls, separator.join(items))
        self.template = ""
        self.plural = ""
        self.params = {}
        self.number = None
        self.parts = items
        self.separator = separator
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Joined, (self.separator, self.parts))


class Term(Text):
    """A value that has its own name in each language (a vocabulary word, not a message).

    English is the value itself; the other languages come from ``labels`` (locale → name)
    rather than from the catalogue, so a code such as ``following`` reads as the manuals'
    跟进中 in Chinese while the English text stays the stable value.

    Examples:
        >>> stage = Term("following", {"zh-Hans": "跟进中", "zh-Hant": "跟進中"})
        >>> stage, translate(stage, "zh-Hant"), translate(joined(", ", [stage, "L1"]), "zh-Hans")
        ('following', '跟進中', '跟进中, L1')
    """

    __slots__ = ("labels",)

    labels: Mapping[str, str]

    def __new__(cls, value: str, labels: Mapping[str, str]) -> Self:
        """Build from the English ``value`` and its ``labels`` in the other languages."""
        self = str.__new__(cls, value)
        self.template = ""
        self.plural = ""
        self.params = {}
        self.number = None
        self.labels = dict(labels)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Term, (str.__str__(self), self.labels))


def tr(template: str, /, **params: Any) -> Text:
    """The message ``template`` with ``params`` in its placeholders.

    ``template`` must be a literal string: the catalogues are extracted from the calls.

    Examples:
        >>> tr("is not a ticket level")
        'is not a ticket level'
        >>> translate(tr("no targets for level {level}", level="L4"), "zh-Hans")
        '级别 L4 没有目标'
    """
    return Text(template, params)


def ntr(singular: str, plural: str, count: int, /, **params: Any) -> Text:
    """The message for ``count`` things: ``singular`` when it is 1, else ``plural``.

    ``count`` is also a placeholder (``{count}``) of both.

    Examples:
        >>> ntr("{count} value", "{count} values", 1), ntr("{count} value", "{count} values", 3)
        ('1 value', '3 values')
    """
    return Text(singular, {"count": count, **params}, plural=plural, count=count)


def joined(separator: str, parts: Iterable[str]) -> Text:
    """``separator.join(parts)`` that still translates each part.

    Examples:
        >>> both = joined("; ", [tr("is missing"), "KEPT-AS-IS"])
        >>> both, translate(both, "zh-Hans")
        ('is missing; KEPT-AS-IS', '缺失; KEPT-AS-IS')
    """
    return _Joined(separator, parts)


def resolve_locale(locale: str | None = None) -> Locale:
    """The language ``locale`` names (one of :data:`LOCALES`); ``None`` is the current one.

    POSIX and BCP 47 spellings are read: ``zh_CN.UTF-8``, ``zh-CN``, ``zh`` and ``zh-SG``
    are simplified Chinese; ``zh_TW``, ``zh-HK``, ``zh-MO`` and ``zh-Hant`` traditional;
    every other language is English.

    Raises:
        ValidationError: ``locale`` is not text.

    Examples:
        >>> resolve_locale("zh_TW.UTF-8"), resolve_locale("zh-CN"), resolve_locale("fr_FR")
        ('zh-Hant', 'zh-Hans', 'en')
    """
    if locale is None:
        return _LOCALE.get()
    if not isinstance(locale, str):  # callers outside mypy
        from salescare.errors import WrongTypeError  # type: ignore[unreachable]  # noqa: PLC0415

        raise WrongTypeError(
            ("locale",), locale, tr("is not text"), tr("one of {choices}", choices=_CHOICES)
        )
    name = locale.split(".")[0].split("@")[0].replace("_", "-").lower()
    language, *rest = name.split("-")
    if language != "zh":
        return "en"
    return "zh-Hant" if _TRADITIONAL.intersection(rest) else "zh-Hans"


def locale_from_environment(environ: Mapping[str, str] | None = None) -> Locale:
    """The language of the environment, read as gettext reads it.

    The first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides
    (``LANGUAGE`` may list several, the first is taken); none set, or ``C``/``POSIX``, is
    English.

    Examples:
        >>> locale_from_environment({"LANG": "zh_CN.UTF-8"})
        'zh-Hans'
        >>> locale_from_environment({"LC_ALL": "C", "LANG": "zh_TW.UTF-8"})
        'en'
    """
    source = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = source.get(name, "").split(":")[0].strip()
        if value:
            return "en" if value in {"C", "POSIX"} else resolve_locale(value)
    return "en"


def current_locale() -> Locale:
    """The language of the current context (English unless :func:`use_locale` chose one).

    Examples:
        >>> current_locale()
        'en'
    """
    return _LOCALE.get()


@contextmanager
def use_locale(locale: str) -> Iterator[Locale]:
    """Speak ``locale`` inside the ``with`` block (this thread or task only).

    A context variable holds the choice, so concurrent web requests or asyncio tasks each
    keep their own language.

    Examples:
        >>> with use_locale("zh_CN.UTF-8") as chosen:
        ...     chosen, current_locale()
        ('zh-Hans', 'zh-Hans')
        >>> current_locale()
        'en'
    """
    chosen = resolve_locale(locale)
    token = _LOCALE.set(chosen)
    try:
        yield chosen
    finally:
        _LOCALE.reset(token)


def translate(text: str, locale: str | None = None) -> str:
    """``text`` in ``locale`` (default: the current context's language).

    A :class:`Text` is said from its template; plain text is looked up as a message id and
    returned unchanged when the catalogue does not have it (a value, a name, a code).

    Examples:
        >>> translate(tr("one of {choices}", choices="L1, L2, L3"), "zh-Hant")
        '以下之一：L1, L2, L3'
        >>> translate("L1", "zh-Hans")
        'L1'
    """
    chosen = resolve_locale(locale)
    if chosen == "en":
        return str.__str__(text)
    return _say(text, chosen)


def _say(text: str, locale: Locale) -> str:
    if isinstance(text, Term):
        return text.labels.get(locale, str.__str__(text))
    if isinstance(text, _Joined):
        return text.separator.join(_say(part, locale) for part in text.parts)
    catalogue = _catalogue(locale)
    if not isinstance(text, Text):
        return catalogue.gettext(text) if text else text
    if text.plural:
        template = catalogue.ngettext(text.template, text.plural, text.number or 0)
    else:
        template = catalogue.gettext(text.template)
    if not text.params:
        return template
    values = {
        key: _say(value, locale) if isinstance(value, Text) else value
        for key, value in text.params.items()
    }
    return template.format_map(values)


@cache
def _catalogue(locale: Locale) -> gettext.NullTranslations:
    folder = locale.replace("-", "_")
    directory = resources.files("salescare") / "locale" / folder / "LC_MESSAGES"
    compiled = directory / f"{_DOMAIN}.mo"
    if not compiled.is_file():  # pragma: no cover - every build compiles the catalogues
        return gettext.NullTranslations()
    with compiled.open("rb") as stream:
        return gettext.GNUTranslations(stream)


def _missing_messages(locale: str, texts: Iterable[str]) -> list[str]:
    """The message ids among ``texts`` (and their parts) that ``locale``'s catalogue lacks.

    For tests of coverage: a plain text that is a value rather than a message counts as
    missing too, so give only texts that are messages.
    """
    known = getattr(_catalogue(resolve_locale(locale)), "_catalog", {})
    return [template for text in texts for template in _lacking(text, known)]


def _lacking(text: str, known: Mapping[Any, str]) -> Iterator[str]:
    if isinstance(text, Term):  # a word with its own labels, not a message
        return
    if isinstance(text, _Joined):
        for part in text.parts:
            yield from _lacking(part, known)
        return
    if not isinstance(text, Text):
        if text not in known:
            yield text
        return
    if ((text.template, 0) if text.plural else text.template) not in known:
        yield text.template
    for value in text.params.values():
        if isinstance(value, Text):
            yield from _lacking(value, known)
