"""The tools this server offers, from `tools.json`, with the standard library only (so the
fast stdio start can answer before the MCP SDK is imported)."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from typing import Any

from . import TOOLS_FILE
from ._data import API_KEY_ENV, DISTRIBUTION, VERSION

SERVER_NAME = DISTRIBUTION
SERVER_VERSION = VERSION
INSTRUCTIONS = (
    "Tools for the Together AI API (inference, files, fine-tuning, endpoints, ...), "
    f"authenticated by {API_KEY_ENV}."
)
LIST_TOOL = "list_api_tools"
SCHEMA_TOOL = "get_api_tool_schema"
INVOKE_TOOL = "invoke_api_tool"

DYNAMIC_TOOLS: list[dict[str, Any]] = [
    {
        "name": LIST_TOOL,
        "title": "List Together API tools",
        "description": "List the Together API operations available as tools, optionally only those "
        "matching a query (words or a glob on name, title and description).",
        "inputSchema": {
            "type": "object",
            "properties": {
                "query": {"type": "string", "description": "e.g. 'chat', 'fine tuning', 'files_*'"},
                "limit": {"type": "integer", "minimum": 1, "default": 25},
            },
        },
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": SCHEMA_TOOL,
        "title": "Get a Together API tool's schema",
        "description": f"The input schema, output schema and annotations of one tool from {LIST_TOOL}.",
        "inputSchema": {
            "type": "object",
            "properties": {"name": {"type": "string", "description": "Tool name."}},
            "required": ["name"],
        },
        "annotations": {"readOnlyHint": True, "openWorldHint": False},
    },
    {
        "name": INVOKE_TOOL,
        "title": "Call a Together API tool",
        "description": f"Call one tool from {LIST_TOOL} with arguments matching its input schema "
        f"(see {SCHEMA_TOOL}).",
        "inputSchema": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "Tool name."},
                "arguments": {"type": "object", "description": "The tool's arguments."},
            },
            "required": ["name"],
        },
        "annotations": {"destructiveHint": True, "openWorldHint": True},
    },
]


@dataclass
class Options:
    base_url: str | None = None
    tools: list[str] = field(default_factory=list)  # globs on tool names
    read_only: bool = False
    dynamic: bool = False


def select_tools(options: Options) -> dict[str, dict[str, Any]]:
    """The tools of tools.json that pass the --read-only and --tools filters, by name."""
    data = json.loads(TOOLS_FILE.read_text(encoding="utf-8"))
    selected = {}
    for tool in data["tools"]:
        if options.read_only and not tool.get("annotations", {}).get("readOnlyHint"):
            continue
        if options.tools and not any(fnmatch.fnmatchcase(tool["name"], pattern) for pattern in options.tools):
            continue
        selected[tool["name"]] = tool
    return selected


def listed_tools(options: Options, tools: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """What tools/list shows: the selected tools, or the three meta tools with --dynamic."""
    if options.dynamic:
        return DYNAMIC_TOOLS
    return list((tools if tools is not None else select_tools(options)).values())


def tools_summary(options: Options) -> str:
    """`98 tools (read-write)`, `12 tools (read-only)`, `3 tools (--dynamic over 98 operations,
    read-write)`: what the start line says about the tools."""
    selected = select_tools(options)
    access = "read-only" if options.read_only else "read-write"
    if options.dynamic:
        return f"{len(DYNAMIC_TOOLS)} tools (--dynamic over {len(selected)} operations, {access})"
    return f"{len(selected)} tools ({access})"


def initialize_result(protocol_version: str) -> dict[str, Any]:
    """The `initialize` result, as the SDK server builds it."""
    return {
        "capabilities": {"tools": {"listChanged": False}},
        "instructions": INSTRUCTIONS,
        "protocolVersion": protocol_version,
        "serverInfo": {"name": SERVER_NAME, "version": SERVER_VERSION},
    }
