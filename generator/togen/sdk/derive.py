"""Derive an OpenAPI 3.1 document from an installed Stainless-style SDK (`sdk:PACKAGE`).

Nothing here reads the SDK's source text, and nothing of the SDK is copied: the document is
what the installed package *does* and *declares* at run time.

1. Walk. An instance of the package's public `Client` class is walked through its public
   attributes: a value with `with_raw_response` is a resource (walked in turn), a function on
   a resource is a method. Methods of the client itself count when their signature has the
   generated methods' `extra_headers` parameter (`client.whoami()`).
2. Record. Every request of a Stainless client goes through its one public `request(cast_to,
   options, stream=..., stream_cls=...)` method: `post`, `get`, `get_api_list` and the rest
   call it. A subclass of the client (plain inheritance, no patching) overrides `request` to
   keep those arguments and stop the call, so nothing is sent; a hand-written method that
   talks to the HTTP client directly (an upload) meets an `httpx.MockTransport` that records
   the request and refuses it. Each method is called with arguments made from its signature:
   every parameter it has, a distinct sentinel for each string or integer so that a path
   parameter is recognised where its sentinel lands in the URL, and a second call with
   `stream=True` when the method can stream. The options give the method, the URL, the
   query, the JSON body, the multipart files, the raw content and the headers.
3. Describe. Parameters and body fields take the recorded wire names; their JSON Schema comes
   from the method's params TypedDict (the one in a `*_params` module the method's module
   imports whose fields best cover what was sent: `Required`/`NotRequired`, `Literal`
   enums, nesting, unions, aliases; `togen.sdk.types`), else from the method's signature.
   The answer's schema comes from `cast_to` through pydantic (`TypeAdapter.json_schemas`,
   one pass for all answers, so components keep the SDK's model names; a shared class name,
   a generic page and a named union are named by `togen.sdk.names`, and each component the
   SDK exports carries its official type path, `x-togen-sdk-type`); a streamed answer is
   `text/event-stream` of `{data: <chunk>}` events and the `[DONE]` sentinel; an
   `APIResponse` subclass (the binary answers) is `application/octet-stream` or what its
   `Accept` header asks for; a page type adds `x-togen-pagination` (its items, and the query
   parameter its `next_page_info()` fills from which field, found by calling it on a page
   built from sentinels).
4. Probe. A request the method sends with `follow_redirects=False` is one whose answer it
   reads itself (the presigned upload's 302): the method is called again and that request
   answered with 200 and each 3xx, so its responses are the statuses it goes on after, with
   the headers it reads from each (`togen.sdk.answers`).

Every operation carries `x-togen-provenance: sdk` and `x-togen-sdk-method` (the dotted
name), its operationId is that name joined by `_`, and its tag is its resource. Two methods
on one route (a hand-written wrapper beside its generated method) give one operation; the
others are listed in `x-togen-sdk-aliases`. Methods that send nothing are listed in the
document's `x-togen-sdk-skipped` with the reason. Everything is sorted, so the same package
version gives the same document byte for byte.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import inspect
import io
import logging
import sys
import tempfile
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import typing_extensions

from togen.core.errors import SpecError
from togen.sdk.answers import PROBE_URL, AnswerProbe, Answers, Run, probe_answers
from togen.sdk.names import class_path_schemas, component_names, reachable_models, renamed_refs, sdk_types
from togen.sdk.types import REQUEST_REF, JsonSchema, RequestSchemas, is_binary, typed_dict_fields, unwrap

PROBE_BASE_URL = PROBE_URL
_OPTION_PARAMETERS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
_SKIPPED_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response"})
_MAX_DEPTH = 4  # nested sample values (recursive TypedDicts)
_HAND_WRITTEN_REQUESTS = 4  # requests a hand-written method may make before it is stopped


_ANSWER_REF = "#/answers/"  # until the answers' schemas exist: `_resolve_refs` replaces them


class _Stop(Exception):
    """Raised by the recording client: the request is recorded, nothing is sent."""


@dataclass
class Recorded:
    method: str
    url: str
    params: dict[str, Any]
    headers: dict[str, Any]
    json_data: Any
    files: Any
    content: Any
    cast_to: Any
    stream: bool
    stream_cls: Any
    raw: bool = False  # seen by the transport, not by `request` (a hand-written upload)
    follow_redirects: bool | None = None  # False: the method reads a 3xx answer itself


@dataclass
class Probe:
    """The sentinels given to one call: value -> parameter name."""

    strings: dict[str, str] = field(default_factory=dict)
    integers: dict[int, str] = field(default_factory=dict)

    def string(self, name: str) -> str:
        value = f"togen-probe-{name.replace('_', '-')}"
        self.strings[value] = name
        return value

    def integer(self, name: str) -> int:
        value = 770001 + len(self.integers)
        self.integers[value] = name
        return value

    def name_of(self, segment: str) -> str | None:
        if segment in self.strings:
            return self.strings[segment]
        if segment.isdigit() and int(segment) in self.integers:
            return self.integers[int(segment)]
        return None


@dataclass
class Sdk:
    """The parts of a Stainless-style package the derivation uses (all public names)."""

    package: str
    version: str
    client_class: type
    not_sent: tuple[type, ...]
    api_response: type | None


def inspect_package(package: str) -> Sdk:
    """The installed package, or one line saying why it cannot be used."""
    source = f"sdk:{package}"
    # never imported: `sdk:this` printed the Zen of Python, `sdk:antigravity` opens a browser
    if package.partition(".")[0] in sys.stdlib_module_names:
        message = f"{package!r} is a module of Python's standard library, not an SDK"
        raise SpecError(source, "", message, code="not-sdk")
    try:
        version = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        version = ""
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError:
        raise SpecError(source, "", f"the package {package!r} is not installed", code="unreadable") from None
    except Exception as exc:
        raise SpecError(source, "", f"importing {package!r} failed: {exc}", code="unreadable") from None
    client = getattr(module, "Client", None)
    not_sent = tuple(t for t in (getattr(module, "Omit", None), getattr(module, "NotGiven", None)) if t)
    stainless = (
        isinstance(client, type)
        and callable(getattr(client, "request", None))
        and callable(getattr(client, "get_api_list", None))
        and len(not_sent) == 2
    )
    if not stainless:
        raise SpecError(
            source,
            "",
            f"{package!r} is not a Stainless-style SDK "
            "(no public Client with request/get_api_list, Omit, NotGiven)",
            code="not-sdk",
        )
    assert isinstance(client, type)
    api_response = getattr(module, "APIResponse", None)
    return Sdk(package, version or getattr(module, "__version__", ""), client, not_sent, api_response)


# -- recording -------------------------------------------------------------------------------


def _recording_client(
    sdk: Sdk,
    raw_calls: list[Recorded],
    answering: list[int],
    answer: Callable[[Any], Any],
    probe: AnswerProbe,
) -> Any:
    """The client; `answering[0]`: how many requests of one call get a made-up answer before
    the call is stopped (0 for generated methods, whose one request is all they do); `probe`:
    the answer its target request gets instead, through the SDK's own request machinery."""

    def refuse(request: httpx.Request) -> httpx.Response:
        if probe.serving:
            return probe.response(request)
        raw_calls.append(
            Recorded(
                request.method.lower(),
                str(request.url),
                dict(request.url.params),
                dict(request.headers),
                None,
                None,
                None,
                None,
                False,
                None,
                raw=True,
            )
        )
        return httpx.Response(400, json={"error": {"message": "recorded by togen sdk-spec"}})

    base: Any = sdk.client_class

    class RecordingClient(base):
        """The SDK's client, keeping each request's arguments instead of sending it."""

        def request(self, cast_to: Any, options: Any, *, stream: bool = False, stream_cls: Any = None) -> Any:
            raw_calls.append(
                Recorded(
                    str(options.method).lower(),
                    str(options.url),
                    dict(options.params or {}),
                    dict(options.headers) if isinstance(options.headers, dict) else {},
                    options.json_data,
                    options.files,
                    options.content,
                    cast_to,
                    stream,
                    stream_cls,
                    follow_redirects=getattr(options, "follow_redirects", None),
                )
            )
            if probe.targets(raw_calls[-1]):
                return probe.through_sdk(
                    lambda: super(RecordingClient, self).request(
                        cast_to, options, stream=stream, stream_cls=stream_cls
                    ),
                    position=len(raw_calls) - 1,
                )
            if len(raw_calls) < answering[0]:  # a hand-written method goes on to its next request
                return answer(cast_to)
            raise _Stop

    http_client = httpx.Client(transport=httpx.MockTransport(refuse))
    try:
        return RecordingClient(api_key="togen-probe-key", base_url=PROBE_BASE_URL, http_client=http_client)
    except TypeError as exc:
        raise SpecError(
            f"sdk:{sdk.package}", "", f"cannot create its Client: {exc}", code="not-sdk"
        ) from None


