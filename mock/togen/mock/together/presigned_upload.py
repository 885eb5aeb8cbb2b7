"""Together's presigned file upload, as the official `together` SDK (3.1.1) performs it, and the
mock's ledger of the uploads in flight.

None of it is in the public spec (which documents the one-shot multipart `POST /v1/files/upload`)
nor in the docs of ../shared/seeds. Every fact below was recorded by running the SDK's
`files.upload` against an `httpx.MockTransport` and against this mock (an httpx event hook
printing each request and answer); the source of each is named where it is used:

1. `POST /v1/files`, multipart with the fields `purpose`, `file_name`, `file_type` (`jsonl`)
   and `checksum` (a sha256 hex digest) and no file part, with the API key;
2. the SDK needs a 302 carrying both `Location` (where to put the bytes) and
   `X-Together-File-Id` (the new file's id): without either it raises "Missing required headers
   in response", and a 303 or 307 it reports as an unexpected error;
3. `PUT <Location>` with the raw bytes, without an `Authorization` header (the URL is the
   credential) from a plain httpx client; a non-2xx answer is "Error during file upload";
4. `POST /v1/files/{id}/preprocess`, empty body, with the API key, answered by the file object
   (`FileResponse`) that `files.upload` returns; a 409 there surfaces as `ConflictError`.

The ledger keeps the state of each upload between those requests (stateful mode only: with
`--stateless` nothing is remembered and each step answers on its own).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from togen.mock.engine.call import MockError

FIRST_STEP_PATH = "/v1/files"  # fact 1; the collection files.list lists too
FIRST_STEP_STATUS = 302  # fact 2: the only status the SDK follows up with its PUT
FILE_ID_HEADER = "X-Together-File-Id"  # fact 2
CONFIRM_PATH = "/v1/files/{id}/preprocess"  # fact 4


class Stage(enum.Enum):
    STARTED = "started"  # step 1 answered: waiting for the bytes
    UPLOADED = "uploaded"  # bytes PUT: waiting for the confirmation
    CONFIRMED = "confirmed"  # a file of the files collection now


@dataclass
class Upload:
    record: dict[str, Any]  # the file object, shown as the upload progresses
    stage: Stage = Stage.STARTED
    content: bytes = b""


@dataclass
class UploadLedger:
    """The uploads one mock started, by file id: the order of the steps is enforced, each out of
    order step is a 4xx naming what to do instead (the real API's answers to these are not
    known; a client must never see a 5xx for them)."""

    uploads: dict[str, Upload] = field(default_factory=dict)

    def start(self, record: dict[str, Any]) -> None:
        self.uploads[str(record["id"])] = Upload(record)

    def find(self, file_id: str) -> Upload:
        upload = self.uploads.get(file_id)
        if upload is None:
            raise MockError(
                404,
                f"No upload {file_id!r} was started here: POST /v1/files first and PUT to its Location.",
                code="not_found",
            )
        return upload

    def put(self, file_id: str, content: bytes) -> Upload:
        """Store the bytes; a second PUT before the confirmation replaces them, as object
        storage does."""
        upload = self.find(file_id)
        if upload.stage is Stage.CONFIRMED:
            raise MockError(
                409, f"Upload {file_id!r} is already confirmed: its bytes are final.", code="conflict"
            )
        upload.content = content
        upload.stage = Stage.UPLOADED
        return upload

    def confirm(self, file_id: str) -> Upload:
        upload = self.find(file_id)
        if upload.stage is Stage.STARTED:
            raise MockError(
                409, f"Upload {file_id!r} has no bytes yet: PUT them to its Location first.", code="conflict"
            )
        if upload.stage is Stage.CONFIRMED:
            raise MockError(409, f"Upload {file_id!r} is already confirmed.", code="conflict")
        upload.stage = Stage.CONFIRMED
        return upload
