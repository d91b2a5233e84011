"""Instagram professional accounts through Facebook Login: the IG accounts linked to the user's Pages, and
publishing through media containers, which Instagram fills by fetching each file from its public URL."""

from __future__ import annotations

from datetime import datetime, timedelta

from allin_app.core.clock import utcnow
from allin_app.platforms import comment_reads
from allin_app.platforms.base import (
    ContentRejected,
    NotFound,
    PlatformError,
    PostMetrics,
    Profile,
    PublishedPost,
    PublishingQuota,
    RateLimited,
    TokenSet,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.facebook import (
    CONTAINER_POLL_SECONDS,
    GRAPH_VERSION,
    FacebookAdapter,
    require_public_urls,
    text_with_link,
    wait_for_container,
)
from allin_app.platforms.media_only import MediaOnlyPublishing
from allin_app.platforms.posts import CAROUSEL, FIRST_COMMENT, IMAGE, IMAGES, VIDEO, AccountMetrics
from allin_app.platforms.public import MAX_PUBLIC_POSTS, PublicPost, PublicProfile, bare_handle

QUOTA_ERROR_CODE = "9"  # subcode 2207042: the account used up its 24-hour publishing quota
DAY = 86_400
INSIGHT_METRICS = "views,reach,likes,comments,saved,shares"  # Graph v22 names: views replaced impressions/plays
DISCOVERY_FIELDS = "username,name,profile_picture_url,followers_count,media_count"
DISCOVERY_MEDIA = "id,caption,like_count,comments_count,timestamp,permalink"
NOT_FOUND_CODE = "110"  # business_discovery: no business or creator account has that username


class InstagramAdapter(MediaOnlyPublishing, FacebookAdapter):
    """Same Graph hosts and token dance as Facebook; an IG account is reachable only via its Page. Its
    publishing, insights and comment calls take the user token."""

    network = "instagram"
    label = "Instagram"
    capabilities = frozenset({IMAGE, IMAGES, VIDEO, CAROUSEL, FIRST_COMMENT})
    media_reason = ("Instagram posts need an image or a video: the API has no text-only post (a container needs"
                    " image_url or video_url).")
    default_scopes = ("instagram_basic", "instagram_content_publish", "instagram_manage_comments",
                      "instagram_manage_insights", "pages_show_list", "pages_read_engagement")
    container_poll_seconds: tuple[float, ...] = CONTAINER_POLL_SECONDS

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

    # --- publishing: containers, then media_publish ------------------------------------------------
    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """A container per file (carousel items first, then the CAROUSEL), polled until FINISHED, then
        media_publish: the call that makes the post and counts against the quota. Graph takes no
        idempotency key; a container publishes only once, but a retry of the whole call makes new ones."""
        require_public_urls(self.label, content.media)
        token, user = token_set.access_token, profile_external_id
        caption = text_with_link(content.text, content.link)
        if content.is_carousel:
            container = self._carousel(token, user, content.media, caption)
        else:
            container = self._container(token, user, content.media[0], caption=caption)
        self._wait_until_ready(token, container)
        media_id = self._publish(token_set, user, container)
        return PublishedPost(media_id, self._permalink(token, media_id), content.text)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """Needs instagram_manage_comments."""
        answer = self.call("POST", f"/{GRAPH_VERSION}/{external_post_id}/comments", token_set.access_token,
                           data={"message": text}).json()
        return answer["id"]

    def publishing_quota(self, token_set: TokenSet, profile_external_id: str) -> PublishingQuota:
        answer = self.get_json(f"/{GRAPH_VERSION}/{profile_external_id}/content_publishing_limit", token_set,
                               {"fields": "quota_usage,config"})
        usage = answer["data"][0]
        return PublishingQuota(used=int(usage["quota_usage"]), total=int(usage["config"]["quota_total"]),
                               window_seconds=int(usage["config"]["quota_duration"]))

    def _container(self, token: str, user: str, media: MediaFile, **form: str) -> str:
        if media.kind == "video":  # single videos publish as Reels; carousel items stay VIDEO
            form |= {"media_type": "VIDEO" if form.get("is_carousel_item") else "REELS", "video_url": str(media.url)}
        else:
            form |= {"image_url": str(media.url)} | ({"alt_text": media.alt_text} if media.alt_text else {})
        return self.call("POST", f"/{GRAPH_VERSION}/{user}/media", token, data=form).json()["id"]

    def _carousel(self, token: str, user: str, media: tuple[MediaFile, ...], caption: str) -> str:
        items = [self._container(token, user, item, is_carousel_item="true") for item in media]
        for item_id, item in zip(items, media, strict=True):
            if item.kind == "video":  # a carousel takes only finished items
                self._wait_until_ready(token, item_id)
        form = {"media_type": "CAROUSEL", "children": ",".join(items), "caption": caption}
        return self.call("POST", f"/{GRAPH_VERSION}/{user}/media", token, data=form).json()["id"]

    def _wait_until_ready(self, token: str, container: str) -> None:
        def read_status() -> tuple[str, str]:
            answer = self.call("GET", f"/{GRAPH_VERSION}/{container}", token,
                               params={"fields": "status_code,status"}).json()
            return answer.get("status_code", ""), answer.get("status", "")

        wait_for_container(read_status, self.label, self.container_poll_seconds)

    def _publish(self, token_set: TokenSet, user: str, container: str) -> str:
        try:
            return self.call("POST", f"/{GRAPH_VERSION}/{user}/media_publish", token_set.access_token,
                             data={"creation_id": container}).json()["id"]
        except ContentRejected as error:
            if error.code != QUOTA_ERROR_CODE:
                raise
            raise RateLimited(error.message, self._quota_wait(token_set, user), code=error.code,
                              status=error.status) from error

    def _quota_wait(self, token_set: TokenSet, user: str) -> int:
        """Seconds until the post that filled the quota leaves the moving window; a day when that cannot be told."""
        try:
            quota = self.publishing_quota(token_set, user)
            posts = self.recent_posts(token_set, user, limit=quota.total)
        except PlatformError:
            return DAY
        window_start = utcnow() - timedelta(seconds=quota.window_seconds)
        times = sorted(p.created_at for p in posts if p.created_at and p.created_at > window_start)
        if not times:
            return DAY
        leaving = times[max(0, len(times) - quota.total)]
        return int((leaving - window_start).total_seconds()) + 1

    def _permalink(self, token: str, media_id: str) -> str:
        try:  # the post exists now: failing to read its permalink must not look like a failed publish
            return self.call("GET", f"/{GRAPH_VERSION}/{media_id}", token,
                             params={"fields": "permalink"}).json().get("permalink", "")
        except PlatformError:
            return ""

    # --- after publishing ---------------------------------------------------------------------------
    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        raise PlatformError("Instagram's API cannot delete posts (its IG Media node has no delete); remove the post "
                            "in the Instagram app.", code="unsupported")

    def post_comments(self, token_set: TokenSet, profile_external_id: str, external_post_id: str,
                      limit: int = comment_reads.MAX_COMMENTS) -> list[comment_reads.PostComment]:
        return comment_reads.instagram(self, token_set, external_post_id, limit)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Media insights (needs instagram_manage_insights). `views` stands for impressions, and for a video
        also for its plays."""
        answer = self.get_json(f"/{GRAPH_VERSION}/{external_post_id}/insights", token_set,
                               {"metric": INSIGHT_METRICS})
        v = {m["name"]: int(m["values"][0]["value"]) for m in answer.get("data", [])}
        media_type = self.get_json(f"/{GRAPH_VERSION}/{external_post_id}", token_set,
                                   {"fields": "media_type"}).get("media_type")
        return PostMetrics(impressions=v.get("views", 0), reach=v.get("reach", 0), likes=v.get("likes", 0),
                           comments=v.get("comments", 0), shares=v.get("shares", 0), saves=v.get("saved", 0),
                           video_views=v.get("views", 0) if media_type == "VIDEO" else 0)

    def account_metrics(self, token_set: TokenSet, profile_external_id: str) -> AccountMetrics:
        """The IG user node's followers_count and media_count; the Page token the account keeps may read it."""
        user = self.get_json(f"/{GRAPH_VERSION}/{profile_external_id}", token_set,
                             {"fields": "id,followers_count,media_count"})
        return AccountMetrics(followers=int(user.get("followers_count", 0)),
                              posts=int(user["media_count"]) if "media_count" in user else None)

    # --- other accounts: business_discovery -----------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """Another business or creator account, asked on our own IG user node (personal accounts are not
        open)."""
        found = self._discover(token_set, profile_external_id, handle, "")
        return PublicProfile(found["id"], found["username"], found.get("name") or found["username"],
                             found.get("profile_picture_url", ""), int(found.get("followers_count", 0)),
                             int(found["media_count"]) if "media_count" in found else None)

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """The `media` edge of business_discovery (likes, comments), newest first, paged with `after`."""
        found: list[PublicPost] = []
        after = ""
        while len(found) < MAX_PUBLIC_POSTS:
            paging = f".after({after})" if after else ""
            media = self._discover(token_set, profile_external_id, handle,
                                   f",media{paging}.limit(50){{{DISCOVERY_MEDIA}}}").get("media", {})
            for item in media.get("data", []):
                created = parse_time(item["timestamp"])
                if created < since:
                    return found
                found.append(PublicPost(item["id"], item.get("permalink", ""), item.get("caption", ""), created,
                                        likes=int(item.get("like_count", 0)),
                                        comments=int(item.get("comments_count", 0))))
            if "next" not in media.get("paging", {}):
                break
            after = media["paging"]["cursors"]["after"]
        return found[:MAX_PUBLIC_POSTS]

    def _discover(self, token_set: TokenSet, our_id: str, handle: str, media: str) -> dict:
        fields = f"business_discovery.username({bare_handle(handle)}){{{DISCOVERY_FIELDS}{media}}}"
        try:
            return self.get_json(f"/{GRAPH_VERSION}/{our_id}", token_set, {"fields": fields})["business_discovery"]
        except ContentRejected as refused:
            if refused.code == NOT_FOUND_CODE:
                raise NotFound(refused.message, code=refused.code, status=refused.status) from None
            raise

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.get_json(f"/{GRAPH_VERSION}/{profile_external_id}/media", token_set,
                               {"fields": "id,caption,media_type,timestamp,permalink", "limit": limit})
        return [PublishedPost(p["id"], p.get("permalink", ""), p.get("caption", ""), parse_time(p.get("timestamp")))
                for p in answer.get("data", [])[:limit]]
