"""`togen validate`: openapi-spec-validator plus our own structural checks.

Findings are collected, not raised: the validator's complaints about the upstream
spec (e.g. a default of the wrong type) are reported with severity, pointer and
line, and generation goes on with the normalizer's fix. Only what generation cannot
do correctly (not OpenAPI 3.x, unparsable, a dangling `$ref`, an undeclared path
parameter) is fatal; those come from the loader/normalizer as `SpecError`.
"""

from __future__ import annotations

from typing import Any

from togen.errors import Finding
from togen.spec.loader import LoadedSpec
from togen.spec.pipeline import Resolved, resolve_spec
from togen.spec.schema import pointer, walk_nodes


def _pointer_index(document: Any) -> dict[int, str]:
    """id(node) -> JSON pointer, to locate validator errors that carry the failing schema
    object but no path (openapi-spec-validator reports bad defaults that way)."""
    return {id(node): ptr for node, ptr in walk_nodes(document) if isinstance(node, dict)}


def openapi_validator_findings(loaded: LoadedSpec) -> list[Finding]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(loaded.document.get("openapi", ""))
    validator_class = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    index: dict[int, str] | None = None
    findings = []
    for error in validator_class(loaded.document).iter_errors():
        path = list(getattr(error, "absolute_path", []) or [])
        ptr = pointer(*path) if path else ""
        schema = getattr(error, "schema", None)
        if not ptr and isinstance(schema, dict):
            index = index if index is not None else _pointer_index(loaded.document)
            ptr = index.get(id(schema), "")
            if ptr and isinstance(error.instance, str) and schema.get("default") == error.instance:
                ptr += "/default"
        message = str(getattr(error, "message", error)).splitlines()[0]
        findings.append(Finding("error", "openapi-schema", message, ptr, loaded.name))
    return findings


def validate(spec: str | None = None, *, run_validator: bool = True) -> tuple[Resolved, list[Finding]]:
    """Resolve the spec (fatal problems raise SpecError) and collect every finding, sorted,
    with source lines where they can be found."""
    resolved = resolve_spec(spec)
    findings = list(resolved.normalized.findings)
    if run_validator:
        findings.extend(openapi_validator_findings(resolved.loaded))
    findings = [f for f in findings if f.severity != "info"]
    lines = resolved.loaded.lines_of([f.pointer for f in findings if f.pointer])
    located = [
        Finding(
            f.severity,
            f.code,
            f.message,
            f.pointer,
            f.file or resolved.loaded.name,
            f.line if f.line is not None else lines.get(f.pointer),
        )
        for f in findings
    ]
    order = {"error": 0, "warning": 1, "info": 2}
    located.sort(key=lambda f: (order[f.severity], f.line or 0, f.pointer, f.message))
    return resolved, located
