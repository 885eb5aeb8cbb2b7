"""Ctrl-C ends `togen` with exit 130 and no traceback, wherever it lands (a command, the
import of a module, the parser).

One part of it works around the interpreter. CPython notes a Ctrl-C that interrupted code it
ran from a string (`eval`/`exec` of source, which namedtuple and dataclass creation do while
modules load) and, at exit, ends the process by SIGINT instead of with its exit code, even
though the interrupt was handled: the shell would see a signal, not 130. Running any string
resets that note (`run_eval_code_obj` in CPython's Python/pythonrun.c); a Ctrl-C nobody handled
is noted again after `togen` returns, so the reset is always safe.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

from togen.core.errors import is_interrupt

EXIT_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)


def exit_130_on_interrupt(run: Callable[[], NoReturn]) -> NoReturn:
    """`run()` (which ends by `sys.exit`); a Ctrl-C during it ends the process with 130."""
    try:
        run()
    except BaseException as exc:
        if not is_interrupt(exc):
            raise
        sys.exit(EXIT_INTERRUPTED)
    finally:
        forget_interrupt()


def forget_interrupt() -> None:
    """Reset CPython's note of an interrupted string of code (see the module's docstring)."""
    eval("None")  # noqa: S307 - a constant: only the reset matters
