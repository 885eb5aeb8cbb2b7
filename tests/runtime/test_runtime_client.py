from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict

API_KEY = "sk-test-SECRET-1234567890"


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    n: int = 0


def echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": "x"})


# -- paths ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("file-123", "/v1/files/file-123"),
        ("../x", "/v1/files/..%2Fx"),
        ("a/b", "/v1/files/a%2Fb"),
        ("%", "/v1/files/%25"),
        ("%2F", "/v1/files/%252F"),
        ("a b", "/v1/files/a%20b"),
        ("ünï/😀", "/v1/files/%C3%BCn%C3%AF%2F%F0%9F%98%80"),
        ("?q=1#f", "/v1/files/%3Fq%3D1%23f"),
        ("..", "/v1/files/%2E%2E"),
        (".", "/v1/files/%2E"),
        (42, "/v1/files/42"),
    ],
)
def test_path_parameters_cannot_change_the_path(
    rt: Any, make_client: Any, recorder: Any, value: object, expected: str
) -> None:
    path = rt.base_client.path_template("/v1/files/{id}", id=value)
    assert path == expected
    rec = recorder(echo)
    make_client(rec).request("GET", path, cast_to=object)
    assert rec.requests[0].url.raw_path.decode() == expected
    assert rec.requests[0].url.query == b""


def test_path_template_several_and_odd_names(rt: Any) -> None:
    path = rt.base_client.path_template("/v1/a/{x}/b/{model-id}", **{"x": "1/2", "model-id": "m"})
    assert path == "/v1/a/1%2F2/b/m"


def test_empty_path_parameter_rejected(rt: Any) -> None:
    # the official SDK's words: users' tests match on them
    with pytest.raises(ValueError, match=r"^Expected a non-empty value for `id` but received ''$"):
        rt.base_client.path_template("/v1/files/{id}", id="")


# -- base url ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("base_url", "url"),
    [
        ("https://api.together.ai", "https://api.together.ai/v1/chat/completions"),
        ("https://api.together.ai/", "https://api.together.ai/v1/chat/completions"),
        ("https://api.together.ai/v1", "https://api.together.ai/v1/chat/completions"),
        ("https://api.together.ai/v1/", "https://api.together.ai/v1/chat/completions"),
        ("http://127.0.0.1:4010", "http://127.0.0.1:4010/v1/chat/completions"),
        ("http://proxy.local/together", "http://proxy.local/together/v1/chat/completions"),
        ("http://proxy.local/together/v1", "http://proxy.local/together/v1/chat/completions"),
    ],
)
def test_base_url_is_host_root(make_client: Any, recorder: Any, base_url: str, url: str) -> None:
    rec = recorder(echo)
    make_client(rec, base_url=base_url).request("POST", "/v1/chat/completions", cast_to=object, body={})
    assert str(rec.requests[0].url) == url


def test_v2_path_on_same_host(make_client: Any, recorder: Any) -> None:
    rec = recorder(echo)
    make_client(rec, base_url="https://api.together.ai/v1").request("GET", "/v2/videos/x", cast_to=object)
    assert str(rec.requests[0].url) == "https://api.together.ai/v2/videos/x"


