"""Whether a run merges an installed SDK's surface into the spec (`togen.sdk.merge`).

`--with-sdk` / `--no-sdk` decide when given. Unset, spec/config.toml decides:

    [sources]
    sdk = "together"    # merge sdk:together into the locked spec

and it decides for the locked spec only: the spec whose sha256 spec/lock.toml records, wherever
it is read from (the default source, `--spec` naming the same file or URL, `$TOGEN_SPEC`). Any
other spec (a test fixture, a historical or a newer version) is read alone unless `--with-sdk`
asks for the merge. Why: the setting is this project's statement about *its* spec, and the
surface it adds (the installed SDK's) was reconciled against that version (the operation names
in config.toml, spec/official_tests_exceptions.toml, the official SDK's test runs). Merged into
another spec it would add ~100 operations a small non-Together spec never had, or operations a
historical version did not serve (`make contract-history` tests what each version says). Keying
on the content rather than on how the spec is named keeps `--spec <the locked file>` equal to
the default, as `togen release` keys "the locked spec" on its sha256.

Light on purpose: the no-op `togen generate` reads this before anything heavy is imported; the
SDK's identity in the stamp is its distribution's name and version, not the derived document.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from typing import Any

from togen.core.errors import SpecError
from togen.core.fingerprint import tool_version
from togen.core.resources import spec_dir
from togen.sdk.source import DERIVATION_DEPENDENCIES, is_package_name

DEFAULT_PACKAGE = "together"  # what `--with-sdk` merges when the config names no SDK
SECTION, KEY = "sources", "sdk"
# The derivation's own code is one of togen's sources, which every input hash covers already.


def config_file() -> Path:
    return spec_dir() / "config.toml"


def configured_package(path: Path | None = None) -> str | None:
    """`[sources] sdk` of spec/config.toml: the SDK merged into the locked spec by default, or
    None when the file sets none. A wrong value is a SpecError naming the file and the key."""
    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text())
    except OSError as exc:
        raise SpecError(str(path), "", exc.strerror or str(exc), code="unreadable") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(str(path), "", f"invalid TOML: {exc}") from None
    sources: Any = data.get(SECTION, {})
    if not isinstance(sources, dict):
        raise SpecError(str(path), f"[{SECTION}]", "expected a table")
    unknown = sorted(set(sources) - {KEY})
    if unknown:
        raise SpecError(str(path), f"[{SECTION}] {unknown[0]}", f"unknown key (the only one is `{KEY}`)")
    package = sources.get(KEY)
    if package is None:
        return None
    if not isinstance(package, str) or not is_package_name(package):
        raise SpecError(
            str(path),
            f"[{SECTION}] {KEY}",
            f"expected the import name of an installed SDK, e.g. {DEFAULT_PACKAGE!r}; got {package!r}",
        )
    return package


def locked_sha256() -> str:
    from togen.spec.loader import SpecLock

    return SpecLock.read().sha256


def sdk_package(spec_sha256: str, with_sdk: bool | None, config: Path | None = None) -> str | None:
    """The SDK package to merge into the spec of this sha256, or None for the spec alone."""
    return resolve_sdk(spec_sha256, with_sdk, config)[0]


def resolve_sdk(
    spec_sha256: str, with_sdk: bool | None, config: Path | None = None
) -> tuple[str | None, str]:
    """(the SDK package to merge or None, a warning or ""): `with_sdk` when given (True: the
    configured package, else `together`), else the config's package for the locked spec and
    None for any other (see the module docstring). A configured SDK that is not installed (an
    installed togen without the official SDK) leaves the spec alone, with a warning saying so;
    an explicit --with-sdk fails on it instead (sdk:PACKAGE's own error)."""
    if with_sdk is False:
        return None, ""
    package = configured_package(config)
    if with_sdk:
        return package or DEFAULT_PACKAGE, ""
    if package is None or spec_sha256 != locked_sha256():
        return None, ""
    if importlib.util.find_spec(package.partition(".")[0]) is None:
        where = f"{config or config_file()} [{SECTION}] {KEY}"
        return None, f"{where}: {package!r} is not installed: the spec alone (--no-sdk silences this)"
    return package, ""


def sdk_identity(package: str) -> str:
    """What the derived document of `sdk:package` depends on beyond togen's own sources, read
    from the installed distributions' metadata folders (no import, no derivation)."""
    parts = [f"sdk:{package}=={tool_version(package) or 'missing'}"]
    parts += [f"{tool}=={tool_version(tool) or 'missing'}" for tool in DERIVATION_DEPENDENCIES]
    return " ".join(parts)
