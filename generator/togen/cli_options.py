"""Command-line options every `togen` command spells the same way (typer `Annotated` types).

Kept apart from togen.cli, which imports the command modules: a command module importing
togen.cli back would be an import cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

import typer

Number = TypeVar("Number", int, float)

SpecOption = Annotated[
    str | None,
    typer.Option(
        "--spec",
        metavar="SPEC",
        help="A path, an http(s) URL or git:<rev>:<path>. Default: $TOGEN_SPEC, else openapi.yaml in "
        "../shared/together-openapi/ (its sha256 checked against spec/lock.toml), else the upstream "
        "URL locked there.",
    ),
]
TextOrJson = Annotated[Literal["text", "json"], typer.Option("--format", help="Output format.")]


def bounded(
    kind: type[Number], low: Number | None = None, high: Number | None = None
) -> Callable[[str], Number]:
    """A parser of numbers from `low` to `high`, for `typer.Option(parser=..., metavar=...)`: typer
    prints the `min=`/`max=` of an option in the type column of `--help`, which then leaves the help
    text a third of an 80-column terminal. The error reads as click's for a range."""
    described = " and ".join(
        [*([f"x>={low}"] if low is not None else []), *([f"x<={high}"] if high is not None else [])]
    )
    if low is not None and high is not None:
        described = f"{low}<=x<={high}"

    def parse(text: str) -> Number:
        try:
            value = kind(text)
        except ValueError:
            expected = "an integer" if kind is int else "a number"
            raise typer.BadParameter(f"{text!r} is not {expected}.") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise typer.BadParameter(f"{text} is not in the range {described}.")
        return value

    return parse
