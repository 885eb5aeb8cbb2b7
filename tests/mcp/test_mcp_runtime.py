"""The MCP server is a static runtime: `templates/mcp/*.py` are copied verbatim into every
generated package, name no package, and read what differs from the rendered `mcp/_data.py`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.mcp.helpers import PACKAGE, raw_handshake
from togen.render.generate import jinja_env, render_package, write_tree
from togen.render.mcp import MCP_DIR, render_mcp
from togen.spec.naming import PackageConfig
from togen.spec.pipeline import load_api_uncached

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "shop_30.yaml"
STATIC = sorted(path.name for path in MCP_DIR.glob("*.py"))
RENAMED = PackageConfig(
    distribution="acme-sdk",
    module="acme_sdk",
    version="2.3.4",
    client_class="Acme",
    async_client_class="AsyncAcme",
    api_key_env="ACME_API_KEY",
    base_url_env="ACME_BASE_URL",
    default_base_url="https://api.acme.test",
)


def _names(package: PackageConfig) -> list[str]:
    """What a static file must not spell out: everything spec/config.toml can change."""
    return [
        package.module,
        package.module.upper(),
        package.distribution,
        package.async_client_class,
        package.api_key_env,
        package.base_url_env,
        package.default_base_url,
        package.mcp_token_env,
    ]


def _data(text: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(text, "_data.py", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def shop() -> Any:
    return load_api_uncached(str(SHOP))


def test_static_files_are_copied_verbatim(mcp_src: Path) -> None:
    """Generation (ruff fix + format included) leaves them byte-identical: they are the files
    ruff and mypy --strict check in the generated package."""
    generated = mcp_src / PACKAGE / "mcp"
    assert {"__init__.py", "__main__.py", "server.py", "_stdio.py", "_catalog.py"} <= set(STATIC)
    assert sorted(p.name for p in generated.iterdir() if p.is_file()) == sorted(
        [*STATIC, "_data.py", "tools.json"]
    )
    for name in STATIC:
        assert (generated / name).read_text() == (MCP_DIR / name).read_text(), name


def test_static_files_name_no_package() -> None:
    for name in STATIC:
        text = (MCP_DIR / name).read_text()
        for word in _names(PackageConfig()):
            assert word not in text, (name, word)


def test_only_the_data_module_follows_the_package(shop: Any) -> None:
    env = jinja_env()
    default = render_mcp(shop, env)
    renamed = render_mcp(dataclasses.replace(shop, package=RENAMED), env)
    assert default.keys() == renamed.keys()
    for path in default.keys() - {"mcp/_data.py"}:
        assert default[path] == renamed[path], path
    data = _data(renamed["mcp/_data.py"])
    assert (data["PACKAGE"], data["DISTRIBUTION"], data["VERSION"]) == ("acme_sdk", "acme-sdk", "2.3.4")
    assert (data["ASYNC_CLIENT_CLASS"], data["API_KEY_ENV"], data["BASE_URL_ENV"]) == (
        "AsyncAcme",
        "ACME_API_KEY",
        "ACME_BASE_URL",
    )
    assert data["DEFAULT_BASE_URL"] == "https://api.acme.test"
    assert data["MCP_TOKEN_ENV"] == "ACME_MCP_TOKEN"  # derived from api_key_env when not configured
    tools = json.loads(default["mcp/tools.json"])["tools"]
    assert sorted(data["ROUTES"]) == sorted(tool["name"] for tool in tools)


def test_a_renamed_package_serves(shop: Any, tmp_path: Path) -> None:
    """The static server runs under another package name: `--help`, the fast-start handshake
    and the SDK's agree, with the renamed server name and version."""
    files = render_package(dataclasses.replace(shop, package=RENAMED), "test")
    write_tree(files, tmp_path)
    src = tmp_path / "src"
    env = {"PYTHONPATH": str(src)}
    helped = subprocess.run(
        [sys.executable, "-m", "acme_sdk.mcp", "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert "python -m acme_sdk.mcp" in helped.stdout and "$ACME_BASE_URL" in helped.stdout
    assert "$ACME_MCP_TOKEN" in helped.stdout
    fast = raw_handshake(src, {}, package="acme_sdk")
    sdk = raw_handshake(src, {"ACME_SDK_MCP_FAST_START": "0"}, package="acme_sdk")
    assert fast == sdk
    assert fast[0]["result"]["serverInfo"] == {"name": "acme-sdk", "version": RENAMED.version}
    assert "ACME_API_KEY" in fast[0]["result"]["instructions"]
    assert [tool["name"] for tool in fast[1]["result"]["tools"]] == [
        tool["name"] for tool in json.loads((src / "acme_sdk" / "mcp" / "tools.json").read_text())["tools"]
    ]
