"""The answers a method reads itself: which statuses it goes on after, and which headers it needs.

A request the SDK sends with `follow_redirects=False` (a public field of its request options)
is one whose 3xx the method handles itself: the presigned upload of `together`'s
`files.upload` reads `Location` and `X-Together-File-Id` from a 302 and PUTs the bytes there.
The document must say so, or a server answering that 302 is "undocumented". Nothing tells
which status and which headers but the method's own behaviour, so the probe asks it:

- the request is answered (through the SDK's own request machinery: the client's transport
  hands over the answer, so a 3xx reaches the method as the SDK's status error, as on the
  wire) with 200 and with each 3xx status in turn, first without headers;
- the header names the method reads from that answer once it has it (not those the SDK's
  request machinery reads on the way) are offered back, each as a token or as a URL, in
  every combination (a method may validate one as a URL and the other as an id);
- a status is documented when, with some of those values, the method goes on (makes its next
  request, or returns); a header it read is required when leaving it out stops it again.

Every step is in a fixed order and the values are fixed: the same package gives the same
answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

PROBE_URL = "http://sdk-probe.invalid"
SUCCESS = 200  # the success status the rest of the derivation documents
REDIRECTS = tuple(sorted(int(code) for code in httpx.codes if 300 <= code < 400))
_HEADER_ROUNDS = 3  # a method may read a header only once an earlier one is there
_MAX_COMBINED = 4  # headers whose token/URL values are tried in every combination

# {status: {header name as the method spells it: required}}
Answers = dict[int, dict[str, bool]]


class _WatchedHeaders(httpx.Headers):
    """An answer's headers that note the names read once the method has the answer."""

    def __init__(self, headers: dict[str, str], probe: AnswerProbe) -> None:
        super().__init__(headers)
        self.probe = probe

    def __getitem__(self, key: str) -> str:  # `get` reads through it too
        self.probe.note(key)
        return super().__getitem__(key)

    def __contains__(self, key: Any) -> bool:
        self.probe.note(key)
        return super().__contains__(key)


@dataclass
class AnswerProbe:
    """The answer one target request gets, and what the method read from it."""

    target: tuple[str, str] | None = None  # (method, URL) of the request to answer
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    serving: bool = False  # the transport answers the next request it sees with this
    position: int = -1  # where the target request is among the call's recorded requests
    read: dict[str, str] = field(default_factory=dict)  # lower-case name -> name as read
    watching: bool = False

    def arm(self, target: tuple[str, str], status: int, headers: dict[str, str]) -> None:
        self.target, self.status, self.headers = target, status, headers
        self.serving = self.watching = False
        self.position = -1
        self.read = {}

    def disarm(self) -> None:
        self.target = None
        self.serving = self.watching = False

    def targets(self, call: Any) -> bool:
        return self.target is not None and self.position < 0 and (call.method, call.url) == self.target

    def through_sdk(self, send: Callable[[], Any], position: int) -> Any:
        """Send the target request through the SDK's machinery, the transport answering it."""
        self.position = position
        self.serving = True
        try:
            return send()
        finally:
            self.serving = False
            self.watching = True  # from here on, what reads the answer is the method

    def response(self, request: httpx.Request) -> httpx.Response:
        self.serving = False  # one answer: a retry would meet the refusing transport
        response = httpx.Response(self.status, request=request)
        response.headers = _WatchedHeaders(self.headers, self)
        return response

    def note(self, key: Any) -> None:
        if self.watching and isinstance(key, str):
            self.read.setdefault(key.lower(), key)


# (status, headers) -> (the method went on, {lower-case name: name} of the headers it read)
Run = Callable[[int, dict[str, str]], tuple[bool, dict[str, str]]]


def probe_answers(run: Run) -> Answers:
    """The statuses the method goes on after, with the headers it reads from each."""
    answers: Answers = {}
    for status in (SUCCESS, *REDIRECTS):
        headers = _headers_to_go_on(run, status)
        if headers is not None:
            answers[status] = headers
    return answers


def _headers_to_go_on(run: Run, status: int) -> dict[str, bool] | None:
    offered: dict[str, str] = {}
    for _round in range(_HEADER_ROUNDS):
        read: dict[str, str] = {}
        for values in _candidates(offered):
            went_on, seen = run(status, values)
            if went_on:
                return _required(run, status, values, {**offered, **seen})
            read.update(seen)
        new = {key: name for key, name in sorted(read.items()) if key not in offered}
        if not new:
            return None
        offered.update(new)
    return None


def _candidates(offered: dict[str, str]) -> list[dict[str, str]]:
    names = [offered[key] for key in sorted(offered)]
    kinds: list[tuple[bool, ...]]
    if len(names) <= _MAX_COMBINED:
        kinds = list(itertools.product((False, True), repeat=len(names)))
    else:
        kinds = [(False,) * len(names), (True,) * len(names)]
    return [{name: _value(name, url) for name, url in zip(names, kind, strict=True)} for kind in kinds]


def _value(name: str, url: bool) -> str:
    token = "togen-probe-" + name.lower()
    return f"{PROBE_URL}/{token}" if url else token


def _required(run: Run, status: int, values: dict[str, str], read: dict[str, str]) -> dict[str, bool]:
    """{header read: whether the method stops without it}."""
    headers: dict[str, bool] = {}
    for key in sorted(read):
        name = read[key]
        offered = next((n for n in values if n.lower() == key), None)
        if offered is None:
            headers[name] = False  # read but not offered, and the method went on
            continue
        went_on, _seen = run(status, {n: v for n, v in values.items() if n != offered})
        headers[name] = not went_on
    return headers
