"""The state one mock server shares between all its operations: settings, the spec's
schemas and synthesizer, the model catalog, the in-memory collections, the rate limiter
and fault dice, and the two checks every route makes (bearer auth, bounded body read).

`MockApp` (app.py) is a `Context` plus routing; handlers, the stateful collections and
the behaviours see the server through this class, so none of them imports the app.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from togen.mock.engine import limits
from togen.mock.engine.call import Call, MockError
from togen.mock.engine.state import Collection
from togen.mock.engine.validation import Schemas
from togen.spec.ir import API
from togen.spec.synthesizer import Synthesizer

# The models Together's docs name: data of the Together part, read by the engine's context.
CATALOG_PATH = Path(__file__).parents[1] / "together" / "catalog.json"
# How the mock checks keys, as `GET /healthz` says it (`togen contract` reads it).
AUTH_ANY_KEY = "any-key"  # any non-empty bearer token (no --api-key)
AUTH_ONE_KEY = "key"  # only --api-key's


@dataclass
class Settings:
    seed: int = 0
    api_key: str | None = None  # None: any non-empty bearer token is accepted
    latency_ms: float = 0.0
    fault_rate: float = 0.0
    max_body_bytes: int = 32 * 1024 * 1024
    strict_models: bool = False  # unknown `model` -> 404 model_not_available
    strict_ids: bool = False  # an id never created -> 404 (default: answered as if it existed)
    stateless: bool = False  # nothing remembered: every id exists, deletes change nothing (crud.py)
    access_log: bool = True
    rate_limit: int = 0  # requests per minute per API key (0: unlimited) -> 429 + Retry-After

    @property
    def auth(self) -> str:
        return AUTH_ANY_KEY if self.api_key is None else AUTH_ONE_KEY


def load_catalog(path: Path = CATALOG_PATH) -> dict[str, dict[str, Any]]:
    """The models the mock knows (`catalog.json`), by id; `x-mock` holds the mock's flags."""
    data = json.loads(path.read_text())
    return {m["id"]: m for m in data["models"]}


class Context:
    """Everything of one server that outlives a request."""

    def __init__(self, api: API, settings: Settings | None = None) -> None:
        self.api = api
        self.settings = settings or Settings()
        self.schemas = Schemas(api.document)
        self.synth = Synthesizer(self.schemas, self.settings.seed)
        self.fault_rng = random.Random(self.settings.seed)
        self.limiter = limits.RateLimiter(self.settings.rate_limit) if self.settings.rate_limit > 0 else None
        self.ids = itertools.count(1)
        self.catalog = load_catalog()
        self.models_bytes = b"[]"  # the answer of GET /v1/models (behaviours/models.py)
        self.collections: dict[str, Collection] = {}
        self.operations: dict[str, dict[str, Any]] = {}  # asynchronous operations (RL), by id

    def model_flags(self, model: Any) -> dict[str, Any] | None:
        """The catalog's `x-mock` flags of `model` (None: a model the catalog does not know)."""
        entry = self.catalog.get(str(model))
        return None if entry is None else entry.get("x-mock") or {}

    def check_auth(self, call: Call) -> None:
        header = call.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        expected = self.settings.api_key
        if scheme.lower() != "bearer" or not token or (expected is not None and token != expected):
            message = (
                "Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys."
                if token
                else "Missing API key: send 'Authorization: Bearer <key>'."
            )
            raise MockError(401, message, code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})

    async def read_raw(self, call: Call) -> bytes:
        """The request body, read once, refused beyond `--max-body` (413)."""
        if call.raw or call.scope.get("togen.body_read"):
            return call.raw
        call.scope["togen.body_read"] = True
        limit = self.settings.max_body_bytes
        declared = call.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise MockError(
                413, f"Request body of {declared} bytes exceeds the {limit}-byte limit.", code="too_large"
            )
        chunks = []
        size = 0
        while True:
            message = await call.receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise MockError(413, f"Request body exceeds the {limit}-byte limit.", code="too_large")
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        call.raw = b"".join(chunks)
        return call.raw
