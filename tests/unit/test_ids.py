from datetime import date

import pytest

from salescare.errors import SerialOverflowError, ValidationError, WrongTypeError
from salescare.ids import (
    ContractNo,
    CustomerCode,
    CustomerNo,
    FeedbackNo,
    StaffNo,
    TicketNo,
    parse_customer_id,
)

DATED = [(TicketNo, "FW"), (FeedbackNo, "FK"), (ContractNo, "HT"), (CustomerNo, "CUS")]


@pytest.mark.parametrize(("cls", "prefix"), DATED)
def test_dated_numbers_parse_and_format(cls, prefix):
    text = f"{prefix}20240515001"
    number = cls.parse(text)
    assert number.day == date(2024, 5, 15)
    assert number.serial == 1
    assert str(number) == text
    assert cls.parse(number) is number


def test_ticket_number_examples_from_the_manual():
    assert TicketNo.parse("FW20240515001") == TicketNo(day=date(2024, 5, 15), serial=1)
    assert str(FeedbackNo.parse("FK20240516001").day) == "2024-05-16"


@pytest.mark.parametrize(
    "text",
    [
        "FW20240230001",  # 30 February
        "FW20241301001",  # month 13
        "FW20240515000",  # serial 0
        "FW2024051501",  # serial too short
        "FW202405150001",  # serial too long
        "fw20240515001",  # lower-case prefix
        "FK20240515001",  # another prefix
        "FW 20240515001",
        "",
    ],
)
def test_ticket_numbers_are_parsed_strictly(text):
    with pytest.raises(ValidationError) as info:
        TicketNo.parse(text)
    assert repr(text) in str(info.value)


def test_invalid_date_message_names_the_date():
    with pytest.raises(ValidationError, match="2024-02-30 is not a calendar date"):
        TicketNo.parse("FW20240230001")


def test_leap_day_is_a_date():
    assert TicketNo.parse("FW20240229001").day == date(2024, 2, 29)


def test_non_text_is_a_type_error():
    with pytest.raises(WrongTypeError):
        TicketNo.parse(20240515001)


def test_surrounding_spaces_are_ignored():
    assert str(TicketNo.parse(" FW20240515001\n")) == "FW20240515001"


def test_next_after_counts_up_and_overflows_clearly():
    first = TicketNo.first_of(date(2024, 5, 15))
    assert str(first) == "FW20240515001"
    assert TicketNo.next_after(first).serial == 2
    last = TicketNo(day=date(2024, 5, 15), serial=999)
    with pytest.raises(SerialOverflowError) as info:
        TicketNo.next_after(last)
    assert "does not fit in 3 digits" in str(info.value)
    # the next day starts again at 1 even after a full day
    assert TicketNo.next_after(last, on=date(2024, 5, 16)) == TicketNo.first_of(date(2024, 5, 16))


def test_next_after_refuses_an_earlier_day():
    with pytest.raises(ValidationError, match="never reused"):
        TicketNo.next_after(TicketNo.parse("FW20240515003"), on=date(2024, 5, 14))


def test_constructor_checks_serial_and_day():
    with pytest.raises(ValidationError):
        TicketNo(day=date(2024, 5, 15), serial=1000)
    with pytest.raises(WrongTypeError):
        TicketNo(day="2024-05-15", serial=1)  # type: ignore[arg-type]


def test_numbers_order_by_day_then_serial():
    a, b, c = (TicketNo.parse(t) for t in ("FW20240515002", "FW20240515010", "FW20240516001"))
    assert sorted([c, b, a]) == [a, b, c]


def test_customer_code_parts_and_allocation():
    code = CustomerCode.parse("HZ-IT-2024-001")
    assert (code.region, code.industry, code.year, code.serial) == ("HZ", "IT", 2024, 1)
    assert str(CustomerCode.next_after(code)) == "HZ-IT-2024-002"
    assert str(CustomerCode.first_of("SH", "MFG", 2025)) == "SH-MFG-2025-001"
    big = CustomerCode(region="HZ", industry="IT", year=2024, serial=1234)
    assert str(big) == "HZ-IT-2024-1234"
    assert CustomerCode.parse(str(big)) == big


@pytest.mark.parametrize(
    "text",
    [
        "HZ-IT-2024-000",
        "hz-it-2024-001",
        "HZ-IT-24-001",
        "HZ_IT_2024_001",
        "H-IT-2024-001",
        "HZ-IT-2024-01",
        "HZ-IT-2024-0001",
    ],
)
def test_customer_codes_are_parsed_strictly(text):
    with pytest.raises(ValidationError):
        CustomerCode.parse(text)


def test_customer_code_constructor_checks_parts():
    with pytest.raises(ValidationError, match="region"):
        CustomerCode(region="hz", industry="IT", year=2024, serial=1)


def test_staff_numbers():
    staff = StaffNo.parse("A0045")
    assert (staff.department, staff.number, str(staff)) == ("A", 45, "A0045")
    assert str(StaffNo.first_of("P")) == "P0001"
    with pytest.raises(SerialOverflowError):
        StaffNo.next_after(StaffNo.parse("S9999"))
    for bad in ("S123", "s0123", "SS0123", "S01234"):
        with pytest.raises(ValidationError):
            StaffNo.parse(bad)


def test_customer_id_accepts_both_schemes():
    assert isinstance(parse_customer_id("CUS20240515001"), CustomerNo)
    assert isinstance(parse_customer_id("HZ-IT-2024-001"), CustomerCode)
    with pytest.raises(ValidationError, match="customer identifier"):
        parse_customer_id("C-1")


def test_a_customer_code_whose_region_is_cus_is_read_as_a_code():
    # found by the CLI round trip: CUS-00-1990-001 was read as a malformed customer number
    code = CustomerCode(region="CUS", industry="00", year=1990, serial=1)
    assert parse_customer_id(str(code)) == code
    assert parse_customer_id("CUS20240515001") == CustomerNo.parse("CUS20240515001")
