"""The official `together` SDK's type names, held against `together_client.types`.

Walks the installed official package (3.1.1, pinned in the lock): every class name of
`together.types` and of its subpackages (`together.types.chat.ChatCompletion`, ...), and
classifies each as

- `offered`: importable from the same path under `together_client.types` and the same kind of
  thing (`difference` is None);
- `differs`: importable but not the same kind or fields (a bug: the test fails on it);
- `elsewhere`: a subpackage name we offer at the top level (`together_client.types.X`) only;
- `excluded`: the spec has a schema of that name that means something else (`[different]` in
  spec/official_types.toml);
- `unmatched`: not offered, yet one of our models or request TypedDicts has the official
  fields (the spec likely has the data under another name: an alias or a rule is missing);
- `absent`: the spec has no schema with those fields (an API the spec does not describe).

`python -m tests.official_types [generated/src]` prints the table and its counts (Markdown);
tests/render/test_official_types.py asserts on the same classification.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from types import ModuleType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pydantic
from typing_extensions import is_typeddict

from togen.core.resources import spec_dir

OFFICIAL_PACKAGE = "together.types"
KINDS = ("offered", "differs", "elsewhere", "excluded", "unmatched", "absent")


def table() -> dict[str, Any]:
    return tomllib.loads((spec_dir() / "official_types.toml").read_text())


def official_names() -> list[tuple[str, str]]:
    """(subpackage path, class name), "" for `together.types` itself: every public capitalised
    name each (sub)package exports."""
    root = importlib.import_module(OFFICIAL_PACKAGE)
    packages = [""] + [
        info.name.removeprefix(OFFICIAL_PACKAGE)
        for info in pkgutil.walk_packages(root.__path__, f"{OFFICIAL_PACKAGE}.")
        if info.ispkg
    ]
    found = []
    for sub in packages:
        module = importlib.import_module(OFFICIAL_PACKAGE + sub)
        found.extend((sub, name) for name in sorted(dir(module)) if name[:1].isupper())
    return found


def qualified(sub: str, name: str) -> str:
    """How spec/official_types.toml names an official type: `chat.ChatCompletion`."""
    return f"{sub[1:]}.{name}" if sub else name


def official_value(sub: str, name: str) -> Any:
    return getattr(importlib.import_module(OFFICIAL_PACKAGE + sub), name)


def fields(kind: Any) -> tuple[set[str], set[str]]:
    """(wire names, required wire names) of a pydantic model or a TypedDict."""
    if is_typeddict(kind):
        return set(kind.__annotations__), set(kind.__required_keys__)
    model_fields = kind.model_fields
    return {f.alias or k for k, f in model_fields.items()}, {
        f.alias or k for k, f in model_fields.items() if f.is_required()
    }


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, pydantic.BaseModel)


def difference(name: str, theirs: Any, mine: Any) -> str | None:
    """Why `mine` does not stand for the official `theirs`, or None: the same kind (request
    TypedDict, response model, `list` of one, other alias or union) with >= 1/3 of the official
    fields or keys, and every key the official TypedDict requires."""
    mine = getattr(mine, "__value__", mine)  # `type X = ...` stands for its value
    if is_typeddict(theirs):
        if not is_typeddict(mine):
            return f"{name}: official is a TypedDict, ours {mine!r}"
        keys, required = fields(theirs)
        my_keys, _ = fields(mine)
        if not required <= my_keys or len(keys & my_keys) * 3 < len(keys):
            return f"{name}: keys {sorted(keys)} vs ours {sorted(my_keys)}"
    elif _is_model(theirs):
        if not _is_model(mine):
            return f"{name}: official is a model, ours {mine!r}"
        official_fields, _ = fields(theirs)
        my_fields, _ = fields(mine)
        if len(official_fields & my_fields) * 3 < len(official_fields):
            return f"{name}: fields {sorted(official_fields)} vs ours {sorted(my_fields)}"
    elif get_origin(theirs) is list:
        if get_origin(mine) is not list:
            return f"{name}: official is {theirs!r}, ours {mine!r}"
        return difference(f"{name} item", get_args(theirs)[0], get_args(mine)[0])
    elif _is_model(mine) and not hasattr(theirs, "__args__"):
        return f"{name}: official {theirs!r} is no alias or union, ours is a model"
    else:  # a union: request dicts stand for request dicts, models for models
        official_members, my_members = _members(theirs), _members(mine)
        for kind, label in ((is_typeddict, "TypedDicts"), (_is_model, "models")):
            if official_members and all(map(kind, official_members)) and not all(map(kind, my_members)):
                return f"{name}: official is a union of {label}, ours {mine!r}"
    return None


def _members(kind: Any) -> list[Any]:
    """The types a union (behind a `type X = ...` alias or `Annotated`) stands for, None left out."""
    kind = getattr(kind, "__value__", kind)
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    members = get_args(kind) if get_origin(kind) in (Union, UnionType) else (kind,)
    return [member for member in members if member is not type(None)]


def best_match(theirs: Any, candidates: dict[str, Any]) -> str | None:
    """Our class whose fields cover >= 2/3 of the official ones (at least two), best overlap
    first: a sign the spec has the data under another name."""
    if get_origin(theirs) is list:
        return best_match(get_args(theirs)[0], candidates)
    if not (is_typeddict(theirs) or _is_model(theirs)):
        return None
    wanted, _ = fields(theirs)
    scored = []
    for name, mine in candidates.items():
        if is_typeddict(mine) != is_typeddict(theirs) or not (is_typeddict(mine) or _is_model(mine)):
            continue
        have, _ = fields(mine)
        common = len(wanted & have)
        if common >= 2 and common * 3 >= len(wanted) * 2:
            scored.append((common / len(wanted | have), name))
    return max(scored)[1] if scored else None


@dataclass(frozen=True)
class Row:
    sub: str  # "" or ".chat"
    name: str
    kind: str  # one of KINDS
    detail: str  # our class, the exclusion's reason, or a near match

    @property
    def path(self) -> str:
        return f"{OFFICIAL_PACKAGE}{self.sub}.{self.name}"


def _ours(package: str, sub: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"{package}.types{sub}")
    except ImportError:
        return None


def classify(package: str = "together_client") -> list[Row]:
    models = importlib.import_module(f"{package}.models")
    params = importlib.import_module(f"{package}.params")
    candidates = {f"models.{n}": getattr(models, n) for n in dir(models) if n[:1].isupper()}
    candidates |= {f"params.{n}": v for n, v in vars(params).items() if is_typeddict(v)}
    top = importlib.import_module(f"{package}.types")
    excluded: dict[str, str] = table().get("different", {})
    rows = []
    for sub, name in official_names():
        theirs = official_value(sub, name)
        here = _ours(package, sub)
        if here is not None and name in dir(here):
            mine = getattr(here, name)
            problem = difference(name, theirs, mine)
            ours = getattr(mine, "__name__", repr(mine))
            kind, detail = ("differs", problem) if problem else ("offered", ours)
        elif sub and name in dir(top) and difference(name, theirs, getattr(top, name)) is None:
            kind, detail = "elsewhere", f"{package}.types.{name}"
        elif qualified(sub, name) in excluded:
            kind, detail = "excluded", excluded[qualified(sub, name)]
        elif (match := best_match(theirs, candidates)) is not None:
            kind, detail = "unmatched", f"near {match}"
        else:
            kind, detail = "absent", ""
        rows.append(Row(sub, name, kind, detail or ""))
    return rows


def report(rows: list[Row]) -> str:
    counts = Counter(row.kind for row in rows)
    top = Counter(row.kind for row in rows if not row.sub)
    lines = [
        "## Official type names (`together.types`) in `together_client.types`\n",
        f"{len(rows)} official names ({sum(top.values())} in `together.types` itself, "
        f"{len(rows) - sum(top.values())} in its subpackages).\n",
        "| kind | all | `together.types` | meaning |",
        "|---|---:|---:|---|",
    ]
    meaning = {
        "offered": "importable from the same path, same kind and fields",
        "differs": "importable but different (a bug)",
        "elsewhere": "subpackage name offered at `together_client.types` only",
        "excluded": "same name, different meaning (spec/official_types.toml `[different]`)",
        "unmatched": "not offered; one of our classes has most of its fields",
        "absent": "the spec has no schema with its fields",
    }
    lines += [f"| {kind} | {counts[kind]} | {top[kind]} | {meaning[kind]} |" for kind in KINDS]
    lines += ["", "| official name | kind | ours / why |", "|---|---|---|"]
    lines += [f"| `{row.path}` | {row.kind} | {row.detail} |" for row in rows if row.kind != "absent"]
    absent = [row.path.removeprefix(OFFICIAL_PACKAGE + ".") for row in rows if row.kind == "absent"]
    lines += ["", f"absent ({len(absent)}): " + ", ".join(absent)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, argv[0] if argv else "generated/src")
    print(report(classify()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
