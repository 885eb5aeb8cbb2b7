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
# Only whole members go, never a part of a string: equal texts mean equal documents but for them.
_UNREAD = re.compile(rf"(?:, {_UNREAD_MEMBER})+(?=\}})|{_UNREAD_MEMBER}, |{_UNREAD_MEMBER}(?=\}})")


# Members of an operation the diff never reads: code samples, which most spec versions rewrite
# (measured: 25 of the 31 operations that differ between two versions three months apart
# differ only there).
_UNREAD_MEMBERS = frozenset({"x-codeSamples", "x-code-samples"})


def _text(value: Any) -> str:
    if isinstance(value, dict) and not _UNREAD_MEMBERS.isdisjoint(value):
        value = {k: v for k, v in value.items() if k not in _UNREAD_MEMBERS}
    return _UNREAD.sub("", json.dumps(value, sort_keys=True, default=str))


class Unchanged:
    """Which components and operations are the same in both documents."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        old_texts = {escape_pointer_token(k): _text(v) for k, v in _schemas(old).items()}
        new_texts = {escape_pointer_token(k): _text(v) for k, v in _schemas(new).items()}
        changed = {
            n
            for n in old_texts.keys() | new_texts.keys()
            if old_texts.get(n) != new_texts.get(n) or _OTHER_REF.search(new_texts.get(n) or "")
        }
        refs = {n: set(_SCHEMA_REF.findall(t)) for n, t in new_texts.items()}
        for name, text in old_texts.items():
            refs.setdefault(name, set()).update(_SCHEMA_REF.findall(text))
        # a component is dirty when it changed or reaches one that did
        users: dict[str, set[str]] = {}
        for name, targets in refs.items():
            for target in targets:
                users.setdefault(target, set()).add(name)
        dirty = set(changed)
        stack = list(changed)
        while stack:
            for user in users.get(stack.pop(), ()):
                if user not in dirty:
                    dirty.add(user)
                    stack.append(user)
        self._dirty = dirty

    def component(self, name: str) -> bool:
        """True when component `name` (and all it references) is the same in both."""
        return escape_pointer_token(name) not in self._dirty

    def raw(self, old: Any, new: Any) -> bool:
        """True when two parts of the documents (an operation, say) are the same, components
        they reference included."""
        old_text, new_text = _text(old), _text(new)
        if old_text != new_text or _OTHER_REF.search(new_text):
            return False
        return not any(ref in self._dirty for ref in _SCHEMA_REF.findall(new_text))


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    return schemas if isinstance(schemas, dict) else {}
