"""`together_client.types` offers the official SDK's `together.types` names (and those of its
subpackages, `together.types.chat`, ...) for the schemas both have: walked from the installed
official package (3.1.1, pinned in the lock), each offered name is the same kind of thing
(response model, request TypedDict, `list` of a model, union of TypedDicts or of models) with
the same fields. The classification is tests/official_types.py's (`python -m tests.official_types`
prints it as a table)."""

from __future__ import annotations

import importlib
from collections import Counter
from types import ModuleType

from tests.official_types import classify, official_names, qualified, report, table


def test_official_names_are_importable_and_mean_the_same(tc: ModuleType) -> None:
    rows = classify(tc.__name__)
    assert not [row for row in rows if row.kind == "differs"], report(rows)
    offered = {qualified(row.sub, row.name) for row in rows if row.kind == "offered"}
    counts = Counter(row.kind for row in rows if row.kind == "offered" and not row.sub)
    # 16 before the aliases and naming rules, 49 with them, 54 with the parameters' TypedDicts
    # (EvalListParams, ...) and lists (BatchListResponse); 127 with the subpackages.
    assert counts["offered"] >= 54, report(rows)
    assert len(offered) >= 127, report(rows)
    assert {
        "EvalListParams",  # the parameters of a parameters-only operation
        "FineTuningContentParams",
        "FineTuningModelLimitsParams",
        "BatchListResponse",  # list[BatchJob]
        "EvalListResponse",
        "chat.ChatCompletion",  # alias
        "chat.ChatCompletionMessageParam",  # a union of TypedDicts, not of models
        "chat.CompletionCreateParams",  # rule, one level down
        "audio.TranscriptionCreateParams",
        "clusters.StorageUpdateParams",
        "beta.jig.QueueCancelParams",  # two levels down
        "post_training.ForwardBackwardResult",  # the subpackage's schema prefix (RL)
    } <= offered
    # Every official name that a schema of ours carries too is offered, unless it means something else.
    models = importlib.import_module(f"{tc.__name__}.models")
    same_name = {qualified(sub, n) for sub, n in official_names() if not sub and n in dir(models)}
    assert same_name - set(table()["different"]) <= offered


def test_official_subpackages_are_packages_like_the_official_ones(tc: ModuleType) -> None:
    scope: dict[str, object] = {}
    package = tc.__name__
    exec(f"from {package}.types.beta import jig\nfrom {package}.types.chat import ChatCompletion", scope)
    assert getattr(scope["ChatCompletion"], "__name__", None) == "ChatCompletionResponse"
    assert "QueueCancelParams" in dir(scope["jig"])
    chat = importlib.import_module(f"{tc.__name__}.types.chat")
    assert set(chat.__all__) == set(dir(chat)) >= {"ChatCompletionChunk", "CompletionCreateParams"}


def test_table_names_real_official_types() -> None:
    """Each alias, exclusion and prefix names a real official type or subpackage (a stale entry fails)."""
    official = {qualified(sub, name) for sub, name in official_names()}
    entries = table()
    assert set(entries["aliases"]) | set(entries["different"]) <= official
    subpackages = {sub[1:] for sub, _ in official_names() if sub}
    assert set(entries["prefixes"]) <= subpackages


def test_unknown_name_is_an_attribute_error(tc: ModuleType) -> None:
    for path in ("types", "types.chat"):
        ours = importlib.import_module(f"{tc.__name__}.{path}")
        try:
            ours.NoSuchType  # noqa: B018
        except AttributeError as exc:
            assert "NoSuchType" in str(exc)
        else:
            raise AssertionError(f"{path}.NoSuchType resolved")
