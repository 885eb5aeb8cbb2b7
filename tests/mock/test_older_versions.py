"""The mock answers what the spec version it serves says, not today's shapes.

Behaviours are written against the current spec; older versions differ in details (`object:
text_completion` where today says `text.completion`, chat chunks that require `token`,
`usage` that may not be null, a models answer that is an object). `conforming.fitted` makes
each answer valid for the version served. Checked here by the contract suite itself, run
against the mock of such versions, and by `fitted` on small schemas."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SHARED
from togen.mock.engine.conforming import fitted
from togen.spec.schema_set import SchemaSet
from togen.spec.synthesizer import Synthesizer

# the last one deletes fine-tunes with a required `force` query parameter (the stateful sequence sends it)
OLD_VERSIONS = ["2024-02-15_88e0076.yaml", "2024-04-05_4d00e66.yaml", "2025-10-29_016ed66.yaml"]


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_contract_suite_is_green_on_the_mock_of_an_older_version(version: str) -> None:
    from click.testing import CliRunner

    from togen import cli

    spec = SHARED / "history" / version
    args = ["contract", "--spec", str(spec), "--max-examples", "2", "--seed", "1", "-q"]
    outcome = CliRunner().invoke(cli.app, args)
    assert outcome.exit_code == 0, outcome.output
    assert "contract: PASSED" in outcome.output


CHUNK: dict[str, Any] = {
    "type": "object",
    "required": ["object", "token", "choices"],
    "properties": {
        "object": {"type": "string", "enum": ["text_completion"]},
        "token": {
            "type": "object",
            "required": ["id", "text"],
            "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
        },
        "choices": {"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"}}}},
        "usage": {"type": "object", "properties": {"total_tokens": {"type": "integer"}}},
    },
}


def test_fitted_keeps_what_is_valid_and_repairs_the_rest() -> None:
    schemas = SchemaSet(CHUNK)
    synthesizer = Synthesizer(schemas, seed=1)
    answer = {"object": "text.completion", "choices": [{"text": "Mock"}], "usage": None}
    result = fitted(schemas, synthesizer, CHUNK, answer, "chunk")
    assert schemas.validator(CHUNK).is_valid(result)
    assert result["object"] == "text_completion"  # the version's enum value
    assert result["choices"] == [{"text": "Mock"}]  # the behaviour's content stays
    assert isinstance(result["token"]["id"], int) and isinstance(result["usage"], dict)
    assert answer["usage"] is None and "token" not in answer  # the behaviour's value is not changed
    valid = {"object": "text_completion", "token": {"id": 1, "text": "x"}, "choices": []}
    assert fitted(schemas, synthesizer, CHUNK, valid, "chunk") is valid  # the fast path hands it back
