"""Names a module offers but imports on first use (PEP 562): `types` and its subpackages, which
re-export models and request TypedDicts under the official SDK's names, load nothing until a
name is used."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

# name -> (module relative to the package, its name there, container: "" for the class itself,
# "list" for `list[class]`)
NameTable = dict[str, tuple[str, str, str]]


def lazy_names(
    module: str, relative_to: str, names: NameTable
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for the package `module`, whose names live in the modules
    `relative_to` (dots, as in a relative import) + the table's module."""

    def __getattr__(name: str) -> Any:
        found = names.get(name)
        if found is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        where, ours, container = found
        value = getattr(importlib.import_module(f"{relative_to}{where}", module), ours)
        if container == "list":
            value = list[value]  # type: ignore[valid-type]
        setattr(sys.modules[module], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__
