"""The one registry of drift rule kinds: kind, default level, one-line meaning, example.

Every change the drift report can contain has its kind registered here, in one of three
scopes: `api` (the spec: operations, parameters, bodies, responses and their schemas),
`client` (the generated client's public surface) and `live` (`togen drift --live`). The
engine refuses a kind that is not registered, `togen drift --list-rules` prints this table
and the README's rule table is generated from it (a test keeps them equal).

Schema rules are written once (`SCHEMA_RULES`) and registered for each place a schema is
read: `request-*` (parameters and request bodies: narrowing breaks old callers),
`response-*` (success bodies and stream events: widening may break old parsers) and
`error-response-*` (4xx/5xx/`default` bodies: compared like success bodies, but at most
potentially breaking, since clients mostly read an error's message).

The default level is the usual one; a few rules depend on context, which the meaning says
(a removed property that was required, or in an object closed by
`additionalProperties: false`, is breaking). `--severity KIND=LEVEL` overrides a kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from togen.drift.model import BREAKING, LEVEL_RANK, NON_BREAKING, POTENTIAL, Level

Scope = Literal["api", "client", "live"]
Direction = Literal["request", "response", "error-response"]
DIRECTIONS: tuple[Direction, ...] = ("request", "response", "error-response")


@dataclass(frozen=True)
class Rule:
    kind: str
    scope: Scope
    level: Level  # the default level
    meaning: str
    example: str


@dataclass(frozen=True)
class SchemaRule:
    """A rule of the schema diff, before its direction prefix."""

    rule: str
    request: Level
    response: Level
    meaning: str
    example: str


B, P, N = BREAKING, POTENTIAL, NON_BREAKING

SCHEMA_RULES: tuple[SchemaRule, ...] = (
    SchemaRule(
        "property-removed",
        P,
        P,
        "an optional property was removed (breaking when it was required, or the object is "
        "closed by `additionalProperties: false`)",
        "`temperature` gone from ChatCompletionRequest",
    ),
    SchemaRule(
        "property-removed-after-deprecation",
        P,
        P,
        "a property marked `deprecated: true` in the old spec was removed (no sunset date given)",
        "deprecated `safety_model` removed",
    ),
    SchemaRule(
        "property-removed-before-sunset",
        B,
        B,
        "a deprecated property was removed before its `x-sunset` date",
        "`x-sunset: 2030-01-01`, removed in 2026",
    ),
    SchemaRule(
        "property-removed-after-sunset",
        N,
        N,
        "a deprecated property was removed after its `x-sunset` date (expected)",
        "`x-sunset: 2024-01-01`, removed in 2026",
    ),
    SchemaRule(
        "property-deprecated", N, N, "a property is now `deprecated: true`", "`max_tokens` deprecated"
    ),
    SchemaRule("property-added", N, N, "an optional property was added", "`top_k` added"),
    SchemaRule(
        "property-required-added",
        B,
        N,
        "a new property that is required (requests: old callers do not send it)",
        "required `model` added",
    ),
    SchemaRule(
        "property-became-required",
        B,
        N,
        "an existing property is now required",
        "`messages` now required",
    ),
    SchemaRule(
        "property-became-optional",
        N,
        P,
        "a property is no longer required (responses: clients may meet it absent)",
        "`usage` may be absent",
    ),
    SchemaRule("nullable-added", N, P, "the value may now be null", "`finish_reason` may be null"),
    SchemaRule(
        "nullable-removed", B, N, "null is no longer accepted / sent", "`stop` no longer accepts null"
    ),
    SchemaRule("type-changed", B, B, "the type changed to an unrelated one", "`id` integer -> string"),
    SchemaRule("type-narrowed", B, N, "fewer types are accepted / sent", "`stop` string|array -> string"),
    SchemaRule("type-widened", N, P, "more types are accepted / sent", "`seed` integer -> integer|string"),
    SchemaRule("enum-value-removed", B, N, "an enum value was removed", "role `function` removed"),
    SchemaRule("enum-value-added", N, P, "an enum value was added", "status `queued` added"),
    SchemaRule("enum-added", B, N, "a free value is now restricted to an enum", "`type` now one of a, b"),
    SchemaRule("enum-removed", N, P, "an enum restriction was dropped", "`type` any string"),
    SchemaRule(
        "bound-tightened", B, N, "a minimum/maximum/length/items bound is tighter", "`n` maximum 128 -> 64"
    ),
    SchemaRule("bound-loosened", N, P, "a bound is looser or gone", "`n` maximum 64 -> 128"),
    SchemaRule(
        "pattern-changed",
        P,
        P,
        "the regular expression changed (breaking for requests when one was added)",
        "`id` pattern `^ft-` added",
    ),
    SchemaRule("format-changed", P, P, "the `format` changed", "`created` date -> date-time"),
    SchemaRule(
        "default-changed",
        P,
        P,
        "a request default changed (behaviour of callers that omit it)",
        "`top_p` 1 -> 0.9",
    ),
    SchemaRule("object-closed", B, N, "`additionalProperties: false` added", "extra fields rejected"),
    SchemaRule("object-opened", N, P, "`additionalProperties: false` dropped", "extra fields allowed"),
    SchemaRule(
        "branch-removed", B, N, "a `oneOf`/`anyOf` branch was removed", "content part `image_url` removed"
    ),
    SchemaRule("branch-added", N, P, "a `oneOf`/`anyOf` branch was added", "content part `audio` added"),
)

_API_RULES: tuple[tuple[str, Level, str, str], ...] = (
    (
        "operation-removed",
        B,
        "an operation was removed without being deprecated first",
        "GET /v1/endpoints/{id}/hardware",
    ),
    (
        "operation-removed-after-deprecation",
        P,
        "a deprecated operation (no sunset date) was removed",
        "deprecated GET /v1/old removed",
    ),
    (
        "operation-removed-before-sunset",
        B,
        "a deprecated operation was removed before its `x-sunset` date",
        "`x-sunset: 2030-01-01`, removed in 2026",
    ),
    (
        "operation-removed-after-sunset",
        N,
        "a deprecated operation was removed after its `x-sunset` date (expected)",
        "`x-sunset: 2024-01-01`, removed in 2026",
    ),
    ("operation-added", N, "an operation was added", "POST /v1/batches"),
    ("operation-deprecated", N, "an operation is now `deprecated: true`", "GET /v1/models deprecated"),
    ("operation-auth-added", B, "an operation now requires authentication", "`security` added"),
    (
        "deprecation-sunset-too-soon",
        B,
        "with `--deprecation-days N`: a new deprecation whose sunset is less than N days away",
        "deprecated today, `x-sunset` in 30 days, N = 90",
    ),
    (
        "path-parameter-renamed",
        N,
        "a path parameter was renamed (matched by position)",
        "`{id}` -> `{endpointId}`",
    ),
    (
        "parameter-removed",
        P,
        "an optional query/header/cookie parameter was removed (breaking when it was required)",
        "query `limit` removed",
    ),
    (
        "parameter-removed-after-deprecation",
        P,
        "a deprecated parameter (no sunset date) was removed",
        "deprecated query `page` removed",
    ),
    (
        "parameter-removed-before-sunset",
        B,
        "a deprecated parameter was removed before its `x-sunset` date",
        "`x-sunset: 2030-01-01`, removed in 2026",
    ),
    (
        "parameter-removed-after-sunset",
        N,
        "a deprecated parameter was removed after its `x-sunset` date (expected)",
        "`x-sunset: 2024-01-01`, removed in 2026",
    ),
    ("parameter-deprecated", N, "a parameter is now `deprecated: true`", "query `page` deprecated"),
    ("parameter-required-added", B, "a required parameter was added", "required query `purpose`"),
    ("parameter-added", N, "an optional parameter was added", "query `after`"),
    ("parameter-became-required", B, "a parameter is now required", "query `purpose` now required"),
    ("parameter-became-optional", N, "a parameter is no longer required", "query `purpose` now optional"),
    ("request-body-required-added", B, "a required request body was added", "POST now needs JSON"),
    ("request-body-added", N, "an optional request body was added", "optional JSON body"),
    ("request-body-removed", B, "the request body was removed", "no body any more"),
    ("request-body-media-type-changed", B, "the request body's media type changed", "JSON -> multipart"),
    ("request-body-became-required", B, "the request body is now required", "body required"),
    ("response-status-changed", P, "the only success status changed", "200 -> 201"),
    (
        "response-status-removed",
        B,
        "a success response status was removed (non-breaking for error statuses)",
        "200 removed",
    ),
    (
        "response-status-added",
        P,
        "a success response status was added (non-breaking for error statuses)",
        "202 added",
    ),
    (
        "response-kind-changed",
        B,
        "a response changed between JSON, stream, binary and empty",
        "204 json -> empty",
    ),
    ("response-stream-removed", B, "a response no longer streams", "no `text/event-stream`"),
    ("response-stream-added", N, "a response can now stream", "`text/event-stream` added"),
)

_CLIENT_RULES: tuple[tuple[str, Level, str, str], ...] = (
    ("method-removed", B, "a client method was removed", "`client.endpoints.hardware.list`"),
    ("method-added", N, "a client method was added", "`client.batches.create`"),
    (
        "method-renamed",
        B,
        "the same operation has a new method name",
        "`client.fine_tune` -> `client.fine_tuning`",
    ),
    (
        "parameter-removed",
        B,
        "a method's keyword argument was removed (callers passing it fail)",
        "`client.files.list(purpose)`",
    ),
    ("parameter-added", N, "a method parameter was added (breaking when required)", "optional `after`"),
    (
        "parameter-renamed",
        P,
        "a positional parameter was renamed (breaks keyword callers)",
        "`id` -> `endpoint_id`",
    ),
    ("parameter-type-changed", P, "a parameter's type changed (breaking when unrelated)", "`str` -> `int`"),
    (
        "parameter-required-changed",
        B,
        "a parameter became required (non-breaking the other way)",
        "`model` required",
    ),
    ("field-removed", B, "a model attribute was removed (readers fail)", "`models.File.purpose`"),
    ("field-added", N, "a model attribute was added", "`models.File.size`"),
    ("field-renamed", P, "a model attribute was renamed", "`id` -> `file_id`"),
    ("field-type-changed", P, "a model attribute's type changed (breaking when unrelated)", "`int` -> `str`"),
    ("field-required-changed", P, "a model attribute became required or optional", "`usage` optional"),
    ("model-removed", B, "a model class was removed", "`models.Hardware`"),
    ("model-added", N, "a model class was added", "`models.Batch`"),
    (
        "model-renamed",
        B,
        "a model class has a new name, same fields (potentially for hoisted ones)",
        "`A` -> `B`",
    ),
)

_LIVE_RULES: tuple[tuple[str, Level, str, str], ...] = (
    ("live-status-undeclared", B, "the server answered a status the spec does not declare", "418"),
    ("live-unreachable", B, "a request failed (timeout, reset) after others got through", "read timeout"),
    ("live-body-not-json", B, "a JSON response's body is not JSON", "text/html"),
    ("live-type-mismatch", B, "a field has another type than the spec says", "string for integer"),
    ("live-field-missing", B, "a required field is absent", "`data[].id`"),
    ("live-null-undeclared", B, "null where the spec does not allow it", "`created`"),
    ("live-enum-value-undeclared", P, "a value outside the spec's enum", "`status: queued`"),
    ("live-field-undeclared", N, "a field the spec does not describe", "`data[].tags`"),
    ("live-checked", N, "the operation answered as the spec says", "GET /v1/models"),
)


def schema_level(rule: SchemaRule, direction: Direction) -> Level:
    if direction == "request":
        return rule.request
    return cap(rule.response, POTENTIAL) if direction == "error-response" else rule.response


def cap(level: Level, ceiling: Level) -> Level:
    """`level`, but no worse than `ceiling`."""
    return ceiling if LEVEL_RANK[level] < LEVEL_RANK[ceiling] else level


def _build() -> dict[tuple[Scope, str], Rule]:
    rules: dict[tuple[Scope, str], Rule] = {}
    for kind, level, meaning, example in _API_RULES:
        rules["api", kind] = Rule(kind, "api", level, meaning, example)
    for schema_rule in SCHEMA_RULES:
        for direction in DIRECTIONS:
            kind = f"{direction}-{schema_rule.rule}"
            where = {"request": "request", "response": "success response", "error-response": "error response"}
            meaning = f"{where[direction]}: {schema_rule.meaning}"
            level = schema_level(schema_rule, direction)
            rules["api", kind] = Rule(kind, "api", level, meaning, schema_rule.example)
    for kind, level, meaning, example in _CLIENT_RULES:
        rules["client", kind] = Rule(kind, "client", level, meaning, example)
    for kind, level, meaning, example in _LIVE_RULES:
        rules["live", kind] = Rule(kind, "live", level, meaning, example)
    return rules


RULES: dict[tuple[Scope, str], Rule] = _build()
SCHEMA_RULE_NAMES = frozenset(r.rule for r in SCHEMA_RULES)


def rule(scope: Scope, kind: str) -> Rule:
    """The registered rule; a kind that is not registered is a programming error."""
    try:
        return RULES[scope, kind]
    except KeyError:
        raise KeyError(f"drift rule {scope}:{kind} is not registered in togen/drift/rules.py") from None


def kinds() -> set[str]:
    return {kind for _, kind in RULES}


def rules_table(fmt: str = "text") -> str:
    """The registry as text (`--list-rules`), a Markdown table (the README) or JSON."""
    ordered = sorted(RULES.values(), key=lambda r: (("api", "client", "live").index(r.scope), r.kind))
    if fmt == "json":
        import json

        rows = [
            {"kind": r.kind, "scope": r.scope, "level": r.level, "meaning": r.meaning, "example": r.example}
            for r in ordered
        ]
        return json.dumps(rows, indent=2) + "\n"
    if fmt == "md":
        lines = ["| scope | kind | default level | meaning | example |", "|---|---|---|---|---|"]
        for r in ordered:
            meaning = r.meaning.replace("|", "\\|")
            example = r.example.replace("|", "\\|")
            lines.append(f"| {r.scope} | `{r.kind}` | {r.level} | {meaning} | {example} |")
        return "\n".join(lines) + "\n"
    width = max(len(r.kind) for r in ordered)
    lines = [f"{r.scope:<6} {r.kind:<{width}}  {r.level:<20}  {r.meaning}" for r in ordered]
    return "\n".join(lines) + "\n"
