"""The contract suite against the mock (all operations, small budget): green, and the
mutation self-test on a representative subset (score >= 95%)."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from togen.contract.mutation import run_self_test
from togen.contract.options import MOCK_TOKEN, RunOptions
from togen.contract.report import to_junit, to_markdown
from togen.contract.results import RunResult
from togen.contract.runner import run_contract
from togen.contract.server import mock_app, serve
from togen.spec.pipeline import resolve_spec


@pytest.fixture(scope="module")
def api() -> Any:
    return resolve_spec(None).api


@pytest.fixture(scope="module")
def mock(api: Any) -> Iterator[tuple[Any, str]]:
    app = mock_app(api, seed=0, api_key=MOCK_TOKEN)
    with serve(app) as url:
        yield app, url


@pytest.fixture(scope="module")
def result(api: Any, mock: tuple[Any, str]) -> RunResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_contract(
            api,
            RunOptions(
                base_url=mock[1] + "/v1", api_key=MOCK_TOKEN, max_examples=3, negative_examples=2, seed=7
            ),
        )


def test_every_operation_covered_or_skipped_with_reason(api: Any, result: RunResult) -> None:
    assert result.total_operations == len(api.operations) + len(api.unsupported)
    assert result.covered == len(api.operations)
    assert {s.key for s in result.skipped} == {o.key for o in api.unsupported}
    assert all("websocket" in s.reason for s in result.skipped)
    assert all(o.examples >= 1 for o in result.operations), [
        o.key for o in result.operations if not o.examples
    ]
    assert {s.key for s in result.stateful} == {
        "stateful.files",
        "stateful.fine-tunes",
        "stateful.batches",
        "stateful.endpoints",
    }


def test_suite_is_green_on_the_mock(result: RunResult) -> None:
    """The mock follows the spec: any failure is a mock bug (or a suite bug), never noise."""
    assert result.passed, to_markdown(result)
    assert result.requests > 500
    assert "Bearer togen" not in to_markdown(result) + to_junit(result)


def test_mutation_self_test_scores_at_least_95_percent(api: Any, mock: tuple[Any, str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome = run_self_test(api, mock[0], MOCK_TOKEN, max_examples=2, negative_examples=2, seed=3)
    assert not outcome["baseline_red"]
    assert outcome["total"] >= 40
    assert outcome["score"] >= 0.95, outcome["survived"]


def test_cli_exits_0_and_writes_junit_and_report(tmp_path: Any) -> None:
    """`togen contract` (starting the mock itself) on a few operations: exit 0, reports."""
    from click.testing import CliRunner

    from togen import cli

    junit, report = tmp_path / "contract.xml", tmp_path / "contract.md"
    args = ["contract", "--operations", "files.*", "--max-examples", "2", "--seed", "1"]
    args += ["--junit", str(junit), "--report", str(report)]
    outcome = CliRunner().invoke(cli.app, args)
    assert outcome.exit_code == 0, outcome.output
    assert "contract: PASSED" in outcome.output
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert int(suite.get("tests") or 0) >= 6  # the files operations, stateful.files, skipped
    assert report.read_text().startswith("# Contract report\n\n**PASSED**")


def test_cli_with_sdk_reaches_an_operation_only_the_official_sdk_calls() -> None:
    """`GET /v3/whoami` is in the SDK surface, not the public spec: the default (spec/config.toml
    merges the SDK into the locked spec) and `--with-sdk` test it against a mock serving the
    merged spec; `--no-sdk` finds no such operation."""
    from click.testing import CliRunner

    from togen import cli

    args = ["contract", "--operations", "GET /v3/whoami", "--max-examples", "1", "--seed", "1", "-q"]
    for flags in ([], ["--with-sdk"]):
        with_sdk = CliRunner().invoke(cli.app, [*args, *flags])
        assert with_sdk.exit_code == 0, with_sdk.output
        assert "coverage 1/1 operations" in with_sdk.output
    without = CliRunner().invoke(cli.app, [*args, "--no-sdk"])
    assert without.exit_code == 2, without.output
    assert "no operation matches --operations" in without.output
