"""Every method of the installed official `together` SDK, and every `openai` SDK method the spec
covers, called with realistic arguments against the real mock on loopback.

The together SDK is walked (every public method of every resource, found at run time), so a
new SDK method is called too. Each call is recorded at the ASGI level: a method whose requests
reach an operation of the spec must get 2xx answers (or the documented deliberate error in
`DELIBERATE`) and the SDK must parse them; a method whose requests reach no spec operation
must be listed in `NOT_IN_SPEC` (and is checked to still be outside the spec). Fine-tuning is
called with each documented convenience flag, files.upload with its checks.
"""

from __future__ import annotations

import inspect
import io
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import together

from tests.official_sdk import sdk_methods
from tests.recording_mock import Recorder, recording_mock

CHAT_MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
FT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
KEY = "sdk-walk-key"


def _id(kind: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sdk-walk:{kind}"))


# Methods of together 3.1.1 that call no operation of the spec (routes the spec lacks: the
# `/v2/projects/...` endpoints and models API, jig's rollouts and experiments, model
# resources, FP4 shaping, ...): each is still called, and the test fails if one of them starts
# reaching a spec operation.
NOT_IN_SPEC = {
    "beta.jig.list_revisions", "beta.jig.queue.clear", "beta.jig.retrieve_revision", "beta.jig.rollback",
    "clusters.remediations.approve", "clusters.remediations.cancel", "clusters.remediations.create",
    "clusters.remediations.list", "clusters.remediations.reject", "clusters.remediations.retrieve",
    "endpoints.ab_experiments.create", "endpoints.ab_experiments.delete",
    "endpoints.ab_experiments.list", "endpoints.ab_experiments.retrieve",
    "endpoints.ab_experiments.update", "endpoints.adapters.create", "endpoints.adapters.delete",
    "endpoints.adapters.list", "endpoints.adapters.retrieve", "endpoints.adapters.update",
    "endpoints.analytics", "endpoints.create", "endpoints.delete", "endpoints.deployments.create",
    "endpoints.deployments.delete", "endpoints.deployments.list", "endpoints.deployments.retrieve",
    "endpoints.deployments.update", "endpoints.hardware.list", "endpoints.hardware.retrieve",
    "endpoints.list", "endpoints.list_events", "endpoints.list_org_scoped",
    "endpoints.placement_profiles.list", "endpoints.placement_profiles.retrieve",
    "endpoints.retrieve", "endpoints.rollouts.cancel", "endpoints.rollouts.create",
    "endpoints.rollouts.delete", "endpoints.rollouts.list", "endpoints.rollouts.pause",
    "endpoints.rollouts.preview_defaults", "endpoints.rollouts.promote",
    "endpoints.rollouts.resume", "endpoints.rollouts.retrieve", "endpoints.rollouts.start",
    "endpoints.shadow_experiments.create", "endpoints.shadow_experiments.delete",
    "endpoints.shadow_experiments.list", "endpoints.shadow_experiments.retrieve",
    "endpoints.shadow_experiments.targets.create", "endpoints.shadow_experiments.targets.delete",
    "endpoints.shadow_experiments.targets.list", "endpoints.shadow_experiments.targets.retrieve",
    "endpoints.shadow_experiments.targets.update", "endpoints.shadow_experiments.update",
    "endpoints.update", "fine_tuning.preview", "fine_tuning.retrieve_tokenized_dataset",
    "models.configs.list", "models.configs.retrieve", "models.create", "models.delete",
    "models.list", "models.list_files", "models.list_org_scoped", "models.list_revisions",
    "models.list_supported", "models.remote_uploads.create", "models.remote_uploads.events",
    "models.remote_uploads.list", "models.remote_uploads.retrieve", "models.retrieve",
    "models.retrieve_supported", "models.update", "organization.usage.costs.list",
    "post_training.checkpoints.list", "post_training.checkpoints.retrieve",
    "post_training.model_resources.create", "post_training.model_resources.estimate_cost",
    "post_training.model_resources.extend_expiry", "post_training.model_resources.list",
    "post_training.model_resources.retrieve", "post_training.model_resources.stop",
    "post_training.operations.custom_forward_backward",
    "post_training.operations.retrieve_custom_forward_backward",
    "post_training.operations.retrieve_weights_sync", "post_training.operations.weights_sync",
    "post_training.prepare_for_fp4_inference.cancel",
    "post_training.prepare_for_fp4_inference.create",
    "post_training.prepare_for_fp4_inference.estimate_cost",
    "post_training.prepare_for_fp4_inference.list",
    "post_training.prepare_for_fp4_inference.list_events",
    "post_training.prepare_for_fp4_inference.retrieve", "post_training.sessions.update",
    "post_training.supported_models.get", "projects.list",
}  # fmt: skip

# Methods served by the mock's own compatibility routes outside the spec: every answer 2xx.
COMPAT_ROUTES = {
    "files.upload": "POST /v1/files -> 302 presigned PUT -> POST /v1/files/{id}/preprocess (README)",
}

# (method, reason): calls on spec operations that the mock rejects on purpose, following the spec.
DELIBERATE: dict[str, str] = {
    "post_training.sessions.create": "together 3.1.1 sends a newer RL API than the spec: "
    "`model_resources_id` where the spec requires `base_model` (400 body: 'base_model' is required)",
    "post_training.operations.sample": "together 3.1.1 sends `model_inputs` where the spec requires "
    "`prompts` (400 body: 'prompts' is required)",
}

# Websocket connections, not HTTP requests of the spec.
SKIPPED = {
    "beta.realtime.connect": "a websocket session (the mock closes websockets with 1003)",
    "beta.realtime.transcription": "a websocket session (the mock closes websockets with 1003)",
}


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    with recording_mock(KEY) as recording:
        yield recording


# The SDKs' default retries stay on: they retry only connection errors, 408, 429 and 5xx, so
# a keep-alive race on a loaded machine is retried, while a 4xx is never hidden and a 5xx
# still fails (the recorder sees it).
@pytest.fixture(scope="module")
def tg(recorder: Recorder) -> together.Together:
    return together.Together(api_key=KEY, base_url=recorder.url, max_retries=2, project_id="proj-sdk-walk")


@pytest.fixture(scope="module")
def oa(recorder: Recorder) -> openai.OpenAI:
    return openai.OpenAI(api_key=KEY, base_url=recorder.url + "/v1", max_retries=2)


@pytest.fixture(scope="module")
def train_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("walk") / "train.jsonl"
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"Question {i}?"},
                {"role": "assistant", "content": "Answer."},
            ]
        }
        for i in range(8)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def wav_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import struct

    path = tmp_path_factory.mktemp("walk") / "hello.wav"
    frames = b"\x00\x00" * 1600
    header = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt "
    header += (
        struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data" + struct.pack("<I", len(frames))
    )
    path.write_bytes(header + frames)
    return path


