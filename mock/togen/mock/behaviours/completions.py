"""`completions.create`: deterministic text per (seed, model, prompt) for `n` choices, cut by
`stop` / `max_tokens`; `echo` prepends the prompt; `stream: true` gives one token per chunk
(the spec's `CompletionChunk`, with its non-null top-level `finish_reason`) and `[DONE]`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.behaviours.chat import created_of
from togen.mock.engine.call import Call
from togen.mock.engine.registry import behaviour
from togen.mock.together import text

if TYPE_CHECKING:
    from togen.mock.engine.handler import OperationHandler


@behaviour("completions.create")
def completions(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    body = call.json
    prompt = body["prompt"] if isinstance(body.get("prompt"), str) else ""
    n = text.int_field(body, "n", 1, 1)
    flags = app.model_flags(body.get("model", ""))
    results = [text.reply(app.settings.seed, flags, body, prompt, i) for i in range(min(n, 16))]
    model = body.get("model", "")
    completion_id = "cmpl-" + text.hex_id(text.rng(app.settings.seed, "id", model, prompt))
    created = created_of(handler)
    usage = text.usage(prompt, [t for t, _ in results])
    if body.get("echo") is True:
        results = [(prompt + t, f) for t, f in results]
    if body.get("stream") is True:
        return handler.sse(_chunks(results, completion_id, created, model, usage))
    answer = {
        "id": completion_id,
        "object": "text.completion",
        "created": created,
        "model": model,
        "prompt": [{"text": prompt}] if body.get("echo") is True else [],
        "choices": [
            {"index": i, "text": text_, "finish_reason": finish} for i, (text_, finish) in enumerate(results)
        ],
        "usage": usage,
    }
    return handler.json(answer)


def _chunks(
    results: list[tuple[str, str]], completion_id: str, created: int, model: Any, usage: dict[str, int]
) -> list[Any]:
    chunks: list[Any] = []
    token_id = 0
    for index, (answer, finish) in enumerate(results):
        pieces = text.pieces(answer)
        for number, piece in enumerate(pieces):
            last = number == len(pieces) - 1
            token_id += 1
            chunks.append(
                {
                    "id": completion_id,
                    "object": "completion.chunk",
                    "created": created,
                    "model": model,
                    "token": {"id": token_id, "text": piece, "logprob": -0.1, "special": False},
                    "choices": [{"index": index, "text": piece, "finish_reason": finish if last else None}],
                    # the spec requires a non-null top-level finish_reason on every chunk
                    "finish_reason": finish,
                    "usage": usage if last and index == len(results) - 1 else None,
                }
            )
    return chunks
