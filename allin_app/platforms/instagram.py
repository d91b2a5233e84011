"""Instagram professional accounts through Facebook Login: the IG accounts linked to the user's Pages."""

from __future__ import annotations

from allin_app.platforms.base import Profile, TokenSet
from allin_app.platforms.facebook import GRAPH_VERSION, FacebookAdapter
from allin_app.platforms.media_only import MediaOnlyPublishing


class InstagramAdapter(MediaOnlyPublishing, FacebookAdapter):
    """Same Graph hosts and token dance as Facebook; an IG account is reachable only via its Page."""

    network = "instagram"
    label = "Instagram"
    media_reason = ("Instagram posts need an image or a video: the API has no text-only post (a container needs"
                    " image_url or video_url).")
    default_scopes = ("instagram_basic", "instagram_content_publish", "pages_show_list", "pages_read_engagement")

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        pages = self.get_json(f"/{GRAPH_VERSION}/me/accounts", token_set,
                              {"fields": "id,name,access_token,instagram_business_account"})["data"]
        profiles = []
        for page in pages:
            if not (linked := page.get("instagram_business_account")):
                continue  # a Page without an Instagram professional account
            ig = self.get_json(f"/{GRAPH_VERSION}/{linked['id']}", token_set,
                               {"fields": "id,username,name,profile_picture_url,followers_count"})
            profiles.append(Profile(external_id=ig["id"], handle=ig["username"], display_name=ig.get("name") or ig["username"],
                                    avatar_url=ig.get("profile_picture_url", ""),
                                    followers=int(ig.get("followers_count", 0)), kind="business_account",
                                    access_token=page.get("access_token")))
        return profiles
