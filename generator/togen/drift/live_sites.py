"""The sites of the live check (`togen.drift.live`): what its walk hands the detectors of the
`live` rules (`togen.drift.rules.live_*`), and what a detector hands back (`LiveFound`).

- `live-failure` (`LiveFailure`): a request that failed after others got through;
- `live-answer` (`LiveAnswer`): a response as a whole (its status, its body's syntax); a
  finding here ends the answer's check;
- `live-value` (`LiveValue`): every value of a JSON body checked against its schema node
  (the walk descends into objects and arrays whose type matches; of a union it keeps the
  branch with the fewest findings);
- `live-clean` (`LiveAnswer`): an answer nothing was found in.

The walk adds the operation and the location (`request`, `response STATUS`) and words the
finding with its rule's message over its facts.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from togen.drift.canonical import Node, json_type
from togen.drift.registry import Rule
from togen.drift.schema_walk import render_path
from togen.spec.ir import Content, Operation, Response

NOT_JSON = object()  # the body of an answer that does not parse as JSON


class LiveFound:
    """One finding at a live site: where in the spec (`pointer`), the field's path in the body
    and the value the server sent; `facts` word the message."""

    __slots__ = ("rule", "pointer", "path", "value", "facts")

    def __init__(
        self, rule: Rule, pointer: str | None, path: str = "", value: Any = None, **facts: Any
    ) -> None:
        self.rule = rule
        self.pointer = pointer
        self.path = path
        self.value = value
        self.facts = facts


class LiveFailure:
    """A request to `op` that failed (timeout, reset) after others got through."""

    __slots__ = ("op", "error")

    def __init__(self, op: Operation, error: str) -> None:
        self.op = op
        self.error = error


class LiveAnswer:
    """The server's answer to `op`: its status and the spec's response for it."""

    def __init__(self, op: Operation, status: int, response: Any) -> None:
        self.op = op
        self.status = status
        self.response = response  # the HTTP client's response (`json()`, `headers`)
        self.declared: dict[str, Response] = {r.status: r for r in op.responses}

    @cached_property
    def spec_response(self) -> Response | None:
        """The spec's response for the status (exact, `NXX`, `default`), None when undeclared."""
        status = str(self.status)
        return (
            self.declared.get(status) or self.declared.get(f"{status[0]}XX") or self.declared.get("default")
        )

    @cached_property
    def content(self) -> Content | None:
        """The spec's JSON content of a success answer with a schema: the body to check."""
        spec_response = self.spec_response
        if spec_response is None or not (200 <= self.status < 300):
            return None
        content = spec_response.content("json")
        return content if content is not None and content.schema else None

    @cached_property
    def body(self) -> Any:
        """The body parsed as JSON, `NOT_JSON` when it does not parse."""
        try:
            return self.response.json()
        except ValueError:
            return NOT_JSON


class LiveValue:
    """A value of a JSON body at `path` and the spec's schema node for it."""

    __slots__ = ("node", "value", "path", "type_matches")

    def __init__(self, node: Node, value: Any, path: tuple[str, ...]) -> None:
        self.node = node
        self.value = value
        self.path = path
        types = node.types
        self.type_matches = (
            value is None
            or types is None
            or self.json_type in types
            or (self.json_type == "integer" and "number" in types)
        )

    @property
    def json_type(self) -> str:
        return json_type(self.value)

    def field(self, *below: str) -> str:
        """The field's path as shown (`data[].id`), or of a field below it."""
        return render_path((*self.path, *below))
