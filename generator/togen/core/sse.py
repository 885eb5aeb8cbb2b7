"""Server-sent events as text: the one parser and writer the contract checks, the
mutation proxy and the mock use. (The generated client has its own streaming runtime in
templates/runtime/_streaming.py: it ships without togen.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DONE = "[DONE]"


@dataclass
class SSEEvent:
    event: str | None
    data: str

    @property
    def is_done(self) -> bool:
        return self.data.strip() == DONE


def parse_sse(text: str) -> list[SSEEvent]:
    """Blank-line separated blocks; `data:` lines joined by newlines; comments (`:`) and
    unknown fields ignored; a last block without its blank line still counts."""
    events: list[SSEEvent] = []
    event: str | None = None
    data: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line == "":
            if data:
                events.append(SSEEvent(event, "\n".join(data)))
            event, data = None, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "event":
            event = value
    if data:
        events.append(SSEEvent(event, "\n".join(data)))
    return events


def encode_event(data: str, event: str | None = None) -> str:
    """One event block, `data:` per line of `data`, ending in the blank line."""
    head = f"event: {event}\n" if event else ""
    return head + "".join(f"data: {line}\n" for line in data.split("\n")) + "\n"


def encode_sse(events: Iterable[SSEEvent]) -> str:
    return "".join(encode_event(e.data, e.event) for e in events)
