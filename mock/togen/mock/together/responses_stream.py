"""The Responses API's stream: a finished response replayed as its typed events, in the
documented order, with increasing `sequence_number` and no `[DONE]`:

response.created, response.in_progress, then per output item response.output_item.added,
(message) response.content_part.added, response.output_text.delta..., .output_text.done,
response.content_part.done, (function call) response.function_call_arguments.delta /
.done, response.output_item.done, and finally response.completed.
"""

from __future__ import annotations

import copy
import re
from typing import Any


def _deltas(text: str) -> list[str]:
    """Word-sized pieces whose concatenation is exactly `text` (newlines kept)."""
    pieces = re.findall(r"\s*\S+", text)
    rest = text[sum(map(len, pieces)) :]
    if rest:
        pieces.append(rest)
    return pieces


def events(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream of a finished response, in the documented order."""
    out: list[dict[str, Any]] = []

    def emit(kind: str, **fields: Any) -> None:
        out.append({"type": kind, "sequence_number": len(out), **fields})

    started = {**copy.deepcopy(response), "status": "in_progress", "output": [], "incomplete_details": None}
    started.pop("usage", None)
    emit("response.created", response=started)
    emit("response.in_progress", response=copy.deepcopy(started))
    for index, item in enumerate(response["output"]):
        kind = item["type"]
        if kind == "message":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "content": []},
            )
            for part_index, part in enumerate(item["content"]):
                where = {"item_id": item["id"], "output_index": index, "content_index": part_index}
                emit("response.content_part.added", **where, part={**part, "text": ""})
                for piece in _deltas(part["text"]):
                    emit("response.output_text.delta", **where, delta=piece, logprobs=[])
                emit("response.output_text.done", **where, text=part["text"], logprobs=[])
                emit("response.content_part.done", **where, part=part)
        elif kind == "function_call":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "arguments": "", "status": "in_progress"},
            )
            arguments = item["arguments"]
            step = max(1, len(arguments) // 3 + 1)
            for start in range(0, len(arguments), step):
                emit(
                    "response.function_call_arguments.delta",
                    item_id=item["id"],
                    output_index=index,
                    delta=arguments[start : start + step],
                )
            emit(
                "response.function_call_arguments.done",
                item_id=item["id"],
                output_index=index,
                arguments=arguments,
            )
        elif kind == "mcp_list_tools":
            emit("response.output_item.added", output_index=index, item={**item, "tools": []})
        else:  # mcp_call
            emit("response.output_item.added", output_index=index, item={**item, "output": None})
        emit("response.output_item.done", output_index=index, item=item)
    emit("response.completed", response=response)
    return out
