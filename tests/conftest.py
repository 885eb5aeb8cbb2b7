"""Shared test helpers: paths to fixture specs and the real Together specs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "specs"
SHARED = ROOT.parent / "shared" / "together-openapi"
CURRENT_SPEC = SHARED / "openapi.yaml"
HISTORY = sorted((SHARED / "history").glob("*.yaml"))


@pytest.fixture
def fixture_spec() -> Path:
    return FIXTURES / "shop_30.yaml"
