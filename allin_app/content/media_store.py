"""Media bytes on disk, under `<data_dir>/media/<org_id>/`: each file named by its SHA-256 (never by
the name it was uploaded with), thumbnails in `<org_id>/thumbs/`, uploads in flight in `incoming/`.
Also what a file really is (read from its bytes, with the size limit of its kind) and the signed
links networks fetch files through.

Nothing here is served statically: the REST routes read these paths after checking who asks.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import filetype
from PIL import Image, ImageOps
from sqlmodel import Session, select

from allin_app.content.models import MediaAsset, PostMedia
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import keyed_digest, same
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.platforms.content import MediaFile
from allin_app.platforms.media_probe import UnreadableMedia, probe_file

MB = 1024 * 1024
KIND_LIMITS = {"image": 25 * MB, "gif": 25 * MB, "video": 1024 * MB, "pdf": 100 * MB}
KIND_LABELS = {"image": "image", "gif": "GIF", "video": "video", "pdf": "PDF"}
MAX_UPLOAD = max(KIND_LIMITS.values())
PUBLIC_URL_TTL = timedelta(hours=1)

COPY_CHUNK = 1024 * 1024
THUMBNAIL_BOX = (480, 480)
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/bmp": "bmp", "image/tiff": "tif",
    "image/heic": "heic", "image/gif": "gif", "video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm",
    "video/x-m4v": "m4v", "application/pdf": "pdf",
}


class TooLarge(ValueError):
    """The upload passed the byte limit while it was being copied."""


@dataclass(frozen=True)
class Received:
    """An upload copied to a temporary file under the data dir, hashed on the way."""

    path: Path
    size: int
    sha256: str


def media_root() -> Path:
    return settings.data_dir / "media"


def _incoming_dir() -> Path:
    folder = media_root() / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_temp_path(suffix: str = "") -> Path:
    """An empty temporary file on the same disk as the library, so placing it is a rename."""
    handle, name = tempfile.mkstemp(dir=_incoming_dir(), suffix=suffix)
    os.close(handle)
    return Path(name)


def receive(stream: BinaryIO, limit: int) -> Received:
    """Copy `stream` into a temporary file, hashing it; raises TooLarge (file removed) past `limit` bytes."""
    path = new_temp_path()
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("wb") as out:
            while chunk := stream.read(COPY_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"more than {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        discard(path)
        raise
    return Received(path=path, size=size, sha256=digest.hexdigest())


def received_file(path: Path) -> Received:
    """Describe a temporary file written by AllIN itself (an edited image)."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(COPY_CHUNK):
            digest.update(chunk)
    return Received(path=path, size=path.stat().st_size, sha256=digest.hexdigest())


def discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def storage_key(org_id: int, sha256: str, mime: str) -> str:
    return f"{org_id}/{sha256}.{EXTENSIONS.get(mime, 'bin')}"


def path_of(key: str) -> Path:
    """The file behind a storage key; keys are made by `storage_key`, so they never climb out of the root."""
    root = media_root().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise ValueError(f"storage key outside the media root: {key!r}")
    return path


def thumbnail_of(key: str) -> Path:
    org_dir, _, file_name = key.partition("/")
    return path_of(f"{org_dir}/thumbs/{Path(file_name).stem}.jpg")


