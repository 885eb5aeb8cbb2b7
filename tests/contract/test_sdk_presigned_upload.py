"""`--with-sdk`: the together SDK's presigned upload starts with `POST /v1/files` answered by a
302 that the derived document (sdk:together) describes with the headers the SDK reads. The
contract suite passes the mock's 302 and catches one that lacks a header the SDK needs."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import pytest

from togen.contract.options import MOCK_TOKEN, RunOptions
from togen.contract.results import OperationResult
from togen.contract.runner import run_contract
from togen.contract.server import mock_app, serve
from togen.sdk.merge import load_with_sdk

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Message, Receive, Send], Awaitable[None]]


@pytest.fixture(scope="module")
def api() -> Any:
    return load_with_sdk(None)


def _without_file_id(app: Asgi) -> Asgi:
    """The app, its 302 answers stripped of `X-Together-File-Id`."""

    async def wrapped(scope: Message, receive: Receive, send: Send) -> None:
        async def strip(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 302:
                message = {
                    **message,
                    "headers": [(k, v) for k, v in message["headers"] if k.lower() != b"x-together-file-id"],
                }
            await send(message)

        await app(scope, receive, strip)

    return wrapped


def _files_create(api: Any, app: Any) -> OperationResult:
    with serve(app) as url, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_contract(
            api,
            RunOptions(
                base_url=url + "/v1",
                api_key=MOCK_TOKEN,
                operations=["files.create"],
                max_examples=2,
                negative_examples=1,
                seed=3,
                stateful=False,
                shrink_seconds=0,
            ),
        )
    [operation] = result.operations
    return operation


def test_the_mocks_302_is_documented_and_passes(api: Any) -> None:
    operation = _files_create(api, mock_app(api, seed=0, api_key=MOCK_TOKEN))
    assert operation.failures == []
    assert operation.statuses.get("302", 0) > 0


def test_a_302_without_the_file_id_header_fails(api: Any) -> None:
    operation = _files_create(api, _without_file_id(mock_app(api, seed=0, api_key=MOCK_TOKEN)))
    assert [(f.check, f.status) for f in operation.failures] == [("response_headers_conformance", 302)]
    assert "X-Together-File-Id" in operation.failures[0].message
