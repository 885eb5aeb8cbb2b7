"""Convenience behaviour for generated models, shipped verbatim beside `models.py`.

datamodel-code-generator makes the named models subclass these (its `base_class_map`),
so the properties users expect from the official SDKs exist without editing generated code.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ResponseHelpers(BaseModel):
    """Base of the Responses API's `Response` model."""

    @property
    def output_text(self) -> str:
        """The text of every `output_text` part of every `message` output item, concatenated
        (as `response.output_text` in the official OpenAI SDK)."""
        texts: list[str] = []
        output: list[Any] = getattr(self, "output", None) or []
        for item in output:
            if getattr(item, "type", None) != "message":
                continue
            for part in getattr(item, "content", None) or []:
                if getattr(part, "type", None) == "output_text":
                    texts.append(part.text)
        return "".join(texts)
