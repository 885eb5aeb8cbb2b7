"""The SDKs' uploads to `POST /v1/files`, outside the public spec (whose upload is the multipart
`POST /v1/files/upload`, files.py): the answers, not the spec's operation at that route.

- the openai SDK's `files.create`: multipart with a `file` part, answered by the file object;
- the together SDK's presigned upload (together/presigned_upload.py has what it sends): without
  a `file` part, a 302 whose `Location` is this mock's `PUT /_mock/uploads/{file_id}` and whose
  `X-Together-File-Id` names the file; the PUT stores the bytes; `POST /v1/files/{id}/preprocess`
  confirms, and answers the file that `files.list`, `files.retrieve` and `files.content` see from
  then on. Before the confirmation the upload is not a file yet; a step out of order (PUT to an
  unknown id, a second confirmation, a confirmation before the bytes) is a 404 or 409;
- a client that follows the 302 itself (httpx with `follow_redirects`, as the generated client's
  `files.create` of `--with-sdk`) lands on `GET /_mock/uploads/{file_id}`, which answers the
  upload's file object: storage would refuse a GET on a URL signed for PUT, and the id would be
  lost.

The first step is validated against the served document's operation at `POST /v1/files` when it
has one (`--with-sdk`: the SDK's), else against the public upload's. With `--stateless` each step
answers without remembering: any id can be PUT and confirmed, and nothing reaches the files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import Response

from togen.mock.engine import crud
from togen.mock.engine.call import UPLOAD_PATH, Call
from togen.mock.engine.registry import routes
from togen.mock.together.presigned_upload import (
    CONFIRM_PATH,
    FILE_ID_HEADER,
    FIRST_STEP_PATH,
    FIRST_STEP_STATUS,
    UploadLedger,
)

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp
    from togen.mock.engine.handler import OperationHandler


def _operation_at(app: MockApp, method: str, path: str) -> OperationHandler | None:
    return next(
        (h for h in app.handlers.values() if h.op.method == method and h.op.effective_path == path), None
    )


@routes
def install(app: MockApp) -> None:
    """The SDKs' uploads to `POST /v1/files` (only when the spec has the files collection)."""
    files = app.collections.get(FIRST_STEP_PATH)
    upload = app.handlers.get("files.upload")
    if files is None or upload is None:
        return
    first_step = _operation_at(app, "POST", FIRST_STEP_PATH) or upload
    ledger = UploadLedger()
    stateless = app.settings.stateless

    async def files_create(call: Call) -> Response:
        app.check_auth(call)
        await first_step.read_body(call, require_files=False, validate=False)
        if isinstance(call.body, dict) and "file" in call.files and "file_name" not in call.body:
            call.body["file_name"] = call.files.get("__filename__:file", b"").decode() or "upload.jsonl"
        first_step.validate_body(call)
        record = crud.create_record(upload, call, files)  # files.py's record hook fills it
        # openai's `files.create` sends `file` and `purpose` here (its round trip: tests/mock/test_sdks.py)
        if "file" in call.files:
            if stateless:
                crud.forget(files, record["id"])
            return crud.answer(upload, record, call)
        crud.forget(files, record["id"])  # not a file until it is confirmed
        record["Processed"] = False
        if not stateless:
            ledger.start(record)
        location = f"{call.base_url}{UPLOAD_PATH}{record['id']}"
        return Response(
            status_code=FIRST_STEP_STATUS, headers={"Location": location, FILE_ID_HEADER: record["id"]}
        )

    async def put_bytes(call: Call) -> Response:
        """The presigned PUT: no API key (the URL is the credential)."""
        content = await app.read_raw(call)
        if not stateless:
            stored = ledger.put(call.path_params["file_id"], content)
            stored.record["bytes"] = len(content)
        return Response(status_code=200)

    async def show_upload(call: Call) -> Response:
        """Where a client that follows the 302 lands: the upload's file object."""
        file_id = call.path_params["file_id"]
        if stateless:
            return crud.answer(upload, crud.phantom_record(app, files, file_id, remember=False), call)
        return crud.answer(upload, ledger.find(file_id).record, call)

    async def confirm(call: Call) -> Response:
        app.check_auth(call)
        file_id = call.path_params["id"]
        if stateless:
            record = crud.phantom_record(app, files, file_id, remember=False)
        else:
            done = ledger.confirm(file_id)
            record = done.record
            files.records[file_id] = record
            files.blobs[file_id] = done.content
        record["Processed"] = True
        return crud.answer(upload, record, call)

    app.add_route("POST", FIRST_STEP_PATH, files_create)
    app.add_route("PUT", UPLOAD_PATH + "{file_id}", put_bytes)
    app.add_route("GET", UPLOAD_PATH + "{file_id}", show_upload)
    app.add_route("POST", CONFIRM_PATH, confirm)
