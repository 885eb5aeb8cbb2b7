"""The contract suite's runner: schemathesis cases per operation, checks, results.

Per operation: `max_examples` positive cases (hypothesis, schemathesis strategies), half
as many negative ones, one streaming probe for SSE operations, one auth probe (no token,
then an invalid token) and, for files, fine-tunes, batches and endpoints, a stateful
create -> retrieve -> list -> delete sequence (stateful.py). Every response goes through
the registered response checks (checks.py); failures are collected (not raised),
de-duplicated per check, and the smallest failing example is kept as a `curl`.
Options and live mode: options.py; sending within the budget: sender.py; failures into
records: recording.py; the result types: results.py.
"""

from __future__ import annotations

import hashlib
import time
import warnings
from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import Phase, given
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import NonInteractiveExampleWarning
from schemathesis import Case, GenerationMode
from schemathesis.config import SanitizationConfig
from schemathesis.core.failures import FailureGroup

from togen.contract.checks import CHECKS, CheckTarget
from togen.contract.options import (
    RunOptions,
    api_token,
    apply_defaults,
    hypothesis_settings,
    live_skips,
    runs_sequences,
)
from togen.contract.prepare import Prepared, prepare, select
from togen.contract.progress import Progress
from togen.contract.recording import Recorder, answer
from togen.contract.results import WHY_BUDGET, FailureRecord, OperationResult, RunResult, SkippedOperation
from togen.contract.semantics import fix
from togen.contract.sender import BudgetExhausted, Sender, sendable
from togen.contract.shard import share
from togen.contract.shrinking import Shrinker
from togen.contract.stateful import SEQUENCES, run_sequences
from togen.spec.ir import API, Operation

__all__ = ["ContractRunner", "RunOptions", "negatable", "run_contract"]

MAX_STREAM_EVENTS = 100_000
INVALID_TOKEN = "togen-invalid-token-0000"
# The auth probe: (check, what the request carries, its headers).
AUTH_PROBES = [
    (CHECKS.get("missing_required_header"), "no Authorization header", {}),
    (CHECKS.get("ignored_auth"), "an invalid token", {"Authorization": f"Bearer {INVALID_TOKEN}"}),
]
AUTH_PROBE_ERROR = CHECKS.get("ignored_auth").name

ANY_KEY_ACCEPTED = "invalid-token probe skipped: the server accepts any non-empty key (its /healthz says so)"
BUDGET_SPENT = "not reached: the request budget (--max-requests) was spent"
NO_NEGATIVES = "no negative cases possible (nothing in the request can be invalid)"
_STRING_CONSTRAINTS = ("enum", "const", "format", "pattern", "minLength", "maxLength", "contentEncoding")


def negatable(api: API, op: Operation) -> bool:
    """Whether a request of `op` can be invalid: it has a body, a query or header parameter
    (schemathesis repeats or leaves it out), or a path parameter narrower than "any string"
    (a path id that may be any string cannot be wrong)."""
    if op.request_body is not None:
        return True
    for param in op.parameters:
        if param.location != "path":
            return True
        view = api.view(param.schema)
        if view.declared != ("string",) or view.branches or view.all_of:
            return True
        if any(k in view.schema for k in (*_STRING_CONSTRAINTS, "not", "$ref")):
            return True
    return False


