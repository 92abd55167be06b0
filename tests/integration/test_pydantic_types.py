"""Records as FastAPI bodies and responses through salescare.pydantic (issue 17)."""

from typing import Annotated

import pytest
from tests.builders import TICKET_JSON

pytest.importorskip("fastapi", reason="the test extra installs fastapi")
from fastapi import Body, FastAPI
from fastapi.testclient import TestClient

from salescare.models import Ticket
from salescare.pydantic import Record, pydantic_type

TICKET_ROW = TICKET_JSON

app = FastAPI()


@app.post("/tickets")
def echo(ticket: Annotated[Ticket, Record(), Body()]) -> pydantic_type(Ticket):  # type: ignore[valid-type]
    assert isinstance(ticket, Ticket)
    return ticket


client = TestClient(app)


def test_a_record_is_a_fastapi_body_and_response():
    answer = client.post("/tickets", json=TICKET_ROW | {"level": "重要"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["level"] == "L2"
    assert answer.json()["submitted_at"] == "2024-05-15T09:15:00+08:00"


def test_bad_fields_are_422_with_salescares_codes_at_their_paths():
    answer = client.post("/tickets", json=TICKET_ROW | {"level": "L4", "number": "FW20240230001"})
    assert answer.status_code == 422
    found = {(tuple(e["loc"][-2:]), e["type"]) for e in answer.json()["detail"]}
    assert found == {
        (("Ticket", "number"), "bad_identifier"),
        (("Ticket", "level"), "not_a_member"),
    }


def test_the_openapi_schema_lists_every_field_enum_and_pattern():
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/tickets"]["post"]["requestBody"]["content"]["application/json"]
    schema = body["schema"]
    schema = (
        spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        if "$ref" in schema
        else schema
    )
    assert "submitted_at" in schema["properties"]
    assert schema["properties"]["number"]["pattern"] == r"^FW\d{8}\d{3}$"
    level = schema["properties"]["level"]["anyOf"][0]
    assert level["enum"] == ["L1", "L2", "L3"]
