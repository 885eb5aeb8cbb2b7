"""One normal form for every spec version: overlays, then 3.0/3.1 differences removed.

The normalized document is still OpenAPI 3.1 (so the mock, schemathesis and
jsonschema read it directly), with these guarantees:
- overlays from `spec/overlays/` are applied first;
- `nullable` is gone: it became `type: [..., "null"]` (or an `anyOf` with null);
- boolean `exclusiveMinimum`/`exclusiveMaximum` are numbers;
- single-value enums marked `x-stainless-const` also carry `const`;
- a default that does not match its own schema is coerced where lossless, else dropped;
- `$ref`s to components/parameters, requestBodies, responses and headers are inlined;
- every operation carries `x-togen-base-path` (the path of its server URL) and an
  `operationId`;
- `oneOf` branches tagged by a const property get a `discriminator` with a `mapping`;
- inline object schemas are hoisted into `components/schemas` under names from their
  context (`FilesUploadRequest`, `ChatCompletionRequestResponseFormat`), each with
  `x-togen-origin` pointing back to where it was written.
"""

from __future__ import annotations

import copy
import functools
import keyword
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from togen.errors import Finding, SpecError
from togen.spec.loader import SPEC_DIR, parse_text
from togen.spec.naming import NamesConfig, assign_names
from togen.spec.schema import pointer, resolve_pointer, split_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OVERLAY_DIR = SPEC_DIR / "overlays"
SCHEMA_NAME_KEY = "#/components/schemas/"

# Keywords whose value is one subschema / a list of subschemas / a map of subschemas.
_ONE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


@dataclass
class Normalized:
    document: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    file: str = "<spec>"


# ----------------------------------------------------------------------------- overlays


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
            parent: Any = document
            for token in tokens[:-1]:
                parent = _child(parent, token)
            last = tokens[-1] if tokens else ""
            key: Any = int(last) if isinstance(parent, list) and last.isdigit() else last
            exists = _child(parent, last) is not _ABSENT
            addable = isinstance(parent, dict) and action.get("create")
            if parent is _ABSENT or not (exists or addable):
                findings.append(
                    Finding(
                        "info", "overlay-skipped", f"{overlay.path.name}: target absent", action["target"]
                    )
                )
                continue
            if action.get("remove"):
                del parent[key]
            elif "set" in action:
                parent[key] = copy.deepcopy(action["set"])
            elif "merge" in action:
                parent[key] = _deep_merge(parent[key] if exists else {}, action["merge"])


_ABSENT = object()


def _child(node: Any, token: str) -> Any:
    """The member of a mapping or list named by one pointer token, or _ABSENT."""
    if isinstance(node, dict):
        return node.get(token, _ABSENT)
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    return _ABSENT


def _deep_merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _deep_merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(patch)


# ----------------------------------------------------------------------------- schema walking


