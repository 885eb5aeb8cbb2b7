"""The model layer of the generated package, via datamodel-code-generator's API.

One type per schema shape, as in the official SDK (its answers are pydantic models, its
`...Params` TypedDicts):

- `models/`: pydantic v2 models of the schemas a response can hold (responses are parsed into
  them) and of the schemas no operation reaches (with what they use), split by top-level
  resource: a schema only one resource uses lives in `models/<resource>.py`, one that several
  use in `models/_common.py` (a few: `models/_shared_a__b.py`), one no operation reaches in
  `models/_unreferenced.py`.
  `models/__init__.py` imports a name's module on first access, so a call loads only the
  models its resource's responses need. A schema only requests send has no model.
- `params.py`: `TypedDict`s of the schemas requests send (nested, `Literal` enums,
  `Required`/`NotRequired`), which the client's signatures name, so that mypy catches a
  misspelt key or a wrong literal in a request dict; and one `<Resource><Method>Params` per
  operation whose arguments are parameters only (list filters...), keyed by the method's
  keyword names, for `client.evals.list(**params)`. Needed only by type checkers. A schema
  that both requests send and responses hold has both: its model for answers, its TypedDict
  for arguments.

The normalizer has already hoisted inline objects into named components, so every class
name comes from a schema name or its context, never a counter. Component names that are
not identifiers (`RL.TrainingSession`) are renamed (`RLTrainingSession`) before the
document goes in, which also avoids datamodel-code-generator's dotted-name modules.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from togen.core.errors import SpecError
from togen.core.resources import templates_dir
from togen.render.official_types import type_stem
from togen.spec.ir import API, Operation
from togen.spec.normalize import SCHEMA_NAME_KEY, schema_class_name
from togen.spec.schema import component_name, unescape_pointer_token, walk_nodes

# Options passed to datamodel-code-generator. Formatting is left to one `ruff format`
# over the whole package afterwards (the generator's own black/isort pass is slow).
DCG_OPTIONS: dict[str, Any] = {
    "input_file_type": "openapi",
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "openapi_scopes": ["schemas"],
    "enum_field_as_literal": "all",
    "use_type_alias": True,
    "use_annotated": True,
    "field_constraints": True,
    "use_union_operator": True,
    "use_standard_collections": True,
    "use_field_description": True,
    "extra_fields": "allow",
    "disable_timestamp": True,
    "use_double_quotes": True,
    "formatters": [],
    # The official SDK's answer types: `date-time` is a `datetime` (offset or not, as sent);
    # `uuid`, `uri` and `byte` stay the strings the API sent (code passes ids on, concatenates
    # or JSON-dumps them; a base64 image is not text to decode).
    "output_datetime_class": "datetime",  # a DatetimeClassType value (imported lazily)
    "type_mappings": ["string+uuid=string", "string+uri=string", "string+byte=string"],
}
# The request TypedDicts: types and descriptions (a request-only schema has no model to carry
# them), not constraints (the API checks those).
PARAMS_OPTIONS: dict[str, Any] = {
    **{
        k: v
        for k, v in DCG_OPTIONS.items()
        if k
        not in (
            "use_annotated",
            "field_constraints",
            "extra_fields",
            "type_mappings",
            "output_datetime_class",
        )
    },
    "output_model_type": "typing.TypedDict",
}

# Models that get convenience behaviour from templates/models/_model_helpers.py, which is
# copied next to the models package: class name -> base class.
MODEL_BASES = {"Response": "_model_helpers.ResponseHelpers"}
MODEL_BASE = "_model_helpers.BaseModel"  # every other model: to_dict() and to_json()
HELPERS_FILE = templates_dir() / "models" / "_model_helpers.py"
COMMON_MODULE = "_common"  # models several resources use
UNREFERENCED_MODULE = "_unreferenced"  # models of schemas no operation reaches

_REF_PATTERN = re.compile(r'"#/components/schemas/([^"]+)"')


@dataclass
class RenderedModels:
    modules: dict[str, str]  # module of the models package ("__init__", "_common", "chat") -> source
    helpers: str  # source of _model_helpers.py
    class_names: dict[str, str]  # component schema name -> Python name in the models package
    names: set[str]  # every name the models package defines (classes and type aliases)
    homes: dict[str, str] = field(default_factory=dict)  # name -> its module ("chat", "_common"...)
    # model or request TypedDict -> the one resource whose operations reach its schema, else "_common"
    owners: dict[str, str] = field(default_factory=dict)


@dataclass
class RenderedParams:
    source: str  # params.py
    classes: set[str]  # the TypedDict classes of component schemas (the client's signatures use them)
    operations: dict[str, str] = field(default_factory=dict)  # operation key -> its parameters' TypedDict
    names: set[str] = field(default_factory=set)  # every name params.py defines (TypedDicts and aliases)


def class_names_of(api: API) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for component in sorted(api.schemas):
        name = schema_class_name(component)
        while name in taken:  # `A.B` and `AB` both exist: keep both, distinguishably
            name += "Schema"
        taken.add(name)
        names[component] = name
    return names


def models_input(
    api: API,
    class_names: dict[str, str],
    only: Iterable[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document datamodel-code-generator reads: components only (or the `only` ones,
    which must be closed under references), renamed; plus `extra` schemas under their class names
    (their references must be among the components)."""
    wanted = set(api.schemas if only is None else only)
    text = json.dumps([{name: schema for name, schema in api.schemas.items() if name in wanted}, extra or {}])

    def rename(match: re.Match[str]) -> str:
        component = unescape_pointer_token(match.group(1))
        return f'"{SCHEMA_NAME_KEY}{class_names.get(component, component)}"'

    schemas, extras = json.loads(_REF_PATTERN.sub(rename, text))
    return {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": "0"},
        "paths": {},
        "components": {"schemas": {**{class_names[name]: s for name, s in schemas.items()}, **extras}},
    }


