"""The mock's text: seeded randomness, sentences, the whitespace tokenizer and what is
counted with it. Chat, completions and the Responses API all write their answers with
these functions, so the same request and seed give the same words everywhere.

- `rng(seed, *parts)`: a `random.Random` fixed by the server seed and any JSON-able parts;
- `sentence`, `reply`: words from a small vocabulary; `thinking` for reasoning models;
- `tokens`, `pieces`, `usage`, `cut`: the tokenizer (whitespace-separated words), stream
  pieces, token counts and the `stop` / `max_tokens` cuts with their `finish_reason`;
- `logprobs`: per-token log probabilities in Together's and OpenAI's shapes.
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

# words of thinking per `reasoning_effort` (reasoning models of the catalog)
THINKING_WORDS = {"low": 8, "medium": 24, "high": 64}

WORDS = (  # noqa: SIM905  (a sentence reads better than 42 list items)
    "the mock answers with a short deterministic sentence so tests can rely on every word it "
    "returns while clients parse streams count tokens and check finish reasons against the "
    "spec of the together api served locally on loopback without keys or network"
).split()


def rng(seed: int, *parts: Any) -> random.Random:
    digest = hashlib.sha256(json.dumps([seed, *parts], sort_keys=True, default=str).encode())
    return random.Random(digest.hexdigest())


def sentence(rng: random.Random, count: int) -> str:
    words = [rng.choice(WORDS) for _ in range(count)]
    return " ".join(words).capitalize() + "."


def hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


def text_of(content: Any) -> str:
    """The text of a message's `content`: a string, or the `text` of its parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def int_field(body: dict[str, Any], key: str, default: int, low: int) -> int:
    """`body[key]` when it is an int (not a bool) of at least `low`, else `default`."""
    value = body.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= low else default


def tokens(text: str) -> list[str]:
    """The mock's tokenizer: whitespace-separated words (documented, simple, stable)."""
    return text.split()


def pieces(text: str) -> list[str]:
    """One stream piece per token, each but the first with its leading space."""
    words = tokens(text)
    return [w if i == 0 else " " + w for i, w in enumerate(words)] or [""]


def usage(prompt: str, texts: list[str]) -> dict[str, int]:
    prompt_tokens = len(tokens(prompt))
    completion_tokens = sum(len(tokens(t)) for t in texts)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def thinking(flags: dict[str, Any] | None, body: dict[str, Any], rng: random.Random) -> str | None:
    """The thinking of a catalog reasoning model (`flags`: its catalog `x-mock`); None for
    other models or with `reasoning: {"enabled": false}`."""
    if not (flags or {}).get("reasoning"):
        return None
    toggle = body.get("reasoning")
    if isinstance(toggle, dict) and toggle.get("enabled") is False:
        return None
    effort = str(body.get("reasoning_effort") or "medium")
    words = THINKING_WORDS.get(effort, THINKING_WORDS["medium"])
    return " ".join(sentence(rng, 8) for _ in range(max(1, words // 8)))


def with_thinking(answer: str, thought: str | None) -> str:
    return answer if thought is None else f"<think>\n{thought}\n</think>\n\n{answer}"


def cut(body: dict[str, Any], answer: str) -> tuple[str, str]:
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


def reply(
    seed: int, flags: dict[str, Any] | None, body: dict[str, Any], prompt: str, index: int
) -> tuple[str, str]:
    """(text, finish_reason) of choice `index` of a plain text answer to `prompt`."""
    model = str(body.get("model", ""))
    random_ = rng(seed, model, prompt, body.get("seed"), index)
    answer = f"Mock reply {index + 1}: " + sentence(random_, 8 + random_.randrange(8))
    return cut(body, with_thinking(answer, thinking(flags, body, random_)))


def token_id(token: str) -> int:
    return int.from_bytes(hashlib.sha256(token.encode()).digest()[:3], "big") % 100_000


def logprobs(seed: int, text: str, top: int, key: Any) -> dict[str, Any]:
    """Log probabilities of `text`'s tokens: Together's arrays plus OpenAI's `content` list, each
    token with `top` alternatives (the sampled token first)."""
    random_ = rng(seed, "logprobs", key, text)
    parts = pieces(text) if text else []
    content = []
    values = []
    for piece in parts:
        logprob = round(-random_.random() * 0.5, 4)
        values.append(logprob)
        alternatives = [{"token": piece, "logprob": logprob, "bytes": list(piece.encode())}]
        for rank in range(1, top):
            word = " " + random_.choice(WORDS) + f"{rank}"
            alternatives.append(
                {
                    "token": word,
                    "logprob": round(logprob - rank - random_.random(), 4),
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
        "tokens": parts,
        "token_ids": [token_id(p) for p in parts],
        "token_logprobs": values,
        "content": content,
    }
