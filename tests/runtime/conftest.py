"""Build a throwaway package from templates/runtime/*.py (plus a stub _version.py) and import it.

The runtime is tested on its own, before and independently of any generated client.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import httpx
import pytest

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PACKAGE = "togen_runtime_under_test"
API_KEY = "sk-test-SECRET-1234567890"


@pytest.fixture(scope="session")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The runtime modules, imported from a package assembled in a temporary directory."""
    root = tmp_path_factory.mktemp("runtime_pkg")
    pkg = root / PACKAGE
    pkg.mkdir()
    for src in sorted(RUNTIME_DIR.glob("*.py")):
        shutil.copy(src, pkg / src.name)
    (pkg / "_version.py").write_text('__version__ = "9.8.7"\n')
    (pkg / "__init__.py").write_text("")
    sys.path.insert(0, str(root))
    try:
        modules: dict[str, ModuleType] = {}
        for name in (
            "_types",
            "_exceptions",
            "_files",
            "_response",
            "_streaming",
            "_timeouts",
            "_base_client",
            "_transport",
            "_aiohttp",
        ):
            modules[name.lstrip("_")] = importlib.import_module(f"{PACKAGE}.{name}")
        yield SimpleNamespace(package=PACKAGE, **modules)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that answers from a list of responses and records every request."""

    def __init__(self, *responses: httpx.Response | Exception | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(item, Exception):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        return item

    @property
    def calls(self) -> int:
        return len(self.requests)


@pytest.fixture
def recorder() -> type[Recorder]:
    return Recorder


@pytest.fixture
def make_client(rt: SimpleNamespace) -> Callable[..., Any]:
    """make_client(handler, **options) -> a SyncAPIClient over httpx.MockTransport with a fake clock."""

    def factory(handler: Handler, **options: Any) -> Any:
        http_client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", "https://api.example.test")
        client = rt.base_client.SyncAPIClient(http_client=http_client, **options)
        client.sleeps = []
        client._sleep = client.sleeps.append
        client._random = lambda: 0.0
        return client

    return factory


@pytest.fixture
def make_async_client(rt: SimpleNamespace) -> Callable[..., Any]:
    def factory(handler: Handler, **options: Any) -> Any:
        http_client = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", "https://api.example.test")
        client = rt.base_client.AsyncAPIClient(http_client=http_client, **options)
        client.sleeps = []

        async def fake_sleep(seconds: float) -> None:
            client.sleeps.append(seconds)

        client._sleep = fake_sleep
        client._random = lambda: 0.0
        return client

    return factory
