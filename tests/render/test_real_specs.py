"""Every real Together spec (current and the 24 historical versions) generates and imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CURRENT_SPEC, HISTORY
from togen.render.generate import generate


def _import_package(src: Path) -> str:
    script = (  # every models module and every official type name loads; every model builds
        "import pydantic, together_client, together_client.models as m, together_client.types as t\n"
        "from together_client._operations import OPERATIONS\n"
        "for value in [getattr(m, name) for name in dir(m)] + [getattr(t, name) for name in dir(t)]:\n"
        "    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):\n"
        "        value.model_rebuild(raise_errors=True)\n"
        "print(len(OPERATIONS), sum(1 for o in OPERATIONS if o.http))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_history_is_complete() -> None:
    assert len(HISTORY) == 24


@pytest.mark.parametrize("spec", HISTORY, ids=[p.stem for p in HISTORY])
def test_history_version_generates_and_imports(spec: Path, tmp_path: Path) -> None:
    result = generate(str(spec), tmp_path / "generated")
    assert result.files
    total, http = map(int, _import_package(tmp_path / "generated" / "src").split())
    assert total >= http >= 1


def test_current_spec_generates_every_operation(tmp_path: Path) -> None:
    generate(str(CURRENT_SPEC), tmp_path / "generated", with_sdk=False)  # the public spec alone
    # 99 upstream operations (2 of them websockets) + POST /v1/responses from our overlay
    assert _import_package(tmp_path / "generated" / "src") == "100 98"