def place(received: Received, key: str) -> Path:
    """Move the temporary file into the library; bytes already stored under that hash are kept as they are."""
    target = path_of(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        discard(received.path)
    else:
        os.replace(received.path, target)
    return target


def make_thumbnail(source: Path, key: str) -> bool:
    """A small JPEG of an image (a GIF's first frame); False when Pillow cannot draw one."""
    target = thumbnail_of(key)
    if target.exists():
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Image.open(source) as image:
            image.draft("RGB", THUMBNAIL_BOX)  # JPEGs decode at a fraction of their size: much faster
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(THUMBNAIL_BOX)
            flatten(picture).save(target, "JPEG", quality=82)
    except (OSError, ValueError, Image.DecompressionBombError):
        discard(target)
        return False
    return True


def flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def human_size(size: int) -> str:
    for unit, step in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if size >= step:
            return f"{size / step:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class Facts:
    kind: str
    mime: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None


def identify(received: Received, name: str) -> Facts:
    """What the bytes are, whatever the file's name says; refused with a sentence when unusable."""
    guess = filetype.guess(str(received.path))
    mime = guess.mime if guess else ""
    if mime == "application/pdf":
        facts = Facts("pdf", mime)
        with received.path.open("rb") as pdf:
            pdf.seek(max(0, received.size - 2048))
            if b"%%EOF" not in pdf.read():
                raise ValidationFailed("files", f"{name} is a damaged or incomplete PDF.")
    else:
        try:
            info = probe_file(received.path)
        except UnreadableMedia:
            if mime.startswith(("image/", "video/")):
                raise ValidationFailed("files", f"{name} looks like {mime} but is damaged or incomplete.") from None
            raise ValidationFailed("files", f"{name} is not an image, GIF, video or PDF: its content ("
                                            f"{mime or 'unrecognised'}) does not match, whatever its name says."
                                   ) from None
        except Image.DecompressionBombError:
            raise ValidationFailed("files", f"{name} has too many pixels to be a usable image.") from None
        facts = Facts(info.kind, info.mime, info.width, info.height, info.duration)
    limit = KIND_LIMITS[facts.kind]
    if received.size > limit:
        raise ValidationFailed("files", f"{name} is {human_size(received.size)}: {KIND_LABELS[facts.kind]}s may be "
                                        f"at most {human_size(limit)}.")
    return facts


def existing_path(key: str, *, thumbnail: bool = False) -> Path:
    path = thumbnail_of(key) if thumbnail else path_of(key)
    if not path.exists():
        raise NotFound("The file is missing from storage.")
    return path


def _signature(asset_id: int, expires: int) -> str:
    digest = keyed_digest("allin/media-public-url", f"{asset_id}:{expires}")
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def public_url(asset_id: int, now: datetime | None = None) -> str:
    expires = int(((now or utcnow()) + PUBLIC_URL_TTL).timestamp())
    return f"{settings.base_url}/api/v1/media/public/{asset_id}?expires={expires}&sig={_signature(asset_id, expires)}"


def check_signature(asset_id: int, expires: int, sig: str) -> None:
    """Refuse a public link whose signature does not match (changed id or time) or whose hour is over."""
    if not same(sig, _signature(asset_id, expires)):
        raise PermissionDenied("This media link is not valid.")
    if expires < utcnow().timestamp():
        raise PermissionDenied("This media link has expired.")


def in_use(db: Session, asset_id: int) -> bool:
    """Whether a post uses the file: then its bytes stay reachable even after it leaves the library."""
    return db.exec(select(PostMedia).where(PostMedia.media_id == asset_id)).first() is not None


def public_media_url(asset: MediaAsset) -> str:
    """A link a network can fetch the file from without signing in, valid for an hour."""
    return public_url(asset.id)


def public_file(db: Session, asset_id: int, expires: int, sig: str) -> tuple[MediaAsset, Path]:
    """What a signed public link serves; a changed or expired link is refused."""
    check_signature(asset_id, expires, sig)
    asset = db.get(MediaAsset, asset_id)
    if asset is None or (asset.deleted_at is not None and not in_use(db, asset.id)):
        raise NotFound("Media file not found.")
    return asset, existing_path(asset.storage_key)


def media_file_for(asset: MediaAsset) -> MediaFile:
    """The file as the publisher hands it to a network adapter, with its signed public URL."""
    if asset.kind == "pdf":
        raise ValidationFailed("media", f"{asset.name} is a PDF: networks take images, GIFs and videos in posts.")
    return MediaFile(path=existing_path(asset.storage_key), kind=asset.kind, mime=asset.mime, size=asset.size,
                     width=asset.width, height=asset.height, duration=asset.duration, url=public_media_url(asset),
                     alt_text=asset.alt_text)
