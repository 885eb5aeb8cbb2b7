"""Client-surface impact: generated methods, their parameters, and model fields.

Names come from the IR (`Operation.key` from spec/config.toml, the operation's `Signature`
in `Operation.arguments`, component class names), so this is what users of the regenerated
client see change. A method's parameters are the signature's: its path parameters (by
position), its query and header parameters, and the top-level fields of its request body
(the SDK flattens them into keyword arguments, as the official SDKs do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from togen.drift.canonical import Canonicalizer, Node
from togen.drift.model import BREAKING, NON_BREAKING, POTENTIAL, Level, SurfaceChange
from togen.spec.ir import API, Operation
from togen.spec.normalize import schema_class_name

_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "object": "dict",
    "array": "list",
}

Field = tuple[str, bool, str]  # (type label, required, kind: "path"/"query"/"header"/"body"/"field")


def type_label(canon: Canonicalizer, raw: Any, ptr: str, depth: int = 0) -> str:
    """A Python-ish type of a schema: `str`, `list[ChatMessage]`, `Usage | None`."""
    node = canon.node(raw, ptr)
    return _label(canon, node, depth)


def _label(canon: Canonicalizer, node: Node, depth: int) -> str:
    if node.component and (node.props or node.branches or node.enum is not None):
        base = schema_class_name(node.component)
    elif depth > 4:
        base = "Any"
    elif node.branches:
        base = " | ".join(
            sorted({_label(canon, canon.node(raw, ptr), depth + 1) for raw, ptr in node.branches})
        )
    elif node.types is None:
        base = "Any"
    else:
        parts = []
        for kind in sorted(node.types):
            if kind == "array" and node.items is not None:
                parts.append(f"list[{type_label(canon, *node.items, depth + 1)}]")
            elif kind == "object" and isinstance(node.additional, tuple):
                parts.append(f"dict[str, {type_label(canon, *node.additional, depth + 1)}]")
            elif kind == "string" and node.format == "binary":
                parts.append("bytes")
            else:
                parts.append(_PY_TYPES.get(kind, "Any"))
        base = " | ".join(parts) or "Any"
    return f"{base} | None" if node.nullable and base != "Any" else base


def _union_parts(label: str) -> set[str]:
    """The top-level members of a `A | list[B | C] | None` label."""
    parts, depth, start = set(), 0, 0
    for index, char in enumerate(label):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.add(label[start:index].strip())
            start = index + 1
    parts.add(label[start:].strip())
    return parts


def method_parameters(api: API, canon: Canonicalizer, op: Operation) -> dict[str, Field]:
    """The generated method's parameters (`op.arguments`, the names the client uses): path
    parameters by position (`#0`, `#1`, ...), the others by name."""
    found: dict[str, Field] = {}
    signature = op.arguments
    for index, argument in enumerate(signature.positional):
        label = type_label(canon, argument.schema, argument.pointer)
        found[f"#{index}"] = (label, True, f"path:{argument.name}")
    body = op.request_body
    props = canon.node(body.schema, body.pointer + "/schema").props if body is not None else {}
    for argument in signature.keywords:
        if argument.location in ("body", "file"):
            if signature.whole_body and body is not None:
                label = _label(canon, canon.node(body.schema, body.pointer + "/schema"), 0)
            else:
                label = type_label(canon, *props.get(argument.wire, (argument.schema, argument.pointer)))
            found[argument.name] = (label, argument.required, "body")
        else:
            label = type_label(canon, argument.schema, argument.pointer)
            found[argument.name] = (label, argument.required, argument.location)
    return found


def model_fields(canon: Canonicalizer, name: str, schema: Any) -> dict[str, Field]:
    node = canon.node(schema, f"/components/schemas/{name}")
    return {
        prop: (type_label(canon, raw, ptr), prop in node.required, "field")
        for prop, (raw, ptr) in node.props.items()
    }


def _type_change_level(old: str, new: str) -> Level:
    before, after = _union_parts(old), _union_parts(new)
    if before <= after or after <= before:
        return POTENTIAL
    for container in ("list[", "dict["):
        if old.startswith(container) and new.startswith(container):
            return POTENTIAL  # the element type changed: reported in detail by the API diff
    return BREAKING


def _compare_fields(
    symbol: str, old: dict[str, Field], new: dict[str, Field], is_method: bool
) -> list[SurfaceChange]:
    out: list[SurfaceChange] = []
    noun = "parameter" if is_method else "field"

    def display(key: str, field: Field) -> str:
        return field[2].split(":", 1)[1] if key.startswith("#") else key

    for key, field in old.items():
        if key not in new:
            name = display(key, field)
            sym = f"{symbol}({name})" if is_method else f"{symbol}.{name}"
            out.append(SurfaceChange(f"{noun}-removed", BREAKING, sym, f"{noun} `{name}` removed", field[0]))
    for key, field in new.items():
        name = display(key, field)
        sym = f"{symbol}({name})" if is_method else f"{symbol}.{name}"
        before = old.get(key)
        if before is None:
            level = BREAKING if (is_method and field[1]) else NON_BREAKING
            what = "required" if field[1] else "optional"
            out.append(
                SurfaceChange(f"{noun}-added", level, sym, f"{what} {noun} `{name}` added", None, field[0])
            )
            continue
        old_name = display(key, before)
        if old_name != name:
            out.append(
                SurfaceChange(
                    f"{noun}-renamed",
                    POTENTIAL,
                    sym,
                    f"positional {noun} renamed from `{old_name}` to `{name}` (breaks keyword callers)",
                    old_name,
                    name,
                )
            )
        if before[0] != field[0]:
            level = _type_change_level(before[0], field[0])
            if is_method and _union_parts(before[0]) <= _union_parts(field[0]):
                level = NON_BREAKING  # a parameter that accepts more
            out.append(
                SurfaceChange(
                    f"{noun}-type-changed",
                    level,
                    sym,
                    f"{noun} `{name}` type changed from `{before[0]}` to `{field[0]}`",
                    before[0],
                    field[0],
                )
            )
        if before[1] != field[1]:
            level = (BREAKING if field[1] else NON_BREAKING) if is_method else POTENTIAL
            state = "required" if field[1] else "optional"
            out.append(
                SurfaceChange(
                    f"{noun}-required-changed",
                    level,
                    sym,
                    f"{noun} `{name}` is now {state}",
                    str(before[1]).lower(),
                    str(field[1]).lower(),
                )
            )
    return out


def surface_changes(
    old_api: API,
    new_api: API,
    pairs: list[tuple[Operation, Operation]],
    old_ops: dict[Any, Operation],
    new_ops: dict[Any, Operation],
    old_canon: Canonicalizer,
    new_canon: Canonicalizer,
    same_operation: Callable[[Operation, Operation], bool] = lambda old, new: False,
    same_component: Callable[[str], bool] = lambda name: False,
) -> list[SurfaceChange]:
    """`same_operation` / `same_component`: what surely did not change (skipped).

    A method is an operation of `API.operations`, the operations the generator makes client
    methods of (`togen.spec.build` decides: websocket upgrades are not among them), so an
    operation that never is a method never shows here."""
    out: list[SurfaceChange] = []
    old_methods = {id(op) for op in old_api.operations}
    new_methods = {id(op) for op in new_api.operations}
    pairs = [(o, n) for o, n in pairs if id(o) in old_methods and id(n) in new_methods]
    matched_old = {id(o) for o, _ in pairs}
    matched_new = {id(n) for _, n in pairs}
    for op in old_ops.values():
        if id(op) in old_methods and id(op) not in matched_old:
            out.append(
                SurfaceChange(
                    "method-removed",
                    BREAKING,
                    f"client.{op.key}",
                    f"method removed ({op.signature})",
                    op.key,
                    origin=op.origin,
                )
            )
    for op in new_ops.values():
        if id(op) in new_methods and id(op) not in matched_new:
            out.append(
                SurfaceChange(
                    "method-added",
                    NON_BREAKING,
                    f"client.{op.key}",
                    f"method added ({op.signature})",
                    None,
                    op.key,
                    origin=op.origin,
                )
            )
    for old_op, new_op in pairs:
        symbol = f"client.{new_op.key}"
        if old_op.key != new_op.key:
            out.append(
                SurfaceChange(
                    "method-renamed",
                    BREAKING,
                    symbol,
                    f"`client.{old_op.key}` is now `client.{new_op.key}` ({new_op.signature})",
                    old_op.key,
                    new_op.key,
                )
            )
        if same_operation(old_op, new_op):
            continue
        fields = _compare_fields(
            symbol,
            method_parameters(old_api, old_canon, old_op),
            method_parameters(new_api, new_canon, new_op),
            True,
        )
        out.extend(replace(c, origin=new_op.origin) for c in fields)
    out.extend(_compare_models(old_api, new_api, old_canon, new_canon, same_component))
    return sorted(out, key=SurfaceChange.sort_key)


def _compare_models(
    old_api: API,
    new_api: API,
    old_canon: Canonicalizer,
    new_canon: Canonicalizer,
    same_component: Callable[[str], bool],
) -> list[SurfaceChange]:
    out: list[SurfaceChange] = []
    old_models = {schema_class_name(n): (n, s) for n, s in old_api.schemas.items()}
    new_models = {schema_class_name(n): (n, s) for n, s in new_api.schemas.items()}
    unchanged = {
        c
        for c, (n, _) in old_models.items()
        if c in new_models and new_models[c][0] == n and same_component(n)
    }
    old_fields = {c: model_fields(old_canon, n, s) for c, (n, s) in old_models.items() if c not in unchanged}
    new_fields = {c: model_fields(new_canon, n, s) for c, (n, s) in new_models.items() if c not in unchanged}

    def fingerprint(fields: dict[str, Field]) -> Any:
        return tuple(sorted((k, v[0], v[1]) for k, v in fields.items())) or None

    removed = [c for c in old_models if c not in new_models]
    added = [c for c in new_models if c not in old_models]
    by_print: dict[Any, list[str]] = {}
    for cls in added:
        by_print.setdefault(fingerprint(new_fields[cls]), []).append(cls)
    renamed_to: set[str] = set()
    for cls in removed:
        candidates = by_print.get(fingerprint(old_fields[cls])) if old_fields[cls] else None
        if candidates:
            target = candidates.pop(0)
            renamed_to.add(target)
            hoisted = isinstance(old_models[cls][1], dict) and "x-togen-origin" in old_models[cls][1]
            out.append(
                SurfaceChange(
                    "model-renamed",
                    POTENTIAL if hoisted else BREAKING,
                    f"models.{target}",
                    f"model `{cls}` is now `{target}` (same fields)",
                    cls,
                    target,
                )
            )
        else:
            out.append(SurfaceChange("model-removed", BREAKING, f"models.{cls}", "model removed", cls))
    for cls in added:
        if cls not in renamed_to:
            out.append(SurfaceChange("model-added", NON_BREAKING, f"models.{cls}", "model added", None, cls))
    for cls in old_models:
        if cls in new_models and cls not in unchanged:
            out.extend(_compare_fields(f"models.{cls}", old_fields[cls], new_fields[cls], False))
    return out
