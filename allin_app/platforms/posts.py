"""What publishing hands back (a post, its metrics, an account's totals) and the publishing half
of the adapter interface. `base.PlatformAdapter` inherits `PublishingAPI`; `base` re-exports the names.

Idempotency: none of the ten networks takes an idempotency key on its create call (X, Graph,
LinkedIn, Reddit, TikTok, YouTube, Pinterest, Snapchat all lack one; the `Idempotency-Key` of
ActivityPub servers is out of scope). The parameter exists so the publisher always passes one and a
network that grows support can use it; adapters ignore it today. What keeps a retry from posting
twice is `recent_posts`: after a Transient failure the publisher looks for its text before retrying.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allin_app.platforms.base import TokenSet


@dataclass(frozen=True)
class PublishedPost:
    external_id: str
    url: str
    text: str = ""
    created_at: datetime | None = None  # UTC, when the network says


@dataclass(frozen=True)
class PostMetrics:
    """Lifetime counters; 0 where the network does not report the figure (see each adapter)."""

    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0


@dataclass(frozen=True)
class AccountMetrics:
    followers: int
    posts: int | None = None  # None: the network has no post count for this kind of account


class PublishingAPI(ABC):
    @abstractmethod
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None) -> PublishedPost:
        """Create a text (or text + link) post. Raises ContentRejected for networks that need media."""

    @abstractmethod
    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None: ...

    @abstractmethod
    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Raises NotFound when the post is gone."""

    @abstractmethod
    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        """Newest first; deleted posts are left out."""

    def account_metrics(self, token_set: TokenSet, profile_external_id: str) -> AccountMetrics:
        """Generic: the follower count the profile endpoints already give; no post count."""
        for profile in self.list_profiles(token_set):  # type: ignore[attr-defined]
            if profile.external_id == profile_external_id:
                return AccountMetrics(followers=profile.followers)
        from allin_app.platforms.base import NotFound

        raise NotFound(f"Profile {profile_external_id} is not among the connected ones.")
