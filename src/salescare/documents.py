"""Stored records as versioned documents, and the upgrade of older ones.

A document says what it holds and which version of the format wrote it::

    {"format": "salescare", "version": 2, "type": "Ticket", "record": {...to_dict...}}

so a store that keeps records for years can read what an older salescare wrote:
:func:`load_document` upgrades it first, one version at a time. Versions:

1. Records as ``to_dict`` wrote them before documents existed (a bare record object): history
   entries without the actor's role, and the data of an event as text (a tuple of enum members
   written as Python's ``repr``).
2. History entries keep the actor's ``role`` and the event's data as JSON values (what
   ``fire`` writes now, and what ``salescare.workflow.replay`` reads).

Examples:
    >>> from datetime import datetime, timezone
    >>> from salescare.models import Attachment
    >>> document = dump_document(Attachment(name="合同", format="pdf"))
    >>> document
    {'format': 'salescare', 'version': 2, 'type': 'Attachment', 'record': {'name': '合同', \
'format': 'pdf'}}
    >>> load_document(document)
    Attachment(name='合同', format='pdf')
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

import attrs

from salescare.errors import ValidationError, WrongTypeError
from salescare.i18n import tr
from salescare.models import RECORD_TYPES, Attachment, DepartureItem, Measure
from salescare.serialize import converter, from_dict, to_dict

__all__ = ["FORMAT", "FORMAT_VERSION", "dump_document", "load_document", "upgrade"]

FORMAT = "salescare"
"""The ``format`` of every document."""
FORMAT_VERSION = 2
"""The version this salescare writes."""

_TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (*RECORD_TYPES, Attachment, DepartureItem, Measure)
}
# version 1 wrote a tuple of members as its repr: (<JointTrigger.URGENT_LEVEL: 'urgent_level'>,)
_MEMBER = re.compile(r"<[A-Za-z]+\.[A-Z0-9_]+: '([^']*)'>")
_MEMBERS = re.compile(r"\((?:<[A-Za-z]+\.[A-Z0-9_]+: '[^']*'>(?:, )?)*,?\)")


def dump_document(record: Any) -> dict[str, Any]:
    """``record`` as a document of the current version (JSON-ready)."""
    name = type(record).__name__
    if _TYPES.get(name) is not type(record):
        raise WrongTypeError(
            ("dump_document", "record"), record, tr("is not a record"), tr("a salescare record")
        )
    return {"format": FORMAT, "version": FORMAT_VERSION, "type": name, "record": to_dict(record)}


def load_document(
    document: Any, *, record_type: str | type | None = None, tz: str | tzinfo | None = None
) -> Any:
    """The record a document holds, upgraded from an older version first.

    A bare record object (version 1) needs ``record_type``; ``tz`` is as for
    :func:`~salescare.serialize.from_dict`.
    """
    current = upgrade(document, record_type=record_type)
    return from_dict(_TYPES[current["type"]], current["record"], tz=tz)


def upgrade(document: Any, *, record_type: str | type | None = None) -> dict[str, Any]:
    """``document`` in the current version (a new dict; the one given is not changed).

    Examples:
        >>> old = {"name": "合同", "format": "pdf"}  # version 1: a bare record
        >>> upgrade(old, record_type="Attachment")["version"]
        2
    """
    if not isinstance(document, Mapping):
        raise WrongTypeError(("document",), document, tr("is not an object"), tr("a JSON object"))
    if "format" not in document or "record" not in document:
        document = {
            "format": FORMAT,
            "version": 1,
            "type": _type_name(record_type),
            "record": document,
        }
    if document.get("format") != FORMAT:
        raise ValidationError(
            ("document", "format"), document.get("format"), tr("is not salescare's"), repr(FORMAT)
        )
    version = document.get("version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        raise ValidationError(
            ("document", "version"),
            version,
            tr("is not a version this salescare reads"),
            tr(
                "1 to {FORMAT_VERSION} (a newer salescare wrote it: upgrade salescare)",
                FORMAT_VERSION=FORMAT_VERSION,
            ),
        )
    name = document.get("type")
    if name not in _TYPES:
        raise ValidationError(
            ("document", "type"),
            name,
            tr("is not a record type"),
            tr("one of {choices}", choices=", ".join(sorted(_TYPES))),
        )
    record = copy.deepcopy(document["record"])
    if version < 2:  # noqa: PLR2004 - the version that kept roles and typed data
        record = _typed_details(record, _TYPES[name])
    return {"format": FORMAT, "version": FORMAT_VERSION, "type": name, "record": record}


def _type_name(record_type: str | type | None) -> str:
    if isinstance(record_type, type) and record_type.__name__ in _TYPES:
        return record_type.__name__
    if isinstance(record_type, str) and record_type in _TYPES:
        return record_type
    raise ValidationError(
        ("record_type",),
        record_type,
        tr("is not a record type: a bare record (version 1) needs it"),
        tr("a record class or name, e.g. record_type='Ticket'"),
    )


def _typed_details(record: Any, cls: type) -> Any:
    """Version 1 → 2: each history detail as the JSON value ``fire`` writes now.

    A repr of enum members becomes their values; the text of a field of the record (a score
    written as ``"4"``) is read as that field reads it and written back as JSON (``4``). Other
    text stays text, as version 2 writes it.
    """
    if not isinstance(record, dict):
        return record
    history = record.get("history")
    if isinstance(history, list):
        kinds = {field.name: field.type for field in attrs.fields(attrs.resolve_types(cls))}
        for entry in history:
            details = entry.get("details") if isinstance(entry, dict) else None
            if isinstance(details, list):
                entry["details"] = [_typed_pair(pair, kinds) for pair in details]
    return record


def _typed_pair(pair: Any, kinds: Mapping[str, Any]) -> Any:
    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):  # noqa: PLR2004
        return pair
    name, text = pair
    if _MEMBERS.fullmatch(text):
        return [name, _MEMBER.findall(text)]
    if name in kinds:
        try:
            return [name, converter.unstructure(from_dict(kinds[name], text))]
        except ValidationError:
            pass  # not readable as the field: kept as the text it was
    return pair
