"""`Prefer: code=N`: answer any documented status of an operation on demand, with a body
synthesized from that status's schema (a nicer Together error object where the schema
allows one) and `Retry-After` on a 429."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from togen.mock.engine.call import STORAGE_PATH, MockError, dumps, json_response
from togen.mock.engine.context import Context
from togen.spec.ir import Operation
from togen.spec.ir import Response as SpecResponse


def requested_code(prefer: str) -> str | None:
    """The `code=` value of a Prefer header (None when it does not ask for a code)."""
    code = None
    for token in re.split(r"[,;]", prefer):
        key, _, value = token.strip().partition("=")
        if key.strip().lower() == "code":
            code = value.strip().strip('"')
    return code


def forced_response(app: Context, op: Operation, statuses: dict[str, SpecResponse], code: str) -> Response:
    """The answer with status `code`; a 400 when `op` does not document it."""
    response = statuses.get(code) or statuses.get(code[:1] + "XX") or statuses.get("default")
    if response is None or not code.isdigit():
        documented = ", ".join(statuses)
        raise MockError(
            400,
            f"Prefer: code={code} is not a documented status of {op.signature} (documented: {documented}).",
            param="Prefer",
            code="undocumented_status",
        )
    status = int(code)
    headers = {"Retry-After": "1"} if status == 429 else {}
    content = response.content("json")
    if content is not None and content.schema is not None:
        body = app.synth.generate(content.schema, f"{op.key}:{code}")
        if status >= 400 and isinstance(body, dict) and isinstance(body.get("error"), dict):
            nicer = {**body, "error": {**body["error"], **_forced_error(status)}}
            if app.schemas.is_valid(content.schema, nicer):
                body = nicer
        return json_response(dumps(body), status, headers)
    if response.kind == "redirect":
        return Response(
            status_code=status,
            headers={**headers, "Location": STORAGE_PATH + "file"},  # cached: relative
        )
    if response.contents and response.kind in ("binary", "text"):
        return Response(b"togen mock content\n", status, headers, media_type=response.contents[0].media_type)
    return Response(status_code=status, headers=headers)


def _forced_error(status: int) -> dict[str, Any]:
    kind = {
        400: "invalid_request_error",
        401: "invalid_request_error",
        403: "forbidden",
        404: "not_found",
        429: "rate_limit_exceeded",
    }.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {
        "message": f"Status {status} forced by the Prefer header.",
        "type": kind,
        "code": f"mock_{status}",
    }
