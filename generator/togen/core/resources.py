"""Where the toolkit's own data lives: `templates/` and `spec/` (lock, names, overlays).

Two layouts, one answer. In a source checkout (the editable install `make setup` makes) they
are the repository's top-level folders, so editing a template needs no reinstall. In an
installed wheel they ship as package data, `togen/data/templates` and `togen/data/spec`
(pyproject's `force-include`), found through `importlib.resources`.
"""

from __future__ import annotations

import functools
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[3]  # generator/togen/core/resources.py -> repository root


@functools.cache
def source_checkout() -> Path | None:
    """The repository root when togen runs from its source tree, else None."""
    markers = (_CHECKOUT / "pyproject.toml", _CHECKOUT / "templates", _CHECKOUT / "generator" / "togen")
    return _CHECKOUT if all(marker.exists() for marker in markers) else None


@functools.cache
def data_dir(name: str) -> Path:
    """`templates` or `spec`: the folder holding that part of the toolkit's data."""
    root = source_checkout()
    if root is not None:
        return root / name
    from importlib.resources import files  # only in an installed wheel: ~15 ms to import

    packaged = Path(str(files("togen").joinpath("data").joinpath(name)))
    if not packaged.is_dir():
        raise FileNotFoundError(f"togen is installed without its data folder {name!r} ({packaged})")
    return packaged


def templates_dir() -> Path:
    return data_dir("templates")


def spec_dir() -> Path:
    return data_dir("spec")


# Parts of the namespace that neither the spec pipeline nor the renderers import (docs.py
# writes the manual's reference pages).
_NOT_GENERATOR_INPUTS = frozenset({"mock", "contract", "docs.py"})


def generator_sources() -> list[Path]:
    """The Python sources a generated package and a loaded IR depend on: all of `togen` but
    the mock and the contract suite (whose changes alter neither)."""
    import togen

    return sorted(
        path
        for portion in togen.__path__
        for path in Path(portion).rglob("*.py")
        if "__pycache__" not in path.parts and path.relative_to(portion).parts[0] not in _NOT_GENERATOR_INPUTS
    )


def workspace_root() -> Path:
    """Where `../shared/together-openapi/` is looked up: the checkout, else the working directory."""
    return source_checkout() or Path.cwd()


CACHE_DISABLE_VARS = ("TOGEN_CACHE", "TOGEN_MOCK_CACHE")


def cache_enabled() -> bool:
    """False when `TOGEN_CACHE=0` (or the older `TOGEN_MOCK_CACHE=0`) turns togen's caches off."""
    import os

    return all(os.environ.get(var, "1") != "0" for var in CACHE_DISABLE_VARS)


def cache_root() -> Path:
    """Where togen keeps its caches: $TOGEN_CACHE_DIR, else $XDG_CACHE_HOME/togen, else
    ~/.cache/togen (the spec cache in `specs/`, derived SDK documents in `sdk/`)."""
    import os

    root = os.environ.get("TOGEN_CACHE_DIR")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "togen"
