"""The mock's 400 for a request that breaks one of the API's request rules
(`togen.spec.request_rules`): Together's error shape, naming the rule in `x-togen-rule` so the
contract suite can tell a rule's rejection from a mock bug."""

from __future__ import annotations

from togen.mock.engine.call import MockError
from togen.spec.request_rules import RULE_HEADER, RejectionRule


def reject(rule: RejectionRule, message: str, param: str, code: str = "invalid_request_error") -> MockError:
    """The 400 of `rule` about the body field at `param` (`messages/0/content`)."""
    return MockError(400, message, param=f"body/{param}", code=code, headers={RULE_HEADER: rule.name})
