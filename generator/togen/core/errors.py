"""Findings and the one error type the toolkit raises for bad input.

Problems are collected as `Finding`s and reported together; only what makes a
correct result impossible becomes a `SpecError`, which the CLI prints as one
line (`file:where: message`) without a traceback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    pointer: str = ""
    file: str = ""
    line: int | None = None
    fatal: bool = False  # generation cannot go on (a dangling `$ref`, a property that is not a schema)

    def location(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer:
            where += f" {self.pointer}" if self.line is not None else f":{self.pointer}"
        return where

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


class SpecError(Exception):
    """Input the toolkit cannot use. `str()` is the one line shown to users."""

    def __init__(self, file: str, where: str, message: str, code: str = "spec-error") -> None:
        self.file = file
        self.where = where
        self.message = message
        self.code = code
        super().__init__(f"{file}:{where}: {message}" if where else f"{file}: {message}")

    def __reduce__(self) -> tuple[type[SpecError], tuple[str, str, str, str]]:
        # Picklable with all its fields (it crosses from the model-rendering process).
        return (SpecError, (self.file, self.where, self.message, self.code))


class FatalFindings(SpecError):
    """Several problems generation cannot work around, found in one pass over the document.
    `str()` is the first, with how many more there are; `findings` holds them all (and what
    was found besides), so `togen validate` can list every one."""

    def __init__(self, fatal: list[Finding], others: list[Finding] | None = None) -> None:
        first = fatal[0]
        more = f" (and {len(fatal) - 1} more: `togen validate` lists them)" if len(fatal) > 1 else ""
        super().__init__(first.file or "<spec>", first.pointer, first.message + more, first.code)
        self.fatal = fatal
        self.others = others or []
        # (pickled, across the model-rendering process, it is the plain SpecError its
        # inherited __reduce__ makes: the one line, without the lists)


def is_interrupt(exc: BaseException | None) -> bool:
    """Ctrl-C, or an error raised because of it. CPython 3.11 turns a KeyboardInterrupt that lands
    in a `__set_name__` while a class is created (a module loading) into a RuntimeError caused by
    it."""
    while exc is not None:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc = exc.__cause__
    return False
