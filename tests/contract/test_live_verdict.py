"""The verdict of a live run: no failure found -> pass, whatever the coverage; coverage is
reported with the operations not reached and why (write operation, websocket, budget);
only --min-coverage fails on it. Live mode is any non-loopback base URL, so the mock is
served on a non-loopback address of this machine (skipped when it has none). Also: a
base URL with nothing listening is one line and exit 2."""

from __future__ import annotations

import json
import socket
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from togen import cli
from togen.contract.server import mock_app, serve
from togen.core.loopback import PortError, bind, free_port
from togen.spec.pipeline import resolve_spec

LIVE_KEY = "live-test-key-1234"


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine that is not loopback and can be listened on."""
    candidates = []
    try:
        out = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True, timeout=5).stdout
        candidates += [line.split()[3].split("/")[0] for line in out.splitlines() if " inet " in line]
    except (OSError, subprocess.SubprocessError, IndexError):
        pass
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # UDP: no packet is sent, the kernel picks a source
        candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    for address in candidates:
        if address.startswith("127.") or address == "0.0.0.0":
            continue
        try:
            bind(address).close()
        except PortError:
            continue
        return address
    return None


@pytest.fixture(scope="module")
def live_mock() -> Iterator[str]:
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to serve the mock on")
    app = mock_app(resolve_spec(None).api, seed=0, api_key=LIVE_KEY)
    with serve(app, host=address) as url:
        yield url


def contract(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli.app, ["contract", *args], env=env)


def live_run(url: str, tmp_path: Path, *extra: str) -> tuple[Any, ET.Element, dict[str, Any]]:
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    outcome = contract(  # --no-sdk: the server serves the public spec alone
        "--base-url", url, "--no-sdk", "--max-examples", "1", "--seed", "5", "--rate-limit", "1000",
        "--max-requests", "60", "--format", "json", "--report", str(report), "--junit", str(junit), *extra,
        env={"TOGETHER_API_KEY": LIVE_KEY},
    )  # fmt: skip
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    return outcome, suite, json.loads(report.read_text())


def test_a_live_run_without_failures_passes_and_reports_what_it_did_not_reach(
    live_mock: str, tmp_path: Path
) -> None:
    outcome, suite, data = live_run(live_mock, tmp_path)
    assert outcome.exit_code == 0, outcome.output
    assert data["live"] is True and data["failures"] == 0 and data["passed"] is True
    assert data["budget_exhausted"] is True
    # Every operation is covered or not reached with a reason; each reason occurs.
    assert data["covered"] + len(data["skipped"]) == data["total_operations"]
    assert set(data["not_reached"]) == {"budget", "websocket", "write operation"}
    assert data["covered"] < data["total_operations"] // 2
    assert data["operations"] and all(o["signature"].startswith("GET ") for o in data["operations"])
    line = outcome.output.strip().splitlines()[-1]
    assert line.startswith("contract: PASSED: 0 failure(s); coverage ")
    assert "not reached: budget " in line and "websocket 2" in line and "write operation " in line
    # JUnit: the operations not reached are skipped test cases, never failures.
    assert suite.get("failures") == "0"
    skipped = suite.findall("testcase/skipped")
    assert len(skipped) == len(data["skipped"]) and int(suite.get("skipped") or 0) == len(skipped)
    assert LIVE_KEY not in outcome.output + json.dumps(data)


def test_min_coverage_is_the_only_way_coverage_fails(live_mock: str, tmp_path: Path) -> None:
    outcome, suite, data = live_run(live_mock, tmp_path, "--min-coverage", "90")
    assert outcome.exit_code == 1, outcome.output
    assert data["failures"] == 0 and data["passed"] is False
    assert "contract: FAILED: 0 failure(s)" in outcome.output and "below --min-coverage 90%" in outcome.output
    assert suite.get("failures") == "1"
    (failure,) = suite.findall("testcase/failure")
    assert failure.get("type") == "min_coverage"

    low = tmp_path / "low"
    low.mkdir()
    outcome, suite, data = live_run(live_mock, low, "--min-coverage", "5")
    assert outcome.exit_code == 0, outcome.output
    assert "meets --min-coverage 5%" in outcome.output and suite.get("failures") == "0"


def test_markdown_lists_what_was_not_reached_and_why(live_mock: str, tmp_path: Path) -> None:
    outcome = contract(  # --no-sdk: the server serves the public spec alone
        "--base-url", live_mock, "--no-sdk", "--max-examples", "1", "--seed", "5", "--rate-limit", "1000",
        "--max-requests", "30", "--operations", "models.*", "--operations", "files.*", "--report",
        str(tmp_path / "r.md"), "-q", env={"TOGETHER_API_KEY": LIVE_KEY},
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.output
    markdown = (tmp_path / "r.md").read_text()
    assert markdown.startswith("# Contract report\n\n**PASSED**")
    assert "## Not reached" in markdown
    assert "| write operation | live mode: not read-only" in markdown
    assert "`files.upload` (POST /v1/files/upload) | write operation" in markdown


def test_nothing_listening_is_one_line_and_exit_2() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    outcome = contract("--base-url", url, "--operations", "models.*")
    assert outcome.exit_code == 2, outcome.output
    lines = outcome.output.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(f"togen: error: cannot reach {url}")
    assert "FAIL" not in outcome.output and "Traceback" not in outcome.output


def test_a_base_url_that_is_no_url_is_exit_2() -> None:
    outcome = contract("--base-url", "localhost:4010")
    assert outcome.exit_code == 2
    assert "is not an http(s) URL" in outcome.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "4/3"], "i must be between 1 and n"),
        (["--shard", "x"], "expected i/n"),
        (["--min-coverage", "150"], "percentage between 0 and 100"),
        (["--shrink-seconds", "-1"], "must not be negative"),
        (["--format", "xml"], "expected md or json"),
    ],
)
def test_bad_flag_values_are_exit_2(args: list[str], message: str) -> None:
    outcome = contract(*args)
    assert outcome.exit_code == 2, outcome.output
    assert message in outcome.output and "Traceback" not in outcome.output
