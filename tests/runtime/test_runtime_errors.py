from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

API_KEY = "sk-test-SECRET-1234567890"

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (503, "InternalServerError"),
    (599, "InternalServerError"),
    (418, "APIStatusError"),
]

ERROR_BODY = {
    "error": {"message": "model not found", "type": "invalid_request_error", "param": "model", "code": 7}
}


@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
def test_every_status_maps_to_its_class(
    rt: Any, make_client: Any, recorder: Any, status: int, class_name: str
) -> None:
    rec = recorder(httpx.Response(status, json=ERROR_BODY, headers={"x-request-id": "req-42"}))
    client = make_client(rec, max_retries=0)
    with pytest.raises(rt.exceptions.APIStatusError) as info:
        client.request("GET", "/v1/models", cast_to=object)
    exc = info.value
    assert type(exc).__name__ == class_name
    assert isinstance(exc, rt.exceptions.APIError)
    assert isinstance(exc, rt.exceptions.TogetherError)
    assert exc.status_code == status
    assert exc.request_id == "req-42"
    assert exc.body == ERROR_BODY
    assert exc.message == f"Error code: {status} - model not found"
    assert (exc.type, exc.param, exc.code) == ("invalid_request_error", "model", "7")
    assert exc.response.status_code == status
    assert str(exc.request.url) == "https://api.example.test/v1/models"


def test_non_json_error_body(rt: Any, make_client: Any, recorder: Any) -> None:
    client = make_client(recorder(httpx.Response(502, text="<html>bad gateway</html>")), max_retries=0)
    with pytest.raises(rt.exceptions.InternalServerError) as info:
        client.request("GET", "/v1/models", cast_to=object)
    assert info.value.body == "<html>bad gateway</html>"
    assert "bad gateway" in info.value.message
    assert info.value.type is None and info.value.request_id is None


def test_empty_error_body_uses_reason_phrase(rt: Any, make_client: Any, recorder: Any) -> None:
    client = make_client(recorder(httpx.Response(404)), max_retries=0)
    with pytest.raises(rt.exceptions.NotFoundError, match="Error code: 404 - Not Found"):
        client.request("GET", "/v1/x", cast_to=object)


def test_connection_and_timeout_errors(rt: Any, make_client: Any, recorder: Any) -> None:
    client = make_client(recorder(httpx.ConnectError("refused")), max_retries=0)
    with pytest.raises(rt.exceptions.APIConnectionError) as info:
        client.request("GET", "/v1/models", cast_to=object)
    assert not isinstance(info.value, rt.exceptions.APITimeoutError)
    client = make_client(recorder(httpx.ReadTimeout("slow")), max_retries=0)
    with pytest.raises(rt.exceptions.APITimeoutError) as tinfo:
        client.request("GET", "/v1/models", cast_to=object)
    assert isinstance(tinfo.value, rt.exceptions.APIConnectionError)
    assert tinfo.value.request is not None


def test_api_key_never_in_exception_text(rt: Any, make_client: Any, recorder: Any) -> None:
    """Even when the server echoes the key back, the exception masks it."""
    echo = {"error": {"message": f"Invalid API key {API_KEY}", "type": "auth", "param": None, "code": None}}
    errors: list[Any] = []
    for response in (
        httpx.Response(401, json=echo),
        httpx.Response(500, text=f"key={API_KEY}"),
        httpx.ConnectError(f"failed with {API_KEY}"),
        httpx.ReadTimeout("slow"),
    ):
        client = make_client(recorder(response), max_retries=0)
        with pytest.raises(rt.exceptions.APIError) as info:
            client.request("POST", "/v1/chat/completions", cast_to=object, body={"model": "m"})
        errors.append(info.value)
    for exc in errors:
        texts = [
            str(exc),
            repr(exc),
            exc.message,
            json.dumps(exc.body, default=str),
            repr(exc.request.headers),
        ]
        for text in texts:
            assert API_KEY not in text
    assert "***" in errors[0].message


def test_response_validation_error(rt: Any, make_client: Any, recorder: Any) -> None:
    from pydantic import BaseModel

    class Model(BaseModel):
        id: str

    client = make_client(recorder(httpx.Response(200, json={"id": 3})), strict_response_validation=True)
    with pytest.raises(rt.exceptions.APIResponseValidationError) as info:
        client.request("GET", "/v1/x", cast_to=Model)
    assert info.value.status_code == 200
    client = make_client(recorder(httpx.Response(200, text="not json")))
    with pytest.raises(rt.exceptions.APIResponseValidationError):
        client.request("GET", "/v1/x", cast_to=Model)
