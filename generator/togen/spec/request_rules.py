"""What the API rejects beyond the request schema: one table for the mock and the contract
suite.

Schemathesis draws request bodies from the schema alone, so a "valid" chat request may
force a tool it never declared, give a tool parameters that are no JSON Schema, or send an
`image_url` that is no image. Together answers those with a 400, and so does the mock.
Each such rejection is a `RejectionRule` here, with what it rejects, one violating example and
`satisfy`, which rewrites a request body so that it meets the rule. The mock raises its
400s through `togen.mock.together.rejection.reject` (the answer carries the rule's name in
`x-togen-rule`); the contract suite applies every rule's `satisfy` to its positive cases
(contract/semantics.py) instead of keeping a second list. A test sends the suite's
schema-valid cases to the mock and fails on any 400 that names no rule here, and sends
each rule's example to check that the mock rejects it under that rule and accepts it once
satisfied.

Knowledge about the API, not about the mock: it imports nothing of togen, so the mock and
the contract suite both read it from the spec layer.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RULE_HEADER = "x-togen-rule"
IMAGE_URL = "https://example.com/contract-test.png"
TOOL_PARAMETERS: dict[str, Any] = {"type": "object", "properties": {}}
OUTPUT_SCHEMA: dict[str, Any] = {"type": "object"}
REGEX = "[a-z]{1,8}"
_CHAT = "chat.completions.create"
_MESSAGES = [{"role": "user", "content": "hi"}]
_MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"


@dataclass(frozen=True)
class RejectionRule:
    name: str
    rejects: str  # what the API rejects, in one sentence
    satisfy: Callable[[dict[str, Any]], None]  # rewrite a request body (in place) to meet the rule
    operation: str  # the operation of `example`
    example: dict[str, Any] = field(default_factory=dict)  # a schema-valid body that breaks the rule


RULES: dict[str, RejectionRule] = {}


def rule(name: str, rejects: str, operation: str, example: dict[str, Any]) -> Callable[[Any], RejectionRule]:
    """Register the decorated `satisfy` function as the rule `name`."""

    def register(satisfy: Callable[[dict[str, Any]], None]) -> RejectionRule:
        if name in RULES:
            raise ValueError(f"rule {name!r} is registered twice")
        RULES[name] = RejectionRule(name, rejects, satisfy, operation, example)
        return RULES[name]

    return register


def satisfy_all(body: dict[str, Any]) -> dict[str, Any]:
    """A copy of `body` meeting every rule."""
    fixed = copy.deepcopy(body)
    for item in RULES.values():
        item.satisfy(fixed)
    return fixed


@rule(
    "tools",
    "a tool without a name or with parameters that are not a JSON Schema object the mock supports; "
    "a tool_choice naming an undeclared tool; tool_choice `required` without tools",
    _CHAT,
    {"model": _MODEL, "messages": _MESSAGES, "tool_choice": {"type": "function", "function": {"name": "x"}}},
)
def _tools(body: dict[str, Any]) -> None:
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


@rule(
    "response-format",
    "a structured-output schema the mock cannot satisfy or a regex that is no regular expression",
    _CHAT,
    {"model": _MODEL, "messages": _MESSAGES, "response_format": {"type": "regex", "pattern": "("}},
)
def _formats(body: dict[str, Any]) -> None:
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
        if fmt.get("type") == "regex":
            fmt["pattern"] = REGEX


@rule(
    "image-url",
    "an `image_url` content part that is not an http(s) URL or a base64 data URL of a PNG, JPEG, GIF or WebP",
    _CHAT,
    {
        "model": _MODEL,
        "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,x"}}]}],
    },
)
def _images(body: dict[str, Any]) -> None:
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


TOOLS, RESPONSE_FORMAT, IMAGE = RULES["tools"], RULES["response-format"], RULES["image-url"]
