"""Versioning and the changelog (generator/release.py): the configured version bumped by the
drift from the last published spec; state in spec/published.toml; relocking for the drift
workflow."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CURRENT_SPEC, FIXTURES, HISTORY
from tests.e2e.publishing import ROOT
from togen.core.errors import SpecError
from togen.release import versions as rel
from togen.spec.ir import API
from togen.spec.loader import LOCK_FILE, SpecLock
from togen.spec.pipeline import load_api_uncached

needs_shared = pytest.mark.skipif(not CURRENT_SPEC.exists() or not HISTORY, reason="needs ../shared specs")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(version: str, spec: Path, **kw: str) -> rel.PublishedRelease:
    return rel.PublishedRelease(version=version, spec_sha256=sha(spec), spec=str(spec), **kw)


@pytest.fixture(scope="module")
def current() -> API:
    return load_api_uncached(None)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "published.toml"


@pytest.mark.parametrize(
    ("version", "semver", "expected"),
    [
        ("0.1.0", "major", "1.0.0"),
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.2.3", "none", "1.2.3"),
    ],
)
def test_bump(version: str, semver: str, expected: str) -> None:
    assert rel.bump(version, semver) == expected


def test_versions_compare_numerically_and_reject_other_shapes() -> None:
    assert rel.highest("0.10.0", "0.9.9") == "0.10.0"
    with pytest.raises(SpecError, match="MAJOR.MINOR.PATCH"):
        rel.parse_version("1.0")
    with pytest.raises(ValueError):
        rel.bump("1.0.0", "huge")


def test_state_round_trip_and_the_committed_file_parses(state: Path) -> None:
    releases = [
        rel.PublishedRelease(
            "0.1.0", "a" * 64, "https://example.invalid/x.yaml", "c" * 40, "initial", "first"
        ),
        rel.PublishedRelease("1.0.0", "b" * 64, 'path with "quotes"\\', semver="major", reason="2 breaking"),
    ]
    rel.write_state(releases, state)
    assert rel.read_state(state) == releases
    assert tomllib.loads(state.read_text())["release"][1]["spec"] == 'path with "quotes"\\'
    rel.read_state(rel.STATE_FILE)  # the committed state parses
    state.write_text('[[release]]\nversion = "x"\nspec_sha256 = ""\nspec = ""\n')
    with pytest.raises(SpecError, match="MAJOR.MINOR.PATCH"):
        rel.read_state(state)


def test_a_spec_other_than_the_locked_one_is_a_development_build(state: Path) -> None:
    api = load_api_uncached(str(FIXTURES / "shop_30.yaml"))
    release = rel.plan(api, state=state)
    assert (release.kind, release.version) == ("development", api.package.version)
    assert "Development build from `shop_30.yaml`" in release.changelog
    with pytest.raises(SpecError, match="only a client generated from the locked spec"):
        rel.record(release, state)


def test_nothing_published_gives_the_configured_version(current: API, state: Path) -> None:
    release = rel.plan(current, state=state, config_version="0.4.0")
    assert (release.kind, release.version, release.previous) == ("initial", "0.4.0", None)
    assert release.spec == SpecLock.read().url
    assert "## 0.4.0" in release.changelog and "First release." in release.changelog


@needs_shared
def test_a_breaking_spec_change_bumps_the_major_with_the_drift_report_as_changelog(
    current: API, state: Path
) -> None:
    rel.write_state([entry("0.3.1", HISTORY[-1], semver="initial")], state)
    release = rel.plan(current, state=state, config_version="0.1.0")
    assert (release.kind, release.semver, release.version) == ("new", "major", "1.0.0")
    assert release.report is not None and release.report.count("breaking") > 0
    log = release.changelog
    assert (
        log.index("## 1.0.0")
        < log.index("### Spec drift")
        < log.index("#### Breaking")
        < log.index("## 0.3.1")
    )
    assert "**major**" in log and "response-property-removed" in log
    assert str(HISTORY[-1]) in log  # the old spec as recorded, not a temporary path


@needs_shared
def test_the_configured_version_wins_when_higher(current: API, state: Path) -> None:
    rel.write_state([entry("0.3.1", HISTORY[-1])], state)
    release = rel.plan(current, state=state, config_version="3.0.0")
    assert release.version == "3.0.0" and "raised to 3.0.0 in spec/config.toml" in release.reason


@needs_shared
def test_the_recorded_spec_again_is_a_rebuild_of_that_release(current: API, state: Path) -> None:
    lock = SpecLock.read()
    rel.write_state([entry("0.3.1", HISTORY[-1])], state)
    first = rel.plan(current, state=state, config_version="0.1.0")
    assert rel.record(first, state) is True
    assert rel.record(first, state) is False  # idempotent
    recorded = rel.read_state(state)[-1]
    assert (recorded.version, recorded.spec_sha256, recorded.spec) == ("1.0.0", lock.sha256, lock.url)
    assert (recorded.semver, recorded.upstream_commit) == ("major", lock.commit)

    again = rel.plan(current, state=state, config_version="0.1.0")
    assert (again.kind, again.version, again.recorded) == ("rebuild", "1.0.0", True)
    assert again.changelog == first.changelog  # the same entry, drift from the release before

    clash = rel.Release("1.0.0", "new", "patch", "", "f" * 64, lock.url)
    with pytest.raises(SpecError, match="recorded already with spec"):
        rel.record(clash, state)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTP server for tmp_path (a spec published only at a URL)."""
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_published_spec_is_re_read_from_its_url_and_verified(served: str, tmp_path: Path) -> None:
    spec = tmp_path / "old.yaml"
    shutil.copyfile(FIXTURES / "shop_30.yaml", spec)
    good = rel.PublishedRelease("0.1.0", sha(spec), f"{served}/old.yaml")
    before = set(Path(tempfile.gettempdir()).glob("togen-published-*"))
    with rel.spec_path(good) as path:
        assert sha(Path(path)) == good.spec_sha256 and path != str(spec)
    assert not Path(path).exists()
    assert set(Path(tempfile.gettempdir()).glob("togen-published-*")) == before  # nothing left behind
    bad = rel.PublishedRelease("0.1.0", "0" * 64, f"{served}/old.yaml")
    with pytest.raises(SpecError, match="differs from 000000000000 recorded for version 0.1.0"):
        rel.spec_path(bad).__enter__()


