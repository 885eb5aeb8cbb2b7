"""One source of truth for what the API rejects beyond the schema: the mock's rule table
(togen.spec.request_rules). The mock's 400s on schema-valid requests all name a rule; each rule's
example is rejected under that rule and accepted once the rule's `satisfy` ran; and the
suite's positive cases, sent to the mock without the rules applied, are refused only under
a rule (a new rejection in the mock without a rule fails here, naming the operation)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from schemathesis import GenerationMode

from togen.contract.options import MOCK_TOKEN, RunOptions
from togen.contract.runner import ContractRunner
from togen.contract.semantics import fix
from togen.contract.server import mock_app, serve
from togen.spec.pipeline import resolve_spec
from togen.spec.request_rules import RULE_HEADER, RULES, satisfy_all

EXAMPLES = 8


@pytest.fixture(scope="module")
def api() -> Any:
    return resolve_spec(None).api


@pytest.fixture(scope="module")
def url(api: Any) -> Iterator[str]:
    with serve(mock_app(api, api_key=MOCK_TOKEN)) as base:
        yield base


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_is_the_mocks_and_its_satisfy_is_accepted(api: Any, url: str, name: str) -> None:
    rule = RULES[name]
    path = api.operation(rule.operation).effective_path
    headers = {"Authorization": f"Bearer {MOCK_TOKEN}"}
    broken = httpx.post(url + path, json=rule.example, headers=headers)
    assert broken.status_code == 400 and broken.headers.get(RULE_HEADER) == name, broken.text
    satisfied = satisfy_all(rule.example)
    assert satisfied != rule.example
    accepted = httpx.post(url + path, json=satisfied, headers=headers)
    assert accepted.status_code == 200, accepted.text


def test_the_suite_reads_the_mocks_rules() -> None:
    for rule in RULES.values():
        assert fix(rule.example, lambda value: True) == satisfy_all(rule.example)


def probe(runner: ContractRunner, op: Any, unruled: list[str], ruled: dict[str, int]) -> None:
    """Send `op`'s positive cases as generated (no rule applied); a 400 must name a rule,
    and the case with the rules applied must not be refused under that rule again."""

    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=runner.strategy(op, GenerationMode.POSITIVE))
    def send(case: Any) -> None:
        response = runner.sender.send(case)
        if response.status_code != 400:
            return
        name = header(response)
        if name not in RULES:
            text = response.content[:300].decode("utf-8", "replace")
            unruled.append(f"{op.key}: {json.dumps(case.body)[:300]} -> {text}")
            return
        ruled[name] = ruled.get(name, 0) + 1
        runner.semantic(op, case)
        again = runner.sender.send(case)
        assert again.status_code != 400 or header(again) != name, (op.key, name, case.body)

    hypothesis_seed(runner.op_seed(op, "semantics"))(send)()


def header(response: Any) -> str | None:
    value = response.headers.get(RULE_HEADER)
    return value[0] if isinstance(value, list) else value


def test_mock_rejects_schema_valid_requests_only_under_a_rule(api: Any, url: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runner = ContractRunner(api, RunOptions(url, api_key=MOCK_TOKEN, seed=19))
    unruled: list[str] = []
    ruled: dict[str, int] = {}
    for op in runner.prepared.operations.values():
        if op.request_body is not None and op.request_body.kind == "json":
            probe(runner, op, unruled, ruled)
    message = "the mock rejects schema-valid requests without a rule in togen.spec.request_rules:\n"
    assert unruled == [], message + "\n".join(unruled)
    assert ruled, "no generated case met a rule: the test would not notice a missing one"
