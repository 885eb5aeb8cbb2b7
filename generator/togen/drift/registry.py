"""Where drift rules register: the decorators and the table every report, `--list-rules` and
the docs read.

A rule is one kind of change a drift report can contain, in one of four scopes: `api` (the
spec: operations, parameters, bodies, responses and their schemas), `client` (the generated
client's public surface), `live` (`togen drift --live`) and `lag` (a spec against an SDK).
Each is registered by the module of `togen.drift.rules` that detects it, with its default
level, its meaning and example (the docs row) and its message:

    PROPERTY_ADDED = schema_rule("property-added", request=N, response=N, meaning=..., ...)

    @detector("property")
    def property_added(pair: PropertyPair) -> Iterator[RawChange]: ...

A schema rule is written once and registered for each place a schema is read: `request-*`
(parameters and request bodies: narrowing breaks old callers), `response-*` (success bodies
and stream events: widening may break old parsers) and `error-response-*` (4xx/5xx/`default`
bodies: compared like success bodies, at most potentially breaking).

A detector is called by the walks at its site: the spec diff's walks
(`togen.drift.operation_walk`, `togen.drift.schema_walk`) at the sites of `togen.drift.sites`,
the lag report (`togen.drift.lag`) at those of `togen.drift.lag_sites` and the live check
(`togen.drift.live`) at those of `togen.drift.live_sites`, in the order the rules package
imports its modules (by name). A kind registered twice is an error at import; naming a kind
that is not registered raises `KeyError`: nothing is reported undocumented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from togen.drift.model import BREAKING, LEVEL_RANK, NON_BREAKING, POTENTIAL, Level

Scope = Literal["api", "client", "live", "lag"]
SCOPES: tuple[Scope, ...] = ("api", "client", "live", "lag")
Direction = Literal["request", "response", "error-response"]
DIRECTIONS: tuple[Direction, ...] = ("request", "response", "error-response")
_WHERE = {"request": "request", "response": "success response", "error-response": "error response"}

B, P, N = BREAKING, POTENTIAL, NON_BREAKING

# A message: a `str.format` template over a finding's facts, or a function of them.
Message = str | Callable[[Mapping[str, Any]], str]
Site = Literal[
    "operation", "path-parameter", "parameter", "request-body", "response-status", "response",
    "node", "object", "property-removed", "property-added", "property", "branches",
    "method", "member", "model",
    "lag-operation", "lag-fields",
    "live-failure", "live-answer", "live-value", "live-clean",
]  # fmt: skip
SITES: tuple[Site, ...] = Site.__args__  # type: ignore[attr-defined]


class Rule:
    """One kind of change: its default level, the docs row (meaning, example) and its message.
    (A plain class, not a dataclass: every `togen drift` makes ~150 of them at import.)"""

    __slots__ = ("kind", "scope", "level", "meaning", "example", "message")

    def __init__(
        self,
        kind: str,
        scope: Scope,
        level: Level,
        meaning: str,
        example: str,
        message: Message,
    ) -> None:
        self.kind = kind
        self.scope = scope
        self.level = level  # the default level
        self.meaning = meaning
        self.example = example
        self.message = message

    def say(self, facts: Mapping[str, Any]) -> str:
        return self.message.format_map(facts) if isinstance(self.message, str) else self.message(facts)


# What a lag finding is about, coarse to fine: the order of the lag report's summary.
LagGrain = Literal["operation", "parameter", "field", "enum-value"]
LAG_GRAINS: tuple[LagGrain, ...] = LagGrain.__args__  # type: ignore[attr-defined]


class LagRule(Rule):
    """A rule of the lag report, with the grain of what it finds (`LagGrain`)."""

    __slots__ = ("grain",)

    def __init__(
        self, kind: str, grain: LagGrain, level: Level, meaning: str, example: str, message: Message
    ) -> None:
        super().__init__(kind, "lag", level, meaning, example, message)
        self.grain = grain


class SchemaRule:
    """A rule of the schema diff, before its direction prefix (`property-added`)."""

    __slots__ = ("name", "request", "response", "message")

    def __init__(self, name: str, request: Level, response: Level, message: Message) -> None:
        self.name = name
        self.request = request
        self.response = response
        self.message = message

    def level(self, direction: Literal["request", "response"]) -> Level:
        return self.request if direction == "request" else self.response


class Registry:
    """Rules by (scope, kind), schema rules by name and detectors by site, in registration order."""

    def __init__(self) -> None:
        self.rules: dict[tuple[Scope, str], Rule] = {}
        self.schema_rules: dict[str, SchemaRule] = {}
        self.detectors: dict[Site, list[Callable[[Any], Iterable[Any]]]] = {site: [] for site in SITES}

    def add(self, rule: Rule) -> Rule:
        key = (rule.scope, rule.kind)
        if key in self.rules:
            raise ValueError(f"drift rule {rule.scope}:{rule.kind} is registered twice")
        self.rules[key] = rule
        return rule

    def add_schema_rule(self, rule: SchemaRule, meaning: str, example: str) -> SchemaRule:
        if rule.name in self.schema_rules:
            raise ValueError(f"drift schema rule {rule.name} is registered twice")
        self.schema_rules[rule.name] = rule
        for direction in DIRECTIONS:
            level = schema_level(rule, direction)
            text = f"{_WHERE[direction]}: {meaning}"
            self.add(Rule(f"{direction}-{rule.name}", "api", level, text, example, rule.message))
        return rule

    def rule(self, scope: Scope, kind: str) -> Rule:
        try:
            return self.rules[scope, kind]
        except KeyError:
            raise KeyError(f"drift rule {scope}:{kind} is not registered in togen/drift/rules/") from None


REGISTRY = Registry()
RULES = REGISTRY.rules  # (scope, kind) -> Rule; filled by importing togen.drift.rules


def api_rule(kind: str, level: Level, meaning: str, example: str, message: Message) -> Rule:
    """Register an API rule (operations, parameters, bodies, responses)."""
    return REGISTRY.add(Rule(kind, "api", level, meaning, example, message))


def schema_rule(
    name: str, *, request: Level, response: Level, meaning: str, example: str, message: Message
) -> SchemaRule:
    """Register a schema rule as `request-NAME`, `response-NAME` and `error-response-NAME`.
    The message's facts: `subject` (where, and the field's path), `direction` (request or
    response), `old_value`/`new_value` and `old`/`new` (the values as shown)."""
    return REGISTRY.add_schema_rule(SchemaRule(name, request, response, message), meaning, example)


def client_rule(kind: str, level: Level, meaning: str, example: str, message: Message) -> Rule:
    """Register a rule of the generated client's surface (methods, their parameters, models)."""
    return REGISTRY.add(Rule(kind, "client", level, meaning, example, message))


