"""LinkedIn: 3-legged OAuth, the member (OpenID userinfo) and the organizations they administer."""

from __future__ import annotations

import time
from typing import Any, BinaryIO, ClassVar
from urllib.parse import quote

import httpx

from allin_app.platforms.base import (
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    Transient,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.posts import FIRST_COMMENT, IMAGE, IMAGES, LINK, TEXT, VIDEO
from allin_app.platforms.public import PROFILE, PublicProfile, bare_handle

LINKEDIN_VERSION = "202411"  # YYYYMM; LinkedIn keeps each version about a year
REST_HEADERS = {"LinkedIn-Version": LINKEDIN_VERSION, "X-Restli-Protocol-Version": "2.0.0"}
STATUS_POLLS = 60  # checks of an uploaded file's status before giving up for now
POLL_SECONDS = 5


class LinkedInAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.linkedin.com, API https://api.linkedin.com."""

    network = "linkedin"
    label = "LinkedIn"
    # r_organization_social: organization video views (videoAnalytics)
    default_scopes = ("openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin",
                      "r_organization_social")
    capabilities = frozenset({TEXT, LINK, IMAGE, IMAGES, VIDEO, FIRST_COMMENT})
    public_lookup = frozenset({PROFILE})  # other companies' posts are not open to apps (public.UNSUPPORTED)
    pause: ClassVar = staticmethod(time.sleep)  # between status polls; tests replace it
    authorize_path = "/oauth/v2/authorization"
    token_path = "/oauth/v2/accessToken"
    revoke_path = "/oauth/v2/revoke"

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/v2/userinfo", token_set)
        profiles = [Profile(external_id=me["sub"], handle=me["sub"], display_name=me["name"],
                            avatar_url=me.get("picture", ""), followers=0, kind="profile")]
        acls = self.get_json("/rest/organizationAcls", token_set,
                             {"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED"})
        for acl in acls["elements"]:
            urn = acl["organization"]
            org = self.get_json(f"/rest/organizations/{urn.rsplit(':', 1)[1]}", token_set)
            size = self.get_json(f"/rest/networkSizes/{urn}", token_set, {"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"})
            profiles.append(Profile(external_id=str(org["id"]), handle=org.get("vanityName", str(org["id"])),
                                    display_name=org["localizedName"], avatar_url="",
                                    followers=int(size.get("firstDegreeSize", 0)), kind="organization"))
        return profiles

    # --- publishing (Posts API) ------------------------------------------------------------------
    @staticmethod
    def author_urn(profile_external_id: str) -> str:
        """Organizations have numeric ids; the member is known by her OpenID `sub`, which is not numeric."""
        kind = "organization" if profile_external_id.isdigit() else "person"
        return f"urn:li:{kind}:{profile_external_id}"

    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """POST /rest/posts; the new post's URN comes back in the `x-restli-id` header. A link becomes an
        article (LinkedIn no longer scrapes a preview for API posts). ❓ `commentary` is "little text":
        reserved characters should be escaped; that comes with the composer. No idempotency key exists."""
        body = self._post_body(profile_external_id, text)
        if link:
            body["content"] = {"article": {"source": link, "title": link}}
        return self._create_post(token_set, body)

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """Upload each file (Images or Videos API) as the author, then post it as `content.media` (one file)
        or `content.multiImage` (2 to 20 images). A post has media or an article, not both: a link goes at
        the end of the text."""
        owner = self.author_urn(profile_external_id)
        urns = [self._upload(token_set, owner, item) for item in content.media]
        body = self._post_body(profile_external_id, f"{content.text} {content.link}".strip() if content.link
                               else content.text)
        body["content"] = self._media_content(content, urns)
        return self._create_post(token_set, body)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """POST /rest/socialActions/{post}/comments as the post's author; answers the comment URN."""
        body = {"actor": self.author_urn(profile_external_id), "object": external_post_id, "message": {"text": text}}
        answer = self.call("POST", f"/rest/socialActions/{quote(external_post_id, safe='')}/comments",
                           token_set.access_token, json=body, headers=REST_HEADERS)
        return answer.headers.get("x-restli-id") or answer.json().get("$URN", "")

    def _post_body(self, profile_external_id: str, text: str) -> dict[str, Any]:
        return {"author": self.author_urn(profile_external_id), "commentary": text, "visibility": "PUBLIC",
                "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                 "thirdPartyDistributionChannels": []},
                "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}

    def _create_post(self, token_set: TokenSet, body: dict[str, Any]) -> PublishedPost:
        answer = self.call("POST", "/rest/posts", token_set.access_token, json=body, headers=REST_HEADERS)
        urn = answer.headers["x-restli-id"]
        return PublishedPost(urn, self.post_url(urn), body["commentary"])

    @staticmethod
    def _media_content(content: PostContent, urns: list[str]) -> dict[str, Any]:
        if len(urns) > 1:
            return {"multiImage": {"images": [{"id": urn, "altText": item.alt_text}
                                              for item, urn in zip(content.media, urns, strict=True)]}}
        item, entry = content.media[0], {"id": urns[0]}
        if item.kind == "video" and content.title:
            entry["title"] = content.title
        elif item.kind != "video" and item.alt_text:
            entry["altText"] = item.alt_text
        return {"media": entry}

    # --- media upload ----------------------------------------------------------------------------
    def _upload(self, token_set: TokenSet, owner: str, item: MediaFile) -> str:
        """initializeUpload, PUT the bytes to the given URL(s), then wait until LinkedIn says AVAILABLE."""
        if item.kind == "video":
            return self._upload_video(token_set, owner, item)
        value = self._action(token_set, "/rest/images", "initializeUpload", {"initializeUploadRequest": {"owner": owner}})
        self._put(token_set, value["uploadUrl"], item.read())
        self._wait_until_available(token_set, "images", value["image"])
        return value["image"]

    def _upload_video(self, token_set: TokenSet, owner: str, item: MediaFile) -> str:
        request = {"owner": owner, "fileSizeBytes": item.size, "uploadCaptions": False, "uploadThumbnail": False}
        value = self._action(token_set, "/rest/videos", "initializeUpload", {"initializeUploadRequest": request})
        with item.path.open("rb") as source:
            etags = [self._put_part(token_set, source, part) for part in value["uploadInstructions"]]
        self._action(token_set, "/rest/videos", "finalizeUpload", {"finalizeUploadRequest": {
            "video": value["video"], "uploadToken": value.get("uploadToken", ""), "uploadedPartIds": etags}})
        self._wait_until_available(token_set, "videos", value["video"])
        return value["video"]

    def _put_part(self, token_set: TokenSet, source: BinaryIO, part: dict[str, Any]) -> str:
        """One byte range of the video; LinkedIn's answer carries the part's ETag, which finalize lists."""
        source.seek(part["firstByte"])
        data = source.read(part["lastByte"] - part["firstByte"] + 1)
        return self._put(token_set, part["uploadUrl"], data).headers["etag"]

    def _put(self, token_set: TokenSet, url: str, data: bytes) -> httpx.Response:
        return self.send("PUT", url, content=data, headers={"Authorization": f"Bearer {token_set.access_token}",
                                                           "Content-Type": "application/octet-stream"})

    def _action(self, token_set: TokenSet, path: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.call("POST", f"{path}?action={action}", token_set.access_token, json=body, headers=REST_HEADERS)
        return answer.json().get("value", {}) if answer.content else {}

    def _wait_until_available(self, token_set: TokenSet, kind: str, urn: str) -> None:
        """GET /rest/images|videos/{urn} until AVAILABLE; PROCESSING_FAILED is LinkedIn refusing the file."""
        for _ in range(STATUS_POLLS):
            answer = self.call("GET", f"/rest/{kind}/{quote(urn, safe='')}", token_set.access_token,
                               headers=REST_HEADERS).json()
            if answer.get("status") == "AVAILABLE":
                return
            if answer.get("status") == "PROCESSING_FAILED":
                raise ContentRejected(answer.get("processingFailureReason") or "LinkedIn could not process the file.",
                                      code="PROCESSING_FAILED")
            self.pause(POLL_SECONDS)
        raise Transient("LinkedIn is still processing the file; try again in a few minutes.")

    # --- reading -----------------------------------------------------------------------------------
    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/rest/posts/{quote(external_post_id, safe='')}", token_set.access_token,
                  headers=REST_HEADERS)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Organization posts: organizationalEntityShareStatistics (impressions, clicks, ...) and, for videos,
        videoAnalytics. A member's own posts: only likes and comments from socialActions (member analytics,
        video views included, need a partner program), so their video views stay 0."""
        author = self.author_urn(profile_external_id)
        if author.startswith("urn:li:organization:"):
            return self._organization_metrics(token_set, author, external_post_id)
        answer = self.call("GET", f"/rest/socialActions/{quote(external_post_id, safe='')}", token_set.access_token,
                           headers=REST_HEADERS).json()
        return PostMetrics(likes=int(answer.get("likesSummary", {}).get("totalLikes", 0)),
                           comments=int(answer.get("commentsSummary", {}).get("aggregatedTotalComments", 0)))

    def _organization_metrics(self, token_set: TokenSet, author: str, urn: str) -> PostMetrics:
        listed = "ugcPosts" if urn.startswith("urn:li:ugcPost:") else "shares"  # the finder names the URN type
        query = (f"?q=organizationalEntity&organizationalEntity={quote(author, safe='')}"
                 f"&{listed}=List({quote(urn, safe='')})")
        answer = self.call("GET", "/rest/organizationalEntityShareStatistics" + query, token_set.access_token,
                           headers=REST_HEADERS).json()
        stats = answer["elements"][0]["totalShareStatistics"] if answer.get("elements") else {}
        return PostMetrics(impressions=int(stats.get("impressionCount", 0)),
                           reach=int(stats.get("uniqueImpressionsCount", 0)),
                           likes=int(stats.get("likeCount", 0)), comments=int(stats.get("commentCount", 0)),
                           shares=int(stats.get("shareCount", 0)), clicks=int(stats.get("clickCount", 0)),
                           video_views=self._video_views(token_set, urn))

    def _video_views(self, token_set: TokenSet, urn: str) -> int:
        """videoAnalytics VIDEO_VIEW (3 s or more) for an organization's ugcPost, with r_organization_social;
        0 for other posts, or when the grant lacks that scope."""
        if not urn.startswith("urn:li:ugcPost:") or "r_organization_social" not in token_set.scopes:
            return 0
        query = f"?q=entity&entity={quote(urn, safe='')}&type=VIDEO_VIEW&aggregation=ALL"
        try:
            answer = self.call("GET", "/rest/videoAnalytics" + query, token_set.access_token,
                               headers=REST_HEADERS).json()
        except (NotFound, ContentRejected):  # a ugcPost without a video has no video analytics
            return 0
        return sum(int(element.get("value", 0)) for element in answer.get("elements", []))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        params = {"q": "author", "author": self.author_urn(profile_external_id), "count": limit}
        answer = self.call("GET", "/rest/posts", token_set.access_token, params=params, headers=REST_HEADERS).json()
        return [PublishedPost(p["id"], self.post_url(p["id"]), p.get("commentary", ""),
                              parse_time(p["createdAt"] / 1000) if "createdAt" in p else None)
                for p in answer.get("elements", [])[:limit]]

    @staticmethod
    def post_url(urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"

    # --- other companies -----------------------------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """A company page by its vanity name (organizations?q=vanityName), and its followers (networkSizes)."""
        name = bare_handle(handle)
        found = self.call("GET", "/rest/organizations", token_set.access_token, headers=REST_HEADERS,
                          params={"q": "vanityName", "vanityName": name}).json().get("elements", [])
        if not found:
            raise NotFound(f"LinkedIn has no company page {name!r}.")
        org = found[0]
        size = self.call("GET", f"/rest/networkSizes/urn:li:organization:{org['id']}", token_set.access_token,
                         headers=REST_HEADERS, params={"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"}).json()
        return PublicProfile(str(org["id"]), org.get("vanityName", name), org.get("localizedName", name), "",
                             int(size.get("firstDegreeSize", 0)))
