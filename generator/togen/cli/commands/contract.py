"""`togen contract` and `togen contract merge`: the suite is imported when it runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from togen.cli.options import (
    EXIT_FAILED,
    EXIT_OK,
    command,
    exit_with,
    group,
    spec_option,
    usage_error,
    warning,
    with_sdk_option,
)

if TYPE_CHECKING:
    from togen.contract.results import RunResult

F = TypeVar("F", bound=Callable[..., object])


def report_options(func: F) -> F:
    """--junit, --report and --format, shared by the run and `merge`."""
    func = click.option("--format", "output_format", default="md", help="Report format: md or json.")(func)
    func = click.option("--report", help="Write the report (Markdown or JSON) to FILE.")(func)
    return click.option("--junit", help="Write a JUnit XML report to FILE.")(func)


@group("contract")
@click.option("--base-url", help="API host root (a trailing /v1 is accepted). Default: start the mock.")
@spec_option
@with_sdk_option
@click.option(
    "--operations",
    multiple=True,
    help="Glob over operation keys, operationIds or 'METHOD /path' (repeatable).",
)
@click.option("--max-examples", type=int, default=5, help="Positive examples per operation.")
@click.option("--seed", type=int, help="Seed (default: random, printed).")
@report_options
@click.option(
    "--allow-write", is_flag=True, help="Live mode: also run operations that cost money or change state."
)
@click.option("--max-requests", type=int, help="Request budget (live default: 200).")
@click.option("--rate-limit", type=float, help="Requests per second (live default: 2).")
@click.option(
    "--min-coverage", type=float, help="Fail when less than N percent of the operations were reached."
)
@click.option("--shard", help="Run shard i of n (e.g. 1/3); combine with `togen contract merge`.")
@click.option(
    "--shrink-seconds",
    type=float,
    default=5.0,
    help="Time to shrink each failing example (0: keep the first).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option(
    "--mutation-self-test", is_flag=True, help="Also run the mutation self-test (fault-injecting proxy)."
)
@click.pass_context
def contract_group(
    ctx: click.Context,
    base_url: str | None,
    spec: str | None,
    with_sdk: bool | None,
    operations: tuple[str, ...],
    max_examples: int,
    seed: int | None,
    junit: str | None,
    report: str | None,
    output_format: str,
    allow_write: bool,
    max_requests: int | None,
    rate_limit: float | None,
    min_coverage: float | None,
    shard: str | None,
    shrink_seconds: float,
    quiet: bool,
    mutation_self_test: bool,
) -> None:
    """Contract-test BASE_URL (or a mock it starts itself) against the spec; exit 1 on any failure."""
    if ctx.invoked_subcommand is not None:
        return
    import warnings
    from contextlib import ExitStack

    from hypothesis.errors import NonInteractiveExampleWarning

    from togen.contract.options import MOCK_TOKEN, RunOptions, normalize_base_url
    from togen.contract.preflight import Unreachable, reach
    from togen.contract.progress import for_terminal
    from togen.contract.runner import ContractRunner
    from togen.contract.server import mock_app, serve

    _check_format(output_format)
    shard_pair = _checked_shard(shard, max_examples, min_coverage, shrink_seconds)
    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    server = None
    if base_url is not None:
        try:
            server = reach(normalize_base_url(base_url))
        except Unreachable as exc:
            usage_error(str(exc))
    from togen.sdk.merge import load_surface

    api = load_surface(spec, with_sdk, warn=warning)
    with ExitStack() as stack:
        api_key = None
        mock = None
        if base_url is None:
            mock = mock_app(api, seed=0, api_key=MOCK_TOKEN)
            base_url = stack.enter_context(serve(mock))
            api_key = MOCK_TOKEN
            click.echo(f"contract: started the mock at {base_url}", err=True)
        elif server is not None and server.accepts_any_key:
            click.echo(f"contract: {server.note}", err=True)
        options = RunOptions(
            base_url=base_url,
            api_key=api_key,
            operations=list(operations) or None,
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
            usage_error(str(exc))
        if not runner.prepared.operations and not runner.prepared.skipped and shard_pair is None:
            usage_error("no operation matches --operations")
        result = runner.run()
        if mutation_self_test:
            from togen.contract.mutation import run_self_test

            if options.live:
                click.echo("contract: the mutation self-test runs against the mock only; skipped", err=True)
            else:
                upstream = mock if mock is not None else base_url
                token = runner.sender.token
                result.mutation = run_self_test(api, upstream, token, seed=options.seed or 0)
    _emit(result, junit, report, output_format)


def _checked_shard(
    shard: str | None, max_examples: int, min_coverage: float | None, shrink_seconds: float
) -> tuple[int, int] | None:
    """The shard to run (i, n), once the numbers make sense; else the first problem, as a usage error."""
    from togen.contract.shard import parse_shard

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
        usage_error(problems[0])
    return shard_pair


@command("merge")
@click.argument(
    "reports", nargs=-1, required=True, help="JSON reports of the shards (--format json --report)."
)
@report_options
def merge_command(
    reports: tuple[str, ...], junit: str | None, report: str | None, output_format: str
) -> None:
    """Combine the JSON reports of `--shard` runs into one report with the verdict of a single run."""
    from togen.contract.merge import merge, read_report

    _check_format(output_format)
    try:
        result = merge([read_report(path) for path in reports])
    except ValueError as exc:
        usage_error(str(exc))
    _emit(result, junit, report, output_format)


def _check_format(output_format: str) -> None:
    if output_format not in ("md", "json"):
        usage_error(f"--format {output_format!r}: expected md or json")


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
                click.echo(f"FAIL {op.key}: {failure.check} [{failure.phase}]: {failure.title}")
                if failure.curl:
                    click.echo(f"     {failure.curl}")
                if failure.shrinking:
                    click.echo(f"     ({failure.shrinking})")
        click.echo(summary_line(result))
    if os.environ.get("TOGEN_CONTRACT_DEBUG"):
        click.echo(markdown, err=True)
    exit_with(EXIT_OK if result.passed else EXIT_FAILED)


contract_group.add_command(merge_command)
