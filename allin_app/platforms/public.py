"""Looking up accounts the organization does not own (competitors): their public profile and posts.

Each network offers this differently, and some not at all; every lookup goes through a token of one of
the organization's own accounts on that network (as the real APIs require):

| network   | profile                                                   | posts                                              |
| --------- | --------------------------------------------------------- | -------------------------------------------------- |
| X         | GET /2/users/by/username/:username (public_metrics)        | GET /2/users/:id/tweets (public_metrics)           |
| Instagram | GET /{ig-user-id}?fields=business_discovery.username(...)   | the same call's `media` edge (likes, comments)     |
| Facebook  | GET /{page-username} (Page Public Content Access)           | GET /{page-id}/posts with reaction/comment summaries |
| LinkedIn  | GET /rest/organizations?q=vanityName + /rest/networkSizes   | none: other companies' posts are not open to apps  |
| TikTok    | POST /v2/research/user/info/ (Research API)                 | POST /v2/research/video/query/ (30 days a query)   |
| YouTube   | GET /youtube/v3/channels?forHandle= (statistics)            | uploads playlist + /youtube/v3/videos statistics   |
| Reddit    | GET /user/:name/about                                       | GET /user/:name/submitted (score, comments)        |
| Threads   | GET /profile_lookup (Profile Discovery)                     | GET /profile_posts: text and time, no counts       |
| Pinterest | none: API v5 reads only the signed-in user's own account    | none                                               |
| Snapchat  | none: the Public Profile API serves one's own profiles only | none                                               |

Counters a network does not show other apps are None on a PublicPost, never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from allin_app.platforms.errors import PlatformError

if TYPE_CHECKING:
    from allin_app.platforms.base import TokenSet

PROFILE, POSTS = "profile", "posts"
MAX_PUBLIC_POSTS = 500  # per lookup: a few months of even a busy account
HASHTAG = re.compile(r"(?<![\w#])#(\w{1,100})", re.UNICODE)

# Why a network offers less than both lookups (shown when someone tries to track an account there).
UNSUPPORTED = {
    "linkedin": "LinkedIn shows other companies' follower counts to apps, but not their posts.",
    "pinterest": "Pinterest's API reads only the signed-in account: other accounts cannot be looked up.",
    "snapchat": "Snapchat's API serves only your own public profiles: other accounts cannot be looked up.",
    "threads": "Threads lists other profiles' posts without their like, reply or repost counts.",
}

COUNTS_HIDDEN = frozenset({"threads"})  # posts are listed, their engagement is not


def shows_engagement(adapter: type[PublicLookupAPI]) -> bool:
    """Whether the network shows other accounts' posts with their engagement."""
    return POSTS in adapter.public_lookup and adapter.network not in COUNTS_HIDDEN


@dataclass(frozen=True)
class PublicProfile:
    external_id: str
    handle: str
    display_name: str
    avatar_url: str
    followers: int
    posts: int | None = None  # None: the network shows no post count


@dataclass(frozen=True)
class PublicPost:
    external_id: str
    url: str
    text: str
    created_at: datetime  # UTC
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    tags: tuple[str, ...] = ()  # hashtags the network lists apart from the text (TikTok, Threads' topic)

    @property
    def counted(self) -> bool:
        """Whether the network showed this post's engagement."""
        return self.likes is not None

    @property
    def engagements(self) -> int | None:
        """Likes, comments, shares and saves (as analytics counts engagements), None when not shown."""
        if not self.counted:
            return None
        return sum(value or 0 for value in (self.likes, self.comments, self.shares, self.saves))

    @property
    def hashtags(self) -> tuple[str, ...]:
        return hashtags_in(self.text, self.tags)


def hashtags_in(text: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The post's hashtags, lower case with their '#', each once, in order of appearance."""
    found = [f"#{tag.lower()}" for tag in HASHTAG.findall(text or "")]
    found += [f"#{tag.lower().lstrip('#')}" for tag in extra if tag.strip("# ")]
    return tuple(dict.fromkeys(found))


def bare_handle(handle: str) -> str:
    """A handle as typed ('@bloom', 'u/bloom', 'https://x.com/bloom') reduced to the name itself."""
    handle = (handle or "").strip().rstrip("/")
    handle = handle.rsplit("/", 1)[-1] if "://" in handle else handle
    return handle.removeprefix("u/").lstrip("@").strip()


class LookupUnsupported(PlatformError):
    """The network does not let apps read other accounts this way."""


class PublicLookupAPI:
    """The lookup half of an adapter; networks that offer it override these and list what in `public_lookup`."""

    network: ClassVar[str]
    label: ClassVar[str]
    public_lookup: ClassVar[frozenset[str]] = frozenset()

    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """Another account's public profile by its handle, read through our account `profile_external_id`.
        Raises NotFound for an unknown (or private) handle."""
        raise LookupUnsupported(self._lookup_refusal(PROFILE), code="unsupported")

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """Another account's public posts from `since` on, newest first."""
        raise LookupUnsupported(self._lookup_refusal(POSTS), code="unsupported")

    def _lookup_refusal(self, what: str) -> str:
        return UNSUPPORTED.get(self.network) or f"{self.label} does not let apps read other accounts' {what}."
