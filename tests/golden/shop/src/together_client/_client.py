"""The `Together` and `AsyncTogether` clients (generated; do not edit).

Resources are created, and their modules imported, on first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import httpx

from ._base_client import DEFAULT_MAX_RETRIES, AsyncAPIClient, SyncAPIClient
from ._exceptions import TogetherError
from ._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from .resources.chat import (
        AsyncChat,
        AsyncChatWithRawResponse,
        AsyncChatWithStreamingResponse,
        Chat,
        ChatWithRawResponse,
        ChatWithStreamingResponse,
    )
    from .resources.items import (
        AsyncItems,
        AsyncItemsWithRawResponse,
        AsyncItemsWithStreamingResponse,
        Items,
        ItemsWithRawResponse,
        ItemsWithStreamingResponse,
    )
    from .resources.uploads import (
        AsyncUploads,
        AsyncUploadsWithRawResponse,
        AsyncUploadsWithStreamingResponse,
        Uploads,
        UploadsWithRawResponse,
        UploadsWithStreamingResponse,
    )
    from .resources.videos import (
        AsyncVideos,
        AsyncVideosWithRawResponse,
        AsyncVideosWithStreamingResponse,
        Videos,
        VideosWithRawResponse,
        VideosWithStreamingResponse,
    )

__all__ = ["AsyncTogether", "Together"]

DEFAULT_BASE_URL = "https://api.example.com"
API_KEY_ENV = "TOGETHER_API_KEY"
BASE_URL_ENV = "TOGETHER_BASE_URL"


def _api_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise TogetherError(
            f"No API key: pass api_key=... to the client or set the {API_KEY_ENV} environment variable."
        )
    return key


def _base_url(base_url: str | httpx.URL | None) -> str | httpx.URL:
    return base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


class Together(SyncAPIClient):
    """Synchronous client of the Shop.

    Args:
        api_key: defaults to the `TOGETHER_API_KEY` environment variable; required.
        base_url: the host root, defaults to `TOGETHER_BASE_URL`, else `https://api.example.com`.
            Operation paths carry their version (`/v1/...`, `/v2/...`); a trailing `/v1` is ignored.
        timeout: seconds or an `httpx.Timeout` (default 60 s, 5 s to connect); None waits forever.
            It bounds each read and also each attempt's whole body: the read timeout plus 1 s
            per 16 KiB received, so a server trickling bytes cannot hold a call forever.
        max_retries: retries of failed requests, with exponential backoff (default 2).
        default_headers: headers sent with every request.
        default_query: query parameters sent with every request.
        http_client: your own `httpx.Client` (not closed by `close()`).
        strict_response_validation: raise `APIResponseValidationError` when a response does not
            match its schema, instead of keeping the fields that do not as they came.
        max_response_size: bytes (after decompression) a body read in full may have; beyond
            it the call raises `APIResponseTooLargeError`. Default: no limit.

    `copy(...)`/`with_options(...)` give a client with some of these changed (plus
    `set_default_headers`/`set_default_query`), sharing the connection pool.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        max_response_size: int | None = None,
    ) -> None:
        super().__init__(
            api_key=_api_key(api_key),
            base_url=_base_url(base_url),
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
        )

    @property
    def chat(self) -> Chat:
        from .resources.chat import Chat

        return self._resource("chat", Chat)

    @property
    def items(self) -> Items:
        from .resources.items import Items

        return self._resource("items", Items)

    @property
    def uploads(self) -> Uploads:
        from .resources.uploads import Uploads

        return self._resource("uploads", Uploads)

    @property
    def videos(self) -> Videos:
        from .resources.videos import Videos

        return self._resource("videos", Videos)

    @property
    def with_raw_response(self) -> TogetherWithRawResponse:
        """The same resources, whose methods return the raw HTTP response (headers, status, `.parse()`)."""
        return self._resource("with_raw_response", TogetherWithRawResponse)

    @property
    def with_streaming_response(self) -> TogetherWithStreamingResponse:
        """The same resources, whose methods return a context manager of the response, its body
        read only when asked (`.iter_bytes()`, `.iter_lines()`, `.parse()`)."""
        return self._resource("with_streaming_response", TogetherWithStreamingResponse)


