"""The glossary: every record field and enum value in English, simplified and traditional Chinese.

Users load spreadsheets exported from Chinese CRMs, so column headers arrive as ``年采购额`` or
``年採購額``; the command line resolves them through this glossary (:func:`field_for`), and the
docs' glossary page is generated from it (:func:`markdown`), so the two never disagree.
A field name means the same thing in every record that has it (``number`` is the record's
own number: a ticket's, a feedback item's, a customer's).

Examples:
    >>> FIELDS["annual_purchases"].zh_hans, FIELDS["annual_purchases"].zh_hant
    ('年采购额', '年採購額')
    >>> field_for("年採購額"), field_for("Annual Purchases"), field_for("（未知）")
    ('annual_purchases', 'annual_purchases', None)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

import attrs

from salescare import vocabulary
from salescare._edge import edge
from salescare.errors import ValidationError

__all__ = ["FIELDS", "RECORD_ALIASES", "Term", "field_for", "markdown", "normalise_header"]


@attrs.frozen
class Term:
    """One field: its English name, simplified and traditional Chinese, other spellings."""

    name: str
    zh_hans: str
    zh_hant: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every accepted header spelling, the English name first."""
        return (self.name, self.zh_hans, self.zh_hant, *self.aliases)


# name | 简体 | 繁體 | other spellings (comma-separated); one line per field of any record
_TABLE = """
accepted_at|验收时间|驗收時間|验收日期,驗收日期
acknowledged_at|安抚确认时间|安撫確認時間
answer|答复内容|答覆內容|答复,答覆
answered_at|答复时间|答覆時間
acquired_at|信息获取时间|信息獲取時間|获取时间,獲取時間
actor|操作人|操作人
after_sales_owner|售后负责人|售後負責人|售后工程师,售後工程師
amount|金额|金額|商机金额,商機金額
annual_purchases|年采购额|年採購額|当前年采购额,當前年採購額,年度采购额,年度採購額,annual purchases
annual_revenue|年营收|年營收|营收,營收
approved_at|审核通过时间|審核通過時間|批准时间,批准時間
approved_by|审核人|審核人|批准人
assessor|评价人|評價人|评价方,評價方
assigned_at|分配时间|分配時間
assignee|处理人|處理人|负责工程师,負責工程師,对接工程师,對接工程師
at|时间|時間|日期
background|需求背景|需求背景|背景
attachments|附件|附件|附件清单,附件清單
budget|预算|預算|采购预算,採購預算
by|记录人|記錄人|跟进人,跟進人
category|分类|分類|类别,類別
cause|原因|原因|健康度变化原因,健康度變化原因
channel|提交渠道|提交渠道|渠道
classified_at|分类时间|分類時間
collected_at|收集时间|收集時間|反馈时间,反饋時間
comment|备注意见|備註意見|评价,評價
company|企业全称|企業全稱|客户名称（企业全称）,客戶名稱（企業全稱）
competition_risk|竞争风险|競爭風險
competitor|竞争对手|競爭對手
completed_at|完成时间|完成時間
confirmed_at|确认时间|確認時間
confirmed_by|确认人|確認人
contact|联系人|聯絡人|聯繫人
contacts|联系人列表|聯絡人列表|关键联系人,關鍵聯絡人
content|内容|內容|反馈内容,反饋內容
contract_amount|合同金额|合同金額|签约金额,簽約金額
contract_number|合同编号|合同編號
cooperation_months|合作时长（月）|合作時長（月）|合作月数,合作月數
cooperation_since|合作开始日期|合作開始日期|合作起始日
customer|客户编号|客戶編號|客户ID,客戶ID
customer_code|客户编码|客戶編碼
customer_feedback|客户反馈|客戶反饋
customer_name|客户名称|客戶名稱|客户,客戶
deadline|截止时间|截止時間|期限
decision|审核结果|審核結果|审核意见,審核意見
deep|深度沟通|深度溝通
delivered_at|交付时间|交付時間
delivery_plan|交付计划|交付計劃
department|对接部门|對接部門|部门,部門
description|问题描述|問題描述|描述
details|详情|詳情
dimension|维度|維度|服务维度,服務維度
done_at|完成时间|完成時間
due_on|计划完成日期|計劃完成日期|计划日期,計劃日期
duration_minutes|时长（分钟）|時長（分鐘）|时长,時長
email|电子邮箱|電子郵箱|邮箱,郵箱,e-mail
end|结束时间|結束時間
entered_at|录入时间|錄入時間|CRM录入时间,CRM錄入時間
evaluated_at|评估时间|評估時間
event|事件|事件
evidence|评分依据|評分依據|案例,依据,依據
expected_payment_on|预计回款日期|預計回款日期
expected_resolution_at|预计解决时间|預計解決時間
explicit_needs|显性需求|顯性需求|核心需求
feasibility|可行性|可行性|可行性评估,可行性評估
filed_at|申请时间|申請時間|提交申请时间,提交申請時間
first_response_at|首次响应时间|首次響應時間|响应时间,響應時間
first_response_hours|平均首次响应时间（小时）|平均首次響應時間（小時）|首次响应时长,首次響應時長
format|格式|格式
grade|客户级别|客戶級別|级别,級別,等级,等級
handed_over_at|交接时间|交接時間
health|健康度|健康度|健康度等级,健康度等級
history|历史记录|歷史記錄
id|标识|標識|工号,工號
implication|暗示问题|暗示問題
implicit_needs|隐性需求|隱性需求
improvements|改进措施|改進措施
industry|所属行业|所屬行業|行业,行業
initial_need|初步需求|初步需求|初步需求描述
is_decision_maker|决策人|決策人|是否决策人,是否決策人
is_primary|主要对接人|主要對接人|是否主要对接人,是否主要對接人
items|交接清单|交接清單|明细,明細
joint_handling|联合处理|聯合處理|协同处理,協同處理
joint_meeting_at|同步会时间|同步會時間
joint_triggered_at|联合处理触发时间|聯合處理觸發時間
joint_triggers|联合处理原因|聯合處理原因
key_contacts|关键联系人|關鍵聯絡人
kind|类型|類型|措施类型,措施類型
last_deal_on|最近成交日期|最近成交日期|最近成交时间,最近成交時間
lead|线索|線索
legal_reviewed_by|法务审核人|法務審核人
lesson|经验总结|經驗總結
level|问题等级|問題等級|紧急程度,緊急程度
loss_reasons|失败原因|失敗原因|丢单原因,丟單原因
lost_at_stage|丢单阶段|丟單階段
main_business|主营业务|主營業務
measures|处理措施|處理措施|整改措施
mode|方式|方式|跟进方式,跟進方式,回访方式,回訪方式
mood|客户情绪|客戶情緒
name|姓名|姓名|名称,名稱
need|需求|需求|新需求
need_payoff|需求效益问题|需求效益問題
new_due_on|新计划日期|新計劃日期|延期至
needed_by|期望完成时间|期望完成時間|期望时间,期望時間
next_action|下一步行动|下一步行動
next_date|下一步日期|下一步日期
next_owner|下一步负责人|下一步負責人
next_revisit_on|下次回访日期|下次回訪日期
note|说明|說明
noticed_at|离职通知时间|離職通知時間
number|编号|編號|单号,單號
on_time_rate|问题按时解决率|問題按時解決率|按时解决率,按時解決率
open_items|未完成事项|未完成事項
open_problems|待解决问题|待解決問題
opportunity|商机|商機
outcome|结果|結果|回访结果,回訪結果
owner|负责人|負責人
owners|责任人|責任人
participants|参与人|參與人
past_projects|历史合作项目|歷史合作項目
pause_remark|暂停说明|暫停說明
paused|暂停跟进|暫停跟進
pauses|暂停记录|暫停記錄
phone|联系电话|聯絡電話|电话,電話,手机,手機
plan|处理计划|處理計劃|计划,計劃
plan_content|跟进计划内容|跟進計劃內容
plan_due|跟进计划日期|跟進計劃日期
plan_owner|跟进计划负责人|跟進計劃負責人
plan_starts|计划开始日期|計劃開始日期
planned_service_start|计划服务启动时间|計劃服務啟動時間
postpone_reason|延期原因|延期原因
potential|潜力评分|潛力評分|潜力,潛力,未来潜力评估,未來潛力評估,未来潜力,未來潛力
prepared_at|填表时间|填表時間
prevention|预防措施|預防措施
priority|优先级|優先級|需求优先级,需求優先級
problem|难点问题|難點問題
progress|处理进展|處理進展|进展,進展
promises|承诺事项|承諾事項
proposal_reviewed_by|方案审核人|方案審核人
quarter|季度|季度
requested_by|申请人|申請人|提交申请人,提交申請人
reaction|客户反应|客戶反應
reaction_note|客户反应说明|客戶反應說明
reason|原因说明|原因說明
received_at|受理时间|受理時間|投诉时间,投訴時間
region|区域|區域|区域代码,區域代碼
relationship|关系满意度|關係滿意度|关系评分,關係評分,关系维度,關係維度
remarks|备注|備註
renewal_rate|续约率|續約率
rep|离职销售代表|離職銷售代表
requirement_history|需求沟通记录|需求溝通記錄|历史需求,歷史需求
resolution|解决方案|解決方案|处理结果,處理結果
resolution_effect|问题解决效果|問題解決效果|解决效果,解決效果
resolved_at|解决时间|解決時間
response_speed|响应速度|響應速度
responsible_party|责任方|責任方
result_reason|不采纳原因|不採納原因
review|成交复盘|成交復盤
reviewed_at|审核时间|審核時間
reviewer|审核人（主管）|審核人（主管）|主管
revisited_at|回访时间|回訪時間
role|角色|角色
sales_contacted_at|销售联系客户时间|銷售聯繫客戶時間
sales_owner|销售负责人|銷售負責人|销售代表,銷售代表,负责销售,負責銷售
sales_promise|销售承诺|銷售承諾
sales_suggestion|销售建议|銷售建議
satisfaction|满意度|滿意度|满意度评分,滿意度評分
satisfaction_at|满意度收集时间|滿意度收集時間
satisfied|是否满意|是否滿意
score|评分|評分|分数,分數
scores|各维度评分|各維度評分
service|服务满意度|服務滿意度|服务评分,服務評分,服务维度,服務維度
service_attitude|服务态度|服務態度
signed_on|签约日期|簽約日期
situation|背景问题|背景問題
size|企业规模|企業規模|规模,規模
solution|匹配方案|匹配方案|方案要点,方案要點
source|来源渠道|來源渠道|来源,來源
special_agreements|特殊约定|特殊約定
staff|员工|員工|被评价人,被評價人
staff_count|员工人数|員工人數
stage|阶段|階段|商机阶段,商機階段
start|开始时间|開始時間
status|状态|狀態|处理状态,處理狀態
strategy|应对策略|應對策略|策略
submitted_at|提交时间|提交時間|反馈时间,反饋時間,报修时间,報修時間
submitter|提交人|提交人
success_factors|成功因素|成功因素
successor|接手人|接手人
suggestion|建议|建議
summary|沟通内容|溝通內容|摘要,回访内容,回訪內容
synced_to_sales_at|同步销售时间|同步銷售時間
team|团队|團隊|所属团队,所屬團隊
text|内容|內容|约定内容,約定內容
ticket|问题编号|問題編號|关联问题,關聯問題
tier|客户等级|客戶等級|回访等级,回訪等級
title|职务|職務|标题,標題
trend|变化趋势|變化趨勢|趋势,趨勢
triaged_at|分级时间|分級時間|定级时间,定級時間
type|反馈类型|反饋類型|类型,類型
upsell_amount|增购复购金额|增購復購金額|增购金额,增購金額
urgent|紧急|緊急|是否紧急,是否緊急
value_estimate|价值评估（元）|價值評估（元）|价值评估,價值評估
value_note|价值说明|價值說明
visitor|回访人|回訪人
year|年度|年度|年份
"""


