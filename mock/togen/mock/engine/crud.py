"""Answers of the stateful operations: create, list, retrieve, update, cancel and delete
over the in-memory collections that state.py derives from the paths.

A created record starts as the operation's synthesized answer with the request's fields
and a fresh id (a registered record hook may fill it further, e.g. an uploaded file);
answers show every record field that is valid where the answer's schema has it.

`--stateless` (as Prism): the same answers, but nothing is remembered. A create answers its
record and forgets it; every id exists (its record synthesized, stable per id and seed, as
`phantom_record` makes it); an update or cancel answers the changed record and forgets it;
a delete answers as usual and changes nothing, so retrieving the id afterwards still
succeeds; a list answers one synthesized page that says there is no next page.
"""

from __future__ import annotations

import copy
from typing import Any

from starlette.responses import Response

from togen.mock.engine.call import Call, MockError, dumps, json_response
from togen.mock.engine.context import Context
from togen.mock.engine.handler import OperationHandler
from togen.mock.engine.registry import RECORD_HOOKS
from togen.mock.engine.state import Collection
from togen.mock.engine.validation import Schemas
from togen.spec.ir import Operation
from togen.spec.view import SchemaView


def stateful(handler: OperationHandler, call: Call) -> Response:
    """The answer of an operation that has a role on a collection."""
    app = handler.app
    role = handler.role
    assert role is not None
    collection = app.collections[role.collection]
    stateless = app.settings.stateless
    if role.kind == "create":
        record = create_record(handler, call, collection)
        if stateless:
            forget(collection, str(record.get(collection.id_field, "")))
        if collection.wrapper is not None and isinstance(handler.template, dict):
            out = copy.deepcopy(handler.template)
            inner_props = app.schemas.resolve(handler.response_props[collection.wrapper]).get("properties")
            out[collection.wrapper] = _overlay(app, out[collection.wrapper], record, inner_props)
            return json_response(dumps(out), handler.status)
        return answer(handler, record, call)
    if role.kind == "list":
        return list_records(handler, collection, synthesized=stateless)
    item_id = call.path_params.get(role.id_param or "", "")
    found = collection.records.get(item_id)
    if found is None:
        if item_id in collection.deleted:  # use after free: 404 in both id modes
            raise MockError(404, f"No such item: {item_id!r} in {role.collection}.", code="not_found")
        if app.settings.strict_ids:
            raise MockError(404, f"No such item: {item_id!r} in {role.collection}.", code="not_found")
        found = phantom_record(app, collection, item_id, remember=not stateless)
    record = found
    if role.kind == "delete":
        if not stateless:
            forget(collection, item_id)
            collection.deleted.add(item_id)
        if handler.success is not None and handler.success.kind == "empty":
            return Response(status_code=handler.status)
        out = handler.echo(call, handler.template) if handler.template is not None else {}
        if isinstance(out, dict):
            if collection.id_field in handler.response_props:
                out[collection.id_field] = item_id
            if "deleted" in handler.response_props:
                out["deleted"] = True
        return json_response(dumps(out), handler.status)
    if role.kind == "cancel":
        status_schema = handler.response_props.get("status")
        value = _cancel_value(app.schemas, status_schema) if status_schema else None
        if value is not None:
            record["status"] = value
        if handler.op.method == "POST" and handler.behaviour is None:
            return answer(handler, record, call)
    if role.kind == "update" and isinstance(call.body, dict):
        for name, value in call.body.items():
            if name != collection.id_field:
                record[name] = value
    if role.kind == "read":
        if handler.behaviour is not None:
            return handler.behaviour(handler, call)
        if handler.op.method != "GET":
            return handler.generic(call)
        return answer(handler, {k: v for k, v in record.items() if k != collection.id_field}, call)
    return answer(handler, record, call)


def create_record(handler: OperationHandler, call: Call, collection: Collection) -> dict[str, Any]:
    """A new record in `collection` from the create operation's answer and the request."""
    app = handler.app
    props = handler.response_props
    template: dict[str, Any] = handler.template if isinstance(handler.template, dict) else {}
    wrapper = _wrapper(app.schemas, props)
    if wrapper is not None:  # {"job": {"id": ...}, "warning": ...}: the item is inside
        props = app.schemas.resolve(props[wrapper]).get("properties") or {}
        inner = template.get(wrapper)
        template = inner if isinstance(inner, dict) else {}
    collection.wrapper = wrapper
    id_field = "id" if "id" in props else next((n for n in props if n.endswith("_id")), "id")
    collection.id_field = id_field
    id_schema = app.schemas.resolve(props.get(id_field) or {})
    new_id = collection.new_id(app.ids, app.settings.seed, id_schema.get("format") == "uuid")
    record = copy.deepcopy(template)
    body = call.body if isinstance(call.body, dict) else {}
    for name, value in body.items():
        if name != id_field:
            record[name] = value
    record[id_field] = new_id
    hook = RECORD_HOOKS.get(handler.op.key)
    if hook is not None:
        hook(app, call, record, collection.path)
    collection.records[new_id] = record
    return record


def forget(collection: Collection, item_id: str) -> None:
    collection.records.pop(item_id, None)
    collection.blobs.pop(item_id, None)


