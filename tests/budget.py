"""How many examples a slow test runs: a share of the profile's, so every profile scales it.

The whole suite must run in three minutes on two cores, and ``FAST=1`` in one. A slow
property test takes a share of the profile's examples instead of a fixed number, so the
fast profile shortens it too and ``--hypothesis-profile=fuzz`` lengthens it.
"""

from typing import Any

from hypothesis import settings


def share(fraction: float, **more: Any) -> settings:
    """Settings for ``fraction`` of the current profile's examples (at least one)."""
    examples = max(1, int(settings.default.max_examples * fraction))
    return settings(max_examples=examples, **more)


def fuzz_share() -> settings:
    """The fuzz suite's budget: a quarter of the profile's, all of it in the fuzz profile."""
    full = settings.get_current_profile_name() == "fuzz"
    return share(1.0 if full else 0.25)
