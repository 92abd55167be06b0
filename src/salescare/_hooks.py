"""How the converter reads types and builds records: the hooks :mod:`salescare.serialize` binds.

Type inspection (optional, union, sequence and log types), the writers that unstructure them
with their inner hooks bound once, and :func:`record_builder`, the generated function that
structures a record validating each value once.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from salescare._timetext import native_time, native_time_or_none, time_text, time_text_or_none
from salescare.ids import CustomerCode, CustomerNo
from salescare.models import Log

__all__ = [
    "is_customer_id",
    "is_log",
    "make_log_writer",
    "make_optional_writer",
    "make_sequence_writer",
    "optional_item",
    "record_builder",
    "sequence_item",
    "union_args",
]

_CUSTOMER_ID_ARGS = frozenset({CustomerNo, CustomerCode})


def union_args(kind: Any) -> tuple[Any, ...] | None:
    if get_origin(kind) in (Union, types.UnionType):
        return get_args(kind)
    return None


def is_customer_id(kind: Any) -> bool:
    args = union_args(kind)
    return args is not None and frozenset(args) - {type(None)} == _CUSTOMER_ID_ARGS


def sequence_item(kind: Any) -> Any | None:
    """The item type of ``tuple[X, ...]``, ``list[X]`` or a History; ``None`` otherwise."""
    if isinstance(kind, type) and issubclass(kind, Log):
        return kind.item_type
    origin = get_origin(kind)
    args = get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
        return args[0]
    if origin is list and len(args) == 1:
        return args[0]
    return None


def is_log(kind: Any) -> bool:
    """Whether ``kind`` is a record's append-only list (structured from a JSON array)."""
    return isinstance(kind, type) and issubclass(kind, Log)


def optional_item(kind: Any) -> Any | None:
    """``X`` of ``X | None``; ``None`` for anything else (customer ids have their own hook)."""
    args = union_args(kind)
    if args is None or len(args) != 2 or type(None) not in args or is_customer_id(kind):  # noqa: PLR2004
        return None
    return next(arg for arg in args if arg is not type(None))


_PLAIN = (str, int, bool, type(None))  # written as they are
_OR_NONE: dict[Callable[[Any], Any], Callable[[Any], Any]] = {
    time_text: time_text_or_none,
    native_time: native_time_or_none,
}


def make_optional_writer(conv: cattrs.Converter, kind: Any) -> Callable[[Any], Any]:
    item = optional_item(kind)
    if item in _PLAIN:
        return _as_is
    write = conv.get_unstructure_hook(item)
    if write in _OR_NONE:
        return _OR_NONE[write]  # one call per optional time, the commonest optional field

    def unstructure(value: Any) -> Any:
        return None if value is None else write(value)

    return unstructure


def make_sequence_writer(conv: cattrs.Converter, kind: Any) -> Callable[[Any], Any]:
    item = sequence_item(kind)
    if item in _PLAIN:
        return list
    if get_origin(item) is tuple and all(arg in _PLAIN for arg in get_args(item)):
        return _lists  # pairs of text (a history entry's details) as lists
    write = conv.get_unstructure_hook(item)

    def unstructure(value: Any) -> Any:
        return [write(element) for element in value]

    return unstructure


def make_log_writer(conv: cattrs.Converter, kind: type[Log[Any]]) -> Callable[[Any], Any]:
    write = conv.get_unstructure_hook(kind.item_type)

    def unstructure(value: Any) -> Any:
        return [write(item) for item in value]

    return unstructure


def _as_is(value: Any) -> Any:
    return value


def _lists(value: Any) -> list[list[Any]]:
    return [list(element) for element in value]


def record_builder(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    """A function building ``cls`` from a dict: each field by its type's hook, then checked.

    Generated once per class, unrolled. A field's validator runs unless it checks only what
    the hook has just produced (an aware datetime, a member, a parsed identifier: see
    :func:`salescare._checks.type_only`), so each value is validated once. Converters, the
    remaining validators and ``__attrs_post_init__`` run as in ``__init__``. Any failure is
    explained, field by field, by the caller.
    """
    fields = attrs.fields(cls)
    if any(field.alias != field.name or not field.init for field in fields):
        return make_dict_structure_fn(
            cls,
            conv,
            _cattrs_forbid_extra_keys=True,
            _cattrs_prefer_attrib_converters=True,
            _cattrs_detailed_validation=False,
        )
    scope: dict[str, Any] = {
        "_new": object.__new__,
        "_set": object.__setattr__,
        "_cls": cls,
        "_names": frozenset(field.name for field in fields),
        "_Mapping": Mapping,
    }
    lines = [
        "def build(value, _):",
        "    if not isinstance(value, _Mapping) or not _names.issuperset(value):",
        "        raise ValueError('not an object of the fields')",
        "    record = _new(_cls)",
    ]
    checks = []
    for index, field in enumerate(fields):
        name = field.name
        scope[f"_f{index}"] = field
        scope[f"_t{index}"] = field.type
        if field.converter is not None and not is_log(field.type):
            read = f"_c{index}(value[{name!r}])"  # the field's own converter reads raw data
            scope[f"_c{index}"] = field.converter
        else:
            scope[f"_h{index}"] = conv.get_structure_hook(field.type)
            read = f"_h{index}(value[{name!r}], _t{index})"
            if field.converter is not None:
                scope[f"_c{index}"] = field.converter
                read = f"_c{index}({read})"
        if field.default is attrs.NOTHING:
            lines.append(f"    _set(record, {name!r}, {read})")
        else:
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                scope[f"_d{index}"] = default.factory
                fallback = f"_d{index}()"
            else:
                scope[f"_d{index}"] = default
                fallback = f"_d{index}"
            if field.converter is not None:
                fallback = f"_c{index}({fallback})"
            lines.append(f"    _set(record, {name!r}, {read} if {name!r} in value else {fallback})")
        if field.validator is not None and not _type_implied(field):
            scope[f"_v{index}"] = field.validator
            checks.append(f"    _v{index}(record, _f{index}, record.{name})")
    lines += checks
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    record.__attrs_post_init__()")
    lines.append("    return record")
    exec("\n".join(lines), scope)  # noqa: S102 - code built from the class's own field names
    return scope["build"]  # type: ignore[no-any-return]


def _type_implied(field: attrs.Attribute[Any]) -> bool:
    """Whether ``field``'s validator checks only what its type's hook guarantees."""
    check = field.validator
    args = union_args(field.type) or (field.type,)
    rest = [arg for arg in args if arg is not type(None)]
    if not all(isinstance(arg, type) for arg in rest):
        return False
    spec = getattr(check, "type_only", None)
    if spec is not None:
        kinds, none = spec
        return (none or len(rest) == len(args)) and all(issubclass(a, kinds) for a in rest)
    items = getattr(check, "type_only_items", None)
    if items is not None and get_origin(field.type) is tuple:
        item = sequence_item(field.type)
        return isinstance(item, type) and issubclass(item, items)
    return False
