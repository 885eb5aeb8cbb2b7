"""The public spec with the SDK's surface layered under it (`--with-sdk`).

The merge rule: the public spec stays the base and nothing it says is lost; the SDK's document
(`sdk:PACKAGE`, both documents normalized) only *adds*:

- an operation the spec lacks (matched by method + effective path with path parameters'
  names dropped, as the lag report matches them), whole, at its path relative to the spec's
  server (`/v1/...` under the spec's `/v1` server; another version prefix gets an
  operation-level server of that version), its path parameters renamed to the spec's where
  the spec has the same route for another method, keeping `x-togen-provenance: sdk`;
- on an operation both describe: the SDK's query and header parameters the spec lacks (never
  required: the spec's own calls stay valid), and, in the JSON request body and the JSON
  success answer, the properties the spec lacks (an answer's property the SDK's model
  requires becomes required, so answers carry it) and the enum values the spec lacks,
  walking objects and array items both describe (unions are left as the spec says). Each
  added parameter, property and operation carries `x-togen-provenance: sdk`;
- in a request body, a property the spec requires and the SDK's schema of the same object
  does not (the SDK sends calls without it: `prompts` where it sends `model_inputs`) becomes
  optional, its name kept in the object's `x-togen-sdk-optional`, so the SDK's calls validate;
- a JSON answer the spec describes as an object and the SDK as a union of objects (the SDK
  tells variants apart by a field the spec lacks) gets the SDK's branches as its `anyOf`
  (each with `x-togen-provenance: sdk`): an answer is then the spec's object *and* one of
  the SDK's variants, which both validate;
- the SDK's components, under their names, or `sdk.<name>` where the spec has a component
  of that name already.

So the SDK's own calls and answers validate against the merged document wherever they
validate against the SDK's, and every call valid for the spec stays valid (enum values and
properties are only added, requests only lose required fields); answers gain required
fields and variants, so what the mock synthesizes satisfies both.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from togen.core.errors import SpecError
from togen.sdk.setting import DEFAULT_PACKAGE
from togen.spec.schema import resolve_pointer

PROVENANCE = "x-togen-provenance"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PARAM = re.compile(r"{([^}/]+)}")
_VERSION = re.compile(r"^/v\d+(?=/|$)")
_MAX_DEPTH = 12


def merge_documents(spec: dict[str, Any], sdk: dict[str, Any]) -> dict[str, Any]:
    """A new document: `spec` with what `sdk` adds (see the module docstring)."""
    merged = copy.deepcopy(spec)
    renames = _component_renames(merged, sdk)
    sdk = _renamed(copy.deepcopy(sdk), renames)
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in (sdk.get("components") or {}).get("schemas", {}).items():
        schemas[renames.get(name, name)] = schema
    default = (merged.get("servers") or [{"url": "/"}])[0].get("url", "/")
    origin, base = _split_server(default)
    routes = _spec_routes(merged, base)
    added = []
    for path, item in (sdk.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            key = (method, _PARAM.sub("{}", path))
            if key in routes:
                spec_path, spec_method = routes[key]
                _merge_operation(merged, merged["paths"][spec_path][spec_method], operation, sdk)
            else:
                added.append((path, method, operation))
    for path, method, operation in added:
        _add_operation(merged, routes, path, method, operation, origin, base)
    return merged


def shared_routes(spec: dict[str, Any], sdk: dict[str, Any]) -> tuple[int, int]:
    """(how many of the spec's operations the SDK calls, how many operations the spec has)."""
    default = (spec.get("servers") or [{"url": "/"}])[0].get("url", "/")
    routes = _spec_routes(spec, _split_server(default)[1])
    called = {
        (method, _PARAM.sub("{}", path))
        for path, item in (sdk.get("paths") or {}).items()
        for method in METHODS
        if isinstance(item.get(method), dict)
    }
    return len(called & set(routes)), len(routes)


def _split_server(url: str) -> tuple[str, str]:
    """("https://host", "/v1") of a server URL."""
    match = re.match(r"^([a-z]+://[^/]+)?(/.*)?$", url)
    if not match:
        return "", ""
    return match.group(1) or "", (match.group(2) or "").rstrip("/")


def _spec_routes(document: dict[str, Any], base: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(method, effective template without parameter names) -> (path key, method)."""
    routes = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            servers = operation.get("servers") or item.get("servers")
            prefix = _split_server(servers[0].get("url", ""))[1] if servers else base
            routes[method, _PARAM.sub("{}", prefix + path)] = (path, method)
    return routes


def _component_renames(spec: dict[str, Any], sdk: dict[str, Any]) -> dict[str, str]:
    taken = set((spec.get("components") or {}).get("schemas", {}))
    return {name: f"sdk.{name}" for name in (sdk.get("components") or {}).get("schemas", {}) if name in taken}


def _renamed(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rpartition("/")[2]
            if name in renames:
                node = {**node, "$ref": f"#/components/schemas/{renames[name]}"}
        return {k: _renamed(v, renames) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, renames) for v in node]
    return node


def _add_operation(
    document: dict[str, Any],
    routes: dict[tuple[str, str], tuple[str, str]],
    path: str,
    method: str,
    operation: dict[str, Any],
    origin: str,
    base: str,
) -> None:
    prefix_match = _VERSION.match(path)
    prefix = prefix_match.group(0) if prefix_match else ""
    relative = path[len(prefix) :] or "/"
    operation = copy.deepcopy(operation)
    operation[PROVENANCE] = "sdk"
    if prefix != base:
        operation["servers"] = [{"url": f"{origin}{prefix}"}]
    # the normalized document's own notes (togen.spec.normalize, togen.spec.naming): where it
    # is served, and its name, the SDK's dotted method where no spec operation has that name
    if "x-togen-base-path" in operation:
        operation["x-togen-base-path"] = prefix
        operation["x-togen-server-url"] = f"{origin}{prefix}" if origin else prefix or "/"
    method_name = operation.get("x-togen-sdk-method")
    if isinstance(method_name, str) and method_name not in _names(document):
        operation["x-togen-name"] = method_name
        operation.pop("x-togen-derived-name", None)
    # the spec's spelling of the same route (another method on it): its path and names
    template = _PARAM.sub("{}", relative)
    same = next((p for p in (document.get("paths") or {}) if _PARAM.sub("{}", p) == template), None)
    if same is not None and same != relative:
        names = dict(zip(_PARAM.findall(relative), _PARAM.findall(same), strict=True))
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "path" and parameter.get("name") in names:
                parameter["name"] = names[parameter["name"]]
        relative = same
    document.setdefault("paths", {}).setdefault(relative, {})[method] = operation
    routes[method, _PARAM.sub("{}", prefix + relative)] = (relative, method)


def _names(document: dict[str, Any]) -> set[str]:
    return {
        str(op.get("x-togen-name"))
        for item in (document.get("paths") or {}).values()
        for op in item.values()
        if isinstance(op, dict) and "x-togen-name" in op
    }


def _merge_operation(
    document: dict[str, Any], spec_op: dict[str, Any], sdk_op: dict[str, Any], sdk_doc: dict[str, Any]
) -> None:
    spec_params = {(p.get("in"), _header(p)) for p in spec_op.get("parameters", []) if isinstance(p, dict)}
    for parameter in sdk_op.get("parameters", []):
        if (
            parameter.get("in") not in ("query", "header")
            or (parameter["in"], _header(parameter)) in spec_params
        ):
            continue
        added = {k: v for k, v in copy.deepcopy(parameter).items() if k != "required"}
        added[PROVENANCE] = "sdk"
        spec_op.setdefault("parameters", []).append(added)
    spec_body = _json_schema(spec_op.get("requestBody"))
    sdk_body = _json_schema(sdk_op.get("requestBody"))
    walker = _SchemaMerge(document, sdk_doc)
    if spec_body is not None and sdk_body is not None:
        walker.merge(spec_body, sdk_body, answer=False)
    spec_answer = _success_json(spec_op)
    sdk_answer = _success_json(sdk_op)
    if spec_answer is not None and sdk_answer is not None:
        walker.merge(spec_answer, sdk_answer, answer=True)


def _header(parameter: dict[str, Any]) -> str:
    name = str(parameter.get("name", ""))
    return name.lower() if parameter.get("in") == "header" else name


def _json_schema(holder: Any) -> dict[str, Any] | None:
    if not isinstance(holder, dict):
        return None
    for media, content in (holder.get("content") or {}).items():
        if (media == "application/json" or media.endswith("+json")) and isinstance(content, dict):
            schema = content.get("schema")
            return schema if isinstance(schema, dict) else None
    return None


def _success_json(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status, response in sorted((operation.get("responses") or {}).items()):
        if str(status).startswith("2"):
            found = _json_schema(response)
            if found is not None:
                return found
    return None


class _SchemaMerge:
    """Adds the SDK schema's properties and enum values to the spec's, in place (a `$ref` of
    the spec is followed into its component, which every operation using it shares)."""

    def __init__(self, document: dict[str, Any], sdk_doc: dict[str, Any]) -> None:
        self.document = document
        self.sdk_doc = sdk_doc
        self.seen: set[tuple[int, int]] = set()

    def resolve(self, document: dict[str, Any], schema: Any) -> Any:
        for _ in range(_MAX_DEPTH):
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                return schema
            try:
                schema = resolve_pointer(document, ref[1:])
            except SpecError:
                return None
        return schema

    def merge(self, spec: Any, sdk: Any, *, answer: bool, depth: int = 0) -> None:
        # the SDK's refs were renamed into the merged document's names, so both resolve there
        spec = self.resolve(self.document, spec)
        sdk = self.resolve(self.document, sdk)
        if not isinstance(spec, dict) or not isinstance(sdk, dict) or depth > _MAX_DEPTH:
            return
        key = (id(spec), id(sdk))
        if key in self.seen:
            return
        self.seen.add(key)
        sdk = self.resolve(self.document, _without_null_branch(sdk))
        if not isinstance(sdk, dict):
            return
        if answer and depth == 0:
            self._variants(spec, sdk)
        self._enum(spec, sdk)
        spec_props = spec.get("properties")
        sdk_props = sdk.get("properties")
        if isinstance(spec_props, dict) and isinstance(sdk_props, dict):
            required = set(sdk.get("required") or [])
            for name, sub in sdk_props.items():
                if name in spec_props:
                    self.merge(spec_props[name], sub, answer=answer, depth=depth + 1)
                    continue
                added = copy.deepcopy(sub) if isinstance(sub, dict) else {}
                spec_props[name] = (
                    {**added, PROVENANCE: "sdk"}
                    if "$ref" not in added
                    else {
                        "allOf": [added],
                        PROVENANCE: "sdk",
                    }
                )
                if answer and name in required:
                    spec.setdefault("required", []).append(name)
            if not answer:
                self._relax(spec, required)
        spec_items, sdk_items = spec.get("items"), sdk.get("items")
        if isinstance(spec_items, dict) and isinstance(sdk_items, dict):
            self.merge(spec_items, sdk_items, answer=answer, depth=depth + 1)

    @staticmethod
    def _relax(spec: dict[str, Any], sdk_required: set[str]) -> None:
        """The spec's required request properties the SDK's object does not require: optional."""
        spec_required = spec.get("required")
        if not isinstance(spec_required, list):
            return
        relaxed = [name for name in spec_required if name not in sdk_required]
        if not relaxed:
            return
        spec["required"] = [name for name in spec_required if name in sdk_required]
        if not spec["required"]:
            del spec["required"]
        spec["x-togen-sdk-optional"] = sorted({*spec.get("x-togen-sdk-optional", []), *relaxed})

    def _variants(self, spec: dict[str, Any], sdk: dict[str, Any]) -> None:
        """An answer object of the spec that the SDK reads as a union of objects: the SDK's
        branches as its `anyOf`, so an answer is the spec's object and one SDK variant."""
        if not isinstance(spec.get("properties"), dict) or any(k in spec for k in ("anyOf", "oneOf")):
            return
        keyword = "anyOf" if "anyOf" in sdk else "oneOf"
        branches = sdk.get(keyword)
        if not isinstance(branches, list):
            return
        objects = [b for b in branches if isinstance(self.resolve(self.document, b), dict)]
        objects = [b for b in objects if isinstance(self.resolve(self.document, b).get("properties"), dict)]
        if len(objects) < 2 or len(objects) != len(branches):
            return
        spec["anyOf"] = [{**copy.deepcopy(branch), PROVENANCE: "sdk"} for branch in objects]

    def _enum(self, spec: dict[str, Any], sdk: dict[str, Any]) -> None:
        spec_enum, sdk_enum = spec.get("enum"), _values(sdk)
        if not isinstance(spec_enum, list) or sdk_enum is None:
            return
        for value in sdk_enum:
            if value not in spec_enum:
                spec_enum.append(value)


def _values(schema: dict[str, Any]) -> list[Any] | None:
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _without_null_branch(schema: dict[str, Any]) -> dict[str, Any]:
    """`anyOf [X, {type: null}]` (pydantic's Optional) read as X."""
    branches = schema.get("anyOf")
    if isinstance(branches, list):
        rest = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
        if len(rest) == 1 and isinstance(rest[0], dict) and len(rest) < len(branches):
            return rest[0]
    return schema


def load_surface(
    spec: str | None = None,
    with_sdk: bool | None = None,
    warn: Callable[[str], None] | None = None,
    **load_options: Any,
) -> Any:
    """The IR a command works on: the spec alone, or with an SDK's surface merged in when
    `with_sdk` says so or, unset, spec/config.toml does for the locked spec
    (`togen.sdk.setting`); `warn` hears why a configured SDK was left out."""
    from togen.sdk.setting import resolve_sdk
    from togen.spec.cache import load_api

    base = load_api(spec, **load_options)
    package, warning = resolve_sdk(base.spec_sha256, with_sdk)
    if warning and warn is not None:
        warn(warning)
    return base if package is None else merged_with(base, package)


def load_with_sdk(spec: str | None = None, package: str = DEFAULT_PACKAGE, **load_options: Any) -> Any:
    """The IR of the spec (as `togen.spec.cache.load_api` loads it) with the SDK's surface
    merged in; both documents come through the spec cache, so only the merge and the IR's
    build run each time."""
    from togen.spec.cache import load_api

    return merged_with(load_api(spec, **load_options), package)


def merged_with(base: Any, package: str) -> Any:
    """An already loaded IR with the surface of `sdk:package` merged in."""
    import hashlib

    from togen.spec.build import build_api
    from togen.spec.cache import load_api
    from togen.spec.naming import NamesConfig

    surface = load_api(f"sdk:{package}", verify_lock=False, overlays=[])
    shared, total = shared_routes(base.document, surface.document)
    if shared * 2 < total or not shared:
        # Somebody else's spec (every Together spec since 2024 shares more than half): the SDK's
        # surface would only pollute it with Together's operations.
        raise SpecError(
            base.spec_name,
            "--with-sdk",
            f"only {shared} of the spec's {total} operations are ones sdk:{package} calls; "
            f"--with-sdk adds the {package} SDK's surface to a spec of its own API (use --no-sdk)",
            code="usage",
        )
    document = merge_documents(base.document, surface.document)
    digest = hashlib.sha256(f"{base.spec_sha256}+{surface.spec_sha256}".encode()).hexdigest()
    sdk_source = f"sdk:{package} {surface.document['info']['version']}"
    merged = build_api(
        document,
        spec_name=f"{base.spec_name} + {sdk_source}",
        spec_sha256=digest,
        package=NamesConfig.read().package,
        findings=[*base.findings],
    )
    merged.base_spec_sha256 = base.spec_sha256
    merged.sdk_source = sdk_source
    return merged
