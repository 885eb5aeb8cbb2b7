"""Shared constants of the Responses API tests (fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

MODEL = "MiniMaxAI/MiniMax-M2.7"
UNSUPPORTED_MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a location.",
    "parameters": {
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "City and state, e.g. San Francisco, CA."},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location", "unit"],
    },
}
MCP_TOOL: dict[str, Any] = {
    "type": "mcp",
    "server_label": "deepwiki",
    "server_url": "https://mcp.deepwiki.com/mcp",
    "require_approval": "never",
}
