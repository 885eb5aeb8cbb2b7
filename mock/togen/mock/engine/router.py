"""Which handler answers a method and path: the spec's operations at their effective path
(literal paths first by dict lookup, then templated ones, the most literal segments first)
and the mock's own routes (health, images, storage, the SDK upload flow), with 404 for an
unknown path and 405 (with `Allow`) for a known path and another method."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.responses import Response

from togen.mock.engine.call import Call, MockError
from togen.mock.engine.handler import OperationHandler

Endpoint = Callable[[Call], Awaitable[Response]]
Target = OperationHandler | Endpoint
Methods = dict[str, Target]


def _group(name: str) -> str:
    """A regex group name for any path parameter name (`shelf-id`, `book.isbn`, `2nd`)."""
    return "g" + name.encode().hex()


def _template_pattern(path: str) -> str:
    """`/shelves/{shelf-id}/books/{book.isbn}` -> a regex whose groups are the parameters (the
    literal parts escaped, the names not: escaping first would mangle `-` and `.` in names)."""
    parts = re.split(r"{([^}/]+)}", path)
    return "".join(
        f"(?P<{_group(part)}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )


class Router:
    def __init__(self) -> None:
        self.static: dict[str, Methods] = {}
        self.dynamic: list[tuple[re.Pattern[str], Methods]] = []
        self.group_names: dict[str, str] = {}  # regex group -> path parameter name
        self._templated: dict[str, tuple[re.Pattern[str], Methods, int]] = {}
        self._extras: dict[str, Methods] = {}

    def add_operations(self, handlers: list[OperationHandler]) -> None:
        """Route every operation (call once, before `add_route`)."""
        for handler in handlers:
            op = handler.op
            path = op.effective_path
            if "{" not in path:
                self.static.setdefault(path, {})[op.method] = handler
                continue
            if path not in self._templated:
                pattern = re.compile("^" + _template_pattern(path) + "$")
                literal = sum(1 for s in path.split("/") if s and not s.startswith("{"))
                self._templated[path] = (pattern, {}, literal)
            self._templated[path][1][op.method] = handler
            self.group_names.update({_group(n): n for n in re.findall(r"{([^}/]+)}", path)})
        ordered = sorted(self._templated.values(), key=lambda t: -t[2])
        self.dynamic = [(pattern, methods) for pattern, methods, _ in ordered]

    def add_route(self, method: str, path: str, endpoint: Endpoint) -> None:
        """A non-spec route: `{name}` segments become path params; a later route on the same
        templated path adds its method to the earlier one."""
        if "{" not in path:
            self.static.setdefault(path, {})[method] = endpoint
            return
        if path in self._extras:
            self._extras[path][method] = endpoint
            return
        pattern = re.compile("^" + _template_pattern(path) + "$")
        self.group_names.update({_group(n): n for n in re.findall(r"{([^}/]+)}", path)})
        self._extras[path] = {method: endpoint}
        self.dynamic.insert(0, (pattern, self._extras[path]))

    def route(self, method: str, path: str) -> tuple[Target, dict[str, str]]:
        methods = self.static.get(path)
        params: dict[str, str] = {}
        if methods is None:
            for pattern, candidates in self.dynamic:
                match = pattern.match(path)
                if match:
                    methods = candidates
                    params = {self.group_names.get(k, k): v for k, v in match.groupdict().items()}
                    break
        if methods is None:
            if len(path) > 1 and path.endswith("/"):
                return self.route(method, path.rstrip("/"))
            raise MockError(404, f"Unknown path {path}: not an operation of the spec.", code="not_found")
        target = methods.get(method)
        if target is None:
            if method == "HEAD" and "GET" in methods:
                return methods["GET"], params
            allowed = ", ".join(sorted(methods))
            raise MockError(
                405,
                f"Method {method} not allowed on {path} (allowed: {allowed}).",
                headers={"Allow": allowed},
            )
        return target, params
