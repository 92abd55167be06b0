from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare.completeness import DEFAULT_VAGUE_PHRASES, handover_gaps, is_vague
from salescare.ids import ContractNo, CustomerNo, StaffNo
from salescare.models import Attachment, CompanySize, Contact, Handover, SpecialAgreement
from salescare.testing import handovers

READY = Handover(
    customer=CustomerNo.parse("CUS20240515001"),
    customer_name="科技有限公司",
    industry="制造业-汽车零部件",
    size=CompanySize.MEDIUM,
    signed_on=date(2024, 5, 15),
    contract_number=ContractNo.parse("HT20240515001"),
    contract_amount=500000,
    sales_owner=StaffNo.parse("S0123"),
    contacts=(
        Contact(name="赵六", title="采购经理", phone="13812345678", is_primary=True),
        Contact(name="钱七", title="总经理", email="qian@example.cn", is_decision_maker=True),
    ),
    requirement_history="需要支持多语言切换；要求数据导出格式为Excel",
    special_agreements=(
        SpecialAgreement(
            text="非工作时间紧急问题需2小时内响应", confirmed_by=StaffNo.parse("S0001")
        ),
    ),
    attachments=(Attachment(name="软件采购合同", format="pdf"),),
)


def test_a_complete_form_has_no_gaps():
    assert handover_gaps(READY) == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "客户有定制化需求",
        "客戶有客製化需求",
        "TBD",
        "t.b.d.",
        "N/A",
        "无",
        "详见合同",
        "Customer has custom needs.",
        "略",
    ],
)
def test_placeholders_are_vague(text):
    assert is_vague(text)
    gaps = handover_gaps(attrs.evolve(READY, requirement_history=text))
    assert [g.field for g in gaps] == ["requirement_history"]
    assert gaps[0].rule == "HO-6"


@pytest.mark.parametrize("text", ["需要支持多语言切换", "多语切换", "Export to Excel monthly"])
def test_concrete_text_is_not_vague(text):
    assert not is_vague(text)


def test_unconfirmed_or_vague_special_agreement():
    form = attrs.evolve(READY, special_agreements=(SpecialAgreement(text="待定"),))
    assert [g.field for g in handover_gaps(form)] == [
        "special_agreements[0].text",
        "special_agreements[0].confirmed_by",
    ]


def test_primary_contact_must_have_a_phone_and_files_must_be_listed():
    form = attrs.evolve(
        READY,
        contacts=(
            Contact(name="赵六", email="zl@example.cn", is_primary=True, is_decision_maker=True),
        ),
        attachments=(),
    )
    gaps = handover_gaps(form)
    assert [g.field for g in gaps] == ["contacts[0].phone", "attachments"]
    assert str(gaps[0]).endswith("(HO-6)")


def test_custom_phrase_list_is_used():
    form = attrs.evolve(READY, requirement_history="see the statement of work")
    assert handover_gaps(form) == ()
    gaps = handover_gaps(form, phrases=DEFAULT_VAGUE_PHRASES | {"see the statement of work"})
    assert [g.field for g in gaps] == ["requirement_history"]


@given(handovers(), st.sampled_from(sorted(DEFAULT_VAGUE_PHRASES)))
def test_any_placeholder_history_is_a_gap(form, phrase):
    gaps = handover_gaps(attrs.evolve(form, requirement_history=phrase))
    assert "requirement_history" in {g.field for g in gaps}
