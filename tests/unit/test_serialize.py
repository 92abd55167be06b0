import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare import serialize
from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.ids import CustomerCode, TicketNo
from salescare.models import (
    Attachment,
    Handover,
    HistoryEntry,
    Level,
    ServiceQualityAssessment,
    Ticket,
    TicketStatus,
)
from salescare.serialize import from_dict, from_json, make_converter, to_dict, to_json

TICKET = {
    "number": "FW20240515001",
    "customer": "CUS20240515001",
    "customer_name": "科技有限公司",
    "description": "系统导出报表时，部分数据字段显示异常",
    "submitted_at": "2024-05-15T09:15:00+08:00",
    "level": "L2",
}

HANDOVER = {
    "customer": "HZ-IT-2024-001",
    "customer_name": "科技有限公司",
    "industry": "制造业-汽车零部件",
    "size": "中型",
    "signed_on": "2024-05-15",
    "contract_number": "HT20240515001",
    "contract_amount": "500000",
    "sales_owner": "S0123",
    "after_sales_owner": "A0045",
    "contacts": [
        {
            "name": "赵六",
            "title": "采购经理",
            "phone": "13812345678",
            "is_primary": True,
            "is_decision_maker": True,
        }
    ],
    "requirement_history": "需要支持多语言切换；要求数据导出格式为Excel",
    "attachments": [{"name": "软件采购合同", "format": "pdf"}],
    "handed_over_at": "2024-05-15T14:30:00+08:00",
    "status": "已确认",
    "confirmed_at": "2024-05-15T16:00:00+08:00",
    "planned_service_start": "2024-05-20T10:00:00+08:00",
}


def test_reads_the_manuals_example_rows():
    t = from_dict(Ticket, TICKET)
    assert t.number == TicketNo.parse("FW20240515001")
    assert t.level is Level.L2
    assert t.submitted_at == datetime(2024, 5, 15, 1, 15, tzinfo=UTC)
    h = from_dict(Handover, HANDOVER)
    assert h.customer == CustomerCode.parse("HZ-IT-2024-001")
    assert h.contract_amount == Decimal(500000)
    assert h.status == "confirmed"


def test_writes_canonical_json_values():
    data = to_dict(from_dict(Handover, HANDOVER))
    assert data["customer"] == "HZ-IT-2024-001"
    assert data["size"] == "medium"
    assert data["status"] == "confirmed"
    assert data["contract_amount"] == "500000"
    assert data["handed_over_at"] == "2024-05-15T14:30:00+08:00"
    assert data["signed_on"] == "2024-05-15"
    assert isinstance(data["contacts"], list)
    assert type(data["status"]) is str
    json.dumps(data)  # plain JSON types only


def test_decimal_keeps_its_exponent():
    data = to_dict(from_dict(Handover, HANDOVER | {"contract_amount": "500000.50"}))
    assert data["contract_amount"] == "500000.50"


def test_every_bad_field_is_reported_at_once_with_paths():
    bad = HANDOVER | {
        "size": "huge",
        "contract_amount": "-5",
        "signed_on": "15/05/2024",
        "contacts": [
            {"name": "赵六", "phone": "call me", "is_primary": True, "is_decision_maker": True}
        ],
        "colour": "red",
    }
    bad.pop("sales_owner")
    with pytest.raises(ValidationError) as info:
        from_dict(Handover, bad)
    fields = {e.field for e in info.value.errors}
    assert fields == {
        "Handover.colour",
        "Handover.size",
        "Handover.contract_amount",
        "Handover.signed_on",
        "Handover.contacts[0].phone",
        "Handover.sales_owner",
    }
    message = str(info.value)
    assert message.startswith("Handover: 6 invalid fields")
    # a contact detail is quoted masked, even a bad one (CX-2)
    assert "Handover.contacts[0].phone: '****' is not a phone number" in message
    assert "call me" not in message
    assert "Handover.sales_owner: is required" in message


def test_cross_field_errors_are_reported_after_field_errors_pass():
    with pytest.raises(ValidationError) as info:
        from_dict(Handover, HANDOVER | {"confirmed_at": None, "planned_service_start": None})
    assert {e.field for e in info.value.errors} == {
        "Handover.confirmed_at",
        "Handover.planned_service_start",
    }


