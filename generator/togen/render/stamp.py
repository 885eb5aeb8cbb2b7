"""The stamp `togen generate` leaves in its output folder, `.togen-stamp`.

It is two things at once: the marker that the folder is togen's output (with the list of
files togen wrote there and their sha256, so a later run replaces or deletes only those),
and the input hash of the run that wrote it (`togen.core.fingerprint.input_hash`), so an
unchanged re-run stops before anything heavy is imported. This module stays light for that
reason: the console entry point's fast path uses it before jinja2 or pydantic load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STAMP_NAME = ".togen-stamp"


def read_stamp(out: Path) -> dict[str, Any]:
    """The stamp's fields, or {} when there is none (or it is not togen's JSON)."""
    try:
        data = json.loads((out / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stamp_digest(spec_bytes: bytes, sdk_package: str | None) -> str:
    """The input hash of a run: of the spec alone, or with the SDK surface of `sdk_package`,
    which enters by its identity (its distribution's version and those of the derivation's
    dependencies: `togen.sdk.setting`),
    not by its derived document, so deciding that nothing changed never derives it."""
    from togen.core.fingerprint import input_hash

    if sdk_package is None:
        return input_hash(spec_bytes)
    from togen.sdk.setting import sdk_identity

    return input_hash(spec_bytes + b"\0" + sdk_identity(sdk_package).encode())


def up_to_date(spec: str | None, out: Path, with_sdk: bool | None = None) -> dict[str, Any] | None:
    """The stamp when `out` was generated from exactly these inputs, else None."""
    from togen.core.fingerprint import spec_sha256
    from togen.sdk.setting import sdk_package
    from togen.spec.loader import read_bytes, resolve_source

    stamp = read_stamp(out)
    if not stamp.get("input_hash"):
        return None
    name, _origin = resolve_source(spec)
    spec_bytes = read_bytes(name)
    package = sdk_package(spec_sha256(spec_bytes), with_sdk)
    return stamp if stamp["input_hash"] == stamp_digest(spec_bytes, package) else None
