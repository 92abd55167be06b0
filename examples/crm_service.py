"""A reference CRM back end on salescare: SQLAlchemy 2 on SQLite, FastAPI, problem details.

What a CRM developer wires around the library, with no glue left to write by hand:

- tickets stored as versioned documents (``salescare.documents``) beside the columns a list
  view filters on, and their history in a table of its own, one row per event (the record's
  source of truth: ``salescare.workflow.replay`` rebuilds the ticket from it);
- endpoints to create and read tickets, list what may be done next, fire an event and read
  the SLA clocks; OpenAPI built from salescare's JSON Schemas (``salescare.schema``);
- every error as RFC 9457 problem details (``application/problem+json``): 422 for bad data
  (with each problem's ``loc``, ``code``, ``msg`` and masked ``input``), 409 for a rule's
  refusal or a stale write, 403 for a role that may not, 404 for what does not exist.

Run it: ``uvicorn --factory examples.crm_service:from_environment`` (``CRM_DATABASE`` names
the SQLite file). The tests (``tests/integration/test_crm_service.py``) drive it with FastAPI's
TestClient on a real SQLite file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import Body, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from salescare.documents import dump_document, load_document
from salescare.errors import (
    ConflictError,
    RoleError,
    SalescareError,
    TransitionError,
    UnknownEventError,
    ValidationError,
)
from salescare.models import Actor, Role, Ticket
from salescare.schema import components
from salescare.serialize import from_dict, to_dict
from salescare.sla import ticket_sla
from salescare.workflow import TICKET, fire, options, version

ZONE = "Asia/Shanghai"  # SQLite drops offsets; the service's times are read in this zone
PROBLEM = "application/problem+json"


class Base(DeclarativeBase):
    """The service's tables."""


class TicketRow(Base):
    """A ticket: the columns a list view filters on, and the whole record as a document."""

    __tablename__ = "tickets"
    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    customer: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    level: Mapped[str | None] = mapped_column(String(2))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    initial: Mapped[dict[str, Any]] = mapped_column(JSON)  # as created: replay starts here


class EventRow(Base):
    """One event of a ticket's history (statesman-style: the history in its own table)."""

    __tablename__ = "ticket_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket: Mapped[str] = mapped_column(ForeignKey("tickets.number"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)  # naive in SQLite: read back with tz=ZONE
    actor: Mapped[str] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(2000))
    details: Mapped[list[Any]] = mapped_column(JSON)


class TicketNotFoundError(SalescareError, LookupError):
    """No such ticket."""


class Store:
    """The database: one transaction per request."""

    def __init__(self, database: str) -> None:
        engine = create_engine(f"sqlite:///{database}")
        Base.metadata.create_all(engine)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes are committed together, or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @staticmethod
    def ticket(session: Session, number: str) -> TicketRow:
        """The stored ticket ``number``, or a 404."""
        row = session.get(TicketRow, number)
        if row is None:
            raise TicketNotFoundError(f"no ticket {number}")
        return row


def create_app(database: str) -> FastAPI:
    """The service on the SQLite file ``database`` (created when missing)."""
    store = Store(database)
    app = FastAPI(title="salescare reference CRM", version="1")
    _record_routes(app, store)
    _event_routes(app, store)
    _problems(app)
    _openapi(app)
    return app


