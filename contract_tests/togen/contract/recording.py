"""Failures into records: a schemathesis failure (or a probe's or sequence's message)
becomes a `FailureRecord` named after the registered check behind it, with the secret
scrubbed and, where the server's words explain it, the start of its answer."""

from __future__ import annotations

import re

import schemathesis
from schemathesis.core.failures import Failure

from togen.contract.checks import CHECKS
from togen.contract.results import FailureRecord, OperationResult
from togen.contract.sender import Sender

# schemathesis failure types whose check is not named on the failure itself.
FAILURE_CHECKS = {
    "ServerError": "not_a_server_error",
    "UndefinedContentType": "content_type_conformance",
    "MissingContentType": "content_type_conformance",
    "JsonSchemaError": "response_schema_conformance",
    "MalformedJson": "response_schema_conformance",
    "AcceptedNegativeData": "negative_data_rejection",
    "RejectedPositiveData": "positive_data_acceptance",
    "MissingHeaders": "response_headers_conformance",
    "JsonSchemaHeaderError": "response_headers_conformance",
}
CHECKS.require(FAILURE_CHECKS.values())
# Checks whose failure message gets the start of the server's answer.
EXPLAINED_BY_ANSWER = tuple(
    c.name
    for c in CHECKS.require(("positive_data_acceptance", "not_a_server_error", "status_code_conformance"))
)


def answer(response: schemathesis.Response, limit: int = 300) -> str:
    """The start of a response body, for failures where the server's words explain it."""
    text = response.content[:limit].decode("utf-8", "replace") if response.content else ""
    return text + ("..." if len(response.content or b"") > limit else "")


def failure_check(failure: Failure) -> str:
    """The name of the check behind a schemathesis failure."""
    checks = getattr(failure, "checks", ()) or ()
    if checks:
        return str(checks[0])
    name = type(failure).__name__
    if name == "CustomFailure":
        match = re.search(r"`([^`]+)`", failure.title or "")
        return match.group(1) if match else "custom"
    return FAILURE_CHECKS.get(name, name)


class Recorder:
    """Adds failures to an operation's result, scrubbed by the sender that sent the request."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    def failure(
        self, out: OperationResult, failure: Failure, status: int, curl: str, phase: str, answer: str = ""
    ) -> None:
        check = failure_check(failure)
        title = failure.title
        if type(failure).__name__ == "CustomFailure":
            title = (failure.message or title).splitlines()[0][:200]
        message = (failure.message or "")[:1500]
        if answer and check in EXPLAINED_BY_ANSWER:
            message += f"\nThe server answered: {answer}"
        scrub = self.sender.scrub
        out.add(FailureRecord(check, scrub(title), scrub(message), status, curl, phase))

    def message(
        self, out: OperationResult, check: str, message: str, status: int | None, curl: str, phase: str
    ) -> None:
        title = message.splitlines()[0] if message else check
        scrub = self.sender.scrub
        out.add(FailureRecord(check, scrub(title)[:200], scrub(message)[:1500], status, curl, phase))
