"""`audio.speech.create`: WAV / MP3 / raw PCM bytes with the matching Content-Type, or with
`stream: true` base64 PCM chunks over SSE ending with `[DONE]`."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from starlette.responses import Response

from togen.mock.engine.call import Call
from togen.mock.engine.registry import behaviour
from togen.mock.together import media, text

if TYPE_CHECKING:
    from togen.mock.engine.handler import OperationHandler

AUDIO_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "raw": "application/octet-stream"}


@behaviour("audio.speech.create")
def speech(handler: OperationHandler, call: Call) -> Response:
    body = call.json
    rate = text.int_field(body, "sample_rate", media.SAMPLE_RATE, 1)
    samples = media.pcm(str(body.get("input", "")))
    if body.get("stream") is True:
        step = max(2, len(samples) // 4 // 2 * 2)
        chunks = [
            {
                "object": "audio.tts.chunk",
                "model": body.get("model", ""),
                "b64": base64.b64encode(samples[i : i + step]).decode(),
            }
            for i in range(0, len(samples), step)
        ]
        return handler.sse(chunks)
    fmt = str(body.get("response_format") or "wav")
    if fmt == "mp3":
        payload = media.mp3(len(samples) / 2 / media.SAMPLE_RATE)
    elif fmt == "raw":
        payload = samples
    else:
        fmt = "wav"
        payload = media.wav(samples, rate)
    return Response(payload, handler.status, media_type=AUDIO_TYPES[fmt])
