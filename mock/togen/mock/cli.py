"""`togen mock`: keep module-level imports light (typer only); import the server lazily."""

from __future__ import annotations

from typing import Annotated

import typer

from togen.cli_options import SpecOption, bounded


def mock_command(
    spec: SpecOption = None,
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            parser=bounded(int, 0, 65535), metavar="PORT", help="Port to listen on, 0 for any free one."
        ),
    ] = 4010,
    seed: Annotated[int, typer.Option(metavar="N", help="Seed for synthesized responses.")] = 0,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="TOGEN_MOCK_API_KEY",
            metavar="KEY",
            help="Accept only this bearer key (default: any).",
        ),
    ] = None,
    latency: Annotated[
        float,
        typer.Option(
            "--latency", parser=bounded(float, 0.0), metavar="MS", help="Delay every answer by MS ms."
        ),
    ] = 0.0,
    fault_rate: Annotated[
        float,
        typer.Option(
            "--fault-rate",
            parser=bounded(float, 0.0, 1.0),
            metavar="RATE",
            help="Answer this fraction of requests (0 to 1) with a 5xx.",
        ),
    ] = 0.0,
    max_body: Annotated[
        int,
        typer.Option(
            "--max-body", parser=bounded(int, 1), metavar="BYTES", help="Largest accepted request body."
        ),
    ] = 32 * 1024 * 1024,
    strict_models: Annotated[
        bool, typer.Option("--strict-models", help="Unknown `model` on inference calls -> 404.")
    ] = False,
    strict_ids: Annotated[
        bool,
        typer.Option(
            "--strict-ids",
            help="An id this server never created -> 404 (default: answered as if it existed).",
        ),
    ] = False,
    stateless: Annotated[
        bool,
        typer.Option(
            "--stateless",
            help="Remember nothing, as Prism: every id exists, a delete changes nothing (default: stateful).",
        ),
    ] = False,
    rate_limit: Annotated[
        int,
        typer.Option(
            "--rate-limit",
            parser=bounded(int, 0),
            metavar="N",
            help="Requests per minute per API key; beyond it 429 with Retry-After (0: off).",
        ),
    ] = 0,
    with_sdk: Annotated[
        bool,
        typer.Option(
            "--with-sdk",
            help="Also serve what the installed together SDK calls that the spec lacks (sdk:together).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No per-request log lines.")] = False,
) -> None:
    """Serve a spec-driven mock of the Together API on HOST:PORT (Ctrl-C stops).

    Point the together SDK (or the generated client) at http://HOST:PORT,
    the openai SDK at http://HOST:PORT/v1. `Prefer: code=429` forces a
    documented status.
    """
    import time

    from togen.loopback import PortError, bind

    if stateless and strict_ids:
        raise typer.BadParameter(
            "--stateless answers every id; it cannot be --strict-ids too", param_hint="'--stateless'"
        )

    try:  # before anything is announced: a taken port is a usage error, not a crash after "serving"
        sock = bind(host, port)
    except PortError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--port'") from None

    started = time.perf_counter()
    from togen.mock.app import Settings
    from togen.mock.server import build_app, configure_logging, serve

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
        if with_sdk:
            from togen.mock.server import app_for
            from togen.sdk.merge import load_with_sdk

            app = app_for(load_with_sdk(spec), settings)
        else:
            app = build_app(spec, settings)
    except BaseException:
        sock.close()
        raise
    host, port = sock.getsockname()[:2]  # --port 0: the port the system chose
    typer.echo(
        f"togen mock: {len(app.handlers)} operations of {app.api.spec_name} "
        f"(sha256 {app.api.spec_sha256[:12]}) built in {time.perf_counter() - started:.2f}s; "
        f"serving http://{host}:{port} (together SDK) and http://{host}:{port}/v1 (openai SDK)",
        err=True,
    )
    serve(app, host, port, sock=sock)
