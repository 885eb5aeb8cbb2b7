"""`togen contract` and `togen contract merge`: keep module-level imports light (typer only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from togen.cli_options import SpecOption

if TYPE_CHECKING:
    from togen.contract.results import RunResult

ReportOption = Annotated[
    str | None, typer.Option("--report", help="Write the report (Markdown or JSON) to FILE.")
]
JunitOption = Annotated[str | None, typer.Option("--junit", help="Write a JUnit XML report to FILE.")]
FormatOption = Annotated[str, typer.Option("--format", help="Report format: md or json.")]


def contract_command(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="API host root (a trailing /v1 is accepted). Default: start the mock."
        ),
    ] = None,
    spec: SpecOption = None,
    operations: Annotated[
        list[str] | None,
        typer.Option(
            "--operations", help="Glob over operation keys, operationIds or 'METHOD /path' (repeatable)."
        ),
    ] = None,
    max_examples: Annotated[int, typer.Option("--max-examples", help="Positive examples per operation.")] = 5,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed (default: random, printed).")] = None,
    junit: JunitOption = None,
    report: ReportOption = None,
    output_format: FormatOption = "md",
    allow_write: Annotated[
        bool,
        typer.Option("--allow-write", help="Live mode: also run operations that cost money or change state."),
    ] = False,
    max_requests: Annotated[
        int | None, typer.Option("--max-requests", help="Request budget (live default: 200).")
    ] = None,
    rate_limit: Annotated[
        float | None, typer.Option("--rate-limit", help="Requests per second (live default: 2).")
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option("--min-coverage", help="Fail when less than N percent of the operations were reached."),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option("--shard", help="Run shard i of n (e.g. 1/3); combine with `togen contract merge`."),
    ] = None,
    shrink_seconds: Annotated[
        float,
        typer.Option("--shrink-seconds", help="Time to shrink each failing example (0: keep the first)."),
    ] = 5.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    mutation_self_test: Annotated[
        bool,
        typer.Option("--mutation-self-test", help="Also run the mutation self-test (fault-injecting proxy)."),
    ] = False,
) -> None:
    """Contract-test BASE_URL (or a mock it starts itself) against the spec; exit 1 on any failure."""
    if ctx.invoked_subcommand is not None:
        return
    import warnings
    from contextlib import ExitStack

    from hypothesis.errors import NonInteractiveExampleWarning

    from togen.contract.engine import ContractRunner
    from togen.contract.options import MOCK_TOKEN, RunOptions, normalize_base_url
    from togen.contract.preflight import Unreachable, reach
    from togen.contract.progress import for_terminal
    from togen.contract.server import mock_app, serve
    from togen.contract.shard import parse_shard
    from togen.spec.pipeline import resolve_spec

    _check_format(output_format)
    problems = []
    if max_examples < 1:
        problems.append("--max-examples must be at least 1")
    if min_coverage is not None and not 0 <= min_coverage <= 100:
        problems.append("--min-coverage is a percentage between 0 and 100")
    if shrink_seconds < 0:
        problems.append("--shrink-seconds must not be negative")
    shard_pair = None
    if shard is not None:
        try:
            shard_pair = parse_shard(shard)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        _usage(problems[0])
    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    server = None
    if base_url is not None:
        try:
            server = reach(normalize_base_url(base_url))
        except Unreachable as exc:
            _usage(str(exc))
    api = resolve_spec(spec).api
    with ExitStack() as stack:
        api_key = None
        mock = None
        if base_url is None:
            mock = mock_app(api, seed=0, api_key=MOCK_TOKEN)
            base_url = stack.enter_context(serve(mock))
            api_key = MOCK_TOKEN
            typer.echo(f"contract: started the mock at {base_url}", err=True)
        elif server is not None and server.accepts_any_key:
            typer.echo(f"contract: {server.note}", err=True)
        options = RunOptions(
            base_url=base_url,
            api_key=api_key,
            operations=operations or None,
            max_examples=max_examples,
            seed=seed,
            allow_write=allow_write,
            max_requests=max_requests,
            rate_limit=rate_limit,
            shard=shard_pair,
            min_coverage=min_coverage,
            shrink_seconds=shrink_seconds,
            accepts_any_key=bool(server and server.accepts_any_key),
        )
        try:
            runner = ContractRunner(api, options, progress=for_terminal(quiet))
        except ValueError as exc:
            _usage(str(exc))
        if not runner.prepared.operations and not runner.prepared.skipped and shard_pair is None:
            _usage("no operation matches --operations")
        result = runner.run()
        if mutation_self_test:
            from togen.contract.mutation import run_self_test

            if options.live:
                typer.echo("contract: the mutation self-test runs against the mock only; skipped", err=True)
            else:
                upstream = mock if mock is not None else base_url
                token = runner.sender.token
                result.mutation = run_self_test(api, upstream, token, seed=options.seed or 0)
    _emit(result, junit, report, output_format)


def merge_command(
    reports: Annotated[
        list[str], typer.Argument(help="JSON reports of the shards (--format json --report).")
    ],
    junit: JunitOption = None,
    report: ReportOption = None,
    output_format: FormatOption = "md",
) -> None:
    """Combine the JSON reports of `--shard` runs into one report with the verdict of a single run."""
    from togen.contract.merge import merge, read_report

    _check_format(output_format)
    try:
        result = merge([read_report(path) for path in reports])
    except ValueError as exc:
        _usage(str(exc))
    _emit(result, junit, report, output_format)


def _check_format(output_format: str) -> None:
    if output_format not in ("md", "json"):
        _usage(f"--format {output_format!r}: expected md or json")


def _usage(message: str) -> typer.Exit:
    typer.echo(f"togen: error: {message}", err=True)
    raise typer.Exit(2)


def _emit(result: RunResult, junit: str | None, report: str | None, output_format: str) -> None:
    """Write the reports, print the failures in short and the summary; exit 1 unless passed."""
    import os
    import sys

    from togen.contract.report import summary_line, to_json, to_junit, to_markdown

    markdown = to_markdown(result)
    rendered = to_json(result) if output_format == "json" else markdown
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            handle.write(rendered)
    elif output_format == "json":
        sys.stdout.write(rendered)
    if junit:
        with open(junit, "w", encoding="utf-8") as handle:
            handle.write(to_junit(result))
    if output_format != "json" or report:
        # Failures first, in short; the full report goes to --report.
        for op in [*result.operations, *result.stateful]:
            for failure in op.failures:
                typer.echo(f"FAIL {op.key}: {failure.check} [{failure.phase}]: {failure.title}")
                if failure.curl:
                    typer.echo(f"     {failure.curl}")
                if failure.shrinking:
                    typer.echo(f"     ({failure.shrinking})")
        typer.echo(summary_line(result))
    if os.environ.get("TOGEN_CONTRACT_DEBUG"):
        typer.echo(markdown, err=True)
    raise typer.Exit(0 if result.passed else 1)
