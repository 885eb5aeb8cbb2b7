"""Live drift: a real HTTP server on 127.0.0.1 answering (mis)matching bodies; the mock."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.drift.helpers import make_spec, obj
from togen.drift.live import live_drift
from togen.drift.render import render

STR = {"type": "string"}

ANSWERS: dict[str, tuple[int, Any]] = {
    "/v1/models": (200, {"object": "list", "data": [{"id": "m1", "type": "audio", "extra": 1}]}),
    "/v1/status": (200, {"ok": "yes"}),
    "/v1/broken": (500, {"error": "boom"}),
    "/v1/fine": (200, {"ok": True, "note": None}),
    "/v1/missing": (200, {}),
}


def _get(response: Any) -> dict[str, Any]:
    return {
        "get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}
        }
    }


def _spec() -> dict[str, Any]:
    model = obj({"id": STR, "type": {"type": "string", "enum": ["chat", "embedding"]}}, ["id"])
    return make_spec(
        {
            "/models": _get(
                obj({"object": {"const": "list"}, "data": {"type": "array", "items": model}}, ["data"])
            ),
            "/status": _get(obj({"ok": {"type": "boolean"}}, ["ok"])),
            "/broken": _get(obj({"ok": {"type": "boolean"}})),
            "/fine": _get(
                obj({"ok": {"type": "boolean"}, "note": {"type": "string", "nullable": True}}, ["ok"])
            ),
            "/missing": _get(obj({"ok": {"type": "boolean"}}, ["ok"])),
        }
    )


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        status, body = ANSWERS.get(self.path, (404, {"error": "no route"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_live_drift_finds_each_kind(server: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec()))
    report = live_drift(server, str(spec), api_key="test")
    found = {(c.operation, c.kind, c.level, c.path) for c in report.changes}
    assert found == {
        ("GET /v1/models", "live-enum-value-undeclared", "potentially-breaking", "data[].type"),
        ("GET /v1/models", "live-field-undeclared", "non-breaking", "data[].extra"),
        ("GET /v1/status", "live-type-mismatch", "breaking", "ok"),
        ("GET /v1/broken", "live-status-undeclared", "breaking", ""),
        ("GET /v1/fine", "live-checked", "non-breaking", ""),
        ("GET /v1/missing", "live-field-missing", "breaking", "ok"),
    }
    assert report.reaches("breaking")
    assert report.operations_changed == [
        "GET /v1/broken",
        "GET /v1/missing",
        "GET /v1/models",
        "GET /v1/status",
    ]
    assert "live-type-mismatch" in render(report, "md")
    # A base URL ending in /v1 means the same host (the OpenAI SDK habit).
    assert {c.kind for c in live_drift(server + "/v1", str(spec), api_key="test").changes} == {
        c.kind for c in report.changes
    }


def _closed_port() -> int:
    from togen.core.loopback import free_port

    return free_port()  # nothing listens there: connections are refused


def test_live_drift_unreachable_is_one_line_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from togen.cli import app

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec()))
    url = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(app, ["drift", str(spec), "--live", url], env={"TOGETHER_API_KEY": "k"})
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the server" in lines[0] and url in lines[0], result.output


def test_live_drift_without_api_key_is_one_line_exit_2(server: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from togen.cli import app

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec()))
    result = CliRunner().invoke(app, ["drift", str(spec), "--live", server], env={"TOGETHER_API_KEY": ""})
    assert result.exit_code == 2, result.output
    assert result.output.strip().count("\n") == 0 and "no API key" in result.output, result.output
    # with a key the same server gives a report (the refusal is about the key, not the server)
    ok = CliRunner().invoke(app, ["drift", str(spec), "--live", server], env={"TOGETHER_API_KEY": "k"})
    assert ok.exit_code == 0 and "live-type-mismatch" in ok.output, ok.output


def test_live_drift_key_refused_everywhere_is_exit_2(mock_server_factory: Any) -> None:
    from togen.core.errors import SpecError

    strict = mock_server_factory(api_key="right-key")
    with pytest.raises(SpecError, match="rejected the API key"):
        live_drift(strict, None, api_key="wrong-key")


def test_live_drift_against_the_mock(mock_server: Any) -> None:
    """The mock serves the locked spec: its answers match the spec."""
    report = live_drift(mock_server, None, api_key=mock_server.api_key)
    assert report.changes, "no read-only operation was checked"
    problems = [c.message for c in report.changes if c.level == "breaking"]
    assert problems == []
    assert any(c.kind == "live-checked" for c in report.changes)


def test_specs_are_read_from_urls(server: str, tmp_path: Path) -> None:
    from togen.drift.api import drift

    ANSWERS["/old.json"] = (200, _spec())
    newer = _spec()
    del newer["paths"]["/broken"]
    ANSWERS["/new.json"] = (200, newer)
    try:
        report = drift(f"{server}/old.json", f"{server}/new.json")
    finally:
        del ANSWERS["/old.json"], ANSWERS["/new.json"]
    assert [(c.kind, c.operation) for c in report.changes] == [("operation-removed", "GET /v1/broken")]
    assert report.old.name == f"{server}/old.json"


def test_live_drift_with_nothing_to_probe_or_two_specs_is_one_line_exit_2(tmp_path: Path) -> None:
    """A spec with no probe-able GET would otherwise give a "No changes" report of a check that
    never ran; NEW beside --live used to be ignored without a word."""
    from click.testing import CliRunner

    from togen.cli import app

    only_post = make_spec({"/items": {"post": {"responses": {"200": {"description": "ok"}}}}})
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(only_post))
    url = f"http://127.0.0.1:{_closed_port()}"
    env = {"TOGETHER_API_KEY": "k"}
    for args, expected in (
        ([str(spec), "--live", url], "nothing to compare with --live"),
        ([str(spec), str(spec), "--live", url], "drop NEW"),
    ):
        result = CliRunner().invoke(app, ["drift", *args], env=env)
        assert result.exit_code == 2, result.output
        assert result.output.strip().count("\n") == 0 and expected in result.output, result.output
