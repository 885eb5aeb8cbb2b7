"""`togen spec fetch|show`: the locked spec and its history from a source folder, sha256-checked
(the upstream path needs the network, which tests do not use; the composite action every
workflow runs is tested in tests/release/test_workflows.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT, SHARED

TOGEN = [sys.executable, "-m", "togen"]


def togen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TOGEN, *args], capture_output=True, text=True, timeout=120)


def test_show_prints_the_lock_as_output_lines() -> None:
    done = togen("spec", "show")
    assert done.returncode == 0, done.stderr
    lock = tomllib.loads((ROOT / "spec" / "lock.toml").read_text())["upstream"]
    assert dict(line.split("=", 1) for line in done.stdout.splitlines()) == lock


def test_a_missing_file_is_one_line_and_earlier_files_stay(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(SHARED, source, ignore=shutil.ignore_patterns("2026-03-30_*"))  # the last one gone
    dest = tmp_path / "dest"
    done = togen("spec", "fetch", "--source", str(source), "--dest", str(dest))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"togen: error: {source}/history/2026-03-30_afe83eb.yaml: No such file or directory"
    ]
    assert (dest / "openapi.yaml").read_bytes() == (SHARED / "openapi.yaml").read_bytes()
    assert len(list((dest / "history").glob("*.yaml"))) == 23
    assert not list(dest.rglob(".*.partial"))


def test_files_already_in_place_are_kept_without_a_source(tmp_path: Path) -> None:
    """A second fetch finds every file with its locked content and reads no source at all
    (here: a source folder that does not exist)."""
    dest = tmp_path / "dest"
    assert togen("spec", "fetch", "--source", str(SHARED), "--dest", str(dest)).returncode == 0
    again = togen("spec", "fetch", "--source", str(tmp_path / "nowhere"), "--dest", str(dest))
    assert again.returncode == 0, again.stderr
    assert "25 locked file(s) in place" in again.stderr
    only = togen("spec", "fetch", "--no-history", "--source", str(tmp_path / "nowhere"), "--dest", str(dest))
    assert only.returncode == 0 and "1 locked file(s)" in only.stderr
