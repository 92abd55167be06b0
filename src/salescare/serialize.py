"""Records to and from dicts and JSON, through a preconfigured cattrs converter.

:func:`make_converter` configures, and the module-level :data:`converter` uses:

- datetimes as ISO 8601 text **with** an offset (a naive one is refused, unless the caller
  names the zone such times are in: ``from_dict(..., tz="Asia/Shanghai")``); dates as ISO text;
- ``Decimal`` as text (``"500000.00"`` keeps its exponent), read from text, ints or floats
  (floats through their shortest repr);
- enums by their English value, read from the value or any Chinese label or alias;
- identifiers (``TicketNo``, ``CustomerCode``, ``StaffNo``, …) as their canonical text;
- tuples as lists; a string where a list belongs is refused, not split into characters;
- ``str``, ``int`` and ``bool`` strictly: ``"12"`` is read as 12, ``"是"``/``"否"`` as booleans,
  but ``3.5`` is not an int and ``12`` is not text;
- unknown keys refused; and when a dict is bad, **every** bad field is reported at once with
  its path (``Handover.contacts[0].phone: …``) in one :class:`~salescare.errors.ValidationError`.

Examples:
    >>> from salescare.serialize import from_dict, to_dict
    >>> from salescare.models import Contact
    >>> c = from_dict(Contact, {"name": "Zhao Liu", "phone": "13812345678", "is_primary": "是"})
    >>> c.is_primary
    True
    >>> to_dict(c)["phone"]
    '13812345678'
    >>> from_dict(Contact, {"name": "", "phone": "call me", "age": 40})
    Traceback (most recent call last):
    ...
    salescare.errors.ValidationError: Contact: 3 invalid fields
      Contact.age: 40 is not a field of Contact; expected one of changed_at, email, \
is_decision_maker, is_primary, name, phone, recorded_at, title
      Contact.name: '' is empty; expected non-empty text
      Contact.phone: '****' is not a phone number; expected 5–15 digits, optionally with +, \
spaces, hyphens or brackets
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs

from salescare._checks import converted, own_validator, to_decimal, zone
from salescare._errortext import shorten
from salescare._hooks import (
    Shortcuts as _Shortcuts,
)
from salescare._hooks import (
    builder_of as _builder_of,
)
from salescare._hooks import (
    is_customer_id as _is_customer_id,
)
from salescare._hooks import (
    is_log as _is_log,
)
from salescare._hooks import (
    make_log_writer as _make_log_writer,
)
from salescare._hooks import (
    make_optional_writer as _make_optional_writer,
)
from salescare._hooks import (
    make_sequence_writer as _make_sequence_writer,
)
from salescare._hooks import (
    optional_item as _optional_item,
)
from salescare._hooks import (
    plain_tuples_hook as _plain_tuples_hook,
)
from salescare._hooks import (
    record_builder as _record_builder,
)
from salescare._hooks import (
    record_writer as _record_writer,
)
from salescare._hooks import (
    remember_builder as _remember_builder,
)
from salescare._hooks import (
    require_sequence as _require_sequence,
)
from salescare._hooks import (
    sequence_item as _sequence_item,
)
from salescare._hooks import (
    union_args as _union_args,
)
from salescare._masking import HIDDEN, mask, sensitivity
from salescare._timetext import localising_reader, native_time, read_time, time_text
from salescare.errors import Path, ValidationError, WrongTypeError
from salescare.i18n import tr
from salescare.ids import (
    ContractNo,
    CustomerCode,
    CustomerNo,
    FeedbackNo,
    StaffNo,
    TicketNo,
    parse_customer_id,
)
from salescare.models import RECORD_TYPES, Details
from salescare.vocabulary import Vocabulary

__all__ = ["converter", "from_dict", "from_json", "make_converter", "to_dict", "to_json"]

T = TypeVar("T")
V = TypeVar("V")

_ID_TYPES: tuple[type[Any], ...] = (
    ContractNo,
    CustomerCode,
    CustomerNo,
    FeedbackNo,
    StaffNo,
    TicketNo,
)
_TRUE = frozenset({"true", "yes", "y", "1", "是", "对", "對"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "不"})


def _structure_date(value: Any, _: type) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                ("date",),
                value,
                tr("is not an ISO 8601 date"),
                "e.g. 2024-05-15",
                code="bad_format",
            ) from None
    raise WrongTypeError(
        ("date",), value, tr("is not a date"), tr("ISO 8601 text such as 2024-05-15")
    )


def _structure_details(value: Any, _: type) -> Details:
    return Details.of(value)


def _structure_decimal(value: Any, _: type) -> Decimal:
    number = to_decimal(value)
    if not isinstance(number, Decimal) or not number.is_finite():
        raise ValidationError(
            ("Decimal",),
            value,
            tr("is not a finite number"),
            tr("a number or numeric text"),
            code="bad_number",
        )
    return number


def _structure_str(value: Any, kind: type) -> str:
    if type(value) is str and kind is str:
        return value
    if kind is not str and issubclass(kind, Enum):  # a team's str enum: str is first in its MRO
        return _structure_enum(value, kind)  # type: ignore[return-value]
    if type(value) is str:
        return value
    raise WrongTypeError(("str",), value, tr("is not text"), tr("a JSON string"))


def _structure_int(value: Any, _: type) -> int:
    if type(value) is int:
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise WrongTypeError(("int",), value, tr("is not a whole number"), tr("an integer"))


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is bool:
        return value
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise WrongTypeError(
        ("bool",), value, tr("is not a yes/no value"), tr("true or false (or yes/no, 是/否)")
    )


def _structure_vocabulary(value: Any, kind: type[Vocabulary]) -> Vocabulary:
    if type(value) is str:
        found = _READ.get((kind, value))
        if found is not None:
            return found  # type: ignore[no-any-return]
        return _remember(kind, value, kind.parse(value, field=(kind.__name__,)))
    return kind.parse(value, field=(kind.__name__,))


# Identifiers and enum members read from text, by type and text: records repeat them (the same
# customer, engineer and level on thousands of tickets), and they are immutable, so a record
# shares the one read before. Bounded: it starts afresh past _READ_LIMIT entries.
_READ: dict[tuple[Any, str], Any] = {}
_READ_LIMIT = 4096


def _remember(kind: Any, text: str, value: V) -> V:
    if len(_READ) >= _READ_LIMIT:
        _READ.clear()
    _READ[kind, text] = value
    return value


def _is_other_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum) and not issubclass(kind, Vocabulary)


def _structure_enum(value: Any, kind: type[Enum]) -> Enum:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(str(member.value) for member in kind)
        raise ValidationError(
            (kind.__name__,),
            value,
            tr("is not a {kind}", kind=kind.__name__),
            tr("one of {choices}", choices=shorten(choices, 200)),
        ) from None


def _unstructure_enum(member: Enum) -> Any:
    return member.value


def _unstructure_vocabulary(member: Vocabulary) -> str:
    return member.value


def _structure_id(value: Any, kind: Any) -> Any:
    if type(value) is str:
        found = _READ.get((kind, value))
        return found if found is not None else _remember(kind, value, kind.parse(value))
    return kind.parse(value)


def _structure_customer_id(value: Any, kind: Any) -> CustomerNo | CustomerCode | None:
    if value is None and type(None) in get_args(kind):
        return None
    if type(value) is str:
        found = _READ.get((parse_customer_id, value))
        if found is not None:
            return found  # type: ignore[no-any-return]
        return _remember(parse_customer_id, value, parse_customer_id(value))
    return parse_customer_id(value)


def _make_sequence_hook(conv: cattrs.Converter, kind: Any) -> Callable[[Any, Any], Any]:
    item = _sequence_item(kind)
    build: Callable[[list[Any]], Any] = (
        kind if _is_log(kind) else tuple if get_origin(kind) is tuple else list
    )
    structure_item = _builder_of(conv.get_structure_hook(item))
    plain = get_args(item) if get_origin(item) is tuple else ()
    if plain and all(arg in (str, int, bool) for arg in plain):
        return _plain_tuples_hook(kind, item, plain, structure_item, build)

    def structure(value: Any, _: Any) -> Any:
        _require_sequence(value, kind)
        return build([structure_item(element, item) for element in value])

    return structure


def _make_optional_hook(conv: cattrs.Converter, kind: Any) -> Callable[[Any, Any], Any]:
    # cattrs' generic Optional handling dispatches on every call; records have many optional
    # fields, so bind the inner hook once.
    item = _optional_item(kind)
    structure_item = _builder_of(conv.get_structure_hook(item))

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else structure_item(value, item)

    return structure


_SHORTCUTS = _Shortcuts(
    exact={_structure_str: str, _structure_int: int, _structure_bool: bool},
    time=read_time,
    vocabulary=_structure_vocabulary,
)


def _make_record_hook(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)
    fast = _record_builder(conv, cls, _SHORTCUTS)

    def structure(value: Any, _: Any) -> Any:
        try:
            return fast(value, cls)
        except Exception as exc:  # noqa: BLE001 - any failure of the fast path is explained below
            # The fast path stops at the first problem; find all of them for the message.
            raise _explain(conv, value, cls, (cls.__name__,), exc) from None

    _remember_builder(structure, fast)
    return structure


def _explain(
    conv: cattrs.Converter, value: Any, kind: Any, path: Path, cause: Exception
) -> ValidationError:
    errors = _diagnose(conv, value, kind, path)
    if not errors:
        errors = [
            ValidationError(
                path, value, tr("could not be read ({cause})", cause=repr(cause)), str(kind)
            )
        ]
    return ValidationError.group(path, errors)


def _diagnose(  # noqa: PLR0911 - one return per kind of type
    conv: cattrs.Converter, value: Any, kind: Any, path: Path
) -> list[ValidationError]:
    """Every problem of ``value`` read as ``kind``, each at its own path (the slow path)."""
    if isinstance(kind, type) and attrs.has(kind) and kind not in _ID_TYPES:
        return _diagnose_record(conv, value, kind, path)
    args = _union_args(kind)
    if args is not None and type(None) in args and not _is_customer_id(kind):
        if value is None:
            return []
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return _diagnose(conv, value, rest[0], path)
    item = _sequence_item(kind)
    if item is not None:
        if not isinstance(value, list | tuple):
            return [WrongTypeError(path, value, tr("is not a list"), tr("a JSON array"))]
        found: list[ValidationError] = []
        for index, element in enumerate(value):
            found += _diagnose(conv, element, item, (*path, index))
        return found
    try:
        conv.structure(value, kind)
    except ValidationError as error:
        return [error.relocated(path)]
    except Exception as error:  # noqa: BLE001 - any failure becomes a located ValidationError
        return [
            ValidationError(
                path, value, tr("could not be read as {kind} ({error})", kind=kind, error=error)
            )
        ]
    return []


def _diagnose_record(
    conv: cattrs.Converter, value: Any, cls: type[Any], path: Path
) -> list[ValidationError]:
    if not isinstance(value, Mapping):
        return [
            WrongTypeError(
                path,
                value,
                tr("is not an object"),
                tr("a JSON object with the fields of {name}", name=cls.__name__),
            )
        ]
    fields = attrs.fields(cls)
    names = sorted(field.name for field in fields)
    errors = [
        ValidationError(
            (*path, str(key)),
            value[key],
            tr("is not a field of {name}", name=cls.__name__),
            tr("one of {choices}", choices=", ".join(names)),
            code="unknown_field",
        )
        for key in value
        if key not in names
    ]
    stub = object.__new__(cls)  # validators only ask for the record's class name
    structured: dict[str, Any] = {}
    for field in fields:
        if field.name in value:
            problems, converted = _diagnose_field(conv, value[field.name], field, path, stub)
            errors += problems
            if not problems:
                structured[field.name] = converted
        elif field.default is attrs.NOTHING:
            errors.append(
                ValidationError((*path, field.name), problem=tr("is required"), code="missing")
            )
    if not errors:
        try:
            cls(**structured)
        except ValidationError as error:
            errors += error.relocated(path).errors
    return errors


def _diagnose_field(
    conv: cattrs.Converter, raw: Any, field: attrs.Attribute[Any], path: Path, stub: Any
) -> tuple[list[ValidationError], Any]:
    problems, converted = _check_field(conv, raw, field, path, stub)
    kind = sensitivity(field)
    if problems and kind in HIDDEN:  # the value a message quotes is masked (CX-2)
        problems = [problem.hidden(lambda shown: mask(kind, shown)) for problem in problems]
    return problems, converted


def _check_field(
    conv: cattrs.Converter, raw: Any, field: attrs.Attribute[Any], path: Path, stub: Any
) -> tuple[list[ValidationError], Any]:
    if field.converter is None or _is_log(field.type):
        problems = _diagnose(conv, raw, field.type, (*path, field.name))
        if problems:
            return problems, None
        raw = conv.structure(raw, field.type)  # type: ignore[arg-type]  # resolved above
    try:
        value = converted(field, raw)
    except ValidationError as error:
        return [error.relocated(path)], None
    check = own_validator(field)
    if check is not None:
        try:
            check(stub, field, value)
        except ValidationError as error:
            return [error.relocated(path)], None
    return [], value


def make_converter(*, tz: str | tzinfo | None = None) -> cattrs.Converter:
    """A new converter configured as this module's docstring lists.

    Use it to register hooks for your own types without touching the shared :data:`converter`.
    ``tz`` (an IANA name or a ``tzinfo``) places times read without an offset in that zone,
    for sources that drop offsets (SQLite, spreadsheet exports); without it they are refused.

    Examples:
        >>> conv = make_converter()
        >>> from salescare.ids import TicketNo
        >>> conv.unstructure(TicketNo.parse("FW20240515001"))
        'FW20240515001'
        >>> from salescare.models import HistoryEntry
        >>> zoned = make_converter(tz="Asia/Shanghai")
        >>> entry = {"at": "2024-05-15 09:15:00", "actor": "A0045", "event": "assign"}
        >>> zoned.structure(entry, HistoryEntry).at.isoformat()
        '2024-05-15T09:15:00+08:00'
    """
    return _converter(native_times=False, local_zone=None if tz is None else _zone_of(tz))


def _zone_of(tz: object) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    if isinstance(tz, str):
        return zone(tz, ("tz",))
    raise WrongTypeError(
        ("tz",), tz, tr("is not a time zone"), tr("an IANA name like 'Asia/Shanghai'")
    )


@functools.lru_cache(maxsize=16)
def _zoned_converter(zone_: tzinfo) -> cattrs.Converter:
    return _converter(native_times=False, local_zone=zone_)


def _converter(*, native_times: bool, local_zone: tzinfo | None = None) -> cattrs.Converter:
    """The converter; ``native_times`` leaves dates and times to a codec that writes them.

    orjson writes a datetime exactly as ``isoformat`` does, in compiled code, except an offset
    with seconds (a zone's local mean time before 1900, say), which it rounds: those are
    written as text first, so the JSON is the same either way.
    """
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        prefer_attrib_converters=True,
        detailed_validation=False,
        unstruct_collection_overrides={tuple: list},
    )
    conv.register_structure_hook(
        datetime, read_time if local_zone is None else localising_reader(local_zone)
    )
    conv.register_unstructure_hook(datetime, native_time if native_times else time_text)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, _same if native_times else date.isoformat)
    conv.register_structure_hook(Details, _structure_details)
    conv.register_unstructure_hook(Details, Details.json)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    # Registered by class, not by predicate: class hooks dispatch on the MRO, so this one
    # (Vocabulary) wins over the str hook for every enum, which is also a str.
    conv.register_structure_hook(Vocabulary, _structure_vocabulary)
    conv.register_unstructure_hook(Vocabulary, _unstructure_vocabulary)
    # a team's own enums (a record of theirs beside salescare's): read and written by value
    conv.register_structure_hook_func(_is_other_enum, _structure_enum)  # int enums and others
    conv.register_unstructure_hook_func(_is_other_enum, _unstructure_enum)
    conv.register_unstructure_hook_factory(_is_log, lambda kind: _make_log_writer(conv, kind))
    conv.register_unstructure_hook_factory(
        lambda kind: isinstance(kind, type) and attrs.has(kind) and kind not in _ID_TYPES,
        lambda cls: _record_writer(conv, cls, _unstructure_vocabulary),
    )
    for id_type in _ID_TYPES:
        conv.register_structure_hook(id_type, _structure_id)
        conv.register_unstructure_hook(id_type, str)
    conv.register_structure_hook_func(_is_customer_id, _structure_customer_id)
    conv.register_structure_hook_factory(
        lambda kind: _optional_item(kind) is not None,
        lambda kind: _make_optional_hook(conv, kind),
    )
    # the same for writing: bind the inner hook once rather than dispatch on every value
    conv.register_unstructure_hook_factory(
        lambda kind: _optional_item(kind) is not None,
        lambda kind: _make_optional_writer(conv, kind),
    )
    conv.register_unstructure_hook_factory(
        lambda kind: _sequence_item(kind) is not None and not _is_log(kind),
        lambda kind: _make_sequence_writer(conv, kind),
    )
    conv.register_structure_hook_factory(
        lambda kind: _sequence_item(kind) is not None,
        lambda kind: _make_sequence_hook(conv, kind),
    )
    conv.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and attrs.has(kind) and kind not in _ID_TYPES,
        lambda cls: _make_record_hook(conv, cls),
    )
    for record in RECORD_TYPES:
        attrs.resolve_types(record)
    return conv


def _same(value: date) -> date:
    return value


converter = make_converter()
"""The shared, preconfigured converter used by :func:`to_dict` and :func:`from_dict`."""


@functools.cache
def _native_converter() -> cattrs.Converter:
    """The converter :func:`to_json` uses with orjson: built on first use."""
    return _converter(native_times=True)


def to_dict(record: Any) -> Any:
    """A record as plain JSON-ready data (dicts, lists, text, numbers, booleans, ``None``).

    Examples:
        >>> from salescare.ids import StaffNo
        >>> from salescare.models import SpecialAgreement
        >>> to_dict(
        ...     SpecialAgreement(
        ...         text="Urgent issues answered within 2 h at night",
        ...         confirmed_by=StaffNo.parse("S0001"),
        ...     )
        ... )
        {'text': 'Urgent issues answered within 2 h at night', 'confirmed_by': 'S0001'}
    """
    return converter.unstructure(record)


def from_dict(cls: type[T], data: Any, *, tz: str | tzinfo | None = None) -> T:
    """Build ``cls`` (a record type, or e.g. ``list[Ticket]``) from plain data.

    Raises one :class:`~salescare.errors.ValidationError` listing every bad field. Times
    must carry their offset; ``tz`` (an IANA name or a ``tzinfo``) names the zone of those
    that do not (a database that drops offsets), and is never guessed.

    Examples:
        >>> from salescare.models import HistoryEntry
        >>> row = {"at": "2024-05-15T09:15:00", "actor": "A0045", "event": "assign"}
        >>> from_dict(HistoryEntry, row, tz="Asia/Shanghai").at.isoformat()
        '2024-05-15T09:15:00+08:00'
    """
    conv = converter if tz is None else _zoned_converter(_zone_of(tz))
    if isinstance(cls, type) and attrs.has(cls):
        return conv.structure(data, cls)  # type: ignore[return-value]  # cls is T
    try:
        return conv.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - any failure is explained, located, below
        raise _explain(conv, data, cls, ("$",), exc) from None


def to_json(record: Any, *, indent: int | None = None, compact: bool = False) -> str:
    """A record as JSON text (UTF-8 friendly: Chinese stays readable, not ``\\u`` escaped).

    ``compact`` leaves out the spaces after separators (what APIs send); with the ``fast``
    extra installed it is written by orjson, the same text several times faster.

    Examples:
        >>> from salescare.models import Attachment
        >>> to_json(Attachment(name="软件采购合同", format="pdf"))
        '{"name": "软件采购合同", "format": "pdf"}'
        >>> to_json(Attachment(name="软件采购合同", format="pdf"), compact=True)
        '{"name":"软件采购合同","format":"pdf"}'
    """
    if compact and indent is None:
        fast = _orjson()
        if fast is not None:  # dates and times written by orjson itself (native_time)
            native = _native_converter().unstructure(record)
            return fast.dumps(native).decode()  # type: ignore[no-any-return]
        return json.dumps(to_dict(record), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)


def from_json(cls: type[T], text: str | bytes, *, tz: str | tzinfo | None = None) -> T:
    """Build ``cls`` from JSON text; malformed JSON is a :class:`ValidationError` too.

    With the ``fast`` extra installed the text is parsed by orjson; what it does not read
    (``NaN``, integers past 64 bits) is read as the standard library reads it, so the same
    documents are accepted either way. ``tz`` is as for :func:`from_dict`.

    Examples:
        >>> from salescare.models import Attachment
        >>> from_json(Attachment, '{"name": "需求说明书", "format": "docx"}')
        Attachment(name='需求说明书', format='docx')
    """
    if not isinstance(text, str | bytes | bytearray):
        raise WrongTypeError(("$",), text, tr("is not JSON text"), tr("a str or bytes of JSON"))
    return from_dict(cls, _parsed(text), tz=tz)


def _parsed(text: str | bytes | bytearray) -> Any:
    fast = _orjson()
    if fast is not None:
        try:
            return fast.loads(text)
        except fast.JSONDecodeError:
            pass  # read (or refused) below, as without the extra
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(
            ("$",),
            text,
            tr("is not valid JSON ({exc})", exc=exc),
            tr("a JSON document"),
            code="bad_json",
        ) from None
    except RecursionError:
        raise ValidationError(
            ("$",),
            text,
            tr("is nested too deeply"),
            tr("a JSON document of records"),
            code="bad_json",
        ) from None
    except ValueError as exc:  # a number of more digits than Python reads (int limit)
        raise ValidationError(
            ("$",),
            text,
            tr("cannot be read ({exc})", exc=exc),
            tr("a JSON document"),
            code="bad_json",
        ) from None


@functools.cache
def _orjson() -> Any:
    """Orjson when the ``fast`` extra is installed, else ``None`` (imported on first use)."""
    try:
        import orjson  # noqa: PLC0415 - optional extra
    except ImportError:
        return None
    return orjson
