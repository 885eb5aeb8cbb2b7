"""`--shard i/n`: a deterministic, balanced share of the operations for one CI job.

Operations are grouped into units that must run in one process: each stateful sequence
(create -> retrieve -> list -> delete) with the operations it needs to set itself up
(fine-tunes and batches upload their input with `files.upload`), and every other
operation on its own. Units are dealt out largest first to the shard with the least work
so far (ties: the lower shard), each unit weighing its number of operations; websocket
upgrades (never called, only reported) weigh nothing. The same spec, selection and n
always give the same shares, their union is the whole selection and no operation is in
two shards, so `togen contract merge` of all n reports equals one unsharded run.
"""

from __future__ import annotations

import re

from togen.contract.stateful import SEQUENCES, SETUP_OPERATIONS
from togen.spec.ir import Operation

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """`"2/3"` -> (2, 3); ValueError with the rule when it is not `i/n` with 1 <= i <= n."""
    match = _SHARD.match(text)
    if not match:
        raise ValueError(f"--shard {text!r}: expected i/n, e.g. 1/3")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"--shard {text!r}: i must be between 1 and n (n >= 1)")
    return index, count


def units(operations: list[Operation]) -> list[list[str]]:
    """Operation keys grouped into what must run together, each group sorted."""
    keys = sorted({op.key for op in operations})
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for sequence in SEQUENCES:
        together = [sequence.create, sequence.retrieve, sequence.list, sequence.delete]
        together += SETUP_OPERATIONS.get(sequence.create, ())
        present = [k for k in together if k in parent]
        for key in present[1:]:
            parent[root(key)] = root(present[0])
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(root(key), []).append(key)
    return sorted(groups.values())


def share(operations: list[Operation], unsupported: list[Operation], index: int, count: int) -> set[str]:
    """The keys of shard `index` of `count` (1-based) among `operations` (HTTP, run) and
    `unsupported` (websocket upgrades, reported as not reached)."""
    weightless = {op.key for op in unsupported}
    loads = [0] * count
    owned: list[set[str]] = [set() for _ in range(count)]
    ordered = sorted(units([*operations, *unsupported]), key=lambda u: (-_weight(u, weightless), u))
    spread = 0
    for unit in ordered:
        weight = _weight(unit, weightless)
        if weight == 0:  # deal the weightless round-robin so each shard reports its share
            target = spread % count
            spread += 1
        else:
            target = min(range(count), key=lambda i: (loads[i], i))
        loads[target] += weight
        owned[target].update(unit)
    return owned[index - 1]


def _weight(unit: list[str], weightless: set[str]) -> int:
    return sum(0 if key in weightless else 1 for key in unit)
