"""TikTok Login Kit v2 (`client_key`, comma-separated scopes) and the creator's user info."""

from __future__ import annotations

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet
from allin_app.platforms.media_only import MediaOnlyPublishing


class TikTokAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://www.tiktok.com, API and tokens https://open.tiktokapis.com."""

    network = "tiktok"
    label = "TikTok"
    media_reason = "TikTok posts are videos or photo carousels: there is no text-only post."
    default_scopes = ("user.info.basic", "user.info.profile", "user.info.stats", "video.publish")
    authorize_path = "/v2/auth/authorize/"
    token_path = "/v2/oauth/token/"
    revoke_path = "/v2/oauth/revoke/"
    token_host = "api"
    scope_separator = ","
    client_id_param = "client_key"

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        fields = "open_id,union_id,avatar_url,display_name,username,follower_count"
        user = self.get_json("/v2/user/info/", token_set, {"fields": fields})["data"]["user"]
        return [Profile(external_id=user["open_id"], handle=user.get("username", ""), display_name=user["display_name"],
                        avatar_url=user.get("avatar_url", ""), followers=int(user.get("follower_count", 0)),
                        kind="profile")]
