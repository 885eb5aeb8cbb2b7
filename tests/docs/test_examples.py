"""Every command example of README.md and docs/ runs as written (tests/docs/examples.py says
how a page is read), and the reading itself is checked: the matcher refuses what differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.examples import ROOT, Session, blocks, matches, pages, problems

PAGES = pages()


def test_the_manual_has_pages() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"README.md", "docs/index.md", "docs/recipes/client.md", "docs/recipes/mock.md"} <= names


def test_readme_is_short_starts_with_the_two_commands_and_links_every_recipe() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    commands = [c.text for b in blocks(readme) if b.language == "console" for c in b.commands()]
    assert commands[:2] == ["make generate", "make test"]
    recipes = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "recipes").glob("*.md"))
    assert recipes and all(f"]({recipe})" in readme for recipe in recipes)
    assert "/work/" not in readme and not any("/work/" in p.read_text() for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_examples_are_runnable_as_written(page: Path) -> None:
    """No shell block that nothing runs, no python snippet that is no file, no skip without
    a reason."""
    assert problems(page.relative_to(ROOT).as_posix(), page.read_text()) == []


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if any(b.language == "console" and b.skip is None for b in blocks(p.read_text()))],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_page_examples_run(page: Path, tmp_path: Path) -> None:
    Session(page.relative_to(ROOT).as_posix(), page.read_text(), tmp_path).run_page()


def test_matcher() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "b"], ["a", "b"])
    assert matches(["x … z"], ["x y y z"])
    assert matches(["built in 0.20s"], ["built in 13.5s"])
    assert matches(["2026-11-23 12:07:52,905 log"], ["2027-01-01 00:00:00,001 log"])
    assert not matches(["a", "b"], ["a", "c"])
    assert not matches(["a"], ["a", "extra"])
    assert not matches(["a …"], ["b a"])
    assert not matches(["wrote 123 files"], ["wrote 124 files"])


def test_reading_a_page(tmp_path: Path) -> None:
    text = (
        "intro\n\n<!-- file: hello.py -->\n```python\nprint('hi from', 4010)\n```\n\n"
        "```console\n$ python3 hello.py\nhi from 4010\n$ echo one \\\n  two\none two\n```\n\n"
        "<!-- skip: needs the live API -->\n```console\n$ false\n```\n"
    )
    found = blocks(text)
    assert [(b.language, b.file, b.skip) for b in found] == [
        ("python", "hello.py", None),
        ("console", None, None),
        ("console", None, "needs the live API"),
    ]
    commands = found[1].commands()
    assert [(c.text, c.output) for c in commands] == [
        ("python3 hello.py", ["hi from 4010"]),
        ("echo one \\\n  two", ["one two"]),
    ]
    assert problems("p.md", text) == []
    Session("p.md", text, tmp_path).run_page()  # the skipped `false` is not run
    wrong = text.replace("hi from 4010\n$", "hi from 4011\n$")
    with pytest.raises(AssertionError, match="the page shows"):
        Session("p.md", wrong, tmp_path / "again").run_page()
    assert problems("p.md", "```sh\nmake generate\n```\n") == [
        "p.md:1: a sh block: write commands as a console block (`$ cmd`)"
    ]
    assert problems("p.md", "```python\nprint(1)\n```\n") == [
        "p.md:1: a python block must be a file an example runs (<!-- file: NAME -->)"
    ]
