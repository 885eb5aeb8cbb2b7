"""Finding, reading and parsing the spec: the one loader every command uses.

Source order: an explicit path, URL, `git:<rev>:<path>` or `sdk:<package>` (`--spec`),
else `$TOGEN_SPEC`, else the locked copy in `../shared/together-openapi/`, else the locked upstream URL. A
locked source is checked against `spec/lock.toml`; an explicit one is used as
given. Relative-file `$ref`s are bundled into the document here, so everything
downstream sees one self-contained document with local `#/...` references only.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

from togen.core.errors import Finding, SpecError
from togen.core.resources import spec_dir, workspace_root
from togen.spec.schema import pointer, resolve_pointer, split_pointer

SPEC_DIR = spec_dir()
LOCK_FILE = SPEC_DIR / "lock.toml"
SHARED_SPEC = workspace_root().parent / "shared" / "together-openapi" / "openapi.yaml"
ENV_VAR = "TOGEN_SPEC"


@functools.cache
def yaml_loader() -> type:
    """A safe YAML loader (libyaml's C loader where present: 5x faster on this spec) that keeps
    dates and timestamps as strings, as JSON would: `2024-01-01` in a spec is text, not a date.
    Built on first use, so commands that never parse YAML do not pay for importing it."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("SpecYamlLoader", (base,), {"construct_mapping": _construct_mapping_noting_duplicates})
    loader.yaml_implicit_resolvers = {  # type: ignore[attr-defined]
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return loader


def _construct_mapping_noting_duplicates(self: Any, node: Any, deep: bool = False) -> Any:
    """PyYAML resolves a repeated key last-wins without a word; note each repeat (key, line
    of the first, line of the repeat) on the loader so the loader can report it."""
    seen: dict[Any, int] = {}
    for key_node, _ in getattr(node, "value", ()):
        key = getattr(key_node, "value", None)
        if not isinstance(key, str) or key == "<<":
            continue
        line = key_node.start_mark.line + 1
        if key in seen:
            self.__dict__.setdefault("duplicates", []).append((key, seen[key], line))
        seen[key] = line
    base: Any = type(self).__mro__[1]  # the safe loader this one extends
    return base.construct_mapping(self, node, deep)


@dataclass(frozen=True)
class SpecLock:
    url: str
    sha256: str
    commit: str

    @classmethod
    def read(cls, path: Path | None = None) -> SpecLock:
        data = tomllib.loads((path or LOCK_FILE).read_text())["upstream"]
        return cls(url=data["url"], sha256=data["sha256"], commit=data["commit"])


@dataclass
class LoadedSpec:
    """A parsed spec document and where it came from."""

    document: dict[str, Any]
    name: str  # path or URL as the user would recognise it
    origin: str  # "argument", "environment", "locked-file" or "locked-url"
    sha256: str
    text: bytes = field(repr=False, default=b"")
    findings: list[Finding] = field(default_factory=list)  # loader warnings: duplicate YAML keys

    def lines_of(self, pointers: list[str]) -> dict[str, int]:
        """1-based lines of JSON pointers in the source text, where they can be found."""
        return lines_of_pointers(self.text, pointers)


def resolve_source(spec: str | None) -> tuple[str, str]:
    """Which spec to read, as (path-or-url, origin)."""
    if spec:
        return spec, "argument"
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], "environment"
    if SHARED_SPEC.exists():
        return str(SHARED_SPEC), "locked-file"
    return SpecLock.read().url, "locked-url"


def read_bytes(name: str) -> bytes:
    """Bytes of a path, an http(s) URL, `git:<rev>:<path>` or `sdk:<package>` (the document
    derived from an installed SDK: `togen.sdk.source`)."""
    if name.startswith("sdk:"):
        from togen.sdk.source import derived_bytes

        return derived_bytes(name)
    if name.startswith(("http://", "https://")):
        import httpx  # only needed for remote specs

        try:
            response = httpx.get(name, timeout=30, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise SpecError(name, "", f"cannot download: {exc}", code="unreadable") from None
        return response.content
    if name.startswith("git:"):
        _, rev, path = name.split(":", 2)
        try:
            return subprocess.run(["git", "show", f"{rev}:{path}"], check=True, capture_output=True).stdout
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["git failed"]
            raise SpecError(name, "", message[0], code="unreadable") from None
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise SpecError(name, "", exc.strerror or str(exc), code="unreadable") from None


def parse_text(text: bytes, name: str) -> Any:
    """Parse JSON or YAML; syntax errors name file:line:col."""
    return parse_text_noting_duplicates(text, name)[0]


def parse_text_noting_duplicates(text: bytes, name: str) -> tuple[Any, list[Finding]]:
    """`parse_text`, plus a `duplicate-key` warning (file, line) for each repeated key of a
    YAML mapping, which YAML resolves last-wins (JSON input: Python's json does the same,
    and is not checked)."""
    stripped = text.lstrip()
    if not stripped:
        raise SpecError(name, "", "the file is empty", code="empty")
    if stripped[:1] in (b"{", b"["):
        try:
            return json.loads(text), []
        except json.JSONDecodeError as exc:
            raise SpecError(name, f"{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}", "syntax") from None
    import yaml

    loader = yaml_loader()(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise SpecError(name, where, f"invalid YAML: {problem}", code="syntax") from None
    except yaml.YAMLError as exc:
        raise SpecError(name, "", f"invalid YAML: {exc}", code="syntax") from None
    finally:
        loader.dispose()
    findings = [
        Finding(
            "warning",
            "duplicate-key",
            f"duplicate key {key!r} in a mapping (first at line {first}): YAML keeps the last one",
            "",
            name,
            line,
        )
        for key, first, line in getattr(loader, "duplicates", [])
    ]
    return document, findings


def check_lock(name: str, origin: str, digest: str) -> None:
    """A locked source (the shared file or the locked URL) must have the locked sha256."""
    if origin not in ("locked-file", "locked-url"):
        return
    lock = SpecLock.read()
    if digest != lock.sha256:
        raise SpecError(
            name,
            "",
            f"sha256 {digest} does not match spec/lock.toml ({lock.sha256}); "
            "update the lock or pass --spec to use this file as given",
            code="lock-mismatch",
        )


def load_spec(spec: str | None = None, *, verify_lock: bool = True, text: bytes | None = None) -> LoadedSpec:
    """Find, read, verify and parse the spec; bundle relative-file references. `text`: the
    source's bytes when the caller has read them already (the spec cache)."""
    name, origin = resolve_source(spec)
    if text is None:
        text = read_bytes(name)
    digest = hashlib.sha256(text).hexdigest()
    if verify_lock:
        check_lock(name, origin, digest)
    document, findings = parse_text_noting_duplicates(text, name)
    if not isinstance(document, dict):
        raise SpecError(name, "", "not an OpenAPI document (the top level is not a mapping)", "not-openapi")
    document = bundle_external_refs(document, name)
    return LoadedSpec(
        document=document, name=name, origin=origin, sha256=digest, text=text, findings=findings
    )


def bundle_external_refs(document: dict[str, Any], base: str) -> dict[str, Any]:
    """Inline `$ref`s that point into other files, resolving each relative to its own file. A
    file that cannot be read, or a pointer that leads nowhere in it, is named with the file and
    JSON pointer of the `$ref` that asked for it."""
    cache: dict[str, Any] = {}

    def load_external(target: str) -> Any:
        if target not in cache:
            cache[target] = parse_text(read_bytes(target), target)
        return cache[target]

    def join(base_name: str, ref_file: str) -> str:
        if urlparse(ref_file).scheme in ("http", "https") or base_name.startswith(("http://", "https://")):
            from urllib.parse import urljoin

            return urljoin(base_name, ref_file)
        return str((Path(base_name).parent / ref_file).resolve())

    def follow(ref: str, file: str, root: Any, at: str) -> tuple[Any, str, Any]:
        """The target of `ref` (found at `at` in `file`), its file and that file's document."""
        ref_file, fragment = urldefrag(ref)
        target_file = join(file, ref_file) if ref_file else file
        try:
            target_root = load_external(target_file) if ref_file else root
            return resolve_pointer(target_root, fragment, target_file), target_file, target_root
        except SpecError as exc:
            if exc.code == "bad-ref":
                message = f"$ref {ref!r}: {fragment or '/'} does not exist in {target_file}"
            elif exc.code in ("unreadable", "empty"):
                message = f"$ref {ref!r}: {target_file}: {exc.message}"
            else:
                raise  # a syntax error is best named at its own file and line
            raise SpecError(file, f"{at}/$ref", message, exc.code) from None

    def walk(node: Any, file: str, root: Any, stack: tuple[str, ...], at: str) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                ref_file, fragment = urldefrag(ref)
                if ref_file or file != base:
                    key = f"{join(file, ref_file) if ref_file else file}#{fragment}"
                    if key in stack:
                        raise SpecError(base, ref, "circular reference across files", code="bad-ref")
                    target, target_file, target_root = follow(ref, file, root, at)
                    return walk(copy.deepcopy(target), target_file, target_root, (*stack, key), fragment)
            return {k: walk(v, file, root, stack, at + pointer(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, file, root, stack, f"{at}/{i}") for i, v in enumerate(node)]
        return node

    if not _has_external_ref(document):
        return document
    result: dict[str, Any] = walk(document, base, document, (), "")
    return result


def _has_external_ref(node: Any) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return True
        return any(_has_external_ref(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_external_ref(v) for v in node)
    return False


def lines_of_pointers(text: bytes, pointers: list[str]) -> dict[str, int]:
    """1-based source lines of JSON pointers (the nearest existing ancestor's line).

    Composing the YAML node tree is slow (~1 s on the Together spec), so it is done once,
    and only when findings need locating.
    """
    if not text or not pointers:
        return {}
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml_loader())  # noqa: S506
    except yaml.YAMLError:
        return {}
    lines = {}
    for ptr in pointers:
        node, line = root, None
        for token in split_pointer(ptr):
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == token), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
                line = node.start_mark.line + 1
            else:
                break
        if line is not None:
            lines[ptr] = line
    return lines
