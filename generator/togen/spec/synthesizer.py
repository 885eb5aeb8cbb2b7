"""Schema -> example value: the one synthesizer behind the mock's answers, the generated
README's examples and the Responses API's function-call arguments.

`Synthesizer(schemas, seed).generate(schema, key)` walks a schema the same way for every
caller: `$ref`s (recursion bounded), then the values the schema documents (`const`, a valid
`example`/`examples`, a valid `default`, the first non-null `enum` value), `allOf` merged,
`oneOf`/`anyOf` tried in order until exactly one branch matches, objects with their
required properties plus optional ones down to `optional_depth`, arrays with
`max(minItems, 1)` items. Only the *leaves* differ by caller, as a `Leaves` policy:

- `RealisticLeaves` (default; the mock): plausible values steered by property names (`id`,
  `created`, `url`, `model`...), deterministic for the same (seed, key);
- `PlaceholderLeaves` (README examples): `"..."`, `1`, `1.0`, `True`, unchecked;
- `PromptLeaves(prompt)` (Responses API function calls): strings taken from the user's
  prompt (a capitalized phrase: the place in "the weather in Paris").

(The mock's structured outputs and chat tool arguments use `togen.mock.together.structured`
instead: a hypothesis search that satisfies *any* user-supplied JSON Schema keyword,
which a one-pass walk like this one cannot.)
"""

from __future__ import annotations

import base64
import copy
import random
import re
import uuid
from typing import Any, Protocol

from togen.spec.schema_set import SchemaSet
from togen.spec.view import SchemaView

EPOCH = 1_700_000_000
_NULL = {"type": "null"}


class Leaves(Protocol):
    """How a synthesizer fills the leaves of a value (strings, numbers, booleans)."""

    checked: bool  # whether documented values and oneOf branches are checked against the schema

    def string(self, name: str, schema: dict[str, Any], rng: random.Random) -> str: ...

    def integer(self, name: str, schema: dict[str, Any], rng: random.Random) -> int: ...

    def number(self, name: str, schema: dict[str, Any], rng: random.Random) -> float: ...


