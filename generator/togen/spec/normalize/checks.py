"""What makes a document unusable: not OpenAPI 3.x, no paths, a `$ref` that leads nowhere.

These raise `SpecError` with the pointer of the problem; everything milder is repaired and
reported as a finding.
"""

from __future__ import annotations

from typing import Any

from togen.errors import SpecError
from togen.spec.schema import resolve_pointer, walk_nodes


def check_structure(document: dict[str, Any], file: str) -> None:
    """An OpenAPI 3.x document with a `paths` mapping."""
    version = str(document.get("openapi", ""))
    if not version.startswith("3."):
        found = (
            f"swagger {document['swagger']}"
            if "swagger" in document
            else (f"openapi {version}" if version else "no version")
        )
        raise SpecError(file, "/openapi", f"not an OpenAPI 3.x document ({found})", "not-openapi")
    if not isinstance(document.get("paths"), dict):
        raise SpecError(file, "/paths", "the document has no paths", "bad-structure")


def check_refs(document: dict[str, Any], file: str) -> None:
    """Every local `$ref` must resolve: a dangling one is fatal, with its pointer."""
    for node, ptr in walk_nodes(document):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            continue
        if not ref.startswith("#"):
            raise SpecError(file, f"{ptr}/$ref", f"unresolvable reference {ref!r}", "bad-ref")
        try:
            resolve_pointer(document, ref, file)
        except SpecError:
            raise SpecError(file, f"{ptr}/$ref", f"dangling reference {ref!r}", "bad-ref") from None
