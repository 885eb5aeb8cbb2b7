"""RL training sessions and their asynchronous operations: a plausible state machine.

- `post_training.sessions.create`: a new session is `..._RUNNING` at step 0 (a synthesized
  status could say `STOPPED` or `ERROR` on a session just created); `post_training.sessions.stop`
  sets `..._STOPPED`
  (crud.py's cancel role), on a session of this server or, ids being lenient, any other.
- `POST .../operations/<kind>` (forward-backward, optim-step, sample, inference- and
  training-checkpoint) starts an operation with its own id (not the session's), `..._PENDING`;
  each retrieve of it advances it one step, `..._RUNNING` then `..._COMPLETED` with an `output`.
  An operation id this server never issued answers `..._COMPLETED` with the id echoed
  (`--strict-ids`: 404); one issued under another session is a 404 in both modes.
"""

from __future__ import annotations

import copy
import uuid
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from togen.mock.engine.call import Call, MockError, dumps, json_response
from togen.mock.engine.registry import behaviour, name_of, record_hook

if TYPE_CHECKING:
    from togen.mock.engine.context import Context
    from togen.mock.engine.handler import OperationHandler

SESSIONS = "/v1/rl/training-sessions"
KINDS = ("forward-backward", "optim-step", "sample", "inference-checkpoint", "training-checkpoint")
STEPS = ("PENDING", "RUNNING", "COMPLETED")  # suffixes of RL.TrainingOperationStatus values


def _status(app: Context, schema: Any, suffix: str) -> Any:
    """The enum value of `schema` ending in `_<suffix>` (`TRAINING_SESSION_STATUS_RUNNING`)."""
    for value in app.schemas.resolve(schema).get("enum") or []:
        if isinstance(value, str) and value.endswith("_" + suffix):
            return value
    return None


def new_session(app: Context, call: Call, record: dict[str, Any], collection_path: str) -> None:
    retrieve = app.collections[collection_path].retrieve
    props = retrieve.response_props if retrieve is not None else {}
    running = _status(app, props.get("status"), "RUNNING")
    if running is not None:
        record["status"] = running
    if "step" in props:
        record["step"] = 0


def _start(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    session_id = call.path_params.get("session_id", "")
    op_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"togen-mock:{app.settings.seed}:rl-op:{next(app.ids)}"))
    body = copy.deepcopy(handler.template) if isinstance(handler.template, dict) else {}
    body.pop("output", None)
    body.pop("error", None)
    body["id"] = op_id
    pending = _status(app, handler.response_props.get("status"), "PENDING")
    if pending is not None:
        body["status"] = pending
    if not app.settings.stateless:  # stateless: retrieving it answers it completed, as any id
        app.operations[op_id] = {"session": session_id, "kind": handler.op.path, "step": 0, "body": body}
    return json_response(dumps(body), handler.status)


def _retrieve(handler: OperationHandler, call: Call) -> Response:
    app = handler.app
    session_id = call.path_params.get("session_id", "")
    op_id = call.path_params.get("operation_id", "")
    found = app.operations.get(op_id)
    status_schema = handler.response_props.get("status")
    if found is None:
        if app.settings.strict_ids:
            raise MockError(404, f"No such operation: {op_id!r}.", code="not_found")
        body = copy.deepcopy(handler.template) if isinstance(handler.template, dict) else {}
        body.pop("error", None)
        body["id"] = op_id
        done = _status(app, status_schema, "COMPLETED")
        if done is not None:
            body["status"] = done
        return json_response(dumps(body), handler.status)
    if found["session"] != session_id or not handler.op.path.startswith(found["kind"]):
        raise MockError(404, f"No such operation: {op_id!r} in session {session_id!r}.", code="not_found")
    found["step"] = min(found["step"] + 1, len(STEPS) - 1)
    body = dict(found["body"])
    status = _status(app, status_schema, STEPS[found["step"]])
    if status is not None:
        body["status"] = status
    template = handler.template if isinstance(handler.template, dict) else {}
    if STEPS[found["step"]] == "COMPLETED" and "output" in template:
        body["output"] = template["output"]
    found["body"] = body
    return json_response(dumps(body), handler.status)


# Registered by route, whatever `spec/config.toml` names the operations.
_create = name_of("POST", SESSIONS)
if _create is not None:
    record_hook(_create)(new_session)
for _kind in KINDS:
    _base = f"{SESSIONS}/{{session_id}}/operations/{_kind}"
    for _name, _answer in (
        (name_of("POST", _base), _start),
        (name_of("GET", _base + "/{operation_id}"), _retrieve),
    ):
        if _name is not None:
            behaviour(_name)(_answer)
