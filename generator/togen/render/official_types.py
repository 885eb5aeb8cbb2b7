"""`together_client.types`: the official SDK's `together.types` names for the schemas both have.

A user switching from the official `together` SDK keeps `from together.types import X` and
`from together.types.chat import X` working by changing the package name. Each name is one of
our models (`models`), request TypedDicts (`params`) or a `list` of a model, found by the
official SDK's (Stainless's) naming rules or the alias table `spec/official_types.toml` (for
schemas the spec names differently). The subpackages (`types.chat`, `types.beta.jig`, ...)
follow the resource tree as the official ones do. Names are imported on first use.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from togen.core.resources import spec_dir
from togen.spec.ir import API, Operation

ALIASES_FILE = "official_types.toml"
SDK_TYPE = "x-togen-sdk-type"  # on a component derived from an SDK: its official dotted type name

# What an official name stands for: (module of ours, our name, container). The container is ""
# for the class itself, or "list" for `list[<class>]` (`BatchListResponse = List[BatchJob]`).
Target = tuple[str, str, str]
# Subpackage of `types` ("" for `types` itself, "chat", "beta.jig") -> official name -> target.
Names = dict[str, dict[str, Target]]


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.split("_"))


def _singular(word: str) -> str:
    """Stainless's resource names in type names: `batches` -> `batch`, `files` -> `file`."""
    if word.endswith("ches") or word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def type_stem(name: tuple[str, ...]) -> str:
    """The official SDK's stem of an operation's type names: `("evals", "list")` -> `EvalList`,
    `("fine_tuning", "model_limits")` -> `FineTuningModelLimits` (resources singular)."""
    return "".join(_camel(_singular(part)) for part in name[:-1]) + _camel(name[-1])


def _is_param_name(name: str) -> bool:
    """The official SDK's request types are named `...Param`/`...Params` (TypedDicts)."""
    return re.search(r"Params?$", name) is not None


def official_names(
    api: API,
    class_names: dict[str, str],
    models: set[str],
    params: set[str],
    operation_params: dict[str, str] | None = None,
    owners: dict[str, str] | None = None,
) -> Names:
    """Official names per subpackage of `types`, first rule that applies winning:

    - the alias table (`chat.ChatCompletion = "ChatCompletionResponse"`);
    - a `[prefixes]` entry (`post_training = "RL"`): in `types.post_training`, `X` is our `RLX`;
    - an operation `a.b.method` gives `types.a` `<B><Method>Params` (its request body's TypedDict,
      or `operation_params[op.key]`, the TypedDict of its keyword parameters) and
      `<B><Method>Response` (its response model, or `list[model]` for an array of one);
      `evals.list` gives `types` `EvalListParams`;
    - our own names: in `types` every model and every request TypedDict of a schema named
      `...Param(s)`; in `types.<resource>` (for a resource with sub-resources, as the official
      subpackages are) those that belong to that resource (`owners`); a `...Param(s)` name is
      the request TypedDict of that name when there is one (as in the official SDK, where
      `...Param(s)` are TypedDicts). Last: with the SDK surface merged in, the SDK's own
      components carry the official names (`RerankCreateResponse`, `Completion`), but an
      operation both describe keeps the spec's answer, so the official name must stay the
      model our method returns (the public spec alone gives the same names in either order);
    - an SDK component's official dotted name (`x-togen-sdk-type`,
      `endpoints.shadow_experiments.ShadowExperimentTarget`), where no rule above gave it;
    - `<Name>Param`: the request TypedDict of schema `<Name>`.

    Names the table lists as `different` are never offered."""
    table: dict[str, Any] = tomllib.loads((spec_dir() / ALIASES_FILE).read_text())
    different = set(table.get("different", {}))
    operation_params = operation_params or {}
    owners = owners or {}
    known = {"models": models, "params": params | set(operation_params.values())}
    found: Names = {"": {}}

    def offer(qualified: str, target: Target) -> None:
        sub, _, name = qualified.rpartition(".")
        module, ours, _ = target
        names = found.setdefault(sub, {})
        if name not in names and qualified not in different and ours in known[module]:
            names[name] = target

    def own(qualified: str, ours: str) -> None:
        # A schema only requests send is in params alone (its TypedDict, or an alias: `RLDType`).
        in_params = ours in known["params"]
        module = "params" if in_params and (_is_param_name(ours) or ours not in models) else "models"
        offer(qualified, (module, ours, ""))

    nested = {attr for attr, node in api.root.children.items() if node.children}
    param_named = {name for name in set(class_names.values()) & params if _is_param_name(name)}
    for official, ours in sorted(table.get("aliases", {}).items()):
        module, _, ours = ours.rpartition(".")  # "params.X": a request TypedDict whatever the name
        offer(official, (module or ("params" if _is_param_name(official) else "models"), ours, ""))
    for sub, prefix in sorted(table.get("prefixes", {}).items()):
        for name in sorted(models | params):
            if name.startswith(prefix) and name[len(prefix) : len(prefix) + 1].isupper():
                own(f"{sub}.{name[len(prefix) :]}", name)
                if name in params:
                    offer(f"{sub}.{name[len(prefix) :]}Param", ("params", name, ""))
    for op in sorted(api.operations, key=lambda o: o.key):
        if len(op.name) >= 2:
            _offer_operation_types(api, op, class_names, operation_params, offer)
    for name in sorted(models | param_named):
        own(name, name)
        if owners.get(name) in nested:
            own(f"{owners[name]}.{name}", name)
    for component, schema in sorted(api.schemas.items()):
        # an SDK's answer model, at the official path its SDK exports it from (togen.sdk.names)
        official = schema.get(SDK_TYPE) if isinstance(schema, dict) else None
        if isinstance(official, str) and class_names.get(component) in models:
            offer(official, ("models", class_names[component], ""))
    for name in sorted(params):
        offer(f"{name}Param", ("params", name, ""))
    return {sub: dict(sorted(names.items())) for sub, names in sorted(found.items()) if names or not sub}


