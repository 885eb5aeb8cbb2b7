"""The typed extension layer: hand-written methods kept beside the templates.

`templates/extensions/<resource>.py` is copied verbatim into the generated package as
`lib/<resource>.py` (the folder the official Stainless SDKs keep their hand-written code in).
It subclasses the generated classes of top-level resource `<resource>` (`Files`, `AsyncFiles`),
and every public method it defines replaces the generated method of the same name: that one is
rendered under a private name (`upload` -> `_upload`), which the extension calls, so the spec's
route, body and types stay generated and the client's `files` attribute returns the subclass.
The extension also subclasses the resource's four response wrappers (`FilesWithRawResponse`, ...,
the client imports them from it too), adding its methods with `extension=True`
(templates/runtime/_response.py): `files.with_raw_response.upload` takes `upload`'s parameters,
runs its local check and answers the upload request raw.

An extension applies only when every method it replaces is an operation named in
spec/config.toml (a different spec, or a config without that name, gets the plain generated
client), so regeneration never breaks it silently: `make test` type-checks it with
`mypy --strict` against the package generated beside it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from togen.core.resources import templates_dir
from togen.spec.ir import API, Operation

EXTENSIONS_DIR = templates_dir() / "extensions"
PACKAGE_DIR = "lib"  # where the extension modules land in the generated package


@dataclass(frozen=True)
class Extension:
    resource: str  # top-level resource attribute, the file's stem: "files"
    source: Path
    methods: frozenset[str]  # public methods it defines: "upload"

    @property
    def tests(self) -> Path:
        """Its hand-written tests, copied into the package's tests/lib/ (against the mock)."""
        return self.source.parent / "tests" / f"test_{self.resource}.py"

    @property
    def module(self) -> str:
        """The module the client imports the resource's classes from, relative to the package."""
        return f"{PACKAGE_DIR}.{self.resource}"


def _public_methods(source: Path) -> frozenset[str]:
    """The public methods the extension's classes define; properties (its `with_raw_response`
    and `with_streaming_response`, which return its own wrapper classes) replace no operation."""
    tree = ast.parse(source.read_text(), str(source))
    return frozenset(
        node.name
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not node.decorator_list
    )


@cache
def _available(directory: Path) -> tuple[Extension, ...]:
    return tuple(Extension(path.stem, path, _public_methods(path)) for path in sorted(directory.glob("*.py")))


def extensions_for(api: API, directory: Path = EXTENSIONS_DIR) -> dict[str, Extension]:
    """{resource attribute: extension} of the extensions that apply to `api`."""
    named = {op.key for op in api.operations if op.named_in_config}
    return {
        ext.resource: ext
        for ext in _available(directory)
        if ext.methods and all(f"{ext.resource}.{method}" in named for method in ext.methods)
    }


def generated_name(op: Operation, extended: dict[str, Extension]) -> str:
    """The name the generated method of `op` gets: private when an extension replaces it."""
    ext = extended.get(op.name[0]) if len(op.name) == 2 else None
    return f"_{op.method_name}" if ext is not None and op.method_name in ext.methods else op.method_name
