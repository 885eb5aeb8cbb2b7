"""The toolkit's shape: one import namespace and no import cycles.

Every module of the three source roots is read as an AST; imports inside functions count,
because a lazy import back into a module that imports you is still a cycle of concepts.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from togen.core.graphs import nodes_on_cycles, strongly_connected_components

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("generator", "mock", "contract_tests")


def toolkit_modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for source_root in SOURCE_ROOTS:
        base = ROOT / source_root
        for path in sorted((base / "togen").rglob("*.py")):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]], nodes: list[str]) -> list[list[str]]:
    """Groups of two or more modules that import each other, directly or around a loop."""
    edges = {node: graph.get(node, set()) for node in nodes}
    return [component for component in strongly_connected_components(edges) if len(component) > 1]


def test_one_namespace_and_no_stray_top_level_packages() -> None:
    for source_root in SOURCE_ROOTS:
        entries = {p.name for p in (ROOT / source_root).iterdir() if p.name != "__pycache__"}
        assert entries == {"togen"}, f"{source_root}/ holds {entries}: only togen/ belongs there"
        assert not (ROOT / source_root / "togen" / "__init__.py").exists(), "togen is a PEP 420 namespace"


def test_no_import_cycles() -> None:
    modules = toolkit_modules()
    assert len(modules) > 40
    assert cycles(import_graph(modules), sorted(modules)) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph, ["a", "b", "c", "d"]) == [["a", "b", "c"]]


def test_nodes_on_cycles_counts_self_loops() -> None:
    assert nodes_on_cycles({"a": ["a"], "b": ["c"], "c": []}) == {"a"}
    assert nodes_on_cycles({"a": ["b"], "b": ["a"], "c": ["a"]}) == {"a", "b"}


# One owner per concept: where each may be written. A pattern found anywhere else in the
# toolkit, its tests or the benchmarks is a second copy of the concept (TOOLKIT_ONLY ones:
# anywhere else in the toolkit; a test may validate a standalone schema itself).
TOOLKIT_ONLY = {r"Draft202012Validator\(", r"\"\.cache\"|pickle\.loads?\("}
OWNERS = {
    r"\.bind\(\(": {"generator/togen/core/loopback.py"},
    r"uvicorn\.(Server|Config)\(": {"generator/togen/core/loopback.py", "mock/togen/mock/server.py"},
    r"def _?free_port\b": {"generator/togen/core/loopback.py"},
    r"def _?parse_sse\b|\.split\(\"\\n\\n\"\)": {"generator/togen/core/sse.py"},
    r"replace\(\"~1\", \"/\"\)|replace\(\"~\", \"~0\"\)": {"generator/togen/spec/schema.py"},
    r"Draft202012Validator\(": {
        "generator/togen/spec/schema_set.py",
        "mock/togen/mock/together/structured.py",
    },
    r"\.get\(\"format\"\) == \"binary\"": {"generator/togen/spec/schema.py"},
    r"hashlib\.sha256\(spec_bytes\)": {"generator/togen/core/fingerprint.py"},
    # where togen's on-disk caches live (resources.cache_root), and the one cache of loaded specs
    # (the mock's pickle cache is gone); derived SDK documents sit beside it (togen.sdk.source)
    r"\"\.cache\"|pickle\.loads?\(": {"generator/togen/core/resources.py", "generator/togen/spec/cache.py"},
    # the one registry of drift rule kinds
    r"class (Rule|SchemaRule)\b|SCHEMA_RULES\b *[:=]|def rules_table\b|def detector\b": {
        "generator/togen/drift/registry.py",
        "generator/togen/drift/rules/__init__.py",
    },
    # the one table of what the API rejects beyond the schema (mock and contract suite read it)
    r"class RejectionRule\b|RULE_HEADER *=": {"generator/togen/spec/request_rules.py"},
    r"def _?(on_cycles|strongly_connected\w*)\b": {"generator/togen/core/graphs.py"},
    # the misbehaving server that the client tests run against (raw asyncio, on loopback)
    r"class \w*HostileServer\b|def gzip_bomb\b": {"tests/runtime/hostile_server.py"},
    r"class \w*Synthesizer\b|def example_value\b": {
        "generator/togen/spec/synthesizer.py",
        "generator/togen/render/client/examples.py",  # README placeholders: a thin call of it
    },
    # walking a client's resources (the official SDK's or ours, method -> route): one helper for all tests
    r"from together\._resource import|SyncAPIResource\)|\._resource\"\)": {"tests/official_sdk.py"},
    # the worker processes of a generation (forked, always joined)
    r"get_context\(\"fork\"\)": {"generator/togen/render/model_worker.py"},
    # the real mock recording what it received (route, body, status), for the tests that need it
    r"def recording_mock\b|def recording_receive\b": {"tests/recording_mock.py"},
    # which generated methods the hand-written extensions replace
    r"def generated_name\b|/ \"extensions\"": {"generator/togen/render/client/extensions.py"},
}


def test_each_concept_has_one_owner() -> None:
    sources = [
        path
        for folder in (*SOURCE_ROOTS, "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not {"_work", "golden", "__pycache__"} & set(path.parts)
    ]
    strays = []
    for pattern, owners in OWNERS.items():
        regex = re.compile(pattern)
        for path in sources:
            relative = path.relative_to(ROOT).as_posix()
            if relative in owners or relative == "tests/e2e/test_architecture.py":
                continue
            if pattern in TOOLKIT_ONLY and not relative.startswith(SOURCE_ROOTS):
                continue
            strays += [
                f"{relative}: {pattern}" for line in path.read_text().splitlines() if regex.search(line)
            ]
    assert strays == []
