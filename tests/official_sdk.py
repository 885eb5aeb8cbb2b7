"""The installed official `together` SDK, walked: every public method of every resource of
`together.Together(...)`, called once through an `httpx.MockTransport` to record the route
it sends (method + path), then matched to an operation of our spec.

Used by the tests that hold the generated client to the official SDK's names, routes and
signatures (tests/render/test_official_parity.py). No network: the transport answers every
request itself.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx

PATH_VALUE = "p0"  # what the walk passes for every argument; a path segment equal to it is a parameter
PROJECT = "proj0"
# The one request the official SDK sends before the one that names the method's operation
# (fine_tuning.create reads the model's limits first), answered so the walk reaches the last one.
MODEL_LIMITS = {
    "model_name": "m",
    "max_num_epochs": 10,
    "max_num_evals": 10,
    "max_learning_rate": 1.0,
    "min_learning_rate": 0.0,
    "max_num_checkpoints": 10,
    "min_max_seq_length": 1,
    "max_seq_length_sft": 8192,
    "max_seq_length_dpo": 8192,
    "supports_vision": False,
    "lora_training": {"default_rank": 8, "max_rank": 64, "target_modules": ["all-linear"]}
    | {"max_batch_size": 8, "min_batch_size": 1, "max_batch_size_dpo": 8},
    "full_training": {"max_batch_size": 8, "min_batch_size": 1, "max_batch_size_dpo": 8},
}
# Arguments a method needs beyond "p0" to reach the network (an overload's own required set,
# a value the SDK checks locally).
EXTRA_ARGUMENTS: dict[str, dict[str, Any]] = {
    "clusters.create": {"nvidia_version_id": PATH_VALUE},
    "fine_tuning.create": {"model": "m"},
    "audio.transcriptions.create": {"file": b"RIFF"},
    "audio.translations.create": {"file": b"RIFF"},
}
SKIP = frozenset({"beta.realtime.connect", "beta.realtime.transcription"})  # websockets, no HTTP route


@dataclass(frozen=True)
class OfficialMethod:
    name: str  # dotted, from the client: "beta.jig.queue.retrieve"
    method: str  # HTTP method of the request it sends
    path: str  # the path it sends, with PATH_VALUE where it put an argument
    function: Callable[..., Any]  # the bound sync method

    @property
    def signatures(self) -> list[inspect.Signature]:
        """The signatures a call may be written for: each `@overload`, else the method's own."""
        overloads = typing.get_overloads(getattr(self.function, "__func__", self.function))
        found = [inspect.signature(f) for f in overloads] or [inspect.signature(self.function)]
        return [s.replace(parameters=[p for p in s.parameters.values() if p.name != "self"]) for s in found]


def sdk_methods(client: Any) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(dotted name, bound method) of every public method of every resource of `client`: a client
    of the official SDK or of the generated package (both keep their resource base classes in
    `<package>._resource`), sync or async."""
    resource_module = importlib.import_module(type(client).__module__.split(".")[0] + "._resource")
    resource_types = (resource_module.SyncAPIResource, resource_module.AsyncAPIResource)
    seen: set[int] = set()

    def walk(obj: Any, path: tuple[str, ...]) -> Iterator[tuple[str, Callable[..., Any]]]:
        for name in sorted(dir(type(obj))):
            if name.startswith(("_", "with_")):  # with_raw_response, with_streaming_response, with_options
                continue
            value = getattr(obj, name)
            if isinstance(value, resource_types):
                if id(value) not in seen:
                    seen.add(id(value))
                    yield from walk(value, (*path, name))
            elif inspect.ismethod(value) and isinstance(obj, resource_types):
                yield ".".join((*path, name)), value

    yield from walk(client, ())


def _required_call(name: str, function: Callable[..., Any], upload: Path) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = dict(EXTRA_ARGUMENTS.get(name, {}))
    for p in inspect.signature(function).parameters.values():
        if p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        value = str(upload) if name == "files.upload" else kwargs.pop(p.name, PATH_VALUE)
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return args, kwargs


@cache
def official_methods(tmp_dir: Path) -> tuple[OfficialMethod, ...]:
    """Every official method that sends an HTTP request, with the last request it sends."""
    import together

    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/fine-tunes/models/limits"):
            return httpx.Response(200, json=MODEL_LIMITS)
        return httpx.Response(200, json={"id": "f0", "object": "file"})

    client = together.Together(
        api_key="k",
        project_id=PROJECT,
        base_url="http://official.test",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    upload = tmp_dir / "train.jsonl"
    upload.write_text('{"text": "hello"}\n')
    found = []
    for name, function in sdk_methods(client):
        if name in SKIP:
            continue
        args, kwargs = _required_call(name, function, upload)
        sent.clear()
        with contextlib.suppress(Exception):  # the answer need not parse; the request is what we record
            function(*args, **kwargs)
        if not sent:
            raise AssertionError(f"official {name}() sent no request")
        last = sent[-1]
        found.append(OfficialMethod(name, last.method, last.url.path, function))
    return tuple(found)


def route_pattern(effective_path: str) -> re.Pattern[str]:
    """A spec path as a regex matching concrete paths; literal segments win over parameters
    because callers try the operation with the fewest parameters first."""
    return re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(effective_path)) + "$")


def match_operation(method: OfficialMethod, operations: list[Any]) -> Any | None:
    """The spec operation (togen IR `Operation`) an official method's request goes to, or None."""
    candidates = [
        op
        for op in operations
        if op.method == method.method and route_pattern(op.effective_path).match(method.path)
    ]
    return min(candidates, key=lambda op: op.effective_path.count("{"), default=None)
