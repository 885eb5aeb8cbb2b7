"""`togen contract`: keep module-level imports light (typer only)."""

from __future__ import annotations

from typing import Annotated

import typer

from togen.cli_options import SpecOption


def contract_command(
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
    junit: Annotated[str | None, typer.Option("--junit", help="Write a JUnit XML report to FILE.")] = None,
    report: Annotated[
        str | None, typer.Option("--report", help="Write the report (Markdown or JSON) to FILE.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="Report format: md or json.")] = "md",
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
    mutation_self_test: Annotated[
        bool,
        typer.Option("--mutation-self-test", help="Also run the mutation self-test (fault-injecting proxy)."),
    ] = False,
) -> None:
    """Contract-test BASE_URL (or a mock it starts itself) against the spec; exit 1 on any failure."""
    import os
    import sys
    import warnings
    from contextlib import ExitStack

    from hypothesis.errors import NonInteractiveExampleWarning

    from togen.contract.engine import ContractRunner
    from togen.contract.options import MOCK_TOKEN, RunOptions
    from togen.contract.report import summary_line, to_json, to_junit, to_markdown
    from togen.contract.server import mock_app, serve
    from togen.spec.pipeline import resolve_spec

    if output_format not in ("md", "json"):
        typer.echo("togen: error: --format is md or json", err=True)
        raise typer.Exit(2)
    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    api = resolve_spec(spec).api
    with ExitStack() as stack:
        api_key = None
        mock = None
        if base_url is None:
            mock = mock_app(api, seed=0, api_key=MOCK_TOKEN)
            base_url = stack.enter_context(serve(mock))
            api_key = MOCK_TOKEN
            typer.echo(f"contract: started the mock at {base_url}", err=True)
        options = RunOptions(
            base_url=base_url,
            api_key=api_key,
            operations=operations or None,
            max_examples=max_examples,
            seed=seed,
            allow_write=allow_write,
            max_requests=max_requests,
            rate_limit=rate_limit,
        )
        try:
            runner = ContractRunner(api, options)
        except ValueError as exc:
            typer.echo(f"togen: error: {exc}", err=True)
            raise typer.Exit(2) from None
        if not runner.prepared.operations:
            typer.echo("togen: error: no operation matches --operations", err=True)
            raise typer.Exit(2)
        result = runner.run()
        if mutation_self_test:
            from togen.contract.mutation import run_self_test

            if options.live:
                typer.echo("contract: the mutation self-test runs against the mock only; skipped", err=True)
            else:
                upstream = mock if mock is not None else base_url
                token = runner.sender.token
                result.mutation = run_self_test(api, upstream, token, seed=options.seed or 0)
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
                typer.echo(f"FAIL {op.key}: {failure.check}: {failure.title}")
                if failure.curl:
                    typer.echo(f"     {failure.curl}")
        typer.echo(summary_line(result))
    failed = not result.passed or (result.mutation is not None and result.mutation["score"] < 0.95)
    if os.environ.get("TOGEN_CONTRACT_DEBUG"):
        typer.echo(markdown, err=True)
    raise typer.Exit(1 if failed else 0)
