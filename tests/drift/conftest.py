"""Fixtures of the drift tests (helpers live in drift_helpers.py)."""

from __future__ import annotations

from drift_helpers import drift, load_api

__all__ = ["drift", "load_api"]
