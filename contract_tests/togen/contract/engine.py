"""The contract suite's runner: schemathesis cases per operation, checks, results.

Per operation: `max_examples` positive cases (hypothesis, schemathesis strategies), half
as many negative ones, one streaming probe for SSE operations, one auth probe (no token,
then an invalid token) and, for files, fine-tunes, batches and endpoints, a stateful
create -> retrieve -> list -> delete sequence (stateful.py). Failures are collected (not
raised), de-duplicated per check, and the smallest failing example is kept as a `curl`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlparse

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import NonInteractiveExampleWarning
from schemathesis import Case, GenerationMode
from schemathesis.config import SanitizationConfig
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi import checks as st_checks

from togen.contract.checks import (
    ContractChecks,
    response_schema_conformance_sse_aware,
    skip_bodiless_redirects,
)
from togen.contract.prepare import Prepared, prepare, select
from togen.contract.semantics import fix
from togen.spec.ir import API, Operation

DEFAULT_MAX_EXAMPLES = 10
LIVE_DEFAULT_MAX_REQUESTS = 200
MAX_STREAM_EVENTS = 100_000
SECRET_PLACEHOLDER = "$TOGETHER_API_KEY"
MOCK_TOKEN = "togen-contract-test-token"
INVALID_TOKEN = "togen-invalid-token-0000"

# The schemathesis built-ins the suite runs on every response (besides ours, checks.py).
BUILTIN_CHECKS = [
    "not_a_server_error",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
]
# Run elsewhere: ignored_auth / missing_required_header (the auth probe), use_after_free and
# ensure_resource_availability (stateful.py); status_code_conformance is replaced by ours.


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
        schema = api.resolve(param.schema)
        if schema.get("type") != "string" or any(k in schema for k in _STRING_CONSTRAINTS):
            return True
        if any(k in schema for k in ("oneOf", "anyOf", "allOf", "not", "$ref")):
            return True
    return False


class BudgetExhausted(Exception):
    pass


@dataclass
class RunOptions:
    base_url: str
    api_key: str | None = None
    operations: list[str] | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    negative_examples: int | None = None  # default: max_examples // 2 (at least 1)
    seed: int | None = None
    allow_write: bool = False
    max_requests: int | None = None
    rate_limit: float | None = None  # requests per second
    stateful: bool = True
    timeout: float = 30.0
    live: bool | None = None  # default: base_url is not a loopback address


@dataclass
class FailureRecord:
    check: str
    title: str
    message: str
    status: int | None
    curl: str
    phase: str  # positive, negative, stream, auth, stateful
    occurrences: int = 1


@dataclass
class OperationResult:
    key: str
    operation_id: str
    signature: str
    examples: int = 0
    negative_examples: int = 0
    probes: int = 0
    requests: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    failures: list[FailureRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def add(self, record: FailureRecord) -> None:
        for existing in self.failures:
            if existing.check == record.check and existing.title == record.title:
                existing.occurrences += 1
                if len(record.curl) < len(existing.curl):
                    existing.curl, existing.message, existing.status = (
                        record.curl,
                        record.message,
                        record.status,
                    )
                return
        self.failures.append(record)


@dataclass
class SkippedOperation:
    key: str
    signature: str
    reason: str


@dataclass
class RunResult:
    base_url: str
    live: bool
    seed: int
    max_examples: int
    spec_sha256: str
    checks: list[str]
    operations: list[OperationResult]
    skipped: list[SkippedOperation]
    total_operations: int
    requests: int = 0
    seconds: float = 0.0
    stateful: list[OperationResult] = field(default_factory=list)
    budget_exhausted: bool = False
    mutation: dict[str, Any] | None = None

    @property
    def covered(self) -> int:
        return len(self.operations)

    @property
    def coverage(self) -> float:
        return self.covered / self.total_operations if self.total_operations else 0.0

    @property
    def failures(self) -> int:
        return sum(len(o.failures) for o in [*self.operations, *self.stateful])

    @property
    def passed(self) -> bool:
        return self.failures == 0 and not self.budget_exhausted

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            covered=self.covered,
            coverage=round(self.coverage, 4),
            failures=self.failures,
            passed=self.passed,
        )
        return data


def normalize_base_url(url: str) -> str:
    """The host root: `http://h:4010/v1/` -> `http://h:4010`."""
    url = url.strip().rstrip("/")
    for suffix in ("/v1", "/v2"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def live_skips(api: API, allow_write: bool) -> dict[str, str]:
    """Live mode runs read-only operations only, unless --allow-write."""
    if allow_write:
        return {}
    return {
        op.key: "live mode: not read-only (costs money or changes state); --allow-write runs it"
        for op in api.operations
        if op.method not in ("GET", "HEAD")
    }


class Sender:
    """Sends cases: auth header, request budget, rate limit, statistics. Never logs the key."""

    def __init__(self, options: RunOptions, token: str) -> None:
        self.options = options
        self.token = token
        self.session = requests.Session()
        self.count = 0
        self._last = 0.0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def send(self, case: Case, headers: dict[str, str] | None = None) -> schemathesis.Response:
        limit = self.options.max_requests
        if limit is not None and self.count >= limit:
            raise BudgetExhausted(f"request budget of {limit} exhausted")
        if self.options.rate_limit:
            wait = self._last + 1.0 / self.options.rate_limit - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
        self.count += 1
        return case.call(
            base_url=self.options.base_url,
            session=self.session,
            headers=self.headers if headers is None else headers,
            timeout=self.options.timeout,
            allow_redirects=False,
        )

    def scrub(self, text: str) -> str:
        if self.token:
            text = text.replace(self.token, SECRET_PLACEHOLDER)
        text = text.replace("'Authorization: [Filtered]'", f'"Authorization: Bearer {SECRET_PLACEHOLDER}"')
        return text.replace("[Filtered]", SECRET_PLACEHOLDER)

    def curl(self, case: Case, headers: dict[str, str] | None = None) -> str:
        try:
            command = case.as_curl_command(
                headers=self.headers if headers is None else headers, base_url=self.options.base_url
            )
        except Exception as exc:  # pragma: no cover - curl rendering is best effort
            command = f"# (no curl: {exc})"
        return self.scrub(command)


class ContractRunner:
    def __init__(self, api: API, options: RunOptions, prepared: Prepared | None = None) -> None:
        options.base_url = normalize_base_url(options.base_url)
        if options.live is None:
            options.live = not is_loopback(options.base_url)
        if options.live and options.max_requests is None:
            options.max_requests = LIVE_DEFAULT_MAX_REQUESTS
        if options.live and options.rate_limit is None:
            options.rate_limit = 2.0
        if options.seed is None:
            options.seed = int.from_bytes(os.urandom(4), "big")
        self.api = api
        self.options = options
        token = options.api_key or os.environ.get("TOGETHER_API_KEY") or ""
        if not options.live and not token:
            token = MOCK_TOKEN
        if options.live and not token:
            raise ValueError("live mode needs an API key: set TOGETHER_API_KEY")
        self.sender = Sender(options, token)
        if prepared is None:
            chosen = select(api, options.operations)
            skips = live_skips(api, options.allow_write) if options.live else {}
            prepared = prepare(api, chosen, skip=skips)
        self.prepared = prepared
        self.schema = schemathesis.openapi.from_dict(prepared.document)
        # Only the Authorization header is secret here: schemathesis would also blank body
        # fields such as `max_output_tokens` or `api_key`, and the curl would not reproduce.
        # Streams are read to the end (schemathesis stops after 20 events by default, and a
        # cut stream has no `[DONE]`); the request timeout still bounds an endless one.
        self.schema.config.max_stream_events = MAX_STREAM_EVENTS
        self.schema.config.output.sanitization = SanitizationConfig(
            keys_to_sanitize=("authorization",), sensitive_markers=("authorization",)
        )
        self.custom = ContractChecks(api.document, prepared.operations)
        builtin = {name: getattr(st_checks, name, None) for name in BUILTIN_CHECKS}
        builtin["not_a_server_error"] = schemathesis.checks.not_a_server_error
        builtin["response_schema_conformance"] = response_schema_conformance_sse_aware(
            st_checks.response_schema_conformance
        )
        builtin["content_type_conformance"] = skip_bodiless_redirects(st_checks.content_type_conformance)
        self.checks: list[Callable[..., Any]] = [c for c in builtin.values() if c is not None]
        self.checks += self.custom.all()
        self._strategies: dict[tuple[str, str], Any] = {}
        self.operations = {o.definition.raw["operationId"]: o for o in self._api_operations()}

    def _api_operations(self) -> list[Any]:
        found = []
        for result in self.schema.get_all_operations():
            found.append(result.ok())  # type: ignore[union-attr]
        return found

    @property
    def check_names(self) -> list[str]:
        names = [getattr(c, "__name__", str(c)) for c in self.checks]
        return [
            *names,
            "ignored_auth",
            "missing_required_header",
            "use_after_free",
            "ensure_resource_availability",
        ]

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
            skipped=[SkippedOperation(s.key, s.signature, s.reason) for s in self.prepared.skipped],
            total_operations=self.prepared.total,
        )
        for op in sorted(ops, key=lambda o: o.key):
            if result.budget_exhausted:
                result.skipped.append(SkippedOperation(op.key, op.signature, "request budget exhausted"))
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
        if opts.stateful and not result.budget_exhausted and (not opts.live or opts.allow_write):
            from togen.contract.stateful import run_sequences

            try:
                result.stateful = run_sequences(self)
            except BudgetExhausted:
                result.budget_exhausted = True
        result.requests = self.sender.count
        result.seconds = round(time.perf_counter() - started, 3)
        return result

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

        @settings(
            max_examples=count,
            deadline=None,
            database=None,
            derandomize=False,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )
        @given(case=strategy)
        def test(case: Case) -> None:
            if mode.is_positive:
                self.semantic(op, case)
                out.examples += 1
                if len(keep) < 5:
                    keep.append(case)
            else:
                out.negative_examples += 1
            self.execute(case, out, mode.value)

        try:
            hypothesis_seed(self.op_seed(op, mode.value))(test)()
        except BudgetExhausted:
            raise
        except Exception as exc:
            self._generation_error(op, out, mode, exc)

    def semantic(self, op: Operation, case: Case) -> None:
        """Apply the API's rules the schema cannot state to a positive JSON body (semantics.py)."""
        body = op.request_body
        if body is None or body.kind != "json" or not isinstance(case.body, dict):
            return
        validator = self.custom.validator
        case.body = fix(case.body, lambda value: not validator.errors(body.schema, value, limit=1))

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
        out.statuses[str(response.status_code)] = out.statuses.get(str(response.status_code), 0) + 1
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
                self.record(out, failure, response.status_code, curl, phase, _answer(response))
        except AssertionError as exc:  # a check outside schemathesis' wrapping
            self.record_message(
                out, "assertion", str(exc), response.status_code, self.sender.curl(case), phase
            )
        return response

    def record(
        self, out: OperationResult, failure: Failure, status: int, curl: str, phase: str, answer: str = ""
    ) -> None:
        check = _failure_check(failure)
        title = failure.title
        if type(failure).__name__ == "CustomFailure":
            title = (failure.message or title).splitlines()[0][:200]
        message = (failure.message or "")[:1500]
        if answer and check in ("positive_data_acceptance", "not_a_server_error", "status_code_conformance"):
            message += f"\nThe server answered: {answer}"
        out.add(
            FailureRecord(
                check=check,
                title=self.sender.scrub(title),
                message=self.sender.scrub(message),
                status=status,
                curl=curl,
                phase=phase,
            )
        )

    def record_message(
        self, out: OperationResult, check: str, message: str, status: int | None, curl: str, phase: str
    ) -> None:
        title = message.splitlines()[0] if message else check
        out.add(
            FailureRecord(
                check, self.sender.scrub(title)[:200], self.sender.scrub(message)[:1500], status, curl, phase
            )
        )

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
        a request that otherwise succeeds must get 401 (or 403)."""
        base = next(iter(positive), None)
        if base is None:
            return
        case = self.operations[op.operation_id].Case(
            path_parameters=dict(base.path_parameters or {}),
            query=dict(base.query or {}),
            body=base.body,
            media_type=base.media_type,
        )
        for label, headers in (
            ("no Authorization header", {}),
            ("an invalid token", {"Authorization": f"Bearer {INVALID_TOKEN}"}),
        ):
            out.probes += 1
            try:
                response = self.sender.send(case, headers=headers)
            except BudgetExhausted:
                raise
            except Exception as exc:
                self.record_message(out, "ignored_auth", f"auth probe failed: {exc}", None, "", "auth")
                continue
            out.statuses[str(response.status_code)] = out.statuses.get(str(response.status_code), 0) + 1
            if response.status_code not in (401, 403):
                check = "missing_required_header" if not headers else "ignored_auth"
                self.record_message(
                    out,
                    check,
                    f"request with {label} got {response.status_code}, expected 401 or 403",
                    response.status_code,
                    self.sender.curl(case, headers),
                    "auth",
                )
            else:
                try:
                    case.validate_response(response, checks=[self.custom.error_shape], headers=headers)
                except FailureGroup as group:
                    for failure in group.exceptions:
                        self.record(
                            out, failure, response.status_code, self.sender.curl(case, headers), "auth"
                        )


def _answer(response: schemathesis.Response, limit: int = 300) -> str:
    """The start of a response body, for failures where the server's words explain it."""
    text = response.content[:limit].decode("utf-8", "replace") if response.content else ""
    return text + ("..." if len(response.content or b"") > limit else "")


def _failure_check(failure: Failure) -> str:
    """The name of the check behind a schemathesis failure."""
    checks = getattr(failure, "checks", ()) or ()
    if checks:
        return str(checks[0])
    name = type(failure).__name__
    mapping = {
        "ServerError": "not_a_server_error",
        "UndefinedContentType": "content_type_conformance",
        "MissingContentType": "content_type_conformance",
        "JsonSchemaError": "response_schema_conformance",
        "MalformedJson": "response_schema_conformance",
        "AcceptedNegativeData": "negative_data_rejection",
        "RejectedPositiveData": "positive_data_acceptance",
        "MissingHeaders": "response_headers_conformance",
        "JsonSchemaHeaderError": "response_headers_conformance",
    }
    if name == "CustomFailure":
        match = re.search(r"`([^`]+)`", failure.title or "")
        return match.group(1) if match else "custom"
    return mapping.get(name, name)


def run_contract(api: API, options: RunOptions) -> RunResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        runner = ContractRunner(api, options)
        return runner.run()