class Synthesizer:
    def __init__(
        self,
        schemas: SchemaSet,
        seed: int = 0,
        *,
        optional_depth: int = 4,
        max_depth: int = 10,
        leaves: Leaves | None = None,
    ) -> None:
        self.schemas = schemas
        self.seed = seed
        self.optional_depth = optional_depth
        self.max_depth = max_depth
        self.leaves: Leaves = leaves or RealisticLeaves()

    def generate(self, schema: dict[str, Any] | None, key: str = "") -> Any:
        rng = random.Random(f"{self.seed}:{key}")
        return _settle(self._gen(schema or {}, rng, 0, "", ()))

    # -------------------------------------------------------------------------- internals

    def _gen(self, schema: Any, rng: random.Random, depth: int, name: str, refs: tuple[str, ...]) -> Any:
        if schema is True or not isinstance(schema, dict):
            return self.leaves.string(name, {}, rng)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if refs.count(ref) >= 2 or depth > self.max_depth:
                return self._minimal(schema, rng, name, frozenset())
            target = self.schemas.resolve(schema)
            # sibling keywords next to $ref (3.1 allows them): merge, the ref target first
            extra = {k: v for k, v in schema.items() if k not in ("$ref", "description", "example", "title")}
            if extra:
                target = {**target, **extra}
            if "example" in schema and self._ok(schema, schema["example"]):
                return copy.deepcopy(schema["example"])
            return self._gen(target, rng, depth, name, (*refs, ref))
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        for candidate in self._examples(schema):
            if self._ok(schema, candidate):
                return copy.deepcopy(candidate)
        if "default" in schema and schema["default"] is not None and self._ok(schema, schema["default"]):
            return copy.deepcopy(schema["default"])
        view = self._view(schema)
        if view.enum:
            non_null = [v for v in view.enum if v is not None]
            return copy.deepcopy(non_null[0] if non_null else view.enum[0])
        if "allOf" in schema:
            inner = _member_refs(schema["allOf"])  # merging inlines them: count them as entered
            if any(refs.count(r) >= 2 for r in inner) or (inner and depth > self.max_depth):
                return self._minimal(schema, rng, name, frozenset())
            return self._gen(view.merged.schema, rng, depth, name, (*refs, *inner))
        if view.branch_keyword is not None:
            branches = schema[view.branch_keyword]
            return self._choose(schema, view.branch_keyword, branches, rng, depth, name, refs)
        kind = view.kind
        if kind == "object":
            return self._object(schema, rng, depth, refs)
        if kind == "array":
            return self._array(schema, rng, depth, name, refs)
        return self._leaf(kind, name, schema, rng)

    def _empty(self, schema: dict[str, Any]) -> Any:
        """The end of a required cycle: an empty value of the schema's type (None if not a container)."""
        return {"object": {}, "array": []}.get(self._view(schema).kind or "")

    def _leaf(self, kind: str | None, name: str, schema: dict[str, Any], rng: random.Random) -> Any:
        if kind == "integer":
            return self.leaves.integer(name, schema, rng)
        if kind == "number":
            return self.leaves.number(name, schema, rng)
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return self.leaves.string(name, schema, rng)  # a string, or a schema that admits anything

    @staticmethod
    def _examples(schema: dict[str, Any]) -> list[Any]:
        found = []
        if "example" in schema:
            found.append(schema["example"])
        examples = schema.get("examples")
        if isinstance(examples, list):
            found.extend(examples)
        return found

    def _ok(self, schema: dict[str, Any], value: Any) -> bool:
        if not self.leaves.checked:
            return True
        try:
            return self.schemas.is_valid(schema, value)
        except Exception:
            return False

    def _view(self, schema: dict[str, Any]) -> SchemaView:
        """The typed reading of a schema; not cached, since merged branches are made here."""
        return self.schemas.views.transient(schema)

    def _choose(
        self,
        schema: dict[str, Any],
        keyword: str,
        branches: list[Any],
        rng: random.Random,
        depth: int,
        name: str,
        refs: tuple[str, ...],
    ) -> Any:
        base = {k: v for k, v in schema.items() if k not in (keyword, "discriminator")}

        def rank(branch: Any) -> int:  # a schema already being generated last: `parent: Node | null`
            if isinstance(branch, dict) and branch.get("$ref") in refs:
                return 2
            return 1 if isinstance(branch, dict) and self._view(branch).is_null else 0

        ordered = sorted(branches, key=rank)
        first: Any = None
        for index, branch in enumerate(ordered):
            merged = {"allOf": [base, branch]} if base.get("properties") or base.get("required") else branch
            value = self._gen(merged, rng, depth, name, refs)
            if index == 0:
                first = value
            if keyword == "anyOf" or self._ok(schema, value):
                return value
        return _Ambiguous(first)

    def _object(self, schema: dict[str, Any], rng: random.Random, depth: int, refs: tuple[str, ...]) -> Any:
        properties = schema.get("properties") or {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        out: dict[str, Any] = {}
        for prop, sub in properties.items():
            if prop in required or depth < self.optional_depth:
                if prop not in required and self._recursive(sub, refs):
                    continue
                value = self._gen(sub, rng, depth + 1, prop, refs)
                if isinstance(value, _Ambiguous):
                    if prop not in required:
                        continue  # no branch of a oneOf matches exactly once: leave it out
                    value = value.value
                out[prop] = value
        for prop in required:
            if prop not in out:
                extra = schema.get("additionalProperties")
                out[prop] = self._gen(extra if isinstance(extra, dict) else {}, rng, depth + 1, prop, refs)
        return out

    def _recursive(self, sub: Any, refs: tuple[str, ...]) -> bool:
        if not isinstance(sub, dict):
            return False
        ref = sub.get("$ref") or (
            self.schemas.resolve(sub.get("items")) and (sub.get("items") or {}).get("$ref")
        )
        return isinstance(ref, str) and ref in refs

    def _array(
        self, schema: dict[str, Any], rng: random.Random, depth: int, name: str, refs: tuple[str, ...]
    ) -> Any:
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        count = max(low, 1 if depth < self.max_depth else 0)
        if isinstance(high, int):
            count = min(count, high)
        items = schema.get("items", {})
        singular = name[:-1] if name.endswith("s") else name
        values = [self._gen(items, rng, depth + 1, singular, refs) for _ in range(count)]
        return values

    def _minimal(self, schema: Any, rng: random.Random, name: str, cut: frozenset[str]) -> Any:
        """What a recursive schema becomes where generation stops: null where the schema allows
        it, else the smallest value of its type; an object keeps its required properties, cut
        off the same way, so the value stays valid unless the schema demands an endless chain."""
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.schemas.resolve(schema)
            if ref in cut:  # a required cycle: no finite value is valid
                return self._empty(target)
            return self._minimal(target, rng, name, cut | {ref})
        view = self._view(schema)
        if view.has_const:
            return copy.deepcopy(view.const)
        if view.enum:
            return copy.deepcopy(view.enum[0])
        if view.nullable:
            return None
        if "allOf" in schema:
            inner = set(_member_refs(schema["allOf"]))
            merged = view.merged.schema
            if inner & cut:
                return self._empty(merged)
            return self._minimal(merged, rng, name, cut | inner)
        if view.branches:
            finite = [b for b in view.branches if b.ref not in cut]
            return self._minimal((finite or view.branches)[0].written, rng, name, cut)
        kind = view.kind
        if kind == "object":
            properties = view.properties
            return {
                prop: self._minimal(properties[prop].written if prop in properties else {}, rng, prop, cut)
                for prop in view.required
            }
        if kind == "array":
            items = schema.get("items", {})
            return [self._minimal(items, rng, name, cut) for _ in range(int(schema.get("minItems", 0)))]
        return self._leaf(kind, name, schema, rng)


def _member_refs(members: Any) -> list[str]:
    """The `$ref`s among the members of an `allOf`."""
    members = members if isinstance(members, list) else []
    return [m["$ref"] for m in members if isinstance(m, dict) and isinstance(m.get("$ref"), str)]


def bounds(schema: dict[str, Any]) -> tuple[float | None, float | None]:
    """The inclusive (low, high) range of a number schema, exclusive bounds folded in."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    ex_low = schema.get("exclusiveMinimum")
    ex_high = schema.get("exclusiveMaximum")
    if isinstance(ex_low, int | float) and not isinstance(ex_low, bool):
        low = ex_low + (1 if schema.get("type") == "integer" else 1e-6) if low is None else max(low, ex_low)
    if isinstance(ex_high, int | float) and not isinstance(ex_high, bool):
        high = (
            ex_high - (1 if schema.get("type") == "integer" else 1e-6) if high is None else min(high, ex_high)
        )
    return low, high


class RealisticLeaves:
    """Plausible values for the mock's answers, steered by the property's name."""

    checked = True

    def string(self, name: str, schema: dict[str, Any], rng: random.Random) -> str:
        fmt = schema.get("format")
        lowered = name.lower()
        if fmt == "date-time":
            value = _iso(EPOCH + rng.randrange(86_400 * 30))
        elif fmt == "date":
            value = _iso(EPOCH + rng.randrange(86_400 * 30))[:10]
        elif fmt == "uuid":
            value = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        elif fmt in ("uri", "url") or lowered in ("url", "uri", "link", "href") or lowered.endswith("_url"):
            value = f"https://mock.together.invalid/{lowered or 'resource'}/{rng.getrandbits(32):08x}"
        elif fmt == "email" or lowered == "email":
            value = "user@example.com"
        elif fmt == "byte" or lowered in ("b64", "b64_json"):
            value = base64.b64encode(b"togen mock").decode()
        elif fmt == "binary":
            value = "togen mock bytes"
        elif lowered == "id" or lowered.endswith("_id"):
            prefix = lowered[:-3] if lowered.endswith("_id") and len(lowered) > 3 else "mock"
            value = f"{prefix}-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        elif lowered in ("model", "base_model"):
            value = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
        elif lowered in ("name", "display_name", "title", "filename", "file_name"):
            value = f"mock-{lowered.replace('_', '-')}-{rng.randrange(1000)}"
        elif lowered in ("content", "text", "message", "description", "output"):
            value = "This is a mock response from togen."
        else:
            value = lowered.replace("_", " ") or "string"
        return fit_length(value, schema)

    def integer(self, name: str, schema: dict[str, Any], rng: random.Random) -> int:
        lowered = name.lower()
        if lowered in ("created", "created_at", "updated_at", "timestamp") or lowered.endswith("_at"):
            value = EPOCH + rng.randrange(86_400 * 30)
        elif lowered in ("index", "offset"):
            value = 0
        else:
            value = rng.randrange(1, 100)
        return clamp_integer(schema, value)

    def number(self, name: str, schema: dict[str, Any], rng: random.Random) -> float:
        low, high = bounds(schema)
        value = round(rng.uniform(0.1, 0.9), 4)
        if low is not None and value < low:
            value = float(low)
        if high is not None and value > high:
            value = float(high)
        if low is not None and high is not None:
            value = float(low) + (float(high) - float(low)) / 2
        return value


class PlaceholderLeaves:
    """What a README shows for a value the spec documents nothing about."""

    checked = False

    def string(self, name: str, schema: dict[str, Any], rng: random.Random) -> str:
        return "..."

    def integer(self, name: str, schema: dict[str, Any], rng: random.Random) -> int:
        return 1

    def number(self, name: str, schema: dict[str, Any], rng: random.Random) -> float:
        return 1.0


_CAPITALIZED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


class PromptLeaves(RealisticLeaves):
    """Function-call arguments a model would pick from the user's prompt: free-text strings
    are the prompt's first capitalized phrase (after its first word), numbers the smallest
    allowed from 1."""

    def __init__(self, prompt: str) -> None:
        self.prompt = prompt

    def string(self, name: str, schema: dict[str, Any], rng: random.Random) -> str:
        if schema.get("format") in ("date-time", "date", "uuid", "uri", "url", "email"):
            return super().string(name, schema, rng)
        found = _CAPITALIZED.search(self.prompt)
        value = found.group(1) if found else (self.prompt.strip()[:40] or name or "value")
        return fit_length(value, schema)

    def integer(self, name: str, schema: dict[str, Any], rng: random.Random) -> int:
        return clamp_integer(schema, 1)

    def number(self, name: str, schema: dict[str, Any], rng: random.Random) -> float:
        low, high = bounds(schema)
        value = 1.0 if low is None else float(low)
        if high is not None and value > high:
            value = float(high) if low is None else (float(low) + float(high)) / 2
        return value


def fit_length(value: str, schema: dict[str, Any]) -> str:
    """`value` padded or cut to the schema's minLength/maxLength."""
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if isinstance(low, int) and len(value) < low:
        value = value + "x" * (low - len(value))
    if isinstance(high, int) and len(value) > high:
        value = value[:high]
    return value


def clamp_integer(schema: dict[str, Any], value: int) -> int:
    """`value` moved into the schema's bounds and onto its multipleOf."""
    low, high = bounds(schema)
    if low is not None and value < low:
        value = int(low) if float(low).is_integer() else int(low) + 1
    if high is not None and value > high:
        value = int(high)
    multiple = schema.get("multipleOf")
    if isinstance(multiple, int) and multiple > 0:
        value = (value // multiple) * multiple
        if low is not None and value < low:
            value += multiple
    return value


class _Ambiguous:
    """A oneOf value that matched no branch exactly once (dropped where optional)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _settle(value: Any) -> Any:
    if isinstance(value, _Ambiguous):
        return _settle(value.value)
    if isinstance(value, dict):
        return {k: _settle(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_settle(v) for v in value]
    return value


def _iso(ts: int) -> str:
    import datetime as _dt

    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
