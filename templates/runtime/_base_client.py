"""The HTTP core shared by every generated resource: auth, URLs, retries, parsing, logging.

Generated resources call only :meth:`SyncAPIClient.request`, :meth:`SyncAPIClient.request_stream`,
:meth:`SyncAPIClient.request_binary` (and their async twins) and :func:`path_template`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import email.utils
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast
from urllib.parse import quote

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    TogetherError,
    make_status_error,
)
from ._files import encode_form_fields, split_files, to_httpx_files, to_multipart_data
from ._response import RAW_RESPONSE, APIResponse, BinaryResponse
from ._types import NOT_GIVEN, Headers, NotGiven, Omit, Query, Timeout
from ._version import __version__

if TYPE_CHECKING:
    from ._pagination import AsyncPage, AsyncPaginator, PageInfo, SyncPage
    from ._streaming import AsyncStream, Stream

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "SyncAPIClient",
    "header_params",
    "normalize_base_url",
    "path_template",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_ClientT = TypeVar("_ClientT", httpx.Client, httpx.AsyncClient)

log = logging.getLogger(__package__ or "together_client")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
USER_AGENT = f"together-client/{__version__}"

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Statuses that say the request was not acted on, so even a POST may be sent again.
SAFE_RETRY_STATUSES = frozenset({408, 409, 429, 502, 503, 504})
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})


def _setup_logging() -> None:
    level = os.environ.get("TOGETHER_LOG", "").strip().lower()
    if level not in ("debug", "info"):
        return
    log.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s")
        )
        log.addHandler(handler)


_setup_logging()


class _Secret:
    """Holds the API key; its repr never shows the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'***'"

    __str__ = __repr__


def _quote_segment(value: object, name: str) -> str:
    text = value if isinstance(value, str) else str(value)
    if not text:
        raise ValueError(f"Expected a non-empty value for path parameter `{name}` but received {value!r}")
    encoded = quote(text, safe="")
    if encoded.strip(".") == "":  # "." and ".." would be collapsed by URL normalization
        encoded = encoded.replace(".", "%2E")
    return encoded


def path_template(template: str, /, **params: object) -> str:
    """Fill ``{name}`` placeholders with percent-encoded values (``/`` too): no value changes the path.

    ``path_template("/v1/files/{id}", id="a/b")`` -> ``"/v1/files/a%2Fb"``.
    """
    out = template
    for name, value in params.items():
        out = out.replace("{" + name + "}", _quote_segment(value, name))
    return out


def header_params(values: Mapping[str, object], extra_headers: Headers | None) -> dict[str, str | Omit]:
    """Header parameters of an operation (NOT_GIVEN and None dropped) merged under ``extra_headers``."""
    out: dict[str, str | Omit] = {}
    for name, value in values.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = value if isinstance(value, str) else str(value)
    out.update(extra_headers or {})
    return out


def normalize_base_url(url: str | httpx.URL) -> httpx.URL:
    """The host root: trailing slashes and a trailing ``/v1`` (OpenAI SDK habit) are dropped."""
    return httpx.URL(str(url).rstrip("/").removesuffix("/v1"))


def _jsonable(value: object) -> Any:
    """Request data as plain JSON types: NOT_GIVEN dropped, models dumped, tuples listed."""
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return dump(mode="json", by_alias=True, exclude_unset=True)
    return value


def _clean_params(params: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, list | tuple):
            out[key] = [_jsonable(v) for v in value]
        else:
            out[key] = _jsonable(value)
    return out


