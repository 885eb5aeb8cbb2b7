"""The HTTP core shared by every generated resource: auth, URLs, retries, parsing, logging.

Generated resources call only :meth:`SyncAPIClient.request`, :meth:`SyncAPIClient.request_stream`,
:meth:`SyncAPIClient.request_binary` (and their async twins) and :func:`path_template`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import email.utils
import json
import logging
import os
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast
from urllib.parse import quote

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APITimeoutError,
    TogetherError,
    make_status_error,
)
from ._files import encode_form_fields, split_files, to_httpx_files, to_multipart_data
from ._response import (
    RESPONSE_MODE,
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    AsyncStreamedBinaryAPIResponse,
    BinaryAPIResponse,
    StreamedBinaryAPIResponse,
)
from ._timeouts import CURRENT_ATTEMPT, DEFAULT_TIMEOUT, AttemptDeadline
from ._types import NOT_GIVEN, Headers, NotGiven, Omit, Query, Timeout
from ._version import __version__

if TYPE_CHECKING:
    from ._pagination import AsyncCursorPagination, AsyncPaginator, PageInfo, SyncCursorPagination
    from ._streaming import AsyncStream, Stream

    _Parser = Callable[[Any], Any]

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

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is ignored in favour of backoff, as the official SDK does
# Compressed chunks are decoded in slices of this size, so one chunk of a gzip bomb expands
# to at most ~16 MiB before max_response_size is checked.
DECODE_SLICE = 16 * 1024
USER_AGENT = f"together-client/{__version__}"

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Statuses that say the request was not acted on, so even a POST may be sent again.
SAFE_RETRY_STATUSES = frozenset({408, 409, 429, 502, 503, 504})
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})


def _setup_logging() -> None:
    """``TOGETHER_LOG=info|debug`` logs like the official SDK: httpx's request lines and retries
    at info, request details (API key redacted) at debug, through ``logging.basicConfig``."""
    level = os.environ.get("TOGETHER_LOG", "").strip().lower()
    if level not in ("debug", "info"):
        return
    logging.basicConfig(
        format="[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    value = logging.DEBUG if level == "debug" else logging.INFO
    log.setLevel(value)
    logging.getLogger("httpx").setLevel(value)


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
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
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
    _api_response_class: type[APIResponse[Any] | AsyncAPIResponse[Any]]
    _binary_classes: tuple[type[APIResponse[bytes] | AsyncAPIResponse[bytes]], ...]  # (read, streamed)

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _ClientT | None = None,
        strict_response_validation: bool = False,
        max_response_size: int | None = None,
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
        self._custom_query: dict[str, object] = dict(default_query or {})
        self.strict_response_validation = strict_response_validation
        if max_response_size is not None and max_response_size <= 0:
            raise ValueError("max_response_size must be a positive number of bytes or None")
        self.max_response_size = max_response_size
        self._resources: dict[str, Any] = {}
        self._random: Callable[[], float] = random.random
        self._clock: Callable[[], float] = time.time
        self._owns_http_client = http_client is None
        self._client = self._http_client_or_new(http_client)

    def _new_http_client(self) -> _ClientT:
        raise NotImplementedError

    def _http_client_or_new(self, http_client: _ClientT | None) -> _ClientT:
        kind = self._http_client_class
        if http_client is None:
            return self._new_http_client()
        if not isinstance(http_client, kind):
            raise TypeError(f"http_client must be an httpx.{kind.__name__}, got {type(http_client).__name__}")
        if not self._timeout_given:
            self.timeout = http_client.timeout
        from ._transport import bound_by_deadlines

        # A plain httpx client, or transports given through `mounts=`, get the deadline backend
        # too; outside this client's calls it passes every read and write through unchanged.
        given: httpx.Client | httpx.AsyncClient = http_client
        for transport in [given._transport, *given._mounts.values()]:
            bound_by_deadlines(transport)
        return http_client

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

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def copy(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        http_client: _ClientT | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        max_response_size: int | None | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A new client with the same options except those given, as in the official SDK.

        ``default_headers``/``default_query`` are merged over the current ones, ``set_default_*``
        replace them. The copy shares this client's connection pool (unless ``http_client`` is
        given) and never closes it.
        """
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("`default_headers` and `set_default_headers` are mutually exclusive")
        if default_query is not None and set_default_query is not None:
            raise ValueError("`default_query` and `set_default_query` are mutually exclusive")
        if not isinstance(max_retries, NotGiven) and max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if isinstance(max_response_size, int) and max_response_size <= 0:
            raise ValueError("max_response_size must be a positive number of bytes or None")
        if api_key is not None and not api_key:
            raise TogetherError("api_key must be a non-empty string")
        new = copy.copy(self)
        new._resources = {}
        new._owns_http_client = False
        if api_key is not None:
            new._api_key = _Secret(api_key)
        if base_url is not None:
            new._base_url = normalize_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            new.timeout = _to_timeout(timeout)
            new._timeout_given = True
        if http_client is not None:
            new._client = new._http_client_or_new(http_client)
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if default_headers is not None:
            new._custom_headers = {**self._custom_headers, **default_headers}
        elif set_default_headers is not None:
            new._custom_headers = dict(set_default_headers)
        if default_query is not None:
            new._custom_query = {**self._custom_query, **default_query}
        elif set_default_query is not None:
            new._custom_query = dict(set_default_query)
        if not isinstance(max_response_size, NotGiven):
            new.max_response_size = max_response_size
        return new

    # ``client.with_options(timeout=5).chat.completions.create(...)`` reads better inline.
    with_options = copy

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
        query = _clean_params({**self._custom_query, **(params or {}), **(extra_query or {})})
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
        if response.status_code < 400:
            return False
        flag = response.headers.get("x-should-retry", "").lower()
        if flag == "true":
            return True
        if flag == "false":
            return False
        status = response.status_code
        if request.method.upper() in IDEMPOTENT_METHODS:
            return status in SAFE_RETRY_STATUSES or status >= 500
        return status in SAFE_RETRY_STATUSES

    def _should_retry_error(self, request: httpx.Request, exc: httpx.RequestError) -> bool:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return True  # the server never saw the request
        if request.method.upper() in IDEMPOTENT_METHODS:
            return isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
        return False

    def _retry_delay(self, retries_done: int, headers: httpx.Headers | None) -> float:
        """Seconds before the next attempt: the server's Retry-After (capped), else backoff with jitter."""
        if headers is not None:
            retry_after = _parse_retry_after(headers, self._clock())
            if retry_after is not None and 0.0 < retry_after <= MAX_RETRY_AFTER:
                return retry_after
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
            if self.strict_response_validation or not _same_shape(cast_to, data):
                # Lenient parsing keeps off-spec fields, never an answer of the wrong kind
                # (a list or a string where an object is promised).
                raise APIResponseValidationError(response, data, message=str(exc)) from exc
            error = _error_envelope(data)
            if error is not None:  # `{"error": {...}}` with a 2xx status: an error, not a result
                message = f"Error answered with 2xx: {error}"
                raise APIResponseValidationError(response, data, message=message) from exc
            log.debug("Response does not match %r; keeping the parts that do not as they came", cast_to)
            return _lenient(cast_to, data, 0)

    def _parse(self, cast_to: Any, response: httpx.Response) -> Any:
        if cast_to is None or cast_to is type(None):
            return None
        if cast_to is bytes:
            return response.content
        if not response.content:
            if cast_to is str:
                return ""
            if self.strict_response_validation or not _admits_none(cast_to):
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

    def _answer(
        self,
        response: httpx.Response,
        retries_taken: int,
        parser: _Parser,
        *,
        is_stream: bool = False,
        binary: bool = False,
    ) -> Any:
        """What a call returns: the parsed result, or under ``with_raw_response`` /
        ``with_streaming_response`` an (Async)APIResponse that parses on ``.parse()`` (of a
        binary method: its (Async)BinaryAPIResponse or streamed twin, also for its SSE variant)."""
        mode = RESPONSE_MODE.get()
        if mode == "parsed":
            return parser(None)
        answer_class = self._binary_classes[mode == "streamed"] if binary else self._api_response_class
        return answer_class(response, parser, retries_taken=retries_taken, is_stream=is_stream)

    def _parser(self, cast_to: Any, response: httpx.Response) -> _Parser:
        return lambda to: self._parse(cast_to if to is None else to, response)

    def _page_parser(self, page_of: Callable[[httpx.Response], Any], response: httpx.Response) -> _Parser:
        """A list method's first page; under ``with_streaming_response`` its body is read only on
        ``.parse()``, as in the official SDK (``parse(to=...)`` parses the body into another type)."""
        return lambda to: page_of(response) if to is None else self._parse(to, response)

    def _binary_bytes(self, response: httpx.Response, accept: str) -> bytes:
        """The body as bytes, unless it is a JSON error object answered with 2xx to a request for
        bytes: then it is an error, not the file or audio the caller asked for."""
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if "json" not in accept and (content_type == "application/json" or content_type.endswith("+json")):
            try:
                body = json.loads(response.content)
            except ValueError:
                body = None
            error = _error_envelope(body)
            if error is not None:
                raise APIResponseValidationError(
                    response, body, message=f"Expected binary content, got a JSON error: {error}"
                )
        return response.content

    def _binary_answer(self, response: httpx.Response, retries_taken: int, accept: str) -> Any:
        """What a method answering bytes returns, as in the official SDK: the response itself, a
        (Async)BinaryAPIResponse with its body read, or under ``with_streaming_response`` an
        (Async)StreamedBinaryAPIResponse whose body is read as asked. A plain call checks the body
        at once (a JSON error answered with 2xx raises); the others on ``.parse()``."""
        mode = RESPONSE_MODE.get()

        def parse(to: Any) -> Any:
            return self._binary_bytes(response, accept) if to is None else self._parse(to, response)

        if mode == "parsed":
            parse(None)
        answer_class = self._binary_classes[mode == "streamed"]
        return answer_class(response, parse, retries_taken=retries_taken)

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


