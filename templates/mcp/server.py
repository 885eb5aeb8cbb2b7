"""The MCP server: tools from `tools.json`, calls through the package's async client.

Arguments are checked against the tool's input schema before any HTTP request (errors name
the field). API errors become tool errors carrying the API's message. Streams are consumed
and returned assembled; binary bodies come back as audio, image or resource content.
`tools.json`, jsonschema and the client are loaded on first use, so the server answers
`initialize` and `tools/list` quickly.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import os
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mcp import types
from mcp.server import Server, ServerRequestContext

from ._catalog import (
    INSTRUCTIONS,
    INVOKE_TOOL,
    LIST_TOOL,
    SCHEMA_TOOL,
    SERVER_NAME,
    SERVER_VERSION,
    Options,
    listed_tools,
    select_tools,
)
from ._data import ASYNC_CLIENT_CLASS, ROUTES

if TYPE_CHECKING:
    import socket

    from .._base_client import AsyncAPIClient

__all__ = ["Options", "ToolError", "Toolbox", "build_server", "run"]


MAX_ERRORS = 5
CONCATENATED = frozenset({"content", "text", "arguments", "reasoning", "reasoning_content", "refusal"})


class ToolError(Exception):
    """A problem reported to the caller as a tool error (not a protocol error)."""


class Toolbox:
    """The selected tools and how to call them; everything heavy is loaded on first use."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._client: AsyncAPIClient | None = None
        self._validators: dict[str, Any] = {}

    # -- the tools -----------------------------------------------------------------------------
    @cached_property
    def tools(self) -> dict[str, dict[str, Any]]:
        return select_tools(self.options)

    @cached_property
    def listing(self) -> types.ListToolsResult:
        listed = listed_tools(self.options, self.tools)
        return types.ListToolsResult(tools=[types.Tool.model_validate(tool) for tool in listed])

    def search(self, query: str | None, limit: int = 25) -> dict[str, Any]:
        query = (query or "").strip().lower()
        found = []
        for tool in self.tools.values():
            text = f"{tool['name']} {tool.get('title', '')} {tool.get('description', '')}".lower()
            if query and any(c in query for c in "*?["):
                hit = fnmatch.fnmatchcase(tool["name"], query)
            else:
                hit = all(word in text or word in text.replace("_", " ") for word in query.split())
            if hit:
                entry = {"name": tool["name"], "title": tool.get("title"), "description": tool["description"]}
                if tool.get("annotations", {}).get("readOnlyHint"):
                    entry["readOnly"] = True
                found.append(entry)
        return {"total": len(found), "tools": found[: max(1, limit)]}

    def tool(self, name: str) -> dict[str, Any]:
        tool = self.tools.get(name)
        if tool is None:
            raise ToolError(
                f"Unknown tool {name!r}."
                + (f" Use {LIST_TOOL} to find tools." if self.options.dynamic else "")
            )
        return tool

    # -- validation ----------------------------------------------------------------------------
    def _validator(self, name: str) -> Any:
        validator = self._validators.get(name)
        if validator is None:
            from jsonschema import Draft202012Validator, validators

            # oneOf is checked as anyOf: overlapping branches in the spec (a string and an enum of
            # strings) must not reject a value the API accepts.
            # (`extend` is untyped in some jsonschema stub versions: call it through Any.)
            extend: Any = validators.extend
            lenient = extend(Draft202012Validator, {"oneOf": Draft202012Validator.VALIDATORS["anyOf"]})
            validator = self._validators[name] = lenient(self.tool(name)["inputSchema"])
        return validator

    def check(self, name: str, arguments: dict[str, Any]) -> None:
        """Raise ToolError naming each bad field when the arguments do not fit the schema."""
        tool = self.tool(name)
        route = ROUTES[name]
        problems = []
        properties = tool["inputSchema"].get("properties", {})
        if not route.get("open"):
            for argument in arguments:
                if argument not in properties:
                    problems.append(f"{argument}: unknown argument (expected: {', '.join(properties)})")
        from jsonschema.exceptions import best_match

        errors = sorted(self._validator(name).iter_errors(arguments), key=lambda e: list(map(str, e.path)))
        for error in errors:
            if error.validator == "additionalProperties" and not error.path:
                continue  # reported above, by name
            tagged = _wrong_tag(error) if error.context else None
            if tagged is not None:
                problems.append(tagged)
                continue
            if error.context:
                error = _likeliest_branch_error(error) or best_match(error.context) or error
            path = [str(p) for p in error.absolute_path]
            if error.validator == "required" and isinstance(error.instance, dict):
                # one error per missing property; its message starts with the property's repr
                missing = [r for r in error.validator_value if r not in error.instance]
                path.append(next((r for r in missing if error.message.startswith(repr(r))), missing[0]))
                message = "required argument is missing" if len(path) == 1 else "required field is missing"
            else:
                message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
            problems.append(f"{'.'.join(path) or '(arguments)'}: {message}")
        if problems:
            shown = problems[:MAX_ERRORS]
            more = f"\n(and {len(problems) - MAX_ERRORS} more)" if len(problems) > MAX_ERRORS else ""
            raise ToolError(f"Invalid arguments for {name}:\n- " + "\n- ".join(shown) + more)

    # -- calling -------------------------------------------------------------------------------
    @property
    def client(self) -> AsyncAPIClient:
        """The package's async client (its class is named in `_data`), made on first use."""
        if self._client is None:
            from .. import _client

            make: Callable[..., AsyncAPIClient] = getattr(_client, ASYNC_CLIENT_CLASS)
            self._client = make(base_url=self.options.base_url)
        return self._client

    async def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        from .._exceptions import APIStatusError, TogetherError

        self.check(name, arguments)
        route = ROUTES[name]
        # Tool arguments carry the client's keyword names (the IR's one Signature).
        kwargs = {
            arg: _files(value, arg) if arg in route.get("files", ()) else value
            for arg, value in arguments.items()
        }
        method: Any = self.client
        for part in ("with_raw_response", *route["key"].split(".")):
            method = getattr(method, part)
        streaming = bool(route.get("stream")) and arguments.get(route["stream"]) is True
        try:
            raw = await method(**kwargs)
            if streaming:
                chunks = [_jsonable(chunk) async for chunk in await raw.parse()]
                return _assembled(chunks)
            return _result(raw.http_response)
        except APIStatusError as exc:
            raise ToolError(f"API error {exc.status_code}: {_api_message(exc)}") from exc
        except TogetherError as exc:
            raise ToolError(f"{type(exc).__name__}: {exc}") from exc

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()


