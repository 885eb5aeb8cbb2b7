"""POST /v1/responses in the mock: Together's OpenAI-compatible Responses API (beta).

Registered as `realism.BEHAVIOURS["responses.create"]`; the request has already passed
the overlay's schema (spec/overlays/020-responses-api.yaml). What it does, from the
documented behaviour (shared/seeds/000_*):

- `previous_response_id` other than null -> 400 (checked before schema validation, see
  `precheck`, so the answer names the documented limitation);
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
  (required properties, `const`/`enum`, types, bounds);
- `max_output_tokens` cuts the text (whitespace tokens) and marks the response
  `incomplete` (`incomplete_details.reason = "max_output_tokens"`);
- `stream: true`: server-sent events with `event:` lines, increasing `sequence_number`,
  no `[DONE]`: response.created, response.in_progress, then per item
  response.output_item.added, (message) response.content_part.added,
  response.output_text.delta..., response.output_text.done, response.content_part.done,
  (function call) response.function_call_arguments.delta / .done,
  response.output_item.done, and finally response.completed.

GET and DELETE /v1/responses/{id} answer the mock's 404 for unknown paths: the overlay
does not describe them, as Together does not store responses.
"""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

if TYPE_CHECKING:
    import random

    from togen.mock.app import Call, MockApp, OperationHandler

UNSUPPORTED_MODEL = "The requested model does not support the Responses api"
NO_PREVIOUS_RESPONSE = (
    "previous_response_id is not supported: responses are not stored, "
    "send the earlier turns in `input` instead."
)

# ----------------------------------------------------------------------------- request


def precheck(handler: OperationHandler, call: Call) -> None:
    """Documented 400s that must win over schema validation."""
    from togen.mock.app import MockError

    body = call.body if isinstance(call.body, dict) else {}
    if body.get("previous_response_id") is not None:
        raise MockError(400, NO_PREVIOUS_RESPONSE, param="previous_response_id", code="unsupported_parameter")


def install(app: MockApp) -> None:
    """Run `precheck` before the request schema (which accepts only a null
    previous_response_id), so the 400 names the documented limitation; GET and DELETE
    /v1/responses/{id} answer 404 (not in the overlay: Together stores no responses)."""
    handler = app.handlers.get("responses.create")
    if handler is None:
        return
    validate = handler.validate_body

    def validate_body(call: Call) -> None:
        precheck(handler, call)
        validate(call)

    handler.validate_body = validate_body  # type: ignore[method-assign]

    async def not_stored(call: Call) -> Response:
        from togen.mock.app import MockError

        app.check_auth(call)
        response_id = call.path_params.get("response_id", "")
        raise MockError(
            404, f"Response {response_id!r} not found: responses are not stored.", code="not_found"
        )

    app.add_route("GET", "/v1/responses/{response_id}", not_stored)
    app.dynamic[0][1]["DELETE"] = not_stored  # type: ignore[assignment]  # same route, both methods


def _check_model(handler: OperationHandler, model: str) -> None:
    from togen.mock.app import MockError

    entry = handler.app.catalog.get(model)
    if entry is not None and not (entry.get("x-mock") or {}).get("responses_api"):
        raise MockError(400, UNSUPPORTED_MODEL, param="model", code="model_not_supported")


def supported_models(handler: OperationHandler) -> list[str]:
    return [m for m, e in handler.app.catalog.items() if (e.get("x-mock") or {}).get("responses_api")]


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
            text = _content_text(item.get("content"))
            texts.append(text)
            if item.get("role") == "user":
                latest = text
    return " ".join(t for t in texts if t), latest, ends_with_result


# ----------------------------------------------------------------------------- arguments

_CAPITALIZED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def _string_for(name: str, schema: dict[str, Any], prompt: str) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        value = "2024-01-01T00:00:00Z"
    elif fmt == "date":
        value = "2024-01-01"
    elif fmt == "email":
        value = "user@example.com"
    elif fmt in ("uri", "url"):
        value = "https://example.com"
    elif fmt == "uuid":
        value = "00000000-0000-4000-8000-000000000000"
    else:
        found = _CAPITALIZED.search(prompt)
        value = found.group(1) if found else (prompt.strip()[:40] or name or "value")
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if isinstance(high, int) and len(value) > high:
        value = value[:high]
    if isinstance(low, int) and len(value) < low:
        value = value + "x" * (low - len(value))
    return value


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    def bound(key: str) -> float | None:
        value = schema.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    low, high = bound("minimum"), bound("maximum")
    ex_low, ex_high = bound("exclusiveMinimum"), bound("exclusiveMaximum")
    value: float = 1
    if low is not None:
        value = max(value, low)
    if ex_low is not None and value <= ex_low:
        value = ex_low + 1
    if high is not None:
        value = min(value, high)
    if ex_high is not None and value >= ex_high:
        floor = ex_low if ex_low is not None else (low if low is not None else ex_high - 2)
        value = ex_high - 1 if integer else (floor + ex_high) / 2
    return int(value) if integer else value


