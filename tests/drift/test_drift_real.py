"""Drift on Together's real spec history (../shared/together-openapi)."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from togen.drift.api import history
from togen.drift.api import load as _load
from togen.drift.model import BREAKING, NON_BREAKING, POTENTIAL
from togen.drift.operation_walk import diff_apis
from togen.spec.pipeline import resolve_spec

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "together-openapi"
CURRENT = SHARED / "openapi.yaml"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))

pytestmark = pytest.mark.skipif(not HISTORY or not CURRENT.exists(), reason="real Together specs not present")


@functools.cache
def load(path: str) -> Any:
    """Each real spec is loaded once per test module (the diff never modifies an API)."""
    return _load(path)


def upstream_only(path: str) -> Any:
    return resolve_spec(path, verify_lock=False, overlays=[]).api


def _history(prefix: str) -> str:
    return str(next(p for p in HISTORY if p.name.startswith(prefix)))


def test_consecutive_history_pairs_run_without_errors(tmp_path: Path) -> None:
    # How long the chain takes is measured in bench/drift_bench.py (`--history` rows), not asserted.
    steps = history([str(p) for p in HISTORY], output_dir=tmp_path, fmt="json")
    assert len(steps) == len(HISTORY) - 1
    assert (tmp_path / "timeline.json").exists()
    files = sorted(p.name for p in tmp_path.glob("[0-9]*.json"))
    assert len(files) == len(steps)
    for step in steps:
        data = json.loads((tmp_path / step.file).read_text()) if step.file else {}
        assert data["summary"]["total"] == len(data["changes"])
        assert data["semver"] in ("major", "minor", "patch", "none")


def test_2025_01_to_2025_02_reports_removed_operations() -> None:
    report = diff_apis(load(_history("2025-01-28")), load(_history("2025-02-28")))
    removed = {c.operation for c in report.changes if c.kind == "operation-removed"}
    assert removed == {
        "GET /v1/endpoints/{id}/hardware",
        "POST /v1/endpoints/{id}/start",
        "POST /v1/endpoints/{id}/stop",
    }
    assert all(c.level == BREAKING for c in report.changes if c.kind == "operation-removed")
    # {id} -> {endpointId} is a renamed path parameter, not a removed operation.
    renamed = {c.operation for c in report.changes if c.kind == "path-parameter-renamed"}
    assert renamed == {
        "GET /v1/endpoints/{endpointId}",
        "PATCH /v1/endpoints/{endpointId}",
        "DELETE /v1/endpoints/{endpointId}",
    }
    assert "GET /v1/hardware" in report.operations_added
    assert report.semver[0] == "major"
    methods = {s.symbol for s in report.surface if s.kind == "method-removed"}
    assert "client.endpoints.hardware.list" in methods


def test_spec_against_itself_has_no_changes() -> None:
    report = diff_apis(load(str(CURRENT)), load(str(CURRENT)))
    assert report.changes == []
    assert report.surface == []
    assert report.semver[0] == "none"


def _split_into_allof(schemas: dict[str, Any], name: str) -> bool:
    schema = schemas[name]
    props = schema.get("properties")
    if not isinstance(props, dict) or len(props) < 2 or "allOf" in schema or "additionalProperties" in schema:
        return False
    names = list(props)
    half = len(names) // 2
    required = schema.get("required") or []
    first = {"type": "object", "properties": {k: props[k] for k in names[:half]}}
    second = {"type": "object", "properties": {k: props[k] for k in names[half:]}}
    if required:
        second["required"] = list(required)
    schemas[f"{name}RefactorA"] = first
    schemas[f"{name}RefactorB"] = second
    rest = {k: v for k, v in schema.items() if k not in ("properties", "required", "type")}
    schemas[name] = {
        **rest,
        "allOf": [
            {"$ref": f"#/components/schemas/{name}RefactorA"},
            {"$ref": f"#/components/schemas/{name}RefactorB"},
        ],
    }
    return True


def _extract_properties_to_refs(schemas: dict[str, Any], name: str) -> int:
    moved = 0
    for prop, sub in list((schemas[name].get("properties") or {}).items()):
        if isinstance(sub, dict) and "$ref" not in sub:
            target = f"{name}Refactor{prop.title().replace('_', '')}"
            schemas[target] = sub
            schemas[name]["properties"][prop] = {"$ref": f"#/components/schemas/{target}"}
            moved += 1
    return moved


def test_pure_ref_refactor_of_the_real_spec_has_no_breaking_changes(tmp_path: Path) -> None:
    document = yaml.load(CURRENT.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    refactored = copy.deepcopy(document)
    schemas = refactored["components"]["schemas"]
    split = [n for n in list(schemas)[:80] if _split_into_allof(schemas, n)]
    moved = _extract_properties_to_refs(schemas, "ChatCompletionRequest")
    assert len(split) > 20 and moved > 5
    path = tmp_path / "refactored.json"
    path.write_text(json.dumps(refactored, default=str))
    # Without the project's overlays: they target JSON pointers of the upstream layout, which a
    # refactor moves, so the property is about the upstream spec itself.
    report = diff_apis(upstream_only(str(CURRENT)), upstream_only(str(path)))
    assert [c.message for c in report.changes if c.level != NON_BREAKING] == []
    assert report.count(BREAKING) == 0 and report.count(POTENTIAL) == 0
    assert report.changes == []


def test_output_is_deterministic_across_processes() -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "togen",
                "drift",
                _history("2025-01-28"),
                _history("2025-02-28"),
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def test_skipping_unchanged_parts_changes_no_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """The diff skips operations and models whose JSON (and referenced schemas) are the same
    in both specs; with nothing skipped the reports are identical, on real pairs."""
    from togen.drift import operation_walk
    from togen.drift.unchanged import Unchanged

    class NothingUnchanged(Unchanged):
        def component(self, name: str) -> bool:
            return False

        def raw(self, old: Any, new: Any) -> bool:
            return False

    pairs = [(HISTORY[i], HISTORY[i + 1]) for i in range(0, len(HISTORY) - 1, 3)]
    pairs += [(HISTORY[i], CURRENT) for i in range(len(HISTORY) - 1, 0, -8)]
    skipped = 0
    for old, new in pairs:
        fast = diff_apis(load(str(old)), load(str(new))).as_dict()
        probe = Unchanged(load(str(old)).document, load(str(new)).document)
        skipped += sum(probe.component(name) for name in load(str(old)).schemas)
        with monkeypatch.context() as patched:
            patched.setattr(operation_walk, "Unchanged", NothingUnchanged)
            full = diff_apis(load(str(old)), load(str(new))).as_dict()
        assert fast == full, (old.name, new.name)
    assert skipped > 0  # the shortcut did skip something