def _parse_retry_after(headers: httpx.Headers, now: float) -> float | None:
    """Seconds the server asks us to wait: ``retry-after-ms``, else ``retry-after`` (seconds or date)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return float(email.utils.mktime_tz(parsed)) - now


def _redacted(headers: httpx.Headers) -> dict[str, str]:
    return {k: ("***" if k.lower() in SENSITIVE_HEADERS else v) for k, v in headers.items()}


class _BaseClient(Generic[_ClientT]):
    _client: _ClientT
    _http_client_class: type[_ClientT]  # httpx.Client or httpx.AsyncClient

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: _ClientT | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        if not api_key:
            raise TogetherError("api_key must be a non-empty string")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self._api_key = _Secret(api_key)
        self._base_url = normalize_base_url(base_url)
        self.max_retries = max_retries
        self._timeout_given = not isinstance(timeout, NotGiven)
        self.timeout: httpx.Timeout = (
            DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else _to_timeout(timeout)
        )
        self._custom_headers: dict[str, str] = dict(default_headers or {})
        self.strict_response_validation = strict_response_validation
        self._resources: dict[str, Any] = {}
        self._random: Callable[[], float] = random.random
        self._clock: Callable[[], float] = time.time
        kind = self._http_client_class
        if http_client is not None and not isinstance(http_client, kind):
            raise TypeError(f"http_client must be an httpx.{kind.__name__}, got {type(http_client).__name__}")
        if http_client is not None and not self._timeout_given:
            self.timeout = http_client.timeout
        self._owns_http_client = http_client is None
        self._client = http_client or kind(timeout=self.timeout, follow_redirects=True)

    # -- public attributes ---------------------------------------------------------------------
    @property
    def api_key(self) -> str:
        return self._api_key.get()

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @property
    def default_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._api_key.get()}",
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            **self._custom_headers,
        }

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={str(self._base_url)!r}, "
            f"max_retries={self.max_retries}, timeout={self.timeout!r})"
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy of this client with some options changed; shares the connection pool."""
        new = copy.copy(self)
        new._resources = {}
        new._owns_http_client = False
        if not isinstance(timeout, NotGiven):
            new.timeout = _to_timeout(timeout)
            new._timeout_given = True
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if default_headers is not None:
            new._custom_headers = {**self._custom_headers, **default_headers}
        return new

    def _resource(self, name: str, factory: Callable[[Any], _R]) -> _R:
        """The resource ``name``, created on first use and cached on this client."""
        resource = self._resources.get(name)
        if resource is None:
            resource = self._resources[name] = factory(self)
        return cast(_R, resource)

    # -- building requests ---------------------------------------------------------------------
    def _build_request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None,
        body: object | None,
        files: Mapping[str, object] | None,
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: object | None,
        timeout: Timeout | NotGiven,
        accept: str | None,
    ) -> httpx.Request:
        headers: dict[str, str] = self.default_headers
        if accept is not None:
            headers["Accept"] = accept
        for key, value in (extra_headers or {}).items():
            if isinstance(value, Omit):
                for existing in [k for k in headers if k.lower() == key.lower()]:
                    del headers[existing]
            else:
                headers[key] = value
        query = _clean_params({**(params or {}), **(extra_query or {})})
        data = _jsonable(body) if body is not None else None
        if extra_body is not None:
            extra = _jsonable(extra_body)
            data = {**data, **extra} if isinstance(data, dict) and isinstance(extra, dict) else extra
        request_timeout = self.timeout if isinstance(timeout, NotGiven) else _to_timeout(timeout)
        url = str(self._base_url).rstrip("/") + path
        kwargs: dict[str, Any] = {}
        if files is not None:  # multipart/form-data
            parts, fields = split_files(files)
            form = to_multipart_data({**cast("Mapping[str, object]", data or {}), **fields})
            file_parts = to_httpx_files(parts)
            if file_parts:
                kwargs["files"] = file_parts
                kwargs["data"] = form or None
            else:  # text fields only: httpx would send them url-encoded
                kwargs["content"], headers["Content-Type"] = encode_form_fields(form)
        elif data is not None:
            kwargs["json"] = data
        return self._client.build_request(
            method, url, params=query or None, headers=headers, timeout=request_timeout, **kwargs
        )

    # -- retries -------------------------------------------------------------------------------
    def _should_retry_response(self, request: httpx.Request, response: httpx.Response) -> bool:
        flag = response.headers.get("x-should-retry", "").lower()
        if flag == "true":
            return True
        if flag == "false":
            return False
        status = response.status_code
        if request.method.upper() in IDEMPOTENT_METHODS:
            return status in SAFE_RETRY_STATUSES or status >= 500
        return status in SAFE_RETRY_STATUSES

    def _should_retry_error(self, request: httpx.Request, exc: httpx.TransportError) -> bool:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return True  # the server never saw the request
        if request.method.upper() in IDEMPOTENT_METHODS:
            return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
        return False

    def _retry_delay(self, retries_done: int, headers: httpx.Headers | None) -> float:
        """Seconds before the next attempt: the server's Retry-After (capped), else backoff with jitter."""
        if headers is not None:
            retry_after = _parse_retry_after(headers, self._clock())
            if retry_after is not None:
                return min(max(retry_after, 0.0), MAX_RETRY_AFTER)
        base = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 32), MAX_RETRY_DELAY)
        return base * (1.0 - 0.25 * self._random())

    # -- responses -----------------------------------------------------------------------------
    def _raise_for_status(self, response: httpx.Response) -> None:
        raise make_status_error(response, redact=(self._api_key.get(),))

    def _validate(self, cast_to: Any, data: object, response: httpx.Response) -> Any:
        if cast_to is None or cast_to is type(None):
            return None
        if cast_to is object:
            return data
        from pydantic import ValidationError

        try:
            validate = getattr(cast_to, "model_validate", None)
            if validate is not None:
                return validate(data)
            return _type_adapter(cast_to).validate_python(data)
        except ValidationError as exc:
            if self.strict_response_validation:
                raise APIResponseValidationError(response, data, message=str(exc)) from exc
            log.debug("Response does not match %r; keeping the parts that do not as they came", cast_to)
            return _lenient(cast_to, data, 0)

    def _parse(self, cast_to: Any, response: httpx.Response) -> Any:
        if cast_to is None or cast_to is type(None):
            return None
        if cast_to is BinaryResponse:
            return BinaryResponse(response)
        if not response.content:
            if self.strict_response_validation:
                raise APIResponseValidationError(response, None, message="Expected a JSON body, got none")
            return None
        if cast_to is not object and cast_to is not str:
            # Fast path: pydantic parses and validates the bytes in one pass (faster than json.loads
            # alone). Anything it rejects (bad JSON, off-spec data) takes the careful path below.
            from pydantic import ValidationError

            try:
                validate_json = getattr(cast_to, "model_validate_json", None)
                if validate_json is not None:
                    return validate_json(response.content)
                return _type_adapter(cast_to).validate_json(response.content)
            except ValidationError:
                pass
        try:
            data = response.json()
        except ValueError as exc:
            if cast_to is str:
                return response.text
            raise APIResponseValidationError(
                response, response.text, message="Response body is not JSON"
            ) from exc
        return self._validate(cast_to, data, response)

    def _log_request(self, request: httpx.Request, attempt: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "Request (attempt %d): %s %s headers=%s",
                attempt + 1,
                request.method,
                request.url,
                _redacted(request.headers),
            )

    def _log_response(self, response: httpx.Response) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                'Response: %s %s "%d %s" request_id=%s',
                response.request.method,
                response.request.url,
                response.status_code,
                response.reason_phrase,
                response.headers.get("x-request-id"),
            )


