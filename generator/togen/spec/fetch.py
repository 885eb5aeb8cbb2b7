"""`togen spec fetch`: the locked spec and its history, where togen and its tests read them.

What is fetched is spec/lock.toml's upstream spec (`openapi.yaml`) and the versions listed in
spec/history.toml (`history/<name>.yaml`), each checked against its locked sha256. They come
from a source folder laid out the same way (a checkout of the inputs, `$TOGEN_SPEC_SOURCE`), or
else from the upstream repository: the locked spec from its locked URL, the history with git
(a blob-less clone, since the history's commits are abbreviated and only git resolves those).
Every workflow runs this one step before anything that reads the spec.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from togen.core.errors import SpecError
from togen.spec.loader import LOCK_FILE, SHARED_SPEC, SPEC_DIR, SpecLock, read_bytes

HISTORY_FILE = SPEC_DIR / "history.toml"
SOURCE_ENV = "TOGEN_SPEC_SOURCE"
SPEC_NAME = "openapi.yaml"
HISTORY_DIR = "history"


@dataclass(frozen=True)
class LockedFile:
    target: str  # path inside the destination: "openapi.yaml", "history/<name>.yaml"
    commit: str
    path: str  # the file's path in the upstream repository
    sha256: str
    url: str = ""  # where the upstream spec is downloaded from (the history comes by git)


def upstream(lock_file: Path | None = None) -> dict[str, str]:
    """spec/lock.toml's [upstream] table: repository, commit, path, url, sha256."""
    lock_file = lock_file or LOCK_FILE
    try:
        table = tomllib.loads(lock_file.read_text())["upstream"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise SpecError(str(lock_file), "upstream", f"cannot read the lock: {exc}") from None
    return {key: str(value) for key, value in table.items()}


def locked_files(history: bool = True, history_file: Path | None = None) -> list[LockedFile]:
    """The files to fetch: the locked spec, then (with `history`) every version of history.toml."""
    table = upstream()
    lock = SpecLock.read()
    found = [LockedFile(SPEC_NAME, lock.commit, table.get("path", SPEC_NAME), lock.sha256, lock.url)]
    if not history:
        return found
    history_file = history_file or HISTORY_FILE
    try:
        entries = tomllib.loads(history_file.read_text()).get("history", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(str(history_file), "", f"cannot read the history lock: {exc}") from None
    for index, entry in enumerate(entries):
        missing = {"name", "commit", "path", "sha256"} - set(entry)
        if missing:
            raise SpecError(str(history_file), f"history[{index}]", f"missing {', '.join(sorted(missing))}")
        target = f"{HISTORY_DIR}/{entry['name']}.yaml"
        found.append(LockedFile(target, entry["commit"], entry["path"], entry["sha256"]))
    return found


def default_destination() -> Path:
    """The folder togen reads the locked spec from when no spec is named."""
    return SHARED_SPEC.parent


def fetch(destination: Path, source: str | None, *, history: bool = True) -> list[Path]:
    """Write the locked files into `destination`, each checked against its sha256 first (a file
    already there with the locked content is kept). `source`: a folder holding `openapi.yaml` and
    `history/`, or None for upstream. A mismatch or a missing file is a SpecError, and nothing
    is written for that file."""
    files = locked_files(history)
    written = []
    clone: Path | None = None
    with tempfile.TemporaryDirectory(prefix="togen-fetch-") as scratch:
        for item in files:
            target = destination / item.target
            if target.is_file() and _sha256(target.read_bytes()) == item.sha256:
                written.append(target)
                continue
            if source:
                name = str(Path(source) / item.target)
                data = read_bytes(name)
            elif item.url:
                name, data = item.url, read_bytes(item.url)
            else:
                if clone is None:
                    clone = _clone(upstream()["repository"], Path(scratch) / "upstream")
                name, data = f"{item.commit}:{item.path}", _show(clone, item.commit, item.path)
            digest = _sha256(data)
            if digest != item.sha256:
                raise SpecError(
                    name, "", f"sha256 {digest} is not the locked {item.sha256} (for {item.target})", "lock"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(data)
            partial.replace(target)  # whole or not at all
            written.append(target)
    return written


def source_from_environment() -> str | None:
    return os.environ.get(SOURCE_ENV) or None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(*args: str, cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)
    except FileNotFoundError:
        raise SpecError(
            "git", "", "git is not installed (it fetches the spec history)", "unreadable"
        ) from None
    except subprocess.CalledProcessError as exc:
        lines = exc.stderr.decode(errors="replace").strip().splitlines() or ["git failed"]
        raise SpecError(f"git {args[0]}", "", lines[-1], "unreadable") from None
    return done.stdout


def _clone(repository: str, where: Path) -> Path:
    _git(
        "clone",
        "--quiet",
        "--filter=blob:none",
        "--no-checkout",
        f"https://github.com/{repository}.git",
        str(where),
    )
    return where


def _show(clone: Path, commit: str, path: str) -> bytes:
    return _git("show", f"{commit}:{path}", cwd=clone)
