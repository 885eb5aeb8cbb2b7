"""The LICENSE file says what pyproject.toml declares (MIT), for the togen authors."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_license_file_matches_the_declared_license() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    text = (ROOT / "LICENSE").read_text()
    assert declared == "MIT" and text.startswith("MIT License\n")
    assert "Copyright (c) The togen authors" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
