"""The official `together` SDK's own API tests, run against `togen mock` for both clients.

The sdist of the locked `together` version ships `tests/api_resources`: every method with its
required arguments, with all of them, raw, streamed, and (async) on its aiohttp transport. This
module fetches that sdist at test time (pinned and hash-checked by pip, from the version and
hashes in requirements.lock; nothing of it is committed here), unpacks it to build/official/,
and lays out two copies of the tests:

- `together/`: as shipped;
- `together_client/`: `together` swapped for `together_client` in the imports of
  tests/api_resources, and the assertions on Stainless's telemetry header `X-Stainless-Lang`
  left out (our client sends no telemetry headers).

Both copies get the same conftest (written here, with the shipped fixtures' contract: `client`
and `async_client` parametrized by strictness, `{"http_client": "aiohttp"}` for the aiohttp
transport; the shipped one also wires the SDK's CLI) and the same `tests/utils.py`, whose
`assert_matches_type` accepts any pydantic model (the shipped one asks for the official SDK's
own base class, which no other client's models are).

Both run against one `togen mock` (the tests are written for a mock where any id
exists), which serves what `togen generate` generated from: by default the locked spec with the
SDK surface (spec/config.toml [sources] sdk). A test counts for together_client when its method
is on our client (a resource's method, or one of the client's own such as `whoami`); the
counts are printed for the public spec's methods and for those only the SDK surface gives our
client apart. The run fails on every counted test the official SDK passes and ours does not,
except the reasoned ones in spec/official_tests_exceptions.toml.

`python -m tests.official_api_tests [--keep-going]` (make test-official) prints the counts.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import fnmatch
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from togen.core.loopback import free_port, server_process
from togen.core.resources import spec_dir

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "official"
PACKAGES = ("together", "together_client")
STUBBED: Counter[str] = Counter()  # official type names stubbed in our copy -> imports
HEADER_ASSERTION = re.compile(r"^\s*assert .*X-Stainless-Lang.*\n", re.MULTILINE)
# The SDK's imports; not its private `_utils`, whose helpers the tests use to build arguments.
IMPORT = re.compile(r"^(\s*)(from|import) together(?=[.\s])(?!\._utils\b)", re.MULTILINE)
TEST_NAME = re.compile(
    r"^test_(?:method|raw_response|streaming_response|path_params)_(?P<method>\w+?)"
    r"(?:_with_all_params)?(?:_overload_\d+)?$"
)

CONFTEST = '''\
"""Fixtures with the shipped conftest's contract (written by tests/official_api_tests.py)."""

from __future__ import annotations

import inspect
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from {package} import AsyncTogether, Together

BASE_URL = os.environ["TEST_API_BASE_URL"]
API_KEY = "My API Key"


def pytest_collection_modifyitems(items: list[pytest.Function]) -> None:
    # The mock answers any id as existing, except one it deleted: deletions run last.
    items.sort(key=lambda item: "_delete" in item.name)
    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "function", None)):
            item.add_marker(pytest.mark.anyio)
        params = getattr(getattr(item, "callspec", None), "params", {{}})
        param = params.get("async_client")
        aiohttp = isinstance(param, dict) and param.get("http_client") == "aiohttp"
        if aiohttp and "respx_mock" in item.fixturenames:
            # as shipped: respx mocks httpx transports, and the aiohttp client has its own
            item.add_marker(pytest.mark.skip(reason="aiohttp client is not compatible with respx_mock"))


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def client(request: pytest.FixtureRequest) -> Iterator[Together]:
    strict = getattr(request, "param", True)
    with Together(base_url=BASE_URL, api_key=API_KEY, {strict_keyword}=strict) as client:
        yield client


@pytest.fixture(scope="session")
async def async_client(request: pytest.FixtureRequest, anyio_backend: str) -> AsyncIterator[AsyncTogether]:
    param: Any = getattr(request, "param", True)
    http_client = None
    strict = param if isinstance(param, bool) else param.get("strict", True)
    if isinstance(param, dict) and param.get("http_client") == "aiohttp":
        from {package} import DefaultAioHttpClient

        http_client = DefaultAioHttpClient()
    settings = {{"{strict_keyword}": strict, "http_client": http_client}}
    async with AsyncTogether(base_url=BASE_URL, api_key=API_KEY, **settings) as c:
        yield c
