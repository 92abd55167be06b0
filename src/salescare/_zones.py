"""When a time zone's UTC offset changes: the transitions of its TZif data and POSIX rule.

Working-time arithmetic over long spans needs to know where daylight saving changes the
clock without asking the zone about every day. A zone's TZif file (RFC 8536) lists its
transitions explicitly up to some year and ends with a POSIX TZ rule
(``EST5EDT,M3.2.0,M11.1.0``) that ``zoneinfo`` applies to every later instant. This module
reads both, from the same place ``zoneinfo`` reads them (``zoneinfo.TZPATH``, then the
``tzdata`` package), so any year's transitions cost a few arithmetic steps.

Offsets themselves are always read from ``zoneinfo``; this module only says *when* to look.
A zone whose data cannot be read yields ``None`` and the caller falls back to probing.

Examples:
    >>> facts = zone_facts("America/New_York")
    >>> [(_utc(t), before, after) for t, before, after in facts.rule.transitions(2030)]
    [('2030-03-10T07:00:00', -18000, -14400), ('2030-11-03T06:00:00', -14400, -18000)]
"""

from __future__ import annotations

import calendar
import functools
import importlib.resources
import re
import struct
import zoneinfo
from bisect import bisect_left
from datetime import UTC, date, datetime
from pathlib import Path

import attrs

_HEADER = struct.Struct(">4s c 15x 6l")
_DAY = 86_400
_WEEK_DAYS = 7
_TIME = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_NAME = r"(?:<[+\-A-Za-z0-9]+>|[A-Za-z]{3,})"
_DATE = r"(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)"
_POSIX = re.compile(
    rf"(?P<std>{_NAME})(?P<std_off>{_TIME})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_off>{_TIME})?"
    rf"(?:,(?P<start>{_DATE})(?:/(?P<start_time>{_TIME}))?"
    rf",(?P<end>{_DATE})(?:/(?P<end_time>{_TIME}))?)?)?"
)
_DEFAULT_TIME = 2 * 3600
_LAST_YEAR = 9999
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

Transition = tuple[int, int, int]
"""A change of UTC offset: the instant (UTC seconds since the epoch), the offset before and
the offset after (seconds east of UTC)."""


def _seconds(text: str) -> int:
    """``[+-]hh[:mm[:ss]]`` as seconds."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _day_of_year(spec: str, year: int) -> int:
    """Days after 1 January of ``year`` on which a POSIX rule date falls."""
    if spec.startswith("J"):  # 1–365, 29 February never counted
        day = int(spec[1:])
        return day - 1 + (1 if calendar.isleap(year) and day >= 60 else 0)  # noqa: PLR2004 - 1 March
    if spec.startswith("M"):
        month, week, weekday = (int(part) for part in spec[1:].split("."))
        first = date(year, month, 1).toordinal()
        following = date(year + month // 12, month % 12 + 1, 1).toordinal()
        # POSIX weekdays count from Sunday = 0; ordinal 1 (0001-01-01) is a Monday
        day = first + (weekday - first % _WEEK_DAYS) % _WEEK_DAYS + (week - 1) * _WEEK_DAYS
        while day >= following:  # week 5 means the last such weekday of the month
            day -= _WEEK_DAYS
        return day - date(year, 1, 1).toordinal()
    return int(spec)  # 0–365, 29 February counted


@attrs.frozen
class Rule:
    """A POSIX TZ rule: standard and daylight offsets (seconds east of UTC) and when each starts.

    ``transitions(year)`` gives the year's two changes in time order, each as a
    :data:`Transition`; a rule without daylight saving has none.
    """

    std: int
    dst: int | None = None
    start: str = ""
    start_time: int = _DEFAULT_TIME
    end: str = ""
    end_time: int = _DEFAULT_TIME

    @classmethod
    def parse(cls, text: str) -> Rule | None:
        """The rule of a TZif footer; ``None`` when it is not one this module understands.

        Examples:
            >>> Rule.parse("CET-1CEST,M3.5.0,M10.5.0/3")
            Rule(std=3600, dst=7200, start='M3.5.0', start_time=7200, end='M10.5.0', \
end_time=10800)
            >>> Rule.parse("<+0545>-5:45")
            Rule(std=20700, dst=None, start='', start_time=7200, end='', end_time=7200)
        """
        match = _POSIX.fullmatch(text)
        if match is None:
            return None
        std = -_seconds(match["std_off"])
        if match["dst"] is None:
            return cls(std=std)
        if match["start"] is None:
            return None  # daylight saving with no rule: zoneinfo refuses such a zone too
        dst = -_seconds(match["dst_off"]) if match["dst_off"] else std + 3600
        return cls(
            std=std,
            dst=dst,
            start=match["start"],
            start_time=_seconds(match["start_time"]) if match["start_time"] else _DEFAULT_TIME,
            end=match["end"],
            end_time=_seconds(match["end_time"]) if match["end_time"] else _DEFAULT_TIME,
        )

    def transitions(self, year: int) -> tuple[Transition, ...]:
        """``year``'s changes: daylight saving starts (given in standard time) and ends."""
        if self.dst is None:
            return ()
        return _transitions(self, year)


