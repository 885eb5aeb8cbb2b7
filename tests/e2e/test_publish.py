"""End to end on loopback: `make publish` to a local pypiserver, `pip install` of the wheel it
stored into a fresh venv (dependencies as pip is configured), import, one call against the mock, the MCP
server's --help from the installed wheel, then the sdist builds and installs too.

One test on purpose: `make publish` rebuilds generated/dist/, so two of these running at
once (pytest -n) would race; the steps are separate functions with their own messages.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.publishing import (
    ROOT,
    clean_env,
    make_venv,
    pypiserver,
    wheel_names,
    wheel_text,
)
from togen.spec.loader import SpecLock

MODULE = "together_client"
DISTRIBUTION = "together-client"


def run(command: list[str], *, timeout: float = 300, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)


def test_make_publish_then_pip_install_the_upload_and_call_the_mock(mock_server: Any, tmp_path: Path) -> None:
    timings: dict[str, float] = {}
    started = time.monotonic()

    def lap(step: str) -> None:
        nonlocal started
        timings[step] = round(time.monotonic() - started, 1)
        started = time.monotonic()

    with pypiserver(tmp_path / "packages", tmp_path / "pypiserver.log") as upload_url:
        lap("pypiserver")
        dist = publish(upload_url, tmp_path)
        lap("make publish")
        wheel, sdist = check_artifacts(dist)
        assert sorted(p.name for p in (tmp_path / "packages").iterdir()) == sorted([wheel.name, sdist.name])
        python = make_venv(tmp_path / "venv")
        lap("venv")
        version = install_uploaded(python, tmp_path / "packages", wheel)
        lap("pip install of the uploaded wheel")
    call_the_mock(python, mock_server, version)
    mcp_help(python)
    lap("import, call, mcp --help")
    build_and_install_sdist(python, sdist, version, tmp_path)
    lap("sdist build + install")
    print("publish round trip timings (s):", json.dumps(timings))


def publish(upload_url: str, tmp_path: Path) -> Path:
    """`make publish REPOSITORY_URL=...` with credentials in the environment only."""
    password = "pw-" + secrets.token_hex(12)
    env = clean_env(TWINE_USERNAME="togen-test", TWINE_PASSWORD=password, MAKEFLAGS="", MAKELEVEL="")
    done = run(["make", "--no-print-directory", "publish", f"REPOSITORY_URL={upload_url}"], cwd=ROOT, env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"make publish failed:\n{output[-4000:]}"
    assert password not in output, "the password was echoed"
    assert "PASSED" in output and upload_url in output, output[-2000:]
    # keep the artifacts this test uploaded, whatever rebuilds generated/dist/ later
    dist = tmp_path / "dist"
    shutil.copytree(ROOT / "generated" / "dist", dist)
    return dist


def check_artifacts(dist: Path) -> tuple[Path, Path]:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    names = wheel_names(wheel)
    outside = [n for n in names if not n.startswith((f"{MODULE}/", f"{MODULE}-"))]
    assert not outside, f"files outside {MODULE}/ in the wheel: {outside}"
    dist_info = {n.split("/", 1)[0] for n in names if n.startswith(f"{MODULE}-")}
    assert len(dist_info) == 1 and dist_info.pop().endswith(".dist-info"), names
    assert f"{MODULE}/py.typed" in names
    assert f"{MODULE}/mcp/__main__.py" in names or not any("/mcp/" in n for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]
    assert_no_spec_copy(wheel)

    metadata = wheel_text(wheel, ".dist-info/METADATA")
    headers = metadata.split("\n\n", 1)[0]
    for field in (
        f"Name: {DISTRIBUTION}",
        "Requires-Python: >=3.11",
        "License-Expression: MIT",
        "Description-Content-Type: text/markdown",
        "Project-URL: Documentation,",
        "Classifier: Typing :: Typed",
    ):
        assert field in headers, f"{field!r} missing from METADATA:\n{headers}"
    requires = [line.split(": ", 1)[1] for line in headers.splitlines() if line.startswith("Requires-Dist: ")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert {r.split(">=")[0] for r in runtime} >= {"httpx", "pydantic"}, requires
    assert all(">=" in r for r in requires), f"dependencies without a lower bound: {requires}"
    assert f"# {DISTRIBUTION}" in metadata.split("\n\n", 1)[1], "the long description is not the README"
    if f"{MODULE}/mcp/__main__.py" in names:
        scripts = wheel_text(wheel, ".dist-info/entry_points.txt")
        assert f"{DISTRIBUTION}-mcp = {MODULE}.mcp.__main__:main" in scripts, scripts

    with tarfile.open(sdist) as archive:
        members = [m.split("/", 1)[1] for m in archive.getnames() if "/" in m]
    assert {"pyproject.toml", "README.md", "api.md", "CHANGELOG.md", "PKG-INFO"} <= set(members), members
    unexpected = [m for m in members if not m.startswith(f"src/{MODULE}/")]
    unexpected = [
        m
        for m in unexpected
        if m not in ("pyproject.toml", "README.md", "api.md", "CHANGELOG.md", "PKG-INFO")
    ]
    assert set(unexpected) <= {".gitignore"}, f"unexpected files in the sdist: {unexpected}"
    assert ".togen-stamp" not in members
    return wheel, sdist


def assert_no_spec_copy(wheel: Path) -> None:
    """No file of the wheel is the spec, or a YAML/JSON OpenAPI document."""
    import hashlib
    import zipfile

    locked = SpecLock.read().sha256
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert hashlib.sha256(data).hexdigest() != locked, f"{name} is a copy of the spec"
            head = data[:4096].decode("utf-8", "replace")
            assert not name.rsplit("/", 1)[-1].startswith("openapi"), f"{name} looks like a spec"
            assert "openapi: 3" not in head and '"openapi": "3' not in head, (
                f"{name} holds an OpenAPI document"
            )


def install_uploaded(python: Path, packages: Path, wheel: Path) -> str:
    """pip install the wheel `make publish` uploaded, from the folder the loopback server stored it
    in (a local path, no URL); pip's own index settings serve the dependencies."""
    version = wheel.name.split("-")[1]
    uploaded = packages / wheel.name
    assert uploaded.read_bytes() == wheel.read_bytes(), "the server stored another file than was built"
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
    command += [f"{DISTRIBUTION}=={version}", "--find-links", str(packages)]
    done = run(command, env=clean_env())
    assert done.returncode == 0, f"pip install failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert str(uploaded) in done.stdout or wheel.name in done.stdout, (
        f"{DISTRIBUTION} was not installed from the uploaded wheel:\n{done.stdout[-3000:]}"
    )
    return version


