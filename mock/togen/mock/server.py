"""The mock's factory and its servers: `build_app` / `app_for` (the only place the
behaviours are imported, so they register once), the spec (through togen's spec cache),
logging, and uvicorn in the foreground (`serve`, on a socket bound first) or in a daemon
thread (`BackgroundServer`, a `togen.core.loopback.LoopbackServer`)."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import Any

import uvicorn

from togen.core.loopback import LoopbackServer, bind
from togen.mock.engine.app import MockApp, Settings


def build_app(spec: str | None = None, settings: Settings | None = None, **load_options: Any) -> MockApp:
    return app_for(load_api_cached(spec, **load_options), settings)


def app_for(api: Any, settings: Settings | None = None) -> MockApp:
    """The mock app serving an already-built IR: the entry point other packages use."""
    import togen.mock.behaviours  # noqa: F401  (registers the endpoint behaviours, once)

    return MockApp(api, settings)


def load_api_cached(spec: str | None = None, **load_options: Any) -> Any:
    """The IR through togen's one spec cache (`togen.spec.cache`: content-addressed JSON in
    ~/.cache/togen/specs, pruned; `TOGEN_CACHE=0` or `TOGEN_MOCK_CACHE=0` turn it off)."""
    from togen.spec.cache import load_api

    return load_api(spec, **load_options)


def configure_logging(level: int = logging.INFO) -> None:
    logger = logging.getLogger("togen.mock")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s togen.mock %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def uvicorn_config(app: MockApp, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level=kwargs.pop("log_level", "warning"),
        lifespan="on",
        timeout_graceful_shutdown=kwargs.pop("timeout_graceful_shutdown", 3),
        **kwargs,
    )


class _Server(uvicorn.Server):
    """uvicorn's server, except that a SIGINT/SIGTERM shutdown exits 0 instead of re-raising
    the signal after the graceful shutdown (a stopped mock is a success, not a crash)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            try:
                yield
            finally:
                self.stopped_by = list(self._captured_signals)
                self._captured_signals.clear()


def serve(app: MockApp, host: str = "127.0.0.1", port: int = 4010, **kwargs: Any) -> None:
    """Serve in the foreground until SIGINT/SIGTERM, then shut down gracefully and return.
    `sock`: a socket already bound to host:port (`togen mock` binds before it announces the
    address, so a taken port is an error, not a "serving…" line followed by a crash)."""
    sock = kwargs.pop("sock", None) or bind(host, port)
    server = _Server(uvicorn_config(app, host, port, **kwargs))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if getattr(server, "stopped_by", None):
        logging.getLogger("togen.mock").info("stopped")


class BackgroundServer(LoopbackServer):
    """The mock on a free loopback port in a daemon thread (for tests): `start()`, `.url`, `stop()`."""

    def __init__(self, app: MockApp, host: str = "127.0.0.1", port: int | None = None) -> None:
        super().__init__(
            app, host, port or 0, lifespan="on", timeout_graceful_shutdown=3, timeout_keep_alive=5
        )
