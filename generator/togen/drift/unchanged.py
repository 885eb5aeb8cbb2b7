"""What surely did not change between two normalized documents: skipped by the diff.

Most operations and models are the same in two consecutive spec versions. An operation
whose normalized JSON is identical in both (but for prose, scalar examples, code samples and
the server's host), and whose referenced components (and theirs, transitively) are identical too, can
have no change; neither can such a component. Serializing with `json.dumps` and finding
`$ref`s with a regular expression both run in C, so this costs a few milliseconds where
comparing every schema costs tens.
"""

from __future__ import annotations

import json
import re
from typing import Any

from togen.spec.schema import escape_pointer_token

_SCHEMA_REF = re.compile(r'"\$ref": "#/components/schemas/([^"]+)"')
_OTHER_REF = re.compile(r'"\$ref": "(?!#/components/schemas/)')  # elsewhere: never "unchanged"


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

    Asked lazily: a component is serialized and compared only when a question reaches it (a
    diff focused on a few operations asks about a few components)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self._old = {escape_pointer_token(k): v for k, v in _schemas(old).items()}
        self._new = {escape_pointer_token(k): v for k, v in _schemas(new).items()}
        self._texts: dict[str, tuple[str | None, str | None]] = {}
        self._clean: set[str] = set()  # it and all it reaches are the same in both
        self._dirty: set[str] = set()  # it or something it reaches changed

    def _pair(self, token: str) -> tuple[str | None, str | None]:
        texts = self._texts.get(token)
        if texts is None:
            old, new = self._old.get(token), self._new.get(token)
            texts = self._texts[token] = (
                None if old is None else _text(old),
                None if new is None else _text(new),
            )
        return texts

    def _changed(self, token: str) -> bool:
        old_text, new_text = self._pair(token)
        return old_text != new_text or bool(_OTHER_REF.search(new_text or ""))

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
            if current in self._dirty or self._changed(current):
                self._dirty.add(token)
                return True
            for text in self._pair(current):
                for ref in _SCHEMA_REF.findall(text or ""):
                    if ref not in seen:
                        seen.add(ref)
                        stack.append(ref)
        self._clean |= seen
        return False

    def component(self, name: str) -> bool:
        """True when component `name` (and all it references) is the same in both."""
        return not self._is_dirty(escape_pointer_token(name))

    def raw(self, old: Any, new: Any) -> bool:
        """True when two parts of the documents (an operation, say) are the same, components
        they reference included."""
        old_text, new_text = _text(old), _text(new)
        if old_text != new_text or _OTHER_REF.search(new_text):
            return False
        return not any(self._is_dirty(ref) for ref in _SCHEMA_REF.findall(new_text))


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    return schemas if isinstance(schemas, dict) else {}
