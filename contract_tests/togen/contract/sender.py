"""Sending cases within the live-mode budget: the auth header, the request budget
(`BudgetExhausted` ends the run), the rate limit, the request count, and the secret kept
out of every message and `curl` (`$TOGETHER_API_KEY` stands in for it)."""

from __future__ import annotations

import time

import requests
import schemathesis
from schemathesis import Case, GenerationMode

from togen.contract.options import RunOptions

SECRET_PLACEHOLDER = "$TOGETHER_API_KEY"


class BudgetExhausted(Exception):
    pass


class Sender:
    """Sends cases: auth header, request budget, rate limit, statistics. Never logs the key."""

    def __init__(self, options: RunOptions, token: str) -> None:
        self.options = options
        self.token = token
        self.session = requests.Session()
        self.count = 0
        self._last = 0.0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def send(self, case: Case, headers: dict[str, str] | None = None) -> schemathesis.Response:
        limit = self.options.max_requests
        if limit is not None and self.count >= limit:
            raise BudgetExhausted(f"request budget of {limit} exhausted")
        if self.options.rate_limit:
            wait = self._last + 1.0 / self.options.rate_limit - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
        self.count += 1
        return case.call(
            base_url=self.options.base_url,
            session=self.session,
            headers=self.headers if headers is None else headers,
            timeout=self.options.timeout,
            allow_redirects=False,
        )

    def scrub(self, text: str) -> str:
        if self.token:
            text = text.replace(self.token, SECRET_PLACEHOLDER)
        text = text.replace("'Authorization: [Filtered]'", f'"Authorization: Bearer {SECRET_PLACEHOLDER}"')
        return text.replace("[Filtered]", SECRET_PLACEHOLDER)

    def curl(self, case: Case, headers: dict[str, str] | None = None) -> str:
        try:
            command = case.as_curl_command(
                headers=self.headers if headers is None else headers, base_url=self.options.base_url
            )
        except Exception as exc:  # pragma: no cover - curl rendering is best effort
            command = f"# (no curl: {exc})"
        return self.scrub(command)


def sendable(case: Case, mode: GenerationMode) -> bool:
    """Whether a generated case reaches the server as generated. Multipart parts are text:
    a negative case whose violation is a part of another type (`false`, `[]`, `{}`, a
    number where a string belongs) arrives as a valid string or not at all, so the server
    is right to accept it; such cases are not sent."""
    if mode.is_positive or not (case.media_type or "").startswith("multipart/"):
        return True
    if not isinstance(case.body, dict):
        return True
    return all(isinstance(value, str | bytes) for value in case.body.values())
