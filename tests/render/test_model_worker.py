"""The model worker `togen generate` forks before anything else: it must never outlive the
command, whatever way the command ends, and its results and errors come back intact."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.interrupting import interrupt_when_ready
from togen.core.errors import SpecError
from togen.render import model_worker

TOGEN = [sys.executable, "-m", "togen"]


def processes_naming(token: str) -> list[int]:
    """Live processes whose command line contains `token` (a forked worker keeps its parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if token.encode() in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--spec", "{missing}"], 2),  # no spec: the pre-started worker was never handed one
        (["--spec", str(FIXTURES / "dangling_ref.yaml")], 2),  # the spec fails to normalize
        (["--spec", str(FIXTURES / "shop_30.yaml"), "--no-such-flag"], 2),  # the parser refuses
        (["--help"], 0),
        (["--spec", str(FIXTURES / "shop_30.yaml")], 0),  # a real generation
    ],
)
def test_no_worker_outlives_the_command(tmp_path: Path, args: list[str], code: int) -> None:
    out = tmp_path / "out-unique-token"
    argv = [a.format(missing=tmp_path / "missing.yaml") for a in args]
    done = subprocess.run(
        [*TOGEN, "generate", *argv, "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,  # a worker the command waits for forever would hang here, not pass
    )
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert processes_naming(str(out)) == []


def test_take_hands_over_the_prestarted_worker_once() -> None:
    model_worker.prestart()
    started = model_worker._prestarted
    assert started is not None
    assert model_worker.take() is started
    assert model_worker._prestarted is None
    assert model_worker.take() is not started  # nothing pre-started: a new one
    started.close()


def test_discarding_an_unused_worker_ends_it() -> None:
    model_worker.prestart()
    worker = model_worker._prestarted
    assert worker is not None
    process = worker._process
    model_worker.discard_prestarted()
    assert model_worker._prestarted is None
    if process is not None:  # fork is available
        assert not process.is_alive()
        assert process.exitcode is not None


def test_gather_joins_every_worker_before_raising_the_first_error() -> None:
    def fails() -> None:
        raise SpecError("spec.yaml", "/components/schemas/A", "first")

    def also_fails() -> None:
        raise ValueError("second")

    workers = (
        model_worker.in_fork(lambda: 1, "spec.yaml"),
        model_worker.in_fork(fails, "spec.yaml"),
        model_worker.in_fork(also_fails, "spec.yaml"),
        model_worker.in_fork(lambda: "last", "spec.yaml"),
    )
    with pytest.raises(SpecError, match="first"):
        model_worker.gather(*workers)
    fine = (model_worker.in_fork(lambda: [1, 2], "s"), model_worker.in_fork(lambda: 3, "s"))
    assert model_worker.gather(*fine) == [[1, 2], 3]


def test_a_worker_error_that_is_not_a_spec_error_names_the_spec() -> None:
    def broken() -> None:
        raise KeyError("x")

    with pytest.raises(SpecError) as raised:
        model_worker.in_fork(broken, "spec.yaml")()
    assert raised.value.file == "spec.yaml" and "KeyError" in str(raised.value)


def test_without_fork_the_model_layer_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is unavailable (Windows, macOS's default), everything renders in this process."""
    from togen.spec.pipeline import resolve_spec

    api = resolve_spec(str(FIXTURES / "edge_unions_31.json")).api
    forked_models, forked_params = model_worker.ModelWorker().render(api, "# h")()
    monkeypatch.setattr(model_worker, "_fork_context", lambda: None)
    worker = model_worker.ModelWorker()
    assert worker._process is None
    models, params = worker.render(api, "# h")()
    assert models.modules == forked_models.modules and params.source == forked_params.source


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4: the parent's pid
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5])
def test_ctrl_c_ends_quietly_and_leaves_the_output_as_it_was(tmp_path: Path, delay: float) -> None:
    """Ctrl-C reaches the whole process group (togen and its workers) at whatever step: exit
    130, no traceback from any process, no process left, the earlier output byte-identical."""
    import signal
    import time

    from tests.conftest import CURRENT_SPEC

    out = tmp_path / "interrupted-out"
    subprocess.run(
        [*TOGEN, "generate", "--spec", str(FIXTURES / "shop_30.yaml"), "--out", str(out)], check=True
    )
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    process = subprocess.Popen(
        [*TOGEN, "generate", "--spec", str(CURRENT_SPEC), "--out", str(out), "--force", "-q"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - test only
    )
    # From the moment togen's own code runs (it forks the model worker first thing): before that,
    # the interpreter is still starting, and how it takes Ctrl-C is Python's business.
    deadline = time.monotonic() + 30
    while not children_of(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)  # a cold generation of the Together spec takes about a second
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert processes_naming(str(out)) == []
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


# What a Ctrl-C can land in while togen's modules load, and how CPython 3.11 reports it.
INTERRUPTIBLE = {
    # `exec` of source (dataclass and namedtuple creation do it): CPython notes the interrupt and,
    # unless the note is reset, kills the process by SIGINT at exit although togen handled it.
    "exec of source": "exec('import time; time.sleep(30)')",
    # A `__set_name__` while a class is created: CPython 3.11 raises a RuntimeError caused by the
    # KeyboardInterrupt instead of the KeyboardInterrupt itself.
    "__set_name__": (
        "class Slow:\n"
        "        def __set_name__(self, owner, name):\n"
        "            time.sleep(30)\n"
        "    class Owner:\n"
        "        field = Slow()"
    ),
}


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("where", sorted(INTERRUPTIBLE))
def test_ctrl_c_wherever_it_lands_exits_130_quietly(tmp_path: Path, where: str) -> None:
    """Deterministic cases of the test above: the signal lands while `togen generate` runs code
    whose interruption CPython reports in its own ways."""

    out = tmp_path / "out"
    module = f"interrupted_togen_{uuid.uuid4().hex}"  # its forks keep the command line that names it
    (tmp_path / f"{module}.py").write_text(
        "import sys, time\n"
        "import togen.render.generate as generate\n"
        "def render_package(*args, **kwargs):\n"
        "    print('ready', flush=True)\n"
        f"    {INTERRUPTIBLE[where]}\n"
        "generate.render_package = render_package\n"
        "from togen.cli import main\n"
        f"main(['generate', '--spec', {str(FIXTURES / 'shop_30.yaml')!r}, '--out', {str(out)!r}, '-q'])\n"
    )
    process = interrupt_when_ready(module, tmp_path)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert processes_naming(module) == []
