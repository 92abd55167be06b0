from pathlib import Path

import attrs
import pytest

from salescare import models
from salescare.glossary import FIELDS, RECORD_ALIASES, field_for, markdown, normalise_header

ROOT = Path(__file__).resolve().parents[2]
NESTED = (
    models.Pause,
    models.ProgressUpdate,
    models.SpecialAgreement,
    models.Attachment,
    models.Measure,
    models.DimensionScore,
    models.DepartureItem,
    models.HistoryEntry,
    models.Actor,
    models.Promise,
)
RECORDS = (*models.RECORD_TYPES, *NESTED)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_every_field_has_a_term_and_no_header_is_ambiguous_within_a_record(record):
    names = [field.name for field in attrs.fields(record)]
    assert [n for n in names if n not in FIELDS] == []
    seen: dict[str, str] = {}
    own = RECORD_ALIASES.get(record.__name__, {})
    assert set(own) <= set(names)
    for name in names:
        for spelling in (*own.get(name, ()), *FIELDS[name].spellings):
            key = normalise_header(spelling)
            assert seen.setdefault(key, name) == name, (record.__name__, spelling)
            assert field_for(spelling, among=names, record=record.__name__) == name


def test_every_term_is_used_and_bilingual():
    used = {field.name for record in RECORDS for field in attrs.fields(record)}
    assert set(FIELDS) == used
    for term in FIELDS.values():
        assert term.zh_hans
        assert term.zh_hant


def test_headers_fold_width_case_spaces_and_the_yuan_unit():
    assert field_for("ANNUAL PURCHASES") == "annual_purchases"
    assert field_for("年采购额（元）") == "annual_purchases"
    assert field_for("年採購額(萬元)") is None  # a different unit is not silently accepted


def test_glossary_page_is_current():
    text = (ROOT / "docs" / "glossary.md").read_text("utf-8")
    start = text.index("<!-- glossary:start -->\n") + len("<!-- glossary:start -->\n")
    end = text.index("\n<!-- glossary:end -->")
    assert text[start:end] == markdown(), "docs/glossary.md is stale: rerun the generator"
