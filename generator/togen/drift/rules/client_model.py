"""`model-removed`, `model-added` and `model-renamed`: the client's model classes. A removed
class and an added one with the same fields are a rename (`togen.drift.surface` pairs them);
potentially breaking for a class hoisted from an inline schema, whose name was never chosen."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, N, P, client_rule, detector
from togen.drift.sites import ModelPair, SurfaceFound

REMOVED = client_rule("model-removed", B, "a model class was removed", "`models.Hardware`", "model removed")
ADDED = client_rule("model-added", N, "a model class was added", "`models.Batch`", "model added")
RENAMED = client_rule(
    "model-renamed",
    B,
    "a model class has a new name, same fields (potentially for hoisted ones)",
    "`A` -> `B`",
    "model `{old}` is now `{new}` (same fields)",
)


@detector("model")
def client_model(pair: ModelPair) -> Iterator[SurfaceFound]:
    old, new = pair.old, pair.new
    if old is not None and new is not None:
        yield SurfaceFound(RENAMED, f"models.{new}", old, new, level=P if pair.hoisted else None)
    elif old is not None:
        yield SurfaceFound(REMOVED, f"models.{old}", old)
    elif new is not None:
        yield SurfaceFound(ADDED, f"models.{new}", None, new)
