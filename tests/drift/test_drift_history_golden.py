"""The drift reports of every consecutive pair of the real spec history, held against a golden
file: a speed-up or a refactor of the diff must not change a byte of what users read.

The golden file holds each pair's JSON report (compared as data, so a failure names the first
change that differs) and the sha256 of its Markdown, HTML, JUnit and GitHub renderings. A
deliberate change of the reports is accepted with UPDATE_GOLDEN=1 (the file is rewritten); look
at `git diff --stat` and the report diffs before committing it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from togen.drift.api import history
from togen.drift.render import render

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "together-openapi"
HISTORY_DIR = SHARED / "history"
HISTORY = sorted(HISTORY_DIR.glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden" / "history_reports.json.gz"
RENDERINGS = ("md", "html", "junit", "github")

pytestmark = pytest.mark.skipif(len(HISTORY) < 2, reason="real Together spec history not present")


def _current(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # Sources named relative to the history folder: the reports name their specs as given, so
    # the golden file holds no path of the machine it was written on.
    monkeypatch.chdir(HISTORY_DIR)
    steps = history([p.name for p in HISTORY])
    pairs: dict[str, Any] = {}
    for step in steps:
        pairs[f"{step.old} -> {step.new}"] = {
            "json": json.loads(render(step.report, "json")),
            "sha256": {
                fmt: hashlib.sha256(render(step.report, fmt).encode()).hexdigest() for fmt in RENDERINGS
            },
        }
    return pairs


def _first_difference(old: Any, new: Any, where: str = "") -> str:
    if type(old) is not type(new):
        return f"{where or '/'}: {old!r} != {new!r}"
    if isinstance(old, dict):
        for key in sorted(old.keys() | new.keys()):
            if key not in old or key not in new:
                return f"{where}/{key}: only in the {'golden file' if key in old else 'new report'}"
            if old[key] != new[key]:
                return _first_difference(old[key], new[key], f"{where}/{key}")
    if isinstance(old, list):
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            if a != b:
                return _first_difference(a, b, f"{where}/{index}")
        return f"{where}: {len(old)} items in the golden file, {len(new)} now"
    return f"{where or '/'}: {old!r} != {new!r}"


def test_history_reports_match_the_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    current = _current(monkeypatch)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        text = json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        GOLDEN.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    assert sorted(current) == sorted(golden), "pairs added or removed (UPDATE_GOLDEN=1 accepts)"
    for pair, expected in golden.items():
        got = current[pair]
        if got["json"] != expected["json"]:
            where = _first_difference(expected["json"], got["json"])
            pytest.fail(f"{pair}: the JSON report differs at {where} (UPDATE_GOLDEN=1 accepts)")
        for fmt in RENDERINGS:
            assert got["sha256"][fmt] == expected["sha256"][fmt], (
                f"{pair}: the {fmt} rendering differs (UPDATE_GOLDEN=1 accepts)"
            )
