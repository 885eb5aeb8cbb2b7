"""Bad requests get a clear 4xx in Together's error shape; the server keeps answering."""

from __future__ import annotations

import time

import httpx
import pytest

CHAT = "/v1/chat/completions"
GOOD_CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def http(mock_server):
    with httpx.Client(base_url=mock_server, headers={"Authorization": "Bearer k"}, timeout=10) as client:
        yield client


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body["error"]) == {"message", "type", "param", "code"}, body
    assert body["error"]["message"]
    return body["error"]


CASES = [
    pytest.param(
        {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
        400,
        "invalid_json",
        id="malformed-json",
    ),
    pytest.param(
        {"content": b"\xff\xfe", "headers": {"Content-Type": "application/json"}},
        400,
        "invalid_json",
        id="not-utf8",
    ),
    pytest.param(
        {"content": b"[" * 100_000, "headers": {"Content-Type": "application/json"}},
        400,
        "invalid_json",
        id="deep-nesting",
    ),
    pytest.param(
        {"content": b"model=m", "headers": {"Content-Type": "text/plain"}},
        415,
        "unsupported_media_type",
        id="wrong-content-type",
    ),
    pytest.param({"content": b""}, 400, "missing_body", id="empty-body"),
    pytest.param({"json": []}, 400, None, id="array-instead-of-object"),
    pytest.param({"json": {"model": "m"}}, 400, None, id="missing-required"),
    pytest.param({"json": {**GOOD_CHAT, "temperature": "hot"}}, 400, None, id="wrong-type"),
    pytest.param(
        {"json": {**GOOD_CHAT, "messages": [{"role": "wizard", "content": "x"}]}},
        400,
        None,
        id="bad-enum-nested",
    ),
]


@pytest.mark.parametrize(("request_kwargs", "status", "code"), CASES)
def test_bad_json_requests(http, request_kwargs, status, code):
    response = http.post(CHAT, **request_kwargs)
    assert response.status_code == status, response.text
    error = error_of(response)
    if code:
        assert error["code"] == code
    assert http.get("/healthz").status_code == 200


def test_validation_error_names_the_pointer(http):
    error = error_of(http.post(CHAT, json={**GOOD_CHAT, "temperature": "hot"}))
    assert error["param"] == "body/temperature"
    assert "body/temperature" in error["message"]
    nested = error_of(http.post(CHAT, json={"model": "m", "messages": [{"role": "user"}]}))
    assert nested["param"].startswith("body/messages/0")


def test_bad_query_parameter(http):
    response = http.get("/v1/evaluation", params={"limit": "many"})
    assert response.status_code == 400
    assert error_of(response)["param"] == "query/limit"


def test_missing_required_query_parameter(http):
    response = http.get("/v1/queue/metrics")
    assert response.status_code == 400
    assert error_of(response)["param"] == "model"


@pytest.mark.parametrize(
    ("headers", "content"),
    [
        ({"Content-Type": "multipart/form-data"}, b"no boundary"),
        ({"Content-Type": "multipart/form-data; boundary=xyz"}, b"--xyz\r\ngarbage without headers end"),
        ({"Content-Type": "application/json"}, b'{"purpose": "fine-tune"}'),
    ],
    ids=["no-boundary", "truncated", "json-to-multipart"],
)
def test_bad_multipart(http, headers, content):
    response = http.post("/v1/files/upload", headers=headers, content=content)
    assert 400 <= response.status_code < 500, response.text
    error_of(response)
    assert http.get("/healthz").status_code == 200


def test_multipart_missing_file_part(http):
    form = {"purpose": "fine-tune", "file_name": "a.jsonl"}
    response = http.post("/v1/files/upload", data=form, files={"other": ("a.txt", b"x")})
    assert response.status_code == 400
    assert error_of(response)["param"] == "body/file"


def test_oversize_body(mock_server_factory):
    url = mock_server_factory(max_body_bytes=1024)
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer k"}) as client:
        big = {**GOOD_CHAT, "messages": [{"role": "user", "content": "x" * 5000}]}
        response = client.post(CHAT, json=big)
        assert response.status_code == 413
        assert error_of(response)["code"] == "too_large"

        def chunks():
            for _ in range(10):
                yield b"x" * 500

        streamed = client.post(CHAT, content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert client.post(CHAT, json=GOOD_CHAT).status_code == 200


def test_unknown_path_and_method(http):
    missing = http.get("/v1/nope")
    assert missing.status_code == 404
    error_of(missing)
    wrong = http.delete("/v1/models")
    assert wrong.status_code == 405
    assert "GET" in wrong.headers["allow"]


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Basic abc", "token"])
def test_missing_or_malformed_auth(mock_server, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.get(mock_server + "/v1/models", headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_api_key"


def test_prefer_forces_documented_status(http):
    response = http.post(CHAT, json=GOOD_CHAT, headers={"Prefer": "code=429"})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert error_of(response)["type"] == "rate_limit_exceeded"
    undocumented = http.post(CHAT, json=GOOD_CHAT, headers={"Prefer": "code=418"})
    assert undocumented.status_code == 400
    assert "418" in error_of(undocumented)["message"]


def test_latency_and_faults(mock_server_factory):
    slow = mock_server_factory(latency_ms=150)
    started = time.perf_counter()
    assert httpx.get(slow + "/v1/models", headers={"Authorization": "Bearer k"}).status_code == 200
    assert time.perf_counter() - started >= 0.15
    faulty = mock_server_factory(fault_rate=1.0)
    response = httpx.post(faulty + CHAT, json=GOOD_CHAT, headers={"Authorization": "Bearer k"})
    assert response.status_code == 503  # chat documents 503
    assert error_of(response)["code"] == "mock_fault"
    assert httpx.get(faulty + "/healthz").status_code == 200


def test_strict_models(mock_server_factory):
    url = mock_server_factory(strict_models=True)
    headers = {"Authorization": "Bearer k"}
    unknown = httpx.post(url + CHAT, json=GOOD_CHAT, headers=headers)
    assert unknown.status_code == 404
    assert error_of(unknown)["code"] == "model_not_available"
    known = {**GOOD_CHAT, "model": "deepseek-ai/DeepSeek-R1"}
    answer = httpx.post(url + CHAT, json=known, headers=headers).json()
    assert answer["choices"][0]["message"]["content"].startswith("<think>")