def walk_methods(client: Any) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(dotted name, bound method) of every API method, sorted by name."""
    found: list[tuple[str, Callable[..., Any]]] = []

    def walk(obj: Any, prefix: str, depth: int) -> None:
        for name in sorted(dir(type(obj))):
            if name.startswith("_") or name in _SKIPPED_ATTRIBUTES:
                continue
            attr = inspect.getattr_static(type(obj), name)
            if isinstance(attr, property) or type(attr).__name__ == "cached_property":
                if depth > 6:
                    continue
                try:
                    value = getattr(obj, name)
                except Exception:
                    continue
                if hasattr(value, "with_raw_response"):
                    walk(value, f"{prefix}{name}.", depth + 1)
            elif inspect.isfunction(attr):
                method = getattr(obj, name)
                if prefix or "extra_headers" in inspect.signature(method).parameters:
                    found.append((f"{prefix}{name}", method))

    walk(client, "", 0)
    return iter(sorted(found, key=lambda item: item[0]))


def method_hints(method: Callable[..., Any]) -> dict[str, Any]:
    function = getattr(method, "__func__", method)
    try:
        return typing.get_type_hints(function, include_extras=True)
    except Exception:
        return {}


class Sampler:
    """Argument values for a call, from the parameters' annotations."""

    def __init__(self, sdk: Sdk, workdir: Path) -> None:
        self.sdk = sdk
        self.workdir = workdir

    def value(self, annotation: Any, name: str, probe: Probe, depth: int = 0) -> Any:
        bare = unwrap(annotation)[0]
        if is_binary(bare):
            return ("togen-probe.jsonl", b'{"text": "togen"}\n', "application/octet-stream")
        if bare is str:
            return probe.string(name) if depth == 0 else "togen"
        if bare is int:
            return probe.integer(name) if depth == 0 else 1
        if bare is float:
            return 0.5
        if bare is bool:
            return False
        if bare is Path or bare is typing.Any or bare is object:
            return self._file() if name in ("file", "path") else "togen"
        origin = typing.get_origin(bare)
        args = typing.get_args(bare)
        if origin is typing.Literal:
            return args[0]
        if origin in (typing.Union, types.UnionType):
            return self._union(args, name, probe, depth)
        if depth >= _MAX_DEPTH:
            return None
        if typing_extensions.is_typeddict(bare):
            return {
                key: self.value(hint, key, probe, depth + 1) for key, hint in typed_dict_fields(bare).items()
            }
        if isinstance(bare, type) and hasattr(bare, "model_fields"):
            return self.model(bare, probe, depth + 1)
        if origin in (dict, typing.Mapping) or (isinstance(origin, type) and issubclass(origin, dict)):
            return {"key": self.value(args[1], "value", probe, depth + 1) if len(args) == 2 else "togen"}
        if origin is not None and args:
            return [self.value(args[0], name, probe, depth + 1)]
        return "togen"

    def _union(self, args: tuple[Any, ...], name: str, probe: Probe, depth: int) -> Any:
        members = [a for a in args if not (isinstance(a, type) and issubclass(a, self.sdk.not_sent))]
        members = [a for a in members if a is not type(None)] or members
        if Path in members and name in ("file", "path"):
            return self._file()
        preferred = sorted(members, key=lambda a: 0 if unwrap(a)[0] in (str, int) else 1)
        return self.value(preferred[0], name, probe, depth) if preferred else None

    def model(self, cls: type, probe: Probe, depth: int) -> Any:
        values = {}
        for key, info in getattr(cls, "model_fields", {}).items():
            values[key] = self.value(info.annotation, key, probe, depth)
        construct = getattr(cls, "construct", None) or cls.model_construct  # type: ignore[attr-defined]
        return construct(**values)

    def answer(self, cast_to: Any) -> Any:
        """A made-up answer of type `cast_to` for a hand-written method's next step."""
        if isinstance(cast_to, type) and hasattr(cast_to, "model_fields"):
            return self.model(cast_to, Probe(), 1)
        members = typing.get_args(unwrap(cast_to)[0])
        models = [m for m in members if isinstance(m, type) and hasattr(m, "model_fields")]
        return self.model(models[0], Probe(), 1) if models else None

    def _file(self) -> Path:
        path = self.workdir / "togen-probe.jsonl"
        if not path.exists():
            path.write_text('{"text": "togen"}\n')
        return path


