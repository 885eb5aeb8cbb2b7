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


def official_names(
    api: API, class_names: dict[str, str], models: set[str], params: set[str]
) -> dict[str, tuple[str, str]]:
    """Official name -> (`models` or `params`, our name), first rule that applies winning:
    our model's own name; the alias table; `<Resource><Method>Params`/`Response` of a top-level
    resource's operation (its request body TypedDict, its response model); `<Name>Param`.
    Names the table lists as `different` are never offered."""
    table: dict[str, Any] = tomllib.loads((spec_dir() / ALIASES_FILE).read_text())
    different = set(table.get("different", {}))
    found: dict[str, tuple[str, str]] = {name: ("models", name) for name in sorted(models - different)}

    def offer(name: str, target: tuple[str, str]) -> None:
        module, ours = target
        if name not in found and name not in different and ours in (models if module == "models" else params):
            found[name] = target

    aliases: dict[str, Any] = table.get("aliases", {})
    for official, ours in sorted(aliases.items()):
        offer(official, ("params", ours) if re.search(r"Params?$", official) else ("models", ours))
    for op in sorted(api.operations, key=lambda o: o.key):
        if len(op.name) != 2:  # nested resources live in submodules of together.types
            continue
        stem = _camel(_singular(op.name[0])) + _camel(op.name[1])
        body = op.request_body
        component = api.ref_name(body.schema) if body is not None else None
        if component in class_names:
            offer(f"{stem}Params", ("params", class_names[component]))
        response = op.primary_response
        content = response.content("json") if response is not None else None
        component = api.ref_name(content.schema) if content is not None else None
        if component in class_names:
            offer(f"{stem}Response", ("models", class_names[component]))
    for name in sorted(params):
        offer(f"{name}Param", ("params", name))
    return dict(sorted(found.items()))


def render_types_module(names: dict[str, tuple[str, str]], header: str) -> str:
    checking = "".join(
        f"    from .{module} import {ours}{'' if ours == name else f' as {name}'}\n"
        for name, (module, ours) in names.items()
    )
    checking = checking or "    pass\n"
    exported = "".join(f'    "{name}",\n' for name in sorted(names))
    table = "".join(f'    "{name}": ("{module}", "{ours}"),\n' for name, (module, ours) in names.items())
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

# official name -> (module, name there)
_NAMES: dict[str, tuple[str, str]] = {{
{table}}}


def __getattr__(name: str) -> Any:
    found = _NAMES.get(name)
    if found is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    value = getattr(importlib.import_module(f".{{found[0]}}", __package__), found[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(_NAMES)
'''
