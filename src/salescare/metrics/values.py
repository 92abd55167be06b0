"""What KPIs return and the periods they cover: ratios, means, distributions, quarters.

A rate is a :class:`Ratio` (numerator, denominator and the value, which is ``None`` for an
empty denominator — never a made-up 0); a mean is a :class:`Mean` (count and value, ``None``
when empty); a distribution is a :class:`Distribution`.

Examples:
    >>> print(quarter(2024, 2).start.isoformat())
    2024-04-01T00:00:00+08:00
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import (
    zone,
)
from salescare._edge import check_fields, edge
from salescare.errors import NaiveDatetimeError, ValidationError
from salescare.i18n import tr

__all__ = ["Distribution", "Mean", "Period", "Ratio", "quarter"]

_RATE_PLACES = Decimal("0.0001")
_MEAN_PLACES = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


def _rounded(value: Fraction, places: Decimal) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(places, rounding=ROUND_HALF_EVEN)


@attrs.frozen(kw_only=True)
class Ratio:
    """A rate: how many of how many. ``value`` is ``None`` when nothing was counted.

    ``value`` is rounded half-to-even to four places (``0.6667``); ``exact`` is the fraction.
    """

    what: str
    rule: str
    numerator: int
    denominator: int

    @property
    def exact(self) -> Fraction | None:
        """The rate as an exact fraction, ``None`` for an empty denominator."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def value(self) -> Decimal | None:
        """The rate rounded to four places, ``None`` for an empty denominator."""
        exact = self.exact
        return None if exact is None else _rounded(exact, _RATE_PLACES)

    def __str__(self) -> str:
        exact = self.exact
        shown = tr("n/a") if exact is None else f"{_rounded(exact * 100, _MEAN_PLACES)} %"
        return tr(
            "{what}: {numerator}/{denominator} = {shown} ({rule})",
            what=self.what,
            numerator=self.numerator,
            denominator=self.denominator,
            shown=shown,
            rule=self.rule,
        )


@attrs.frozen(kw_only=True)
class Mean:
    """An average: how many values and their mean (``None`` when there were none)."""

    what: str
    rule: str
    count: int
    total: Fraction = Fraction(0)

    @property
    def value(self) -> Decimal | None:
        """The mean rounded to two places, ``None`` when empty."""
        return _rounded(self.total / self.count, _MEAN_PLACES) if self.count else None

    def __str__(self) -> str:
        shown = tr("n/a") if self.value is None else str(self.value)
        return tr(
            "{what}: {shown} over {count} ({rule})",
            what=self.what,
            shown=shown,
            count=self.count,
            rule=self.rule,
        )


@attrs.frozen(kw_only=True)
class Distribution(Generic[K]):
    """How many records fall in each class; ``share`` gives a class's :class:`Ratio`."""

    what: str
    rule: str
    counts: Mapping[K, int]

    @property
    def total(self) -> int:
        """How many records were classified."""
        return sum(self.counts.values())

    def share(self, key: K) -> Ratio:
        """The share of ``key`` among all classified records."""
        return Ratio(
            what=tr("{what}: {key}", what=self.what, key=key),
            rule=self.rule,
            numerator=self.counts.get(key, 0),
            denominator=self.total,
        )


@attrs.frozen
class Period:
    """A half-open span of time ``[start, end)``; both ends timezone-aware."""

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        for name in ("start", "end"):
            moment = getattr(self, name)
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise NaiveDatetimeError.for_field(("Period", name), moment)
        if self.end <= self.start:
            raise ValidationError(
                ("Period", "end"),
                self.end,
                tr("is not after start {start}", start=self.start),
                tr("end > start"),
            )

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


_FIRST_YEAR = 1
_LAST_YEAR = 9998  # the quarter's end must still be a datetime


@edge
def quarter(year: int, number: int, *, tz: str = "Asia/Shanghai") -> Period:
    """Calendar quarter ``number`` (1–4) of ``year`` in the zone ``tz``.

    Examples:
        >>> q = quarter(2024, 2)
        >>> q.start.isoformat(), q.end.isoformat()
        ('2024-04-01T00:00:00+08:00', '2024-07-01T00:00:00+08:00')
    """
    if type(year) is not int or not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValidationError(
            ("quarter", "year"),
            year,
            tr("is not a year"),
            tr("an int {FIRST_YEAR}–{LAST_YEAR}", FIRST_YEAR=_FIRST_YEAR, LAST_YEAR=_LAST_YEAR),
        )
    if type(number) is not int or not 1 <= number <= 4:  # noqa: PLR2004 - four quarters
        raise ValidationError(("quarter", "number"), number, tr("is not a quarter"), "1–4")
    start = datetime(year, 3 * number - 2, 1, tzinfo=zone(tz, ("quarter", "tz")))
    return Period(start, start + relativedelta(months=3))


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Elapsed time between two instants.

    Python subtracts two times of different zones through UTC, and two of one fixed offset by
    their wall clocks, both exact; two of one zone with daylight saving by their wall clocks,
    which is wrong across a change (PEP 495): those go through UTC.
    """
    zone = start.tzinfo
    if zone is not end.tzinfo or type(zone) is timezone:
        return end - start
    return end.astimezone(UTC) - start.astimezone(UTC)


def _within(moment: datetime | None, period: Period | None) -> bool:
    return moment is not None and (period is None or moment in period)