@dataclass
class MethodCalls:
    name: str
    method: Callable[..., Any]
    probe: Probe
    calls: list[Recorded]  # the first request of each call (plain, then stream=True)
    skipped: str | None = None
    hand_written: bool = False
    answers: Answers | None = None  # a method that reads its answer itself (togen.sdk.answers)


def record_method(
    name: str,
    method: Callable[..., Any],
    sampler: Sampler,
    raw_calls: list[Recorded],
    answering: list[int],
    answer_probe: AnswerProbe | None = None,
) -> MethodCalls:
    signature = inspect.signature(method)
    hints = method_hints(method)
    probe = Probe()
    kwargs: dict[str, Any] = {}
    positional: list[Any] = []
    hand_written = "extra_headers" not in signature.parameters
    optional_none: list[str] = []
    for parameter in signature.parameters.values():
        if hand_written and parameter.default is not inspect.Parameter.empty:
            if _is_wait(parameter):
                kwargs[parameter.name] = 0  # the probe's made-up answers never finish processing
                continue
            if parameter.default is None:
                optional_none.append(parameter.name)
            continue  # its own defaults: a hand-written method checks its arguments
        if parameter.name in _OPTION_PARAMETERS or parameter.kind in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            continue
        if parameter.name.endswith("callback"):
            continue
        annotation = hints.get(parameter.name, str)
        value = sampler.value(annotation, parameter.name, probe)
        if parameter.name == "stream":
            value = False
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(value)
        else:
            kwargs[parameter.name] = value
    result = MethodCalls(name, method, probe, [], hand_written=hand_written)
    variants = [kwargs]
    if "stream" in signature.parameters and not hand_written:
        variants.append({**kwargs, "stream": True})
    for extra in optional_none:  # a hand-written method may want one of its optional arguments
        variants.append({**variants[-1], extra: sampler.value(hints.get(extra, str), extra, probe)})
    problems = []
    answering[0] = _HAND_WRITTEN_REQUESTS if hand_written else 0
    partial: Recorded | None = None
    arguments_of: dict[int, dict[str, Any]] = {}  # id of a recorded call -> the arguments it had
    for arguments in variants:
        raw_calls.clear()
        completed = False
        try:
            method(*positional, **arguments)
            completed = True
        except _Stop:
            pass
        except Exception as exc:  # a hand-written method's own check, or the refused request
            if not raw_calls:
                problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        if not raw_calls:
            continue
        arguments_of.update((id(call), arguments) for call in raw_calls)
        if not hand_written:
            result.calls.append(raw_calls[0])
            continue
        # A hand-written method's operation is its last request through `request` (the ones
        # before it fetch what it needs, through methods of their own), from the first
        # arguments it runs to the end with; else the first request it made.
        through_request = [c for c in raw_calls if not c.raw]
        if completed and through_request:
            result.calls = [through_request[-1]]
            break
        partial = partial or raw_calls[0]
    if hand_written and not result.calls and partial is not None:
        result.calls = [partial]
    if not result.calls:
        result.skipped = "sent no request" + (f" ({problems[0]})" if problems else "")
    elif answer_probe is not None and result.calls[0].follow_redirects is False:
        first = result.calls[0]
        run = _answer_runner(method, positional, arguments_of[id(first)], first, answer_probe, raw_calls)
        result.answers = probe_answers(run)
    return result


