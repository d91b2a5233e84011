"""Pinterest API v5: OAuth code flow with HTTP Basic client auth and the user account."""

from __future__ import annotations

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet
from allin_app.platforms.media_only import MediaOnlyPublishing


class PinterestAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://www.pinterest.com, API and tokens https://api.pinterest.com."""

    network = "pinterest"
    label = "Pinterest"
    media_reason = "A Pin needs an image or a video (media_source): text and a link alone cannot make a Pin."
    default_scopes = ("boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read")
    authorize_path = "/oauth/"
    token_path = "/v5/oauth/token"
    revoke_path = None  # no documented revocation endpoint: the user removes the app on pinterest.com
    token_host = "api"
    scope_separator = ","
    client_auth = "basic"

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        # The account is what connects; boards are picked per Pin when publishing.
        user = self.get_json("/v5/user_account", token_set)
        return [Profile(external_id=user["id"], handle=user["username"],
                        display_name=user.get("business_name") or user["username"],
                        avatar_url=user.get("profile_image", ""), followers=int(user.get("follower_count", 0)),
                        kind="profile")]