def _record_routes(app: FastAPI, store: Store) -> None:
    @app.post("/tickets", status_code=201)
    def create_ticket(payload: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        ticket = from_dict(Ticket, payload, tz=ZONE)
        with store.transaction() as session:
            if session.get(TicketRow, str(ticket.number)) is not None:
                raise ConflictError(str(ticket.number), expected=0, actual=version(TICKET, ticket))
            session.add(_row(ticket, initial=ticket))
        return _shown(ticket)

    @app.get("/tickets/{number}")
    def read_ticket(number: str) -> dict[str, Any]:
        with store.transaction() as session:
            return _shown(load_document(store.ticket(session, number).document))

    @app.get("/tickets/{number}/history")
    def read_history(number: str) -> list[dict[str, Any]]:
        with store.transaction() as session:
            store.ticket(session, number)
            rows = session.scalars(
                select(EventRow).where(EventRow.ticket == number).order_by(EventRow.sequence)
            )
            return [_entry(row) for row in rows]

    @app.get("/tickets/{number}/sla")
    def read_sla(number: str, now: str) -> list[dict[str, Any]]:
        when = from_dict(datetime, now, tz=ZONE)
        with store.transaction() as session:
            ticket = load_document(store.ticket(session, number).document)
        return [
            {"rule": m.target.key, "status": str(m.status), "due": _iso(m.due)}
            for m in ticket_sla(ticket, now=when).measurements
        ]


def _event_routes(app: FastAPI, store: Store) -> None:
    @app.get("/tickets/{number}/options")
    def list_options(number: str, actor: str, role: str, at: str) -> list[dict[str, Any]]:
        by = Actor(id=actor, role=Role.parse(role, field=("query", "role")))
        when = from_dict(datetime, at, tz=ZONE)
        with store.transaction() as session:
            ticket = load_document(store.ticket(session, number).document)
        return [
            {
                "event": option.event,
                "allowed": option.decision.allowed,
                "reasons": list(option.decision.reasons),
            }
            for option in options(TICKET, ticket, by=by, at=when)
        ]

    @app.post("/tickets/{number}/events/{event}")
    def fire_event(
        number: str, event: str, payload: Annotated[dict[str, Any], Body()]
    ) -> dict[str, Any]:
        request = _event_request(payload)
        with store.transaction() as session:
            row = store.ticket(session, number)
            step = fire(
                TICKET,
                load_document(row.document),
                event,
                at=request["at"],
                by=request["by"],
                comment=request["comment"],
                expected_version=request["expected_version"],
                **request["data"],
            )
            row.document = dump_document(step.record)
            row.status, row.level = _columns(step.record)
            row.version = version(TICKET, step.record)
            session.add(_event_row(number, row.version, step.entry))
        return {
            "ticket": _shown(step.record),
            "obligations": [
                {"rule": o.rule, "what": o.what, "role": str(o.role), "due": _iso(o.due)}
                for o in step.obligations
            ],
        }


def _row(ticket: Ticket, *, initial: Ticket) -> TicketRow:
    status, level = _columns(ticket)
    return TicketRow(
        number=str(ticket.number),
        customer=str(ticket.customer),
        status=status,
        level=level,
        version=version(TICKET, ticket),
        document=dump_document(ticket),
        initial=dump_document(initial),
    )


def _columns(ticket: Ticket) -> tuple[str, str | None]:
    return ticket.status.value, ticket.level.value if ticket.level else None


def _event_row(number: str, sequence: int, entry: Any) -> EventRow:
    return EventRow(
        ticket=number,
        sequence=sequence,
        at=entry.at,
        actor=entry.actor,
        role=entry.role.value if entry.role else None,
        event=entry.event,
        note=entry.note,
        details=entry.details.json(),
    )


def _entry(row: EventRow) -> dict[str, Any]:
    """An event row as a history entry's JSON (the naive time read in the service's zone)."""
    from salescare.models import HistoryEntry  # noqa: PLC0415

    entry = from_dict(
        HistoryEntry,
        {
            "at": row.at.isoformat(),
            "actor": row.actor,
            "event": row.event,
            "note": row.note,
            "details": row.details,
            "role": row.role,
        },
        tz=ZONE,
    )
    return to_dict(entry)


def _shown(ticket: Ticket) -> dict[str, Any]:
    return {"version": version(TICKET, ticket), "record": to_dict(ticket)}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _event_request(payload: Any) -> dict[str, Any]:
    """The request body of an event: who, when, the data, and the version it was read at."""
    if not isinstance(payload, dict):
        raise ValidationError(("body",), payload, "is not an object", "a JSON object")
    unknown = sorted(set(payload) - {"by", "at", "data", "comment", "expected_version"})
    problems = [
        ValidationError(("body", key), payload[key], "is not a field", code="unknown_field")
        for key in unknown
    ]
    if problems:
        raise ValidationError.group(("body",), problems)
    data = payload.get("data", {})
    if not isinstance(data, dict):
        raise ValidationError(("body", "data"), data, "is not an object", "a JSON object")
    return {
        "by": from_dict(Actor, payload.get("by")),
        "at": from_dict(datetime, payload.get("at"), tz=ZONE),
        "data": data,
        "comment": payload.get("comment", ""),
        "expected_version": payload.get("expected_version"),
    }


def _problem(status: int, title: str, detail: str, errors: list[dict[str, Any]]) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _problems(app: FastAPI) -> None:
    """Every salescare error as RFC 9457 problem details."""

    @app.exception_handler(SalescareError)
    def salescare_problem(_: Request, error: SalescareError) -> JSONResponse:
        if isinstance(error, TicketNotFoundError):
            return _problem(404, "Not found", str(error), [])
        if isinstance(error, UnknownEventError):
            return _problem(404, "No such event", str(error), error.to_list())
        if isinstance(error, ValidationError):
            return _problem(422, "Invalid data", str(error), error.to_list())
        if isinstance(error, RoleError):
            return _problem(403, "Not allowed for this role", str(error), error.to_list())
        if isinstance(error, TransitionError | ConflictError):
            return _problem(409, "Refused", str(error), error.to_list())
        return _problem(400, "Bad request", str(error), [])


def _openapi(app: FastAPI) -> None:
    """OpenAPI with salescare's JSON Schemas as components: clients see every field."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            found = schema.setdefault("components", {}).setdefault("schemas", {})
            found.update(components())
            found["EventRequest"] = _EVENT_REQUEST
            for path, name in _BODIES.items():  # the bodies are read by salescare, not FastAPI
                body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
                body["schema"] = {"$ref": f"#/components/schemas/{name}"}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


_BODIES = {"/tickets": "Ticket", "/tickets/{number}/events/{event}": "EventRequest"}
_EVENT_REQUEST: dict[str, Any] = {
    "title": "EventRequest",
    "type": "object",
    "properties": {
        "by": {"$ref": "#/components/schemas/Actor"},
        "at": {"type": "string", "format": "date-time"},
        "data": {"type": "object", "description": "the event's data, as JSON values"},
        "comment": {"type": "string"},
        "expected_version": {"type": "integer", "minimum": 0},
    },
    "required": ["by", "at"],
    "additionalProperties": False,
}


def from_environment() -> FastAPI:
    """The service on the SQLite file ``$CRM_DATABASE`` (for ``uvicorn --factory``)."""
    return create_app(os.environ.get("CRM_DATABASE", "crm.sqlite3"))