def test_lists_of_records_report_the_index():
    rows = [TICKET, TICKET | {"level": "L4"}, TICKET | {"number": "FW20240230001"}]
    with pytest.raises(ValidationError) as info:
        from_dict(list[Ticket], rows)
    assert {e.field for e in info.value.errors} == {"$[1].level", "$[2].number"}
    assert "'L4' is not a ticket level" in str(info.value)
    assert len(from_dict(list[Ticket], [TICKET, TICKET])) == 2


def test_naive_datetime_text_is_refused():
    with pytest.raises(NaiveDatetimeError) as info:
        from_dict(Ticket, TICKET | {"submitted_at": "2024-05-15T09:15:00"})
    assert info.value.field == "Ticket.submitted_at"
    assert "+08:00" in str(info.value)


def test_strict_primitives():
    with pytest.raises(WrongTypeError, match="is not text"):
        from_dict(Ticket, TICKET | {"customer_name": 42})
    with pytest.raises(ValidationError, match="yes/no"):
        from_dict(Ticket, TICKET | {"urgent": "maybe"})
    assert from_dict(Ticket, TICKET | {"urgent": "是"}).urgent is True
    assert from_dict(Ticket, TICKET | {"urgent": "否"}).urgent is False
    with pytest.raises(WrongTypeError, match="is not a list"):
        from_dict(Ticket, TICKET | {"joint_triggers": "beyond_scope"})
    with pytest.raises(ValidationError, match="whole number"):
        from_dict(
            Ticket, TICKET | {"resolved_at": "2024-05-15T12:00:00+08:00", "satisfaction": 4.5}
        )
    resolved = TICKET | {"resolved_at": "2024-05-15T12:00:00+08:00"}
    assert from_dict(Ticket, resolved | {"satisfaction": "4"}).satisfaction == 4


def test_chinese_labels_are_read_from_json():
    t = from_dict(Ticket, TICKET | {"level": "緊急", "status": "處理中"})
    assert (t.level, t.status) == (Level.L1, TicketStatus.IN_PROGRESS)


def test_json_round_trip_keeps_chinese_readable():
    t = from_dict(Ticket, TICKET)
    text = to_json(t)
    assert "科技有限公司" in text
    assert from_json(Ticket, text) == t
    assert from_json(Ticket, text.encode()) == t


def test_malformed_json_is_a_validation_error():
    with pytest.raises(ValidationError, match="not valid JSON"):
        from_json(Ticket, "{not json")
    with pytest.raises(WrongTypeError, match="is not an object"):
        from_json(Ticket, "[]")


def test_optional_customer_id_reads_none():
    sqa = {
        "staff": "A0045",
        "customer": None,
        "at": "2024-05-15T09:15:00+08:00",
        "assessor": "客户评价",
        "scores": [
            {"dimension": d, "score": 4, "evidence": "ok"}
            for d in ("响应及时性", "问题解决效率", "沟通专业性", "服务主动性")
        ],
    }
    assert from_dict(ServiceQualityAssessment, sqa).customer is None


