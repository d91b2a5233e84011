"""Networks where every post carries media (Instagram, TikTok, YouTube, Pinterest, Snapchat).

Text-only publishing is refused here, before any call, with the network's reason. Deleting, metrics
and listing recent posts arrive with media publishing (nothing can be published through AllIN on
these networks before that); account metrics use the generic follower count.
"""

from __future__ import annotations

from typing import ClassVar

from allin_app.platforms.base import ContentRejected, PlatformError, PostMetrics, PublishedPost, TokenSet


class MediaOnlyPublishing:
    """Put first in the bases so it wins over an inherited text publisher (Instagram is a FacebookAdapter)."""

    label: ClassVar[str]
    media_reason: ClassVar[str]

    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        raise ContentRejected(self.media_reason, code="media_required")

    def _unsupported(self, what: str) -> PlatformError:
        return PlatformError(f"{self.label}: AllIN does not {what} here yet; it arrives with media publishing.",
                             code="unsupported")

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        raise self._unsupported("delete posts")

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        raise self._unsupported("read post metrics")

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        raise self._unsupported("list posts")
