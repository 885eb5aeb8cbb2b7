"""`togen`, the root command group: it finds each command's module when the command is used,
and turns errors into one line and an exit code.

Exit codes: 0 success; 1 a check failed (stale output, contract failures, drift at
or above --fail-on); 2 bad input or usage (one line naming the file and pointer or
line:col, never a traceback); 3 an internal error (the one-line message, and a
traceback only with TOGEN_DEBUG=1).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from togen.cli.interrupt import exit_130_on_interrupt
from togen.cli.options import EXIT_BAD_INPUT, EXIT_INTERNAL, help_when_bare
from togen.core.errors import SpecError, is_interrupt

# One module per command (module:attribute), imported when the command runs (or `--help`
# lists it); in this order in `togen --help`.
COMMANDS = {
    "generate": "togen.cli.commands.generate:generate_command",
    "validate": "togen.cli.commands.validate:validate_command",
    "mock": "togen.cli.commands.mock:mock_command",
    "drift": "togen.cli.commands.drift:drift_command",
    "release": "togen.cli.commands.release:release_command",
    "sdk-spec": "togen.cli.commands.sdk_spec:sdk_spec_command",
    "contract": "togen.cli.commands.contract:contract_group",
    "spec": "togen.cli.commands.spec:spec_group",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("togen")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


class Togen(click.Group):
    """The root group: commands load on use; SpecError and unexpected errors become one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, _, name = where.partition(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SpecError as exc:
            _fail(ctx, str(exc), EXIT_BAD_INPUT)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # usage errors are main()'s; BrokenPipeError: the reader went away (`| head`)
        except Exception as exc:
            if os.environ.get("TOGEN_DEBUG") or is_interrupt(exc):
                raise  # an error Ctrl-C caused ends as Ctrl-C does (togen.cli.interrupt)
            message = f"internal error: {type(exc).__name__}: {exc} (TOGEN_DEBUG=1 shows the traceback)"
            _fail(ctx, message, EXIT_INTERNAL)


def _fail(ctx: click.Context, message: str, code: int) -> NoReturn:
    click.echo(f"togen: error: {message}", err=True)
    ctx.exit(code)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"togen {_version()}")
        ctx.exit()


@click.group(
    "togen",
    cls=Togen,
    invoke_without_command=True,
    subcommand_metavar="COMMAND [ARGS]...",  # one is needed: `togen` alone is a usage error
    context_settings={"show_default": True},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print togen's version and exit.",
)
@click.pass_context
def app(ctx: click.Context) -> None:
    """Together API toolkit: generate the client, run the mock, contract-test, report drift."""
    help_when_bare(ctx)


def run(args: Sequence[str]) -> int:
    """Run `togen ARGS`; the exit code."""
    try:
        code = app.main(list(args), prog_name="togen", standalone_mode=False)
    except click.ClickException as exc:
        # Usage errors (unknown option, bad --format, --port out of range, --fault-rate 2, a taken
        # port): one line and exit 2, like every other bad input; `--help` shows the options.
        hint = f" (see `{_command_path(exc, args)} --help`)" if isinstance(exc, click.UsageError) else ""
        click.echo(f"togen: error: {exc.format_message()}{hint}", err=True)
        return exc.exit_code
    except click.Abort as exc:
        if is_interrupt(exc):  # click turns Ctrl-C into Abort (from the KeyboardInterrupt)
            raise
        click.echo("togen: aborted", err=True)
        return 1
    return code if isinstance(code, int) else 0


def _command_path(exc: click.UsageError, args: Sequence[str]) -> str:
    """`togen drift` for `togen drift --history`: the command whose parser failed, else the
    (sub)commands named at the start of the arguments."""
    if exc.ctx is not None:
        return exc.ctx.command_path
    command: click.Command = app
    path = ["togen"]
    with click.Context(app, info_name="togen", resilient_parsing=True) as ctx:
        for token in args:
            found = command.get_command(ctx, token) if isinstance(command, click.Group) else None
            if found is None:
                break
            command = found
            path.append(token)
    return " ".join(path)


def main(argv: list[str] | None = None) -> NoReturn:
    """The console script `togen` (and `python -m togen`)."""
    args = sys.argv[1:] if argv is None else argv
    exit_130_on_interrupt(lambda: sys.exit(run(args)))
