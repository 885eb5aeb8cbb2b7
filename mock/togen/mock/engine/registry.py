"""Where endpoint behaviours register: the decorators and the tables the app reads.

    @behaviour("chat.completions.create")
    def chat_completions(handler: OperationHandler, call: Call) -> Response: ...

A behaviour answers one operation, named as the SDKs name it (`spec/config.toml`
[operations]); `precheck` runs before the request schema is validated; `record_hook`
fills a record its operation creates; `routes` adds routes outside the spec once the
app is built. A name that is not an operation of the configuration, or a second
registration under one name, is an error at import (`UnknownBehaviour`), never a
behaviour that silently does not run. The behaviours themselves live in
`togen.mock.behaviours`, imported once by the app factory (server.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.responses import Response

from togen.mock.engine.call import Call

if TYPE_CHECKING:
    from togen.mock.engine.context import Context
    from togen.mock.engine.handler import OperationHandler

Behaviour = Callable[["OperationHandler", Call], Response]
Precheck = Callable[["OperationHandler", Call], None]
RecordHook = Callable[["Context", Call, dict[str, Any], str], None]  # (app, call, record, collection)
Installer = Callable[[Any], None]  # called with the built MockApp

BEHAVIOURS: dict[str, Behaviour] = {}
PRECHECKS: dict[str, Precheck] = {}
RECORD_HOOKS: dict[str, RecordHook] = {}
INSTALLERS: list[Installer] = []

F = TypeVar("F", bound=Callable[..., Any])


class UnknownBehaviour(LookupError):
    """A registration under a name no operation has, or under a name already taken."""


@functools.cache
def operation_names() -> frozenset[str]:
    """Every SDK-style operation name of `spec/config.toml` [operations]."""
    from togen.spec.naming import NamesConfig

    return frozenset(".".join(parts) for parts in NamesConfig.read().operations.values())


def name_of(method: str, effective_path: str) -> str | None:
    """The SDK name `spec/config.toml` gives an operation (`POST /v1/chat/completions` ->
    `chat.completions.create`), for behaviours that follow a route rather than a name."""
    from togen.spec.naming import NamesConfig

    parts = NamesConfig.read().lookup(method, effective_path)
    return ".".join(parts) if parts else None


def _register(table: dict[str, Any], kind: str, name: str) -> Callable[[F], F]:
    if name not in operation_names():
        raise UnknownBehaviour(f"{kind} {name!r}: no operation has that name in spec/config.toml")

    def register(function: F) -> F:
        if name in table:
            raise UnknownBehaviour(f"{kind} {name!r} is registered twice ({table[name].__module__})")
        table[name] = function
        return function

    return register


def behaviour(name: str) -> Callable[[F], F]:
    """Register the answer of operation `name` (`chat.completions.create`)."""
    return _register(BEHAVIOURS, "behaviour", name)


def precheck(name: str) -> Callable[[F], F]:
    """Register a check of operation `name`'s request that runs before schema validation."""
    return _register(PRECHECKS, "precheck", name)


def record_hook(name: str) -> Callable[[F], F]:
    """Register what fills a record the create operation `name` stores."""
    return _register(RECORD_HOOKS, "record hook", name)


def routes(install: F) -> F:
    """Register a function that adds routes outside the spec to the built app."""
    INSTALLERS.append(install)
    return install
