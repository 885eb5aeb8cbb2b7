"""The drift rule registry: one module per rule, found by importing the rules package."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import togen.drift.rules as rules_package
from togen.drift.model import NON_BREAKING, POTENTIAL
from togen.drift.registry import REGISTRY, SITES, Registry, Rule, SchemaRule, Scope, detector
from togen.drift.rules import RULES, rules_table


def test_a_kind_registered_twice_fails_loudly() -> None:
    registry = Registry()
    rule = Rule("thing-removed", "api", NON_BREAKING, "a thing was removed", "`x`", "{where} removed")
    registry.add(rule)
    with pytest.raises(ValueError, match="api:thing-removed is registered twice"):
        registry.add(rule)
    schema = SchemaRule("thing-added", NON_BREAKING, POTENTIAL, "{subject}: added")
    registry.add_schema_rule(schema, "a thing was added", "`x`")
    with pytest.raises(ValueError, match="thing-added is registered twice"):
        registry.add_schema_rule(schema, "a thing was added", "`x`")


def test_a_schema_rule_is_registered_for_each_direction_error_bodies_capped() -> None:
    registry = Registry()
    registry.add_schema_rule(SchemaRule("x-changed", "breaking", "breaking", "{subject}"), "x", "y")
    levels = {kind: rule.level for (_, kind), rule in registry.rules.items()}
    assert levels == {
        "request-x-changed": "breaking",
        "response-x-changed": "breaking",
        "error-response-x-changed": POTENTIAL,
    }


def test_an_unknown_site_or_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown drift site 'nowhere'"):
        detector("nowhere")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="api:no-such-kind is not registered"):
        REGISTRY.rule("api", "no-such-kind")


def test_detectors_run_in_the_order_of_their_modules_names() -> None:
    names = sorted(info.name for info in pkgutil.iter_modules(rules_package.__path__))
    for site in SITES:
        order = [func.__module__ for func in REGISTRY.detectors[site]]
        assert order == sorted(order, key=lambda module: names.index(module.rsplit(".", 1)[1]))
    assert all(REGISTRY.detectors[site] for site in SITES)  # every site has a detector


def test_api_rules_are_worded_by_id_and_every_scope_is_listed() -> None:
    assert all(rule.message is not None for (scope, _), rule in RULES.items() if scope == "api")
    listed = rules_table("json")
    for scope in ("api", "client", "live", "lag"):
        assert f'"scope": "{scope}"' in listed
    assert "lag-operation-missing" in rules_table("text")


@pytest.mark.parametrize("scope", ["lag", "live"])
def test_each_lag_and_live_kind_is_one_module_its_walk_names_none(scope: Scope) -> None:
    """Adding a lag or live kind is one file: the module named after the kind registers its
    rule (level, meaning, example, message) and its detector at a site of the scope, and the
    scope's walk (`togen.drift.lag`, `togen.drift.live`) only calls the registered detectors."""
    detected_in = {
        func.__module__ for site in SITES if site.startswith(f"{scope}-") for func in REGISTRY.detectors[site]
    }
    kinds = sorted(kind for kind_scope, kind in RULES if kind_scope == scope)
    assert kinds
    walk = inspect.getsource(importlib.import_module(f"togen.drift.{scope}"))
    for kind in kinds:
        module = importlib.import_module(f"togen.drift.rules.{kind.replace('-', '_')}")
        assert RULES[scope, kind] in vars(module).values(), f"{module.__name__} does not register {kind}"
        assert module.__name__ in detected_in, f"{module.__name__} has no detector at a {scope} site"
        assert f'"{kind}"' not in walk, f"togen.drift.{scope} names {kind}: a kind is worded by its module"
    assert len(detected_in) == len(kinds)  # no detector of the scope outside a kind's own module
