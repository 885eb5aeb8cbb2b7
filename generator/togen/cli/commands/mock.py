"""`togen mock`: the server is imported when it starts."""

from __future__ import annotations

import click

from togen.cli.options import Bounded, command, spec_option, warning, with_sdk_option


@command("mock")
@spec_option
@click.option("--host", metavar="HOST", default="127.0.0.1", help="Interface to listen on.")
@click.option(
    "--port",
    type=Bounded(int, 0, 65535),
    metavar="PORT",
    default=4010,
    help="Port to listen on, 0 for any free one.",
)
@click.option("--seed", type=int, metavar="N", default=0, help="Seed for synthesized responses.")
@click.option(
    "--api-key",
    envvar="TOGEN_MOCK_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="Accept only this bearer key (default: any).",
)
@click.option(
    "--latency", type=Bounded(float, 0.0), metavar="MS", default=0.0, help="Delay every answer by MS ms."
)
@click.option(
    "--fault-rate",
    type=Bounded(float, 0.0, 1.0),
    metavar="RATE",
    default=0.0,
    help="Answer this fraction of requests (0 to 1) with a 5xx.",
)
@click.option(
    "--max-body",
    type=Bounded(int, 1),
    metavar="BYTES",
    default=32 * 1024 * 1024,
    help="Largest accepted request body.",
)
@click.option("--strict-models", is_flag=True, help="Unknown `model` on inference calls -> 404.")
@click.option(
    "--strict-ids",
    is_flag=True,
    help="An id this server never created -> 404 (default: answered as if it existed).",
)
@click.option(
    "--stateless",
    is_flag=True,
    help="Remember nothing, as Prism: every id exists, a delete changes nothing (default: stateful).",
)
@click.option(
    "--rate-limit",
    type=Bounded(int, 0),
    metavar="N",
    default=0,
    help="Requests per minute per API key; beyond it 429 with Retry-After (0: off).",
)
@with_sdk_option
@click.option("--quiet", "-q", is_flag=True, help="No per-request log lines.")
def mock_command(
    spec: str | None,
    host: str,
    port: int,
    seed: int,
    api_key: str | None,
    latency: float,
    fault_rate: float,
    max_body: int,
    strict_models: bool,
    strict_ids: bool,
    stateless: bool,
    rate_limit: int,
    with_sdk: bool | None,
    quiet: bool,
) -> None:
    """Serve a spec-driven mock of the Together API on HOST:PORT (Ctrl-C stops).

    Point the together SDK (or the generated client) at http://HOST:PORT,
    the openai SDK at http://HOST:PORT/v1. `Prefer: code=429` forces a
    documented status.
    """
    import time

    from togen.core.loopback import PortError, bind

    if stateless and strict_ids:
        raise click.BadParameter(
            "--stateless answers every id; it cannot be --strict-ids too", param_hint="'--stateless'"
        )

    try:  # before anything is announced: a taken port is a usage error, not a crash after "serving"
        sock = bind(host, port)
    except PortError as exc:
        raise click.BadParameter(str(exc), param_hint="'--port'") from None

    started = time.perf_counter()
    from togen.mock.engine.app import Settings
    from togen.mock.server import app_for, configure_logging, serve

    configure_logging()
    settings = Settings(
        seed=seed,
        api_key=api_key,
        latency_ms=latency,
        fault_rate=fault_rate,
        max_body_bytes=max_body,
        strict_models=strict_models,
        strict_ids=strict_ids,
        stateless=stateless,
        access_log=not quiet,
        rate_limit=rate_limit,
    )
    try:
        from togen.sdk.merge import load_surface

        app = app_for(load_surface(spec, with_sdk, warn=warning), settings)
    except BaseException:
        sock.close()
        raise
    host, port = sock.getsockname()[:2]  # --port 0: the port the system chose
    click.echo(
        f"togen mock: {len(app.handlers)} operations of {app.api.spec_name} "
        f"(spec sha256 {app.api.locked_sha256[:12]}) built in {time.perf_counter() - started:.2f}s; "
        f"serving http://{host}:{port} (together SDK) and http://{host}:{port}/v1 (openai SDK)",
        err=True,
    )
    serve(app, host, port, sock=sock)
