"""What a media file really is, read from its bytes: type (filetype), image size (Pillow), video
duration and frame size (hachoir, pure Python, reads only the headers it needs)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import filetype
from hachoir.core import config as hachoir_config
from hachoir.metadata import extractMetadata
from hachoir.parser import createParser
from PIL import Image, UnidentifiedImageError

from allin_app.platforms.content import MediaFile, MediaKind

hachoir_config.quiet = True  # it prints a warning per file it does not parse; we report our own

IMAGE_MIMES = {"image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff", "image/heic"}
VIDEO_MIMES = {"video/mp4", "video/quicktime", "video/webm", "video/x-m4v"}


class UnreadableMedia(ValueError):
    """The bytes are not an image or video we can read (wrong type, or broken)."""


@dataclass(frozen=True)
class MediaInfo:
    kind: MediaKind
    mime: str
    size: int
    width: int | None
    height: int | None
    duration: float | None


def probe_file(path: Path) -> MediaInfo:
    guess = filetype.guess(str(path))
    mime = guess.mime if guess else ""
    size = path.stat().st_size
    if mime == "image/gif" or mime in IMAGE_MIMES:
        width, height = _image_size(path)
        return MediaInfo("gif" if mime == "image/gif" else "image", mime, size, width, height, None)
    if mime in VIDEO_MIMES:
        width, height, duration = _video_facts(path)
        return MediaInfo("video", mime, size, width, height, duration)
    raise UnreadableMedia(f"{path.name} is not an image or a video we can read" + (f" ({mime})." if mime else "."))


def media_file(path: Path, *, url: str | None = None, alt_text: str = "") -> MediaFile:
    """Probe `path` and describe it for an adapter."""
    info = probe_file(path)
    return MediaFile(path=path, kind=info.kind, mime=info.mime, size=info.size, width=info.width,
                     height=info.height, duration=info.duration, url=url, alt_text=alt_text)


def _image_size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            image.verify()  # catches truncated and corrupt files without decoding every pixel
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise UnreadableMedia(f"{path.name} is a broken image: {exc}") from exc


def _video_facts(path: Path) -> tuple[int | None, int | None, float | None]:
    parser = None
    with contextlib.suppress(Exception):  # hachoir raises many kinds on damaged input
        parser = createParser(str(path))
    if parser is None:
        raise UnreadableMedia(f"{path.name} is a broken video file.")
    with parser:
        metadata = None
        with contextlib.suppress(Exception):
            metadata = extractMetadata(parser)
    if metadata is None or not metadata.has("duration"):
        raise UnreadableMedia(f"{path.name} is a broken video file: no duration in its header.")
    width = metadata.get("width") if metadata.has("width") else None
    height = metadata.get("height") if metadata.has("height") else None
    return width, height, metadata.get("duration").total_seconds()
