"""Round trips and totality of parsing and serialization (RULES TK-1, FB-1, LD-6)."""

import functools
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare import _timetext
from salescare import testing as sst
from salescare._checks import instant_key, precedes
from salescare._timetext import time_text, time_text_or_none
from salescare.documents import dump_document, load_document, upgrade
from salescare.errors import ERROR_CODES, ValidationError
from salescare.ids import (
    ContractNo,
    CustomerCode,
    CustomerNo,
    FeedbackNo,
    StaffNo,
    TicketNo,
    parse_customer_id,
)
from salescare.models import RECORD_TYPES, Contact, Handover, Log, Ticket
from salescare.schema import json_schema
from salescare.serialize import from_dict, from_json, to_dict, to_json
from salescare.vocabulary import Vocabulary

RECORD_STRATEGIES = {
    "Contact": sst.contacts(),
    "Customer": sst.customers(),
    "Lead": sst.leads(),
    "Registration": sst.registrations(),
    "Handover": sst.handovers(),
    "Ticket": sst.tickets(),
    "Feedback": sst.feedback_items(),
    "FollowUp": sst.follow_ups(),
    "Revisit": sst.revisits(),
    "NeedsAnalysis": sst.needs_analyses(),
    "DealReview": sst.deal_reviews(),
    "Complaint": sst.complaints(),
    "ServiceQualityAssessment": sst.service_quality_assessments(),
    "SatisfactionSurvey": sst.satisfaction_surveys(),
    "HealthReview": sst.health_reviews(),
    "Opportunity": sst.opportunities(),
    "Objection": sst.objections(),
    "DutyLog": sst.duty_logs(),
    "PlannedFollowUp": sst.planned_follow_ups(),
    "Departure": sst.departures(),
    "SupportRequest": sst.support_requests(),
}

