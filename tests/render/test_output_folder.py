"""`--out`: togen writes only into a new or empty folder or its own output, and inside its own
output replaces only the files its stamp says it wrote (issue 15, item 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from togen.core.errors import SpecError
from togen.render.generate import STAMP_NAME, generate

SHOP = str(FIXTURES / "shop_30.yaml")
TOGEN = [sys.executable, "-m", "togen"]


@pytest.fixture(scope="module")
def shop_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("own") / "generated"
    generate(SHOP, out)
    return out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _togen(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TOGEN, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}
    )


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith("togen: error: ") and "Traceback" not in done.stderr
    return errors[0]


def test_out_dot_in_a_git_repository_is_refused_and_nothing_is_touched(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "main.py").write_text("print('mine')\n")
    before = _snapshot(repo)
    line = _one_error_line(_togen("generate", "--spec", SHOP, "--out", ".", "--force", cwd=repo))
    assert f"{repo}: refusing to write the output folder" in line
    assert ".git, main.py" in line and "not written by togen" in line
    assert _snapshot(repo) == before
    # a new folder inside the repository is fine, and leaves the repository's own files alone
    done = _togen("generate", "--spec", SHOP, "--out", "client", "-q", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "client" / STAMP_NAME).exists()
    assert {k: v for k, v in _snapshot(repo).items() if not k.startswith("client/")} == before


def test_out_tilde_is_the_home_folder_and_a_full_home_is_refused(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (home / ".bashrc").write_text("export X=1\n")
    line = _one_error_line(
        _togen("generate", "--spec", SHOP, "--out", "~", cwd=work, env={"HOME": str(home)})
    )
    assert f"{home}: refusing" in line
    assert (home / ".bashrc").read_text() == "export X=1\n" and not list(work.iterdir())
    done = _togen("generate", "--spec", SHOP, "--out", "~/client", "-q", cwd=work, env={"HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert (home / "client" / STAMP_NAME).exists() and not list(work.iterdir())  # no folder named "~"


def test_a_foreign_folder_is_refused_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(SpecError, match=r"not empty \(notes.txt\) and was not written by togen"):
        generate(SHOP, out, force=True)
    assert _snapshot(out) == {"notes.txt": b"keep me"}
    (tmp_path / "file").write_text("x")
    with pytest.raises(SpecError, match="exists and is not a folder"):
        generate(SHOP, tmp_path / "file")


def test_a_folder_holding_only_the_committed_gitignore_generates(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    out.mkdir()
    shutil.copy(ROOT / "generated" / ".gitignore", out / ".gitignore")
    assert not generate(SHOP, out).skipped
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitignore").write_text("*.log\n")
    with pytest.raises(SpecError, match=r"\.gitignore exists and was not written by togen"):
        generate(SHOP, other)
    assert (other / ".gitignore").read_text() == "*.log\n"


def test_own_output_keeps_other_files_and_drops_only_its_stale_ones(tmp_path: Path, shop_out: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(shop_out, out)
    (out / "NOTES.md").write_text("my notes")
    (out / "dist").mkdir()
    (out / "dist" / "pkg.whl").write_text("wheel")
    (out / "src" / "together_client" / "extra.py").write_text("# mine\n")
    stale = out / "src" / "together_client" / "gone" / "old.py"  # togen wrote it in an earlier run
    stale.parent.mkdir()
    stale.write_text("# old\n")
    stamp = json.loads((out / STAMP_NAME).read_text())
    stamp["files"]["src/together_client/gone/old.py"] = __import__("hashlib").sha256(b"# old\n").hexdigest()
    (out / STAMP_NAME).write_text(json.dumps(stamp))
    generate(SHOP, out, force=True)
    assert (out / "NOTES.md").read_text() == "my notes"
    assert (out / "dist" / "pkg.whl").read_text() == "wheel"
    assert (out / "src" / "together_client" / "extra.py").read_text() == "# mine\n"
    assert not stale.exists() and not stale.parent.exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".togen-staging")]
    assert "NOTES.md" not in json.loads((out / STAMP_NAME).read_text())["files"]


def test_own_output_refuses_to_overwrite_a_users_file(tmp_path: Path, shop_out: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(shop_out, out)
    stamp = json.loads((out / STAMP_NAME).read_text())
    del stamp["files"]["README.md"]  # README.md is now a file togen did not write
    (out / STAMP_NAME).write_text(json.dumps(stamp))
    (out / "README.md").write_text("my readme")
    before = _snapshot(out)
    with pytest.raises(SpecError, match="README.md exists and was not written by togen"):
        generate(SHOP, out, force=True)
    assert _snapshot(out) == before


def test_an_edited_generated_file_needs_force(tmp_path: Path, shop_out: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(shop_out, out)
    readme = out / "README.md"
    readme.write_text(readme.read_text() + "\nmy addition\n")
    stamp = json.loads((out / STAMP_NAME).read_text())
    stamp["input_hash"] = "0" * 64  # the inputs changed since
    (out / STAMP_NAME).write_text(json.dumps(stamp))
    with pytest.raises(SpecError, match="README.md was edited since togen wrote it"):
        generate(SHOP, out)
    assert readme.read_text().endswith("my addition\n")
    generate(SHOP, out, force=True)
    assert not readme.read_text().endswith("my addition\n")


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_modes_follow_the_umask(tmp_path: Path, umask: int, folder: int, file: int) -> None:
    out = tmp_path / "generated"
    done = subprocess.run(
        ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *TOGEN, "generate", "--spec", SHOP],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for path in [out, *out.rglob("*")]:
        if "__pycache__" in path.parts:
            continue
        expected = folder if path.is_dir() else file
        assert path.stat().st_mode & 0o777 == expected, (path, oct(path.stat().st_mode))