def _unalias(tp: Any) -> Any:
    """``X`` for ``Annotated[X, ...]`` and for a ``TypeAliasType`` (``ModelInfoList = list[ModelInfo]``)."""
    import typing

    for _ in range(32):
        if type(tp).__name__ == "TypeAliasType" and hasattr(tp, "__value__"):
            tp = tp.__value__
        elif typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        else:
            break
    return tp


def _error_envelope(data: object) -> str | None:
    """The message of a Together/OpenAI error body (``{"error": {"message": ...}}``), else None."""
    if isinstance(data, Mapping) and set(data) <= {"error", "request_id"}:
        error = data.get("error")
        if isinstance(error, Mapping) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(error, str) and error:
            return error
    return None


def _admits_none(tp: Any) -> bool:
    import types
    import typing

    tp = _unalias(tp)
    if tp is object or tp is None or tp is type(None):
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return any(_admits_none(arg) for arg in typing.get_args(tp))
    return False


def _same_shape(tp: Any, value: object) -> bool:
    """Whether ``value`` is the right kind of JSON for ``tp`` at the top: an object for a model or
    a dict, an array for a list; unions accept what any member accepts. Scalars are not judged."""
    import types
    import typing

    from pydantic import BaseModel

    tp = _unalias(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_same_shape(arg, value) for arg in typing.get_args(tp))
    if (isinstance(tp, type) and issubclass(tp, BaseModel)) or tp is dict or origin is dict:
        return isinstance(value, Mapping)
    if tp in (list, tuple) or origin in (list, tuple, typing.Sequence, Sequence):
        return isinstance(value, list)
    return True


