"""The simulator's "who am I / what may I manage" endpoints, in each network's real JSON shape."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.audience import followers_now

Profiles = list[dict[str, Any]]

_UNAUTHORIZED: dict[str, tuple[int, dict[str, Any]]] = {
    "facebook": (400, {"error": {"message": "Error validating access token: the session has been invalidated.",
                                 "type": "OAuthException", "code": 190}}),
    "twitter": (401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}),
    "linkedin": (401, {"status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN",
                       "message": "The token used in the request has been revoked or expired"}),
    "tiktok": (401, {"data": {}, "error": {"code": "access_token_invalid", "message":
                                           "The access token is invalid or not found in the request."}}),
    "youtube": (401, {"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                                "status": "UNAUTHENTICATED"}}),
    "pinterest": (401, {"code": 2, "message": "Authentication failed."}),
    "snapchat": (401, {"request_status": "ERROR", "debug_message": "Invalid access token",
                       "display_message": "We're sorry, but the access token is invalid.", "error_code": "E3003"}),
    "reddit": (401, {"message": "Unauthorized", "error": 401}),
}
_UNAUTHORIZED["instagram"] = _UNAUTHORIZED["threads"] = _UNAUTHORIZED["facebook"]


def _granted_profiles(network: str, request: Request, kinds: tuple[str, ...] = ("access",)) -> Profiles | None:
    """The profiles the caller's live token (of one of `kinds`) was granted, or None when the token is no good."""
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.query_params.get("access_token", "")
    row = next((found for kind in kinds if (found := store.live_token(token, kind))), None)
    grant = store.get_grant(row["grant_id"]) if row else None
    if grant is None or grant["revoked"] or grant["network"] != network:
        return None
    avatar_base = f"{str(request.base_url).rstrip('/')}/sim/{network}/avatar"
    return [p | {"avatar_url": f"{avatar_base}/{p['handle'].lstrip('@')}.svg", "followers": followers_now(p)}
            for p in store.network_profiles(network) if p["external_id"] in grant["profile_ids"]]


def _page_token(request: Request) -> str:
    """A Page token, stored so the publishing endpoints accept it. From a long-lived user token it never
    expires (as on Facebook); from a short-lived one it dies with it."""
    header = request.headers.get("authorization", "")
    user = store.live_token(header[7:] if header.lower().startswith("bearer ") else "", "access")
    if user is None:  # _granted_profiles let the call through, so the token came as ?access_token=
        user = store.live_token(request.query_params.get("access_token", ""), "access")
    expires_at = None if user["long_lived"] else user["expires_at"]
    return store.issue_token(user["grant_id"], "page", None, expires_at=expires_at)


def _facebook_accounts(profiles: Profiles, request: Request) -> dict[str, Any]:
    data = [{"id": p["external_id"], "name": p["display_name"], "username": p["handle"], "category": "Coffee shop",
             "access_token": _page_token(request), "tasks": ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MANAGE"],
             "followers_count": p["followers"], "picture": {"data": {"url": p["avatar_url"]}}} for p in profiles]
    return {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}


def _instagram_accounts(profiles: Profiles, request: Request) -> dict[str, Any]:
    data = [{"id": p["extra"]["page_id"], "name": p["extra"]["page_name"], "access_token": _page_token(request),
             "instagram_business_account": {"id": p["external_id"]}} for p in profiles]
    return {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}


def _instagram_user(profiles: Profiles, request: Request) -> dict[str, Any] | None:
    node_id = request.path_params["node_id"]
    p = next((p for p in profiles if p["external_id"] == node_id), None)
    return p and {"id": p["external_id"], "username": p["handle"], "name": p["display_name"],
                  "profile_picture_url": p["avatar_url"], "followers_count": p["followers"]}


