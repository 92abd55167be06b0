"""ISO 8601 text columns to instants and back, a column at a time, for the CLI's engine.

Exports write times one way, ``2024-05-15T09:15:00+08:00``: this module reads a column of
such cells with numpy (no ``datetime`` per cell) and writes instants back in the same form.
Only that exact shape (``T`` or a space between date and time, whole seconds, an offset) is
read here; any other cell is reported as not read, and the caller leaves its row to the
row-by-row path, where :meth:`datetime.fromisoformat` reads (or refuses) it.
"""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["NAT", "Times", "calendar_days", "digit_matrix", "iso_text", "read_times"]

NAT = -(2**63)
"""numpy's NaT as int64: no time."""

_WIDTH = 25  # YYYY-MM-DDTHH:MM:SS+HH:MM
_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24)
_MARKS = {4: "-", 7: "-", 13: ":", 16: ":", 22: ":"}
_SECOND = 1_000_000


class Times(NamedTuple):
    """A column of times read from text."""

    instants: np.ndarray
    """Microseconds since 1970 UTC (:data:`NAT` where there is no time)."""
    offsets: np.ndarray
    """Each time's UTC offset in seconds, as written."""
    present: np.ndarray
    """Cells holding anything (an empty cell is no time)."""
    read: np.ndarray
    """Cells read here: empty ones and those of the exact shape."""


def read_times(cells: list[str]) -> Times:
    """Read a column of ``YYYY-MM-DDTHH:MM:SS±HH:MM`` cells.

    Examples:
        >>> times = read_times(["2024-05-15T09:15:00+08:00", "", "2024-02-30T09:00:00+08:00"])
        >>> times.instants[0].item(), times.offsets[0].item()
        (1715735700000000, 28800)
        >>> times.present.tolist(), times.read.tolist()
        ([True, False, True], [True, True, False])
    """
    import numpy as np  # noqa: PLC0415 - the frame extra, imported on first use

    size = len(cells)
    present = np.fromiter(map(bool, cells), dtype=bool, count=size)
    instants = np.full(size, NAT, dtype=np.int64)
    offsets = np.zeros(size, dtype=np.int64)
    read = ~present
    where = np.flatnonzero(present)
    if not where.size:
        return Times(instants, offsets, present, read)
    chars = _characters(list(compress(cells, present)))
    if chars is None:
        return Times(instants, offsets, present, read)
    good, moments, shifts = _parse(chars)
    instants[where[good]] = moments[good]
    offsets[where[good]] = shifts[good]
    read[where[good]] = True
    return Times(instants, offsets, present, read)


def _characters(cells: list[str]) -> np.ndarray | None:
    """The cells' characters as a (cells, 25) byte matrix (other characters 255).

    Rows of cells of another width are all 255. Bytes keep the checks below cheap: they
    touch a quarter of the memory code points would.
    """
    import numpy as np  # noqa: PLC0415

    joined = "".join(cells)
    if len(joined) == _WIDTH * len(cells) and joined.isascii():
        # the common case: every cell the same width, one buffer, no per-cell work
        flat = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        return flat.reshape(len(cells), _WIDTH)
    text = np.array(cells)
    width = text.dtype.itemsize // 4
    if width < _WIDTH:
        return None
    codes = text.view(np.uint32).reshape(len(cells), width)[:, :_WIDTH]
    matrix = np.minimum(codes, 255).astype(np.uint8)
    matrix[np.strings.str_len(text) != _WIDTH] = 255
    return matrix


def _parse(chars: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which rows have the exact shape and a real date and time; their instants and offsets."""
    import numpy as np  # noqa: PLC0415

    digits = chars - np.uint8(ord("0"))  # wraps below "0": every non-digit is above 9
    good = np.all(digits[:, _DIGITS] <= 9, axis=1)  # noqa: PLR2004
    for position, mark in _MARKS.items():
        good &= chars[:, position] == ord(mark)
    good &= (chars[:, 10] == ord("T")) | (chars[:, 10] == ord(" "))
    good &= (chars[:, 19] == ord("+")) | (chars[:, 19] == ord("-"))

    def number(first: int, count: int) -> np.ndarray:
        value = np.zeros(len(chars), dtype=np.int64)
        for position in range(first, first + count):
            value = value * 10 + digits[:, position].astype(np.int64)
        return value

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    hour, minute, second = number(11, 2), number(14, 2), number(17, 2)
    off_hour, off_minute = number(20, 2), number(23, 2)
    real, days = calendar_days(year, month, day)
    good &= real & (hour <= 23) & (minute <= 59) & (second <= 59)  # noqa: PLR2004
    good &= (off_hour <= 23) & (off_minute <= 59)  # noqa: PLR2004
    sign = np.where(chars[:, 19] == ord("-"), -1, 1)
    shifts = sign * (off_hour * 3600 + off_minute * 60)
    seconds = days * 86400 + hour * 3600 + minute * 60 + second - shifts
    return good, seconds * _SECOND, shifts


def digit_matrix(cells: list[str], width: int) -> np.ndarray | None:
    """Cells of ``width`` ASCII characters as a (cells, width) matrix of digit values.

    Digits are 0–9; every other character is above 9. ``None`` unless every cell has that
    width and is ASCII (the caller then reads the cells one by one).
    """
    import numpy as np  # noqa: PLC0415

    joined = "".join(cells)
    if len(joined) != width * len(cells) or not joined.isascii():
        return None
    flat = np.frombuffer(joined.encode("ascii"), dtype=np.uint8) - np.uint8(ord("0"))
    return flat.reshape(len(cells), width)


def calendar_days(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which (year, month, day) triples are real dates (years 1–9999), and their day numbers.

    Day numbers count from 1970-01-01.
    """
    import numpy as np  # noqa: PLC0415

    real = (year >= 1) & (year <= 9999) & (month >= 1) & (month <= 12) & (day >= 1)  # noqa: PLR2004
    months = np.where(real, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    first_day = months.astype("datetime64[D]").astype(np.int64)
    length = (months + 1).astype("datetime64[D]").astype(np.int64) - first_day
    real &= day <= length
    return real, first_day + day - 1


def iso_text(instants: np.ndarray, offsets: np.ndarray) -> list[str]:
    """Instants written as :meth:`datetime.isoformat` writes them at the given offsets.

    Examples:
        >>> import numpy as np
        >>> iso_text(np.array([1715735700000000, 1715735700000001]), np.array([28800, -3600]))
        ['2024-05-15T09:15:00+08:00', '2024-05-15T00:15:00.000001-01:00']
    """
    import numpy as np  # noqa: PLC0415

    local = (instants + offsets * _SECOND).astype("datetime64[us]")
    whole = instants % _SECOND == 0
    if whole.all():
        text = np.datetime_as_string(local, unit="s").tolist()
    else:  # isoformat shows microseconds only when there are some
        text = np.datetime_as_string(local, unit="us").tolist()
        text = [t[:19] if w else t for t, w in zip(text, whole.tolist(), strict=True)]
    zones, which = np.unique(offsets, return_inverse=True)
    suffix = np.array([_offset(int(o)) for o in zones.tolist()], dtype=object)[which]
    return (np.array(text, dtype=object) + suffix).tolist()  # type: ignore[no-any-return]


def _offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"
