"""`chat.completions.create`: deterministic answers per (seed, model, prompt, request seed).

`n` choices; `stop` and `max_tokens` cuts with the matching `finish_reason`; `usage`
counted with the whitespace tokenizer; `<think>` blocks (and `message.reasoning`) for
reasoning models of the catalog; function calling (tools.py: forced / "required" /
"auto" / "none", `parallel_tool_calls`, text after `role: "tool"` results); structured
outputs (structured.py: `json_object`, `json_schema`, `regex`; 400 naming the keyword of a
schema the mock cannot satisfy); `logprobs`; `image_url` parts validated (chat_input.py);
SSE streams of one token per chunk, tool calls as argument deltas, ending with
`data: [DONE]` (plus a `choices: []` usage chunk with `stream_options.include_usage`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.engine.call import Call
from togen.mock.engine.registry import behaviour
from togen.mock.together import structured, text, tools
from togen.mock.together.chat_input import check_images, logprobs_count, response_format
from togen.mock.together.rejection import reject
from togen.spec.request_rules import RESPONSE_FORMAT, TOOLS

if TYPE_CHECKING:
    from togen.mock.engine.context import Context
    from togen.mock.engine.handler import OperationHandler


def created_of(handler: OperationHandler) -> int:
    """The `created` timestamp of the operation's synthesized answer."""
    template = handler.template if isinstance(handler.template, dict) else {}
    created = template.get("created")
    return created if isinstance(created, int) else 1_700_000_000


def _choice(
    app: Context,
    body: dict[str, Any],
    prompt: str,
    index: int,
    fmt: tuple[str, Any],
    picked: list[Any],
    answered: bool,
) -> dict[str, Any]:
    """One choice: {"content", "reasoning", "tool_calls", "finish"}."""
    model = str(body.get("model", ""))
    rng = text.rng(app.settings.seed, model, prompt, body.get("seed"), index, fmt[0])
    thinking = text.thinking(app.model_flags(model), body, rng)
    seed = rng.getrandbits(32)
    if picked:
        try:
            calls = tools.calls(picked, rng)
        except structured.SchemaError as exc:
            raise reject(TOOLS, f"tools: {exc}", "tools", "unsupported_schema") from None
        return {"content": None, "reasoning": thinking, "tool_calls": calls, "finish": "tool_calls"}
    kind, spec = fmt
    try:
        if kind == "json_schema":
            answer = json.dumps(structured.from_schema(tools.closed(spec), seed), ensure_ascii=False)
        elif kind == "regex":
            answer = structured.from_regex(spec, seed)
        elif kind == "json_object":
            answer = json.dumps({"answer": text.sentence(rng, 8 + rng.randrange(8))})
        else:
            lead = "Tool results received. " if answered else ""
            answer = f"{lead}Mock reply {index + 1}: " + text.sentence(rng, 8 + rng.randrange(8))
            answer = text.with_thinking(answer, thinking)
    except structured.SchemaError as exc:
        param = "response_format/pattern" if kind == "regex" else "response_format/schema"
        raise reject(RESPONSE_FORMAT, f"response_format: {exc}", param, "unsupported_schema") from None
    content, finish = text.cut(body, answer)
    return {"content": content, "reasoning": thinking, "tool_calls": None, "finish": finish}


