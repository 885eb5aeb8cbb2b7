"""Helpers of the publishing tests: a loopback pypiserver, fresh venvs, the normal index.

Nothing here names a package index: pip keeps its own primary index (configured, or its
default) and the loopback server is added as an extra index.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from togen.loopback import free_port, server_process

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@contextmanager
def pypiserver(packages: Path, log: Path) -> Iterator[str]:
    """A pypiserver on a free 127.0.0.1 port serving `packages`; uploads need no password
    (`-a . -P .`), and unknown names are not redirected anywhere (--disable-fallback).
    Yields its upload URL on 127.0.0.1, under which it also serves the package index."""
    packages.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        str(BIN / "pypi-server"),
        "run",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "-a",
        ".",
        "-P",
        ".",
        "--disable-fallback",
        str(packages),
    ]
    url = f"http://127.0.0.1:{port}/"
    with log.open("wb") as out, server_process(command, url + "health", stdout=out, stderr=subprocess.STDOUT):
        yield url


def pip_config(python: str | Path = sys.executable) -> dict[str, str]:
    """pip's effective settings by option name (environment over `install` over `global`)."""
    done = subprocess.run(
        [str(python), "-m", "pip", "config", "list"], capture_output=True, text=True, check=False
    )
    ranked: dict[str, tuple[int, str]] = {}
    rank = {"global": 0, "install": 1, ":env:": 2}
    for line in done.stdout.splitlines():
        key, sep, value = line.partition("=")
        section, _, name = key.rpartition(".")
        if not sep or section not in rank:
            continue
        value = value.strip().strip("'\"")
        if name not in ranked or rank[section] >= ranked[name][0]:
            ranked[name] = (rank[section], value)
    return {name: value for name, (_, value) in ranked.items()}


def configured_extra_indexes(python: str | Path = sys.executable) -> list[str]:
    """The extra index URLs pip is configured with on this machine (none by default). The
    loopback index joins them as one more extra index, so pip's primary index (configured or
    pip's own default, never named here) still serves the dependencies."""
    return shlex.split(pip_config(python).get("extra-index-url", ""))


def make_venv(path: Path) -> Path:
    """A fresh venv with pip; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True)
    return path / "bin" / "python"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for subprocesses outside the toolkit's venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return sorted(archive.namelist())


def wheel_text(wheel: Path, suffix: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name).decode()
