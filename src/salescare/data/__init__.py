"""Data bundled with salescare, read with the standard library only.

Rule tables, the glossary, holidays and the sample book of the demo.

Examples:
    >>> sorted(read_toml("strategies.toml"))
    ['grade', 'health']
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

__all__ = ["read_toml"]


def read_toml(name: str) -> dict[str, Any]:
    """The bundled TOML file ``name``, parsed."""
    return tomllib.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
