"""Turn the normalized document (`api.document`) into the one schemathesis reads.

The normalized document keeps the spec's shape: paths without their version prefix and
a per-operation `servers` entry (`https://api.together.ai/v2`). The contract suite
addresses the host root (`--base-url http://127.0.0.1:4010`), so here every path becomes
its effective path (`/v1/files`, `/v2/videos`), servers collapse to `/`, websocket
upgrades are dropped (they are reported as skipped), and the request bodies schemathesis
cannot generate are given the shape it can.
"""

from __future__ import annotations

import copy
import fnmatch
from dataclasses import dataclass, field
from typing import Any

from togen.contract.results import WHY_WEBSOCKET, WHY_WRITE
from togen.spec.ir import API, Operation
from togen.spec.schema import binary_branch, resolve_schema

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SKIP_WEBSOCKET = "websocket upgrade (HTTP 101): not testable over plain HTTP"


@dataclass
class Skipped:
    key: str
    signature: str
    reason: str
    why: str = WHY_WEBSOCKET


@dataclass
class Prepared:
    """The schemathesis document and the IR operations it covers, by operationId."""

    document: dict[str, Any]
    operations: dict[str, Operation]  # operationId -> IR operation
    skipped: list[Skipped] = field(default_factory=list)
    total: int = 0  # operations in the spec (HTTP + websocket)

    def by_key(self, key: str) -> Operation:
        for op in self.operations.values():
            if op.key == key:
                return op
        raise KeyError(key)


def select(api: API, patterns: list[str] | None, websocket: bool = False) -> list[Operation]:
    """HTTP operations (or, with `websocket`, the websocket upgrades) whose key,
    operationId or `METHOD /path` matches one of the globs."""
    pool = api.unsupported if websocket else api.operations
    if not patterns:
        return list(pool)
    chosen = []
    for op in pool:
        names = (op.key, op.operation_id, op.signature, op.effective_path)
        if any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names):
            chosen.append(op)
    return chosen


def prepare(
    api: API,
    operations: list[Operation] | None = None,
    *,
    skip: dict[str, str] | None = None,
    unsupported: list[Operation] | None = None,
) -> Prepared:
    """The schemathesis document for `operations` (default: every HTTP operation).

    `skip` maps operation keys to a reason they are left out (live-mode safety: write
    operations); `unsupported` are the websocket upgrades reported as not reached
    (default: all of the spec's). Coverage counts both lists."""
    source = api.document
    chosen = {op.operation_id: op for op in (operations if operations is not None else api.operations)}
    if unsupported is None:
        unsupported = list(api.unsupported)
    skip = dict(skip or {})
    paths: dict[str, dict[str, Any]] = {}
    kept: dict[str, Operation] = {}
    skipped = [Skipped(op.key, op.signature, SKIP_WEBSOCKET) for op in unsupported]
    for op in api.operations:
        if op.operation_id not in chosen:
            continue
        if op.key in skip:
            skipped.append(Skipped(op.key, op.signature, skip[op.key], WHY_WRITE))
            continue
        item = source["paths"][op.path]
        raw = copy.deepcopy(item[op.method.lower()])
        raw.pop("servers", None)
        # The runner sends the bearer token itself and probes auth once per operation; left
        # in, schemathesis' negative cases would spend themselves on a missing token.
        raw.pop("security", None)
        raw.pop("x-codeSamples", None)
        _fix_request_body(raw, source)
        target = paths.setdefault(op.effective_path, {})
        # Path-level parameters apply to every method of the path.
        if item.get("parameters"):
            target.setdefault("parameters", copy.deepcopy(item["parameters"]))
        target[op.method.lower()] = raw
        kept[op.operation_id] = op
    document = {key: value for key, value in source.items() if key not in ("paths", "servers", "webhooks")}
    document = copy.deepcopy(document)
    document.pop("security", None)
    document["servers"] = [{"url": "/"}]
    document["paths"] = paths
    return Prepared(document, kept, skipped, total=len(chosen) + len(unsupported))


def _fix_request_body(raw: dict[str, Any], document: dict[str, Any]) -> None:
    """Multipart parts that may be a file (binary, alone or as one branch of a `oneOf`/
    `anyOf`) are generated as files: schemathesis crashes with "Unsupported type:
    'Binary'" when the binary schema hides inside a `oneOf` (audio transcriptions)."""
    body = raw.get("requestBody")
    if not isinstance(body, dict):
        return

    def resolve(schema: Any) -> dict[str, Any]:
        return resolve_schema(document, schema)

    for media, content in (body.get("content") or {}).items():
        if not media.startswith("multipart/") or not isinstance(content, dict):
            continue
        schema = copy.deepcopy(resolve(content.get("schema") or {}))
        encoding = content.setdefault("encoding", {})
        properties = schema.get("properties") or {}
        for name, prop in list(properties.items()):
            resolved = resolve(prop)
            binary = binary_branch(resolved, resolve)
            if binary is None:
                continue
            if binary is not resolved:  # one branch of the alternatives: the part is that branch
                binary = dict(binary)
                if "description" in prop:
                    binary["description"] = prop["description"]
                properties[name] = binary
            encoding.setdefault(name, {}).setdefault("contentType", "application/octet-stream")
        content["schema"] = schema
