"""Before a run against `--base-url`: one request that proves the server is there (nothing
listening is one line and exit 2, not a failure per operation) and asks the project's
mock how it checks keys.

`togen mock` started without `--api-key` accepts any non-empty key (so the official SDKs
work with whatever key a user has) and says so in `GET /healthz` (`"auth": "any-key"`).
Against such a server an invalid token cannot be refused, so the suite skips that one
probe and says why; the missing-header probe still runs. Every other server (the live
API, a mock with `--api-key`, a server without `/healthz`) gets both auth probes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import httpx

from togen.mock.engine.context import AUTH_ANY_KEY

TIMEOUT = 10.0


class Unreachable(Exception):
    """The base URL is not a URL, or nothing answers there."""


@dataclass(frozen=True)
class Server:
    accepts_any_key: bool = False

    @property
    def note(self) -> str:
        return (
            "the server accepts any non-empty API key (its /healthz says so): "
            "the invalid-token probe is skipped, the missing-header probe runs"
        )


def reach(base_url: str) -> Server:
    """What the server at `base_url` (the host root) says of itself; Unreachable if nothing answers."""
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise Unreachable(f"--base-url {base_url!r} is not an http(s) URL")
    try:
        response = httpx.get(base_url + "/healthz", timeout=TIMEOUT, follow_redirects=False)
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise Unreachable(f"cannot reach {base_url}: {reason} (is the server running?)") from None
    try:
        data = response.json() if response.status_code == 200 else {}
    except ValueError:
        data = {}
    return Server(accepts_any_key=isinstance(data, dict) and data.get("auth") == AUTH_ANY_KEY)
