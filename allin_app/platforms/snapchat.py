"""Snapchat: Snap Marketing API OAuth and the organization's Public Profiles (allowlist-only API)."""

from __future__ import annotations

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet
from allin_app.platforms.media_only import MediaOnlyPublishing


class SnapchatAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth and tokens https://accounts.snapchat.com, API https://adsapi.snapchat.com."""

    network = "snapchat"
    label = "Snapchat"
    media_reason = ("Snapchat posts (Stories, Saved Stories, Spotlight) carry exactly one image or video: there"
                    " is no text-only post.")
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
