"""Validators and typed views for the schemas of one document, each built once per schema object:
`SchemaSet` is where the mock, the contract checks and the example synthesizer validate values
and read schemas (`togen.spec.view`). Apart from `togen.spec.schema` because the typed view
builds on that module's pointer and `$ref` functions."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from togen.spec.schema import SPEC_URI, anchor_refs, resolve_schema, with_int_format_bounds
from togen.spec.view import SchemaView, Views

if TYPE_CHECKING:  # jsonschema is imported when a validator is first needed
    from jsonschema import Draft202012Validator, FormatChecker


class SchemaSet:
    """Draft 2020-12 validators for schemas of one document, built once per schema object.

    `format_checker` decides which formats are enforced (None: formats are annotations).
    With `compiled=True` a jsonschema-rs validator per schema decides first: a value it
    accepts is valid. It is built at least as strict as the Python validator (every format it
    knows is checked when formats are enforced, int32/int64 become bounds), so only a value
    it rejects needs the pure-Python validator, whose verdict is final.
    """

    def __init__(
        self,
        document: dict[str, Any],
        format_checker: FormatChecker | None = None,
        *,
        compiled: bool = False,
    ) -> None:
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012

        self.document = document
        self.format_checker = format_checker
        self.registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(document)
        )
        self._cache: dict[int, tuple[Any, Draft202012Validator]] = {}
        self.use_compiled = compiled
        self._compiled: dict[int, tuple[Any, Any]] = {}
        self._compiled_registry: Any = None

    def compiled(self, schema: dict[str, Any]) -> Any:
        """The jsonschema-rs validator of `schema` (None when it cannot compile it, e.g. a
        `pattern` its regex dialect refuses: then only the Python validator runs)."""
        hit = self._compiled.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        try:
            import jsonschema_rs

            if self._compiled_registry is None:
                self._compiled_registry = jsonschema_rs.Registry(
                    [(SPEC_URI, with_int_format_bounds(self.document))], draft=jsonschema_rs.Draft202012
                )
            validator: Any = jsonschema_rs.Draft202012Validator(
                with_int_format_bounds(anchor_refs(schema)),
                registry=self._compiled_registry,
                validate_formats=self.format_checker is not None,
            )
        except Exception:  # any compile problem: the Python validator alone decides
            validator = None
        self._compiled[id(schema)] = (schema, validator)  # the schema is kept alive with its id
        return validator

    def fast_valid(self, schema: dict[str, Any], value: Any) -> bool:
        """True when the compiled validator accepts `value` (False: ask the Python one)."""
        if not self.use_compiled:
            return False
        validator = self.compiled(schema)
        if validator is None:
            return False
        try:
            return bool(validator.is_valid(value))
        except Exception:  # values it cannot take (ints beyond 64 bits, ...)
            return False

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        from jsonschema import Draft202012Validator

        hit = self._cache.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        validator = Draft202012Validator(
            anchor_refs(schema), registry=self.registry, format_checker=self.format_checker
        )
        self._cache[id(schema)] = (schema, validator)  # the schema is kept alive with its id
        return validator

    def is_valid(self, schema: dict[str, Any], value: Any) -> bool:
        return self.fast_valid(schema, value) or bool(self.validator(schema).is_valid(value))

    def error_messages(self, schema: dict[str, Any], value: Any, limit: int = 3) -> list[str]:
        """Up to `limit` errors as `at <path>: <message>` lines."""
        found: list[str] = []
        for error in self.validator(schema).iter_errors(value):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            found.append(f"at {where}: {error.message[:300]}")
            if len(found) >= limit:
                break
        return found

    def resolve(self, schema: Any) -> dict[str, Any]:
        return resolve_schema(self.document, schema)

    @cached_property
    def views(self) -> Views:
        return Views(self.document)

    def view(self, schema: Any) -> SchemaView:
        """The typed reading of a schema of the document (`togen.spec.view`)."""
        return self.views.of(schema)
