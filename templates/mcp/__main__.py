"""`python -m <package>.mcp`: run the MCP server (stdio by default).

Over HTTP the server spends the API key of whoever runs it, so it checks a bearer token
(`--auth-token` or the token environment variable) on every request, and refuses to listen
off loopback without one unless told `--no-auth`. It prints one line to stderr when it starts
(stdout belongs to the stdio protocol). Bad flags: one line, exit 2; the token is never shown.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from typing import NoReturn

from ._data import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, DISTRIBUTION, MCP_TOKEN_ENV, PACKAGE

FAST_START_ENV = f"{PACKAGE.upper()}_MCP_FAST_START"
PROG = f"python -m {PACKAGE}.mcp"


class _Parser(argparse.ArgumentParser):
    """Errors in one line (no usage block), exit 2."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("argument --auth-token: expected"):
            message += " (a token starting with '-' is written --auth-token=TOKEN)"
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (1-65535)")
    return port


def parser() -> argparse.ArgumentParser:
    cli = _Parser(
        prog=PROG,
        description="MCP server for the Together API: one tool per HTTP operation, called through "
        f"the {PACKAGE} client ({API_KEY_ENV} authenticates).",
    )
    cli.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="default: stdio")
    cli.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface for --transport http (default 127.0.0.1; any other than loopback needs a token)",
    )
    cli.add_argument("--port", type=_port, default=8000, help="port for --transport http (default 8000)")
    cli.add_argument(
        "--auth-token",
        default=None,
        metavar="TOKEN",
        help=f"bearer token every HTTP request must send (default: ${MCP_TOKEN_ENV}; prefer the "
        "variable: command lines are visible to other users)",
    )
    cli.add_argument(
        "--no-auth",
        action="store_true",
        help="serve HTTP off loopback without a token: anyone who reaches the port can call the tools",
    )
    cli.add_argument(
        "--base-url",
        default=None,
        help=f"API host root (default: ${BASE_URL_ENV}, else {DEFAULT_BASE_URL})",
    )
    cli.add_argument(
        "--tools",
        nargs="+",
        metavar="GLOB",
        default=[],
        help="only tools whose name matches one of these globs (e.g. 'chat_*' 'models_*')",
    )
    cli.add_argument(
        "--read-only",
        action="store_true",
        help="only tools that do not change anything (the safe choice for a shared server)",
    )
    cli.add_argument(
        "--dynamic",
        action="store_true",
        help="expose 3 tools (list, describe, invoke) instead of one per operation",
    )
    return cli


def _parse(cli: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse without ever echoing a value: a mistyped option may be followed by the token."""
    args, unknown = cli.parse_known_args(argv)
    if unknown:
        options = [arg.partition("=")[0] for arg in unknown if arg.startswith("-")]
        values = len(unknown) - len(options)
        named = f"unrecognized arguments: {' '.join(options)}" if options else "unexpected arguments"
        cli.error(named + (f" ({values} value(s), not shown)" if values else ""))
    return args


def _token(cli: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The bearer token for HTTP, or None; one-line errors for contradictions and bad values."""
    if args.transport != "http":
        if args.auth_token is not None or args.no_auth:
            cli.error(
                f"{'--auth-token' if args.auth_token is not None else '--no-auth'} needs --transport http"
            )
        return None
    from ._http import is_loopback, token_problem

    given, source = args.auth_token, "--auth-token"
    if given is None:
        given, source = os.environ.get(MCP_TOKEN_ENV), MCP_TOKEN_ENV
    if given is not None:
        problem = token_problem(given)
        if problem:
            cli.error(f"{source} {problem}")
        if args.no_auth:
            cli.error(f"--no-auth contradicts {source} (drop one of them)")
        return str(given)
    if not args.no_auth and not is_loopback(args.host):
        cli.error(
            f"refusing to serve on {args.host} without a token: anyone reaching it could spend "
            f"{API_KEY_ENV}; set {MCP_TOKEN_ENV} (or --auth-token), or pass --no-auth"
        )
    return None


def main(argv: list[str] | None = None) -> None:
    cli = parser()
    args = _parse(cli, argv)
    token = _token(cli, args)
    if importlib.util.find_spec("mcp") is None:  # the script is installed with or without the extra
        sys.exit(f'{PACKAGE}.mcp: the MCP server needs the [mcp] extra: pip install "{DISTRIBUTION}[mcp]"')
    from ._catalog import Options, tools_summary

    options = Options(
        base_url=args.base_url, tools=args.tools, read_only=args.read_only, dynamic=args.dynamic
    )
    try:
        if args.transport == "http":
            from ._http import bind, endpoint_url, is_loopback

            try:
                sock = bind(args.host, args.port)
            except OSError as exc:
                print(f"{PROG}: error: {exc}", file=sys.stderr)
                sys.exit(2)
            if token is not None:
                auth = "bearer token required"
            elif is_loopback(args.host):
                auth = "no auth (loopback only)"
            else:
                auth = "NO AUTH (--no-auth)"
                print(
                    f"{PACKAGE}.mcp: warning: --no-auth on {args.host}: anyone who can reach port "
                    f"{args.port} can call these tools with your {API_KEY_ENV}",
                    file=sys.stderr,
                )
            url = endpoint_url(args.host, args.port)
            print(
                f"{PACKAGE}.mcp: streamable HTTP at {url}, {auth}, {tools_summary(options)}", file=sys.stderr
            )
            from .server import run  # the MCP SDK is imported only now

            run(options, transport="http", host=args.host, port=args.port, token=token, sock=sock)
            return
        print(f"{PACKAGE}.mcp: stdio, {tools_summary(options)}", file=sys.stderr, flush=True)
        if os.environ.get(FAST_START_ENV, "1") != "0":
            from ._stdio import serve  # answers the handshake while the MCP SDK imports

            serve(options)
        else:
            from .server import run

            run(options, transport="stdio")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
