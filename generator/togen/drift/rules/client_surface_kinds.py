"""The client-surface rules (`client` scope): what changed in the generated client's public
surface between the two specs. `togen.drift.surface` detects and words them."""

from __future__ import annotations

from togen.drift.registry import B, N, P, scope_rule

for _kind, _level, _meaning, _example in (
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
):
    scope_rule("client", _kind, _level, _meaning, _example)
