"""Reading the comments on one of our published posts, in each network's own API: X (recent search by
conversation_id), Facebook and Instagram (Graph /{id}/comments), YouTube (commentThreads.list) and Reddit
(/comments/{article}). LinkedIn, TikTok, Pinterest, Snapchat and Threads have no comment read here: their
adapters have no `post_comments`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allin_app.platforms.base import parse_time

GRAPH_VERSION = "v19.0"  # as facebook.py and instagram.py
MAX_COMMENTS = 100


@dataclass(frozen=True)
class PostComment:
    external_id: str
    text: str
    author: str
    created_at: datetime | None  # UTC


def twitter(adapter: Any, token_set, external_post_id: str, limit: int) -> list[PostComment]:
    answer = adapter.get_json("/2/tweets/search/recent", token_set, {
        "query": f"conversation_id:{external_post_id}", "max_results": max(10, min(MAX_COMMENTS, limit)),
        "tweet.fields": "created_at,author_id,conversation_id"})
    return [PostComment(t["id"], t.get("text", ""), t.get("author_id", ""), parse_time(t.get("created_at")))
            for t in answer.get("data", [])[:limit]]


def graph(adapter: Any, token: str, external_post_id: str, limit: int, text_key: str, time_key: str,
          fields: str) -> list[PostComment]:
    answer = adapter.call("GET", f"/{GRAPH_VERSION}/{external_post_id}/comments", token,
                          params={"fields": fields, "limit": min(MAX_COMMENTS, limit)}).json()
    return [PostComment(c["id"], c.get(text_key, ""), c.get("username") or c.get("from", {}).get("name", ""),
                        parse_time(c.get(time_key))) for c in answer.get("data", [])[:limit]]


def facebook(adapter: Any, token_set, profile_external_id: str, external_post_id: str, limit: int) -> list[PostComment]:
    return graph(adapter, adapter.page_token(token_set, profile_external_id), external_post_id, limit, "message",
                 "created_time", "id,message,created_time,from")


def instagram(adapter: Any, token_set, external_post_id: str, limit: int) -> list[PostComment]:
    return graph(adapter, token_set.access_token, external_post_id, limit, "text", "timestamp",
                 "id,text,timestamp,username")


def youtube(adapter: Any, token_set, external_post_id: str, limit: int) -> list[PostComment]:
    answer = adapter.get_json("/youtube/v3/commentThreads", token_set, {
        "part": "snippet", "videoId": external_post_id, "maxResults": min(MAX_COMMENTS, limit), "order": "time"})
    found = []
    for item in answer.get("items", [])[:limit]:
        snippet = item["snippet"]["topLevelComment"]["snippet"]
        found.append(PostComment(item["id"], snippet.get("textOriginal") or snippet.get("textDisplay", ""),
                                 snippet.get("authorDisplayName", ""), parse_time(snippet.get("publishedAt"))))
    return found


def reddit(adapter: Any, token_set, external_post_id: str, limit: int) -> list[PostComment]:
    answer = adapter.call("GET", f"/comments/{external_post_id}", token_set.access_token,
                          params={"limit": min(MAX_COMMENTS, limit), "sort": "new", "raw_json": 1}).json()
    things = answer[1]["data"]["children"] if isinstance(answer, list) and len(answer) > 1 else []
    return [PostComment(t["data"]["id"], t["data"].get("body", ""), t["data"].get("author", ""),
                        parse_time(t["data"].get("created_utc"))) for t in things if t.get("kind") == "t1"][:limit]
