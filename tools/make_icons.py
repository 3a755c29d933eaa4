"""Draw the app icons (a calm drop on the accent colour) as PNGs, with no imaging library.

Run: python tools/make_icons.py  → static/img/icon-192.png, static/img/icon-512.png
"""

import struct
import zlib
from pathlib import Path

BACKGROUND = (0x2F, 0x5F, 0x7D)
DROP = (0xF7, 0xF5, 0xF2)


def inside_drop(x: float, y: float) -> bool:
    """A tear drop in the unit square: a circle below, a point above."""
    cx, cy, r = 0.5, 0.6, 0.22
    if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
        return True
    top = 0.18
    if top <= y <= cy:
        half_width = r * (y - top) / (cy - top)
        return abs(x - cx) <= half_width
    return False


def png(size: int) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)
        for i in range(size):
            colour = DROP if inside_drop((i + 0.5) / size, (j + 0.5) / size) else BACKGROUND
            rows.extend(colour)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "static" / "img"
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(png(size))
