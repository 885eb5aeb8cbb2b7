"""Files: uploaded bytes round-trip.

- `files.upload` (multipart): the record gets the upload's name, size and type, and the
  bytes are kept for `files.content`, which answers them;
- the together SDK's upload flow, outside the spec: `POST /v1/files` (OpenAI's multipart
  upload with `file`, or without it a 302 to a presigned URL on this mock with the id in
  `X-Together-File-Id`), `PUT /_mock/uploads/{file_id}` with the bytes, then
  `POST /v1/files/{id}/preprocess`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.engine import crud
from togen.mock.engine.call import UPLOAD_PATH, Call, MockError, dumps
from togen.mock.engine.registry import behaviour, record_hook, routes

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp
    from togen.mock.engine.context import Context
    from togen.mock.engine.handler import OperationHandler


@behaviour("files.content")
def file_content(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    role = handler.role
    item = call.path_params.get((role.id_param if role else None) or "id", "")
    collection = app.collections.get(role.collection) if role else None
    blob = collection.blobs.get(item) if collection else None
    media_type = (
        next((c.media_type for c in handler.success.contents), "text/plain")
        if handler.success
        else "text/plain"
    )
    if blob is None:  # a file this server never stored (ids are lenient): one JSONL line
        blob = dumps({"text": f"togen mock file {item}"}) + b"\n"
    return Response(blob, handler.status, media_type=media_type)


@record_hook("files.upload")
def file_record(app: Context, call: Call, record: dict[str, Any], collection_path: str) -> None:
    """Fill a file record from an upload (multipart `file` part, or the SDK's presigned flow)."""
    body = call.json
    content = call.files.get("file", b"")
    filename = body.get("file_name") or call.files.get("__filename__:file", b"").decode() or "upload.jsonl"
    for name in ("file_name", "file", "file_type", "checksum"):
        record.pop(name, None)
    record["filename"] = filename
    record["bytes"] = len(content)
    record["object"] = "file"
    record["Processed"] = True
    suffix = str(filename).rsplit(".", 1)[-1].lower()
    record["FileType"] = body.get("file_type") or (
        suffix if suffix in ("jsonl", "csv", "parquet") else "jsonl"
    )
    if body.get("purpose"):
        record["purpose"] = body["purpose"]
    app.collections[collection_path].blobs[record["id"]] = content


@routes
def install(app: MockApp) -> None:
    """The together SDK's upload flow (only when the spec has the files collection)."""
    files = app.collections.get("/v1/files")
    upload = app.handlers.get("files.upload")
    if files is None or upload is None:
        return

    async def files_create(call: Call) -> Response:
        """POST /v1/files: OpenAI's multipart upload (with `file`), or the together SDK's first
        step (no `file`: 302 to a presigned URL on this mock, file id in X-Together-File-Id)."""
        app.check_auth(call)
        await upload.read_body(call, require_files=False, validate=False)
        if isinstance(call.body, dict) and "file" in call.files and "file_name" not in call.body:
            call.body["file_name"] = call.files.get("__filename__:file", b"").decode() or "upload.jsonl"
        upload.validate_body(call)
        record = crud.create_record(upload, call, files)
        if app.settings.stateless:
            crud.forget(files, record["id"])
        if "file" in call.files:
            return crud.answer(upload, record, call)
        record["Processed"] = False
        location = f"{call.base_url}{UPLOAD_PATH}{record['id']}"
        return Response(status_code=302, headers={"Location": location, "X-Together-File-Id": record["id"]})

    async def presigned_put(call: Call) -> Response:
        file_id = call.path_params.get("file_id", "")
        record = files.records.get(file_id)
        if record is None and app.settings.stateless:  # every id exists, nothing is kept
            await app.read_raw(call)
            return Response(status_code=200)
        if record is None:
            raise MockError(404, f"No pending upload {file_id!r}.", code="not_found")
        content = await app.read_raw(call)
        files.blobs[file_id] = content
        record["bytes"] = len(content)
        return Response(status_code=200)

    async def preprocess(call: Call) -> Response:
        app.check_auth(call)
        file_id = call.path_params.get("id", "")
        record = files.records.get(file_id)
        if record is None and app.settings.stateless:
            record = crud.phantom_record(app, files, file_id, remember=False)
        if record is None:
            raise MockError(404, "No such file.", code="not_found")
        record["Processed"] = True
        return crud.answer(upload, record, call)

    app.add_route("POST", "/v1/files", files_create)
    app.add_route("PUT", UPLOAD_PATH + "{file_id}", presigned_put)
    app.add_route("POST", "/v1/files/{id}/preprocess", preprocess)
