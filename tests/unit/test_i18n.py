"""Messages in three languages: every message translated, the same placeholders everywhere."""

import ast
import importlib.util
import string
from pathlib import Path

import pytest

from salescare.cli import main
from salescare.errors import ValidationError
from salescare.i18n import locale_from_environment, ntr, tr, translate, use_locale

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
