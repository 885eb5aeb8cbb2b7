"""`togen spec fetch|show|relock`: the locked upstream spec, as CI and a fresh checkout need it."""

from __future__ import annotations

from pathlib import Path

import click

from togen.cli.options import command, group, help_when_bare


@group("spec", subcommand_metavar="COMMAND [ARGS]...")  # `togen spec` alone: a usage error
@click.pass_context
def spec_group(ctx: click.Context) -> None:
    """The locked upstream spec: fetch it, show the lock, relock."""
    help_when_bare(ctx)


@command("fetch")
@click.option(
    "--dest",
    type=click.Path(path_type=Path),
    help="Write here (default: the folder togen reads the locked spec from).",
)
@click.option(
    "--source",
    help="A folder with openapi.yaml and history/ to copy from (default: $TOGEN_SPEC_SOURCE, else upstream).",
)
@click.option("--history/--no-history", default=True, help="Also fetch the versions of spec/history.toml.")
def fetch_command(dest: Path | None, source: str | None, history: bool) -> None:
    """Fetch the locked spec (and its history) and check each file against its locked sha256."""
    from togen.spec.fetch import default_destination, fetch, source_from_environment

    where = dest or default_destination()
    written = fetch(where, source or source_from_environment(), history=history)
    click.echo(f"{where}: {len(written)} locked file(s) in place, sha256 checked", err=True)


@command("show")
def show_command() -> None:
    """Print spec/lock.toml's upstream entry as KEY=VALUE lines (append them to $GITHUB_OUTPUT)."""
    from togen.spec.fetch import upstream

    for key, value in upstream().items():
        click.echo(f"{key}={value}")


@command("relock")
@click.argument(
    "spec_file", type=click.Path(path_type=Path), help="The new upstream spec, downloaded already."
)
@click.argument("commit", help="The upstream commit it is at (40 hex digits).")
def relock_command(spec_file: Path, commit: str) -> None:
    """Point spec/lock.toml at a newer upstream commit: its commit, URL and the file's sha256."""
    from togen.release.versions import relock

    lock = relock(spec_file, commit)
    click.echo(f"spec/lock.toml: commit {lock.commit}, sha256 {lock.sha256}")


for subcommand in (fetch_command, show_command, relock_command):
    spec_group.add_command(subcommand)
