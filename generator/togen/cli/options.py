"""What every `togen` command spells the same way: the `--spec` and `--format text|json`
options, numbers with bounds, one-line usage errors and exit codes."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

SPEC_HELP = (
    "A path, an http(s) URL or git:<rev>:<path>. Default: $TOGEN_SPEC, else openapi.yaml in "
    "../shared/together-openapi/ (its sha256 checked against spec/lock.toml), else the upstream "
    "URL locked there."
)


def spec_option(func: F) -> F:
    return click.option("--spec", metavar="SPEC", help=SPEC_HELP)(func)


WITH_SDK_HELP = (
    "Merge in what the installed SDK calls and the spec lacks (sdk:PACKAGE; PACKAGE: spec/config.toml "
    "[sources] sdk, else together), or read the spec alone. Default: merged when [sources] sdk is set "
    "and the spec is the locked one (its sha256 in spec/lock.toml, from any path or URL); any other "
    "spec (a fixture, another version) alone."
)


def with_sdk_option(func: F) -> F:
    """`--with-sdk/--no-sdk`, three-valued: True, False, or None when neither is given, which
    `togen.sdk.setting.sdk_package` resolves from spec/config.toml (why the rule is what it is:
    that module's docstring)."""
    return click.option("--with-sdk/--no-sdk", default=None, help=WITH_SDK_HELP)(func)


def text_or_json(func: F) -> F:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        help="Output format.",
    )(func)


def summary(doc: str | None) -> str:
    """The first paragraph of a docstring on one line."""
    return " ".join(inspect.cleandoc(doc or "").partition("\n\n")[0].split())


def command(name: str, **attrs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """`click.command` whose line in the parent's `--help` is the docstring's whole first
    paragraph, wrapped (click's own summary stops at 45 characters with `...`)."""

    def decorate(func: Callable[..., Any]) -> click.Command:
        return click.command(name, short_help=summary(func.__doc__), **attrs)(func)

    return decorate


class InOrder(click.Group):
    """A group whose `--help` lists its commands in the order they were added (click sorts them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def group(name: str, **attrs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """`click.group` with `command`'s summary; the group's own code runs without a subcommand."""

    def decorate(func: Callable[..., Any]) -> click.Group:
        summary_line = summary(func.__doc__)
        return click.group(name, cls=InOrder, short_help=summary_line, invoke_without_command=True, **attrs)(
            func
        )

    return decorate


class Bounded(click.ParamType):
    """A number from `low` to `high`, shown in `--help` as the option's metavar alone (`--port
    PORT`): click's IntRange/FloatRange add their bounds to the line (`[0<=x<=65535]`), which the
    help text already says in words. Errors read as click's range errors."""

    def __init__(self, kind: type[int] | type[float], low: float | None = None, high: float | None = None):
        self.kind = kind
        self.name = "integer" if kind is int else "float"
        self.low, self.high = low, high

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low}<=x<={self.high}"
        return " and ".join(
            [
                *([f"x>={self.low}"] if self.low is not None else []),
                *([f"x<={self.high}"] if self.high is not None else []),
            ]
        )

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = self.kind(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not {'an integer' if self.kind is int else 'a number'}.", param, ctx)
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            self.fail(f"{value} is not in the range {self.describe()}.", param, ctx)
        return number


def exit_with(code: int) -> NoReturn:
    """End the command with this exit code (what it printed stays the answer)."""
    click.get_current_context().exit(code)


def warning(message: str) -> None:
    """One line on stderr that does not stop the command."""
    click.echo(f"togen: warning: {message}", err=True)


def usage_error(message: str) -> NoReturn:
    """One line on stderr and exit 2: a bad combination of options found by the command."""
    click.echo(f"togen: error: {message}", err=True)
    exit_with(EXIT_BAD_INPUT)


def help_when_bare(ctx: click.Context) -> None:
    """A group named without a command: its help on stderr, as a usage error (exit 2)."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help(), err=True)
        ctx.exit(EXIT_BAD_INPUT)
