"""The rule catalogue: every rule ID of the manuals, its default, and what enforces it.

The same IDs appear in the docs (``docs/rules.md``), in results' ``rule`` fields and in error
messages, so a reader can go from a manual's sentence to the function that enforces it and the
test that proves it. A rule's ``status`` is ``enforced`` (fully), ``partial`` (the records hold
and check its data; timing or workflow parts are still to come) or ``planned``.

Examples:
    >>> from salescare.catalogue import RULES, rule
    >>> rule("TK-1").default
    'FW + YYYYMMDD + 3-digit serial'
    >>> rule("TK-1").enforced_by
    ('salescare.ids.TicketNo',)
    >>> len(RULES) == len({r.id for r in RULES})
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

from salescare._edge import edge
from salescare.errors import ValidationError

__all__ = ["FAMILIES", "RULES", "Rule", "markdown_table", "rule", "summary"]

Status = Literal["enforced", "partial", "planned"]

FAMILIES: dict[str, str] = {
    "HO": "Sales → after-sales handover (客户信息交接)",
    "TK": "After-sales issue tickets (售后问题)",
    "FB": "Customer feedback loop (客户反馈)",
    "HL": "Customer health (客户健康度)",
    "RV": "Revisits (回访)",
    "LD": "Leads and registration (客户信息收集与建档)",
    "GR": "Value-potential grading A/B/C/D (客户分级)",
    "FU": "Follow-up cadence (跟进)",
    "DL": "Proposal, objections, contract",
    "DV": "Delivery and after-sales follow-up",
    "CX": "Controls",
    "CP": "Complaints (投诉)",
    "SQ": "Service quality and KPIs",
    "CO": "Collaboration rhythm",
}
"""Rule families in catalogue order, with their titles."""


@attrs.frozen(kw_only=True)
class Rule:
    """One rule: ID, statement, default, and where it is enforced and proved."""

    id: str
    statement: str
    default: str = ""
    status: Status = "planned"
    enforced_by: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        """The family prefix, e.g. ``TK``."""
        return self.id.split("-", 1)[0]


def _r(  # noqa: PLR0917 - positional keeps the catalogue rows compact and readable
    rule_id: str,
    statement: str,
    default: str = "",
    status: Status = "planned",
    enforced_by: tuple[str, ...] = (),
    tests: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=rule_id,
        statement=statement,
        default=default,
        status=status,
        enforced_by=enforced_by,
        tests=tests,
    )


_T = "tests/unit/"
_P = "tests/property/test_roundtrips.py::"
_A = "tests/property/test_access_properties.py::"

RULES: tuple[Rule, ...] = (
    _r(
        "HO-1",
        "Sales prepares the handover form (客户信息交接表) after signing",
        "TIMERS['HO-1']: 2 h elapsed",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "HO-2",
        "Sales submits the handover request after preparing the form",
        "TIMERS['HO-2']: 30 min elapsed",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "HO-3",
        "Approval chain: supervisor checks → after-sales supervisor assigns → engineer notified",
        "",
        "enforced",
        ("salescare.workflow.HANDOVER",),
        (f"{_T}test_workflow.py::test_handover_path_and_obligations",),
    ),
    _r(
        "HO-4",
        "Engineer opens the handover, then confirms or asks for supplement",
        "TIMERS['HO-4.open'] 2 h; ['HO-4.confirm'] 24 h",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",),
    ),
    _r(
        "HO-5",
        (
            "Confirmation status pending / confirmed / needs supplement (待确认/已确认/需补充);"
            " confirming needs confirmation time and planned service start"
        ),
        "",
        "enforced",
        (
            "salescare.workflow.HANDOVER",
            "salescare.models.Handover",
            "salescare.vocabulary.HandoverStatus",
        ),
        (
            f"{_T}test_models.py::test_confirmed_handover_needs_time_and_planned_start",
            f"{_T}test_workflow.py::test_handover_path_and_obligations",
        ),
    ),
    _r(
        "HO-6",
        "Handover form has its 16 fields, primary contact and decision maker marked, special "
        "agreements supervisor-confirmed, no vague text",
        "vague phrases: salescare.completeness.DEFAULT_VAGUE_PHRASES",
        "enforced",
        ("salescare.models.Handover", "salescare.completeness.handover_gaps"),
        (
            f"{_T}test_models.py::test_handover_needs_primary_contact_and_decision_maker",
            f"{_T}test_completeness.py::test_placeholders_are_vague",
            f"{_T}test_completeness.py::test_unconfirmed_or_vague_special_agreement",
        ),
    ),
    _r(
        "HO-7",
        "Confirmed handovers archived with shared sales + after-sales access",
        "after-sales supervisor sees handed-over customers; both sides edit the handover",
        "enforced",
        ("salescare.workflow.HANDOVER", "salescare.access.can_view", "salescare.access.can_edit"),
        (
            f"{_T}test_workflow.py::test_handover_path_and_obligations",
            f"{_T}test_access.py::test_after_sales_sees_handed_over_customers",
            f"{_T}test_access.py::test_edit_stays_on_the_actors_side",
        ),
    ),
    _r(
        "HO-8",
        "Handover form carries the product/service list and payment cycle; attachments include "
        "the signed contract scan",
    ),
    _r(
        "TK-1",
        "Ticket number format (问题编号)",
        "FW + YYYYMMDD + 3-digit serial",
        "enforced",
        ("salescare.ids.TicketNo",),
        (
            f"{_T}test_ids.py::test_ticket_numbers_are_parsed_strictly",
            f"{_P}test_identifiers_round_trip_through_text",
        ),
    ),
    _r(
        "TK-2",
        "Triage (grade and classify) after submission",
        "TIMERS['TK-2']: 15 min elapsed",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.sla.ticket_sla",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_untriaged_ticket_has_no_level_clocks",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "TK-3",
        "Respond / resolve targets by level",
        "L1 1 h/4 h; L2 2 h/8 h; L3 4 h/24 h (TIMERS['TK-3.L1.resolve'] …)",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.sla.ticket_sla",
            "salescare.sla.TicketSlaPolicy",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_ticket_clocks",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
            f"{_T}test_sla.py::test_policy_can_move_every_clock_to_business_hours",
        ),
    ),
    _r(
        "TK-4",
        (
            "Assignment after triage; L1/L2 senior + urgent tag; L3 junior;"
            " sales owner linked for sales promises"
        ),
        "TIMERS['TK-4']: 30 min",
        "enforced",
        (
            "salescare.workflow.TICKET",
            "salescare.sla.TIMERS",
            "salescare.sla.ticket_sla",
        ),
        (
            f"{_T}test_workflow.py::test_ticket_happy_path_and_obligations",
            f"{_T}test_workflow.py::test_rejections_are_distinct_and_say_what_is_available",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "TK-5",
        "Joint handling (联合处理): trigger, sales co-handler, sync meeting",
        "TIMERS['TK-5']: meeting within 1 h",
        "enforced",
        (
            "salescare.workflow.TICKET",
            "salescare.models.Ticket",
            "salescare.sla.ticket_sla",
        ),
        (
            f"{_T}test_models.py::test_joint_handling_needs_trigger_and_sales_co_handler",
            f"{_T}test_sla.py::test_joint_meeting_clock",
            f"{_T}test_workflow.py::test_ticket_happy_path_and_obligations",
        ),
    ),
    _r(
        "TK-6",
        "Progress updates cadence",
        "TIMERS['TK-6.L1'] 2 h, ['TK-6.L2'] 4 h; none for L3",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.sla.ticket_sla",
            "salescare.sla.ProgressCompliance",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_progress_update_gaps",
        ),
    ),
    _r(
        "TK-7",
        (
            "Ticket status 待处理/处理中/已关闭/已延期; postponing needs reason and new time;"
            " closing needs a resolution result"
        ),
        "",
        "enforced",
        (
            "salescare.workflow.TICKET",
            "salescare.models.Ticket",
            "salescare.vocabulary.TicketStatus",
        ),
        (
            f"{_T}test_models.py::test_closing_and_postponing_need_their_fields",
            f"{_T}test_workflow.py::test_ticket_happy_path_and_obligations",
            f"{_T}test_sla.py::test_postponement_never_hides_the_original_breach",
        ),
    ),
    _r(
        "TK-8",
        "After resolution: sync to sales, sales contacts customer, satisfaction",
        "TIMERS['TK-8.sync'] 24 h, ['TK-8.contact'] 48 h, ['TK-8.satisfaction'] 24 h",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.sla.ticket_sla",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_resolution_starts_the_tk8_clocks_and_low_satisfaction_needs_appeasement",
        ),
    ),
    _r(
        "TK-9",
        "Satisfaction at or below the threshold starts appeasement (客户安抚)",
        "≤ 3",
        "enforced",
        (
            "salescare.workflow.TICKET",
            "salescare.sla.TicketSla",
            "salescare.grading.survey_result",
        ),
        (
            f"{_T}test_workflow.py::test_ticket_happy_path_and_obligations",
            f"{_T}test_grading.py::test_survey_and_appeasement",
        ),
    ),
    _r(
        "TK-10",
        "SLA clocks may pause; paused time does not count; off-hours pauses not subtracted "
        "twice; a working-day clock loses only whole working days",
        "off unless pauses are passed; a working day is lost when paused from opening to close",
        "enforced",
        ("salescare.sla.measure", "salescare.models.Pause"),
        (
            f"{_T}test_sla.py::test_a_pause_pushes_the_due_time",
            f"{_T}test_sla.py::test_pause_outside_hours_is_not_subtracted_twice",
            (
                "tests/property/test_sla_properties.py::"
                "test_due_is_exactly_the_budget_of_unpaused_working_time"
            ),
            f"{_T}test_sla.py::test_pausing_the_events_own_day_moves_nothing",
            (
                f"{_T}test_sla.py::"
                "test_a_fully_paused_counted_day_is_lost_a_partly_paused_one_is_not"
            ),
            (
                "tests/property/test_sla_properties.py::"
                "test_working_day_deadlines_skip_whole_paused_days_and_stay_closes_of_business"
            ),
        ),
    ),
    _r(
        "TK-11",
        "Problem description objective and concrete; vague text flagged",
    ),
    _r(
        "TK-12",
        "At triage the expected resolution time is set from the level's resolution target",
    ),
    _r(
        "TK-13",
        "Assignment notice reaches the engineer and is copied to the sales owner; escalations "
        "likewise",
    ),
    _r(
        "TK-14",
        "Closing a ticket requires the sales follow-up suggestion (销售跟进建议)",
    ),
    _r(
        "TK-15",
        "Until satisfied: a closed ticket rated at or below the threshold may be reopened; "
        "appeasement has an owner and a due time",
    ),
    _r(
        "FB-1",
        "Feedback number format (反馈编号)",
        "FK + YYYYMMDD + 3-digit serial",
        "enforced",
        ("salescare.ids.FeedbackNo",),
        (
            f"{_T}test_ids.py::test_dated_numbers_parse_and_format",
            f"{_P}test_identifiers_round_trip_through_text",
        ),
    ),
    _r(
        "FB-2",
        "Feedback type (问题反馈/需求建议) and channel (电话回访/在线问卷/服务工单)",
        "",
        "enforced",
        ("salescare.vocabulary.FeedbackType", "salescare.vocabulary.FeedbackChannel"),
        (f"{_T}test_vocabulary.py::test_every_member_parses_from_each_label",),
    ),
    _r(
        "FB-3",
        "Classification and routing to a department after collection",
        "TIMERS['FB-3']: 24 h; routes product / sales / after-sales",
        "enforced",
        (
            "salescare.workflow.FEEDBACK",
            "salescare.workflow.ROUTES",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_workflow.py::test_feedback_path_routes_and_requires",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "FB-4",
        "A sales-opportunity item carries a value estimate and a competition-risk flag "
        "(competitor named when flagged); other categories need neither",
        "the classify step refuses an item without them; feedback_gaps reports a missing estimate",
        "enforced",
        (
            "salescare.models.Feedback",
            "salescare.workflow.FEEDBACK",
            "salescare.completeness.feedback_gaps",
        ),
        (
            f"{_T}test_models.py::test_sales_opportunity_feedback_needs_value_and_competition_flag",
            f"{_T}test_workflow.py::test_feedback_path_routes_and_requires",
        ),
    ),
    _r(
        "FB-5",
        "Sales evaluates feasibility high / medium / low, with what each requires",
        "TIMERS['FB-5']: 48 h",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.grading.FEASIBILITY_REQUIREMENTS",
            "salescare.grading.feasibility_gaps",
        ),
        (
            f"{_T}test_grading.py::test_feasibility_requirements",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "FB-6",
        "Progress recorded; a slipped date needs reason and new date",
        "TIMERS['FB-6']: 7 days; a passed planned date is a gap until moved with a reason",
        "enforced",
        (
            "salescare.workflow.FEEDBACK",
            "salescare.sla.TIMERS",
            "salescare.models.ProgressUpdate",
            "salescare.completeness.feedback_gaps",
        ),
        (
            f"{_T}test_workflow.py::test_feedback_path_routes_and_requires",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_completeness.py::test_a_slipped_date_needs_a_new_date_and_a_reason",
            f"{_T}test_completeness.py::test_moving_a_date_without_a_reason_is_refused",
            (
                f"{_T}test_workflow.py::"
                "test_feedback_dates_move_with_a_reason_and_closing_notifies_the_other_side"
            ),
        ),
    ),
    _r(
        "FB-7",
        "Result completed / in progress / not adopted; completing records the lesson learned, "
        "not adopting the reason",
        "",
        "enforced",
        (
            "salescare.models.Feedback",
            "salescare.vocabulary.FeedbackStatus",
            "salescare.metrics.feedback_results",
        ),
        (
            f"{_T}test_models.py::test_feedback_results_need_lesson_or_reason",
            f"{_T}test_metrics.py::test_means_and_distributions",
        ),
    ),
    _r(
        "FB-8",
        "Satisfaction survey: response speed, resolution effect, service attitude",
        "each 1–5; appeasement when any ≤ 3",
        "enforced",
        (
            "salescare.models.SatisfactionSurvey",
            "salescare.grading.survey_result",
        ),
        (
            f"{_T}test_grading.py::test_survey_and_appeasement",
            f"{_P}test_records_round_trip_through_dict_and_json",
        ),
    ),
    _r(
        "FB-9",
        "Large existing customers get a phone revisit",
        "StagePolicy.large_quarterly_phone: a phone call each calendar quarter",
        "enforced",
        ("salescare.cadence.follow_up_plan", "salescare.cadence.StagePolicy"),
        (
            f"{_T}test_follow_up_plan.py::test_large_existing_customers_get_a_phone_call_each_quarter",
        ),
    ),
    _r(
        "FB-10",
        "After the feasibility evaluation, after-sales is notified of the result",
    ),
    _r(
        "FB-11",
        "Need-handling results synced to after-sales monthly",
    ),
    _r(
        "HL-1",
        "Quarterly health inputs from sales and after-sales",
        "on-time rate of L1/L2 tickets by TK-3; service = ticket and survey satisfaction",
        "enforced",
        (
            "salescare.models.HealthReview",
            "salescare.metrics.health_inputs",
            "salescare.metrics.SalesFacts",
            "salescare.metrics.on_time_resolution_rate",
        ),
        (
            f"{_T}test_models.py::test_health_review_scores_and_rates",
            f"{_T}test_metrics.py::test_health_inputs_and_review",
            f"{_T}test_metrics.py::test_on_time_resolution_boundary_and_levels",
            "tests/property/test_metric_properties.py::test_on_time_rate_agrees_with_the_sla_engine",
        ),
    ),
    _r(
        "HL-2",
        "Health grade from relationship and service; everything else is risk (project ruling)",
        "healthy both ≥ 4; sub-healthy one ≥ 4, other ≥ 3",
        "enforced",
        (
            "salescare.grading.grade_health",
            "salescare.grading.HealthPolicy",
            "salescare.frame.health_frame",
        ),
        (
            f"{_T}test_grading.py::test_health_grades_with_the_projects_ruling",
            "tests/property/test_grading_properties.py::test_higher_scores_never_worsen_health",
            "tests/property/test_grading_properties.py::test_health_frame_agrees_with_scalar",
        ),
    ),
    _r(
        "HL-3",
        "Data 5 working days before period end; plan within 2 working days",
        "data 5 working days before the last day; plan TIMERS['HL-3.plan'] 2 working days",
        "enforced",
        (
            "salescare.metrics.review_schedule",
            "salescare.calendars.WorkCalendar.subtract_working_days",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_metrics.py::test_review_schedule_counts_working_days_back_from_the_period_end",
            (
                "tests/property/test_calendar_reference.py::"
                "test_subtract_working_days_agrees_with_day_stepping"
            ),
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "HL-4",
        "Strategy per health grade",
        "",
        "enforced",
        ("salescare.grading.HEALTH_STRATEGIES", "salescare.metrics.health_review"),
        (
            f"{_T}test_grading.py::test_health_trend_and_strategies",
            f"{_T}test_metrics.py::test_health_inputs_and_review",
        ),
    ),
    _r(
        "HL-5",
        "Trend versus previous quarter: improved / stable / declined",
        "",
        "enforced",
        ("salescare.grading.health_trend", "salescare.metrics.health_review"),
        (
            f"{_T}test_grading.py::test_health_trend_and_strategies",
            "tests/property/test_grading_properties.py::test_health_is_total_and_trend_is_consistent",
            f"{_T}test_metrics.py::test_health_inputs_and_review",
        ),
    ),
    _r(
        "HL-6",
        "Customer reaction collected after the plan starts",
        "TIMERS['HL-6']: 1 calendar month",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "HL-7",
        "Relationship score set by the sales supervisor; service score is the after-sales survey "
        "result alone",
    ),
    _r(
        "HL-8",
        "Health review names its participants; each risk customer gets a root cause, responsible "
        "department and deadline",
    ),
    _r(
        "RV-1",
        "Revisit goals: activate, maintain, win back, raise satisfaction",
        "win back if at churn risk; raise satisfaction if ≤ 3; activate in the first 3 months",
        "enforced",
        ("salescare.revisits.revisit_queue", "salescare.revisits.QueueEntry"),
        (
            f"{_T}test_revisits.py::test_queue_puts_churn_risk_then_value_then_longest_waiting_first",
        ),
    ),
    _r(
        "RV-2",
        "Selection filters and priority: high value and churn risk first",
        "NEW_CUSTOMER_ACTIVATION: cooperating 1–3 months, no order in 30 days",
        "enforced",
        (
            "salescare.revisits.revisit_queue",
            "salescare.revisits.Selector",
            "salescare.revisits.NEW_CUSTOMER_ACTIVATION",
        ),
        (
            f"{_T}test_revisits.py::test_new_customer_activation_boundaries",
            f"{_T}test_revisits.py::test_queue_puts_churn_risk_then_value_then_longest_waiting_first",
            f"{_T}test_revisits.py::test_queue_is_an_ordered_selection",
            f"{_T}test_revisits.py::test_selector_algebra",
        ),
    ),
    _r(
        "RV-3",
        "Revisit frequency by tier",
        "VIP 1–2 a month; normal 1 a quarter",
        "enforced",
        ("salescare.cadence.REVISIT_TIERS", "salescare.cadence.check_cadence"),
        (f"{_T}test_cadence.py::test_d_needs_one_push_a_quarter_and_revisit_tiers",),
    ),
    _r(
        "RV-4",
        "Revisit timing and length: not Monday morning or Friday afternoon; phone 10–15 min, "
        "on-site ≤ 30 min",
        "quiet half-days Mon < 12:00, Fri ≥ 12:00",
        "enforced",
        ("salescare.cadence.suggest_slot", "salescare.cadence.revisit_length_warnings"),
        (
            f"{_T}test_cadence.py::test_suggest_slot_avoids_monday_morning_and_friday_afternoon",
            f"{_T}test_cadence.py::test_suggested_slots_are_open_fit_and_outside_quiet_hours",
            f"{_T}test_cadence.py::test_revisit_length_warnings",
        ),
    ),
    _r(
        "RV-5",
        "Outcome classes satisfied / problem / high-value with their plans",
        "TIMERS['RV-5.respond'] 24 h, ['RV-5.solution'] 3 d, ['RV-5.revisit'] 3 d",
        "enforced",
        (
            "salescare.grading.classify_revisit",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_grading.py::test_revisit_classification_and_plan",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "RV-6",
        "Revisit worksheet fields (回访记录表)",
        "",
        "enforced",
        ("salescare.models.Revisit",),
        (f"{_P}test_records_round_trip_through_dict_and_json",),
    ),
    _r(
        "RV-7",
        "Reporting: satisfaction by tier, problem types, need→order conversion",
        "empty sets give None, never 0",
        "enforced",
        (
            "salescare.metrics.mean_satisfaction",
            "salescare.metrics.satisfaction_by_tier",
            "salescare.metrics.problem_types",
            "salescare.metrics.need_conversion_rate",
        ),
        (
            f"{_T}test_metrics.py::test_means_and_distributions",
            f"{_T}test_metrics.py::test_need_conversion",
            "tests/property/test_metric_properties.py::test_means_stay_within_their_values",
        ),
    ),
    _r(
        "RV-8",
        "Revisit script: opening, 3–5 core questions tied to the goal, closing with a concrete "
        "promise that starts a clock",
    ),
    _r(
        "RV-9",
        "Contact details checked before a revisit; a changed contact means reaching the new "
        "person in charge",
    ),
    _r(
        "RV-10",
        "Each revisit records positive feedback, problems, potential needs and requests; open "
        "problems carry owner and deadline",
    ),
    _r(
        "RV-11",
        "Problem customer when a problem is open; high-value/potential when a need is stated with"
        " satisfaction ≥ 4 and nothing open",
    ),
    _r(
        "LD-1",
        "Lead sources: exhibition, website, association, referral, cold call, partner",
        "",
        "enforced",
        ("salescare.vocabulary.LeadSource",),
        (f"{_T}test_vocabulary.py::test_every_member_parses_from_each_label",),
    ),
    _r(
        "LD-2",
        "Required lead fields, contact name and title, phone or e-mail",
        "",
        "enforced",
        ("salescare.models.Lead", "salescare.models.Contact"),
        (
            f"{_T}test_models.py::test_registration_rules",
            f"{_T}test_models.py::test_contact_needs_phone_or_email_and_checks_their_shape",
        ),
    ),
    _r(
        "LD-3",
        "Screening drops invalid leads, keeping the reason",
        "",
        "enforced",
        (
            "salescare.workflow.REGISTRATION",
            "salescare.models.Registration",
        ),
        (
            f"{_T}test_models.py::test_registration_rules",
            f"{_T}test_workflow.py::test_registration_path",
        ),
    ),
    _r(
        "LD-4",
        "Registration form after acquisition; review pass / supplement / reject (reason)",
        "TIMERS['LD-4']: 24 h",
        "enforced",
        (
            "salescare.workflow.REGISTRATION",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_workflow.py::test_registration_path",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "LD-5",
        "CRM entry after approval",
        "TIMERS['LD-5']: 1 working day (China calendar)",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",),
    ),
    _r(
        "LD-6",
        "Customer code region-industry-year-serial, unique and never reused; CUS numbers too",
        "HZ-IT-2024-001",
        "enforced",
        ("salescare.ids.CustomerCode", "salescare.ids.CustomerNo"),
        (
            f"{_T}test_ids.py::test_customer_codes_are_parsed_strictly",
            f"{_T}test_ids.py::test_customer_code_parts_and_allocation",
            f"{_P}test_customer_ids_round_trip_in_either_scheme",
        ),
    ),
    _r(
        "LD-7",
        "Contact changes recorded",
        "TIMERS['LD-7']: 3 working days",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",),
    ),
    _r(
        "LD-8",
        "Screening criteria: product/service fit, budget feasibility, valid contact details",
    ),
    _r(
        "LD-9",
        "CRM record carries need tags, source channel, expected follow-up time and owning rep",
    ),
    _r(
        "GR-1",
        "Value tier by annual purchases, lower bound inclusive",
        "A ≥ 500,000; B ≥ 200,000; C ≥ 50,000; D below",
        "enforced",
        (
            "salescare.grading.value_tier",
            "salescare.grading.GradingPolicy",
            "salescare.frame.grade_frame",
        ),
        (
            f"{_T}test_grading.py::test_value_bands_are_lower_inclusive",
            f"{_T}test_grading.py::test_policy_bands_are_validated_all_at_once",
            "tests/property/test_grading_properties.py::test_more_purchases_never_lower_the_grade",
            "tests/property/test_grading_properties.py::test_frame_agrees_with_scalar_for_floats",
        ),
    ),
    _r(
        "GR-2",
        "Potential score 1–5 and its tier",
        "5 A, 4 B, 3 C, 1–2 D",
        "enforced",
        ("salescare.grading.potential_tier",),
        (f"{_T}test_grading.py::test_potential_tiers",),
    ),
    _r(
        "GR-3",
        "Grade = value tier lifted one level by a higher potential tier (project ruling)",
        "one-level lift; custom 4×5 matrix allowed",
        "enforced",
        (
            "salescare.grading.grade_customer",
            "salescare.frame.grade_frame",
        ),
        (
            f"{_T}test_grading.py::test_grade_is_value_tier_lifted_one_level",
            f"{_T}test_grading.py::test_custom_bands_and_matrix",
            "tests/property/test_grading_properties.py::test_more_potential_never_lowers_the_grade",
            "tests/property/test_grading_properties.py::test_grading_is_total",
        ),
    ),
    _r(
        "GR-4",
        "Proposed, approved and overriding grades; the computed grade is kept",
        "override with reason and optional expiry",
        "enforced",
        (
            "salescare.grading.GradeDecision",
            "salescare.grading.Override",
        ),
        (
            f"{_T}test_grading.py::test_decision_keeps_computed_and_applies_override_until_expiry",
            "tests/property/test_grading_properties.py::test_an_override_wins_until_it_expires",
        ),
    ),
    _r(
        "GR-5",
        "Regrading every quarter; upgrade / downgrade with the inputs that changed",
        "TIMERS['GR-5']: 3 months; hysteresis off",
        "enforced",
        (
            "salescare.grading.regrade",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_grading.py::test_regrade_reports_the_change_and_its_inputs",
            f"{_T}test_grading.py::test_regrade_hysteresis",
            "tests/property/test_grading_properties.py::test_regrade_is_idempotent",
        ),
    ),
    _r(
        "GR-6",
        "Strategy and cadence per grade",
        "A ≥ 2 deep talks a month; B weekly; C 2 weeks; D 1 push a quarter",
        "enforced",
        (
            "salescare.grading.GRADE_STRATEGIES",
            "salescare.cadence.SALES_ABCD",
            "salescare.cadence.check_cadence",
        ),
        (
            f"{_T}test_grading.py::test_strategies_per_grade",
            f"{_T}test_cadence.py::test_a_customer_needs_two_in_depth_talks_each_month",
            f"{_T}test_cadence.py::test_d_needs_one_push_a_quarter_and_revisit_tiers",
        ),
    ),
    _r(
        "GR-7",
        "Grading form records value criteria beyond purchases and the grade's core features (not "
        "used by the default grade)",
    ),
    _r(
        "GR-8",
        "A regrade is due for every customer each quarter; overdue regrades reported; the "
        "quarter's changes form the change list",
    ),
    _r(
        "FU-1",
        "First follow-up after registration",
        "TIMERS['FU-1']: 3 working days (China calendar)",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.cadence.follow_up_plan",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_follow_up_plan.py::test_first_follow_up_within_three_working_days_of_registration",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "FU-2",
        "Proposal review or negotiation: follow up daily (replaces the tier cadence)",
        "StagePolicy.key_stage_gap: 1 day",
        "enforced",
        ("salescare.cadence.follow_up_plan", "salescare.cadence.StagePolicy"),
        (
            f"{_T}test_follow_up_plan.py::test_key_stage_means_daily_and_replaces_the_tier_cadence",
            f"{_T}test_follow_up_plan.py::test_key_stage_neglect_exactly_when_a_gap_exceeds_a_day",
        ),
    ),
    _r(
        "FU-3",
        "Over-contact of D (> 2 a calendar month) and neglect of A (> 14 days) are violations",
        "D > 2 a month; A > 14 days",
        "enforced",
        ("salescare.cadence.check_cadence", "salescare.cadence.SALES_ABCD"),
        (
            f"{_T}test_cadence.py::test_d_customer_twice_a_month_is_fine_three_times_is_over_contact",
            f"{_T}test_cadence.py::test_a_customer_at_exactly_14_days_is_fine_one_second_more_is_neglect",
            f"{_T}test_cadence.py::test_over_contact_exactly_when_a_month_has_more_than_two",
            f"{_T}test_cadence.py::test_neglect_exactly_when_a_gap_exceeds_14_days",
        ),
    ),
    _r(
        "FU-4",
        "A paused customer ('not needed for now') carries a remark; reactivated quarterly",
        "TIMERS['FU-4']: 3 months after the last contact",
        "enforced",
        ("salescare.models.Customer", "salescare.sla.TIMERS", "salescare.cadence.follow_up_plan"),
        (
            f"{_P}test_records_round_trip_through_dict_and_json",
            f"{_T}test_follow_up_plan.py::test_paused_customer_is_reactivated_a_quarter_after_the_last_contact",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "FU-5",
        "Cadence presets: 002 ABCD, 004 ABC, 001 revisit tiers (ruling: none is the cadence)",
        "SERVICE_ABC: A weekly, B 2 weeks, C monthly; SERVICE_STAGES: pushed every 3 days",
        "enforced",
        (
            "salescare.cadence.SALES_ABCD",
            "salescare.cadence.SERVICE_ABC",
            "salescare.cadence.REVISIT_TIERS",
            "salescare.cadence.SERVICE_STAGES",
        ),
        (
            f"{_T}test_cadence.py::test_service_c_is_monthly_by_calendar_month",
            f"{_T}test_follow_up_plan.py::test_pushed_opportunity_every_three_days_only_with_the_service_stages",
        ),
    ),
    _r(
        "FU-6",
        "Follow-up record fields; a next action has an owner and a date",
        "",
        "enforced",
        ("salescare.models.FollowUp",),
        (f"{_T}test_models.py::test_follow_up_next_action_needs_owner_and_date",),
    ),
    _r(
        "FU-7",
        "SPIN needs analysis: explicit and implicit needs, priority, solution",
        "",
        "enforced",
        ("salescare.models.NeedsAnalysis",),
        (f"{_P}test_records_round_trip_through_dict_and_json",),
    ),
    _r(
        "FU-8",
        "Each active customer has a follow-up plan; the supervisor checks plans and records weekly",
    ),
    _r(
        "FU-9",
        "Promises made in a follow-up carry owner and deadline and are tracked until kept",
    ),
    _r(
        "FU-10",
        "Each follow-up states its goal by customer type: new, existing, complaint",
    ),
    _r(
        "DL-1",
        "Proposal reviewed by the supervisor before it goes out",
        "",
        "enforced",
        ("salescare.workflow.OPPORTUNITY",),
        (f"{_T}test_workflow.py::test_opportunity_won_and_lost",),
    ),
    _r(
        "DL-2",
        "Objections answered",
        "TIMERS['DL-2']: 24 h",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",),
    ),
    _r(
        "DL-3",
        "Legal review before signing; contract number and expected payment date recorded",
        "",
        "enforced",
        (
            "salescare.workflow.OPPORTUNITY",
            "salescare.models.Opportunity",
        ),
        (f"{_T}test_workflow.py::test_opportunity_won_and_lost",),
    ),
    _r(
        "DL-4",
        "Deal review after each won or lost deal: success factors or loss reasons",
        "",
        "enforced",
        (
            "salescare.models.DealReview",
            "salescare.workflow.OPPORTUNITY",
        ),
        (
            f"{_T}test_models.py::test_deal_review_names_reasons",
            f"{_T}test_workflow.py::test_opportunity_won_and_lost",
        ),
    ),
    _r(
        "DL-5",
        "Deal review records amount, cycle and the supervisor's comment; the supervisor approves "
        "it",
    ),
    _r(
        "DL-6",
        "Signed contract scan archived; copies to customer service, finance and technical "
        "departments",
    ),
    _r(
        "DL-7",
        "An objection beyond the rep's authority is escalated to the supervisor; the DL-2 clock "
        "keeps running",
    ),
    _r(
        "DV-1",
        "Delivery plan with milestones, owners and customer contact",
        "",
        "enforced",
        ("salescare.workflow.OPPORTUNITY",),
        (f"{_T}test_workflow.py::test_opportunity_won_and_lost",),
    ),
    _r(
        "DV-2",
        "Acceptance certificate signed by the customer",
        "",
        "enforced",
        ("salescare.workflow.OPPORTUNITY",),
        (f"{_T}test_workflow.py::test_opportunity_won_and_lost",),
    ),
    _r(
        "DV-3",
        "Sales revisits after delivery",
        "TIMERS['DV-3']: 7 working days",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
            "salescare.cadence.follow_up_plan",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_follow_up_plan.py::test_revisit_within_seven_working_days_after_delivery",
            f"{_T}test_sla.py::test_timer_defaults_match_the_rules",
        ),
    ),
    _r(
        "DV-4",
        "Usage-effect report for long-term customers",
        "TIMERS['DV-4']: every 6 months once cooperating 12 months (project ruling)",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.cadence.follow_up_plan",
        ),
        (
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
            f"{_T}test_follow_up_plan.py::test_usage_report_every_six_months_for_long_term_customers",
        ),
    ),
    _r(
        "DV-5",
        "Shipping notice gives shipping time, expected arrival and tracking number",
    ),
    _r(
        "CX-1",
        "Registration details reviewed",
        "TIMERS['CX-1']: 24 h",
        "enforced",
        (
            "salescare.sla.TIMERS",
            "salescare.sla.measure",
        ),
        (f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",),
    ),
    _r(
        "CX-2",
        "Privacy: a rep sees own customers, a supervisor the team; contact details, budgets and "
        "amounts masked unless the viewer may see them, in records, history and messages",
        "DEFAULT_ACCESS; deny by default; a missing owner matches nobody",
        "enforced",
        (
            "salescare.access.can_view",
            "salescare.access.redact",
            "salescare.access.DEFAULT_ACCESS",
            "salescare.models.Contact",
            "salescare.models.mask_details",
        ),
        (
            f"{_T}test_access.py::test_sales_reach_own_team_all",
            f"{_T}test_access.py::test_deny_by_default",
            f"{_T}test_access.py::test_redact_masks_what_the_actor_may_not_see",
            f"{_T}test_access.py::test_a_missing_owner_matches_nobody",
            f"{_T}test_models.py::test_sensitive_fields_are_masked_in_repr",
            f"{_P}test_sensitive_values_never_appear_in_repr",
            f"{_A}test_no_unmasked_secret_reaches_an_actor_without_the_right",
            f"{_A}test_a_role_the_policy_does_not_name_sees_nothing_sensitive",
            f"{_A}test_missing_or_foreign_owners_give_nothing_beyond_the_roles_scope",
            (
                f"{_T}test_sensitivity.py::"
                "test_every_money_contact_and_identifier_field_of_a_record_is_classified"
            ),
            (
                f"{_T}test_sensitivity.py::"
                "test_history_details_of_sensitive_fields_are_masked_in_repr_and_redaction"
            ),
            f"{_T}test_sensitivity.py::test_errors_quote_sensitive_values_masked",
        ),
    ),
    _r(
        "CX-3",
        "Cross-department requests filed a working day ahead; the other side answers",
        "needed no earlier than the next working day's close; TIMERS['CX-3.answer']: 24 h",
        "enforced",
        (
            "salescare.models.SupportRequest",
            "salescare.completeness.support_request_gaps",
            "salescare.sla.TIMERS",
        ),
        (
            f"{_T}test_completeness.py::test_support_requests_are_filed_a_working_day_ahead",
            f"{_T}test_completeness.py::test_the_other_department_answers_within_24_hours",
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "CX-4",
        "A departing rep hands over (customer no., grade, progress, key contacts, open items); "
        "the supervisor approves; access moves; no contact for a month; successor reports",
        "TIMERS['CX-4'] 3 working days; ['CX-4.no_contact'] 1 month; ['CX-4.report'] 7 days",
        "enforced",
        (
            "salescare.workflow.DEPARTURE",
            "salescare.workflow.no_contact_until",
            "salescare.models.Departure",
            "salescare.sla.TIMERS",
            "salescare.access.can_view",
            "salescare.access.can_contact",
        ),
        (
            f"{_T}test_access.py::test_departed_rep_loses_access_and_successor_gains_it",
            f"{_T}test_access.py::test_departed_rep_may_not_contact_for_a_month",
            (
                f"{_T}test_workflow.py::"
                "test_departure_handover_moves_access_and_bars_contact_for_a_month"
            ),
            f"{_T}test_sla.py::test_each_timer_is_met_on_time_and_breached_a_second_late",
        ),
    ),
    _r(
        "CX-5",
        "Deliverables from other departments reach the customer only through the sales rep",
    ),
    _r(
        "CP-1",
        "Complaint recorded and classified, customer acknowledged",
        "",
        "enforced",
        (
            "salescare.models.Complaint",
            "salescare.workflow.COMPLAINT",
        ),
        (f"{_T}test_workflow.py::test_complaint_path",),
    ),
    _r(
        "CP-2",
        "Investigation: cause and responsible party",
        "",
        "enforced",
        ("salescare.workflow.COMPLAINT",),
        (f"{_T}test_workflow.py::test_complaint_path",),
    ),
    _r(
        "CP-3",
        "Measures: apology, compensation, improvement, with owner and deadline",
        "",
        "enforced",
        (
            "salescare.workflow.COMPLAINT",
            "salescare.models.Measure",
        ),
        (f"{_T}test_workflow.py::test_complaint_path",),
    ),
    _r(
        "CP-4",
        "Revisit after handling to confirm satisfaction; preventive measures summarised",
        "",
        "enforced",
        ("salescare.workflow.COMPLAINT",),
        (f"{_T}test_workflow.py::test_complaint_path",),
    ),
    _r(
        "CP-5",
        "A dedicated complaint team: only its members acknowledge, investigate and conclude "
        "complaints",
    ),
    _r(
        "CP-6",
        "A complaint revisit finding the customer dissatisfied returns it to handling; only a "
        "satisfied revisit ends it",
    ),
    _r(
        "SQ-1",
        "Four service-quality dimensions scored 1–5 with a supporting example; mean and weakest",
        "each 1–5",
        "enforced",
        (
            "salescare.models.ServiceQualityAssessment",
            "salescare.grading.service_quality",
        ),
        (
            f"{_T}test_models.py::test_service_quality_scores_each_dimension_once",
            f"{_T}test_grading.py::test_service_quality_mean_and_weakest",
        ),
    ),
    _r(
        "SQ-2",
        "KPIs (response time, order cycle, on-time delivery, complaint resolution, satisfaction, "
        "follow-up frequency per tier, need conversion, service score, churn) per period",
        "any Period: month, quarter, year; one pass over any iterable",
        "enforced",
        (
            "salescare.metrics.Ratio",
            "salescare.metrics.Period",
            "salescare.metrics.mean_first_response_hours",
            "salescare.metrics.mean_order_cycle_days",
            "salescare.metrics.on_time_delivery_rate",
            "salescare.metrics.complaint_resolution_rate",
            "salescare.metrics.follow_up_frequency",
            "salescare.metrics.service_quality_means",
            "salescare.metrics.churn_rate",
            "salescare.metrics.renewal_rate",
        ),
        (
            f"{_T}test_metrics.py::test_complaint_delivery_renewal_churn",
            f"{_T}test_metrics.py::test_means_and_distributions",
            f"{_T}test_metrics.py::test_follow_up_frequency_counts_silent_customers_as_zero",
            f"{_T}test_metrics.py::test_service_quality_means_per_dimension",
            "tests/property/test_metric_properties.py::test_rates_add_up_over_split_streams",
        ),
    ),
    _r(
        "SQ-3",
        "Self / supervisor / customer evaluation with configurable weights",
        "self 20 %, supervisor 30 %, customer 50 %",
        "enforced",
        (
            "salescare.grading.mix_assessments",
            "salescare.grading.QualityPolicy",
        ),
        (f"{_T}test_grading.py::test_weighted_mix_is_exact_and_order_independent",),
    ),
    _r(
        "SQ-4",
        "Each KPI has definition, formula and target; monthly series; a KPI below target is "
        "flagged",
    ),
    _r(
        "SQ-5",
        "A service-quality assessment follows every follow-up and is linked to it",
    ),
    _r(
        "SQ-6",
        "Periodic whole-journey satisfaction survey; results feed improvement measures with goal,"
        " owner, deadline",
    ),
    _r(
        "SQ-7",
        "Assessment cycles monthly, quarterly from months, yearly from quarters; per department "
        "and person",
    ),
    _r(
        "CO-1",
        "Daily stand-up: new signings, key-customer news, urgent tickets, needs waiting",
        "working days 17:00, 15 min",
        "enforced",
        ("salescare.meetings.meetings", "salescare.meetings.standup_agenda"),
        (
            (
                f"{_T}test_meetings.py::"
                "test_standups_on_working_days_at_five_and_reviews_on_friday_afternoon"
            ),
            f"{_T}test_meetings.py::test_standup_agenda_gathers_each_item",
            f"{_T}test_meetings.py::test_one_standup_per_working_day_and_at_most_one_review_a_week",
        ),
    ),
    _r(
        "CO-2",
        "Weekly review",
        "Friday 14:00, 1 h; a holiday Friday moves it earlier in the week",
        "enforced",
        ("salescare.meetings.meetings", "salescare.meetings.RhythmPolicy"),
        (
            (
                f"{_T}test_meetings.py::"
                "test_a_friday_holiday_moves_the_review_earlier_in_the_week_or_drops_it"
            ),
        ),
    ),
    _r(
        "CO-3",
        "Automatic reminders at key points: handover confirmation, escalation, feedback closed",
        "obligations returned by every step (HO-4, TK-5, CO-3 on closing feedback)",
        "enforced",
        (
            "salescare.workflow.fire",
            "salescare.workflow.Obligation",
        ),
        (
            f"{_T}test_workflow.py::test_ticket_happy_path_and_obligations",
            f"{_T}test_workflow.py::test_handover_path_and_obligations",
            (
                f"{_T}test_workflow.py::"
                "test_feedback_dates_move_with_a_reason_and_closing_notifies_the_other_side"
            ),
        ),
    ),
    _r(
        "CO-4",
        "Responsibility split: sales vs after-sales (roles allowed per event, records each "
        "side edits)",
        "promises across the split: not checked",
        "partial",
        ("salescare.workflow.Rule", "salescare.access.can_edit"),
        (
            f"{_T}test_workflow.py::test_rejections_are_distinct_and_say_what_is_available",
            f"{_T}test_access.py::test_edit_stays_on_the_actors_side",
        ),
    ),
)
"""Every rule of the catalogue, in catalogue order."""

_BY_ID = {entry.id: entry for entry in RULES}


@edge
def rule(rule_id: str) -> Rule:
    """The catalogue entry for ``rule_id`` (e.g. ``"TK-3"``)."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise ValidationError(
            ("rule_id",), rule_id, "is not a rule of the catalogue", "an ID such as TK-3"
        ) from None


@edge
def summary() -> Iterator[tuple[str, str, int, int]]:
    """Per family: prefix, title, rules with some enforcement, and all rules.

    Examples:
        >>> next(summary())[:2]
        ('HO', 'Sales → after-sales handover (客户信息交接)')
    """
    for family, title in FAMILIES.items():
        members = [entry for entry in RULES if entry.family == family]
        done = sum(entry.status != "planned" for entry in members)
        yield family, title, done, len(members)


@edge
def markdown_table() -> str:
    """The catalogue as the Markdown table ``docs/rules.md`` shows (a test keeps them equal).

    Examples:
        >>> print(markdown_table().splitlines()[0])
        | ID | Rule | Default | Status | Enforced by | Proved by |
    """
    lines = [
        "| ID | Rule | Default | Status | Enforced by | Proved by |",
        "|---|---|---|---|---|---|",
    ]
    for entry in RULES:
        enforced = "<br>".join(f"`{name}`" for name in entry.enforced_by)
        tests = "<br>".join(f"`{test}`" for test in entry.tests)
        lines.append(
            f"| {entry.id} | {entry.statement} | {entry.default} | {entry.status} "
            f"| {enforced} | {tests} |"
        )
    return "\n".join(lines)
