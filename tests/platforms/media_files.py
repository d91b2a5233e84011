"""Real media files for adapter and simulator tests: JPEG/PNG/GIF drawn with Pillow, and MP4/MOV
files whose headers (ftyp, moov/mvhd, trak/tkhd) carry a chosen duration and frame size, which is
what the networks check. The frames themselves are padding: nothing here decodes them."""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image

from allin_app.platforms.content import MediaFile
from allin_app.platforms.media_probe import media_file


def image(folder: Path, name: str = "photo.jpg", size: tuple[int, int] = (1080, 1080), *,
          pad_to: int = 0) -> Path:
    """An image in the format its suffix names; `pad_to` grows the file to that many bytes."""
    path = folder / name
    picture = Image.new("RGB", size, (180, 120, 60))
    kind = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}[path.suffix]
    picture.save(path, kind)
    if pad_to > path.stat().st_size:  # trailing bytes after the image end marker: still a valid image
        with path.open("ab") as handle:
            handle.write(b"\0" * (pad_to - path.stat().st_size))
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def video(folder: Path, name: str = "clip.mp4", *, seconds: float = 12.0, size: tuple[int, int] = (1080, 1920),
          pad_to: int = 0) -> Path:
    """An MP4 (or, named .mov, a QuickTime file) of `seconds` at `size`."""
    scale = 1000
    compatible = b"qt  " if name.endswith(".mov") else b"isommp41"
    ftyp = _box(b"ftyp", compatible[:4] + struct.pack(">I", 512) + compatible)
    mvhd = _box(b"mvhd", b"\0" * 4 + struct.pack(">IIII", 0, 0, scale, int(seconds * scale))
                + struct.pack(">IH", 0x10000, 0x100) + b"\0" * 10 + _MATRIX + b"\0" * 24 + struct.pack(">I", 2))
    tkhd = _box(b"tkhd", b"\0\0\0\x03" + struct.pack(">IIIII", 0, 0, 1, 0, int(seconds * scale)) + b"\0" * 8
                + struct.pack(">HHHH", 0, 0, 0, 0) + _MATRIX + struct.pack(">II", size[0] << 16, size[1] << 16))
    body = ftyp + _box(b"moov", mvhd + _box(b"trak", tkhd))
    padding = max(64, pad_to - len(body) - 8)
    path = folder / name
    path.write_bytes(body + _box(b"mdat", b"\0" * padding))
    return path


def broken(folder: Path, name: str = "broken.jpg") -> Path:
    """Starts like a JPEG and then stops: a truncated upload."""
    path = folder / name
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01")
    return path


def described(path: Path, base_url: str = "http://testserver/files", alt_text: str = "") -> MediaFile:
    """The MediaFile an adapter receives, with the URL the `sim` fixture serves it at."""
    return media_file(path, url=f"{base_url}/{path.name}", alt_text=alt_text)
