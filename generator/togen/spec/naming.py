"""SDK-style names for operations (`chat.completions.create`) from `spec/config.toml`.

Operations are looked up by "METHOD /effective/path" with path parameter names
ignored (`/v1/endpoints/{id}` matches `/v1/endpoints/{endpointId}`), so a renamed
parameter or a `/v1` moved between server and path keeps its name. An operation the
configuration does not name gets a name derived from its path and method.
"""

from __future__ import annotations

import functools
import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from togen.spec.loader import SPEC_DIR

CONFIG_FILE = SPEC_DIR / "config.toml"


def path_shape(method: str, effective_path: str) -> str:
    return f"{method.upper()} {re.sub(r'{[^}]*}', '{}', effective_path)}"


@dataclass(frozen=True)
class PackageConfig:
    distribution: str = "together-client"
    module: str = "together_client"
    version: str = "0.1.0"
    description: str = ""
    client_class: str = "Together"
    async_client_class: str = "AsyncTogether"
    api_key_env: str = "TOGETHER_API_KEY"
    base_url_env: str = "TOGETHER_BASE_URL"
    default_base_url: str = "https://api.together.ai"
    # The bearer token of the generated MCP server over HTTP; empty: derived from api_key_env
    # (TOGETHER_API_KEY -> TOGETHER_MCP_TOKEN), so a renamed package needs no extra setting.
    mcp_token_env: str = ""

    def __post_init__(self) -> None:
        if not self.mcp_token_env:
            prefix = self.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY")
            object.__setattr__(self, "mcp_token_env", f"{prefix}_MCP_TOKEN")


@dataclass
class NamesConfig:
    package: PackageConfig
    operations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # shape -> name parts

    @classmethod
    def read(cls, path: Path = CONFIG_FILE) -> NamesConfig:
        data: dict[str, Any] = tomllib.loads(path.read_text())
        operations = {}
        for key, name in (data.get("operations") or {}).items():
            method, _, route = key.partition(" ")
            operations[path_shape(method, route)] = tuple(name.split("."))
        return cls(PackageConfig(**data.get("package", {})), operations)

    def lookup(self, method: str, effective_path: str) -> tuple[str, ...] | None:
        return self.operations.get(path_shape(method, effective_path))


_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_NOT_ALNUM = re.compile(r"[^0-9a-zA-Z]+")


@functools.lru_cache(maxsize=4096)
def identifier(text: str) -> str:
    """A snake_case Python identifier for arbitrary text. Remembered: every spec load names the
    arguments of every operation (~6,000 calls along a `drift --history`), mostly the same few
    hundred wire names."""
    text = _CAMEL_HUMP.sub(r"\1_\2", text)
    name = _NOT_ALNUM.sub("_", text).strip("_").lower() or "value"
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def derive_name(method: str, effective_path: str) -> tuple[str, ...]:
    """`GET /v1/fine-tunes/{id}/events` -> ("fine_tunes", "events", "retrieve")-like names."""
    segments = [s for s in effective_path.split("/") if s]
    if segments and re.fullmatch(r"v\d+", segments[0]):
        segments = segments[1:]
    literal = [identifier(s) for s in segments if not s.startswith("{")]
    ends_with_param = bool(segments) and segments[-1].startswith("{")
    verb = {
        "get": "retrieve" if ends_with_param else "list",
        "post": "create",
        "put": "update",
        "patch": "update",
        "delete": "delete",
    }.get(method.lower(), method.lower())
    return (*(literal or ["root"]), verb)


def assign_names(document: dict[str, Any], config: NamesConfig) -> list[str]:
    """Write `x-togen-name` (dotted SDK name) on every operation of a normalized document.

    Returns warnings for operations the configuration does not name. Collisions between
    derived names are resolved by appending the HTTP method, deterministically.
    """
    warnings = []
    taken: set[tuple[str, ...]] = set()
    pending = []
    for route, item in sorted((document.get("paths") or {}).items()):
        for method, op in item.items():
            if not isinstance(op, dict) or "x-togen-base-path" not in op:
                continue
            effective = op["x-togen-base-path"] + route
            name = config.lookup(method, effective)
            if name is not None and name not in taken:
                taken.add(name)
                op["x-togen-name"] = ".".join(name)
            else:
                pending.append((method, effective, route, op))
    for method, effective, route, op in pending:
        # from the path below the server's base path: `/api` in `https://host/api` is no resource
        name = derive_name(method, route)
        while name in taken:
            name = (*name[:-1], f"{name[-1]}_{method.lower()}")
        taken.add(name)
        op["x-togen-name"] = ".".join(name)
        op["x-togen-derived-name"] = True
        warnings.append(
            f"{method.upper()} {effective} is not named in spec/config.toml; using {'.'.join(name)}"
        )
    return warnings
