"""`togen release`: the next version of the generated client, and recording a release."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from togen.cli_options import TextOrJson


def release_command(
    record: Annotated[
        bool,
        typer.Option("--record", help="Append this version and its spec to spec/published.toml."),
    ] = False,
    check_tag: Annotated[
        str | None,
        typer.Option("--check-tag", help="Exit 1 unless this git tag (v1.2.3 or 1.2.3) names the version."),
    ] = None,
    version_only: Annotated[bool, typer.Option("--version-only", help="Print only the version.")] = False,
    fmt: TextOrJson = "text",
) -> None:
    """The client version for the locked spec: spec/config.toml bumped by the drift against the
    last published spec (spec/published.toml)."""
    from togen.release.versions import STATE_FILE
    from togen.release.versions import plan as plan_release
    from togen.release.versions import record as record_release
    from togen.spec.pipeline import load_api_uncached

    release = plan_release(load_api_uncached(None))
    if record:
        added = record_release(release)
        typer.echo(
            f"recorded {release.version} in {STATE_FILE.name}"
            if added
            else f"{release.version} is recorded already in {STATE_FILE.name}",
            err=True,
        )
    if version_only:
        typer.echo(release.version)
    elif fmt == "json":
        typer.echo(json.dumps(release.as_dict(), indent=2))
    else:
        previous = release.previous
        against = f" against {previous.version} (spec {previous.spec_sha256[:12]})" if previous else ""
        bump = f"{release.semver} bump{against}: " if previous else ""
        typer.echo(
            f"{release.version} ({release.kind}): {bump}{release.reason}"
            f"{' (recorded in spec/published.toml)' if release.recorded else ''}"
        )
    if check_tag is not None and check_tag.removeprefix("v") != release.version:
        typer.echo(f"togen: error: tag {check_tag} does not name version {release.version}", err=True)
        raise typer.Exit(1)
