"""Every drift rule, one module per rule (or per tight family of rules sharing one detection).

Each module registers its rules with `togen.drift.registry` (kind, default level, meaning,
example, message) and the detector that finds them at a site of the walks: the spec diff's
(`togen.drift.sites`), the lag report's (`togen.drift.lag_sites`, modules `lag_*`) or the
live check's (`togen.drift.live_sites`, modules `live_*`). Importing this package imports
every module in it, in name order, which registers them all: adding a rule is one file here
(a kind registered twice is an error at import). `togen drift --list-rules` prints the
registry (`rules_table`) and the docs' rule table is generated from it.
"""

from __future__ import annotations

import importlib
import os

from togen.drift.registry import REGISTRY, RULES, SCOPES, Rule, Scope

# The modules are listed with os.listdir, not pkgutil: every drift run does this, and pkgutil
# costs ~1 ms more (its import and a stat per entry) for the same sorted list of names.
for _name in sorted(os.listdir(__path__[0])):
    if _name.endswith(".py") and not _name.startswith("_"):
        importlib.import_module(f"{__name__}.{_name[:-3]}")

__all__ = ["REGISTRY", "RULES", "kinds", "rule", "rules_table"]


def rule(scope: Scope, kind: str) -> Rule:
    """The registered rule; a kind that is not registered is a programming error."""
    return REGISTRY.rule(scope, kind)


def kinds() -> set[str]:
    return {kind for _, kind in RULES}


def rules_table(fmt: str = "text") -> str:
    """The registry as text (`--list-rules`), a Markdown table (the docs) or JSON."""
    ordered = sorted(RULES.values(), key=lambda r: (SCOPES.index(r.scope), r.kind))
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
