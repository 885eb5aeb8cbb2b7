"""Fixtures of the end-to-end tests: the official openai SDK against the mock
(`mock_server` from togen.mock.pytest_plugin); the Responses API constants live in
tests/responses_data.py."""

from __future__ import annotations

from typing import Any

import openai
import pytest


@pytest.fixture(scope="module")
def oa(mock_server: Any) -> openai.OpenAI:
    return openai.OpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)


@pytest.fixture(scope="module")
def oa_async(mock_server: Any) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key=mock_server.api_key, base_url=mock_server.v1, max_retries=0)
