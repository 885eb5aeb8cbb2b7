"""Helpers of the publishing tests: a loopback pypiserver to upload to, fresh venvs.

Nothing here names a package index: pip keeps its own settings (configured, or its default)
and installs the uploaded files from the folder the loopback server stores them in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from togen.core.loopback import free_port, server_process

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@contextmanager
def pypiserver(packages: Path, log: Path) -> Iterator[str]:
    """A pypiserver on a free 127.0.0.1 port serving `packages`; uploads need no password
    (`-a . -P .`), and unknown names are not redirected anywhere (--disable-fallback).
    Yields its upload URL on 127.0.0.1; uploads land in `packages`."""
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
    with (
        log.open("wb") as out,
        server_process(command, url + "health", timeout=120, stdout=out, stderr=subprocess.STDOUT),
    ):
        yield url


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
