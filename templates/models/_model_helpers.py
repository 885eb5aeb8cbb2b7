"""Convenience behaviour for generated models, shipped verbatim beside `models.py`.

datamodel-code-generator makes the named models subclass these (its `base_class_map`),
so the properties users expect from the official SDKs exist without editing generated code.
"""

from __future__ import annotations

from typing import Any, Literal

import pydantic


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: `to_dict()` and `to_json()` as in the official SDK
    (API field names, only the fields the API sent). Validators are built on first use, not at
    import: a first call builds only the models its response holds, not the hundreds its resource
    module defines."""

    model_config = pydantic.ConfigDict(defer_build=True)

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """The model as a dict; `mode="json"` gives JSON types only (datetimes as strings)."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as a JSON string (indented by 2 unless `indent=None`)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


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
