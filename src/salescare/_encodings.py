"""Which encoding a table file is in: a byte-order mark, else UTF-8, else GB18030.

Exports reach the command line from Excel (UTF-8 with a BOM, UTF-16 "Unicode text", or the
local code page: GB18030 on a Chinese system), from databases (UTF-8) and from scripts.
``--encoding auto`` reads a file's first bytes to tell which; a wrong guess past the first
megabyte is reported where decoding stops, with :func:`encoding_hint`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from salescare.i18n import tr

__all__ = ["encoding_hint", "sniffed_encoding"]

_SNIFF = 1 << 20  # bytes read to tell UTF-8 from GB18030
_BOMS = (  # longest first: UTF-32's little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniffed_encoding(path: Path) -> str:
    """The codec of a file read with ``--encoding auto``.

    A byte-order mark says (UTF-8, UTF-16 as Excel's "Unicode text", UTF-32); otherwise UTF-8
    when the first megabyte is UTF-8, else GB18030 (what a Chinese Excel saves as CSV, a
    superset of GBK and GB2312). A file that turns out otherwise past its first megabyte is
    reported where it stops decoding, with the hint to name its encoding.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / "a.csv").write_bytes("客户名称,潜力".encode("gb18030"))
        13
        >>> sniffed_encoding(folder / "a.csv")
        'gb18030'
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return "utf-8-sig"  # opening it again reports the problem, with the file's name
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec
    try:  # an incremental decoder: a character cut at the sample's end is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def encoding_hint(path: Path) -> str:
    """What the first bytes of an undecodable file suggest (UTF-16 and UTF-32 have tells)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return tr("it looks like UTF-16 (Excel's 'Unicode text'): pass --encoding utf-16")
    return tr("a file saved by a Chinese Excel is often GB18030: pass --encoding gb18030")
