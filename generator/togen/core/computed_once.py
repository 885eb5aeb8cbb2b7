"""`computed_once`: `functools.cached_property` without its lock, for hot read-only objects.

CPython 3.11 takes a per-class RLock on every first read of a `cached_property` (3.12 dropped
it). A `togen drift --history` run reads about 180,000 properties of schema views once each, and
the lock measured a tenth of its time. The values it caches are pure functions of data that never
changes after loading, so two threads computing one twice is harmless. Remove this module when
the toolkit requires Python 3.12.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


class computed_once(Generic[_T]):  # noqa: N801 - a decorator, named like the one it replaces
    """A property computed on first read and stored in the instance's `__dict__` (which a frozen
    dataclass instance still has), where later reads find it before this descriptor."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> computed_once[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> _T | computed_once[_T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value  # found before this (non-data) descriptor from now on
        return value