_ADAPTERS: dict[Any, Any] = {}


def _type_adapter(tp: Any) -> Any:
    from pydantic import TypeAdapter

    try:
        adapter = _ADAPTERS.get(tp)
    except TypeError:  # unhashable type expression
        return TypeAdapter(tp)
    if adapter is None:
        adapter = _ADAPTERS[tp] = TypeAdapter(tp)
    return adapter


def _lenient(tp: Any, value: Any, depth: int) -> Any:
    """Best-effort parse of data that failed validation: every part that validates is typed,
    models are built field by field (missing required fields stay unset), the rest is kept raw."""
    import types
    import typing

    from pydantic import BaseModel, ValidationError

    if depth > 32:
        return value
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _lenient(typing.get_args(tp)[0], value, depth + 1)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if not isinstance(value, Mapping):
            return value
        fields: dict[str, Any] = {}
        known: set[str] = set()
        for name, info in tp.model_fields.items():
            key = info.alias or name
            known.add(key)
            if key in value:
                fields[name] = _lenient_value(info.annotation, value[key], depth + 1)
        extra = {k: v for k, v in value.items() if k not in known}
        return tp.model_construct(**fields, **extra)
    try:
        return _type_adapter(tp).validate_python(value)
    except (ValidationError, TypeError):
        pass
    args = typing.get_args(tp)
    if origin in (list, tuple, typing.Sequence) and args and isinstance(value, list):
        return [_lenient(args[0], item, depth + 1) for item in value]
    if origin is dict and len(args) == 2 and isinstance(value, Mapping):
        return {k: _lenient(args[1], v, depth + 1) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel) and isinstance(value, Mapping):
                return _lenient(arg, value, depth + 1)
    return value


