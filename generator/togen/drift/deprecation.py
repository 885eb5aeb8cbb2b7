"""Deprecation and sunset: how a removal is rated, and `--deprecation-days`.

A removal is rated by what the old spec said about the removed thing:
- not `deprecated: true`                  -> `<thing>-removed` (the plain kind);
- deprecated, no sunset date              -> `<thing>-removed-after-deprecation`;
- deprecated, sunset date still ahead     -> `<thing>-removed-before-sunset` (breaking);
- deprecated, sunset date passed          -> `<thing>-removed-after-sunset` (expected).

The sunset date is `x-sunset` (oasdiff's and Stainless's extension) or `sunset`, written
as an ISO date (`2026-12-31`), an ISO date-time, or an HTTP date as in the `Sunset`
header (RFC 8594: `Sat, 31 Dec 2026 23:59:59 GMT`). "Today" is the UTC date of the run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SUNSET_KEYS = ("x-sunset", "sunset")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    # Imported here: the e-mail package (and the socket module it loads) costs every drift
    # process ~10 ms, and only a sunset written as an HTTP date needs it.
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def sunset_of(node: Any) -> dt.date | None:
    """The sunset date written on an operation, parameter or schema (None when absent or
    unreadable)."""
    if not isinstance(node, dict):
        return None
    for key in SUNSET_KEYS:
        if key in node:
            return parse_date(node[key])
    return None


def is_deprecated(node: Any) -> bool:
    return isinstance(node, dict) and node.get("deprecated") is True


def removal_suffix(deprecated: bool, sunset: dt.date | None, on: dt.date | None = None) -> str:
    """The suffix of the removal kind: "", "-after-deprecation", "-before-sunset" or
    "-after-sunset"."""
    if not deprecated and sunset is None:
        return ""
    if sunset is None:
        return "-after-deprecation"
    return "-before-sunset" if sunset > (on or today()) else "-after-sunset"


def removal_note(deprecated: bool, sunset: dt.date | None) -> str:
    if sunset is not None:
        return f" (sunset {sunset.isoformat()})"
    return " (deprecated before)" if deprecated else ""


def sunset_too_soon(sunset: dt.date | None, days: int | None, on: dt.date | None = None) -> bool:
    """True when `--deprecation-days days` is given and the sunset (or, without one, the
    deprecation itself: a deprecation with no sunset date gives callers no notice period
    at all) is less than `days` days away."""
    if days is None:
        return False
    if sunset is None:
        return True
    return (sunset - (on or today())).days < days
