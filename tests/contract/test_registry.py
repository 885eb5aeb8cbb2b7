"""The check registry: one list, in report order; a name that is not registered is an error."""

from __future__ import annotations

import json
from typing import Any

import pytest

from togen.contract.checks import CHECKS, CheckTarget
from togen.contract.mutation import ALL_MUTATIONS, MUTATIONS, FaultProxy
from togen.contract.options import RunOptions
from togen.contract.registry import Registry, UnknownCheck
from togen.contract.runner import ContractRunner
from togen.spec.pipeline import resolve_spec

REPORTED = [
    "not_a_server_error",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "status_code_conformance",
    "sse_conformance",
    "streaming_requested",
    "binary_conformance",
    "error_shape",
    "ignored_auth",
    "missing_required_header",
    "use_after_free",
    "ensure_resource_availability",
]


@pytest.fixture(scope="module")
def api() -> Any:
    return resolve_spec(None).api


def test_every_check_is_registered_once_in_report_order() -> None:
    assert CHECKS.names() == REPORTED
    assert CHECKS.names("auth") == ["ignored_auth", "missing_required_header"]
    assert CHECKS.names("stateful") == ["use_after_free", "ensure_resource_availability"]
    assert all(CHECKS.get(name).doc for name in REPORTED), "every check says what it checks"


def test_the_runner_runs_and_reports_the_registry(api: Any) -> None:
    runner = ContractRunner(api, RunOptions(base_url="http://127.0.0.1:1", seed=1))
    assert runner.check_names == CHECKS.names()
    assert [c.__name__ for c in runner.checks] == CHECKS.names("response")


def test_an_unregistered_check_name_is_an_error(api: Any) -> None:
    with pytest.raises(UnknownCheck, match="no contract check named 'not_a_check'"):
        CHECKS.get("not_a_check")
    with pytest.raises(UnknownCheck):
        CHECKS.require(["sse_conformance", "not_a_check"])
    target = CheckTarget(api.document, {})
    with pytest.raises(UnknownCheck):
        CHECKS.bind(target, ["not_a_check"])
    with pytest.raises(UnknownCheck, match="auth check"):
        CHECKS.bind(target, ["ignored_auth"])  # not a response check: never silently left out


def test_a_name_registers_once() -> None:
    registry = Registry()

    @registry.check()
    def one(target: Any, ctx: Any, response: Any, case: Any) -> None:
        """A check."""

    with pytest.raises(ValueError, match="twice"):
        registry.check(name="one")(one)
    with pytest.raises(ValueError, match="kind"):
        registry.check("sometimes")  # type: ignore[arg-type]
    assert registry.names() == ["one"] and "one" in registry and "two" not in registry


def test_every_mutation_names_registered_checks() -> None:
    assert list(MUTATIONS) == ALL_MUTATIONS
    for caught_by in MUTATIONS.values():
        assert caught_by and all(name in CHECKS for name in caught_by)


# ----------------------------------------------------------------------------- SSE mutants


def chat_stream(*events: str) -> bytes:
    return "".join(f"data: {e}\n\n" for e in events).encode()


def test_stream_mutants_are_byte_for_byte(api: Any) -> None:
    """The proxy rewrites streams through togen.core.sse; the mutants are exactly these bytes."""
    proxy = FaultProxy(api, "http://127.0.0.1:1", "t")
    op = api.operation("chat.completions.create")
    first = json.dumps({"id": "c1", "object": "chat.completion.chunk", "choices": []})
    second = json.dumps({"id": "c2", "object": "chat.completion.chunk", "choices": []})
    good = chat_stream(first, second, "[DONE]")
    assert proxy.mutate_stream(op, "sse_without_done", good) == chat_stream(first, second)
    assert proxy.mutate_stream(op, "sse_error_event", good) == chat_stream(
        first, '{"error": {"message": "injected mid-stream error"}}', second, "[DONE]"
    )
    name, wrong = proxy.resolver.typed_field(op.streaming.stream_chunk_schema)  # type: ignore[misc,union-attr]
    broken = json.dumps({**json.loads(first), name: wrong})
    assert proxy.mutate_stream(op, "sse_invalid_chunk", good) == chat_stream(broken, second, "[DONE]")
    # CRLF line ends and a last block without its blank line come back in the one shape.
    assert proxy.mutate_stream(op, "sse_without_done", good.replace(b"\n", b"\r\n")[:-2]) == chat_stream(
        first, second
    )


def test_typed_events_are_kept_and_not_taken_for_chunks(api: Any) -> None:
    proxy = FaultProxy(api, "http://127.0.0.1:1", "t")
    op = api.operation("chat.completions.create")
    text = b'event: response.created\ndata: {"type": "response.created"}\n\ndata: {"a": 1}\n\n'
    mutated = proxy.mutate_stream(op, "sse_invalid_chunk", text)
    assert mutated.startswith(b'event: response.created\ndata: {"type": "response.created"}\n\n')
    assert b'data: {"a": 1}' not in mutated
