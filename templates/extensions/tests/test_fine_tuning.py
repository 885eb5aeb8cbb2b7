"""`fine_tuning.create` of the extension layer (lib/fine_tuning.py) and its raw and streamed
variants, sync and async, against the mock (hand-written; copied from togen's
templates/extensions/tests)."""

from __future__ import annotations

from typing import Any

import pytest

JOB = {
    "training_file": "file-train",
    "model": "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
    "lora": True,  # no lora_r: the model limits are read for the default rank
    "lr_scheduler_type": "linear",
    "training_method": "dpo",
    "dpo_beta": 0.2,
}


def test_create(client: Any) -> None:
    assert client.fine_tuning.create(**JOB).id


def test_raw_response_create(client: Any) -> None:
    response = client.fine_tuning.with_raw_response.create(**JOB)
    assert response.status_code == 200
    assert response.parse().id


def test_streaming_response_create(client: Any) -> None:
    with client.fine_tuning.with_streaming_response.create(**JOB) as response:
        assert not response.http_response.is_stream_consumed
        assert response.parse().id
    assert response.is_closed


def test_raw_response_create_checks_the_parameters_first(client: Any) -> None:
    with pytest.raises(ValueError, match="only supported for DPO"):
        client.fine_tuning.with_raw_response.create(**JOB | {"training_method": "sft"})


@pytest.mark.anyio
async def test_async_raw_response_create(async_client: Any) -> None:
    response = await async_client.fine_tuning.with_raw_response.create(**JOB)
    assert (await response.parse()).id


@pytest.mark.anyio
async def test_async_streaming_response_create(async_client: Any) -> None:
    async with async_client.fine_tuning.with_streaming_response.create(**JOB) as response:
        assert (await response.parse()).id
    assert response.is_closed
