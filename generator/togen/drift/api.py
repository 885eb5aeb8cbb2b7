"""Entry points: drift between two spec sources, and along a history of versions.

Specs load through togen's spec cache (`togen.spec.cache`), so a spec seen before (a
weekly job, `--history`, the mock) costs a JSON read instead of a parse + normalize.
When the project's overlays apply differently to the two specs (an action whose target
one version lacks), the upstream specs are diffed too, without overlays: a change that
only the overlaid diff has is the project's (`origin: project`), reported apart and not
counted unless `--include-project` (`togen.drift.policy`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from togen.core.errors import SpecError
from togen.drift.model import Change, Report, SurfaceChange, group_repeats
from togen.drift.operation_walk import DiffOptions, Focus, diff_apis, operation_key
from togen.drift.policy import IgnoreRule, apply_policy
from togen.drift.render import EXTENSIONS, render, render_timeline, short_name
from togen.drift.sites import raw_at
from togen.drift.unchanged import Unchanged
from togen.spec.ir import API
from togen.spec.normalize import Overlay, schema_class_name

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def load(source: str, overlays: list[Overlay] | None = None) -> API:
    """The IR of a spec source (path, URL or git:<rev>:<path>), used as given, with the
    project's overlays (None) applied as the generator applies them, or with `overlays`. The
    project's are read only when the spec cache misses (once per process), so a warm drift
    parses no YAML at all."""
    from togen.spec.cache import load_api

    return load_api(source, verify_lock=False, overlays=overlays)


@dataclass
class Policy:
    """What the user decided: options of the diff and of the report (`togen.drift.policy`)."""

    options: DiffOptions = field(default_factory=DiffOptions)
    severity: list[tuple[str | None, str, Any]] = field(default_factory=list)
    ignore: list[IgnoreRule] = field(default_factory=list)
    include_project: bool = False
    overlays: list[Overlay] | None = None  # None: the project's own (tests pass their own)


def drift(old: str, new: str, policy: Policy | None = None) -> Report:
    """Load both specs and compare them. Remote and git sources load in parallel (their
    waiting overlaps); local files load one after the other, which measured as fast as
    threads (parsing holds the GIL)."""
    policy = policy or Policy()
    if any(s.startswith(("http://", "https://", "git:")) for s in (old, new)):
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            old_future = pool.submit(load, old, policy.overlays)
            new_api = load(new, policy.overlays)
            old_api = old_future.result()
    else:
        old_api, new_api = load(old, policy.overlays), load(new, policy.overlays)
    return compare(old_api, new_api, policy, (old, new))


def compare(
    old_api: API,
    new_api: API,
    policy: Policy,
    sources: tuple[str, str],
    load_upstream: Callable[[str], API] | None = None,
) -> Report:
    """The report of two loaded specs, with the project's changes told apart and the
    policy applied. `load_upstream(source)`: the spec without overlays (`--history` keeps
    each version's for the next step)."""
    report = diff_apis(old_api, new_api, policy.options)
    if _overlay_footprint(old_api) != _overlay_footprint(new_api):
        upstream_of = load_upstream or (lambda source: load(source, []))
        old_upstream, new_upstream = upstream_of(sources[0]), upstream_of(sources[1])
        focus = Focus.of(report)  # the upstream diff only says which of these it has too
        spared = untouched(focus, (old_api, old_upstream), (new_api, new_upstream))
        upstream = diff_apis(old_upstream, new_upstream, policy.options, focus.without(spared))
        mark_project_changes(report, upstream, spared)
    report.warnings = [f for api in (old_api, new_api) for f in api.findings if f.code == "duplicate-key"]
    apply_policy(
        report, severity=policy.severity, ignore=policy.ignore, include_project=policy.include_project
    )
    # After the policy, which ignores or remaps each place on its own.
    report.changes = group_repeats(report.changes)
    report.project_changes = group_repeats(report.project_changes)
    return report


def _overlay_footprint(api: API) -> frozenset[tuple[str, str]]:
    """Which overlay actions did not apply to this spec (their findings)."""
    return frozenset((f.message, f.pointer) for f in api.findings if f.code.startswith("overlay"))


def untouched(focus: Focus, old: tuple[API, API], new: tuple[API, API]) -> Focus:
    """The operations and models of `focus` that no overlay touched: in each version (overlaid,
    upstream), absent from both or the same in both (`togen.drift.unchanged`: with all they
    reference; an operation at the same place). The changes of an operation, and of a model's
    fields, depend on it alone, so the upstream diff would find exactly the overlaid diff's
    again: it is spared their walk."""
    versions = [_Version(overlaid, upstream) for overlaid, upstream in (old, new)]
    operations: set[str] = set()
    methods: set[str] = set()
    for key in versions[0].overlaid_ops.keys() | versions[1].overlaid_ops.keys():
        ops = [op for version in versions if (op := version.overlaid_ops.get(key)) is not None]
        if not any(op.signature in focus.operations or op.key in focus.methods for op in ops):
            continue
        if all(version.untouched(key) for version in versions):
            operations.update(op.signature for op in ops)
            methods.update(op.key for op in ops)
    models = {cls for cls in focus.models if all(version.untouched_model(cls) for version in versions)}
    return Focus(frozenset(operations), frozenset(methods), frozenset(models))


class _Version:
    """One version's spec with the project's overlays and without."""

    def __init__(self, overlaid: API, upstream: API) -> None:
        self.overlaid, self.upstream = overlaid, upstream
        self.overlaid_ops = {operation_key(op): op for op in overlaid.all_operations}
        self.upstream_ops = {operation_key(op): op for op in upstream.all_operations}
        self.overlaid_models = {schema_class_name(name): name for name in overlaid.schemas}
        self.upstream_models = {schema_class_name(name): name for name in upstream.schemas}
        self.unchanged = Unchanged(overlaid.document, upstream.document)

    def untouched(self, key: tuple[str, str]) -> bool:
        mine, theirs = self.overlaid_ops.get(key), self.upstream_ops.get(key)
        if mine is None or theirs is None:
            return mine is theirs
        return (
            mine.pointer == theirs.pointer
            and mine.signature == theirs.signature
            and mine.requires_auth == theirs.requires_auth  # read from the document's `security` too
            and self.unchanged.raw(raw_at(self.overlaid, mine.pointer), raw_at(self.upstream, theirs.pointer))
        )

    def untouched_model(self, cls: str) -> bool:
        mine, theirs = self.overlaid_models.get(cls), self.upstream_models.get(cls)
        return mine == theirs and (mine is None or self.unchanged.component(mine))


def mark_project_changes(report: Report, upstream: Report, spared: Focus | None = None) -> None:
    """`origin: project` on every change the upstream diff (no overlays) does not have; it has
    those of the operations and model fields `spared` (no overlay touched them) by construction."""
    spared = spared or Focus(frozenset(), frozenset(), frozenset())
    seen = {(c.kind, c.operation, c.location, c.path) for c in upstream.changes}
    seen_surface = {(s.kind, s.symbol) for s in upstream.surface}

    def change(c: Change) -> Change:
        if c.operation in spared.operations or (c.kind, c.operation, c.location, c.path) in seen:
            return c
        return replace(c, origin="project")

    def surface(s: SurfaceChange) -> SurfaceChange:
        if _spared_symbol(s.symbol, spared) or (s.kind, s.symbol) in seen_surface:
            return s
        return replace(s, origin="project")

    report.changes = [change(c) for c in report.changes]
    report.surface = [surface(s) for s in report.surface]


def _spared_symbol(symbol: str, spared: Focus) -> bool:
    """A method (`client.key`, `client.key(param)`) of a spared operation, or a field
    (`models.Class.field`) of a spared model; not a model itself (`models.Class`, added or
    removed), which is told by the set of all models."""
    if symbol.startswith("client."):
        return symbol.removeprefix("client.").split("(")[0] in spared.methods
    parts = symbol.split(".", 2)
    return len(parts) == 3 and parts[0] == "models" and parts[1] in spared.models


def history_sources(history: str) -> list[str]:
    """The versions of a history: the spec files of a directory in name order, or the
    commits of `git:<rev-range>:<path>` that touched the path, oldest first."""
    if history.startswith("git:"):
        try:
            _, revs, path = history.split(":", 2)
        except ValueError:
            raise SpecError(history, "", "expected git:<rev-range>:<path>", "usage") from None
        try:
            out = subprocess.run(
                ["git", "rev-list", "--reverse", revs, "--", path], check=True, capture_output=True, text=True
            ).stdout
        except (subprocess.CalledProcessError, OSError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            raise SpecError(history, "", f"git rev-list failed: {detail.strip()}", "unreadable") from None
        commits = out.split()
        if ".." in revs:
            start = revs.split("..")[0]
            if start:
                commits.insert(0, start)
        return [f"git:{commit}:{path}" for commit in commits]
    directory = Path(history)
    if not directory.is_dir():
        raise SpecError(history, "", "not a directory (--history takes a directory or git:<range>:<path>)")
    files = sorted(str(p) for p in directory.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
    return files


@dataclass
class Step:
    old: str
    new: str
    report: Report
    file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        semver, reason = self.report.semver
        return {
            "old": self.old,
            "new": self.new,
            "summary": self.report.summary(),
            "semver": semver,
            "semver_reason": reason,
            "file": self.file,
        }


def history(
    sources: list[str],
    *,
    output_dir: Path | None = None,
    fmt: str = "md",
    progress: Callable[[str], None] | None = None,
    policy: Policy | None = None,
) -> list[Step]:
    """Drift along consecutive versions; each spec is loaded once. With `output_dir`,
    writes one report per step and the timeline (`timeline.<ext>`)."""
    if len(sources) < 2:
        raise SpecError(
            sources[0] if sources else "history", "", "a history needs at least two spec versions"
        )
    policy = policy or Policy()
    steps: list[Step] = []
    upstream: dict[str, API] = {}  # the versions without overlays, of this step and the last

    def load_upstream(source: str) -> API:
        if source not in upstream:
            upstream[source] = load(source, [])
        return upstream[source]

    previous = load(sources[0], policy.overlays)
    for index, source in enumerate(sources[1:], start=1):
        current = load(source, policy.overlays)
        for seen in [s for s in upstream if s not in (sources[index - 1], source)]:
            del upstream[seen]
        report = compare(previous, current, policy, (sources[index - 1], source), load_upstream)
        name = None
        if output_dir is not None:
            name = f"{index:02d}_{_stem(sources[index - 1])}__{_stem(source)}.{EXTENSIONS[fmt]}"
            output_dir.mkdir(parents=True, exist_ok=True)
            (output_dir / name).write_text(render(report, fmt))
        steps.append(Step(sources[index - 1], source, report, name))
        if progress:
            progress(f"{short_name(sources[index - 1])} -> {short_name(source)}: {report.summary()['total']}")
        previous = current
    if output_dir is not None:
        timeline = render_timeline([s.as_dict() for s in steps], fmt)
        (output_dir / f"timeline.{EXTENSIONS[fmt]}").write_text(timeline)
    return steps


def _stem(source: str) -> str:
    if source.startswith("git:"):
        return source.split(":")[1][:12]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(source).stem)
