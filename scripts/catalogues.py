"""Refresh the message catalogues from the code (a development tool; needs the dev extra).

    python scripts/catalogues.py            # extract, then merge into every .po
    python scripts/catalogues.py --fill F   # also take simplified-Chinese texts from F (JSON)

Babel extracts every ``tr(...)``/``ntr(...)`` message of ``src/salescare`` into
``locale/salescare.pot`` and merges it into each catalogue, keeping the translations there and
dropping messages the code no longer has. A traditional-Chinese entry still empty is drafted
from the simplified one with OpenCC (``s2t``: characters only, the manuals' mainland words
kept) and flagged fuzzy, so it is not used until someone has read it and removed the flag;
``--accept-drafts`` removes the flags of drafts whose simplified text a person wrote.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import opencc
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "salescare"
LOCALES = PACKAGE / "locale"
KEYWORDS = {"tr": None, "ntr": (1, 2)}
# The words of the data files people read: each timer, clock and KPI, the grade and health
# strategies, the cadences, the rule families' titles.
DATA_FILES = {
    "timers.toml": ("what",),
    "clocks.toml": ("what",),
    "kpis.toml": ("what",),
    "strategies.toml": ("cadence", "contents", "strategy"),
    "cadences.toml": ("describe",),
    "rules.toml": ("families",),
}
HEADER = "Messages salescare writes for people (see salescare.i18n)."


def extract() -> Catalog:
    template = Catalog(project="salescare", header_comment=f"# {HEADER}", fuzzy=False)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        if "/testing/" in f"/{filename}":
            continue
        template.add(message, locations=[(f"src/salescare/{filename}", lineno)])
    for name, keys in DATA_FILES.items():
        text = (PACKAGE / "data" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        for message in _data_words(tomllib.loads(text), keys):
            lineno = next((n for n, line in enumerate(lines, 1) if message in line), 0)
            template.add(message, locations=[(f"src/salescare/data/{name}", lineno)])
    return template


def _data_words(node: object, keys: tuple[str, ...], inside: bool = False) -> list[str]:
    """Every string under one of ``keys`` in a parsed TOML document, in document order."""
    if isinstance(node, str):
        return [node] if inside else []
    if isinstance(node, list):
        return [word for item in node for word in _data_words(item, keys, inside)]
    if isinstance(node, dict):
        return [
            word
            for key, value in node.items()
            for word in _data_words(value, keys, inside or key in keys)
        ]
    return []


def merge(template: Catalog, locale: str, fill: dict[str, str]) -> Catalog:
    path = LOCALES / locale / "LC_MESSAGES" / "salescare.po"
    if path.exists():
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=locale)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=locale, project="salescare", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if locale == "zh_Hans":
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in fill:
                message.string = (fill[key],) if isinstance(message.id, tuple) else fill[key]
                message.flags.discard("fuzzy")  # a person wrote it
    return catalog


def glossary_characters(convert: Callable[[str], str]) -> dict[str, str]:
    """Characters OpenCC writes otherwise than the glossary's traditional terms (覈 for 核)."""
    table = tomllib.loads((PACKAGE / "data" / "glossary.toml").read_text(encoding="utf-8"))
    fixes: dict[str, str] = {}
    for section in table.values():
        for term in section.values():
            if not isinstance(term, dict) or "zh_hans" not in term:
                continue
            drafted, wanted = convert(term["zh_hans"]), term["zh_hant"]
            if len(drafted) == len(wanted):
                fixes |= {a: b for a, b in zip(drafted, wanted, strict=True) if a != b}
    return fixes


# Words OpenCC gets wrong that no single character fix can mend (籤 stays right in 標籤).
WORD_FIXES = {"已籤": "已簽", "籤約": "簽約", "籤署": "簽署", "籤字": "簽字"}


def draft_traditional(simplified: Catalog, traditional: Catalog, *, accept: bool) -> None:
    opencc_convert = opencc.OpenCC("s2t").convert
    # OpenCC writes 爲; Taiwan's and Hong Kong's standard character is 為
    fixes = str.maketrans(glossary_characters(opencc_convert) | {"爲": "為"})

    def convert(text: str) -> str:
        drafted = opencc_convert(text).translate(fixes)
        for wrong, right in WORD_FIXES.items():
            drafted = drafted.replace(wrong, right)
        return drafted

    for message in traditional:
        if not message.id:
            continue
        source = simplified.get(message.id)
        if source is None or not source.string:
            continue
        empty = not (any(message.string) if isinstance(message.string, tuple) else message.string)
        if empty:
            if isinstance(source.string, tuple):
                message.string = tuple(convert(text) for text in source.string)
            else:
                message.string = convert(source.string)
            message.flags.add("fuzzy")
        if accept:
            message.flags.discard("fuzzy")


def write(catalog: Catalog, locale: str) -> None:
    path = LOCALES / locale / "LC_MESSAGES" / "salescare.po"
    catalog.header_comment = f"# {HEADER}"
    catalog.fuzzy = False
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100, sort_output=True, include_previous=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", type=Path, help="JSON of message id -> simplified Chinese")
    parser.add_argument("--accept-drafts", action="store_true")
    args = parser.parse_args()
    fill = json.loads(args.fill.read_text(encoding="utf-8")) if args.fill else {}
    template = extract()
    with (LOCALES / "salescare.pot").open("wb") as stream:
        write_po(stream, template, width=100, sort_output=True, omit_header=False)
    simplified = merge(template, "zh_Hans", fill)
    traditional = merge(template, "zh_Hant", {})
    draft_traditional(simplified, traditional, accept=args.accept_drafts)
    for locale, catalog in (("zh_Hans", simplified), ("zh_Hant", traditional)):
        catalog.plural_forms  # noqa: B018 - Babel derives nplurals=1 for Chinese from the locale
        write(catalog, locale)
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{locale}: {len(catalog) - 1} messages, {missing} without a translation")


if __name__ == "__main__":
    main()