# ----------------------------------------------------------------------------- schema reachability


def component_refs(api: API, schema: Any) -> set[str]:
    """Components `schema` references directly."""
    return {
        name
        for node, _ in walk_nodes(schema)
        if isinstance(node, dict)
        for name in [component_name(node.get("$ref"))]
        if name
    }


def reachable(api: API, roots: Iterable[str]) -> set[str]:
    """`roots` and every component they reference, transitively."""
    seen: set[str] = set()
    todo = [r for r in roots if r in api.schemas]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(r for r in component_refs(api, api.schemas[name]) if r in api.schemas and r not in seen)
    return seen


def request_roots(op: Operation) -> list[Any]:
    schemas: list[Any] = [p.schema for p in op.parameters]
    if op.request_body is not None:
        schemas.append(op.request_body.schema)
    return schemas


def response_roots(op: Operation) -> list[Any]:
    return [
        s
        for response in op.responses
        for content in response.contents
        for s in (content.schema, content.stream_chunk_schema)
        if s is not None
    ]


def request_components(api: API) -> set[str]:
    """Components a request can send: the schemas `params.py` types."""
    roots = {
        name for op in api.operations for schema in request_roots(op) for name in component_refs(api, schema)
    }
    return reachable(api, roots)


def response_components(api: API) -> set[str]:
    """Components a response can hold: the schemas a call may have to parse into models."""
    roots = {
        name for op in api.operations for schema in response_roots(op) for name in component_refs(api, schema)
    }
    return reachable(api, roots)


def model_components(api: API) -> set[str]:
    """Components that get a pydantic model: what a response can hold, and what no operation
    reaches (with everything it uses). Closed under references; the rest only requests send."""
    used = request_components(api) | response_components(api)
    return response_components(api) | reachable(api, set(api.schemas) - used)


CLIENT_MODULE = "_client"  # models of the client's own methods (`client.whoami()`)


def resource_components(api: API) -> dict[str, set[str]]:
    """Top-level resource attribute -> class names its operations reach (requests and responses);
    the client's own methods count as one more resource, `_client`."""
    found = {
        attr: _reached(api, [op for resource in node.walk() for op in resource.operations])
        for attr, node in api.root.children.items()
    }
    if api.root.operations:
        found[CLIENT_MODULE] = _reached(api, api.root.operations)
    return found


def _reached(api: API, operations: list[Operation]) -> set[str]:
    roots = {
        name
        for op in operations
        for schema in request_roots(op) + response_roots(op)
        for name in component_refs(api, schema)
    }
    return reachable(api, roots)


