"""The transcript's text without the cards' chrome: what the tests compare.

A card's header ("Assistant · 14:05 · SmolLM2") reads as its speaker only, its footer of action
links and the empty lines between cards are left out.
"""

from __future__ import annotations

from desktop.ui.chat.chat_view import ChatView
from desktop.ui.chat.message_cards import CARD_PROPERTY, HEADER_PROPERTY


def lines(view: ChatView) -> list[str]:
    found = []
    block = view.document().begin()
    while block.isValid():
        text = block.text().replace("\u2028", "\n")
        is_footer = block.blockFormat().hasProperty(CARD_PROPERTY)
        is_header = block.blockFormat().hasProperty(HEADER_PROPERTY)
        if is_header:
            found.append(text.split(" · ")[0])
        elif text and not is_footer:
            found.extend(text.split("\n"))
        block = block.next()
    return found


def transcript(view: ChatView) -> str:
    return "\n".join(lines(view))
