"""The walk of two canonical schemas (`togen.drift.canonical`) that the schema rules read.

`SchemaDiff.compare` walks two nodes in one direction (`request` data: a narrowing breaks
old callers; `response` data: a widening may break old parsers) and calls the detectors of
`togen.drift.rules` at each site (`togen.drift.sites`): every pair of nodes it compares
(`node`), those compared as objects (`object`), each of their properties (`property-removed`,
`property-added`, `property` for one both have) and
the branches a union comparison leaves unmatched (`branches`). It decides what is compared
with what: properties by name, array items, `additionalProperties`, union branches by tag,
component, title, shape and overlap, and an object with a tag enum against a union tagged
by it (`_compare_split`). Results are memoized per pair of nodes built from `$ref`s (by
what they hold, `_identity`), and a pair already being compared further up the stack is
skipped, so recursive schemas terminate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from togen.drift.canonical import (
    LOWER_BOUNDS,
    MISSING,
    UPPER_BOUNDS,
    Canonicalizer,
    Node,
    Sub,
    freeze,
    type_overlap,
)
from togen.drift.rules import REGISTRY  # importing the rules registers their detectors
from togen.drift.sites import (
    Branch,
    BranchDelta,
    NodePair,
    PropertyPair,
    RawChange,
    SchemaSides,
    TagValue,
)
from togen.spec.schema import component_name

Direction = Literal["request", "response"]

MAX_DEPTH = 64


def render_path(parts: tuple[str, ...]) -> str:
    text = ""
    for part in parts:
        if part == "[]":
            text += "[]"
        elif part.startswith("oneOf["):
            text += f".{part}" if text else part
        else:
            text += f".{part}" if text else part
    return text


class SchemaDiff:
    """Compares schemas of two documents; one instance per pair of specs."""

    def __init__(
        self,
        old: Canonicalizer,
        new: Canonicalizer,
        *,
        deprecation_days: int | None = None,
        same_component: Callable[[str], bool] = lambda name: False,
        same_raw: Callable[[Any, Any], bool] = lambda old, new: False,
    ) -> None:
        """`same_component(name)`: True when the component and all it references are the same
        in both documents (`togen.drift.unchanged`): a `$ref` to it compares as no change
        without building its nodes. `same_raw(old, new)`: the same for two subschemas as
        written (an inline property that did not change, in a model that did)."""
        self.old = old
        self.new = new
        self.sides = SchemaSides(old, new, deprecation_days)
        self._node_detectors = REGISTRY.detectors["node"]
        self._object_detectors = REGISTRY.detectors["object"]
        self._removed_detectors = REGISTRY.detectors["property-removed"]
        self._added_detectors = REGISTRY.detectors["property-added"]
        self._property_detectors = REGISTRY.detectors["property"]
        self._branch_detectors = REGISTRY.detectors["branches"]
        self.same_component = same_component
        self.same_raw = same_raw
        self._memo: dict[tuple[Any, ...], list[RawChange]] = {}
        self._active: set[tuple[Any, ...]] = set()

    def compare(self, old: Sub, new: Sub, direction: Direction, depth: int = 0) -> list[RawChange]:
        ref = old[0].get("$ref") if isinstance(old[0], dict) else None
        if ref is not None and isinstance(new[0], dict) and new[0].get("$ref") == ref:
            # A `$ref`'s siblings never count (`Canonicalizer.deref`): the same unchanged target
            # is the same node on both sides.
            name = component_name(ref)
            if name is not None and self.same_component(name):
                return []
        if self.same_raw(old[0], new[0]):
            return []  # what both accept is the same: no node of it needs building
        o = self.old.node(*old)
        n = self.new.node(*new)
        return self.compare_nodes(o, n, direction, depth)

    def compare_nodes(self, o: Node, n: Node, direction: Direction, depth: int = 0) -> list[RawChange]:
        if depth > MAX_DEPTH:
            return []
        key: tuple[Any, ...] | None = None
        if o.refs and n.refs:
            key = (direction, _identity(o), _identity(n))
            cached = self._memo.get(key)
            if cached is not None:
                return cached
            if key in self._active:
                return []  # recursion: this pair is already being compared further up
            self._active.add(key)
        try:
            result = self._compare(o, n, direction, depth)
        finally:
            if key is not None:
                self._active.discard(key)
        if key is not None:
            self._memo[key] = result
        return result

    # -- the walk: which pairs of nodes and properties the rules look at

    def _compare(self, o: Node, n: Node, d: Direction, depth: int) -> list[RawChange]:
        out: list[RawChange] = []
        if o.branches or n.branches:
            out.extend(self._compare_unions(o, n, d, depth))
            if not (o.branches and n.branches):
                return out  # the non-union side was compared as a branch
        pair = NodePair(self.sides, o, n, d)
        for detect in self._node_detectors:
            out.extend(detect(pair))
        common_types = _common_types(o, n)
        if "object" in common_types or (o.props and n.props):
            for detect in self._object_detectors:
                out.extend(detect(pair))
            self._compare_properties(o, n, d, depth, out)
        if "array" in common_types and o.items is not None and n.items is not None:
            out.extend(c.under("[]") for c in self.compare(o.items, n.items, d, depth + 1))
        return out

    def _compare_properties(self, o: Node, n: Node, d: Direction, depth: int, out: list[RawChange]) -> None:
        for name, old_sub in o.props.items():
            if name not in n.props:
                removed = PropertyPair(self.sides, o, n, d, name, old_sub, None)
                for detect in self._removed_detectors:
                    out.extend(detect(removed))
        for name, added_sub in n.props.items():
            if name not in o.props:
                added = PropertyPair(self.sides, o, n, d, name, None, added_sub)
                for detect in self._added_detectors:
                    out.extend(detect(added))
        for name, old_sub in o.props.items():
            new_sub = n.props.get(name)
            if new_sub is None:
                continue
            both = PropertyPair(self.sides, o, n, d, name, old_sub, new_sub)
            for detect in self._property_detectors:
                out.extend(detect(both))
            out.extend(c.under(name) for c in self.compare(old_sub, new_sub, d, depth + 1))
        if isinstance(o.additional, tuple) and isinstance(n.additional, tuple):
            out.extend(c.under("*") for c in self.compare(o.additional, n.additional, d, depth + 1))

    def _branches(
        self, o: Node, n: Node, d: Direction, removed: list[Branch], added: list[Branch], **tags: Any
    ) -> list[RawChange]:
        delta = BranchDelta(self.sides, o, n, d, tuple(removed), tuple(added), **tags)
        return [change for detect in self._branch_detectors for change in detect(delta)]

    def _compare_unions(self, o: Node, n: Node, d: Direction, depth: int) -> list[RawChange]:
        split = self._compare_split(o, n, d, depth)
        if split is not None:
            return split
        old_branches = self._branch_nodes(self.old, o)
        new_branches = self._branch_nodes(self.new, n)
        pairs, removed, added = match_branches(old_branches, new_branches, self.old, self.new)
        # A branch whose values the other side still accepts (or already accepted) is a
        # refactor, not a narrowing or widening: `anyOf: [enum, string]` -> `string`.
        removed = [ob for ob in removed if not any(covers(self.new, nb, self.old, ob) for nb in new_branches)]
        added = [nb for nb in added if not any(covers(self.old, ob, self.new, nb) for ob in old_branches)]
        gone = []
        for ob in removed:
            label = branch_label(ob, self.old, old_branches.index(ob))
            gone.append(Branch(label, ob.ptr, (f"oneOf[{label}]",) if o.branches else ()))
        new = []
        for nb in added:
            label = branch_label(nb, self.new, new_branches.index(nb))
            new.append(Branch(label, nb.ptr, (f"oneOf[{label}]",) if n.branches else ()))
        out = self._branches(o, n, d, gone, new) if gone or new else []
        single = len(old_branches) == 1 and len(new_branches) == 1
        for ob, nb in pairs:
            changes = self.compare_nodes(ob, nb, d, depth + 1)
            if single:
                out.extend(changes)
            else:
                label = branch_label(nb, self.new, new_branches.index(nb))
                out.extend(c.under(f"oneOf[{label}]") for c in changes)
        return out

    def _compare_split(self, o: Node, n: Node, d: Direction, depth: int) -> list[RawChange] | None:
        """One object with a tag enum (`role: [system, user, ...]`) against a union of
        branches tagged by that property (`oneOf: [{role: system, ...}, {role: user, ...}]`),
        either way round: compare each branch with the object restricted to its tag value.
        None when the schemas are not shaped like that."""
        if bool(o.branches) == bool(n.branches):
            return None
        single, union = (o, n) if not o.branches else (n, o)
        single_canon, union_canon = (self.old, self.new) if single is o else (self.new, self.old)
        branches = self._branch_nodes(union_canon, union)
        tags = [b.tag(union_canon) for b in branches]
        if not all(tags) or len({t[0][0] for t in tags}) != 1:
            return None
        prop = tags[0][0][0]
        if prop not in single.props:
            return None
        raw_prop, prop_ptr = single.props[prop]
        target, where, _ = single_canon.deref(raw_prop, prop_ptr)
        values = single_canon.node(raw_prop, prop_ptr).enum
        if values is None or len(values) < 2:
            return None
        by_tag = {t[0][1]: b for t, b in zip(tags, branches, strict=True)}
        out: list[RawChange] = []
        untagged: list[TagValue] = []  # values of the object's tag no branch has
        for value in values:
            branch = by_tag.pop(freeze(value), None)
            if branch is None:
                untagged.append(TagValue(prop, value, where))
                continue
            restricted_raw = {k: v for k, v in target.items() if k not in ("enum", "const")}
            restricted_raw["enum"] = [value]
            restricted = replace(single, refs=(), props={**single.props, prop: (restricted_raw, where)})
            pair = (restricted, branch) if single is o else (branch, restricted)
            label = str(value)
            out.extend(c.under(f"oneOf[{label}]") for c in self.compare_nodes(*pair, d, depth + 1))
        # Branches whose tag the object does not have: added (object -> union) or removed.
        extra = [Branch(str(tag), branch.ptr, ()) for tag, branch in by_tag.items()]
        if untagged or extra:
            if single is o:
                out.extend(self._branches(o, n, d, [], extra, tags_removed=tuple(untagged)))
            else:
                out.extend(self._branches(o, n, d, extra, [], tags_added=tuple(untagged)))
        return out

    @staticmethod
    def _branch_nodes(canon: Canonicalizer, node: Node) -> list[Node]:
        if not node.branches:
            return [node]
        return [canon.node(raw, ptr) for raw, ptr in node.branches]


def _common_types(o: Node, n: Node) -> set[str]:
    """The JSON types both nodes may hold (integer and number count as number): whether their
    properties and items are compared."""
    if o.types is None and n.types is None:
        return {"object", "array"}
    if o.types is None or n.types is None:
        if o.branches or n.branches:
            return set()
        return set(n.types or ()) if o.types is None else set(o.types)
    common = set(o.types) & set(n.types)
    if "integer" in o.types and "number" in n.types or "number" in o.types and "integer" in n.types:
        common.add("number")
    return common


def _identity(node: Node) -> tuple[Any, ...]:
    """What tells two nodes built from the same components apart: a wrapper around a `$ref`
    (`anyOf: [X, null]`, a `default` beside it) takes the component's pointer but not only its
    values, so the memo of a plain `X` pair must not answer for a nullable `X` pair."""
    return (
        node.refs,
        node.ptr,
        node.nullable,
        node.types,
        freeze(list(node.enum)) if node.enum is not None else None,
        freeze(node.default) if node.default is not MISSING else MISSING,
        tuple(sorted((name, ptr) for name, (_, ptr) in node.props.items())),
        node.required,
        node.additional
        if isinstance(node.additional, bool) or node.additional is None
        else node.additional[1],
        node.items[1] if node.items is not None else None,
        tuple(ptr for _, ptr in node.branches) if node.branches else None,
        tuple(sorted(node.bounds.items())),
        node.pattern,
        node.format,
    )


def covers(a_canon: Canonicalizer, a: Node, b_canon: Canonicalizer, b: Node, depth: int = 0) -> bool:
    """True when `a` surely accepts every value `b` accepts (False when unsure)."""
    if depth > 6:
        return False
    if a.branches and any(covers(a_canon, a_canon.node(*sub), b_canon, b, depth + 1) for sub in a.branches):
        return True
    if b.branches:
        return all(covers(a_canon, a, b_canon, b_canon.node(*sub), depth + 1) for sub in b.branches)
    if a.branches:
        return False
    if b.nullable and not a.nullable:
        return False
    if a.types is not None:
        if b.types is None:
            return False
        removed, _ = type_overlap(b.types, a.types)
        if removed:
            return False
    if a.enum is not None and (
        b.enum is None or not {freeze(v) for v in b.enum} <= {freeze(v) for v in a.enum}
    ):
        return False
    for bound in LOWER_BOUNDS:
        if bound in a.bounds and not (bound in b.bounds and b.bounds[bound] >= a.bounds[bound]):
            return False
    for bound in UPPER_BOUNDS:
        if bound in a.bounds and not (bound in b.bounds and b.bounds[bound] <= a.bounds[bound]):
            return False
    if a.pattern is not None and a.pattern != b.pattern:
        return False
    if a.required - b.required:
        return False
    if a.additional is False and (b.additional is not False or set(b.props) - set(a.props)):
        return False
    for name, sub in a.props.items():
        a_sub = a_canon.node(*sub)
        if name not in b.props:
            if b.additional is not False and not a_sub.is_any:
                return False  # `b` lets this property hold values `a` rejects
            continue
        if not covers(a_canon, a_sub, b_canon, b_canon.node(*b.props[name]), depth + 1):
            return False
    if a.items is not None:
        if b.items is None:
            return a.types is not None and "array" not in a.types
        if not covers(a_canon, a_canon.node(*a.items), b_canon, b_canon.node(*b.items), depth + 1):
            return False
    return True


def branch_label(node: Node, canon: Canonicalizer, index: int) -> str:
    tag = node.tag(canon)
    if len(tag) == 1:
        return str(tag[0][1])
    if node.component:
        return node.component
    if node.title:
        return node.title
    if node.types:
        return "|".join(sorted(node.types))
    return f"#{index}"


def _shape(node: Node) -> tuple[Any, ...]:
    return (node.types, tuple(sorted(node.props)), node.enum, node.items is not None)


def match_branches(
    old: list[Node], new: list[Node], old_canon: Canonicalizer, new_canon: Canonicalizer
) -> tuple[list[tuple[Node, Node]], list[Node], list[Node]]:
    """Pair union branches: by const tag, component name, title, shape, then by overlap."""
    pairs: list[tuple[Node, Node]] = []
    left, right = list(old), list(new)
    keys = (
        lambda node, canon: node.tag(canon) or None,
        lambda node, canon: node.component,
        lambda node, canon: node.title,
        lambda node, canon: _shape(node),
        lambda node, canon: tuple(sorted(node.types)) if node.types and not node.props else None,
    )
    for key in keys:
        if not left or not right:
            break
        new_keys: dict[Any, list[Node]] = {}
        for node in right:
            k = key(node, new_canon)
            if k is not None:
                new_keys.setdefault(k, []).append(node)
        for node in list(left):
            k = key(node, old_canon)
            candidates = new_keys.get(k) if k is not None else None
            if candidates:
                match = candidates.pop(0)
                pairs.append((node, match))
                left.remove(node)
                right.remove(match)
    # Leftovers: the object branches with the most property names in common.
    for node in list(left):
        best, score = None, 0.0
        for candidate in right:
            if node.types != candidate.types:
                continue
            a, b = set(node.props), set(candidate.props)
            overlap = len(a & b) / len(a | b) if a | b else (1.0 if len(left) == len(right) == 1 else 0.0)
            if overlap > score:
                best, score = candidate, overlap
        if best is not None and score >= 0.5:
            pairs.append((node, best))
            left.remove(node)
            right.remove(best)
    return pairs, left, right