# ----------------------------------------------------------------------------- arguments

MESSAGES = [
    {"role": "system", "content": "You are a concise assistant."},
    {"role": "user", "content": "What is the capital of France?"},
]

# Realistic values of required parameters, by parameter name (any method).
BY_NAME: dict[str, Any] = {
    "model": CHAT_MODEL,
    "messages": MESSAGES,
    "prompt": "Once upon a time",
    "input": "Hello from the SDK walk",
    "voice": "af_alloy",
    "documents": ["Llamas live in Peru", "Pandas eat bamboo"],
    "query": "Which animal lives in Peru?",
    "name": "sdk-walk",
    "endpoint": "/v1/chat/completions",
    "input_file_id": "file-" + _id("batch-input"),
    "training_file": "file-" + _id("train"),
    "model_name": FT_MODEL,
    "base_model": FT_MODEL,
    "base_model_id": FT_MODEL,
    "gpu_type": "h100-80gb",
    "image": "registry.example/sdk-walk:1",
    "value": "s3cr3t",
    "content": {"type": "files", "source_prefix": "models/"},
    "type": "readOnly",
    "billing_type": "ON_DEMAND",
    "cluster_name": "sdk-walk",
    "num_gpus": 8,
    "region": "us-central-8",
    "size_tib": 1,
    "volume_name": "sdk-walk-data",
    "mode": "manual",
    "members": [],
    "autoscaling": {"min_replicas": 1, "max_replicas": 2},
    "source": "production",
    "update_mask": "name",
    "reason": "sdk walk",
    "etag": "etag-1",
    "variant": "CHECKPOINT_VARIANT_ADAPTER",
    "seconds": 3600,
    "inputs": {"model": FT_MODEL},
    "remote_url": "https://huggingface.co/org/model",
    "payload": {"prompt": "hi"},
    "parameters": {
        "judge": {"model": CHAT_MODEL, "model_source": "serverless", "system_template": "Judge it."},
        "input_data_file_path": "file-" + _id("eval"),
        "labels": ["good", "bad"],
        "pass_labels": ["good"],
    },
    "idempotency_key": "sdk-walk-1",
    "weight_sync_type": "full",
    "samples": [],
    "gradients": [],
    "loss": {"type": "LOSS_TYPE_CROSS_ENTROPY"},
    "model_inputs": [],
}

