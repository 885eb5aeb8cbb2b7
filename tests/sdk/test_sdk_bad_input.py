"""`togen sdk-spec --output` and `--with-sdk` off the happy path: every problem is one line
naming the file and the option, exit 2, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, HISTORY
from togen.sdk.merge import load_with_sdk

TOGEN = [sys.executable, "-m", "togen"]


def _togen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TOGEN, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def _one_line(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert expected in done.stderr


def test_sdk_spec_output_that_names_no_file(tmp_path: Path) -> None:
    """A folder (or an empty --output, which is `.`): one line, and no partial document left
    beside it (the temporary file was written next to the folder and stayed)."""
    _one_line(
        _togen("sdk-spec", "together", "--output", str(tmp_path)), f"{tmp_path}:--output: is a directory"
    )
    _one_line(_togen("sdk-spec", "together", "--output", "", cwd=tmp_path), ".:--output: is a directory")
    assert list(tmp_path.iterdir()) == []
    assert not list(tmp_path.parent.glob(f".{tmp_path.name}.*.tmp"))


def test_sdk_spec_output_under_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    target = a_file / "sdk.json"
    _one_line(
        _togen("sdk-spec", "together", "--output", str(target)),
        f"{target}:--output: cannot write: a part of its folder path is a file",
    )
    assert a_file.read_text() == "mine\n"


def test_sdk_spec_output_into_new_folders_and_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folders" / "sdk.json"
    assert _togen("sdk-spec", "together", "--output", str(target)).returncode == 0
    first = target.read_bytes()
    target.write_text("someone's\n")
    assert _togen("sdk-spec", "together", "--output", str(target)).returncode == 0
    assert target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["sdk.json"]


def test_with_sdk_on_somebody_elses_spec_is_a_usage_error(tmp_path: Path) -> None:
    """Together's surface merged into another API's spec would only pollute it (the shop fixture
    shares one route of nine with the SDK; every Together spec since 2024 shares most)."""
    shop = str(FIXTURES / "shop_30.yaml")
    expected = f"{shop}:--with-sdk: only 1 of the spec's 9 operations are ones sdk:together calls"
    out = tmp_path / "out"
    _one_line(_togen("generate", "--with-sdk", "--spec", shop, "--out", str(out)), expected)
    assert not out.exists()
    _one_line(_togen("mock", "--with-sdk", "--spec", shop, "--port", "0"), expected)


@pytest.mark.parametrize("spec", [HISTORY[0], HISTORY[-1]], ids=["oldest", "newest"])
def test_with_sdk_on_any_together_spec_of_the_history(spec: Path) -> None:
    merged = load_with_sdk(str(spec), verify_lock=False)
    assert len(merged.all_operations) > 170


def test_a_standard_library_module_is_never_imported() -> None:
    """`sdk:this` imported `this`, whose import prints the Zen of Python onto the document's
    standard output (and `antigravity`'s opens a browser) before being refused."""
    done = _togen("sdk-spec", "this")
    _one_line(done, "sdk:this: 'this' is a module of Python's standard library, not an SDK")
    assert done.stdout == ""
