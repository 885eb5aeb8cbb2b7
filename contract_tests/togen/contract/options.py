"""How a contract run is configured: `RunOptions`, their defaults, and what live mode
(any non-loopback base URL) changes: a request budget, a rate limit, a real API key, and
read-only operations only unless --allow-write."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlparse

from hypothesis import HealthCheck, Phase, settings

from togen.spec.ir import API

DEFAULT_MAX_EXAMPLES = 10
DEFAULT_SHRINK_SECONDS = 5.0
LIVE_DEFAULT_MAX_REQUESTS = 200
LIVE_DEFAULT_RATE_LIMIT = 2.0  # requests per second
MOCK_TOKEN = "togen-contract-test-token"
LIVE_READ_ONLY = "live mode: not read-only (costs money or changes state); --allow-write runs it"


@dataclass
class RunOptions:
    base_url: str
    api_key: str | None = None
    operations: list[str] | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    negative_examples: int | None = None  # default: max_examples // 2 (at least 1)
    seed: int | None = None
    allow_write: bool = False
    max_requests: int | None = None
    rate_limit: float | None = None  # requests per second
    stateful: bool = True
    timeout: float = 30.0
    live: bool | None = None  # default: base_url is not a loopback address
    shard: tuple[int, int] | None = None  # (i, n): run shard i of n (shard.py)
    min_coverage: float | None = None  # percent; below it the run fails
    shrink_seconds: float = DEFAULT_SHRINK_SECONDS  # per failure; 0 keeps the first failing example
    accepts_any_key: bool = False  # the server says it takes any key: no invalid-token probe (preflight.py)


def normalize_base_url(url: str) -> str:
    """The host root: `http://h:4010/v1/` -> `http://h:4010`."""
    url = url.strip().rstrip("/")
    for suffix in ("/v1", "/v2"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def apply_defaults(options: RunOptions) -> RunOptions:
    """Fill in what the caller left open (in place): the host root, live mode and its
    budget and rate limit, a random seed."""
    options.base_url = normalize_base_url(options.base_url)
    if options.live is None:
        options.live = not is_loopback(options.base_url)
    if options.live and options.max_requests is None:
        options.max_requests = LIVE_DEFAULT_MAX_REQUESTS
    if options.live and options.rate_limit is None:
        options.rate_limit = LIVE_DEFAULT_RATE_LIMIT
    if options.seed is None:
        options.seed = int.from_bytes(os.urandom(4), "big")
    return options


def api_token(options: RunOptions) -> str:
    """The bearer token: --api-key, else TOGETHER_API_KEY, else (mock only) MOCK_TOKEN."""
    token = options.api_key or os.environ.get("TOGETHER_API_KEY") or ""
    if not options.live and not token:
        token = MOCK_TOKEN
    if options.live and not token:
        raise ValueError("live mode needs an API key: set TOGETHER_API_KEY")
    return token


def live_skips(api: API, allow_write: bool) -> dict[str, str]:
    """Live mode runs read-only operations only, unless --allow-write."""
    if allow_write:
        return {}
    return {op.key: LIVE_READ_ONLY for op in api.operations if op.method not in ("GET", "HEAD")}


def runs_sequences(options: RunOptions) -> bool:
    """Stateful sequences create and delete resources: never live without --allow-write."""
    return options.stateful and (not options.live or options.allow_write)


def hypothesis_settings(max_examples: int, *phases: Phase) -> settings:
    """How the suite runs hypothesis: no deadline, no example database (a run is repeatable
    from its seed alone), no health checks (slow servers are expected), one bug at a time."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=list(phases),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