def _twitter_me(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    return {"data": {"id": p["external_id"], "name": p["display_name"], "username": p["handle"],
                     "profile_image_url": p["avatar_url"],
                     "public_metrics": {"followers_count": p["followers"], "following_count": 180,
                                        "tweet_count": 1240, "listed_count": 12}}}


def _linkedin_userinfo(profiles: Profiles, request: Request) -> dict[str, Any]:
    member = store.network_profiles("linkedin")[0]
    given, _, family = member["display_name"].partition(" ")
    return {"sub": member["external_id"], "name": member["display_name"], "given_name": given,
            "family_name": family, "picture": "", "locale": {"country": "US", "language": "en"}}


def _linkedin_acls(profiles: Profiles, request: Request) -> dict[str, Any]:
    member = store.network_profiles("linkedin")[0]
    elements = [{"organization": f"urn:li:organization:{p['external_id']}", "role": "ADMINISTRATOR",
                 "state": "APPROVED", "roleAssignee": f"urn:li:person:{member['external_id']}"}
                for p in profiles if p["kind"] == "organization"]
    return {"elements": elements, "paging": {"count": 10, "start": 0, "total": len(elements)}}


def _linkedin_org(profiles: Profiles, request: Request) -> dict[str, Any] | None:
    org_id = request.path_params["org_id"]
    p = next((p for p in profiles if p["external_id"] == org_id and p["kind"] == "organization"), None)
    return p and {"id": int(p["external_id"]), "localizedName": p["display_name"], "vanityName": p["handle"]}


def _linkedin_network_size(profiles: Profiles, request: Request) -> dict[str, Any] | None:
    org_id = request.path_params["urn"].rsplit(":", 1)[-1]
    p = next((p for p in profiles if p["external_id"] == org_id), None)
    return p and {"firstDegreeSize": p["followers"]}


def _tiktok_user(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    user = {"open_id": p["external_id"], "union_id": p["external_id"][::-1], "avatar_url": p["avatar_url"],
            "display_name": p["display_name"], "username": p["handle"], "follower_count": p["followers"]}
    return {"data": {"user": user}, "error": {"code": "ok", "message": "", "log_id": secrets.token_hex(16)}}


def _youtube_channels(profiles: Profiles, request: Request) -> dict[str, Any]:
    items = [{"kind": "youtube#channel", "etag": secrets.token_urlsafe(12), "id": p["external_id"],
              "snippet": {"title": p["display_name"], "customUrl": p["handle"], "description": "",
                          "thumbnails": {"default": {"url": p["avatar_url"], "width": 88, "height": 88}}},
              "statistics": {"subscriberCount": str(p["followers"]), "hiddenSubscriberCount": False,
                             "videoCount": "42", "viewCount": str(p["followers"] * 31)}} for p in profiles]
    return {"kind": "youtube#channelListResponse", "etag": secrets.token_urlsafe(12),
            "pageInfo": {"totalResults": len(items), "resultsPerPage": 5}, "items": items}


def _pinterest_account(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    return {"account_type": "BUSINESS", "id": p["external_id"], "username": p["handle"],
            "business_name": p["display_name"], "profile_image": p["avatar_url"], "website_url": "",
            "follower_count": p["followers"], "following_count": 95, "board_count": 6, "pin_count": 214,
            "monthly_views": p["followers"] * 12}


def _snapchat_me(profiles: Profiles, request: Request) -> dict[str, Any]:
    org = store.network_profiles("snapchat")[0]["extra"]["organization_id"]
    me = {"id": secrets.token_hex(16), "display_name": "Dana Whitaker", "organization_id": org}
    return {"request_status": "SUCCESS", "request_id": secrets.token_hex(12), "me": me}


def _snapchat_public_profiles(profiles: Profiles, request: Request) -> dict[str, Any]:
    entries = [{"sub_request_status": "SUCCESS", "public_profile": {
        "id": p["external_id"], "display_name": p["display_name"], "username": p["handle"],
        "profile_image_url": p["avatar_url"], "subscriber_count": p["followers"]}} for p in profiles]
    return {"request_status": "SUCCESS", "request_id": secrets.token_hex(12), "public_profiles": entries}


def _reddit_me(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    return {"id": p["external_id"], "name": p["handle"], "icon_img": p["avatar_url"], "total_karma": 3120,
            "subreddit": {"display_name_prefixed": f"u/{p['handle']}", "title": p["display_name"],
                          "subscribers": p["followers"]}}


def _threads_me(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    return {"id": p["external_id"], "username": p["handle"], "name": p["display_name"],
            "threads_profile_picture_url": p["avatar_url"]}


def _threads_insights(profiles: Profiles, request: Request) -> dict[str, Any]:
    p = profiles[0]
    return {"data": [{"name": "followers_count", "period": "day", "title": "followers_count",
                      "total_value": {"value": p["followers"]}, "id": f"{p['external_id']}/insights/followers_count"}]}


Handler = Callable[[Profiles, Request], dict[str, Any] | None]
ROUTES: dict[str, list[tuple[str, Handler]]] = {
    "facebook": [("/v19.0/me/accounts", _facebook_accounts)],
    "instagram": [("/v19.0/me/accounts", _instagram_accounts), ("/v19.0/{node_id}", _instagram_user)],
    "twitter": [("/2/users/me", _twitter_me)],
    "linkedin": [("/v2/userinfo", _linkedin_userinfo), ("/rest/organizationAcls", _linkedin_acls),
                 ("/rest/organizations/{org_id}", _linkedin_org), ("/rest/networkSizes/{urn}", _linkedin_network_size)],
    "tiktok": [("/v2/user/info/", _tiktok_user)],
    "youtube": [("/youtube/v3/channels", _youtube_channels)],
    "pinterest": [("/v5/user_account", _pinterest_account)],
    "snapchat": [("/v1/me", _snapchat_me), ("/v1/organizations/{org_id}/public_profiles", _snapchat_public_profiles)],
    "reddit": [("/api/v1/me", _reddit_me)],
    "threads": [("/v1.0/me", _threads_me), ("/v1.0/{user_id}/threads_insights", _threads_insights)],
}


def _avatar(request: Request) -> Response:
    """A generated initials avatar, so demo pictures load without the internet."""
    handle = request.path_params["handle"].removesuffix(".svg")
    initials = escape(handle.strip("@._-")[:2].upper() or "?")
    hue = sum(handle.encode()) % 360
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" '
           f'fill="hsl({hue},55%,45%)"/><text x="100" y="125" font-size="80" text-anchor="middle" fill="#fff" '
           f'font-family="sans-serif">{initials}</text></svg>')
    return Response(svg, media_type="image/svg+xml")


def add_profile_routes(router: APIRouter, network: str) -> None:
    def bind(handler: Handler):
        # A Page token reads the IG user node it speaks for (followers), as on Graph; nothing else here.
        kinds = ("access", "page") if handler is _instagram_user else ("access",)

        def endpoint(request: Request) -> Response:
            profiles = _granted_profiles(network, request, kinds)
            if profiles is None:
                status, body = _UNAUTHORIZED[network]
                return JSONResponse(body, status_code=status)
            answer = handler(profiles, request)
            if answer is None:
                return JSONResponse({"error": "not_found", "message": "Unknown object."}, status_code=404)
            return JSONResponse(answer)
        return endpoint

    for path, handler in ROUTES[network]:
        router.add_api_route(f"/{network}{path}", bind(handler), methods=["GET"])
    router.add_api_route(f"/{network}/avatar/{{handle}}", _avatar, methods=["GET"])