def lag_rule(
    kind: str, level: Level, meaning: str, example: str, message: Message, *, grain: LagGrain
) -> LagRule:
    """Register a rule of the lag report (`togen.drift.lag`: a spec against an SDK). A kind the
    SDK has and the spec lacks ends in `-missing`, one the spec has and the SDK lacks in
    `-not-in-sdk`. The message's facts: `signature`, `location`, `path` and the detector's own
    (`togen.drift.lag_sites.LagFound`)."""
    rule = LagRule(kind, grain, level, meaning, example, message)
    REGISTRY.add(rule)
    return rule


def live_rule(kind: str, level: Level, meaning: str, example: str, message: Message) -> Rule:
    """Register a rule of the live check (`togen.drift.live`: what a server answers against the
    spec). The message's facts are the detector's (`togen.drift.live_sites.LiveFound`)."""
    return REGISTRY.add(Rule(kind, "live", level, meaning, example, message))


def detector(*sites: Site) -> Callable[[Any], Any]:
    """Register the decorated function to be called at each of `sites` (`togen.drift.sites`)."""
    for site in sites:
        if site not in REGISTRY.detectors:
            raise ValueError(f"unknown drift site {site!r} (one of {', '.join(SITES)})")

    def register(func: Any) -> Any:
        for site in sites:
            REGISTRY.detectors[site].append(func)
        return func

    return register


def schema_level(rule: SchemaRule, direction: Direction) -> Level:
    if direction == "request":
        return rule.request
    return cap(rule.response, POTENTIAL) if direction == "error-response" else rule.response


def cap(level: Level, ceiling: Level) -> Level:
    """`level`, but no worse than `ceiling`."""
    return ceiling if LEVEL_RANK[level] < LEVEL_RANK[ceiling] else level


def show(value: Any) -> str:
    """A value in a message: lists joined by `/`, mappings as `k=v`, strings quoted."""
    if isinstance(value, list):
        return "/".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return repr(value) if isinstance(value, str) else str(value)
