"""`embeddings.create` and `rerank.create`.

Embeddings: one unit-length vector per input, of the dimension the catalog gives the
model (768 otherwise); the same text always gives the same vector. Rerank: results sorted
by a word-overlap score (with a little seeded jitter), `top_n`, `return_documents`.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.engine.call import Call
from togen.mock.engine.registry import behaviour
from togen.mock.together import text

if TYPE_CHECKING:
    from togen.mock.engine.context import Context
    from togen.mock.engine.handler import OperationHandler

DEFAULT_EMBEDDING_DIMENSION = 768


def embedding(app: Context, model: str, text_: str) -> list[float]:
    flags = app.model_flags(model) or {}
    dimension = int(flags.get("embedding_dimension") or DEFAULT_EMBEDDING_DIMENSION)
    rng = text.rng(app.settings.seed, "embedding", model, text_)
    vector = [rng.gauss(0.0, 1.0) for _ in range(dimension)]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 7) for v in vector]


@behaviour("embeddings.create")
def embeddings(handler: OperationHandler, call: Call) -> Response:
    body = call.json
    inputs = body.get("input")
    texts = [inputs] if isinstance(inputs, str) else [str(t) for t in inputs or []]
    model = str(body.get("model", ""))
    answer: dict[str, Any] = {
        "object": "list",
        "model": model,
        "data": [
            {"object": "embedding", "embedding": embedding(handler.app, model, t), "index": i}
            for i, t in enumerate(texts)
        ],
    }
    if "usage" in handler.response_props:
        answer["usage"] = text.usage(" ".join(texts), [])
    return handler.json(answer)


@behaviour("rerank.create")
def rerank(handler: OperationHandler, call: Call) -> Response:
    seed = handler.app.settings.seed
    body = call.json
    query = str(body.get("query", ""))
    fields = body.get("rank_fields")
    texts = []
    for doc in body.get("documents") or []:
        if isinstance(doc, dict):
            chosen = {k: doc[k] for k in fields if k in doc} if isinstance(fields, list) else doc
            texts.append(json.dumps(chosen, ensure_ascii=False))
        else:
            texts.append(str(doc))
    query_words = {w.lower().strip(".,?!") for w in text.tokens(query)}
    scored = []
    for index, document in enumerate(texts):
        words = {w.lower().strip('.,?!"{}:') for w in text.tokens(document)}
        overlap = len(query_words & words) / (len(query_words) or 1)
        jitter = text.rng(seed, "rerank", query, document).random() * 0.05
        scored.append((round(min(1.0, overlap * 0.9 + jitter), 6), index, document))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top_n = body.get("top_n")
    if isinstance(top_n, int) and top_n >= 0:
        scored = scored[:top_n]
    keep = body.get("return_documents") is True
    answer = {
        "object": "rerank",
        "id": text.hex_id(text.rng(seed, "rerank-id", query)),
        "model": body.get("model", ""),
        "results": [
            {"index": index, "relevance_score": score, "document": {"text": document if keep else None}}
            for score, index, document in scored
        ],
        "usage": text.usage(query + " " + " ".join(texts), []),
    }
    return handler.json(answer)
