"""`python -m <package>.mcp`: run the MCP server (stdio by default)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from ._data import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, DISTRIBUTION, PACKAGE

FAST_START_ENV = f"{PACKAGE.upper()}_MCP_FAST_START"


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog=f"python -m {PACKAGE}.mcp",
        description="MCP server for the Together API: one tool per HTTP operation, called through "
        f"the {PACKAGE} client ({API_KEY_ENV} authenticates).",
    )
    cli.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="default: stdio")
    cli.add_argument("--host", default="127.0.0.1", help="interface for --transport http (default 127.0.0.1)")
    cli.add_argument("--port", type=int, default=8000, help="port for --transport http (default 8000)")
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
    cli.add_argument("--read-only", action="store_true", help="only tools that do not change anything")
    cli.add_argument(
        "--dynamic",
        action="store_true",
        help="expose 3 tools (list, describe, invoke) instead of one per operation",
    )
    return cli


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if importlib.util.find_spec("mcp") is None:  # the script is installed with or without the extra
        sys.exit(f'{PACKAGE}.mcp: the MCP server needs the [mcp] extra: pip install "{DISTRIBUTION}[mcp]"')
    from ._catalog import Options

    options = Options(
        base_url=args.base_url, tools=args.tools, read_only=args.read_only, dynamic=args.dynamic
    )
    try:
        if args.transport == "stdio" and os.environ.get(FAST_START_ENV, "1") != "0":
            from ._stdio import serve  # answers the handshake while the MCP SDK imports

            serve(options)
        else:
            from .server import run  # the MCP SDK is imported only now

            run(options, transport=args.transport, host=args.host, port=args.port)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
