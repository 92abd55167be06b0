"""JSON Schema (2020-12) of every record, enum and identifier, as ``to_dict`` writes them.

API clients get the fields, the enums' values and the identifiers' patterns: use
:func:`json_schema` for one record (a document with its own ``$defs``) or :func:`components`
for every record and enum at once, as OpenAPI components. The schemas describe what
:func:`~salescare.serialize.to_dict` writes; :func:`~salescare.serialize.from_dict` reads
more (Chinese labels of enums, ``"是"`` for true) and checks more (cross-field rules, real
calendar dates), and stays the authority on what a record is.

Examples:
    >>> from salescare.models import Attachment
    >>> schema = json_schema(Attachment)
    >>> schema["$ref"], sorted(schema["$defs"]["Attachment"]["properties"])
    ('#/$defs/Attachment', ['format', 'name'])
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, get_args, get_origin

import attrs

from salescare import _checks
from salescare._hooks import is_log, optional_item, sequence_item, union_args
from salescare.i18n import tr
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models import RECORD_TYPES, Actor, Details
from salescare.vocabulary import Vocabulary

__all__ = ["DIALECT", "components", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema here."""

_IDENTIFIERS: dict[type, str] = {
    TicketNo: r"^FW\d{8}\d{3}$",
    CustomerNo: r"^CUS\d{8}\d{3}$",
    FeedbackNo: r"^FK\d{8}\d{3}$",
    ContractNo: r"^HT\d{8}\d{3}$",
    CustomerCode: r"^[A-Z]{2,4}-[A-Z0-9]{2,6}-\d{4}-\d{3,}$",
    StaffNo: r"^[A-Z]\d{4}$",
}
# what time_text writes: seconds always, microseconds when set, an offset (with seconds for
# a zone's local mean time)
_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}(:\d{2}(\.\d{6})?)?$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DECIMAL = r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$"
_NOT_BLANK = r"\S"  # text validators refuse empty and blank text


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """A JSON Schema document for ``cls`` (a record type or a vocabulary enum).

    Examples:
        >>> from salescare.models import Level
        >>> json_schema(Level)["$defs"]["Level"]["enum"]
        ['L1', 'L2', 'L3']
    """
    defs: dict[str, Any] = {}
    root = _schema(cls, defs, "#/$defs/{}")
    return {"$schema": DIALECT, **root, "$defs": dict(sorted(defs.items()))}


def components(ref_template: str = "#/components/schemas/{}") -> dict[str, Any]:
    """Every record and every enum they use, by name (OpenAPI components by default).

    Schemas refer to each other through ``ref_template``.

    Examples:
        >>> schemas = components()
        >>> schemas["Ticket"]["properties"]["level"]
        {'anyOf': [{'$ref': '#/components/schemas/Level'}, {'type': 'null'}]}
    """
    defs: dict[str, Any] = {}
    for record in (*RECORD_TYPES, Actor):  # an actor is what every event request names
        _schema(record, defs, ref_template)
    return dict(sorted(defs.items()))


def _schema(kind: Any, defs: dict[str, Any], ref: str) -> dict[str, Any]:  # noqa: PLR0911
    if kind is type(None):
        return {"type": "null"}
    inner = optional_item(kind)
    if inner is not None:
        return {"anyOf": [_schema(inner, defs, ref), {"type": "null"}]}
    args = union_args(kind)
    if args is not None:
        return {"anyOf": [_schema(arg, defs, ref) for arg in args]}
    item = sequence_item(kind)
    if item is not None or is_log(kind):
        return {"type": "array", "items": _schema(item, defs, ref)}
    if get_origin(kind) is tuple:
        items = [_schema(arg, defs, ref) for arg in get_args(kind)]
        return {
            "type": "array",
            "prefixItems": items,
            "minItems": len(items),
            "maxItems": len(items),
        }
    if kind in _IDENTIFIERS:
        return {"type": "string", "pattern": _IDENTIFIERS[kind], "title": kind.__name__}
    if isinstance(kind, type) and issubclass(kind, Vocabulary):
        _define(kind, defs, lambda: _enum(kind))
        return {"$ref": ref.format(kind.__name__)}
    if isinstance(kind, type) and attrs.has(kind):
        _define(kind, defs, lambda: _record(kind, defs, ref))
        return {"$ref": ref.format(kind.__name__)}
    plain = _PLAIN.get(kind)
    if plain is None:
        raise TypeError(
            tr("no JSON Schema for {kind}", kind=repr(kind))
        )  # a record field of a new type
    return dict(plain)


_PLAIN: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    Decimal: {"type": "string", "pattern": _DECIMAL},
    datetime: {"type": "string", "format": "date-time", "pattern": _DATETIME},
    date: {"type": "string", "format": "date", "pattern": _DATE},
    # a history entry's data: [name, any JSON value] pairs
    Details: {
        "type": "array",
        "items": {
            "type": "array",
            "prefixItems": [{"type": "string"}, {}],
            "minItems": 2,
            "maxItems": 2,
        },
    },
}


def _define(kind: type, defs: dict[str, Any], build: Any) -> None:
    if kind.__name__ not in defs:
        defs[kind.__name__] = {}  # a placeholder: records may refer to themselves
        defs[kind.__name__] = build()


def _enum(kind: type[Vocabulary]) -> dict[str, Any]:
    return {
        "title": kind.__name__,
        "description": _summary(kind),
        "type": "string",
        "enum": [member.value for member in kind],
    }


def _record(cls: type[Any], defs: dict[str, Any], ref: str) -> dict[str, Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    properties = {}
    for field in fields:
        schema = _schema(field.type, defs, ref)
        properties[field.name] = _narrowed(field, schema)
    return {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "required": [field.name for field in fields if field.default is attrs.NOTHING],
        "additionalProperties": False,
    }


def _narrowed(field: attrs.Attribute[Any], schema: dict[str, Any]) -> dict[str, Any]:
    """What the field's validator adds to its type's schema (non-blank text, a 1-5 score)."""
    check = _checks.own_validator(field)
    if check is _checks.text and schema.get("type") == "string":
        return {**schema, "pattern": _NOT_BLANK}
    if check in (_checks.score, _checks.optional_score):
        score = {"type": "integer", "minimum": 1, "maximum": 5}
        return score if check is _checks.score else {"anyOf": [score, {"type": "null"}]}
    return schema


def _summary(kind: type) -> str:
    return (kind.__doc__ or kind.__name__).strip().splitlines()[0]