@behaviour("chat.completions.create")
def chat_completions(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    body = call.json
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    prompt = " ".join(text.text_of(m.get("content")) for m in messages)
    check_images(app, body)
    fmt = response_format(body)
    try:
        picked = tools.plan(body)
    except tools.ToolError as exc:
        raise reject(TOOLS, str(exc), exc.param) from None
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    answered = any(m.get("role") in ("tool", "function") for m in messages[last_user + 1 :])
    n = text.int_field(body, "n", 1, 1)
    results = [_choice(app, body, prompt, i, fmt, picked, answered) for i in range(min(n, 16))]
    model = body.get("model", "")
    completion_id = "chatcmpl-" + text.hex_id(
        text.rng(app.settings.seed, "id", model, prompt, body.get("seed"))
    )
    created = created_of(handler)
    texts = [r["content"] or "" for r in results]
    texts += [c["function"]["arguments"] for r in results for c in r["tool_calls"] or []]
    usage = text.usage(prompt, texts)
    top = logprobs_count(body)
    if body.get("stream") is True:
        return handler.sse(_chunks(app, body, results, completion_id, created, usage, top))
    choices = []
    for i, result in enumerate(results):
        message: dict[str, Any] = {"role": "assistant", "content": result["content"]}
        if result["tool_calls"]:
            message["tool_calls"] = result["tool_calls"]
        if result["reasoning"] is not None:
            message["reasoning"] = result["reasoning"]
        choice: dict[str, Any] = {"index": i, "message": message, "finish_reason": result["finish"]}
        if body.get("seed") is not None and isinstance(body.get("seed"), int):
            choice["seed"] = body["seed"]
        if top is not None:
            key = (model, prompt, i)
            choice["logprobs"] = text.logprobs(app.settings.seed, result["content"] or "", top, key)
        choices.append(choice)
    answer = {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "prompt": [],
        "choices": choices,
        "usage": usage,
    }
    return handler.json(answer)


def _chunks(
    app: Context,
    body: dict[str, Any],
    results: list[dict[str, Any]],
    completion_id: str,
    created: int,
    usage: dict[str, int],
    top: int | None,
) -> list[Any]:
    """SSE chunks: text one token per chunk; tool calls as deltas (index, id and name first with
    empty arguments, then the arguments in pieces with empty id and name, which the SDKs'
    accumulators concatenate back); a finish chunk per choice; with
    `stream_options.include_usage`, a last chunk with `choices: []` and the usage."""
    model = body.get("model", "")
    options = body.get("stream_options")
    usage_chunk = isinstance(options, dict) and options.get("include_usage") is True

    def envelope(choices: list[Any], **extra: Any) -> dict[str, Any]:
        head = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
        return {**head, "choices": choices, **extra}

    def chunk(index: int, delta: dict[str, Any], finish: str | None, **extra: Any) -> dict[str, Any]:
        choice = {"index": index, "delta": {"role": "assistant", **delta}, "finish_reason": finish, **extra}
        return envelope([choice])

    chunks: list[Any] = []
    for index, result in enumerate(results):
        if result["reasoning"] is not None and result["tool_calls"]:
            for piece in text.pieces(result["reasoning"]):
                chunks.append(chunk(index, {"reasoning": piece}, None))
        for tool_call in result["tool_calls"] or []:
            function = tool_call["function"]
            head = {
                "index": tool_call["index"],
                "id": tool_call["id"],
                "type": "function",
                "function": {"name": function["name"], "arguments": ""},
            }
            chunks.append(chunk(index, {"tool_calls": [head]}, None))
            for piece in tools.argument_pieces(function["arguments"]):
                part = {
                    "index": tool_call["index"],
                    "id": "",
                    "type": "function",
                    "function": {"name": "", "arguments": piece},
                }
                chunks.append(chunk(index, {"tool_calls": [part]}, None))
        if result["content"]:
            logprobs = (
                text.logprobs(app.settings.seed, result["content"], top or 0, (model, index))
                if top is not None
                else None
            )
            for number, piece in enumerate(text.pieces(result["content"])):
                extra = {"logprobs": logprobs["token_logprobs"][number]} if logprobs is not None else {}
                chunks.append(chunk(index, {"content": piece}, None, **extra))
        last = chunk(index, {"content": ""} if not result["tool_calls"] else {}, result["finish"])
        if not usage_chunk and index == len(results) - 1:
            last["usage"] = usage
        chunks.append(last)
    if usage_chunk:
        chunks.append(envelope([], usage=usage))
    return chunks
