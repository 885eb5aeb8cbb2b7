"""`sdk:PACKAGE` as a spec source: the bytes of the derived document, cached.

The loader (`togen.spec.loader.read_bytes`) asks here for a source named `sdk:...`, so every
command that takes a spec (`--spec`, `togen validate`, drift's OLD and NEW, the spec cache)
accepts it as it accepts a path. Deriving imports the SDK and records ~180 calls (1-2 s);
the document is therefore kept as a file in

    $TOGEN_CACHE_DIR/sdk/            (default: $XDG_CACHE_HOME/togen, else ~/.cache/togen)

named by the package, its installed version, and a hash of what else the document depends
on (this package's own sources; the versions of pydantic, which writes the answers' schemas,
of httpx, which carries the answers togen.sdk.answers hands the SDK, and of Python), so an
entry is never stale. Writes are atomic, and the folder keeps the 8 most recently written documents; an
unreadable or read-only cache falls back to deriving; the `TOGEN_CACHE=0` switch of the
spec cache turns this one off too. The document is indented JSON in the order the
derivation sorts it: the same package version gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from togen.core.errors import SpecError
from togen.core.resources import cache_enabled, cache_root

PREFIX = "sdk:"
# What the derived document depends on besides the SDK and this package's sources: pydantic
# writes its schemas, httpx carries the answer probe's answers (the cache key and the
# `togen generate` stamp both name their versions).
DERIVATION_DEPENDENCIES = ("pydantic", "httpx")
_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def is_sdk_source(name: str) -> bool:
    return name.startswith(PREFIX)


def is_package_name(name: str) -> bool:
    """A dotted Python package name (`together`, `acme.sdk`)."""
    return _PACKAGE.fullmatch(name) is not None


def package_of(name: str) -> str:
    package = name[len(PREFIX) :]
    if not is_package_name(package):
        raise SpecError(name, "", "expected sdk:<python package>, e.g. sdk:together", code="usage")
    return package


def document_text(document: dict[str, object]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def derived_bytes(name: str) -> bytes:
    """The document of `sdk:PACKAGE`, from the cache when this version was derived before."""
    import importlib.metadata  # not at the top: the no-op `togen generate` imports this module

    package = package_of(name)
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        version = ""
    entry = _entry(package, version) if version and cache_enabled() else None
    if entry is not None:
        cached = _read_entry(entry)
        if cached is not None:
            return cached
    from togen.sdk.derive import derive_document

    text = document_text(derive_document(package))
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            partial = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
            partial.write_bytes(text)
            os.replace(partial, entry)
            prune(entry.parent)
    return text


def _read_entry(entry: Path) -> bytes | None:
    """The cached document; None when there is none, or when what is there is no document
    (edited, damaged): it is then derived and written again rather than served forever."""
    try:
        text = entry.read_bytes()
        if isinstance(json.loads(text), dict):
            return text
    except (OSError, ValueError):
        pass
    return None


MAX_ENTRIES = 8
_ENTRY = re.compile(r"[A-Za-z0-9_.]+-[^-/]+-[0-9a-f]{16}\.json")


def prune(folder: Path, max_entries: int = MAX_ENTRIES) -> list[Path]:
    """Delete all but the `max_entries` most recently written documents (only this cache's
    own files, `<package>-<version>-<hash>.json`); returns what was deleted."""
    entries = []
    for path in folder.glob("*.json"):
        if _ENTRY.fullmatch(path.name):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime, path))
    removed = []
    for _mtime, path in sorted(entries, reverse=True)[max_entries:]:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def _entry(package: str, version: str) -> Path:
    import importlib.metadata

    digest = hashlib.sha256(f"{package}=={version}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for dependency in DERIVATION_DEPENDENCIES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{dependency}=={importlib.metadata.version(dependency)}".encode())
    digest.update(sys.version.encode())
    return cache_root() / "sdk" / f"{package}-{version}-{digest.hexdigest()[:16]}.json"
