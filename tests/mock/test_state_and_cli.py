"""In-memory state across calls, and the `togen mock` command as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from togen.core.loopback import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def http(mock_server):
    with httpx.Client(base_url=mock_server, headers={"Authorization": "Bearer k"}) as client:
        yield client


def test_fine_tune_lifecycle(http):
    created = http.post(
        "/v1/fine-tunes", json={"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "training_file": "file-1"}
    )
    assert created.status_code == 200
    job = created.json()
    assert job["id"].startswith("ft-")
    again = http.get(f"/v1/fine-tunes/{job['id']}").json()
    assert again["model"] == "meta-llama/Llama-3.3-70B-Instruct-Turbo"
    assert again["training_file"] == "file-1"
    assert job["id"] in [j["id"] for j in http.get("/v1/fine-tunes").json()["data"]]
    cancelled = http.post(f"/v1/fine-tunes/{job['id']}/cancel").json()
    assert cancelled["status"].startswith("cancel")
    assert http.get(f"/v1/fine-tunes/{job['id']}").json()["status"] == cancelled["status"]
    assert http.delete(f"/v1/fine-tunes/{job['id']}").status_code == 200
    assert http.get(f"/v1/fine-tunes/{job['id']}").status_code == 404


def test_endpoint_update_and_delete(http):
    created = http.post(
        "/v1/endpoints",
        json={
            "model": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
            "hardware": "1x_nvidia_h100_80gb_sxm",
            "autoscaling": {"min_replicas": 1, "max_replicas": 2},
        },
    )
    assert created.status_code == 200, created.text
    endpoint_id = created.json()["id"]
    updated = http.patch(f"/v1/endpoints/{endpoint_id}", json={"display_name": "renamed"})
    assert updated.status_code == 200
    assert updated.json()["display_name"] == "renamed"
    assert http.delete(f"/v1/endpoints/{endpoint_id}").status_code == 204
    assert http.get(f"/v1/endpoints/{endpoint_id}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/batches/batch-abc"),
        ("GET", "/v1/fine-tunes/ft-never-created"),
        ("GET", "/v1/fine-tunes/ft-never-created/events"),
        ("POST", "/v1/fine-tunes/ft-other/cancel"),
        ("PATCH", "/v1/deployments/secrets/x"),
        ("GET", "/v1/endpoints/endpoint-xyz"),
    ],
)
def test_ids_never_created_answer_as_if_they_existed(http, method, path):
    body = {} if method in ("POST", "PATCH") else None
    first = http.request(method, path, json=body)
    assert first.status_code < 300, first.text
    again = http.request("GET" if method == "GET" else method, path, json=body)
    assert again.content == first.content or method != "GET"  # stable per id and seed


def test_unknown_id_echoes_the_id_and_is_stable_per_seed(http, mock_server_factory):
    one = http.get("/v1/fine-tunes/ft-abc").json()
    assert one["id"] == "ft-abc"
    assert http.get("/v1/fine-tunes/ft-abd").json()["id"] == "ft-abd"
    other_server = mock_server_factory()
    with httpx.Client(base_url=other_server, headers={"Authorization": "Bearer k"}) as fresh:
        assert fresh.get("/v1/fine-tunes/ft-abc").json() == one


def test_unknown_id_then_deleted_is_404(http):
    assert http.get("/v1/endpoints/endpoint-gone").status_code == 200
    assert http.delete("/v1/endpoints/endpoint-gone").status_code == 204
    assert http.get("/v1/endpoints/endpoint-gone").status_code == 404


def test_strict_ids_keep_404_for_ids_never_created(mock_server_factory):
    url = mock_server_factory(strict_ids=True)
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer k"}) as strict:
        assert strict.get("/v1/batches/batch-abc").status_code == 404
        assert strict.get("/v1/fine-tunes/ft-abc").status_code == 404
        job = strict.post("/v1/fine-tunes", json={"model": "m/x", "training_file": "file-1"}).json()
        assert strict.get(f"/v1/fine-tunes/{job['id']}").status_code == 200
        assert strict.delete(f"/v1/fine-tunes/{job['id']}").status_code == 200
        assert strict.get(f"/v1/fine-tunes/{job['id']}").status_code == 404
        session = "/v1/rl/training-sessions/s-1/operations/sample/op-1"
        assert strict.get(session).status_code == 404


def test_rl_operations_have_their_own_ids_and_advance(http):
    session = http.post(
        "/v1/rl/training-sessions", json={"base_model": "meta-llama/Meta-Llama-3-8B-Instruct"}
    )
    assert session.status_code == 200, session.text
    sid = session.json()["id"]
    assert session.json()["status"].endswith("_RUNNING")
    base = f"/v1/rl/training-sessions/{sid}/operations"
    for kind in ("inference-checkpoint", "training-checkpoint"):
        started = http.post(f"{base}/{kind}", json={})
        assert started.status_code == 200, started.text
        op = started.json()
        assert op["id"] != sid and op["status"].endswith("_PENDING")
        seen = [http.get(f"{base}/{kind}/{op['id']}").json() for _ in range(3)]
        assert [s["status"].rsplit("_", 1)[-1] for s in seen] == ["RUNNING", "COMPLETED", "COMPLETED"]
        assert all(s["id"] == op["id"] for s in seen) and "output" in seen[-1]
        assert http.get(f"/v1/rl/training-sessions/other/operations/{kind}/{op['id']}").status_code == 404
    stopped = http.post(f"/v1/rl/training-sessions/{sid}/stop").json()
    assert stopped["status"].endswith("_STOPPED")
    assert http.get(f"/v1/rl/training-sessions/{sid}").json()["status"] == stopped["status"]
    assert http.post("/v1/rl/training-sessions/never-created/stop").json()["status"].endswith("_STOPPED")


def test_batch_wrapped_create(http):
    created = http.post("/v1/batches", json={"endpoint": "/v1/chat/completions", "input_file_id": "file-9"})
    assert created.status_code == 201, created.text
    job = created.json()["job"]
    assert http.get(f"/v1/batches/{job['id']}").json()["input_file_id"] == "file-9"


def test_responses_echo_model(http):
    for path, body in [
        ("/v1/chat/completions", {"model": "x/y", "messages": [{"role": "user", "content": "hi"}]}),
        ("/v1/embeddings", {"model": "x/y", "input": "hi"}),
        ("/v1/images/generations", {"model": "x/y", "prompt": "hi"}),
    ]:
        assert http.post(path, json=body).json()["model"] == "x/y"


def test_same_seed_same_answers(mock_server_factory):
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    answers = []
    for seed in (1, 1, 2):
        url = mock_server_factory(seed=seed)
        with httpx.Client(base_url=url, headers={"Authorization": "Bearer k"}) as client:
            answers.append(
                (client.post("/v1/chat/completions", json=body).json(), client.get("/v1/jobs").json())
            )
    assert answers[0] == answers[1]
    assert answers[0] != answers[2]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_serves_logs_and_stops_cleanly(sig):
    port = free_port()
    strict = sig == signal.SIGTERM  # one run with --strict-ids, one without
    process = subprocess.Popen(
        [sys.executable, "-m", "togen", "mock", "--port", str(port), "--api-key", "sekrit"]
        + (["--strict-ids"] if strict else []),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url, auth = f"http://127.0.0.1:{port}/v1/models", {"Authorization": "Bearer sekrit"}
        # The log's 200 line; a start-up hang detector (seconds, many more on a busy machine).
        wait_for_http(url, timeout=120, process=process, headers=auth)
        assert (
            httpx.get(f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": "Bearer x"}).status_code
            == 401
        )
        never_created = httpx.get(f"http://127.0.0.1:{port}/v1/fine-tunes/ft-never", headers=auth)
        assert never_created.status_code == (404 if strict else 200)
        process.send_signal(sig)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    log = process.stderr.read() if process.stderr else ""
    assert log.count('"GET /v1/models"') == 2
    assert '"GET /v1/models" 200' in log and '"GET /v1/models" 401' in log
