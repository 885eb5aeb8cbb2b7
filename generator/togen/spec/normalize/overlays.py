"""The project's own fixes to the upstream spec: `spec/overlays/*.yaml`, applied in file order.

Every action has a one-line `reason` and says what it changes: `set` replaces, `merge`
deep-merges, `remove` deletes. It names its target one of two ways:

- `operation: POST /v1/responses` (optionally with a `target` pointer inside the operation):
  the operation whose effective URL, its server's base path + its path, is that one, with
  path parameter names ignored. Specs put `/v1` in the server URL (`servers: .../v1`,
  `paths: /chat/completions`) or in every path (`servers: https://host`, `paths:
  /v1/chat/completions`); addressed this way, an action finds the same operation in both,
  and `create: true` adds a missing one under the path that gives it that effective URL with
  the spec's own servers;
- `path: /v1/rl/...` (with a `target` inside it): the path item whose effective path that is,
  for what a path item holds (its shared `parameters`);
- `target`: a JSON pointer into the document, for everything else (`/components/...`).

An action whose target an older spec lacks is skipped with an `overlay-skipped` finding. An
overlay file may say `applies_to: [host, ...]`: it then applies only to specs whose servers
are on one of those hosts (Together's API additions are not added to someone else's API).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from togen.core.errors import Finding, SpecError
from togen.spec.loader import SPEC_DIR, parse_text
from togen.spec.normalize.operations import base_path_of
from togen.spec.normalize.walk import HTTP_METHODS, iter_operations
from togen.spec.schema import pointer, resolve_pointer, split_pointer

OVERLAY_DIR = SPEC_DIR / "overlays"


@dataclass(frozen=True)
class Overlay:
    path: Path
    description: str
    actions: list[dict[str, Any]]
    origin: str  # "project": operations it adds carry `x-togen-provenance: project`
    applies_to: tuple[str, ...] = ()  # server hosts; empty: every spec


def read_overlays(directory: Path = OVERLAY_DIR) -> list[Overlay]:
    """The overlays of a directory, in file-name order (parsed once per process and version
    of the files)."""
    files = tuple((p, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.yaml")))
    return list(_read_overlay_files(files))


@functools.lru_cache(maxsize=8)
def _read_overlay_files(files: tuple[tuple[Path, int], ...]) -> tuple[Overlay, ...]:
    overlays = []
    for path, _mtime in files:
        data = parse_text(path.read_bytes(), str(path)) or {}
        actions = data.get("actions") or []
        for index, action in enumerate(actions):
            addressed = any(key in action for key in ("target", "operation", "path"))
            if not addressed or not action.get("reason"):
                message = "every action needs a target or an operation, and a reason"
                raise SpecError(str(path), f"/actions/{index}", message)
            if "operation" in action and _split_operation(action["operation"]) is None:
                raise SpecError(str(path), f"/actions/{index}/operation", "expected 'METHOD /effective/path'")
        overlays.append(
            Overlay(
                path,
                data.get("description", ""),
                actions,
                data.get("origin", "project"),
                tuple(data.get("applies_to") or ()),
            )
        )
    return tuple(overlays)


def apply_overlays(document: dict[str, Any], overlays: list[Overlay], findings: list[Finding]) -> None:
    """Apply each action in place (see the module docstring). An absent target skips the action
    (older spec versions lack what newer overlays fix), unless the action says `create: true`,
    which adds it to its (existing) parent, or adds the operation it names."""
    hosts = _server_hosts(document)
    for overlay in overlays:
        if overlay.applies_to and not hosts & set(overlay.applies_to):
            message = f"{overlay.path.name}: applies to {', '.join(overlay.applies_to)} only"
            findings.append(Finding("info", "overlay-skipped", message, "/servers"))
            continue
        for action in overlay.actions:
            if "operation" in action:
                _apply_to_operation(document, overlay, action, findings)
            elif "path" in action:
                _apply_to_path_item(document, overlay, action, findings)
            else:
                _apply(document, overlay, action, action["target"], findings)


def _apply(root: Any, overlay: Overlay, action: dict[str, Any], target: str, findings: list[Finding]) -> None:
    tokens = split_pointer(target)
    last = tokens[-1] if tokens else ""
    parent = _find(root, pointer(*tokens[:-1]))
    exists = _find(parent, pointer(last)) is not _ABSENT
    addable = isinstance(parent, dict) and action.get("create")
    if parent is _ABSENT or not (exists or addable):
        where = target
        if "operation" in action:  # as the overlay names it, not where this spec keeps it
            where = f"{action['operation']} {action.get('target', '')}".strip()
        findings.append(Finding("info", "overlay-skipped", f"{overlay.path.name}: target absent", where))
        return
    key: Any = int(last) if isinstance(parent, list) and last.isdigit() else last
    if action.get("remove"):
        del parent[key]
    elif "set" in action:
        parent[key] = copy.deepcopy(action["set"])
    elif "merge" in action:
        parent[key] = _deep_merge(parent[key] if exists else {}, action["merge"])


def _apply_to_operation(
    document: dict[str, Any], overlay: Overlay, action: dict[str, Any], findings: list[Finding]
) -> None:
    method, effective = _split_operation(action["operation"]) or ("", "")
    inner = action.get("target", "")
    found = find_operation(document, method, effective)
    if found is not None:
        path, _ = found
        _apply(document, overlay, action, pointer("paths", path, method) + inner, findings)
        return
    if not action.get("create") or inner or "set" not in action:
        message = f"{overlay.path.name}: no operation {method.upper()} {effective}"
        findings.append(Finding("info", "overlay-skipped", message, action["operation"]))
        return
    operation = copy.deepcopy(action["set"])
    servers = document.get("servers") or [{"url": "/"}]
    root_url = str(servers[0].get("url", "/")) if isinstance(servers[0], dict) else "/"
    base = base_path_of(root_url)
    if base and not (effective == base or effective.startswith(base + "/")):
        # the spec's server carries another base path: the operation names its own server
        operation["servers"] = [{"url": root_url[: len(root_url.rstrip("/")) - len(base)] or "/"}]
        path = effective
    else:
        path = effective[len(base) :] or "/"
    paths = document.setdefault("paths", {})
    paths.setdefault(path, {})[method] = operation


def _apply_to_path_item(
    document: dict[str, Any], overlay: Overlay, action: dict[str, Any], findings: list[Finding]
) -> None:
    """`path: /v1/...` + `target`: inside the path item whose effective path that is."""
    wanted = _shape(str(action["path"]))
    root = document.get("servers") or [{"url": "/"}]
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        own: list[Any] = [op["servers"] for op in item.values() if isinstance(op, dict) and op.get("servers")]
        servers: list[Any] = item.get("servers") or (own[0] if own else root)
        url = servers[0].get("url", "/") if isinstance(servers[0], dict) else "/"
        if _shape(base_path_of(str(url)) + path) == wanted:
            _apply(document, overlay, action, pointer("paths", path) + action.get("target", ""), findings)
            return
    message = f"{overlay.path.name}: no path {action['path']}"
    findings.append(Finding("info", "overlay-skipped", message, str(action["path"])))


def find_operation(
    document: dict[str, Any], method: str, effective: str
) -> tuple[str, dict[str, Any]] | None:
    """(path, operation) of the operation `METHOD effective-path` (parameter names ignored)."""
    wanted = _shape(effective)
    root = document.get("servers") or [{"url": "/"}]
    for path, op_method, op, _ptr in iter_operations(document):
        if op_method != method:
            continue
        item = document["paths"][path]
        servers = op.get("servers") or item.get("servers") or root
        url = servers[0].get("url", "/") if isinstance(servers[0], dict) else "/"
        if _shape(base_path_of(str(url)) + path) == wanted:
            return path, op
    return None


def _split_operation(text: Any) -> tuple[str, str] | None:
    method, _, path = str(text).strip().partition(" ")
    if method.lower() not in HTTP_METHODS or not path.strip().startswith("/"):
        return None
    return method.lower(), path.strip()


def _shape(path: str) -> str:
    """A path with its parameter names blanked: `/files/{id}` and `/files/{file_id}` are one."""
    return re.sub(r"{[^}/]*}", "{}", "/" + path.strip("/"))


def _server_hosts(document: dict[str, Any]) -> set[str]:
    servers = document.get("servers") or []
    return {urlparse(str(s.get("url", ""))).hostname or "" for s in servers if isinstance(s, dict)} - {""}


_ABSENT = object()


def _find(node: Any, ptr: str) -> Any:
    """The node a pointer names below `node`, or _ABSENT."""
    try:
        return resolve_pointer(node, ptr)
    except SpecError:
        return _ABSENT


def _deep_merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _deep_merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(patch)
