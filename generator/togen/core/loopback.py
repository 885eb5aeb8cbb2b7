"""Serving an ASGI app on a loopback port: the one helper the mock, the contract suite
(mock + mutation proxy) and the tests use.

The socket is bound *before* uvicorn starts and handed to it, so there is no window in
which another process can take the port (the race of "find a free port, then serve on
it"), and a port that is taken or invalid fails at `bind()` with one clear message.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any, Literal

import uvicorn


class PortError(OSError):
    """A host:port that cannot be bound (taken, out of range, not an address of this host)."""


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening-ready TCP socket bound to host:port (0: any free port)."""
    if not 0 <= port <= 65535:
        raise PortError(f"port {port} is out of range (0-65535)")
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets; without it every
    # keep-alive response stalls ~40 ms (Nagle + delayed ACK).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago, for a server in *another process* that takes a
    `--port` (in-process servers use `LoopbackServer`, which keeps its socket)."""
    with bind(host) as sock:
        port: int = sock.getsockname()[1]
        return port


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class LoopbackServer:
    """`app` served by uvicorn in a daemon thread on an already-bound socket.

    with LoopbackServer(app) as server:
        httpx.get(server.url + "/healthz")
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        lifespan: Literal["auto", "on", "off"] = "off",
        **config: Any,
    ) -> None:
        self.app = app
        self.socket = bind(host, port)
        self.host, self.port = self.socket.getsockname()[:2]
        self.server = uvicorn.Server(
            uvicorn.Config(
                app,
                log_level=config.pop("log_level", "warning"),
                access_log=False,
                lifespan=lifespan,
                timeout_keep_alive=config.pop("timeout_keep_alive", 30),
                **config,
            )
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, name=f"togen-{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        return url_of(self.socket)

    def start(self, timeout: float = 15.0) -> LoopbackServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.socket.close()
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_for_http(
    url: str,
    *,
    timeout: float = 30.0,
    process: subprocess.Popen[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> float:
    """Poll `url` until it answers with any status below 500; the seconds it took. Fails
    early, with the exit code, when the server `process` has already exited."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
    start = time.monotonic()
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with direct.open(request, timeout=2) as answer:
                if answer.status < 500:
                    return time.monotonic() - start
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return time.monotonic() - start
        except OSError:
            pass
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"no answer from {url} after {timeout:.0f} s")
        time.sleep(0.02)


def stop_process(process: subprocess.Popen[Any], timeout: float = 5.0, sig: int = signal.SIGTERM) -> None:
    """Ask a server process to stop (`sig`), then kill it if it has not within `timeout`."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def server_process(
    command: list[str],
    ready_url: str,
    *,
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
    **popen: Any,
) -> Iterator[subprocess.Popen[Any]]:
    """A server started as another process, yielded once `ready_url` answers, stopped after."""
    process = subprocess.Popen(command, **popen)
    try:
        wait_for_http(ready_url, timeout=timeout, process=process, headers=headers)
        yield process
    finally:
        stop_process(process)
