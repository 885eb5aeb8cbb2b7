"""`togen release`: the next version of the generated client, and recording a release."""

from __future__ import annotations

import json

import click

from togen.cli.options import EXIT_FAILED, command, exit_with, text_or_json


@command("release")
@click.option("--record", is_flag=True, help="Append this version and its spec to spec/published.toml.")
@click.option("--check-tag", help="Exit 1 unless this git tag (v1.2.3 or 1.2.3) names the version.")
@click.option("--version-only", is_flag=True, help="Print only the version.")
@text_or_json
def release_command(record: bool, check_tag: str | None, version_only: bool, output_format: str) -> None:
    """The client version for the locked spec: spec/config.toml bumped by the drift against the
    last published spec (spec/published.toml)."""
    from togen.release.versions import STATE_FILE
    from togen.release.versions import plan as plan_release
    from togen.release.versions import record as record_release
    from togen.sdk.merge import load_surface

    # what `togen generate` generates by default: with the SDK surface spec/config.toml names
    release = plan_release(load_surface(None))
    if record:
        added = record_release(release)
        click.echo(
            f"recorded {release.version} in {STATE_FILE.name}"
            if added
            else f"{release.version} is recorded already in {STATE_FILE.name}",
            err=True,
        )
    if version_only:
        click.echo(release.version)
    elif output_format == "json":
        click.echo(json.dumps(release.as_dict(), indent=2))
    else:
        previous = release.previous
        against = f" against {previous.version} (spec {previous.spec_sha256[:12]})" if previous else ""
        bump = f"{release.semver} bump{against}: " if previous else ""
        click.echo(
            f"{release.version} ({release.kind}): {bump}{release.reason}"
            f"{' (recorded in spec/published.toml)' if release.recorded else ''}"
        )
    if check_tag is not None and check_tag.removeprefix("v") != release.version:
        click.echo(f"togen: error: tag {check_tag} does not name version {release.version}", err=True)
        exit_with(EXIT_FAILED)
