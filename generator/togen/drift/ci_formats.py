"""CI renderings of a drift report: JUnit XML and GitHub Actions annotations.

- `junit`: one test case per operation of either spec (class `drift.api`, name
  `METHOD /path`), failed when it has a change at or above the `--fail-on` level (default
  breaking), plus one case for the generated client's surface (`drift.client`). Other
  changes and ignored ones are listed in the case's `system-out`.
- `github`: one workflow command per change at or above potentially breaking:
  `::error` at or above the `--fail-on` level (default breaking), `::warning` below it,
  pointing at the file and line of the new spec where the change is written (the old
  spec's pointer, or its nearest ancestor that exists, for removals), plus spec warnings
  such as duplicate YAML keys at their own file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from togen.core.junit import Case, Failure, junit_xml
from togen.drift.model import BREAKING, LEVEL_RANK, NON_BREAKING, Change, Level, Report

if TYPE_CHECKING:
    from togen.drift.model import SurfaceChange


def _at_or_above(level: Level, threshold: Level) -> bool:
    return LEVEL_RANK[level] <= LEVEL_RANK[threshold]


def _line(change: Change) -> str:
    where = f" {change.path}" if change.path else ""
    return f"[{change.level}] {change.kind}: {change.location}{where}: {change.message}"


def _surface_line(change: SurfaceChange) -> str:
    return f"[{change.level}] {change.kind}: {change.symbol}: {change.message}"


def render_junit(report: Report, fail_on: Level | None = None) -> str:
    threshold = fail_on or BREAKING
    by_operation: dict[str, list[Change]] = {op: [] for op in report.all_operations}
    for change in report.changes:
        for place in change.places():  # a shared schema's change fails each operation it reaches
            by_operation.setdefault(place.operation, []).append(place)
    ignored: dict[str, list[str]] = {}
    for item in report.ignored:
        if item.change is not None:
            ignored.setdefault(item.change.operation, []).append(
                f"ignored ({item.reason}): {_line(item.change)}"
            )
    cases = []
    for operation in sorted(by_operation):
        changes = sorted(by_operation[operation], key=Change.sort_key)  # report order, places included
        lines = [(c.level, _line(c)) for c in changes]
        cases.append(_case("drift.api", operation, lines, threshold, "change(s)", ignored.get(operation, [])))
    surface = [(s.level, _surface_line(s)) for s in report.surface]
    cases.append(_case("drift.client", "client surface", surface, threshold, "client-surface change(s)", []))
    return junit_xml(f"togen drift {report.old.name} -> {report.new.name}", cases)


def _case(
    classname: str,
    name: str,
    lines: list[tuple[Level, str]],
    threshold: Level,
    noun: str,
    extra: list[str],
) -> Case:
    """One test case: failed by the lines at or above `threshold`, the rest in system-out."""
    failing = [(level, text) for level, text in lines if _at_or_above(level, threshold)]
    failures = []
    if failing:
        message = f"{len(failing)} {noun} at or above {threshold}"
        text = "\n".join(text for _, text in failing)
        failures.append(Failure({"message": message, "type": failing[0][0]}, text))
    rest = [text for level, text in lines if not _at_or_above(level, threshold)] + extra
    return Case(classname, name, failures=failures, output="\n".join(rest) if rest else None)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, title: str, file: str | None, line: int | None) -> str:
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
        if line is not None:
            props.append(f"line={line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"


def render_github(report: Report, fail_on: Level | None = None, new_text: bytes = b"") -> str:
    """Workflow commands; `new_text` is the new spec's source, for line numbers."""
    from togen.spec.loader import lines_of_pointers

    threshold = fail_on or BREAKING
    shown = [c for c in report.changes if c.level != NON_BREAKING]
    pointers = [p for c in shown for p in (c.new_pointer, c.old_pointer) if p]
    lines = lines_of_pointers(new_text, pointers) if shown else {}
    file = _file_of(report.new.name)
    out = []
    for change in shown:
        pointer = change.new_pointer or change.old_pointer
        line = lines.get(pointer) if pointer else None
        kind = "error" if _at_or_above(change.level, threshold) else "warning"
        title = f"{change.kind} ({change.level})"
        also = f" (and {len(change.also)} more place(s) reaching the same schema)" if change.also else ""
        out.append(_command(kind, f"{change.operation}: {change.message}{also}", title, file, line))
    for surface in report.surface:
        if surface.level == NON_BREAKING:
            continue
        kind = "error" if _at_or_above(surface.level, threshold) else "warning"
        title = f"client {surface.kind} ({surface.level})"
        out.append(_command(kind, f"{surface.symbol}: {surface.message}", title, file, None))
    for warning in report.warnings:
        out.append(_command("warning", warning.message, warning.code, _file_of(warning.file), warning.line))
    return "".join(f"{line}\n" for line in out)


def _file_of(name: str) -> str | None:
    """A path GitHub can annotate (not a URL, an SDK's derived document or a git: source)."""
    if name.startswith(("http://", "https://", "git:", "sdk:")):
        return name.split(":", 2)[2] if name.startswith("git:") else None
    return name