class TogetherWithRawResponse:
    def __init__(self, client: Together) -> None:
        self._client = client

    @property
    def chat(self) -> ChatWithRawResponse:
        return self._client.chat.with_raw_response

    @property
    def items(self) -> ItemsWithRawResponse:
        return self._client.items.with_raw_response

    @property
    def uploads(self) -> UploadsWithRawResponse:
        return self._client.uploads.with_raw_response

    @property
    def videos(self) -> VideosWithRawResponse:
        return self._client.videos.with_raw_response


class TogetherWithStreamingResponse:
    def __init__(self, client: Together) -> None:
        self._client = client

    @property
    def chat(self) -> ChatWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @property
    def items(self) -> ItemsWithStreamingResponse:
        return self._client.items.with_streaming_response

    @property
    def uploads(self) -> UploadsWithStreamingResponse:
        return self._client.uploads.with_streaming_response

    @property
    def videos(self) -> VideosWithStreamingResponse:
        return self._client.videos.with_streaming_response


class AsyncTogether(AsyncAPIClient):
    """Asynchronous client of the Shop.

    Args:
        api_key: defaults to the `TOGETHER_API_KEY` environment variable; required.
        base_url: the host root, defaults to `TOGETHER_BASE_URL`, else `https://api.example.com`.
            Operation paths carry their version (`/v1/...`, `/v2/...`); a trailing `/v1` is ignored.
        timeout: seconds or an `httpx.Timeout` (default 60 s, 5 s to connect); None waits forever.
            It bounds each read and also each attempt's whole body: the read timeout plus 1 s
            per 16 KiB received, so a server trickling bytes cannot hold a call forever.
        max_retries: retries of failed requests, with exponential backoff (default 2).
        default_headers: headers sent with every request.
        default_query: query parameters sent with every request.
        http_client: your own `httpx.AsyncClient` (not closed by `close()`).
        strict_response_validation: raise `APIResponseValidationError` when a response does not
            match its schema, instead of keeping the fields that do not as they came.
        max_response_size: bytes (after decompression) a body read in full may have; beyond
            it the call raises `APIResponseTooLargeError`. Default: no limit.

    `copy(...)`/`with_options(...)` give a client with some of these changed (plus
    `set_default_headers`/`set_default_query`), sharing the connection pool.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        max_response_size: int | None = None,
    ) -> None:
        super().__init__(
            api_key=_api_key(api_key),
            base_url=_base_url(base_url),
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
        )

    @property
    def chat(self) -> AsyncChat:
        from .resources.chat import AsyncChat

        return self._resource("chat", AsyncChat)

    @property
    def items(self) -> AsyncItems:
        from .resources.items import AsyncItems

        return self._resource("items", AsyncItems)

    @property
    def uploads(self) -> AsyncUploads:
        from .resources.uploads import AsyncUploads

        return self._resource("uploads", AsyncUploads)

    @property
    def videos(self) -> AsyncVideos:
        from .resources.videos import AsyncVideos

        return self._resource("videos", AsyncVideos)

    @property
    def with_raw_response(self) -> AsyncTogetherWithRawResponse:
        """The same resources, whose methods return the raw HTTP response (headers, status, `.parse()`)."""
        return self._resource("with_raw_response", AsyncTogetherWithRawResponse)

    @property
    def with_streaming_response(self) -> AsyncTogetherWithStreamingResponse:
        """The same resources, whose methods return a context manager of the response, its body
        read only when asked (`.iter_bytes()`, `.iter_lines()`, `.parse()`)."""
        return self._resource("with_streaming_response", AsyncTogetherWithStreamingResponse)


class AsyncTogetherWithRawResponse:
    def __init__(self, client: AsyncTogether) -> None:
        self._client = client

    @property
    def chat(self) -> AsyncChatWithRawResponse:
        return self._client.chat.with_raw_response

    @property
    def items(self) -> AsyncItemsWithRawResponse:
        return self._client.items.with_raw_response

    @property
    def uploads(self) -> AsyncUploadsWithRawResponse:
        return self._client.uploads.with_raw_response

    @property
    def videos(self) -> AsyncVideosWithRawResponse:
        return self._client.videos.with_raw_response


class AsyncTogetherWithStreamingResponse:
    def __init__(self, client: AsyncTogether) -> None:
        self._client = client

    @property
    def chat(self) -> AsyncChatWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @property
    def items(self) -> AsyncItemsWithStreamingResponse:
        return self._client.items.with_streaming_response

    @property
    def uploads(self) -> AsyncUploadsWithStreamingResponse:
        return self._client.uploads.with_streaming_response

    @property
    def videos(self) -> AsyncVideosWithStreamingResponse:
        return self._client.videos.with_streaming_response
