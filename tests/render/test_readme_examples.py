"""The generated README's per-resource examples (`togen.render.client.readme_examples`) compile and run
against the mock server as written."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from togen.render.client import readme_examples
from togen.spec.pipeline import load_api_uncached

EXAMPLES = readme_examples(load_api_uncached())


def test_one_example_per_resource() -> None:
    resources = [e["resource"] for e in EXAMPLES]
    assert len(resources) == len(set(resources))
    assert {"chat.completions", "files", "models", "post_training.sessions", "videos"} <= set(resources)
    for example in EXAMPLES:
        compile(example["code"], example["method"], "exec")


@pytest.mark.parametrize(
    "example",
    EXAMPLES,
    ids=[e["method"] for e in EXAMPLES],
)
def test_example_runs_against_the_mock(
    example: dict[str, str], tc: ModuleType, mock_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.jsonl").write_text('{"text": "hi"}\n')
    client = tc.Together(base_url=mock_server, api_key=mock_server.api_key, max_retries=0)
    with client, contextlib.redirect_stdout(io.StringIO()):
        exec(example["code"], {"client": client})