def _lenient(tp: Any, value: Any, depth: int) -> Any:
    """Best-effort parse of data that failed validation: every part that validates is typed,
    models are built field by field (missing required fields stay unset), the rest is kept raw."""
    import types
    import typing

    from pydantic import BaseModel, ValidationError

    if depth > 32:
        return value
    tp = _unalias(tp)
    origin = typing.get_origin(tp)
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


def _slices(chunk: bytes, size: int | None) -> Iterator[bytes]:
    if size is None or len(chunk) <= size:
        yield chunk
        return
    for start in range(0, len(chunk), size):
        yield chunk[start : start + size]


class _CheckedSyncStream(httpx.SyncByteStream):
    """The raw (still compressed) body, checked against the attempt's deadline chunk by chunk and
    sliced for decoding."""

    def __init__(
        self, inner: httpx.SyncByteStream, deadline: AttemptDeadline, slice_size: int | None
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._slice_size = slice_size

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._deadline.count_body(len(chunk))
            yield from _slices(chunk, self._slice_size)

    def close(self) -> None:
        self._inner.close()


class _CheckedAsyncStream(httpx.AsyncByteStream):
    """Async twin of :class:`_CheckedSyncStream`."""

    def __init__(
        self, inner: httpx.AsyncByteStream, deadline: AttemptDeadline, slice_size: int | None
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._slice_size = slice_size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._deadline.count_body(len(chunk))
            for piece in _slices(chunk, self._slice_size):
                yield piece

    async def aclose(self) -> None:
        await self._inner.aclose()


def _slice_size(response: httpx.Response) -> int | None:
    return DECODE_SLICE if response.headers.get("content-encoding") else None


def _keep_body(response: httpx.Response, chunks: list[bytes]) -> None:
    # What httpx.Response.read() stores; set here because the body was read through the guards.
    response._content = b"".join(chunks)


def _grow(response: httpx.Response, chunks: list[bytes], chunk: bytes, size: int, limit: int | None) -> int:
    size += len(chunk)
    if limit is not None and size > limit:
        raise APIResponseTooLargeError(response, limit)
    chunks.append(chunk)
    return size


def _read_body(response: httpx.Response, deadline: AttemptDeadline, limit: int | None) -> None:
    """Read the whole body within the attempt's deadline and the size limit (after decoding)."""
    inner = response.stream
    if not isinstance(inner, httpx.SyncByteStream):
        raise TypeError("an async response in the sync client")
    response.stream = _CheckedSyncStream(inner, deadline, _slice_size(response))
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size = _grow(response, chunks, chunk, size, limit)
    finally:
        response.close()
    _keep_body(response, chunks)


async def _aread_body(response: httpx.Response, deadline: AttemptDeadline, limit: int | None) -> None:
    """Async twin of :func:`_read_body`."""
    inner = response.stream
    if not isinstance(inner, httpx.AsyncByteStream):
        raise TypeError("a sync response in the async client")
    response.stream = _CheckedAsyncStream(inner, deadline, _slice_size(response))
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size = _grow(response, chunks, chunk, size, limit)
    finally:
        await response.aclose()
    _keep_body(response, chunks)


def _request_error(request: httpx.Request, exc: httpx.RequestError) -> APIConnectionError:
    """Our exception for an httpx one: nothing from httpx escapes a call."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    if isinstance(exc, httpx.TooManyRedirects):
        return APIConnectionError(message=f"Too many redirects: {exc}", request=request)
    if isinstance(exc, httpx.DecodingError):
        return APIConnectionError(message=f"Response body could not be decoded: {exc}", request=request)
    return APIConnectionError(message=f"Connection error: {type(exc).__name__}", request=request)


def _log_retry(request: httpx.Request, delay: float, reason: str) -> None:
    log.info("Retrying %s %s in %.2f seconds (%s)", request.method, request.url, delay, reason)


def _is_error(response: httpx.Response) -> bool:
    # A 3xx that is still a 3xx after redirects were followed (no Location) is no answer either.
    return response.status_code >= 300


class SyncAPIClient(_BaseClient[httpx.Client]):
    """The synchronous core. ``_sleep`` may be replaced (tests use a fake clock)."""

    _http_client_class = httpx.Client
    _api_response_class = APIResponse
    _binary_classes = (BinaryAPIResponse, StreamedBinaryAPIResponse)

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        max_response_size: int | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
        )
        self._sleep: Callable[[float], None] = time.sleep

    def _new_http_client(self) -> httpx.Client:
        from ._transport import DefaultHttpxClient

        return DefaultHttpxClient(timeout=self.timeout)

    def _attempt(
        self, request: httpx.Request, *, stream: bool, can_retry: bool
    ) -> tuple[httpx.Response, bool]:
        """Send ``request`` once; returns the response and whether to retry it. Everything the
        attempt reads and writes (the body too, unless ``stream`` and a success) is within its
        deadline: see ``_timeouts.py``."""
        deadline = AttemptDeadline(request)
        token = CURRENT_ATTEMPT.set(deadline)
        try:
            response = self._client.send(request, stream=True, follow_redirects=True)
            self._log_response(response)
            retry = can_retry and self._should_retry_response(request, response)
            if not retry and (not stream or _is_error(response)):
                _read_body(response, deadline, self.max_response_size)
            return response, retry
        finally:
            CURRENT_ATTEMPT.reset(token)

    def _send(self, request: httpx.Request, *, stream: bool) -> tuple[httpx.Response, int]:
        """Send ``request`` with retries; returns the response and the number of retries taken.

        The body of a success is read (within ``max_response_size``) unless ``stream``; an error
        body always is. Every failure ends in one of our exceptions.
        """
        retries_done = 0
        while True:
            self._log_request(request, retries_done)
            can_retry = retries_done < self.max_retries
            try:
                response, retry = self._attempt(request, stream=stream, can_retry=can_retry)
            except httpx.RequestError as exc:
                if not (can_retry and self._should_retry_error(request, exc)):
                    raise _request_error(request, exc) from exc
                delay = self._retry_delay(retries_done, None)
                _log_retry(request, delay, f"{type(exc).__name__}: {exc}")
            else:
                if not retry:
                    if _is_error(response):
                        self._raise_for_status(response)
                    return response, retries_done
                response.close()
                delay = self._retry_delay(retries_done, response.headers)
                _log_retry(request, delay, f"status {response.status_code}")
            self._sleep(delay)
            retries_done += 1

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
        response, retries = self._send(request, stream=RESPONSE_MODE.get() == "streamed")
        return cast(_T, self._answer(response, retries, self._parser(cast_to, response)))

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
        binary: bool = False,
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
        response, retries = self._send(request, stream=True)
        stream: Stream[_T] = Stream(
            response=response,
            parse=lambda data: cast(_T, self._validate(cast_to, data, response)),
            expect_done=expect_done,
        )
        return cast(
            "Stream[_T]", self._answer(response, retries, lambda to: stream, is_stream=True, binary=binary)
        )

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
    ) -> BinaryAPIResponse:
        """Send one request and return the :class:`BinaryAPIResponse` (redirects followed)."""
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
        response, retries = self._send(request, stream=RESPONSE_MODE.get() == "streamed")
        return cast(BinaryAPIResponse, self._binary_answer(response, retries, accept))

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
    ) -> SyncCursorPagination[_T]:
        """Send one request for a cursor page of ``item``s (``cast_to`` is the page's model);
        iterating the :class:`SyncCursorPagination` fetches the next pages with the cursor parameter set."""
        from ._pagination import SyncCursorPagination

        def fetch(cursor: str | None, stream: bool = False) -> tuple[httpx.Response, int]:
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
            return self._send(request, stream=stream)

        def page_of(response: httpx.Response) -> SyncCursorPagination[_T]:
            return SyncCursorPagination(self._parse(cast_to, response), page, lambda c: page_of(fetch(c)[0]))

        response, retries = fetch(None, stream=RESPONSE_MODE.get() == "streamed")
        return cast(
            "SyncCursorPagination[_T]", self._answer(response, retries, self._page_parser(page_of, response))
        )

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
    _api_response_class = AsyncAPIResponse
    _binary_classes = (AsyncBinaryAPIResponse, AsyncStreamedBinaryAPIResponse)

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        max_response_size: int | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
        )
        self._sleep: Callable[[float], Awaitable[None]] = _default_async_sleep

    def _new_http_client(self) -> httpx.AsyncClient:
        from ._transport import DefaultAsyncHttpxClient

        return DefaultAsyncHttpxClient(timeout=self.timeout)

    async def _attempt(
        self, request: httpx.Request, *, stream: bool, can_retry: bool
    ) -> tuple[httpx.Response, bool]:
        """Async twin of :meth:`SyncAPIClient._attempt`."""
        deadline = AttemptDeadline(request)
        token = CURRENT_ATTEMPT.set(deadline)
        try:
            response = await self._client.send(request, stream=True, follow_redirects=True)
            self._log_response(response)
            retry = can_retry and self._should_retry_response(request, response)
            if not retry and (not stream or _is_error(response)):
                await _aread_body(response, deadline, self.max_response_size)
            return response, retry
        finally:
            CURRENT_ATTEMPT.reset(token)

    async def _send(self, request: httpx.Request, *, stream: bool) -> tuple[httpx.Response, int]:
        """Async twin of :meth:`SyncAPIClient._send`."""
        retries_done = 0
        while True:
            self._log_request(request, retries_done)
            can_retry = retries_done < self.max_retries
            try:
                response, retry = await self._attempt(request, stream=stream, can_retry=can_retry)
            except httpx.RequestError as exc:
                if not (can_retry and self._should_retry_error(request, exc)):
                    raise _request_error(request, exc) from exc
                delay = self._retry_delay(retries_done, None)
                _log_retry(request, delay, f"{type(exc).__name__}: {exc}")
            else:
                if not retry:
                    if _is_error(response):
                        self._raise_for_status(response)
                    return response, retries_done
                await response.aclose()
                delay = self._retry_delay(retries_done, response.headers)
                _log_retry(request, delay, f"status {response.status_code}")
            await self._sleep(delay)
            retries_done += 1

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
        response, retries = await self._send(request, stream=RESPONSE_MODE.get() == "streamed")
        return cast(_T, self._answer(response, retries, self._parser(cast_to, response)))

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
        binary: bool = False,
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
        response, retries = await self._send(request, stream=True)
        stream: AsyncStream[_T] = AsyncStream(
            response=response,
            parse=lambda data: cast(_T, self._validate(cast_to, data, response)),
            expect_done=expect_done,
        )
        return cast(
            "AsyncStream[_T]",
            self._answer(response, retries, lambda to: stream, is_stream=True, binary=binary),
        )

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
    ) -> AsyncBinaryAPIResponse:
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
        response, retries = await self._send(request, stream=RESPONSE_MODE.get() == "streamed")
        return cast(AsyncBinaryAPIResponse, self._binary_answer(response, retries, accept))

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
        :class:`AsyncCursorPagination`, or ``async for`` over the items of every page."""
        from ._pagination import AsyncCursorPagination, AsyncPaginator

        async def fetch(cursor: str | None, stream: bool = False) -> tuple[httpx.Response, int]:
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
            return await self._send(request, stream=stream)

        def page_of(response: httpx.Response) -> AsyncCursorPagination[_T]:
            return AsyncCursorPagination(self._parse(cast_to, response), page, next_page)

        async def next_page(cursor: str) -> AsyncCursorPagination[_T]:
            return page_of((await fetch(cursor))[0])

        async def first() -> AsyncCursorPagination[_T]:
            response, retries = await fetch(None, stream=RESPONSE_MODE.get() == "streamed")
            return cast(
                "AsyncCursorPagination[_T]",
                self._answer(response, retries, self._page_parser(page_of, response)),
            )

        return AsyncPaginator(first)

    async def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.close()
