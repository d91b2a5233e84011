"""Posts for the TikTok, YouTube, Pinterest and Snapchat tests: real media files, served at the URLs the
`sim` fixture answers, and a post each network takes."""

from __future__ import annotations

import pytest

from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.media_probe import media_file
from allin_app.platforms.pinterest import PinterestAdapter
from allin_app.platforms.tiktok import TikTokAdapter
from tests.platforms.media_files import broken, described, image, video

CAPTION = "Cold brew season is back #coldbrew #coffee"


@pytest.fixture(autouse=True)
def no_polling_pause(monkeypatch):
    """The simulator answers "processing" once; the tests need not wait for it."""
    for adapter_class in (TikTokAdapter, PinterestAdapter):
        monkeypatch.setattr(adapter_class, "poll_interval", 0)


def clip(files, name: str = "clip.mp4", *, public: bool = True, **kwargs) -> MediaFile:
    """A video; `public=False` leaves it without a URL, so it must be uploaded."""
    path = video(files, name, **kwargs)
    return described(path) if public else media_file(path)


def photo(files, name: str = "photo.jpg", size: tuple[int, int] = (1000, 1500), *, public: bool = True) -> MediaFile:
    path = image(files, name, size)
    return described(path, alt_text="A glass of cold brew") if public else media_file(path)


def cut_short(files, kind: str = "video") -> MediaFile:
    """A file that says it is a video (or an image) but stops early, as a truncated upload does."""
    path = broken(files, "cut.mp4" if kind == "video" else "cut.jpg")
    return MediaFile(path=path, kind=kind, mime="video/mp4" if kind == "video" else "image/jpeg",
                     size=path.stat().st_size, url=f"http://testserver/files/{path.name}")


def good(files, network: str) -> PostContent:
    """A post the network takes."""
    if network in ("tiktok", "youtube"):
        return PostContent(text=CAPTION, title="Cold brew", media=(clip(files),))
    if network == "pinterest":
        return PostContent(text=CAPTION, media=(photo(files),))
    return PostContent(title="Cold brew", media=(photo(files, size=(1080, 1920)),), options={"placement": "saved_story"})
