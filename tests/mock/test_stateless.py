"""`togen mock --stateless`: nothing remembered, every id exists, deletes change nothing (as
Prism), for suites written against a stateless mock; the stateful default stays. Driven by the
official `together` SDK against a real server on loopback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import together

DUMMY = "togen-dummy-id"


@pytest.fixture(scope="module")
def stateless(mock_server_factory: Any) -> together.Together:
    url = mock_server_factory(stateless=True)
    return together.Together(api_key=url.api_key, base_url=url, max_retries=0)


@pytest.fixture(scope="module")
def stateful(mock_server_factory: Any) -> together.Together:
    url = mock_server_factory()
    return together.Together(api_key=url.api_key, base_url=url, max_retries=0)


@pytest.mark.parametrize(
    ("delete", "retrieve"),
    [
        (lambda c: c.files.delete(DUMMY), lambda c: c.files.retrieve(DUMMY)),
        (lambda c: c.fine_tuning.delete(DUMMY), lambda c: c.fine_tuning.retrieve(DUMMY)),
        (lambda c: c.beta.jig.secrets.delete(DUMMY), lambda c: c.beta.jig.secrets.retrieve(DUMMY)),
    ],
    ids=["files", "fine_tuning", "beta.jig.secrets"],
)
def test_delete_then_retrieve_a_dummy_id(
    delete: Any, retrieve: Any, stateless: together.Together, stateful: together.Together
) -> None:
    """The official SDK's tests delete one dummy id and then retrieve it."""
    delete(stateless)
    found = retrieve(stateless.with_raw_response)
    assert found.status_code == 200
    assert found.parse().id == DUMMY
    delete(stateful)
    with pytest.raises(together.NotFoundError):
        retrieve(stateful)


def test_nothing_created_is_remembered(stateless: together.Together, stateful: together.Together) -> None:
    for client, remembers in ((stateless, False), (stateful, True)):
        created = client.beta.jig.secrets.create(name="remember-me", value="v")
        assert created.name == "remember-me"  # the answer still echoes the request
        again = client.beta.jig.secrets.retrieve(created.id)
        assert again.id == created.id  # every id exists
        assert (again.name == "remember-me") is remembers
        listed = [s.id for s in client.beta.jig.secrets.list().data]
        assert (created.id in listed) is remembers


def test_an_update_is_answered_and_forgotten(stateless: together.Together) -> None:
    updated = stateless.beta.jig.secrets.update(DUMMY, description="changed")
    assert updated.description == "changed"
    assert stateless.beta.jig.secrets.retrieve(DUMMY).description != "changed"


def test_same_id_same_record_and_lists_end(stateless: together.Together) -> None:
    first = stateless.files.retrieve("file-stable")
    assert stateless.files.retrieve("file-stable").model_dump() == first.model_dump()
    files = list(stateless.files.list().data)
    assert len(files) == 1  # one synthesized item, no next page


def test_the_sdk_upload_flow_works_without_memory(stateless: together.Together, tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text('{"text": "hello"}\n')
    uploaded = stateless.files.upload(data, purpose="fine-tune")
    assert uploaded.id and uploaded.filename
    assert stateless.files.retrieve(uploaded.id).id == uploaded.id


def test_stateless_and_strict_ids_together_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "togen", "mock", "--stateless", "--strict-ids", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--stateless" in done.stderr