def _api_message(exc: Any) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(error, str):
            return error
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return str(exc.message)


def _files(value: Any, argument: str) -> Any:
    """One file argument, or a list of them (a multipart field taking several files)."""
    if isinstance(value, list):
        return [_file(item, f"{argument}[{index}]") for index, item in enumerate(value)]
    return _file(value, argument)


def _file(value: Any, argument: str) -> Any:
    """{path} or {base64, filename} -> (filename, bytes) for the client; other values as given."""
    if not isinstance(value, dict):
        return value
    if "path" in value:
        path = os.path.expanduser(str(value["path"]))
        try:
            with open(path, "rb") as fh:
                return (value.get("filename") or os.path.basename(path), fh.read())
        except OSError as exc:
            raise ToolError(f"{argument}.path: cannot read {path!r}: {exc.strerror or exc}") from exc
    if "base64" in value:
        try:
            content = base64.b64decode(str(value["base64"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ToolError(f"{argument}.base64: not valid base64 ({exc})") from exc
        return (value.get("filename") or argument, content)
    raise ToolError(f"{argument}: give 'path' or 'base64'")


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", by_alias=True, exclude_unset=True)
    return value


def _text_result(data: Any) -> types.CallToolResult:
    structured = data if isinstance(data, dict) else {"result": data}
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(data, ensure_ascii=False))],
        structured_content=structured,
    )


