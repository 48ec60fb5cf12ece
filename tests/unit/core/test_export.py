"""Conversation exports: every fact a reader needs, each message's exact text, safe files."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from desktop.core.errors import KnownError
from desktop.core.export import (
    EXPORT_FORMAT_ID,
    ConversationExport,
    ExportFormat,
    conversation_json,
    conversation_markdown,
    suggested_file_name,
    write_text_atomically,
)
from desktop.core.records import Conversation, Message, MessageStatus, Role
from desktop.core.settings import GenerationSettings

EXPORTED_AT = datetime(2026, 3, 4, 15, 16, 17, tzinfo=UTC)
HASH_A = "a1" * 32
HASH_C = "c3" * 32
SYSTEM_PROMPT = "You are a careful legal assistant.\nCite the clause. ```Never``` guess.\n# Rules"

# Text that a careless export would mangle: unicode, Markdown, HTML, fences, table pipes.
USER_TEXT = "Résumé of § 4 — “notice period”? 你好 👋\n\n| a | b |\n|---|---|\n\n<div>raw</div>"
CODE_REPLY = "Here:\n\n```python\nprint('*not bold*')\n```\n\n1. **Bold** item\n2. `code` & <b>"
INTERRUPTED_REPLY = "Start of a script:\n\n```bash\necho 'unfinished"
ERROR_REPLY = "Prompt too long"


def at(minute: int) -> datetime:
    return datetime(2026, 3, 1, 9, minute, 30, tzinfo=UTC)


def make_message(
    ident: int,
    role: Role,
    content: str,
    status: MessageStatus = MessageStatus.COMPLETE,
    **fields: object,
) -> Message:
    return Message(
        id=ident,
        conversation_id=7,
        role=role,
        content=content,
        status=status,
        created_at=at(ident),
        **fields,
    )


@pytest.fixture
def conversation() -> Conversation:
    return Conversation(
        id=7,
        title="Lease dispute — Müller v. Smith",
        created_at=datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC),
        updated_at=datetime(2026, 3, 2, 18, 45, 5, tzinfo=UTC),
        settings=GenerationSettings(
            temperature=0.55,
            top_p=0.85,
            top_k=33,
            repeat_penalty=1.25,
            max_tokens=777,
            seed=4242,
            system_prompt=SYSTEM_PROMPT,
        ),
        model_name="other.gguf",
        model_sha256=HASH_C,
    )


@pytest.fixture
def messages() -> list[Message]:
    return [
        make_message(1, Role.USER, USER_TEXT),
        make_message(
            2,
            Role.ASSISTANT,
            CODE_REPLY,
            model="SmolLM2-135M.gguf",
            model_sha256=HASH_A,
            prompt_tokens=123,
            completion_tokens=45,
        ),
        make_message(3, Role.USER, "Go on"),
        make_message(
            4,
            Role.ASSISTANT,
            INTERRUPTED_REPLY,
            MessageStatus.INTERRUPTED,
            model="gemma-3-270m.gguf",
            prompt_tokens=200,
            completion_tokens=9,
        ),
        make_message(
            5, Role.ASSISTANT, ERROR_REPLY, MessageStatus.ERROR, model="SmolLM2-135M.gguf"
        ),
        make_message(
            6,
            Role.ASSISTANT,
            "Again",
            model="SmolLM2-135M.gguf",
            model_sha256=HASH_A,
        ),
    ]


def markdown(conversation: Conversation, messages: list[Message]) -> str:
    return conversation_markdown(
        conversation, messages, exported_at=EXPORTED_AT, app_version="9.8.7"
    )


def exported(conversation: Conversation, messages: list[Message]) -> ConversationExport:
    text = conversation_json(conversation, messages, exported_at=EXPORTED_AT, app_version="9.8.7")
    return ConversationExport.model_validate_json(text)


# -- Markdown ------------------------------------------------------------------------------------


def test_markdown_states_the_record_facts(conversation, messages) -> None:
    text = markdown(conversation, messages)
    assert text.startswith("# Lease dispute — Müller v. Smith\n")
    assert "| Created | 2026-03-01T09:00:00Z |" in text
    assert "| Last updated | 2026-03-02T18:45:05Z |" in text
    assert "| Exported | 2026-03-04T15:16:17Z |" in text
    assert "| Exported by | Cloister 9.8.7 |" in text
    assert "| Messages | 6 (2 not complete) |" in text


def test_markdown_names_each_model_once_with_its_hash_in_order_of_first_use(
    conversation, messages
) -> None:
    text = markdown(conversation, messages)
    models = text.split("## Models")[1].split("## Generation settings")[0]
    assert models.strip().splitlines() == [
        f"- `SmolLM2-135M.gguf`, SHA-256: `{HASH_A}`",
        "- `gemma-3-270m.gguf`, SHA-256: unknown",
        "- `SmolLM2-135M.gguf`, SHA-256: unknown",  # the error reply: hash not recorded
    ]
    assert "other.gguf" not in text  # replies name their models; no need for the fallback


def test_markdown_falls_back_to_the_conversations_model(conversation) -> None:
    text = markdown(conversation, [make_message(1, Role.USER, "Hello")])
    assert f"- `other.gguf`, SHA-256: `{HASH_C}`" in text


def test_markdown_says_unknown_when_no_model_is_recorded(conversation) -> None:
    bare = conversation.model_copy(update={"model_name": None, "model_sha256": None})
    assert "- unknown (no model is recorded" in markdown(bare, [])


def test_markdown_lists_every_generation_setting(conversation, messages) -> None:
    text = markdown(conversation, messages)
    for name, value in conversation.settings.model_dump().items():
        if name != "system_prompt":
            assert f"| {name} | {value} |" in text
    # Verbatim in a fence longer than any backtick run inside it.
    assert f"\n````text\n{SYSTEM_PROMPT}\n````\n" in text


def test_markdown_shows_an_empty_system_prompt_and_unset_seed(conversation) -> None:
    plain = conversation.model_copy(update={"settings": GenerationSettings()})
    text = markdown(plain, [])
    assert "| seed | not set |" in text
    assert "*(empty: the model's own default" in text


def test_markdown_keeps_each_message_verbatim_under_a_heading(conversation, messages) -> None:
    text = markdown(conversation, messages)
    assert "### User — 2026-03-01 09:01 UTC\n\n*Time: 2026-03-01T09:01:30Z" in text
    assert f"Status: complete*\n\n{USER_TEXT}\n\n---\n" in text
    assert "### Assistant — 2026-03-01 09:02 UTC" in text
    assert (
        "*Time: 2026-03-01T09:02:30Z · Status: complete · Model: SmolLM2-135M.gguf"
        " · Prompt tokens: 123 · Completion tokens: 45*"
    ) in text
    assert f"\n{CODE_REPLY}\n\n---\n" in text
    assert "\nGo on\n" in text


def test_markdown_marks_replies_that_are_not_complete(conversation, messages) -> None:
    text = markdown(conversation, messages)
    interrupted = text.split("### Assistant — 2026-03-01 09:04 UTC")[1].split("### ")[0]
    assert "Status: interrupted" in interrupted
    assert "> **Not complete (interrupted):** the model stopped before finishing" in interrupted
    failed = text.split("### Assistant — 2026-03-01 09:05 UTC")[1].split("### ")[0]
    assert "> **Not complete (error):** the model could not answer." in failed
    assert ERROR_REPLY in failed
    completed = text.split("### Assistant — 2026-03-01 09:06 UTC")[1]
    assert "Not complete" not in completed


def test_an_unclosed_code_block_is_closed_so_later_messages_stay_out_of_it(
    conversation, messages
) -> None:
    text = markdown(conversation, messages)
    assert f"\n{INTERRUPTED_REPLY}\n```\n\n---\n" in text


@pytest.mark.parametrize(
    "content",
    ["```\nclosed\n```", "~~~~\n```\nstill code\n~~~~", "inline ```not a fence``` here"],
)
def test_closed_or_inline_fences_are_left_alone(conversation, content: str) -> None:
    text = markdown(conversation, [make_message(1, Role.ASSISTANT, content)])
    assert f"\n{content}\n\n---\n" in text


def test_an_empty_message_is_said_to_have_no_text(conversation) -> None:
    empty = make_message(1, Role.ASSISTANT, "", MessageStatus.CANCELLED)
    text = markdown(conversation, [empty])
    assert "> **Not complete (cancelled):** stopped by the user" in text
    assert "*(no text)*" in text


def test_markdown_escapes_markup_in_the_title(conversation) -> None:
    tricky = conversation.model_copy(update={"title": "# Not *bold* | <b>x</b>\nline"})
    text = markdown(tricky, [])
    assert text.startswith(r"# \# Not \*bold\* \| \<b\>x\</b\> line" + "\n")
    assert r"| Title | \# Not \*bold\* \| \<b\>x\</b\> line |" in text


def test_times_are_given_in_utc(conversation) -> None:
    paris = timezone(timedelta(hours=1))
    local = conversation.model_copy(
        update={"created_at": datetime(2026, 3, 1, 10, 0, tzinfo=paris)}
    )
    assert "| Created | 2026-03-01T09:00:00Z |" in markdown(local, [])
    naive = conversation.model_copy(update={"created_at": datetime(2026, 3, 1, 9, 0)})
    assert "| Created | 2026-03-01T09:00:00Z |" in markdown(naive, [])


# -- JSON ----------------------------------------------------------------------------------------


def test_json_round_trips_through_its_model(conversation, messages) -> None:
    record = exported(conversation, messages)
    assert record.format == EXPORT_FORMAT_ID
    assert (record.app.name, record.app.version) == ("Cloister", "9.8.7")
    assert record.exported_at == EXPORTED_AT
    assert record.conversation.title == conversation.title
    assert record.conversation.created_at == conversation.created_at
    assert record.conversation.updated_at == conversation.updated_at
    assert record.settings == conversation.settings
    assert [(m.name, m.sha256) for m in record.models] == [
        ("SmolLM2-135M.gguf", HASH_A),
        ("gemma-3-270m.gguf", None),
        ("SmolLM2-135M.gguf", None),
    ]


def test_json_keeps_every_message_exactly(conversation, messages) -> None:
    record = exported(conversation, messages)
    assert len(record.messages) == len(messages)
    for got, want in zip(record.messages, messages, strict=True):
        assert got.model_dump() == want.model_dump(exclude={"conversation_id"})


def test_json_is_readable_text(conversation, messages) -> None:
    text = conversation_json(conversation, messages, exported_at=EXPORTED_AT, app_version="1")
    assert "你好 👋" in text  # not \u-escaped
    assert text.startswith('{\n  "format": "cloister.conversation/1",')
    data = json.loads(text)
    assert data["settings"]["system_prompt"] == SYSTEM_PROMPT
    assert data["messages"][3]["status"] == "interrupted"
    assert data["exported_at"] == "2026-03-04T15:16:17Z"


def test_json_model_refuses_unknown_fields_and_formats(conversation, messages) -> None:
    data = json.loads(exported(conversation, messages).model_dump_json())
    with pytest.raises(ValidationError):
        ConversationExport.model_validate({**data, "surprise": 1})
    with pytest.raises(ValidationError):
        ConversationExport.model_validate({**data, "format": "cloister.conversation/2"})


# -- file names and writing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [(ExportFormat.MARKDOWN, ".md"), (ExportFormat.JSON, ".json"), (ExportFormat.PDF, ".pdf")],
)
def test_each_format_has_its_suffix(fmt: ExportFormat, suffix: str) -> None:
    assert fmt.suffix == suffix
    assert fmt.label


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lease review", "Lease review.md"),
        ('a/b\\c:d*?"<>|', "a - b - c - d.md"),
        ("", "conversation.md"),
        ("  ...  ", "conversation.md"),
        ("///", "conversation.md"),
        ("tab\tand\nnewline", "tab and newline.md"),
        (".hidden", "hidden.md"),
        ("CON", "CON_.md"),
        ("Résumé 你好", "Résumé 你好.md"),
    ],
)
def test_file_names_are_safe(conversation, title: str, expected: str) -> None:
    titled = conversation.model_copy(update={"title": title})
    assert suggested_file_name(titled, ExportFormat.MARKDOWN) == expected


@pytest.mark.parametrize("character", ["x", "😀"])
def test_long_titles_make_short_file_names(conversation, character: str) -> None:
    titled = conversation.model_copy(update={"title": character * 500})
    name = suggested_file_name(titled, ExportFormat.PDF)
    assert name.endswith(".pdf")
    assert len(name) <= 84
    assert len(name.encode("utf-8")) <= 255


def test_write_text_atomically_writes_exact_bytes_and_leaves_no_temp_file(tmp_path) -> None:
    target = tmp_path / "record.md"
    target.write_text("old", encoding="utf-8")
    write_text_atomically(target, "line 1\nline 2 — ü\n")
    assert target.read_bytes() == "line 1\nline 2 — ü\n".encode()
    assert list(tmp_path.iterdir()) == [target]


def test_writing_into_a_missing_folder_is_a_known_error(tmp_path) -> None:
    target = tmp_path / "missing" / "record.md"
    with pytest.raises(KnownError, match=r"Could not export to .*record\.md: "):
        write_text_atomically(target, "text")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replace_removes_the_temp_file(tmp_path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(KnownError, match="Could not export to"):
        write_text_atomically(target, "text")
    assert list(tmp_path.iterdir()) == [target]
    assert list(target.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_writing_into_a_read_only_folder_is_a_known_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(KnownError, match="Could not export to"):
            write_text_atomically(folder / "record.md", "text")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_exports_carry_the_cited_passages_with_file_page_and_document_hash():
    from desktop.core.documents import AnswerSources, SourceRef

    def source(number: int, page: int, text: str) -> SourceRef:
        return SourceRef(
            number=number,
            document_id=1,
            document_name="Lease *final*.pdf",
            document_sha256="ab" * 32,
            page=page,
            start=5,
            end=30,
            text=text,
        )

    sources = AnswerSources(
        given=(source(1, 2, "Rent is 900 a month."), source(2, 7, "Never cited passage.")),
        cited=(1,),
    )
    conversation = Conversation(id=1, title="Lease")
    reply = Message(
        id=2, conversation_id=1, role=Role.ASSISTANT, content="Rent is 900 [1].", sources=sources
    )
    markdown = conversation_markdown(
        conversation, [reply], exported_at=datetime(2026, 1, 1, tzinfo=UTC), app_version="1"
    )
    assert "#### Sources cited" in markdown
    assert "Lease \\*final\\*.pdf, page 2" in markdown and "ab" * 32 in markdown
    assert "> Rent is 900 a month." in markdown
    assert "Never cited passage" not in markdown
    exported = json.loads(
        conversation_json(
            conversation, [reply], exported_at=datetime(2026, 1, 1, tzinfo=UTC), app_version="1"
        )
    )
    assert exported["messages"][0]["sources"]["cited"] == [1]
    assert exported["messages"][0]["sources"]["given"][0]["document_sha256"] == "ab" * 32


def test_a_hostile_title_is_clean_in_the_record_and_messages_stay_exact(conversation) -> None:
    """Issue 20: a title (stored by an older version) with NUL, ESC and U+202E; the message
    text keeps them all."""
    hostile = "Lease\x00 \x1b[1mreview\u202etxt.exe"
    titled = conversation.model_copy(update={"title": hostile})
    content = "keep\x00 these\x1b[1m \u202eexactly"
    message = make_message(1, Role.USER, content)
    markdown = conversation_markdown(titled, [message], exported_at=EXPORTED_AT, app_version="1")
    assert markdown.startswith("# Lease \\[1mreviewtxt.exe\n")
    assert content in markdown
    assert markdown.count("\u202e") == markdown.count("\x00") == 1  # the message's own
    record = json.loads(
        conversation_json(titled, [message], exported_at=EXPORTED_AT, app_version="1")
    )
    assert record["conversation"]["title"] == "Lease [1mreviewtxt.exe"
    assert record["messages"][0]["content"] == content
    assert suggested_file_name(titled, ExportFormat.JSON) == "Lease [1mreviewtxt.exe.json"
