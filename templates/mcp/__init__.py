"""MCP server exposing the HTTP operations of the API as tools, one tool per operation.

Run it with `python -m <package>.mcp` (stdio; `--transport http` for streamable HTTP) or the
`<distribution>-mcp` script; `--help` lists the options. The tool definitions are in
`tools.json` beside this file: exactly a `tools/list` result.
"""

from __future__ import annotations

from pathlib import Path

TOOLS_FILE = Path(__file__).with_name("tools.json")

__all__ = ["TOOLS_FILE"]