def _answer_runner(
    method: Callable[..., Any],
    positional: list[Any],
    arguments: dict[str, Any],
    target: Recorded,
    probe: AnswerProbe,
    raw_calls: list[Recorded],
) -> Run:
    """The method called again with `arguments`, its request `target` answered by the probe;
    it went on when it returned or sent another request after that one."""

    def run(status: int, headers: dict[str, str]) -> tuple[bool, dict[str, str]]:
        probe.arm((target.method, target.url), status, headers)
        raw_calls.clear()
        completed = False
        try:
            method(*positional, **arguments)
            completed = True
        except Exception:  # the method's own error, the refused request or the recording's stop
            pass
        position, read = probe.position, dict(probe.read)
        probe.disarm()
        return position >= 0 and (completed or len(raw_calls) > position + 1), read

    return run


def _is_wait(parameter: inspect.Parameter) -> bool:
    """A hand-written polling method's pause between requests (openai's
    `files.wait_for_processing(poll_interval=5.0)`): seconds the probe would sleep."""
    default = parameter.default
    return "interval" in parameter.name and type(default) in (int, float) and default > 0


def record_all(sdk: Sdk) -> list[MethodCalls]:
    raw_calls: list[Recorded] = []
    answering = [0]
    logger = logging.getLogger(sdk.package)
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # a hand-written method's advice about its made-up arguments
    try:
        with tempfile.TemporaryDirectory(prefix="togen-sdk-") as workdir, _quiet():
            return _record_in(sdk, Path(workdir), raw_calls, answering)
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Whatever a method prints while it is probed is not the document's output."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _record_in(sdk: Sdk, workdir: Path, raw_calls: list[Recorded], answering: list[int]) -> list[MethodCalls]:
    sampler = Sampler(sdk, workdir)
    answer_probe = AnswerProbe()
    client = _recording_client(sdk, raw_calls, answering, sampler.answer, answer_probe)
    return [
        record_method(name, method, sampler, raw_calls, answering, answer_probe)
        for name, method in walk_methods(client)
    ]


