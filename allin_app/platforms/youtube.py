"""YouTube through Google OAuth 2.0 (offline access, PKCE) and the user's channels."""

from __future__ import annotations

from typing import ClassVar

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet
from allin_app.platforms.media_only import MediaOnlyPublishing


class YouTubeAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://accounts.google.com, tokens https://oauth2.googleapis.com
    (set YOUTUBE_TOKEN_BASE_URL), API https://www.googleapis.com."""

    network = "youtube"
    label = "YouTube"
    media_reason = "YouTube publishes videos (videos.insert): there is no text-only post through the API."
    uses_pkce = True
    default_scopes = ("https://www.googleapis.com/auth/youtube.upload",
                      "https://www.googleapis.com/auth/youtube.readonly")
    authorize_path = "/o/oauth2/v2/auth"
    token_path = "/token"
    revoke_path = "/revoke"
    # Without prompt=consent Google sends no refresh token on a second connect.
    authorize_extra: ClassVar[dict[str, str]] = {"access_type": "offline", "prompt": "consent", "include_granted_scopes": "true"}

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        answer = self.get_json("/youtube/v3/channels", token_set, {"part": "snippet,statistics", "mine": "true"})
        return [Profile(external_id=item["id"], handle=item["snippet"].get("customUrl", item["id"]),
                        display_name=item["snippet"]["title"],
                        avatar_url=item["snippet"].get("thumbnails", {}).get("default", {}).get("url", ""),
                        followers=int(item.get("statistics", {}).get("subscriberCount", 0)), kind="channel")
                for item in answer.get("items", [])]