def _lenient_value(annotation: Any, value: Any, depth: int) -> Any:
    from pydantic import ValidationError

    try:
        return _type_adapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return _lenient(annotation, value, depth)


def _to_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


class SyncAPIClient(_BaseClient[httpx.Client]):
    """The synchronous core. ``_sleep`` may be replaced (tests use a fake clock)."""

    _http_client_class = httpx.Client

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
        )
        self._sleep: Callable[[float], None] = time.sleep

    def _send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        retries_done = 0
        while True:
            self._log_request(request, retries_done)
            can_retry = retries_done < self.max_retries
            try:
                response = self._client.send(request, stream=stream, follow_redirects=True)
            except httpx.TransportError as exc:
                if can_retry and self._should_retry_error(request, exc):
                    delay = self._retry_delay(retries_done, None)
                    log.info("Retrying %s %s in %.2fs after %s", request.method, request.url.path, delay, exc)
                    self._sleep(delay)
                    retries_done += 1
                    continue
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(request) from exc
                raise APIConnectionError(
                    message=f"Connection error: {type(exc).__name__}", request=request
                ) from exc
            self._log_response(response)
            if response.status_code < 400:
                return response
            if can_retry and self._should_retry_response(request, response):
                response.close()
                delay = self._retry_delay(retries_done, response.headers)
                log.info(
                    "Retrying %s %s in %.2fs (status %d)",
                    request.method,
                    request.url.path,
                    delay,
                    response.status_code,
                )
                self._sleep(delay)
                retries_done += 1
                continue
            response.read()
            response.close()
            self._raise_for_status(response)

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """Send one request; parse the body into ``cast_to`` (a model, ``list[...]``, ``type(None)``)."""
        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept=None,
        )
        response = self._send(request, stream=False)
        if RAW_RESPONSE.get():
            return cast(_T, APIResponse(response, lambda: self._parse(cast_to, response)))
        return cast(_T, self._parse(cast_to, response))

    def request_stream(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        expect_done: bool = False,
    ) -> Stream[_T]:
        """Send one request and return its Server-Sent Events as a :class:`Stream` of ``cast_to``."""
        from ._streaming import Stream

        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept="text/event-stream",
        )
        response = self._send(request, stream=True)
        stream: Stream[_T] = Stream(
            response=response,
            parse=lambda data: cast(_T, self._validate(cast_to, data, response)),
            expect_done=expect_done,
        )
        if RAW_RESPONSE.get():
            return cast("Stream[_T]", APIResponse(response, lambda: stream))
        return stream

    def request_binary(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        accept: str = "*/*",
    ) -> BinaryResponse:
        """Send one request and return its body as a :class:`BinaryResponse` (redirects followed)."""
        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept=accept,
        )
        response = self._send(request, stream=False)
        result = BinaryResponse(response)
        if RAW_RESPONSE.get():
            return cast(BinaryResponse, APIResponse(response, lambda: result))
        return result

    def request_page(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[Any],
        item: type[_T],
        page: PageInfo,
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> SyncPage[_T]:
        """Send one request for a cursor page of ``item``s (``cast_to`` is the page's model);
        iterating the :class:`SyncPage` fetches the next pages with the cursor parameter set."""
        from ._pagination import SyncPage

        raw = RAW_RESPONSE.get()

        def fetch(cursor: str | None) -> tuple[SyncPage[_T], httpx.Response]:
            query = dict(params or {})
            if cursor is not None:
                query[page.cursor_param] = cursor
            request = self._build_request(
                method,
                path,
                params=query,
                body=body,
                files=files,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                accept=None,
            )
            response = self._send(request, stream=False)
            result: SyncPage[_T] = SyncPage(self._parse(cast_to, response), page, lambda c: fetch(c)[0])
            return result, response

        first, response = fetch(None)
        if raw:
            return cast("SyncPage[_T]", APIResponse(response, lambda: first))
        return first

    def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


async def _default_async_sleep(seconds: float) -> None:
    import anyio

    await anyio.sleep(seconds)


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """The asynchronous core. ``_sleep`` may be replaced (tests use a fake clock)."""

    _http_client_class = httpx.AsyncClient

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
        )
        self._sleep: Callable[[float], Awaitable[None]] = _default_async_sleep

    async def _send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        retries_done = 0
        while True:
            self._log_request(request, retries_done)
            can_retry = retries_done < self.max_retries
            try:
                response = await self._client.send(request, stream=stream, follow_redirects=True)
            except httpx.TransportError as exc:
                if can_retry and self._should_retry_error(request, exc):
                    delay = self._retry_delay(retries_done, None)
                    log.info("Retrying %s %s in %.2fs after %s", request.method, request.url.path, delay, exc)
                    await self._sleep(delay)
                    retries_done += 1
                    continue
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(request) from exc
                raise APIConnectionError(
                    message=f"Connection error: {type(exc).__name__}", request=request
                ) from exc
            self._log_response(response)
            if response.status_code < 400:
                return response
            if can_retry and self._should_retry_response(request, response):
                await response.aclose()
                delay = self._retry_delay(retries_done, response.headers)
                log.info(
                    "Retrying %s %s in %.2fs (status %d)",
                    request.method,
                    request.url.path,
                    delay,
                    response.status_code,
                )
                await self._sleep(delay)
                retries_done += 1
                continue
            await response.aread()
            await response.aclose()
            self._raise_for_status(response)

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> _T:
        """Async twin of :meth:`SyncAPIClient.request`."""
        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept=None,
        )
        response = await self._send(request, stream=False)
        if RAW_RESPONSE.get():
            return cast(_T, APIResponse(response, lambda: self._parse(cast_to, response)))
        return cast(_T, self._parse(cast_to, response))

    async def request_stream(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        expect_done: bool = False,
    ) -> AsyncStream[_T]:
        """Async twin of :meth:`SyncAPIClient.request_stream`."""
        from ._streaming import AsyncStream

        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept="text/event-stream",
        )
        response = await self._send(request, stream=True)
        stream: AsyncStream[_T] = AsyncStream(
            response=response,
            parse=lambda data: cast(_T, self._validate(cast_to, data, response)),
            expect_done=expect_done,
        )
        if RAW_RESPONSE.get():
            return cast("AsyncStream[_T]", APIResponse(response, lambda: stream))
        return stream

    async def request_binary(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        accept: str = "*/*",
    ) -> BinaryResponse:
        """Async twin of :meth:`SyncAPIClient.request_binary` (the body is read in full)."""
        request = self._build_request(
            method,
            path,
            params=params,
            body=body,
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            accept=accept,
        )
        response = await self._send(request, stream=False)
        result = BinaryResponse(response)
        if RAW_RESPONSE.get():
            return cast(BinaryResponse, APIResponse(response, lambda: result))
        return result

    def request_page(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[Any],
        item: type[_T],
        page: PageInfo,
        params: Query | None = None,
        body: object | None = None,
        files: Mapping[str, object] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: object | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[_T]:
        """Async twin of :meth:`SyncAPIClient.request_page`: ``await`` the result for the first
        :class:`AsyncPage`, or ``async for`` over the items of every page."""
        from ._pagination import AsyncPage, AsyncPaginator

        async def fetch(cursor: str | None) -> tuple[AsyncPage[_T], httpx.Response]:
            query = dict(params or {})
            if cursor is not None:
                query[page.cursor_param] = cursor
            request = self._build_request(
                method,
                path,
                params=query,
                body=body,
                files=files,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                accept=None,
            )
            response = await self._send(request, stream=False)
            return AsyncPage(self._parse(cast_to, response), page, next_page), response

        async def next_page(cursor: str) -> AsyncPage[_T]:
            return (await fetch(cursor))[0]

        async def first() -> AsyncPage[_T]:
            raw = RAW_RESPONSE.get()
            result, response = await fetch(None)
            if raw:
                return cast("AsyncPage[_T]", APIResponse(response, lambda: result))
            return result

        return AsyncPaginator(first)

    async def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.close()
