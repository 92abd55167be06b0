"""Records as pydantic types, for FastAPI bodies and responses (the ``pydantic`` extra).

``Annotated[Ticket, Record()]`` (or :func:`pydantic_type`) is a type pydantic and FastAPI
accept; as a request body, add FastAPI's ``Body()``: ``Annotated[Ticket, Record(), Body()]``.
Input is read by :func:`~salescare.serialize.from_dict` (every rule, every bad field reported
at once, each with its salescare code as the pydantic error type), output is written by
:func:`~salescare.serialize.to_dict`, and the OpenAPI schema is the record's JSON Schema
(:mod:`salescare.schema`). The record stays an attrs record: no second model to keep in step.

Examples:
    >>> from pydantic import TypeAdapter
    >>> from salescare.models import Attachment
    >>> adapter = TypeAdapter(pydantic_type(Attachment))
    >>> adapter.validate_python({"name": "合同", "format": "pdf"})
    Attachment(name='合同', format='pdf')
    >>> adapter.dump_python(Attachment(name="合同", format="pdf"), mode="json")
    {'name': '合同', 'format': 'pdf'}
    >>> adapter.validate_python({"name": ""})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 2 validation errors for function-plain[validate()]
    Attachment.name
      is empty; expected non-empty text [type=empty, input_value='', input_type=str]
    Attachment.format
      is required [type=missing, input_value=None, input_type=NoneType]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.schema import json_schema
from salescare.serialize import from_dict, to_dict

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import CoreSchema

__all__ = ["Record", "pydantic_type"]

_CLASS = "salescare_record"  # the record class, kept in the core schema's metadata


class Record:
    """The marker that makes ``Annotated[RecordClass, Record()]`` a pydantic type."""

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Validation by ``from_dict``, serialization by ``to_dict``."""
        core_schema, errors = _pydantic_core()

        def validate(value: Any) -> Any:
            if isinstance(value, source):
                return value
            try:
                return from_dict(source, value)
            except ValidationError as error:
                raise errors.ValidationError.from_exception_data(
                    source.__name__, [_line(leaf) for leaf in error.errors]
                ) from None

        schema: CoreSchema = core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(to_dict),
            metadata={_CLASS: source},
        )
        return schema

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        """The record's JSON Schema, with every reference written out in place."""
        metadata: dict[str, Any] = schema.get("metadata") or {}
        document = json_schema(metadata[_CLASS])
        inlined: dict[str, Any] = _inlined(document, document["$defs"])
        return inlined


def pydantic_type(cls: type[Any]) -> Any:
    """``Annotated[cls, Record()]``: the record class as a pydantic (and FastAPI) type."""
    return Annotated[cls, Record()]


def _pydantic_core() -> tuple[Any, Any]:
    try:
        import pydantic_core  # noqa: PLC0415 - the pydantic extra, imported on first use
        from pydantic_core import core_schema  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the message is the point
        raise ImportError(
            tr("salescare.pydantic needs pydantic: pip install 'salescare[pydantic]'")
        ) from None
    return core_schema, pydantic_core


def _line(leaf: ValidationError) -> dict[str, Any]:
    """One salescare leaf as a pydantic line error: its code is the error's type."""
    _, errors = _pydantic_core()
    item = leaf.to_list()[0]
    message = item["msg"].replace("{", "{{").replace("}", "}}")
    return {
        "type": errors.PydanticCustomError(leaf.code, message),
        "loc": tuple(leaf.path),
        "input": item.get("input"),
    }


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """``schema`` with each ``{"$ref": "#/$defs/X"}`` replaced by X.

    Records do not contain themselves, so this ends.
    """
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inlined(value, defs) for key, value in schema.items() if key != "$defs"}
    if isinstance(schema, list):
        return [_inlined(item, defs) for item in schema]
    return schema
