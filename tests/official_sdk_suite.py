"""The official `together` SDK's whole `tests/api_resources` against `togen mock --with-sdk --stateless`.

Issue 27's target: of the official SDK's own API tests (the sdist of the locked version, fetched
and hash-checked as tests/official_api_tests.py does, laid out with its conftest), at least 97% of
those its own marks do not skip pass against the mock serving the public spec plus the SDK's
surface, statelessly (the tests delete a dummy id and then retrieve it), and the mock answers no
5xx. Nothing is deselected.

`python -m tests.official_sdk_suite` (make test-official-suite) prints passed / failed / skipped /
errors, the share of the non-skipped tests that passed, the 5xx answers (counted in the mock's
access log) and the commonest failure causes; it exits 1 below the threshold or on any 5xx.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.official_api_tests import BUILD, fetch_sdist, lay_out, python_path, unpack
from togen.core.loopback import free_port, server_process

TREE = BUILD / "suite"
THRESHOLD = 0.97
WORKERS = 2
# the mock's access-log line: 127.0.0.1 "GET /v1/models" 200 1.2ms label (togen.mock.engine.app)
ACCESS = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) ')
# ids, hashes and numbers inside failure messages, so one cause groups its tests
VARIABLE = re.compile(r"0x[0-9a-f]+|\b[0-9a-f]{8,}\b|\b\d+(\.\d+)?\b")


@dataclass
class Summary:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    errors: int = 0
    server_errors: list[str] = field(default_factory=list)  # "500 GET /v1/..." from the mock's log
    causes: Counter[str] = field(default_factory=Counter)

    @property
    def ran(self) -> int:
        return self.passed + self.failed + self.errors

    @property
    def pass_rate(self) -> float:
        return self.passed / self.ran if self.ran else 0.0

    def holds(self, threshold: float = THRESHOLD) -> bool:
        return self.ran > 0 and self.pass_rate >= threshold and not self.server_errors


def cause_of(message: str) -> str:
    """The first line of a failure, its ids and numbers blanked, as the key its tests group under."""
    first = (message.strip().splitlines() or ["(no message)"])[0]
    return VARIABLE.sub("N", first)[:150]


def read_junit(junit: Path, summary: Summary) -> None:
    """Outcomes of a junit xml (xunit2). A test failing in its call and again in its teardown has
    one testcase element per phase: it counts once, as its first problem."""
    outcomes: dict[str, str] = {}
    for case in ET.parse(junit).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("skipped") is not None:
            outcomes.setdefault(test_id, "skipped")
            continue
        problems = [*case.iter("failure"), *case.iter("error")]
        if not problems:
            outcomes.setdefault(test_id, "passed")
            continue
        if outcomes.get(test_id) in (None, "passed"):
            kind = "failed" if problems[0].tag == "failure" else "errors"
            outcomes[test_id] = kind
            summary.causes[cause_of(problems[0].get("message") or problems[0].text or "")] += 1
    for kind in outcomes.values():
        setattr(summary, kind, getattr(summary, kind) + 1)


def read_mock_log(log: Path, summary: Summary) -> None:
    for line in log.read_text(errors="replace").splitlines():
        match = ACCESS.search(line)
        if match and match["status"].startswith("5"):
            summary.server_errors.append(f"{match['status']} {match['method']} {match['path']}")


def summarize(junit: Path, mock_log: Path) -> Summary:
    summary = Summary()
    read_junit(junit, summary)
    read_mock_log(mock_log, summary)
    return summary


def report(summary: Summary, top: int = 25) -> str:
    lines = [
        f"passed {summary.passed}, failed {summary.failed}, skipped {summary.skipped}, "
        f"errors {summary.errors}",
        f"non-skipped passed: {summary.passed}/{summary.ran} = {summary.pass_rate:.2%} "
        f"(target {THRESHOLD:.0%})",
        f"5xx answers: {len(summary.server_errors)}",
    ]
    for route, count in Counter(summary.server_errors).most_common(top):
        lines.append(f"  {count:5d}  {route}")
    if summary.causes:
        lines.append("top failure causes:")
        lines += [f"  {count:5d}  {cause}" for cause, count in summary.causes.most_common(top)]
    lines.append("target holds" if summary.holds() else "TARGET MISSED")
    return "\n".join(lines)


def run(tree: Path, workers: int, pytest_args: list[str]) -> Summary:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    togen = str(Path(sys.executable).with_name("togen"))
    mock_log = tree / "mock.log"
    command = [togen, "mock", "--with-sdk", "--stateless", "--port", str(port)]
    junit = tree / "junit.xml"
    junit.unlink(missing_ok=True)
    env = {**os.environ, "TEST_API_BASE_URL": base_url, "PYTHONPATH": os.pathsep.join(python_path())}
    tests = [sys.executable, "-m", "pytest", "-q", "--tb=no", "-o", "junit_family=xunit2"]
    tests += ["-n", str(workers)] if workers > 1 else ["-p", "no:xdist"]
    tests += [f"--junitxml={junit}", *pytest_args, "tests/api_resources"]
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(mock_log.open("wb"))
        # any answer below 500 means the mock is up (the SDK surface's build takes some seconds)
        stack.enter_context(
            server_process(
                command, f"{base_url}/v1/models", timeout=120, stdout=log, stderr=subprocess.STDOUT
            )
        )
        with (tree / "pytest.log").open("wb") as output:
            subprocess.run(tests, cwd=tree, env=env, stdout=output, stderr=subprocess.STDOUT, check=False)
    return summarize(junit, mock_log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.official_sdk_suite", description=__doc__)
    parser.add_argument("--workers", type=int, default=WORKERS, help="pytest-xdist workers (1: none)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args(argv)
    tree = lay_out(unpack(fetch_sdist()), "together", TREE)
    summary = run(tree, args.workers, args.pytest_args)
    print(report(summary))
    print(f"(junit: {tree / 'junit.xml'}, mock log: {tree / 'mock.log'})")
    return 0 if summary.holds() else 1


if __name__ == "__main__":
    raise SystemExit(main())
