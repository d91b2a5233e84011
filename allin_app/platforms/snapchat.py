"""Snapchat: Snap Marketing API OAuth, the organization's Public Profiles, and posting one image or video per
post as a Story, a Saved Story or on Spotlight (`options["placement"]`).

The Public Profile API is allowlist-only and Snap has not published its endpoint names: the content paths
here (`/v1/public_profiles/{id}/media`, `/v1/media/{id}/upload`, `/v1/public_profiles/{id}/posts`,
`/v1/posts/{id}` and its `/stats`) are a best guess in the Marketing API's style, to be checked against
Snap's allowlisted docs before pointing AllIN at the real API. Snap also asks for media encrypted with
AES-256-CBC before upload (🔶), which these calls do not do yet.
"""

from __future__ import annotations

from typing import Any

from allin_app.platforms.base import (
    ContentRejected,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.media_only import MediaOnlyPublishing
from allin_app.platforms.posts import IMAGE, VIDEO

PLACEMENTS = {"story": "STORY", "saved_story": "SAVED_STORY", "spotlight": "SPOTLIGHT"}
STATS = "impressions,uniques,video_views,shares,favorites,replies"


class SnapchatAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth and tokens https://accounts.snapchat.com, API https://adsapi.snapchat.com."""

    network = "snapchat"
    label = "Snapchat"
    media_reason = ("Snapchat posts (Stories, Saved Stories, Spotlight) carry exactly one image or video: there"
                    " is no text-only post.")
    capabilities = frozenset({IMAGE, VIDEO})
    default_scopes = ("snapchat-marketing-api",)
    authorize_path = "/login/oauth2/authorize"
    token_path = "/login/oauth2/access_token"
    revoke_path = None  # not documented for the Marketing API

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/v1/me", token_set)["me"]
        # Public Profile endpoint names are not public (allowlist); this path follows the Marketing API's style.
        answer = self.get_json(f"/v1/organizations/{me['organization_id']}/public_profiles", token_set)
        return [Profile(external_id=p["id"], handle=p.get("username", ""), display_name=p["display_name"],
                        avatar_url=p.get("profile_image_url", ""), followers=int(p.get("subscriber_count", 0)),
                        kind="public_profile")
                for p in (entry["public_profile"] for entry in answer.get("public_profiles", []))]

    # --- publishing ----------------------------------------------------------------------------

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        placement = content.options.get("placement", "story")
        if placement not in PLACEMENTS:
            raise ContentRejected(f"Snapchat: placement {placement!r} is not one of {', '.join(PLACEMENTS)}.",
                                  code="placement")
        media_id = self._upload(token_set, profile_external_id, content.media[0])
        wanted: dict[str, Any] = {"media_id": media_id, "placement": PLACEMENTS[placement]}
        if placement == "saved_story":
            wanted["title"] = content.title or ""
        if placement == "spotlight":
            wanted |= {"description": content.text, "locale": "en_US"}
        answer = self.call("POST", f"/v1/public_profiles/{profile_external_id}/posts", token_set.access_token,
                           json={"posts": [wanted]}).json()
        warning = None
        if content.text and placement != "spotlight":
            warning = "Snapchat Stories and Saved Stories carry no caption: the text was not posted."
        return _published(_items(answer, "posts", "post")[0], warning)

    def _upload(self, token_set: TokenSet, profile_id: str, item: MediaFile) -> str:
        kind = "VIDEO" if item.kind == "video" else "IMAGE"
        answer = self.call("POST", f"/v1/public_profiles/{profile_id}/media", token_set.access_token,
                           json={"media": [{"name": item.filename, "type": kind}]}).json()
        media_id = _items(answer, "media", "media")[0]["id"]
        with item.path.open("rb") as handle:
            self.call("POST", f"/v1/media/{media_id}/upload", token_set.access_token,
                      files={"file": (item.filename, handle, item.mime)})
        return media_id

    # --- reading back --------------------------------------------------------------------------

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        """Saved Stories and Spotlight posts; a Story cannot be deleted, it disappears after 24 hours."""
        self.call("DELETE", f"/v1/posts/{external_post_id}", token_set.access_token)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        answer = self.get_json(f"/v1/posts/{external_post_id}/stats", token_set, {"fields": STATS})
        stats = _items(answer, "total_stats", "total_stat")[0]["stats"]
        return PostMetrics(impressions=stats.get("impressions", 0), reach=stats.get("uniques", 0),
                           video_views=stats.get("video_views", 0), shares=stats.get("shares", 0),
                           likes=stats.get("favorites", 0), comments=stats.get("replies", 0))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        """Live Stories (their first 24 hours), Saved Stories and Spotlight posts, newest first."""
        answer = self.get_json(f"/v1/public_profiles/{profile_external_id}/posts", token_set, {"limit": limit})
        return [_published(post) for post in _items(answer, "posts", "post")]


def _items(answer: dict[str, Any], key: str, item_key: str) -> list[dict[str, Any]]:
    """Snap answers a list of sub-requests, each with its own status."""
    for entry in answer.get(key, []):
        if entry.get("sub_request_status") != "SUCCESS":
            raise ContentRejected(f"Snapchat refused it: {entry.get('sub_request_error_reason', 'no reason given')}",
                                  code="sub_request_error")
    return [entry[item_key] for entry in answer.get(key, [])]


def _published(post: dict[str, Any], warning: str | None = None) -> PublishedPost:
    return PublishedPost(external_id=post["id"], url=post.get("share_url", ""),
                         text=post.get("description") or post.get("title") or "",
                         created_at=parse_time(post.get("created_at")), warning=warning)