class ContractRunner:
    def __init__(
        self,
        api: API,
        options: RunOptions,
        prepared: Prepared | None = None,
        progress: Progress | None = None,
    ) -> None:
        options = apply_defaults(options)
        self.api = api
        self.options = options
        self.progress = progress or Progress()
        self.sender = Sender(options, api_token(options))
        self.recorder = Recorder(self.sender)
        if prepared is None:
            chosen = select(api, options.operations)
            websocket = select(api, options.operations, websocket=True)
            if options.shard is not None:
                mine = share(chosen, websocket, *options.shard)
                chosen = [op for op in chosen if op.key in mine]
                websocket = [op for op in websocket if op.key in mine]
            skips = live_skips(api, options.allow_write) if options.live else {}
            prepared = prepare(api, chosen, skip=skips, unsupported=websocket)
        self.prepared = prepared
        self.shrinker = Shrinker(self)
        self.schema = schemathesis.openapi.from_dict(prepared.document)
        # Only the Authorization header is secret here: schemathesis would also blank body
        # fields such as `max_output_tokens` or `api_key`, and the curl would not reproduce.
        # Streams are read to the end (schemathesis stops after 20 events by default, and a
        # cut stream has no `[DONE]`); the request timeout still bounds an endless one.
        self.schema.config.max_stream_events = MAX_STREAM_EVENTS
        self.schema.config.output.sanitization = SanitizationConfig(
            keys_to_sanitize=("authorization",), sensitive_markers=("authorization",)
        )
        self.target = CheckTarget(api.document, prepared.operations)
        self.checks: list[Callable[..., Any]] = CHECKS.bind(self.target)
        self.error_shape = CHECKS.bind(self.target, ["error_shape"])
        self._strategies: dict[tuple[str, str], Any] = {}
        self.operations = {o.definition.raw["operationId"]: o for o in self._api_operations()}

    def _api_operations(self) -> list[Any]:
        found = []
        for result in self.schema.get_all_operations():
            found.append(result.ok())  # type: ignore[union-attr]
        return found

    @property
    def check_names(self) -> list[str]:
        return CHECKS.names()

    # ------------------------------------------------------------------ run

    def run(self, operations: list[Operation] | None = None) -> RunResult:
        started = time.perf_counter()
        opts = self.options
        assert opts.seed is not None
        ops = operations if operations is not None else list(self.prepared.operations.values())
        result = RunResult(
            base_url=opts.base_url,
            live=bool(opts.live),
            seed=opts.seed,
            max_examples=opts.max_examples,
            spec_sha256=self.api.spec_sha256,
            checks=self.check_names,
            operations=[],
            skipped=[SkippedOperation(s.key, s.signature, s.reason, s.why) for s in self.prepared.skipped],
            total_operations=self.prepared.total,
            min_coverage=opts.min_coverage,
            shard=f"{opts.shard[0]}/{opts.shard[1]}" if opts.shard else None,
        )
        sequences = runs_sequences(opts) and self.sequence_count() > 0
        self.progress.start(len(ops) + self.sequence_count() * sequences, result.skipped)
        for op in sorted(ops, key=lambda o: o.key):
            if result.budget_exhausted:
                result.skipped.append(SkippedOperation(op.key, op.signature, BUDGET_SPENT, WHY_BUDGET))
                self.progress.advance(op.key, None)
                continue
            op_result = OperationResult(op.key, op.operation_id, op.signature)
            begin, sent = time.perf_counter(), self.sender.count
            try:
                self.run_operation(op, op_result)
            except BudgetExhausted as exc:
                result.budget_exhausted = True
                op_result.notes.append(str(exc))
            op_result.seconds = round(time.perf_counter() - begin, 3)
            op_result.requests = self.sender.count - sent
            result.operations.append(op_result)
            self.progress.advance(op.key, op_result)
        if sequences and not result.budget_exhausted:
            try:
                # Sorted by key, as `merge` sorts them: a sharded run reads like one run.
                result.stateful = sorted(run_sequences(self, self.progress.advance), key=lambda o: o.key)
            except BudgetExhausted:
                result.budget_exhausted = True
        result.requests = self.sender.count
        result.seconds = round(time.perf_counter() - started, 3)
        self.progress.finish(result)
        return result

    def sequence_count(self) -> int:
        keys = {op.key for op in self.prepared.operations.values()}
        return sum(1 for s in SEQUENCES if {s.create, s.retrieve, s.list, s.delete} <= keys)

    def strategy(self, op: Operation, mode: GenerationMode) -> Any:
        key = (op.operation_id, mode.value)
        if key not in self._strategies:
            self._strategies[key] = self.operations[op.operation_id].as_strategy(generation_mode=mode)
        return self._strategies[key]

    def op_seed(self, op: Operation, salt: str) -> int:
        digest = hashlib.sha256(f"{self.options.seed}:{op.key}:{salt}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def run_operation(self, op: Operation, out: OperationResult) -> None:
        positive: list[Case] = []
        self._generate(op, out, GenerationMode.POSITIVE, self.options.max_examples, positive)
        negatives = self.options.negative_examples
        if negatives is None:
            negatives = max(1, self.options.max_examples // 2)
        if negatives > 0 and not negatable(self.api, op):
            # Hypothesis would spend ~460 futile draws (about a second) finding that out.
            out.notes.append(NO_NEGATIVES)
        elif negatives > 0:
            self._generate(op, out, GenerationMode.NEGATIVE, negatives, [])
        if op.streaming is not None:
            self._stream_probe(op, out, positive)
        if op.requires_auth:
            self._auth_probe(op, out, positive)

    def _generate(
        self, op: Operation, out: OperationResult, mode: GenerationMode, count: int, keep: list[Case]
    ) -> None:
        try:
            strategy = self.strategy(op, mode)
        except Exception as exc:
            self._generation_error(op, out, mode, exc)
            return

        @hypothesis_settings(count, Phase.explicit, Phase.generate)
        @given(case=strategy)
        def test(case: Case) -> None:
            if not sendable(case, mode):
                return
            if mode.is_positive:
                self.semantic(op, case)
                out.examples += 1
                if len(keep) < 5:
                    keep.append(case)
            else:
                out.negative_examples += 1
            self.execute(case, out, mode.value)

        known = len(out.failures)
        try:
            hypothesis_seed(self.op_seed(op, mode.value))(test)()
        except BudgetExhausted:
            raise
        except Exception as exc:
            self._generation_error(op, out, mode, exc)
        found = [r for r in out.failures[known:] if r.phase == mode.value and r.curl]
        self.shrinker.shrink_all(op, mode, count, found)

    def semantic(self, op: Operation, case: Case) -> None:
        """Apply the API's rules the schema cannot state to a positive JSON body (semantics.py)."""
        body = op.request_body
        if body is None or body.kind != "json" or not isinstance(case.body, dict):
            return
        schemas = self.target.schemas
        case.body = fix(case.body, lambda value: schemas.is_valid(body.schema, value))

    def _generation_error(
        self, op: Operation, out: OperationResult, mode: GenerationMode, exc: Exception
    ) -> None:
        name = type(exc).__name__
        if mode.is_negative and name in ("Unsatisfiable", "InvalidArgument"):
            out.notes.append(NO_NEGATIVES)
            return
        out.add(
            FailureRecord(
                check="generation",
                title=f"{mode.value} case generation failed: {name}",
                message=str(exc)[:500],
                status=None,
                curl="",
                phase=mode.value,
            )
        )

    def execute(
        self,
        case: Case,
        out: OperationResult,
        phase: str,
        headers: dict[str, str] | None = None,
        checks: list[Callable[..., Any]] | None = None,
    ) -> schemathesis.Response | None:
        """Send one case and run the checks; failures go into `out`. Returns the response."""
        try:
            response = self.sender.send(case, headers=headers)
        except BudgetExhausted:
            raise
        except Exception as exc:
            out.add(
                FailureRecord(
                    "network",
                    f"request failed: {type(exc).__name__}",
                    self.sender.scrub(str(exc))[:500],
                    None,
                    self.sender.curl(case, headers),
                    phase,
                )
            )
            return None
        out.count_status(response.status_code)
        try:
            case.validate_response(
                response,
                checks=checks or self.checks,
                headers=self.sender.headers if headers is None else headers,
                transport_kwargs={"base_url": self.options.base_url},
            )
        except FailureGroup as group:
            curl = self.sender.curl(case, headers)
            for failure in group.exceptions:
                self.recorder.failure(out, failure, response.status_code, curl, phase, answer(response))
        except AssertionError as exc:  # a check outside schemathesis' wrapping
            self.recorder.message(
                out, "assertion", str(exc), response.status_code, self.sender.curl(case), phase
            )
        return response

    # ------------------------------------------------------------------ probes

    def _stream_probe(self, op: Operation, out: OperationResult, positive: list[Case]) -> None:
        """One request with `"stream": true`: the SSE checks need at least one stream."""
        base = next((c for c in positive if isinstance(c.body, dict)), None)
        if base is None:
            return
        body: dict[str, Any] = dict(base.body)  # type: ignore[arg-type]
        body["stream"] = True
        case = self.operations[op.operation_id].Case(
            path_parameters=dict(base.path_parameters or {}),
            query=dict(base.query or {}),
            body=body,
            media_type=base.media_type,
        )
        out.probes += 1
        self.execute(case, out, "stream")

    def _auth_probe(self, op: Operation, out: OperationResult, positive: list[Case]) -> None:
        """ignored_auth / missing_required_header: without a token, and with an invalid one,
        a request that otherwise succeeds must get 401 (or 403), with Together's error shape."""
        base = next(iter(positive), None)
        if base is None:
            return
        case = self.operations[op.operation_id].Case(
            path_parameters=dict(base.path_parameters or {}),
            query=dict(base.query or {}),
            body=base.body,
            media_type=base.media_type,
        )
        for probe, label, probe_headers in AUTH_PROBES:
            if probe.name == AUTH_PROBE_ERROR and self.options.accepts_any_key:
                out.notes.append(ANY_KEY_ACCEPTED)
                continue
            headers = dict(probe_headers)
            out.probes += 1
            try:
                response = self.sender.send(case, headers=headers)
            except BudgetExhausted:
                raise
            except Exception as exc:
                self.recorder.message(out, AUTH_PROBE_ERROR, f"auth probe failed: {exc}", None, "", "auth")
                continue
            out.count_status(response.status_code)
            problem = probe.func(response.status_code, label)
            if problem:
                curl = self.sender.curl(case, headers)
                self.recorder.message(out, probe.name, problem, response.status_code, curl, "auth")
                continue
            try:
                case.validate_response(response, checks=self.error_shape, headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    curl = self.sender.curl(case, headers)
                    self.recorder.failure(out, failure, response.status_code, curl, "auth")


def run_contract(api: API, options: RunOptions) -> RunResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        runner = ContractRunner(api, options)
        return runner.run()
