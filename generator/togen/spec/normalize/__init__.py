"""One normal form for every spec version: overlays, then 3.0/3.1 differences removed.

The normalized document is still OpenAPI 3.1 (so the mock, schemathesis and jsonschema read
it directly). One module per job:

- `overlays`: the project's fixes from `spec/overlays/` (read, applied);
- `checks`: what is fatal (not OpenAPI 3.x, no paths, a dangling `$ref`, a schema keyword of the
  wrong shape) and the upstream slips repaired instead (a misprefixed `$ref`, a `required`
  list indented under `properties`);
- `repairs`: schema by schema (nullable, exclusive bounds, x-stainless-const, wrong-typed
  defaults, undeclared required properties, `type` beside `$ref`, discriminators);
- `operations`: operation by operation (shared parameters, bodies, responses and headers
  inlined; server base path and operationId recorded; bodies with required fields required);
- `names`: schema class names, hoisted-schema names, operation ids and SDK names;
- `hoisting`: inline objects moved into `components/schemas` with `x-togen-origin`;
- `walk`: where the schemas of a document are.

`normalize()` below states the order of the passes once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from togen.core.errors import FatalFindings, Finding
from togen.spec.naming import NamesConfig
from togen.spec.normalize.hoisting import hoist_inline_schemas
from togen.spec.normalize.names import (
    SCHEMA_NAME_KEY,
    derive_operation_id,
    name_operations,
    pascal_case,
    schema_class_name,
)
from togen.spec.normalize.operations import base_path_of, normalize_operations
from togen.spec.normalize.overlays import OVERLAY_DIR, Overlay, apply_overlays, read_overlays
from togen.spec.normalize.repairs import (
    complete_discriminators,
    drop_redundant_ref_siblings,
    normalize_schema_node,
    repair_schemas,
)
from togen.spec.normalize.soundness import check_refs, check_schema_shapes, check_structure
from togen.spec.normalize.walk import HTTP_METHODS, iter_operation_schemas, iter_subschemas, walk_schema

__all__ = [
    "HTTP_METHODS",
    "OVERLAY_DIR",
    "SCHEMA_NAME_KEY",
    "Normalized",
    "Overlay",
    "apply_overlays",
    "base_path_of",
    "complete_discriminators",
    "derive_operation_id",
    "drop_redundant_ref_siblings",
    "hoist_inline_schemas",
    "iter_operation_schemas",
    "iter_subschemas",
    "normalize",
    "normalize_operations",
    "normalize_schema_node",
    "pascal_case",
    "read_overlays",
    "schema_class_name",
    "walk_schema",
]


@dataclass
class Normalized:
    document: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    file: str = "<spec>"


def normalize(
    document: dict[str, Any],
    *,
    file: str = "<spec>",
    overlays: list[Overlay] | None = None,
    names: NamesConfig | None = None,
) -> Normalized:
    """The normalized copy of `document` (the input is not modified).

    The order of the passes, and why:
    1. structure check: nothing below can work on a document that is not OpenAPI 3.x;
    2. overlays: the project's fixes apply to the spec as upstream wrote it (their targets
       are upstream pointers), and what they add is repaired like the rest;
    3. `$ref` and schema-shape checks: after the overlays, which may add or fix references;
       fatal problems are collected (each replaced by something harmless so the later passes
       run and find theirs) and raised together after step 5;
    4. schema repairs, shared components included: before inlining, so every inlined copy
       of a shared parameter or response is already repaired;
    5. operation repairs: inlining, base paths and ids; then a `type` beside a `$ref` is
       dropped, after inlining so the operations' copies of shared parameters are covered;
    6. operation names: they need the base paths of step 5;
    7. hoisting: names inline objects after the operations' SDK names (step 6) and sees
       only repaired schemas;
    8. discriminators: after hoisting, so inline `oneOf` branches are named `$ref`s too.
    """
    doc = copy.deepcopy(document)
    findings: list[Finding] = []
    fatal: list[Finding] = []
    check_structure(doc, file)
    apply_overlays(doc, read_overlays() if overlays is None else overlays, findings)
    check_refs(doc, file, findings, fatal)
    check_schema_shapes(doc, file, findings, fatal)
    repair_schemas(doc, findings)
    normalize_operations(doc, file, findings, fatal)
    if fatal:
        raise FatalFindings(fatal, findings)
    drop_redundant_ref_siblings(doc)
    name_operations(doc, names or NamesConfig.read(), findings)
    hoist_inline_schemas(doc)
    complete_discriminators(doc)
    doc["openapi"] = "3.1.0"
    return Normalized(doc, findings, file)