def iter_subschemas(schema: dict[str, Any], ptr: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Direct subschemas of a schema with their pointers."""
    for key in _ONE:
        sub = schema.get(key)
        if isinstance(sub, dict):
            yield sub, f"{ptr}/{key}"
    for key in _MANY:
        subs = schema.get(key)
        if isinstance(subs, list):
            for index, sub in enumerate(subs):
                if isinstance(sub, dict):
                    yield sub, f"{ptr}/{key}/{index}"
    for key in _MAP:
        subs = schema.get(key)
        if isinstance(subs, dict):
            for name, sub in subs.items():
                if isinstance(sub, dict):
                    yield sub, f"{ptr}/{key}{pointer(name)}"


def walk_schema(schema: dict[str, Any], ptr: str, visit: Callable[[dict[str, Any], str], None]) -> None:
    """Post-order walk (children first) so a visitor sees normalized children."""
    for sub, sub_ptr in list(iter_subschemas(schema, ptr)):
        walk_schema(sub, sub_ptr, visit)
    visit(schema, ptr)


def iter_operation_schemas(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Every top-level schema of the document: components and inline in operations."""
    for name, schema in (document.get("components", {}).get("schemas") or {}).items():
        if isinstance(schema, dict):
            yield schema, pointer("components", "schemas", name)
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for index, param in enumerate(item.get("parameters") or []):
            if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                yield param["schema"], pointer("paths", path, "parameters", index, "schema")
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            base = pointer("paths", path, method)
            for index, param in enumerate(op.get("parameters") or []):
                if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                    yield param["schema"], f"{base}/parameters/{index}/schema"
            body = op.get("requestBody") or {}
            for media, content in (body.get("content") or {}).items():
                if isinstance(content, dict) and isinstance(content.get("schema"), dict):
                    yield content["schema"], f"{base}/requestBody/content{pointer(media)}/schema"
            for status, response in (op.get("responses") or {}).items():
                if not isinstance(response, dict):
                    continue
                for media, content in (response.get("content") or {}).items():
                    if isinstance(content, dict) and isinstance(content.get("schema"), dict):
                        yield (
                            content["schema"],
                            f"{base}/responses{pointer(str(status), 'content', media)}/schema",
                        )
                for header, spec in (response.get("headers") or {}).items():
                    if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
                        yield (
                            spec["schema"],
                            f"{base}/responses{pointer(str(status), 'headers', header)}/schema",
                        )


# ----------------------------------------------------------------------------- schema rules

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _matches_type(value: Any, types: list[str]) -> bool:
    for name in types:
        expected = _JSON_TYPES.get(name)
        if expected is None:
            return True
        if isinstance(value, bool) and name in ("integer", "number"):
            continue
        if isinstance(value, expected):
            return True
    return False


def _coerce(value: Any, types: list[str]) -> tuple[bool, Any]:
    """A lossless conversion of a wrong-typed default ("20" -> 20), if there is one."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if "integer" in types and re.fullmatch(r"-?\d+", lowered):
            return True, int(lowered)
        if "number" in types:
            try:
                return True, float(lowered)
            except ValueError:
                pass
        if "boolean" in types and lowered in ("true", "false"):
            return True, lowered == "true"
        if "null" in types and lowered in ("null", "none"):
            return True, None
    if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool):
        return True, str(value)
    return False, None


def _schema_types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def normalize_schema_node(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    """The per-node rules; children are already normalized."""
    if "nullable" in schema:
        nullable = schema.pop("nullable")
        if nullable is True:
            _make_nullable(schema)
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(schema.get(bound), bool) and schema.pop(bound) and limit in schema:
            schema[bound] = schema.pop(limit)
    if schema.get("x-stainless-const") and isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1:
        schema.setdefault("const", schema["enum"][0])
    if "default" in schema:
        _fix_default(schema, ptr, findings)
    if isinstance(schema.get("required"), list) and isinstance(schema.get("properties"), dict):
        # 3.0 specs sometimes list a required property that is not declared; keep it declared.
        for name in schema["required"]:
            if isinstance(name, str) and name not in schema["properties"] and not schema.get("allOf"):
                findings.append(
                    Finding(
                        "warning", "required-undeclared", f"required property {name!r} is not declared", ptr
                    )
                )
                schema["properties"][name] = {}


def _make_nullable(schema: dict[str, Any]) -> None:
    types = _schema_types(schema)
    if "$ref" in schema:
        schema.pop("type", None)  # a type beside $ref restates the target's; null is added below
        ref = {"$ref": schema.pop("$ref")}
        schema["anyOf"] = [ref, {"type": "null"}]
    elif types:
        if "null" not in types:
            schema["type"] = [*types, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
    elif isinstance(schema.get("oneOf"), list):
        schema["oneOf"] = [*schema["oneOf"], {"type": "null"}]
    elif isinstance(schema.get("anyOf"), list):
        schema["anyOf"] = [*schema["anyOf"], {"type": "null"}]
    elif "allOf" in schema:
        schema["anyOf"] = [{"allOf": schema.pop("allOf")}, {"type": "null"}]
    # A schema with no type already accepts null.


def _fix_default(schema: dict[str, Any], ptr: str, findings: list[Finding]) -> None:
    value = schema["default"]
    types = _schema_types(schema)
    enum = schema.get("enum")
    if types and not _matches_type(value, types):
        ok, coerced = _coerce(value, types)
        if ok:
            schema["default"] = coerced
            findings.append(
                Finding("warning", "default-coerced", f"default {value!r} coerced to {coerced!r}", ptr)
            )
            return
        del schema["default"]
        findings.append(
            Finding("warning", "default-dropped", f"default {value!r} is not of type {'/'.join(types)}", ptr)
        )
    elif isinstance(enum, list) and value not in enum:
        del schema["default"]
        findings.append(Finding("warning", "default-dropped", f"default {value!r} is not in the enum", ptr))


def _tag_value(branch: dict[str, Any], prop: str) -> Any:
    sub = (branch.get("properties") or {}).get(prop)
    if not isinstance(sub, dict):
        return None
    if "const" in sub:
        return sub["const"]
    enum = sub.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    return None


_REF_ANNOTATIONS = frozenset(
    {"$ref", "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "default"}
)


def drop_redundant_ref_siblings(document: dict[str, Any]) -> None:
    """`{type: object, $ref: X}` is written to mean just X; the extra `type` would make
    generators invent a copy of X. Drop a `type` beside `$ref` that X already has."""
    for schema, _ptr in _iter_all_schemas(document):
        ref = schema.get("$ref")
        if not isinstance(ref, str) or "type" not in schema:
            continue
        try:
            target = resolve_pointer(document, ref)
        except SpecError:
            continue
        target_types = _schema_types(target)
        if schema["type"] == "object" or not target_types or _schema_types(schema) == target_types:
            del schema["type"]


def complete_discriminators(document: dict[str, Any]) -> None:
    """Make tagged unions explicit, so generators and validators agree on them:
    - `oneOf: [$ref...]` whose branches share a required property with distinct const/single-enum
      string values gets `discriminator: {propertyName, mapping}`;
    - a `discriminator` without `mapping` gets one from its branches' tag values (without it the
      tag would have to equal the schema names, which no server sends).
    Runs after hoisting, so inline branches are named `$ref`s too."""
    for schema, _ptr in _iter_all_schemas(document):
        branches = schema.get("oneOf") or schema.get("anyOf")
        discriminator = schema.get("discriminator")
        if not isinstance(branches, list) or len(branches) < 2:
            continue
        if discriminator is None and "oneOf" not in schema:
            continue
        if isinstance(discriminator, dict) and "mapping" in discriminator:
            continue
        targets = []
        for branch in branches:
            if not (isinstance(branch, dict) and isinstance(branch.get("$ref"), str)):
                break
            try:
                targets.append((branch["$ref"], resolve_pointer(document, branch["$ref"])))
            except SpecError:
                break
        else:
            candidates = (
                [discriminator.get("propertyName")]
                if isinstance(discriminator, dict)
                else list(targets[0][1].get("properties") or {})
            )
            for prop in candidates:
                if not isinstance(prop, str):
                    continue
                tags = [_tag_value(target, prop) for _, target in targets]
                required = all(prop in (target.get("required") or []) for _, target in targets)
                if required and all(isinstance(t, str) for t in tags) and len(set(tags)) == len(tags):
                    schema["discriminator"] = {
                        "propertyName": prop,
                        "mapping": {tag: ref for tag, (ref, _) in zip(tags, targets, strict=True)},
                    }
                    break


def _iter_all_schemas(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    stack = list(iter_operation_schemas(document))
    while stack:
        schema, ptr = stack.pop()
        yield schema, ptr
        stack.extend(iter_subschemas(schema, ptr))


# ----------------------------------------------------------------------------- operations


def _inline_component_ref(document: dict[str, Any], node: Any, file: str) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        node = copy.deepcopy(resolve_pointer(document, node["$ref"], file))
        seen += 1
    return node


def base_path_of(url: str) -> str:
    path = urlparse(url).path if "://" in url else url
    return "/" + path.strip("/") if path.strip("/") else ""


def derive_operation_id(method: str, path: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w]
    return method.lower() + "".join(w[:1].upper() + w[1:] for w in words)


def normalize_operations(document: dict[str, Any], file: str, findings: list[Finding]) -> None:
    root_servers = document.get("servers") or [{"url": "/"}]
    seen_ids: set[str] = set()
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            raise SpecError(file, pointer("paths", path), "path item is not a mapping", "bad-structure")
        item_servers = item.get("servers")
        shared_params = [_inline_component_ref(document, p, file) for p in item.get("parameters") or []]
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            ptr = pointer("paths", path, method)
            servers = op.get("servers") or item_servers or root_servers
            op["x-togen-base-path"] = base_path_of(servers[0].get("url", "/"))
            op["x-togen-server-url"] = servers[0].get("url", "/")
            op_id = op.get("operationId") or derive_operation_id(method, path)
            if op_id in seen_ids:
                op_id = derive_operation_id(method, path)
            op["operationId"] = op_id
            seen_ids.add(op_id)
            params = {(p.get("in"), p.get("name")): p for p in shared_params if isinstance(p, dict)}
            for p in op.get("parameters") or []:
                p = _inline_component_ref(document, p, file)
                if isinstance(p, dict):
                    params[(p.get("in"), p.get("name"))] = p
            op["parameters"] = [copy.deepcopy(p) for p in params.values()]
            _check_path_parameters(path, op, ptr, file, findings)
            if "requestBody" in op:
                op["requestBody"] = _inline_component_ref(document, op["requestBody"], file)
                _require_body_with_required_fields(document, op["requestBody"], ptr, findings)
            responses = op.get("responses") or {}
            for status in list(responses):
                responses[status] = _inline_component_ref(document, responses[status], file)
                for name, header in list((responses[status].get("headers") or {}).items()):
                    responses[status]["headers"][name] = _inline_component_ref(document, header, file)
            op["responses"] = {str(k): v for k, v in responses.items()}
        item.pop("parameters", None)


def _require_body_with_required_fields(
    document: dict[str, Any], body: Any, ptr: str, findings: list[Finding]
) -> None:
    """A body whose schema has required properties must be sent: the spec leaves
    `requestBody.required` out on chat, completions, embeddings, rerank, speech and others, so by
    its letter a request without a body is valid, yet the API answers 400 (code_interpreter.execute
    even says `required: false`)."""
    if not isinstance(body, dict) or body.get("required") is True:
        return
    for content in (body.get("content") or {}).values():
        schema = _inline_component_ref(document, (content or {}).get("schema") or {}, "")
        if isinstance(schema, dict) and schema.get("required"):
            body["required"] = True
            findings.append(
                Finding("warning", "body-required", "the body has required fields: marked required", ptr)
            )
            return


def _check_path_parameters(
    path: str, op: dict[str, Any], ptr: str, file: str, findings: list[Finding]
) -> None:
    template = re.findall(r"{([^}/]+)}", path)
    declared = {p.get("name") for p in op["parameters"] if p.get("in") == "path"}
    for name in template:
        if name not in declared:
            raise SpecError(
                file,
                ptr,
                f"path parameter {{{name}}} is used in {path} but not declared",
                "undeclared-path-param",
            )
    extra = declared - set(template)
    if extra:
        for name in sorted(n for n in extra if n):
            findings.append(
                Finding("warning", "path-param-unused", f"path parameter {name!r} not in the path", ptr)
            )
        op["parameters"] = [
            p for p in op["parameters"] if not (p.get("in") == "path" and p.get("name") in extra)
        ]
    for p in op["parameters"]:
        if p.get("in") == "path":
            p["required"] = True


# ----------------------------------------------------------------------------- hoisting


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


def _is_hoistable(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("properties"), dict) and bool(schema["properties"]) and "$ref" not in schema


class _Hoister:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
        self.taken = {schema_class_name(n) for n in self.schemas} | set(self.schemas)

    def unique(self, name: str) -> str:
        """`name`, or a descriptive variant of it when a schema already has that name."""
        for candidate in (name, name + "Body", name + "Schema", name + "Object"):
            if candidate not in self.taken:
                break
        while candidate in self.taken:
            candidate += "Variant"
        self.taken.add(candidate)
        return candidate

    def hoist(self, schema: dict[str, Any], name: str, ptr: str) -> dict[str, Any]:
        """Hoist nested inline objects of `schema` (named from `name`), then return a ref to it."""
        self.visit_children(schema, name, ptr)
        final = self.unique(name)
        hoisted = dict(schema)
        hoisted["x-togen-origin"] = ptr
        self.schemas[final] = hoisted
        return {"$ref": SCHEMA_NAME_KEY + final}

    def visit_children(self, schema: dict[str, Any], name: str, ptr: str) -> None:
        for prop, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict):
                schema["properties"][prop] = self.child(
                    sub, name + pascal_case(prop), f"{ptr}/properties{pointer(prop)}"
                )
        items = schema.get("items")
        if isinstance(items, dict):
            schema["items"] = self.child(items, name + "Item", f"{ptr}/items")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            schema["additionalProperties"] = self.child(extra, name + "Value", f"{ptr}/additionalProperties")
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list):
                schema[key] = [
                    self.child(b, name + _branch_suffix(b, i), f"{ptr}/{key}/{i}")
                    if isinstance(b, dict)
                    else b
                    for i, b in enumerate(branches)
                ]
        if isinstance(schema.get("allOf"), list):
            for i, b in enumerate(schema["allOf"]):
                if isinstance(b, dict) and "$ref" not in b:
                    self.visit_children(b, name, f"{ptr}/allOf/{i}")

    def child(self, sub: dict[str, Any], name: str, ptr: str) -> dict[str, Any]:
        if _is_hoistable(sub):
            return self.hoist(sub, name, ptr)
        self.visit_children(sub, name, ptr)
        return sub


def _branch_suffix(branch: dict[str, Any], index: int) -> str:
    if isinstance(branch.get("title"), str) and branch["title"].strip():
        return pascal_case(branch["title"])
    for _prop, sub in (branch.get("properties") or {}).items():
        if isinstance(sub, dict):
            tag = sub.get(
                "const", (sub.get("enum") or [None])[0] if len(sub.get("enum") or []) == 1 else None
            )
            if isinstance(tag, str):
                return pascal_case(tag)
    required = [r for r in branch.get("required") or [] if isinstance(r, str)]
    if required:
        return "With" + pascal_case(required[0])
    kinds = _schema_types(branch)
    if kinds:
        return pascal_case("_".join(kinds))
    return "Option" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index % 26]


def hoist_inline_schemas(document: dict[str, Any]) -> None:
    """Give every inline object a name from its context: the owning schema and property, or
    the operation's SDK name (`x-togen-name` files.upload -> `FilesUploadRequest`)."""
    hoister = _Hoister(document)
    for name in list(hoister.schemas):
        schema = hoister.schemas[name]
        if isinstance(schema, dict):
            hoister.visit_children(schema, schema_class_name(name), pointer("components", "schemas", name))
    for path, item in (document.get("paths") or {}).items():
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            base = pointer("paths", path, method)
            op_name = pascal_case(op.get("x-togen-name") or op["operationId"])
            for media, content in ((op.get("requestBody") or {}).get("content") or {}).items():
                schema = content.get("schema") if isinstance(content, dict) else None
                if isinstance(schema, dict):
                    content["schema"] = hoister.child(
                        schema, op_name + "Request", f"{base}/requestBody/content{pointer(media)}/schema"
                    )
            for status, response in (op.get("responses") or {}).items():
                for media, content in (response.get("content") or {}).items():
                    schema = content.get("schema") if isinstance(content, dict) else None
                    if isinstance(schema, dict):
                        suffix = (
                            "Response"
                            if status.startswith("2")
                            else pascal_case(_status_phrase(status)) + "Response"
                        )
                        content["schema"] = hoister.child(
                            schema,
                            op_name + suffix,
                            f"{base}/responses{pointer(status, 'content', media)}/schema",
                        )


