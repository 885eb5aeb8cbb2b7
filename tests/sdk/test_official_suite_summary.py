"""The verdict of `make test-official-suite` (tests/official_sdk_suite.py), from a junit xml and
the mock's access log written here: it fails below 97% of the non-skipped tests or on any 5xx."""

from __future__ import annotations

from pathlib import Path

from tests.official_sdk_suite import Summary, report, summarize


def _junit(tmp_path: Path, passed: int, failed: int, skipped: int = 0, teardown_error: bool = False) -> Path:
    cases = [
        f'<testcase classname="tests.api_resources.test_a.TestA" name="test_ok_{i}"/>' for i in range(passed)
    ]
    cases += [
        f'<testcase classname="tests.api_resources.test_a.TestA" name="test_bad_{i}">'
        f'<failure message="together.BadRequestError: Error code: 400 - id {i}0000abcdef">x</failure>'
        "</testcase>"
        for i in range(failed)
    ]
    cases += [
        f'<testcase classname="tests.api_resources.test_a.TestA" name="test_skip_{i}"><skipped/></testcase>'
        for i in range(skipped)
    ]
    if teardown_error:  # one test, two phases: counted once, as a failure
        cases.append('<testcase classname="m.T" name="test_twice"><failure message="boom"/></testcase>')
        cases.append('<testcase classname="m.T" name="test_twice"><error message="teardown"/></testcase>')
    path = tmp_path / "junit.xml"
    path.write_text(f'<testsuites><testsuite name="pytest">{"".join(cases)}</testsuite></testsuites>')
    return path


def _log(tmp_path: Path, *statuses: int) -> Path:
    path = tmp_path / "mock.log"
    lines = [
        f'2026-01-01 00:00:00,000 togen.mock 127.0.0.1 "GET /v1/models" {s} 1.0ms models.list'
        for s in statuses
    ]
    path.write_text("togen mock: 10 operations\n" + "\n".join(lines) + "\n")
    return path


def test_at_97_percent_without_5xx_it_holds(tmp_path: Path) -> None:
    summary = summarize(_junit(tmp_path, passed=97, failed=3, skipped=5), _log(tmp_path, 200, 404))
    assert (summary.passed, summary.failed, summary.skipped, summary.errors) == (97, 3, 5, 0)
    assert summary.holds()
    assert summary.causes.most_common(1) == [("together.BadRequestError: Error code: N - id N", 3)]
    assert "target holds" in report(summary)


def test_below_97_percent_it_fails(tmp_path: Path) -> None:
    summary = summarize(_junit(tmp_path, passed=96, failed=4, skipped=50), _log(tmp_path, 200))
    assert summary.pass_rate == 0.96
    assert not summary.holds()
    assert "TARGET MISSED" in report(summary)


def test_one_5xx_fails_it(tmp_path: Path) -> None:
    summary = summarize(_junit(tmp_path, passed=100, failed=0), _log(tmp_path, 200, 503, 200))
    assert summary.server_errors == ["503 GET /v1/models"]
    assert not summary.holds()


def test_a_test_failing_twice_counts_once_and_nothing_run_fails(tmp_path: Path) -> None:
    summary = summarize(_junit(tmp_path, passed=0, failed=0, teardown_error=True), _log(tmp_path))
    assert (summary.failed, summary.errors) == (1, 0)
    assert not Summary().holds()  # no test ran: not a pass
