"""Messages in three languages: every message translated, the same placeholders everywhere."""

import ast
import importlib.util
import re
import string
from pathlib import Path

import pytest

from salescare._demo import _GOALS, _records, _reviews, load_sample
from salescare.agenda import CLOCKS, agenda
from salescare.cadence import REVISIT_TIERS, SALES_ABCD, SERVICE_ABC, follow_up_plan
from salescare.catalogue import FAMILIES
from salescare.cli import main
from salescare.completeness import handover_gaps
from salescare.errors import ValidationError
from salescare.grading import grade_customer
from salescare.grading.strategies import GRADE_STRATEGIES, HEALTH_STRATEGIES
from salescare.i18n import (
    _missing_messages,
    locale_from_environment,
    ntr,
    tr,
    translate,
    use_locale,
)
from salescare.metrics import mean_satisfaction, on_time_resolution_rate, satisfaction_by_tier
from salescare.metrics.targets import KPI_TARGETS
from salescare.revisits import revisit_queue
from salescare.sla import TIMERS, ticket_sla_many

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "src" / "salescare" / "locale"
_spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
hatch_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hatch_build)


def _code_messages():
    found = set()
    for path in (ROOT / "src" / "salescare").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            if name in {"tr", "ntr"} and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def _fields(text):
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_every_message_of_the_code_is_translated_with_the_same_placeholders(locale):
    entries = hatch_build.read_po(
        (LOCALES / locale / "LC_MESSAGES" / "salescare.po").read_text("utf-8")
    )
    singular = {key.split("\0")[0]: texts for key, texts in entries.items() if key}
    lacking = sorted(m for m in _code_messages() if not any(singular.get(m, [""])))
    assert lacking == []
    for key, texts in entries.items():
        for text in texts:
            assert _fields(text) == _fields(key.split("\0")[0]), (key, text)


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_the_compiled_catalogue_is_the_catalogue(locale):
    folder = LOCALES / locale / "LC_MESSAGES"
    compiled = hatch_build.compile_mo(hatch_build.read_po((folder / "salescare.po").read_text()))
    assert (folder / "salescare.mo").read_bytes() == compiled, "reinstall: pip install -e ."


def test_a_message_is_said_per_call_and_per_context():
    error = ValidationError.missing(("Ticket", "satisfaction"), None, tr("a score 1–5"))
    assert str(error) == "Ticket.satisfaction: is missing; expected a score 1–5"
    assert error.message("zh-Hans") == "Ticket.satisfaction: 缺失；应为1–5 分"
    with use_locale("zh_TW.UTF-8"):
        assert str(error) == "Ticket.satisfaction: 缺失；應為1–5 分"
        assert error.to_list()[0]["msg"] == "缺失；應為1–5 分"
        assert error.to_list(locale="en")[0]["code"] == "missing"
    assert translate(ntr("{count} invalid field", "{count} invalid fields", 3), "zh-Hans") == (
        "3 个字段无效"
    )


def test_the_environment_chooses_the_command_lines_language():
    assert locale_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh-Hans"
    assert locale_from_environment({"LANGUAGE": "zh_HK:en", "LANG": "C"}) == "zh-Hant"
    assert locale_from_environment({}) == "en"


def test_the_demo_speaks_chinese(capsys):
    assert main(["demo", "--lang", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "周一报告" in out
    assert "2. 按价值与潜力分级（GR-1…GR-5）" in out


def test_command_line_errors_follow_lang(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    path = tmp_path / "contact.json"
    path.write_text('{"name": "赵六", "phone": "12"}', "utf-8")
    assert main(["check", "contact", str(path)]) == 2
    assert "不是电话号码" in capsys.readouterr().err


def _data_words():
    """Every word of the data files a person reads, as the library loaded it."""
    words = [*FAMILIES.values(), *HEALTH_STRATEGIES.values()]
    for strategy in GRADE_STRATEGIES.values():
        words += [strategy.cadence, *strategy.contents]
    for policy in (SALES_ABCD, SERVICE_ABC, REVISIT_TIERS):
        words += [c.describe for c in policy.tiers.values() if c.describe]
    words += [target.what for target in TIMERS.values()]
    words += [clock.what for clock in CLOCKS]
    words += [target.what for target in KPI_TARGETS.values()]
    return words


def _demo_texts():
    """The reasons and sentences the demo reads from the library, every part of them."""
    book = load_sample()
    texts = list(_GOALS.values())
    texts += [
        grade_customer(c.annual_purchases, c.potential, missing="unknown").reason
        for c in book.customers
    ]
    texts += [review.strategy for review in _reviews(book).values() if review.strategy]
    texts += [entry.reason for entry in revisit_queue(book.customers, as_of=book.as_of)]
    for customer in book.customers:
        plan = follow_up_plan(customer, [], as_of=book.as_of)
        texts += [plan.reason, *(what for _, _, what in plan.late)]
    texts += [str(gap) for form in book.handovers for gap in handover_gaps(form)]
    texts += [item.what for item in agenda(_records(book), now=book.as_of)]
    for sla in ticket_sla_many(book.tickets, now=book.as_of):
        texts += [clock.reason for clock in sla.measurements]
    texts += [str(on_time_resolution_rate(book.tickets, as_of=book.as_of))]
    texts += [str(mean_satisfaction(book.tickets))]
    texts += [str(mean) for mean in satisfaction_by_tier(book.revisits).values()]
    return texts


@pytest.mark.parametrize("collect", [_data_words, _demo_texts])
@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant"])
def test_every_part_of_what_people_read_is_translated(locale, collect):
    # strict: a reason built by joining English pieces, an English f-string inside a message
    # or a data file's new words leave a part the catalogue lacks (names and amounts are not
    # parts: they are a message's parameters)
    texts = collect()
    assert len(texts) > 60
    assert _missing_messages(locale, texts) == []


def test_the_demo_in_chinese_has_no_english_sentences(capsys):
    # what may stay Latin: codes (upper case), rule IDs, field paths, record kinds, names
    assert main(["demo", "--lang", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    allowed = {"min", "salescare", "docs", "rules", "calendar", "fictional", "Customer",
               "Ticket", "Feedback", "Handover", "Lakeside", "Machinery", "Suzhou", "Bright",
               "Clinic", "Group"}  # fmt: skip
    prose = out
    for path in re.findall(r"[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*(?=：)", out):
        prose = prose.replace(path, "")  # a field path before its problem
    words = {w for w in re.findall(r"[A-Za-z]{3,}", prose) if not w.isupper()} - allowed
    assert words == set()
