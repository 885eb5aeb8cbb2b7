"""What a contract run found: per-operation results, failure records, operations not
reached (and why) and the run's totals (the reports in report.py render these, `to_dict`
is the JSON, `from_dict` reads it back for `togen contract merge`).

The verdict: a run passes when it found no failure. Operations it did not reach (a
websocket upgrade, a write operation in live mode, a spent request budget) lower the
coverage, which is reported; only an explicit `min_coverage` turns low coverage into a
failure, so a nightly read-only run against the live API is green when nothing is wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Why an operation was not reached, as the summary line counts them.
WHY_WEBSOCKET = "websocket"
WHY_WRITE = "write operation"
WHY_BUDGET = "budget"


@dataclass
class FailureRecord:
    check: str
    title: str
    message: str
    status: int | None
    curl: str
    phase: str  # positive, negative, stream, auth, stateful
    occurrences: int = 1
    # Hypothesis's shrinking of the failing example: None (not shrunk: a probe or a
    # sequence step), "shrunk" (the curl is the smallest request found that still fails)
    # or "cut short: ..." (the time or request budget ran out; the curl is the smallest so far).
    shrinking: str | None = None


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

    def count_status(self, status: int) -> None:
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1

    def add(self, record: FailureRecord) -> None:
        """One failure; a repeat of the same check and title in the same phase counts, keeping
        the shortest curl (a server error on a valid request and one on an invalid request
        are two failures, each with its own smallest example)."""
        for existing in self.failures:
            if (existing.check, existing.title, existing.phase) == (record.check, record.title, record.phase):
                existing.occurrences += 1
                if len(record.curl) < len(existing.curl):
                    existing.curl, existing.message, existing.status = (
                        record.curl,
                        record.message,
                        record.status,
                    )
                return
        self.failures.append(record)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OperationResult:
        known = {f.name for f in fields(FailureRecord)}
        failures = [
            FailureRecord(**{k: v for k, v in f.items() if k in known}) for f in data.get("failures", [])
        ]
        return cls(**{**_known(cls, data), "failures": failures})


@dataclass
class SkippedOperation:
    """An operation the run did not reach: `why` is one of WHY_* (the summary counts
    them), `reason` the sentence the reports show."""

    key: str
    signature: str
    reason: str
    why: str = WHY_WEBSOCKET


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
    min_coverage: float | None = None  # percent; None: coverage is reported, never a failure
    shard: str | None = None  # "i/n" for one shard of a sharded run, "merged from n shards" after merge

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
    def coverage_too_low(self) -> bool:
        return self.min_coverage is not None and self.coverage * 100 < self.min_coverage - 1e-9

    @property
    def mutation_failed(self) -> bool:
        return self.mutation is not None and self.mutation["score"] < 0.95

    @property
    def passed(self) -> bool:
        return self.failures == 0 and not self.coverage_too_low and not self.mutation_failed

    def not_reached(self) -> dict[str, int]:
        """How many operations were not reached, by why."""
        return dict(count_why(self.skipped))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            covered=self.covered,
            coverage=round(self.coverage, 4),
            failures=self.failures,
            passed=self.passed,
            not_reached=self.not_reached(),
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        """A result read back from its JSON (`--format json`); derived fields are recomputed."""
        values = _known(cls, data)
        values["operations"] = [OperationResult.from_dict(o) for o in data["operations"]]
        values["stateful"] = [OperationResult.from_dict(o) for o in data.get("stateful", [])]
        values["skipped"] = [SkippedOperation(**_known(SkippedOperation, s)) for s in data.get("skipped", [])]
        return cls(**values)


def count_why(skipped: list[SkippedOperation]) -> list[tuple[str, int]]:
    """(why, how many) of operations not reached, sorted by why."""
    counts: dict[str, int] = {}
    for item in skipped:
        counts[item.why] = counts.get(item.why, 0) + 1
    return sorted(counts.items())


def _known(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}
