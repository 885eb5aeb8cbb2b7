"""The one hash of "everything an output depends on", for stamps and caches.

`togen generate` compares it with the stamp in the output folder to skip an unchanged run,
and the mock keys its parsed-spec cache on it. Imports nothing heavy: the no-op generate
path runs it before jinja2 or pydantic are imported.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from togen.core.resources import generator_sources, spec_dir, templates_dir

TOOLS = ("datamodel-code-generator", "ruff")  # their versions shape the generated files


def input_hash(spec_bytes: bytes) -> str:
    """sha256 over the spec's bytes, togen's data (spec/ config, lock and overlays;
    templates/), the Python sources of its spec pipeline and renderers (not the mock's or the
    contract suite's), the versions of the tools it renders with, and the Python version."""
    digest = hashlib.sha256(spec_bytes)
    _add_files(digest, spec_dir(), templates_dir())
    _add_sources(digest)
    for tool in TOOLS:
        found = tool_version(tool)
        digest.update(f"{tool}=={found}".encode() if found else f"{tool} missing".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def spec_sha256(spec_bytes: bytes) -> str:
    """The spec's identity: what spec/lock.toml records and `API.spec_sha256` holds."""
    return hashlib.sha256(spec_bytes).hexdigest()


def _add_files(digest: Any, *roots: Path) -> None:
    """Every file of the folders (by relative name and content)."""
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}".encode())
            digest.update(path.read_bytes())


def _add_sources(digest: Any) -> None:
    for path in generator_sources():
        digest.update(f"togen/{path.name}".encode())
        digest.update(path.read_bytes())


@functools.cache
def _pipeline_hash() -> bytes:
    digest = hashlib.sha256()
    _add_files(digest, spec_dir())
    _add_sources(digest)
    digest.update(sys.version.encode())
    return digest.digest()


def ir_hash(spec_bytes: bytes, variant: str = "") -> str:
    """sha256 over what a loaded and normalized spec depends on: the spec's bytes, togen's
    spec/ folder (names, overlays), the Python sources of the toolkit but the mock and the
    contract suite, the Python version, and `variant` (which overlays were applied). The
    spec cache's key; cheaper than `input_hash` (no templates, no tool versions)."""
    digest = hashlib.sha256(spec_bytes)
    digest.update(_pipeline_hash())
    digest.update(variant.encode())
    return digest.hexdigest()


def tool_version(name: str) -> str | None:
    """The installed version of a distribution, from its `.dist-info` folder's name (what
    importlib.metadata would say, without importing it and its e-mail parser: ~15 ms of a
    no-op run's budget)."""
    prefix = name.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.lower().startswith(prefix) and folder.endswith(".dist-info"):
                return folder[len(prefix) : -len(".dist-info")]
    return None