# ----------------------------------------------------------------------------- rendering


# A document that takes datamodel-code-generator through the code paths the real ones use, so
# that its lazy imports and template compilation happen once, before the worker forks.
WARM_UP_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "warm-up", "version": "0"},
    "paths": {},
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "string", "enum": ["a", "b"], "description": "d"},
                    "count": {"type": "integer", "minimum": 0, "default": 1},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "extra": {"type": "object", "additionalProperties": {"type": "number"}},
                    "next": {"anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}]},
                },
            },
            "Choice": {"oneOf": [{"$ref": "#/components/schemas/Item"}, {"type": "string"}]},
        }
    },
}


def warm_up() -> None:
    """Render the warm-up document both ways; best effort (a failure here shows up for real later)."""
    from datamodel_code_generator import generate

    with warnings.catch_warnings(), contextlib.suppress(Exception):
        warnings.simplefilter("ignore")
        generate(WARM_UP_DOCUMENT, **DCG_OPTIONS)
        generate(WARM_UP_DOCUMENT, **PARAMS_OPTIONS)


def _run_dcg(api: API, document: dict[str, Any], **options: Any) -> str:
    from datamodel_code_generator import generate

    with warnings.catch_warnings():
        # Unknown formats ("float64") fall back to the plain type, which is what we want.
        warnings.simplefilter("ignore")
        try:
            output = generate(document, **options)
        except Exception as exc:  # the generator's own errors carry no location we can add
            raise SpecError(api.spec_name, "/components/schemas", f"model generation failed: {exc}") from None
    if not isinstance(output, str):
        raise SpecError(api.spec_name, "/components/schemas", "model generation produced several modules")
    return output


def model_layer(
    api: API,
    header: str,
    class_names: dict[str, str],
    halves: list[ModuleParts],
    params: RenderedParams,
    per_resource: dict[str, set[str]],
) -> tuple[RenderedModels, RenderedParams]:
    """The models package of the halves `model_worker.render_model_layer` rendered, and params.py
    (`per_resource`: `resource_components(api)`, which also split the halves)."""
    merged = merge_parts(*halves)
    defined = {name for name, _ in merged.statements}
    kept = defined | params.names  # a model, or a request TypedDict (or alias) only
    class_names = {component: name for component, name in class_names.items() if name in kept}
    # (a name missing from both was renamed or dropped by datamodel-code-generator)
    users = {
        attr: {class_names[c] for c in components if c in class_names}
        for attr, components in per_resource.items()
    }
    modules, homes = split_models(merged, users, header)
    return RenderedModels(
        modules, HELPERS_FILE.read_text(), class_names, defined, homes, owners_of(users)
    ), params


def owners_of(users: dict[str, set[str]]) -> dict[str, str]:
    """Class name -> the one resource among `users` (resource -> class names it reaches), else `_common`."""
    reach: dict[str, set[str]] = {}
    for attr, names in users.items():
        for name in names:
            reach.setdefault(name, set()).add(attr)
    return {name: next(iter(found)) if len(found) == 1 else COMMON_MODULE for name, found in reach.items()}


