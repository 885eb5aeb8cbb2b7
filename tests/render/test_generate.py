"""End-to-end generation: golden files, determinism, atomicity, --check, bad input."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from togen.render.generate import STAMP_NAME, generate, tree_files

# Golden trees: the shop (Together-like) and two edge-case APIs that are not Together's at all.
GOLDEN_SPECS = {
    "shop": "shop_30.yaml",
    "edge_names": "edge_names_30.yaml",
    "edge_unions": "edge_unions_31.json",
}
STATIC = ("runtime", "mcp", "models")  # template folders whose .py files are copied verbatim
TOGEN = [sys.executable, "-m", "togen"]


@pytest.fixture(scope="module")
def shop_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shop") / "generated"
    generate(str(FIXTURES / "shop_30.yaml"), out)
    return out


def static_copies(out: Path) -> dict[str, Path]:
    """Files of the output that are verbatim copies of static template files (the runtime,
    the MCP server, the model helpers), by output path -> template file."""
    package = out / "src" / "together_client"
    copies = {}
    for folder in STATIC:
        for template in sorted((ROOT / "templates" / folder).glob("*.py")):
            target = package / ("mcp" if folder == "mcp" else "") / template.name
            copies[str(target.relative_to(out))] = template
    return copies


def rendered_files(out: Path) -> dict[str, str]:
    """Every file the generator renders (not the input-hash stamp, not static copies, not the
    output's own .gitignore, which would make git ignore the golden tree)."""
    skip = {STAMP_NAME, ".gitignore", *static_copies(out)}
    return {
        str(path.relative_to(out)): path.read_text()
        for path in sorted(out.rglob("*"))
        if path.is_file() and str(path.relative_to(out)) not in skip and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("name", sorted(GOLDEN_SPECS))
def test_golden_tree(name: str, shop_out: Path, tmp_path: Path) -> None:
    """The whole rendered package of each fixture spec (resources, client, models, operation
    table, MCP data and tools.json, README, pyproject) against tests/golden/<name>/. Set
    UPDATE_GOLDEN=1 to accept a deliberate change (the golden tree is rewritten)."""
    golden_dir = ROOT / "tests" / "golden" / name
    if name == "shop":
        out = shop_out
    else:
        out = tmp_path / name
        generate(str(FIXTURES / GOLDEN_SPECS[name]), out)
    rendered = rendered_files(out)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for relative, text in rendered.items():
            (golden_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / relative).write_text(text)
    golden = {
        str(p.relative_to(golden_dir)): p.read_text() for p in sorted(golden_dir.rglob("*")) if p.is_file()
    }
    assert sorted(rendered) == sorted(golden), "files added or removed (UPDATE_GOLDEN=1 accepts)"
    for relative, text in rendered.items():
        assert text == golden[relative], f"{relative} differs from the golden tree (UPDATE_GOLDEN=1 accepts)"


def test_static_files_are_copied_verbatim(shop_out: Path) -> None:
    copies = static_copies(shop_out)
    assert len(copies) > 10
    for relative, template in copies.items():
        assert (shop_out / relative).read_bytes() == template.read_bytes(), relative


def test_output_is_an_installable_layout_stamped_with_the_spec(shop_out: Path) -> None:
    package = shop_out / "src" / "together_client"
    assert (shop_out / "pyproject.toml").exists() and (shop_out / "README.md").exists()
    assert (package / "py.typed").exists()
    sha = __import__("hashlib").sha256((FIXTURES / "shop_30.yaml").read_bytes()).hexdigest()
    assert sha in (package / "_version.py").read_text()
    readme = (shop_out / "README.md").read_text()
    assert "GET /v1/live" in readme and "websocket" in readme


def test_models_import_and_round_trip(shop_out: Path) -> None:
    script = (
        "import json\n"
        "from typing_extensions import is_typeddict\n"
        "from together_client import models, params\n"
        "from together_client.models import Item\n"
        "raw = {'id': 'i', 'name': 'n', 'kind': 'tool', 'from': 'x', 'class': 'c', 'sale-price': 2.5,"
        " 'unknown': {'kept': True}, 'parent': {'id': 'p', 'name': 'q', 'kind': 'part'}}\n"
        "item = Item.model_validate(raw)\n"
        "assert item.from_ == 'x' and item.class_ == 'c' and item.sale_price == 2.5\n"
        "assert item.parent is not None and item.parent.kind == 'part'\n"
        "assert item.model_dump(by_alias=True, exclude_none=True) == raw, item.model_dump(by_alias=True)\n"
        "assert not hasattr(models, 'ChatCreateRequest')  # only requests send it: a TypedDict alone\n"
        "assert is_typeddict(params.ChatCreateRequest) and is_typeddict(params.ToolMessage)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(shop_out / "src")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def same_tree(a: Path, b: Path) -> bool:
    """The same files, byte for byte (the stamp included)."""
    files_a, files_b = tree_files(a), tree_files(b)
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def test_deterministic(tmp_path: Path, shop_out: Path) -> None:
    again = tmp_path / "again"
    generate(str(FIXTURES / "shop_30.yaml"), again, force=True)
    assert same_tree(shop_out, again)


def test_unchanged_inputs_skip_and_check_passes(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert not generate(str(FIXTURES / "shop_30.yaml"), out).skipped
    assert generate(str(FIXTURES / "shop_30.yaml"), out).skipped
    assert not generate(str(FIXTURES / "shop_30.yaml"), out, check=True).stale


def test_check_detects_stale_output_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    generate(str(FIXTURES / "shop_30.yaml"), out)
    models = out / "src" / "together_client" / "models" / "__init__.py"
    models.write_text(models.read_text() + "\n# edited by hand\n")
    (out / ".togen-stamp").unlink()
    result = generate(str(FIXTURES / "shop_30.yaml"), out, check=True)
    assert result.stale
    assert result.differences == ["src/together_client/models/__init__.py differs from what togen writes now"]
    assert models.read_text().endswith("# edited by hand\n")


def test_check_names_a_generated_file_edited_by_hand(tmp_path: Path) -> None:
    """Inputs unchanged: the stamp's sha256 of each file it wrote tells an edit (or a deletion)."""
    out = tmp_path / "generated"
    spec = str(FIXTURES / "shop_30.yaml")
    generate(spec, out)
    client = out / "src" / "together_client" / "_client.py"
    client.write_text(client.read_text() + "# edited by hand\n")
    (out / "README.md").unlink()
    result = generate(spec, out, check=True)
    assert result.stale and result.differences == [
        "README.md is missing",
        "src/together_client/_client.py was edited since togen wrote it",
    ]
    assert client.read_text().endswith("# edited by hand\n") and not (out / "README.md").exists()
    command = [sys.executable, "-m", "togen", "generate", "--spec", spec, "--out", str(out), "--check"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stdout == f"{out}: stale: README.md is missing (and 1 more)\n"
    assert done.stderr.strip().splitlines()[-1] == f"togen: {out} is stale: run `togen generate --force`"
    generate(spec, out, force=True)
    assert not generate(spec, out, check=True).stale


def test_dist_directory_survives_regeneration(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    generate(str(FIXTURES / "shop_30.yaml"), out)
    (out / "dist").mkdir()
    (out / "dist" / "pkg.whl").write_text("wheel")
    generate(str(FIXTURES / "shop_30.yaml"), out, force=True)
    assert (out / "dist" / "pkg.whl").read_text() == "wheel"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invalid_yaml.yaml", "invalid_yaml.yaml:9:9: invalid YAML"),
        (
            "dangling_ref.yaml",
            "dangling_ref.yaml:/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        ),
        ("swagger2.yaml", "swagger2.yaml:/openapi: not an OpenAPI 3.x document (swagger 2.0)"),
        ("empty.yaml", "empty.yaml: the file is empty"),
        (
            "undeclared_param.yaml",
            "undeclared_param.yaml:/paths/~1things~1{thing_id}/get: path parameter {thing_id}",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_output_untouched(
    tmp_path: Path, shop_out: Path, name: str, expected: str
) -> None:
    out = tmp_path / "generated"
    shutil.copytree(shop_out, out)
    before = _snapshot(out)
    done = subprocess.run(
        [*TOGEN, "generate", "--spec", str(FIXTURES / name), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("togen: error: ") and expected in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert _snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".generated")]


def test_validate_reports_findings_as_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [*TOGEN, "validate", "--spec", str(FIXTURES / "shop_30.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    report = __import__("json").loads(done.stdout)
    assert report["operations"] == 9  # the overlays are for api.together.ai: none applies to the shop
    codes = {f["code"] for f in report["findings"]}
    assert {"default-dropped", "default-coerced"} <= codes
    dropped = next(f for f in report["findings"] if f["code"] == "default-dropped")
    assert dropped["line"] and dropped["file"].endswith("shop_30.yaml")


def models_imports(models_dir: Path) -> dict[str, set[str]]:
    """Module of the models package -> the sibling modules it imports from."""
    found: dict[str, set[str]] = {}
    for path in sorted(models_dir.glob("*.py")):
        if path.stem != "__init__":
            found[path.stem] = set(re.findall(r"^from \.(\w+) import", path.read_text(), re.MULTILINE))
    return found


@pytest.mark.parametrize("tree", [*sorted(GOLDEN_SPECS), "current spec"])
def test_models_modules_are_layered(tree: str, generated_src: Path) -> None:
    """A models module imports only shared modules (`_shared_a__b`, `_common`) of more users than
    its own: no cycles, and parsing a response loads no other resource's models; only
    `_unreferenced`, which nothing imports, may import any. Request-only schemas have no models
    module."""
    src = generated_src if tree == "current spec" else ROOT / "tests" / "golden" / tree / "src"
    imports = models_imports(src / "together_client" / "models")
    assert imports, "no models modules"
    assert not [module for module in imports if module.endswith("_requests")]
    for module, targets in imports.items():
        if module == "_unreferenced":
            continue
        shared = {
            other for other in imports if other.startswith("_shared_") and _users(module) < _users(other)
        }
        allowed = shared | ({"_common"} - {module})
        assert targets <= allowed, f"models/{module}.py imports {sorted(targets - allowed)}"


def _users(module: str) -> set[str]:
    """The resources a resource's or a `_shared_a__b` models module serves, by its name."""
    return set(module.removeprefix("_shared_").split("__")) if module.startswith("_shared_") else {module}
