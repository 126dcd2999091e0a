#!/usr/bin/env python3
"""Draws the extension's icon (images/icon.png, 128x128 RGBA): lines of text on a teal tile, one
word of them underlined with a warning squiggle -- what the extension does. Standard library
only (zlib + struct), so it runs anywhere Python does:  python3 scripts/make-icon.py OUT.png"""
import math
import struct
import sys
import zlib

SIZE = 128
TILE = (31, 111, 120)
TEXT = (255, 255, 255)
WORD = (255, 214, 102)
SQUIGGLE = (255, 170, 40)


def inside_rounded(x, y, r=22):
    cx = min(max(x, r), SIZE - 1 - r)
    cy = min(max(y, r), SIZE - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def bar(x, y, x0, x1, y0, h=8):
    """A text line with round ends."""
    r = h / 2
    cy = y0 + r
    if x0 + r <= x <= x1 - r:
        return abs(y + 0.5 - cy) <= r
    cx = x0 + r if x < x0 + r else x1 - r
    return (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r


def pixel(x, y):
    if not inside_rounded(x, y):
        return (0, 0, 0, 0)
    lines = [(22, 106, 26), (22, 58, 50), (66, 106, 50), (22, 90, 74), (22, 74, 98)]
    for i, (x0, x1, y0) in enumerate(lines):
        if bar(x, y, x0, x1, y0):
            return (*(WORD if i == 2 else TEXT), 255)
    # the squiggle under the highlighted word
    if 66 <= x <= 106:
        wave = 66 + 2.5 * math.sin((x - 66) / 40 * 4 * math.pi)
        if abs(y + 0.5 - wave) <= 1.8:
            return (*SQUIGGLE, 255)
    return (*TILE, 255)


def png(path):
    raw = b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    png(sys.argv[1] if len(sys.argv) > 1 else "images/icon.png")
