"""`together_client.types` offers the official SDK's `together.types` names for the schemas both
have: walked from the installed official package (3.1.1, pinned in the lock), each offered name is
the same kind of thing (response model, request TypedDict, type alias) with the same fields."""

from __future__ import annotations

import tomllib
from types import ModuleType
from typing import Any, get_args, get_origin

import pydantic
import together.types as official
from typing_extensions import is_typeddict

from togen.resources import spec_dir

TABLE = tomllib.loads((spec_dir() / "official_types.toml").read_text())


def official_names() -> list[str]:
    return sorted(n for n in dir(official) if n[:1].isupper())


def _fields(kind: Any) -> tuple[set[str], set[str]]:
    """(wire names, required wire names) of a pydantic model or a TypedDict."""
    if is_typeddict(kind):
        return set(kind.__annotations__), set(kind.__required_keys__)
    fields = kind.model_fields
    return {f.alias or k for k, f in fields.items()}, {
        f.alias or k for k, f in fields.items() if f.is_required()
    }


def _difference(name: str, theirs: Any, mine: Any) -> str | None:
    """Why `mine` does not stand for the official `theirs`, or None: the same kind (request
    TypedDict, response model, `list` of one, other alias or union) with >= 1/3 of the official
    fields or keys, and every key the official TypedDict requires."""
    if is_typeddict(theirs):
        if not is_typeddict(mine):
            return f"{name}: official is a TypedDict, ours {mine!r}"
        keys, required = _fields(theirs)
        my_keys, _ = _fields(mine)
        if not required <= my_keys or len(keys & my_keys) * 3 < len(keys):
            return f"{name}: keys {sorted(keys)} vs ours {sorted(my_keys)}"
    elif isinstance(theirs, type) and issubclass(theirs, pydantic.BaseModel):
        if not (isinstance(mine, type) and issubclass(mine, pydantic.BaseModel)):
            return f"{name}: official is a model, ours {mine!r}"
        fields, _ = _fields(theirs)
        my_fields, _ = _fields(mine)
        if len(fields & my_fields) * 3 < len(fields):
            return f"{name}: fields {sorted(fields)} vs ours {sorted(my_fields)}"
    elif get_origin(theirs) is list:
        if get_origin(mine) is not list:
            return f"{name}: official is {theirs!r}, ours {mine!r}"
        return _difference(f"{name} item", get_args(theirs)[0], get_args(mine)[0])
    elif isinstance(mine, type) and issubclass(mine, pydantic.BaseModel) and not hasattr(theirs, "__args__"):
        return f"{name}: official {theirs!r} is no alias or union, ours is a model"
    return None


def test_official_names_are_importable_and_mean_the_same(tc: ModuleType) -> None:
    import importlib

    ours = importlib.import_module(f"{tc.__name__}.types")
    offered = [n for n in official_names() if n in dir(ours)]
    problems = [
        found for name in offered if (found := _difference(name, getattr(official, name), getattr(ours, name)))
    ]
    assert not problems, "\n".join(problems)
    # Every official name that a schema of ours carries too is offered, unless it means something else.
    same_name = {n for n in official_names() if n in dir(importlib.import_module(f"{tc.__name__}.models"))}
    assert same_name - set(TABLE["different"]) <= set(offered)
    # Each alias and exclusion names a real official type (a stale table entry fails here).
    assert set(TABLE["aliases"]) | set(TABLE["different"]) <= set(official_names())
    # 16 before the aliases and naming rules, 49 with them, 54 with the parameters' TypedDicts and lists
    assert len(offered) >= 54, offered
    for name in ("EvalListParams", "FineTuningContentParams", "FineTuningModelLimitsParams", "BatchListResponse"):
        assert name in offered


def test_unknown_name_is_an_attribute_error(tc: ModuleType) -> None:
    import importlib

    ours = importlib.import_module(f"{tc.__name__}.types")
    try:
        ours.NoSuchType  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchType" in str(exc)
    else:
        raise AssertionError("NoSuchType resolved")