def test_make_converter_returns_independent_converters():
    a, b = make_converter(), make_converter()
    assert a is not b
    moment = datetime(2024, 5, 15, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    assert a.unstructure(moment) == "2024-05-15T09:15:00+08:00"


def test_the_fast_json_codec_reads_and_writes_what_the_standard_library_does(monkeypatch):
    texts = [
        '{"name": "需求说明书", "format": "docx"}',
        '{"name": "需求说明书", "format": NaN}',  # JSON orjson refuses: read as without it
        '{"name": "a", "format": "pdf", "size": 123456789012345678901234567890}',
        "[1, 2",
    ]

    def outcomes() -> tuple[list[str], str]:
        seen = []
        for text in texts:
            try:
                seen.append(repr(from_json(Attachment, text)))
            except ValidationError as error:
                seen.append(f"{type(error).__name__} {error.path}")
        return seen, to_json(Attachment(name="软件采购合同", format="pdf"), compact=True)

    with_extra = outcomes()
    monkeypatch.setattr(serialize, "_orjson", lambda: None)
    assert outcomes() == with_extra
    assert with_extra[1] == '{"name":"软件采购合同","format":"pdf"}'
    assert with_extra[0][0] == repr(Attachment(name="需求说明书", format="docx"))


# -- naive times read in a named zone (issue 17) -------------------------------------------------


def test_a_naive_time_is_refused_with_the_way_to_name_its_zone():
    with pytest.raises(NaiveDatetimeError) as info:
        from_dict(Ticket, TICKET | {"submitted_at": "2024-05-15 09:15:00"})
    assert 'tz="Asia/Shanghai"' in str(info.value)
    assert info.value.errors[0].code == "naive_datetime"


@pytest.mark.parametrize("tz", ["Asia/Shanghai", ZoneInfo("Asia/Shanghai")])
def test_naive_times_are_placed_in_the_zone_the_caller_names(tz):
    row = TICKET | {
        "submitted_at": "2024-05-15 09:15:00",  # SQLite's text, no offset
        "triaged_at": datetime(2024, 5, 15, 9, 30),  # noqa: DTZ001 - naive, as a driver gives it
        "assigned_at": "2024-05-15T02:00:00+00:00",  # an offset given is kept
    }
    ticket = from_dict(Ticket, row, tz=tz)
    shanghai = ZoneInfo("Asia/Shanghai")
    assert ticket.submitted_at == datetime(2024, 5, 15, 9, 15, tzinfo=shanghai)
    assert ticket.triaged_at == datetime(2024, 5, 15, 9, 30, tzinfo=shanghai)
    assert ticket.assigned_at.utcoffset() == timedelta(0)
    assert from_json(Ticket, json.dumps(row, default=str), tz=tz) == ticket
    assert from_dict(list[Ticket], [row], tz=tz) == [ticket]
    # the shared converter still refuses them: the zone is never guessed
    with pytest.raises(ValidationError) as info:
        from_dict(Ticket, row)
    assert [leaf.code for leaf in info.value.errors] == ["naive_datetime", "naive_datetime"]


def test_the_zone_must_be_a_real_zone():
    with pytest.raises(ValidationError) as info:
        from_dict(Ticket, TICKET, tz="Asia/Atlantis")
    assert info.value.code == "unknown_zone"
    with pytest.raises(WrongTypeError):
        from_dict(Ticket, TICKET, tz=8)


@pytest.mark.parametrize(
    "local",
    ["2024-11-03T01:30:00", "2024-03-10T02:30:00"],  # New York's clocks: twice, and never
    ids=["shown twice", "skipped"],
)
def test_a_local_time_that_is_not_one_instant_is_refused(local):
    with pytest.raises(ValidationError) as info:
        from_dict(Ticket, TICKET | {"submitted_at": local}, tz="America/New_York")
    (leaf,) = info.value.errors
    assert leaf.code == "ambiguous_time"
    assert leaf.field == "Ticket.submitted_at"


@given(
    st.datetimes(min_value=datetime(1900, 1, 1)),  # noqa: DTZ001 - naive times under test
    st.sampled_from(["Asia/Shanghai", "Europe/Berlin"]),
)
def test_a_named_zone_keeps_the_wall_clock_or_refuses(naive, name):
    """Placing a naive time in a zone never moves its wall clock; only a time that is not one
    instant there (a daylight-saving change) is refused."""
    zone = ZoneInfo(name)
    entry = {"at": naive.isoformat(), "actor": "A0045", "event": "assign"}
    ambiguous = (
        naive.replace(tzinfo=zone, fold=0).utcoffset()
        != naive.replace(tzinfo=zone, fold=1).utcoffset()
    )
    try:
        read = from_dict(HistoryEntry, entry, tz=name).at
    except ValidationError as error:
        assert ambiguous
        assert error.errors[0].code == "ambiguous_time"
    else:
        assert not ambiguous
        assert read.replace(tzinfo=None) == naive
        assert read.utcoffset() == naive.replace(tzinfo=zone).utcoffset()
