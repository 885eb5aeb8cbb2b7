"""The manual's examples as a reader meets them: README.md and docs/**/*.md read as
sessions, every command run in a checkout-like sandbox, its output compared with what the page
shows.

A page's fenced blocks, in order:

- ```console: `$ command` lines (a trailing `\\` continues a command), each followed by the
  output the page shows. The command runs with bash in the sandbox, with `.venv/bin` first on
  PATH, and must exit 0 (a page shows a failure as `cmd; echo "exit $?"`). The output
  (stdout and stderr together) must match the lines shown, where a line `…` stands for any
  number of lines and `…` inside a line for any text; durations and log timestamps are
  compared as placeholders. A command shown without output is run, its output not compared.
  `export NAME=VALUE ...` sets variables for the page's later commands.
  A command ending in `&` is a server: it is started in the background and the next command
  runs once its `--port` (or `PORT=`) answers HTTP; it is stopped at the end of the page.
- a block preceded by `<!-- file: NAME -->` is written to NAME in the sandbox (a script the
  next commands run, an ignore file, ...).
- a console block preceded by `<!-- skip: REASON -->` is not run (`make test` itself, the
  live API, credentials); every other console block is.
- python blocks must be files; shell blocks (sh, bash) are refused: commands go in console
  blocks, which run.

Ports the page names (`127.0.0.1:4010`, `--port 4010`, `MOCK_PORT=4010`) are replaced by free
ones when commands run, and named back in their output, so pages can say 4010 while other
servers hold it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from togen.core.loopback import free_port, stop_process, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
ELLIPSIS = "…"
RUN_LANGUAGES = {"console"}
REFUSED_LANGUAGES = {"sh", "bash", "shell", "zsh"}
COMMAND_TIMEOUT = 900  # seconds; a command that hangs fails the page rather than the run
DIRECTIVE = re.compile(r"^<!--\s*(file|skip):\s*(.*?)\s*-->$")
FENCE = re.compile(r"^(\s*)(```+)\s*([\w+-]*)")
# Where a page names a port: the number after these is swapped for a free port.
PORT_CONTEXT = re.compile(r"(127\.0\.0\.1:|localhost:|--port[ =]|PORT=)(\d{2,5})\b")
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+"), "<time>"),
    (re.compile(r"\b\d+(\.\d+)? ?(ms|s)\b"), "<duration>"),
]


@dataclass
class Command:
    text: str
    line: int  # 1-based line of the `$` in the page
    output: list[str] = field(default_factory=list)

    @property
    def background(self) -> bool:
        return self.text.rstrip().endswith("&") and not self.text.rstrip().endswith("&&")


@dataclass
class Block:
    language: str
    line: int  # 1-based line of the opening fence
    body: str
    file: str | None = None
    skip: str | None = None

    def commands(self) -> list[Command]:
        commands: list[Command] = []
        continued = False
        for offset, raw in enumerate(self.body.splitlines(), start=self.line + 1):
            if continued:
                commands[-1].text += "\n" + raw
                continued = raw.endswith("\\")
            elif raw.startswith("$ "):
                commands.append(Command(raw[2:], offset))
                continued = raw.endswith("\\")
            elif commands:
                commands[-1].output.append(raw)
            elif raw.strip():
                raise ValueError(f"line {offset}: output before the first `$ ` command")
        for command in commands:
            while command.output and not command.output[-1].strip():
                command.output.pop()
        return commands


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown page with the directive written just before each."""
    lines = text.splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence, language = match.groups()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line for line in lines[index + 1 : end]
        )
        block = Block(language or "text", index + 1, body + "\n")
        previous = index - 1
        while previous >= 0 and not lines[previous].strip():
            previous -= 1
        directive = DIRECTIVE.match(lines[previous].strip()) if previous >= 0 else None
        if directive:
            setattr(block, directive.group(1), directive.group(2))
        found.append(block)
        index = end + 1
    return found


def problems(page: str, text: str) -> list[str]:
    """What makes a page's examples unrunnable: a shell block, a python block that is no file,
    a skip without a reason, a console block that does not parse."""
    found = []
    for block in blocks(text):
        where = f"{page}:{block.line}"
        if block.language in REFUSED_LANGUAGES:
            found.append(f"{where}: a {block.language} block: write commands as a console block (`$ cmd`)")
        if block.language == "python" and not block.file and block.skip is None:
            found.append(f"{where}: a python block must be a file an example runs (<!-- file: NAME -->)")
        if block.skip is not None and not block.skip:
            found.append(f"{where}: <!-- skip: --> needs a reason")
        if block.language in RUN_LANGUAGES and not block.file:
            try:
                if not block.commands():
                    found.append(f"{where}: a console block without a `$ ` command")
            except ValueError as error:
                found.append(f"{page}: {error}")
    return found


# -- comparing output


def _normalized(line: str) -> str:
    line = line.rstrip()
    for pattern, placeholder in VOLATILE:
        line = pattern.sub(placeholder, line)
    return line


