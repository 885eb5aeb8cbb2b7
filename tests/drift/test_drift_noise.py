"""What a drift report lists, on Together's real spec history: one finding per change of a shared
schema (not one per operation and status reaching it), and client methods only where the
generator makes them (no websocket upgrades)."""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from togen.drift.api import drift, load
from togen.drift.model import Report
from togen.drift.render import render

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "together-openapi"
CURRENT = SHARED / "openapi.yaml"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))

pytestmark = pytest.mark.skipif(not HISTORY or not CURRENT.exists(), reason="real Together specs not present")

ERROR_RULE = "error-response-property-became-optional"
WEBSOCKETS = {"GET /v1/audio/speech/websocket", "GET /v1/realtime"}


@functools.cache
def oldest_to_newest() -> Report:
    return drift(str(HISTORY[0]), str(CURRENT))


def test_a_shared_error_schema_change_is_one_finding_listing_where() -> None:
    report = oldest_to_newest()
    data = json.loads(render(report, "json"))
    findings = [c for c in data["changes"] if c["kind"] == ERROR_RULE]
    # ErrorData's `error.code` and `error.param` became optional: two findings, each reached
    # from every error response of every operation that answers ErrorData.
    assert sorted(c["path"] for c in findings) == ["error.code", "error.param"]
    for finding in findings:
        assert finding["new_pointer"].startswith("/components/schemas/ErrorData/")
        places = [(finding["operation"], finding["location"])] + [
            (p["operation"], p["location"]) for p in finding["also_at"]
        ]
        assert len(places) == len(set(places)) > 10
        assert {op for op, _ in places} >= {"POST /v1/chat/completions", "POST /v1/completions"}
        assert all(p["path"] == finding["path"] for p in finding["also_at"])
    # the counts are the findings as listed, in every format
    assert data["summary"]["total"] == len(data["changes"])
    level_counts = {level: sum(c["level"] == level for c in data["changes"]) for level in ("breaking",)}
    assert data["summary"]["breaking"] == level_counts["breaking"]
    assert report.summary() == data["summary"]
    markdown = render(report, "md")
    rule_lines = [line for line in markdown.splitlines() if f"`{ERROR_RULE}`" in line]
    assert len(rule_lines) == 2
    assert all("more places reaching this schema" in line for line in rule_lines)
    assert "`POST /v1/completions` response 400" in rule_lines[0]
    potential = data["summary"]["potentially-breaking"]
    assert f"### Potentially breaking ({potential})" in markdown
    listed = sum(1 for c in data["changes"] if c["level"] == "potentially-breaking")
    assert listed == potential


class _Rows(HTMLParser):
    """The `<code>` texts of the HTML report's change rows, with their `also` lists."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.also_lists = 0
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_code = tag == "code"
        if tag == "details" and ("class", "also") in attrs:
            self.also_lists += 1

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.codes.append(data)
            self._in_code = False


def test_the_html_report_lists_a_shared_change_once_with_its_places() -> None:
    report = oldest_to_newest()
    parser = _Rows()
    parser.feed(render(report, "html"))
    assert parser.codes.count(ERROR_RULE) == 2
    grouped = sum(1 for c in report.changes if c.also)
    assert parser.also_lists == grouped > 0
    heading = re.search(
        r'<h2 class="potentially-breaking">Potentially breaking \((\d+)\)</h2>', render(report, "html")
    )
    assert heading is not None and int(heading.group(1)) == report.summary()["potentially-breaking"]


def test_grouping_keeps_every_place_and_the_operations_counts() -> None:
    """Each place of a grouped finding is a change the diff found, and the operations changed
    are counted as before (their changes are listed under the finding's first place)."""
    report = oldest_to_newest()
    places = [p for c in report.changes for p in c.places()]
    assert len(places) > len(report.changes)
    untouched = set(report.operations_added) | set(report.operations_removed)
    assert set(report.operations_changed) == {p.operation for p in places} - untouched
    for change in report.changes:
        for place in change.also:
            assert (place.kind, place.level, place.old_pointer, place.new_pointer) == (
                change.kind,
                change.level,
                change.old_pointer,
                change.new_pointer,
            )
    junit = render(report, "junit")
    for op in {p.operation for p in places if p.level == "breaking"}:
        assert f'name="{op}"' in junit


def test_websocket_upgrades_are_api_changes_but_never_client_methods() -> None:
    """`generate` makes no method of a websocket upgrade (`API.operations` leaves them out, in
    `togen.spec.build`); the report's client surface reads the same list."""
    report = oldest_to_newest()
    added = {c.operation for c in report.changes if c.kind == "operation-added"}
    assert added >= WEBSOCKETS
    new_api = load(str(CURRENT))
    websocket_keys = {op.key for op in new_api.unsupported}
    assert {op.signature for op in new_api.unsupported} == WEBSOCKETS
    symbols = {s.symbol for s in report.surface}
    assert not {f"client.{key}" for key in websocket_keys} & symbols
    # every method the report adds is one the generated client has (its resource tree)
    methods = {f"client.{op.key}" for resource in new_api.root.walk() for op in resource.operations}
    assert {s.symbol for s in report.surface if s.kind == "method-added"} <= methods
    assert {s.symbol for s in report.surface if s.kind == "method-added"}


def test_the_version_that_added_websockets_adds_no_method_for_them() -> None:
    old, new = (next(p for p in HISTORY if p.name.startswith(d)) for d in ("2025-09-26", "2025-10-29"))
    report = drift(str(old), str(new))
    assert set(report.operations_added) >= WEBSOCKETS
    new_api = load(str(new))
    methods_of_added = {
        f"client.{op.key}" for op in new_api.operations if op.signature in report.operations_added
    }
    assert {s.symbol for s in report.surface if s.kind == "method-added"} == methods_of_added
    assert not {f"client.{op.key}" for op in new_api.unsupported} & {s.symbol for s in report.surface}


def test_a_ref_made_nullable_is_reported_wherever_the_plain_ref_was_compared_first() -> None:
    """2024-08-29 wraps the stream chunk's `finish_reason` (`$ref: FinishReason`) in
    `anyOf: [FinishReason, null]`, while other places keep the plain `$ref`: the memo of the
    plain pair must not answer for the nullable one (it once did, hiding the change)."""
    old, new = (next(p for p in HISTORY if p.name.startswith(d)) for d in ("2024-07-16", "2024-08-29"))
    report = drift(str(old), str(new))
    found = [
        (c.operation, c.location, c.path)
        for c in report.changes
        for c in c.places()
        if c.kind == "response-nullable-added"
    ]
    assert ("POST /v1/chat/completions", "response 200 stream event", "choices[].finish_reason") in found