def phantom_record(
    app: Context, collection: Collection, item_id: str, *, remember: bool = True
) -> dict[str, Any]:
    """The record of an id this server never created, as if it existed (`--strict-ids` off):
    synthesized from the collection's retrieve answer, stable per id and seed, with the id
    echoed, and stored, so later updates, cancels and deletes act on it like on any record.
    SDK test suites written for Prism-style mocks call `retrieve("id")` without a create."""
    retrieve = collection.retrieve
    record: dict[str, Any] = {}
    if retrieve is not None and retrieve.response_schema is not None:
        value = app.synth.generate(retrieve.response_schema, f"{retrieve.op.key}:id:{item_id}")
        props = retrieve.response_props
        wrapper = _wrapper(app.schemas, props)
        if wrapper is not None and isinstance(value, dict):
            value = value.get(wrapper)
        if isinstance(value, dict):
            record = value
    if collection.id_field not in record and "id" not in record:
        id_field = next((n for n in record if n.endswith("_id")), collection.id_field)
    else:
        id_field = collection.id_field if collection.id_field in record else "id"
    record[id_field] = item_id
    if remember:
        collection.records[item_id] = record
    return record


def answer(handler: OperationHandler, record: dict[str, Any], call: Call) -> Response:
    """The operation's synthesized answer showing `record`'s fields."""
    out = handler.template
    if out is None:
        return handler.generic(call)
    if isinstance(out, dict):
        out = _overlay(handler.app, copy.deepcopy(out), record, handler.response_props)
    return json_response(dumps(out), handler.status)


def _overlay(
    app: Context, out: dict[str, Any], record: dict[str, Any], props: dict[str, Any] | None
) -> dict[str, Any]:
    """`out` with every record field that is valid where `props` has it."""
    for name, value in record.items():
        schema = (props or {}).get(name)
        if schema is not None and app.schemas.is_valid(schema, value):
            out[name] = value
    return out


def list_records(handler: OperationHandler, collection: Collection, *, synthesized: bool = False) -> Response:
    """The list answer with every record of `collection` on one page (`synthesized`: the
    synthesized item of the answer instead, for a server that remembers nothing)."""
    app = handler.app
    items_schema, path = items_location(app.schemas, handler.response_schema, handler.op)
    template = copy.deepcopy(handler.template)
    container = template
    for key in path[:-1]:
        container = container[key]
    sample = None
    current = template
    if path:
        current = container.get(path[-1]) if isinstance(container, dict) else None
    if isinstance(current, list) and current:
        sample = current[0]
    item_props = app.schemas.resolve(items_schema).get("properties") or {} if items_schema else {}
    items = []
    if synthesized and isinstance(sample, dict):
        items.append(copy.deepcopy(sample))
    for record in [] if synthesized else collection.records.values():
        base = copy.deepcopy(sample) if isinstance(sample, dict) else {}
        items.append(_overlay(app, base, record, item_props))
    if not path:
        template = items
    else:
        container[path[-1]] = items
        if isinstance(template, dict) and "has_more" in template:
            template["has_more"] = False
        paging = handler.op.pagination
        if paging is not None and isinstance(template, dict):  # one page holds everything
            _set_dotted(template, paging.has_more_field, False)
            if paging.next_cursor_field:
                _set_dotted(template, paging.next_cursor_field, "")
    return json_response(dumps(template), handler.status)


def items_location(schemas: Schemas, schema: Any, op: Operation) -> tuple[Any, list[str]]:
    """(item schema, path of keys to the items array) of a list response."""
    view = schemas.view(schema)
    if view.kind == "array":
        return _written(view.items), []
    if op.pagination is not None:
        path = op.pagination.items_field.split(".")
        node = view
        for key in path:
            node = node.properties.get(key) or schemas.view(None)
        return _written(node.items), path
    props = view.properties
    names = sorted(props, key=lambda n: (n != "data", list(props).index(n)))
    for name in names:
        if props[name].is_array:
            return _written(props[name].items), [name]
    return None, []


def _written(view: SchemaView | None) -> Any:
    return view.written if view is not None else None


def _set_dotted(body: dict[str, Any], dotted: str, value: Any) -> None:
    """Set an existing field named by a dotted path (`meta.has_more`)."""
    *parents, last = dotted.split(".")
    node: Any = body
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict) and last in node:
        node[last] = value


def _wrapper(schemas: Schemas, props: dict[str, Any]) -> str | None:
    """The property holding the created item when the create answer wraps it."""
    if "id" in props or any(n.endswith("_id") for n in props):
        return None
    for name, sub in props.items():
        inner = schemas.resolve(sub).get("properties") or {}
        if "id" in inner:
            return name
    return None


def _cancel_value(schemas: Schemas, schema: Any) -> str | None:
    view = schemas.view(schema)
    for branch in (view, *view.branches):
        for value in branch.enum or ():
            # `cancelled`, `STOPPED`, or a prefixed enum's `TRAINING_SESSION_STATUS_STOPPED`
            if isinstance(value, str) and value.lower().rsplit("_", 1)[-1].startswith(("cancel", "stop")):
                return value
    return None
