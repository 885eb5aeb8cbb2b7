"""The rules of `togen drift --live` (`live` scope): what a server answered against what the
spec says. `togen.drift.live` detects and words them."""

from __future__ import annotations

from togen.drift.registry import B, N, P, scope_rules

scope_rules(
    "live",
    (
        ("live-status-undeclared", B, "the server answered a status the spec does not declare", "418"),
        ("live-unreachable", B, "a request failed (timeout, reset) after others got through", "read timeout"),
        ("live-body-not-json", B, "a JSON response's body is not JSON", "text/html"),
        ("live-type-mismatch", B, "a field has another type than the spec says", "string for integer"),
        ("live-field-missing", B, "a required field is absent", "`data[].id`"),
        ("live-null-undeclared", B, "null where the spec does not allow it", "`created`"),
        ("live-enum-value-undeclared", P, "a value outside the spec's enum", "`status: queued`"),
        ("live-field-undeclared", N, "a field the spec does not describe", "`data[].tags`"),
        ("live-checked", N, "the operation answered as the spec says", "GET /v1/models"),
    ),
)
