"""The fuzz suite's shared settings."""

import pytest


def pytest_collection_modifyitems(items):
    # A megabyte of junk makes Hypothesis warn that the example's repr is large; that is
    # about reporting, not about the library under test.
    for item in items:
        item.add_marker(pytest.mark.filterwarnings("ignore:Generating overly large repr"))
