"""What a team decides about a drift report: `--severity`, `--ignore FILE`, `--include-project`.

Applied to a finished report, in this order:
1. `--severity KIND=LEVEL` remaps a rule's level (KIND may be a glob; `api:KIND` or
   `client:KIND` restricts it to the API changes or the client surface);
2. `--ignore FILE` moves accepted changes to `report.ignored`, each with its reason;
3. changes only the project's overlays make (`origin: project`) move to
   `report.project_changes` unless `--include-project`.
What moved counts toward neither the levels, the semver nor `--fail-on`.

The ignore file is YAML or TOML: a list `ignore` of entries, each with a `reason` and at
least one of `kind`, `operation`, `path` (API changes) or `symbol` (client surface), all
glob patterns (`fnmatch`: `*`, `?`, `[...]`):

    ignore:
      - kind: response-property-removed
        operation: "GET /v1/models"
        path: "[].pricing*"
        reason: pricing moved to GET /v1/pricing; no client of ours reads it

An entry with `operation` or `path` matches API changes only, one with `symbol` the client
surface only, one with only `kind` both.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from togen.core.errors import SpecError
from togen.drift.model import LEVELS, Change, Ignored, Level, Report, SurfaceChange
from togen.drift.rules import RULES, kinds

_ENTRY_KEYS = frozenset({"kind", "operation", "path", "symbol", "reason"})


@dataclass(frozen=True)
class IgnoreRule:
    reason: str
    kind: str | None = None
    operation: str | None = None
    path: str | None = None
    symbol: str | None = None

    def matches_change(self, change: Change) -> bool:
        if self.symbol is not None:
            return False
        return (
            _match(self.kind, change.kind)
            and _match(self.operation, change.operation)
            and _match(self.path, change.path)
        )

    def matches_surface(self, change: SurfaceChange) -> bool:
        if self.operation is not None or self.path is not None:
            return False
        return _match(self.kind, change.kind) and _match(self.symbol, change.symbol)


def _match(pattern: str | None, value: str) -> bool:
    return pattern is None or fnmatchcase(value, pattern)


def read_ignore_file(path: Path) -> list[IgnoreRule]:
    """The rules of an ignore file; a mistake is one line naming the file and the entry."""
    name = str(path)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise SpecError(name, "", exc.strerror or str(exc), "unreadable") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            data: Any = tomllib.loads(text.decode())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SpecError(name, "", f"invalid TOML: {exc}", "syntax") from None
    else:
        from togen.spec.loader import parse_text

        data = parse_text(text, name)
    entries = data.get("ignore") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise SpecError(
            name, "", "expected a list `ignore` of entries (kind, operation, path, reason)", "usage"
        )
    known = kinds()
    rules = []
    for index, entry in enumerate(entries):
        where = f"/ignore/{index}"
        if not isinstance(entry, dict):
            raise SpecError(name, where, "an entry is a mapping with a reason and patterns", "usage")
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise SpecError(
                name,
                where,
                f"unknown key(s) {', '.join(unknown)} (kind, operation, path, symbol, reason)",
                "usage",
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise SpecError(name, where, "every entry needs a reason (why the change is accepted)", "usage")
        patterns = {k: entry.get(k) for k in ("kind", "operation", "path", "symbol")}
        for key, value in patterns.items():
            if value is not None and not isinstance(value, str):
                raise SpecError(name, f"{where}/{key}", "a pattern is a string", "usage")
        if all(v is None for v in patterns.values()):
            raise SpecError(
                name, where, "an entry needs at least one of kind, operation, path, symbol", "usage"
            )
        kind = patterns["kind"]
        if kind is not None and not any(fnmatchcase(k, kind) for k in known):
            raise SpecError(
                name, f"{where}/kind", f"{kind!r} matches no rule kind (togen drift --list-rules)", "usage"
            )
        rules.append(IgnoreRule(reason.strip(), **patterns))
    return rules


def parse_severity(items: list[str]) -> list[tuple[str | None, str, Level]]:
    """`KIND=LEVEL` options as (scope or None, kind pattern, level)."""
    parsed: list[tuple[str | None, str, Level]] = []
    for item in items:
        kind, sep, level = item.partition("=")
        kind, level = kind.strip(), level.strip()
        if not sep or not kind:
            raise SpecError("drift", "--severity", f"expected KIND=LEVEL, got {item!r}", "usage")
        if level not in LEVELS:
            raise SpecError(
                "drift", "--severity", f"unknown level {level!r} in {item!r} ({', '.join(LEVELS)})", "usage"
            )
        scope: str | None = None
        if kind.split(":", 1)[0] in ("api", "client", "live") and ":" in kind:
            scope, kind = kind.split(":", 1)
        if not any(fnmatchcase(k, kind) and (scope is None or s == scope) for s, k in RULES):
            raise SpecError(
                "drift", "--severity", f"{kind!r} matches no rule kind (togen drift --list-rules)", "usage"
            )
        parsed.append((scope, kind, level))
    return parsed


def _remapped(scope: str, kind: str, level: Level, severity: list[tuple[str | None, str, Level]]) -> Level:
    for rule_scope, pattern, new_level in severity:  # the last matching option wins
        if (rule_scope is None or rule_scope == scope) and fnmatchcase(kind, pattern):
            level = new_level
    return level


def _without_ignored(
    items: list[Any], ignore: list[IgnoreRule], ignored: list[Ignored], *, surface: bool
) -> list[Any]:
    """`items` less those an ignore rule matches, which go to `ignored` with its reason."""
    kept = []
    for item in items:
        rule = next(
            (r for r in ignore if (r.matches_surface(item) if surface else r.matches_change(item))), None
        )
        if rule is None:
            kept.append(item)
        else:
            ignored.append(
                Ignored(rule.reason, surface=item) if surface else Ignored(rule.reason, change=item)
            )
    return kept


def apply_policy(
    report: Report,
    *,
    severity: list[tuple[str | None, str, Level]] | None = None,
    ignore: list[IgnoreRule] | None = None,
    include_project: bool = False,
    scope: str = "api",
) -> Report:
    """Remap, ignore and set apart, in place (see the module docstring); returns `report`.
    `scope`: the scope of `report.changes` (`live` for `togen drift --live`)."""
    if severity:
        report.changes = [
            dataclasses.replace(c, level=_remapped(scope, c.kind, c.level, severity)) for c in report.changes
        ]
        report.surface = [
            dataclasses.replace(s, level=_remapped("client", s.kind, s.level, severity))
            for s in report.surface
        ]
    if ignore:
        report.changes = _without_ignored(report.changes, ignore, report.ignored, surface=False)
        report.surface = _without_ignored(report.surface, ignore, report.ignored, surface=True)
    if not include_project:
        report.project_changes += [c for c in report.changes if c.origin == "project"]
        report.project_surface += [s for s in report.surface if s.origin == "project"]
        report.changes = [c for c in report.changes if c.origin != "project"]
        report.surface = [s for s in report.surface if s.origin != "project"]
    counted = {c.operation for c in report.changes}
    report.operations_changed = [op for op in report.operations_changed if op in counted]
    report.operations_added = [op for op in report.operations_added if op in counted]
    report.operations_removed = [op for op in report.operations_removed if op in counted]
    report.changes.sort(key=Change.sort_key)
    report.surface.sort(key=SurfaceChange.sort_key)
    return report
