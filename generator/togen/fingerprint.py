"""The one hash of "everything an output depends on", for stamps and caches.

`togen generate` compares it with the stamp in the output folder to skip an unchanged run,
and the mock keys its parsed-spec cache on it. Imports nothing heavy: the no-op generate
path runs it before typer, jinja2 or pydantic are imported.
"""

from __future__ import annotations

import hashlib
import sys
from importlib.metadata import PackageNotFoundError, version

from togen.resources import generator_sources, spec_dir, templates_dir

TOOLS = ("datamodel-code-generator", "ruff")  # their versions shape the generated files


def input_hash(spec_bytes: bytes) -> str:
    """sha256 over the spec's bytes, togen's data (spec/ config, lock and overlays;
    templates/), the Python sources of its spec pipeline and renderers (not the mock's or the
    contract suite's), the versions of the tools it renders with, and the Python version."""
    digest = hashlib.sha256(spec_bytes)
    for root in (spec_dir(), templates_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}".encode())
            digest.update(path.read_bytes())
    for path in generator_sources():
        digest.update(f"togen/{path.name}".encode())
        digest.update(path.read_bytes())
    for tool in TOOLS:
        try:
            digest.update(f"{tool}=={version(tool)}".encode())
        except PackageNotFoundError:
            digest.update(f"{tool} missing".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()
