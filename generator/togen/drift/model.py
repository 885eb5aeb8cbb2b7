"""The drift report's data: changes, client-surface changes, summary, semver.

`Report.as_dict()` is the stable JSON schema (`schema_version` 1, documented in the
README); the Markdown and HTML renderers read the same dict:

    {
      "schema_version": 1,
      "old": {"name", "sha256", "operations", "schemas"},      # likewise "new"
      "summary": {"total", "breaking", "potentially-breaking", "non-breaking",
                  "operations": {"added", "removed", "changed"},
                  "client": {"breaking", "potentially-breaking", "non-breaking"}},
      "semver": "major" | "minor" | "patch" | "none", "semver_reason": str,
      "operations": {"added": [sig], "removed": [sig], "changed": [sig]},
      "changes": [{"kind", "level", "operation", "location", "path", "old_pointer",
                   "new_pointer", "message", "old_value", "new_value", "origin",
                   "also_at"?: [{"operation", "location", "path", "message"}]}],
      "client": [{"kind", "level", "symbol", "message", "old", "new", "origin"}],
      "project": {"changes": [change], "client": [client change]},  # overlay-only, not counted
      "ignored": [{"reason", "change": change | null, "client": client change | null}],
      "warnings": [{"severity", "code", "message", "pointer", "file", "line"}]
    }

Semver: `major` when any API change or client-surface change is breaking; `minor` when
something was added or widened, or a change is potentially breaking; `patch` for other
compatible changes; `none` when nothing changed. Changes made only by the project's
overlays (`project`, unless `--include-project`) and accepted ones (`ignored`, from
`--ignore FILE`) count toward neither the levels, the semver nor `--fail-on`. Keys are
only ever added within a schema version.

A change written once in a shared schema and reached from many places (a field of
`ErrorData` under each error response of each operation) is one finding: the first place
is the change itself, the others are in `also_at` (present only then); the summary counts
findings, as listed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from togen.core.errors import Finding

Level = Literal["breaking", "potentially-breaking", "non-breaking"]
BREAKING: Level = "breaking"
POTENTIAL: Level = "potentially-breaking"
NON_BREAKING: Level = "non-breaking"
LEVELS: tuple[Level, ...] = (BREAKING, POTENTIAL, NON_BREAKING)
LEVEL_RANK = {BREAKING: 0, POTENTIAL: 1, NON_BREAKING: 2}

Semver = Literal["major", "minor", "patch", "none"]
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Change:
    """One API change between the two specs."""

    kind: str  # stable rule name: "operation-removed", "request-enum-value-removed", ...
    level: Level
    operation: str  # "METHOD /effective/path" (the new spec's path unless removed)
    location: str  # "request body", "query parameter `type`", "response 200", ...
    path: str  # field path inside the location: "messages[].role" ("" for the whole)
    old_pointer: str | None  # where it is written in the old spec (JSON pointer)
    new_pointer: str | None
    message: str
    old_value: Any = None
    new_value: Any = None
    origin: str = "upstream"  # "project" when an overlay of ours adds the operation
    # The same change at other places of the API: one shared schema that several operations or
    # responses use (`group_repeats`); one finding, listing where.
    also: tuple[Change, ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        return (LEVEL_RANK[self.level], self.operation, self.location, self.path, self.kind, self.message)

    def places(self) -> tuple[Change, ...]:
        """This change and its repeats (`also`), each at its own operation and location."""
        return (self, *self.also)

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["also"]
        if self.also:
            data["also_at"] = [
                {"operation": c.operation, "location": c.location, "path": c.path, "message": c.message}
                for c in self.also
            ]
        return data


def group_repeats(changes: list[Change]) -> list[Change]:
    """One finding per rule and place in the spec: a change written once, in a shared schema
    (`/components/...`), that many operations or responses reach (`ErrorData` under every error
    response of every operation) is listed once, its other places in `also`. Input order is
    kept; the first of a group stands for it."""
    groups: dict[tuple[Any, ...], list[Change]] = {}
    found: list[list[Change]] = []
    for change in changes:
        pointer = change.new_pointer or change.old_pointer
        if not pointer or not pointer.startswith("/components/"):
            found.append([change])
            continue
        key = (
            change.kind,
            change.level,
            change.origin,
            change.old_pointer,
            change.new_pointer,
            repr(change.old_value),
            repr(change.new_value),
        )
        group = groups.get(key)
        if group is None:
            groups[key] = group = []
            found.append(group)
        group.append(change)
    return [
        group[0] if len(group) == 1 else dataclasses.replace(group[0], also=tuple(group[1:]))
        for group in found
    ]


@dataclass(frozen=True)
class SurfaceChange:
    """One change of the generated client's public surface."""

    kind: str  # "method-removed", "parameter-added", "field-type-changed", ...
    level: Level
    symbol: str  # "client.endpoints.retrieve", "client.files.list(purpose)", "models.File.id"
    message: str
    old: str | None = None
    new: str | None = None
    origin: str = "upstream"  # "project" when only the project's overlays make it

    def sort_key(self) -> tuple[Any, ...]:
        return (LEVEL_RANK[self.level], self.symbol, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class SpecInfo:
    name: str
    sha256: str
    operations: int
    schemas: int

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Ignored:
    """A change an `--ignore` rule accepted, and the rule's reason."""

    reason: str
    change: Change | None = None
    surface: SurfaceChange | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "change": self.change.as_dict() if self.change else None,
            "client": self.surface.as_dict() if self.surface else None,
        }


