"""Hostile characters in a conversation's first message never reach its title, the list or the
suggested export name, while the message itself is kept byte for byte (issue 20).

On the real encrypted store, with the real window and controllers; only the model is faked.
"""

from __future__ import annotations

from desktop.core.export import ExportFormat
from desktop.core.records import Role
from tests.unit.ui.library.test_library_controller import Library, lib  # noqa: F401 (the fixture)

# NUL, an ANSI colour escape, a right-to-left override that would show "exe.fdp" as "pdf.exe".
HOSTILE_PROMPT = "Lease\x00 review \x1b[31mdraft\u202egpj.exe\nsecond line\x1b\u202e\x00"
CLEAN_TITLE = "Lease review [31mdraftgpj.exe"
BAD_CHARACTERS = ("\x00", "\x1b", "\u202e")


def _send(lib: Library, prompt: str) -> None:  # noqa: F811 (the fixture's name)
    lib.window.prompt_box.setPlainText(prompt)
    lib.window.send_button.click()
    lib.qtbot.waitUntil(lambda: bool(lib.chat._engine.generated))


def _suggested_names(lib: Library, conversation_id: int, monkeypatch) -> list[str]:  # noqa: F811
    asked: list[str] = []
    monkeypatch.setattr(lib.window.sidebar, "ask_export_path", lambda name, fmt: asked.append(name))
    for fmt in ExportFormat:
        lib.menu_action(conversation_id, fmt.label).trigger()
    return asked


def test_a_hostile_first_message_makes_a_clean_title_and_export_name(
    lib: Library,  # noqa: F811
    monkeypatch,
) -> None:
    _send(lib, HOSTILE_PROMPT)
    [conversation] = lib.store.conversations()
    assert conversation.title == CLEAN_TITLE  # saved clean: a title is metadata

    lib.qtbot.waitUntil(lambda: lib.window.conversation_list.count() == 1)
    item = lib.window.conversation_list.item(0)
    assert item.text() == CLEAN_TITLE
    assert not any(bad in item.toolTip() for bad in BAD_CHARACTERS)

    assert _suggested_names(lib, conversation.id, monkeypatch) == [
        CLEAN_TITLE + fmt.suffix for fmt in ExportFormat
    ]
    [message] = [m for m in lib.store.messages(conversation.id) if m.role == Role.USER]
    assert message.content.encode("utf-8") == HOSTILE_PROMPT.encode("utf-8")  # byte-exact


def test_a_title_stored_before_the_fix_is_shown_clean(lib: Library, monkeypatch) -> None:  # noqa: F811
    conversation_id = lib.add("placeholder", "text")
    # A title saved by an older version, straight into the encrypted store.
    lib.store._db.execute(
        "UPDATE conversations SET title = ? WHERE id = ?",
        ["Invoice\u202efdp.exe\x1b[2J\x00", conversation_id],
    )
    assert lib.refreshed() == ["Invoicefdp.exe[2J"]
    item = lib.window.conversation_list.item(0)
    assert not any(bad in item.toolTip() for bad in BAD_CHARACTERS)
    assert _suggested_names(lib, conversation_id, monkeypatch)[0] == "Invoicefdp.exe[2J.md"


def test_a_rename_is_saved_clean(lib: Library, monkeypatch) -> None:  # noqa: F811
    conversation = lib.add("Draft")
    monkeypatch.setattr(
        lib.window.sidebar, "ask_title", lambda current: "Smith\u202e v.\x00 Jones\x1b"
    )
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(conversation, "Rename…").trigger()
    assert lib.store.conversation(conversation).title == "Smith v. Jones"
    assert lib.refreshed() == ["Smith v. Jones"]


def test_search_results_show_titles_and_snippets_clean(lib: Library) -> None:  # noqa: F811
    conversation_id = lib.add("placeholder", "the deposit\u202e was\x1b kept")
    lib.store._db.execute(
        "UPDATE conversations SET title = ? WHERE id = ?", ["Tenancy\u202e\x00", conversation_id]
    )
    with lib.qtbot.waitSignal(lib.library.searched, timeout=10_000):
        lib.window.sidebar.search_box.setText("deposit")
    results = lib.window.sidebar.search_results
    label = results.itemWidget(results.item(0))
    assert "Tenancy" in label.text() and "<b>deposit</b>" in label.text()
    assert not any(bad in label.text() + label.toolTip() for bad in BAD_CHARACTERS)
