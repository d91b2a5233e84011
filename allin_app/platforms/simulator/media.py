"""Media on the simulated networks: files fetched from a URL (Instagram, Threads, Pinterest, TikTok
PULL_FROM_URL) or uploaded, read for what they really are, and checked against the network's limits
(`platforms/limits.toml`), exactly as the composer checks them, so both sides agree.

Fetching goes over HTTP like the real networks do. Tests point it at their own app with
`use_transport`, since a test's URLs (http://testserver/...) are not on any real network.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx

from allin_app.platforms.content import MediaFile
from allin_app.platforms.limits import check_media
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.publishing import new_id

_transport: httpx.AsyncBaseTransport | None = None
FETCH_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def use_transport(transport: httpx.AsyncBaseTransport | None) -> None:
    global _transport
    _transport = transport


class FetchFailed(Exception):
    """The URL did not give a file: the network's "could not download" answer."""


async def fetch_into(network: str, profile_id: str, url: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Download `url` as the network would and keep it as a probed media row (state "ready" or "failed")."""
    try:
        async with httpx.AsyncClient(transport=_transport, timeout=FETCH_TIMEOUT, follow_redirects=True) as client:
            response = await client.get(url)
    except (httpx.HTTPError, ValueError) as exc:
        raise FetchFailed(f"could not download {url}: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise FetchFailed(f"could not download {url}: HTTP {response.status_code}")
    media_id = new_id(17)
    store.create_media(network, profile_id, media_id, data=response.content, extra={"url": url, **(extra or {})})
    return store.probe_media(network, media_id)


def as_media_file(row: dict[str, Any]) -> MediaFile:
    """`name` is the file's name in its URL or upload, so refusals say which file a person sent."""
    extra = row["extra"]
    name = extra.get("filename") or PurePosixPath(urlsplit(extra.get("url") or "").path).name
    return MediaFile(path=store.media_path(row["network"], row["id"]), kind=row["kind"] or "image",
                     mime=row["mime"] or "", size=row["size"], width=row["width"], height=row["height"],
                     duration=row["duration"], alt_text=extra.get("alt_text", ""), name=name)


def problems(network: str, rows: list[dict[str, Any]]) -> list[str]:
    """What the network would refuse about these files (unreadable ones first), as plain sentences."""
    broken = [f"{row['extra'].get('url') or row['id']} is not an image or video the network can read."
              for row in rows if row["state"] == "failed"]
    if broken:
        return broken
    return check_media(network, tuple(as_media_file(row) for row in rows))


def describe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a post keeps of its media (in `sim_posts.extra["media"]`), for listings and video metrics."""
    return [{"id": row["id"], "kind": row["kind"], "mime": row["mime"], "width": row["width"],
             "height": row["height"], "duration": row["duration"], "alt_text": row["extra"].get("alt_text", ""),
             "url": row["extra"].get("url")} for row in rows]
