"""spec source -> load + verify lock -> overlays + normalize -> IR.

The single entry point the generator, mock, contract suite, MCP builder and drift
report use, so they all read the same resolved spec.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from togen.spec.build import build_api
from togen.spec.ir import API
from togen.spec.loader import LoadedSpec, load_spec
from togen.spec.naming import NamesConfig
from togen.spec.normalize import Normalized, Overlay, normalize


@dataclass
class Resolved:
    loaded: LoadedSpec
    normalized: Normalized
    api: API


def resolve_spec(
    spec: str | None = None,
    *,
    verify_lock: bool = True,
    overlays: list[Overlay] | None = None,
    names: NamesConfig | None = None,
    text: bytes | None = None,
) -> Resolved:
    return resolve_loaded(load_spec(spec, verify_lock=verify_lock, text=text), overlays=overlays, names=names)


def resolve_loaded(
    loaded: LoadedSpec, *, overlays: list[Overlay] | None = None, names: NamesConfig | None = None
) -> Resolved:
    """Normalize and build an already loaded spec."""
    names = names or NamesConfig.read()
    normalized = normalize(loaded.document, file=loaded.name, overlays=overlays, names=names)
    normalized.findings = [
        *loaded.findings,
        *(replace(f, file=f.file or loaded.name) for f in normalized.findings),
    ]
    api = build_api(
        normalized.document,
        spec_name=loaded.name,
        spec_sha256=loaded.sha256,
        package=names.package,
        findings=normalized.findings,
    )
    return Resolved(loaded, normalized, api)


def load_api_uncached(spec: str | None = None, **kwargs: object) -> API:
    """The IR of a spec, parsed and normalized afresh (see resolve_spec for the options;
    `togen.spec.cache.load_api` gives the same IR from the cache)."""
    return resolve_spec(spec, **kwargs).api  # type: ignore[arg-type]