# Explicit calls: (label, kwargs). Fine-tuning with each documented convenience flag.
FT = {"model": FT_MODEL, "training_file": BY_NAME["training_file"]}
CASES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "fine_tuning.create": [
        ("defaults", FT),
        ("lora=True", {**FT, "lora": True}),
        ("lora=True with rank", {**FT, "lora": True, "lora_r": 16, "lora_alpha": 32, "lora_dropout": 0.05}),
        ("lora=False", {**FT, "lora": False, "n_epochs": 2}),
        ("training_method=dpo", {**FT, "training_method": "dpo", "dpo_beta": 0.1}),
        ("dpo + rpo/simpo", {**FT, "training_method": "dpo", "rpo_alpha": 0.5, "simpo_gamma": 0.2}),
        (
            "validation file + n_evals",
            {**FT, "validation_file": "file-" + _id("validation"), "n_evals": 10},
        ),
        (
            "early stopping",
            {
                **FT,
                "validation_file": "file-" + _id("validation"),
                "n_evals": 10,
                "early_stopping_enabled": True,
                "early_stopping_patience": 3,
            },
        ),
        (
            "wandb_*",
            {
                **FT,
                "wandb_api_key": "wandb-key",
                "wandb_base_url": "https://wandb.example",
                "wandb_project_name": "walk",
                "wandb_name": "run-1",
                "wandb_entity": "team",
            },
        ),
        ("linear scheduler", {**FT, "lr_scheduler_type": "linear", "warmup_ratio": 0.1}),
        (
            "batch size, sequence length, seed, suffix",
            {
                **FT,
                "batch_size": 16,
                "max_seq_length": 4096,
                "random_seed": 42,
                "suffix": "walk",
                "lora": True,
            },
        ),
        ("train_on_inputs", {**FT, "train_on_inputs": True, "packing": False}),
        ("from_checkpoint", {"training_file": FT["training_file"], "from_checkpoint": "ft-" + _id("ckpt")}),
        ("from_hf_model", {**FT, "from_hf_model": "org/model", "hf_api_token": "hf-token"}),
    ],
    "chat.completions.create": [
        ("plain", {"model": CHAT_MODEL, "messages": MESSAGES, "max_tokens": 32, "temperature": 0.2}),
        ("stream", {"model": CHAT_MODEL, "messages": MESSAGES, "stream": True}),
        (
            "tools",
            {
                "model": CHAT_MODEL,
                "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
                "tools": [
                    {
                        "type": "function",
                        "function": {
                            "name": "get_weather",
                            "parameters": {
                                "type": "object",
                                "properties": {"city": {"type": "string"}},
                                "required": ["city"],
                            },
                        },
                    }
                ],
            },
        ),
        (
            "json_object",
            {"model": CHAT_MODEL, "messages": MESSAGES, "response_format": {"type": "json_object"}},
        ),
    ],
    "completions.create": [
        ("plain", {"model": "mistralai/Mixtral-8x7B-v0.1", "prompt": "Once upon a time", "max_tokens": 16}),
        ("stream", {"model": "mistralai/Mixtral-8x7B-v0.1", "prompt": "Once upon a time", "stream": True}),
    ],
    "embeddings.create": [("two inputs", {"model": "BAAI/bge-large-en-v1.5", "input": ["alpha", "beta"]})],
    "images.generate": [
        (
            "base64",
            {"model": "black-forest-labs/FLUX.1-schnell", "prompt": "a cat", "response_format": "base64"},
        )
    ],
    "audio.speech.create": [
        ("wav", {"model": "hexgrad/Kokoro-82M", "input": "Hello there", "voice": "af_alloy"}),
        (
            "mp3",
            {"model": "hexgrad/Kokoro-82M", "input": "Hello", "voice": "af_alloy", "response_format": "mp3"},
        ),
    ],
    "rerank.create": [
        (
            "top_n",
            {
                "model": "Salesforce/Llama-Rank-v1",
                "query": "Which animal lives in Peru?",
                "documents": ["Llamas live in Peru", "Pandas eat bamboo"],
                "top_n": 1,
                "return_documents": True,
            },
        )
    ],
    "batches.create": [
        ("chat batch", {"endpoint": "/v1/chat/completions", "input_file_id": BY_NAME["input_file_id"]})
    ],
    "evals.create": [
        (
            "classify",
            {
                "type": "classify",
                "parameters": {
                    "judge": {
                        "model": CHAT_MODEL,
                        "model_source": "serverless",
                        "system_template": "Judge it.",
                    },
                    "input_data_file_path": "file-" + _id("eval"),
                    "labels": ["good", "bad"],
                    "pass_labels": ["good"],
                },
            },
        )
    ],
    "clusters.create": [
        (
            "on demand",
            {
                "billing_type": "ON_DEMAND",
                "cluster_name": "sdk-walk",
                "gpu_type": "H100_SXM",
                "num_gpus": 8,
                "cuda_version": "12.6",
                "nvidia_driver_version": "560.35.03",
                "region": "us-central-8",
            },
        )
    ],
    "videos.create": [
        ("text to video", {"model": "google/veo-3.0", "prompt": "a llama surfing", "seconds": "4"})
    ],
}


