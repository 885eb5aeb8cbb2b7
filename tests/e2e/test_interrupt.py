"""togen.cli.interrupt: a Ctrl-C that lands in code run from a string (as namedtuple and
dataclass creation do while modules load) still ends the process with exit 130."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.interrupting import interrupt_when_ready

# The Ctrl-C lands in code run from a string: `ready` is printed from inside it, so the signal
# cannot arrive before the string runs (a slow start-up would otherwise take it outside).
INTERRUPTED_IN_EXEC = "    exec(\"print('ready', flush=True); import time; time.sleep(30)\")\n"

PROGRAMS = {
    "handled by togen.cli.interrupt": (
        "from togen.cli.interrupt import exit_130_on_interrupt\n"
        f"def run():\n{INTERRUPTED_IN_EXEC}"
        "exit_130_on_interrupt(run)\n"
    ),
    # Without the reset, CPython ends the process by SIGINT although the interrupt was handled:
    # what the module works around.
    "handled without the reset": (
        f"import sys\ntry:\n{INTERRUPTED_IN_EXEC}except KeyboardInterrupt:\n    sys.exit(130)\n"
    ),
}


def _interrupted_exit(tmp_path: Path, program: str) -> int:
    module = f"interrupted_{abs(hash(program))}"
    (tmp_path / f"{module}.py").write_text(program)
    process = interrupt_when_ready(module, tmp_path)
    process.communicate(timeout=60)
    return process.returncode


@pytest.mark.parametrize(("program", "expected"), [
    ("handled by togen.cli.interrupt", 130),
    ("handled without the reset", -signal.SIGINT),
])  # fmt: skip
def test_a_handled_ctrl_c_in_code_run_from_a_string_exits_130_only_with_the_reset(
    tmp_path: Path, program: str, expected: int
) -> None:
    assert _interrupted_exit(tmp_path, PROGRAMS[program]) == expected
