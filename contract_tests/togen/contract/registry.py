"""The registry of contract checks: what `checks.CHECKS` is made of. Every check the suite
runs or reports is registered there by the `@check` decorator, in the order the report
lists them (the shape of schemathesis's own `checks.py`: small named functions in one
registry).

A check has a kind, which says who calls it and with what:
- `response`: every response, as `func(target, ctx, response, case)`; `bind` turns it
  into the `(ctx, response, case)` callable schemathesis runs;
- `auth`: the auth probe, as `func(status, label)` -> the problem or None;
- `stateful`: a create -> retrieve -> list -> delete sequence, as `func(step, ...)` ->
  the problem or None (stateful.py).

Naming a check that is not registered raises `UnknownCheck`: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["response", "auth", "stateful"]
KINDS: tuple[Kind, ...] = ("response", "auth", "stateful")


class UnknownCheck(LookupError):
    """A check name that is not registered."""


@dataclass(frozen=True)
class Check:
    name: str
    kind: Kind
    func: Callable[..., Any]

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


class Registry:
    """Checks by name, in registration order."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def check(self, kind: Kind = "response", name: str | None = None) -> Callable[[Any], Any]:
        """Register the decorated function as the check `name` (default: its own name)."""
        if kind not in KINDS:
            raise ValueError(f"unknown check kind {kind!r} (one of {', '.join(KINDS)})")

        def register(func: Any) -> Any:
            key = name or func.__name__
            if key in self._checks:
                raise ValueError(f"check {key!r} is registered twice")
            self._checks[key] = Check(key, kind, func)
            return func

        return register

    def get(self, name: str) -> Check:
        try:
            return self._checks[name]
        except KeyError:
            known = ", ".join(self._checks)
            raise UnknownCheck(f"no contract check named {name!r} (registered: {known})") from None

    def require(self, names: Iterable[str]) -> list[Check]:
        """The checks of `names`; raises UnknownCheck on the first name not registered."""
        return [self.get(name) for name in names]

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def names(self, kind: Kind | None = None) -> list[str]:
        return [c.name for c in self._checks.values() if kind is None or c.kind == kind]

    def bind(self, target: Any, names: Iterable[str] | None = None) -> list[Callable[..., Any]]:
        """Response checks as schemathesis callables `(ctx, response, case)` reading `target`
        (every registered one, or those of `names`)."""
        checks = self.require(names) if names is not None else list(self._checks.values())
        bound = []
        for item in checks:
            if item.kind != "response":
                if names is not None:
                    raise UnknownCheck(f"{item.name!r} is a {item.kind} check, not a response check")
                continue
            bound.append(_bound(item, target))
        return bound


def _bound(item: Check, target: Any) -> Callable[..., Any]:
    func = item.func

    def run(ctx: Any, response: Any, case: Any) -> Any:
        return func(target, ctx, response, case)

    # schemathesis names a failure after the callable's __name__.
    run.__name__ = run.__qualname__ = item.name
    run.__doc__ = func.__doc__
    return run