def _offer_operation_types(
    api: API, op: Operation, class_names: dict[str, str], operation_params: dict[str, str], offer: Any
) -> None:
    """`<Resource><Method>Params`/`Response` of one operation, in the subpackage of its parent
    resources (`clusters.storage.update` -> `types.clusters.StorageUpdateParams`)."""
    sub = ".".join(op.name[:-2])
    stem = f"{sub}.{type_stem(op.name[-2:])}" if sub else type_stem(op.name[-2:])
    body = op.request_body
    component = api.ref_name(body.schema) if body is not None else None
    if component in class_names:
        offer(f"{stem}Params", ("params", class_names[component], ""))
    elif body is None and op.key in operation_params:
        offer(f"{stem}Params", ("params", operation_params[op.key], ""))
    response = op.primary_response
    content = response.content("json") if response is not None else None
    schema = content.schema if content is not None and content.schema is not None else {}
    component = api.ref_name(schema)
    item = api.ref_name(schema.get("items") or {}) if schema.get("type") == "array" else None
    if op.origin == "sdk" and op.pagination is not None:
        # the SDK's page: its `<Method>Response` is the page's item (`SyncCursorPagination[X]`)
        items = schema
        for key in op.pagination.items_field.split("."):
            items = (api.resolve(items).get("properties") or {}).get(key) or {}
        component, item = api.ref_name(api.resolve(items).get("items") or {}), None
    if component in class_names:
        offer(f"{stem}Response", ("models", class_names[component], ""))
    elif item in class_names:
        offer(f"{stem}Response", ("models", class_names[item], "list"))


def render_types_package(names: Names, header: str, package: str) -> dict[str, str]:
    """{path under the package: source}: `types/__init__.py` and one `__init__.py` per subpackage
    (and per folder on the way to one)."""
    subs = {
        ".".join(sub.split(".")[:depth]) for sub in names if sub for depth in range(1, sub.count(".") + 2)
    }
    files: dict[str, str] = {}
    for sub in sorted(subs | {""}):
        depth = sub.count(".") + 1 if sub else 0
        children = sorted({s.split(".")[depth] for s in subs if s.startswith(f"{sub}.") or (not sub and s)})
        path = "/".join(["types", *sub.split(".")]) if sub else "types"
        files[f"{path}/__init__.py"] = render_types_module(names.get(sub, {}), header, package, sub, children)
    return files


def render_types_module(
    names: dict[str, Target], header: str, package: str, sub: str = "", children: list[str] | None = None
) -> str:
    up = "." * (2 + (sub.count(".") + 1 if sub else 0))  # from types/<sub>/__init__.py to the package
    checking = "".join(
        f"    from {up}{module} import {ours}{'' if ours == name else f' as {name}'}\n"
        for name, (module, ours, container) in names.items()
        if not container
    )
    containers = [(name, module, ours, kind) for name, (module, ours, kind) in names.items() if kind]
    if containers:
        checking += "    from typing import TypeAlias\n\n"
    modules = sorted({module for _, module, _, _ in containers})
    checking += "".join(f"    from {up} import {module} as _{module}\n" for module in modules)
    checking += "".join(
        f"    {name}: TypeAlias = {kind}[_{module}.{ours}]\n" for name, module, ours, kind in containers
    )
    # A package without names (a spec without component schemas) has no type-checking block.
    typing_import = "from typing import TYPE_CHECKING\n\n" if checking else ""
    checking = f"if TYPE_CHECKING:\n{checking}" if checking else ""
    exported = "".join(f'    "{name}",\n' for name in sorted(names))
    table = "".join(
        f'    "{name}": ("{module}", "{ours}", "{kind}"),\n' for name, (module, ours, kind) in names.items()
    )
    path = f"types.{sub}" if sub else "types"
    subpackages = ", ".join(f"`{child}`" for child in children or [])
    more = f"\nSubpackages, as in the official SDK: {subpackages}.\n" if subpackages else ""
    return f'''{header}
"""The official `together` SDK's `together.{path}` names, for the schemas both have:
`from together.{path} import X` becomes `from {package}.{path} import X`.

Responses are the pydantic models of `models`; request types (`...Params`, `...Param`) are the
TypedDicts of `params`.
{more}"""

from __future__ import annotations

{typing_import}from {up}_lazy import NameTable, lazy_names

{checking}
__all__ = [
{exported}]

_NAMES: NameTable = {{
{table}}}
__getattr__, __dir__ = lazy_names(__name__, "{up}", _NAMES)
'''
