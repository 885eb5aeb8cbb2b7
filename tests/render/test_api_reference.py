"""`api.md` of the generated package lists every client method with its signature.

The methods are found by walking the imported client (its resource attributes, down the tree),
and each signature is read with `inspect.signature`: the test compares the package as Python
sees it with the reference, not the reference with the templates that wrote both."""

from __future__ import annotations

import ast
import functools
import html
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT

REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")
GOLDEN = ROOT / "tests" / "golden"
_CODE = re.compile(r'^- <code title="(?P<route>[^"]+)">(?P<body>.*)</code>$', re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")


def client_methods(obj: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(`chat.completions.create`, bound method) of every public method of the resources under
    `obj` (a client, or a resource: an instance of the package's resource base classes)."""
    from together_client._resource import AsyncAPIResource, SyncAPIResource

    for name in sorted(dir(type(obj))):
        if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
            continue
        member = inspect.getattr_static(type(obj), name)
        if isinstance(member, functools.cached_property | property):
            value = getattr(obj, name)
            if isinstance(value, SyncAPIResource | AsyncAPIResource):
                yield from client_methods(value, (*path, name))
        elif inspect.isfunction(member) and path:  # the client's own methods (close, copy) are not API
            yield ".".join((*path, name)), getattr(obj, name)


def reference(api_md: str) -> dict[str, ast.FunctionDef]:
    """`chat.completions.create` -> the signature api.md shows, parsed as a Python `def`."""
    found: dict[str, ast.FunctionDef] = {}
    for match in _CODE.finditer(api_md):
        text = html.unescape(_TAG.sub("", match["body"]))
        call, _, rest = text.partition("(")
        dotted = call.removeprefix("client.")
        name = dotted.rsplit(".", 1)[-1]
        tree = ast.parse(f"def {name}({rest}: ...")  # `(params) -> ret` closes the def
        function = tree.body[0]
        assert isinstance(function, ast.FunctionDef)
        assert dotted not in found, f"{dotted} is listed twice"
        found[dotted] = function
    return found


def normal(annotation: str) -> str:
    return ast.dump(ast.parse(annotation, mode="eval"))


def default_of(expr: ast.expr | None, package: ModuleType) -> Any:
    if expr is None:
        return inspect.Parameter.empty
    if isinstance(expr, ast.Name):
        return getattr(package, expr.id)  # NOT_GIVEN
    return ast.literal_eval(expr)


def shown_parameters(function: ast.FunctionDef, package: ModuleType) -> list[tuple[str, str, str, Any]]:
    """(name, kind, annotation, default) of each parameter api.md shows."""
    args = function.args
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    kinds = ["POSITIONAL_ONLY"] * len(args.posonlyargs) + ["POSITIONAL_OR_KEYWORD"] * len(args.args)
    found = []
    for arg, default, kind in zip(positional, [*defaults, *args.defaults], kinds, strict=True):
        assert arg.annotation is not None, f"{arg.arg}: no annotation"
        found.append((arg.arg, kind, normal(ast.unparse(arg.annotation)), default_of(default, package)))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        assert arg.annotation is not None, f"{arg.arg}: no annotation"
        found.append(
            (arg.arg, "KEYWORD_ONLY", normal(ast.unparse(arg.annotation)), default_of(default, package))
        )
    return found


def real_parameters(method: Any) -> tuple[list[tuple[str, str, str, Any]], str, list[str]]:
    """What `inspect.signature` says: the parameters (request options apart), the return annotation
    and the names of the request options the method takes."""
    signature = inspect.signature(method)
    found, options = [], []
    for p in signature.parameters.values():
        if p.name in REQUEST_OPTIONS:
            options.append(p.name)
            continue
        assert isinstance(p.annotation, str), f"{p.name}: annotations are strings (PEP 563)"
        found.append((p.name, p.kind.name, normal(p.annotation), p.default))
    assert isinstance(signature.return_annotation, str)
    return found, normal(signature.return_annotation), options


def test_every_client_method_is_in_api_md_with_its_signature(tc: ModuleType, generated_src: Path) -> None:
    api_md = (generated_src.parent / "api.md").read_text()
    listed = reference(api_md)
    client = tc.Together(api_key="k", base_url="http://127.0.0.1:9")
    methods = dict(client_methods(client))
    assert len(methods) > 90, sorted(methods)  # the real spec: ~99 operations
    assert sorted(listed) == sorted(methods), "methods of the client and of api.md differ"
    for dotted, method in methods.items():
        parameters, returns, options = real_parameters(method)
        function = listed[dotted]
        assert shown_parameters(function, tc) == parameters, dotted
        assert function.returns is not None and normal(ast.unparse(function.returns)) == returns, dotted
        generated = method.__func__.__module__.split(".")[1] == "resources"
        assert options == (list(REQUEST_OPTIONS) if generated else []), dotted
    async_client = tc.AsyncTogether(api_key="k", base_url="http://127.0.0.1:9")
    async_methods = dict(client_methods(async_client))
    assert sorted(async_methods) == sorted(methods)
    for dotted, method in async_methods.items():
        assert [p[0] for p in real_parameters(method)[0]] == [
            p[0] for p in shown_parameters(listed[dotted], tc)
        ]


def test_api_md_links_resolve_and_types_are_imported(generated_src: Path, tc: ModuleType) -> None:
    """Every link names a file of the package; every `Types:` import line imports."""
    root = generated_src.parent
    api_md = (root / "api.md").read_text()
    links = set(re.findall(r'href="\./([^"]+)"', api_md))
    assert links, "no links"
    missing = sorted(link for link in links if not (root / link).is_file())
    assert not missing, missing
    blocks = re.findall(r"^```python\n(.*?)^```$", api_md, re.MULTILINE | re.DOTALL)
    assert blocks, "no Types: block"
    for block in blocks:  # the package is importable (the `tc` fixture put it on sys.path)
        exec(compile(block, "api.md", "exec"), {})  # noqa: S102 - import lines of the package's own docs


@pytest.mark.parametrize("tree", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_golden_trees_have_api_md_and_ship_it(tree: str) -> None:
    api_md = (GOLDEN / tree / "api.md").read_text()
    assert _CODE.search(api_md), f"{tree}/api.md lists no method"
    pyproject = (GOLDEN / tree / "pyproject.toml").read_text()
    assert '"/api.md"' in pyproject, "the sdist does not include api.md"
