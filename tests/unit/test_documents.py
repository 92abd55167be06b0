"""Versioned documents and the upgrade of what an older salescare stored (issue 17)."""

import copy
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from salescare.documents import FORMAT_VERSION, load_document, upgrade
from salescare.errors import ValidationError
from salescare.ids import CustomerNo, StaffNo, TicketNo
from salescare.models import Actor, JointTrigger, Level, Role, Ticket
from salescare.serialize import to_dict
from salescare.workflow import TICKET, fire

# A ticket stored by salescare before documents (format version 1): written by the code of
# commit 844eba8 (history details as text, a tuple of members as its repr, no roles).
FORMAT_1 = json.loads(
    (Path(__file__).parent.parent / "data" / "ticket_format_1.json").read_text("utf-8")
)
T0 = datetime(2024, 5, 15, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _same_steps_today() -> Ticket:
    """The steps that wrote FORMAT_1, fired by today's code."""
    boss = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
    senior = Actor(id="A0045", role=Role.SENIOR_ENGINEER)
    rep = Actor(id="S0123", role=Role.SALES_REP)
    ticket = Ticket(
        number=TicketNo.parse("FW20240515001"),
        customer=CustomerNo.parse("CUS20240515001"),
        customer_name="湖光科技",
        description="系统导出报表时，部分数据字段显示异常",
        submitted_at=T0,
    )
    steps = [
        ("triage", boss, 5, {"level": Level.L1}),
        (
            "start_joint",
            senior,
            10,
            {"joint_triggers": (JointTrigger.URGENT_LEVEL,), "sales_owner": StaffNo.parse("S0123")},
        ),
        ("assign", boss, 20, {"assignee": "A0045", "assignee_role": Role.SENIOR_ENGINEER}),
        ("respond", senior, 30, {}),
        ("update", senior, 60, {"note": "定位中"}),
        ("close", senior, 120, {"resolution": "补丁已上线", "sales_suggestion": "建议下季度回访"}),
        ("sync_to_sales", senior, 130, {}),
        ("contact_customer", rep, 200, {}),
        ("rate", senior, 240, {"satisfaction": 4}),
    ]
    for event, by, minutes, data in steps:
        ticket = fire(
            TICKET, ticket, event, at=T0 + timedelta(minutes=minutes), by=by, **data
        ).record
    return ticket


def test_a_format_1_ticket_upgrades_to_the_data_todays_code_writes():
    before = copy.deepcopy(FORMAT_1)
    current = upgrade(FORMAT_1, record_type=Ticket)
    assert before == FORMAT_1  # the stored document is not changed
    assert current["version"] == FORMAT_VERSION
    today = to_dict(_same_steps_today())
    assert [entry["details"] for entry in current["record"]["history"]] == [
        entry["details"] for entry in today["history"]
    ]
    loaded = load_document(FORMAT_1, record_type="Ticket")
    assert loaded.history[1].details == (
        ("joint_triggers", ("urgent_level",)),
        ("sales_owner", "S0123"),
    )
    assert loaded.history[-1].details == (("satisfaction", 4),)
    assert all(entry.role is None for entry in loaded.history)  # version 1 kept no roles
    assert loaded.satisfaction == 4


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"format": "salescare", "version": 3, "type": "Ticket", "record": {}}, "document.version"),
        ({"format": "other", "version": 2, "type": "Ticket", "record": {}}, "document.format"),
        ({"format": "salescare", "version": 2, "type": "Pizza", "record": {}}, "document.type"),
        ({"name": "合同", "format": "pdf"}, "record_type"),  # a bare record, type not given
    ],
)
def test_documents_it_cannot_read_are_refused_with_the_reason(document, field):
    with pytest.raises(ValidationError) as info:
        load_document(document)
    assert info.value.field == field


# Every record strategy round-trips through a document: tests/property/test_roundtrips.py.
