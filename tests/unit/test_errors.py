import json
import pickle
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import salescare
from salescare.errors import (
    ERROR_CODES,
    CalendarRangeError,
    FileFormatError,
    GuardError,
    NaiveDatetimeError,
    NoRuleError,
    PolicyError,
    RoleError,
    SalescareError,
    SerialOverflowError,
    TransitionError,
    ValidationError,
    WrongTypeError,
    format_path,
)
from salescare.ids import CustomerNo
from salescare.models import Actor, Complaint, Contact, Role, Ticket
from salescare.serialize import from_dict
from salescare.workflow import COMPLAINT, WORKFLOWS, UnknownEventError, fire


def test_every_error_is_a_salescare_error_and_a_builtin():
    for cls in (
        ValidationError,
        NaiveDatetimeError,
        SerialOverflowError,
        PolicyError,
        CalendarRangeError,
        TransitionError,
    ):
        assert issubclass(cls, SalescareError)
        assert issubclass(cls, ValueError)
    assert issubclass(WrongTypeError, TypeError)
    assert issubclass(WrongTypeError, ValidationError)


def test_leaf_message_names_field_value_and_expectation():
    err = ValidationError(
        ("Ticket", "level"), "L4", "is not a ticket level", "one of L1, L2, L3 (or 紧急/重要/一般)"
    )
    assert str(err) == (
        "Ticket.level: 'L4' is not a ticket level; expected one of L1, L2, L3 (or 紧急/重要/一般)"
    )
    assert (err.field, err.value, err.expected) == (
        "Ticket.level",
        "L4",
        "one of L1, L2, L3 (or 紧急/重要/一般)",
    )
    assert err.errors == (err,)
    assert not err.is_group


def test_missing_value_is_not_shown_as_a_value():
    err = ValidationError(("Ticket", "level"), problem="is required")
    assert str(err) == "Ticket.level: is required"


def test_group_flattens_and_single_leaf_group_is_the_leaf():
    a = ValidationError(("X", "a"), 1, "is bad")
    b = ValidationError(("X", "b"), 2, "is bad")
    inner = ValidationError.group(("X",), [a, b])
    outer = ValidationError.group(("X",), [inner, a])
    assert len(outer.errors) == 3
    assert ValidationError.group(("X",), [a]) is a


def test_relocation_replaces_the_root_only():
    err = ValidationError(("Contact", "phone"), "x", "is not a phone number")
    moved = err.relocated(("Handover", "contacts", 0))
    assert moved.field == "Handover.contacts[0].phone"
    assert type(moved) is ValidationError
    assert err.field == "Contact.phone"  # the original is untouched


def test_relocation_keeps_the_subclass():
    err = WrongTypeError(("Ticket", "submitted_at"), "x", "is not a datetime")
    assert isinstance(err.relocated(("$", 2)), WrongTypeError)


def test_format_path():
    assert format_path(()) == "$"
    assert format_path(("$", 3, "level")) == "$[3].level"


@pytest.mark.parametrize(
    "error",
    [
        ValidationError(("T", "a"), 1, "is bad", "good", "fix it"),
        ValidationError.group(
            ("T",), [ValidationError(("T", "a"), 1), ValidationError(("T", "b"), 2)]
        ),
        NaiveDatetimeError.for_field(("T", "at"), "2024-01-01T00:00"),
        TransitionError("closed", "assign", allowed=("reopen",), reason="final state"),
        CalendarRangeError(2031, covered=(2020, 2026)),
        PolicyError("GradingPolicy", ["a", "b"]),
        FileFormatError("book.csv", 7, 3, "potential: '9' is not a score"),
    ],
)
def test_errors_survive_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)


def test_naive_datetime_error_says_how_to_fix():
    err = NaiveDatetimeError.for_field(("Ticket", "submitted_at"), "x")
    assert "ZoneInfo" in str(err)
    assert err.field == "Ticket.submitted_at"


def test_transition_error_carries_allowed_events():
    err = TransitionError("pending", "close", allowed=["triage", "assign"])
    assert err.allowed == ("triage", "assign")
    assert str(err) == "cannot 'close' from state 'pending'; allowed events: triage, assign"


def test_messages_stay_short_whatever_the_input():
    huge = "x" * 1_000_000
    assert len(str(TransitionError("pending", huge, allowed=("triage",), reason=huge))) < 3000
    assert len(str(ValidationError(("Ticket", huge), huge, huge, huge, huge))) < 2000
    assert len(str(PolicyError(huge, [huge, huge]))) < 2000
    assert len(str(FileFormatError(huge, 1, 1, huge))) < 5000
    with pytest.raises(ValidationError) as info:
        from_dict(Contact, {"name": "Zhao", "email": "z@lake.cn", huge: huge})
    assert len(str(info.value)) < 2000


def _complaint() -> Complaint:
    return Complaint(
        customer=CustomerNo.parse("CUS20240515001"),
        received_at=datetime(2024, 5, 15, tzinfo=UTC),
        category="delivery",
        description="late",
    )


