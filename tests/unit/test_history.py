"""A record's history and progress grow in constant time and behave like the tuple of items."""

import pickle
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import ticket

from salescare._checks import precedes
from salescare.errors import WrongTypeError
from salescare.ids import StaffNo
from salescare.models import (
    Actor,
    History,
    HistoryEntry,
    Level,
    Progress,
    ProgressUpdate,
    Role,
    Ticket,
    tickets,
)
from salescare.models import history as logs
from salescare.serialize import from_dict, to_dict
from salescare.workflow import TICKET, fire

AT = datetime(2024, 5, 15, 9, 0, tzinfo=UTC)
SUPERVISOR = Actor(id="A0001", role=Role.AFTER_SALES_SUPERVISOR)
ENGINEER = Actor(id="A0045", role=Role.SENIOR_ENGINEER)


def entry(minute: int) -> HistoryEntry:
    return HistoryEntry(at=AT + timedelta(minutes=minute), actor="A0045", event=f"e{minute}")


@given(st.lists(st.integers(0, 500), max_size=20), st.integers(0, 20))
def test_a_history_is_the_tuple_of_its_entries(minutes, cut):
    entries = tuple(entry(m) for m in minutes)
    history = History()
    for one in entries:
        history = history.appended(one)
    assert history == entries
    assert hash(history) == hash(entries)
    assert list(history) == list(entries)
    assert history[:cut] == entries[:cut]
    assert list(reversed(history)) == list(reversed(entries))
    assert repr(history) == repr(entries)
    assert pickle.loads(pickle.dumps(history)) == history
    if entries:
        assert history[-1] == entries[-1]
        assert history[0] == entries[0]


def test_an_older_view_grows_its_own_copy_and_never_changes():
    base = History((entry(0),))
    newest = base.appended(entry(1))
    branch = base.appended(entry(2))  # base is no longer the newest view of its list
    assert base == (entry(0),)
    assert newest == (entry(0), entry(1))
    assert branch == (entry(0), entry(2))
    assert newest.appended(entry(3)) == (entry(0), entry(1), entry(3))


def test_the_newest_view_shares_its_list_instead_of_copying():
    # as built (or loaded) the items are a compact tuple; the first append copies them once
    history = History(entry(m) for m in range(10_000)).appended(entry(10_000))
    longer = history.appended(entry(10_001))
    assert longer._items is history._items
    assert len(history) == 10_001
    assert len(longer) == 10_002


def test_items_of_the_wrong_type_are_refused_with_their_place():
    with pytest.raises(WrongTypeError, match=r"History\[1\].*is not a HistoryEntry"):
        History([entry(0), "deploy"])
    with pytest.raises(WrongTypeError, match=r"Progress\[0\].*is not a ProgressUpdate"):
        Progress().appended(entry(0))
    with pytest.raises(WrongTypeError, match=r"Ticket\.history\[1\]"):
        attrs.evolve(ticket(), history=(entry(0), "deploy"))
    with pytest.raises(WrongTypeError, match=r"Ticket\.history: 'x' is not a tuple"):
        attrs.evolve(ticket(), history="x")


def test_records_take_tuples_and_lists_and_keep_a_history():
    record = attrs.evolve(ticket(), history=[entry(0)], progress=())
    assert isinstance(record.history, History)
    assert isinstance(record.progress, Progress)
    assert record.history == (entry(0),)
    assert from_dict(Ticket, to_dict(record)) == record
    assert to_dict(record)["history"][0]["event"] == "e0"


def test_a_step_shares_the_history_of_the_record_it_steps_from():
    loaded = attrs.evolve(ticket(), history=tuple(entry(m) for m in range(10_000)))
    record = attrs.evolve(loaded, history=loaded.history.appended(entry(10_000)))
    step = fire(TICKET, record, "triage", at=AT + timedelta(hours=1), by=SUPERVISOR, level=Level.L2)
    assert step.record.history._items is record.history._items
    assert step.record.history[:-1] == record.history
    assert step.record.history[-1] == step.entry


def test_a_life_of_updates_checks_each_update_once(monkeypatch):
    # N updates cost O(N) in all: every item is type-checked once, however long the list
    checked = []
    original = logs._check_items

    def counting(kind, items, start, path):
        checked.append(len(items) - start)
        return original(kind, items, start, path)

    monkeypatch.setattr(logs, "_check_items", counting)
    # and each update's time is compared with the submission once (not every update again)
    compared = []
    monkeypatch.setattr(
        tickets, "precedes", lambda first, second: compared.append(1) or precedes(first, second)
    )
    record = fire(
        TICKET, ticket(), "triage", at=AT + timedelta(minutes=5), by=SUPERVISOR, level=Level.L2
    ).record
    record = fire(
        TICKET,
        record,
        "assign",
        at=AT + timedelta(minutes=10),
        by=SUPERVISOR,
        assignee=StaffNo.parse("A0045"),
        assignee_role=Role.SENIOR_ENGINEER,
    ).record
    checked.clear()
    compared.clear()
    for index in range(300):
        record = fire(
            TICKET,
            record,
            "update",
            at=AT + timedelta(minutes=20 + index),
            by=ENGINEER,
            note=f"step {index}",
        ).record
    assert len(record.progress) == 300
    assert sum(checked) <= 2 * 300  # each new progress item and history entry, once
    # the record's fixed pairs of times, and the one new update, per step
    assert len(compared) <= 300 * (len(tickets._TICKET_ORDER.pairs) + 1)
    assert record.progress[-1] == ProgressUpdate(
        at=AT + timedelta(minutes=319), note="step 299", by=str(ENGINEER.id)
    )


def test_views_compare_up_to_their_own_length():
    # two lists that each grew past a shared prefix: equal views stay equal
    first = History((entry(0),)).appended(entry(1))
    second = History((entry(0),)).appended(entry(1))
    first.appended(entry(2))  # first's list now holds a third item
    second.appended(entry(3))  # and second's a different one
    assert first == second
    assert first != second.appended(entry(4))
