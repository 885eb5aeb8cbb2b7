"""`parameter-removed` (client) and `field-removed`: a method's parameter or a model's
attribute is gone (callers passing it, readers of it, fail)."""

from __future__ import annotations

from collections.abc import Iterator

from togen.drift.registry import B, client_rule, detector
from togen.drift.sites import MemberPair, SurfaceFound

_MESSAGE = "{noun} `{name}` removed"
REMOVED = {
    True: client_rule(
        "parameter-removed",
        B,
        "a method's keyword argument was removed (callers passing it fail)",
        "`client.files.list(purpose)`",
        _MESSAGE,
    ),
    False: client_rule(
        "field-removed", B, "a model attribute was removed (readers fail)", "`models.File.purpose`", _MESSAGE
    ),
}


@detector("member")
def member_removed(pair: MemberPair) -> Iterator[SurfaceFound]:
    if pair.old is not None and pair.new is None:
        yield SurfaceFound(REMOVED[pair.is_method], pair.symbol, pair.old[0])
