"""Hypothesis entry point: ``st.from_type(Ticket)`` uses salescare's strategies.

Registration is lazy on both sides, so neither import pays for the other. Hypothesis calls
:func:`_register` while it is itself being imported: it registers the types of the salescare
modules already imported, and marks the plugin active. Each of those modules calls
:func:`announce` when it finishes loading: once the plugin is active, its types are registered
then. Each registration resolves its strategy from :mod:`salescare.testing` on first use.
Nothing here imports Hypothesis or a salescare module at import time.

``st.builds(Ticket, level=st.just(Level.L1))`` works too: Hypothesis infers a record's
required fields from the attrs validators it knows (``instance_of``), and salescare's own
validators (aware datetimes, non-empty text, identifiers) are functions it cannot read. When a
models module is registered, each record's field list as introspection sees it gets an
``instance_of`` check of a per-field marker type that accepts anything, registered with the
strategy salescare draws that field from. The generated ``__init__`` keeps its validators
(nothing is added to the hot path); only ``attrs.fields`` and ``attrs.validate`` see the
addition, which never refuses what the real validator accepted. Required times of one record
are drawn from successive decades, in field order, so a later field (``needed_by``) falls after
an earlier one (``filed_at``).

Examples:
    >>> import hypothesis  # runs _register through the entry point
    >>> from hypothesis import strategies as st
    >>> from salescare.ids import TicketNo
    >>> from salescare import testing
    >>> repr(st.from_type(TicketNo)) == repr(testing.ticket_numbers())
    True
"""

from __future__ import annotations

import importlib
import sys
import typing
import zlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

__all__ = ["announce"]

# module defining the type -> {type name: strategy of salescare.testing}
_STRATEGY_FOR: dict[str, dict[str, str]] = {
    "salescare.models.common": {
        "Contact": "contacts",
        "Actor": "actors",
        "DutyLog": "duty_logs",
    },
    "salescare.models.customers": {
        "Customer": "customers",
        "Lead": "leads",
        "Registration": "registrations",
    },
    "salescare.models.handovers": {"Handover": "handovers", "Departure": "departures"},
    "salescare.models.tickets": {"Ticket": "tickets", "SupportRequest": "support_requests"},
    "salescare.models.feedback": {
        "Feedback": "feedback_items",
        "SatisfactionSurvey": "satisfaction_surveys",
        "Complaint": "complaints",
    },
    "salescare.models.sales": {
        "FollowUp": "follow_ups",
        "Revisit": "revisits",
        "NeedsAnalysis": "needs_analyses",
        "DealReview": "deal_reviews",
        "Opportunity": "opportunities",
        "Objection": "objections",
        "PlannedFollowUp": "planned_follow_ups",
    },
    "salescare.models.reviews": {
        "ServiceQualityAssessment": "service_quality_assessments",
        "HealthReview": "health_reviews",
    },
    "salescare.ids": {
        "TicketNo": "ticket_numbers",
        "FeedbackNo": "feedback_numbers",
        "ContractNo": "contract_numbers",
        "CustomerNo": "customer_numbers",
        "CustomerCode": "customer_codes",
        "StaffNo": "staff_numbers",
    },
    "salescare.calendars": {"WorkCalendar": "calendars"},
    "salescare.grading.value": {"GradingPolicy": "grading_policies"},
    "salescare.grading.health": {"HealthPolicy": "health_policies"},
    "salescare.grading.quality": {"QualityPolicy": "quality_policies"},
    "salescare.sla.tickets": {"TicketSlaPolicy": "ticket_sla_policies"},
    "salescare.cadence.policies": {"CadencePolicy": "cadence_policies"},
    "salescare.cadence.stages": {"StagePolicy": "stage_policies"},
    "salescare.access.policy": {"AccessPolicy": "access_policies"},
}

_active = False
_loaded: list[str] = []  # modules of _STRATEGY_FOR fully imported, in order


def _lazy(name: str) -> Any:
    def resolve(_: type) -> Any:
        return getattr(importlib.import_module("salescare.testing"), name)()

    return resolve


def _register_module(module: Any) -> None:
    from hypothesis import strategies as st  # noqa: PLC0415 - only once Hypothesis is loaded

    for type_name, strategy in _STRATEGY_FOR[module.__name__].items():
        st.register_type_strategy(getattr(module, type_name), _lazy(strategy))
    if module.__name__.startswith("salescare.models."):
        own = _STRATEGY_FOR[module.__name__]
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                _teach_builds(value, own.get(value.__name__))


class _Anything(type):
    """The metaclass of the field markers: every value is an instance (see the module doc)."""

    def __instancecheck__(cls, value: object) -> bool:
        return True


