"""Turning the raw request into values: parameter strings coerced to their schema's scalar
type, multipart bodies parsed into text fields and file parts, and multipart text read as
the JSON value its schema accepts. Validation is the handler's (handler.py)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from togen.mock.engine.call import Call, Message, MockError
from togen.mock.engine.validation import Schemas
from togen.spec.ir import Parameter
from togen.spec.view import SchemaView

# The multipart parser logs a warning for each malformed body before raising; the mock
# answers that body with a 400 naming the problem, so the log line is only noise (with no
# handler configured it lands on stderr, in the middle of a contract run's output).
logging.getLogger("python_multipart.multipart").setLevel(logging.ERROR)


def scalar_type(view: SchemaView) -> str | None:
    """The JSON type a parameter's text is read as: its first non-null type, else the first
    one a branch or `allOf` part declares."""
    if view.type is not None:
        return view.type
    for part in (*view.branches, *view.all_of):
        found = scalar_type(part)
        if found:
            return found
    return None


_INT = re.compile(r"^-?\d+$")


def _coerce(value: str, kind: str | None) -> Any:
    if kind == "integer" and _INT.match(value):
        return int(value)
    if kind == "number":
        try:
            return float(value) if not _INT.match(value) else int(value)
        except ValueError:
            return value
    if kind == "boolean" and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return value


@dataclass
class ParamSpec:
    param: Parameter
    kind: str | None
    item_kind: str | None

    @classmethod
    def of(cls, param: Parameter, schemas: Schemas) -> ParamSpec:
        view = schemas.view(param.schema)
        kind = scalar_type(view)
        item_kind = scalar_type(view.items) if kind == "array" and view.items is not None else None
        return cls(param, kind, item_kind)

    def read(self, raw: list[str]) -> Any:
        if self.kind == "array":
            values = raw
            if len(raw) == 1 and not self.param.explode:
                values = raw[0].split(",")
            return [_coerce(v, self.item_kind) for v in values]
        return _coerce(raw[-1], self.kind)


def json_or_text(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text


def form_values(
    fields: dict[str, Any], props: dict[str, Any], binary: set[str], schemas: Schemas
) -> dict[str, Any]:
    """Multipart fields are text: each takes the first reading its schema accepts (the
    text, its JSON value such as `3`, `0.5`, `true`, `{...}`, or a one-item list)."""
    out: dict[str, Any] = {}
    for name, raw in fields.items():
        schema = props.get(name)
        if schema is None or name in binary:
            out[name] = raw
            continue
        texts = raw if isinstance(raw, list) else [raw]
        readings = [json_or_text(t) for t in texts]
        candidates = [raw, readings] if isinstance(raw, list) else [raw, readings[0], [raw], readings]
        out[name] = next((c for c in candidates if schemas.is_valid(schema, c)), raw)
    return out


async def parse_multipart(call: Call, raw: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """(text fields, file parts) of a multipart body; a repeated text part becomes a list and
    each file's name is kept under `__filename__:<part>`."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    request = Request(call.scope, replay)
    try:
        form = await request.form(max_files=64, max_fields=1000)
    except MultiPartException as exc:
        raise MockError(400, f"Malformed multipart body: {exc.message}", code="invalid_multipart") from None
    except (ValueError, KeyError, AssertionError) as exc:
        raise MockError(400, f"Malformed multipart body: {exc}", code="invalid_multipart") from None
    fields: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[name] = await value.read()
            files.setdefault("__filename__:" + name, (value.filename or "").encode())
        elif name in fields:  # a repeated part: an array
            prior = fields[name]
            fields[name] = [*prior, value] if isinstance(prior, list) else [prior, value]
        else:
            fields[name] = value
    await form.close()
    return fields, files
