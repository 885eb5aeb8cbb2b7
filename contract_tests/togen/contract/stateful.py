"""Stateful sequences: create -> retrieve -> list -> delete -> retrieve, per resource.

Every step goes through the full check set (engine.ContractRunner.execute); the sequence
adds the two checks only a sequence can make:
- ensure_resource_availability: what was just created can be retrieved and is listed;
- use_after_free: after a successful delete, retrieving it answers 404 and the list no
  longer holds it (for batches, which cannot be deleted: cancel, then the batch reports a
  cancelled state).
Request bodies are schemathesis positive cases with the fields that must name real
resources filled in (the training file of a fine-tune, the input file of a batch).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from schemathesis import Case, GenerationMode

from togen.contract.checks import CHECKS, resource_id
from togen.contract.prepare import Prepared
from togen.contract.recording import Recorder
from togen.contract.results import OperationResult
from togen.contract.sender import Sender
from togen.spec.ir import API, Operation
from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import Synthesizer

ENSURE_RESOURCE_AVAILABILITY = CHECKS.get("ensure_resource_availability")
USE_AFTER_FREE = CHECKS.get("use_after_free")


class Runner(Protocol):
    """What a sequence needs of the runner (engine.ContractRunner): its cases, strategies
    and seeds, and `execute`, which sends a case through the full check set."""

    api: API
    prepared: Prepared
    sender: Sender
    recorder: Recorder
    operations: dict[str, Any]  # operationId -> schemathesis operation

    def strategy(self, op: Operation, mode: GenerationMode) -> Any: ...

    def op_seed(self, op: Operation, salt: str) -> int: ...

    def execute(self, case: Case, out: OperationResult, phase: str) -> schemathesis.Response | None:
        """Send `case` through the full check set; failures go into `out`."""


JSONL = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'
BATCH_JSONL = (
    b'{"custom_id": "r1", "body": {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", '
    b'"messages": [{"role": "user", "content": "hi"}]}}\n'
)


@dataclass(frozen=True)
class Sequence:
    name: str
    create: str
    retrieve: str
    list: str
    delete: str  # or cancel
    deletes: bool = True  # False: `delete` cancels, the resource stays


SEQUENCES = [
    Sequence("files", "files.upload", "files.retrieve", "files.list", "files.delete"),
    Sequence(
        "fine-tunes", "fine_tuning.create", "fine_tuning.retrieve", "fine_tuning.list", "fine_tuning.delete"
    ),
    Sequence(
        "batches", "batches.create", "batches.retrieve", "batches.list", "batches.cancel", deletes=False
    ),
    Sequence("endpoints", "endpoints.create", "endpoints.retrieve", "endpoints.list", "endpoints.delete"),
]
UPLOAD = "files.upload"
# What a sequence's create step calls first to set itself up (shard.py keeps these together).
SETUP_OPERATIONS: dict[str, tuple[str, ...]] = {"fine_tuning.create": (UPLOAD,), "batches.create": (UPLOAD,)}


def run_sequences(
    runner: Runner, done: Callable[[str, OperationResult], None] | None = None
) -> list[OperationResult]:
    """Every sequence whose operations are all under test; `done` is told after each."""
    keys = {op.key: op for op in runner.prepared.operations.values()}
    results = []
    for sequence in SEQUENCES:
        needed = (sequence.create, sequence.retrieve, sequence.list, sequence.delete)
        if not all(k in keys for k in needed):
            continue
        out = OperationResult(
            key=f"stateful.{sequence.name}",
            operation_id="",
            signature=" -> ".join(keys[k].signature for k in needed),
        )
        sent, begin = runner.sender.count, time.perf_counter()
        Flow(runner, keys, sequence, out).run()
        out.requests = runner.sender.count - sent
        out.seconds = round(time.perf_counter() - begin, 3)
        results.append(out)
        if done is not None:
            done(out.key, out)
    return results


class Flow:
    def __init__(self, runner: Runner, keys: dict[str, Operation], sequence: Sequence, out: OperationResult):
        self.runner = runner
        self.keys = keys
        self.sequence = sequence
        self.out = out
        self._synthesizer: Synthesizer | None = None  # built when a step needs a parameter value

    # -- helpers

    def draw(self, op: Operation) -> Case:
        """One positive case of `op`, deterministic for the run's seed."""
        found: list[Case] = []
        strategy = self.runner.strategy(op, GenerationMode.POSITIVE)

        @settings(
            max_examples=1,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def pick(case: Case) -> None:
            if not found:
                found.append(case)

        hypothesis_seed(self.runner.op_seed(op, "stateful"))(pick)()
        return found[0]

    def case(self, key: str, ident: str | None = None, body: Any = None, media: str | None = None) -> Case:
        op = self.keys[key]
        path = {}
        if ident is not None:
            params = op.parameters_in("path")
            if params:
                path[params[0].name] = ident
        kwargs: dict[str, Any] = {"path_parameters": path}
        # a required query parameter (e.g. `force` on deletes in some spec versions) gets a valid value
        query = {
            p.name: self.value(p.schema, f"{key}:{p.name}") for p in op.parameters_in("query") if p.required
        }
        if query:
            kwargs["query"] = query
        if body is not None:
            kwargs["body"] = body
            kwargs["media_type"] = media or (op.request_body.media_type if op.request_body else None)
        return self.runner.operations[op.operation_id].Case(**kwargs)

    def value(self, schema: dict[str, Any], key: str) -> Any:
        if self._synthesizer is None:
            self._synthesizer = Synthesizer(SchemaSet(self.runner.api.document), optional_depth=0)
        return self._synthesizer.generate(schema, key)

    def call(self, case: Case) -> tuple[int | None, Any]:
        response = self.runner.execute(case, self.out, "stateful")
        self.out.examples += 1
        if response is None:
            return None, None
        try:
            return response.status_code, json.loads(response.content) if response.content else None
        except ValueError:
            return response.status_code, None

    def fail(self, check: str, message: str, status: int | None, case: Case | None) -> None:
        curl = self.runner.sender.curl(case) if case is not None else ""
        self.runner.recorder.message(self.out, check, message, status, curl, "stateful")

    def judge(
        self, step: str, ident: str | None, status: int | None, data: Any, case: Case, key: str = ""
    ) -> bool:
        """Both sequence checks on one step (each judges the steps it knows); False on a failure."""
        passed = True
        for sequence_check in (ENSURE_RESOURCE_AVAILABILITY, USE_AFTER_FREE):
            problem = sequence_check.func(step, ident, status, data, key)
            if problem:
                self.fail(sequence_check.name, problem, status, case)
                passed = False
        return passed

    def upload(self, content: bytes, purpose: str) -> str | None:
        if UPLOAD not in self.keys:
            return None
        body = {"file": content, "purpose": purpose, "file_name": f"contract-{purpose}.jsonl"}
        if "file_type" in _properties(self.runner, self.keys[UPLOAD]):
            body["file_type"] = "jsonl"
        status, data = self.call(self.case(UPLOAD, body=body, media="multipart/form-data"))
        return resource_id(data) if status and 200 <= status < 300 else None

    def create_body(self) -> tuple[Any, str | None]:
        key = self.sequence.create
        op = self.keys[key]
        if key == UPLOAD:
            body: dict[str, Any] = {"file": JSONL, "purpose": "fine-tune", "file_name": "contract.jsonl"}
            if "file_type" in _properties(self.runner, op):
                body["file_type"] = "jsonl"
            return body, "multipart/form-data"
        drawn = self.draw(op)
        body = dict(drawn.body) if isinstance(drawn.body, dict) else {}
        if key == "fine_tuning.create":
            body["training_file"] = self.upload(JSONL, "fine-tune") or "file-missing"
            body.pop("validation_file", None)
        elif key == "batches.create":
            body["input_file_id"] = self.upload(BATCH_JSONL, "batch-api") or "file-missing"
            body["endpoint"] = "/v1/chat/completions"
        return body, drawn.media_type

    # -- the sequence

    def run(self) -> None:
        seq = self.sequence
        body, media = self.create_body()
        create = self.case(seq.create, body=body, media=media)
        status, data = self.call(create)
        ident = resource_id(data)
        if not self.judge("create", ident, status, data, create) or ident is None:
            return
        retrieve = self.case(seq.retrieve, ident)
        self.judge("retrieve", ident, *self.call(retrieve), retrieve)
        listing = self.case(seq.list)
        self.judge("list", ident, *self.call(listing), listing)
        removal = "delete" if seq.deletes else "cancel"
        delete = self.case(seq.delete, ident)
        if not self.judge(removal, ident, *self.call(delete), delete, seq.delete):
            return
        after = self.case(seq.retrieve, ident)
        if not seq.deletes:
            self.judge("retrieve_cancelled", ident, *self.call(after), after)
            return
        self.judge("retrieve_deleted", ident, *self.call(after), after)
        listing = self.case(seq.list)
        self.judge("list_deleted", ident, *self.call(listing), listing)


def _properties(runner: Runner, op: Operation) -> dict[str, Any]:
    if op.request_body is None:
        return {}
    return runner.api.resolve(op.request_body.schema).get("properties") or {}
