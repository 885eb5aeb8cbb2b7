"""The toolkit as a user installs it: a wheel built from this checkout, installed (not
editable) into a fresh venv with the dependencies it declares, run from an unrelated
directory. The lock constrains their versions (uv's cache makes the install about a second);
nothing here reaches the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CURRENT_SPEC, FIXTURES, ROOT
from togen.core.loopback import free_port, server_process

UV = Path(sys.executable).with_name("uv")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("togen-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and only what it declares (plus pytest, for the plugin),
    at the lock's versions: a missing dependency declaration fails the commands below.
    Byte-compiled as a user's install should be (`uv pip install --compile-bytecode`; pip
    compiles by default): under PYTHONDONTWRITEBYTECODE nothing else would write the .pyc."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = str(venv / "bin" / "python")
    lock = ROOT / "requirements.lock"
    subprocess.run(
        [
            *(str(UV), "pip", "install", "-q", "--compile-bytecode", "--python", python),
            *("-c", str(lock), str(wheel), "pytest"),
        ],
        check=True,
    )
    return venv


def run(venv: Path, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOGEN_", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    return subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_wheel_adds_one_top_level_name_and_ships_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"togen"}
    assert "togen/__init__.py" not in names  # a PEP 420 namespace, like the source tree
    for data in (
        "togen/data/spec/config.toml",
        "togen/data/spec/lock.toml",
        "togen/data/templates/runtime/_base_client.py",
    ):
        assert data in names
    assert "togen/mock/together/catalog.json" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "togen = togen.cli:main" in text and "togen_mock = togen.mock.pytest_plugin" in text


def test_the_installed_toolkit_is_byte_compiled(venv: Path) -> None:
    """Every module of togen has a current .pyc, which Python reads even under
    PYTHONDONTWRITEBYTECODE: no togen process compiles its own source."""
    (site,) = venv.glob("lib/python*/site-packages")
    sources = sorted((site / "togen").rglob("*.py"))
    modules = [p for p in sources if "data" not in p.relative_to(site / "togen").parts]
    assert len(modules) > 50
    tag = sys.implementation.cache_tag
    missing = [str(p) for p in modules if not (p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc").is_file()]
    assert missing == []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONVERBOSE": "1"}
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import togen.drift.operation_walk, togen.cli"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    walk = site / "togen" / "drift" / "operation_walk.py"
    assert f"matches {walk}" in probe.stderr  # read from its .pyc
    # `-v` says "code object from <file>.py" for each module it compiles from source
    compiled = [line for line in probe.stderr.splitlines() if line.startswith("# code object from ")]
    assert [line for line in compiled if "/togen/" in line and line.endswith(".py")] == []


def test_generate_from_another_directory(venv: Path, tmp_path: Path) -> None:
    done = run(
        venv, "togen", "generate", "--spec", str(FIXTURES / "shop_30.yaml"), "--out", "out", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "src" / "together_client" / "_base_client.py").is_file()
    imported = run(
        venv,
        "python",
        "-c",
        "import together_client; print(together_client.__spec_sha256__)",
        cwd=tmp_path / "out" / "src",
    )
    assert imported.returncode == 0 and len(imported.stdout.strip()) == 64
    assert (
        str(ROOT)
        not in run(
            venv, "python", "-c", "import togen.core.resources as r; print(r.templates_dir())", cwd=tmp_path
        ).stdout
    )
    again = run(
        venv, "togen", "generate", "--spec", str(FIXTURES / "shop_30.yaml"), "--out", "out", cwd=tmp_path
    )
    assert again.returncode == 0 and "up to date" in again.stdout


def test_mock_drift_and_contract_from_another_directory(venv: Path, tmp_path: Path) -> None:
    port = free_port()
    command = [str(venv / "bin" / "togen"), "mock", "--spec", str(CURRENT_SPEC), "--port", str(port), "-q"]
    url, auth = f"http://127.0.0.1:{port}/v1/models", {"Authorization": "Bearer k"}
    with (
        server_process(command, url, timeout=120, headers=auth, cwd=tmp_path, stderr=subprocess.DEVNULL),
        urllib.request.urlopen(urllib.request.Request(url, headers=auth)) as answer,
    ):
        assert isinstance(json.load(answer), list)
    history = sorted((CURRENT_SPEC.parent / "history").glob("*.yaml"))
    drift = run(venv, "togen", "drift", str(history[-1]), str(CURRENT_SPEC), "--format", "json", cwd=tmp_path)
    assert drift.returncode == 0, drift.stderr
    assert json.loads(drift.stdout)["schema_version"] == 1
    contract = run(
        venv, "togen", "contract", "--spec", str(CURRENT_SPEC), "--operations", "models.*", cwd=tmp_path
    )
    assert contract.returncode == 0, contract.stderr
    assert "PASSED" in contract.stdout + contract.stderr


def test_pytest_plugin_loads_beside_a_module_named_mock(venv: Path, tmp_path: Path) -> None:
    """The plugin's entry point is `togen.mock.pytest_plugin`: a user's own (or PyPI's)
    top-level `mock` module no longer shadows it."""
    (tmp_path / "mock.py").write_text("raise ImportError('this is the user\\'s mock module')\n")
    (tmp_path / "test_uses_mock.py").write_text(
        "import httpx\n\n"
        "def test_models(mock_server):\n"
        "    auth = {'Authorization': 'Bearer ' + mock_server.api_key}\n"
        "    answer = httpx.get(mock_server.v1 + '/models', headers=auth)\n"
        "    assert answer.status_code == 200\n"
    )
    done = run(
        venv,
        "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--togen-mock-spec",
        str(CURRENT_SPEC),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
