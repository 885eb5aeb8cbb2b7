"""`togen contract merge`: the JSON reports of `--shard i/n` runs as one result.

Shards split the operations (shard.py), so the merged result is the union of their
operations, sequences and not-reached operations, with the verdict recomputed from it:
the same as one unsharded run's. The shards must be of one spec and one seed, and all n
of them present exactly once (a missing shard would make a partial run look complete).
"""

from __future__ import annotations

import json
from typing import Any

from togen.contract.results import RunResult


def read_report(path: str) -> RunResult:
    """A `--format json` report; ValueError naming the file when it is not one."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValueError(f"{path}: not JSON ({exc}); write shard reports with --format json") from None
    try:
        return RunResult.from_dict(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path}: not a contract JSON report (missing or wrong {exc})") from None


def merge(results: list[RunResult]) -> RunResult:
    """One result of all shards; ValueError when they do not make one run."""
    if not results:
        raise ValueError("no report to merge")
    first = results[0]
    _same(results, "spec_sha256", "the shards ran against different specs")
    _same(results, "seed", "the shards ran with different seeds (pass the same --seed to every shard)")
    shards = [r.shard for r in results]
    if len(results) > 1 or first.shard is not None:
        _complete(shards)
    keys = [o.key for r in results for o in r.operations] + [s.key for r in results for s in r.skipped]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"operation {repeated[0]} is in more than one report")
    mutations = [r.mutation for r in results if r.mutation is not None]
    return RunResult(
        base_url=first.base_url,
        live=first.live,
        seed=first.seed,
        max_examples=first.max_examples,
        spec_sha256=first.spec_sha256,
        checks=first.checks,
        operations=sorted((o for r in results for o in r.operations), key=lambda o: o.key),
        skipped=sorted((s for r in results for s in r.skipped), key=lambda s: s.key),
        total_operations=sum(r.total_operations for r in results),
        requests=sum(r.requests for r in results),
        seconds=max(r.seconds for r in results),  # the shards run side by side: the longest one
        stateful=sorted((o for r in results for o in r.stateful), key=lambda o: o.key),
        budget_exhausted=any(r.budget_exhausted for r in results),
        mutation=min(mutations, key=lambda m: m["score"]) if mutations else None,
        min_coverage=first.min_coverage,
        shard=f"merged from {len(results)} shard(s)",
    )


def _same(results: list[RunResult], name: str, message: str) -> None:
    values: set[Any] = {getattr(r, name) for r in results}
    if len(values) > 1:
        raise ValueError(message)


def _complete(shards: list[str | None]) -> None:
    counts = set()
    indices = []
    for label in shards:
        if label is None or "/" not in label:
            raise ValueError("a report without --shard cannot be merged with shards")
        index, count = (int(part) for part in label.split("/"))
        counts.add(count)
        indices.append(index)
    if len(counts) > 1:
        raise ValueError(f"the shards were cut differently (n = {', '.join(map(str, sorted(counts)))})")
    (count,) = counts
    twice = sorted({i for i in indices if indices.count(i) > 1})
    if twice:
        raise ValueError(f"shard {twice[0]}/{count} is given twice")
    missing = sorted(set(range(1, count + 1)) - set(indices))
    if missing:
        raise ValueError(f"shard {missing[0]}/{count} is missing ({len(indices)} of {count} reports given)")
