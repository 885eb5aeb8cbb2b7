"""`togen.core.computed_once`: a value is computed on the first read only, per instance, also on
frozen dataclasses (as the schema views are)."""

from __future__ import annotations

from dataclasses import dataclass, field

from togen.core.computed_once import computed_once


@dataclass(frozen=True)
class Counted:
    name: str
    calls: list[str] = field(default_factory=list)

    @computed_once
    def shout(self) -> str:
        self.calls.append(self.name)
        return self.name.upper()


def test_computed_on_first_read_only_per_instance() -> None:
    a, b = Counted("a"), Counted("b")
    assert (a.shout, a.shout, b.shout) == ("A", "A", "B")
    assert a.calls == ["a"] and b.calls == ["b"]
    assert isinstance(Counted.__dict__["shout"], computed_once)
    assert Counted.shout is Counted.__dict__["shout"]  # read on the class: the descriptor itself
