"""Release versioning of the generated client, and its changelog.

The client's version is `spec/config.toml` [package] `version`, bumped by the drift
report's semver suggestion against the last *published* spec:

    version = max(config version, bump(last published version, drift semver))

so a breaking spec change bumps the major, an addition the minor, any other change the
patch, and an unchanged spec keeps the published version (a rebuild of that release).
Raising `version` in `spec/config.toml` by hand is how a generator-only change gets a
new version.

What was published is recorded in `spec/published.toml` (`togen release --record`): one
`[[release]]` per version with the spec's sha256 and where the spec can be re-read (the
locked upstream URL at that commit). The spec is re-read from a local copy with the same
sha256 when there is one (`../shared/together-openapi/` and its `history/`), else from
that URL, and its sha256 is always verified.

Only a client generated from the *locked* spec (`spec/lock.toml`) is a release
candidate; any other spec (`--spec`, fixtures, history files) gives a development build
with the configured version and a one-paragraph changelog, without drift.

`generated/CHANGELOG.md` is rendered here from the drift report (Markdown): the newest
version carries the full report, earlier releases their recorded bump and reason.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from togen.core.errors import SpecError
from togen.spec.loader import LOCK_FILE, SHARED_SPEC, SPEC_DIR, SpecLock, read_bytes

if TYPE_CHECKING:
    from togen.drift.model import Report
    from togen.spec.ir import API

STATE_FILE = SPEC_DIR / "published.toml"
BUMPS = ("major", "minor", "patch", "none")
_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")

STATE_HEADER = """\
# Releases of the generated client, oldest first: what `togen release --record` wrote.
# The next version is the configured version (spec/config.toml) or the last version here
# bumped by the drift semver suggestion from its spec to the locked one, whichever is
# higher. `spec` is where that spec can be re-read; its sha256 is verified.
"""


@dataclass(frozen=True)
class PublishedRelease:
    """One `[[release]]` of spec/published.toml."""

    version: str
    spec_sha256: str
    spec: str  # URL, path or git:<rev>:<path> the spec can be re-read from
    upstream_commit: str = ""
    semver: str = ""  # the bump that produced this version ("initial" for the first)
    reason: str = ""

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass
class Release:
    """The version of the client generated from one spec, and why."""

    version: str
    kind: str  # "initial", "new", "rebuild" (the last published spec again) or "development"
    semver: str  # drift suggestion against the previous release ("none" when unchanged)
    reason: str
    spec_sha256: str
    spec: str  # where the spec can be re-read (the locked URL for release candidates)
    upstream_commit: str = ""
    previous: PublishedRelease | None = None  # the release this version is compared with
    history: list[PublishedRelease] = field(default_factory=list)
    report: Report | None = field(default=None, repr=False)
    changelog: str = ""

    @property
    def recorded(self) -> bool:
        return bool(self.history) and self.history[-1].version == self.version

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "kind": self.kind,
            "semver": self.semver,
            "reason": self.reason,
            "spec_sha256": self.spec_sha256,
            "spec": self.spec,
            "recorded": self.recorded,
            "previous": self.previous.as_dict() if self.previous else None,
            "summary": self.report.summary() if self.report else None,
        }


# --- versions -------------------------------------------------------------------------


def parse_version(version: str, where: str = "version") -> tuple[int, int, int]:
    match = _VERSION.fullmatch(version.strip())
    if not match:
        raise SpecError(where, "", f"version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump(version: str, semver: str) -> str:
    """`1.2.3` bumped by "major" -> `2.0.0`, "minor" -> `1.3.0`, "patch" -> `1.2.4`, "none" -> same."""
    major, minor, patch = parse_version(version)
    bumped = {
        "major": (major + 1, 0, 0),
        "minor": (major, minor + 1, 0),
        "patch": (major, minor, patch + 1),
        "none": (major, minor, patch),
    }.get(semver)
    if bumped is None:
        raise ValueError(f"unknown semver bump {semver!r} ({', '.join(BUMPS)})")
    return ".".join(str(part) for part in bumped)


def highest(*versions: str) -> str:
    return max(versions, key=parse_version)


# --- state file -----------------------------------------------------------------------


def read_state(path: Path | None = None) -> list[PublishedRelease]:
    path = path or STATE_FILE
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(str(path), "", f"invalid TOML: {exc}") from None
    releases = []
    for index, entry in enumerate(data.get("release", [])):
        try:
            release = PublishedRelease(**entry)
        except TypeError as exc:
            raise SpecError(str(path), f"release[{index}]", f"bad entry: {exc}") from None
        parse_version(release.version, f"{path}:release[{index}]")
        releases.append(release)
    return releases


def write_state(releases: list[PublishedRelease], path: Path | None = None) -> None:
    path = path or STATE_FILE
    lines = [STATE_HEADER]
    for release in releases:
        lines.append("\n[[release]]\n")
        for key, value in release.as_dict().items():
            if value:
                lines.append(f"{key} = {json.dumps(value)}\n")  # a JSON string is a TOML basic string
    path.write_text("".join(lines))


def record(release: Release, path: Path | None = None) -> bool:
    """Append `release` to the state file; False when that version is recorded already."""
    if release.kind == "development":
        raise SpecError(
            release.spec, "", "only a client generated from the locked spec (spec/lock.toml) is released"
        )
    releases = read_state(path)
    for existing in releases:
        if existing.version == release.version:
            if existing.spec_sha256 != release.spec_sha256:
                raise SpecError(
                    str(path or STATE_FILE),
                    "",
                    f"version {release.version} is recorded already with spec "
                    f"{existing.spec_sha256[:12]}, not {release.spec_sha256[:12]}",
                )
            return False
    releases.append(
        PublishedRelease(
            version=release.version,
            spec_sha256=release.spec_sha256,
            spec=release.spec,
            upstream_commit=release.upstream_commit,
            semver=release.semver,
            reason=release.reason,
        )
    )
    write_state(releases, path)
    return True


# --- re-reading published specs -------------------------------------------------------


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def local_copies() -> list[Path]:
    """Local spec files a published spec may be re-read from (checked by sha256)."""
    shared = SHARED_SPEC.parent
    if not shared.is_dir():
        return []
    history = shared / "history"
    files = [SHARED_SPEC] + (sorted(history.iterdir()) if history.is_dir() else [])
    return [p for p in files if p.is_file() and p.suffix in (".yaml", ".yml", ".json")]


@contextlib.contextmanager
def spec_path(release: PublishedRelease) -> Iterator[str]:
    """A path (or git:<rev>:<path>) holding exactly the spec of `release`, for the `with` block.
    A spec only published at a URL is downloaded, checked and kept in a temporary folder that
    is removed when the block ends (nothing is left in /tmp)."""
    recorded = Path(release.spec)
    candidates = ([recorded] if "://" not in release.spec and recorded.is_file() else []) + local_copies()
    for path in candidates:
        if _sha256_file(path) == release.spec_sha256:
            yield str(path)
            return
    data = read_bytes(release.spec)
    actual = hashlib.sha256(data).hexdigest()
    if actual != release.spec_sha256:
        raise SpecError(
            release.spec,
            "",
            f"sha256 {actual[:12]} differs from {release.spec_sha256[:12]} recorded for "
            f"version {release.version} in spec/published.toml",
        )
    if release.spec.startswith("git:"):
        yield release.spec
        return
    with tempfile.TemporaryDirectory(prefix="togen-published-") as folder:
        target = Path(folder) / f"{release.spec_sha256[:12]}.yaml"
        target.write_bytes(data)
        yield str(target)


_DRIFT_CACHE: dict[tuple[str, str], Report] = {}


def drift_since(release: PublishedRelease, api: API, new_name: str) -> Report:
    """The drift report from the spec of `release` to `api` (cached per pair of specs)."""
    key = (release.spec_sha256, api.spec_sha256)
    if key not in _DRIFT_CACHE:
        from togen.drift.api import load
        from togen.drift.operation_walk import diff_apis

        with spec_path(release) as old_spec:
            report = diff_apis(load(old_spec), api)
        report.old.name = release.spec  # names as recorded, so the changelog is the same everywhere
        report.new.name = new_name
        _DRIFT_CACHE[key] = report
    return _DRIFT_CACHE[key]


def drift_between(old: PublishedRelease, new: PublishedRelease) -> Report:
    from togen.drift.api import load

    with spec_path(new) as new_spec:
        api = load(new_spec)
    return drift_since(old, api, new.spec)


# --- planning -------------------------------------------------------------------------


def plan(
    api: API,
    *,
    state: Path | None = None,
    lock: SpecLock | None = None,
    config_version: str | None = None,
) -> Release:
    """The version and changelog of the client generated from `api`."""
    lock = lock or SpecLock.read()
    configured = config_version or api.package.version
    parse_version(configured, "spec/config.toml [package] version")
    history = read_state(state)
    if api.locked_sha256 != lock.sha256:  # (merged with the SDK surface: the spec's own)
        release = Release(
            version=configured,
            kind="development",
            semver="none",
            reason="not the locked spec: a development build",
            spec_sha256=api.spec_sha256,
            spec=api.spec_name,
            history=history,
        )
    elif not history:
        release = Release(
            version=configured,
            kind="initial",
            semver="initial",
            reason="first release",
            spec_sha256=api.spec_sha256,
            spec=lock.url,
            upstream_commit=lock.commit,
        )
    else:
        last = history[-1]
        if last.spec_sha256 == api.spec_sha256:
            semver, reason, report = "none", "same spec as the last release", None
        else:
            report = drift_since(last, api, lock.url)
            semver, reason = report.semver
        version = highest(bump(last.version, semver), configured)
        if version == configured and version != bump(last.version, semver):
            reason += f"; version raised to {configured} in spec/config.toml"
        release = Release(
            version=version,
            kind="rebuild" if version == last.version else "new",
            semver=semver,
            reason=reason,
            spec_sha256=api.spec_sha256,
            spec=lock.url,
            upstream_commit=lock.commit,
            previous=last,
            history=history,
            report=report,
        )
        if release.kind == "rebuild":  # the changelog of the recorded release: drift from the one before
            release.previous = history[-2] if len(history) > 1 else None
            if release.previous is not None and release.previous.spec_sha256 != last.spec_sha256:
                release.report = drift_between(release.previous, last)
            release.semver, release.reason = last.semver or semver, last.reason or reason
    release.changelog = render_changelog(release, api.package.distribution)
    return release


# --- changelog ------------------------------------------------------------------------


def demote_headings(markdown: str, levels: int = 1) -> str:
    return re.sub(r"(?m)^(#{1,5}) ", lambda m: "#" * (len(m.group(1)) + levels) + " ", markdown)


def _spec_line(sha256: str, spec: str, commit: str = "") -> str:
    where = f"upstream commit `{commit[:12]}`" if commit else f"`{spec}`"
    return f"spec sha256 `{sha256[:12]}`, {where}"


def render_changelog(release: Release, distribution: str) -> str:
    from togen.drift.render import render

    out = [
        "# Changelog\n\n",
        f"Versions of `{distribution}`, each generated from one version of the Together OpenAPI spec. "
        "A version's bump is the spec drift report's semver suggestion against the previously "
        "published spec; the newest entry carries the full drift report.\n\n",
        f"## {release.version}\n\n",
    ]
    if release.kind == "development":
        out.append(
            f"Development build from `{Path(release.spec).name}` (spec sha256 `{release.spec_sha256[:12]}`): "
            "not the locked spec, so no release version or drift was computed.\n"
        )
        return "".join(out)
    out.append(f"Generated from {_spec_line(release.spec_sha256, release.spec, release.upstream_commit)}.\n")
    previous = release.previous
    if release.kind == "initial" or (previous is None and release.report is None):
        out.append("\nFirst release.\n")
    elif previous is not None:
        out.append(
            f"Compared with {previous.version} "
            f"({_spec_line(previous.spec_sha256, previous.spec, previous.upstream_commit)}): "
            f"**{release.semver}** — {release.reason}.\n"
        )
    if release.report is not None:
        out.append("\n" + demote_headings(render(release.report, "md")).rstrip() + "\n")
    elif previous is not None and previous.spec_sha256 == release.spec_sha256:
        out.append("\nNo API changes: the spec is the same as in the previous release.\n")
    earlier = [r for r in reversed(release.history) if r.version != release.version]
    for entry in earlier:
        out.append(f"\n## {entry.version}\n\n")
        out.append(f"Generated from {_spec_line(entry.spec_sha256, entry.spec, entry.upstream_commit)}.")
        if entry.semver and entry.semver != "initial":
            out.append(f" Version bump: **{entry.semver}** — {entry.reason}.")
        elif entry.semver == "initial":
            out.append(" First release.")
        out.append("\n")
    return "".join(out)


# --- relocking to a newer upstream spec (`togen spec relock`, the drift workflow) ---------------------------


def relock(spec_file: Path, commit: str, lock_file: Path | None = None) -> SpecLock:
    """Point spec/lock.toml at `commit` of the upstream repository, whose spec is `spec_file`
    (already downloaded): the commit, the URL at that commit and the file's sha256 change;
    comments and the other keys stay as they are."""
    lock_file = lock_file or LOCK_FILE
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise SpecError(commit, "", "expected a full 40-hex-digit commit")
    old = SpecLock.read(lock_file)
    if old.commit not in old.url:
        raise SpecError(str(lock_file), "upstream.url", "the locked URL does not contain the locked commit")
    new = SpecLock(url=old.url.replace(old.commit, commit), sha256=_sha256_file(spec_file), commit=commit)
    text = lock_file.read_text()
    for key, value in (("commit", new.commit), ("url", new.url), ("sha256", new.sha256)):
        text, count = re.subn(rf'(?m)^{key}\s*=\s*"[^"]*"', f"{key} = {json.dumps(value)}", text)
        if count != 1:
            raise SpecError(str(lock_file), f"upstream.{key}", "expected exactly one such line")
    lock_file.write_text(text)
    return new
