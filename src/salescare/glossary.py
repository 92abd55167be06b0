"""The glossary: every record field and enum value in English, simplified and traditional Chinese.

Users load spreadsheets exported from Chinese CRMs, so column headers arrive as ``年采购额`` or
``年採購額``; the command line resolves them through this glossary (:func:`field_for`), and the
docs' glossary page is generated from it (:func:`markdown`), so the two never disagree.
A field name means the same thing in every record that has it (``number`` is the record's
own number: a ticket's, a feedback item's, a customer's).

Examples:
    >>> FIELDS["annual_purchases"].zh_hans, FIELDS["annual_purchases"].zh_hant
    ('年采购额', '年採購額')
    >>> field_for("年採購額"), field_for("Annual Purchases"), field_for("（未知）")
    ('annual_purchases', 'annual_purchases', None)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import attrs

from salescare import vocabulary
from salescare._edge import edge
from salescare.data import read_toml
from salescare.errors import ValidationError
from salescare.i18n import tr

__all__ = ["FIELDS", "RECORD_ALIASES", "Term", "field_for", "markdown", "normalise_header"]


@attrs.frozen
class Term:
    """One field: its English name, simplified and traditional Chinese, other spellings."""

    name: str
    zh_hans: str
    zh_hant: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every accepted header spelling, the English name first."""
        return (self.name, self.zh_hans, self.zh_hant, *self.aliases)


def _terms(rows: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Term]:
    return MappingProxyType(
        {
            name: Term(name, row["zh_hans"], row["zh_hant"], tuple(row.get("aliases", ())))
            for name, row in rows.items()
        }
    )


_DATA = read_toml("glossary.toml")

FIELDS: Mapping[str, Term] = _terms(_DATA["fields"])
"""Every record field's term, by field name (from ``salescare/data/glossary.toml``)."""


RECORD_ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        record: MappingProxyType({name: tuple(spellings) for name, spellings in fields.items()})
        for record, fields in _DATA["record_aliases"].items()
    }
)
"""Headers that name a field only in one record: a ticket's ``问题编号`` is its ``number``."""


@edge
def normalise_header(text: str) -> str:
    """A header folded for matching: NFKC (full width → half width), case, spaces, "(元)".

    Examples:
        >>> normalise_header(" Annual-Purchases（元） ")
        'annual_purchases'
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    for unit in ("(元)", "(yuan)", "(cny)"):
        folded = folded.removesuffix(unit).strip()
    return "_".join(folded.replace("-", " ").split())


@lru_cache(maxsize=64)
def _index(names: tuple[str, ...] | None, record: str | None) -> Mapping[str, str]:
    index: dict[str, str] = {}
    # the record's own spellings first: they are the more specific meaning
    for name, spellings in RECORD_ALIASES.get(record or "", {}).items():
        for spelling in spellings:
            index.setdefault(normalise_header(spelling), name)
    chosen = FIELDS.values() if names is None else (FIELDS[n] for n in names)
    for term in chosen:
        for spelling in term.spellings:
            index.setdefault(normalise_header(spelling), term.name)
    return index


@edge
def field_for(
    header: str, *, among: Iterable[str] | None = None, record: str | None = None
) -> str | None:
    """The field a column header names, or ``None``.

    ``among`` limits the candidate fields; ``record`` (a record type's name) adds the
    headers that name a field only in that record (:data:`RECORD_ALIASES`).

    Examples:
        >>> field_for("客戶名稱", among=["customer_name", "customer"])
        'customer_name'
        >>> field_for("问题编号", among=["number", "customer"], record="Ticket")
        'number'
    """
    names = None if among is None else tuple(sorted(set(among)))
    unknown = [name for name in names or () if name not in FIELDS]
    if unknown:
        raise ValidationError(
            ("field_for", "among"),
            unknown,
            tr("names no field of the glossary"),
            tr("record field names"),
        )
    return _index(names, record).get(normalise_header(header))


@edge
def markdown() -> str:
    """The glossary page's tables: record fields, then each enum's values."""
    lines = [
        "## Record fields",
        "",
        "| Field | 简体中文 | 繁體中文 | Also accepted |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{t.name}` | {t.zh_hans} | {t.zh_hant} | {', '.join(t.aliases)} |"
        for t in sorted(FIELDS.values(), key=lambda t: t.name)
    ]
    for kind in _vocabularies():
        lines += [
            "",
            f"## {kind.__name__} ({kind.__noun__})",
            "",
            "| Value | 简体中文 | 繁體中文 | Also accepted |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{m.value}` | {m.zh_hans} | {m.zh_hant} | {', '.join(m.aliases)} |" for m in kind
        ]
    return "\n".join(lines)


def _vocabularies() -> list[type[vocabulary.Vocabulary]]:
    found = [
        value
        for value in vars(vocabulary).values()
        if isinstance(value, type)
        and issubclass(value, vocabulary.Vocabulary)
        and value is not vocabulary.Vocabulary
    ]
    return sorted(found, key=lambda kind: kind.__name__)
