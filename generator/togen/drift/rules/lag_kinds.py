"""The rules of the lag report (`lag` scope: `togen drift SPEC sdk:together`): what the SDK
calls and the spec lacks (`lag-*-missing`: a client generated from the spec cannot do it)
and what the spec has that the SDK does not call (`lag-*-not-in-sdk`). `togen.drift.lag`
detects and words them."""

from __future__ import annotations

from togen.drift.registry import N, P, scope_rules

scope_rules(
    "lag",
    (
        ("lag-operation-missing", P, "the SDK calls an operation the spec lacks", "GET /v1/queue/status"),
        (
            "lag-operation-not-in-sdk",
            N,
            "the spec has an operation the SDK does not call",
            "POST /v1/rl/training-sessions/{session_id}/stop",
        ),
        (
            "lag-parameter-missing",
            P,
            "the SDK sends a query or header parameter the spec lacks",
            "query `after`",
        ),
        ("lag-parameter-not-in-sdk", N, "the spec has a parameter the SDK does not send", "query `limit`"),
        ("lag-field-missing", P, "the SDK sends or reads a field the spec lacks", "`usage.cached_tokens`"),
        ("lag-field-not-in-sdk", N, "the spec has a field the SDK neither sends nor reads", "`warnings[]`"),
        ("lag-enum-value-missing", P, "the SDK allows an enum value the spec lacks", "`type: audio`"),
        ("lag-enum-value-not-in-sdk", N, "the spec allows an enum value the SDK lacks", "`status: queued`"),
    ),
)
