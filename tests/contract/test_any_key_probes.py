"""`make mock` accepts any non-empty key and says so in /healthz, so the contract suite skips
the one probe that cannot fail there (an invalid token); against a mock that enforces a key
every auth probe still runs and still catches a server that ignores it. (The README's flow,
`make contract BASE_URL=...` against `make mock`, runs as written in tests/docs/.)"""

from __future__ import annotations


def test_auth_probes_stay_whole_against_any_other_server() -> None:
    """A mock that enforces a key, or a server that does not say it takes any key, gets
    the invalid-token probe; a server taking any key without saying so fails it."""
    import warnings

    from togen.contract.options import RunOptions
    from togen.contract.preflight import reach
    from togen.contract.runner import run_contract
    from togen.contract.server import mock_app, serve
    from togen.spec.pipeline import resolve_spec

    api = resolve_spec(None).api
    with serve(mock_app(api, api_key="k")) as enforcing, serve(mock_app(api)) as any_key:
        assert reach(enforcing).accepts_any_key is False
        assert reach(any_key).accepts_any_key is True
    lenient = mock_app(api)

    async def silent(scope, receive, send):  # type: ignore[no-untyped-def]
        """Takes any key like `make mock`, but has no /healthz to say so."""
        if scope["type"] == "http" and scope["path"] == "/healthz":
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await lenient(scope, receive, send)

    with serve(silent) as url:
        server = reach(url)
        assert server.accepts_any_key is False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            options = RunOptions(url, api_key="any", operations=["models.list"], max_examples=1, seed=1)
            result = run_contract(api, options)
    checks = {f.check for op in result.operations for f in op.failures}
    assert "ignored_auth" in checks, checks
