"""Client-surface impact: generated methods, their parameters, and model fields.

Names come from the IR (`Operation.key` from spec/config.toml, the operation's `Signature`
in `Operation.arguments`, component class names), so this is what users of the regenerated
client see change. A method's parameters are the signature's: its path parameters (by
position), its query and header parameters, and the top-level fields of its request body
(the SDK flattens them into keyword arguments, as the official SDKs do).

This is the walk of the client surface: it matches methods (by operation), their parameters
and model fields, and model classes (a removed and an added class with the same fields are
a rename), and calls the detectors of `togen.drift.rules` at the sites `method`, `member`
and `model` (`togen.drift.sites`); each finding is worded by its rule's message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from togen.drift.canonical import Canonicalizer, Node
from togen.drift.model import SurfaceChange
from togen.drift.registry import Site
from togen.drift.rules import REGISTRY  # importing the rules registers their detectors
from togen.drift.sites import Field, MemberPair, MethodPair, ModelPair
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


# What a field or parameter's entry is made of, before its type is worded: (its schema as
# written, the schema's pointer, required, where it goes).
Source = tuple[Any, str, bool, str]


def method_parameters(api: API, canon: Canonicalizer, op: Operation) -> dict[str, Field]:
    """The generated method's parameters (`op.arguments`, the names the client uses): path
    parameters by position (`#0`, `#1`, ...), the others by name."""
    return _worded(canon, _method_sources(canon, op))


def _method_sources(canon: Canonicalizer, op: Operation) -> dict[str, Source]:
    found: dict[str, Source] = {}
    signature = op.arguments
    for index, argument in enumerate(signature.positional):
        found[f"#{index}"] = (argument.schema, argument.pointer, True, f"path:{argument.name}")
    body = op.request_body
    props = canon.node(body.schema, body.pointer + "/schema").props if body is not None else {}
    for argument in signature.keywords:
        if argument.location in ("body", "file"):
            if signature.whole_body and body is not None:
                raw, ptr = body.schema, body.pointer + "/schema"
            else:
                raw, ptr = props.get(argument.wire, (argument.schema, argument.pointer))
            found[argument.name] = (raw, ptr, argument.required, "body")
        else:
            found[argument.name] = (argument.schema, argument.pointer, argument.required, argument.location)
    return found


def model_fields(canon: Canonicalizer, name: str, schema: Any) -> dict[str, Field]:
    return _worded(canon, _model_sources(canon, name, schema))


def _model_sources(canon: Canonicalizer, name: str, schema: Any) -> dict[str, Source]:
    node = canon.node(schema, f"/components/schemas/{name}")
    return {prop: (raw, ptr, prop in node.required, "field") for prop, (raw, ptr) in node.props.items()}


def _worded(
    canon: Canonicalizer, sources: dict[str, Source], only: set[str] | None = None
) -> dict[str, Field]:
    """Each source with its type worded (of the keys in `only`, when given)."""
    return {
        key: (type_label(canon, raw, ptr), required, where)
        for key, (raw, ptr, required, where) in sources.items()
        if only is None or key in only
    }


def _changed_fields(
    old: tuple[Canonicalizer, dict[str, Source]],
    new: tuple[Canonicalizer, dict[str, Source]],
    same_raw: Callable[[Any, Any], bool],
) -> tuple[dict[str, Field], dict[str, Field]]:
    """The fields (or parameters) of both versions but for those surely the same in both
    (required and placed alike, with subschemas `same_raw`), which would compare equal: their
    types are most of the nodes a changed model or method would otherwise build."""
    (old_canon, old_sources), (new_canon, new_sources) = old, new

    def same(key: str) -> bool:
        before, after = old_sources.get(key), new_sources.get(key)
        return (
            before is not None
            and after is not None
            and before[2:] == after[2:]
            and same_raw(before[0], after[0])
        )

    differing = {key for key in old_sources.keys() | new_sources.keys() if not same(key)}
    return _worded(old_canon, old_sources, differing), _worded(new_canon, new_sources, differing)


def _detect(site: Site, pair: Any) -> list[SurfaceChange]:
    """The changes the detectors of `site` find in `pair`, worded by their rules."""
    out = []
    for detect in REGISTRY.detectors[site]:
        for found in detect(pair):
            facts = {"old": found.old, "new": found.new, **found.facts}
            if isinstance(pair, MemberPair):
                facts.update(noun=pair.noun, name=pair.name)
            level = found.level or found.rule.level
            message = found.rule.say(facts)
            out.append(
                SurfaceChange(
                    found.rule.kind, level, found.symbol, message, found.old, found.new, found.origin
                )
            )
    return out


def _compare_fields(
    owner: str, old: dict[str, Field], new: dict[str, Field], is_method: bool
) -> list[SurfaceChange]:
    def display(key: str, field: Field) -> str:
        return field[2].split(":", 1)[1] if key.startswith("#") else key

    out: list[SurfaceChange] = []
    for key, field in old.items():
        if key not in new:
            name = display(key, field)
            out.extend(_detect("member", MemberPair(owner, is_method, name, name, field, None)))
    for key, field in new.items():
        before = old.get(key)
        if before == field:
            continue  # the same parameter or field (for a positional one: its name too)
        name = display(key, field)
        old_name = name if before is None else display(key, before)
        out.extend(_detect("member", MemberPair(owner, is_method, name, old_name, before, field)))
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
    same_raw: Callable[[Any, Any], bool] = lambda old, new: False,
) -> list[SurfaceChange]:
    """`same_operation` / `same_component` / `same_raw` (two subschemas): what surely did not
    change (skipped).

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
            out.extend(_detect("method", MethodPair(op, None)))
    for op in new_ops.values():
        if id(op) in new_methods and id(op) not in matched_new:
            out.extend(_detect("method", MethodPair(None, op)))
    for old_op, new_op in pairs:
        symbol = f"client.{new_op.key}"
        out.extend(_detect("method", MethodPair(old_op, new_op)))
        if same_operation(old_op, new_op):
            continue
        old_parameters, new_parameters = _changed_fields(
            (old_canon, _method_sources(old_canon, old_op)),
            (new_canon, _method_sources(new_canon, new_op)),
            same_raw,
        )
        fields = _compare_fields(symbol, old_parameters, new_parameters, True)
        out.extend(replace(c, origin=new_op.origin) for c in fields)
    out.extend(_compare_models(old_api, new_api, old_canon, new_canon, same_component, same_raw))
    return sorted(out, key=SurfaceChange.sort_key)