def _result(response: Any) -> types.CallToolResult:
    """An HTTP response as tool content: JSON structured, media as audio/image/resource."""
    media = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
    body: bytes = response.content
    if not body:
        return types.CallToolResult(
            content=[types.TextContent(text=f"Done (HTTP {response.status_code}, empty body).")],
            structured_content={},
        )
    if media == "application/json" or media.endswith("+json"):
        try:
            return _text_result(json.loads(body))
        except ValueError:
            pass
    if media.startswith("text/") or media in (
        "application/jsonl",
        "application/x-ndjson",
        "application/json",
    ):
        try:
            return types.CallToolResult(content=[types.TextContent(text=body.decode("utf-8"))])
        except UnicodeDecodeError:
            pass
    return _media(body, media or "application/octet-stream", str(response.url))


def _media(body: bytes, media: str, uri: str) -> types.CallToolResult:
    data = base64.b64encode(body).decode("ascii")
    block: types.ContentBlock
    if media.startswith("audio/"):
        block = types.AudioContent(data=data, mime_type=media)
    elif media.startswith("image/"):
        block = types.ImageContent(data=data, mime_type=media)
    else:
        block = types.EmbeddedResource(
            resource=types.BlobResourceContents(uri=uri, mime_type=media, blob=data)
        )
    return types.CallToolResult(content=[block])


def _merge(into: dict[str, Any], chunk: dict[str, Any]) -> None:
    """Fold one stream chunk into the result: text fields concatenate, lists of indexed items
    merge by index, objects merge, other values are replaced by the latest non-null one."""
    for key, value in chunk.items():
        old = into.get(key)
        if value is None:
            into.setdefault(key, None)
        elif isinstance(value, str) and isinstance(old, str) and key in CONCATENATED:
            into[key] = old + value
        elif isinstance(value, dict) and isinstance(old, dict):
            _merge(old, value)
        elif isinstance(value, list) and isinstance(old, list) and _indexed(value) and _indexed(old):
            for item in value:
                target = next((o for o in old if o.get("index") == item.get("index")), None)
                if target is None:
                    old.append(json.loads(json.dumps(item)))
                else:
                    _merge(target, item)
        else:
            into[key] = json.loads(json.dumps(value)) if isinstance(value, dict | list) else value


def _indexed(items: list[Any]) -> bool:
    return all(isinstance(item, dict) and "index" in item for item in items)


def _assembled(chunks: list[Any]) -> types.CallToolResult:
    """The result of a consumed stream: audio chunks (`b64`) joined into audio content, chat
    and completion chunks folded into one completion (`delta` becomes `message`)."""
    objects = [c for c in chunks if isinstance(c, dict)]
    if objects and all(isinstance(c.get("b64"), str) for c in objects):
        audio = b"".join(base64.b64decode(c["b64"]) for c in objects)
        return _media(audio, "audio/pcm", "together://audio/speech")
    result: dict[str, Any] = {}
    for chunk in objects:
        _merge(result, chunk)
    for choice in result.get("choices") or []:
        if isinstance(choice, dict) and "delta" in choice:
            choice["message"] = choice.pop("delta")
    if isinstance(result.get("object"), str) and result["object"].endswith(".chunk"):
        result["object"] = result["object"][: -len(".chunk")]
    return _text_result(result)


