"""Helpers for drift tests: tiny specs written here, loaded through the real pipeline."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from togen.drift.model import Report
from togen.drift.operation_walk import diff_apis
from togen.spec.ir import API
from togen.spec.pipeline import resolve_spec


def make_spec(
    paths: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    server: str = "https://api.example.com/v1",
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Fixture", "version": "1.0.0"},
        "servers": [{"url": server}],
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }


def body_op(
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    *,
    method: str = "post",
    path: str = "/things",
    parameters: list[dict[str, Any]] | None = None,
    status: str = "200",
) -> dict[str, Any]:
    """A spec with one operation taking `request` as JSON body and answering `response`."""
    op: dict[str, Any] = {"operationId": "thing", "responses": {}}
    if request is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": request}}}
    if parameters:
        op["parameters"] = parameters
    op["responses"][status] = {"description": "ok"}
    if response is not None:
        op["responses"][status]["content"] = {"application/json": {"schema": response}}
    return {path: {method: op}}


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


Loader = Callable[[dict[str, Any]], API]


@pytest.fixture
def load_api(tmp_path: Path) -> Loader:
    counter = iter(range(10_000))

    def load(document: dict[str, Any]) -> API:
        path = tmp_path / f"spec{next(counter)}.json"
        path.write_text(json.dumps(document))
        return resolve_spec(str(path), verify_lock=False, overlays=[]).api

    return load


Differ = Callable[[dict[str, Any], dict[str, Any]], Report]


@pytest.fixture
def drift(load_api: Loader) -> Differ:
    def run(old: dict[str, Any], new: dict[str, Any]) -> Report:
        return diff_apis(load_api(copy.deepcopy(old)), load_api(copy.deepcopy(new)))

    return run


def kinds(report: Report) -> set[tuple[str, str]]:
    """{(kind, level)} of a report's API changes."""
    return {(c.kind, c.level) for c in report.changes}


def only(report: Report, kind: str) -> list[Any]:
    return [c for c in report.changes if c.kind == kind]