# -- describing ------------------------------------------------------------------------------


def _path_of(call: Recorded, probe: Probe) -> tuple[str, list[str]]:
    """The URL's path as a template, and its path parameters in order."""
    url = httpx.URL(call.url)
    path = url.path if url.is_absolute_url or call.url.startswith("/") else "/" + call.url
    names: list[str] = []
    segments = []
    for segment in path.split("/"):
        name = probe.name_of(segment)
        if name is not None:
            names.append(name)
            segments.append("{" + name + "}")
        else:
            segments.append(segment)
    return "/".join(segments) or "/", names


def _params_typed_dict(method: Callable[..., Any], wire: set[str]) -> type | None:
    """The TypedDict of a `*_params` module the method's module imports that best covers the
    wire names sent (most shared names, then fewest unsent, then name)."""
    function = getattr(method, "__func__", method)
    modules = {
        value
        for value in getattr(function, "__globals__", {}).values()
        if isinstance(value, types.ModuleType) and value.__name__.endswith("_params")
    }
    best: tuple[int, int, str] | None = None
    chosen: type | None = None
    for module in sorted(modules, key=lambda m: m.__name__):
        for attr in sorted(vars(module)):
            cls = getattr(module, attr)
            if not (
                typing_extensions.is_typeddict(cls)
                and cls.__module__ == module.__name__
                and attr.endswith("Params")
            ):
                continue
            names = {unwrap(h)[2] or k for k, h in typed_dict_fields(cls).items()}
            shared = len(names & wire)
            if not shared:
                continue
            score = (-shared, len(names - wire), f"{module.__name__}.{attr}")
            if best is None or score < best:
                best, chosen = score, cls
    return chosen


