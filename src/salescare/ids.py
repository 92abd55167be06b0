"""Identifier formats of the manuals: parsed strictly, formatted canonically, allocated in order.

Numbered documents (RULES TK-1, FB-1, HO-6, 000 §4.1) share one shape, a two- or three-letter
prefix, the date as ``YYYYMMDD`` and a three-digit daily serial:

========================  ==========  ==================
kind                      class       example
========================  ==========  ==================
customer number (客户编号)  CustomerNo  ``CUS20240515001``
ticket number (问题编号)    TicketNo    ``FW20240515001``
feedback number (反馈编号)  FeedbackNo  ``FK20240516001``
contract number (合同编号)  ContractNo  ``HT20240515001``
========================  ==========  ==================

Customer codes (RULES LD-6) are ``region-industry-year-serial`` (``HZ-IT-2024-001``) and staff
numbers are a department letter and four digits (``S0123`` sales, ``A0045`` after-sales,
``P0032`` product).

Examples:
    >>> from salescare.ids import TicketNo
    >>> t = TicketNo.parse("FW20240515001")
    >>> t.day, t.serial, str(t)
    (datetime.date(2024, 5, 15), 1, 'FW20240515001')
    >>> str(TicketNo.next_after(t))
    'FW20240515002'
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any, ClassVar, Self

import attrs

from salescare._hypothesis_plugin import announce
from salescare.errors import SerialOverflowError, ValidationError, WrongTypeError
from salescare.i18n import tr

__all__ = [
    "ContractNo",
    "CustomerCode",
    "CustomerId",
    "CustomerNo",
    "FeedbackNo",
    "StaffNo",
    "TicketNo",
    "parse_customer_id",
]


@functools.cache
def _dated_pattern(prefix: str, digits: int) -> re.Pattern[str]:
    return re.compile(rf"{prefix}(\d{{4}})(\d{{2}})(\d{{2}})(\d{{{digits}}})")


# every identifier that does not read is reported with one machine code
_invalid = functools.partial(ValidationError, code="bad_identifier")


def _text_field() -> Any:
    # An identifier's text, kept once known (read from canonical text, or first written):
    # writing records asks for it on every identifier, and formatting a date costs more than
    # the rest of the identifier. Not part of equality, order, hash or repr.
    return attrs.field(default=None, init=False, eq=False, order=False, hash=False, repr=False)


class _KeptText:
    """An identifier written as text: formatted once, then kept in its ``_text`` field."""

    __slots__ = ()
    _text: str | None

    def __str__(self) -> str:
        text = self._text
        if text is None:
            text = self._format()
            object.__setattr__(self, "_text", text)
        return text

    def _format(self) -> str:
        raise NotImplementedError


def _keep_text(identifier: Any, text: str) -> Any:
    if text.isascii():  # other digits read as numbers (``\d``) are written as ASCII
        object.__setattr__(identifier, "_text", text)
    return identifier


def _require_str(cls: Any, value: object) -> str:
    if not isinstance(value, str):
        raise WrongTypeError(
            (cls.__name__,),
            value,
            tr("is not a {name} string", name=cls.__name__),
            cls.example_text(),
        )
    return value.strip()


@attrs.frozen(order=True)
class _DatedNumber(_KeptText):
    """Prefix + ``YYYYMMDD`` + three-digit serial; subclasses set the prefix."""

    PREFIX: ClassVar[str] = ""
    NOUN: ClassVar[str] = ""
    DIGITS: ClassVar[int] = 3

    day: date
    serial: int
    _text: str | None = _text_field()

    def __attrs_post_init__(self) -> None:
        name = type(self).__name__
        if type(self.day) is not date:
            raise WrongTypeError(
                (name, "day"), self.day, tr("is not a date"), tr("a datetime.date")
            )
        if type(self.serial) is not int or not 1 <= self.serial < 10**self.DIGITS:
            raise _invalid(
                (name, "serial"),
                self.serial,
                tr("is not a valid serial"),
                tr("an integer from 1 to {value}", value=10**self.DIGITS - 1),
            )

    @classmethod
    def example_text(cls) -> str:
        """What a valid number looks like, for error messages."""
        return tr(
            "{PREFIX} + YYYYMMDD + {DIGITS}-digit serial, e.g. {PREFIX}20240515001",
            PREFIX=cls.PREFIX,
            DIGITS=cls.DIGITS,
        )

    @classmethod
    def parse(cls, text: Any) -> Self:
        """Read a number from its canonical text; anything else raises ``ValidationError``."""
        if isinstance(text, cls):
            return text
        raw = _require_str(cls, text)
        match = cls._pattern().fullmatch(raw)
        if match is None:
            raise _invalid(
                (cls.__name__,), text, tr("is not a {NOUN}", NOUN=cls.NOUN), cls.example_text()
            )
        year, month, day, serial = match.groups()
        try:
            when = date(int(year), int(month), int(day))
        except ValueError:
            raise _invalid(
                (cls.__name__,),
                text,
                tr(
                    "is not a {NOUN}: {year}-{month}-{day} is not a calendar date",
                    NOUN=cls.NOUN,
                    year=year,
                    month=month,
                    day=day,
                ),
                cls.example_text(),
            ) from None
        if int(serial) == 0:
            raise _invalid(
                (cls.__name__,),
                text,
                tr("is not a {NOUN}: serials start at 1", NOUN=cls.NOUN),
                cls.example_text(),
            )
        return _keep_text(cls(day=when, serial=int(serial)), raw)  # type: ignore[no-any-return]

    @classmethod
    def _pattern(cls) -> re.Pattern[str]:
        return _dated_pattern(cls.PREFIX, cls.DIGITS)

    @classmethod
    def first_of(cls, day: date) -> Self:
        """The first number of ``day`` (serial 1).

        Examples:
            >>> str(ContractNo.first_of(date(2024, 5, 15)))
            'HT20240515001'
        """
        return cls(day=day, serial=1)

    @classmethod
    def next_after(cls, previous: Self, *, on: date | None = None) -> Self:
        """The number allocated after ``previous``.

        With ``on`` (the day of the new document), a later day starts again at serial 1;
        ``on`` earlier than ``previous`` is refused, since numbers are never reused.

        Examples:
            >>> prev = FeedbackNo.parse("FK20240516007")
            >>> (
            ...     str(FeedbackNo.next_after(prev)),
            ...     str(FeedbackNo.next_after(prev, on=date(2024, 5, 17))),
            ... )
            ('FK20240516008', 'FK20240517001')
        """
        if on is not None and on != previous.day:
            if on < previous.day:
                raise _invalid(
                    (cls.__name__, "day"),
                    on,
                    tr("is before the previous number {previous}", previous=previous),
                    tr("a day on or after the previous number's day (numbers are never reused)"),
                )
            return cls.first_of(on)
        serial = previous.serial + 1
        if serial >= 10**cls.DIGITS:
            raise SerialOverflowError(
                (cls.__name__, "serial"),
                serial,
                tr("does not fit in {DIGITS} digits", DIGITS=cls.DIGITS),
                tr("at most {value} numbers per day", value=10**cls.DIGITS - 1),
                tr("Allocate on the next day or widen the serial"),
            )
        return cls(day=previous.day, serial=serial)

    def _format(self) -> str:
        return f"{self.PREFIX}{self.day:%Y%m%d}{self.serial:0{self.DIGITS}d}"


@attrs.frozen(order=True)
class CustomerNo(_DatedNumber):
    """A customer number ``CUS`` + date + serial (000 §4.1, field 1).

    Examples:
        >>> CustomerNo.parse("CUS20240515001")
        CustomerNo(day=datetime.date(2024, 5, 15), serial=1)
    """

    PREFIX: ClassVar[str] = "CUS"
    NOUN: ClassVar[str] = tr("customer number")


@attrs.frozen(order=True)
class TicketNo(_DatedNumber):
    """An after-sales ticket number ``FW`` + date + serial (RULES TK-1).

    Examples:
        >>> TicketNo.parse("FW20240230001")
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: TicketNo: 'FW20240230001' is not a ticket number: \
2024-02-30 is not a calendar date; expected FW + YYYYMMDD + 3-digit serial, e.g. FW20240515001
    """

    PREFIX: ClassVar[str] = "FW"
    NOUN: ClassVar[str] = tr("ticket number")


@attrs.frozen(order=True)
class FeedbackNo(_DatedNumber):
    """A customer-feedback number ``FK`` + date + serial (RULES FB-1).

    Examples:
        >>> str(FeedbackNo.first_of(date(2024, 5, 16)))
        'FK20240516001'
    """

    PREFIX: ClassVar[str] = "FK"
    NOUN: ClassVar[str] = tr("feedback number")


@attrs.frozen(order=True)
class ContractNo(_DatedNumber):
    """A contract number ``HT`` + date + serial (000 §4.1, field 6).

    Examples:
        >>> ContractNo.parse("HT20240515001").day
        datetime.date(2024, 5, 15)
    """

    PREFIX: ClassVar[str] = "HT"
    NOUN: ClassVar[str] = tr("contract number")


_REGION = r"[A-Z]{2,4}"
_INDUSTRY = r"[A-Z0-9]{2,6}"
_CODE = re.compile(rf"({_REGION})-({_INDUSTRY})-(\d{{4}})-(\d{{3,}})")
_REGION_RE = re.compile(_REGION)
_INDUSTRY_RE = re.compile(_INDUSTRY)
_DEPARTMENT_RE = re.compile("[A-Z]")


@attrs.frozen(order=True)
class CustomerCode(_KeptText):
    """A customer code: region + industry + year + serial, e.g. ``HZ-IT-2024-001`` (RULES LD-6).

    Region is 2–4 capital letters, industry 2–6 capitals or digits, the year four digits and
    the serial at least three digits (zero-padded to three; longer serials are kept as given).
    Codes are unique and never reused: :meth:`next_after` only counts up.

    Examples:
        >>> code = CustomerCode.parse("HZ-IT-2024-001")
        >>> code.region, code.industry, code.year, code.serial
        ('HZ', 'IT', 2024, 1)
        >>> str(CustomerCode.next_after(code))
        'HZ-IT-2024-002'
        >>> str(CustomerCode.first_of("SH", "MFG", 2025))
        'SH-MFG-2025-001'
    """

    region: str
    industry: str
    year: int
    serial: int
    _text: str | None = _text_field()

    def __attrs_post_init__(self) -> None:
        checks = (
            (
                "region",
                self.region,
                isinstance(self.region, str) and _REGION_RE.fullmatch(self.region),
                tr("2–4 capital letters"),
            ),
            (
                "industry",
                self.industry,
                isinstance(self.industry, str) and _INDUSTRY_RE.fullmatch(self.industry),
                tr("2–6 capital letters or digits"),
            ),
            (
                "year",
                self.year,
                type(self.year) is int and 1000 <= self.year <= 9999,  # noqa: PLR2004
                tr("a four-digit year"),
            ),
        )
        for name, value, ok, expected in checks:
            if not ok:
                raise _invalid(
                    ("CustomerCode", name), value, tr("is not valid in a customer code"), expected
                )
        if type(self.serial) is not int or self.serial < 1:
            raise _invalid(
                ("CustomerCode", "serial"),
                self.serial,
                tr("is not a valid serial"),
                tr("an integer >= 1"),
            )

    @staticmethod
    def example_text() -> str:
        """What a valid code looks like, for error messages."""
        return tr("REGION-INDUSTRY-YYYY-NNN in capitals, e.g. HZ-IT-2024-001")

    @classmethod
    def parse(cls, text: Any) -> CustomerCode:
        """Read a code from its text."""
        if isinstance(text, cls):
            return text
        raw = _require_str(cls, text)
        match = _CODE.fullmatch(raw)
        if match is None:
            raise _invalid(
                ("CustomerCode",), text, tr("is not a customer code"), cls.example_text()
            )
        region, industry, year, serial = match.groups()
        if int(serial) == 0:
            raise _invalid(
                ("CustomerCode",),
                text,
                tr("is not a customer code: serials start at 1"),
                cls.example_text(),
            )
        if len(serial) > 3 and serial.startswith("0"):  # noqa: PLR2004 - canonical width
            raise _invalid(
                ("CustomerCode",),
                text,
                tr(
                    "is not a canonical customer code: a serial over three digits has no "
                    "leading zero"
                ),
                cls.example_text(),
            )
        return cls(region=region, industry=industry, year=int(year), serial=int(serial))

    @classmethod
    def first_of(cls, region: str, industry: str, year: int) -> CustomerCode:
        """The first code of a region, industry and year."""
        return cls(region=region, industry=industry, year=year, serial=1)

    @classmethod
    def next_after(cls, previous: CustomerCode) -> CustomerCode:
        """The code allocated after ``previous`` in the same region, industry and year."""
        return attrs.evolve(previous, serial=previous.serial + 1)

    def _format(self) -> str:
        return f"{self.region}-{self.industry}-{self.year:04d}-{self.serial:03d}"


_STAFF = re.compile(r"([A-Z])(\d{4})")


@attrs.frozen(order=True)
class StaffNo(_KeptText):
    """A staff number: department letter + four digits (``S0123``, ``A0045``, ``P0032``).

    The manuals use ``S`` for sales, ``A`` for after-sales and ``P`` for product; any capital
    letter is accepted so a company's other departments fit.

    Examples:
        >>> s = StaffNo.parse("S0123")
        >>> s.department, s.number, str(StaffNo.next_after(s))
        ('S', 123, 'S0124')
    """

    department: str
    number: int
    _text: str | None = _text_field()

    def __attrs_post_init__(self) -> None:
        if (
            not isinstance(self.department, str)
            or _DEPARTMENT_RE.fullmatch(self.department) is None
            or type(self.number) is not int
            or not 0 <= self.number <= 9999  # noqa: PLR2004 - four digits
        ):
            raise _invalid(
                ("StaffNo",),
                f"{self.department}{self.number}",
                tr("is not a valid staff number"),
                self.example_text(),
            )

    @staticmethod
    def example_text() -> str:
        """What a valid staff number looks like, for error messages."""
        return tr("a capital letter and four digits, e.g. S0123")

    @classmethod
    def parse(cls, text: Any) -> StaffNo:
        """Read a staff number from its text."""
        if isinstance(text, cls):
            return text
        raw = _require_str(cls, text)
        match = _STAFF.fullmatch(raw)
        if match is None:
            raise _invalid(("StaffNo",), text, tr("is not a staff number"), cls.example_text())
        return _keep_text(cls(department=match[1], number=int(match[2])), raw)  # type: ignore[no-any-return]

    @classmethod
    def first_of(cls, department: str) -> StaffNo:
        """The first number of a department (``0001``)."""
        return cls(department=department, number=1)

    @classmethod
    def next_after(cls, previous: StaffNo) -> StaffNo:
        """The number allocated after ``previous`` in the same department."""
        if previous.number >= 9999:  # noqa: PLR2004 - four digits
            raise SerialOverflowError(
                ("StaffNo", "number"),
                previous.number + 1,
                tr("does not fit in 4 digits"),
                tr("at most 9999 staff numbers per department letter"),
                tr("Use another department letter"),
            )
        return cls(department=previous.department, number=previous.number + 1)

    def _format(self) -> str:
        return f"{self.department}{self.number:04d}"


CustomerId = CustomerNo | CustomerCode
"""A customer is identified by either scheme (RULES LD-6 supports both)."""


def parse_customer_id(text: Any) -> CustomerNo | CustomerCode:
    """Read a customer identifier in either scheme.

    Examples:
        >>> parse_customer_id("CUS20240515001")
        CustomerNo(day=datetime.date(2024, 5, 15), serial=1)
        >>> parse_customer_id("HZ-IT-2024-001")
        CustomerCode(region='HZ', industry='IT', year=2024, serial=1)
        >>> parse_customer_id("CUS-IT-2024-001").region
        'CUS'
    """
    if isinstance(text, CustomerNo | CustomerCode):
        return text
    raw = _require_str(CustomerNo, text)
    # a code's region may itself be "CUS" (CUS-IT-2024-001): the dashes tell the schemes apart
    if _CODE.fullmatch(raw):
        return CustomerCode.parse(raw)
    if raw.startswith(CustomerNo.PREFIX):
        return CustomerNo.parse(raw)
    raise _invalid(
        ("CustomerId",),
        text,
        tr("is not a customer identifier"),
        tr("a customer number like CUS20240515001 or a customer code like HZ-IT-2024-001"),
    )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
