"""The one-line messages of schema changes (the engine words its own kinds where it adds them)."""

from __future__ import annotations

from typing import Any

from togen.drift.schemas import RawChange


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return repr(value) if isinstance(value, str) else str(value)


def describe(raw: RawChange, direction: str, where: str, path: str) -> str:
    """The one-line message of a schema change."""
    subject = f"{where} `{path}`" if path else where
    if direction == "error-response":
        direction = "response"
    rule = raw.rule
    if rule == "property-removed":
        return f"{subject}: property removed"
    if rule == "property-removed-after-deprecation":
        return f"{subject}: deprecated property removed"
    if rule in ("property-removed-before-sunset", "property-removed-after-sunset"):
        when = "before" if rule.endswith("before-sunset") else "after"
        return f"{subject}: deprecated property removed {when} its sunset date {raw.old_value}"
    if rule == "property-deprecated":
        return f"{subject}: property is now deprecated"
    if rule == "deprecation-sunset-too-soon":
        if raw.new_value is None:
            return f"{subject}: deprecated without a sunset date"
        return f"{subject}: deprecated with a sunset date too soon ({raw.new_value})"
    if rule == "property-added":
        return (
            f"{subject}: optional property added" if direction == "request" else f"{subject}: property added"
        )
    if rule == "property-required-added":
        return f"{subject}: new required property"
    if rule == "property-became-required":
        return f"{subject}: property is now required"
    if rule == "property-became-optional":
        tail = " (may be absent)" if direction == "response" else ""
        return f"{subject}: property is no longer required{tail}"
    if rule == "nullable-added":
        return f"{subject}: may now be null" if direction == "response" else f"{subject}: now accepts null"
    if rule == "nullable-removed":
        return (
            f"{subject}: no longer null" if direction == "response" else f"{subject}: no longer accepts null"
        )
    if rule in ("type-changed", "type-narrowed", "type-widened"):
        verb = {"type-changed": "changed", "type-narrowed": "narrowed", "type-widened": "widened"}[rule]
        return f"{subject}: type {verb} from {_show(raw.old_value)} to {_show(raw.new_value)}"
    if rule == "enum-value-removed":
        return f"{subject}: enum value {_show(raw.old_value)} removed"
    if rule == "enum-value-added":
        return f"{subject}: enum value {_show(raw.new_value)} added"
    if rule == "enum-added":
        return f"{subject}: now restricted to {_show(raw.new_value)}"
    if rule == "enum-removed":
        return f"{subject}: no longer restricted to {_show(raw.old_value)}"
    if rule in ("bound-tightened", "bound-loosened"):
        verb = "tightened" if rule == "bound-tightened" else "loosened"
        (bound, before), after = next(iter(raw.old_value.items())), next(iter(raw.new_value.values()))
        return f"{subject}: {bound} {verb} ({before} -> {after})"
    if rule == "pattern-changed":
        return f"{subject}: pattern changed from {raw.old_value!r} to {raw.new_value!r}"
    if rule == "format-changed":
        return f"{subject}: format changed from {raw.old_value} to {raw.new_value}"
    if rule == "default-changed":
        return f"{subject}: default changed from {raw.old_value!r} to {raw.new_value!r}"
    if rule == "object-closed":
        return f"{subject}: additional properties no longer allowed"
    if rule == "object-opened":
        return f"{subject}: additional properties now allowed"
    if rule == "branch-removed":
        return f"{subject}: oneOf/anyOf branch {raw.old_value} removed"
    if rule == "branch-added":
        return f"{subject}: oneOf/anyOf branch {raw.new_value} added"
    return f"{subject}: {rule}"
