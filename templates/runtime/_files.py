"""Turn user file inputs into what httpx sends as multipart/form-data."""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Mapping
from typing import IO, Any, TypeAlias, cast

from ._types import FileContent, FileTypes, NotGiven

__all__ = ["HttpxFile", "to_httpx_file", "to_httpx_files", "to_multipart_data"]

HttpxFile: TypeAlias = tuple[str, "bytes | IO[bytes]", str]
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename, strict=False)[0] or DEFAULT_CONTENT_TYPE


def _read(content: FileContent, field: str) -> tuple[str, bytes | IO[bytes]]:
    """Return (filename, content) for one file input."""
    if isinstance(content, str | os.PathLike):
        path = os.fspath(content)
        with open(path, "rb") as fh:
            return os.path.basename(path), fh.read()
    if isinstance(content, bytes | bytearray | memoryview):
        return field, bytes(content)
    name = getattr(content, "name", None)
    if isinstance(name, str) and name and not name.startswith("<"):
        filename = os.path.basename(name)
    else:
        filename = field
    return filename, content


def to_httpx_file(value: FileTypes, field: str) -> HttpxFile:
    """One file input (path, bytes, file object or tuple) as a ``(filename, content, content_type)``."""
    if isinstance(value, tuple):
        given_name = value[0]
        filename, content = _read(value[1], field)
        if given_name:
            filename = given_name
        content_type = value[2] if len(value) == 3 else None
        return filename, content, content_type or _guess_type(filename)
    filename, content = _read(value, field)
    return filename, content, _guess_type(filename)


def to_httpx_files(files: Mapping[str, object]) -> list[tuple[str, HttpxFile]]:
    """Map form field name -> file input (or a list of them) to httpx's ``files=`` list.

    Values that are ``NOT_GIVEN`` or ``None`` are skipped.
    """
    out: list[tuple[str, HttpxFile]] = []
    for field, value in files.items():
        if value is None or isinstance(value, NotGiven):
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            out.append((field, to_httpx_file(cast(FileTypes, item), field)))
    return out


def _form_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        value = dump(mode="json", exclude_unset=True, by_alias=True)
    return json.dumps(value, separators=(",", ":"))


def to_multipart_data(data: Mapping[str, object]) -> dict[str, Any]:
    """Non-file form fields as strings; lists of scalars become repeated fields, objects JSON."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            out[key] = [_form_value(v) for v in value]
        else:
            out[key] = _form_value(value)
    return out
