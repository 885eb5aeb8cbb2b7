"""`togen`: the toolkit's command line (the typer application; the console entry point is
`togen.cli.main`, which answers a no-op `togen generate` before importing this).

Exit codes: 0 success; 1 a check failed (stale output, contract failures, drift at
or above --fail-on); 2 bad input or usage (one line naming the file and pointer or
line:col, never a traceback); 3 an internal error (the one-line message, and a
traceback only with TOGEN_DEBUG=1).

Each command's implementation lives beside the code it drives and is imported only
when the command runs, so `togen --help` stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
import typer.core

# typer 0.29 vendors click; its exception classes are public only through TyperException.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

from togen.errors import SpecError, is_interrupt

app = typer.Typer(
    name="togen",
    help="Together API toolkit: generate the client, run the mock, contract-test, report drift.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    typer.echo(f"togen: error: {message}", err=True)
    return typer.Exit(code)


def reports_errors(func: F) -> F:
    """Turn SpecError (and unexpected errors) into one line on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SpecError as exc:
            raise fail(str(exc)) from None
        except (typer.TyperException, typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
            raise  # usage errors are main()'s; BrokenPipeError: the reader went away (`| head`)
        except Exception as exc:
            if os.environ.get("TOGEN_DEBUG") or is_interrupt(exc):
                raise  # an error Ctrl-C caused ends as Ctrl-C does (togen.cli.main)
            raise fail(
                f"internal error: {type(exc).__name__}: {exc} (TOGEN_DEBUG=1 shows the traceback)",
                EXIT_INTERNAL,
            ) from None

    return wrapper  # type: ignore[return-value]


def register(name: str, func: Callable[..., Any], help_text: str | None = None) -> None:
    app.command(name, help=help_text or func.__doc__)(reports_errors(func))


def _register_contract() -> None:
    """`togen contract [OPTIONS]` runs the suite; `togen contract merge` combines shard reports."""
    from togen.contract.cli import contract_command, merge_command

    contract = typer.Typer(add_completion=False, rich_markup_mode=None)
    contract.callback(invoke_without_command=True, help=contract_command.__doc__)(
        reports_errors(contract_command)
    )
    contract.command("merge", help=merge_command.__doc__)(reports_errors(merge_command))
    app.add_typer(contract, name="contract")


def _register_spec() -> None:
    """`togen spec fetch|show|relock`: the locked upstream spec."""
    from togen.spec.cli import fetch_command, relock_command, show_command

    spec = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)
    spec.callback(help="The locked upstream spec: fetch it, show the lock, relock.")(lambda: None)
    for name, command in (("fetch", fetch_command), ("show", show_command), ("relock", relock_command)):
        spec.command(name, help=command.__doc__)(reports_errors(command))
    app.add_typer(spec, name="spec")


def _register_all() -> None:
    from togen.drift.cli import drift_command
    from togen.mock.cli import mock_command
    from togen.release.cli import release_command
    from togen.render.cli import generate_command, validate_command
    from togen.sdk.cli import sdk_spec_command

    register("generate", generate_command)
    register("validate", validate_command)
    register("mock", mock_command)
    _register_contract()
    register("drift", drift_command)
    register("release", release_command)
    _register_spec()
    register("sdk-spec", sdk_spec_command)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("togen")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"togen {_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print togen's version and exit."
        ),
    ] = False,
) -> None:
    """Together API toolkit: generate the client, run the mock, contract-test, report drift."""


_display_type_rich = typer.core.TyperOption.display_type_rich


def _flags_take_no_value(self: typer.core.TyperOption, ctx: Any) -> str | None:
    # typer 0.29 shows `<bool>` beside on/off flags (`--check <bool>`), as if they took a value.
    if self.is_flag or self.count:
        return None
    return _display_type_rich(self, ctx)


typer.core.TyperOption.display_type_rich = _flags_take_no_value  # type: ignore[method-assign]


def run(argv: list[str] | None = None) -> None:
    _register_all()
    try:
        code = app(args=argv, prog_name="togen", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ClickException as exc:
        # Usage errors (unknown option, bad --format, --port out of range, --fault-rate 2, a taken
        # port): one line and exit 2, like every other bad input; `--help` shows the options.
        command = exc.ctx.command_path if isinstance(exc, UsageError) and exc.ctx else _command_path(argv)
        hint = f" (see `{command} --help`)" if isinstance(exc, UsageError) else ""
        typer.echo(f"togen: error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("togen: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _command_path(argv: list[str] | None) -> str:
    """`togen drift` for `togen drift --history`: the (sub)commands named at the start of the
    arguments, for errors the parser raises without its context (an option missing its value)."""
    command: Any = typer.main.get_command(app)
    path = ["togen"]
    for token in sys.argv[1:] if argv is None else argv:
        subcommands = getattr(command, "commands", {})
        if token not in subcommands:
            break
        command = subcommands[token]
        path.append(token)
    return " ".join(path)
