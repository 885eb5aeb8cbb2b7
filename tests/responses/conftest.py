"""Fixtures of the Responses API tests: the official openai SDK and the generated client,
both against the mock (`mock_server` from mock/pytest_plugin.py); constants live in
responses_helpers.py."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import openai
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "together_client"


@pytest.fixture(scope="module")
def oa(mock_server: Any) -> openai.OpenAI:
    return openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


@pytest.fixture(scope="module")
def oa_async(mock_server: Any) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


def _generated_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`generated/src` when `togen generate` (run by `make test`) made it, else a fresh render."""
    built = ROOT / "generated" / "src"
    if (built / PACKAGE / "resources" / "responses.py").is_file():
        return built
    from generator.generate import render_package, write_tree
    from generator.pipeline import load_api

    root = tmp_path_factory.mktemp("generated-responses")
    write_tree(render_package(load_api(), "test"), root)
    return root / "src"


@pytest.fixture(scope="session")
def tc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated `together_client` package (other imports of it are set aside meanwhile)."""
    src = _generated_src(tmp_path_factory)
    saved = {n: m for n, m in sys.modules.items() if n == PACKAGE or n.startswith(PACKAGE + ".")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(src))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)
