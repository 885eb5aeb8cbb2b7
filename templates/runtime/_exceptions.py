"""The exceptions every client call can raise.

``TogetherError`` > ``APIError`` > ``APIStatusError`` (one subclass per status),
``APIConnectionError`` > ``APITimeoutError`` and ``APIResponseValidationError`` >
``APIResponseTooLargeError``.
Exception text never contains request headers, so the API key cannot leak through it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TogetherError",
    "UnprocessableEntityError",
    "make_status_error",
]

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-together-request-id")


def request_id_of(response: httpx.Response | None) -> str | None:
    if response is None:
        return None
    for name in REQUEST_ID_HEADERS:
        value: str | None = response.headers.get(name)
        if value:
            return value
    return None


class TogetherError(Exception):
    """Base class of every error raised by this package."""


class APIError(TogetherError):
    """An error tied to one request.

    ``body`` is the decoded JSON error body when there is one, else the raw text, else None.
    ``type``, ``param`` and ``code`` come from a ``{"error": {...}}`` body when present.
    """

    message: str
    request: httpx.Request | None
    body: object | None
    status_code: int | None
    request_id: str | None
    type: str | None
    param: str | None
    code: str | None

    def __init__(
        self,
        message: str,
        request: httpx.Request | None = None,
        *,
        body: object | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        self.status_code = response.status_code if response is not None else None
        self.request_id = request_id_of(response)
        error = _error_object(body)
        self.type = _str_or_none(error.get("type"))
        self.param = _str_or_none(error.get("param"))
        self.code = _str_or_none(error.get("code"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r})"


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body, response=response)
        self.response = response
        self.status_code = response.status_code


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 and above."""


class APIConnectionError(APIError):
    """The request never got a complete answer: DNS, refused connection, reset, cut-off body."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request | None = None) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, request: httpx.Request | None = None) -> None:
        super().__init__(message="Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """The API answered 2xx but the body does not match what the spec promises."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, body: object | None, *, message: str | None = None) -> None:
        super().__init__(
            message or "Data returned by the API does not match the expected schema.",
            response.request,
            body=body,
            response=response,
        )
        self.response = response
        self.status_code = response.status_code


class APIResponseTooLargeError(APIResponseValidationError):
    """The body grew past the client's ``max_response_size`` (counted after decompression)."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        super().__init__(
            response, None, message=f"Response body exceeds max_response_size ({limit} bytes after decoding)"
        )
        self.limit = limit


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


def make_status_error(response: httpx.Response, *, redact: tuple[str, ...] = ()) -> APIStatusError:
    """Build the exception for an error response whose body has been read.

    Every string in ``redact`` (the API key) is masked in the message and body text.
    """
    text = response.text
    for secret in redact:
        if secret:
            text = text.replace(secret, "***")
    body: object | None
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = text
    detail = _error_object(body).get("message")
    if not isinstance(detail, str) or not detail:
        detail = body.get("message") if isinstance(body, Mapping) else None
    if not isinstance(detail, str) or not detail:
        detail = text[:500] if text else response.reason_phrase
    message = f"Error code: {response.status_code} - {detail}"
    return status_error_class(response.status_code)(message, response=response, body=body)


def _error_object(body: object | None) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            return error
    return {}


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
