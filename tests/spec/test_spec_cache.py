"""The spec cache: content-addressed JSON, same IR as a fresh load, pruned, can be turned off."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from togen.spec import cache
from togen.spec.pipeline import resolve_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "specs"
SHOP = FIXTURES / "shop_30.yaml"  # has a `$ref` into common.yaml


class _Spec:
    """A small self-contained spec (no `$ref` to another file)."""

    @staticmethod
    def read_bytes() -> bytes:
        from tests.drift.helpers import body_op, make_spec, obj

        spec = make_spec(
            body_op(request=obj({"a": {"type": "string"}}), response=obj({"r": {"type": "string"}}))
        )
        return json.dumps(spec, indent=1).encode()


SELF_CONTAINED = _Spec()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TOGEN_CACHE", raising=False)
    monkeypatch.delenv("TOGEN_MOCK_CACHE", raising=False)
    return tmp_path / "cache" / "specs"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_a_hit_gives_the_same_ir_as_a_fresh_load(cache_home: Path, tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_bytes(SELF_CONTAINED.read_bytes())
    fresh = resolve_spec(str(spec), verify_lock=False).api
    first = cache.load_api(str(spec), verify_lock=False)
    [entry] = _entries(cache_home)
    second = cache.load_api(str(spec), verify_lock=False)
    assert first == fresh and second == fresh
    data = json.loads(entry.read_text())  # plain JSON, never pickle
    assert data["format"] == cache.FORMAT and "paths" in data["document"]
    # content-addressed: the same bytes under another name are the same entry, named as given
    copy = tmp_path / "elsewhere.yaml"
    copy.write_bytes(spec.read_bytes())
    assert cache.load_api(str(copy), verify_lock=False).spec_name == str(copy)
    assert len(_entries(cache_home)) == 1
    # other bytes, or other overlays, are another entry
    spec.write_bytes(spec.read_bytes() + b"\n")
    cache.load_api(str(spec), verify_lock=False)
    cache.load_api(str(spec), verify_lock=False, overlays=[])
    assert len(_entries(cache_home)) == 3


def test_a_corrupt_or_foreign_entry_is_reloaded(cache_home: Path, tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_bytes(SELF_CONTAINED.read_bytes())
    fresh = cache.load_api(str(spec), verify_lock=False)
    [entry] = _entries(cache_home)
    entry.write_text("{not json")
    assert cache.load_api(str(spec), verify_lock=False) == fresh
    assert json.loads(entry.read_text())["format"] == cache.FORMAT  # rewritten
    entry.write_text(json.dumps({"format": cache.FORMAT, "key": "someone else's", "document": {}}))
    assert cache.load_api(str(spec), verify_lock=False) == fresh


@pytest.mark.parametrize("variable", ["TOGEN_CACHE", "TOGEN_MOCK_CACHE"])
def test_the_cache_can_be_turned_off(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "0")
    spec = tmp_path / "shop.yaml"
    spec.write_bytes(SELF_CONTAINED.read_bytes())
    assert cache.load_api(str(spec), verify_lock=False).operations
    assert _entries(cache_home) == []


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TOGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "togen" / "specs"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "togen" / "specs"


def test_prune_keeps_the_most_recently_used_and_only_touches_its_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    now = time.time()
    entries = []
    for index in range(5):
        path = folder / f"{index:040x}.json"
        path.write_text("x" * 100)
        os.utime(path, (now - 100 + index, now - 100 + index))  # index 4 is the newest
        entries.append(path)
    someone = folder / "notes.json"
    someone.write_text("mine")
    legacy = tmp_path / "mock-api-0123456789abcdef0123456789abcdef.pickle"  # the former mock cache
    legacy.write_bytes(b"never unpickled")
    other = tmp_path / "mock-api-notes.pickle"
    other.write_bytes(b"not ours")
    removed = cache.prune(folder, max_entries=3)
    assert sorted(removed) == sorted([*entries[:2], legacy])
    assert [p.exists() for p in entries] == [False, False, True, True, True]
    assert someone.exists() and other.exists() and not legacy.exists()
    cache.prune(folder, max_entries=10, max_bytes=150)  # size bound: only the newest fits
    assert [p.exists() for p in entries] == [False, False, False, False, True]


def test_the_mock_uses_the_spec_cache(cache_home: Path, tmp_path: Path) -> None:
    from togen.mock.server import load_api_cached

    spec = tmp_path / "shop.yaml"
    spec.write_bytes(SELF_CONTAINED.read_bytes())
    api = load_api_cached(str(spec), verify_lock=False)
    assert api.operations and len(_entries(cache_home)) == 1
    assert not list(cache_home.parent.glob("*.pickle"))


def test_a_spec_with_refs_to_other_files_is_not_cached(cache_home: Path, tmp_path: Path) -> None:
    spec, common = tmp_path / "shop.yaml", tmp_path / "common.yaml"
    spec.write_bytes(SHOP.read_bytes())
    common.write_bytes((FIXTURES / "common.yaml").read_bytes())
    first = cache.load_api(str(spec), verify_lock=False)
    assert first == resolve_spec(str(spec), verify_lock=False).api
    assert _entries(cache_home) == []  # a change to common.yaml alone must show


def test_findings_name_the_source_as_given_whichever_run_filled_the_cache(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bytes read under another name (here a relative path from another folder) name
    that source in their findings, as an uncached load does: reports must not depend on which
    earlier run filled the cache."""
    spec = tmp_path / "specs" / "api.yaml"
    spec.parent.mkdir()
    spec.write_bytes(SELF_CONTAINED.read_bytes())
    first = cache.load_api(str(spec), verify_lock=False)
    assert first.findings and all(f.file == str(spec) for f in first.findings)
    monkeypatch.chdir(spec.parent)
    from_cache = cache.load_api("api.yaml", verify_lock=False)
    fresh = resolve_spec("api.yaml", verify_lock=False).api
    assert [f.as_dict() for f in from_cache.findings] == [f.as_dict() for f in fresh.findings]
    assert all(f.file == "api.yaml" for f in from_cache.findings)
