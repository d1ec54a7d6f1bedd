"""QR codes as small, deterministic PNG files."""

from __future__ import annotations

import struct
import zlib

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DPI_300 = struct.pack(">IIB", 11811, 11811, 1)  # pHYs: 300 dpi in pixels per metre


def qr_png(url: str, *, scale: int = 8, border: int = 4) -> bytes:
    """``url`` as a QR code (error correction M) in a 1-bit greyscale PNG.

    The mask is fixed: segno's search for the best of the eight masks costs five
    times the encoding itself, and any mask scans. The PNG is written here, with
    no timestamp or other varying chunk, so the same URL gives the same bytes.
    """
    import segno

    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    size = (len(matrix) + 2 * border) * scale
    widen = {ord("0"): "0" * scale, ord("1"): "1" * scale}
    quiet = "1" * border  # in a greyscale 1-bit PNG, 1 is white
    blank = _packed(("1" * (len(matrix) + 2 * border)).translate(widen))
    rows = [blank] * (border * scale)
    for line in matrix:
        modules = quiet + bytes(line).translate(_DARK_TO_BIT).decode("ascii") + quiet
        rows.extend([_packed(modules.translate(widen))] * scale)
    rows.extend([blank] * (border * scale))
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"pHYs", _DPI_300) + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + _chunk(b"IEND", b"")


_DARK_TO_BIT = bytes.maketrans(b"\x00\x01", b"10")


def _packed(bits: str) -> bytes:
    """A PNG scanline: filter type 0, then the bits padded to whole bytes."""
    return b"\x00" + int(bits + "0" * (-len(bits) % 8), 2).to_bytes((len(bits) + 7) // 8, "big")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
