"""Which adapter speaks for which network name."""

from __future__ import annotations

import httpx

from allin_app.platforms.base import OAuth2Adapter
from allin_app.platforms.config import NetworkConfig
from allin_app.platforms.facebook import FacebookAdapter
from allin_app.platforms.instagram import InstagramAdapter
from allin_app.platforms.linkedin import LinkedInAdapter
from allin_app.platforms.pinterest import PinterestAdapter
from allin_app.platforms.reddit import RedditAdapter
from allin_app.platforms.snapchat import SnapchatAdapter
from allin_app.platforms.threads import ThreadsAdapter
from allin_app.platforms.tiktok import TikTokAdapter
from allin_app.platforms.twitter import TwitterAdapter
from allin_app.platforms.youtube import YouTubeAdapter

ADAPTERS: dict[str, type[OAuth2Adapter]] = {cls.network: cls for cls in (
    FacebookAdapter, InstagramAdapter, TwitterAdapter, LinkedInAdapter, TikTokAdapter, YouTubeAdapter,
    PinterestAdapter, SnapchatAdapter, RedditAdapter, ThreadsAdapter)}


def adapter_for(network: str, config: NetworkConfig | None = None, client: httpx.Client | None = None) -> OAuth2Adapter:
    """The adapter for `network`, configured from the environment unless `config` is given."""
    try:
        adapter_class = ADAPTERS[network]
    except KeyError:
        raise ValueError(f"unknown network {network!r}") from None
    return adapter_class(config=config, client=client)