def auto_kwargs(name: str, method: Callable[..., Any], files: dict[str, Path]) -> dict[str, Any]:
    """Realistic values for the required parameters of `method`."""
    kwargs: dict[str, Any] = {}
    for param in inspect.signature(method).parameters.values():
        if param.default is not inspect.Parameter.empty or param.kind is param.VAR_KEYWORD:
            continue
        if param.name == "file":
            kwargs["file"] = files["audio" if name.startswith("audio.") else "train"]
        elif param.name in BY_NAME:
            kwargs[param.name] = BY_NAME[param.name]
        elif param.name == "id" or param.name.endswith(("_id", "_identifier")):
            prefix = {"fine_tuning": "ft", "files": "file", "batches": "batch"}.get(name.split(".")[0])
            kwargs[param.name] = f"{prefix}-{_id(name + param.name)}" if prefix else _id(name + param.name)
        else:
            raise AssertionError(f"{name}: no realistic value for required parameter {param.name!r}")
    return kwargs


def _consume(result: Any) -> None:
    """Make the SDK read the whole answer: iterate streams and pages, read binary bodies."""
    if hasattr(result, "read") and callable(result.read):
        result.read()
    elif hasattr(result, "response") and hasattr(result, "__iter__"):  # an SDK stream
        for _ in result:
            pass


def _together_calls(
    tg: together.Together, files: dict[str, Path]
) -> list[tuple[str, str, Callable[[], Any]]]:
    calls = []
    for name, method in sdk_methods(tg):
        if name in SKIPPED:
            continue
        for label, kwargs in CASES.get(name) or [("required arguments", auto_kwargs(name, method, files))]:
            if name == "files.upload":
                kwargs = {"file": files["train"], "purpose": "fine-tune"}
            calls.append((name, label, lambda m=method, k=kwargs: m(**k)))
    return calls


