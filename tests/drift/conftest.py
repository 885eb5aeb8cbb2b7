"""Fixtures of the drift tests (helpers live in helpers.py)."""

from __future__ import annotations

from tests.drift.helpers import drift, load_api

__all__ = ["drift", "load_api"]
