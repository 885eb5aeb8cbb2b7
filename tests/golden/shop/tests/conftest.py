"""Where the tests of `together_client` send their requests (generated; do not edit).

`TEST_API_BASE_URL` names a running mock (`togen mock --port 4010`); without it, togen's pytest
plugin (installed with togen) starts one `togen mock` for the session; else `http://127.0.0.1:4010`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The checkout's package, also when an installed one is on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest) -> str:
    url = os.environ.get("TEST_API_BASE_URL")
    if url:
        return url
    try:
        return str(request.getfixturevalue("mock_server"))
    except pytest.FixtureLookupError:
        return "http://127.0.0.1:4010"


@pytest.fixture(params=["asyncio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
