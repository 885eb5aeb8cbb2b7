"""`with_raw_response` and `with_streaming_response` of the generated client: every public method
`X` (generated or hand-written in the extension layer) has both variants, sync and async, with
`X`'s own parameters, and the hand-written ones behave as `X` does (the local check included)
against the real mock, returning the raw / streamed response types."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.official_sdk import sdk_methods
from tests.recording_mock import Recorder, Seen, recording_mock


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


# --- the hand-written methods' variants against the real mock --------------------------------

KEY = "wrappers-key"
FT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    with recording_mock(KEY) as recording:
        yield recording


@pytest.fixture
def train_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "hello"}\n{"text": "world"}\n')
    return path


def _since(recorder: Recorder, start: int) -> list[Seen]:
    return recorder.seen[start:]


def _check_upload_request(seen: list[Seen], path: Path) -> None:
    (request,) = seen  # the local check sends nothing; the upload is one request
    assert (request.method, request.path, request.status) == ("POST", "/v1/files/upload", 200)
    for part in (
        b'name="purpose"\r\n\r\nfine-tune',
        b'name="file_name"\r\n\r\ntrain.jsonl',
        b'name="file_type"\r\n\r\njsonl',
    ):
        assert part in request.body
    assert path.read_bytes() in request.body


def _check_create_requests(seen: list[Seen]) -> None:
    # lora=True without lora_r: the model limits are read (parsed, not raw) for the default rank
    limits, create = seen
    assert (limits.method, limits.path, limits.status) == ("GET", "/v1/fine-tunes/models/limits", 200)
    assert (create.method, create.path, create.status) == ("POST", "/v1/fine-tunes", 200)
    body = json.loads(create.body)
    assert body["training_type"] == {
        "type": "Lora",
        "lora_r": 64,
        "lora_alpha": 128,
        "lora_dropout": 0,
        "lora_trainable_modules": "all-linear",
    } | {
        k: v
        for k, v in body["training_type"].items()
        if k not in {"type", "lora_r", "lora_alpha", "lora_dropout", "lora_trainable_modules"}
    }
    assert body["lr_scheduler"]["lr_scheduler_type"] == "linear"
    assert body["training_method"] == {"method": "dpo", "dpo_beta": 0.2} | {
        k: v for k, v in body["training_method"].items() if k not in {"method", "dpo_beta"}
    }
    assert (body["training_file"], body["model"], body["n_epochs"]) == ("file-train", FT_MODEL, 2)


CREATE = {
    "training_file": "file-train",
    "model": FT_MODEL,
    "n_epochs": 2,
    "lora": True,
    "lr_scheduler_type": "linear",
    "training_method": "dpo",
    "dpo_beta": 0.2,
}


def test_raw_and_streamed_upload_and_create_against_the_mock(
    tc: ModuleType, recorder: Recorder, train_file: Path, tmp_path: Path
) -> None:
    client = tc.Together(api_key=KEY, base_url=recorder.url, max_retries=0, strict_response_validation=True)
    response_types = importlib.import_module(f"{tc.__name__}._response")
    models = importlib.import_module(f"{tc.__name__}.models")
    file_type_error = importlib.import_module(f"{tc.__name__}.lib.files").FileTypeError

    start = len(recorder.seen)
    raw = client.files.with_raw_response.upload(file=str(train_file), purpose="fine-tune")
    assert isinstance(raw, response_types.APIResponse) and raw.status_code == 200
    uploaded = raw.parse()
    assert isinstance(uploaded, models.FileResponse) and uploaded.filename == "train.jsonl"
    _check_upload_request(_since(recorder, start), train_file)

    start = len(recorder.seen)
    with client.files.with_streaming_response.upload(train_file) as streamed:
        assert isinstance(streamed, response_types.APIResponse)
        assert not streamed.http_response.is_stream_consumed  # the body waits for parse()
        assert isinstance(streamed.parse(), models.FileResponse)
    assert streamed.is_closed
    _check_upload_request(_since(recorder, start), train_file)

    # the local check runs in both variants, before any request
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n[1]\n')
    start = len(recorder.seen)
    with pytest.raises(file_type_error, match="bad.jsonl:2"):
        client.files.with_raw_response.upload(bad)
    with (
        pytest.raises(file_type_error, match="bad.jsonl:2"),
        client.files.with_streaming_response.upload(bad),
    ):
        pass
    with pytest.raises(ValueError, match="only supported for DPO"):
        client.fine_tuning.with_raw_response.create(training_file="f", model=FT_MODEL, rpo_alpha=1.0)
    assert _since(recorder, start) == []

    start = len(recorder.seen)
    raw_job = client.fine_tuning.with_raw_response.create(**CREATE)
    assert raw_job.status_code == 200 and raw_job.headers["content-type"].startswith("application/json")
    assert isinstance(raw_job.parse(), models.FinetuneResponseTruncated)
    _check_create_requests(_since(recorder, start))

    start = len(recorder.seen)
    with client.fine_tuning.with_streaming_response.create(**CREATE) as streamed_job:
        assert json.loads(b"".join(streamed_job.iter_bytes()))["id"].startswith("ft-")
    _check_create_requests(_since(recorder, start))


def test_async_raw_and_streamed_upload_and_create_against_the_mock(
    tc: ModuleType, recorder: Recorder, train_file: Path
) -> None:
    response_types = importlib.import_module(f"{tc.__name__}._response")
    models = importlib.import_module(f"{tc.__name__}.models")

    async def calls() -> None:
        async with tc.AsyncTogether(api_key=KEY, base_url=recorder.url, max_retries=0) as client:
            start = len(recorder.seen)
            raw = await client.files.with_raw_response.upload(file=str(train_file), purpose="fine-tune")
            assert isinstance(raw, response_types.AsyncAPIResponse)
            assert isinstance(await raw.parse(), models.FileResponse)
            _check_upload_request(_since(recorder, start), train_file)

            start = len(recorder.seen)
            async with client.files.with_streaming_response.upload(train_file) as streamed:
                assert not streamed.http_response.is_stream_consumed
                assert (await streamed.parse()).filename == "train.jsonl"
            _check_upload_request(_since(recorder, start), train_file)

            start = len(recorder.seen)
            raw_job = await client.fine_tuning.with_raw_response.create(**CREATE)
            assert isinstance(await raw_job.parse(), models.FinetuneResponseTruncated)
            _check_create_requests(_since(recorder, start))

            start = len(recorder.seen)
            async with client.fine_tuning.with_streaming_response.create(**CREATE) as streamed_job:
                assert (await streamed_job.parse()).id
            _check_create_requests(_since(recorder, start))

    asyncio.run(calls())


def _upload_call(client: Any, path: Path) -> Any:
    """Call code written once, run on both clients."""
    return client.files.upload(file=path, purpose="fine-tune", check=True)


def test_the_same_call_code_on_the_official_sdk(tc: ModuleType, recorder: Recorder, train_file: Path) -> None:
    """together 3.1.1 has no raw or streamed variant of `files.upload` or `fine_tuning.create`
    (its wrappers list only the generated methods): ours add them. The plain call binds on
    both; the variants of generated methods bind and parse on both."""
    import together

    official = together.Together(api_key=KEY, base_url=recorder.url, max_retries=0)
    ours = tc.Together(api_key=KEY, base_url=recorder.url, max_retries=0)
    for wrappers in ("with_raw_response", "with_streaming_response"):
        assert not hasattr(
            getattr(official.files, wrappers), "upload"
        )  # when it appears: run ours' code on it
        assert not hasattr(getattr(official.fine_tuning, wrappers), "create")
        assert hasattr(getattr(ours.files, wrappers), "upload")
        assert hasattr(getattr(ours.fine_tuning, wrappers), "create")
    theirs, mine = _upload_call(official, train_file), _upload_call(ours, train_file)
    assert theirs.filename == mine.filename == "train.jsonl"
    for client in (official, ours):
        raw = client.files.with_raw_response.retrieve(mine.id)
        assert raw.status_code == 200 and raw.parse().id == mine.id
        with client.fine_tuning.with_streaming_response.model_limits(model_name=FT_MODEL) as streamed:
            assert streamed.parse().lora_training.default_rank == 64
