"""What a post carries to a network: text, a link, media files, and the extras some networks take.

Adapters receive a `PostContent`; `limits.check_post` says beforehand whether it fits a network.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

MediaKind = Literal["image", "gif", "video"]
CHUNK_BYTES = 4 * 1024 * 1024  # upload chunk size for networks that take chunked uploads


@dataclass(frozen=True)
class MediaFile:
    """One image, GIF or video on local disk, probed once (`media_probe.probe_file`).

    `url` is where the network can fetch the file itself (Instagram, Threads and Pinterest pull media
    from a public URL); None when AllIN has no public address, and those networks then refuse.
    """

    path: Path
    kind: MediaKind
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds, videos only
    url: str | None = None
    alt_text: str = ""
    name: str = ""  # what people call the file; the path may be a hash

    @property
    def filename(self) -> str:
        return self.name or self.path.name

    @property
    def aspect(self) -> float | None:
        return self.width / self.height if self.width and self.height else None

    def read(self) -> bytes:
        return self.path.read_bytes()

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while chunk := handle.read(size):
                yield chunk


@dataclass(frozen=True)
class PostContent:
    """`options` holds the few network-specific choices, by name:
    Pinterest `board_id`; Reddit `subreddit` (default the user's profile); TikTok and YouTube `privacy`;
    Snapchat `placement` ("story", "saved_story" or "spotlight")."""

    text: str = ""
    link: str | None = None
    media: tuple[MediaFile, ...] = ()
    title: str | None = None  # YouTube, Pinterest, Reddit (else the first line), Snapchat saved story
    first_comment: str | None = None
    reply_to: str | None = None  # the network's id of the post this one answers (threads on X and Threads)
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def images(self) -> tuple[MediaFile, ...]:
        return tuple(m for m in self.media if m.kind in ("image", "gif"))

    @property
    def videos(self) -> tuple[MediaFile, ...]:
        return tuple(m for m in self.media if m.kind == "video")

    @property
    def is_carousel(self) -> bool:
        return len(self.media) > 1
