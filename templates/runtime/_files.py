"""Turn user file inputs into what httpx sends as multipart/form-data."""

from __future__ import annotations

import json
import mimetypes
import os
import re
import secrets
from collections.abc import Mapping
from typing import IO, Any, TypeAlias, cast

from ._types import FileContent, FileTypes, NotGiven

__all__ = [
    "FormField",
    "HttpxFile",
    "encode_form_fields",
    "file_or_field",
    "split_files",
    "to_httpx_file",
    "to_httpx_files",
    "to_multipart_data",
]

HttpxFile: TypeAlias = tuple[str, "bytes | IO[bytes]", str]
DEFAULT_CONTENT_TYPE = "application/octet-stream"


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class FormField:
    """A value of a may-be-a-file field sent as a plain form field (a URL), not as a file part."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"FormField({self.value!r})"


def file_or_field(value: object) -> object:
    """For a multipart field the spec allows as a file or a string (``oneOf: [binary, uri]``):
    a URL string (``https://...``) stays a form field; a path, bytes or file object is uploaded."""
    if isinstance(value, str) and _URL.match(value):
        return FormField(value)
    return value


def split_files(files: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """(file parts, plain form fields) of a ``files=`` mapping: :class:`FormField` values move out."""
    parts: dict[str, object] = {}
    fields: dict[str, str] = {}
    for name, value in files.items():
        if isinstance(value, FormField):
            fields[name] = value.value
        else:
            parts[name] = value
    return parts, fields


def _quote_name(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def encode_form_fields(data: Mapping[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body of text fields only (httpx sends those url-encoded otherwise)."""
    boundary = secrets.token_hex(16)
    out = bytearray()
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote_name(name)}"\r\n\r\n'
            out += head.encode() + str(item).encode() + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


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