def _error(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


def build_server(options: Options) -> tuple[Server[Any], Toolbox]:
    toolbox = Toolbox(options)

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return toolbox.listing

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        name, arguments = params.name, dict(params.arguments or {})
        try:
            if options.dynamic:
                if name == LIST_TOOL:
                    return _text_result(
                        toolbox.search(arguments.get("query"), int(arguments.get("limit") or 25))
                    )
                if name == SCHEMA_TOOL:
                    return _text_result(toolbox.tool(str(arguments.get("name", ""))))
                if name == INVOKE_TOOL:
                    inner = arguments.get("arguments") or {}
                    if not isinstance(inner, dict):
                        raise ToolError("arguments: must be an object")
                    return await toolbox.call(str(arguments.get("name", "")), inner)
                raise ToolError(
                    f"Unknown tool {name!r}: this server runs with --dynamic ({LIST_TOOL}, {SCHEMA_TOOL}, {INVOKE_TOOL})."
                )
            return await toolbox.call(name, arguments)
        except ToolError as exc:
            return _error(str(exc))

    server: Server[Any] = Server(
        SERVER_NAME,
        version=SERVER_VERSION,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
    return server, toolbox


def run(
    options: Options,
    *,
    transport: str = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    sock: socket.socket | None = None,
    stdin: Any = None,
    stdout: Any = None,
) -> None:
    """Serve until the client disconnects (stdio) or the process is stopped (HTTP).

    HTTP serves the MCP endpoint on `sock` (else a socket bound to host:port); with a `token`
    every request must carry it as a bearer token. Whether serving without one is allowed is
    decided by the caller (`__main__` refuses it off loopback). `stdin`/`stdout` replace the
    process's own (text) streams for stdio; by default the SDK takes over descriptors 0 and 1."""
    import anyio

    server, toolbox = build_server(options)
    if transport == "http":
        from ._http import MCP_PATH, BearerGuard, bind, security_settings, serve

        app = server.streamable_http_app(
            streamable_http_path=MCP_PATH, host=host, transport_security=security_settings(host)
        )
        serve(BearerGuard(app, token), sock if sock is not None else bind(host, port))
        return

    async def serve_stdio() -> None:
        from mcp.server.stdio import stdio_server

        try:
            streams = (anyio.wrap_file(stdin), anyio.wrap_file(stdout)) if stdin and stdout else (None, None)
            async with stdio_server(*streams) as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())
        finally:
            await toolbox.close()

    anyio.run(serve_stdio)


def _tag_errors(errors: list[Any]) -> list[Any]:
    """Errors of a union branch that reject the value of one of its own properties by `const` or
    `enum` (`role: "tool"`): the branch is for another kind of object."""
    return [e for e in errors if e.validator in ("const", "enum") and len(e.relative_path) == 1]


def _branches(error: Any) -> dict[int, list[Any]]:
    by_branch: dict[int, list[Any]] = {}
    for sub in error.context:
        if sub.relative_schema_path:
            by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    return by_branch


def _wrong_tag(error: Any) -> str | None:
    """`messages.0.role: 'wizard' is not one of [...]` when no branch of a union takes the value
    of the property its branches are told apart by (a `role`, a `type`)."""
    branches = _branches(error)
    count = len(error.validator_value) if isinstance(error.validator_value, list) else 0
    tags = {i: _tag_errors(errors) for i, errors in branches.items()}
    names = {e.relative_path[0] for errs in tags.values() for e in errs}
    if not count or len(names) != 1 or any(not tags.get(i) for i in range(count)):
        return None
    name = names.pop()
    allowed: list[Any] = []
    for errs in tags.values():
        for e in errs:
            for value in e.validator_value if e.validator == "enum" else [e.validator_value]:
                if value not in allowed:
                    allowed.append(value)
    path = ".".join([*(str(p) for p in error.absolute_path), str(name)])
    value = error.instance.get(name) if isinstance(error.instance, dict) else None
    return f"{path}: {value!r} is not one of {allowed!r}"


def _likeliest_branch_error(error: Any) -> Any:
    """The error of the union branch meant (its tag matches), else of the branch closest to fitting."""
    branches = _branches(error)
    meant = [errors for errors in branches.values() if not _tag_errors(errors)] or list(branches.values())
    if not meant:
        return None
    from jsonschema.exceptions import best_match

    closest: list[Any] = min(meant, key=len)
    return best_match(closest)
