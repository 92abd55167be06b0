"""Follow-up cadence: how often each tier of customer must (and may) be contacted.

Three named presets, none of them "the" cadence (the project's ruling on RULES FU-5):
:data:`SALES_ABCD` (002 step 3: GR-6 and FU-3), :data:`SERVICE_ABC` (004: A weekly, B every
two weeks, C monthly) and :data:`REVISIT_TIERS` (001 RV-3: VIP 1–2 a month, normal 1 a
quarter). :func:`check_cadence` checks one customer's contacts against a tier: when the next
contact is due, whether it is overdue, and every violation (neglect, over-contact, below a
monthly or quarterly minimum) with its rule ID, its window and the contacts that caused it.
Months and quarters are calendar periods in the customer's time zone, not 30-day blocks.
:func:`follow_up_plan` adds what a deal's stage, a pause or a delivery demands (FU-1, FU-2,
FU-4, DV-3, DV-4).

The package holds the policies and presets (:mod:`~salescare.cadence.policies`, read from
``salescare/data/cadences.toml``), the cadence check (:mod:`~salescare.cadence.checks`), contact
slots and revisit lengths (:mod:`~salescare.cadence.slots`) and stage-driven follow-up
(:mod:`~salescare.cadence.stages`).

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> sh = ZoneInfo("Asia/Shanghai")
    >>> contacts = [datetime(2024, 5, d, 10, 0, tzinfo=sh) for d in (2, 9, 20)]
    >>> as_of = datetime(2024, 5, 31, tzinfo=sh)
    >>> result = check_cadence(contacts, "D", policy=SALES_ABCD, as_of=as_of)
    >>> [(v.kind, v.rule) for v in result.violations]
    [('over_contact', 'GR-6 FU-3')]
    >>> print(result.violations[0].message)
    3 contacts in 2024-05, more than 2 allowed for tier D (GR-6 FU-3)
"""

from salescare.cadence.checks import (
    CadenceCheck,
    Violation,
    check_cadence,
)
from salescare.cadence.policies import (
    REVISIT_TIERS,
    SALES_ABCD,
    SERVICE_ABC,
    Cadence,
    CadencePolicy,
)
from salescare.cadence.slots import (
    revisit_length_warnings,
    suggest_slot,
)
from salescare.cadence.stages import (
    DEFAULT_STAGES,
    SERVICE_STAGES,
    FollowUpPlan,
    StageDue,
    StagePolicy,
    follow_up_plan,
)

__all__ = [
    "DEFAULT_STAGES",
    "REVISIT_TIERS",
    "SALES_ABCD",
    "SERVICE_ABC",
    "SERVICE_STAGES",
    "Cadence",
    "CadenceCheck",
    "CadencePolicy",
    "FollowUpPlan",
    "StageDue",
    "StagePolicy",
    "Violation",
    "check_cadence",
    "follow_up_plan",
    "revisit_length_warnings",
    "suggest_slot",
]
