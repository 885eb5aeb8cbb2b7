"""Reports of a contract run: JUnit XML (CI), Markdown (people), JSON (tools)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from togen.contract.results import RunResult


def to_json(result: RunResult) -> str:
    return json.dumps(result.to_dict(), indent=2, sort_keys=True) + "\n"


def to_junit(result: RunResult) -> str:
    """One <testcase> per operation (and stateful sequence); skipped operations as <skipped>."""
    cases = [*result.operations, *result.stateful]
    suite = ET.Element(
        "testsuite",
        name="togen-contract",
        tests=str(len(cases) + len(result.skipped)),
        failures=str(sum(1 for c in cases if c.failures)),
        errors="0",
        skipped=str(len(result.skipped)),
        time=f"{result.seconds:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("base_url", result.base_url),
        ("seed", str(result.seed)),
        ("coverage", f"{result.coverage:.4f}"),
        ("requests", str(result.requests)),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    for op in cases:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="contract." + (op.key.rsplit(".", 1)[0] if "." in op.key else op.key),
            name=f"{op.key} ({op.signature})",
            time=f"{op.seconds:.3f}",
        )
        for failure in op.failures:
            node = ET.SubElement(case, "failure", type=failure.check, message=failure.title)
            node.text = f"{failure.message}\n\nReproduce with:\n    {failure.curl}\n"
    for skipped in result.skipped:
        case = ET.SubElement(
            suite, "testcase", classname="contract.skipped", name=f"{skipped.key} ({skipped.signature})"
        )
        ET.SubElement(case, "skipped", message=skipped.reason)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: RunResult) -> str:
    lines = ["# Contract report", ""]
    verdict = "PASSED" if result.passed else "FAILED"
    lines += [
        f"**{verdict}** against `{result.base_url}` ({'live' if result.live else 'mock'}): "
        f"{result.failures} failure(s), {result.requests} requests in {result.seconds:.1f} s, "
        f"seed {result.seed}.",
        "",
        f"- Coverage: **{result.covered}/{result.total_operations} operations ({result.coverage:.1%})**; "
        f"{len(result.skipped)} skipped (reasons below).",
        f"- Examples per operation: {result.max_examples} positive, plus negative cases, a stream probe "
        "(SSE operations) and an auth probe.",
        f"- Checks: {', '.join(f'`{c}`' for c in result.checks)}.",
    ]
    if result.budget_exhausted:
        lines.append("- **The request budget ran out**: the run is incomplete.")
    if result.mutation:
        m = result.mutation
        lines.append(
            f"- Mutation self-test: **{m['killed']}/{m['total']} mutants detected "
            f"(score {m['score']:.1%})** on {len(m['operations'])} operations."
        )
    failing = [o for o in [*result.operations, *result.stateful] if o.failures]
    if failing:
        lines += ["", "## Failures", ""]
        for op in failing:
            lines += [f"### `{op.key}` — {op.signature}", ""]
            for failure in op.failures:
                status = f" (HTTP {failure.status})" if failure.status is not None else ""
                more = f", {failure.occurrences}x" if failure.occurrences > 1 else ""
                lines += [f"- **{failure.check}**{status} [{failure.phase}{more}]: {failure.title}"]
                detail = failure.message.strip()
                if detail and detail != failure.title:
                    lines += ["", "  ```", *("  " + d for d in detail.splitlines()[:12]), "  ```"]
                if failure.curl:
                    lines += ["", "  ```sh", f"  {failure.curl}", "  ```"]
            lines.append("")
    lines += [
        "",
        "## Operations",
        "",
        "| operation | examples | negative | probes | requests | statuses | result |",
    ]
    lines.append("|---|---:|---:|---:|---:|---|---|")
    for op in [*result.operations, *result.stateful]:
        statuses = " ".join(f"{k}×{v}" for k, v in sorted(op.statuses.items()))
        outcome = "ok" if op.passed else f"**{len(op.failures)} failure(s)**"
        lines.append(
            f"| `{_cell(op.key)}` | {op.examples} | {op.negative_examples} | {op.probes} | {op.requests} "
            f"| {statuses} | {outcome} |"
        )
    if result.skipped:
        lines += ["", "## Skipped", "", "| operation | reason |", "|---|---|"]
        for skipped in result.skipped:
            lines.append(f"| `{skipped.key}` ({_cell(skipped.signature)}) | {_cell(skipped.reason)} |")
    if result.mutation:
        lines += ["", "## Mutation self-test", ""]
        lines += [
            "| operation | mutation | detected by |",
            "|---|---|---|",
        ]
        for mutant in result.mutation["mutants"]:
            found = ", ".join(mutant["detected_by"]) or "**SURVIVED**"
            lines.append(f"| `{mutant['operation']}` | {mutant['mutation']} | {_cell(found)} |")
    return "\n".join(lines) + "\n"


def summary_line(result: RunResult) -> str:
    text = (
        f"contract: {'PASSED' if result.passed else 'FAILED'}: {result.failures} failure(s); "
        f"coverage {result.covered}/{result.total_operations} ({result.coverage:.1%}); "
        f"{result.requests} requests in {result.seconds:.1f} s (seed {result.seed})"
    )
    if result.mutation:
        m = result.mutation
        text += f"; mutation score {m['killed']}/{m['total']} ({m['score']:.1%})"
    return text
