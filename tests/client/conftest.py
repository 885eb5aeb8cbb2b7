"""Generate the client package once per session (real spec, real renderers) and import it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

PACKAGE = "together_client"
API_KEY = "sk-client-SECRET-0987654321"


@pytest.fixture(scope="session")
def generated_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`src/` of a freshly rendered distribution (formatted like `togen generate` does)."""
    from generator.generate import render_package, write_tree
    from generator.pipeline import load_api

    api = load_api()
    files = render_package(api, "test")
    root = tmp_path_factory.mktemp("generated")
    write_tree(files, root)
    return root / "src"


@pytest.fixture(scope="session")
def tc(generated_src: Path) -> Iterator[ModuleType]:
    """The generated `together_client` package, imported from the temporary tree."""
    saved = {
        name: mod for name, mod in sys.modules.items() if name == PACKAGE or name.startswith(PACKAGE + ".")
    }
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(generated_src))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated_src))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def client_for(tc: ModuleType) -> Callable[..., Any]:
    """client_for(handler, **options) -> Together over httpx.MockTransport, no real sleeping."""

    def factory(handler: Handler, *, is_async: bool = False, **options: Any) -> Any:
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", "https://api.example.test")
        if is_async:
            client = tc.AsyncTogether(
                http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **options
            )

            async def no_sleep(_seconds: float) -> None:
                return None

            client._sleep = no_sleep
        else:
            client = tc.Together(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **options)
            client._sleep = lambda _seconds: None
        return client

    return factory
