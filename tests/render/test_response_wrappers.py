"""`with_raw_response` and `with_streaming_response` of the generated client: every public method
`X` (generated or hand-written in the extension layer) has both variants, sync and async, with
`X`'s own parameters, and the hand-written ones behave as `X` does (the local check included)
against the real mock, returning the raw / streamed response types."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

import pytest

from tests.official_sdk import sdk_methods


def _attribute(obj: Any, dotted: str) -> Any:
    for part in dotted.split(".") if dotted else ():
        obj = getattr(obj, part)
    return obj


def _parameters(function: Any) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("client_class", ["Together", "AsyncTogether"])
def test_every_method_has_raw_and_streaming_variants_with_its_parameters(
    tc: ModuleType, client_class: str
) -> None:
    client = getattr(tc, client_class)(api_key="k", base_url="http://127.0.0.1:9")
    methods = list(sdk_methods(client))
    operations = importlib.import_module(f"{tc.__name__}._operations").OPERATIONS
    assert {name for name, _ in methods} == {op.key for op in operations if op.http}
    problems = []
    for dotted, method in methods:
        parent, _, leaf = dotted.rpartition(".")
        resource = _attribute(client, parent)
        expected = _parameters(method)
        variants = {
            f"{parent}.with_raw_response.{leaf}": getattr(resource.with_raw_response, leaf, None),
            f"{parent}.with_streaming_response.{leaf}": getattr(resource.with_streaming_response, leaf, None),
            f"with_raw_response.{dotted}": getattr(_attribute(client.with_raw_response, parent), leaf, None),
            f"with_streaming_response.{dotted}": getattr(
                _attribute(client.with_streaming_response, parent), leaf, None
            ),
        }
        for where, variant in variants.items():
            if variant is None:
                problems.append(f"{client_class}.{where}: missing")
            elif (found := _parameters(variant)) != expected:
                problems.append(f"{client_class}.{where}: parameters {found} != {dotted}'s {expected}")
    assert not problems, "\n".join(problems)
