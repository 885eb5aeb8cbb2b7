"""Reports of a contract run: JUnit XML (CI), Markdown (people), JSON (tools)."""

from __future__ import annotations

import json
from typing import Any

from togen.contract.results import RunResult
from togen.core.junit import Case, Failure, junit_xml


def to_json(result: RunResult) -> str:
    return json.dumps(result.to_dict(), indent=2, sort_keys=True) + "\n"


def to_junit(result: RunResult) -> str:
    """One <testcase> per operation (and stateful sequence); skipped operations as <skipped>."""
    cases = []
    if result.min_coverage is not None:
        # The coverage requirement is a test case of its own: red when it is not met.
        too_low = [Failure({"type": "min_coverage", "message": coverage_text(result)})]
        cases.append(
            Case("contract.coverage", "min-coverage", failures=too_low if result.coverage_too_low else [])
        )
    for op in [*result.operations, *result.stateful]:
        failures = [
            Failure(
                {"type": failure.check, "message": failure.title},
                f"{failure.message}\n\nReproduce with:\n    {failure.curl}"
                + (f"\n({failure.shrinking})" if failure.shrinking else "")
                + "\n",
            )
            for failure in op.failures
        ]
        classname = "contract." + (op.key.rsplit(".", 1)[0] if "." in op.key else op.key)
        cases.append(Case(classname, f"{op.key} ({op.signature})", f"{op.seconds:.3f}", failures))
    for skipped in result.skipped:
        cases.append(Case("contract.skipped", f"{skipped.key} ({skipped.signature})", skipped=skipped.reason))
    properties = [
        ("base_url", result.base_url),
        ("seed", str(result.seed)),
        ("coverage", f"{result.coverage:.4f}"),
        ("requests", str(result.requests)),
        ("shard", result.shard or ""),
    ]
    return junit_xml(
        "togen-contract", cases, time=f"{result.seconds:.3f}", properties=properties, in_testsuites=True
    )


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(result: RunResult) -> str:
    lines = ["# Contract report", ""]
    verdict = "PASSED" if result.passed else "FAILED"
    where = "live" if result.live else "mock"
    if result.shard:
        where += f", shard {result.shard}" if "/" in result.shard else f", {result.shard}"
    lines += [
        f"**{verdict}** against `{result.base_url}` ({where}): "
        f"{result.failures} failure(s), {result.requests} requests in {result.seconds:.1f} s, "
        f"seed {result.seed}.",
        "",
        f"- Coverage: **{coverage_text(result)}**" + (" (reasons below)." if result.skipped else "."),
        f"- Examples per operation: {result.max_examples} positive, plus negative cases, a stream probe "
        "(SSE operations) and an auth probe.",
        f"- Checks: {', '.join(f'`{c}`' for c in result.checks)}.",
    ]
    if result.budget_exhausted:
        lines.append(
            "- The request budget (`--max-requests`) ran out: the operations after it were not reached "
            "(not a failure; `--min-coverage` makes coverage one)."
        )
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
                if failure.shrinking:
                    lines += ["", f"  _{failure.shrinking}_"]
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
        lines += ["", "## Not reached", "", "| operation | why | reason |", "|---|---|---|"]
        for skipped in result.skipped:
            lines.append(
                f"| `{skipped.key}` ({_cell(skipped.signature)}) | {skipped.why} | {_cell(skipped.reason)} |"
            )
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
    shard = f" [shard {result.shard}]" if result.shard and "/" in result.shard else ""
    text = (
        f"contract{shard}: {'PASSED' if result.passed else 'FAILED'}: {result.failures} failure(s); "
        f"coverage {coverage_text(result)}; "
        f"{result.requests} requests in {result.seconds:.1f} s (seed {result.seed})"
    )
    if result.mutation:
        m = result.mutation
        text += f"; mutation score {m['killed']}/{m['total']} ({m['score']:.1%})"
    return text


def coverage_text(result: RunResult) -> str:
    """`34/100 operations (34.0%), not reached: budget 4, websocket 2, write operation 60;
    below --min-coverage 50%`."""
    text = f"{result.covered}/{result.total_operations} operations ({result.coverage:.1%})"
    not_reached = result.not_reached()
    if not_reached:
        text += ", not reached: " + ", ".join(f"{why} {n}" for why, n in sorted(not_reached.items()))
    if result.min_coverage is not None:
        met = "below" if result.coverage_too_low else "meets"
        text += f"; {met} --min-coverage {result.min_coverage:g}%"
    return text
