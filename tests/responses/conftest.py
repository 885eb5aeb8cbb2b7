"""Fixtures of the Responses API tests: the official openai SDK and the generated client,
both against the mock (`mock_server` from mock/pytest_plugin.py); constants live in
responses_helpers.py."""

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