def test_relock_rewrites_commit_url_and_sha_only(tmp_path: Path) -> None:
    lock = tmp_path / "lock.toml"
    shutil.copyfile(LOCK_FILE, lock)
    spec = FIXTURES / "shop_30.yaml"
    commit = "0123456789abcdef0123456789abcdef01234567"
    new = rel.relock(spec, commit, lock)
    old = SpecLock.read(LOCK_FILE)
    assert SpecLock.read(lock) == new
    assert (new.commit, new.sha256, new.url) == (commit, sha(spec), old.url.replace(old.commit, commit))
    before, after = LOCK_FILE.read_text().splitlines(), lock.read_text().splitlines()
    changed = [b for b, a in zip(before, after, strict=True) if a != b]
    assert [line.split(" =")[0] for line in changed] == ["commit", "url", "sha256"]
    with pytest.raises(SpecError, match="40-hex-digit"):
        rel.relock(spec, "abc", lock)


def test_generation_carries_the_release_version_and_changelog(
    current: API, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from togen.render.generate import render_package

    if HISTORY:
        rel.write_state([entry("0.3.1", HISTORY[-1])], tmp_path / "published.toml")
        monkeypatch.setattr(rel, "STATE_FILE", tmp_path / "published.toml")
    expected = rel.plan(current).version
    files = render_package(current, "digest")
    assert tomllib.loads(files["pyproject.toml"])["project"]["version"] == expected
    assert f'__version__ = "{expected}"' in files["src/together_client/_version.py"]
    assert files["CHANGELOG.md"].startswith("# Changelog") and f"## {expected}\n" in files["CHANGELOG.md"]
    assert current.package.version != expected or not HISTORY  # the API itself is not changed


def test_cli_version_and_tag_check() -> None:
    togen = [sys.executable, "-m", "togen", "release"]
    version = subprocess.run([*togen, "--version-only"], capture_output=True, text=True, cwd=ROOT, check=True)
    expected = version.stdout.strip()
    rel.parse_version(expected)
    assert (
        subprocess.run([*togen, "--check-tag", f"v{expected}"], capture_output=True, cwd=ROOT).returncode == 0
    )
    wrong = subprocess.run([*togen, "--check-tag", "v999.0.0"], capture_output=True, text=True, cwd=ROOT)
    assert wrong.returncode == 1 and f"does not name version {expected}" in wrong.stderr
