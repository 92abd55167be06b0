import importlib
import re
from pathlib import Path

import pytest

from salescare.catalogue import FAMILIES, RULES, markdown_table, rule, summary
from salescare.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
RULE_IDS_IN_SPEC = re.compile(r"^- ([A-Z]{2}-\d+) ", re.MULTILINE)


def _resolve(dotted: str) -> object:
    # the longest importable prefix is the module; the rest are attributes (Class.method)
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ModuleNotFoundError(dotted)


def test_catalogue_covers_every_family_in_order():
    assert [r.family for r in RULES] == sorted((r.family for r in RULES), key=list(FAMILIES).index)
    assert len({r.id for r in RULES}) == len(RULES)


def test_catalogue_matches_the_shared_rule_list_when_present():
    spec = ROOT.parent / "shared" / "RULES.md"
    if not spec.exists():
        pytest.skip("the shared rule list is not beside this checkout")
    assert [r.id for r in RULES] == RULE_IDS_IN_SPEC.findall(spec.read_text("utf-8"))


@pytest.mark.parametrize("entry", [r for r in RULES if r.status != "planned"], ids=lambda r: r.id)
def test_enforced_rules_name_real_code_and_real_tests(entry):
    assert entry.enforced_by, entry.id
    assert entry.tests, entry.id
    for dotted in entry.enforced_by:
        assert _resolve(dotted) is not None
    for node in entry.tests:
        path, _, function = node.partition("::")
        source = (ROOT / path).read_text("utf-8")
        assert f"def {function}(" in source, node


def test_planned_rules_claim_nothing():
    for entry in RULES:
        if entry.status == "planned":
            assert not entry.enforced_by, entry.id
            assert not entry.tests, entry.id


def test_docs_table_is_current():
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    start = text.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    end = text.index("\n<!-- rules:end -->")
    assert text[start:end] == markdown_table(), (
        "docs/rules.md is stale: paste the output of `salescare rules --format markdown` "
        "between the rules markers"
    )


def test_lookup_and_summary():
    assert rule("LD-6").status == "enforced"
    with pytest.raises(ValidationError, match="not a rule"):
        rule("XX-1")
    assert sum(total for *_, total in summary()) == len(RULES)


def test_every_rule_is_enforced_or_recorded_with_its_reason():
    """Issue 16: no planned entry is left; a recorded rule says why it is not enforced."""
    assert {r.status for r in RULES} <= {"enforced", "recorded"}
    for entry in RULES:
        assert (entry.status == "recorded") == bool(entry.reason), entry.id


def test_every_timer_rule_is_proved_by_a_record_event():
    """A rule with a timer is enforced only when the agenda test starts and discharges it."""
    from salescare.sla import TIMERS  # noqa: PLC0415

    for rule_id in {t.rule for t in TIMERS.values()}:
        entry = rule(rule_id)
        assert entry.status == "enforced", rule_id
        assert any(t.startswith("tests/unit/test_agenda.py::") for t in entry.tests), rule_id
        assert "salescare.agenda.agenda" in entry.enforced_by, rule_id
