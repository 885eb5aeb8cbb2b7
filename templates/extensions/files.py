"""`files.upload` as the official `together` SDK spells it: a local path, checked before it is
sent (hand-written; copied verbatim from togen's templates/extensions/files.py).

`client.files.upload("train.jsonl")` checks the file like the official SDK (a regular, non-empty
file under 50.1 GB, a `.jsonl`, `.csv` or `.parquet` name, UTF-8 JSON objects one per line in a
JSONL file), then sends it to the spec's `POST /v1/files/upload` through the generated
`_upload`, with the file name and type taken from the path.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast, get_args

from .._exceptions import TogetherError
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ..models import FileResponse
from ..resources import files as generated

__all__ = [
    "AsyncFiles",
    "AsyncFilesWithRawResponse",
    "AsyncFilesWithStreamingResponse",
    "FileTypeError",
    "Files",
    "FilesWithRawResponse",
    "FilesWithStreamingResponse",
]

FilePurpose = Literal[
    "fine-tune", "eval", "eval-sample", "eval-output", "eval-summary", "batch-generated", "batch-api"
]
FileKind = Literal["csv", "jsonl", "parquet"]
MAX_FILE_BYTES = int(50.1 * 2**30)  # the official SDK's limit
UploadProgressCallback = Callable[[Any], None]


class FileTypeError(TogetherError, ValueError):
    """The local file failed the check before upload (the official SDK's name)."""


def checked_file(file: str | os.PathLike[str], purpose: str, check: bool) -> tuple[Path, FileKind]:
    """The path and type of a file fit to upload; `FileTypeError` naming the problem otherwise."""
    path = Path(file)
    if purpose not in get_args(FilePurpose):
        raise ValueError(f"Invalid purpose {purpose!r}. Must be one of: {get_args(FilePurpose)}")
    kind = path.suffix.lstrip(".").lower()
    if not path.is_file():
        raise FileTypeError(f"{path}: file not found or not a regular file")
    if kind not in get_args(FileKind):
        raise FileTypeError(f"{path}: unknown extension {path.suffix!r}; use .jsonl, .csv or .parquet")
    if check:
        size = path.stat().st_size
        if size == 0:
            raise FileTypeError(f"{path}: file is empty")
        if size > MAX_FILE_BYTES:
            raise FileTypeError(f"{path}: {size} bytes, above the 50.1 GB limit")
        if kind == "jsonl":
            _check_jsonl(path)
    return path, cast(FileKind, kind)


def _check_jsonl(path: Path) -> None:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    sample = json.loads(line)
                except json.JSONDecodeError:
                    raise FileTypeError(f"{path}:{number}: not valid JSON") from None
                if not isinstance(sample, dict):
                    raise FileTypeError(f"{path}:{number}: each line must be a JSON object")
    except UnicodeDecodeError as exc:
        raise FileTypeError(f"{path}: not UTF-8 ({exc.reason})") from None


class Files(generated.Files):
    @cached_property
    def with_raw_response(self) -> FilesWithRawResponse:
        return FilesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> FilesWithStreamingResponse:
        return FilesWithStreamingResponse(self)

    def upload(
        self,
        file: str | os.PathLike[str],
        *,
        purpose: FilePurpose = "fine-tune",
        check: bool = True,
        raise_if_already_exists: bool = False,
        progress_callback: UploadProgressCallback | None = None,
    ) -> FileResponse:
        """Upload a local file (checked first, unless `check=False`).

        `raise_if_already_exists` and `progress_callback` are accepted for calls written for the
        official SDK; the spec's upload endpoint neither deduplicates nor reports progress.
        """
        path, kind = checked_file(file, purpose, check)
        with path.open("rb") as content:
            return self._upload(purpose=purpose, file_name=path.name, file=content, file_type=kind)


class AsyncFiles(generated.AsyncFiles):
    @cached_property
    def with_raw_response(self) -> AsyncFilesWithRawResponse:
        return AsyncFilesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncFilesWithStreamingResponse:
        return AsyncFilesWithStreamingResponse(self)

    async def upload(
        self,
        file: str | os.PathLike[str],
        *,
        purpose: FilePurpose = "fine-tune",
        check: bool = True,
        raise_if_already_exists: bool = False,
        progress_callback: UploadProgressCallback | None = None,
    ) -> FileResponse:
        """Upload a local file (checked first, unless `check=False`); see `Files.upload`."""
        path, kind = checked_file(file, purpose, check)
        with path.open("rb") as content:
            return await self._upload(purpose=purpose, file_name=path.name, file=content, file_type=kind)


# The raw and streamed variants of `upload`: its signature and local check, the response of the
# upload request (see `extension=True` in _response.py).
class FilesWithRawResponse(generated.FilesWithRawResponse):
    def __init__(self, resource: Files) -> None:
        super().__init__(resource)
        self.upload = to_raw_response_wrapper(resource.upload, extension=True)


class FilesWithStreamingResponse(generated.FilesWithStreamingResponse):
    def __init__(self, resource: Files) -> None:
        super().__init__(resource)
        self.upload = to_streamed_response_wrapper(resource.upload, extension=True)


class AsyncFilesWithRawResponse(generated.AsyncFilesWithRawResponse):
    def __init__(self, resource: AsyncFiles) -> None:
        super().__init__(resource)
        self.upload = async_to_raw_response_wrapper(resource.upload, extension=True)


class AsyncFilesWithStreamingResponse(generated.AsyncFilesWithStreamingResponse):
    def __init__(self, resource: AsyncFiles) -> None:
        super().__init__(resource)
        self.upload = async_to_streamed_response_wrapper(resource.upload, extension=True)
