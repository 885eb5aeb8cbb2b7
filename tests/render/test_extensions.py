"""The typed extension layer (templates/extensions/*.py -> `together_client.lib`): the official
SDK's `files.upload(path)` and `fine_tuning.create(lora=..., ...)` over the generated methods,
checked through an `httpx.MockTransport` that records what they send."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from togen.render.client.extensions import extensions_for, generated_name
from togen.spec.pipeline import load_api_uncached

LIMITS = {"model_name": "m", "lora_training": {"default_rank": 32, "max_batch_size": 8}}


@pytest.fixture
def recorded(tc: ModuleType) -> tuple[Any, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/models/limits"):
            return httpx.Response(200, json=LIMITS)
        return httpx.Response(200, json={"id": "ft-1", "object": "file"})

    transport = httpx.MockTransport(answer)
    client = tc.Together(api_key="k", base_url="http://x.test", http_client=httpx.Client(transport=transport))
    return client, sent


def _body(request: httpx.Request) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(request.content)
    return data


def test_upload_checks_the_local_file_before_any_request(
    recorded: Any, tc: ModuleType, tmp_path: Path
) -> None:
    client, sent = recorded
    error = importlib.import_module("together_client.lib.files").FileTypeError
    with pytest.raises(error, match="not found"):
        client.files.upload(tmp_path / "missing.jsonl")
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n[1, 2]\n')
    with pytest.raises(error, match="bad.jsonl:2: each line must be a JSON object"):
        client.files.upload(tmp_path / "bad.jsonl")
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(error, match="empty"):
        client.files.upload(tmp_path / "empty.jsonl")
    (tmp_path / "data.txt").write_text("x")
    with pytest.raises(error, match="extension"):
        client.files.upload(tmp_path / "data.txt")
    with pytest.raises(ValueError, match="purpose"):
        client.files.upload(tmp_path / "bad.jsonl", purpose="nonsense")
    assert sent == []
    (tmp_path / "bad.jsonl").write_text("not json\n")
    client.files.upload(tmp_path / "bad.jsonl", check=False)  # as the official SDK: no content check
    assert len(sent) == 1


def test_upload_sends_the_path_as_the_specs_multipart_body(recorded: Any, tmp_path: Path) -> None:
    client, sent = recorded
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "hello"}\n')
    assert client.files.upload(str(path), purpose="eval").id == "ft-1"
    (request,) = sent
    assert (request.method, request.url.path) == ("POST", "/v1/files/upload")
    body = request.content
    for part in (
        b'name="purpose"\r\n\r\neval',
        b'name="file_name"\r\n\r\ntrain.jsonl',
        b'name="file_type"\r\n\r\njsonl',
    ):
        assert part in body
    assert b'{"text": "hello"}' in body


def test_fine_tuning_create_maps_the_official_parameters(recorded: Any) -> None:
    client, sent = recorded
    client.fine_tuning.create(
        training_file="file-1",
        model="m",
        lora=True,
        lora_r=8,
        lora_dropout=0.1,
        n_epochs=3,
        learning_rate=1e-4,
        lr_scheduler_type="linear",
        min_lr_ratio=0.1,
        warmup_ratio=0.2,
        train_on_inputs=False,
        early_stopping_enabled=True,
        early_stopping_patience=2,
        gradient_accumulation_steps=4,
    )
    body = _body(sent[-1])
    assert (sent[-1].method, sent[-1].url.path) == ("POST", "/v1/fine-tunes")
    assert body["training_type"] == {
        "type": "Lora",
        "lora_r": 8,
        "lora_alpha": 16,
        "lora_dropout": 0.1,
        "lora_trainable_modules": "all-linear",
    }
    assert body["lr_scheduler"] == {"lr_scheduler_type": "linear", "lr_scheduler_args": {"min_lr_ratio": 0.1}}
    assert body["training_method"] == {"method": "sft", "train_on_inputs": False}
    assert (body["n_epochs"], body["learning_rate"], body["warmup_ratio"]) == (3, 1e-4, 0.2)
    # not in the spec's body, sent as the official SDK sends them
    assert (body["early_stopping_enabled"], body["early_stopping_patience"]) == (True, 2)
    assert body["gradient_accumulation_steps"] == 4
    assert "lora" not in body and "lora_r" not in body and "verbose" not in body


def test_fine_tuning_create_defaults_and_dpo(recorded: Any) -> None:
    client, sent = recorded
    client.fine_tuning.create(training_file="file-1", model="m")
    body = _body(sent[-1])
    assert "training_type" not in body  # lora=None: the server decides, as in the official SDK
    assert body["lr_scheduler"] == {
        "lr_scheduler_type": "cosine",
        "lr_scheduler_args": {"min_lr_ratio": 0.0, "num_cycles": 0.5},
    }
    assert body["training_method"] == {"method": "sft", "train_on_inputs": "auto"}
    client.fine_tuning.create(
        training_file="file-1", model="m", lora=False, training_method="dpo", dpo_beta=0.2, simpo_gamma=0.5
    )
    body = _body(sent[-1])
    assert body["training_type"] == {"type": "Full"}
    assert body["training_method"] == {
        "method": "dpo",
        "dpo_beta": 0.2,
        "simpo_gamma": 0.5,
        "dpo_normalize_logratios_by_length": True,
        "dpo_reference_free": True,
    }


def test_fine_tuning_create_reads_the_default_rank_from_the_model_limits(recorded: Any) -> None:
    client, sent = recorded
    client.fine_tuning.create(training_file="file-1", model="org/model", lora=True)
    assert [r.url.path for r in sent] == ["/v1/fine-tunes/models/limits", "/v1/fine-tunes"]
    assert sent[0].url.params["model_name"] == "org/model"
    assert _body(sent[-1])["training_type"]["lora_r"] == 32
    assert _body(sent[-1])["training_type"]["lora_alpha"] == 64


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "either a model or a checkpoint"),
        ({"model": "m", "from_checkpoint": "ft-1"}, "not both"),
        ({"model": "m", "dpo_beta": 0.1}, "dpo_beta is only supported for DPO"),
        ({"model": "m", "training_method": "dpo", "train_on_inputs": True}, "only supported for SFT"),
        ({"model": "m", "training_method": "ppo"}, "training_method must be one of"),
        ({"model": "m", "warmup_ratio": 1.5}, "warmup_ratio should be between 0 and 1"),
        ({"model": "m", "lora": True, "lora_r": 8, "lora_dropout": 1.0}, r"\[0, 1\)"),
        ({"model": "m", "scheduler_num_cycles": 0}, "cycles"),
    ],
)
def test_fine_tuning_create_checks_locally(recorded: Any, arguments: dict[str, Any], message: str) -> None:
    client, sent = recorded
    with pytest.raises(ValueError, match=message):
        client.fine_tuning.create(training_file="file-1", **arguments)
    assert sent == []


def test_the_generated_method_stays_reachable_under_a_private_name(recorded: Any, tc: ModuleType) -> None:
    client, sent = recorded
    client.files._upload(purpose="fine-tune", file_name="a.jsonl", file=b"{}")
    assert sent[-1].url.path == "/v1/files/upload"
    assert type(client.files).__module__ == "together_client.lib.files"
    assert type(client.with_raw_response.files).__name__ == "FilesWithRawResponse"


def test_extensions_apply_only_to_operations_named_in_the_config(fixture_spec: Path) -> None:
    together = load_api_uncached()
    assert sorted(extensions_for(together)) == ["files", "fine_tuning"]
    assert generated_name(together.operation("files.upload"), extensions_for(together)) == "_upload"
    assert generated_name(together.operation("files.list"), extensions_for(together)) == "list"
    assert extensions_for(load_api_uncached(str(fixture_spec), verify_lock=False)) == {}


def test_fine_tuning_create_from_a_checkpoint_names_no_model(recorded: Any) -> None:
    client, sent = recorded
    client.fine_tuning.create(training_file="file-1", from_checkpoint="ft-1:10")
    body = _body(sent[-1])
    assert body["from_checkpoint"] == "ft-1:10" and "model" not in body
