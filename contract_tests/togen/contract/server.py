"""The servers a contract run talks to in-process: the project's mock (mock/) built from
the same IR, and any ASGI app (the mock, the mutation proxy) on a loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from togen.core.loopback import LoopbackServer


@contextlib.contextmanager
def serve(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Yield the base URL (`http://127.0.0.1:PORT`) while `app` is being served."""
    with LoopbackServer(app, host) as server:
        yield server.url


def mock_app(api: Any, seed: int = 0, api_key: str | None = None) -> Any:
    """The project's mock server (mock/) as an ASGI app, built from the same IR. With
    `api_key` it accepts that bearer token only (so the auth probes mean something)."""
    from togen.mock.engine.app import Settings
    from togen.mock.server import app_for

    return app_for(api, Settings(seed=seed, api_key=api_key, access_log=False))
