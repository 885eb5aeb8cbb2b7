"""What a contract run found: per-operation results, failure records, skipped operations
and the run's totals (the reports in report.py render these, `to_dict` is the JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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

    def count_status(self, status: int) -> None:
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1

    def add(self, record: FailureRecord) -> None:
        """One failure; a repeat of the same check and title counts, keeping the shortest curl."""
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
