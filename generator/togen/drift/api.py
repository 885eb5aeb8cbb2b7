"""Entry points: drift between two spec sources, and along a history of versions."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from togen.drift.engine import diff_apis
from togen.drift.model import Report
from togen.drift.render import EXTENSIONS, render, render_timeline, short_name
from togen.errors import SpecError
from togen.spec.ir import API
from togen.spec.normalize import Overlay, read_overlays
from togen.spec.pipeline import resolve_spec

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@lru_cache(maxsize=1)
def _overlays() -> tuple[Overlay, ...]:
    return tuple(read_overlays())


def load(source: str) -> API:
    """The IR of a spec source (path, URL or git:<rev>:<path>), used as given, with the
    project's overlays applied as the generator applies them (read once per process)."""
    return resolve_spec(source, verify_lock=False, overlays=list(_overlays())).api


def drift(old: str, new: str) -> Report:
    """Load both specs and compare them. Remote and git sources load in parallel (their
    waiting overlaps); local files load one after the other, which measured as fast as
    threads (parsing holds the GIL)."""
    if any(s.startswith(("http://", "https://", "git:")) for s in (old, new)):
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            old_future = pool.submit(load, old)
            new_api = load(new)
            old_api = old_future.result()
    else:
        old_api, new_api = load(old), load(new)
    return diff_apis(old_api, new_api)


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
) -> list[Step]:
    """Drift along consecutive versions; each spec is loaded once. With `output_dir`,
    writes one report per step and the timeline (`timeline.<ext>`)."""
    if len(sources) < 2:
        raise SpecError(
            sources[0] if sources else "history", "", "a history needs at least two spec versions"
        )
    steps: list[Step] = []
    previous = load(sources[0])
    for index, source in enumerate(sources[1:], start=1):
        current = load(source)
        report = diff_apis(previous, current)
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