def test_every_together_sdk_method(
    tg: together.Together, recorder: Recorder, train_file: Path, wav_file: Path
):
    files = {"train": train_file, "audio": wav_file}
    problems: list[str] = []
    outside: set[str] = set()
    for name, label, call in _together_calls(tg, files):
        start = len(recorder.seen)
        error: Exception | None = None
        try:
            _consume(call())
        except Exception as exc:  # judged below with what reached the mock
            error = exc
        seen = recorder.seen[start:]
        on_spec = [s for s in seen if s.operation is not None]
        if not on_spec:
            outside.add(name)
            if name in COMPAT_ROUTES:
                if error is not None or not seen or any(not 200 <= s.status < 400 for s in seen):
                    problems.append(f"{name} [{label}]: compatibility routes failed {seen} {error!r}")
            elif name not in NOT_IN_SPEC:
                problems.append(f"{name} [{label}]: reached no spec operation ({seen}, {error!r})")
            continue
        if name in NOT_IN_SPEC:
            problems.append(f"{name}: listed in NOT_IN_SPEC but called {on_spec[0].operation}")
        bad = [s for s in on_spec if not 200 <= s.status < 400]  # retried 5xx included
        if (bad or error is not None) and name not in DELIBERATE:
            problems.append(
                f"{name} [{label}]: {[(s.method, s.path, s.status) for s in bad]} {error!r}"[:600]
            )
    assert not problems, "\n".join(problems)
    assert outside >= NOT_IN_SPEC


def test_every_openai_sdk_method_the_spec_covers(oa: openai.OpenAI, recorder: Recorder, wav_file: Path):
    jsonl = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'
    created = oa.files.create(file=("train.jsonl", io.BytesIO(jsonl)), purpose="fine-tune")
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("chat.completions.create", lambda: oa.chat.completions.create(model=CHAT_MODEL, messages=MESSAGES)),
        (
            "chat.completions.create stream",
            lambda: oa.chat.completions.create(
                model=CHAT_MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
            ),
        ),
        (
            "chat.completions.create logprobs",
            lambda: oa.chat.completions.create(
                model=CHAT_MODEL, messages=MESSAGES, logprobs=True, top_logprobs=2
            ),
        ),
        ("completions.create", lambda: oa.completions.create(model=CHAT_MODEL, prompt="Once", max_tokens=8)),
        ("embeddings.create", lambda: oa.embeddings.create(model="BAAI/bge-large-en-v1.5", input="alpha")),
        (
            "images.generate",
            lambda: oa.images.generate(model="black-forest-labs/FLUX.1-schnell", prompt="a cat"),
        ),
        (
            "audio.speech.create",
            lambda: oa.audio.speech.create(model="hexgrad/Kokoro-82M", input="Hello", voice="alloy"),
        ),
        (
            "audio.transcriptions.create",
            lambda: oa.audio.transcriptions.create(model="openai/whisper-large-v3", file=wav_file),
        ),
        (
            "audio.translations.create",
            lambda: oa.audio.translations.create(model="openai/whisper-large-v3", file=wav_file),
        ),
        ("files.retrieve", lambda: oa.files.retrieve(created.id)),
        ("files.content", lambda: oa.files.content(created.id)),
        ("files.list", lambda: oa.files.list().data),
        ("files.delete", lambda: oa.files.delete(created.id)),
        (
            "batches.create",
            lambda: oa.batches.create(
                input_file_id="file-" + _id("oa-batch"),
                endpoint="/v1/chat/completions",
                completion_window="24h",
            ),
        ),
        ("batches.retrieve", lambda: oa.batches.retrieve(_id("oa-batch-id"))),
        ("batches.cancel", lambda: oa.batches.cancel(_id("oa-batch-id"))),
        ("responses.create", lambda: oa.responses.create(model="moonshotai/Kimi-K2.6", input="Say hi")),
    ]
    # Documented deliberate errors (README): the mock follows the spec.
    with pytest.raises(AttributeError):  # GET /v1/models is a bare array in the spec: 200, unparseable
        oa.models.list()
    assert recorder.seen[-1].operation == "models.list" and recorder.seen[-1].status == 200
    with pytest.raises(openai.NotFoundError):  # responses are not stored (README)
        oa.responses.retrieve("resp_1")
    assert recorder.seen[-1].status == 404
    problems = []
    for name, call in calls:
        start = len(recorder.seen)
        try:
            _consume(call())
        except Exception as exc:
            problems.append(f"{name}: {exc!r}"[:600])
            continue
        seen = recorder.seen[start:]
        if not any(s.operation for s in seen):
            problems.append(f"{name}: reached no spec operation {seen}")
    assert not problems, "\n".join(problems)
