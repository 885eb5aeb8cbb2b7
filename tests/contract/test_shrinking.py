"""Failing examples are shrunk by hypothesis within a time bound: the curl of a failure is
the smallest request that still fails, and the report says when shrinking was cut short.

The server under test is a small one of our own (not Together's API): it answers 500 to
any item with `count >= 10` and 200 otherwise, so the minimal failing request is known."""

from __future__ import annotations

import asyncio
import json
import warnings
from typing import Any

import pytest

from togen.contract.options import RunOptions
from togen.contract.report import to_junit, to_markdown
from togen.contract.results import FailureRecord, RunResult
from togen.contract.runner import ContractRunner
from togen.contract.server import serve
from togen.spec.pipeline import resolve_spec

SPEC = """
openapi: 3.1.0
info: {title: Items, version: "1.0"}
servers: [{url: "http://localhost/v1"}]
paths:
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, count, tags]
              properties:
                name: {type: string}
                count: {type: integer, minimum: 0}
                tags: {type: array, items: {type: string}}
                note: {type: string}
      responses:
        "200":
          description: created
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: string}}}
        "400":
          description: invalid
          content:
            application/json:
              schema: {type: object}
"""
MINIMAL = '{"count": 10, "name": "", "tags": []}'


def items_server(delay: float = 0.0) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        valid = (
            isinstance(data, dict)
            and isinstance(data.get("name"), str)
            and isinstance(data.get("count"), int | float)
            and not isinstance(data.get("count"), bool)
            and data["count"] >= 0
            and isinstance(data.get("tags"), list)
        )
        if not valid:
            status, answer = 400, {"error": {"message": "invalid item"}}
        elif data["count"] >= 10:  # type: ignore[index]
            await asyncio.sleep(delay)
            status, answer = 500, {"error": {"message": "count overflow"}}
        else:
            status, answer = 200, {"id": "item-1"}
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": json.dumps(answer).encode()})

    return app


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("spec") / "items.yaml"
    path.write_text(SPEC)
    return resolve_spec(str(path)).api


def run(api: Any, shrink_seconds: float, delay: float = 0.0, examples: int = 30) -> RunResult:
    with serve(items_server(delay)) as url, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        options = RunOptions(
            url, operations=["items.*"], max_examples=examples, negative_examples=0, seed=3,
            shrink_seconds=shrink_seconds,
        )  # fmt: skip
        return ContractRunner(api, options).run()


def server_error(result: RunResult) -> FailureRecord:
    (op,) = result.operations
    return next(f for f in op.failures if f.check == "not_a_server_error")


def test_a_failure_is_shrunk_to_the_smallest_failing_request(api: Any) -> None:
    # Shrinking takes 1-2 s; a bound no busy machine reaches, so it is never cut short here.
    result = run(api, shrink_seconds=600)
    failure = server_error(result)
    assert f"-d '{MINIMAL}'" in failure.curl, failure.curl
    assert failure.shrinking is not None and failure.shrinking.startswith("shrunk ("), failure.shrinking
    assert MINIMAL in to_markdown(result) and failure.shrinking in to_markdown(result)
    assert failure.shrinking in to_junit(result)


def test_without_shrinking_the_first_failing_example_is_kept(api: Any) -> None:
    failure = server_error(run(api, shrink_seconds=0))
    assert MINIMAL not in failure.curl and failure.shrinking is None


def test_shrinking_is_bounded_by_time_and_says_so(api: Any) -> None:
    result = run(api, shrink_seconds=0.3, delay=0.05, examples=8)
    failure = server_error(result)
    assert failure.shrinking is not None
    assert failure.shrinking.startswith("shrinking cut short after 0.3 s"), failure.shrinking
    assert "smallest so far" in to_markdown(result)
