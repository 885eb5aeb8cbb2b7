"""Shared test helpers: paths to fixture specs and the real Together specs, and the generated
package rendered once per session (`tc`), shared by every test that imports it."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis times examples (a 200 ms deadline) and their generation (the `too_slow` health
# check) by default: on a busy machine both fail tests that are right. Tests never time.
settings.register_profile("load-safe", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("load-safe")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "specs"
SHARED = ROOT.parent / "shared" / "together-openapi"
CURRENT_SPEC = SHARED / "openapi.yaml"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))
PACKAGE = "together_client"
NPM_OPT_IN = "TOGEN_TEST_NPM"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-npm",
        action="store_true",
        help="also run the tests marked `npm` (they fetch packages from the npm registry with npx)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `npm` reach beyond Python and its package registry (npx, ~/.npm): off unless
    asked for with `--run-npm` or TOGEN_TEST_NPM=1 (`make test-npm`)."""
    import os

    if config.getoption("--run-npm") or os.environ.get(NPM_OPT_IN) == "1":
        return
    skip = pytest.mark.skip(reason="needs npm: opt in with --run-npm or TOGEN_TEST_NPM=1 (make test-npm)")
    for item in items:
        if "npm" in item.keywords:
            item.add_marker(skip)


_CACHE_DIR = tempfile.mkdtemp(prefix="togen-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    """The spec cache of this session (its subprocesses too) in a folder of its own: tests
    never read the user's ~/.cache/togen, and the hundreds of little specs they write never
    land there."""
    os.environ["TOGEN_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture
def fixture_spec() -> Path:
    return FIXTURES / "shop_30.yaml"


@pytest.fixture(scope="session")
def generated_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`src/` of a freshly rendered distribution (formatted like `togen generate` does)."""
    from togen.render.generate import render_package, write_tree
    from togen.spec.pipeline import load_api_uncached

    api = load_api_uncached()
    files = render_package(api, "test")
    root = tmp_path_factory.mktemp("generated")
    write_tree(files, root)
    return root / "src"


@pytest.fixture(scope="session")
def tc(generated_src: Path) -> Iterator[ModuleType]:
    """The generated `together_client` package, imported from the temporary tree."""
    saved = {
        name: mod for name, mod in sys.modules.items() if name == PACKAGE or name.startswith(PACKAGE + ".")
    }
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(generated_src))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated_src))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)


# The golden package's own tests (tests/api_resources) run against a mock from its own folder;
# they are output to compare, not tests of this repository.
collect_ignore = ["golden"]
