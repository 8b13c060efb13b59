"""Small real PNG files for demo evidence, built with the standard library."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def tiny_png(label: str, *, width: int = 8, height: int = 8, shade: int = 120) -> bytes:
    """A grey PNG whose tEXt chunk carries `label`, so each demo file has its own hash."""
    rows = b"".join(b"\x00" + bytes([shade, shade, shade]) * width for _ in range(height))
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"tEXt", b"Comment\x00" + label.encode("utf-8")),
            _chunk(b"IDAT", zlib.compress(rows)),
            _chunk(b"IEND", b""),
        ]
    )
