"""Positive cases a correct client would send: the API's rules the schema cannot state.

Schemathesis draws request bodies from the schema alone, so a "valid" chat request may
force a tool it never declared (`tool_choice: {"function": {"name": "x"}}` with no
`tools`), give a tool parameters that are no JSON Schema, or send an `image_url` that is
no image. Together answers those with a 400, and so does the mock; counting that as
`positive_data_acceptance` would make the suite red on a correct server. Before a
positive case is sent, `fix` rewrites exactly those parts (and only when the rewritten
body still matches the request schema), so a 400 on the rest still fails the check.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

IMAGE_URL = "https://example.com/contract-test.png"
TOOL_PARAMETERS: dict[str, Any] = {"type": "object", "properties": {}}
OUTPUT_SCHEMA: dict[str, Any] = {"type": "object"}
REGEX = "[a-z]{1,8}"


def fix(body: Any, is_valid: Callable[[Any], bool]) -> Any:
    """`body` with the rules applied, when that changes it and keeps it schema-valid."""
    if not isinstance(body, dict):
        return body
    fixed = copy.deepcopy(body)
    _tools(fixed)
    _formats(fixed)
    _images(fixed)
    if fixed == body or not is_valid(fixed):
        return body
    return fixed


def _tools(body: dict[str, Any]) -> None:
    """A tool has a name and (simple) JSON Schema parameters; a forced tool is a declared one."""
    names = set()
    tools = body.get("tools")
    for index, tool in enumerate(tools if isinstance(tools, list) else []):
        if not isinstance(tool, dict):
            continue
        function: Any = tool
        # Chat nests the function (`{"type": "function", "function": {...}}`); the Responses
        # API has it flat (`{"type": "function", "name": ...}`) beside other tool types.
        if "messages" in body or "function" in tool:
            if not isinstance(tool.get("function"), dict):
                tool["function"] = {}
            function = tool["function"]
        if not isinstance(function.get("name"), str):
            function["name"] = f"contract_tool_{index}"
        if "parameters" in function:
            function["parameters"] = copy.deepcopy(TOOL_PARAMETERS)
        names.add(function["name"])
    for key in ("tool_choice", "function_call"):
        choice = body.get(key)
        if isinstance(choice, dict):
            named: Any = choice.get("function") if isinstance(choice.get("function"), dict) else choice
            if named.get("name") not in names:
                del body[key]
        elif choice in ("required", "any") and not names:
            del body[key]


def _formats(body: dict[str, Any]) -> None:
    """Structured outputs: the schema is a JSON Schema, the regex a regular expression."""
    for holder in (body, body.get("text")):
        fmt: Any = None
        if isinstance(holder, dict):
            fmt = holder.get("response_format") or holder.get("format")
        if not isinstance(fmt, dict):
            continue
        if "schema" in fmt:
            fmt["schema"] = copy.deepcopy(OUTPUT_SCHEMA)
        inner = fmt.get("json_schema")
        if isinstance(inner, dict) and "schema" in inner:
            inner["schema"] = copy.deepcopy(OUTPUT_SCHEMA)
        if fmt.get("type") == "regex" and "pattern" in fmt:
            fmt["pattern"] = REGEX


def _images(body: dict[str, Any]) -> None:
    """An `image_url` content part points at an image."""
    messages = body.get("messages")
    for message in messages if isinstance(messages, list) else []:
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "image_url":
                continue
            image = part.get("image_url")
            if isinstance(image, dict):
                image["url"] = IMAGE_URL
            elif isinstance(image, str):
                part["image_url"] = IMAGE_URL
            else:
                part["image_url"] = {"url": IMAGE_URL}