class Describer:
    def __init__(self, sdk: Sdk) -> None:
        self.sdk = sdk
        self.answers: dict[str, Any] = {}  # answer type key -> type
        self.union_names: dict[str, str] = {}  # answer type key -> the SDK's name of its union
        self.request = RequestSchemas(f"{sdk.package}.types", sdk.not_sent, self._model_ref)

    def _model_ref(self, cls: type) -> JsonSchema:
        key = _type_key(cls)
        self.answers[key] = cls
        return {"$ref": f"{_ANSWER_REF}{key}"}  # replaced once the answers' schemas exist

    def parameter_schema(
        self, wire: str, typed_dict: type | None, hints: dict[str, Any], python_names: dict[str, str]
    ) -> tuple[JsonSchema, bool]:
        if typed_dict is not None:
            for key, hint in typed_dict_fields(typed_dict).items():
                _bare, required, alias = unwrap(hint)
                if (alias or key) == wire:
                    total = getattr(typed_dict, "__total__", True)
                    return self.request.of(hint), bool(required or (required is None and total))
        name = python_names.get(wire, wire)
        if name in hints:
            return self.request.of(hints[name]), False
        return {}, False

    def operation(self, calls: MethodCalls) -> tuple[str, str, dict[str, Any]]:
        first = calls.calls[0]
        path, path_names = _path_of(first, calls.probe)
        signature = inspect.signature(calls.method)
        hints = method_hints(calls.method)
        required_args = {
            name
            for name, p in signature.parameters.items()
            if p.default is inspect.Parameter.empty and name not in _OPTION_PARAMETERS
        }
        query = sorted(first.params)
        body = first.json_data if isinstance(first.json_data, dict) else {}
        files = _file_fields(first.files)
        wire = set(query) | set(body) | set(files)
        typed_dict = _params_typed_dict(calls.method, wire)
        python_names: dict[str, str] = {}
        if typed_dict is not None:
            python_names = {unwrap(h)[2] or k: k for k, h in typed_dict_fields(typed_dict).items()}
        parameters: list[dict[str, Any]] = []
        for name in path_names:
            schema = self.request.of(hints.get(name, str))
            parameters.append({"name": name, "in": "path", "required": True, "schema": _not_null(schema)})
        for name in query:
            schema, required = self.parameter_schema(name, typed_dict, hints, python_names)
            required = required or python_names.get(name, name) in required_args
            parameter: dict[str, Any] = {"name": name, "in": "query", "schema": schema}
            if required:
                parameter["required"] = True
            parameters.append(parameter)
        for name, value in sorted(first.headers.items()):
            owner = calls.probe.name_of(str(value))
            if owner is not None:
                schema = self.request.of(hints.get(owner, str))
                parameters.append({"name": name, "in": "header", "schema": schema})
        operation: dict[str, Any] = {
            "operationId": calls.name.replace(".", "_"),
            "tags": [calls.name.rpartition(".")[0] or "client"],
            "x-togen-provenance": "sdk",
            "x-togen-sdk-method": calls.name,
        }
        summary = _summary(calls.method)
        if summary:
            operation["summary"] = summary
        if parameters:
            operation["parameters"] = parameters
        request_body = self._request_body(first, body, files, typed_dict, hints, python_names, required_args)
        if request_body:
            operation["requestBody"] = request_body
        if request_body and any(c.stream for c in calls.calls) and "stream" in body:
            # JSON or form parts (a streamed transcription): the body's one media type
            (media,) = request_body["content"].values()
            media["schema"]["properties"]["stream"] = {"type": "boolean"}
        operation["responses"] = self._responses(calls)
        if first.raw:
            operation["x-togen-sdk-transport"] = "http-client"
        return first.method, path, operation

    def _request_body(
        self,
        call: Recorded,
        body: dict[str, Any],
        files: list[str],
        typed_dict: type | None,
        hints: dict[str, Any],
        python_names: dict[str, str],
        required_args: set[str],
    ) -> dict[str, Any] | None:
        if call.content is not None and not body and not files:
            return {"required": True, "content": {"application/octet-stream": {"schema": {}}}}
        if not body and not files and call.json_data is None:
            return None
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        for name in sorted({*body, *files}):
            schema, is_required = self.parameter_schema(name, typed_dict, hints, python_names)
            if name in files:
                schema = {"type": "string", "format": "binary"}
            properties[name] = schema
            if is_required or python_names.get(name, name) in required_args:
                required.append(name)
        body_schema: JsonSchema = {"type": "object", "properties": properties}
        if required:
            body_schema["required"] = required
        # a body the SDK sends as form parts: with files, or under its own multipart header
        # (the first step of the SDK's presigned file upload)
        media = "multipart/form-data" if files or _declares_multipart(call.headers) else "application/json"
        return {"required": bool(required), "content": {media: {"schema": body_schema}}}

    def _responses(self, calls: MethodCalls) -> dict[str, Any]:
        content: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for call in calls.calls:
            if call.stream and call.stream_cls is not None:
                args = typing.get_args(call.stream_cls)
                event = self._answer(args[0]) if args else {}
                content["text/event-stream"] = {"schema": _event_stream(event)}
                continue
            cast_to = call.cast_to
            if call.raw or cast_to is None:
                content.setdefault("application/json", {"schema": {}})
                continue
            if (
                self.sdk.api_response
                and isinstance(cast_to, type)
                and issubclass(cast_to, self.sdk.api_response)
            ):
                accept = str(call.headers.get("Accept", "application/octet-stream"))
                media = accept if accept not in ("*/*", "application/json") else "application/octet-stream"
                content[media] = {"schema": {"type": "string", "format": "binary"}}
                continue
            if cast_to is type(None):
                continue
            content["application/json"] = {"schema": self._answer(cast_to)}
            self._name_union(cast_to)
            page = _pagination(cast_to, self)
            if page:
                extensions["x-togen-pagination"] = page
        response: dict[str, Any] = {"description": "Successful response"}
        if content:
            response["content"] = dict(sorted(content.items()))
        response.update(extensions)
        if calls.answers:
            return _answered(response, calls.answers)
        return {"200": response}

    def _answer(self, annotation: Any) -> JsonSchema:
        bare = unwrap(annotation)[0]
        if bare in (str, int, float, bool, object) or bare is typing.Any:
            return self.request.of(bare)
        key = _type_key(bare)
        self.answers[key] = bare
        return {"$ref": f"{_ANSWER_REF}{key}"}

    def _name_union(self, annotation: Any) -> None:
        """An answer that is a union the SDK exports under a name (`WhoamiResponse = Union[...]`)
        becomes a component of that name, as a model answer is one of its class's name."""
        bare = unwrap(annotation)[0]
        if typing.get_origin(bare) not in (typing.Union, types.UnionType):
            return
        package = importlib.import_module(self.request.types_package)
        for name in sorted(getattr(package, "__all__", None) or dir(package)):
            if not name.startswith("_") and getattr(package, name, None) in (annotation, bare):
                self.union_names[_type_key(bare)] = name
                return

    def answer_schemas(self) -> tuple[dict[str, JsonSchema], dict[str, JsonSchema]]:
        """{answer key: schema}, {component name: schema}, in one pydantic pass."""
        from pydantic import ConfigDict, TypeAdapter

        adapters: list[tuple[str, Any, Any]] = []
        unschemable: dict[str, JsonSchema] = {}
        for key in sorted(self.answers):
            annotation = self.answers[key]
            config = None if hasattr(annotation, "model_config") else ConfigDict(arbitrary_types_allowed=True)
            try:
                adapter: Any = TypeAdapter(annotation, config=config)
                adapter.json_schema()
            except Exception:  # not data (`httpx.Response` of a hand-written step): any body
                unschemable[key] = {}
                continue
            adapters.append((key, "validation", adapter))
        schemas, definitions = TypeAdapter.json_schemas(
            adapters, ref_template="#/components/schemas/{model}", schema_generator=class_path_schemas()
        )
        found = dict(definitions.get("$defs", {}))
        names = component_names(found, self.request.types_package)
        by_key = {key: renamed_refs(schema, names) for (key, _mode), schema in schemas.items()}
        by_key.update(unschemable)
        components = {names[name]: renamed_refs(schema, names) for name, schema in found.items()}
        models = reachable_models(self.answers.values())
        for name, official in sdk_types(names, models, self.request.types_package).items():
            components[name] = {**components[name], "x-togen-sdk-type": official}
        for key, name in sorted(self.union_names.items()):
            if name not in components and key in by_key:
                components[name] = {**by_key[key], "x-togen-sdk-type": name}
                by_key[key] = {"$ref": f"#/components/schemas/{name}"}
        return by_key, components