# -- headers, body, query, timeouts ----------------------------------------------------------------
def test_default_headers(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(echo)
    client = make_client(rec, default_headers={"X-Team": "blue"})
    client.request("GET", "/v1/models", cast_to=object)
    headers = rec.requests[0].headers
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["user-agent"] == "together-client/9.8.7"
    assert headers["accept"] == "application/json"
    assert headers["x-team"] == "blue"


def test_body_query_and_extras(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(echo)
    client = make_client(rec)
    ng = rt.types.NOT_GIVEN
    client.request(
        "POST",
        "/v1/chat/completions",
        cast_to=object,
        params={"limit": 3, "tags": ["a", "b"], "flag": True, "skip": ng, "none": None},
        body={"model": "m", "temperature": ng, "stop": None, "msgs": [Item(id="1")], "t": (1, 2)},
        extra_headers={"X-Extra": "1", "User-Agent": rt.types.omit},
        extra_query={"debug": "yes"},
        extra_body={"top_k": 5},
        timeout=3.5,
    )
    req = rec.requests[0]
    assert json.loads(req.content) == {
        "model": "m",
        "stop": None,
        "msgs": [{"id": "1"}],
        "t": [1, 2],
        "top_k": 5,
    }
    assert req.headers["content-type"] == "application/json"
    assert req.url.params.multi_items() == [
        ("limit", "3"),
        ("tags", "a"),
        ("tags", "b"),
        ("flag", "true"),
        ("debug", "yes"),
    ]
    assert req.headers["x-extra"] == "1"
    assert "together-client" not in req.headers["user-agent"]  # ours is gone (httpx adds its own)
    assert req.extensions["timeout"] == httpx.Timeout(3.5).as_dict()


def test_default_timeout_and_override(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(echo)
    client = make_client(rec, timeout=httpx.Timeout(10.0, connect=2.0))
    client.request("GET", "/v1/x", cast_to=object)
    client.request("GET", "/v1/x", cast_to=object, timeout=None)
    assert rec.requests[0].extensions["timeout"] == httpx.Timeout(10.0, connect=2.0).as_dict()
    assert rec.requests[1].extensions["timeout"] == httpx.Timeout(None).as_dict()
    plain = rt.base_client.SyncAPIClient(api_key="k", base_url="http://h")
    assert plain.timeout == httpx.Timeout(60.0, connect=5.0)
    assert plain.max_retries == 2
    plain.close()


def test_with_options_copies(make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(500))
    client = make_client(rec)
    quick = client.with_options(max_retries=0, timeout=1.0)
    assert quick.max_retries == 0 and client.max_retries == 2
    with pytest.raises(Exception):  # noqa: B017
        quick.request("GET", "/v1/x", cast_to=object)
    assert rec.calls == 1


# -- parsing --------------------------------------------------------------------------------------
def test_parse_models_lists_and_none(make_client: Any, recorder: Any) -> None:
    client = make_client(recorder(httpx.Response(200, json={"id": "a", "n": 2, "new_field": True})))
    item = client.request("GET", "/v1/x", cast_to=Item)
    assert isinstance(item, Item) and item.n == 2 and item.model_extra == {"new_field": True}
    client = make_client(recorder(httpx.Response(200, json=[{"id": "a"}, {"id": "b"}])))
    items = client.request("GET", "/v1/x", cast_to=list[Item])
    assert [i.id for i in items] == ["a", "b"]
    client = make_client(recorder(httpx.Response(204)))
    assert client.request("DELETE", "/v1/x", cast_to=type(None)) is None


class Outer(BaseModel):
    model_config = ConfigDict(extra="allow")

    required_but_missing: str
    items: list[Item]
    first: Item | None = None


def test_lenient_validation_by_default(make_client: Any, recorder: Any) -> None:
    client = make_client(recorder(httpx.Response(200, json={"id": 5, "n": "many"})))
    item = client.request("GET", "/v1/x", cast_to=Item)
    assert isinstance(item, Item) and item.__dict__["id"] == 5  # returned unvalidated rather than failing


def test_lenient_parsing_keeps_nested_models_typed(make_client: Any, recorder: Any) -> None:
    """An off-spec body (a required field missing) still gives typed nested models."""
    body = {"items": [{"id": "a", "n": 1}, {"id": "b", "n": "bad"}], "first": {"id": "c"}, "new": 1}
    outer = make_client(recorder(httpx.Response(200, json=body))).request("GET", "/v1/x", cast_to=Outer)
    assert isinstance(outer, Outer)
    assert isinstance(outer.items[0], Item) and outer.items[0].n == 1
    assert isinstance(outer.items[1], Item) and outer.items[1].__dict__["n"] == "bad"
    assert isinstance(outer.first, Item) and outer.first.id == "c"
    assert outer.model_extra == {"new": 1}
    assert "required_but_missing" not in outer.model_fields_set


def test_parsing_fast_path_and_its_fallbacks(rt: Any, make_client: Any, recorder: Any) -> None:
    """Valid bodies parse in one pass (models and type expressions); bad JSON still raises clearly."""
    ok = make_client(recorder(httpx.Response(200, json=[{"id": "a", "n": 1}])))
    assert ok.request("GET", "/v1/x", cast_to=list[Item]) == [Item(id="a", n=1)]
    bad = make_client(recorder(httpx.Response(200, content=b"{not json", headers={"content-type": "x"})))
    with pytest.raises(rt.exceptions.APIResponseValidationError, match="not JSON"):
        bad.request("GET", "/v1/x", cast_to=Item)


# -- raw responses, binary, multipart -----------------------------------------------------------------
def test_raw_response_wrapper(rt: Any, make_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(200, json={"id": "a"}, headers={"x-request-id": "r-1", "x-ratelimit": "9"}))
    client = make_client(rec)

    def retrieve(item_id: str) -> Item:
        return client.request("GET", f"/v1/items/{item_id}", cast_to=Item)  # type: ignore[no-any-return]

    raw = rt.response.to_raw_response_wrapper(retrieve)("a")
    assert isinstance(raw, rt.response.APIResponse)
    assert raw.status_code == 200 and raw.headers["x-ratelimit"] == "9" and raw.request_id == "r-1"
    parsed = raw.parse()
    assert isinstance(parsed, Item) and parsed is raw.parse()
    assert isinstance(retrieve("a"), Item)  # the flag does not outlive the call


def test_async_raw_response_wrapper(rt: Any, make_async_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(201, json={"id": "a"}))

    async def main() -> Any:
        client = make_async_client(rec)

        async def create() -> Item:
            return await client.request("POST", "/v1/items", cast_to=Item)  # type: ignore[no-any-return]

        raw = await rt.response.async_to_raw_response_wrapper(create)()
        assert isinstance(raw, rt.response.AsyncAPIResponse)  # as in the official SDK: await .parse()
        return raw, await raw.parse(), await raw.json()

    raw, parsed, data = asyncio.run(main())
    assert raw.status_code == 201 and parsed.id == "a" and data == {"id": "a"} and raw.retries_taken == 0


def test_binary_response_and_redirect(rt: Any, make_client: Any, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.test":
            return httpx.Response(307, headers={"location": "https://storage.example.test/blob?sig=1"})
        assert "authorization" not in request.headers  # not forwarded to another host
        return httpx.Response(200, content=b"\x00\x01audio" * 1000, headers={"content-type": "audio/wav"})

    client = make_client(handler)
    binary = client.request_binary("GET", "/v1/files/f/content")
    assert isinstance(binary, rt.response.BinaryAPIResponse) and binary.is_closed
    assert binary.content.startswith(b"\x00\x01audio") and len(binary.content) == 7000
    assert binary.content_type == "audio/wav"
    assert b"".join(binary.iter_bytes(100)) == binary.content
    target = tmp_path / "out.wav"
    binary.write_to_file(target)
    assert target.read_bytes() == binary.content


def multipart_parts(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """field -> (filename, content type, payload) from a multipart body (small, test-only parser)."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    parts: dict[str, tuple[str | None, str | None, bytes]] = {}
    for raw in request.read().split(b"--" + boundary)[1:-1]:
        head, _, payload = raw.removeprefix(b"\r\n").removesuffix(b"\r\n").partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        disp = next(line for line in lines if line.lower().startswith("content-disposition"))
        name = disp.split('name="')[1].split('"')[0]
        filename = disp.split('filename="')[1].split('"')[0] if "filename=" in disp else None
        ctype = next(
            (line.split(": ", 1)[1] for line in lines if line.lower().startswith("content-type")), None
        )
        parts[name] = (filename, ctype, payload)
    return parts


def test_multipart_inputs(make_client: Any, recorder: Any, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"text": "hi"}\n')
    audio = tmp_path / "clip.mp3"
    audio.write_bytes(b"ID3")
    cases = [
        (path, ("train.jsonl", None, b'{"text": "hi"}\n')),
        (str(path), ("train.jsonl", None, b'{"text": "hi"}\n')),
        (b"raw bytes", ("file", "application/octet-stream", b"raw bytes")),
        (open(audio, "rb"), ("clip.mp3", "audio/mpeg", b"ID3")),  # noqa: SIM115
        (io.BytesIO(b"mem"), ("file", "application/octet-stream", b"mem")),
        (("data.csv", b"a,b\n"), ("data.csv", "text/csv", b"a,b\n")),
        (("x.bin", b"01", "application/x-custom"), ("x.bin", "application/x-custom", b"01")),
        ((None, audio), ("clip.mp3", "audio/mpeg", b"ID3")),
    ]
    for value, (filename, ctype, payload) in cases:
        rec = recorder(echo)
        make_client(rec).request(
            "POST",
            "/v1/files/upload",
            cast_to=object,
            files={"file": value},
            body={
                "purpose": "fine-tune",
                "n": 2,
                "check": False,
                "skip": None,
                "tags": ["a", "b"],
                "o": {"k": 1},
            },
        )
        parts = multipart_parts(rec.requests[0])
        assert parts["file"][0] == filename
        if ctype is not None:
            assert parts["file"][1] == ctype
        assert parts["file"][2] == payload
        assert parts["purpose"][2] == b"fine-tune"
        assert parts["n"][2] == b"2" and parts["check"][2] == b"false"
        assert parts["o"][2] == b'{"k":1}'
        assert "skip" not in parts
        assert rec.requests[0].headers["content-type"].startswith("multipart/form-data")
        if hasattr(value, "close"):
            value.close()


def test_file_or_url_field(rt: Any, make_client: Any, recorder: Any) -> None:
    """A field that may be a file or a URL: a URL is a plain form field, anything else a file part."""
    file_or_field = rt.files.file_or_field
    for value, expected in (
        ("https://example.com/a.wav", (None, None, b"https://example.com/a.wav")),
        (b"RIFF", ("file", "application/octet-stream", b"RIFF")),
        (("a.wav", b"RIFF"), ("a.wav", "audio/x-wav", b"RIFF")),
    ):
        rec = recorder(echo)
        make_client(rec).request(
            "POST",
            "/v1/audio/transcriptions",
            cast_to=object,
            files={"file": file_or_field(value)},
            body={"model": "w", "language": "en"},
        )
        request = rec.requests[0]
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        parts = multipart_parts(request)
        assert parts["file"][0] == expected[0]
        assert parts["file"][2] == expected[2]
        if expected[1]:
            assert parts["file"][1] in (expected[1], "audio/wav")
        assert parts["model"][2] == b"w" and parts["language"][2] == b"en"
    assert file_or_field("local/path.wav") == "local/path.wav"  # a path stays a file to upload


# -- secrets -------------------------------------------------------------------------------------
def test_api_key_not_in_repr(rt: Any, make_client: Any) -> None:
    client = make_client(echo)
    assert API_KEY not in repr(client)
    assert API_KEY not in str(client)
    assert API_KEY not in repr(vars(client))
    assert client.api_key == API_KEY
    assert "api.example.test" in repr(client)


def test_api_key_not_in_debug_logs(
    rt: Any, make_client: Any, recorder: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rec = recorder(httpx.Response(503, json={"error": {"message": f"bad {API_KEY}"}}), httpx.Response(401))
    client = make_client(rec)
    with caplog.at_level(logging.DEBUG, logger=rt.package), pytest.raises(rt.exceptions.AuthenticationError):
        client.request(
            "POST",
            "/v1/chat/completions",
            cast_to=object,
            body={"model": "m"},
            extra_headers={"X-Api-Key": API_KEY},
        )
    text = caplog.text
    assert "Request (attempt 1): POST https://api.example.test/v1/chat/completions" in text
    assert "Retrying" in text and '"401 Unauthorized"' in text
    assert "***" in text
    assert API_KEY not in text


LOG_SCRIPT = """
import httpx
from {package}._base_client import SyncAPIClient

transport = httpx.MockTransport(lambda request: httpx.Response(200, json={{"id": "x"}}))
client = SyncAPIClient(
    api_key="sk-SECRET-42", base_url="https://api.example.test", http_client=httpx.Client(transport=transport)
)
client.request("GET", "/v1/models", cast_to=object)
"""


@pytest.mark.parametrize("level", ["", "info", "debug"])
def test_together_log_env_logs_like_the_official_sdk(rt: Any, level: str) -> None:
    """TOGETHER_LOG=info prints httpx's request line (as the official SDK does), debug adds our
    request details with the key redacted, unset prints nothing."""
    root = Path(rt.base_client.__file__).parents[1]
    env = {**os.environ, "TOGETHER_LOG": level, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT.format(package=rt.package)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    request_line = 'HTTP Request: GET https://api.example.test/v1/models "HTTP/1.1 200 OK"'
    if not level:
        assert done.stderr == ""
        return
    assert request_line in done.stderr and " - INFO] " in done.stderr
    assert ("Request (attempt 1): GET" in done.stderr) == (level == "debug")
    assert "sk-SECRET-42" not in done.stderr


def test_missing_key_and_bad_http_client(rt: Any) -> None:
    with pytest.raises(rt.exceptions.TogetherError):
        rt.base_client.SyncAPIClient(api_key="", base_url="http://h")
    with pytest.raises(TypeError):
        rt.base_client.SyncAPIClient(api_key="k", base_url="http://h", http_client=httpx.AsyncClient())


def test_context_manager_closes_owned_client_only(rt: Any) -> None:
    with rt.base_client.SyncAPIClient(api_key="k", base_url="http://h") as owned:
        pass
    assert owned._client.is_closed
    mine = httpx.Client()
    with rt.base_client.SyncAPIClient(api_key="k", base_url="http://h", http_client=mine):
        pass
    assert not mine.is_closed
    mine.close()


# -- response modes, copy(), lenient aliases ----------------------------------------------------------
def test_raw_response_counts_retries_and_times_the_call(rt: Any, make_client: Any, recorder: Any) -> None:
    # A body that arrives as a stream, as from a network (a pre-read Response is never "closed").
    rec = recorder(httpx.Response(503), lambda request: httpx.Response(200, content=iter([b'{"id":"a"}'])))
    client = make_client(rec)

    def retrieve() -> Item:
        return client.request("GET", "/v1/items/a", cast_to=Item)  # type: ignore[no-any-return]

    raw = rt.response.to_raw_response_wrapper(retrieve)()
    assert raw.retries_taken == 1 and rec.calls == 2
    assert raw.elapsed.total_seconds() >= 0 and raw.json() == {"id": "a"}
    assert list(raw.iter_lines()) == ['{"id":"a"}'] and raw.parse(to=dict) == {"id": "a"}


def test_streamed_response_leaves_the_body_unread(rt: Any, make_client: Any) -> None:
    chunks = [b'{"id": ', b'"a"}\n', b"second line\n"]
    client = make_client(lambda request: httpx.Response(200, content=iter(chunks)))

    def retrieve() -> Item:
        return client.request("GET", "/v1/items/a", cast_to=Item)  # type: ignore[no-any-return]

    with rt.response.to_streamed_response_wrapper(retrieve)() as response:
        assert isinstance(response, rt.response.APIResponse) and not response.is_closed
        assert list(response.iter_lines()) == ['{"id": "a"}', "second line"]
    assert response.is_closed
    with rt.response.to_streamed_response_wrapper(retrieve)() as response:
        assert response.read() == b"".join(chunks)
    with pytest.raises(rt.exceptions.APIResponseValidationError):
        retrieve()  # the mode does not outlive the call: parsed (two JSON lines are not an Item)


def test_async_streamed_response(rt: Any, make_async_client: Any, recorder: Any) -> None:
    rec = recorder(httpx.Response(200, json={"id": "a"}))

    async def main() -> tuple[list[str], Item, bool]:
        client = make_async_client(rec)

        async def create() -> Item:
            return await client.request("POST", "/v1/items", cast_to=Item)  # type: ignore[no-any-return]

        async with rt.response.async_to_streamed_response_wrapper(create)() as response:
            assert isinstance(response, rt.response.AsyncAPIResponse)
            lines = [line async for line in response.iter_lines()]
            parsed = await response.parse()
        return lines, parsed, response.is_closed

    lines, parsed, closed = asyncio.run(main())
    assert lines == ['{"id":"a"}'] and parsed == Item(id="a") and closed


def test_copy_merges_or_replaces_options(make_client: Any, recorder: Any) -> None:
    rec = recorder(echo)
    client = make_client(rec, default_headers={"X-A": "1"}, default_query={"q": "1"})
    merged = client.copy(default_headers={"X-B": "2"}, default_query={"r": "2"}, max_retries=5, timeout=3)
    merged.request("GET", "/v1/x", cast_to=object)
    sent = rec.requests[-1]
    assert sent.headers["x-a"] == "1" and sent.headers["x-b"] == "2"
    assert dict(sent.url.params) == {"q": "1", "r": "2"} and sent.extensions["timeout"]["read"] == 3
    replaced = client.with_options(set_default_headers={"X-C": "3"}, set_default_query={}, api_key="sk-2")
    replaced.request("GET", "/v1/x", cast_to=object, extra_query={"e": "1"})
    sent = rec.requests[-1]
    assert "x-a" not in sent.headers and sent.headers["x-c"] == "3" and dict(sent.url.params) == {"e": "1"}
    assert sent.headers["authorization"] == "Bearer sk-2"
    assert client.max_retries == 2 and merged.max_retries == 5 and client.api_key != "sk-2"
    moved = client.copy(base_url="https://other.example.test/v1/")
    assert str(moved.base_url) == "https://other.example.test"
    for bad in ({"max_retries": -1}, {"max_response_size": 0}, {"api_key": ""}):
        with pytest.raises((ValueError, TypeError, Exception)):
            client.copy(**bad)
    with pytest.raises(TypeError):
        client.copy(http_client=httpx.AsyncClient())


def test_lenient_parsing_unwraps_type_aliases(rt: Any, make_client: Any, recorder: Any) -> None:
    """A TypeAliasType (what datamodel-code-generator emits for `ModelInfoList`) is looked through:
    off-spec items are still built as models, a wrong top-level kind is an error."""
    from typing_extensions import TypeAliasType

    items = TypeAliasType("items", list[Item])
    client = make_client(recorder(httpx.Response(200, json=[{"id": "a"}, {"n": 2}])))
    got = client.request("GET", "/v1/x", cast_to=items)
    assert [type(i) for i in got] == [Item, Item] and got[0].id == "a" and got[1].n == 2
    wrong = make_client(recorder(httpx.Response(200, json={"data": []})))
    with pytest.raises(rt.exceptions.APIResponseValidationError):
        wrong.request("GET", "/v1/x", cast_to=items)
    empty = make_client(recorder(httpx.Response(200)))
    assert empty.request("GET", "/v1/x", cast_to=Item | None) is None
    with pytest.raises(rt.exceptions.APIResponseValidationError, match="got none"):
        empty.request("GET", "/v1/x", cast_to=Item)


def test_raw_wrappers_pass_arguments_named_mode_and_func_through(rt: Any) -> None:
    """A method's own argument may be called `mode` (the SDK's clusters.remediations.create has
    one): the wrappers' own parameters must not capture it."""

    def method(*, mode: str, func: str) -> tuple[str, str]:
        return mode, func

    async def async_method(*, mode: str, func: str) -> tuple[str, str]:
        return mode, func

    assert rt.response.to_raw_response_wrapper(method)(mode="m", func="f") == ("m", "f")
    wrapped = rt.response.async_to_raw_response_wrapper(async_method)
    assert asyncio.run(wrapped(mode="m", func="f")) == ("m", "f")
