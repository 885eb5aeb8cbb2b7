"""`deprecation-sunset-too-soon` (with `--deprecation-days N`): a new deprecation of an
operation, parameter or property whose sunset date is missing or less than N days away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from togen.drift.deprecation import is_deprecated, sunset_of, sunset_too_soon
from togen.drift.registry import B, api_rule, detector
from togen.drift.sites import Found, OperationPair, ParameterPair, PropertyPair, RawChange


def _message(facts: Mapping[str, Any]) -> str:
    subject = facts.get("subject") or facts["where"]
    if facts["new"] is None:
        return f"{subject}: deprecated without a sunset date"
    return f"{subject}: deprecated with a sunset date less than {facts['days']} days away ({facts['new']})"


TOO_SOON = api_rule(
    "deprecation-sunset-too-soon",
    B,
    "with `--deprecation-days N`: a new deprecation whose sunset is less than N days away",
    "deprecated today, `x-sunset` in 30 days, N = 90",
    _message,
)


def _too_soon(raw: Any, days: int | None) -> tuple[bool, str | None]:
    sunset: dt.date | None = sunset_of(raw)
    return sunset_too_soon(sunset, days), sunset.isoformat() if sunset else None


@detector("operation")
def operation_sunset(pair: OperationPair) -> Iterator[Found]:
    both = pair.both
    if both is None or not both[1].deprecated or both[0].deprecated:
        return
    soon, shown = _too_soon(pair.specs.raw_new(both[1].pointer), pair.specs.deprecation_days)
    if soon:
        yield Found(TOO_SOON, "operation", both[0].pointer, both[1].pointer, None, shown)


@detector("parameter")
def parameter_sunset(pair: ParameterPair) -> Iterator[Found]:
    old, new = pair.old, pair.new
    if old is None or new is None or not new.deprecated or old.deprecated:
        return
    soon, shown = _too_soon(pair.op.specs.raw_new(new.pointer), pair.op.specs.deprecation_days)
    if soon:
        yield Found(TOO_SOON, pair.where, old.pointer, new.pointer, None, shown)


@detector("property")
def property_sunset(pair: PropertyPair) -> Iterator[RawChange]:
    if pair.old_sub is None or pair.new_sub is None or pair.sides.deprecation_days is None:
        return
    if is_deprecated(pair.old_sub[0]) or is_deprecated(pair.sides.old.deref(*pair.old_sub)[0]):
        return
    new_target = pair.sides.new.deref(*pair.new_sub)[0]
    if not (is_deprecated(pair.new_sub[0]) or is_deprecated(new_target)):
        return
    sunset = sunset_of(pair.new_sub[0]) or sunset_of(new_target)
    if sunset_too_soon(sunset, pair.sides.deprecation_days):
        shown = sunset.isoformat() if sunset else None
        yield RawChange(TOO_SOON.kind, B, (pair.name,), pair.old_sub[1], pair.new_sub[1], None, shown)