def conforming(schema: Any, prompt: str = "", name: str = "", depth: int = 0) -> Any:
    """A minimal value for a (local, inline) JSON schema: required properties only."""
    if not isinstance(schema, dict) or depth > 8:
        return {} if depth == 0 else None
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    if "default" in schema and depth > 0:
        return schema["default"]
    for keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword) or [] if isinstance(b, dict) and b.get("type") != "null"]
        if branches:
            return conforming(branches[0], prompt, name, depth + 1)
    merged = dict(schema)
    for part in schema.get("allOf") or []:
        if isinstance(part, dict):
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
            merged["properties"] = {**(merged.get("properties") or {}), **(part.get("properties") or {})}
            merged["required"] = [*(merged.get("required") or []), *(part.get("required") or [])]
    schema = merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        props = schema.get("properties") or {}
        return {
            key: conforming(props.get(key, {}), prompt, key, depth + 1)
            for key in schema.get("required") or []
            if isinstance(key, str)
        }
    if kind == "array":
        count = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
        return [conforming(schema.get("items") or {}, prompt, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return _number(schema, True)
    if kind == "number":
        return _number(schema, False)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return _string_for(name, schema, prompt)


def _arguments(parameters: Any, prompt: str) -> str:
    value = conforming(parameters if isinstance(parameters, dict) else {}, prompt)
    return json.dumps(value if isinstance(value, dict) else {}, ensure_ascii=False)


# ----------------------------------------------------------------------------- tools


def _mentions(name: str, text: str) -> bool:
    low = text.lower()
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


# ----------------------------------------------------------------------------- answer


def _ids(rng: random.Random, prefix: str) -> str:
    return f"{prefix}_{rng.getrandbits(96):024x}"


def build(handler: OperationHandler, call: Call) -> dict[str, Any]:
    """The complete response object for one request."""
    from togen.mock import realism  # realism registers this module: import it lazily

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
    rng = realism._rng(app, "responses", model, everything, instructions, body.get("tool_choice"))
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
        arguments = _arguments(function.get("parameters"), latest)
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
                result = f"Mock result of {label}.{chosen['name']}: " + realism._sentence(rng, 10)
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
        text, finish = realism._generate(app, generated, f"{instructions or ''}\n{everything}", 0)
        text = text.replace("Mock reply 1: ", "Mock response: ", 1)
        if mentions and finish != "length":
            text += " (Used " + ", ".join(mentions) + ".)"
        produced.append(text)
        if finish == "length":
            status = "incomplete"
            incomplete = {"reason": "max_output_tokens"}
        output.append(
            {
                "type": "message",
                "id": _ids(rng, "msg"),
                "role": "assistant",
                "status": "incomplete" if incomplete else "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }
        )
    input_tokens = len(realism.tokens(everything)) + len(realism.tokens(instructions or ""))
    output_tokens = sum(len(realism.tokens(p)) for p in produced)
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


def _deltas(text: str) -> list[str]:
    """Word-sized pieces whose concatenation is exactly `text` (newlines kept)."""
    pieces = re.findall(r"\s*\S+", text)
    rest = text[sum(map(len, pieces)) :]
    if rest:
        pieces.append(rest)
    return pieces


def events(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream of a finished response, in the documented order."""
    out: list[dict[str, Any]] = []

    def emit(kind: str, **fields: Any) -> None:
        out.append({"type": kind, "sequence_number": len(out), **fields})

    started = {**copy.deepcopy(response), "status": "in_progress", "output": [], "incomplete_details": None}
    started.pop("usage", None)
    emit("response.created", response=started)
    emit("response.in_progress", response=copy.deepcopy(started))
    for index, item in enumerate(response["output"]):
        kind = item["type"]
        if kind == "message":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "content": []},
            )
            for part_index, part in enumerate(item["content"]):
                where = {"item_id": item["id"], "output_index": index, "content_index": part_index}
                emit("response.content_part.added", **where, part={**part, "text": ""})
                for piece in _deltas(part["text"]):
                    emit("response.output_text.delta", **where, delta=piece, logprobs=[])
                emit("response.output_text.done", **where, text=part["text"], logprobs=[])
                emit("response.content_part.done", **where, part=part)
        elif kind == "function_call":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "arguments": "", "status": "in_progress"},
            )
            arguments = item["arguments"]
            step = max(1, len(arguments) // 3 + 1)
            for start in range(0, len(arguments), step):
                emit(
                    "response.function_call_arguments.delta",
                    item_id=item["id"],
                    output_index=index,
                    delta=arguments[start : start + step],
                )
            emit(
                "response.function_call_arguments.done",
                item_id=item["id"],
                output_index=index,
                arguments=arguments,
            )
        elif kind == "mcp_list_tools":
            emit("response.output_item.added", output_index=index, item={**item, "tools": []})
        else:  # mcp_call
            emit("response.output_item.added", output_index=index, item={**item, "output": None})
        emit("response.output_item.done", output_index=index, item=item)
    emit("response.completed", response=response)
    return out


def create(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import dumps, json_response

    response = build(handler, call)
    body = call.body if isinstance(call.body, dict) else {}
    if body.get("stream") is True:
        return handler.sse(events(response))
    return json_response(dumps(response), handler.status)