def _answered(success: dict[str, Any], answers: Answers) -> dict[str, Any]:
    """The responses of a method that reads its answer itself: the statuses it goes on after
    (the 200 only if it is one of them), each with the headers it reads from it."""
    responses: dict[str, Any] = {}
    for status, headers in sorted(answers.items()):
        response: dict[str, Any] = (
            dict(success) if 200 <= status < 300 else {"description": HTTPStatus(status).phrase}
        )
        if headers:
            ordered = sorted(headers.items(), key=lambda item: item[0].lower())
            response["headers"] = {name: _header(required) for name, required in ordered}
        responses[str(status)] = response
    return responses


def _header(required: bool) -> dict[str, Any]:
    header: dict[str, Any] = {"schema": {"type": "string"}}
    if required:
        header["required"] = True
    return header


def _type_key(annotation: Any) -> str:
    module = getattr(annotation, "__module__", "")
    return f"{module}:{getattr(annotation, '__qualname__', repr(annotation))}:{annotation!r}"


def _declares_multipart(headers: dict[str, Any]) -> bool:
    return any(
        str(name).lower() == "content-type"
        and str(value).split(";")[0].strip().lower() == "multipart/form-data"
        for name, value in headers.items()
    )


def _file_fields(files: Any) -> list[str]:
    if not files:
        return []
    items = files.items() if isinstance(files, dict) else files
    return sorted({str(name).removesuffix("[]") for name, _value in items})


