"""The project's own fixes to the upstream spec: `spec/overlays/*.yaml`, applied in file order.

Every action has a JSON-pointer `target` and a one-line `reason`; `set` replaces the target,
`merge` deep-merges into it, `remove` deletes it. An action whose target an older spec lacks
is skipped with an `overlay-skipped` finding.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from togen.errors import Finding, SpecError
from togen.spec.loader import SPEC_DIR, parse_text
from togen.spec.schema import pointer, resolve_pointer, split_pointer

OVERLAY_DIR = SPEC_DIR / "overlays"


@dataclass(frozen=True)
class Overlay:
    path: Path
    description: str
    actions: list[dict[str, Any]]
    origin: str  # "project": operations it adds carry `x-togen-provenance: project`


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
            if "target" not in action or not action.get("reason"):
                raise SpecError(str(path), f"/actions/{index}", "every action needs a target and a reason")
        overlays.append(Overlay(path, data.get("description", ""), actions, data.get("origin", "project")))
    return tuple(overlays)


def apply_overlays(document: dict[str, Any], overlays: list[Overlay], findings: list[Finding]) -> None:
    """Apply each action in place. Targets are JSON pointers; `set` replaces, `merge` deep-merges,
    `remove` deletes. An absent target skips the action (older spec versions lack what newer
    overlays fix), unless the action says `create: true`, which adds it to its (existing) parent."""
    for overlay in overlays:
        for action in overlay.actions:
            tokens = split_pointer(action["target"])
            last = tokens[-1] if tokens else ""
            parent = _find(document, pointer(*tokens[:-1]))
            exists = _find(parent, pointer(last)) is not _ABSENT
            addable = isinstance(parent, dict) and action.get("create")
            if parent is _ABSENT or not (exists or addable):
                findings.append(
                    Finding(
                        "info", "overlay-skipped", f"{overlay.path.name}: target absent", action["target"]
                    )
                )
                continue
            key: Any = int(last) if isinstance(parent, list) and last.isdigit() else last
            if action.get("remove"):
                del parent[key]
            elif "set" in action:
                parent[key] = copy.deepcopy(action["set"])
            elif "merge" in action:
                parent[key] = _deep_merge(parent[key] if exists else {}, action["merge"])


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
