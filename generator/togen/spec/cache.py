"""The spec cache: loaded + normalized specs, content-addressed, as JSON, pruned.

The mock and `togen drift` load the same specs again and again (every mock start, a weekly
drift job, `--history` over 24 versions). Parsing YAML and normalizing costs ~0.25 s per
Together spec; reading the normalized document back costs ~15 ms. So `load_api` keeps one
file per (spec bytes, togen's spec pipeline, overlays) in

    $TOGEN_CACHE_DIR/specs/          (default: $XDG_CACHE_HOME/togen, else ~/.cache/togen)

named by `togen.core.fingerprint.ir_hash`: any change to the spec, to `spec/` (names, overlays)
or to togen's sources gives a new key, so an entry is never stale. A spec with `$ref`s to
other files is not cached (their bytes are not in the key). Entries are plain JSON
(the normalized document, the spec's sha256 and its findings), never pickle: reading a
cache file from a shared folder cannot run code. Writes are atomic (temp file + rename).
The folder is pruned after each write to the `MAX_ENTRIES` most recently used entries and
`MAX_BYTES` in all. Any cache problem (unreadable, corrupt, read-only disk) falls back to
a normal load.

Pruning also deletes the files of the mock's former pickle cache (`mock-api-*.pickle` beside
`specs/`), which nothing reads any more. `TOGEN_CACHE=0` turns the cache off;
`TOGEN_MOCK_CACHE=0`, the name of the mock's older pickle cache, still does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from togen.core.errors import Finding
from togen.core.resources import CACHE_DISABLE_VARS, cache_enabled, cache_root
from togen.spec.ir import API
from togen.spec.loader import check_lock, read_bytes, resolve_source
from togen.spec.naming import CONFIG_FILE, NamesConfig, PackageConfig
from togen.spec.normalize import Overlay

FORMAT = 2  # bump when the entry layout changes
_LEGACY = re.compile(r"mock-api-[0-9a-f]{32}\.pickle")
MAX_ENTRIES = 64
MAX_BYTES = 256 * 1024 * 1024
DISABLE_VARS = CACHE_DISABLE_VARS
# a `$ref` to another file (`$ref: common.yaml#/...`): its bytes are not part of the key
_EXTERNAL_REF = re.compile(rb"""\$ref["']?\s*:\s*["']?(?!#)[^\s"',}]""")


def enabled() -> bool:
    return cache_enabled()


def cache_dir() -> Path:
    return cache_root() / "specs"


def _overlay_variant(overlays: list[Overlay] | None) -> str:
    if overlays is None:
        return "overlays:default"
    payload = [(o.path.name, o.origin, o.actions) for o in overlays]
    return "overlays:" + hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def load_api(
    spec: str | None = None, *, verify_lock: bool = True, overlays: list[Overlay] | None = None
) -> API:
    """The IR of a spec, as `togen.spec.pipeline.load_api_uncached` gives it, from the cache when the
    same bytes went through the same pipeline before."""
    from togen.spec.pipeline import resolve_spec

    if not enabled():
        return resolve_spec(spec, verify_lock=verify_lock, overlays=overlays).api
    name, origin = resolve_source(spec)
    text = read_bytes(name)
    if _EXTERNAL_REF.search(text):
        # the key would not cover the other files: load as usual
        return resolve_spec(spec, verify_lock=verify_lock, overlays=overlays, text=text).api
    from togen.core.fingerprint import ir_hash

    key = ir_hash(text, _overlay_variant(overlays))
    sha256 = hashlib.sha256(text).hexdigest()
    if verify_lock:
        check_lock(name, origin, sha256)
    entry = cache_dir() / f"{key[:40]}.json"
    cached = _read(entry, key)
    if cached is not None:
        return _api_of(cached, name, sha256)
    resolved = resolve_spec(spec, verify_lock=verify_lock, overlays=overlays, text=text)
    _write(entry, key, name, resolved.normalized.document, resolved.api.findings)
    return resolved.api


def _api_of(cached: dict[str, Any], name: str, sha256: str) -> API:
    from togen.spec.build import build_api

    findings = [
        Finding(f["severity"], f["code"], f["message"], f["pointer"], f["file"] or name, f["line"])
        for f in cached["findings"]
    ]
    return build_api(
        cached["document"],
        spec_name=name,
        spec_sha256=sha256,
        package=_package(),
        findings=findings,
    )


def _package() -> PackageConfig:
    """The package settings of spec/config.toml, parsed once per version of the file (a
    `--history` run reads 24 specs back; parsing the TOML each time cost a tenth of it)."""
    stat = CONFIG_FILE.stat()
    return _package_of(CONFIG_FILE, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _package_of(path: Path, mtime_ns: int, size: int) -> PackageConfig:
    return NamesConfig.read(path).package


def _read(entry: Path, key: str) -> dict[str, Any] | None:
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # most recently used: pruned last
    return data


def _write(entry: Path, key: str, name: str, document: dict[str, Any], findings: list[Finding]) -> None:
    # A finding in the spec itself is stored without its file name: the same bytes read later
    # under another name (a relative path from elsewhere, a URL) must name that source, as an
    # uncached load would, so reports do not depend on which run filled the cache.
    stored = [{**f.as_dict(), "file": None} if f.file == name else f.as_dict() for f in findings]
    payload = {
        "format": FORMAT,
        "key": key,
        "document": document,
        "findings": stored,
    }
    try:
        text = json.dumps(payload, separators=(",", ":"))
    except (TypeError, ValueError):
        return  # a document JSON cannot hold (YAML binary, say): not cached
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        partial.write_text(text)
        os.replace(partial, entry)
        prune(entry.parent)
    except OSError:
        return


def prune(folder: Path, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> list[Path]:
    """Delete the least recently used entries beyond `max_entries` or `max_bytes`; returns
    what was deleted. Only this cache's own files (`<hex>.json`) are ever touched."""
    entries = []
    for path in folder.glob("*.json"):
        if len(path.stem) != 40 or not all(c in "0123456789abcdef" for c in path.stem):
            continue
        with contextlib.suppress(OSError):
            stat = path.stat()
            entries.append((stat.st_mtime, stat.st_size, path))
    entries.sort(reverse=True)
    kept_bytes, removed = 0, []
    for legacy in folder.parent.glob("mock-api-*.pickle"):  # the mock's former cache: never read
        if _LEGACY.fullmatch(legacy.name):
            with contextlib.suppress(OSError):
                legacy.unlink()
                removed.append(legacy)
    for index, (_, size, path) in enumerate(entries):
        kept_bytes += size
        if index >= max_entries or kept_bytes > max_bytes:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
