"""The lag report: `togen drift <the locked spec> sdk:together` on the real spec and SDK.

It must list what the SDK calls that the spec lacks (the routes and fields issue 27 names),
and nothing the two both describe may show up as one side's only: checked against an
independent walk of the official SDK (`tests/official_sdk.py`: real requests through an
`httpx.MockTransport`, matched to the spec's operations), and against the SDK's own document
rewritten the way specs differ (path parameters renamed, `/v1` moved into the server), which
must show no lag at all.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import CURRENT_SPEC
from tests.official_sdk import match_operation, official_methods
from togen.drift.api import load
from togen.drift.lag import LagReport, lag_drift
from togen.sdk.source import derived_bytes

TOGEN = [sys.executable, "-m", "togen"]
ISSUE_ROUTES = {  # SDK method: the route the public spec lacks
    "whoami": "GET /v3/whoami",
    "projects.list": "GET /v1/projects",
    "organization.usage.costs.list": "GET /v1/billing/usage",
    "models.list_supported": "GET /v2/supported-models",
    "endpoints.hardware.list": "GET /v2/public/inference-instance-types",
    "endpoints.list": "GET /v2/projects/{project_id}/endpoints",
    "beta.jig.queue.clear": "POST /v1/queue/clear",
    "fine_tuning.preview": "POST /v1/fine-tunes/preview",
    "beta.jig.rollback": "POST /v1/deployments/{id}/rollback",
    "beta.jig.list_revisions": "GET /v1/deployments/{id}/revisions",
    "post_training.model_resources.list": "GET /v1/rl/model-resources",
    "post_training.supported_models.get": "GET /v1/rl/supported-models",
    "post_training.checkpoints.list": "GET /v1/rl/checkpoints",
    "clusters.remediations.list": (
        "GET /v1/compute/clusters/{cluster_id}/instances/{instance_id}/remediations"
    ),
}
ISSUE_FIELDS = {  # field the SDK sends or reads: (operation, location)
    "model_inputs": ("POST /v1/rl/training-sessions/{session_id}/operations/sample", "request body"),
    "samples[].loss_fn_inputs": (
        "POST /v1/rl/training-sessions/{session_id}/operations/forward-backward",
        "request body",
    ),
    "adam_params": ("POST /v1/rl/training-sessions/{session_id}/operations/optim-step", "request body"),
    "capacity_type": ("POST /v1/deployments", "request body"),
    "model_resources_id": ("GET /v1/rl/training-sessions/{session_id}", "response 200"),
    "add_ons": ("GET /v1/compute/clusters/{cluster_id}", "response 200"),
    "user_id": ("GET /v1/fine-tunes/{id}", "response 200"),
}


@pytest.fixture(scope="module")
def report() -> LagReport:
    return lag_drift(str(CURRENT_SPEC), "sdk:together")


def kinds_at(report: LagReport, operation: str) -> set[str]:
    return {c.kind for c in report.changes if c.operation == operation}


def test_the_routes_the_spec_lacks_are_listed_under_their_resource(report: LagReport) -> None:
    by_resource = {group["resource"]: group for group in report.resources()}
    for method, operation in ISSUE_ROUTES.items():
        resource = method.rpartition(".")[0] or "client"
        listed = [c for c in by_resource[resource]["sdk_only"] if c["kind"] == "lag-operation-missing"]
        assert operation in {c["operation"] for c in listed}, method
        assert operation in report.operations_added
        assert f"`{method}`" in next(c["message"] for c in listed if c["operation"] == operation)


def test_the_fields_the_spec_lacks_are_listed(report: LagReport) -> None:
    found = {(c.path, c.operation, c.location) for c in report.changes if c.kind == "lag-field-missing"}
    for path, (operation, location) in ISSUE_FIELDS.items():
        assert (path, operation, location) in found


def test_an_operation_both_describe_is_never_one_sides_only(
    report: LagReport, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every official method whose request lands on a spec operation (an independent walk of
    the SDK) is compared, not listed as added or removed."""
    spec = load(str(CURRENT_SPEC), [])
    shared = set()
    for method in official_methods(tmp_path_factory.mktemp("walk")):
        op = match_operation(method, spec.all_operations)
        if op is not None:
            shared.add(f"{op.method} {op.effective_path}")
    assert len(shared) > 60  # the issue: 77 official methods call spec operations
    one_sided = set(report.operations_added) | set(report.operations_removed)
    assert shared & one_sided == set()
    for operation in shared:
        assert not {"lag-operation-missing", "lag-operation-not-in-sdk"} & kinds_at(report, operation)


