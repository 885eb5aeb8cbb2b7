"""Component names of an SDK's answer models, and where the SDK exports each model.

Pydantic names a model's definition after its class (`Project`); two classes of one name get
their module paths (`together__types__endpoints__placement_profile__PlacementProfile`), and a
generic page its arguments (`SyncCursorPagination_Project_`). Generators read such names as
class names their own way (datamodel-code-generator makes `SyncCursorPaginationProject` of the
last), so the derived document names them itself, from the classes:

- a generic model: its name and its arguments' names run together (`SyncCursorPaginationProject`);
- of classes sharing a name, the one the SDK's `types` package (or a subpackage) exports keeps
  the name (`together.types.endpoints.PlacementProfile`: `PlacementProfile`); the others, and
  all of them when none or several are exported, take their module path under `types`
  (`endpoint_deployment.PlacementProfile`), as the request TypedDicts do (`togen.sdk.types`).

`exported_at` tells where the SDK exports a class: the deepest package of its module's parents
that has it (`endpoints.shadow_experiments` for `ShadowExperimentTarget`), the official import
path of its type name.
"""

from __future__ import annotations

import importlib
import re
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic.json_schema import GenerateJsonSchema

_MODULE_PREFIXES = re.compile(r"(?:[^.\[\],\s]+\.)+")
_WORDS = re.compile(r"[A-Za-z0-9]+")


def class_path_schemas() -> type[GenerateJsonSchema]:
    """Pydantic's JSON Schema generator with the definitions keyed by the classes' own dotted
    paths (`module.Class`, `Page[module.Item]`), so `component_names` can find the classes
    (pydantic is imported here, when the answers' schemas are made, not with the module)."""
    from pydantic.json_schema import GenerateJsonSchema

    class ClassPathSchemas(GenerateJsonSchema):
        def normalize_name(self, name: str) -> str:
            return name

    return ClassPathSchemas


def find_class(path: str) -> Any:
    """The object at a dotted path `package.module.Class` (the longest importable module)."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute, None)
        return found
    return None


def exported_at(cls: Any, types_package: str) -> str | None:
    """The deepest package between `types_package` and `cls`'s module that has `cls` under its
    name, relative to `types_package` ("" for the package itself); None if none has."""
    module = str(getattr(cls, "__module__", ""))
    name = str(getattr(cls, "__qualname__", ""))
    if not (module == types_package or module.startswith(types_package + ".")) or "." in name:
        return None
    parts = module.split(".")
    for cut in range(len(parts) - 1, types_package.count("."), -1):
        package = ".".join(parts[:cut])
        try:
            found = getattr(importlib.import_module(package), name, None)
        except ImportError:
            continue
        if found is cls:
            return package[len(types_package) + 1 :]
    return None


def reachable_models(annotations: Iterable[Any]) -> dict[str, list[type]]:
    """{class name: the pydantic models of that name} met in `annotations`, their type arguments
    and their fields, recursively."""
    found: dict[str, list[type]] = {}
    pending = list(annotations)
    seen: set[int] = set()
    while pending:
        annotation = pending.pop()
        if id(annotation) in seen:
            continue
        seen.add(id(annotation))
        pending.extend(typing.get_args(annotation))
        fields = getattr(annotation, "model_fields", None)
        if isinstance(annotation, type) and isinstance(fields, dict):
            found.setdefault(annotation.__name__, []).append(annotation)
            pending.extend(info.annotation for info in fields.values())
    return found


def sdk_types(names: dict[str, str], models: dict[str, list[type]], types_package: str) -> dict[str, str]:
    """{component name: the official dotted type name under `types_package`} of every answer
    component whose class the SDK exports (`endpoints.shadow_experiments.ShadowExperimentTarget`)."""
    found: dict[str, str] = {}
    for key, name in names.items():
        if "[" in key:
            continue
        classes = [find_class(key)] if "." in key else models.get(key, [])
        if len(classes) != 1:
            continue
        package = exported_at(classes[0], types_package)
        if package is not None:
            found[name] = f"{package}.{classes[0].__name__}" if package else classes[0].__name__
    return found


def _relative(path: str, types_package: str) -> str:
    prefix = types_package + "."
    return path[len(prefix) :] if path.startswith(prefix) else path


def component_names(keys: Iterable[str], types_package: str) -> dict[str, str]:
    """{pydantic's definition key (`class_path_schemas`): the component's name}."""
    keys = sorted(keys)
    plain = [k for k in keys if "[" not in k and "." in k]
    classes = {key: find_class(key) for key in plain}
    groups: dict[str, list[str]] = {}
    for key in plain:
        groups.setdefault(key.rpartition(".")[2], []).append(key)
    names: dict[str, str] = {}
    taken = {k for k in keys if "[" not in k and "." not in k}
    for short, members in sorted(groups.items()):
        exported = [m for m in members if exported_at(classes[m], types_package) is not None]
        for key in members:
            keeps = exported == [key] and short not in taken
            names[key] = short if keeps else _relative(key, types_package)
        taken.update(names[m] for m in members)
    for key in keys:
        if "[" in key:
            pascal = "".join(w[:1].upper() + w[1:] for w in _WORDS.findall(_MODULE_PREFIXES.sub("", key)))
            names[key] = pascal if pascal not in taken else "".join(_WORDS.findall(key))
            taken.add(names[key])
        names.setdefault(key, key)
    return names


def renamed_refs(node: Any, names: dict[str, str], prefix: str = "#/components/schemas/") -> Any:
    """`node` with its `$ref`s to `prefix` + a key of `names` pointing at the new name."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] in names:
            node = {**node, "$ref": prefix + names[ref[len(prefix) :]]}
        return {k: renamed_refs(v, names, prefix) for k, v in node.items()}
    if isinstance(node, list):
        return [renamed_refs(v, names, prefix) for v in node]
    return node
