"""Function calling: which tools a chat request calls, and with which arguments.

The rule (deterministic, documented in the README):

- `tool_choice: "none"` (or no `tools`) never calls a tool;
- `tool_choice: {"type": "function", "function": {"name": N}}` (or the bare string `N`)
  calls N (400 when N is not in `tools`; another string is "auto"); `"required"` calls
  the tools the auto rule picks, else the first tool;
- `"auto"` (the default) calls a tool when the last user message names it: the function
  name, a word of it of 4+ letters that is not a generic verb (`weather` in
  `get_weather`), or one of its parameter names (case-insensitive, whole words);
- after the last user message, `role: "tool"` results get a text answer under `"auto"`
  (the agent loop ends); a forced function or `"required"` still calls;
- `parallel_tool_calls: false` keeps the first call only; `true` calls every picked tool
  and, when only one was picked, calls it twice with different arguments.

Arguments are drawn from the function's `parameters` schema (structured.py) with objects
closed (`additionalProperties: false` where the schema leaves it open and can be closed),
so `f(**json.loads(arguments))` works for the declared parameters.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Any

from togen.mock.together import structured
from togen.mock.together.text import text_of

GENERIC_WORDS = frozenset(
    {
        "get",
        "set",
        "list",
        "create",
        "update",
        "delete",
        "fetch",
        "find",
        "make",
        "call",
        "send",
        "read",
        "write",
        "tool",
        "function",
        "query",
        "from",
        "with",
        "info",
        "data",
    }
)


class ToolError(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Tool:
    name: str
    parameters: dict[str, Any]


def _tools(body: dict[str, Any]) -> list[Tool]:
    found = []
    for index, tool in enumerate(body.get("tools") or []):
        if not isinstance(tool, dict):
            continue
        function = tool.get("function")
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise ToolError(f"tools[{index}].function.name is required.", f"tools/{index}/function/name")
        parameters = function.get("parameters")
        if parameters is None:
            parameters = {"type": "object", "properties": {}}
        if not isinstance(parameters, dict):
            raise ToolError(f"tools[{index}].function.parameters must be an object.", f"tools/{index}")
        if "type" not in parameters:
            parameters = {"type": "object", **parameters}  # arguments are always a JSON object
        found.append(Tool(function["name"], parameters))
    return found


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)}


def _name_words(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {w for w in _words(spaced) if len(w) >= 4 and w not in GENERIC_WORDS}


def named_by(tool: Tool, text: str) -> bool:
    """Whether `text` names the tool (the auto rule)."""
    lowered = text.lower()
    if tool.name.lower() in lowered:
        return True
    words = _words(text.replace("_", " ")) | _words(text)
    if _name_words(tool.name) & words:
        return True
    props = tool.parameters.get("properties")
    if isinstance(props, dict):
        for prop in props:
            prop_lower = str(prop).lower()
            if len(prop_lower) >= 3 and (prop_lower in words or prop_lower.replace("_", " ") in lowered):
                return True
    return False


def plan(body: dict[str, Any]) -> list[Tool]:
    """The tools this request calls, in order (empty: answer with text)."""
    tools = _tools(body)
    choice = body.get("tool_choice")
    if choice is None:
        choice = body.get("function_call")  # the legacy name
    forced: Tool | None = None
    if isinstance(choice, dict):
        function = choice.get("function") if isinstance(choice.get("function"), dict) else choice
        name = function.get("name") if isinstance(function, dict) else None
        forced = _by_name(tools, name)
    elif isinstance(choice, str) and any(t.name == choice for t in tools):
        forced = _by_name(tools, choice)  # another string: "auto"
    if choice in ("required", "any") and not tools:
        raise ToolError("tool_choice 'required' needs at least one tool in `tools`.", "tool_choice")
    if not tools or choice == "none":
        return []
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    answered = any(m.get("role") in ("tool", "function") for m in messages[last_user + 1 :])
    text = text_of(messages[last_user].get("content")) if last_user >= 0 else ""
    if forced is not None:
        picked = [forced]
    else:
        picked = [t for t in tools if named_by(t, text)]
        if choice in ("required", "any"):
            picked = picked or tools[:1]
        elif answered:
            return []
    parallel = body.get("parallel_tool_calls")
    if parallel is False:
        picked = picked[:1]
    elif parallel is True and len(picked) == 1:
        picked = picked * 2
    return picked


def _by_name(tools: list[Tool], name: Any) -> Tool:
    for tool in tools:
        if tool.name == name:
            return tool
    known = ", ".join(t.name for t in tools) or "none"
    raise ToolError(
        f"tool_choice names function {name!r}, which is not in `tools` (declared: {known}).", "tool_choice"
    )


def closed(schema: Any) -> Any:
    """`schema` with open objects closed: what a model emits has no undeclared keys."""
    if isinstance(schema, list):
        return [closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {
        k: closed(v) if k not in ("enum", "const", "default", "examples", "required") else v
        for k, v in schema.items()
    }
    props = schema.get("properties")
    if (
        isinstance(props, dict)
        and "additionalProperties" not in schema
        and "patternProperties" not in schema
        and "unevaluatedProperties" not in schema
        and all(r in props for r in schema.get("required") or [])
        and not any(k in schema for k in ("allOf", "anyOf", "oneOf", "$ref"))
    ):
        out["additionalProperties"] = False
    return out


def call_id(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "call_" + "".join(rng.choice(alphabet) for _ in range(24))


def arguments(tool: Tool, seed: int) -> str:
    """A JSON string valid against the tool's parameters."""
    value = structured.from_schema(closed(tool.parameters), seed)
    return json.dumps(value, ensure_ascii=False)


def calls(picked: list[Tool], rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for index, tool in enumerate(picked):
        seed = rng.getrandbits(32)
        out.append(
            {
                "id": call_id(rng),
                "type": "function",
                "function": {"name": tool.name, "arguments": arguments(tool, seed)},
                "index": index,
            }
        )
    return out


def argument_pieces(text: str, size: int = 12) -> list[str]:
    """How streamed arguments are split (the SDK concatenates them back)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def dumps_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