def _line_pattern(expected: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in _normalized(expected).split(ELLIPSIS)]
    return re.compile(".*".join(parts), re.S)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Do the actual lines fit the expected ones (`…` lines and `…` inside lines)?"""
    actual = [_normalized(line) for line in actual]
    while actual and not actual[-1]:
        actual.pop()
    patterns = [None if line.strip() == ELLIPSIS else _line_pattern(line) for line in expected]
    memo: dict[tuple[int, int], bool] = {}

    def fit(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[i, j]
        if i == len(patterns):
            result = j == len(actual)
        elif patterns[i] is None:
            result = fit(i + 1, j) or (j < len(actual) and fit(i, j + 1))
        else:
            pattern = patterns[i]
            assert pattern is not None
            result = j < len(actual) and pattern.fullmatch(actual[j]) is not None and fit(i + 1, j + 1)
        memo[i, j] = result
        return result

    return fit(0, 0)


# -- running a page


def sandbox(base: Path) -> Path:
    """A checkout-like folder: the repository's files linked in, a `generated/` of its own,
    and `../shared` beside it, so a page's relative paths mean what they mean in a checkout."""
    work = base / "repo"
    work.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in {".git", "generated", "build", "site", "dist"}:
            continue
        (work / entry.name).symlink_to(entry)
    (work / "generated").mkdir()
    shutil.copy(ROOT / "generated" / ".gitignore", work / "generated" / ".gitignore")
    shared = ROOT.parent / "shared"
    if shared.exists():
        (base / "shared").symlink_to(shared.resolve())
    return work


class Session:
    """One page's run: its sandbox, its port map and its background servers."""

    def __init__(self, page: str, text: str, base: Path) -> None:
        self.page = page
        self.text = text
        self.cwd = sandbox(base)
        self.ports = {port: free_port() for port in sorted({m.group(2) for m in PORT_CONTEXT.finditer(text)})}
        self.servers: list[subprocess.Popen[bytes]] = []
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TOGETHER_", "TWINE_", "VIRTUAL_ENV", "PYTEST_", "MAKE", "MFLAGS"))
            and key not in {"TOGEN_SPEC", "PYTHONPATH"}
        }
        self.env.update(
            PATH=f"{self.cwd / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            PYTHONUNBUFFERED="1",
            COLUMNS="100",
            NO_COLOR="1",
            TERM="dumb",
        )

    def local(self, text: str) -> str:
        return PORT_CONTEXT.sub(lambda m: m.group(1) + str(self.ports.get(m.group(2), m.group(2))), text)

    def as_shown(self, text: str) -> str:
        back = {str(free): shown for shown, free in self.ports.items()}
        return re.sub(
            r"(127\.0\.0\.1:|localhost:)(\d{2,5})\b",
            lambda m: m.group(1) + back.get(m.group(2), m.group(2)),
            text,
        )

    def run_page(self) -> None:
        try:
            for block in blocks(self.text):
                if block.file:
                    path = self.cwd / block.file
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(self.local(block.body))
                elif block.language in RUN_LANGUAGES and block.skip is None:
                    for command in block.commands():
                        self.run(command)
        finally:
            for server in reversed(self.servers):
                os.killpg(server.pid, signal.SIGTERM) if server.poll() is None else None
                stop_process(server, timeout=30)

    def run(self, command: Command) -> None:
        where = f"{self.page}:{command.line}: $ {command.text}"
        script = self.local(command.text)
        exported = re.fullmatch(r"export((?:\s+\w+=[^\s'\"$`]+)+)\s*", script)
        if exported:  # each command runs in a shell of its own: the session keeps the variables
            self.env.update(re.findall(r"(\w+)=(\S+)", exported.group(1)))
            assert not command.output, f"{where}: export prints nothing"
            return
        if command.background:
            assert not command.output, f"{where}: a server (`&`) shows no output"
            log = open(self.cwd / f".server-{command.line}.log", "wb")  # noqa: SIM115 - kept while it runs
            server = subprocess.Popen(
                ["bash", "-c", script.rstrip().removesuffix("&")],
                cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            self.servers.append(server)
            port = re.search(r"(?:--port[ =]|PORT=)(\d+)", script)
            assert port, f"{where}: a server command names its --port (or PORT=)"
            try:
                wait_for_http(f"http://127.0.0.1:{port.group(1)}/", timeout=300, process=server)
            except RuntimeError as error:
                log.flush()
                shown = (self.cwd / f".server-{command.line}.log").read_text()[-3000:]
                raise AssertionError(f"{where}: {error}\n{shown}") from None
            return
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=COMMAND_TIMEOUT, text=True, errors="replace",
        )  # fmt: skip
        output = self.as_shown(done.stdout)
        assert done.returncode == 0, f"{where}\nexit {done.returncode}; output:\n{output[-5000:]}"
        if command.output:
            expected = "\n".join(command.output)
            assert matches(command.output, output.splitlines()), (
                f"{where}\nthe page shows:\n{expected}\n\nthe command printed:\n{output[-5000:]}"
            )


def pages() -> list[Path]:
    """README.md and every page of the docs site."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
