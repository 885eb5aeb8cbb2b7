"""`method-removed`, `method-added` and `method-renamed`: the client's methods, one per
operation the generator makes a method of (matched by method + path, like the API diff)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, client_rule, detector
from togen.drift.sites import MethodPair, SurfaceFound

REMOVED = client_rule(
    "method-removed",
    B,
    "a client method was removed",
    "`client.endpoints.hardware.list`",
    "method removed ({signature})",
)
ADDED = client_rule(
    "method-added", N, "a client method was added", "`client.batches.create`", "method added ({signature})"
)
RENAMED = client_rule(
    "method-renamed",
    B,
    "the same operation has a new method name",
    "`client.fine_tune` -> `client.fine_tuning`",
    "`client.{old}` is now `client.{new}` ({signature})",
)


@detector("method")
def client_method(pair: MethodPair) -> Iterator[SurfaceFound]:
    old, new = pair.old, pair.new
    op = new or old
    if op is None:
        return
    facts = {"signature": op.signature}
    if new is None and old is not None:
        yield SurfaceFound(REMOVED, f"client.{old.key}", old.key, facts=facts, origin=old.origin)
    elif old is None and new is not None:
        yield SurfaceFound(ADDED, f"client.{new.key}", None, new.key, facts=facts, origin=new.origin)
    elif old is not None and new is not None and old.key != new.key:
        yield SurfaceFound(RENAMED, f"client.{new.key}", old.key, new.key, facts=facts)
