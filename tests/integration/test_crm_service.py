"""The reference CRM service (examples/crm_service.py), driven as an API client would.

SQLAlchemy 2 on a real SQLite file, FastAPI's TestClient; errors as RFC 9457 problem
details. fastapi, sqlalchemy and httpx are in the test extra.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from tests.builders import TICKET_JSON

pytest.importorskip("fastapi", reason="the test extra installs fastapi")
pytest.importorskip("sqlalchemy", reason="the test extra installs sqlalchemy")
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from salescare.documents import load_document
from salescare.models import Ticket
from salescare.serialize import from_dict
from salescare.workflow import TICKET, replay

_PATH = Path(__file__).parents[2] / "examples" / "crm_service.py"
_SPEC = importlib.util.spec_from_file_location("crm_service", _PATH)
service = importlib.util.module_from_spec(_SPEC)
sys.modules["crm_service"] = service
_SPEC.loader.exec_module(service)

TICKET_ROW = TICKET_JSON
BOSS = {"id": "A0001", "role": "after_sales_supervisor"}
SENIOR = {"id": "A0045", "role": "资深工程师"}  # a role by its Chinese name


@pytest.fixture
def client(tmp_path):
    database = tmp_path / "crm.sqlite3"
    with TestClient(service.create_app(str(database))) as test_client:
        test_client.database = database
        yield test_client


def _fire(client, event, by, at, expected_version=None, **data):
    body = {"by": by, "at": at, "data": data}
    if expected_version is not None:
        body["expected_version"] = expected_version
    return client.post(f"/tickets/FW20240515001/events/{event}", json=body)


def _triaged(client):
    assert client.post("/tickets", json=TICKET_ROW).status_code == 201
    return _fire(client, "triage", BOSS, "2024-05-15T09:20:00+08:00", 0, level="重要")


def _assign(client):
    return _fire(
        client,
        "assign",
        BOSS,
        "2024-05-15T09:30:00+08:00",
        1,
        assignee="A0045",
        assignee_role="senior_engineer",
    )


def test_a_ticket_is_created_read_and_moved_by_events(client):
    created = client.post("/tickets", json=TICKET_ROW)
    assert created.status_code == 201
    assert created.json()["version"] == 0
    assert client.get("/tickets/FW20240515001").json() == created.json()
    triaged = _fire(client, "triage", BOSS, "2024-05-15 09:20:00", 0, level="重要")  # naive: +08
    assert triaged.status_code == 200, triaged.text
    body = triaged.json()
    assert body["ticket"]["version"] == 1
    assert body["ticket"]["record"]["level"] == "L2"
    assert body["ticket"]["record"]["triaged_at"] == "2024-05-15T09:20:00+08:00"
    assert [o["rule"] for o in body["obligations"]] == ["TK-4"]
    assigned = _assign(client)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["ticket"]["record"]["status"] == "in_progress"


def test_the_history_table_replays_to_the_stored_ticket(client):
    _triaged(client)
    _assign(client)
    _fire(client, "update", SENIOR, "2024-05-15T10:00:00+08:00", 2, note="定位中")
    history = client.get("/tickets/FW20240515001/history").json()
    assert [entry["event"] for entry in history] == ["triage", "assign", "update"]
    assert history[1]["role"] == "after_sales_supervisor"
    assert history[1]["details"] == [["assignee", "A0045"], ["assignee_role", "senior_engineer"]]
    with Session(create_engine(f"sqlite:///{client.database}")) as session:
        row = session.get(service.TicketRow, "FW20240515001")
        stored = load_document(row.document)
        initial = load_document(row.initial)
        events = session.scalars(select(service.EventRow).order_by(service.EventRow.sequence))
        assert [event.at.tzinfo for event in events] == [None, None, None]  # SQLite drops offsets
    entries = [from_dict(type(stored.history[0]), entry) for entry in history]
    assert replay(TICKET, initial, entries) == stored
    assert isinstance(stored, Ticket)


def test_bad_data_is_422_with_every_problem_coded(client):
    bad = client.post("/tickets", json=TICKET_ROW | {"level": "L4", "number": "FW20240230001"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    problem = bad.json()
    assert problem["status"] == 422
    assert {(tuple(e["loc"]), e["code"]) for e in problem["errors"]} == {
        (("Ticket", "number"), "bad_identifier"),
        (("Ticket", "level"), "not_a_member"),
    }
    assert client.post("/tickets", json=TICKET_ROW).status_code == 201
    data = _fire(client, "triage", BOSS, "2024-05-15T09:20:00+08:00", level="L9")
    assert data.status_code == 422
    assert data.json()["errors"][0]["code"] == "not_a_member"


def test_refusals_are_409_roles_403_and_unknowns_404(client):
    _triaged(client)
    refused = _fire(client, "assign", BOSS, "2024-05-15T09:30:00+08:00", 1, assignee="A0045")
    assert refused.status_code == 409
    assert "senior_for_urgent" in {e["code"] for e in refused.json()["errors"]}
    stale = _fire(client, "update", SENIOR, "2024-05-15T09:31:00+08:00", 0, note="x")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "conflict"
    sales = _fire(
        client,
        "assign",
        {"id": "S0001", "role": "sales_rep"},
        "2024-05-15T09:40:00+08:00",
        assignee="A0045",
        assignee_role="senior_engineer",
    )
    assert sales.status_code == 403
    assert sales.json()["errors"][0]["code"] == "role"
    assert client.get("/tickets/FW20240515999").status_code == 404
    assert _fire(client, "fly", BOSS, "2024-05-15T09:40:00+08:00").status_code == 404
    assert client.post("/tickets", json=TICKET_ROW).status_code == 409  # already there


def test_options_and_sla_clocks(client):
    _triaged(client)
    shown = client.get(
        "/tickets/FW20240515001/options",
        params={"actor": "A0001", "role": "after_sales_supervisor", "at": "2024-05-15T09:25:00"},
    ).json()
    assign = next(option for option in shown if option["event"] == "assign")
    assert assign["allowed"] is False
    assert any("assignee_required" in reason for reason in assign["reasons"])
    clocks = client.get("/tickets/FW20240515001/sla", params={"now": "2024-05-15T10:30:00+08:00"})
    assert {clock["rule"]: clock["status"] for clock in clocks.json()}["TK-4"] == "breached"


def test_openapi_describes_every_field_from_salescares_schemas(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["Level"]["enum"] == ["L1", "L2", "L3"]
    assert "submitted_at" in schemas["Ticket"]["properties"]
    body = spec["paths"]["/tickets"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Ticket"}
    event = spec["paths"]["/tickets/{number}/events/{event}"]["post"]["requestBody"]
    assert event["content"]["application/json"]["schema"]["$ref"].endswith("EventRequest")