def _compare_models(
    old_api: API,
    new_api: API,
    old_canon: Canonicalizer,
    new_canon: Canonicalizer,
    same_component: Callable[[str], bool],
    same_raw: Callable[[Any, Any], bool],
) -> list[SurfaceChange]:
    out: list[SurfaceChange] = []
    old_models = {schema_class_name(n): (n, s) for n, s in old_api.schemas.items()}
    new_models = {schema_class_name(n): (n, s) for n, s in new_api.schemas.items()}
    unchanged = {
        c
        for c, (n, _) in old_models.items()
        if c in new_models and new_models[c][0] == n and same_component(n)
    }
    # A model in both is compared field by field; one in either only is matched by all its
    # fields (a rename).
    old_fields = {c: model_fields(old_canon, n, s) for c, (n, s) in old_models.items() if c not in new_models}
    new_fields = {c: model_fields(new_canon, n, s) for c, (n, s) in new_models.items() if c not in old_models}
    for cls, (name, schema) in old_models.items():
        if cls in new_models and cls not in unchanged:
            old_fields[cls], new_fields[cls] = _changed_fields(
                (old_canon, _model_sources(old_canon, name, schema)),
                (new_canon, _model_sources(new_canon, *new_models[cls])),
                same_raw,
            )

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
            out.extend(_detect("model", ModelPair(cls, target, hoisted)))
        else:
            out.extend(_detect("model", ModelPair(cls, None)))
    for cls in added:
        if cls not in renamed_to:
            out.extend(_detect("model", ModelPair(None, cls)))
    for cls in old_models:
        if cls in new_models and cls not in unchanged:
            out.extend(_compare_fields(f"models.{cls}", old_fields[cls], new_fields[cls], False))
    return out
