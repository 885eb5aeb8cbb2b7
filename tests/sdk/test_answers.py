"""togen.sdk.answers: which statuses a method that reads its answer itself goes on after, and
which headers it needs, found from the method's behaviour alone (here: made-up methods)."""

from __future__ import annotations

import httpx

from togen.sdk.answers import PROBE_URL, REDIRECTS, Run, probe_answers


def _presigned(statuses: set[int], extra_read: str | None = None) -> Run:
    """A method answered with (status, headers): it reads `Upload-Url` (which must be a URL)
    and `Upload-Id` (which must not), and `extra_read` (never needed); goes on only after
    `statuses`. Returns (went on, {lower-case name: name} read)."""

    def run(status: int, headers: dict[str, str]) -> tuple[bool, dict[str, str]]:
        read = {"upload-url": "Upload-Url", "upload-id": "Upload-Id"}
        if extra_read:
            read[extra_read.lower()] = extra_read
        if status not in statuses:
            return False, {}  # an unexpected status: raised before any header was read
        url = httpx.Headers(headers).get("upload-url", "")
        file_id = httpx.Headers(headers).get("upload-id", "")
        return url.startswith("http") and bool(file_id) and "/" not in file_id, read

    return run


def test_a_redirect_reader_gets_its_statuses_and_required_headers() -> None:
    answers = probe_answers(_presigned({302}, extra_read="X-Request-Id"))
    assert answers == {302: {"Upload-Id": True, "Upload-Url": True, "X-Request-Id": False}}


def test_the_success_status_is_kept_only_when_the_method_goes_on_after_it() -> None:
    assert set(probe_answers(_presigned({200, 307}))) == {200, 307}
    assert set(probe_answers(_presigned({308}))) == {308}


def test_a_method_that_never_goes_on_documents_nothing() -> None:
    assert probe_answers(_presigned(set())) == {}


def test_the_values_offered_are_a_token_or_a_url_under_the_probe_host() -> None:
    offered: list[dict[str, str]] = []
    inner = _presigned({301})

    def run(status: int, headers: dict[str, str]) -> tuple[bool, dict[str, str]]:
        if status == 301:
            offered.append(headers)
        return inner(status, headers)

    probe_answers(run)
    assert offered[0] == {}  # first without headers: what the method reads is what is offered
    values = {value for headers in offered[1:] for value in headers.values()}
    assert values <= {
        "togen-probe-upload-id",
        "togen-probe-upload-url",
        f"{PROBE_URL}/togen-probe-upload-id",
        f"{PROBE_URL}/togen-probe-upload-url",
    }
    assert {"togen-probe-upload-id", f"{PROBE_URL}/togen-probe-upload-url"} <= values
    assert {301, 302, 303, 307, 308} <= set(REDIRECTS)
