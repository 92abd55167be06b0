"""The bilingual vocabulary: every enum of the manuals, with English values and Chinese labels.

Each member's value is English (``"in_progress"``) and it carries its simplified (``zh_hans``)
and traditional (``zh_hant``) Chinese labels. :meth:`Vocabulary.parse` accepts any of them, plus
common spreadsheet spellings, ignoring case, width, spaces, hyphens and underscores, because
users load spreadsheets exported from Chinese CRMs.

Examples:
    >>> from salescare.vocabulary import TicketStatus, Level
    >>> TicketStatus.parse("已關閉") is TicketStatus.CLOSED
    True
    >>> Level.parse("L1级"), Level.parse("緊急"), Level.parse(" l2 ")
    (<Level.L1: 'L1'>, <Level.L1: 'L1'>, <Level.L2: 'L2'>)
    >>> Level.L1.zh_hans, Level.L1.zh_hant
    ('紧急', '緊急')
    >>> Level.parse("L4", field=("Ticket", "level"))
    Traceback (most recent call last):
    ...
    salescare.errors.ValidationError: Ticket.level: 'L4' is not a ticket level; expected one of \
L1, L2, L3 (or 紧急/重要/一般)
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any, ClassVar, Self

from salescare.errors import Path, ValidationError, WrongTypeError
from salescare.i18n import Term, resolve_locale, tr

__all__ = [
    "Assessor",
    "CompanySize",
    "ComplaintStatus",
    "ContactMode",
    "CustomerKind",
    "CustomerReaction",
    "DealOutcome",
    "Department",
    "DepartureStatus",
    "DutyStatus",
    "Feasibility",
    "FeedbackCategory",
    "FeedbackChannel",
    "FeedbackStatus",
    "FeedbackType",
    "Grade",
    "HandoverStatus",
    "Health",
    "JointTrigger",
    "LeadSource",
    "Level",
    "LossReason",
    "MeasureKind",
    "Mood",
    "ObjectionKind",
    "OpportunityStage",
    "Priority",
    "RegistrationStatus",
    "ReviewDecision",
    "RevisitOutcome",
    "Role",
    "ServiceDimension",
    "ServiceTier",
    "SlaStatus",
    "SuccessFactor",
    "TicketStatus",
    "Trend",
    "Vocabulary",
]

_FOLD = str.maketrans("", "", " -_\u3000·")
_LOOKUPS: dict[type[Vocabulary], dict[str, Vocabulary]] = {}


def _fold(text: str) -> str:
    # NFKC folds full-width letters (Ｌ１) to ASCII; casefold and dropping separators let
    # "In Progress", "in-progress" and "IN_PROGRESS" meet.
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)


class Vocabulary(StrEnum):
    """Base of every salescare enum: English value, Chinese labels, forgiving ``parse``.

    Members compare equal to their English value (they are ``str``), so they drop into JSON
    and DataFrames as plain text.
    """

    __noun__: ClassVar[str] = "value"

    _value_: str
    zh_hans: str
    """Simplified Chinese label (简体)."""
    zh_hant: str
    """Traditional Chinese label (繁體)."""
    aliases: tuple[str, ...]
    """Other spellings accepted by :meth:`parse` (spreadsheet variants, English synonyms)."""

    def __new__(cls, value: str, zh_hans: str, zh_hant: str, *aliases: str) -> Self:
        """Build a member from its English value, its two labels and any aliases."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh_hans = zh_hans
        member.zh_hant = zh_hant
        member.aliases = aliases
        return member

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        table = _LOOKUPS.get(cls)
        if table is None:
            table = {}
            for member in cls:
                for spelling in (member.value, member.name, member.zh_hans, member.zh_hant):
                    table.setdefault(_fold(spelling), member)
                for spelling in member.aliases:
                    table.setdefault(_fold(spelling), member)
            _LOOKUPS[cls] = table
        return table  # type: ignore[return-value]  # the table for cls only holds cls members

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if isinstance(value, str):
            return cls._lookup().get(_fold(value))
        return None

    @classmethod
    def parse(cls, value: Any, *, field: Path | str | None = None) -> Self:
        """The member named by ``value``: its English value or name, a Chinese label, an alias.

        Raises :class:`~salescare.errors.ValidationError` naming ``field`` (default: the enum's
        class name) when nothing matches, and :class:`~salescare.errors.WrongTypeError` when
        ``value`` is not text.
        """
        if isinstance(value, cls):
            return value
        where = field if field is not None else (cls.__name__,)
        if not isinstance(value, str):
            raise WrongTypeError(
                where, value, tr("is not a {noun}", noun=cls.__noun__), cls.accepted()
            )
        member = cls._lookup().get(_fold(value))
        if member is None:
            raise ValidationError(
                where,
                value,
                tr("is not a {noun}", noun=cls.__noun__),
                cls.accepted(),
                code="not_a_member",
            )
        return member

    @classmethod
    def accepted(cls) -> str:
        """The accepted spellings, as error messages show them."""
        english = ", ".join(member.value for member in cls)
        chinese = "/".join(member.zh_hans for member in cls)
        return tr("one of {english} (or {chinese})", english=english, chinese=chinese)

    @property
    def label(self) -> str:
        """The bilingual label for human output, e.g. ``L1 紧急``."""
        return f"{self.value} {self.zh_hans}"

    def term(self) -> Term:
        """The value as a :class:`~salescare.i18n.Term`: said in each language when translated.

        Examples:
            >>> from salescare.i18n import translate
            >>> stage = OpportunityStage.FOLLOWING.term()
            >>> stage, translate(stage, "zh-Hans")
            ('following', '跟进中')
        """
        return Term(self.value, {"zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant})

    def text(self, locale: str | None = None) -> str:
        """The value as ``locale`` says it (default: the current context's language).

        English is the value itself; Chinese is the manuals' own label.

        Examples:
            >>> Level.L1.text("en"), Level.L1.text("zh-Hans"), TicketStatus.CLOSED.text("zh-Hant")
            ('L1', '紧急', '已關閉')
        """
        chosen = resolve_locale(locale)
        if chosen == "en":
            return self.value
        return self.zh_hans if chosen == "zh-Hans" else self.zh_hant


class Level(Vocabulary):
    """After-sales ticket level (问题级别, RULES TK-3)."""

    __noun__ = tr("ticket level")
    L1 = "L1", "紧急", "緊急", "L1级", "L1級", "一级", "一級", "urgent", "P1"
    L2 = "L2", "重要", "重要", "L2级", "L2級", "二级", "二級", "important", "P2"
    L3 = "L3", "一般", "一般", "L3级", "L3級", "三级", "三級", "general", "P3"


class TicketStatus(Vocabulary):
    """Ticket status (工单状态, RULES TK-7)."""

    __noun__ = tr("ticket status")
    PENDING = "pending", "待处理", "待處理", "open", "new"
    IN_PROGRESS = "in_progress", "处理中", "處理中"
    CLOSED = "closed", "已关闭", "已關閉", "关闭", "關閉", "resolved"
    POSTPONED = "postponed", "已延期", "已延期", "延期", "delayed"


class HandoverStatus(Vocabulary):
    """Handover status (交接状态 / 确认状态, RULES HO-3, HO-5, HO-7).

    ``pending``, ``confirmed`` and ``needs_supplement`` are the three confirmation values of
    the handover form; the others are the steps before and after it.
    """

    __noun__ = tr("handover status")
    DRAFT = "draft", "草稿", "草稿"
    SUBMITTED = "submitted", "已提交", "已提交"
    CHECKED = "checked", "已审核", "已審核", "supervisor_checked"
    PENDING = "pending", "待确认", "待確認", "assigned", "engineer_assigned"
    CONFIRMED = "confirmed", "已确认", "已確認"
    NEEDS_SUPPLEMENT = "needs_supplement", "需补充", "需補充", "supplement"
    ARCHIVED = "archived", "已归档", "已歸檔"


class FeedbackType(Vocabulary):
    """Feedback type (反馈类型, RULES FB-2)."""

    __noun__ = tr("feedback type")
    PROBLEM = "problem", "问题反馈", "問題反饋", "问题", "問題"
    SUGGESTION = "suggestion", "需求建议", "需求建議", "需求", "建议", "建議", "need"


class FeedbackChannel(Vocabulary):
    """How feedback reached us (提交渠道, RULES FB-2)."""

    __noun__ = tr("feedback channel")
    PHONE_REVISIT = "phone_revisit", "电话回访", "電話回訪", "phone"
    QUESTIONNAIRE = "questionnaire", "在线问卷", "線上問卷", "在線問卷", "survey"
    TICKET = "ticket", "服务工单", "服務工單", "工单", "工單"


class FeedbackCategory(Vocabulary):
    """Feedback classification (反馈分类, RULES FB-3); each routes to a department."""

    __noun__ = tr("feedback category")
    PRODUCT = "product", "产品优化类", "產品優化類", "产品优化", "產品優化", "product_optimisation"
    SALES_OPPORTUNITY = "sales_opportunity", "销售机会类", "銷售機會類", "销售机会", "銷售機會"
    SERVICE_EXPERIENCE = (
        "service_experience",
        "服务体验类",
        "服務體驗類",
        "服务体验",
        "服務體驗",
    )


class Department(Vocabulary):
    """Handling department (处理部门, RULES FB-3)."""

    __noun__ = "department"
    PRODUCT = "product", "产品部", "產品部"
    SALES = "sales", "销售部", "銷售部", "销售团队", "銷售團隊"
    AFTER_SALES = "after_sales", "售后部", "售後部", "售后管理部门", "售後管理部門", "售後部門"
    TECHNICAL = "technical", "技术部", "技術部", "技术", "技術"
    LEGAL = "legal", "法务部", "法務部"


class Feasibility(Vocabulary):
    """Sales' feasibility evaluation of a need (评估结果, RULES FB-5)."""

    __noun__ = "feasibility"
    HIGH = "high", "高", "高", "高可行性"
    MEDIUM = "medium", "中", "中", "中可行性"
    LOW = "low", "低", "低", "低可行性"


class Priority(Vocabulary):
    """Priority of a need (优先级, RULES FU-7)."""

    __noun__ = "priority"
    HIGH = "high", "高", "高", "高优先级", "高優先級"
    MEDIUM = "medium", "中", "中", "中优先级", "中優先級"
    LOW = "low", "低", "低", "低优先级", "低優先級"


class FeedbackStatus(Vocabulary):
    """Where a feedback item stands (处理进展 / 处理结果, RULES FB-3…FB-7)."""

    __noun__ = tr("feedback status")
    COLLECTED = "collected", "已收集", "已收集"
    CLASSIFIED = "classified", "已分类", "已分類"
    EVALUATED = "evaluated", "已评估", "已評估"
    IN_PROGRESS = "in_progress", "进行中", "進行中"
    COMPLETED = "completed", "已完成", "已完成"
    NOT_ADOPTED = "not_adopted", "暂不采纳", "暫不採納", "不采纳", "不採納"


class Grade(Vocabulary):
    """Value-potential grade A/B/C/D (客户分级, RULES GR-1…GR-3)."""

    __noun__ = tr("customer grade")
    A = "A", "A类", "A類", "A级", "A級", "A类客户", "A類客戶"
    B = "B", "B类", "B類", "B级", "B級", "B类客户", "B類客戶"
    C = "C", "C类", "C類", "C级", "C級", "C类客户", "C類客戶"
    D = "D", "D类", "D類", "D级", "D級", "D类客户", "D類客戶"


class Health(Vocabulary):
    """Customer health grade (健康度等级, RULES HL-2)."""

    __noun__ = tr("health grade")
    HEALTHY = "healthy", "健康", "健康", "健康客户", "健康客戶"
    SUB_HEALTHY = "sub_healthy", "亚健康", "亞健康", "亚健康客户", "亞健康客戶", "subhealthy"
    RISK = "risk", "风险", "風險", "风险客户", "風險客戶", "at_risk"


class Trend(Vocabulary):
    """Health trend versus the previous quarter (健康度变化趋势, RULES HL-5)."""

    __noun__ = "trend"
    IMPROVED = "improved", "提升", "提升", "上升", "improving", "up"
    STABLE = "stable", "稳定", "穩定", "持平", "unchanged"
    DECLINED = "declined", "下降", "下降", "declining", "down"


class CompanySize(Vocabulary):
    """Company size (企业规模, RULES HO-6, LD-2)."""

    __noun__ = tr("company size")
    SMALL = "small", "小型", "小型", "小", "小企业", "小企業"
    MEDIUM = "medium", "中型", "中型", "中", "中企业", "中企業"
    LARGE = "large", "大型", "大型", "大", "大企业", "大企業"


class Role(Vocabulary):
    """Who a person is in the process (角色); decides what they may see and do (RULES CX-2)."""

    __noun__ = "role"
    SALES_REP = "sales_rep", "销售代表", "銷售代表", "销售", "銷售", "rep"
    ACCOUNT_MANAGER = "account_manager", "客户经理", "客戶經理"
    SALES_SUPERVISOR = "sales_supervisor", "销售主管", "銷售主管"
    SALES_DIRECTOR = "sales_director", "销售总监", "銷售總監"
    ENGINEER = "engineer", "售后工程师", "售後工程師", "after_sales_engineer"
    SENIOR_ENGINEER = "senior_engineer", "资深工程师", "資深工程師", "资深技术工程师"
    JUNIOR_ENGINEER = "junior_engineer", "初级工程师", "初級工程師"
    AFTER_SALES_SUPERVISOR = "after_sales_supervisor", "售后主管", "售後主管"
    AFTER_SALES_DIRECTOR = "after_sales_director", "售后总监", "售後總監"
    COMPLAINT_HANDLER = (
        "complaint_handler",
        "投诉处理专员",
        "投訴處理專員",
        "投诉处理小组",
        "投訴處理小組",
    )
    PRODUCT_MANAGER = "product_manager", "产品经理", "產品經理", "产品部", "產品部"
    LEGAL = "legal", "法务", "法務"
    CUSTOMER_SERVICE = "customer_service", "客服专员", "客服專員", "客服"
    MARKETING = "marketing", "市场部", "市場部", "市场", "市場"


class LeadSource(Vocabulary):
    """Where a lead came from (线索来源, RULES LD-1)."""

    __noun__ = tr("lead source")
    EXHIBITION = "exhibition", "展会", "展會", "行业展会", "行業展會", "trade_show"
    WEBSITE = "website", "官网表单", "官網表單", "官网", "官網", "website_form"
    ASSOCIATION = "association", "行业协会推荐", "行業協會推薦", "行业协会", "行業協會"
    CUSTOMER_REFERRAL = (
        "customer_referral",
        "老客户转介绍",
        "老客戶轉介紹",
        "客户转介绍",
        "客戶轉介紹",
        "referral",
    )
    COLD_CALL = "cold_call", "陌生拜访", "陌生拜訪", "电话陌拜", "電話陌拜", "陌拜"
    PARTNER = "partner", "合作伙伴", "合作夥伴", "渠道", "channel_partner"


class RegistrationStatus(Vocabulary):
    """Where a lead's registration stands (建档, RULES LD-3…LD-5)."""

    __noun__ = tr("registration status")
    LEAD = "lead", "线索", "線索"
    SCREENED = "screened", "已筛选", "已篩選"
    DROPPED = "dropped", "已剔除", "已剔除", "invalid"
    SUBMITTED = "submitted", "已提交", "已提交"
    PASSED = "passed", "审核通过", "審核通過", "通过", "通過"
    NEEDS_SUPPLEMENT = "needs_supplement", "待补充", "待補充"
    REJECTED = "rejected", "驳回", "駁回", "已驳回", "已駁回"
    ENTERED = "entered", "已建档", "已建檔", "entered_in_crm"


class ReviewDecision(Vocabulary):
    """A supervisor's review of a registration (审核结果, RULES LD-4)."""

    __noun__ = tr("review decision")
    PASS = "pass", "通过", "通過", "approved"
    PASS_AFTER_SUPPLEMENT = "pass_after_supplement", "补充后通过", "補充後通過", "补充后通過"
    REJECT = "reject", "驳回", "駁回", "rejected"


class ContactMode(Vocabulary):
    """How a follow-up or revisit was made (跟进方式 / 回访方式, RULES FU-6, RV-6)."""

    __noun__ = tr("contact mode")
    PHONE = "phone", "电话", "電話", "电话回访", "電話回訪", "call"
    VISIT = "visit", "上门拜访", "上門拜訪", "拜访", "拜訪", "上门", "上門", "on_site"
    EMAIL = "email", "邮件", "郵件", "电子邮件", "電子郵件", "mail"
    VIDEO = "video", "视频会议", "視訊會議", "视频", "視頻", "視訊"


class CustomerKind(Vocabulary):
    """Which kind of customer a follow-up is with, which sets its goal (RULES FU-10, 004 二(一)).

    New: find the needs; existing: satisfaction and new needs; complaint: the resolution's
    effect, calming the customer first.
    """

    __noun__ = tr("customer kind")
    NEW = "new", "新客户", "新客戶"
    EXISTING = "existing", "老客户", "老客戶", "现有客户", "現有客戶"
    COMPLAINT = "complaint", "投诉客户", "投訴客戶"


class Mood(Vocabulary):
    """The customer's mood in a follow-up (客户情绪, RULES FU-6)."""

    __noun__ = tr("customer mood")
    SATISFIED = "satisfied", "满意", "滿意"
    NEUTRAL = "neutral", "一般", "一般", "中性"
    WORRIED = "worried", "担忧", "擔憂", "顾虑", "顧慮"


class ServiceTier(Vocabulary):
    """Revisit tier (客户等级, RULES RV-3)."""

    __noun__ = tr("service tier")
    VIP = "vip", "VIP客户", "VIP客戶", "重点客户", "重點客戶", "key"
    NORMAL = "normal", "普通客户", "普通客戶", "普通", "regular"


class RevisitOutcome(Vocabulary):
    """Outcome class of a revisit (回访结果分类, RULES RV-5)."""

    __noun__ = tr("revisit outcome")
    SATISFIED = "satisfied", "满意型", "滿意型", "满意", "滿意"
    PROBLEM = "problem", "问题型", "問題型", "有问题", "有問題"
    HIGH_VALUE = "high_value", "高价值潜力型", "高價值潛力型", "高价值", "高價值", "potential"


class OpportunityStage(Vocabulary):
    """Stage of a sales opportunity (002 steps 3–7, RULES DL, DV)."""

    __noun__ = tr("opportunity stage")
    GRADED = "graded", "已分级", "已分級"
    FOLLOWING = "following", "跟进中", "跟進中"
    PROPOSAL = "proposal", "方案评审", "方案評審", "方案"
    NEGOTIATION = "negotiation", "合同谈判", "合同談判", "谈判", "談判"
    CONTRACT = "contract", "合同签订", "合同簽訂", "签约", "簽約"
    DELIVERY = "delivery", "交付中", "交付中", "交付"
    ACCEPTED = "accepted", "已验收", "已驗收", "验收", "驗收"
    AFTER_SALES = "after_sales", "售后服务", "售後服務", "售后", "售後"
    REVIEWED = "reviewed", "已复盘", "已復盤", "复盘", "復盤"
    LOST = "lost", "已丢单", "已丟單", "丢单", "丟單"


class ObjectionKind(Vocabulary):
    """What a customer objects to (客户异议, RULES DL-2)."""

    __noun__ = tr("objection kind")
    PRICE = "price", "价格", "價格", "价格异议", "價格異議"
    FUNCTION = "function", "功能", "功能", "功能异议", "功能異議"
    DELIVERY = "delivery", "交付", "交付", "交期", "交付异议", "交付異議"
    OTHER = "other", "其他", "其他"


class DealOutcome(Vocabulary):
    """Whether a deal was won or lost (RULES DL-4)."""

    __noun__ = tr("deal outcome")
    WON = "won", "赢单", "贏單", "成交"
    LOST = "lost", "丢单", "丟單", "失单", "失單"


class SuccessFactor(Vocabulary):
    """Why a deal was won (成功因素, RULES DL-4)."""

    __noun__ = tr("success factor")
    NEED_FIT = "need_fit", "需求匹配", "需求匹配"
    PRICE = "price", "价格优势", "價格優勢", "价格", "價格"
    DECISION_CHAIN = "decision_chain", "决策链把握", "決策鏈把握", "决策链", "決策鏈"
    CUSTOMISATION = "customisation", "定制化方案", "客製化方案", "定制化", "customization"


class LossReason(Vocabulary):
    """Why a deal was lost (丢单原因, RULES DL-4)."""

    __noun__ = tr("loss reason")
    PRICE_OBJECTION = "price_objection", "价格异议", "價格異議", "价格", "價格"
    COMPETITOR = "competitor", "竞争对手", "競爭對手", "竞品", "競品"
    UNCLEAR_NEED = "unclear_need", "需求不明确", "需求不明確"
    OTHER = "other", "其他", "其他"


class JointTrigger(Vocabulary):
    """What makes a ticket need joint sales/after-sales handling (联合处理, RULES TK-5)."""

    __noun__ = tr("joint-handling trigger")
    BEYOND_SCOPE = "beyond_scope", "超出合同范围", "超出合同範圍", "out_of_scope"
    UPSET_CUSTOMER = "upset_customer", "客户情绪激动", "客戶情緒激動", "情绪激动", "情緒激動"
    CROSS_DEPARTMENT = "cross_department", "跨部门协作", "跨部門協作", "跨部门", "跨部門"
    URGENT_LEVEL = "urgent_level", "L1级问题", "L1級問題", "L1", "紧急问题", "緊急問題"


class ComplaintStatus(Vocabulary):
    """Where a complaint stands (投诉处理, RULES CP-1…CP-4)."""

    __noun__ = tr("complaint status")
    RECEIVED = "received", "已受理", "已受理", "已记录", "已記錄"
    ACKNOWLEDGED = "acknowledged", "已安抚", "已安撫", "已确认收到", "已確認收到"
    INVESTIGATING = "investigating", "调查中", "調查中"
    MEASURES = "measures", "整改中", "整改中", "处理中", "處理中"
    RESOLVED = "resolved", "已解决", "已解決"
    REVISITED = "revisited", "已回访", "已回訪"


class MeasureKind(Vocabulary):
    """A complaint measure (处理措施, RULES CP-3)."""

    __noun__ = "measure"
    APOLOGY = "apology", "道歉", "道歉"
    COMPENSATION = "compensation", "补偿", "補償", "赔偿", "賠償"
    IMPROVEMENT = "improvement", "改进", "改進", "整改"


class ServiceDimension(Vocabulary):
    """A service-quality dimension scored 1–5 (服务质量维度, RULES SQ-1)."""

    __noun__ = tr("service dimension")
    RESPONSE_TIMELINESS = "response_timeliness", "响应及时性", "響應及時性", "响应及时"
    RESOLUTION_EFFICIENCY = "resolution_efficiency", "问题解决效率", "問題解決效率", "解决效率"
    COMMUNICATION = "communication", "沟通专业性", "溝通專業性", "沟通专业"
    PROACTIVENESS = "proactiveness", "服务主动性", "服務主動性", "主动性", "主動性"


class Assessor(Vocabulary):
    """Who scored a service-quality assessment (评价主体, RULES SQ-3)."""

    __noun__ = "assessor"
    SELF = "self", "自评", "自評", "自我评价", "自我評價"
    SUPERVISOR = "supervisor", "主管评价", "主管評價", "主管评", "主管評"
    CUSTOMER = "customer", "客户评价", "客戶評價", "客户评", "客戶評"


class CustomerReaction(Vocabulary):
    """The customer's reaction to a retention plan (客户反馈, RULES HL-6)."""

    __noun__ = tr("customer reaction")
    POSITIVE = "positive", "正面", "正面"
    NEUTRAL = "neutral", "中性", "中性"
    NEGATIVE = "negative", "负面", "負面"


class SlaStatus(Vocabulary):
    """Where an SLA clock stands (时效状态, RULES TK-3, TK-10)."""

    __noun__ = "SLA status"
    MET = "met", "达标", "達標", "按时", "按時", "on_time"
    BREACHED = "breached", "超时", "超時", "逾期", "late", "overdue"
    RUNNING = "running", "进行中", "進行中", "计时中", "計時中"
    AT_RISK = "at_risk", "即将超时", "即將超時", "预警", "預警"
    PAUSED = "paused", "暂停", "暫停", "挂起", "掛起", "on_hold"


class DutyStatus(Vocabulary):
    """Where an obligation on the agenda stands (待办状态, RULES CO-3).

    Open duties are upcoming, due soon (past the clock's at-risk point) or overdue; settled ones
    were met on time or breached (done late).
    """

    __noun__ = tr("duty status")
    UPCOMING = "upcoming", "待办", "待辦", "open"
    DUE_SOON = "due_soon", "即将到期", "即將到期", tr("due soon")
    OVERDUE = "overdue", "已逾期", "已逾期未办", "逾期未办"
    MET = "met", "按时完成", "按時完成", "done"
    BREACHED = "breached", "超时完成", "超時完成", tr("done late")


class DepartureStatus(Vocabulary):
    """Where a departing rep's handover stands (离职交接, RULES CX-4)."""

    __noun__ = tr("departure status")
    LISTING = "listing", "整理清单", "整理清單", "draft"
    SUBMITTED = "submitted", "已提交", "已提交"
    APPROVED = "approved", "已批准", "已批准", "主管已批准"
