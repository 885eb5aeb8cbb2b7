"""MockTransport clients of the generated package (`tc`, from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

PACKAGE = "together_client"
API_KEY = "sk-client-SECRET-0987654321"


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def client_for(tc: ModuleType) -> Callable[..., Any]:
    """client_for(handler, **options) -> Together over httpx.MockTransport, no real sleeping."""

    def factory(handler: Handler, *, is_async: bool = False, **options: Any) -> Any:
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", "https://api.example.test")
        if is_async:
            client = tc.AsyncTogether(
                http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **options
            )

            async def no_sleep(_seconds: float) -> None:
                return None

            client._sleep = no_sleep
        else:
            client = tc.Together(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options)
            client._sleep = lambda _seconds: None
        return client

    return factory
