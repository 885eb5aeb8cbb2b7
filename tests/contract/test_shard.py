"""--shard i/n and `togen contract merge`: deterministic, balanced shares with stateful
sequences whole, and 3 shards merged give the verdict and counts of one unsharded run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from togen import cli
from togen.contract.merge import merge
from togen.contract.results import RunResult
from togen.contract.shard import parse_shard, share
from togen.contract.stateful import SEQUENCES, SETUP_OPERATIONS
from togen.spec.pipeline import resolve_spec

# Every sequence, some plain operations and a websocket upgrade: a small but whole run.
SELECTION = ["files.*", "fine_tuning.*", "batches.*", "endpoints.*", "models.*", "audio.*", "rerank.*"]


@pytest.fixture(scope="module")
def api() -> Any:
    return resolve_spec(None).api


def test_parse_shard() -> None:
    assert parse_shard("2/3") == (2, 3) and parse_shard(" 1 / 1 ") == (1, 1)
    for bad in ("0/3", "4/3", "1/0", "3", "a/b", "1/2/3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_shares_partition_balance_and_keep_sequences_whole(api: Any, count: int) -> None:
    shares = [share(api.operations, api.unsupported, i, count) for i in range(1, count + 1)]
    assert shares == [share(api.operations, api.unsupported, i, count) for i in range(1, count + 1)]
    every = {op.key for op in [*api.operations, *api.unsupported]}
    assert set().union(*shares) == every and sum(map(len, shares)) == len(every)
    http = [len(s - {op.key for op in api.unsupported}) for s in shares]
    assert max(http) - min(http) <= 12  # the largest unit: files + fine-tunes + batches
    for sequence in SEQUENCES:
        needed = {sequence.create, sequence.retrieve, sequence.list, sequence.delete}
        needed |= set(SETUP_OPERATIONS.get(sequence.create, ()))
        assert sum(1 for s in shares if needed <= s) == 1, sequence.name


def contract(*args: str) -> Any:
    return CliRunner().invoke(cli.app, ["contract", *args])


def test_three_shards_merged_equal_one_run(tmp_path: Path) -> None:
    # --no-sdk: the public spec, as `api` above (with the SDK surface, generated requests to
    # files.create, the SDK's POST /v1/files, are still rejected: 400/415, issue 27)
    common = ["--no-sdk", "--max-examples", "2", "--seed", "11", "-q", "--format", "json"]
    for pattern in SELECTION:
        common += ["--operations", pattern]
    whole = contract(*common, "--report", str(tmp_path / "whole.json"))
    assert whole.exit_code == 0, whole.output
    reports = []
    for index in (1, 2, 3):
        report = tmp_path / f"shard-{index}.json"
        outcome = contract(*common, "--shard", f"{index}/3", "--report", str(report))
        assert outcome.exit_code == 0, outcome.output
        assert f"contract [shard {index}/3]: PASSED" in outcome.output
        reports.append(str(report))
    merged = contract(
        "merge", *reports, "--junit", str(tmp_path / "junit.xml"), "--report", str(tmp_path / "m.md")
    )
    assert merged.exit_code == 0, merged.output
    assert merged.output.strip().splitlines()[-1].startswith("contract: PASSED: 0 failure(s); coverage ")
    one = RunResult.from_dict(json.loads((tmp_path / "whole.json").read_text()))
    parts = [RunResult.from_dict(json.loads(Path(r).read_text())) for r in reports]
    assert all(p.operations for p in parts)
    combined = merge(parts)
    assert (combined.passed, combined.failures, combined.covered, combined.total_operations) == (
        one.passed, one.failures, one.covered, one.total_operations,
    )  # fmt: skip
    assert [o.key for o in combined.operations] == [o.key for o in one.operations]
    assert [o.key for o in combined.stateful] == [o.key for o in one.stateful]
    assert [s.key for s in combined.skipped] == [s.key for s in one.skipped]
    examples = [(o.key, o.examples, o.negative_examples, o.probes) for o in combined.operations]
    assert examples == [(o.key, o.examples, o.negative_examples, o.probes) for o in one.operations]
    assert combined.requests == one.requests
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert int(suite.get("tests") or 0) == one.covered + len(one.stateful) + len(one.skipped)
    assert "merged from 3 shard(s)" in (tmp_path / "m.md").read_text()


def test_merge_keeps_a_failure_red_and_refuses_incomplete_input(tmp_path: Path) -> None:
    from tests.contract.test_reports import sample

    red = sample()
    red.shard = "1/2"
    green = sample()
    green.shard = "2/2"
    green.operations = green.operations[:1]
    green.operations[0].key = "models.retrieve"
    green.skipped = []
    paths = []
    for index, result in enumerate((red, green), 1):
        path = tmp_path / f"{index}.json"
        path.write_text(json.dumps(result.to_dict()))
        paths.append(str(path))
    outcome = contract("merge", *paths)
    assert outcome.exit_code == 1 and "contract: FAILED: 1 failure(s)" in outcome.output
    missing = contract("merge", paths[0])
    assert missing.exit_code == 2 and "shard 2/2 is missing" in missing.output
    twice = contract("merge", paths[0], paths[0])
    assert twice.exit_code == 2 and "shard 1/2 is given twice" in twice.output
    (tmp_path / "junk.json").write_text("[1, 2]")
    junk = contract("merge", str(tmp_path / "junk.json"))
    assert junk.exit_code == 2 and "junk.json: not a contract JSON report" in junk.output
    absent = contract("merge", str(tmp_path / "absent.json"))
    assert absent.exit_code == 2 and "absent.json: cannot read" in absent.output
