"""Media, threads and first comments on X, LinkedIn and Reddit, adapter and simulator together: every kind
of post goes up, is listed, grows and is deleted; the networks' media rules refuse what they refuse; and
failures during upload or create come back as the error kinds a publisher acts on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import time_machine
from PIL import Image

from allin_app.core.clock import utcnow
from allin_app.platforms.base import AuthExpired, ContentRejected, NotFound, RateLimited, Transient
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.linkedin import LinkedInAdapter
from allin_app.platforms.reddit import RedditAdapter
from allin_app.platforms.simulator import faults, store
from allin_app.platforms.twitter import TwitterAdapter
from tests.platforms.media_files import broken, described, image, video
from tests.platforms.test_publish_contract import connect, fresh

TEXT = "Fresh Ethiopian beans in today.\nCome by for a pour-over, first cup is on us."
ALT = "A latte with a fern drawn in the foam"
MB = 1024 * 1024
KINDS = {"twitter": ("image", "images", "gif", "video"), "linkedin": ("image", "images", "video"),
         "reddit": ("image", "images", "video")}
CREATE_PATHS = {"twitter": "/2/tweets", "linkedin": "/rest/posts", "reddit": "/api/submit"}
COMMENT_PATHS = {"twitter": "/2/tweets", "linkedin": "/comments", "reddit": "/api/comment"}
NETWORKS = tuple(KINDS)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch) -> list[float]:
    """The adapters pause between status polls; here they note the pause instead of sleeping."""
    pauses: list[float] = []
    for adapter in (TwitterAdapter, LinkedInAdapter, RedditAdapter):
        monkeypatch.setattr(adapter, "pause", staticmethod(pauses.append))
    return pauses


@contextmanager
def on_request(sim, path_end: str, action: Callable[[], None], *, method: str = "POST", nth: int = 1) -> Iterator[None]:
    """Run `action` just before the `nth` request whose path ends with `path_end` leaves the client."""
    seen: list[httpx.Request] = []

    def hook(request: httpx.Request) -> None:
        if request.method == method and request.url.path.endswith(path_end):
            seen.append(request)
            if len(seen) == nth:
                action()

    sim.event_hooks["request"].append(hook)
    try:
        yield
    finally:
        sim.event_hooks["request"].remove(hook)


def media_for(kind: str, files: Path) -> tuple[MediaFile, ...]:
    if kind == "image":
        return (described(image(files, "latte.jpg", (1080, 1350)), alt_text=ALT),)
    if kind == "images":
        return tuple(described(image(files, f"cup{n}.png", (1200, 1200)), alt_text=f"{ALT} {n}") for n in range(3))
    if kind == "gif":
        return (described(image(files, "pour.gif", (480, 480)), alt_text=ALT),)
    return (described(video(files, "barista.mp4", seconds=12, size=(1280, 720))),)


def stored(network: str, post_id: str) -> dict:
    return store.get_post(network, post_id)


@pytest.mark.parametrize("network, kind", [(n, k) for n in NETWORKS for k in KINDS[n]])
def test_each_kind_publishes_lists_grows_and_deletes(sim, files, network, kind):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, network)
        media = media_for(kind, files)
        post = adapter.publish(tokens, profile, PostContent(text=TEXT, media=media))
        assert post.external_id and post.url.startswith("https://") and post.text == TEXT

        assert [(p.external_id, p.text) for p in adapter.recent_posts(tokens, profile)] == [(post.external_id, TEXT)]
        kept = stored(network, post.external_id)["extra"]["media"]
        assert [item["kind"] for item in kept] == [m.kind for m in media]
        if network != "reddit" or kind == "images":  # Reddit has no alt text; a gallery's captions carry it
            assert [item["alt_text"] for item in kept] == [m.alt_text for m in media]

        traveller.shift(timedelta(minutes=5))
        early = adapter.post_metrics(tokens, profile, post.external_id)
        traveller.shift(timedelta(hours=6))
        tokens = fresh(adapter, tokens)
        later = adapter.post_metrics(tokens, profile, post.external_id)
        assert later.likes > early.likes
        if kind == "video" and network != "reddit":  # Reddit reports no video views
            assert later.video_views > early.video_views > 0
        else:
            assert later.video_views == 0

        adapter.delete_post(tokens, profile, post.external_id)
        assert adapter.recent_posts(tokens, profile) == []
        with pytest.raises(NotFound):
            adapter.post_metrics(tokens, profile, post.external_id)


@pytest.mark.parametrize("network, waits, status_path", [
    ("twitter", 2, "/2/media/upload"),  # finalize says pending, then one STATUS says in progress
    ("linkedin", 1, "/rest/videos/"),  # one GET says PROCESSING
])
def test_videos_are_polled_until_processed(sim, files, no_waiting, network, waits, status_path):
    adapter, tokens, profile = connect(sim, network)
    adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("video", files)))
    polls = [c for c in store.call_log(network) if c["method"] == "GET" and status_path in c["path"]]
    assert len(no_waiting) == waits and len(polls) == 2


@pytest.mark.parametrize("network", NETWORKS)
def test_first_comment_lands_under_the_post(sim, files, network):
    adapter, tokens, profile = connect(sim, network)
    content = PostContent(text=TEXT, media=media_for("image", files), first_comment="The menu: bloom.example/menu")
    post = adapter.publish(tokens, profile, content)
    assert post.first_comment_id and post.warning is None
    if network == "twitter":  # a reply from the same account
        assert stored(network, post.first_comment_id)["extra"]["reply_to"] == post.external_id
    else:
        assert [c["text"] for c in stored(network, post.external_id)["extra"]["comments"]] == [content.first_comment]


@pytest.mark.parametrize("network", NETWORKS)
def test_a_failing_first_comment_is_a_warning_and_the_post_stays(sim, files, network):
    adapter, tokens, profile = connect(sim, network)
    content = PostContent(text=TEXT, media=media_for("image", files), first_comment="See the comments")
    nth = 2 if network == "twitter" else 1  # on X the comment is the second POST /2/tweets
    with on_request(sim, COMMENT_PATHS[network], lambda: faults.inject(network, "5xx"), nth=nth):
        post = adapter.publish(tokens, profile, content)
    assert post.first_comment_id is None and "first comment failed" in post.warning
    assert [p.external_id for p in adapter.recent_posts(tokens, profile)] == [post.external_id]


def test_x_thread_is_chained_by_replies(sim, files):
    adapter, tokens, profile = connect(sim, "twitter")
    parts = [PostContent(text="Three things about our new roast, a thread."),
             PostContent(text="1. It is roasted on Tuesdays.", media=media_for("image", files)),
             PostContent(text="2. It tastes of cherries.")]
    posts = adapter.publish_thread(tokens, profile, parts)
    assert [stored("twitter", p.external_id)["extra"]["reply_to"] for p in posts] == [
        None, posts[0].external_id, posts[1].external_id]

    timeline = sim.get(f"/sim/twitter/2/users/{profile}/tweets", params={"tweet.fields": "attachments,referenced_tweets"},
                       headers={"Authorization": f"Bearer {tokens.access_token}"}).json()["data"]
    middle = next(t for t in timeline if t["id"] == posts[1].external_id)
    assert middle["attachments"]["media_keys"][0].startswith("3_")
    assert middle["referenced_tweets"] == [{"type": "replied_to", "id": posts[0].external_id}]


def bmp(files: Path) -> MediaFile:
    path = files / "menu.bmp"
    Image.new("RGB", (800, 600), (200, 200, 200)).save(path, "BMP")
    return described(path)


def unreadable(files: Path) -> MediaFile:
    """A truncated JPEG that AllIN took for a good one: only the network finds out."""
    path = broken(files)
    return MediaFile(path=path, kind="image", mime="image/jpeg", size=path.stat().st_size, width=1080, height=1080)


def too_many(files: Path, count: int) -> tuple[MediaFile, ...]:
    return tuple(described(image(files, f"many{n}.jpg", (600, 600))) for n in range(count))


REFUSALS = [
    ("twitter", "wrong format", lambda f: (bmp(f),), "is BMP; it takes"),
    ("twitter", "too big", lambda f: (described(image(f, "big.jpg", pad_to=6 * MB)),), r"is 6 MB; the limit is 5 MB"),
    ("twitter", "too long", lambda f: (described(video(f, "long.mp4", seconds=150)),), r"lasts 2 min 30 s; the maxi"),
    ("twitter", "too many", lambda f: too_many(f, 5), "5 images; at most 4 per post"),
    ("twitter", "gif and images", lambda f: (*media_for("gif", f), *media_for("image", f)), "a GIF must be alone"),
    ("twitter", "broken", lambda f: (unreadable(f),), "network can read"),
    ("linkedin", "wrong format", lambda f: (described(image(f, "menu.webp")),), "is WEBP; it takes"),
    ("linkedin", "too big", lambda f: (described(image(f, "big.png", pad_to=21 * MB)),), "is 21 MB; the limit is 20"),
    ("linkedin", "too long", lambda f: (described(video(f, "long.mp4", seconds=1860)),), "lasts 31 min; the maxi"),
    ("linkedin", "too many", lambda f: too_many(f, 21), "21 images; at most 20 per post"),
    ("linkedin", "broken", lambda f: (unreadable(f),), "network can read"),
    ("reddit", "wrong format", lambda f: (described(image(f, "menu.webp")),), "is WEBP; it takes"),
    ("reddit", "too big", lambda f: (described(image(f, "big.jpg", pad_to=21 * MB)),), "exceeds the maximum allowed"),
    ("reddit", "too long", lambda f: (described(video(f, "long.mp4", seconds=960)),), "lasts 16 min; the maximum"),
    ("reddit", "too many", lambda f: too_many(f, 21), "21 images; at most 20 per post"),
    ("reddit", "broken", lambda f: (unreadable(f),), "network can read"),
]


@pytest.mark.parametrize("network, rule, make, reason", REFUSALS, ids=[f"{n}-{r}" for n, r, _, _ in REFUSALS])
def test_media_breaking_a_rule_is_refused_naming_it(sim, files, network, rule, make, reason):
    adapter, tokens, profile = connect(sim, network)
    with pytest.raises(ContentRejected, match=reason):
        adapter.publish(tokens, profile, PostContent(text=TEXT, media=make(files)))
    assert adapter.recent_posts(tokens, profile) == []


UPLOAD_PATHS = {"twitter": "/2/media/upload", "linkedin": "/rest/images", "reddit": "/api/media/asset.json"}
FAULTS = [("5xx", Transient), ("timeout", Transient), ("429", RateLimited)]


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("stage", ["upload", "create"])
@pytest.mark.parametrize("fault, kind", FAULTS, ids=[f for f, _ in FAULTS])
def test_failures_during_upload_or_create_publish_nothing(sim, files, network, stage, fault, kind):
    adapter, tokens, profile = connect(sim, network)
    path = UPLOAD_PATHS[network] if stage == "upload" else CREATE_PATHS[network]
    with on_request(sim, path, lambda: faults.inject(network, fault)), pytest.raises(kind):
        adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("image", files)))
    assert adapter.recent_posts(tokens, profile) == []
    adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("image", files)))  # a retry goes through
    assert len(adapter.recent_posts(tokens, profile)) == 1


@pytest.mark.parametrize("network", NETWORKS)
def test_lost_reply_on_create_is_transient_but_the_post_exists(sim, files, network):
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, "drop_reply")  # waits past the uploads for the create
    with pytest.raises(Transient):
        adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("video", files)))
    assert [p.text for p in adapter.recent_posts(tokens, profile)] == [TEXT]


MID_UPLOAD = {"twitter": ("/append", "POST"), "linkedin": ("/0", "PUT"), "reddit": ("/api/media/asset.json", "POST")}


@pytest.mark.parametrize("network", NETWORKS)
def test_a_token_expiring_during_the_upload_is_auth_expired(sim, files, network):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, network)
        path, method = MID_UPLOAD[network]
        expire = lambda: traveller.move_to(tokens.expires_at + timedelta(seconds=1))
        with on_request(sim, path, expire, method=method), pytest.raises(AuthExpired):
            adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("video", files)))


def test_x_media_needs_the_media_write_scope(sim, files, monkeypatch):
    monkeypatch.setattr(TwitterAdapter, "default_scopes", ("tweet.read", "tweet.write", "users.read", "offline.access"))
    adapter, tokens, profile = connect(sim, "twitter")
    with pytest.raises(AuthExpired) as refused:
        adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("image", files)))
    assert refused.value.code == "missing_scope"
    answer = sim.post("/sim/twitter/2/media/upload/initialize", headers={"Authorization": f"Bearer {tokens.access_token}"},
                      json={"media_type": "video/mp4", "total_bytes": 1000, "media_category": "tweet_video"})
    assert answer.status_code == 403 and "media.write" in answer.json()["detail"]


def _x_upload(sim, token: str, path: Path) -> str:
    answer = sim.post("/sim/twitter/2/media/upload", headers={"Authorization": f"Bearer {token}"},
                      data={"media_category": "tweet_image"}, files={"media": (path.name, path.read_bytes())})
    return answer.json()["data"]["id"]


def test_x_media_ids_are_used_once_only_by_their_owner_and_expire(sim, files):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, _ = connect(sim, "twitter")
        bearer = {"Authorization": f"Bearer {tokens.access_token}"}
        used = _x_upload(sim, tokens.access_token, image(files, "once.jpg"))
        assert sim.post("/sim/twitter/2/tweets", headers=bearer, json={"media": {"media_ids": [used]}}).status_code == 201
        again = sim.post("/sim/twitter/2/tweets", headers=bearer, json={"text": "again", "media": {"media_ids": [used]}})
        assert again.status_code == 400 and again.json()["detail"] == "Your media IDs are invalid."

        store.create_media("twitter", "someone-else", "4242", state="ready", extra={"media_key": "3_4242"})
        foreign = sim.post("/sim/twitter/2/tweets", headers=bearer, json={"text": "theirs", "media": {"media_ids": ["4242"]}})
        assert foreign.status_code == 400

        session = sim.post("/sim/twitter/2/media/upload/initialize", headers=bearer, json={
            "media_type": "video/mp4", "total_bytes": 1000, "media_category": "tweet_video"}).json()["data"]
        assert session["expires_after_secs"] == 86_400
        traveller.shift(timedelta(hours=25))
        late = adapter.refresh(tokens)
        answer = sim.post(f"/sim/twitter/2/media/upload/{session['id']}/finalize",
                          headers={"Authorization": f"Bearer {late.access_token}"})
        assert answer.status_code == 400 and "expired" in answer.json()["detail"]


def test_x_refuses_a_reply_to_a_deleted_post(sim):
    adapter, tokens, profile = connect(sim, "twitter")
    first = adapter.publish(tokens, profile, PostContent(text="A post that goes away"))
    adapter.delete_post(tokens, profile, first.external_id)
    with pytest.raises(ContentRejected, match="deleted"):
        adapter.publish(tokens, profile, PostContent(text="A reply", reply_to=first.external_id))


def test_reddit_posts_go_to_the_chosen_subreddit_with_their_title(sim, files):
    adapter, tokens, profile = connect(sim, "reddit")
    options = {"subreddit": "coffee"}
    text_post = adapter.publish(tokens, profile, PostContent(text="Our roasting notes", title="Roast day", options=options))
    gallery = adapter.publish(tokens, profile, PostContent(text="", title="The new cups", options=options,
                                                           media=media_for("images", files)))
    for post, title in ((text_post, "Roast day"), (gallery, "The new cups")):
        extra = stored("reddit", post.external_id)["extra"]
        assert (extra["sr"], extra["title"]) == ("coffee", title)
    assert stored("reddit", text_post.external_id)["text"] == "Our roasting notes"


def test_linkedin_video_views_need_r_organization_social(sim, files):
    adapter, tokens, profile = connect(sim, "linkedin")
    post = adapter.publish(tokens, profile, PostContent(text=TEXT, media=media_for("video", files)))
    assert post.external_id.startswith("urn:li:ugcPost:")
    with time_machine.travel(utcnow() + timedelta(hours=3)):
        assert adapter.post_metrics(tokens, profile, post.external_id).video_views > 0
        narrower = replace(tokens, scopes=tuple(s for s in tokens.scopes if s != "r_organization_social"))
        assert adapter.post_metrics(narrower, profile, post.external_id).video_views == 0