'''
STRICT_KEYWORD = {"together": "_strict_response_validation", "together_client": "strict_response_validation"}
PYTEST_INI = "[pytest]\nxfail_strict = true\naddopts = -p no:randomly -p no:cacheprovider\n"


def locked_requirement(name: str) -> str:
    """The lock's entry for `name` (version pin and hashes), as a one-requirement file."""
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}=="))
    entry = [lines[start]]
    while entry[-1].endswith("\\"):
        entry.append(lines[start + len(entry)])
    return "\n".join(entry) + "\n"


def fetch_sdist(name: str = "together") -> Path:
    """The locked version's sdist, downloaded once into build/official/ by pip, which checks it
    against the lock's hashes (a mismatch stops the run)."""
    requirement = locked_requirement(name)
    version = requirement.split("==", 1)[1].split()[0]
    sdist = BUILD / f"{name}-{version}.tar.gz"
    if sdist.exists():
        return sdist
    BUILD.mkdir(parents=True, exist_ok=True)
    pinned = BUILD / f"{name}.requirement.txt"
    pinned.write_text(requirement)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += ["--no-deps", "--no-binary", ":all:", "--require-hashes", "-r", str(pinned), "-d", str(BUILD)]
    subprocess.run(command, check=True)
    return sdist


def unpack(sdist: Path) -> Path:
    target = BUILD / sdist.name.removesuffix(".tar.gz")
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(sdist) as archive:
        archive.extractall(BUILD, filter="data")
    return target


def swap(source: str) -> str:
    return IMPORT.sub(r"\1\2 together_client", HEADER_ASSERTION.sub("", source))


UNHANDLED = '    else:\n        assert None, f"Unhandled field type: {type_}"\n'
# Our list pages are not pydantic models (each holds its parsed page and fetches the next): the
# official `SyncCursorPagination[X]` is met by our page class of that name whose items are X.
OUR_PAGE = """    elif inspect.isclass(origin) and origin.__module__ == "together_client._pagination":
        assert isinstance(value, origin)
        for index, item in enumerate(cast(Any, value).data):
            assert_matches_type(get_args(type_)[0], item, path=[*path, f"data[{index}]"])
"""


def utils_source(shipped: str, package: str) -> str:
    # Any pydantic model is a model: the shipped helper asks for the official SDK's base class.
    source = shipped.replace("from together._models import BaseModel", "from pydantic import BaseModel")
    if package == "together":
        return source
    if UNHANDLED not in source:
        raise SystemExit("tests/utils.py of the official sdist changed: update OUR_PAGE's anchor")
    return source.replace(UNHANDLED, OUR_PAGE + UNHANDLED) + ABSENT


ABSENT = '''

def absent_type(name: str) -> type:
    """Stands for an official type name together_client.types lacks (written by
    tests/official_api_tests.py): no model is one, so every test asserting on it fails."""
    return type(name.rsplit(".", 1)[-1], (), {"__doc__": f"{name}: not in together_client.types"})
