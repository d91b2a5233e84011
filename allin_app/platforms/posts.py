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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from allin_app.core.clock import utcnow
from allin_app.platforms.content import PostContent
from allin_app.platforms.errors import ContentRejected, NotFound, PlatformError
from allin_app.platforms.limits import limits_for

if TYPE_CHECKING:
    from allin_app.platforms.base import TokenSet

# What a network can take through its API; the composer offers only these (see `capabilities`).
TEXT, LINK, IMAGE, IMAGES, VIDEO, CAROUSEL, THREAD, FIRST_COMMENT = (
    "text", "link", "image", "images", "video", "carousel", "thread", "first_comment")


@dataclass(frozen=True)
class PublishedPost:
    external_id: str
    url: str
    text: str = ""
    created_at: datetime | None = None  # UTC, when the network says
    first_comment_id: str | None = None
    # The post is up but something after it failed (a first comment): said, never raised, since
    # raising would make the publisher retry a post that exists.
    warning: str | None = None


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


@dataclass(frozen=True)
class PublishingQuota:
    """How many posts the network lets this account publish per window, as the network reports it."""

    used: int
    total: int
    window_seconds: int

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.used)


class PublishingAPI(ABC):
    network: ClassVar[str]
    label: ClassVar[str]
    capabilities: ClassVar[frozenset[str]] = frozenset({TEXT, LINK})

    def publish(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                idempotency_key: str | None = None) -> PublishedPost:
        """Publish `content` (text, link, media, reply), then its first comment where there is one."""
        self._refuse_unsupported(content)
        if content.media:
            post = self.publish_media(token_set, profile_external_id, content, idempotency_key)
        else:
            post = self.publish_text(token_set, profile_external_id, content.text, content.link, idempotency_key,
                                     reply_to=content.reply_to)
        if content.first_comment:
            post = self._with_first_comment(token_set, profile_external_id, post, content.first_comment)
        return post

    def publish_thread(self, token_set: TokenSet, profile_external_id: str, parts: list[PostContent],
                       idempotency_key: str | None = None) -> list[PublishedPost]:
        """Each part answers the one before. A failure part-way raises with `published` (the parts that
        are up) on the error, so the caller resumes from there rather than posting them again."""
        published: list[PublishedPost] = []
        for number, part in enumerate(parts):
            reply_to = published[-1].external_id if published else part.reply_to
            try:
                published.append(self.publish(token_set, profile_external_id, replace(part, reply_to=reply_to),
                                              f"{idempotency_key}-{number}" if idempotency_key else None))
            except PlatformError as error:
                error.published = published
                raise
        return published

    @abstractmethod
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """Create a text (or text + link) post, answering `reply_to` where the network has threads.
        Raises ContentRejected for networks that need media."""

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """Create a post with `content.media` (one image, several, a video, a carousel)."""
        raise ContentRejected(f"{self.label} posts carry no media through its API.", code="unsupported")

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """Comment on a post as the account (the first comment); answers the comment's id."""
        raise ContentRejected(f"{self.label} has no comments through its API.", code="unsupported")

    def publishing_quota(self, token_set: TokenSet, profile_external_id: str) -> PublishingQuota | None:
        """The account's posting quota. Networks whose API reports it override this; for the others a
        documented cap (limits.toml) is counted against the posts the network lists within the window."""
        documented = limits_for(self.network).quota
        if documented is None:
            return None
        since = utcnow() - timedelta(seconds=documented.window)
        listed = self.recent_posts(token_set, profile_external_id, limit=documented.posts)
        used = sum(1 for post in listed if post.created_at is not None and post.created_at >= since)
        return PublishingQuota(used=used, total=documented.posts, window_seconds=documented.window)

    def _refuse_unsupported(self, content: PostContent) -> None:
        wanted = {VIDEO if content.videos else IMAGE} if content.media else set()
        if len(content.media) > 1:
            wanted.add(CAROUSEL if content.videos else IMAGES)
        if content.reply_to:
            wanted.add(THREAD)
        if content.first_comment:
            wanted.add(FIRST_COMMENT)
        if missing := wanted - self.capabilities:
            names = {IMAGE: "images", IMAGES: "several images", VIDEO: "videos", CAROUSEL: "carousels",
                     THREAD: "replies or threads", FIRST_COMMENT: "a first comment"}
            raise ContentRejected(f"{self.label} cannot take {', '.join(names[m] for m in sorted(missing))} "
                                  "through its API.", code="unsupported")

    def _with_first_comment(self, token_set: TokenSet, profile_external_id: str, post: PublishedPost,
                            text: str) -> PublishedPost:
        try:
            return replace(post, first_comment_id=self.add_comment(token_set, profile_external_id,
                                                                   post.external_id, text))
        except PlatformError as error:
            return replace(post, warning=f"The post is up, but the first comment failed: {error.message}")

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
        raise NotFound(f"Profile {profile_external_id} is not among the connected ones.")
