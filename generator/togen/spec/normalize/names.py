"""What things are called: Python class names of schemas, names of hoisted schemas,
operation ids, and SDK-style operation names (`x-togen-name`, from spec/config.toml through
togen.spec.naming).

Names never come from a counter: they are built from the context a thing is written in, so
they stay put when the spec grows.
"""

from __future__ import annotations

import keyword
import re
from http import HTTPStatus
from typing import Any

from togen.core.errors import Finding
from togen.spec.naming import NamesConfig, assign_names
from togen.spec.view import const_value, declared_types

SCHEMA_NAME_KEY = "#/components/schemas/"


def pascal_case(text: str) -> str:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", re.sub(r"[^A-Za-z0-9]+", " ", str(text)))
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not name or name[0].isdigit():
        name = "Type" + name
    return name


def schema_class_name(component: str) -> str:
    """The Python class name of a component schema (`RL.TrainingSession` -> `RLTrainingSession`)."""
    if component.isidentifier() and not keyword.iskeyword(component):
        name = component
    else:
        parts = [p for p in re.split(r"[^A-Za-z0-9]+", component) if p]
        name = "".join(p[:1].upper() + p[1:] for p in parts) or "Schema"
        if name[0].isdigit():
            name = "Schema" + name
    return name[:1].upper() + name[1:]


def branch_suffix(branch: dict[str, Any], index: int) -> str:
    """What tells a `oneOf`/`anyOf` branch apart: its title, its tag, its first required
    property, its type, else its position."""
    if isinstance(branch.get("title"), str) and branch["title"].strip():
        return pascal_case(branch["title"])
    for _prop, sub in (branch.get("properties") or {}).items():
        tag = const_value(sub) if isinstance(sub, dict) else None
        if isinstance(tag, str):
            return pascal_case(tag)
    required = [r for r in branch.get("required") or [] if isinstance(r, str)]
    if required:
        return "With" + pascal_case(required[0])
    kinds = declared_types(branch)
    if kinds:
        return pascal_case("_".join(kinds))
    return "Option" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index % 26]


def response_suffix(status: str) -> str:
    """`Response` for a success, else the status phrase (`NotFoundResponse`, `ErrorResponse`)."""
    if status.startswith("2"):
        return "Response"
    return pascal_case(_status_phrase(status)) + "Response"


def _status_phrase(status: str) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Error" if status == "default" else f"Status {status}"


def derive_operation_id(method: str, path: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w]
    return method.lower() + "".join(w[:1].upper() + w[1:] for w in words)


def unique_operation_id(op: dict[str, Any], method: str, path: str, taken: set[str]) -> str:
    """The operation's own id, or one derived from method and path when it has none or an
    earlier operation already has it; added to `taken`."""
    op_id = op.get("operationId") or derive_operation_id(method, path)
    if op_id in taken:
        op_id = derive_operation_id(method, path)
    taken.add(op_id)
    return op_id


def name_operations(document: dict[str, Any], names: NamesConfig, findings: list[Finding]) -> None:
    """Write `x-togen-name` on every operation; one warning per name spec/config.toml lacks."""
    for warning in assign_names(document, names):
        findings.append(Finding("warning", "unnamed-operation", warning))
