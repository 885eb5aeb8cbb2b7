"""Whether a run merges the SDK's surface (togen.sdk.setting): `--with-sdk`, `--no-sdk`, or,
with neither, spec/config.toml's `[sources] sdk` for the locked spec and nothing for any other.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CURRENT_SPEC, FIXTURES
from togen import cli
from togen.core.errors import SpecError
from togen.render.stamp import stamp_digest
from togen.sdk import setting
from togen.sdk.merge import load_surface
from togen.sdk.setting import configured_package, locked_sha256, resolve_sdk, sdk_identity, sdk_package

OTHER_SHA = hashlib.sha256(b"another spec").hexdigest()


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_this_projects_config_merges_the_together_sdk() -> None:
    assert configured_package() == "together"


@pytest.mark.parametrize(
    ("config", "with_sdk", "locked", "expected"),
    [
        ('[sources]\nsdk = "together"\n', None, True, "together"),  # the config decides: on
        ('[sources]\nsdk = "together"\n', None, False, None),  # another spec: alone
        ('[sources]\nsdk = "together"\n', False, True, None),  # --no-sdk wins
        ('[sources]\nsdk = "together"\n', True, False, "together"),  # --with-sdk: any spec
        ('[sources]\nsdk = "acme_sdk"\n', True, False, "acme_sdk"),  # the configured package
        ("[package]\n", None, True, None),  # no setting: the spec alone, as before
        ("[package]\n", True, True, "together"),  # --with-sdk without a setting: together
    ],
)
def test_the_flag_decides_else_the_config_for_the_locked_spec_only(
    tmp_path: Path, config: str, with_sdk: bool | None, locked: bool, expected: str | None
) -> None:
    sha = locked_sha256() if locked else OTHER_SHA
    assert sdk_package(sha, with_sdk, _config(tmp_path, config)) == expected


def test_a_configured_sdk_that_is_not_installed_leaves_the_spec_alone_and_says_so(tmp_path: Path) -> None:
    """An installed togen without the official SDK still serves and generates the locked spec;
    an explicit --with-sdk asks for the SDK and fails on its absence (sdk:PACKAGE's error)."""
    config = _config(tmp_path, '[sources]\nsdk = "togen_no_such_sdk"\n')
    package, warning = resolve_sdk(locked_sha256(), None, config)
    assert package is None
    assert warning == f"{config} [sources] sdk: 'togen_no_such_sdk' is not installed: " + (
        "the spec alone (--no-sdk silences this)"
    )
    assert resolve_sdk(locked_sha256(), True, config) == ("togen_no_such_sdk", "")
    assert resolve_sdk(locked_sha256(), False, config) == (None, "")


def test_the_not_installed_warning_reaches_the_terminal_with_its_brackets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[sources]` in a warning is text: printed as rich markup it vanished ("config.toml  sdk")."""
    config = _config(tmp_path, '[sources]\nsdk = "togen_no_such_sdk"\n')
    monkeypatch.setattr(setting, "config_file", lambda: config)  # togen's own lookup, not a library's
    result = CliRunner().invoke(
        cli.app, ["generate", "--spec", str(CURRENT_SPEC), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert f"warning: {config} [sources] sdk: 'togen_no_such_sdk' is not installed" in result.output


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[sources]\nsdk = true\n", "[sources] sdk"),
        ('[sources]\nsdk = "together-sdk"\n', "[sources] sdk"),
        ('[sources]\nsdk = ""\n', "[sources] sdk"),
        ('[sources]\nskd = "together"\n', "[sources] skd"),
        ('sources = "together"\n', "[sources]"),
    ],
)
def test_a_wrong_value_names_the_file_and_the_key(tmp_path: Path, text: str, where: str) -> None:
    path = _config(tmp_path, text)
    with pytest.raises(SpecError) as raised:
        sdk_package(OTHER_SHA, None, path)
    message = str(raised.value)
    assert message.startswith(f"{path}:{where}: ") and "\n" not in message


def test_a_wrong_value_is_one_line_and_exit_2_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _config(tmp_path, '[sources]\nsdk = ["together"]\n')
    monkeypatch.setattr(setting, "config_file", lambda: bad)  # togen's own lookup, not a library's
    for args in (["generate", "--out", str(tmp_path / "out")], ["mock", "--port", "0", "-q"]):
        result = CliRunner().invoke(cli.app, args)
        assert result.exit_code == 2, result.output
        assert result.output == f"togen: error: {bad}:[sources] sdk: expected the import name of an " + (
            "installed SDK, e.g. 'together'; got ['together']\n"
        )
    assert not (tmp_path / "out").exists()


def test_the_locked_spec_gets_the_surface_wherever_it_is_read_from_and_a_fixture_never() -> None:
    together = f"sdk:together {importlib.metadata.version('together')}"
    assert load_surface(None).spec_name.endswith(f" + {together}")
    merged = load_surface(str(CURRENT_SPEC))
    assert merged.spec_name == f"{CURRENT_SPEC} + {together}"
    assert merged.source_summary == f"spec sha256 {locked_sha256()[:12]} + {together}"
    assert load_surface(str(CURRENT_SPEC), with_sdk=False).spec_name == str(CURRENT_SPEC)
    assert load_surface(str(FIXTURES / "shop_30.yaml")).spec_name == str(FIXTURES / "shop_30.yaml")


def test_the_stamp_names_the_installed_sdk_by_its_version_not_its_document() -> None:
    identity = sdk_identity("together")
    assert f"sdk:together=={importlib.metadata.version('together')}" in identity
    assert f"pydantic=={importlib.metadata.version('pydantic')}" in identity
    assert f"httpx=={importlib.metadata.version('httpx')}" in identity
    assert stamp_digest(b"spec", "together") != stamp_digest(b"spec", None)
