"""Every sensitive field is classified once, and repr, redact, history and errors obey it."""

import importlib
import inspect
import pkgutil
import re
import typing
from datetime import UTC, datetime
from decimal import Decimal

import attrs
import pytest

import salescare
from salescare._masking import HIDDEN, sensitivity
from salescare.access import redact
from salescare.errors import ValidationError
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models import (
    RECORD_TYPES,
    Actor,
    CompanySize,
    Contact,
    Customer,
    HealthReview,
    HistoryEntry,
    Lead,
    LeadSource,
    Opportunity,
    OpportunityStage,
    Role,
    mask_details,
)
from salescare.serialize import from_dict, to_dict, to_json

ID_TYPES = (ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo)
MONEY_OR_CONTACT = re.compile(r"amount|budget|revenue|purchases|value_estimate|phone|email|mobile")
OPTIONAL_MODULES = {"testing", "_hypothesis_plugin", "frame"}


def _types_in(annotation):
    yield annotation
    for argument in typing.get_args(annotation):
        yield from _types_in(argument)


def _records():
    """Every record type and every attrs class nested in one, reached by reflection."""
    seen, queue = [], [*RECORD_TYPES, Actor, HistoryEntry]
    while queue:
        cls = queue.pop()
        if cls in seen:
            continue
        seen.append(cls)
        attrs.resolve_types(cls)
        queue.extend(
            kind
            for field in attrs.fields(cls)
            for kind in _types_in(field.type)
            if isinstance(kind, type) and attrs.has(kind) and kind not in ID_TYPES
        )
    return seen


def _all_attrs_classes():
    for info in pkgutil.walk_packages(salescare.__path__, "salescare."):
        if info.name.split(".")[1] in OPTIONAL_MODULES:
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and attrs.has(obj) and obj.__module__ == module.__name__:
                yield obj


@pytest.mark.parametrize("cls", _records(), ids=lambda c: c.__name__)
def test_every_money_contact_and_identifier_field_of_a_record_is_classified(cls):
    for field in attrs.fields(cls):
        kinds = list(_types_in(field.type))
        needs = (
            any(kind is Decimal or kind in ID_TYPES for kind in kinds)
            or MONEY_OR_CONTACT.search(field.name)
            or (field.name in {"actor", "id", "by"} and str in kinds)
        )
        if needs:
            assert sensitivity(field) is not None, f"{cls.__name__}.{field.name} is not classified"


@pytest.mark.parametrize("cls", list(_all_attrs_classes()), ids=lambda c: c.__qualname__)
def test_every_field_named_for_money_or_contact_anywhere_is_classified(cls):
    for field in attrs.fields(cls):
        if MONEY_OR_CONTACT.search(field.name) and field.type not in (bool, "bool"):
            assert sensitivity(field) is not None, f"{cls.__name__}.{field.name}"


@pytest.mark.parametrize("cls", _records(), ids=lambda c: c.__name__)
def test_hidden_fields_never_show_in_repr(cls):
    for field in attrs.fields(cls):
        if sensitivity(field) in HIDDEN:
            assert field.repr is not True, f"{cls.__name__}.{field.name} shows in repr"


NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
NOBODY = Actor(id="A0999", role=Role.ENGINEER)


def signed_opportunity():
    return Opportunity(
        customer=CustomerNo.parse("CUS20240515001"),
        title="Line 3 upgrade",
        owner=StaffNo.parse("S0123"),
        stage=OpportunityStage.CONTRACT,
        amount=Decimal(750_000),
        history=(
            HistoryEntry(at=NOW, actor="S0123", event="sign", details=(("amount", "750000"),)),
        ),
    )


def test_history_details_of_sensitive_fields_are_masked_in_repr_and_redaction():
    opportunity = signed_opportunity()
    assert "750000" not in repr(opportunity)
    assert "750000" not in repr(opportunity.history[0])
    hidden = redact(opportunity, NOBODY, as_of=NOW)
    assert hidden.amount is None
    assert "750000" not in to_json(hidden)
    assert hidden.history[0].details == (("amount", "****"),)
    # the owner sees the amount in the history (it is their record)
    owner = Actor(id="S0123", role=Role.SALES_REP)
    assert redact(opportunity, owner, as_of=NOW).history[0].details == (("amount", "750000"),)
    assert mask_details((("stage", "signed"),), Opportunity) == (("stage", "signed"),)


def test_every_hidden_amount_is_redacted_and_masked_in_repr():
    lead = Lead(
        company="Lake",
        industry="IT",
        size=CompanySize.MEDIUM,
        annual_revenue=Decimal(9_000_000),
        main_business="meters",
        contact=Contact(name="Zhao", title="buyer", phone="13812345678"),
        initial_need="dashboards",
        acquired_at=NOW,
        source=LeadSource.WEBSITE,
    )
    assert "9000000" not in repr(lead)
    assert redact(lead, NOBODY, as_of=NOW).annual_revenue is None
    review = from_dict(
        HealthReview,
        {
            "customer": "CUS20240515001",
            "customer_name": "Lake",
            "year": 2024,
            "quarter": 2,
            "cooperation_months": 14,
            "upsell_amount": "120000",
            "relationship": "4.5",
            "service": "3.5",
        },
    )
    assert "120000" not in repr(review)
    assert redact(review, NOBODY, as_of=NOW).upsell_amount is None
    customer = Customer(
        number=CustomerNo.parse("CUS20240515001"),
        name="Lake",
        industry="IT",
        size=CompanySize.MEDIUM,
        annual_purchases=Decimal(480_000),
        budget=Decimal(300_000),
    )
    shown = redact(customer, NOBODY, as_of=NOW)
    assert (shown.annual_purchases, shown.budget) == (None, None)
    assert to_dict(from_dict(Customer, to_dict(shown))) == to_dict(shown)


@pytest.mark.parametrize(
    ("build", "secret"),
    [
        (lambda: Contact(name="Zhao", phone="1381234567890123"), "1381234567890123"),
        (lambda: from_dict(Contact, {"name": "Zhao", "phone": 13812345678}), "13812345678"),
        (lambda: Contact(name="Zhao", email="zhao.liu@lake"), "zhao.liu@lake"),
        (
            lambda: from_dict(
                Customer,
                {
                    "number": "CUS20240515001",
                    "name": "x",
                    "industry": "IT",
                    "size": "small",
                    "budget": "-300000",
                },
            ),
            "300000",
        ),
    ],
)
def test_errors_quote_sensitive_values_masked(build, secret):
    with pytest.raises(ValidationError) as info:
        build()
    assert secret not in str(info.value)
    assert all(secret not in repr(leaf.value) for leaf in info.value.errors)
