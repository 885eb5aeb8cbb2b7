"""Sentinels and type aliases shared by the runtime and the generated resources."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Final, Literal, TypeAlias, final

if TYPE_CHECKING:
    import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "Timeout",
    "omit",
]


@final
class NotGiven:
    """Marks an argument the caller did not pass, so it is left out of the request.

    Distinct from ``None``, which is sent as JSON ``null``.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@final
class Omit:
    """Removes a header the client would send by default: ``extra_headers={"User-Agent": omit}``."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit: Final = Omit()

Timeout: TypeAlias = "float | httpx.Timeout | None"
Headers: TypeAlias = Mapping[str, "str | Omit"]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object

# A file input: a path, raw bytes, or an open binary file object, optionally as a
# ``(filename, content)`` or ``(filename, content, content_type)`` tuple.
FileContent: TypeAlias = "IO[bytes] | bytes | os.PathLike[str] | str"
FileTypes: TypeAlias = (
    "FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]"
)
