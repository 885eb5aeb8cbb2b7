"""Fast start over stdio: answer `initialize` and `tools/list` while the MCP SDK imports.

Importing the `mcp` SDK takes most of a second (its pydantic protocol models), about the
whole start-up budget. So the SDK is imported in a background thread while this module,
which needs only the standard library, answers the handshake, `ping` and `tools/list` from
`tools.json` with the same JSON the SDK server sends. The first other message (a tool call,
or anything this module does not handle) hands the connection over to the SDK server: the
consumed `initialize` and `notifications/initialized` are replayed into it (its answer to
the replayed `initialize` is dropped), then stdin passes through unchanged.
Set `<PACKAGE>_MCP_FAST_START=0` (the package's import name in upper case, see `__main__`) to
let the SDK serve from the first byte.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from ._catalog import Options, initialize_result, listed_tools
from ._data import PACKAGE

HANDSHAKE_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
REPLAY_ID = f"{PACKAGE}-fast-start-initialize"


class _Replay:
    """stdin as text, starting with the lines already consumed."""

    def __init__(self, held: list[str], stream: Any) -> None:
        self._held = held
        self._stream = stream

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        pass

    def readline(self, size: int = -1) -> str:
        if self._held:
            return self._held.pop(0)
        line: bytes = self._stream.readline()
        return line.decode("utf-8", errors="replace")


class _Output:
    """stdout as text, without the SDK's answer to the replayed `initialize`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        pass

    def write(self, text: str) -> int:
        if REPLAY_ID in text:
            try:
                if json.loads(text).get("id") == REPLAY_ID:
                    return len(text)
            except ValueError:
                pass
        self._stream.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _answer(stream: Any, request_id: Any, result: bytes) -> None:
    stream.write(b'{"jsonrpc":"2.0","id":' + _dumps(request_id) + b',"result":' + result + b"}\n")
    stream.flush()


def serve(options: Options) -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    loaded: dict[str, Any] = {}

    def load_sdk() -> None:
        try:
            from . import server

            loaded["server"] = server
        except Exception as exc:  # noqa: BLE001 - handed to the main thread, which re-raises it
            loaded["error"] = exc

    loader = threading.Thread(target=load_sdk, name="mcp-sdk-import", daemon=True)
    loader.start()

    held: list[str] = []
    initialized = False
    listing: bytes | None = None
    while not loaded:
        raw = stdin.readline()
        if not raw:
            return
        text = raw.decode("utf-8", errors="replace")
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            held.append(text)
            break
        method, request_id = message.get("method"), message.get("id")
        params = message.get("params") or {}
        if method == "initialize" and request_id is not None and not initialized:
            requested = params.get("protocolVersion")
            version = requested if requested in HANDSHAKE_VERSIONS else HANDSHAKE_VERSIONS[-1]
            _answer(stdout, request_id, _dumps(initialize_result(version)))
            held.append(json.dumps({**message, "id": REPLAY_ID}) + "\n")
            initialized = True
        elif method == "notifications/initialized" and initialized:
            held.append(text)
        elif method == "tools/list" and request_id is not None and initialized and not params.get("cursor"):
            if listing is None:
                listing = _dumps({"tools": listed_tools(options)})
            _answer(stdout, request_id, listing)
        elif method == "ping" and request_id is not None and initialized:
            _answer(stdout, request_id, b"{}")
        else:
            held.append(text)
            break
    loader.join()
    if "error" in loaded:
        raise loaded["error"]
    loaded["server"].run(options, stdin=_Replay(held, stdin), stdout=_Output(stdout))
