"""In-memory state: which operations create, list, retrieve, update, cancel or delete what.

Derived from the paths alone, no per-endpoint tables: an operation on `C/{x}` acts on one
item of collection `C`; `POST C` (or `POST C/upload`) creates, `GET C` lists,
`GET|DELETE|PATCH|PUT C/{x}` retrieve, delete and update, `POST C/{x}/cancel` (or
`/stop`) cancels, anything else under `C/{x}/...` reads the item. A collection is
stateful when it has both a create and a retrieve operation.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from togen.spec.ir import Operation

CANCEL_ACTIONS = ("cancel", "stop")


@dataclass(frozen=True)
class Role:
    kind: str  # create | list | retrieve | update | delete | cancel | read
    collection: str  # effective path of the collection
    id_param: str | None = None


@dataclass
class Collection:
    path: str
    prefix: str
    id_field: str = "id"
    wrapper: str | None = None  # create answers {wrapper: item}
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    retrieve: Any = None  # the OperationHandler of `GET C/{x}`: the shape of an id never created

    def new_id(self, counter: itertools.count[int], seed: int, uuid_format: bool) -> str:
        value = uuid.uuid5(uuid.NAMESPACE_URL, f"togen-mock:{seed}:{self.path}:{next(counter)}")
        return str(value) if uuid_format else f"{self.prefix}-{value}"


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def plan_roles(operations: list[Operation]) -> dict[str, Role]:
    """Role of every stateful operation, by operation key."""
    item_ops: dict[str, list[tuple[Operation, str, str | None]]] = {}
    for op in operations:
        parts = _segments(op.effective_path)
        # the last path parameter splits collection / item / action
        index = max((i for i, s in enumerate(parts) if _is_param(s)), default=-1)
        if index <= 0:
            continue
        if any(_is_param(s) for s in parts[:index]):
            continue  # nested under another item: not modelled
        collection = "/" + "/".join(parts[:index])
        rest = parts[index + 1 :]
        action = rest[0] if len(rest) == 1 else ("/".join(rest) if rest else None)
        item_ops.setdefault(collection, []).append((op, parts[index][1:-1], action))

    roles: dict[str, Role] = {}
    for collection, items in item_ops.items():
        creates = [
            op
            for op in operations
            if op.method == "POST" and op.effective_path in (collection, collection + "/upload")
        ]
        # the spec's own create before one the SDK surface added (`--with-sdk`: the together
        # SDK's `POST /v1/files`, the first step of its presigned upload, beside the spec's upload)
        create = min(creates, key=lambda op: op.origin == "sdk", default=None)
        retrieve = next((op for op, _, action in items if op.method == "GET" and action is None), None)
        if create is None or retrieve is None:
            continue
        roles[create.key] = Role("create", collection)
        listing = next(
            (op for op in operations if op.method == "GET" and op.effective_path == collection), None
        )
        if listing is not None:
            roles[listing.key] = Role("list", collection)
        for op, param, action in items:
            if action is None:
                kind = {"GET": "retrieve", "DELETE": "delete", "PATCH": "update", "PUT": "update"}.get(
                    op.method
                )
            elif op.method == "POST" and action in CANCEL_ACTIONS:
                kind = "cancel"
            else:
                kind = "read"
            if kind:
                roles[op.key] = Role(kind, collection, param)
    return roles


def prefix_for(collection: str) -> str:
    """`/v1/fine-tunes` -> `ft`, `/v1/files` -> `file`, `/v1/batches` -> `batch`."""
    last = _segments(collection)[-1]
    known = {"fine-tunes": "ft", "files": "file", "batches": "batch", "evaluation": "eval"}
    if last in known:
        return known[last]
    word = last.replace("-", "_")
    return word[:-1] if word.endswith("s") else word
