"""Access laws (RULES CX-2, CX-4, HO-7): no unmasked secret without the right; idempotence."""

from datetime import UTC, datetime
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from salescare import testing as sst
from salescare.access import AccessBook, AccessPolicy, may_see, redact
from salescare.models import Contact
from salescare.serialize import from_dict, to_dict

MONEY = ("budget", "contract_amount", "amount")

records = st.one_of(
    sst.customers(),
    sst.handovers(),
    sst.tickets(),
    sst.opportunities(),
    sst.leads(),
    sst.revisits(),
    sst.contacts(),
)
books = st.builds(
    AccessBook.of,
    customers=st.lists(sst.customers(), max_size=3),
    handovers=st.lists(sst.handovers(), max_size=2),
    departures=st.lists(sst.departures(), max_size=2),
)
moments = st.datetimes(
    datetime(2000, 1, 1),  # noqa: DTZ001 - Hypothesis attaches the zone
    datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def contacts_in(value: Any) -> list[Contact]:
    if isinstance(value, Contact):
        return [value]
    if isinstance(value, tuple):
        return [c for item in value for c in contacts_in(item)]
    if attrs.has(type(value)):
        return [c for f in attrs.fields(type(value)) for c in contacts_in(getattr(value, f.name))]
    return []


def money_in(value: Any) -> list[Any]:
    return [getattr(value, name) for name in MONEY if hasattr(value, name)]


@given(records, sst.actors(), books, moments)
def test_no_unmasked_secret_reaches_an_actor_without_the_right(record, actor, book, as_of):
    shown = redact(record, actor, as_of=as_of, book=book)
    contact_right = may_see(actor, record, "contact_details", as_of=as_of, book=book)
    money_right = may_see(actor, record, "money", as_of=as_of, book=book)
    if not contact_right:
        for contact in contacts_in(shown):
            assert contact.phone is None or "****" in contact.phone
            assert contact.email is None or "****" in contact.email
    else:
        assert contacts_in(shown) == contacts_in(record)
    if not money_right:
        assert all(amount is None for amount in money_in(shown))
    else:
        assert money_in(shown) == money_in(record)
    assert redact(shown, actor, as_of=as_of, book=book) == shown
    # a masked record is still valid; compare serialized forms (PEP 495 folds, see design)
    assert to_dict(from_dict(type(shown), to_dict(shown))) == to_dict(shown)


@given(records, sst.actors(), moments)
def test_a_role_the_policy_does_not_name_sees_nothing_sensitive(record, actor, as_of):
    silent = AccessPolicy(name="SILENT", rights={})
    shown = redact(record, actor, as_of=as_of, policy=silent)
    assert all(amount is None for amount in money_in(shown))
    for contact in contacts_in(shown):
        assert contact.phone is None or "****" in contact.phone
        assert contact.email is None or "****" in contact.email
    for right in ("view", "edit", "contact_details", "money"):
        assert not may_see(actor, record, right, as_of=as_of, policy=silent)
