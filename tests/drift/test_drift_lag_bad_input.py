"""The lag report (`togen drift SPEC sdk:together`) off the happy path: an old spec of the
history, `--ignore`, `--output` where no file can be written, GitHub annotations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import HISTORY

TOGEN = [sys.executable, "-m", "togen"]
OLDEST = HISTORY[0]  # 2024-02: four operations, three of them ones the SDK still calls


def _togen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TOGEN, *args], capture_output=True, text=True, timeout=300)


def test_ignore_applies_to_the_lag_report(tmp_path: Path) -> None:
    """--ignore was read and then dropped: every accepted finding was still reported."""
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text("- kind: lag-operation-missing\n  reason: the SDK is ahead, known\n")
    plain = json.loads(_togen("drift", str(OLDEST), "sdk:together", "--format", "json").stdout)
    done = _togen("drift", str(OLDEST), "sdk:together", "--format", "json", "--ignore", str(accepted))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    missing = plain["lag"]["summary"]["lag-operation-missing"]
    assert missing > 100
    assert report["lag"]["summary"]["lag-operation-missing"] == 0
    assert len(report["ignored"]) == missing
    assert report["summary"]["total"] == plain["summary"]["total"] - missing


def test_github_annotations_name_no_sdk_file() -> None:
    """`sdk:together` is no file of the repository: annotations of its side carry no file=."""
    done = _togen("drift", str(OLDEST), "sdk:together", "--format", "github")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any("lag-operation-missing" in line for line in lines)
    assert not [line for line in lines if "file=sdk" in line]


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    for old, new in ((str(OLDEST), "sdk:together"), (str(OLDEST), str(HISTORY[1]))):
        for output in (tmp_path, a_file / "report.md"):
            done = _togen("drift", old, new, "--output", str(output))
            assert done.returncode == 2, done.stderr
            assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
            assert f"{output}:--output: cannot write" in done.stderr
    assert a_file.read_text() == "mine\n"


def test_a_saved_sdk_document_against_the_sdk_is_how_the_sdk_changed(tmp_path: Path) -> None:
    """`togen sdk-spec together --output old.json` kept from an earlier SDK version, then
    `togen drift old.json sdk:together`: a version diff of the SDK's surface, not a lag report
    telling that "the spec" lacks what the old SDK lacked."""
    saved = tmp_path / "sdk-old.json"
    assert _togen("sdk-spec", "together", "--output", str(saved)).returncode == 0
    document = json.loads(saved.read_text())
    del document["paths"]["/v3/whoami"]
    saved.write_text(json.dumps(document))
    done = _togen("drift", str(saved), "sdk:together", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert "lag" not in report
    assert report["operations"]["added"] == ["GET /v3/whoami"]
    assert report["summary"]["total"] == report["summary"]["non-breaking"] == 1