def _status_phrase(status: str) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return "Error" if status == "default" else f"Status {status}"


# ----------------------------------------------------------------------------- entry point


def normalize(
    document: dict[str, Any],
    *,
    file: str = "<spec>",
    overlays: list[Overlay] | None = None,
    names: NamesConfig | None = None,
) -> Normalized:
    """The normalized copy of `document` (the input is not modified)."""
    doc = copy.deepcopy(document)
    findings: list[Finding] = []
    version = str(doc.get("openapi", ""))
    if not version.startswith("3."):
        found = (
            f"swagger {doc['swagger']}"
            if "swagger" in doc
            else (f"openapi {version}" if version else "no version")
        )
        raise SpecError(file, "/openapi", f"not an OpenAPI 3.x document ({found})", "not-openapi")
    if not isinstance(doc.get("paths"), dict):
        raise SpecError(file, "/paths", "the document has no paths", "bad-structure")
    apply_overlays(doc, read_overlays() if overlays is None else overlays, findings)
    _check_refs(doc, file)
    for schema, ptr in list(iter_operation_schemas(doc)):
        walk_schema(schema, ptr, lambda node, p: normalize_schema_node(node, p, findings))
    for name in ("parameters", "requestBodies", "responses", "headers"):
        for key, node in list((doc.get("components", {}).get(name) or {}).items()):
            for schema, ptr in _component_schemas(node, pointer("components", name, key)):
                walk_schema(schema, ptr, lambda n, p: normalize_schema_node(n, p, findings))
    normalize_operations(doc, file, findings)
    drop_redundant_ref_siblings(doc)
    for warning in assign_names(doc, names or NamesConfig.read()):
        findings.append(Finding("warning", "unnamed-operation", warning))
    hoist_inline_schemas(doc)
    complete_discriminators(doc)
    doc["openapi"] = "3.1.0"
    return Normalized(doc, findings, file)


def _component_schemas(node: Any, ptr: str) -> Iterator[tuple[dict[str, Any], str]]:
    if not isinstance(node, dict):
        return
    if isinstance(node.get("schema"), dict):
        yield node["schema"], f"{ptr}/schema"
    for media, content in (node.get("content") or {}).items():
        if isinstance(content, dict) and isinstance(content.get("schema"), dict):
            yield content["schema"], f"{ptr}/content{pointer(media)}/schema"


def _check_refs(document: dict[str, Any], file: str) -> None:
    """Every local `$ref` must resolve: a dangling one is fatal, with its pointer."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if not ref.startswith("#"):
                    raise SpecError(file, f"{ptr}/$ref", f"unresolvable reference {ref!r}", "bad-ref")
                try:
                    resolve_pointer(document, ref, file)
                except SpecError:
                    raise SpecError(file, f"{ptr}/$ref", f"dangling reference {ref!r}", "bad-ref") from None
            stack.extend((v, f"{ptr}{pointer(k)}") for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, f"{ptr}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list)))
