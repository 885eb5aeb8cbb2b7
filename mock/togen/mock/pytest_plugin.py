"""pytest plugin (entry point `togen_mock`): the mock server as session fixtures.

    def test_chat(mock_server):                      # "http://127.0.0.1:PORT"
        client = Together(api_key="test", base_url=mock_server)
        openai = OpenAI(api_key="test", base_url=mock_server.v1)

    def test_auth(mock_server_factory):
        url = mock_server_factory(api_key="secret")    # a second mock with its own settings

`mock_server` is a `str` (the base URL, no `/v1`) with extras: `.v1` (URL + "/v1"),
`.api_key` (a key it accepts) and `.app` (the `MockApp`, for inspecting state; None with
--togen-mock-url). The server runs uvicorn on a free 127.0.0.1 port in a daemon thread
for the whole session (one per xdist worker) and stops at the end.

Options: `--togen-mock-url URL` uses a running server instead (e.g. `togen mock` or
the live API), `--togen-mock-seed N` seeds synthesized bodies, `--togen-mock-spec PATH`
serves another spec, `--togen-mock-with-sdk` serves it merged with the together SDK's surface
(`togen mock --with-sdk`; also `mock_server_factory(with_sdk=True)`). Module imports stay
light: the server is imported on first use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

DEFAULT_TEST_KEY = "togen-test-key"


class MockURL(str):
    """The base URL of a running mock, with `.v1`, `.api_key` and `.app`."""

    v1: str
    api_key: str
    app: Any

    def __new__(cls, url: str, api_key: str = DEFAULT_TEST_KEY, app: Any = None) -> MockURL:
        value = super().__new__(cls, url.rstrip("/"))
        value.v1 = value + "/v1"
        value.api_key = api_key
        value.app = app
        return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("togen-mock", "togen mock server")
    group.addoption(
        "--togen-mock-url", default=None, help="Use a running server at URL instead of starting one."
    )
    group.addoption("--togen-mock-seed", type=int, default=0, help="Seed of the mock's synthesized bodies.")
    group.addoption(
        "--togen-mock-spec", default=None, help="Spec the mock serves (default: the locked spec)."
    )
    group.addoption(
        "--togen-mock-with-sdk",
        action="store_true",
        default=False,
        help="Serve the spec merged with the together SDK's surface (togen mock --with-sdk).",
    )


_API_CACHE: dict[tuple[str | None, bool], Any] = {}


def _api(spec: str | None, with_sdk: bool = False) -> Any:
    if (spec, with_sdk) not in _API_CACHE:
        if with_sdk:
            from togen.sdk.merge import load_with_sdk

            _API_CACHE[spec, with_sdk] = load_with_sdk(spec)
        else:
            from togen.mock.server import load_api_cached

            _API_CACHE[spec, with_sdk] = load_api_cached(spec)
    return _API_CACHE[spec, with_sdk]


class _Servers:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.running: list[Any] = []

    def start(self, with_sdk: bool | None = None, **settings: Any) -> MockURL:
        from togen.mock.engine.app import Settings
        from togen.mock.server import BackgroundServer, app_for

        settings.setdefault("seed", self.config.getoption("--togen-mock-seed"))
        settings.setdefault("access_log", False)
        if with_sdk is None:
            with_sdk = bool(self.config.getoption("--togen-mock-with-sdk"))
        api = _api(self.config.getoption("--togen-mock-spec"), with_sdk)
        app = app_for(api, Settings(**settings))
        server = BackgroundServer(app).start()
        self.running.append(server)
        return MockURL(server.url, settings.get("api_key") or DEFAULT_TEST_KEY, app)

    def stop_all(self) -> None:
        while self.running:
            self.running.pop().stop()


@pytest.fixture(scope="session")
def mock_server_factory(pytestconfig: pytest.Config) -> Iterator[Callable[..., MockURL]]:
    """Start extra mocks: `mock_server_factory(api_key="k", latency_ms=5, fault_rate=0.5)`,
    `mock_server_factory(with_sdk=True)` (default: `--togen-mock-with-sdk`)."""
    servers = _Servers(pytestconfig)
    yield servers.start
    servers.stop_all()


@pytest.fixture(scope="session")
def mock_server(pytestconfig: pytest.Config, mock_server_factory: Callable[..., MockURL]) -> MockURL:
    """Base URL of a mock serving every operation of the spec (any bearer key is accepted)."""
    external = pytestconfig.getoption("--togen-mock-url") or os.environ.get("TOGEN_MOCK_URL")
    if external:
        return MockURL(external, os.environ.get("TOGETHER_API_KEY", DEFAULT_TEST_KEY))
    return mock_server_factory()