def _not_null(schema: JsonSchema) -> JsonSchema:
    if "anyOf" in schema:
        members = [m for m in schema["anyOf"] if m != {"type": "null"}]
        return members[0] if len(members) == 1 else {"anyOf": members}
    return schema


def _summary(method: Callable[..., Any]) -> str:
    doc = inspect.getdoc(method) or ""
    first = doc.strip().partition("\n\n")[0]
    return " ".join(first.split())[:200]


def _event_stream(event: JsonSchema) -> JsonSchema:
    return {
        "oneOf": [
            {"type": "object", "required": ["data"], "properties": {"data": event}},
            {"type": "object", "required": ["data"], "properties": {"data": {"const": "[DONE]"}}},
        ]
    }


def _pagination(cast_to: Any, describer: Describer) -> dict[str, Any] | None:
    """Where a page type keeps its items and which query parameter its next request sets
    from which field (`next_page_info()` on a page built from sentinels)."""
    if not (isinstance(cast_to, type) and callable(getattr(cast_to, "next_page_info", None))):
        return None
    metadata = getattr(cast_to, "__pydantic_generic_metadata__", {}) or {}
    origin = metadata.get("origin") or cast_to
    fields = getattr(cast_to, "model_fields", {})
    values: dict[str, Any] = {}
    sentinels: dict[str, str] = {}
    items = None
    for name, info in fields.items():
        bare = unwrap(info.annotation)[0]
        if typing.get_origin(bare) in (list, typing.List):  # noqa: UP006
            values[name] = []
            items = name
        else:
            values[name] = f"togen-page-{name}"
            sentinels[f"togen-page-{name}"] = name
    page: dict[str, Any] = {"page": origin.__name__}
    if items:
        page["items"] = items
    with contextlib.suppress(Exception):
        page_type: Any = cast_to
        info = page_type.construct(**values).next_page_info()
        params = getattr(info, "params", None) or {}
        page["next"] = {str(k): sentinels.get(str(v), str(v)) for k, v in sorted(params.items())}
    return page


def _resolve_refs(node: Any, by_key: dict[str, JsonSchema], names: dict[str, str]) -> Any:
    """Answers' placeholders replaced by their schemas; requests' by their component refs."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_ANSWER_REF):
            return _resolve_refs(by_key[ref[len(_ANSWER_REF) :]], by_key, names)
        if isinstance(ref, str) and ref.startswith(REQUEST_REF):
            return {**node, "$ref": f"#/components/schemas/{names[ref[len(REQUEST_REF) :]]}"}
        return {k: _resolve_refs(v, by_key, names) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve_refs(v, by_key, names) for v in node]
    return node


def derive_document(package: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the installed SDK `package`."""
    sdk = inspect_package(package)
    recorded = record_all(sdk)
    describer = Describer(sdk)
    paths: dict[str, dict[str, Any]] = {}
    routes: dict[tuple[str, str], dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    for calls in recorded:
        if calls.skipped:
            skipped[calls.name] = calls.skipped
            continue
        method, path, operation = describer.operation(calls)
        route = (method, _template_key(path))
        if route in routes:  # a second method on one route: an alias of the first
            routes[route].setdefault("x-togen-sdk-aliases", []).append(calls.name)
            continue
        routes[route] = operation
        paths.setdefault(path, {})[method] = operation
    by_key, components = describer.answer_schemas()
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": f"{package} SDK surface",
            "version": sdk.version or "0",
            "description": (
                f"Derived by togen from the installed `{package}` {sdk.version} package "
                "(introspection and recorded calls)."
            ),
        },
        "x-togen-provenance": "sdk",
        "x-togen-sdk": {"package": package, "version": sdk.version},
        "paths": {},
        "components": {"schemas": {}},
    }
    for path in sorted(paths):
        document["paths"][path] = {m: paths[path][m] for m in sorted(paths[path])}
    names = describer.request.final_names(components)
    document["paths"] = _resolve_refs(document["paths"], by_key, names)
    request_components = {
        names[n]: _resolve_refs(s, by_key, names) for n, s in describer.request.components.items()
    }
    all_components = {**components, **request_components}
    document["components"]["schemas"] = {name: all_components[name] for name in sorted(all_components)}
    if skipped:
        document["x-togen-sdk-skipped"] = dict(sorted(skipped.items()))
    return document


def _template_key(path: str) -> str:
    import re

    return re.sub(r"{[^}/]+}", "{}", path)