ID_STRATEGIES = {
    TicketNo: sst.ticket_numbers(),
    FeedbackNo: sst.feedback_numbers(),
    ContractNo: sst.contract_numbers(),
    CustomerNo: sst.customer_numbers(),
    CustomerCode: sst.customer_codes(),
    StaffNo: sst.staff_numbers(),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@functools.cache
def schema_validator(cls: type) -> Any:
    """A 2020-12 validator of ``cls``'s JSON Schema (jsonschema is in the test extra)."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    return Draft202012Validator(json_schema(cls))


def _has_ambiguous_times(record: Any) -> bool:
    """Whether the record holds a datetime whose tzinfo makes == zone-sensitive (PEP 495)."""
    found = []

    def walk(value: Any) -> None:
        if isinstance(value, datetime) and value.tzinfo is not None:
            flipped = value.replace(fold=1 - value.fold)
            found.append(flipped.utcoffset() != value.utcoffset())
        elif attrs.has(type(value)):
            for item in attrs.astuple(value, recurse=False):
                walk(item)
        elif isinstance(value, tuple | Log):  # a history or progress log too
            for item in value:
                walk(item)

    walk(record)
    return any(found)


def test_every_record_type_has_a_strategy():
    assert {cls.__name__ for cls in RECORD_TYPES} == set(RECORD_STRATEGIES)


@pytest.mark.parametrize("name", sorted(RECORD_STRATEGIES))
@share(0.4)
@given(data=st.data())
def test_records_round_trip_through_dict_and_json(name, data):
    """dict, JSON text and stored documents give the record back; what to_dict writes
    validates against the record's JSON Schema (issue 17)."""
    record = data.draw(RECORD_STRATEGIES[name])
    cls = type(record)
    plain = to_dict(record)
    # Compared through to_dict: an ambiguous local time in a named zone (the repeated hour of
    # a fall-back) comes back with its fixed UTC offset, the same instant, but Python's ==
    # never equates such a time with one in another tzinfo (PEP 495).
    assert to_dict(from_dict(cls, plain)) == plain
    assert to_dict(from_dict(cls, json.loads(json.dumps(plain)))) == plain
    assert to_dict(from_json(cls, to_json(record))) == plain
    if not _has_ambiguous_times(record):
        assert from_json(cls, to_json(record)) == record
    document = dump_document(record)
    assert to_dict(load_document(json.loads(json.dumps(document)))) == plain
    assert upgrade(document) == document
    problems = [error.message for error in schema_validator(cls).iter_errors(plain)]
    assert not problems


@pytest.mark.parametrize("kind", list(ID_STRATEGIES), ids=lambda k: k.__name__)
@given(data=st.data())
def test_identifiers_round_trip_through_text(kind, data):
    ident = data.draw(ID_STRATEGIES[kind])
    assert kind.parse(str(ident)) == ident
    assert str(kind.parse(str(ident))) == str(ident)


@given(sst.customer_ids())
def test_customer_ids_round_trip_in_either_scheme(ident):
    assert parse_customer_id(str(ident)) == ident


@given(st.text(max_size=20))
def test_identifier_parsers_are_total(text):
    for kind in ID_STRATEGIES:
        try:
            parsed = kind.parse(text)
        except ValidationError as error:
            assert error.value == text
            assert repr(text)[:20] in str(error)
        else:
            assert str(parsed) == text.strip()


@pytest.mark.parametrize("kind", Vocabulary.__subclasses__(), ids=lambda k: k.__name__)
@given(data=st.data())
def test_vocabulary_labels_parse_to_their_member(kind, data):
    text, member = data.draw(sst.vocabulary_labels(kind))
    assert kind.parse(text) is member
    assert kind.parse(f"  {text.upper()} ") is member


@given(st.text())
def test_vocabulary_parse_is_total(text):
    for kind in Vocabulary.__subclasses__():
        try:
            kind.parse(text)
        except ValidationError as error:
            assert error.value == text
            assert repr(text)[:20] in str(error)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
@share(0.6)
@given(garbage=json_values)
def test_garbage_only_ever_raises_validation_error(cls, garbage):
    try:
        from_dict(cls, garbage)
    except ValidationError as error:
        _assert_coded(error)


def _assert_coded(error: ValidationError) -> None:
    """Every leaf has a listed machine code, and the error reads as JSON."""
    assert {leaf.code for leaf in error.errors} <= set(ERROR_CODES)
    listed = error.to_list()
    assert json.loads(json.dumps(listed)) == listed
    assert [item["loc"] for item in listed] == [list(leaf.path) for leaf in error.errors]


def _mutations(record_strategy: Any) -> Any:
    """A valid record's dict with one field replaced by an arbitrary JSON value."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[type, dict[str, Any]]:
        record = draw(record_strategy)
        plain = to_dict(record)
        key = draw(st.sampled_from(sorted(plain)))
        plain[key] = draw(json_values)
        return type(record), plain

    return build()


@given(_mutations(st.one_of(sst.tickets(), sst.handovers(), sst.customers(), sst.feedback_items())))
def test_one_bad_field_is_named_or_the_record_is_valid(case):
    cls, plain = case
    try:
        record = from_dict(cls, plain)
    except ValidationError as error:
        assert all(leaf.field.startswith(cls.__name__) for leaf in error.errors)
        _assert_coded(error)
    else:
        assert isinstance(record, cls)


@share(0.4)
@given(st.lists(sst.tickets(), max_size=4), st.data())
def test_errors_in_lists_carry_the_index(tickets, data):
    rows = [to_dict(t) for t in tickets]
    if not rows:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    rows[index]["level"] = "L9"
    with pytest.raises(ValidationError) as info:
        from_dict(list[Ticket], rows)
    assert [leaf.field for leaf in info.value.errors] == [f"$[{index}].level"]


@share(0.5)
@given(sst.handovers())
def test_nested_errors_carry_their_path(handover):
    plain = to_dict(handover)
    plain["contacts"][0]["phone"] = "not a phone"
    with pytest.raises(ValidationError) as info:
        from_dict(Handover, plain)
    assert "Handover.contacts[0].phone" in {leaf.field for leaf in info.value.errors}


@given(sst.contacts())
def test_sensitive_values_never_appear_in_repr(contact: Contact):
    text = repr(contact)
    if contact.phone:
        assert contact.phone not in text
    if contact.email:
        assert contact.email not in text


@given(sst.aware_datetimes(), sst.aware_datetimes())
def test_instant_keys_order_as_real_time(first, second):
    assert (instant_key(first) < instant_key(second)) == (
        first.astimezone(UTC) < second.astimezone(UTC)
    )
    assert precedes(first, second) == (first.astimezone(UTC) < second.astimezone(UTC))


@pytest.mark.parametrize("name", sorted(RECORD_STRATEGIES))
@share(0.1)
@given(data=st.data())
def test_the_fast_codec_writes_the_standard_librarys_text(name, data):
    """With orjson, to_json(compact=True) writes dates and times natively: the same text."""
    from salescare import serialize  # noqa: PLC0415 - the codec switch under test

    record = data.draw(RECORD_STRATEGIES[name])
    standard = json.dumps(to_dict(record), ensure_ascii=False, separators=(",", ":"))
    assert to_json(record, compact=True) == standard
    assert serialize._orjson() is not None  # the fast path ran (the test extra installs it)


def test_an_offset_with_seconds_is_written_exactly_by_the_fast_codec():
    """A zone's local mean time (Shanghai before 1901: +08:05:43) is not rounded."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    lmt = datetime(1900, 1, 1, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    from salescare.models import HistoryEntry  # noqa: PLC0415

    entry = HistoryEntry(at=lmt, actor="S0123", event="triage")
    assert '"at":"1900-01-01T09:15:00+08:05:43"' in to_json(entry, compact=True)


_OFFSETS = st.builds(
    lambda seconds: timezone(timedelta(seconds=seconds)),
    st.integers(-86399, 86399),  # whole minutes, and seconds (a zone's local mean time)
)


@given(
    st.one_of(
        st.datetimes(),
        st.datetimes(timezones=st.one_of(st.just(UTC), _OFFSETS)),
        st.datetimes(timezones=st.timezones()),
    )
)
def test_record_times_are_written_as_isoformat_writes_them(moment):
    """The writer assembles a time's text from kept parts: the same text, any time and zone."""
    assert time_text(moment) == moment.isoformat()
    assert time_text(moment) == moment.isoformat()  # from the kept parts the second time
    assert time_text_or_none(moment) == moment.isoformat()


def test_kept_time_parts_start_afresh_past_their_limit():
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for step in range(_timetext._LIMIT + 10):
        moment = start + timedelta(days=step, seconds=step)
        assert time_text(moment) == moment.isoformat()
    assert len(_timetext._DAYS) <= _timetext._LIMIT
    assert len(_timetext._CLOCKS) <= _timetext._LIMIT
