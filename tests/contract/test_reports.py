"""The JUnit file is consumable: it parses, counts match, failures carry a curl."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from togen.contract.options import normalize_base_url
from togen.contract.report import to_json, to_junit, to_markdown
from togen.contract.results import FailureRecord, OperationResult, RunResult, SkippedOperation


def sample() -> RunResult:
    ok = OperationResult(
        "models.list", "listModels", "GET /v1/models", examples=5, requests=7, statuses={"200": 7}
    )
    bad = OperationResult("files.list", "listFiles", "GET /v1/files", examples=5, requests=7)
    bad.add(
        FailureRecord(
            "not_a_server_error", "Server error", "500", 500, "curl -X GET http://h/v1/files", "positive"
        )
    )
    return RunResult(
        base_url="http://127.0.0.1:1",
        live=False,
        seed=1,
        max_examples=5,
        spec_sha256="x",
        checks=["not_a_server_error"],
        operations=[ok, bad],
        skipped=[SkippedOperation("audio.speech.websocket", "GET /v1/audio/speech/websocket", "websocket")],
        total_operations=3,
        requests=14,
    )


def test_junit_parses() -> None:
    root = ET.fromstring(to_junit(sample()))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    failures = suite.findall("testcase/failure")
    assert len(failures) == 1 and failures[0].get("type") == "not_a_server_error"
    assert "curl -X GET" in (failures[0].text or "")
    assert len(suite.findall("testcase/skipped")) == 1


def test_markdown_and_json() -> None:
    result = sample()
    markdown = to_markdown(result)
    assert "**FAILED**" in markdown and "2/3 operations (66.7%)" in markdown and "curl -X GET" in markdown
    data = json.loads(to_json(result))
    assert data["coverage"] == round(2 / 3, 4) and data["failures"] == 1 and data["passed"] is False


def test_base_url_normalization() -> None:
    assert normalize_base_url("http://h:4010/v1/") == "http://h:4010"
    assert normalize_base_url("https://api.together.ai") == "https://api.together.ai"
