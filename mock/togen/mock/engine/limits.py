"""`--rate-limit N`: N requests per minute per API key, as a token bucket.

Each key has a bucket of N tokens that refills at N per minute (one token every 60/N s);
a request takes one token. With the bucket empty the answer is 429 in Together's error
shape with `Retry-After` (whole seconds, rounded up) and `retry-after-ms` (what the
OpenAI SDK and the generated client read first) saying when the next token arrives, plus
`x-ratelimit-limit` / `x-ratelimit-remaining`. Requests without a key share one bucket.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    per_minute: int
    clock: object = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str) -> float | None:
        """None when the request may go on, else the seconds until a token is available."""
        rate = self.per_minute / 60.0
        now = self.clock()  # type: ignore[operator]
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / rate

    def error_headers(self, wait: float) -> dict[str, str]:
        return {
            "Retry-After": str(max(1, math.ceil(wait))),
            "retry-after-ms": str(max(1, math.ceil(wait * 1000))),
            "x-ratelimit-limit": str(self.per_minute),
            "x-ratelimit-remaining": "0",
        }


def key_of(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
