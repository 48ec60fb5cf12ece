"""Sources under an answer: only the cited ones, as links that open the page; problems flagged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from desktop.core.documents import AnswerSources, SourceRef
from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat.chat_view import ChatView
from tests.unit.ui.chat.transcript import lines


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    qtbot.addWidget(widget)
    return widget


def source(number: int, name: str, page: int) -> SourceRef:
    return SourceRef(
        number=number,
        document_id=10 + number,
        document_name=name,
        document_sha256="ab" * 32,
        page=page,
        start=5,
        end=40,
        text="The tenant shall pay rent monthly.",
        chunk_id=100 + number,
    )


GIVEN = (
    source(1, "Memo.docx", 1),
    source(2, "Lease agreement.pdf", 4),
    source(3, "Letter.eml", 1),
)


def answer(content: str, sources: AnswerSources | None, message_id: int = 7) -> Message:
    return Message(
        id=message_id, conversation_id=1, role=Role.ASSISTANT, content=content, sources=sources
    )


def test_only_the_cited_sources_are_listed_in_order_of_citation(view) -> None:
    sources = AnswerSources(given=GIVEN, cited=(2, 1))
    view.add_message(answer("Rent is due monthly [2], as the memo says [1].", sources))

    assert lines(view)[-3:] == [
        "Sources",
        "[2] Lease agreement.pdf, page 4",
        "[1] Memo.docx, page 1",
    ]
    assert "Letter.eml" not in view.toPlainText()  # given, never cited
    assert view.source_links() == [
        ("[2] Lease agreement.pdf, page 4", "cloister-source:7:2"),
        ("[1] Memo.docx, page 1", "cloister-source:7:1"),
    ]


def test_clicking_a_source_emits_the_passage_it_points_at(view, qtbot) -> None:
    view.add_message(answer("Monthly [2].", AnswerSources(given=GIVEN, cited=(2,))))

    with qtbot.waitSignal(view.source_activated) as clicked:
        view.anchorClicked.emit(QUrl("cloister-source:7:2"))
    assert clicked.args == [GIVEN[1]]
    assert not view.openLinks()  # nothing opens by itself


def test_other_links_and_unknown_sources_emit_nothing(view, qtbot) -> None:
    view.add_message(
        answer("See [2] and https://example.com", AnswerSources(given=GIVEN, cited=(2,)))
    )
    emitted: list[object] = []
    view.source_activated.connect(emitted.append)

    for url in ("https://example.com", "cloister-source:7:3", "cloister-source:99:2", "x:y:z"):
        view.anchorClicked.emit(QUrl(url))
    assert emitted == []  # [3] was given but not cited; message 99 is not shown


def test_a_number_that_matches_no_source_is_flagged(view) -> None:
    view.add_message(
        answer("Rent [2]; deposit [9].", AnswerSources(given=GIVEN, cited=(2,), unknown=(9,)))
    )

    assert "[2] Lease agreement.pdf, page 4" in lines(view)
    assert lines(view)[-1] == "⚠ The answer cites [9], which matches no source: check it yourself."


def test_an_answer_citing_nothing_is_flagged_and_lists_no_sources(view) -> None:
    view.add_message(answer("Rent is due monthly.", AnswerSources(given=GIVEN)))

    assert "Sources" not in lines(view)
    assert lines(view)[-1] == (
        "⚠ The answer cites none of its sources: check it against the documents."
    )


def test_whole_documents_and_notes_are_shown(view) -> None:
    sources = AnswerSources(
        given=GIVEN[:1],
        cited=(1,),
        whole_documents=("memo.txt",),
        note="Keyword search only: no embedding model is installed.",
    )
    view.add_message(answer("Yes [1].", sources))

    assert lines(view)[-2:] == [
        "Given whole: memo.txt",
        "Keyword search only: no embedding model is installed.",
    ]


def test_a_streamed_reply_shows_its_sources_when_it_ends(view, qtbot) -> None:
    view.begin_reply(message_id=21)
    view.append_to_reply("Monthly [1].")
    view.end_reply(MessageStatus.COMPLETE, sources=AnswerSources(given=GIVEN, cited=(1,)))

    assert lines(view) == ["Assistant", "Monthly [1].", "Sources", "[1] Memo.docx, page 1"]
    with qtbot.waitSignal(view.source_activated) as clicked:
        view.anchorClicked.emit(QUrl(view.source_links()[0][1]))
    assert clicked.args == [GIVEN[0]]


def test_a_streamed_reply_of_unknown_id_still_gets_working_links(view, qtbot) -> None:
    view.begin_reply("Monthly [1].")
    view.end_reply(MessageStatus.COMPLETE, sources=AnswerSources(given=GIVEN, cited=(1,)))

    [(_, anchor)] = view.source_links()
    with qtbot.waitSignal(view.source_activated) as clicked:
        view.anchorClicked.emit(QUrl(anchor))
    assert clicked.args == [GIVEN[0]]


def test_text_after_the_sources_is_not_a_link(view) -> None:
    view.add_message(answer("Monthly [1].", AnswerSources(given=GIVEN, cited=(1,))))
    view.add_message(Message(id=8, conversation_id=1, role=Role.USER, content="And the deposit?"))

    assert lines(view)[-1] == "And the deposit?"
    assert [text for text, _ in view.source_links()] == ["[1] Memo.docx, page 1"]


def test_answers_without_sources_look_as_before(view) -> None:
    view.show_messages([answer("It is 4.", None)])
    assert lines(view) == ["Assistant", "It is 4."]
    assert view.source_links() == []


def test_showing_another_conversation_forgets_the_old_links(view) -> None:
    view.add_message(answer("Monthly [1].", AnswerSources(given=GIVEN, cited=(1,))))
    view.show_messages([answer("Other.", None, message_id=8)])
    assert view.source(7, 1) is None
