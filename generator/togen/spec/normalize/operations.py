"""Repairs of operations: each one made self-contained and complete.

- `$ref`s to shared parameters, request bodies, responses and headers are inlined, and
  path-level parameters are merged into each operation;
- every operation carries `x-togen-base-path` (the path of its server URL: `/videos` lives
  on the v2 server), `x-togen-server-url` and an `operationId` (unique: an id given twice is
  kept by the first operation, the other gets one derived from method and path, with a warning
  naming both);
- a body whose schema has required fields is marked required;
- path parameters are checked against the path template and marked required.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlparse

from togen.core.errors import Finding
from togen.spec.normalize.names import unique_operation_id
from togen.spec.normalize.walk import HTTP_METHODS
from togen.spec.schema import pointer, resolve_schema


def base_path_of(url: str) -> str:
    path = urlparse(url).path if "://" in url else url
    return "/" + path.strip("/") if path.strip("/") else ""


def _inlined(document: dict[str, Any], node: Any) -> Any:
    """A copy of what a `$ref` leads to, or `node` itself when it is not a reference."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return copy.deepcopy(resolve_schema(document, node))
    return node


def normalize_operations(
    document: dict[str, Any], file: str, findings: list[Finding], fatal: list[Finding]
) -> None:
    root_servers = document.get("servers") or [{"url": "/"}]
    seen_ids: set[str] = set()
    given_ids: dict[str, str] = {}  # an operationId as the spec gives it -> its first operation
    for path, item in list((document.get("paths") or {}).items()):
        if not isinstance(item, dict):
            where = pointer("paths", path)
            message = "path item is not a mapping"
            fatal.append(Finding("error", "bad-structure", message, where, file, fatal=True))
            del document["paths"][path]
            continue
        item_servers = item.get("servers")
        shared_params = [_inlined(document, p) for p in item.get("parameters") or []]
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            ptr = pointer("paths", path, method)
            servers = op.get("servers") or item_servers or root_servers
            op["x-togen-base-path"] = base_path_of(servers[0].get("url", "/"))
            op["x-togen-server-url"] = servers[0].get("url", "/")
            given = op.get("operationId")
            op["operationId"] = unique_operation_id(op, method, path, seen_ids)
            signature = f"{method.upper()} {op['x-togen-base-path']}{path}"
            if isinstance(given, str) and given:
                if given in given_ids:
                    message = (
                        f"operationId {given!r} is given twice, to {given_ids[given]} and to {signature}:"
                        f" the second is read as {op['operationId']!r}"
                    )
                    where = f"{ptr}/operationId"
                    findings.append(Finding("warning", "duplicate-operation-id", message, where))
                else:
                    given_ids[given] = signature
            params = {(p.get("in"), p.get("name")): p for p in shared_params if isinstance(p, dict)}
            for p in op.get("parameters") or []:
                p = _inlined(document, p)
                if isinstance(p, dict):
                    params[(p.get("in"), p.get("name"))] = p
            op["parameters"] = [copy.deepcopy(p) for p in params.values()]
            _check_path_parameters(path, op, ptr, file, findings, fatal)
            if "requestBody" in op:
                op["requestBody"] = _inlined(document, op["requestBody"])
                _require_body_with_required_fields(document, op["requestBody"], ptr, findings)
            responses = op.get("responses") or {}
            for status in list(responses):
                responses[status] = _inlined(document, responses[status])
                for name, header in list((responses[status].get("headers") or {}).items()):
                    responses[status]["headers"][name] = _inlined(document, header)
            op["responses"] = {str(k): v for k, v in responses.items()}
        item.pop("parameters", None)


def _require_body_with_required_fields(
    document: dict[str, Any], body: Any, ptr: str, findings: list[Finding]
) -> None:
    """A body whose schema has required properties must be sent: the spec leaves
    `requestBody.required` out on chat, completions, embeddings, rerank, speech and others, so by
    its letter a request without a body is valid, yet the API answers 400 (code_interpreter.execute
    even says `required: false`)."""
    if not isinstance(body, dict) or body.get("required") is True:
        return
    for content in (body.get("content") or {}).values():
        if resolve_schema(document, (content or {}).get("schema") or {}).get("required"):
            body["required"] = True
            findings.append(
                Finding("warning", "body-required", "the body has required fields: marked required", ptr)
            )
            return


def _check_path_parameters(
    path: str, op: dict[str, Any], ptr: str, file: str, findings: list[Finding], fatal: list[Finding]
) -> None:
    template = re.findall(r"{([^}/]+)}", path)
    declared = {p.get("name") for p in op["parameters"] if p.get("in") == "path"}
    for name in template:
        if name not in declared:
            message = f"path parameter {{{name}}} is used in {path} but not declared"
            fatal.append(Finding("error", "undeclared-path-param", message, ptr, file, fatal=True))
            op["parameters"].append({"name": name, "in": "path", "schema": {"type": "string"}})
    extra = declared - set(template)
    if extra:
        for name in sorted(n for n in extra if n):
            findings.append(
                Finding("warning", "path-param-unused", f"path parameter {name!r} not in the path", ptr)
            )
        op["parameters"] = [
            p for p in op["parameters"] if not (p.get("in") == "path" and p.get("name") in extra)
        ]
    for p in op["parameters"]:
        if p.get("in") == "path":
            p["required"] = True
