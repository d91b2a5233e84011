"""LinkedIn: 3-legged OAuth, the member (OpenID userinfo) and the organizations they administer."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from allin_app.platforms.base import OAuth2Adapter, PostMetrics, Profile, PublishedPost, TokenSet, parse_time

LINKEDIN_VERSION = "202411"  # YYYYMM; LinkedIn keeps each version about a year
REST_HEADERS = {"LinkedIn-Version": LINKEDIN_VERSION, "X-Restli-Protocol-Version": "2.0.0"}


class LinkedInAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.linkedin.com, API https://api.linkedin.com."""

    network = "linkedin"
    label = "LinkedIn"
    default_scopes = ("openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin")
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
        body: dict[str, Any] = {
            "author": self.author_urn(profile_external_id), "commentary": text, "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}
        if link:
            body["content"] = {"article": {"source": link, "title": link}}
        answer = self.call("POST", "/rest/posts", token_set.access_token, json=body, headers=REST_HEADERS)
        urn = answer.headers["x-restli-id"]
        return PublishedPost(urn, self.post_url(urn), text)

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/rest/posts/{quote(external_post_id, safe='')}", token_set.access_token,
                  headers=REST_HEADERS)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Organization posts: organizationalEntityShareStatistics (impressions, clicks, ...). A member's own
        posts: only likes and comments from socialActions (member analytics need a partner program)."""
        author = self.author_urn(profile_external_id)
        if author.startswith("urn:li:organization:"):
            query = (f"?q=organizationalEntity&organizationalEntity={quote(author, safe='')}"
                     f"&shares=List({quote(external_post_id, safe='')})")
            answer = self.call("GET", "/rest/organizationalEntityShareStatistics" + query, token_set.access_token,
                               headers=REST_HEADERS).json()
            stats = answer["elements"][0]["totalShareStatistics"] if answer.get("elements") else {}
            return PostMetrics(impressions=int(stats.get("impressionCount", 0)),
                               reach=int(stats.get("uniqueImpressionsCount", 0)),
                               likes=int(stats.get("likeCount", 0)), comments=int(stats.get("commentCount", 0)),
                               shares=int(stats.get("shareCount", 0)), clicks=int(stats.get("clickCount", 0)))
        answer = self.call("GET", f"/rest/socialActions/{quote(external_post_id, safe='')}", token_set.access_token,
                           headers=REST_HEADERS).json()
        return PostMetrics(likes=int(answer.get("likesSummary", {}).get("totalLikes", 0)),
                           comments=int(answer.get("commentsSummary", {}).get("aggregatedTotalComments", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        params = {"q": "author", "author": self.author_urn(profile_external_id), "count": limit}
        answer = self.call("GET", "/rest/posts", token_set.access_token, params=params, headers=REST_HEADERS).json()
        return [PublishedPost(p["id"], self.post_url(p["id"]), p.get("commentary", ""),
                              parse_time(p["createdAt"] / 1000) if "createdAt" in p else None)
                for p in answer.get("elements", [])[:limit]]

    @staticmethod
    def post_url(urn: str) -> str:
        return f"https://www.linkedin.com/feed/update/{urn}/"
