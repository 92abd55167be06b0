"""Build hook: compile the message catalogues (``.po``) into the ``.mo`` files gettext reads.

The catalogues live in ``src/salescare/locale/<locale>/LC_MESSAGES/salescare.po``; the compiled
files are written beside them (they are build artefacts, ignored by git) for wheels and
editable installs alike. Compiling needs nothing but the standard library, so building
salescare needs no translation tool; Babel is a development tool only (scripts/catalogues.py).
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # the tests import this file to compile; only a build needs hatchling
    BuildHookInterface = object

LOCALE_DIR = Path(__file__).parent / "src" / "salescare" / "locale"
DOMAIN = "salescare"


def read_po(text: str) -> dict[str, list[str]]:
    """Every entry of a ``.po`` text as ``{msgid: [msgstr, ...]}`` (the header under ``""``).

    A plural entry's key is ``singular\\0plural`` and has one text per plural form, as the
    ``.mo`` format stores it; a context is ``context\\4msgid``. Fuzzy entries are left out,
    as ``msgfmt`` leaves them out.
    """
    entries: dict[str, list[str]] = {}
    fields: dict[str, str] = {}
    current = ""
    fuzzy = False

    def close() -> None:
        if "msgid" in fields and not fuzzy:
            key = fields["msgid"]
            if "msgctxt" in fields:
                key = fields["msgctxt"] + "\x04" + key
            if "msgid_plural" in fields:
                key += "\0" + fields["msgid_plural"]
                forms = sorted((k for k in fields if k.startswith("msgstr[")), key=_form)
                entries[key] = [fields[k] for k in forms]
            else:
                entries[key] = [fields.get("msgstr", "")]
        fields.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith('"'):
            fields[current] += _string(line, number)
            continue
        keyword, _, rest = line.partition(" ")
        starts = line.startswith("#") or keyword in {"msgctxt", "msgid"}
        if starts and any(k.startswith("msgstr") for k in fields):
            close()
            fuzzy = False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if not line or line.startswith("#"):
            continue
        current = keyword
        fields[current] = _string(rest.strip(), number)
    close()
    return entries


def _form(keyword: str) -> int:
    return int(keyword[len("msgstr[") : -1])


def _string(literal: str, number: int) -> str:
    if not (literal.startswith('"') and literal.endswith('"')):
        msg = f"line {number}: expected a quoted string, got {literal[:40]!r}"
        raise ValueError(msg)
    value = ast.literal_eval(literal)
    if not isinstance(value, str):  # pragma: no cover - a quoted literal is always text
        raise TypeError(literal)
    return value


def compile_mo(entries: dict[str, list[str]]) -> bytes:
    """The GNU ``.mo`` bytes of ``entries`` (as :func:`read_po` returns them).

    Untranslated entries (every text empty) are left out, so gettext falls back to the
    English text for them rather than showing an empty message.
    """
    kept = {key: "\0".join(texts) for key, texts in entries.items() if key == "" or any(texts)}
    keys = sorted(kept)
    ids = b"".join(key.encode() + b"\0" for key in keys)
    strs = b"".join(kept[key].encode() + b"\0" for key in keys)
    count = len(keys)
    header = 7 * 4
    ids_start = header + 16 * count
    strs_start = ids_start + len(ids)
    offsets: list[int] = []
    position = 0
    for key in keys:
        length = len(key.encode())
        offsets += [length, ids_start + position]
        position += length + 1
    position = 0
    for key in keys:
        length = len(kept[key].encode())
        offsets += [length, strs_start + position]
        position += length + 1
    magic = 0x950412DE
    head = struct.pack("Iiiiiii", magic, 0, count, header, header + 8 * count, 0, 0)
    return head + struct.pack(f"{len(offsets)}i", *offsets) + ids + strs


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every catalogue under ``locale_dir``; the ``.mo`` files written."""
    written = []
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        data = compile_mo(read_po(po.read_text(encoding="utf-8")))
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
        written.append(mo)
    return written


class CatalogueHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles the catalogues before a wheel (or an editable install) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the ``.mo`` files and ship them in the wheel.

        An editable install reads them where they are written, in the source tree; a wheel
        carries them (git ignores them, so they are named here).
        """
        written = compile_all()
        if self.target_name != "wheel" or version == "editable":
            return
        for mo in written:
            relative = mo.relative_to(Path(__file__).parent / "src").as_posix()
            build_data["force_include"][str(mo)] = relative
