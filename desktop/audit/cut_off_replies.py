"""Replies cut off by a crash get their `chat.reply` record at the next start (issue 20).

A reply is recorded when it ends; a crash (kill -9, power cut) ends it without a record, and
its row stays `streaming`. At the next start each such reply is recorded as interrupted, with
the text saved so far (its digest, or the text where the policy keeps content) and the model
its row names, and only then marked interrupted in the store. The two are separate databases,
so a crash between them is possible: a reply whose record is already in the log (by its
message id, written since the reply began) is not recorded again. Exactly once, either way.
"""

from __future__ import annotations

from desktop.audit.log import AuditLog
from desktop.core.audit_events import (
    ActorRole,
    AuditEvent,
    EventType,
    Outcome,
    conversation_event,
    text_digest,
)
from desktop.core.records import Message, MessageStatus, utc_millis
from desktop.storage.conversations import ConversationStore


def cut_off_reply_event(reply: Message) -> AuditEvent:
    """The record a reply would have had, had the app lived: interrupted, as saved."""
    return conversation_event(
        EventType.REPLY_GENERATE,
        reply.conversation_id,
        outcome=Outcome.FAILURE,
        reason=str(MessageStatus.INTERRUPTED),
        reply=text_digest(reply.content),
        message_id=reply.id,
        interrupted=True,
        recorded_at_start=True,  # the app that streamed it did not live to record it
        model=reply.model,
        model_sha256=reply.model_sha256,
        completion_tokens=reply.completion_tokens,
    )


def record_cut_off_replies(store: ConversationStore, audit: AuditLog) -> int:
    """Record every reply a crash cut off, then mark them interrupted; how many were cut off."""
    replies = store.unfinished_replies()
    if replies:
        since = utc_millis(min(reply.created_at for reply in replies))
        recorded = audit.recorded_replies(since)
        for reply in replies:
            if reply.id not in recorded:
                audit.record(cut_off_reply_event(reply), ActorRole.SYSTEM)
    store.mark_unfinished_interrupted()
    return len(replies)
