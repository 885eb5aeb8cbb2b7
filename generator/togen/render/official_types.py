"""`together_client.types`: the official SDK's `together.types` names for the schemas both have.

A user switching from the official `together` SDK keeps `from together.types import X` working by
changing the package name. Each name is one of our models (`models`) or request TypedDicts
(`params`), found by the official SDK's naming rules or the alias table `spec/official_types.toml`
(for schemas the spec names differently). Names are imported on first use.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from togen.resources import spec_dir
from togen.spec.ir import API

ALIASES_FILE = "official_types.toml"


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


# What an official name stands for: (module of ours, our name, container). The container is ""
# for the class itself, or "list" for `list[<class>]` (`BatchListResponse = List[BatchJob]`).
Target = tuple[str, str, str]


def official_names(
    api: API,
    class_names: dict[str, str],
    models: set[str],
    params: set[str],
    operation_params: dict[str, str] | None = None,
) -> dict[str, Target]:
    """Official name -> what it stands for, first rule that applies winning: our model's own
    name; the alias table; for an operation of a top-level resource, `<Resource><Method>Params`
    (its request body's TypedDict, or `operation_params[op.key]`, the TypedDict of its keyword
    parameters) and `<Resource><Method>Response` (its response model, or `list[model]` for an
    array of one); `<Name>Param`. Names the table lists as `different` are never offered."""
    table: dict[str, Any] = tomllib.loads((spec_dir() / ALIASES_FILE).read_text())
    different = set(table.get("different", {}))
    operation_params = operation_params or {}
    found: dict[str, Target] = {name: ("models", name, "") for name in sorted(models - different)}
    known = {"models": models, "params": params | set(operation_params.values())}

    def offer(name: str, target: Target) -> None:
        module, ours, _ = target
        if name not in found and name not in different and ours in known[module]:
            found[name] = target

    aliases: dict[str, Any] = table.get("aliases", {})
    for official, ours in sorted(aliases.items()):
        offer(official, ("params" if re.search(r"Params?$", official) else "models", ours, ""))
    for op in sorted(api.operations, key=lambda o: o.key):
        if len(op.name) != 2:  # nested resources live in submodules of together.types
            continue
        stem = type_stem(op.name)
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
        if component in class_names:
            offer(f"{stem}Response", ("models", class_names[component], ""))
        elif schema.get("type") == "array" and api.ref_name(schema.get("items") or {}) in class_names:
            offer(f"{stem}Response", ("models", class_names[api.ref_name(schema["items"])], "list"))
    for name in sorted(params):
        offer(f"{name}Param", ("params", name, ""))
    return dict(sorted(found.items()))


def render_types_module(names: dict[str, Target], header: str) -> str:
    checking = "".join(
        f"    from .{module} import {ours}{'' if ours == name else f' as {name}'}\n"
        for name, (module, ours, container) in names.items()
        if not container
    )
    containers = [(name, module, ours, kind) for name, (module, ours, kind) in names.items() if kind]
    if containers:
        checking += "    from typing import TypeAlias\n\n"
    checking += "".join(f"    from . import {module} as _{module}\n" for module in sorted({c[1] for c in containers}))
    checking += "".join(
        f"    {name}: TypeAlias = {kind}[_{module}.{ours}]\n" for name, module, ours, kind in containers
    )
    checking = checking or "    pass\n"
    exported = "".join(f'    "{name}",\n' for name in sorted(names))
    table = "".join(
        f'    "{name}": ("{module}", "{ours}", "{kind}"),\n' for name, (module, ours, kind) in names.items()
    )
    return f'''{header}
"""The official `together` SDK's `together.types` names, for the schemas both have.

`from together.types import X` becomes `from together_client.types import X`. Responses are the
pydantic models of `models`, request `...Params`/`...Param` types the TypedDicts of `params`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
{checking}
__all__ = [
{exported}]

# official name -> (module, name there, container: "" for the class itself, "list" for list[class])
_NAMES: dict[str, tuple[str, str, str]] = {{
{table}}}


def __getattr__(name: str) -> Any:
    found = _NAMES.get(name)
    if found is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    module, ours, container = found
    value = getattr(importlib.import_module(f".{{module}}", __package__), ours)
    if container == "list":
        value = list[value]  # type: ignore[valid-type]
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_NAMES)
'''