def test_an_unknown_event_of_a_megabyte_is_not_echoed():
    complaint = _complaint()
    with pytest.raises(UnknownEventError) as info:
        fire(
            COMPLAINT,
            complaint,
            "e" * 1_000_000,
            at=datetime(2024, 5, 15, 1, tzinfo=UTC),
            by=Actor(id="S0001", role=Role.SALES_SUPERVISOR),
        )
    assert len(str(info.value)) < 1000


# -- machine codes (issue 17) ------------------------------------------------------------------

_TICKET_ROW = {
    "number": "FW20240515001",
    "customer": "CUS20240515001",
    "customer_name": "Lake Tech",
    "description": "Export shows wrong totals",
    "submitted_at": "2024-05-15T09:00:00+08:00",
}


@pytest.mark.parametrize(
    ("change", "loc", "code"),
    [
        ({"level": "L4"}, ["Ticket", "level"], "not_a_member"),
        ({"number": "FW20240230001"}, ["Ticket", "number"], "bad_identifier"),
        ({"colour": "red"}, ["Ticket", "colour"], "unknown_field"),
        ({"submitted_at": "2024-05-15T09:00:00"}, ["Ticket", "submitted_at"], "naive_datetime"),
        ({"submitted_at": "yesterday"}, ["Ticket", "submitted_at"], "bad_format"),
        ({"satisfaction": 6, "resolved_at": "2024-05-15T10:00:00+08:00"}, None, "out_of_range"),
        ({"triaged_at": "2024-05-15T08:00:00+08:00"}, ["Ticket", "triaged_at"], "out_of_order"),
        ({"description": "  "}, ["Ticket", "description"], "empty"),
        ({"urgent": [1]}, ["Ticket", "urgent"], "wrong_type"),
        ({"status": "closed"}, None, "missing"),
    ],
)
def test_each_kind_of_bad_field_has_its_machine_code(change, loc, code):
    with pytest.raises(ValidationError) as info:
        from_dict(Ticket, _TICKET_ROW | change)
    codes = {(tuple(item["loc"]), item["code"]) for item in info.value.to_list()}
    if loc is None:
        assert code in {c for _, c in codes}
    else:
        assert (tuple(loc), code) in codes


def test_a_missing_field_is_coded_and_reports_no_input():
    row = dict(_TICKET_ROW)
    del row["description"]
    with pytest.raises(ValidationError) as info:
        from_dict(Ticket, row)
    assert info.value.to_list() == [
        {"loc": ["Ticket", "description"], "code": "missing", "msg": "is required"}
    ]


def test_a_sensitive_input_is_masked_in_the_machine_list():
    with pytest.raises(ValidationError) as info:
        from_dict(Contact, {"name": "Zhao", "phone": "1381234567x"})
    (item,) = info.value.to_list()
    assert item["code"] == "bad_format"
    assert "1381234567" not in json.dumps(item)


def test_every_code_the_code_uses_is_listed():
    """Codes are stable data: each one written in the source or set by a class is listed."""
    source = Path(salescare.__file__).parent
    written = {  # a guard's code belongs to its workflow (tested below), not to this list
        code
        for path in source.rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if "Guard(" not in line
        for code in re.findall(r"""\bcode=["']([a-z_]+)["']""", line)
    }
    classes = {ValidationError, WrongTypeError, NaiveDatetimeError, SerialOverflowError}
    refusals = {TransitionError, UnknownEventError, NoRuleError, GuardError, RoleError}
    defaults = {cls.default_code for cls in classes} | {cls.code for cls in refusals}
    assert written
    assert written | defaults | {"group", "data", "record"} <= set(ERROR_CODES)


def test_codes_survive_pickling_and_relocation():
    leaf = ValidationError(("Ticket", "level"), "L4", "is bad", code="not_a_member")
    assert pickle.loads(pickle.dumps(leaf)).code == "not_a_member"
    assert leaf.relocated(("$", 0)).code == "not_a_member"
    assert leaf.hidden(lambda _: "***").code == "not_a_member"
    group = ValidationError.group("Ticket", [leaf, ValidationError(("Ticket", "x"), 1, "bad")])
    assert [e.code for e in pickle.loads(pickle.dumps(group)).errors] == ["not_a_member", "invalid"]


def test_every_guard_of_every_workflow_has_a_snake_case_code():
    for workflow in WORKFLOWS.values():
        for rule in workflow.rules:
            for guard in rule.guards:
                assert re.fullmatch(r"[a-z][a-z0-9_]*", guard.code), (workflow.name, guard.code)


def test_a_refused_event_lists_each_unmet_guard_by_its_code():
    complaint = _complaint()
    actor = Actor(id="S0001", role=Role.SALES_REP)
    with pytest.raises(UnknownEventError) as unknown:
        fire(COMPLAINT, complaint, "fly", at=datetime(2024, 5, 15, 1, tzinfo=UTC), by=actor)
    assert unknown.value.to_list()[0]["code"] == "unknown_event"
    with pytest.raises(TransitionError) as refused:
        fire(COMPLAINT, complaint, "resolve", at=datetime(2024, 5, 15, 1, tzinfo=UTC), by=actor)
    listed = refused.value.to_list()
    assert listed
    assert all(item["loc"] == ["fire", "resolve"] for item in listed)
    assert json.loads(json.dumps(listed)) == listed