@dataclass
class Report:
    old: SpecInfo
    new: SpecInfo
    changes: list[Change] = field(default_factory=list)  # the changes that count
    surface: list[SurfaceChange] = field(default_factory=list)
    operations_added: list[str] = field(default_factory=list)
    operations_removed: list[str] = field(default_factory=list)
    operations_changed: list[str] = field(default_factory=list)
    project_changes: list[Change] = field(default_factory=list)  # overlay-only, reported apart
    project_surface: list[SurfaceChange] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)  # e.g. duplicate YAML keys
    all_operations: list[str] = field(default_factory=list)  # of both specs (JUnit test cases)

    def count(self, level: Level) -> int:
        return sum(1 for c in self.changes if c.level == level)

    @property
    def highest_level(self) -> Level | None:
        levels = sorted((LEVEL_RANK[c.level], c.level) for c in self.changes)
        return levels[0][1] if levels else None

    def reaches(self, threshold: Level) -> bool:
        """True when some change is at `threshold` or worse (the --fail-on test)."""
        return any(LEVEL_RANK[c.level] <= LEVEL_RANK[threshold] for c in self.changes)

    @property
    def semver(self) -> tuple[Semver, str]:
        """The version bump the regenerated client needs, and why."""
        api_breaking = self.count(BREAKING)
        surface_breaking = sum(1 for s in self.surface if s.level == BREAKING)
        if api_breaking or surface_breaking:
            return "major", (
                f"{api_breaking} breaking API change(s), {surface_breaking} breaking client-surface change(s)"
            )
        additions = sum(1 for s in self.surface if s.kind.endswith("-added")) + sum(
            1 for c in self.changes if c.kind.endswith(("-added", "-widened"))
        )
        potential = self.count(POTENTIAL) + sum(1 for s in self.surface if s.level == POTENTIAL)
        if additions or potential:
            return "minor", f"{additions} addition(s), {potential} potentially breaking change(s)"
        if self.changes or self.surface:
            return "patch", f"{len(self.changes) + len(self.surface)} compatible change(s)"
        return "none", "no changes"

    def summary(self) -> dict[str, Any]:
        return {
            "total": len(self.changes),
            "breaking": self.count(BREAKING),
            "potentially-breaking": self.count(POTENTIAL),
            "non-breaking": self.count(NON_BREAKING),
            "operations": {
                "added": len(self.operations_added),
                "removed": len(self.operations_removed),
                "changed": len(self.operations_changed),
            },
            "client": {level: sum(1 for s in self.surface if s.level == level) for level in LEVELS},
        }

    def as_dict(self) -> dict[str, Any]:
        semver, reason = self.semver
        return {
            "schema_version": SCHEMA_VERSION,
            "old": self.old.as_dict(),
            "new": self.new.as_dict(),
            "summary": self.summary(),
            "semver": semver,
            "semver_reason": reason,
            "operations": {
                "added": self.operations_added,
                "removed": self.operations_removed,
                "changed": self.operations_changed,
            },
            "changes": [c.as_dict() for c in self.changes],
            "client": [s.as_dict() for s in self.surface],
            "project": {
                "changes": [c.as_dict() for c in self.project_changes],
                "client": [s.as_dict() for s in self.project_surface],
            },
            "ignored": [i.as_dict() for i in self.ignored],
            "warnings": [w.as_dict() for w in self.warnings],
        }
