"""Small, real media files: WAV/PCM/MP3 audio and PNG images, deterministic from a text."""

from __future__ import annotations

import math
import struct
import zlib

SAMPLE_RATE = 24_000  # Hz, 16-bit mono: what Together's TTS models return as raw PCM


def pcm(text: str, seconds: float | None = None) -> bytes:
    """16-bit little-endian mono PCM: a short tone whose pitch depends on the text."""
    duration = seconds if seconds is not None else min(2.0, 0.2 + 0.02 * len(text))
    frequency = 220 + (zlib.crc32(text.encode()) % 440)
    count = int(SAMPLE_RATE * duration)
    step = 2 * math.pi * frequency / SAMPLE_RATE
    samples = (int(8000 * math.sin(step * i)) for i in range(count))
    return struct.pack(f"<{count}h", *samples)


def wav(data: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    """A RIFF/WAVE file around 16-bit mono PCM."""
    # The header holds the rate and the byte rate (2x) in 32 bits: clamp absurd requests.
    sample_rate = max(1, min(sample_rate, 0x7FFF_FFFF))
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(data)) + data


# MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding, mono: 417-byte frames of silence.
_MP3_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC4])
_MP3_FRAME = _MP3_HEADER + bytes(417 - len(_MP3_HEADER))


def mp3(seconds: float) -> bytes:
    """An ID3v2 tag and silent MPEG audio frames (about 26 ms each)."""
    frames = max(1, int(seconds / 0.026))
    id3 = b"ID3" + bytes([4, 0, 0, 0, 0, 0, 0])
    return id3 + _MP3_FRAME * frames


def png(width: int, height: int, seed: str = "") -> bytes:
    """A solid-colour RGB PNG (the colour depends on `seed`)."""
    width = max(1, min(width, 4096))
    height = max(1, min(height, 4096))
    checksum = zlib.crc32(seed.encode())
    colour = bytes([(checksum >> 16) & 0xFF, (checksum >> 8) & 0xFF, checksum & 0xFF])
    row = b"\x00" + colour * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
