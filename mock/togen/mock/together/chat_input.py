"""What a chat request asks for beyond its messages: the `response_format` (text, JSON
object, JSON schema in Together's or OpenAI's form, regex), the `logprobs` wanted per
token, and its `image_url` parts, validated (http(s) URLs or base64 data URLs of real
PNG, JPEG, GIF or WebP bytes) and never fetched."""

from __future__ import annotations

import base64
import re
from typing import Any

from togen.mock.engine.call import bad_request
from togen.mock.engine.context import Context
from togen.mock.together.rejection import reject
from togen.spec.request_rules import IMAGE, RESPONSE_FORMAT


def response_format(body: dict[str, Any]) -> tuple[str, Any]:
    """("text" | "json_object" | "json_schema" | "regex", schema or pattern)."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict):
        return "text", None
    kind = fmt.get("type")
    if kind == "json_schema":
        schema = fmt.get("schema")  # Together's form
        inner = fmt.get("json_schema")
        if schema is None and isinstance(inner, dict):
            schema = inner.get("schema")  # OpenAI's form
        return ("json_schema", schema) if schema is not None else ("json_object", None)
    if kind == "json_object":
        return "json_object", None
    if kind == "regex":
        pattern = fmt.get("pattern")
        if not isinstance(pattern, str):
            raise reject(
                RESPONSE_FORMAT, "response_format.pattern must be a string.", "response_format/pattern"
            )
        return "regex", pattern
    return "text", None


def logprobs_count(body: dict[str, Any]) -> int | None:
    """Entries per token asked for: `logprobs: N` (Together) or `logprobs: true, top_logprobs: N` (OpenAI)."""
    value = body.get("logprobs")
    if value is True:
        top = body.get("top_logprobs")
        return top if isinstance(top, int) and not isinstance(top, bool) and top >= 0 else 0
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


_DATA_URL = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,(.*)$", re.S)
_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "jpg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


def check_images(app: Context, body: dict[str, Any]) -> int:
    """Validate `image_url` content parts (http(s) URLs or base64 data URLs of PNG, JPEG, GIF or
    WebP whose bytes start like one); nothing is fetched. Returns the number of images."""
    count = 0
    for m_index, message in enumerate(body.get("messages") or []):
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        for p_index, part in enumerate(content):
            if not isinstance(part, dict) or part.get("type") != "image_url":
                continue
            where = f"messages/{m_index}/content/{p_index}/image_url"
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else image
            if not isinstance(url, str) or not url:
                raise reject(IMAGE, "image_url.url must be a non-empty string.", where)
            count += 1
            if not url.startswith(("http://", "https://")):
                _check_data_url(url, where)
    if count and app.settings.strict_models:
        flags = app.model_flags(body.get("model", ""))
        if flags is not None and not flags.get("vision"):
            raise bad_request(
                f"Model {body.get('model')} does not support image inputs.", "model", "model_not_vision"
            )
    return count


def _check_data_url(url: str, where: str) -> None:
    match = _DATA_URL.match(url)
    if match is None:
        raise reject(
            IMAGE,
            "image_url.url must be an http(s) URL or a base64 data URL "
            "(data:image/png|jpeg|gif|webp;base64,...).",
            where,
            "invalid_image_url",
        )
    try:
        data = base64.b64decode(match.group(2), validate=True)
    except ValueError:
        raise reject(IMAGE, "image_url.url: invalid base64 image data.", where, "invalid_image") from None
    if not data.startswith(_MAGIC[match.group(1)]):
        raise reject(
            IMAGE, f"image_url.url: the data is not a {match.group(1)} image.", where, "invalid_image"
        )
