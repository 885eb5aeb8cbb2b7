"""Minimal failing examples: hypothesis's shrinker, bounded by time.

A run collects failures without stopping (one red check must not hide the others), so
hypothesis never gets to shrink them. For each new failure of a generated case the
shrinker replays the operation's generation with the same seed, raising as soon as a
case fails the same check again; hypothesis then shrinks that case, sending each smaller
candidate to the server, and the last one that still failed is the failure's `curl`.
Shrinking stops after `--shrink-seconds` per failure (or when the request budget is
spent): the curl is then the smallest found so far and the report says it was cut short.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import schemathesis
from hypothesis import Phase, given
from hypothesis import seed as hypothesis_seed
from schemathesis import Case, GenerationMode

from togen.contract.options import RunOptions, hypothesis_settings
from togen.contract.results import FailureRecord, OperationResult
from togen.contract.sender import BudgetExhausted, Sender, sendable
from togen.spec.ir import Operation


class Runner(Protocol):
    """What shrinking needs of the runner (engine.ContractRunner)."""

    options: RunOptions
    sender: Sender

    def strategy(self, op: Operation, mode: GenerationMode) -> Any: ...

    def op_seed(self, op: Operation, salt: str) -> int: ...

    def semantic(self, op: Operation, case: Case) -> None: ...

    def execute(self, case: Case, out: OperationResult, phase: str) -> schemathesis.Response | None:
        """Send `case` through the full check set; failures go into `out`."""


class _StillFails(Exception):
    """Raised inside the hypothesis test: this case fails the same check."""


class Shrinker:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def shrink_all(
        self, op: Operation, mode: GenerationMode, count: int, records: list[FailureRecord]
    ) -> None:
        """Shrink each record; a record whose check also failed on another's smallest
        request takes that request (one example often fails several checks at once)."""
        pending = list(records)
        while pending:
            record = pending.pop(0)
            also = self.shrink(op, mode, count, record)
            for other in list(pending):
                same = next((f for f in also if f.check == other.check), None)
                if same is not None:
                    other.curl, other.message, other.status = same.curl, same.message, same.status
                    other.shrinking = f"{record.shrinking}, shrunk with {record.check}"
                    pending.remove(other)

    def shrink(
        self, op: Operation, mode: GenerationMode, count: int, record: FailureRecord
    ) -> list[FailureRecord]:
        """Replace `record`'s curl by the smallest request hypothesis finds that still fails
        `record.check`, and say how shrinking went in `record.shrinking`. Returns every
        failure of that smallest request."""
        seconds = self.runner.options.shrink_seconds
        if seconds <= 0:
            return []
        runner = self.runner
        state: dict[str, Any] = {"deadline": None, "cut": "", "best": None, "all": [], "tries": 0}
        sent = runner.sender.count
        started = time.perf_counter()

        @hypothesis_settings(count, Phase.generate, Phase.shrink)
        @given(case=runner.strategy(op, mode))
        def test(case: Case) -> None:
            if state["cut"]:
                return  # out of time: every further candidate "passes", hypothesis stops soon
            if not sendable(case, mode):
                return
            if state["deadline"] is not None and time.perf_counter() > state["deadline"]:
                state["cut"] = f"after {seconds:g} s"
                return
            if mode.is_positive:
                runner.semantic(op, case)
            scratch = OperationResult(op.key, op.operation_id, op.signature)
            try:
                runner.execute(case, scratch, mode.value)
            except BudgetExhausted:
                state["cut"] = "the request budget was spent"
                return
            state["tries"] += 1
            same = next((f for f in scratch.failures if f.check == record.check), None)
            if same is not None:
                if state["deadline"] is None:
                    state["deadline"] = time.perf_counter() + seconds
                state["best"], state["all"] = same, scratch.failures
                raise _StillFails

        try:
            hypothesis_seed(runner.op_seed(op, mode.value))(test)()
        except _StillFails:
            pass
        except Exception:  # noqa: S110 - hypothesis' Flaky after a cut-short shrink: keep the best so far
            pass
        requests = runner.sender.count - sent
        took = time.perf_counter() - started
        best: FailureRecord | None = state["best"]
        if best is None:
            record.shrinking = f"not shrunk: the failure did not recur in {requests} request(s)"
            return []
        record.curl, record.message, record.status = best.curl, best.message, best.status
        if state["cut"]:
            record.shrinking = f"shrinking cut short {state['cut']} ({requests} requests); smallest so far"
        else:
            record.shrinking = f"shrunk ({requests} requests, {took:.1f} s)"
        return list(state["all"])
