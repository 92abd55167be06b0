"""How the converter reads types and builds records: the hooks :mod:`salescare.serialize` binds.

Type inspection (optional, union, sequence and log types), the writers that unstructure them
with their inner hooks bound once, and :func:`record_builder`, the generated function that
structures a record validating each value once.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from salescare._checks import own_validator
from salescare._timetext import native_time, native_time_or_none, time_text, time_text_or_none
from salescare.errors import WrongTypeError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo
from salescare.models import Log

__all__ = [
    "Shortcuts",
    "builder_of",
    "is_customer_id",
    "is_log",
    "make_log_writer",
    "make_optional_writer",
    "make_sequence_writer",
    "optional_item",
    "plain_tuples_hook",
    "record_builder",
    "record_writer",
    "remember_builder",
    "require_sequence",
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


def record_writer(
    conv: cattrs.Converter, cls: type[Any], member_writer: Callable[[Any], Any] | None = None
) -> Callable[[Any], Any]:
    """A function writing a ``cls`` record as a dict, generated once per class, unrolled.

    What cattrs' own writer does, with the commonest fields written inline rather than by a
    call: text, numbers and flags as they are, no value as ``None``, a member whose hook is
    ``member_writer`` (which writes ``member.value``) as its value; every other value goes
    through its type's hook.
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    if any(field.alias != field.name or not field.init for field in fields):
        return make_dict_unstructure_fn(cls, conv)
    scope: dict[str, Any] = {}
    entries = []
    for index, field in enumerate(fields):
        kind = field.type
        inner = optional_item(kind)
        core = kind if inner is None else inner
        read = f"record.{field.name}"
        hook = None if core in _PLAIN else conv.get_unstructure_hook(core)
        if hook is None:
            value = read
        elif hook is member_writer:
            value = (
                f"{read}.value"
                if inner is None
                else f"(None if (v := {read}) is None else v.value)"
            )
        else:
            scope[f"_w{index}"] = hook
            value = f"_w{index}({read})"
            if inner is not None:
                value = f"(None if (v := {read}) is None else _w{index}(v))"
        entries.append(f"        {field.name!r}: {value},")
    lines = ["def write(record):", "    return {", *entries, "    }"]
    exec("\n".join(lines), scope)  # noqa: S102 - code built from the class's own field names
    return scope["write"]  # type: ignore[no-any-return]


def make_log_writer(conv: cattrs.Converter, kind: type[Log[Any]]) -> Callable[[Any], Any]:
    write = conv.get_unstructure_hook(kind.item_type)

    def unstructure(value: Any) -> Any:
        return [write(item) for item in value]

    return unstructure


def _as_is(value: Any) -> Any:
    return value


def _lists(value: Any) -> list[list[Any]]:
    return [list(element) for element in value]


def require_sequence(value: Any, kind: Any) -> None:
    """Refuse anything but a JSON array (a list, or a tuple) where ``kind`` is a sequence."""
    if not isinstance(value, list | tuple):
        raise WrongTypeError(
            ("list",), value, tr("is not a list"), tr("a JSON array ({kind})", kind=kind)
        )


def plain_tuples_hook(
    kind: Any,
    item: Any,
    plain: tuple[type, ...],
    structure_item: Callable[[Any, Any], Any],
    build: Callable[[list[Any]], Any],
) -> Callable[[Any, Any], Any]:
    """The hook of a sequence of tuples of text, numbers or flags (pairs of text, say).

    The items' own types are the check, without a hook per item; anything else goes to the
    item's hook, which reads or refuses it.
    """

    def structure(value: Any, _: Any) -> Any:
        require_sequence(value, kind)
        items = []
        for element in value:
            if type(element) in (list, tuple) and tuple(map(type, element)) == plain:
                items.append(tuple(element))
            else:
                items.append(structure_item(element, item))
        return build(items)

    return structure


# A record hook -> its generated builder. Records inside records and lists call the builder
# itself: a failure anywhere inside is explained once, by the outermost hook, which diagnoses
# every field at every depth.
_BUILDERS: dict[Callable[[Any, Any], Any], Callable[[Any, Any], Any]] = {}


