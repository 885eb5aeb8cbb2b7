"""`images.generate`: `n` images of the requested size, as base64 real PNGs or as URLs of
the mock's own image route (`GET /_mock/images/{size}/{name}`, registered here)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from starlette.responses import Response

from togen.mock.engine.call import Call
from togen.mock.engine.registry import behaviour, routes
from togen.mock.together import media, text

if TYPE_CHECKING:
    from togen.mock.engine.app import MockApp
    from togen.mock.engine.handler import OperationHandler

IMAGES_PATH = "/_mock/images/"


@behaviour("images.generate")
def images(handler: OperationHandler, call: Call) -> Response:
    body = call.json
    n = text.int_field(body, "n", 1, 1)
    width = text.int_field(body, "width", 1024, 1)
    height = text.int_field(body, "height", 1024, 1)
    prompt = str(body.get("prompt", ""))
    image_id = text.hex_id(text.rng(handler.app.settings.seed, "image", prompt, body.get("seed")))
    data = []
    for index in range(min(n, 8)):
        if body.get("response_format") == "base64":
            png = media.png(width, height, f"{prompt}:{index}:{body.get('seed')}")
            data.append({"index": index, "b64_json": base64.b64encode(png).decode(), "type": "b64_json"})
        else:
            url = f"{call.base_url}{IMAGES_PATH}{width}x{height}/{image_id}-{index}.png"
            data.append({"index": index, "url": url, "type": "url"})
    answer = {"id": image_id, "model": body.get("model", ""), "object": "list", "data": data}
    return handler.json(answer)


@routes
def install(app: MockApp) -> None:
    async def image(call: Call) -> Response:
        size = call.path_params.get("size", "64x64")
        width, _, height = size.partition("x")
        w = int(width) if width.isdigit() else 64
        h = int(height) if height.isdigit() else 64
        return Response(media.png(w, h, call.path_params.get("name", "")), media_type="image/png")

    app.add_route("GET", IMAGES_PATH + "{size}/{name}", image)
