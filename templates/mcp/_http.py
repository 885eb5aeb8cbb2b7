"""The HTTP side of the MCP server: where it listens, who may call it.

Over HTTP the tools spend the API key of whoever started the server, so every request to the
MCP endpoint must carry the bearer token when one is set, and a bind off loopback without a
token is refused by `__main__` (unless `--no-auth`). `BearerGuard` is a plain ASGI middleware
around the MCP SDK's streamable-HTTP app; the SDK's DNS-rebinding guard stays on for loopback
binds. This module imports only the standard library (the SDK is imported by `server`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, MutableMapping

    from mcp.server.transport_security import TransportSecuritySettings

    Scope = MutableMapping[str, Any]
    Message = MutableMapping[str, Any]
    Receive = Callable[[], Awaitable[Message]]
    Send = Callable[[Message], Awaitable[None]]
    ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MCP_PATH = "/mcp"
LOOPBACK_HOSTS = ("127.0.0.1:*", "localhost:*", "[::1]:*")


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable only from this machine (a name other than localhost is not
    resolved: it may name any interface)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def endpoint_url(host: str, port: int) -> str:
    return f"http://{url_host(host)}:{port}{MCP_PATH}"


def token_problem(token: str) -> str | None:
    """Why `token` cannot be a bearer token (it is never part of the answer), else None."""
    if not token:
        return "is empty"
    if not all("!" <= char <= "~" for char in token):
        return "must be printable ASCII without spaces (it travels in an HTTP header)"
    return None


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port; OSError with a one-line message when it cannot be.
    It listens before the MCP SDK is imported, so clients that connect early wait in the backlog."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        raise OSError(
            f"cannot listen on {url_host(host)}:{port}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {url_host(host)}:{port}: {exc.strerror or exc}") from None
    return sock


def security_settings(host: str) -> TransportSecuritySettings | None:
    """The SDK's DNS-rebinding guard for a loopback bind (Host and Origin must be loopback
    names), including loopback addresses other than the SDK's defaults; None off loopback."""
    if not is_loopback(host):
        return None
    from mcp.server.transport_security import TransportSecuritySettings

    hosts = list(LOOPBACK_HOSTS)
    if f"{url_host(host)}:*" not in hosts:
        hosts.append(f"{url_host(host)}:*")
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=hosts,
        allowed_origins=[f"http://{name}" for name in hosts],
    )


def _digest(value: bytes) -> bytes:
    # Compared as digests: equal lengths, so compare_digest does not reveal the token's length.
    return hashlib.sha256(value).digest()


class BearerGuard:
    """ASGI middleware: requests to the MCP endpoint need `Authorization: Bearer <token>` when
    a token is set (401 with `WWW-Authenticate: Bearer` otherwise); any other path gets a 404
    naming the endpoint. Lifespan events pass through to the app."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self._expected = _digest(token.encode("ascii")) if token is not None else None

    def authorized(self, scope: Scope) -> bool:
        if self._expected is None:
            return True
        for name, value in scope.get("headers") or ():
            if name.lower() == b"authorization":
                scheme, _, given = bytes(value).strip().partition(b" ")
                if scheme.lower() != b"bearer":
                    return False
                return hmac.compare_digest(_digest(given.strip()), self._expected)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self.app(scope, receive, send)
            return
        if kind != "http":  # the endpoint is HTTP only: refuse websockets and anything else
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["path"].rstrip("/") != MCP_PATH:
            await _answer(send, 404, f"Not found: this MCP server answers at {MCP_PATH} (streamable HTTP).")
            return
        if not self.authorized(scope):
            has_header = any(name.lower() == b"authorization" for name, _ in scope.get("headers") or ())
            challenge = 'Bearer error="invalid_token"' if has_header else "Bearer"
            await _answer(
                send,
                401,
                "Unauthorized: send the server's token as 'Authorization: Bearer <token>'.",
                challenge,
            )
            return
        await self.app(scope, receive, send)


async def _answer(send: Send, status: int, text: str, challenge: str | None = None) -> None:
    body = (text + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    if challenge is not None:
        headers.append((b"www-authenticate", challenge.encode("ascii")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve(app: ASGIApp, sock: socket.socket) -> None:
    """Serve `app` on the bound socket until interrupted (uvicorn, no access log)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