CALL = """
import json, sys
import {module}
from {module} import Together
client = Together(api_key=sys.argv[2], base_url=sys.argv[1])
models = client.models.list()
chat = client.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo",
                                      messages=[{{"role": "user", "content": "hi"}}])
print(json.dumps({{"version": {module}.__version__, "spec": {module}.__spec_sha256__,
                  "file": {module}.__file__, "models": type(models).__name__,
                  "chat": type(chat).__name__, "choices": len(chat.choices)}}))
"""


def call_the_mock(python: Path, mock_server: Any, version: str) -> None:
    done = run(
        [str(python), "-c", CALL.format(module=MODULE), str(mock_server), mock_server.api_key],
        env=clean_env(),
        cwd=python.parent,  # not the project: the import must find the installed copy
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["version"] == version
    assert result["spec"] == SpecLock.read().sha256 or len(result["spec"]) == 64
    assert "site-packages" in result["file"], result["file"]
    assert result["chat"] != "dict" and result["choices"] >= 1, result


def mcp_help(python: Path) -> None:
    probe = run([str(python), "-c", f"import importlib.util as u; print(bool(u.find_spec('{MODULE}.mcp')))"])
    if probe.stdout.strip() != "True":
        pytest.skip(f"{MODULE}.mcp has not landed in generated/ yet")
    done = run([str(python), "-m", f"{MODULE}.mcp", "--help"], env=clean_env(), timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--transport" in done.stdout, done.stdout
    script = python.parent / f"{DISTRIBUTION}-mcp"
    assert script.exists(), f"console script {script.name} not installed"
    done = run([str(script), "--help"], env=clean_env(), timeout=60)
    assert done.returncode == 0 and "--transport" in done.stdout, done.stderr[-2000:]


def build_and_install_sdist(python: Path, sdist: Path, version: str, tmp_path: Path) -> None:
    """The sdist builds (pip, isolated build with hatchling from the normal index) into a wheel
    with the same files as the published one, and installs over the wheel."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input"]
    command += ["--force-reinstall", "--no-deps", str(sdist)]
    done = run(command, env=clean_env())
    assert done.returncode == 0, f"installing the sdist failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    check = (
        f"import {MODULE}, pathlib; p = pathlib.Path({MODULE}.__file__).parent; "
        f"print({MODULE}.__version__, (p / 'py.typed').exists())"
    )
    done = run([str(python), "-c", check], env=clean_env(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [version, "True"], done.stdout
