{{ header }}
"""MCP server exposing the {{ tool_count }} HTTP operations of the Together API as tools.

Run it with `python -m {{ package.module }}.mcp` (stdio; `--transport http` for streamable
HTTP) or the `{{ package.distribution }}-mcp` script; `--help` lists the options. The tool
definitions are in `tools.json` beside this file: exactly a `tools/list` result.
"""

from __future__ import annotations

from pathlib import Path

TOOLS_FILE = Path(__file__).with_name("tools.json")

__all__ = ["TOOLS_FILE"]