def _respelled(document: dict[str, Any]) -> dict[str, Any]:
    """The same API written as a spec would: `/v1` in the server, path parameters renamed."""
    paths = {}
    for path, item in document["paths"].items():
        renamed = re.sub(r"{([^}/]+)}", lambda m: "{" + m.group(1).title().replace("_", "") + "Ref}", path)
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["name"] = parameter["name"].title().replace("_", "") + "Ref"
        paths[renamed.removeprefix("/v1") if renamed.startswith("/v1/") else renamed] = item
    moved = {p: i for p, i in paths.items() if not p.startswith(("/v2/", "/v3/"))}
    kept = {p: i for p, i in paths.items() if p.startswith(("/v2/", "/v3/"))}
    for path, item in kept.items():  # the other versions: a server of their own per path
        for operation in item.values():
            operation["servers"] = [{"url": "https://api.example.invalid"}]
        moved[path] = item
    return {**document, "servers": [{"url": "https://api.example.invalid/v1"}], "paths": moved}


def test_the_sdk_surface_written_another_way_shows_no_lag(tmp_path: Path) -> None:
    document = json.loads(derived_bytes("sdk:together"))
    spec = tmp_path / "respelled.json"
    spec.write_text(json.dumps(_respelled(document)))
    result = lag_drift(str(spec), "sdk:together")
    assert [c.message for c in result.changes] == []
    assert result.resources() == []
    assert len(result.all_operations) == result.new.operations > 170


def test_sdk_as_old_lists_its_operations_as_removed(report: LagReport) -> None:
    reverse = lag_drift("sdk:together", str(CURRENT_SPEC))
    assert sorted(reverse.operations_removed) == sorted(report.operations_added)
    assert sorted(reverse.operations_added) == sorted(report.operations_removed)
    assert reverse.lag_summary() == report.lag_summary()
    whoami = next(c for c in reverse.changes if c.operation == "GET /v3/whoami")
    assert whoami.old_pointer is not None and whoami.new_pointer is None


def _drift(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TOGEN, "drift", str(CURRENT_SPEC), "sdk:together", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_format_from_the_command_line(tmp_path: Path) -> None:
    md = _drift()
    assert md.returncode == 0, md.stderr
    assert "## Spec lag: `openapi.yaml` against the `together`" in md.stdout
    assert "### `client`" in md.stdout and "`GET /v3/whoami`" in md.stdout
    assert "### `organization.usage.costs`" in md.stdout
    data = json.loads(_drift("--format", "json").stdout)
    resources = {group["resource"] for group in data["lag"]["resources"]}
    assert {"client", "projects", "organization.usage.costs", "post_training.model_resources"} <= resources
    assert (
        data["lag"]["sdk"]["package"] == "together" and data["lag"]["summary"]["lag-operation-missing"] > 90
    )
    html = tmp_path / "lag.html"
    assert _drift("--format", "html", "--output", str(html)).returncode == 0
    assert "<h2><code>projects</code></h2>" in html.read_text()
    junit = ET.fromstring(_drift("--format", "junit").stdout)
    assert "GET /v3/whoami" in {case.get("name") for case in junit.iter("testcase")}
    failing = _drift("--format", "github", "--fail-on", "potentially-breaking")
    assert failing.returncode == 1
    assert "lag-operation-missing" in failing.stdout