def model_groups(api: API, per_resource: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """Two sets of components, each closed under references, that together hold every component
    with a model (`model_components`): the resources (`resource_components(api)`) split so the
    halves hold about as many schemas. (Both inputs are closed, so their intersections are.)"""
    wanted = model_components(api)
    used = set().union(*per_resource.values()) if per_resource else set()
    first = reachable(api, set(api.schemas) - used)  # schemas no operation uses
    second: set[str] = set()
    resources = {attr: components & wanted for attr, components in per_resource.items()}
    for _attr, components in sorted(resources.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(first) <= len(second):
            first |= components
        else:
            second |= components
    return first, second


def models_source(api: API, header: str, class_names: dict[str, str], only: set[str]) -> str:
    if not only:
        return header + "\n"
    module = api.package.module
    bases: dict[str, str | list[str]] = {
        name: f"{module}.{base}" for name, base in MODEL_BASES.items() if name in class_names.values()
    }
    return _run_dcg(
        api,
        models_input(api, class_names, only),
        custom_file_header=header,
        base_class=f"{module}.{MODEL_BASE}",
        base_class_map=bases or None,
        **DCG_OPTIONS,
    )


@dataclass
class ModuleParts:
    """A generated module whose imports all come before its definitions, taken apart."""

    head: str  # the leading comment lines
    imports: list[str]  # import statements
    statements: list[tuple[str, str]]  # (defined name, statement source), in order


def merge_parts(first: ModuleParts, second: ModuleParts) -> ModuleParts:
    """One module of two renderings: every import of both, then `first`'s definitions, then those
    of `second` that `first` lacks (they may use `first`'s, never the other way round)."""
    defined = {name for name, _ in first.statements}
    statements = first.statements + [(name, text) for name, text in second.statements if name not in defined]
    import_lines = list(dict.fromkeys(first.imports + second.imports))
    future = [line for line in import_lines if line.startswith("from __future__")]
    rest = [line for line in import_lines if not line.startswith("from __future__")]
    return ModuleParts(first.head, future + rest, statements)


def module_parts(source: str) -> ModuleParts:
    tree = ast.parse(source)
    lines = source.splitlines()
    first_code = tree.body[0].lineno if tree.body else len(lines) + 1
    head = "\n".join(line for line in lines[: first_code - 1] if line.startswith("#"))
    imports: list[str] = []
    statements: list[tuple[str, str]] = []
    for node in tree.body:
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(text)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            statements.append((_statement_name(node), "\n".join(lines[start - 1 : node.end_lineno])))
    return ModuleParts(head, imports, statements)


def parameter_schemas(api: API, taken: Iterable[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Operation key -> (class name, object schema) for each operation that sends no body and
    has keyword arguments: the schema's properties are the method's keyword names (not the wire
    names), so a dict of that TypedDict unpacks into the call. Named as the official SDK names
    them (`EvalListParams`; nested resources spell out their path: `PostTrainingSessionListParams`)."""
    used = set(taken)
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for op in sorted(api.operations, key=lambda o: o.key):
        keywords = [a for a in op.arguments.keywords if a.location in ("path", "query", "header")]
        if op.request_body is not None or not any(a.location == "query" for a in keywords):
            continue
        name = f"{type_stem(op.name)}Params"
        while name in used:
            name += "Query"
        used.add(name)
        schema = {
            "type": "object",
            "properties": {a.name: a.schema for a in keywords},
            "required": [a.name for a in keywords if a.required],
        }
        found[op.key] = (name, schema)
    return found


def render_params(api: API, header: str) -> RenderedParams:
    class_names = class_names_of(api)
    wanted = request_components(api)
    operations = parameter_schemas(api, class_names.values())
    if not wanted and not operations:
        return RenderedParams(f'{header}\n"""No request schemas."""\n', set())
    document = models_input(api, class_names, wanted, {name: schema for name, schema in operations.values()})
    output = _run_dcg(api, document, custom_file_header=header, **PARAMS_OPTIONS)
    output = output.replace(
        "\n\n",
        '\n\n"""Request bodies and operations\' parameters as TypedDicts (for type checkers; plain dicts'
        ' at run time)."""\n\n',
        1,
    )
    defined = set(re.findall(r"^class (\w+)\(TypedDict", output, re.MULTILINE))
    by_operation = {key: name for key, (name, _) in operations.items() if name in defined}
    aliases = set(re.findall(r"^(\w+): TypeAlias = ", output, re.MULTILINE))
    return RenderedParams(output, defined - set(by_operation.values()), by_operation, defined | aliases)


# ----------------------------------------------------------------------------- splitting by resource


def split_models(
    parts: ModuleParts, users: dict[str, set[str]], header: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The models modules and the lazy `__init__`; each name's module (its resource's, or
    `_common`, or `_unreferenced`).

    A definition belongs to the one resource whose operations reach it; used by a few, to their
    `_shared_a__b`; by more, to `_common`; reached by none, to `_unreferenced` (see `_home`).
    Whatever a definition uses has at least its users, so a resource's modules import from
    shared modules and never from another resource's, a shared module imports from shared
    modules of more users, and only `_unreferenced` (which nothing imports) may import from any
    module: there are no import cycles, and definition order is kept
    in each module (tests/render/test_generate.py checks the layering)."""
    statements = parts.statements
    header_text = "\n".join([parts.head or header, *parts.imports])
    defined = {name for name, _ in statements}
    depends: dict[str, set[str]] = {}
    for name, text in statements:
        depends.setdefault(name, set()).update(defined & set(re.findall(r"\b\w+\b", text)) - {name})
    reach = {name: {attr for attr, names in users.items() if name in names} for name in defined}
    for name, found in reach.items():  # a schema no operation uses still needs a home
        if not found and not any(name in depends[other] for other in defined):
            found.add(UNREFERENCED_MODULE)
    changed = True
    while changed:  # whatever a definition uses is used by that definition's users too
        changed = False
        for name in defined:
            for dependency in depends[name]:
                if not reach[name] <= reach[dependency]:
                    reach[dependency] |= reach[name]
                    changed = True
    homes = {name: _home(found) for name, found in reach.items()}
    modules: dict[str, list[str]] = {}
    for name, text in statements:
        modules.setdefault(homes[name], []).append(text)
    out: dict[str, str] = {}
    for module, texts in sorted(modules.items()):
        body = "\n\n\n".join(texts)
        needed: dict[str, set[str]] = {}
        for name, _ in statements:
            if homes[name] == module:
                for dependency in depends[name]:
                    if homes[dependency] != module:
                        needed.setdefault(homes[dependency], set()).add(dependency)
        links = "".join(
            f"from .{other} import {', '.join(sorted(names))}\n" for other, names in sorted(needed.items())
        )
        links = f"\n{links}" if links else ""
        out[f"models/{module}.py"] = f"{header_text}\n{links}\n\n{body}\n"
    out["models/__init__.py"] = _lazy_init(header, homes)
    return out, homes


SHARED_BY_FEW = 3  # a model two or three resources use has a module of its own users


def _home(users: set[str]) -> str:
    """The module of a model its `users` reach: `_unreferenced` counts as no user (a model only it
    uses beside one resource belongs to that resource); used by a few resources, `_shared_a__b`;
    by more, `_common`. A first call loads only its resource's models and what they use: with
    the SDK surface one `_common` held 170 models (47 ms more on the first chat call).
    What a model uses has a superset of its users, so imports go from fewer users to more:
    no cycles."""
    operations = users - {UNREFERENCED_MODULE}
    if not operations:
        return UNREFERENCED_MODULE
    if len(operations) == 1:
        return next(iter(operations))
    if len(operations) <= SHARED_BY_FEW:
        return "_shared_" + "__".join(sorted(operations))
    return COMMON_MODULE


def _statement_name(node: ast.stmt) -> str:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if (  # `Model.model_rebuild()` belongs with `Model`
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and isinstance(node.value.func.value, ast.Name)
    ):
        return node.value.func.value.id
    raise ValueError(f"unexpected statement at line {node.lineno} of the generated models")


def _lazy_init(header: str, homes: dict[str, str]) -> str:
    by_module: dict[str, list[str]] = {}
    for name, module in sorted(homes.items()):
        by_module.setdefault(module, []).append(name)
    checking = "".join(
        f"    from .{module} import (\n" + "".join(f"        {n} as {n},\n" for n in names) + "    )\n"
        for module, names in sorted(by_module.items())
    )
    # A spec without component schemas: no type-checking block (an empty one does not parse).
    typing_names = "TYPE_CHECKING, Any" if checking else "Any"
    homes_type = "" if homes else ": dict[str, str]"  # mypy cannot infer an empty dict's type
    checking = f"if TYPE_CHECKING:\n{checking}" if checking else ""
    table = "".join(
        f"    {name!r}: {module!r},\n".replace("'", '"') for name, module in sorted(homes.items())
    )
    return f'''{header}
"""Pydantic models of the schemas responses hold (and of those no operation uses), one module per
resource; a name's module is imported on first use. What only requests send is in `params`."""

from __future__ import annotations

import importlib
from typing import {typing_names}

{checking}
# name -> module that defines it
_HOMES{homes_type} = {{
{table}}}


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    value = getattr(importlib.import_module(f".{{module}}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_HOMES)
'''
