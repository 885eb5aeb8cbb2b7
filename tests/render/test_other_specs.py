"""Issue 15, item 3: APIs that are not Together's generate, type-check and work against the mock.

The fixtures are written to trip generators: dashes and dots in path parameters, Python
keywords and builtins as names, unicode, recursion, discriminated and const-tagged unions,
OpenAPI 3.0 `nullable`, a JSON file. Their generated trees are golden too
(tests/render/test_generate.py::test_golden_tree)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from togen.mock.server import BackgroundServer, app_for
from togen.render.generate import generate
from togen.spec.pipeline import load_api_uncached

BIN = Path(sys.executable).parent

CALLS = {
    "edge_names_30.yaml": (
        "book = client.shelves.books.retrieve(\n"
        "    '978.3', shelf_id='s-1', from_='2024-01-01', class_='überblick'\n"
        ")\n"
        "assert type(book).__name__ == 'Book' and isinstance(book.yield_, int), book\n"
        "assert book.model_dump(by_alias=True)['größe'] is not None\n"
        "shelves = client.shelves.list(import_=True, async_=None)\n"
        "assert type(shelves[0]).__name__ == 'Shelf'\n"
        "assert client.shelves.create(name='n', label=None).books is not None\n"
        # an empty path value is named as the caller passed it (`shelf_id`, not `shelf-id`),
        # in the official SDK's words, before any request
        "import pytest\n"
        "empty = r\"^Expected a non-empty value for `shelf_id` but received ''$\"\n"
        "with pytest.raises(ValueError, match=empty):\n"
        "    client.shelves.books.retrieve('978.3', shelf_id='')\n"
    ),
    "edge_unions_31.json": (
        "tree = client.trees.retrieve(1)\n"
        "assert type(tree).__name__ == 'Node' and isinstance(tree.id, int)\n"
        "cat = client.animals.create(body={'species': 'cat', 'name': 'Tom'})\n"
        "assert type(cat).__name__ == 'Cat' and cat.lives == 9, cat\n"
        "events = client.events.list()\n"
        "assert type(events[0]).__name__.startswith('EventsListResponseItem'), events\n"
    ),
}


SPECS = sorted([*CALLS, "shop_30.yaml"])


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("other")
    outs = {}
    for spec in SPECS:
        outs[spec] = root / spec.replace(".", "_")
        generate(str(FIXTURES / spec), outs[spec])
    return outs


def test_readme_assumes_no_operation_of_together(packages: dict[str, Path]) -> None:
    for spec, out in packages.items():
        readme = (out / "README.md").read_text()
        assert "chat.completions" not in readme and "chat_completions_create" not in readme, spec
        assert "responses.create" not in readme and "Responses API" not in readme, spec
    names = (packages["edge_names_30.yaml"] / "README.md").read_text()
    assert (
        "Bibliothèque" in names
        and 'client.shelves.books.retrieve("book.isbn-123", shelf_id="shelf-id-123")' in names
    )


@pytest.mark.parametrize("spec", sorted(CALLS))
def test_generated_package_is_ruff_and_mypy_strict_clean(packages: dict[str, Path], spec: str) -> None:
    src = packages[spec] / "src"
    ruff = [
        str(BIN / "ruff"),
        "check",
        "--isolated",
        "--no-respect-gitignore",
        "--line-length",
        "110",
        str(src),
    ]
    done = subprocess.run(ruff, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    mypy = [str(BIN / "mypy"), "--strict", "--no-incremental", "together_client"]
    done = subprocess.run(mypy, capture_output=True, text=True, cwd=src)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("spec", sorted(CALLS))
def test_generated_client_calls_the_mock_of_the_same_spec(packages: dict[str, Path], spec: str) -> None:
    server = BackgroundServer(app_for(load_api_uncached(str(FIXTURES / spec))))
    server.start()
    try:
        script = (
            "from together_client import Together\n"
            f"client = Together(api_key='k', base_url={server.url!r}, max_retries=0)\n" + CALLS[spec]
        )
        env = {**os.environ, "PYTHONPATH": str(packages[spec] / "src")}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize("spec", SPECS)
def test_generated_package_own_tests_pass_against_the_mock_of_its_spec(
    packages: dict[str, Path], spec: str
) -> None:
    """The package's tests/api_resources validate every answer strictly: the mock of a spec with
    recursion and unions must answer each operation with a value its schema admits."""
    server = BackgroundServer(app_for(load_api_uncached(str(FIXTURES / spec))))
    server.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "tests"],
            cwd=packages[spec],
            env={**os.environ, "TEST_API_BASE_URL": server.url},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " skipped" not in done.stdout.splitlines()[-1], done.stdout[-500:]
