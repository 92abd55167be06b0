import pickle
from datetime import UTC, datetime

import pytest

from salescare.errors import (
    CalendarRangeError,
    FileFormatError,
    NaiveDatetimeError,
    PolicyError,
    SalescareError,
    SerialOverflowError,
    TransitionError,
    ValidationError,
    WrongTypeError,
    format_path,
)
from salescare.ids import CustomerNo
from salescare.models import Actor, Complaint, Contact, Role
from salescare.serialize import from_dict
from salescare.workflow import COMPLAINT, UnknownEventError, fire


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


def test_an_unknown_event_of_a_megabyte_is_not_echoed():
    complaint = Complaint(
        customer=CustomerNo.parse("CUS20240515001"),
        received_at=datetime(2024, 5, 15, tzinfo=UTC),
        category="delivery",
        description="late",
    )
    with pytest.raises(UnknownEventError) as info:
        fire(
            COMPLAINT,
            complaint,
            "e" * 1_000_000,
            at=datetime(2024, 5, 15, 1, tzinfo=UTC),
            by=Actor(id="S0001", role=Role.SALES_SUPERVISOR),
        )
    assert len(str(info.value)) < 1000
