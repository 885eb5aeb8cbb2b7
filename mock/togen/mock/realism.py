"""What the inference endpoints do with a request (the mock's behaviour beyond the schema).

Each behaviour builds its answer from the request and the operation's synthesized
template, so every field the spec requires is still there:

- chat / completions: deterministic text per (seed, model, prompt, request seed), `n`
  choices, `stop` and `max_tokens` cuts with the matching `finish_reason`, `usage`
  counted with a whitespace tokenizer, `<think>` blocks (and `message.reasoning`) for
  reasoning models of the catalog with a length set by `reasoning_effort`, and SSE
  streams of one token per chunk ending with `data: [DONE]` (plus a `choices: []` usage
  chunk with `stream_options.include_usage`);
- chat function calling (tools.py): forced / "required" / "auto" / "none",
  `parallel_tool_calls`, text after `role: "tool"` results, streamed tool-call deltas;
- chat structured outputs (structured.py): `json_object`, `json_schema` in Together's and
  OpenAI's forms, `regex`; 400 naming the keyword of a schema the mock cannot satisfy;
- chat `logprobs` (N per token), vision `image_url` parts validated, never fetched;
- embeddings: one unit-length vector per input, dimension from the catalog, the same
  text always gives the same vector;
- rerank: results sorted by a word-overlap score, `top_n` and `return_documents`;
- images: `n` real PNGs of the requested size, as base64 or as URLs the mock serves;
- audio speech: WAV / MP3 / raw PCM bytes, or base64 PCM chunks over SSE;
- models: the catalog in `catalog.json`; files: uploaded bytes round-trip.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock import media
from togen.mock.schemas import Schemas

if TYPE_CHECKING:
    from togen.mock.app import Call, MockApp, OperationHandler
    from togen.spec.ir import Operation

CATALOG_PATH = Path(__file__).with_name("catalog.json")
DEFAULT_EMBEDDING_DIMENSION = 768
# words of thinking per `reasoning_effort` (reasoning models of the catalog)
THINKING_WORDS = {"low": 8, "medium": 24, "high": 64}

_WORDS = [
    "the",
    "mock",
    "answers",
    "with",
    "a",
    "short",
    "deterministic",
    "sentence",
    "so",
    "tests",
    "can",
    "rely",
    "on",
    "every",
    "word",
    "it",
    "returns",
    "while",
    "clients",
    "parse",
    "streams",
    "count",
    "tokens",
    "and",
    "check",
    "finish",
    "reasons",
    "against",
    "the",
    "spec",
    "of",
    "the",
    "together",
    "api",
    "served",
    "locally",
    "on",
    "loopback",
    "without",
    "keys",
    "or",
    "network",
]


def load_catalog(path: Path = CATALOG_PATH) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text())
    return {m["id"]: m for m in data["models"]}


def tokens(text: str) -> list[str]:
    """The mock's tokenizer: whitespace-separated words (documented, simple, stable)."""
    return text.split()


def _rng(app: MockApp, *parts: Any) -> random.Random:
    digest = hashlib.sha256(json.dumps([app.settings.seed, *parts], sort_keys=True, default=str).encode())
    return random.Random(digest.hexdigest())


def _sentence(rng: random.Random, count: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(count)]
    return " ".join(words).capitalize() + "."


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _int(body: dict[str, Any], key: str, default: int, low: int) -> int:
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= low else default


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


# ----------------------------------------------------------------------------- text generation


