"""The reference pages under docs/reference/ are what `python -m togen.docs` writes from the
code (the CLI, the registries, the overlays): a change to the code without regenerating them
fails here, naming the command that regenerates them."""

from __future__ import annotations

from pathlib import Path

import pytest

from togen import docs

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"


def test_committed_reference_pages_are_current() -> None:
    assert docs.stale(REFERENCE) == [], "regenerate them: .venv/bin/python -m togen.docs docs/reference"


def test_every_generated_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text()
    assert all(f"reference/{name}" in nav for name in docs.PAGES)


def test_check_names_a_stale_page_and_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in docs.render().items():
        (tmp_path / name).write_text(text)
    (tmp_path / "drift-rules.md").write_text("hand-edited\n")
    assert docs.main([str(tmp_path), "--check"]) == 1
    fix = f"python -m togen.docs {tmp_path}"
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'drift-rules.md'}: stale (run: {fix})"
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main([str(tmp_path), "--check"]) == 0
    assert (tmp_path / "drift-rules.md").read_text() == docs.render()["drift-rules.md"]


def test_pages_are_drawn_from_the_registries() -> None:
    from togen.contract.checks import CHECKS
    from togen.drift.rules import RULES
    from togen.mock.engine.registry import BEHAVIOURS

    pages = docs.render()
    assert all(f"`{kind}`" in pages["drift-rules.md"] for _, kind in RULES)
    assert all(f"`{name}`" in pages["contract-checks.md"] for name in CHECKS.names())
    assert all(f"`{name}`" in pages["mock-behaviours.md"] for name in BEHAVIOURS)
    assert "## `togen generate`" in pages["cli.md"] and "`--fail-on`" in pages["cli.md"]
    assert "| 2 |" in pages["exit-codes.md"]
    assert "## `020-responses-api.yaml`" in pages["overlays.md"]
