"""Junk for the fuzz suite, and the harness every fuzzed call goes through.

``junk()`` draws what an adversary, a broken export or a careless caller hands over: wrong
types, ``None``, NaN and infinities, huge and negative numbers, naive datetimes and far years,
empty and megabyte strings, full-width digits, look-alike letters, nested containers.
``safely(call, ...)`` runs one public entry point and asserts the library's promises: only a
``SalescareError`` escapes, no call takes a second, and a refused call changes nothing it was
given.
"""

import gc
import time
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from salescare.errors import SalescareError

MEGABYTE = "界" * 1_000_000
LIMIT_SECONDS = 1.0

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "   ",
            "None",
            "null",
            "NaN",
            "-inf",
            "１２３",  # full-width digits
            "５",
            "²",  # a digit to isdigit(), not to int()
            "ЅО123",  # Cyrillic look-alikes of S, O
            "FW2024０515001",
            "S0123\x00",
            "\u202eS0123",
            "=1+2",
            "9" * 5000,
            "2024-13-45T25:61:00+08:00",
            "2024-05-15T09:00:00",
            "L4",
            "紧急",
            "已關閉",
            "HZ-IT-2024-000",
            "CUS20240230001",
        ]
    ),
    st.builds(lambda: MEGABYTE),  # built, not listed: Hypothesis would print it whole
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 5, 6, 2**63, -(2**63)]),
    st.builds(lambda: 10**5000),  # more digits than int() reads back from text
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"), Decimal("1E+999999"), -0.0]
    ),
    st.booleans(),
    st.complex_numbers(max_magnitude=10),
)
moments = st.one_of(
    st.datetimes(),  # naive
    st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("America/New_York")])),
    st.sampled_from(
        [
            datetime.min,  # noqa: DTZ901 - naive on purpose: junk
            datetime.max,  # noqa: DTZ901
            datetime.min.replace(tzinfo=UTC),
            datetime.max.replace(tzinfo=UTC),
            datetime(9998, 12, 31, 23, 59, tzinfo=UTC),
            datetime(1, 1, 2, tzinfo=timezone(timedelta(hours=14))),
            datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
            datetime(2024, 3, 10, 2, 30, tzinfo=ZoneInfo("America/New_York")),
        ]
    ),
    st.dates(),
    st.sampled_from([timedelta.max, timedelta.min, timedelta(0), timedelta(days=-1)]),
    st.timedeltas(),
    st.times(),
)
scalars = st.one_of(st.none(), texts, numbers, moments, st.binary(max_size=20))


def _containers(children):
    return st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(texts, children, max_size=4),
        st.frozensets(st.integers(), max_size=3),
    )


def junk():
    """Anything at all, nested a little; and, sometimes, a very deep nest."""
    return st.one_of(
        st.recursive(scalars, _containers, max_leaves=8),
        st.just([[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]),
        st.just(object()),
        st.just(st),  # a module
        st.just(print),  # a function
    )


def safely(call, *args, **kwargs):
    """Run ``call``; only a SalescareError may escape, within a second, changing nothing."""
    before = _snapshot((args, kwargs))
    # CPU time of this thread, the collector paused: what the call itself costs, whatever
    # else the machine (or Hypothesis's own heap) is doing
    gc.disable()
    started = time.thread_time()
    try:
        result = call(*args, **kwargs)
    except SalescareError as error:
        str(error)  # the message can always be built
        repr(error)
        assert _snapshot((args, kwargs)) == before, "a refused call changed its input"
        result = error
    finally:
        elapsed = time.thread_time() - started
        gc.enable()
        assert elapsed < LIMIT_SECONDS, f"{call.__qualname__} took {elapsed:.2f} s"
    return result


def _snapshot(value):
    # repr shows every change to a container; records are immutable anyway
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 - a value whose repr fails is compared by type
        return type(value).__name__


def today():
    return date(2024, 5, 15)
