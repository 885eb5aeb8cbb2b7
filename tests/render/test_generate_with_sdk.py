"""`generate(..., with_sdk=True)`: the client and its MCP tools from the public spec with the
installed official SDK's surface merged in (togen.sdk.merge); the default for the locked spec
(spec/config.toml [sources] sdk). With `--no-sdk`, and for any other spec, the output is the
spec's alone (the golden trees: tests/render/test_generate.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.official_sdk import official_methods
from togen.core.loopback import LoopbackServer
from togen.mock.engine.context import Settings
from togen.mock.server import app_for
from togen.render.generate import generate
from togen.sdk.merge import load_with_sdk

PACKAGE = "together_client"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("with-sdk") / "generated"
    generate(None, target, with_sdk=True)
    return target


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return sorted(method.name for method in official_methods(tmp_path_factory.mktemp("official")))


def _tools(out: Path) -> dict[str, Any]:
    document = json.loads((out / "src" / PACKAGE / "mcp" / "tools.json").read_text())
    return {tool["name"]: tool for tool in document["tools"]}


def test_one_mcp_tool_per_official_method_named_as_the_clients_method(out: Path, official: list[str]) -> None:
    tools = _tools(out)
    assert [name for name in official if name.replace(".", "_") not in tools] == []
    routes = (out / "src" / PACKAGE / "mcp" / "_data.py").read_text()
    for name in official:  # the tool calls the client's method of the official name (or the
        # generated one a hand-written method of that name wraps, as files.upload wraps files._upload)
        head, _, last = name.rpartition(".")
        wrapped = f"{head}._{last}" if head else f"_{last}"
        assert f'"key": "{name}"' in routes or f'"key": "{wrapped}"' in routes, name
    # an argument only the SDK knows is one of the tool's inputs
    sample = tools["post_training_operations_sample"]["inputSchema"]["properties"]
    assert "model_inputs" in sample and "prompts" in sample


def test_the_client_has_every_official_method_under_its_dotted_name(out: Path, official: list[str]) -> None:
    walk = (
        "import sys\n"
        f"from {PACKAGE} import Together\n"
        "client = Together(api_key='k', base_url='http://127.0.0.1:9')\n"
        "for name in sys.stdin.read().split():\n"
        "    target = client\n"
        "    for part in name.split('.'):\n"
        "        target = getattr(target, part, None)\n"
        "    if not callable(target):\n"
        "        print(name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    found = subprocess.run(
        [sys.executable, "-c", walk],
        input="\n".join(official),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.split() == []


def test_an_operation_outside_every_resource_is_a_method_of_the_client(out: Path) -> None:
    """The official SDK's `client.whoami()` (GET /v3/whoami): on both clients, their raw and
    streamed twins, and its MCP tool, answered by the mock with the SDK surface."""
    assert _tools(out)["whoami"]
    call = (
        "import asyncio, sys\n"
        f"from {PACKAGE} import AsyncTogether, Together\n"
        "url = sys.argv[1]\n"
        "with Together(api_key='k', base_url=url) as client:\n"
        "    print(type(client.whoami()).__name__)\n"
        "    print(client.with_raw_response.whoami().status_code)\n"
        "    with client.with_streaming_response.whoami() as answer:\n"
        "        print(answer.status_code)\n"
        "async def main() -> None:\n"
        "    async with AsyncTogether(api_key='k', base_url=url) as client:\n"
        "        print(type(await client.whoami()).__name__)\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    settings = Settings(stateless=True, access_log=False)
    with LoopbackServer(app_for(load_with_sdk(None), settings)) as mock:
        found = subprocess.run(
            [sys.executable, "-c", call, mock.url], env=env, capture_output=True, text=True, check=True
        )
    sync_model, raw, streamed, async_model = found.stdout.split()
    assert sync_model.startswith("Whoami") and async_model.startswith("Whoami")
    assert (raw, streamed) == ("200", "200")


def test_the_generated_files_tests_pass_against_the_mock_with_the_sdk_surface(out: Path) -> None:
    """Issue 27: `files.create` (the SDK's `POST /v1/files`, the first step of its presigned
    upload) failed its 8 generated tests; the mock now answers it with the 302 the SDK expects,
    and the generated client, following it, lands on the upload's file object."""
    env = {key: value for key, value in os.environ.items() if key != "TEST_API_BASE_URL"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    found = subprocess.run(
        [*command, "-n", "0", "--togen-mock-with-sdk", "tests/api_resources/test_files.py"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stdout[-3000:] + found.stderr[-2000:]
    assert "passed" in found.stdout and "failed" not in found.stdout


CACHES = {"__pycache__", ".mypy_cache", ".ruff_cache"}  # what other tests leave in a shared tree


def _tree(root: Path) -> dict[str, bytes]:
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and not CACHES & set(p.parts))
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def test_no_sdk_is_the_public_spec_alone_byte_for_byte(tmp_path: Path, generated_src: Path) -> None:
    """`togen generate --no-sdk` writes what the public spec alone renders (the output before the
    SDK surface became the default): not one file differs from a rendering that never loads the
    SDK (tests/conftest.py's generated_src), and none of the SDK's operations is in it."""
    target = tmp_path / "generated"
    done = subprocess.run(
        [sys.executable, "-m", "togen", "generate", "--no-sdk", "--out", str(target), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert _tree(target / "src") == _tree(generated_src)
    assert "whoami" not in (target / "src" / PACKAGE / "_client.py").read_text()
    assert json.loads((target / ".togen-stamp").read_text())["spec"] == "openapi.yaml"


def test_the_no_op_check_covers_the_sdk_setting(tmp_path: Path) -> None:
    """An output generated from the locked spec alone is stale for a run that merges the SDK (the
    default here), and current for one with --no-sdk: the quick path decides as the full one."""
    from togen.render.stamp import up_to_date

    target = tmp_path / "generated"
    generate(None, target, with_sdk=False)
    assert up_to_date(None, target, with_sdk=False) is not None
    assert up_to_date(None, target, with_sdk=None) is None
    assert up_to_date(None, target, with_sdk=True) is None


def test_a_spec_other_than_the_locked_one_is_generated_alone_by_default(tmp_path: Path) -> None:
    """The config's SDK is for the locked spec: a fixture's output is the same with and without
    --no-sdk, stamp (input hash) included."""
    spec = str(FIXTURES / "shop_30.yaml")
    default, alone = tmp_path / "default", tmp_path / "alone"
    generate(spec, default)
    generate(spec, alone, with_sdk=False)
    assert _tree(default) == _tree(alone)
