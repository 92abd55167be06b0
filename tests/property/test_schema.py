"""JSON Schema of the records (issue 17): what to_dict writes validates; known-bad does not."""

import copy

import pytest
from jsonschema import Draft202012Validator

from salescare.models import RECORD_TYPES, Ticket
from salescare.schema import DIALECT, components, json_schema

_BY_NAME = {cls.__name__: cls for cls in RECORD_TYPES}
_VALIDATORS = {
    name: Draft202012Validator(json_schema(cls), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for name, cls in _BY_NAME.items()
}


def test_every_schema_is_a_valid_2020_12_schema():
    for cls in RECORD_TYPES:
        schema = json_schema(cls)
        assert schema["$schema"] == DIALECT
        Draft202012Validator.check_schema(schema)
    Draft202012Validator.check_schema({"$defs": components("#/$defs/{}")})


# What to_dict writes from every record strategy validates: checked with the round trips,
# in tests/property/test_roundtrips.py, so records are drawn once for both.


_ROW = {
    "number": "FW20240515001",
    "customer": "HZ-IT-2024-001",
    "customer_name": "Lake Tech",
    "description": "Export shows wrong totals",
    "submitted_at": "2024-05-15T09:15:00+08:00",
    "progress": [{"at": "2024-05-15T10:00:00+08:00", "note": "cause found"}],
}


def test_a_good_row_validates():
    assert not list(_VALIDATORS["Ticket"].iter_errors(_ROW))


@pytest.mark.parametrize(
    "change",
    [
        {"level": "L4"},  # not a level
        {"number": "FW2024051501"},  # not a ticket number
        {"customer": "hz-it-2024-001"},  # neither customer scheme
        {"colour": "red"},  # not a field
        {"submitted_at": "2024-05-15T09:15:00"},  # no offset
        {"submitted_at": "yesterday"},
        {"satisfaction": 6},
        {"description": "   "},  # blank text
        {"urgent": "yes"},  # to_dict writes true/false
        {"progress": [{"at": "2024-05-15T10:00:00+08:00"}]},  # an update without its note
        {"assignee": "A45"},
    ],
)
def test_known_bad_payloads_do_not_validate(change):
    row = copy.deepcopy(_ROW) | change
    assert list(_VALIDATORS["Ticket"].iter_errors(row))


def test_a_missing_required_field_does_not_validate():
    row = dict(_ROW)
    del row["submitted_at"]
    assert list(_VALIDATORS["Ticket"].iter_errors(row))


def test_components_refer_to_each_other_for_openapi():
    schemas = components()
    assert schemas["Ticket"]["properties"]["contact"] == {
        "anyOf": [{"$ref": "#/components/schemas/Contact"}, {"type": "null"}]
    }
    assert schemas["TicketStatus"]["enum"][0] == "pending"
    assert set(_BY_NAME) <= set(schemas)
    assert json_schema(Ticket)["$defs"]["Ticket"] == components("#/$defs/{}")["Ticket"]
