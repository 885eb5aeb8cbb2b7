from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import CURRENT_SPEC, FIXTURES
from togen.core.errors import SpecError
from togen.spec import loader
from togen.spec.loader import load_spec, resolve_source


def test_source_order_argument_then_environment_then_locked_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOGEN_SPEC", "/from/env.yaml")
    assert resolve_source("/given.yaml") == ("/given.yaml", "argument")
    assert resolve_source(None) == ("/from/env.yaml", "environment")
    monkeypatch.delenv("TOGEN_SPEC")
    assert resolve_source(None) == (str(loader.SHARED_SPEC), "locked-file")


def test_falls_back_to_locked_url_without_shared_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TOGEN_SPEC", raising=False)
    monkeypatch.setattr(loader, "SHARED_SPEC", tmp_path / "missing.yaml")
    name, origin = resolve_source(None)
    assert origin == "locked-url"
    assert name.startswith("https://") and "090263aa" in name


def test_locked_file_is_verified_against_lock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TOGEN_SPEC", raising=False)
    spec = tmp_path / "openapi.yaml"
    spec.write_bytes((FIXTURES / "shop_30.yaml").read_bytes())
    (tmp_path / "common.yaml").write_bytes((FIXTURES / "common.yaml").read_bytes())
    lock = tmp_path / "lock.toml"
    good = hashlib.sha256(spec.read_bytes()).hexdigest()
    lock.write_text(
        f'[upstream]\nurl = "https://example.invalid/x.yaml"\ncommit = "abc"\nsha256 = "{good}"\n'
    )
    monkeypatch.setattr(loader, "SHARED_SPEC", spec)
    monkeypatch.setattr(loader, "LOCK_FILE", lock)
    assert load_spec().origin == "locked-file"
    spec.write_bytes(spec.read_bytes() + b"\n# changed\n")
    with pytest.raises(SpecError, match="does not match spec/lock.toml") as info:
        load_spec()
    assert str(spec) in str(info.value)


def test_explicit_spec_is_used_as_given_and_hashed() -> None:
    loaded = load_spec(str(FIXTURES / "shop_30.yaml"))
    assert loaded.origin == "argument"
    assert loaded.sha256 == hashlib.sha256((FIXTURES / "shop_30.yaml").read_bytes()).hexdigest()


def test_current_spec_matches_lock() -> None:
    loaded = load_spec(str(CURRENT_SPEC))
    assert loaded.sha256 == loader.SpecLock.read().sha256


def test_relative_file_refs_are_bundled() -> None:
    document = load_spec(str(FIXTURES / "shop_30.yaml")).document
    error = document["paths"]["/items"]["post"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert "$ref" not in error
    assert error["properties"]["error"]["properties"]["message"] == {"type": "string"}


def test_timestamps_stay_strings() -> None:
    document = load_spec(str(FIXTURES / "shop_30.yaml")).document
    assert (
        document["components"]["schemas"]["Item"]["properties"]["created"]["example"]
        == "2024-01-01T00:00:00Z"
    )


def test_json_specs_load(tmp_path: Path) -> None:
    spec = tmp_path / "s.json"
    spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}')
    assert load_spec(str(spec)).document["openapi"] == "3.1.0"
    spec.write_text('{"openapi": "3.1.0",\n "info": }')
    with pytest.raises(SpecError, match=r"s\.json:2:10: invalid JSON"):
        load_spec(str(spec))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("invalid_yaml.yaml", r"invalid_yaml\.yaml:9:9: invalid YAML"),
        ("empty.yaml", r"empty\.yaml: the file is empty"),
    ],
)
def test_unparsable_input_names_file_and_position(name: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        load_spec(str(FIXTURES / name))


def test_missing_file_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="No such file"):
        load_spec("/nonexistent/spec.yaml")


def test_lines_of_pointers() -> None:
    loaded = load_spec(str(FIXTURES / "shop_30.yaml"))
    lines = loaded.lines_of(["/paths/~1items/get", "/components/schemas/Item/properties/price"])
    text = (FIXTURES / "shop_30.yaml").read_text().splitlines()
    assert text[lines["/paths/~1items/get"] - 1].strip() == "get:"
    assert text[lines["/components/schemas/Item/properties/price"] - 1].strip().startswith("price:")


def test_spec_errors_survive_pickling() -> None:
    """They cross from the model-rendering process to the parent intact."""
    import pickle

    error = SpecError("spec.yaml", "/components/schemas", "model generation failed", code="models")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.where, copy.message, copy.code, str(copy)) == (
        error.file,
        error.where,
        error.message,
        error.code,
        str(error),
    )


def _spec_referencing(tmp_path: Path, ref: str) -> Path:
    spec = tmp_path / "main.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{ref}'}}\n"
    )
    return spec


POINTER = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"


def test_a_missing_ref_file_is_named_with_the_file_and_pointer_that_reference_it(tmp_path: Path) -> None:
    spec = _spec_referencing(tmp_path, "schemas/thing.yaml#/Thing")
    with pytest.raises(SpecError) as info:
        load_spec(str(spec))
    assert info.value.file == str(spec) and info.value.where == POINTER
    assert "'schemas/thing.yaml#/Thing'" in str(info.value)
    assert f"{tmp_path / 'schemas' / 'thing.yaml'}: No such file or directory" in str(info.value)


def test_a_missing_target_in_a_ref_file_is_named_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "thing.yaml").write_text("Other: {type: object}\n")
    (tmp_path / "schemas" / "chain.yaml").write_text("Chain: {$ref: 'thing.yaml#/Thing'}\n")
    spec = _spec_referencing(tmp_path, "schemas/chain.yaml#/Chain")
    with pytest.raises(SpecError) as info:
        load_spec(str(spec))
    # The `$ref` that leads nowhere is the second one, in chain.yaml.
    assert info.value.file == str(tmp_path / "schemas" / "chain.yaml") and info.value.where == "/Chain/$ref"
    assert f"/Thing does not exist in {tmp_path / 'schemas' / 'thing.yaml'}" in str(info.value)