def _thinking(app: MockApp, body: dict[str, Any], rng: random.Random) -> str | None:
    """The thinking of a catalog reasoning model (None for other models or `reasoning.enabled: false`)."""
    entry = app.catalog.get(str(body.get("model", ""))) or {}
    if not (entry.get("x-mock") or {}).get("reasoning"):
        return None
    toggle = body.get("reasoning")
    if isinstance(toggle, dict) and toggle.get("enabled") is False:
        return None
    effort = str(body.get("reasoning_effort") or "medium")
    words = THINKING_WORDS.get(effort, THINKING_WORDS["medium"])
    return " ".join(_sentence(rng, 8) for _ in range(max(1, words // 8)))


def _cut(body: dict[str, Any], answer: str) -> tuple[str, str]:
    """`stop` then `max_tokens` applied to `answer`: (text, finish_reason)."""
    finish = "stop"
    stops = body.get("stop")
    if isinstance(stops, str):
        stops = [stops]
    if isinstance(stops, list):
        cuts = [answer.find(s) for s in stops if isinstance(s, str) and s and s in answer]
        if cuts:
            answer = answer[: min(cuts)]
    limit = body.get("max_tokens")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
        words = tokens(answer)
        if len(words) > limit:
            answer = " ".join(words[:limit])
            finish = "length"
    return answer, finish


def _generate(app: MockApp, body: dict[str, Any], prompt: str, index: int) -> tuple[str, str]:
    """(text, finish_reason) for one choice of a plain text answer."""
    model = str(body.get("model", ""))
    rng = _rng(app, model, prompt, body.get("seed"), index)
    answer = f"Mock reply {index + 1}: " + _sentence(rng, 8 + rng.randrange(8))
    thinking = _thinking(app, body, rng)
    if thinking is not None:
        answer = f"<think>\n{thinking}\n</think>\n\n{answer}"
    return _cut(body, answer)


def _usage(prompt: str, texts: list[str]) -> dict[str, int]:
    prompt_tokens = len(tokens(prompt))
    completion_tokens = sum(len(tokens(t)) for t in texts)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _pieces(text: str) -> list[str]:
    words = tokens(text)
    return [w if i == 0 else " " + w for i, w in enumerate(words)] or [""]


def _created(handler: OperationHandler) -> int:
    template = handler.template if isinstance(handler.template, dict) else {}
    created = template.get("created")
    return created if isinstance(created, int) else 1_700_000_000


def _chat_prompt(messages: list[Any]) -> str:
    return " ".join(_text_of(m.get("content")) for m in messages if isinstance(m, dict))


def _response_format(body: dict[str, Any]) -> tuple[str, Any]:
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
            raise _bad("response_format.pattern must be a string.", "response_format/pattern")
        return "regex", pattern
    return "text", None


def _bad(message: str, param: str, code: str = "invalid_request_error") -> Exception:
    from togen.mock.app import MockError

    return MockError(400, message, param=f"body/{param}", code=code)


_DATA_URL = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,(.*)$", re.S)
_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "jpg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


def check_images(app: MockApp, body: dict[str, Any]) -> int:
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
                raise _bad("image_url.url must be a non-empty string.", where)
            count += 1
            if url.startswith(("http://", "https://")):
                continue
            match = _DATA_URL.match(url)
            if match is None:
                raise _bad(
                    "image_url.url must be an http(s) URL or a base64 data URL "
                    "(data:image/png|jpeg|gif|webp;base64,...).",
                    where,
                    "invalid_image_url",
                )
            try:
                data = base64.b64decode(match.group(2), validate=True)
            except ValueError:
                raise _bad("image_url.url: invalid base64 image data.", where, "invalid_image") from None
            if not data.startswith(_MAGIC[match.group(1)]):
                raise _bad(
                    f"image_url.url: the data is not a {match.group(1)} image.", where, "invalid_image"
                )
    if count and app.settings.strict_models:
        entry = app.catalog.get(str(body.get("model", "")))
        if entry is not None and not (entry.get("x-mock") or {}).get("vision"):
            raise _bad(
                f"Model {body.get('model')} does not support image inputs.", "model", "model_not_vision"
            )
    return count


def _logprobs_count(body: dict[str, Any]) -> int | None:
    """Entries per token asked for: `logprobs: N` (Together) or `logprobs: true, top_logprobs: N` (OpenAI)."""
    value = body.get("logprobs")
    if value is True:
        top = body.get("top_logprobs")
        return top if isinstance(top, int) and not isinstance(top, bool) and top >= 0 else 0
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _token_id(token: str) -> int:
    return int.from_bytes(hashlib.sha256(token.encode()).digest()[:3], "big") % 100_000


def _logprobs(app: MockApp, text: str, top: int, key: Any) -> dict[str, Any]:
    """Log probabilities of `text`'s tokens: Together's arrays plus OpenAI's `content` list, each
    token with `top` alternatives (the sampled token first)."""
    rng = _rng(app, "logprobs", key, text)
    pieces = _pieces(text) if text else []
    content = []
    values = []
    for piece in pieces:
        logprob = round(-rng.random() * 0.5, 4)
        values.append(logprob)
        alternatives = [{"token": piece, "logprob": logprob, "bytes": list(piece.encode())}]
        for rank in range(1, top):
            word = " " + rng.choice(_WORDS) + f"{rank}"
            alternatives.append(
                {
                    "token": word,
                    "logprob": round(logprob - rank - rng.random(), 4),
                    "bytes": list(word.encode()),
                }
            )
        content.append(
            {
                "token": piece,
                "logprob": logprob,
                "bytes": list(piece.encode()),
                "top_logprobs": alternatives[:top],
            }
        )
    return {
        "tokens": pieces,
        "token_ids": [_token_id(p) for p in pieces],
        "token_logprobs": values,
        "content": content,
    }


def _chat_choice(
    app: MockApp,
    body: dict[str, Any],
    prompt: str,
    index: int,
    fmt: tuple[str, Any],
    picked: list[Any],
    answered: bool,
) -> dict[str, Any]:
    """One choice: {"content", "reasoning", "tool_calls", "finish"}."""
    from togen.mock import structured, tools

    model = str(body.get("model", ""))
    rng = _rng(app, model, prompt, body.get("seed"), index, fmt[0])
    thinking = _thinking(app, body, rng)
    seed = rng.getrandbits(32)
    if picked:
        try:
            calls = tools.calls(picked, rng)
        except structured.SchemaError as exc:
            raise _bad(f"tools: {exc}", "tools", "unsupported_schema") from None
        return {"content": None, "reasoning": thinking, "tool_calls": calls, "finish": "tool_calls"}
    kind, spec = fmt
    try:
        if kind == "json_schema":
            answer = json.dumps(structured.from_schema(tools.closed(spec), seed), ensure_ascii=False)
        elif kind == "regex":
            answer = structured.from_regex(spec, seed)
        elif kind == "json_object":
            answer = json.dumps({"answer": _sentence(rng, 8 + rng.randrange(8))})
        else:
            lead = "Tool results received. " if answered else ""
            answer = f"{lead}Mock reply {index + 1}: " + _sentence(rng, 8 + rng.randrange(8))
            if thinking is not None:
                answer = f"<think>\n{thinking}\n</think>\n\n{answer}"
    except structured.SchemaError as exc:
        param = "response_format/pattern" if kind == "regex" else "response_format/schema"
        raise _bad(f"response_format: {exc}", param, "unsupported_schema") from None
    text, finish = _cut(body, answer)
    return {"content": text, "reasoning": thinking, "tool_calls": None, "finish": finish}


def chat_completions(handler: OperationHandler, call: Call) -> Response:
    from togen.mock import tools
    from togen.mock.app import dumps, json_response

    app = handler.app
    body = call.body if isinstance(call.body, dict) else {}
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    prompt = _chat_prompt(messages)
    check_images(app, body)
    fmt = _response_format(body)
    try:
        picked = tools.plan(body)
    except tools.ToolError as exc:
        raise _bad(str(exc), exc.param) from None
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    answered = any(m.get("role") in ("tool", "function") for m in messages[last_user + 1 :])
    n = _int(body, "n", 1, 1)
    results = [_chat_choice(app, body, prompt, i, fmt, picked, answered) for i in range(min(n, 16))]
    model = body.get("model", "")
    rng = _rng(app, "id", model, prompt, body.get("seed"))
    completion_id = "chatcmpl-" + _hex_id(rng)
    created = _created(handler)
    texts = [r["content"] or "" for r in results]
    texts += [c["function"]["arguments"] for r in results for c in r["tool_calls"] or []]
    usage = _usage(prompt, texts)
    top = _logprobs_count(body)
    if body.get("stream") is True:
        return handler.sse(_chat_chunks(app, body, results, completion_id, created, usage, top))
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
            choice["logprobs"] = _logprobs(app, result["content"] or "", top, (model, prompt, i))
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
    return json_response(dumps(answer), handler.status)


def _chat_chunks(
    app: MockApp,
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
    from togen.mock import tools

    model = body.get("model", "")
    options = body.get("stream_options")
    usage_chunk = isinstance(options, dict) and options.get("include_usage") is True

    def chunk(index: int, delta: dict[str, Any], finish: str | None, **extra: Any) -> dict[str, Any]:
        choice: dict[str, Any] = {
            "index": index,
            "delta": {"role": "assistant", **delta},
            "finish_reason": finish,
        }
        choice.update(extra)
        return {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [choice],
        }

    chunks: list[Any] = []
    for index, result in enumerate(results):
        if result["reasoning"] is not None and result["tool_calls"]:
            for piece in _pieces(result["reasoning"]):
                chunks.append(chunk(index, {"reasoning": piece}, None))
        for call in result["tool_calls"] or []:
            function = call["function"]
            head = {
                "index": call["index"],
                "id": call["id"],
                "type": "function",
                "function": {"name": function["name"], "arguments": ""},
            }
            chunks.append(chunk(index, {"tool_calls": [head]}, None))
            for piece in tools.argument_pieces(function["arguments"]):
                part = {
                    "index": call["index"],
                    "id": "",
                    "type": "function",
                    "function": {"name": "", "arguments": piece},
                }
                chunks.append(chunk(index, {"tool_calls": [part]}, None))
        if result["content"]:
            logprobs = (
                _logprobs(app, result["content"], top or 0, (model, index)) if top is not None else None
            )
            for number, piece in enumerate(_pieces(result["content"])):
                extra = {"logprobs": logprobs["token_logprobs"][number]} if logprobs is not None else {}
                chunks.append(chunk(index, {"content": piece}, None, **extra))
        last = chunk(index, {"content": ""} if not result["tool_calls"] else {}, result["finish"])
        if not usage_chunk and index == len(results) - 1:
            last["usage"] = usage
        chunks.append(last)
    if usage_chunk:
        chunks.append(
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": usage,
            }
        )
    return chunks


def completions(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import dumps, json_response

    app = handler.app
    body = call.body if isinstance(call.body, dict) else {}
    prompt = body["prompt"] if isinstance(body.get("prompt"), str) else ""
    n = _int(body, "n", 1, 1)
    results = [_generate(app, body, prompt, i) for i in range(min(n, 16))]
    model = body.get("model", "")
    completion_id = "cmpl-" + _hex_id(_rng(app, "id", model, prompt))
    created = _created(handler)
    usage = _usage(prompt, [t for t, _ in results])
    if body.get("echo") is True:
        results = [(prompt + t, f) for t, f in results]
    if body.get("stream") is True:
        chunks: list[Any] = []
        token_id = 0
        for index, (text, finish) in enumerate(results):
            pieces = _pieces(text)
            for number, piece in enumerate(pieces):
                last = number == len(pieces) - 1
                token_id += 1
                choice: dict[str, Any] = {"index": index, "text": piece}
                choice["finish_reason"] = finish if last else None
                chunks.append(
                    {
                        "id": completion_id,
                        "object": "completion.chunk",
                        "created": created,
                        "model": model,
                        "token": {"id": token_id, "text": piece, "logprob": -0.1, "special": False},
                        "choices": [choice],
                        # the spec requires a non-null top-level finish_reason on every chunk
                        "finish_reason": finish,
                        "usage": usage if last and index == len(results) - 1 else None,
                    }
                )
        return handler.sse(chunks)
    answer = {
        "id": completion_id,
        "object": "text.completion",
        "created": created,
        "model": model,
        "prompt": [{"text": prompt}] if body.get("echo") is True else [],
        "choices": [
            {"index": i, "text": text, "finish_reason": finish} for i, (text, finish) in enumerate(results)
        ],
        "usage": usage,
    }
    return json_response(dumps(answer), handler.status)


def embedding(app: MockApp, model: str, text: str) -> list[float]:
    entry = app.catalog.get(model) or {}
    dimension = int((entry.get("x-mock") or {}).get("embedding_dimension") or DEFAULT_EMBEDDING_DIMENSION)
    rng = _rng(app, "embedding", model, text)
    vector = [rng.gauss(0.0, 1.0) for _ in range(dimension)]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 7) for v in vector]


def embeddings(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import dumps, json_response

    body = call.body if isinstance(call.body, dict) else {}
    inputs = body.get("input")
    texts = [inputs] if isinstance(inputs, str) else [str(t) for t in inputs or []]
    model = str(body.get("model", ""))
    answer: dict[str, Any] = {
        "object": "list",
        "model": model,
        "data": [
            {"object": "embedding", "embedding": embedding(handler.app, model, text), "index": i}
            for i, text in enumerate(texts)
        ],
    }
    if "usage" in handler.response_props:
        answer["usage"] = _usage(" ".join(texts), [])
    return json_response(dumps(answer), handler.status)


def rerank(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import dumps, json_response

    body = call.body if isinstance(call.body, dict) else {}
    query = str(body.get("query", ""))
    fields = body.get("rank_fields")
    texts = []
    for doc in body.get("documents") or []:
        if isinstance(doc, dict):
            chosen = {k: doc[k] for k in fields if k in doc} if isinstance(fields, list) else doc
            texts.append(json.dumps(chosen, ensure_ascii=False))
        else:
            texts.append(str(doc))
    query_words = {w.lower().strip(".,?!") for w in tokens(query)}
    scored = []
    for index, text in enumerate(texts):
        words = {w.lower().strip('.,?!"{}:') for w in tokens(text)}
        overlap = len(query_words & words) / (len(query_words) or 1)
        jitter = _rng(handler.app, "rerank", query, text).random() * 0.05
        scored.append((round(min(1.0, overlap * 0.9 + jitter), 6), index, text))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top_n = body.get("top_n")
    if isinstance(top_n, int) and top_n >= 0:
        scored = scored[:top_n]
    keep = body.get("return_documents") is True
    answer = {
        "object": "rerank",
        "id": _hex_id(_rng(handler.app, "rerank-id", query)),
        "model": body.get("model", ""),
        "results": [
            {"index": index, "relevance_score": score, "document": {"text": text if keep else None}}
            for score, index, text in scored
        ],
        "usage": _usage(query + " " + " ".join(texts), []),
    }
    return json_response(dumps(answer), handler.status)


def images(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import dumps, json_response

    body = call.body if isinstance(call.body, dict) else {}
    n = _int(body, "n", 1, 1)
    width = _int(body, "width", 1024, 1)
    height = _int(body, "height", 1024, 1)
    prompt = str(body.get("prompt", ""))
    rng = _rng(handler.app, "image", prompt, body.get("seed"))
    image_id = _hex_id(rng)
    data = []
    for index in range(min(n, 8)):
        if body.get("response_format") == "base64":
            png = media.png(width, height, f"{prompt}:{index}:{body.get('seed')}")
            data.append({"index": index, "b64_json": base64.b64encode(png).decode(), "type": "b64_json"})
        else:
            url = f"{call.base_url}/_mock/images/{width}x{height}/{image_id}-{index}.png"
            data.append({"index": index, "url": url, "type": "url"})
    answer = {"id": image_id, "model": body.get("model", ""), "object": "list", "data": data}
    return json_response(dumps(answer), handler.status)


AUDIO_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "raw": "application/octet-stream"}


def speech(handler: OperationHandler, call: Call) -> Response:
    body = call.body if isinstance(call.body, dict) else {}
    text = str(body.get("input", ""))
    rate = _int(body, "sample_rate", media.SAMPLE_RATE, 1)
    samples = media.pcm(text)
    if body.get("stream") is True:
        step = max(2, len(samples) // 4 // 2 * 2)
        chunks = [
            {
                "object": "audio.tts.chunk",
                "model": body.get("model", ""),
                "b64": base64.b64encode(samples[i : i + step]).decode(),
            }
            for i in range(0, len(samples), step)
        ]
        return handler.sse(chunks)
    fmt = str(body.get("response_format") or "wav")
    if fmt == "mp3":
        payload = media.mp3(len(samples) / 2 / media.SAMPLE_RATE)
    elif fmt == "raw":
        payload = samples
    else:
        fmt = "wav"
        payload = media.wav(samples, rate)
    return Response(payload, handler.status, media_type=AUDIO_TYPES[fmt])


def models_list(handler: OperationHandler, call: Call) -> Response:
    from togen.mock.app import json_response

    return json_response(handler.app.models_bytes, handler.status)


def file_content(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    role = handler.role
    item = call.path_params.get((role.id_param if role else None) or "id", "")
    collection = app.collections.get(role.collection) if role else None
    blob = collection.blobs.get(item) if collection else None
    media_type = (
        next((c.media_type for c in handler.success.contents), "text/plain")
        if handler.success
        else "text/plain"
    )
    return Response(blob if blob is not None else b"", handler.status, media_type=media_type)


BEHAVIOURS: dict[str, Callable[[OperationHandler, Call], Response]] = {
    "chat.completions.create": chat_completions,
    "completions.create": completions,
    "embeddings.create": embeddings,
    "rerank.create": rerank,
    "images.generate": images,
    "audio.speech.create": speech,
    "models.list": models_list,
    "files.content": file_content,
}


# ----------------------------------------------------------------------------- records


def file_record(app: MockApp, call: Call, record: dict[str, Any], collection_path: str) -> None:
    """Fill a file record from an upload (multipart `file` part, or the SDK's presigned flow)."""
    body = call.body if isinstance(call.body, dict) else {}
    content = call.files.get("file", b"")
    filename = body.get("file_name") or call.files.get("__filename__:file", b"").decode() or "upload.jsonl"
    record.pop("file_name", None)
    record.pop("file", None)
    record.pop("file_type", None)
    record.pop("checksum", None)
    record["filename"] = filename
    record["bytes"] = len(content)
    record["object"] = "file"
    record["Processed"] = True
    suffix = str(filename).rsplit(".", 1)[-1].lower()
    record["FileType"] = body.get("file_type") or (
        suffix if suffix in ("jsonl", "csv", "parquet") else "jsonl"
    )
    if body.get("purpose"):
        record["purpose"] = body["purpose"]
    app.collections[collection_path].blobs[record["id"]] = content


RECORD_HOOKS: dict[str, Callable[[MockApp, Call, dict[str, Any], str], None]] = {
    "files.upload": file_record,
}


# ----------------------------------------------------------------------------- helpers


def items_location(schemas: Schemas, schema: Any, op: Operation) -> tuple[Any, list[str]]:
    """(item schema, path of keys to the items array) of a list response."""
    resolved = schemas.resolve(schema)
    if resolved.get("type") == "array" or "items" in resolved and "properties" not in resolved:
        return resolved.get("items"), []
    props = resolved.get("properties") or {}
    if op.pagination is not None:
        path = op.pagination.items_field.split(".")
        node = resolved
        for key in path:
            node = schemas.resolve((node.get("properties") or {}).get(key))
        return node.get("items"), path
    names = sorted(props, key=lambda n: (n != "data", list(props).index(n)))
    for name in names:
        sub = schemas.resolve(props[name])
        if sub.get("type") == "array" or (isinstance(sub.get("type"), list) and "array" in sub["type"]):
            return sub.get("items"), [name]
    return None, []


# The documented request forms the spec's ChatCompletionRequest lacks (seeds 001/002 and the
# OpenAI SDK): the mock accepts them on top of what the spec allows.
def install_extras(app: MockApp) -> None:
    """Routes outside the spec: health, mock-served images, and the together SDK's upload flow."""
    from togen.mock.app import STORAGE_PATH, UPLOAD_PATH, MockError, dumps, json_response

    handler = app.handlers.get("models.list")
    if handler is not None and handler.response_schema is not None:
        item_schema, path = items_location(app.schemas, handler.response_schema, handler.op)
        entries = [{k: v for k, v in m.items() if k != "x-mock"} for m in app.catalog.values()]
        valid = [e for e in entries if item_schema is None or app.schemas.is_valid(item_schema, e)]
        body: Any = valid
        if path:
            body = dict(handler.template) if isinstance(handler.template, dict) else {}
            body[path[0]] = valid
        app.models_bytes = dumps(body)

    async def healthz(call: Call) -> Response:
        return json_response(dumps({"status": "ok", "operations": len(app.handlers)}))

    async def image(call: Call) -> Response:
        size = call.path_params.get("size", "64x64")
        width, _, height = size.partition("x")
        w = int(width) if width.isdigit() else 64
        h = int(height) if height.isdigit() else 64
        return Response(media.png(w, h, call.path_params.get("name", "")), media_type="image/png")

    files = app.collections.get("/v1/files")
    upload = app.handlers.get("files.upload")

    async def files_create(call: Call) -> Response:
        """POST /v1/files: OpenAI's multipart upload (with `file`), or the together SDK's first
        step (no `file`: 302 to a presigned URL on this mock, file id in X-Together-File-Id)."""
        app.check_auth(call)
        assert upload is not None and files is not None
        await upload.read_body(call, require_files=False, validate=False)
        if isinstance(call.body, dict) and "file" in call.files and "file_name" not in call.body:
            call.body["file_name"] = call.files.get("__filename__:file", b"").decode() or "upload.jsonl"
        upload.validate_body(call)
        record = app.create_record(upload, call, files)
        if "file" in call.files:
            return app.answer(upload, record, call)
        record["Processed"] = False
        location = f"{call.base_url}{UPLOAD_PATH}{record['id']}"
        return Response(status_code=302, headers={"Location": location, "X-Together-File-Id": record["id"]})

    async def presigned_put(call: Call) -> Response:
        assert files is not None
        file_id = call.path_params.get("file_id", "")
        record = files.records.get(file_id)
        if record is None:
            raise MockError(404, f"No pending upload {file_id!r}.", code="not_found")
        content = await app.read_raw(call)
        files.blobs[file_id] = content
        record["bytes"] = len(content)
        return Response(status_code=200)

    async def preprocess(call: Call) -> Response:
        app.check_auth(call)
        assert files is not None and upload is not None
        record = files.records.get(call.path_params.get("id", ""))
        if record is None:
            raise MockError(404, "No such file.", code="not_found")
        record["Processed"] = True
        return app.answer(upload, record, call)

    app.add_route("GET", "/healthz", healthz)

    async def stored_file(call: Call) -> Response:
        """Target of the mock's redirects (e.g. deployments.storage.download)."""
        name = call.path_params.get("name", "file")
        return Response(f"mock storage object {name}\n".encode(), media_type="application/octet-stream")

    app.add_route("GET", "/_mock/images/{size}/{name}", image)
    app.add_route("GET", STORAGE_PATH + "{name}", stored_file)
    if files is not None and upload is not None:
        app.add_route("POST", "/v1/files", files_create)
        app.add_route("PUT", UPLOAD_PATH + "{file_id}", presigned_put)
        app.add_route("POST", "/v1/files/{id}/preprocess", preprocess)
    responses_api.install(app)


# The Responses API lives in its own module (imported last: it uses the helpers above).
from togen.mock import responses_api  # noqa: E402

BEHAVIOURS["responses.create"] = responses_api.create
