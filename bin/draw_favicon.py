"""Draw outreach/static/icons/favicon.ico: the CareWays mark (a coral heart on a purple rounded
square, as in favicon.svg) at 16, 32 and 48 pixels, as PNG images inside one ICO file.

Standard library only, so it runs anywhere: python bin/draw_favicon.py"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

PURPLE = (0x4A, 0x1A, 0x8C)
CORAL = (0xFF, 0x6F, 0x59)
SAMPLES = 4  # per axis, for smooth edges


def inside_square(x: float, y: float, radius: float = 7 / 32) -> bool:
    """(x, y) in 0..1: inside the rounded square."""
    cx, cy = min(max(x, radius), 1 - radius), min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_heart(x: float, y: float) -> bool:
    """The classic heart curve (x² + y² - 1)³ - x²y³ <= 0, scaled into the middle of the square."""
    u, v = (x - 0.5) / 0.33, (0.47 - y) / 0.33
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0


def pixels(size: int) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            square = heart = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x, y = (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size
                    if inside_square(x, y):
                        square += 1
                        heart += inside_heart(x, y)
            total = SAMPLES * SAMPLES
            share = heart / square if square else 0
            colour = [round(p + (c - p) * share) for p, c in zip(PURPLE, CORAL, strict=True)]
            row += bytes(colour + [round(255 * square / total)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels(size), 9))
            + chunk(b"IEND", b""))


def ico(sizes=(16, 32, 48)) -> bytes:
    images = [png(size) for size in sizes]
    offset = 6 + 16 * len(images)
    directory = b""
    for size, image in zip(sizes, images, strict=True):
        directory += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + directory + b"".join(images)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "outreach" / "static" / "icons" / "favicon.ico"
    target.write_bytes(ico())
    print(f"wrote {target} ({target.stat().st_size} bytes)")
