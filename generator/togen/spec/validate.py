"""`togen validate`: openapi-spec-validator plus our own structural checks.

Findings are collected, not raised: the validator's complaints about the upstream
spec (e.g. a default of the wrong type) are reported with severity, pointer and
line, and generation goes on with the normalizer's fix. What generation cannot do
correctly (not OpenAPI 3.x, unparsable, a dangling `$ref`, a property that is not a
schema, an undeclared path parameter) is fatal: `togen generate` stops at it, while
`validate` reports every fatal finding the normalizer collected, and the validator's
findings besides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from togen.core.errors import FatalFindings, Finding, SpecError
from togen.spec.loader import LoadedSpec, load_spec, resolve_source
from togen.spec.pipeline import resolve_loaded
from togen.spec.schema import pointer, walk_nodes


@dataclass
class Validation:
    """What `togen validate` reports: every finding, and the size of the API when it built."""

    spec: str
    sha256: str
    findings: list[Finding]
    operations: int | None = None  # None: a fatal finding stopped the build
    schemas: int | None = None

    @property
    def fatal(self) -> list[Finding]:
        return [f for f in self.findings if f.fatal]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and not f.fatal)


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


def finding_of(error: SpecError) -> Finding:
    """A SpecError as a fatal finding (its `where` is a JSON pointer or a line:col)."""
    line = re.fullmatch(r"(\d+)(?::\d+)?", error.where or "")
    if line:
        return Finding("error", error.code, error.message, "", error.file, int(line.group(1)), fatal=True)
    return Finding("error", error.code, error.message, error.where, error.file, fatal=True)


def validate(spec: str | None = None, *, run_validator: bool = True) -> Validation:
    """Load and resolve the spec, collecting every finding, fatal ones included, sorted (fatal
    first), with source lines where they can be found."""
    name, _origin = resolve_source(spec)
    try:
        loaded = load_spec(spec)
    except SpecError as exc:
        return Validation(name, "", [finding_of(exc)])
    report = Validation(loaded.name, loaded.sha256, [])
    try:
        resolved = resolve_loaded(loaded)
        findings = list(resolved.normalized.findings)
        report.operations, report.schemas = len(resolved.api.all_operations), len(resolved.api.schemas)
    except FatalFindings as exc:
        findings = [*loaded.findings, *exc.fatal, *exc.others]
    except SpecError as exc:
        findings = [*loaded.findings, finding_of(exc)]
    if run_validator:
        try:
            findings.extend(openapi_validator_findings(loaded))
        except Exception as exc:  # a reference it cannot follow stops the validator itself
            detail = str(exc).split(" within ", 1)[0].splitlines()[0][:200]
            message = f"openapi-spec-validator stopped ({type(exc).__name__}: {detail}); no checks of its ran"
            findings.append(Finding("error", "openapi-schema", message, "", loaded.name))
    findings = [f for f in findings if f.severity != "info"]
    lines = loaded.lines_of([f.pointer for f in findings if f.pointer])
    located = [
        Finding(
            f.severity,
            f.code,
            f.message,
            f.pointer,
            f.file or loaded.name,
            f.line if f.line is not None else lines.get(f.pointer),
            f.fatal,
        )
        for f in findings
    ]
    order = {"error": 0, "warning": 1, "info": 2}
    located.sort(key=lambda f: (not f.fatal, order[f.severity], f.line or 0, f.pointer, f.message))
    report.findings = located
    return report
