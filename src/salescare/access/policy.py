"""Access policies: how far each right reaches for each role, and the decisions they give.

Examples:
    >>> from salescare.models import Role
    >>> DEFAULT_ACCESS.scope("view", Role.SALES_SUPERVISOR)
    'team'
    >>> DEFAULT_ACCESS.scope("money", Role.ENGINEER)
    'none'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from salescare._edge import check_fields
from salescare._hypothesis_plugin import announce
from salescare.errors import PolicyError
from salescare.i18n import tr
from salescare.models import Role

__all__ = [
    "AFTER_SALES_ROLES",
    "DEFAULT_ACCESS",
    "SALES_ROLES",
    "AccessDecision",
    "AccessPolicy",
    "Right",
    "Scope",
]

Scope = Literal["none", "own", "team", "handed_over", "all"]
Right = Literal["view", "edit", "contact_details", "money"]

_SCOPES: tuple[Scope, ...] = ("none", "own", "team", "handed_over", "all")
_RIGHTS: tuple[Right, ...] = ("view", "edit", "contact_details", "money")


@attrs.frozen(kw_only=True)
class AccessDecision:
    """An access decision: allowed or not, why, and the rule behind it. Truthy when allowed.

    (Formerly ``Decision``: the old name still works, with a warning, for one release.)

    Examples:
        >>> d = AccessDecision(allowed=False, reason="not the owner")
        >>> bool(d), str(d)
        (False, 'denied: not the owner (CX-2)')
    """

    allowed: bool
    reason: str
    rule: str = "CX-2"

    def __bool__(self) -> bool:
        return self.allowed

    def __str__(self) -> str:
        return f"{'allowed' if self.allowed else 'denied'}: {self.reason} ({self.rule})"


SALES_ROLES = frozenset(
    {Role.SALES_REP, Role.ACCOUNT_MANAGER, Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR}
)
AFTER_SALES_ROLES = frozenset(
    {
        Role.ENGINEER,
        Role.SENIOR_ENGINEER,
        Role.JUNIOR_ENGINEER,
        Role.AFTER_SALES_SUPERVISOR,
        Role.AFTER_SALES_DIRECTOR,
        Role.COMPLAINT_HANDLER,
    }
)


@attrs.frozen(kw_only=True)
class AccessPolicy:
    """How far each right reaches for each role; a role missing from a right has none.

    ``rights[right][role]`` is a :data:`Scope`. ``sides`` says which records each side
    (``sales`` or ``after_sales``) may edit; ``shared`` records (the handover, the health
    review) may be edited by both.
    """

    name: str
    rights: Mapping[Right, Mapping[Role, Scope]]

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = [
            tr(
                "{right}: {role} has scope {scope}, not one of {SCOPES}",
                right=right,
                role=role,
                scope=repr(scope),
                SCOPES=", ".join(_SCOPES),
            )
            for right, scopes in self.rights.items()
            for role, scope in scopes.items()
            if scope not in _SCOPES
        ]
        problems += [
            tr("{right} is not a right", right=repr(right))
            for right in self.rights
            if right not in _RIGHTS
        ]
        if problems:
            raise PolicyError(f"AccessPolicy {self.name}", problems)

    def scope(self, right: Right, role: Role) -> Scope:
        """The reach of ``right`` for ``role`` (``none`` when the policy does not say)."""
        return self.rights.get(right, {}).get(role, "none")


def _roles(**scopes: Scope) -> Mapping[Role, Scope]:
    return MappingProxyType({Role.parse(name): scope for name, scope in scopes.items()})


_SALES_OWN: dict[str, Scope] = {
    "sales_rep": "own",
    "account_manager": "own",
    "sales_supervisor": "team",
}

# the people who work a customer, on both sides
_WORKING: dict[str, Scope] = {
    **_SALES_OWN,
    "sales_director": "all",
    "engineer": "own",
    "senior_engineer": "own",
    "junior_engineer": "own",
    "after_sales_supervisor": "handed_over",
    "after_sales_director": "all",
    # the complaint team (CP-5) takes complaints about any handed-over customer
    "complaint_handler": "handed_over",
}

DEFAULT_ACCESS = AccessPolicy(
    name="DEFAULT_ACCESS",
    rights=MappingProxyType(
        {
            "view": _roles(**_WORKING),
            "edit": _roles(**_WORKING),
            "contact_details": _roles(**_WORKING),
            "money": _roles(**_SALES_OWN, sales_director="all", after_sales_director="all"),
        }
    ),
)
"""002 §4's privacy rules (CX-2) with 000's shared access after handover (HO-7).

Sales: a rep or account manager reaches own customers, a supervisor the team's, the director
all. After-sales: an engineer reaches the customers and tickets assigned to them, the
supervisor and the complaint team (CP-5) every handed-over customer, the director all. Money
(budgets, contract and opportunity amounts) stays on the sales side and with the after-sales
director. Product managers, legal and any role not listed reach nothing.
"""


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