def _teach_builds(cls: type, strategy: str | None) -> None:
    """Let ``st.builds(cls, ...)`` infer ``cls``'s required fields (see the module doc).

    ``strategy`` names the record's own strategy in :mod:`salescare.testing`, if it has one:
    a required field holding records (a form's contacts) is then drawn as it draws them. A
    record without one is registered as ``st.builds(cls)``, so ``st.from_type`` of it (and of
    a tuple of it) honours its validators too.
    """
    import attrs  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    from salescare._checks import DECLARED  # noqa: PLC0415 - loaded with the models

    if not attrs.has(cls) or getattr(cls, "__salescare_builds__", None) is cls:
        return
    if strategy is None:
        st.register_type_strategy(cls, st.builds)
    hints = typing.get_type_hints(cls)
    listed = attrs.fields(cls)
    required = [f for f in listed if f.default is attrs.NOTHING and f.init]
    kinds = [hints[f.name] for f in required]
    fields = []
    for field in listed:
        if field not in required:
            fields.append(field)
            continue
        hint = hints[field.name]
        # the k-th of n required times is drawn in its own decade, the k-th of n identifiers
        # of one type from its own share of them: a rep and a successor are never equal
        slot = kinds[: required.index(field)].count(hint)
        marker = _Anything(f"{cls.__name__}_{field.name}", (), {"__module__": __name__})
        resolve = _field_strategy(hint, field, (slot, kinds.count(hint)), strategy)
        st.register_type_strategy(marker, resolve)
        check: Any = attrs.validators.instance_of(marker)
        validator = attrs.validators.and_(field.validator, check) if field.validator else check
        declared = {**field.metadata, DECLARED: field.validator}
        fields.append(field.evolve(validator=validator, metadata=declared))
    # introspection's view only: the generated __init__ keeps the validators it was made with
    setattr(cls, "__attrs_attrs__", type(listed)(fields))  # noqa: B010
    setattr(cls, "__salescare_builds__", cls)  # noqa: B010


def _field_strategy(hint: Any, field: Any, slots: tuple[int, int], strategy: str | None) -> Any:
    def resolve(_: type) -> Any:
        drawn = _drawn(hint, field, slots[0], strategy)
        if slots[1] == 1 or getattr(hint, "__module__", "") != "salescare.ids":
            return drawn
        slot, count = slots
        return drawn.filter(lambda value: zlib.crc32(repr(value).encode()) % count == slot)

    return resolve


def _drawn(hint: Any, field: Any, decade: int, strategy: str | None) -> Any:  # noqa: PLR0911
    """How salescare draws a field of this type (a time: in the ``decade``-th decade)."""
    import attrs  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    testing = importlib.import_module("salescare.testing")
    scalars = importlib.import_module("salescare.testing.scalars")
    checked = getattr(field.validator, "__name__", "")
    nested = typing.get_origin(hint) is tuple or (isinstance(hint, type) and attrs.has(hint))
    if strategy is not None and nested:  # contacts, scores: as the record's strategy has them
        return getattr(testing, strategy)().map(lambda record: getattr(record, field.name))
    if hint is datetime:
        start = datetime(2000 + 10 * decade, 1, 1, tzinfo=UTC)
        return testing.aware_datetimes(min_value=start, max_value=start + timedelta(days=365 * 9))
    if hint is str:
        return scalars._words  # noqa: SLF001 - the non-empty text the strategies draw
    if hint is int:  # a 1-5 score, else a count valid everywhere (a quarter's number too)
        return testing.scores() if checked == "score" else st.integers(1, 4)
    if hint is Decimal:
        return scalars._mean_scores()  # noqa: SLF001
    if hint == Decimal | None:  # an amount not known yet (a redacted contract)
        return st.none() | testing.amounts()
    if hint is date:
        return scalars._days  # noqa: SLF001
    if typing.get_origin(hint) is tuple:  # a required tuple is a non-empty one
        item = typing.get_args(hint)[0]
        each = scalars._words if item is str else st.from_type(item)  # noqa: SLF001
        return st.lists(each, min_size=1, max_size=3).map(tuple)
    return st.from_type(hint)


def _register() -> None:
    """Register the types of the salescare modules loaded so far, and later ones as they load."""
    global _active  # noqa: PLW0603 - the plugin's one switch, set when Hypothesis loads it
    _active = True
    for name in _loaded:
        _register_module(sys.modules[name])


def announce(module_name: str) -> None:
    """Called by a module of ``_STRATEGY_FOR`` when loaded: register its types if active."""
    _loaded.append(module_name)
    if _active:
        _register_module(sys.modules[module_name])
