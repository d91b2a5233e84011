"""Reddit: permanent OAuth grant (refresh token until revoked), HTTP Basic, and the user's profile."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import httpx

from allin_app.platforms.base import (
    DEFAULT_TIMEOUT,
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    RateLimited,
    TokenSet,
    parse_time,
)
from allin_app.platforms.config import NetworkConfig

# Reddit blocks generic User-Agents; the rules ask for <platform>:<app id>:<version>.
USER_AGENT = "server:allin:1.0 (self-hosted social media manager)"
TITLE_LIMIT = 300


def split_title(text: str) -> tuple[str, str]:
    """A Reddit post needs a title: the first line, and the rest is the body. A first line over 300
    characters is cut at a word with "…" and the whole text becomes the body."""
    first, _, rest = text.strip().partition("\n")
    if len(first) <= TITLE_LIMIT:
        return first.strip(), rest.strip()
    return first[:TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip() + "…", text.strip()


def join_title(title: str, body: str) -> str:
    """The text `split_title` was given, back from a title and a body."""
    if title.endswith("…") and body:
        return body
    return f"{title}\n{body}" if body else title


class RedditAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.reddit.com, API https://oauth.reddit.com."""

    network = "reddit"
    label = "Reddit"
    default_scopes = ("identity", "submit", "read")
    authorize_path = "/api/v1/authorize"
    token_path = "/api/v1/access_token"
    revoke_path = "/api/v1/revoke_token"
    client_auth = "basic"
    authorize_extra: ClassVar[dict[str, str]] = {"duration": "permanent"}

    def __init__(self, config: NetworkConfig | None = None, client: httpx.Client | None = None):
        super().__init__(config, client or httpx.Client(timeout=DEFAULT_TIMEOUT))
        self.http.headers["User-Agent"] = USER_AGENT

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/api/v1/me", token_set)
        own = me.get("subreddit") or {}
        return [Profile(external_id=me["id"], handle=f"u/{me['name']}", display_name=own.get("title") or me["name"],
                        avatar_url=me.get("icon_img", ""), followers=int(own.get("subscribers", 0)), kind="profile")]

    # --- publishing: posts go to the user's own profile (sr=u_<name>) ------------------------------
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """POST /api/submit (api_type=json). With a link: a link post titled with the text. Reddit has no
        idempotency key (ignored); refusals come back as 200 with `json.errors`."""
        form = {"sr": f"u_{self._username(token_set)}", "api_type": "json", "resubmit": "true"}
        if link:
            form |= {"kind": "link", "title": text.strip(), "url": link}
        else:
            title, body = split_title(text)
            form |= {"kind": "self", "title": title, "text": body}
        answer = self.call("POST", "/api/submit", token_set.access_token, data=form).json().get("json", {})
        self._raise_for_errors(answer)
        data = answer["data"]
        return PublishedPost(data["id"], data["url"], text)

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("POST", "/api/del", token_set.access_token, data={"id": f"t3_{external_post_id}"})

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Score and comment count; Reddit reports no impressions (view_count is null) and no reach."""
        listing = self.get_json("/api/info", token_set, {"id": f"t3_{external_post_id}"})
        things = listing.get("data", {}).get("children", [])
        if not things or things[0]["data"].get("removed_by_category") == "deleted":
            raise NotFound(f"Reddit post {external_post_id} does not exist or was deleted.")
        post = things[0]["data"]
        return PostMetrics(impressions=int(post.get("view_count") or 0), likes=int(post.get("ups", 0)),
                           comments=int(post.get("num_comments", 0)), shares=int(post.get("num_crossposts", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        listing = self.get_json(f"/user/{self._username(token_set)}/submitted", token_set, {"limit": limit})
        return [PublishedPost(p["id"], "https://www.reddit.com" + p["permalink"], join_title(p["title"], p["selftext"]),
                              parse_time(p.get("created_utc")))
                for p in (thing["data"] for thing in listing.get("data", {}).get("children", []))][:limit]

    def _username(self, token_set: TokenSet) -> str:
        return self.get_json("/api/v1/me", token_set)["name"]

    @staticmethod
    def _raise_for_errors(answer: dict[str, Any]) -> None:
        if not (errors := answer.get("errors")):
            return
        code, message, field = (list(errors[0]) + ["", "", ""])[:3]
        if code == "RATELIMIT":
            wait = re.search(r"(\d+) (minute|second)", message)
            seconds = int(wait.group(1)) * (60 if wait.group(2) == "minute" else 1) if wait else 600
            raise RateLimited(message, int(answer.get("ratelimit") or seconds), code=code)
        raise ContentRejected(f"{message} ({field})" if field else message, code=code)
