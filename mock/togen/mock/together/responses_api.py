"""POST /v1/responses in the mock: the answer of Together's OpenAI-compatible Responses API
(beta), built from the request (behaviours/responses.py registers it; the stream is
responses_stream.py). What it does, from the documented behaviour (shared/seeds/000_*):

- a catalog model without `x-mock.responses_api` -> 400 "The requested model does not
  support the Responses api". A model the catalog does not know is served, like on every
  other inference endpoint of the mock (`--strict-models` makes it a 404 there too);
- output items: one `mcp_list_tools` per MCP tool (tools synthesized from the server
  label, or the `allowed_tools`; nothing goes out to the network), then either a
  `function_call` or, for each MCP server, an `mcp_call` followed by the assistant
  `message` (`output_text` content, reasoning inline in `<think>` like the real models);
- a `function_call` is made when `tool_choice` is "required", names a function, or is
  "auto" (the default) and the latest user text mentions the function (its name, or all
  words of four letters or more in it: `get_weather` <- "the weather in Paris"); a
  `function_call_output` as the last input item gets a text answer instead under "auto".
  `arguments` is a minimal JSON object conforming to the function's `parameters`
  (conforming.py);
- `max_output_tokens` cuts the text (whitespace tokens) and marks the response
  `incomplete` (`incomplete_details.reason = "max_output_tokens"`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from togen.mock.engine.call import Call, MockError
from togen.mock.engine.conforming import arguments as conforming_arguments
from togen.mock.together import text

if TYPE_CHECKING:
    import random

    from togen.mock.engine.handler import OperationHandler

UNSUPPORTED_MODEL = "The requested model does not support the Responses api"


def _check_model(handler: OperationHandler, model: str) -> None:
    flags = handler.app.model_flags(model)
    if flags is not None and not flags.get("responses_api"):
        raise MockError(400, UNSUPPORTED_MODEL, param="model", code="model_not_supported")


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "input_text"
        )
    return ""


def _read_input(value: Any) -> tuple[str, str, bool]:
    """(all text, latest user text, ends with a function result)."""
    if isinstance(value, str):
        return value, value, False
    texts: list[str] = []
    latest = ""
    ends_with_result = False
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        ends_with_result = kind == "function_call_output"
        if kind == "function_call_output":
            texts.append(str(item.get("output", "")))
        elif kind == "function_call":
            texts.append(str(item.get("arguments", "")))
        elif "role" in item:
            content = _content_text(item.get("content"))
            texts.append(content)
            if item.get("role") == "user":
                latest = content
    return " ".join(t for t in texts if t), latest, ends_with_result


def _mentions(name: str, said: str) -> bool:
    low = said.lower()
    if not name:
        return False
    if name.lower() in low or name.lower().replace("_", " ") in low:
        return True
    words = [w for w in re.split(r"[_\-\s.]+|(?<=[a-z])(?=[A-Z])", name) if len(w) >= 4]
    present = set(re.findall(r"[a-z0-9]+", low))
    return bool(words) and all(w.lower() in present for w in words)


def _function_to_call(
    body: dict[str, Any], functions: list[dict[str, Any]], latest: str, ends_with_result: bool
) -> dict[str, Any] | None:
    choice = body.get("tool_choice", "auto")
    if choice == "none" or not functions and not isinstance(choice, dict):
        return None
    if isinstance(choice, dict):
        # A function the request does not define is still called (OpenAI answers 400, but
        # the request is schema-valid): with no parameters known, the arguments are `{}`.
        wanted = str(choice.get("name", ""))
        return next((f for f in functions if f.get("name") == wanted), {"type": "function", "name": wanted})
    if choice == "required":
        return next((f for f in functions if _mentions(str(f.get("name", "")), latest)), functions[0])
    if ends_with_result:
        return None
    return next((f for f in functions if _mentions(str(f.get("name", "")), latest)), None)


def _mcp_tools(tool: dict[str, Any]) -> list[dict[str, Any]]:
    label = str(tool.get("server_label", "server"))
    allowed = tool.get("allowed_tools")
    names = [str(n) for n in allowed] if isinstance(allowed, list) and allowed else ["search", "fetch"]
    query_schema = {
        "type": "object",
        "properties": {"query": {"type": "string", "description": "What to look up."}},
        "required": ["query"],
        "additionalProperties": False,
    }
    return [
        {
            "name": name,
            "description": f"{name.replace('_', ' ').capitalize()} on the {label} MCP server (mock).",
            "input_schema": query_schema,
            "annotations": {"readOnlyHint": True},
        }
        for name in names
    ]


def _ids(rng: random.Random, prefix: str) -> str:
    return f"{prefix}_{rng.getrandbits(96):024x}"


def build(handler: OperationHandler, call: Call) -> dict[str, Any]:
    """The complete response object for one request."""
    app = handler.app
    body: dict[str, Any] = call.body if isinstance(call.body, dict) else {}
    model = str(body.get("model", ""))
    _check_model(handler, model)
    everything, latest, ends_with_result = _read_input(body.get("input"))
    latest = latest or everything
    instructions = body.get("instructions") if isinstance(body.get("instructions"), str) else None
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict)]
    functions = [t for t in tools if t.get("type") == "function"]
    mcps = [t for t in tools if t.get("type") == "mcp"]
    rng = text.rng(app.settings.seed, "responses", model, everything, instructions, body.get("tool_choice"))
    output: list[dict[str, Any]] = []
    produced: list[str] = []

    for tool in mcps:
        output.append(
            {
                "type": "mcp_list_tools",
                "id": _ids(rng, "mcpl"),
                "server_label": str(tool.get("server_label", "")),
                "tools": _mcp_tools(tool),
                "error": None,
            }
        )
    function = _function_to_call(body, functions, latest, ends_with_result)
    status = "completed"
    incomplete: dict[str, Any] | None = None
    if function is not None:
        arguments = conforming_arguments(function.get("parameters"), latest)
        produced.append(arguments)
        output.append(
            {
                "type": "function_call",
                "id": _ids(rng, "fc"),
                "call_id": _ids(rng, "call"),
                "name": str(function.get("name", "")),
                "arguments": arguments,
                "status": "completed",
            }
        )
    else:
        mentions: list[str] = []
        if body.get("tool_choice") != "none":
            for tool in mcps:
                label = str(tool.get("server_label", ""))
                listed = _mcp_tools(tool)
                chosen = next((t for t in listed if _mentions(t["name"], latest)), listed[0])
                arguments = json.dumps({"query": latest.strip()[:200] or "query"}, ensure_ascii=False)
                result = f"Mock result of {label}.{chosen['name']}: " + text.sentence(rng, 10)
                produced.append(result)
                output.append(
                    {
                        "type": "mcp_call",
                        "id": _ids(rng, "mcp"),
                        "server_label": label,
                        "name": chosen["name"],
                        "arguments": arguments,
                        "output": result,
                        "error": None,
                    }
                )
                mentions.append(f"{label}.{chosen['name']}")
        generated = {"model": model, "max_tokens": body.get("max_output_tokens")}
        prompt = f"{instructions or ''}\n{everything}"
        answer, finish = text.reply(app.settings.seed, app.model_flags(model), generated, prompt, 0)
        answer = answer.replace("Mock reply 1: ", "Mock response: ", 1)
        if mentions and finish != "length":
            answer += " (Used " + ", ".join(mentions) + ".)"
        produced.append(answer)
        if finish == "length":
            status = "incomplete"
            incomplete = {"reason": "max_output_tokens"}
        output.append(
            {
                "type": "message",
                "id": _ids(rng, "msg"),
                "role": "assistant",
                "status": "incomplete" if incomplete else "completed",
                "content": [{"type": "output_text", "text": answer, "annotations": []}],
            }
        )
    input_tokens = len(text.tokens(everything)) + len(text.tokens(instructions or ""))
    output_tokens = sum(len(text.tokens(p)) for p in produced)
    template = handler.template if isinstance(handler.template, dict) else {}
    created = template.get("created_at")
    metadata = body.get("metadata")
    return {
        "id": _ids(rng, "resp"),
        "object": "response",
        "created_at": created if isinstance(created, int) else 1_700_000_000,
        "status": status,
        "model": model,
        "output": output,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": instructions,
        "tools": tools,
        "tool_choice": body.get("tool_choice", "auto"),
        "parallel_tool_calls": body.get("parallel_tool_calls", True) is not False,
        "temperature": body.get("temperature", 1.0),
        "top_p": body.get("top_p", 1.0),
        "max_output_tokens": body.get("max_output_tokens"),
        "previous_response_id": None,
        "store": False,
        "metadata": metadata if isinstance(metadata, dict) else {},
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        },
    }
