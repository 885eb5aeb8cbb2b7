"""In-memory state across calls, and the `togen mock` command as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from togen.loopback import free_port, wait_for_http

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
    process = subprocess.Popen(
        [sys.executable, "-m", "togen", "mock", "--port", str(port), "--api-key", "sekrit"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url, auth = f"http://127.0.0.1:{port}/v1/models", {"Authorization": "Bearer sekrit"}
        wait_for_http(url, timeout=20, process=process, headers=auth)  # the log's 200 line
        assert (
            httpx.get(f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": "Bearer x"}).status_code
            == 401
        )
        process.send_signal(sig)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
    log = process.stderr.read() if process.stderr else ""
    assert log.count('"GET /v1/models"') == 2
    assert '"GET /v1/models" 200' in log and '"GET /v1/models" 401' in log
