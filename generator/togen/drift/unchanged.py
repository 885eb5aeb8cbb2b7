"""What surely did not change between two normalized documents: skipped by the diff.

Most operations and models are the same in two consecutive spec versions. An operation
whose normalized JSON is identical in both (but for prose, scalar examples, code samples and
the server's host), and whose referenced components (and theirs, transitively) are identical too, can
have no change; neither can such a component. Most parts are not merely equivalent but equal:
`==` on the loaded values answers for those in C, with nothing made; only the parts that
differ are serialized (`json.dumps`, in C too) and compared without the members the diff
never reads. This costs a few milliseconds where comparing every schema costs tens.
"""

from __future__ import annotations

import json
import re
from typing import Any

from togen.spec.schema import escape_pointer_token

# Members the diff never reads: prose, scalar examples, and the server URL (the host may change;
# operations are matched and compared by their base path, which is kept).
_UNREAD_MEMBER = (
    r'(?:"(?:description|summary|x-togen-server-url)": "(?:[^"\\]|\\.)*"'
    r'|"example": (?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null))'
)
# Removed with their separator (`json.dumps` writes ", " between members), so that a member
# present in one version only leaves no trace: `{"a": 1, "description": "x"}` -> `{"a": 1}`.
# Three passes, each led by a literal (one alternation is 3x slower): every unread member but
# the last of its object with the ", " after it; then a last one with the ", " before it; then
# one alone in its object. Only whole members go, never a part of a string (a quote inside a
# JSON string is escaped): equal texts mean documents equal but for these members.
_UNREAD_INNER = re.compile(rf"{_UNREAD_MEMBER}, ")
_UNREAD_LAST = re.compile(rf", {_UNREAD_MEMBER}(?=\}})")
_UNREAD_ALONE = re.compile(rf"\{{{_UNREAD_MEMBER}\}}")


# Members of an operation the diff never reads: code samples, which most spec versions rewrite
# (measured: 25 of the 31 operations that differ between two versions three months apart
# differ only there).
_UNREAD_MEMBERS = frozenset({"x-codeSamples", "x-code-samples"})


def _text(value: Any) -> str:
    if isinstance(value, dict) and not _UNREAD_MEMBERS.isdisjoint(value):
        value = {k: v for k, v in value.items() if k not in _UNREAD_MEMBERS}
    text = json.dumps(value, sort_keys=True, default=str)
    return _UNREAD_ALONE.sub("{}", _UNREAD_LAST.sub("", _UNREAD_INNER.sub("", text)))


class Unchanged:
    """Which components and operations are the same in both documents.

    Asked lazily: a component is compared only when a question reaches it (a diff focused on
    a few operations asks about a few components)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self._old = {escape_pointer_token(k): v for k, v in _schemas(old).items()}
        self._new = {escape_pointer_token(k): v for k, v in _schemas(new).items()}
        self._read: dict[str, tuple[bool, list[str]]] = {}
        self._clean: set[str] = set()  # it and all it reaches are the same in both
        self._dirty: set[str] = set()  # it or something it reaches changed

    def _compared(self, token: str) -> tuple[bool, list[str]]:
        """(whether the component itself changed, the components it references in either
        version), found once."""
        read = self._read.get(token)
        if read is None:
            old, new = self._old.get(token), self._new.get(token)
            same = _same(old, new)
            reached, elsewhere = _references(new)
            if not same:
                reached = reached + _references(old)[0]
            read = self._read[token] = (not same or elsewhere, reached)
        return read

    def _is_dirty(self, token: str) -> bool:
        """True when the component changed or reaches (by `$ref`, in either version) one that
        did. Everything a clean component reaches is clean too, so a search that finds no
        change marks all it saw."""
        if token in self._dirty:
            return True
        if token in self._clean:
            return False
        seen, stack = {token}, [token]
        while stack:
            current = stack.pop()
            if current in self._clean:
                continue
            changed, reached = self._compared(current)
            if current in self._dirty or changed:
                self._dirty.add(token)
                return True
            for ref in reached:
                if ref not in seen:
                    seen.add(ref)
                    stack.append(ref)
        self._clean |= seen
        return False

    def component(self, name: str) -> bool:
        """True when component `name` (and all it references) is the same in both."""
        return not self._is_dirty(escape_pointer_token(name))

    def raw(self, old: Any, new: Any) -> bool:
        """True when two parts of the documents (an operation, a subschema) are the same,
        components they reference included."""
        if not _same(old, new):
            return False
        reached, elsewhere = _references(new)
        return not elsewhere and not any(self._is_dirty(token) for token in reached)


def _same(old: Any, new: Any) -> bool:
    """Equal, or equal but for the members the diff never reads."""
    return old == new or (old is not None and new is not None and _text(old) == _text(new))


_SCHEMAS = "#/components/schemas/"


def _references(value: Any) -> tuple[list[str], bool]:
    """(the components a JSON value references, each by its pointer token, whether it has a
    `$ref` elsewhere: to a shared parameter, say, which makes it never "unchanged"). A
    reference into a component (`#/components/schemas/Name/properties/x`) counts as one to
    all of it."""
    tokens: list[str] = []
    elsewhere = False
    stack = [value]
    while stack:  # plain loops: this walk is the diff's most frequent (generators cost 2x)
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref.startswith(_SCHEMAS):
                    tokens.append(ref[len(_SCHEMAS) :].split("/", 1)[0])
                else:
                    elsewhere = True
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append(child)
    return tokens, elsewhere


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    return schemas if isinstance(schemas, dict) else {}