def builder_of(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return _BUILDERS.get(hook, hook)


def remember_builder(hook: Callable[[Any, Any], Any], build: Callable[[Any, Any], Any]) -> None:
    _BUILDERS[hook] = build


@attrs.frozen
class Shortcuts:
    """Hooks whose common case the generated builder does inline, without a call.

    ``exact`` maps a hook to the type whose values it returns unchanged (text for the text
    hook); ``time`` is the hook reading aware datetimes (inline: ISO text with an offset);
    ``vocabulary`` the hook reading enum members (inline: a member's own value). Anything
    else, and every value the inline test does not accept, goes to the hook as before.
    """

    exact: Mapping[Callable[..., Any], type] = attrs.field(factory=dict)
    time: Callable[..., Any] | None = None
    vocabulary: Callable[..., Any] | None = None


def record_builder(
    conv: cattrs.Converter, cls: type[Any], shortcuts: Shortcuts = Shortcuts()
) -> Callable[[Any, Any], Any]:
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
        "_absent": _ABSENT,
        "_fromiso": datetime.fromisoformat,
    }
    lines = [
        "def build(value, _):",
        (
            "    if type(value) is not dict and not isinstance(value, _Mapping)"
            " or not _names.issuperset(value):"
        ),
        "        raise ValueError('not an object of the fields')",
        "    record = _new(_cls)",
    ]
    checks = []
    for index, field in enumerate(fields):
        scope[f"_f{index}"] = field
        lines += _field_lines(conv, field, index, scope, shortcuts)
        if own_validator(field) is not None and not _type_implied(field):
            scope[f"_v{index}"] = own_validator(field)
            checks.append(f"    _v{index}(record, _f{index}, record.{field.name})")
    lines += checks
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    record.__attrs_post_init__()")
    lines.append("    return record")
    exec("\n".join(lines), scope)  # noqa: S102 - code built from the class's own field names
    return scope["build"]  # type: ignore[no-any-return]


_ABSENT = object()  # a field left out of the input


def _field_lines(
    conv: cattrs.Converter,
    field: attrs.Attribute[Any],
    index: int,
    scope: dict[str, Any],
    shortcuts: Shortcuts,
) -> list[str]:
    """Statements reading one field from ``value`` into ``record`` (``v`` is the raw value)."""
    name = field.name
    branches: list[tuple[str, str]] = []  # (condition, value set) tried in order
    if field.default is attrs.NOTHING:
        lines = [f"    v = value[{name!r}]"]
    else:
        lines = [f"    v = value.get({name!r}, _absent)"]
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            scope[f"_d{index}"] = default.factory  # type: ignore[union-attr]
            fallback = f"_d{index}()"
        else:
            scope[f"_d{index}"] = default
            fallback = f"_d{index}"
        if field.converter is not None:
            scope[f"_c{index}"] = field.converter
            fallback = f"_c{index}({fallback})"
        branches.append(("v is _absent", fallback))
    if field.converter is not None and not is_log(field.type):
        scope[f"_c{index}"] = field.converter  # the field's own converter reads raw data
        return lines + _branch_lines(name, branches, f"_c{index}(v)")
    kind = field.type
    inner = optional_item(kind)
    core = kind if inner is None else inner
    hook = conv.get_structure_hook(core)
    scope[f"_h{index}"] = hook
    scope[f"_t{index}"] = core
    call = f"_h{index}(v, _t{index})"
    if field.converter is not None:  # a log's converter: after the hook
        scope[f"_c{index}"] = field.converter
        call = f"_c{index}({call})"
    if inner is not None:
        branches.append(("v is None", "None"))
    exact = shortcuts.exact.get(hook)
    # only for the type itself: a team's StrEnum field reaches the text hook by its MRO, and
    # its text must still be checked against the enum
    if exact is not None and field.converter is None and core is exact:
        scope[f"_x{index}"] = exact
        branches.append((f"type(v) is _x{index}", "v"))
    elif hook is shortcuts.time and hook is not None:
        # fromisoformat raising is a failure of the fast path, explained by the caller
        branches.append(("type(v) is str and (m := _fromiso(v)).tzinfo is not None", "m"))
    elif hook is shortcuts.vocabulary and hook is not None and isinstance(core, type):
        scope[f"_m{index}"] = {member.value: member for member in core}  # type: ignore[attr-defined]
        branches.append((f"type(v) is str and (m := _m{index}.get(v)) is not None", "m"))
    return lines + _branch_lines(name, branches, call)


def _branch_lines(name: str, branches: list[tuple[str, str]], otherwise: str) -> list[str]:
    if not branches:
        return [f"    _set(record, {name!r}, {otherwise})"]
    lines = []
    for number, (condition, value) in enumerate(branches):
        lines += [
            f"    {'elif' if number else 'if'} {condition}:",
            f"        _set(record, {name!r}, {value})",
        ]
    return [*lines, "    else:", f"        _set(record, {name!r}, {otherwise})"]


def _type_implied(field: attrs.Attribute[Any]) -> bool:
    """Whether ``field``'s validator checks only what its type's hook guarantees."""
    check = own_validator(field)
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