def _parse(table: str) -> Mapping[str, Term]:
    terms = {}
    for line in table.strip().splitlines():
        name, hans, hant, *rest = line.split("|")
        aliases = tuple(a for a in (rest[0].split(",") if rest else ()) if a)
        terms[name] = Term(name, hans, hant, aliases)
    return MappingProxyType(terms)


FIELDS: Mapping[str, Term] = _parse(_TABLE)
"""Every record field's term, by field name."""


RECORD_ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "Ticket": {"number": ("问题编号", "問題編號", "工单编号", "工單編號", "ticket_number")},
        "Feedback": {"number": ("反馈编号", "反饋編號", "feedback_number")},
        "Customer": {"number": ("客户编号", "客戶編號", "customer_number", "客户编码")},
    }
)
"""Headers that name a field only in one record: a ticket's ``问题编号`` is its ``number``."""


@edge
def normalise_header(text: str) -> str:
    """A header folded for matching: NFKC (full width → half width), case, spaces, "(元)".

    Examples:
        >>> normalise_header(" Annual-Purchases（元） ")
        'annual_purchases'
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    for unit in ("(元)", "(yuan)", "(cny)"):
        folded = folded.removesuffix(unit).strip()
    return "_".join(folded.replace("-", " ").split())


@lru_cache(maxsize=64)
def _index(names: tuple[str, ...] | None, record: str | None) -> Mapping[str, str]:
    index: dict[str, str] = {}
    # the record's own spellings first: they are the more specific meaning
    for name, spellings in RECORD_ALIASES.get(record or "", {}).items():
        for spelling in spellings:
            index.setdefault(normalise_header(spelling), name)
    chosen = FIELDS.values() if names is None else (FIELDS[n] for n in names)
    for term in chosen:
        for spelling in term.spellings:
            index.setdefault(normalise_header(spelling), term.name)
    return index


@edge
def field_for(
    header: str, *, among: Iterable[str] | None = None, record: str | None = None
) -> str | None:
    """The field a column header names, or ``None``.

    ``among`` limits the candidate fields; ``record`` (a record type's name) adds the
    headers that name a field only in that record (:data:`RECORD_ALIASES`).

    Examples:
        >>> field_for("客戶名稱", among=["customer_name", "customer"])
        'customer_name'
        >>> field_for("问题编号", among=["number", "customer"], record="Ticket")
        'number'
    """
    names = None if among is None else tuple(sorted(set(among)))
    unknown = [name for name in names or () if name not in FIELDS]
    if unknown:
        raise ValidationError(
            ("field_for", "among"), unknown, "names no field of the glossary", "record field names"
        )
    return _index(names, record).get(normalise_header(header))


@edge
def markdown() -> str:
    """The glossary page's tables: record fields, then each enum's values."""
    lines = [
        "## Record fields",
        "",
        "| Field | 简体中文 | 繁體中文 | Also accepted |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{t.name}` | {t.zh_hans} | {t.zh_hant} | {', '.join(t.aliases)} |"
        for t in sorted(FIELDS.values(), key=lambda t: t.name)
    ]
    for kind in _vocabularies():
        lines += [
            "",
            f"## {kind.__name__} ({kind.__noun__})",
            "",
            "| Value | 简体中文 | 繁體中文 | Also accepted |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{m.value}` | {m.zh_hans} | {m.zh_hant} | {', '.join(m.aliases)} |" for m in kind
        ]
    return "\n".join(lines)


def _vocabularies() -> list[type[vocabulary.Vocabulary]]:
    found = [
        value
        for value in vars(vocabulary).values()
        if isinstance(value, type)
        and issubclass(value, vocabulary.Vocabulary)
        and value is not vocabulary.Vocabulary
    ]
    return sorted(found, key=lambda kind: kind.__name__)
