"""Hypothesis profiles: the default (also CI's), quick locally with FAST=1, long with fuzz."""

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

# CI runs the README's command: as many examples as the default, so the suite keeps to its
# three minutes; the long runs are the fuzz profile's
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("default", max_examples=100, deadline=timedelta(seconds=2))
settings.register_profile("fast", max_examples=20, deadline=None)
# pytest --hypothesis-profile=fuzz: the long run of the fuzz suite (tests/fuzz), at least
# 10,000 inputs per entry point; every property test runs that long too
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)

if os.environ.get("FAST") == "1":
    settings.load_profile("fast")
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("default")


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch):
    """The command line speaks the environment's language; tests run in English unless set."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
