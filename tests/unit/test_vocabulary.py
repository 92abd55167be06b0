import pytest

from salescare.errors import ValidationError, WrongTypeError
from salescare.models import Grade, Health, Level, TicketStatus
from salescare.vocabulary import (
    CompanySize,
    FeedbackCategory,
    HandoverStatus,
    Vocabulary,
)

ALL_VOCABULARIES = Vocabulary.__subclasses__()


def test_design_enums_exist():
    names = {cls.__name__ for cls in ALL_VOCABULARIES}
    assert {
        "Level",
        "TicketStatus",
        "HandoverStatus",
        "FeedbackType",
        "FeedbackCategory",
        "Feasibility",
        "Grade",
        "Health",
        "Trend",
        "CompanySize",
        "Role",
    } <= names


@pytest.mark.parametrize("kind", ALL_VOCABULARIES, ids=lambda k: k.__name__)
def test_every_member_parses_from_each_label(kind):
    for member in kind:
        assert member.zh_hans, member
        assert member.zh_hant, member
        assert kind.parse(member.value) is member
        assert kind.parse(member.zh_hans) is member
        assert kind.parse(member.zh_hant) is member
        assert kind.parse(member.name) is member
        for alias in member.aliases:
            assert kind.parse(alias) is member, (alias, member)


@pytest.mark.parametrize("kind", ALL_VOCABULARIES, ids=lambda k: k.__name__)
def test_no_spelling_names_two_members(kind):
    seen: dict[str, object] = {}
    for member in kind:
        for spelling in {member.value, member.zh_hans, member.zh_hant, *member.aliases}:
            key = spelling.casefold()
            assert seen.setdefault(key, member) is member, (spelling, seen[key], member)


def test_spreadsheet_spellings():
    assert TicketStatus.parse("已關閉") is TicketStatus.CLOSED
    assert Level.parse("L1级") is Level.L1
    assert Level.parse("L1級") is Level.L1
    assert Level.parse("紧急") is Level.L1
    assert Level.parse("ｌ２") is Level.L2  # full-width
    assert TicketStatus.parse("In Progress") is TicketStatus.IN_PROGRESS
    assert TicketStatus.parse("in-progress") is TicketStatus.IN_PROGRESS
    assert Health.parse("亞健康") is Health.SUB_HEALTHY
    assert HandoverStatus.parse("待確認") is HandoverStatus.PENDING
    assert FeedbackCategory.parse("銷售機會類") is FeedbackCategory.SALES_OPPORTUNITY
    assert Grade.parse("A类客户") is Grade.A
    assert CompanySize.parse("中型") is CompanySize.MEDIUM


def test_enum_call_accepts_labels_too():
    assert Level("緊急") is Level.L1


def test_unknown_label_message():
    with pytest.raises(ValidationError) as info:
        Level.parse("L4", field=("Ticket", "level"))
    assert str(info.value) == (
        "Ticket.level: 'L4' is not a ticket level; expected one of L1, L2, L3 (or 紧急/重要/一般)"
    )


def test_non_text_is_a_type_error():
    with pytest.raises(WrongTypeError, match="is not a ticket level"):
        Level.parse(1)


def test_members_are_plain_strings_for_json_and_frames():
    assert Level.L1 == "L1"
    assert f"{TicketStatus.CLOSED}" == "closed"
    assert Level.L1.label == "L1 紧急"
