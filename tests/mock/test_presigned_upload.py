"""The together SDK's presigned upload (`POST /v1/files` 302 -> PUT -> preprocess) against a real
`togen mock --with-sdk` on loopback: the official SDK end to end, the steps out of order, a client
that follows the 302 itself, `--stateless`, and the public spec's upload left as it was."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import together

ROWS = [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}] * 2


@pytest.fixture(scope="module")
def sdk_mock(mock_server_factory: Any) -> Any:
    return mock_server_factory(with_sdk=True)


@pytest.fixture(scope="module")
def public_mock(mock_server_factory: Any) -> Any:
    """The public spec alone (`togen mock --no-sdk`; the default serves the SDK surface)."""
    return mock_server_factory(with_sdk=False)


@pytest.fixture
def http(sdk_mock: Any) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sdk_mock.api_key}"}
    with httpx.Client(base_url=str(sdk_mock), headers=headers) as client:
        yield client


@pytest.fixture
def train_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    return path


def start_upload(http: httpx.Client, name: str = "train.jsonl") -> httpx.Response:
    form = {"purpose": "fine-tune", "file_name": name, "file_type": "jsonl"}
    return http.post("/v1/files", files={k: (None, v) for k, v in form.items()})


def test_the_official_sdk_uploads_and_the_file_is_listed_retrieved_and_read(
    sdk_mock: Any, train_file: Path
) -> None:
    seen: list[str] = []
    hooks = {"response": [lambda r: seen.append(f"{r.request.method} {r.request.url.path} {r.status_code}")]}
    with httpx.Client(event_hooks=hooks) as recorded:
        tg = together.Together(
            api_key=sdk_mock.api_key, base_url=sdk_mock, http_client=recorded, max_retries=0
        )
        uploaded = tg.files.upload(file=train_file, purpose="fine-tune")
        assert [line.split()[0] + " " + line.split()[-1] for line in seen] == [
            "POST 302",
            "PUT 200",
            "POST 200",
        ]
        assert seen[1].split()[1] == f"/_mock/uploads/{uploaded.id}"
        assert seen[2].split()[1] == f"/v1/files/{uploaded.id}/preprocess"
        assert uploaded.filename == "train.jsonl"
        assert uploaded.bytes == train_file.stat().st_size
        assert uploaded.id in [f.id for f in tg.files.list().data]
        assert tg.files.retrieve(uploaded.id).bytes == train_file.stat().st_size
        assert tg.files.content(uploaded.id).read() == train_file.read_bytes()


def test_an_upload_is_not_a_file_before_it_is_confirmed(sdk_mock: Any, http: httpx.Client) -> None:
    started = start_upload(http, "pending.jsonl")
    file_id = started.headers["X-Together-File-Id"]
    assert started.status_code == 302
    assert started.headers["Location"] == f"{sdk_mock}/_mock/uploads/{file_id}"
    assert file_id not in [f["id"] for f in http.get("/v1/files").json()["data"]]
    assert http.put(started.headers["Location"], content=b'{"a": 1}\n').status_code == 200
    assert file_id not in [f["id"] for f in http.get("/v1/files").json()["data"]]
    confirmed = http.post(f"/v1/files/{file_id}/preprocess")
    assert confirmed.status_code == 200 and confirmed.json()["bytes"] == 9
    assert file_id in [f["id"] for f in http.get("/v1/files").json()["data"]]


def test_a_put_to_an_unknown_upload_is_a_404(http: httpx.Client) -> None:
    answer = http.put("/_mock/uploads/file-never-started", content=b"x")
    assert answer.status_code == 404
    assert "No upload 'file-never-started' was started here" in answer.json()["error"]["message"]


def test_steps_out_of_order_are_409s(http: httpx.Client) -> None:
    started = start_upload(http)
    file_id = started.headers["X-Together-File-Id"]
    early = http.post(f"/v1/files/{file_id}/preprocess")
    assert early.status_code == 409 and "has no bytes yet" in early.json()["error"]["message"]
    http.put(started.headers["Location"], content=b"{}\n")
    assert http.post(f"/v1/files/{file_id}/preprocess").status_code == 200
    again = http.post(f"/v1/files/{file_id}/preprocess")
    assert again.status_code == 409 and "already confirmed" in again.json()["error"]["message"]
    late = http.put(started.headers["Location"], content=b"other\n")
    assert late.status_code == 409
    assert http.get(f"/v1/files/{file_id}/content").content == b"{}\n"


def test_a_confirmation_needs_the_api_key_and_the_put_does_not(sdk_mock: Any, http: httpx.Client) -> None:
    started = start_upload(http)
    assert httpx.put(started.headers["Location"], content=b"{}\n").status_code == 200
    anonymous = httpx.post(f"{sdk_mock}/v1/files/{started.headers['X-Together-File-Id']}/preprocess")
    assert anonymous.status_code == 401


def test_a_client_that_follows_the_302_gets_the_upload_file_object(http: httpx.Client) -> None:
    form = {"purpose": "fine-tune", "file_name": "followed.jsonl", "file_type": "string"}
    answer = http.post("/v1/files", files={k: (None, v) for k, v in form.items()}, follow_redirects=True)
    assert answer.status_code == 200
    assert [r.status_code for r in answer.history] == [302]
    body = answer.json()
    assert body["id"] == answer.history[0].headers["X-Together-File-Id"]
    assert body["filename"] == "followed.jsonl" and body["FileType"] == "jsonl" and body["Processed"] is False


def test_stateless_answers_each_step_without_remembering(mock_server_factory: Any, train_file: Path) -> None:
    url = mock_server_factory(with_sdk=True, stateless=True)
    tg = together.Together(api_key=url.api_key, base_url=url, max_retries=0)
    uploaded = tg.files.upload(file=train_file, purpose="fine-tune")
    assert uploaded.id and uploaded.object == "file"
    assert httpx.put(f"{url}/_mock/uploads/file-never-started", content=b"x").status_code == 200
    assert not url.app.collections["/v1/files"].records


def test_without_the_sdk_surface_the_first_step_follows_the_public_upload_schema(
    public_mock: Any, sdk_mock: Any
) -> None:
    """With --no-sdk `POST /v1/files` is validated as the public upload is (purpose
    required); with the SDK surface, as the SDK's operation there (nothing required)."""
    headers = {"Authorization": f"Bearer {public_mock.api_key}"}
    public = httpx.post(f"{public_mock}/v1/files", headers=headers, files={"file_name": (None, "a.jsonl")})
    assert public.status_code == 400 and "'purpose' is a required property" in public.text
    merged = httpx.post(f"{sdk_mock}/v1/files", headers=headers, files={"file_name": (None, "a.jsonl")})
    assert merged.status_code == 302


def test_the_public_multipart_upload_is_unchanged(mock_server: Any) -> None:
    headers = {"Authorization": f"Bearer {mock_server.api_key}"}
    form = {"purpose": "fine-tune", "file_name": "public.jsonl"}
    answer = httpx.post(
        f"{mock_server}/v1/files/upload",
        headers=headers,
        data=form,
        files={"file": ("public.jsonl", b"{}\n")},
    )
    assert answer.status_code == 200
    file_id = answer.json()["id"]
    assert answer.json()["bytes"] == 3
    assert httpx.get(f"{mock_server}/v1/files/{file_id}/content", headers=headers).content == b"{}\n"


def test_the_openai_one_shot_upload_to_the_same_route_still_makes_a_file(sdk_mock: Any) -> None:
    oa = openai.OpenAI(api_key=sdk_mock.api_key, base_url=sdk_mock.v1, max_retries=0)
    created = oa.files.create(file=("data.jsonl", io.BytesIO(b'{"a": 1}\n')), purpose="fine-tune")
    assert created.bytes == 9 and created.filename == "data.jsonl"
    assert oa.files.content(created.id).read() == b'{"a": 1}\n'