'''


def importable(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def stub_absent_types(source: str, stubbed: Counter[str]) -> str:
    """Imports of `together_client.types` names we lack become `absent_type(...)` stubs, so the
    module's other tests (of methods we have) run; the tests using a stub fail (they assert on a
    type no value is), so a stub never makes a test pass. What was stubbed is printed."""
    lines = source.splitlines(keepends=True)
    for node in reversed(ast.parse(source).body):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
            "together_client.types"
        ):
            continue
        module = node.module or ""
        missing = [a for a in node.names if not importable(module, a.name)]
        if not missing:
            continue
        kept = [a for a in node.names if a not in missing]
        text = f"from {module} import {', '.join(a.name for a in kept)}\n" if kept else ""
        for alias in missing:
            official = module.replace("together_client", "together", 1) + "." + alias.name
            stubbed[official] += 1
            text += f"{alias.asname or alias.name} = absent_type({official!r})\n"
        lines[node.lineno - 1 : node.end_lineno] = [text]
    source = "".join(lines)
    if stubbed and "absent_type" in source and "import absent_type" not in source:
        helpers = "from tests.utils import absent_type, assert_matches_type"
        source = source.replace("from tests.utils import assert_matches_type", helpers)
    return source


def lay_out(unpacked: Path, package: str, tree: Path | None = None) -> Path:
    """The tests of `unpacked` for `package` in `tree` (default: build/official/PACKAGE)."""
    tree = tree or BUILD / package
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(unpacked / "tests" / "api_resources", tree / "tests" / "api_resources")
    if package != "together":
        sys.path[:0] = python_path()
        for path in sorted((tree / "tests" / "api_resources").rglob("*.py")):
            path.write_text(stub_absent_types(swap(path.read_text()), STUBBED))
    (tree / "tests" / "__init__.py").write_text("")
    shipped_utils = (unpacked / "tests" / "utils.py").read_text()
    (tree / "tests" / "utils.py").write_text(utils_source(shipped_utils, package))
    (tree / "tests" / "conftest.py").write_text(
        CONFTEST.format(package=package, strict_keyword=STRICT_KEYWORD[package])
    )
    (tree / "pytest.ini").write_text(PYTEST_INI)
    return tree


@dataclass(frozen=True)
class Outcome:
    passed: frozenset[str]
    failed: dict[str, str]  # test id -> first line of its failure


def start_tests(tree: Path, base_url: str) -> subprocess.Popen[bytes]:
    """pytest on one tree, in one process: the mock remembers deletions (a deleted id is a 404
    after), so the tests run in the same order for both clients."""
    env = {**os.environ, "TEST_API_BASE_URL": base_url, "PYTHONPATH": os.pathsep.join(python_path())}
    command = [sys.executable, "-m", "pytest", "-q", "--tb=no", "-p", "no:xdist", "-o", "junit_family=xunit2"]
    command += ["--continue-on-collection-errors"]  # a module importing a name we lack fails alone
    command += [f"--junitxml={tree / 'junit.xml'}", "tests/api_resources"]
    log = (tree / "pytest.log").open("wb")  # aiohttp's warnings about sessions left open go here
    return subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)


def outcome(tree: Path) -> Outcome:
    """Passed and failed tests of a run. A test failing in its call and again in its teardown has
    a testcase element for each: it fails, with both messages."""
    seen: set[str] = set()
    failed: dict[str, str] = {}
    for case in ET.parse(tree / "junit.xml").iter("testcase"):
        if case.find("skipped") is not None:
            continue
        test_id = f"{case.get('classname')}::{case.get('name')}"
        seen.add(test_id)
        for problem in [*case.iter("failure"), *case.iter("error")]:
            message = ((problem.get("message") or "").splitlines() or [""])[0][:160]
            failed[test_id] = f"{failed[test_id]} | {message}" if test_id in failed else message
    return Outcome(frozenset(seen - set(failed)), failed)


CLIENT_SRC = [ROOT / "generated" / "src"]  # where together_client is imported from (--client-src)


def python_path() -> list[str]:
    generated = CLIENT_SRC[0]
    return [str(generated)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])


def method_of(test_id: str) -> str | None:
    """'tests.api_resources.beta.jig.test_queue.TestAsyncQueue::test_method_retrieve[strict]' ->
    'beta.jig.queue.retrieve' (test_client.py holds the client's own methods)."""
    module, _, rest = test_id.partition("::")
    name = rest.split("[", 1)[0]
    match = TEST_NAME.match(name)
    if match is None:
        return None
    parts = [part for part in module.split(".")[2:] if not part.startswith("Test")]
    parts[-1] = parts[-1].removeprefix("test_")
    if parts == ["client"]:
        parts = []
    return ".".join([*parts, match["method"]])


def sdk_surface_methods() -> frozenset[str]:
    """Dotted names of the operations the SDK surface adds to the locked spec (empty when
    spec/config.toml merges none): the methods a client generated from the public spec lacks."""
    from togen.sdk.merge import load_surface

    return frozenset(".".join(op.name) for op in load_surface(None).operations) - public_methods()


def our_methods(operations: frozenset[str]) -> frozenset[str]:
    """Dotted names of every method of `together_client.Together`, walked without a request:
    its resources' methods, and those of `operations` on the client itself (`whoami`)."""
    sys.path[:0] = python_path()
    from together_client import Together

    from tests.official_sdk import sdk_methods

    with Together(api_key="k", base_url="http://127.0.0.1:9") as client:
        own = {name for name in operations if "." not in name and callable(getattr(client, name, None))}
        return frozenset({name for name, _ in sdk_methods(client)} | own)


def public_methods() -> frozenset[str]:
    """Dotted names of the locked spec's operations (as the client names them)."""
    from togen.spec.cache import load_api

    return frozenset(".".join(op.name) for op in load_api(None).operations)


@dataclass(frozen=True)
class Exception_:
    tests: str  # fnmatch pattern over test ids
    reason: str
    failure: str = ""  # must appear in the failure's first line

    def excuses(self, test_id: str, failure: str) -> bool:
        return fnmatch.fnmatchcase(test_id, self.tests) and self.failure in failure


def exceptions() -> list[Exception_]:
    """Why the official SDK may pass a test and we may not (spec/official_tests_exceptions.toml)."""
    path = spec_dir() / "official_tests_exceptions.toml"
    return [Exception_(**entry) for entry in tomllib.loads(path.read_text()).get("exception", [])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.official_api_tests", description=__doc__)
    parser.add_argument("--json", type=Path, help="write the per-test outcome here")
    parser.add_argument("--client-src", type=Path, help="together_client from here (default: generated/src)")
    args = parser.parse_args(argv)
    if args.client_src:
        CLIENT_SRC[0] = args.client_src.resolve()

    unpacked = unpack(fetch_sdist())
    trees = {package: lay_out(unpacked, package) for package in PACKAGES}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    togen = str(Path(sys.executable).with_name("togen"))
    with contextlib.ExitStack() as stack:
        runs = []
        for tree in trees.values():  # one fresh mock per client, both runs at once
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            # any answer below 500 means the mock is up
            command = [togen, "mock", "--quiet", "--port", str(port)]
            stack.enter_context(server_process(command, f"{base_url}/v1/models", timeout=60, **quiet))
            runs.append(start_tests(tree, base_url))
        for run in runs:
            run.wait()
    outcomes = {package: outcome(tree) for package, tree in trees.items()}

    official, ours = outcomes["together"], outcomes["together_client"]
    surface_only = sdk_surface_methods()
    methods = our_methods(public_methods() | surface_only)
    tests_of_ours = {t for t in official.passed | set(official.failed) if method_of(t) in methods}
    on_ours = {t for t in tests_of_ours if method_of(t) not in surface_only}
    on_surface = tests_of_ours - on_ours
    allowed = exceptions()
    missing = sorted(t for t in tests_of_ours & official.passed if t not in ours.passed)
    excused = [t for t in missing if any(e.excuses(t, ours.failed.get(t, "not run")) for e in allowed)]
    regressions = [t for t in missing if t not in excused]
    idle = [e.tests for e in allowed if not any(e.excuses(t, ours.failed.get(t, "not run")) for t in missing)]
    print(f"official type names together_client.types lacks, stubbed in its copy: {len(STUBBED)}")
    for label, tests in (
        ("tests of methods of the public spec", on_ours),
        ("tests of methods only the SDK surface gives together_client", on_surface),
    ):
        lost = [t for t in missing if t in tests]
        print(f"{label}: {len(tests)}")
        print(f"  official SDK passes:      {len(tests & official.passed)}")
        print(f"  together_client passes:   {len(tests & ours.passed)}")
        print(f"  official passes, ours not: {len(lost)} ({len([t for t in lost if t in excused])} excused)")
    for pattern in idle:
        print(f"an exception that excused nothing (remove it?): {pattern}")
    causes = Counter(ours.failed.get(t, "not run") for t in regressions)
    for cause, count in causes.most_common(25):
        print(f"    {count:4d}  {cause}")
    for test in regressions:
        print(f"REGRESSION {test}: {ours.failed.get(test, 'not run')}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "regressions": regressions,
                    "excused": excused,
                    "sdk_surface_missing": sorted(t for t in missing if t in on_surface),
                    "failed": ours.failed,
                },
                indent=1,
            )
        )
    return 1 if regressions else 0


if __name__ == "__main__":
    raise SystemExit(main())