@functools.lru_cache(maxsize=4096)
def _transitions(rule: Rule, year: int) -> tuple[Transition, ...]:
    # every window of days asks for the years around it: the same few years, again and again
    dst = rule.dst if rule.dst is not None else rule.std
    new_year = (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * _DAY
    begin = new_year + _day_of_year(rule.start, year) * _DAY + rule.start_time - rule.std
    finish = new_year + _day_of_year(rule.end, year) * _DAY + rule.end_time - dst
    return tuple(sorted(((begin, rule.std, dst), (finish, dst, rule.std))))


@attrs.frozen(slots=False)  # a cached property needs a __dict__
class ZoneFacts:
    """A zone's explicit transitions (ascending) and the rule that follows them.

    ``regular_from`` is the first UTC year from which every transition is the rule's own, so
    the zone repeats itself every 400 Gregorian years from then on; before its first explicit
    transition a zone keeps one offset (``zoneinfo`` uses local time type 0 there).
    """

    explicit: tuple[Transition, ...]
    rule: Rule | None
    regular_from: int

    @functools.cached_property
    def instants(self) -> tuple[int, ...]:
        """The explicit transitions' instants, for bisecting."""
        return tuple(instant for instant, _, _ in self.explicit)

    @property
    def first_year(self) -> int | None:
        """The UTC year of the first explicit transition (``None`` when there is none)."""
        return _year_of(self.explicit[0][0]) if self.explicit else None

    def between(self, low: int, high: int) -> list[Transition]:
        """Every transition at an instant ``t`` with ``low <= t < high`` (UTC seconds)."""
        instants = self.instants
        found = list(self.explicit[bisect_left(instants, low) : bisect_left(instants, high)])
        if self.rule is None or self.rule.dst is None:
            return found
        last = instants[-1] if instants else None
        for year in range(max(_year_of(low) - 1, 1), min(_year_of(high) + 1, _LAST_YEAR) + 1):
            found.extend(
                change
                for change in self.rule.transitions(year)
                if low <= change[0] < high and (last is None or change[0] > last)
            )
        return sorted(found)


def _year_of(seconds: int) -> int:
    """The UTC year of an instant, give or take one at a year's edge (callers keep a margin)."""
    return min(max(int(1970 + seconds // _DAY // 365.2425), 1), _LAST_YEAR)


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None).isoformat()


def _tzif_bytes(key: str) -> bytes | None:
    # The same search as zoneinfo: the TZPATH directories first, then the tzdata package.
    if ".." in key.split("/") or key.startswith("/"):
        return None
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            try:
                return path.read_bytes()
            except OSError:
                return None
    package, _, resource = f"tzdata.zoneinfo.{key.replace('/', '.')}".rpartition(".")
    try:
        return importlib.resources.files(package).joinpath(resource).read_bytes()
    except (ImportError, OSError, ValueError):
        return None


def _parse_tzif(data: bytes) -> tuple[tuple[Transition, ...], str] | None:
    """The instants where the UTC offset changes, and the footer, of a TZif file.

    Transitions that change only the abbreviation or the daylight flag are left out (zic
    writes one at 2038-01-19 for 32-bit readers); the offset before the first transition is
    that of local time type 0 (RFC 8536 section 3.2).
    """
    if len(data) < _HEADER.size or data[:4] != b"TZif":
        return None
    magic, version, *counts = _HEADER.unpack_from(data)
    isut, isstd, leap, times, types, chars = counts
    width, start, footer = 4, _HEADER.size, False
    if version != b"\x00":  # version 2+: skip the 32-bit block, read the 64-bit one
        skip = _HEADER.size + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
        if data[skip : skip + 4] != magic:
            return None
        _, _, *counts = _HEADER.unpack_from(data, skip)
        isut, isstd, leap, times, types, chars = counts
        width, start, footer = 8, skip + _HEADER.size, True
    instants = struct.unpack_from(f">{times}{'q' if width == 8 else 'l'}", data, start)  # noqa: PLR2004
    indices = data[start + width * times : start + (width + 1) * times]
    info_at = start + (width + 1) * times
    offsets = [struct.unpack_from(">l", data, info_at + 6 * n)[0] for n in range(types)]
    changes: list[Transition] = []
    current = offsets[0] if offsets else 0
    for instant, index in zip(instants, indices, strict=True):
        if index < len(offsets) and offsets[index] != current:
            changes.append((instant, current, offsets[index]))
            current = offsets[index]
    tail = info_at + types * 6 + chars + leap * (width + 4) + isstd + isut
    text = data[tail:].strip(b"\n").decode("ascii", "replace") if footer else ""
    return tuple(changes), text


@functools.cache
def zone_facts(key: str) -> ZoneFacts | None:
    """The transitions of the zone ``key``, or ``None`` if its TZif data cannot be read."""
    data = _tzif_bytes(key)
    parsed = _parse_tzif(data) if data is not None else None
    if parsed is None:
        return None
    explicit, footer = parsed
    rule = Rule.parse(footer) if footer else None
    if footer and rule is None:
        return None
    # Walk back over the explicit transitions that the rule would have made anyway: from
    # there on the zone is the rule alone (zic writes them out to 2037 for old readers).
    tail = len(explicit)
    while tail and rule is not None and _is_rule_transition(rule, explicit[tail - 1]):
        tail -= 1
    if tail:  # the last transition the rule does not explain
        regular_from = _year_of(explicit[tail - 1][0]) + 2
    elif explicit:  # the rule from the first transition on; one offset before it
        regular_from = _year_of(explicit[0][0]) + 2
    else:  # the rule alone, at every instant
        regular_from = 1
    return ZoneFacts(explicit=tuple(explicit), rule=rule, regular_from=regular_from)


def _is_rule_transition(rule: Rule, change: Transition) -> bool:
    year = _year_of(change[0])
    return any(
        change in rule.transitions(y) for y in (year - 1, year, year + 1) if 1 <= y <= _LAST_YEAR
    )
