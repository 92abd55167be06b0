"""Old names of renamed objects, served for one more release with a visible warning."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from salescare.errors import SalescareDeprecationWarning

__all__ = ["old_names"]


def old_names(module: str, renamed: dict[str, tuple[str, Any]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving the old names in ``renamed`` (old → new name, object).

    Examples:
        >>> getattr_ = old_names("pkg", {"Old": ("New", int)})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     getattr_("Old")
        <class 'int'>
        >>> getattr_("Other")
        Traceback (most recent call last):
        ...
        AttributeError: module 'pkg' has no attribute 'Other'
    """

    def module_getattr(name: str) -> Any:
        if name in renamed:
            new, target = renamed[name]
            warnings.warn(
                f"{module}.{name} is deprecated; use {module}.{new} "
                "(the old name goes in the next release)",
                SalescareDeprecationWarning,
                stacklevel=2,
            )
            return target
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return module_getattr
