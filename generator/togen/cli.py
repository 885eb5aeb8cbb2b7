"""`togen`'s console entry point: `togen generate` with nothing to do answers here, before
typer, jinja2 or pydantic are imported (a no-op run is part of every `make` target); anything
else goes to the typer application in `togen.cli_app`."""

from __future__ import annotations

import sys
from pathlib import Path

from togen.errors import is_interrupt  # light: the no-op check loads it anyway

_FAST_FLAGS = frozenset({"-q", "--quiet"})
_FAST_OPTIONS = frozenset({"--spec", "--out"})


def _generate_options(argv: list[str]) -> dict[str, str] | None:
    """`generate`'s --spec/--out/-q when those are all it was given, else None."""
    if not argv or argv[0] != "generate":
        return None
    options: dict[str, str] = {}
    args = iter(argv[1:])
    for arg in args:
        name, has_value, value = arg.partition("=")
        if arg in _FAST_FLAGS:
            options["quiet"] = "1"
        elif name in _FAST_OPTIONS and not has_value:
            options[name[2:]] = next(args, "")
        elif name in _FAST_OPTIONS:
            options[name[2:]] = value
        else:
            return None
    if not options.get("out", "generated") or options.get("spec", "x") == "":
        return None  # a missing value: the full parser says so
    if options.get("spec", "").startswith(("http://", "https://", "git:", "sdk:")):
        return None  # remote sources are read by the full path only
    return options


def _no_op_generate(argv: list[str]) -> bool:
    """True when `togen generate` found its output up to date (and said so)."""
    options = _generate_options(argv)
    if options is None:
        return False
    from togen.stamp import up_to_date

    out = Path(options.get("out", "generated"))
    try:
        stamp = up_to_date(options.get("spec"), out.expanduser())
    except Exception:  # any problem (no spec, unreadable file): the full path reports it
        return False
    if stamp is None:
        return False
    if "quiet" not in options:
        print(f"{out}: up to date")
    return True


EXIT_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)


def main(argv: list[str] | None = None) -> None:
    try:
        _main(sys.argv[1:] if argv is None else argv)
    except BaseException as exc:  # Ctrl-C at any point, even while a module loads: no traceback
        if not is_interrupt(exc):
            raise
        sys.exit(EXIT_INTERRUPTED)  # (typer itself turns a Ctrl-C in a command into exit 130)
    finally:
        _forget_interrupt()


def _forget_interrupt() -> None:
    """CPython remembers a Ctrl-C that interrupted code it ran from a string (`eval`/`exec` of
    source, which namedtuple and dataclass creation do while modules load) and then, even though
    the interrupt was handled, ends the process by SIGINT at exit instead of with its exit code.
    Running any string resets that note (`run_eval_code_obj` in CPython's pythonrun.c); a Ctrl-C
    nobody handled is noted again after `main` returns, so the reset is always safe."""
    eval("None")  # noqa: S307 - a constant: only the reset matters


def _main(args: list[str]) -> None:
    if _no_op_generate(args):
        sys.exit(0)
    if args[:1] == ["generate"]:
        import gc

        # A generation builds many objects and frees few until it ends: collect them rarely, as
        # mypy does (a tenth of a cold run is otherwise spent in the cycle collector).
        gc.set_threshold(200_000, 30, 30)
        from togen.render import model_worker

        # The model generator's import is the longest step of a cold run: it starts now, beside
        # the import of the command line parser and the loading of the spec.
        model_worker.prestart()
        try:
            _run(args)
        finally:
            model_worker.discard_prestarted()
    else:
        _run(args)


def _run(args: list[str]) -> None:
    from togen.cli_app import run

    run(args)


def __getattr__(name: str) -> object:  # `from togen.cli import app, reports_errors` still works
    if name.startswith("__"):  # `from togen.cli import main` asks for __path__: not a reason to load typer
        raise AttributeError(name)
    import togen.cli_app

    return getattr(togen.cli_app, name)


if __name__ == "__main__":  # pragma: no cover
    main()
