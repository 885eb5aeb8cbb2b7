"""One-line summaries of the spec's prose, for docstrings, README tables, examples and MCP tools."""

from __future__ import annotations

import re

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")


def first_sentence(text: str | None, limit: int = 200) -> str:
    """The first sentence of `text` on one line, without Markdown links or HTML, at most
    `limit` characters (an ellipsis marks a cut)."""
    text = _HTML_TAG.sub(" ", _MD_LINK.sub(r"\1", text or ""))
    text = " ".join(text.split())
    for end in (". ", "! ", "? "):
        index = text.find(end)
        # "e.g. " and "i.e. " are not sentence ends
        while index != -1 and text[max(0, index - 3) : index + 1].lower() in ("e.g.", "i.e."):
            index = text.find(end, index + 2)
        if index != -1:
            text = text[: index + 1]
    if len(text) > limit:
        text = text[: limit - 1].rstrip(" ,;:") + "…"
    return text
