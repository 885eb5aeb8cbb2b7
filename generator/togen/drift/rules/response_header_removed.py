"""`response-header-removed`: a header the old spec said a response carries is gone (oasdiff's
`response-required-header-removed` / `response-optional-header-removed`). Clients that read
it (a rate limit, a request id, a pagination cursor) meet its absence: breaking when it was
`required: true`, potentially breaking otherwise. Header names compare case-insensitively."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from togen.drift.registry import B, P, api_rule, detector
from togen.drift.sites import Found, ResponsePair, Specs, raw_at
from togen.spec.schema import pointer

HEADER_REMOVED = api_rule(
    "response-header-removed",
    P,
    "a response header was removed (breaking when it was `required: true`)",
    "`x-ratelimit-remaining` gone from response 200",
    "{where}: header `{old}` was removed",
)


def _headers(specs: Specs, response_ptr: str, old: bool) -> dict[str, tuple[str, bool]]:
    """Header name (lower case) -> (name as written, required) of the response at `response_ptr`."""
    api = specs.old if old else specs.new
    response = raw_at(api, response_ptr)
    headers = response.get("headers") if isinstance(response, dict) else None
    if not isinstance(headers, dict):
        return {}
    found = {}
    for name, header in headers.items():
        target: Any = header
        if isinstance(header, dict) and isinstance(header.get("$ref"), str):
            target = raw_at(api, header["$ref"].removeprefix("#"))
        required = isinstance(target, dict) and target.get("required") is True
        found[str(name).lower()] = (str(name), required)
    return found


@detector("response")
def response_header_removed(pair: ResponsePair) -> Iterator[Found]:
    specs = pair.op.specs
    old_headers = _headers(specs, pair.old.pointer, old=True)
    if not old_headers:
        return
    new_headers = _headers(specs, pair.new.pointer, old=False)
    for key in sorted(set(old_headers) - set(new_headers)):
        name, required = old_headers[key]
        old_ptr = f"{pair.old.pointer}/headers{pointer(name)}"
        yield Found(
            HEADER_REMOVED, pair.where, old_ptr, pair.new.pointer, name, level=B if required else None
        )
